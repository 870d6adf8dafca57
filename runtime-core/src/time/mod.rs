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
use crate::trace::{Event, Holder, Recorder};
use alloc::vec::Vec;
use core::cell::RefMut;
use core::task::Waker;
use wheel::{Geometry, InsertError, TimerKey, Wheel};

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

/// The timer driver: the wheel, holding each timer's waker, and which timers have fired. It
/// records what it does (`timer_registered`, `timer_cascaded`, `timer_fired`,
/// `timer_cancelled`) into the trace it is handed, at the time it is handed.
#[derive(Debug)]
pub(crate) struct TimerDriver {
    wheel: Wheel<Option<TimerWaker>>,
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

    /// Puts timer `id` of `task` in the wheel. If the wheel has already reached the deadline,
    /// hands the waker back (the caller completes at once, as Tokio's `InsertError::Elapsed`).
    #[inline]
    pub(crate) fn register(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
        (id, task): (TimerId, Option<TaskId>),
        deadline: Tick,
        waker: TimerWaker,
    ) -> Result<TimerKey, TimerWaker> {
        match self.wheel.insert(id, deadline, Some(waker)) {
            Ok((key, loc)) => {
                trace.record(
                    now,
                    Event::TimerRegistered {
                        timer: id,
                        task,
                        deadline,
                        level: loc.level,
                        slot: loc.slot,
                    },
                );
                Ok(key)
            }
            Err(InsertError::Elapsed(waker)) => Err(waker.expect("just stored")),
        }
    }

    /// Removes a timer before it fired; returns its waker, to drop outside the Core borrow.
    #[inline]
    pub(crate) fn cancel(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
        key: TimerKey,
    ) -> Option<TimerWaker> {
        let (waker, _) = self.wheel.remove(key)?;
        trace.record(now, Event::TimerCancelled { timer: key.id });
        waker
    }

    /// Replaces the waker stored for a timer; returns the old one (or, if the timer is gone,
    /// the new one) to drop outside the borrow.
    pub(crate) fn set_waker(&mut self, key: TimerKey, waker: TimerWaker) -> Option<TimerWaker> {
        match self.wheel.get_mut(key) {
            Some(stored) => stored.replace(waker),
            None => Some(waker),
        }
    }

    /// Whether the waker stored for `key` would wake the same task as `waker` (a waker of
    /// runtime `runtime`'s tasks or any other).
    pub(crate) fn waker_matches(&self, key: TimerKey, waker: &Waker, runtime: u32) -> bool {
        match self.wheel.get(key).and_then(Option::as_ref) {
            Some(TimerWaker::Own { task, .. }) => crate::waker::wakes_task(waker, runtime, *task),
            Some(TimerWaker::Other(w)) => crate::waker::will_wake(w, waker),
            None => false,
        }
    }

    /// Fires the next timer whose deadline has passed by `now`, recording the cascades on the
    /// way; returns it and the waker to wake.
    pub(crate) fn fire_next(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
    ) -> Option<(TimerId, TimerWaker)> {
        loop {
            let fired = self.wheel.poll(now);
            // The log is moved into a buffer kept for the purpose: no allocation per call.
            let mut cascades = core::mem::take(&mut self.cascades);
            cascades.extend(self.wheel.take_cascades());
            for c in cascades.drain(..) {
                let event = Event::TimerCascaded {
                    timer: c.id,
                    from_level: c.from.level,
                    from_slot: c.from.slot,
                    to_level: c.to.level,
                    to_slot: c.to.slot,
                };
                trace.record(now, event);
            }
            self.cascades = cascades;
            let fired = fired?;
            self.mark_fired(fired.id);
            let event = Event::TimerFired {
                timer: fired.id,
                deadline: fired.deadline,
            };
            trace.record(now, event);
            if let Some(waker) = fired.value {
                return Some((fired.id, waker));
            }
        }
    }

    /// Every waker the wheel still holds (at teardown).
    pub(crate) fn take_wakers(&mut self) -> impl Iterator<Item = TimerWaker> + '_ {
        self.wheel.drain().flatten()
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

impl Shared {
    /// Drops a timer's waker, outside the Core borrow, as dropping the `Waker` it stands for
    /// would: a clone of one of our tasks' wakers is recorded as dropped (or, if this runtime
    /// is not executing on this thread, queued in the inbox as its `Waker` would be).
    pub(crate) fn drop_timer_waker(&self, waker: TimerWaker) {
        self.release_timer_waker(self.core.borrow_mut(), waker);
    }

