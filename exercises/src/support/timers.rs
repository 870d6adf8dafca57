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

use alloc::rc::{Rc, Weak};
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::time::Sleep;
use runtime_core::trace::Holder;
use runtime_core::{Handle, TaskId, Tick, will_wake};

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
    handle: Handle,
    driver_task: TaskId,
    state: RefCell<State>,
    stats: Rc<RefCell<Stats>>,
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
                handle: handle.clone(),
                driver_task,
                state: RefCell::default(),
                stats,
            }
        });
        Timers { inner }
    }

    /// Virtual time now.
    pub fn now(&self) -> Tick {
        self.inner.handle.now()
    }

    /// Registers a timer due at `deadline` that will wake `waker` (a clone is kept).
    pub fn register(&self, deadline: Tick, waker: &Waker) -> TimerKey {
        let waker = self.keep(waker);
        {
            let mut stats = self.inner.stats.borrow_mut();
            stats.registrations += 1;
            stats.held += 1;
        }
        let (key, wake_driver) = {
            let mut st = self.inner.state.borrow_mut();
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
            if !e.fired {
                stats.cancelled += 1;
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
        self.inner
            .handle
            .clone_waker(waker, Holder::Task(self.inner.driver_task))
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
