//! The machine a runtime of your own runs on (exercise 18): a virtual clock, an operating
//! system whose sockets receive data at scripted times, and `epoll_wait`, the call in which
//! the thread sleeps until I/O comes or its timeout passes.
//!
//! This is the bottom of Tokio's driver stack, simulated: mio's `Poll::poll` (epoll_wait on
//! Linux) with a timeout. Everything above it is the learner's: the time driver asks the
//! timers for the next deadline and sleeps in the I/O driver at most that long, the I/O driver
//! hands each readiness event to the reactor, then the time driver fires what is due.
//!
//! Time is virtual and moves only while the thread sleeps, so a run is the same natively and
//! in the browser, every step is in the probe's trace, and the two ways a runtime can get
//! sleeping wrong stop the check with an explanation instead of hanging it: spinning (the
//! clock never moves) and sleeping with no timeout when nothing will ever come.

use super::fail;
use super::probe::{Probe, ProbedTask, ReadyQueue};
use super::timers::Timers;
use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::sync::Arc;
use alloc::task::Wake;
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use core::task::{Context, Poll, Waker};
use runtime_core::trace::{Event, Text, WakeSource};
use runtime_core::{EventRecord, SocketId, Tick};

/// A socket, by index (the same ids as exercise 10's reactor).
pub type Socket = usize;

/// Virtual time in ticks (1 tick = 1 ms), shared by everything on the machine. Only the OS
/// moves it: time passes while the thread sleeps.
#[derive(Clone, Debug, Default)]
pub struct Clock(Arc<AtomicU64>);

impl Clock {
    /// Now.
    pub fn now(&self) -> Tick {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self, t: Tick) {
        self.0.store(t, Ordering::Release);
    }
}

/// What `epoll_wait` reports about a socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoEvent {
    /// `data` arrived on `socket`: hand it to the reactor (`deliver`).
    Readable { socket: Socket, data: String },
    /// The peer closed `socket`: no more data will come (`close`).
    Closed { socket: Socket },
}

impl IoEvent {
    /// The socket it is about.
    pub fn socket(&self) -> Socket {
        match self {
            IoEvent::Readable { socket, .. } | IoEvent::Closed { socket } => *socket,
        }
    }
}

/// What a runtime is built from (given to exercise 18's `Runtime::new`).
#[derive(Debug)]
pub struct Machine {
    /// The ready queue for your executor (the lab watches what goes into it).
    pub queue: ReadyQueue,
    /// The timer service your `Sleep`s register with; the time driver's data.
    pub timers: Timers,
    /// The operating system: its sockets, and `epoll_wait`.
    pub os: Os,
}

/// How the thread slept in one call (for the checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitKind {
    /// `epoll_wait`: sleeps until I/O or the timeout.
    Epoll,
    /// `sleep`: sleeps the whole time, I/O or not.
    Sleep,
}

/// One call in which the thread could sleep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    pub kind: WaitKind,
    /// When it was called and when it returned.
    pub from: Tick,
    pub to: Tick,
    /// The timeout asked for (`None`: no limit). For `sleep`, the ticks.
    pub timeout: Option<Tick>,
    /// How many I/O events it returned.
    pub events: usize,
    /// The earliest timer that had not fired when it was called.
    pub next_timer: Option<Tick>,
    /// The earliest I/O that had arrived and was not yet reported when it returned (a `sleep`
    /// leaves it in the kernel).
    pub io_left: Option<Tick>,
    /// How many tasks (not counting `main`) were woken and not yet polled when it was called:
    /// ready to run.
    pub ready: usize,
}

/// After this many calls in a row that neither moved the clock nor reported anything, the
/// runtime is spinning.
pub const SPIN: u32 = 1_000;

/// The clock never goes past this (10 s): a runtime that sleeps far too long stops here.
pub const MAX_TIME: Tick = 10_000;

#[derive(Debug)]
struct OsState {
    clock: Clock,
    probe: Probe,
    timers: Timers,
    io: Rc<Cell<u32>>,
    sockets: Vec<String>,
    /// What will arrive, in time order.
    script: RefCell<VecDeque<(Tick, IoEvent)>>,
    waits: RefCell<Vec<Wait>>,
    /// Calls in a row that did nothing.
    idle: Cell<u32>,
}

