//! `Timers`: a small timer service for exercise 9, where the learner writes the `Sleep`.
//!
//! A runtime's timers have two halves: the **driver**, which knows the deadlines and calls the
//! stored wakers when they pass (Tokio's time driver, embassy's timer queue), and the
//! **entry** each `Sleep` owns, which registers, updates its waker and deregisters. This is
//! the driver half, as a runtime-core task named `timer driver` that sleeps until the next
//! deadline; the learner writes the entry half.
//!
//! The wakers it keeps are cloned with `Handle::clone_waker`, so the trace shows them as held
//! by the driver (`waker_cloned task=sleeper ... holder=task:timer driver`), and it counts
//! what it is asked to do so the checks can tell a Sleep that registers twice, updates its
//! waker needlessly, forgets to deregister, or keeps its entry after its timer fired.
//!
//! In exercise 18 the same service runs on the machine's clock instead
//! ([`Timers::on_machine`]): no driver task, the learner's runtime turns it, asking
//! [`Timers::next_deadline`] how long it may sleep and calling [`Timers::process`] after,
//! as Tokio's time driver does around its park.

use super::machine::Clock;
use super::probe::Probe;
use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::time::Sleep;
use runtime_core::time::wheel::{Geometry, level_for, slot_for};
use runtime_core::trace::{Event, Holder, WakeSource};
use runtime_core::{Handle, TaskId, Tick, TimerId, WorkerId, will_wake};

/// Which registration a `Sleep` owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerKey(usize);

/// What the service was asked to do (for the checks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub registrations: u32,
    pub waker_updates: u32,
    /// Timers cancelled before they fired.
    pub cancelled: u32,
    pub fired: u32,
    /// Entries registered and not yet given back with `cancel` (fired or not).
    pub held: u32,
    /// Which of them: bit `k` is set while the `k`-th timer registered (counting from 0, the
    /// first 64) is held, so a message can name the Sleep that kept its entry.
    pub held_keys: u64,
}

#[derive(Debug)]
struct Entry {
    deadline: Tick,
    waker: Option<Waker>,
    fired: bool,
}

#[derive(Debug, Default)]
struct State {
    entries: Vec<Option<Entry>>,
    /// The driver task's waker and the deadline it sleeps until.
    driver: Option<Waker>,
    planned: Option<Tick>,
}

#[derive(Debug)]
struct Inner {
    time: Time,
    state: RefCell<State>,
    stats: Rc<RefCell<Stats>>,
}

/// Where time comes from, and who fires the timers.
#[derive(Debug)]
enum Time {
    /// Exercise 9: a runtime-core runtime; the `timer driver` task fires the timers.
    Runtime { handle: Handle, driver_task: TaskId },
    /// Exercise 18: the machine's clock; the learner's runtime fires the timers
    /// ([`Timers::process`]) and the probe records what happens.
    Machine {
        clock: Clock,
        probe: Probe,
        /// The time of the last `process` (where a wheel would be: the trace files each new
        /// timer at the level and slot Tokio's wheel would use from there).
        elapsed: Cell<Tick>,
        /// I/O events delivered since the last `process` (the OS counts them).
        io: Rc<Cell<u32>>,
    },
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The last handle is gone: let the driver task finish.
        if let Some(w) = self.state.get_mut().driver.take() {
            w.wake();
        }
    }
}

/// The timer service. Cheap to clone; the driver task ends when the last clone is dropped.
#[derive(Clone, Debug)]
pub struct Timers {
    inner: Rc<Inner>,
}