    /// Puts a timer for `deadline` in the wheel, holding a clone of `waker` (a `Sleep`'s first
    /// poll). `None` when the wheel has already reached the deadline (Tokio's
    /// `InsertError::Elapsed`): nothing is registered and the sleep completes at once. A deadline
    /// that `work(d)` has passed since the drivers last turned is registered, and fires at
    /// their next turn, as in Tokio.
    pub(crate) fn register_timer(&self, deadline: Tick, waker: &Waker) -> Option<TimerKey> {
        let mut core = self.core.borrow_mut();
        if deadline <= core.timers.elapsed() {
            return None;
        }
        let id = core.timers.next_id();
        let (waker, mut core) = self.timer_waker(core, waker, id);
        let (now, task) = (core.now(), core.current.map(|c| c.task));
        let Core { timers, trace, .. } = &mut *core;
        match timers.register(trace, now, (id, task), deadline, waker) {
            Ok(key) => Some(key),
            Err(waker) => {
                self.release_timer_waker(core, waker);
                None
            }
        }
    }

    /// Whether the driver has fired timer `key`.
    pub(crate) fn timer_fired(&self, key: TimerKey) -> bool {
        self.core.borrow().timers.is_fired(key.id)
    }

    /// A registered timer polled again: if through another waker (another task, or a
    /// different waker), the timer keeps a clone of the new one and releases the old.
    pub(crate) fn update_timer_waker(&self, key: TimerKey, waker: &Waker) {
        let core = self.core.borrow_mut();
        if core.timers.waker_matches(key, waker, self.id) {
            return;
        }
        let (clone, mut core) = self.timer_waker(core, waker, key.id);
        if let Some(old) = core.timers.set_waker(key, clone) {
            self.release_timer_waker(core, old);
        }
    }

    /// Takes timer `key` out of the wheel (recorded as cancelled) and releases its waker; a
    /// timer that has fired is left as it is.
    pub(crate) fn cancel_timer(&self, key: TimerKey) {
        let mut core = self.core.borrow_mut();
        let now = core.now();
        let Core { timers, trace, .. } = &mut *core;
        if let Some(waker) = timers.cancel(trace, now, key) {
            self.release_timer_waker(core, waker);
        }
    }

    /// [`Shared::drop_timer_waker`] for a caller that holds the Core borrow: a clone of one of
    /// our tasks' wakers is recorded as dropped under it; anything else is dropped after it
    /// ends (a foreign waker's drop runs code of its own).
    #[inline]
    pub(crate) fn release_timer_waker(&self, mut core: RefMut<'_, Core>, waker: TimerWaker) {
        match waker {
            TimerWaker::Own { task, id } if crate::waker::is_active(self) => {
                core.waker_dropped(task, id);
            }
            TimerWaker::Own { task, id } => {
                drop(core);
                self.inbox.push(RemoteOp::Dropped { task, waker: id });
            }
            TimerWaker::Other(waker) => {
                drop(core);
                drop(waker);
            }
        }
    }

    /// A clone of `waker` for timer `timer` to keep until it fires: one of this runtime's
    /// own tasks' wakers is kept as its ids (see [`TimerWaker::Own`]), made under the Core
    /// borrow; any other is cloned as [`Shared::clone_foreign`] does. Either way the clone is
    /// recorded (`waker_cloned`, held by the timer). Returns the borrow, still held.
    #[inline]
    pub(crate) fn timer_waker<'a>(
        &'a self,
        mut core: RefMut<'a, Core>,
        waker: &Waker,
        timer: TimerId,
    ) -> (TimerWaker, RefMut<'a, Core>) {
        let holder = Holder::Timer(timer);
        if let Some((task, clone)) = crate::waker::own_clone_id(self, waker) {
            core.waker_cloned(task, clone, holder);
            return (TimerWaker::Own { task, id: clone }, core);
        }
        let (clone, core) = self.clone_foreign(core, waker, holder);
        (TimerWaker::Other(clone), core)
    }
}