/// The operating system: sockets that receive data at scripted times, and the calls in which
/// a thread sleeps. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Os {
    state: Rc<OsState>,
}

impl Os {
    /// Now.
    pub fn now(&self) -> Tick {
        self.state.clock.now()
    }

    /// How many sockets the program has (ids 0, 1, ...): register each with the reactor.
    pub fn sockets(&self) -> usize {
        self.state.sockets.len()
    }

    /// Sleeps until I/O arrives or `timeout` ticks have passed, whichever comes first, and
    /// returns every I/O event that happened by then, oldest first (mio's `Poll::poll`, which
    /// is `epoll_wait` on Linux). `Some(0)` only looks; `None` waits for I/O however long it
    /// takes.
    pub fn epoll_wait(&self, timeout: Option<Tick>) -> Vec<IoEvent> {
        let s = &self.state;
        let now = self.now();
        let ready = self.ready();
        let next_io = s.script.borrow().front().map(|(t, _)| (*t).max(now));
        let until = match (timeout, next_io) {
            (Some(d), Some(io)) => now.saturating_add(d).min(io),
            (Some(d), None) => now.saturating_add(d),
            (None, Some(io)) => io,
            (None, None) => self.forever(),
        };
        self.advance(until);
        let mut events = Vec::new();
        {
            let mut script = s.script.borrow_mut();
            while script.front().is_some_and(|(t, _)| *t <= until) {
                let (_, event) = script.pop_front().expect("looked at it");
                match &event {
                    IoEvent::Readable { socket, data } => s.probe.record(Event::IoReady {
                        socket: SocketId(*socket as u32),
                        bytes: u32::try_from(data.len()).unwrap_or(u32::MAX),
                    }),
                    IoEvent::Closed { socket } => s.probe.record(Event::Print {
                        task: None,
                        text: Text::from(format!("the peer closed socket {socket}").as_str()),
                    }),
                }
                events.push(event);
            }
        }
        s.io.set(s.io.get() + events.len() as u32);
        // Wakes during the delivery that follows come from this socket's readiness.
        let first = events.first().map(IoEvent::socket);
        let one_socket = first.filter(|f| events.iter().all(|e| e.socket() == *f));
        s.probe
            .set_driver(one_socket.map(|f| WakeSource::Io(SocketId(f as u32))));
        self.log(WaitKind::Epoll, now, timeout, events.len(), ready);
        events
    }

    /// Sleeps `ticks`, whatever happens meanwhile: I/O that arrives stays in the kernel until
    /// the next `epoll_wait`. (What a runtime without an I/O driver does: Tokio parks such a
    /// thread on a condition variable, `ParkThread`.)
    pub fn sleep(&self, ticks: Tick) {
        let now = self.now();
        let ready = self.ready();
        self.advance(now.saturating_add(ticks));
        self.log(WaitKind::Sleep, now, Some(ticks), 0, ready);
    }

    /// Tasks woken and not yet polled, `main` aside.
    fn ready(&self) -> usize {
        self.state
            .probe
            .runnable()
            .iter()
            .filter(|n| *n != MAIN)
            .count()
    }

    fn advance(&self, to: Tick) {
        let from = self.now();
        if to > MAX_TIME {
            fail(format!(
                "at t={from} your runtime slept until t={to}, past the machine's limit of \
                 t={MAX_TIME}: the lab's programs are over long before, so a sleep that long \
                 waits for nothing. The timeout is the time to the next timer (its deadline \
                 minus now), not the deadline itself."
            ));
        }
        if to > from {
            self.state.clock.set(to);
            self.state.probe.record(Event::ClockAdvanced { from, to });
        }
    }

    fn log(&self, kind: WaitKind, from: Tick, timeout: Option<Tick>, events: usize, ready: usize) {
        let s = &self.state;
        let to = self.now();
        let wait = Wait {
            kind,
            from,
            to,
            timeout,
            events,
            next_timer: s.timers.next_deadline(),
            io_left: s
                .script
                .borrow()
                .front()
                .map(|(t, _)| *t)
                .filter(|t| *t <= to),
            ready,
        };
        s.waits.borrow_mut().push(wait);
        if to == from && events == 0 {
            s.idle.set(s.idle.get() + 1);
            if s.idle.get() >= SPIN {
                self.spin();
            }
        } else {
            s.idle.set(0);
        }
    }