impl Timers {
    /// Starts the service: spawns its `timer driver` task on `handle`'s runtime.
    pub fn new(handle: &Handle) -> Timers {
        let stats = Rc::new(RefCell::new(Stats::default()));
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
            let driver = Driver {
                timers: weak.clone(),
                handle: handle.clone(),
                sleep: None,
            };
            let driver_task = handle.spawn("timer driver", driver).id();
            Inner {
                time: Time::Runtime {
                    handle: handle.clone(),
                    driver_task,
                },
                state: RefCell::default(),
                stats,
            }
        });
        Timers { inner }
    }

    /// The service on a machine's clock (exercise 18): nothing fires the timers until the
    /// runtime calls [`Timers::process`]. `io` counts the OS's deliveries since the last turn.
    pub fn on_machine(clock: &Clock, probe: &Probe, io: Rc<Cell<u32>>) -> Timers {
        Timers {
            inner: Rc::new(Inner {
                time: Time::Machine {
                    clock: clock.clone(),
                    probe: probe.clone(),
                    elapsed: Cell::new(clock.now()),
                    io,
                },
                state: RefCell::default(),
                stats: Rc::default(),
            }),
        }
    }

    /// Virtual time now.
    pub fn now(&self) -> Tick {
        match &self.inner.time {
            Time::Runtime { handle, .. } => handle.now(),
            Time::Machine { clock, .. } => clock.now(),
        }
    }

    /// The earliest deadline of a timer that has not fired, if any: how long the thread may
    /// sleep before the time driver has work (Tokio's `next_expiration_time`).
    pub fn next_deadline(&self) -> Option<Tick> {
        let st = self.inner.state.borrow();
        st.entries
            .iter()
            .flatten()
            .filter(|e| !e.fired)
            .map(|e| e.deadline)
            .min()
    }

    /// The time driver's turn: fires every timer whose deadline has passed (deadline order,
    /// then registration order) and wakes its waker. Returns how many fired. Call it after the
    /// thread wakes up, as Tokio's time driver calls `process` after its park.
    ///
    /// Only for the machine's timers (exercise 18); in exercise 9 a task of the runtime fires
    /// them.
    pub fn process(&self) -> u32 {
        let Time::Machine {
            clock,
            probe,
            elapsed,
            io,
        } = &self.inner.time
        else {
            super::fail(
                "Timers::process is for exercise 18's machine; here the timer driver task fires the timers",
            );
        };
        let now = clock.now();
        let due: Vec<(usize, Tick, Option<Waker>)> = {
            let mut st = self.inner.state.borrow_mut();
            let mut due: Vec<(usize, Tick, Option<Waker>)> = st
                .entries
                .iter_mut()
                .enumerate()
                .filter_map(|(i, e)| e.as_mut().map(|e| (i, e)))
                .filter(|(_, e)| !e.fired && e.deadline <= now)
                .map(|(i, e)| {
                    e.fired = true;
                    (i, e.deadline, e.waker.take())
                })
                .collect();
            due.sort_by_key(|&(i, deadline, _)| (deadline, i));
            due
        };
        let fired = due.len() as u32;
        self.inner.stats.borrow_mut().fired += fired;
        for (i, deadline, waker) in due {
            let timer = TimerId(i as u32);
            probe.record(Event::TimerFired { timer, deadline });
            if let Some(w) = waker {
                probe.set_driver(Some(WakeSource::Timer(timer)));
                w.wake();
                probe.set_driver(None);
            }
        }
        elapsed.set(now);
        probe.record(Event::DriverTurned {
            worker: WorkerId(0),
            timers: fired,
            io: io.replace(0),
            remote: 0,
        });
        fired
    }

    /// Registers a timer due at `deadline` that will wake `waker` (a clone is kept).
    pub fn register(&self, deadline: Tick, waker: &Waker) -> TimerKey {
        let waker = self.keep(waker);
        {
            let mut stats = self.inner.stats.borrow_mut();
            stats.registrations += 1;
            stats.held += 1;
        }
        if let Time::Machine { probe, elapsed, .. } = &self.inner.time {
            let geometry = Geometry::TOKIO;
            let level = level_for(geometry, elapsed.get(), deadline);
            probe.record(Event::TimerRegistered {
                timer: TimerId(self.inner.state.borrow().entries.len() as u32),
                task: probe.running(),
                deadline,
                level,
                slot: slot_for(geometry, deadline, level),
            });
        }
        let (key, wake_driver) = {
            let mut st = self.inner.state.borrow_mut();
            if let Some(bit) = 1u64.checked_shl(st.entries.len() as u32) {
                self.inner.stats.borrow_mut().held_keys |= bit;
            }
            st.entries.push(Some(Entry {
                deadline,
                waker: Some(waker),
                fired: false,
            }));
            let earlier = st.planned.is_none_or(|p| deadline < p);
            (
                TimerKey(st.entries.len() - 1),
                earlier.then(|| st.driver.clone()).flatten(),
            )
        };
        // The driver may be sleeping until a later deadline: let it plan again.
        if let Some(w) = wake_driver {
            w.wake();
        }
        key
    }

    /// Whether the waker stored for `key` wakes the same task as `waker`.
    pub fn will_wake(&self, key: TimerKey, waker: &Waker) -> bool {
        let st = self.inner.state.borrow();
        st.entries
            .get(key.0)
            .and_then(Option::as_ref)
            .and_then(|e| e.waker.as_ref())
            .is_some_and(|w| will_wake(w, waker))
    }

    /// Replaces the waker stored for `key` with a clone of `waker`.
    pub fn set_waker(&self, key: TimerKey, waker: &Waker) {
        let waker = self.keep(waker);
        self.inner.stats.borrow_mut().waker_updates += 1;
        let old = {
            let mut st = self.inner.state.borrow_mut();
            match st.entries.get_mut(key.0).and_then(Option::as_mut) {
                Some(e) if !e.fired => e.waker.replace(waker),
                _ => Some(waker),
            }
        };
        drop(old);
    }

    /// Whether the timer `key` has fired.
    pub fn has_fired(&self, key: TimerKey) -> bool {
        let st = self.inner.state.borrow();
        st.entries
            .get(key.0)
            .and_then(Option::as_ref)
            .is_some_and(|e| e.fired)
    }

    /// Removes the timer `key` (fired or not); its stored waker is dropped. For a timer that
    /// has fired this wakes nobody and counts no cancellation: it gives the entry back, as
    /// Tokio's `TimerEntry` drop always calls `cancel`, which is a no-op for a fired timer.
    pub fn cancel(&self, key: TimerKey) {
        let (entry, wake_driver) = {
            let mut st = self.inner.state.borrow_mut();
            let entry = st.entries.get_mut(key.0).and_then(Option::take);
            let planned = entry
                .as_ref()
                .is_some_and(|e| !e.fired && Some(e.deadline) == st.planned);
            (entry, planned.then(|| st.driver.clone()).flatten())
        };
        if let Some(e) = &entry {
            let mut stats = self.inner.stats.borrow_mut();
            stats.held -= 1;
            stats.held_keys &= !1u64.checked_shl(key.0 as u32).unwrap_or(0);
            if !e.fired {
                stats.cancelled += 1;
                if let Time::Machine { probe, .. } = &self.inner.time {
                    probe.record(Event::TimerCancelled {
                        timer: TimerId(key.0 as u32),
                    });
                }
            }
        }
        drop(entry);
        // The driver was sleeping until this timer: let it plan again (and stop early).
        if let Some(w) = wake_driver {
            w.wake();
        }
    }

    /// A shared view of the counters, which outlives the service.
    pub fn stats(&self) -> Rc<RefCell<Stats>> {
        self.inner.stats.clone()
    }

    fn keep(&self, waker: &Waker) -> Waker {
        match &self.inner.time {
            Time::Runtime {
                handle,
                driver_task,
            } => handle.clone_waker(waker, Holder::Task(*driver_task)),
            Time::Machine { .. } => waker.clone(),
        }
    }
}

