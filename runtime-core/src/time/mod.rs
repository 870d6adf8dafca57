//! Time: the timer driver, `Sleep` and `Timeout`.
//!
//! Timers live in a hierarchical timing wheel ([`wheel`], after Tokio's, which cites Varghese
//! & Lauck). The driver owns the wheel and, for each timer, the waker to call when it fires.
//! A `Sleep` registers its timer on its first poll (not when created: an unpolled future does
//! nothing), replaces the stored waker when polled with a waker of another task, and removes
//! the timer when dropped. It completes only once the driver has fired its timer, even if the
//! deadline has passed: a busy executor that has not turned its drivers makes timers late, and
//! the trace shows by how much.

mod sleep;
mod timeout;
pub mod wheel;

pub use sleep::Sleep;
pub use timeout::{Elapsed, Timeout};

use crate::ids::{TaskId, Tick, TimerId, WakerId};
use crate::remote::RemoteOp;
use crate::scheduler::Core;
use crate::scheduler::Shared;
use crate::trace::Event;
use alloc::vec::Vec;
use core::task::Waker;
use wheel::{Geometry, InsertError, TimerKey, Wheel};

/// What the wheel stores for each timer.
#[derive(Debug)]
pub(crate) struct TimerEntry {
    task: Option<TaskId>,
    waker: Option<TimerWaker>,
}

/// The waker a timer wakes when it fires.
#[derive(Debug)]
pub(crate) enum TimerWaker {
    /// A clone of the waker of one of this runtime's own tasks, made for the timer by its
    /// `Sleep` while the runtime executes (`waker::own_clone_id`; recorded as `waker_cloned`
    /// like any clone). Only the runtime ever holds it, and it is always consumed by the
    /// runtime (fired, cancelled, replaced, or dropped at teardown), so it is kept as its ids:
    /// no `Waker` object, no allocation, nothing to chase when it fires. Each of those does
    /// what the `Waker` it stands for would, with the same events.
    Own { task: TaskId, id: WakerId },
    /// Any other waker.
    Other(Waker),
}

/// The wheel plus which timers have fired.
#[derive(Debug)]
pub(crate) struct TimerDriver {
    wheel: Wheel<TimerEntry>,
    next_id: u32,
    /// One bit per timer id: set when the driver fired it.
    fired: Vec<u64>,
    /// Reused buffer for the wheel's cascade log while it is recorded.
    cascades: Vec<wheel::Cascade>,
}

impl TimerDriver {
    pub(crate) fn new(geometry: Geometry) -> Self {
        TimerDriver {
            wheel: Wheel::new(geometry),
            next_id: 0,
            fired: Vec::new(),
            cascades: Vec::new(),
        }
    }

    /// The time at which the wheel next needs the driver (see the module docs of `run.rs`).
    pub(crate) fn next_expiration(&self) -> Option<Tick> {
        self.wheel.next_expiration().map(|e| e.deadline)
    }

    /// The time the wheel has been processed up to (its last turn).
    pub(crate) fn elapsed(&self) -> Tick {
        self.wheel.elapsed()
    }

    pub(crate) fn next_id(&mut self) -> TimerId {
        let id = TimerId(self.next_id);
        self.next_id += 1;
        id
    }

    pub(crate) fn is_fired(&self, id: TimerId) -> bool {
        self.fired
            .get(id.index() / 64)
            .is_some_and(|w| w & (1 << (id.index() % 64)) != 0)
    }

    fn mark_fired(&mut self, id: TimerId) {
        let word = id.index() / 64;
        if self.fired.len() <= word {
            self.fired.resize(word + 1, 0);
        }
        self.fired[word] |= 1 << (id.index() % 64);
    }
}

impl Core {
    /// Puts timer `id` in the wheel. If the deadline has already been reached by the wheel,
    /// hands the waker back (the caller completes at once).
    pub(crate) fn register_timer(
        &mut self,
        id: TimerId,
        deadline: Tick,
        waker: TimerWaker,
    ) -> Result<TimerKey, TimerWaker> {
        let task = self.current.map(|c| c.task);
        match self.timers.wheel.insert(
            id,
            deadline,
            TimerEntry {
                task,
                waker: Some(waker),
            },
        ) {
            Ok((key, loc)) => {
                self.record(Event::TimerRegistered {
                    timer: id,
                    task,
                    deadline,
                    level: loc.level,
                    slot: loc.slot,
                });
                Ok(key)
            }
            Err(InsertError::Elapsed(entry)) => Err(entry.waker.expect("just stored")),
        }
    }