    fn spin(&self) -> ! {
        let now = self.now();
        let next = self
            .state
            .timers
            .next_deadline()
            .map(|d| format!(" The next timer is due at t={d}."))
            .unwrap_or_default();
        fail(format!(
            "your runtime went round its loop {SPIN} times at t={now} without sleeping and \
             without any I/O coming: it spins instead of parking.{next} (A spinning runtime \
             would get there in real time, burning a core; here time moves only while the \
             thread sleeps, so it never does.) When no task is ready and block_on's future has \
             not been woken, sleep in epoll_wait until the next timer: its deadline minus now \
             as the timeout, or no timeout when no timer is pending."
        ))
    }

    /// `epoll_wait(None)` with no I/O to come: the thread would never wake.
    fn forever(&self) -> ! {
        let s = &self.state;
        let now = self.now();
        let mut why = format!(
            "at t={now} your runtime called epoll_wait with no timeout, and no I/O will ever \
             come: the thread would sleep forever."
        );
        let mut explained = false;
        let ready: Vec<String> = s
            .probe
            .runnable()
            .into_iter()
            .filter(|n| n != MAIN)
            .collect();
        if !ready.is_empty() {
            explained = true;
            why.push_str(&format!(
                " Tasks {ready:?} were woken and have not run since: they are in the ready \
                 queue, and a turn must not sleep while a task is ready (Tokio's \
                 `has_pending_work` looks at the run queue first). Did the timers fire before \
                 the sleep? Fire them after it (`process` after `epoll_wait`): the tasks they \
                 wake then run at the start of the next turn, before it sleeps again."
            ));
        }
        if let Some(d) = s.timers.next_deadline() {
            explained = true;
            why.push_str(&format!(
                " A timer is due at t={d}: park with a timeout, the time to the next timer \
                 (its deadline minus now), as Tokio's time driver does before it parks in the \
                 I/O driver."
            ));
            let earlier = s.waits.borrow().iter().find_map(|w| {
                w.next_timer
                    .filter(|&d| w.timeout.is_none() && w.from <= d && w.to > d)
                    .map(|d| (w.from, w.to, d))
            });
            if let Some((from, to, d)) = earlier {
                why.push_str(&format!(
                    " Earlier it already slept in epoll_wait with no timeout from t={from} to \
                     t={to}, past a timer due at t={d}, which fired late."
                ));
            }
        }
        if s.probe.runnable().iter().any(|n| n == MAIN) {
            explained = true;
            why.push_str(
                " `main`, the future given to block_on, has been woken and not polled since: \
                 a turn must not sleep then, or that wake is lost. Tokio's scheduler checks its \
                 `woken` flag before it parks (`has_pending_work`) and only looks for I/O, \
                 with a zero timeout; ask the `Woken` you got from `Woken::watch`.",
            );
        }
        if !explained {
            why.push_str(&format!(
                " No timer is pending and nothing woke `main`: the tasks still waiting, {:?}, \
                 have nothing left that could wake them. A wake was lost: an I/O event that \
                 epoll_wait returned and the reactor never got (`deliver` for data, `close` \
                 for a closed socket), or a waker a piece did not keep.",
                s.probe.unfinished()
            ));
        }
        fail(why)
    }
}

/// The name the probe gives the future handed to `block_on`.
pub const MAIN: &str = "main";

/// Tokio's `woken` flag of `block_on`'s future: set by its waker, cleared just before it is
/// polled. The scheduler reads it before parking: if the future was woken (by a task that ran
/// just now), the thread must not sleep. Your exercise-4 `block_on` keeps a flag of its own,
/// out of the runtime's sight; this one is the runtime's.
#[derive(Clone, Debug, Default)]
pub struct Woken(Arc<AtomicBool>);

impl Woken {
    /// Wraps `future` so that its wakes set the flag (and still reach its own waker).
    pub fn watch<F: Future>(future: F) -> (Watched<F>, Woken) {
        let woken = Woken::default();
        (
            Watched {
                future: Box::pin(future),
                woken: woken.clone(),
            },
            woken,
        )
    }

    /// Whether the future was woken since it was last polled.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// A future whose wakes set a [`Woken`] flag.
pub struct Watched<F: Future> {
    future: Pin<Box<F>>,
    woken: Woken,
}

impl<F: Future> core::fmt::Debug for Watched<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Watched")
            .field("woken", &self.woken.get())
            .finish()
    }
}

