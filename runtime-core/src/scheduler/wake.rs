//! What waking, cloning and dropping a waker do (DESIGN.md, rule 4):
//!
//! * an idle task is pushed to a queue (`Core::placement`; from outside the runtime, the
//!   inject queue);
//! * a task already queued is not queued twice (the wake is still recorded);
//! * a task that is woken while it runs is queued when its poll returns `Pending`;
//! * waking a finished task does nothing (recorded).
//!
//! Each wake records its source (timer, I/O, channel, task code, outside) and its effect.

use super::{Core, Shared};
use crate::ids::{TaskId, WakerId};
use crate::remote::RemoteOp;
use crate::task::state::OnWake;
use crate::trace::{Event, Holder, QueueRef, WakeEffect, WakeSource};
use core::cell::RefMut;
use core::task::Waker;

impl Shared {
    /// A waker of `task` was woken (`waker`: which clone; `None` for the context waker).
    pub(crate) fn wake(&self, task: TaskId, waker: Option<WakerId>, by_ref: bool) {
        let mut core = self.core.borrow_mut();
        let source = core.wake_source.unwrap_or(match core.current {
            Some(c) => WakeSource::Task(c.task),
            None => WakeSource::Outside,
        });
        core.wake(task, waker, by_ref, source);
    }

    pub(crate) fn waker_cloned(&self, task: TaskId, waker: WakerId) {
        let mut core = self.core.borrow_mut();
        let holder = core.clone_holder.take().unwrap_or(match core.current {
            Some(c) => Holder::Task(c.task),
            None => Holder::Outside,
        });
        core.waker_cloned(task, waker, holder);
    }

    /// Clones a waker that is not one of this runtime's own (another executor's, or a waker
    /// built by hand): its clone runs code of its own, so the Core borrow `core` ends first,
    /// and is taken again after. `holder` is left for the clone to record, if the clone turns
    /// out to be one of ours after all (through a wrapper). Returns the clone and the borrow.
    pub(crate) fn clone_foreign<'a>(
        &'a self,
        mut core: RefMut<'a, Core>,
        waker: &Waker,
        holder: Holder,
    ) -> (Waker, RefMut<'a, Core>) {
        core.clone_holder = Some(holder);
        drop(core);
        let clone = waker.clone();
        let mut core = self.core.borrow_mut();
        // A waker of another executor never reads the holder: do not leave it for the next.
        core.clone_holder = None;
        (clone, core)
    }

    pub(crate) fn waker_dropped(&self, task: TaskId, waker: WakerId) {
        self.core.borrow_mut().waker_dropped(task, waker);
    }

    /// Applies the waker operations made outside the runtime, in the order they were made.
    /// Returns how many there were.
    pub(crate) fn apply_remote(&self) -> u32 {
        let ops = self.inbox.drain();
        let mut core = self.core.borrow_mut();
        for &op in &ops {
            match op {
                RemoteOp::Cloned { task, waker } => core.waker_cloned(task, waker, Holder::Outside),
                RemoteOp::Dropped { task, waker } => core.waker_dropped(task, waker),
                RemoteOp::Woken {
                    task,
                    waker,
                    by_ref,
                } => {
                    core.wake(task, waker, by_ref, WakeSource::Outside);
                }
            }
        }
        ops.len() as u32
    }
}

impl Core {
    pub(crate) fn wake(
        &mut self,
        task: TaskId,
        waker: Option<WakerId>,
        by_ref: bool,
        source: WakeSource,
    ) {
        let Some(slot) = self.tasks.get_mut(task.index()) else {
            debug_assert!(false, "wake of unknown {task}");
            return;
        };
        if !by_ref && let Some(id) = waker {
            // Waking by value consumes the clone.
            slot.wakers.remove(id);
        }
        let on_wake = slot.state.wake();
        if source != WakeSource::Task(task) {
            slot.self_wake_streak = 0;
        }
        let mut ready_at = None;
        let effect = match on_wake {
            // Tokio's `schedule` from a thread that is not running the scheduler pushes to the
            // inject queue.
            OnWake::Enqueue if source == WakeSource::Outside => {
                WakeEffect::Queued(QueueRef::Inject)
            }
            OnWake::Enqueue => {
                let (queue, at) = self.wake_placement(task);
                ready_at = Some(at);
                WakeEffect::Queued(queue)
            }
            OnWake::AlreadyQueued => WakeEffect::AlreadyQueued,
            OnWake::SelfWake => WakeEffect::SelfWake,
            OnWake::Finished => WakeEffect::TaskFinished,
        };
        self.record(Event::Woken {
            task,
            waker,
            by_ref,
            source,
            effect,
        });
        if let WakeEffect::Queued(queue) = effect {
            match ready_at {
                Some(at) => self.push_at(task, queue, at),
                None => self.push(task, queue),
            }
        }
    }

    /// Where an idle task woken now goes, and from when it may be taken: as `placement` says,
    /// unless its last poll is still going on at this time (see `Task::polled_until`); then
    /// where the worker that polls it would queue it when the poll returns, from then.
    pub(crate) fn wake_placement(&self, task: TaskId) -> (QueueRef, crate::Tick) {
        let now = self.now();
        match self.task(task).polled_until {
            (until, queue) if until > now => (queue, until),
            _ => (self.placement(false), now),
        }
    }

    pub(crate) fn waker_cloned(&mut self, task: TaskId, waker: WakerId, holder: Holder) {
        if let Some(slot) = self.tasks.get_mut(task.index()) {
            slot.wakers.push((waker, holder));
        }
        self.record(Event::WakerCloned {
            task,
            waker,
            holder,
        });
    }

    pub(crate) fn waker_dropped(&mut self, task: TaskId, waker: WakerId) {
        if let Some(slot) = self.tasks.get_mut(task.index()) {
            slot.wakers.remove(waker);
        }
        self.record(Event::WakerDropped { task, waker });
    }
}