    /// Removes a timer before it fired; returns its waker to drop outside the borrow.
    pub(crate) fn cancel_timer(&mut self, key: TimerKey) -> Option<TimerWaker> {
        let (entry, _) = self.timers.wheel.remove(key)?;
        self.record(Event::TimerCancelled { timer: key.id });
        entry.waker
    }

    /// Replaces the waker stored for a timer; returns the old one (or, if the timer is gone,
    /// the new one) to drop outside the borrow.
    pub(crate) fn set_timer_waker(
        &mut self,
        key: TimerKey,
        waker: TimerWaker,
    ) -> Option<TimerWaker> {
        match self.timers.wheel.get_mut(key) {
            Some(entry) => entry.waker.replace(waker),
            None => Some(waker),
        }
    }

    /// Whether the stored waker for `key` would wake the same task as `waker`.
    pub(crate) fn timer_waker_matches(&self, key: TimerKey, waker: &Waker) -> bool {
        match self.timers.wheel.get(key).and_then(|e| e.waker.as_ref()) {
            Some(TimerWaker::Own { task, .. }) => crate::waker::wakes_task(waker, self.id, *task),
            Some(TimerWaker::Other(w)) => crate::waker::will_wake(w, waker),
            None => false,
        }
    }

    /// Fires the next timer whose deadline has passed, recording the cascades on the way.
    pub(crate) fn fire_next_timer(&mut self) -> Option<(TimerId, TimerWaker)> {
        let now = self.now();
        loop {
            let fired = self.timers.wheel.poll(now);
            self.record_cascades();
            let fired = fired?;
            self.timers.mark_fired(fired.id);
            self.record(Event::TimerFired {
                timer: fired.id,
                deadline: fired.deadline,
            });
            let _ = fired.value.task;
            if let Some(waker) = fired.value.waker {
                return Some((fired.id, waker));
            }
        }
    }

    fn record_cascades(&mut self) {
        // The log is moved into a buffer kept for the purpose, so no allocation per call.
        let mut cascades = core::mem::take(&mut self.timers.cascades);
        cascades.extend(self.timers.wheel.take_cascades());
        for c in cascades.drain(..) {
            self.record(Event::TimerCascaded {
                timer: c.id,
                from_level: c.from.level,
                from_slot: c.from.slot,
                to_level: c.to.level,
                to_slot: c.to.slot,
            });
        }
        self.timers.cascades = cascades;
    }
}

impl crate::Handle {
    /// A future that completes `ticks` from now (once the driver fires its timer).
    pub fn sleep(&self, ticks: Tick) -> Sleep {
        let deadline = self.now().saturating_add(ticks);
        Sleep::new(self.clone(), deadline)
    }

    /// A future that completes at virtual time `deadline`.
    pub fn sleep_until(&self, deadline: Tick) -> Sleep {
        Sleep::new(self.clone(), deadline)
    }

    /// Runs `future` with a deadline `ticks` from now: `Err(Elapsed)` if it is not ready by
    /// then, in which case it is dropped with the `Timeout` (cancellation through `Drop`).
    pub fn timeout<F: core::future::Future>(&self, ticks: Tick, future: F) -> Timeout<F> {
        Timeout::new(future, self.sleep(ticks))
    }
}

impl Core {
    /// Every waker still held by the timer wheel and the reactor (at teardown), in the order
    /// they are to be dropped (`Shared::drop_timer_waker`).
    pub(crate) fn take_wakers(&mut self) -> Vec<TimerWaker> {
        let mut wakers: Vec<TimerWaker> = self
            .timers
            .wheel
            .drain()
            .filter_map(|entry| entry.waker)
            .collect();
        wakers.extend(
            self.reactor
                .take_wakers()
                .into_iter()
                .map(TimerWaker::Other),
        );
        wakers
    }
}

impl Shared {
    /// Drops a timer's waker, outside the Core borrow, as dropping the `Waker` it stands for
    /// would: a clone of one of our tasks' wakers is recorded as dropped (or, if this runtime
    /// is not executing on this thread, queued in the inbox as its `Waker` would be).
    pub(crate) fn drop_timer_waker(&self, waker: TimerWaker) {
        match waker {
            TimerWaker::Own { task, id } if crate::waker::is_active(self) => {
                self.core.borrow_mut().waker_dropped(task, id);
            }
            TimerWaker::Own { task, id } => self.inbox.push(RemoteOp::Dropped { task, waker: id }),
            TimerWaker::Other(waker) => drop(waker),
        }
    }
}