struct SetsFlag {
    inner: Waker,
    woken: Woken,
}

impl Wake for SetsFlag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.0.store(true, Ordering::Release);
        self.inner.wake_by_ref();
    }
}

impl<F: Future> Future for Watched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // Tokio's `reset_woken` before each poll: a wake from now on asks for another.
        self.woken.0.store(false, Ordering::Release);
        let waker = Waker::from(Arc::new(SetsFlag {
            inner: cx.waker().clone(),
            woken: self.woken.clone(),
        }));
        self.future.as_mut().poll(&mut Context::from_waker(&waker))
    }
}

/// A line the program printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub at: Tick,
    /// The task that printed it (`main` for block_on's future).
    pub task: String,
    pub text: String,
}

/// The check's side of the machine: makes it, runs the program's tasks through the probe,
/// and reads what happened.
#[derive(Debug)]
pub struct Lab {
    probe: Probe,
    os: Os,
    output: Rc<RefCell<Vec<Line>>>,
}

impl Lab {
    /// A machine with the named sockets (ids 0, 1, ... in this order) and the I/O that will
    /// arrive on them, at the given times.
    pub fn new(sockets: &[&str], script: Vec<(Tick, IoEvent)>) -> (Lab, Machine) {
        let clock = Clock::default();
        let probe = Probe::timed(&clock);
        let io = Rc::new(Cell::new(0));
        let timers = Timers::on_machine(&clock, &probe, io.clone());
        for (i, name) in sockets.iter().enumerate() {
            probe.record(Event::SocketCreated {
                socket: SocketId(i as u32),
                name: Text::from(*name),
            });
        }
        let mut script = script;
        script.sort_by_key(|(t, _)| *t);
        let os = Os {
            state: Rc::new(OsState {
                clock,
                probe: probe.clone(),
                timers: timers.clone(),
                io,
                sockets: sockets.iter().map(|s| (*s).to_string()).collect(),
                script: RefCell::new(script.into()),
                waits: RefCell::default(),
                idle: Cell::new(0),
            }),
        };
        let machine = Machine {
            queue: probe.queue(),
            timers,
            os: os.clone(),
        };
        let lab = Lab {
            probe,
            os,
            output: Rc::default(),
        };
        (lab, machine)
    }

    /// Wraps a task of the program for the executor (ready-queue ids 0, 1, ... in this order).
    pub fn task(&self, name: &str, future: impl Future<Output = ()> + 'static) -> ProbedTask {
        self.probe.task(name, future)
    }

    /// Wraps the future given to `block_on` (named [`MAIN`]).
    pub fn main(&self, future: impl Future<Output = ()> + 'static) -> ProbedTask {
        self.probe.outside(MAIN, future)
    }

    /// Something that prints lines for the program's tasks (cheap to clone into them).
    pub fn printer(&self) -> Printer {
        Printer {
            probe: self.probe.clone(),
            clock: self.os.state.clock.clone(),
            output: self.output.clone(),
        }
    }

    /// What the program printed, in order.
    pub fn output(&self) -> Vec<Line> {
        self.output.borrow().clone()
    }

    /// Every call in which the thread could sleep, in order.
    pub fn waits(&self) -> Vec<Wait> {
        self.os.state.waits.borrow().clone()
    }

    /// Now.
    pub fn now(&self) -> Tick {
        self.os.now()
    }

    /// The probe (polls, wakes, unwoken polls).
    pub fn probe(&self) -> &Probe {
        &self.probe
    }

    /// The whole run as a trace.
    pub fn trace(&self) -> Vec<EventRecord> {
        self.probe.trace()
    }
}

/// Prints a line of the program's output, from inside a task.
#[derive(Clone, Debug)]
pub struct Printer {
    probe: Probe,
    clock: Clock,
    output: Rc<RefCell<Vec<Line>>>,
}

impl Printer {
    /// Prints `text` as the running task.
    pub fn print(&self, text: &str) {
        let task = self.probe.running_name().unwrap_or_default();
        self.probe.print(text);
        self.output.borrow_mut().push(Line {
            at: self.clock.now(),
            task,
            text: text.to_string(),
        });
    }
}
