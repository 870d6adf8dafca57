//! Exercise 18 — The capstone: your block_on, executor, Sleep and reactor, one runtime.
//!
//! Goal: assemble the pieces you wrote into one runtime that runs a small real program — a
//! task that ticks on a timer, and one that sleeps, then reads a socket until the peer closes
//! it — with every line printed at the right virtual time.
//!
//! The pieces are yours: this file uses your `block_on` (exercise 4), `Executor` (5), `Sleep`
//! (9) and `Reactor` (10) from `src/exercises/`. The checks run those exercises' own checks
//! first, and if one of them fails they say which piece to fix before anything else.
//!
//! What you write is the glue:
//!
//! * `Handle::spawn`, `Handle::sleep`, `Handle::read`: what tasks call, each one line over a
//!   piece.
//! * `Runtime::block_on`: your exercise-4 `block_on`, over a `Parker` whose `park()` is one
//!   `turn` of this runtime. `block_on` parks only while `main` has not been woken, so it calls
//!   `turn` until something wakes `main`.
//! * `turn`, one round of the scheduler loop, in Tokio's order: run every ready task; then
//!   turn the drivers, time over I/O: work out how long the thread may sleep (not at all if
//!   `main` was woken meanwhile; else until the next timer; else until I/O comes), sleep in
//!   `os.epoll_wait(timeout)` and hand each I/O event to the reactor, then fire the timers that
//!   are due (`timers.process()`).
//!
//! Time is virtual: it moves only while the thread sleeps in `epoll_wait`. A runtime that never
//! sleeps spins at t=0 forever; one that sleeps with no timeout while a timer is pending, or
//! while `main` is woken, never wakes up. Both stop the check with an explanation.
//!
//! Lesson: `exercises/lessons/e18_capstone.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e18`

use super::e04_block_on::block_on;
use super::e05_executor::Executor;
use super::e09_sleep::Sleep;
use super::e10_reactor::{self, Reactor, SocketId};
use crate::support::machine::{IoEvent, Machine, Os, Woken};
use crate::support::parker::Parker;
use crate::support::timers::Timers;
use core::cell::RefCell;
use core::future::Future;
use runtime_core::Tick;
use std::rc::Rc;

/// What tasks use to reach the runtime (Tokio's `Handle`): spawn, sleep, read. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    /// Your executor (exercise 5).
    executor: Rc<RefCell<Executor>>,
    /// The timers your `Sleep`s (exercise 9) register with: the time driver's data.
    timers: Timers,
    /// Your reactor (exercise 10): the I/O driver's half that tasks see.
    reactor: Rc<Reactor>,
}

/// The runtime: the handle, and the OS under the drivers.
#[derive(Debug)]
pub struct Runtime {
    handle: Handle,
    os: Os,
}

impl Runtime {
    /// A runtime on `machine`: your executor over its ready queue, your reactor with one
    /// entry per socket of its OS, its timers.
    pub fn new(machine: Machine) -> Runtime {
        let Machine { queue, timers, os } = machine;
        let reactor = Reactor::new();
        for _ in 0..os.sockets() {
            reactor.add_socket();
        }
        Runtime {
            handle: Handle {
                executor: Rc::new(RefCell::new(Executor::new(queue))),
                timers,
                reactor,
            },
            os,
        }
    }

    /// What tasks use to spawn, sleep and read.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Runs `main` to completion while the spawned tasks run beside it, and returns its output.
    pub fn block_on<F: Future>(&self, main: F) -> F::Output {
        // TODO: `Woken::watch(main)` gives main back wrapped, and the flag its wakes set (the
        //       runtime's view of main; your exercise-4 flag is private to block_on).
        // TODO: a `Parker::driven(move || ...)` whose closure calls `turn` with clones of the
        //       handle and the OS and the flag (the closure must own what it uses), then your
        //       `block_on(&mut parker, main)`.
        todo!("Runtime::block_on")
    }
}

impl Handle {
    /// Queues `task` on the executor.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        // TODO: hand it to your executor (`borrow_mut()` the RefCell).
        todo!("Handle::spawn")
    }

    /// A future that completes `ticks` from now.
    pub fn sleep(&self, ticks: Tick) -> Sleep {
        // TODO: your `Sleep::new` takes a deadline: now (`self.timers.now()`) plus `ticks`.
        todo!("Handle::sleep")
    }

    /// The next chunk from `socket`, or `None` once the peer has closed it.
    pub fn read(&self, socket: SocketId) -> e10_reactor::Read {
        // TODO: your exercise-10 `read`.
        todo!("Handle::read")
    }
}

/// One turn of the scheduler loop (Tokio's `CoreGuard::block_on` loop body, then
/// `Context::park`): run the ready tasks, then turn the drivers, time over I/O.
fn turn(handle: &Handle, os: &Os, main: &Woken) {
    // TODO 1: run every ready task (your executor's `run`).
    // TODO 2: how long may the thread sleep (`Option<Tick>`, `None`: as long as it takes)?
    //         It depends on `main` (`main.get()`), the timers (`next_deadline()`) and
    //         `os.now()`: the lesson's "When to sleep, and how long" has the three cases.
    // TODO 3: the I/O driver: `os.epoll_wait(timeout)`, and each event to the reactor:
    //         `IoEvent::Readable { socket, data }` → `deliver`, `IoEvent::Closed { socket }`
    //         → `close`.
    // TODO 4: the time driver: `handle.timers.process()` fires what is due now.
    todo!("turn")
}
