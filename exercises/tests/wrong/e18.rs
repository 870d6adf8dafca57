//! Exercise 18: runtimes assembled from the solutions' pieces with the glue written wrong —
//! one that spins, one that sleeps with no timeout while timers are pending, one that sleeps
//! past its I/O, one that fires the timers before it sleeps, one that polls `main` on every
//! turn, one that forgets `main`'s wake, one that drops the close event, one whose sleeps
//! take the ticks as a deadline, one that runs its tasks after the drivers — and a runtime
//! whose reactor piece is broken.

use core::cell::RefCell;
use core::future::Future;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use exercises::Solution;
use exercises::checks::e18_capstone::{Piece, Subject};
use exercises::solutions::e04_block_on::block_on;
use exercises::solutions::e05_executor::Executor;
use exercises::solutions::e09_sleep::Sleep;
use exercises::solutions::e10_reactor::{self, Reactor};
use exercises::support::machine::{IoEvent, Machine, Os, Woken};
use exercises::support::parker::Parker;
use exercises::support::probe::ProbedTask;
use exercises::support::timers::Timers;
use runtime_core::Tick;
use std::rc::Rc;

/// The timeout is always `Some(0)`: it never sleeps.
pub const BUSY: u8 = 1;
/// No timer pending: `Some(0)` instead of `None` (it spins while only I/O is awaited).
pub const ZERO_WITHOUT_TIMERS: u8 = 2;
/// Always `epoll_wait(None)` unless `main` was woken: it sleeps past due timers.
pub const NO_TIMEOUT: u8 = 3;
/// While a timer is pending it sleeps with `os.sleep`, never asking for I/O.
pub const SLEEP_WHILE_TIMERS: u8 = 4;
/// Fires the timers before sleeping instead of after.
pub const TIMERS_FIRST: u8 = 5;
/// Its own `block_on` loop polls `main` on every turn.
pub const POLLS_MAIN: u8 = 6;
/// Never asks whether `main` was woken.
pub const IGNORES_WOKEN: u8 = 7;
/// Hands only data to the reactor, never a close.
pub const DROPS_CLOSE: u8 = 8;
/// `sleep(ticks)` uses the ticks as the deadline.
pub const TICKS_AS_DEADLINE: u8 = 9;
/// Turns the drivers first and runs the ready tasks last.
pub const TASKS_LAST: u8 = 10;

pub struct Variant<const BUG: u8>;

#[derive(Clone)]
pub struct Handle {
    executor: Rc<RefCell<Executor>>,
    timers: Timers,
    reactor: Rc<Reactor>,
}

pub struct Runtime {
    handle: Handle,
    os: Os,
}

fn new(machine: Machine) -> Runtime {
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

fn turn<const BUG: u8>(h: &Handle, os: &Os, main: &Woken) {
    if BUG != TASKS_LAST {
        h.executor.borrow_mut().run();
    }
    if BUG == TIMERS_FIRST {
        h.timers.process();
    }
    let next = h.timers.next_deadline().map(|d| d.saturating_sub(os.now()));
    let woken = main.get() && BUG != IGNORES_WOKEN;
    let timeout = match BUG {
        _ if woken => Some(0),
        BUSY => Some(0),
        ZERO_WITHOUT_TIMERS => next.or(Some(0)),
        NO_TIMEOUT => None,
        _ => next,
    };
    let events = match (BUG, timeout) {
        (SLEEP_WHILE_TIMERS, Some(t)) => {
            os.sleep(t);
            Vec::new()
        }
        _ => os.epoll_wait(timeout),
    };
    for event in events {
        match event {
            IoEvent::Readable { socket, data } => h.reactor.deliver(socket, data),
            IoEvent::Closed { socket } if BUG != DROPS_CLOSE => h.reactor.close(socket),
            IoEvent::Closed { .. } => {}
        }
    }
    if BUG != TIMERS_FIRST {
        h.timers.process();
    }
    if BUG == TASKS_LAST {
        h.executor.borrow_mut().run();
    }
}

impl<const BUG: u8> Subject for Variant<BUG> {
    type Runtime = Runtime;
    type Handle = Handle;
    const PIECES: &'static [Piece] = <Solution as Subject>::PIECES;
    fn new(machine: Machine) -> Runtime {
        new(machine)
    }
    fn handle(rt: &Runtime) -> Handle {
        rt.handle.clone()
    }
    fn spawn(h: &Handle, task: ProbedTask) {
        h.executor.borrow_mut().spawn(task);
    }
    fn sleep(h: &Handle, ticks: Tick) -> Pin<Box<dyn Future<Output = ()>>> {
        let deadline = if BUG == TICKS_AS_DEADLINE {
            ticks
        } else {
            h.timers.now() + ticks
        };
        Box::pin(Sleep::new(&h.timers, deadline))
    }
    fn read(h: &Handle, socket: usize) -> Pin<Box<dyn Future<Output = Option<String>>>> {
        Box::pin(e10_reactor::read(&h.reactor, socket))
    }
    fn block_on<F: Future>(rt: &Runtime, main: F) -> F::Output {
        let (main, woken) = Woken::watch(main);
        let (h, os) = (rt.handle.clone(), rt.os.clone());
        if BUG == POLLS_MAIN {
            let mut main = pin!(main);
            loop {
                let mut cx = Context::from_waker(Waker::noop());
                if let Poll::Ready(v) = main.as_mut().poll(&mut cx) {
                    return v;
                }
                turn::<BUG>(&h, &os, &woken);
            }
        }
        let mut parker = Parker::driven(move || turn::<BUG>(&h, &os, &woken));
        block_on(&mut parker, main)
    }
}

/// The solution's runtime over a reactor that registers interest before it looks at its
/// buffer (exercise 10's `REGISTER_FIRST`): the capstone names the piece.
pub struct BrokenReactor;

impl Subject for BrokenReactor {
    type Runtime = <Solution as Subject>::Runtime;
    type Handle = <Solution as Subject>::Handle;
    const PIECES: &'static [Piece] = &[
        <Solution as Subject>::PIECES[0],
        <Solution as Subject>::PIECES[1],
        <Solution as Subject>::PIECES[2],
        Piece {
            exercise: "e10_reactor",
            what: "reactor",
            checks: exercises::checks::e10_reactor::Checks::<
                crate::wrong::e10::Variant<{ crate::wrong::e10::REGISTER_FIRST }>,
            >::ALL,
        },
    ];
    fn new(machine: Machine) -> Self::Runtime {
        <Solution as Subject>::new(machine)
    }
    fn handle(rt: &Self::Runtime) -> Self::Handle {
        <Solution as Subject>::handle(rt)
    }
    fn spawn(h: &Self::Handle, task: ProbedTask) {
        <Solution as Subject>::spawn(h, task);
    }
    fn sleep(h: &Self::Handle, ticks: Tick) -> Pin<Box<dyn Future<Output = ()>>> {
        <Solution as Subject>::sleep(h, ticks)
    }
    fn read(h: &Self::Handle, socket: usize) -> Pin<Box<dyn Future<Output = Option<String>>>> {
        <Solution as Subject>::read(h, socket)
    }
    fn block_on<F: Future>(rt: &Self::Runtime, main: F) -> F::Output {
        <Solution as Subject>::block_on(rt, main)
    }
}
