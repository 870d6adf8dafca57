//! Exercise 18 — The capstone: your block_on, executor, Sleep and reactor, one runtime.
//! (Solution.)

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
        // The runtime's view of main's wakes: a task that wakes main must keep the next turn
        // from sleeping.
        let (main, woken) = Woken::watch(main);
        let handle = self.handle.clone();
        let os = self.os.clone();
        // Exercise 4's block_on parks only while main has not been woken; each park is one
        // turn of the scheduler loop.
        let mut parker = Parker::driven(move || turn(&handle, &os, &woken));
        block_on(&mut parker, main)
    }
}

impl Handle {
    /// Queues `task` on the executor.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        self.executor.borrow_mut().spawn(task);
    }

    /// A future that completes `ticks` from now.
    pub fn sleep(&self, ticks: Tick) -> Sleep {
        Sleep::new(&self.timers, self.timers.now() + ticks)
    }

    /// The next chunk from `socket`, or `None` once the peer has closed it.
    pub fn read(&self, socket: SocketId) -> e10_reactor::Read {
        e10_reactor::read(&self.reactor, socket)
    }
}

/// One turn of the scheduler loop (Tokio's `CoreGuard::block_on` loop body, then
/// `Context::park`): run the ready tasks, then turn the drivers, time over I/O.
fn turn(handle: &Handle, os: &Os, main: &Woken) {
    // 1. Every ready task, until the ready queue is empty.
    handle.executor.borrow_mut().run();
    // 2. How long the thread may sleep: not at all if main was woken meanwhile (Tokio's
    //    `has_pending_work`); else until the next timer; else until I/O comes.
    let timeout = if main.get() {
        Some(0)
    } else {
        handle
            .timers
            .next_deadline()
            .map(|deadline| deadline.saturating_sub(os.now()))
    };
    // 3. The I/O driver: sleep in epoll_wait, then hand each readiness event to the reactor,
    //    which wakes the task that registered interest.
    for event in os.epoll_wait(timeout) {
        match event {
            IoEvent::Readable { socket, data } => handle.reactor.deliver(socket, data),
            IoEvent::Closed { socket } => handle.reactor.close(socket),
        }
    }
    // 4. The time driver: fire every timer that is due now.
    handle.timers.process();
}