/// The driver task: fires due timers, then sleeps until the next deadline.
struct Driver {
    timers: Weak<Inner>,
    handle: Handle,
    sleep: Option<Sleep>,
}

impl Future for Driver {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let Some(inner) = self.timers.upgrade() else {
                return Poll::Ready(());
            };
            let now = self.handle.now();
            let (due, next) = {
                let mut st = inner.state.borrow_mut();
                let mut due = Vec::new();
                for e in st.entries.iter_mut().flatten() {
                    if !e.fired && e.deadline <= now {
                        e.fired = true;
                        due.extend(e.waker.take());
                    }
                }
                if !st.driver.as_ref().is_some_and(|w| will_wake(w, cx.waker())) {
                    st.driver = Some(cx.waker().clone());
                }
                let next = st
                    .entries
                    .iter()
                    .flatten()
                    .filter(|e| !e.fired)
                    .map(|e| e.deadline)
                    .min();
                st.planned = next;
                (due, next)
            };
            inner.stats.borrow_mut().fired += due.len() as u32;
            // Do not keep the service alive while parked: dropping its last handle ends us.
            drop(inner);
            for w in due {
                w.wake();
            }
            let Some(deadline) = next else {
                self.sleep = None;
                return Poll::Pending;
            };
            if self.sleep.as_ref().map(Sleep::deadline) != Some(deadline) {
                self.sleep = Some(self.handle.sleep_until(deadline));
            }
            let sleep = self.sleep.as_mut().expect("set above");
            if Pin::new(sleep).poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.sleep = None;
        }
    }
}
