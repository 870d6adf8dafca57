//! `block_in_place`: run blocking code in the task's own poll, after handing the worker on.
//!
//! Tokio 1.54's `multi_thread` scheduler (`runtime/scheduler/multi_thread/worker.rs`,
//! `block_in_place` and `maybe_move_runtime`), in the order it does it:
//!
//! 1. Outside a runtime, or already off a worker (a blocking-pool thread, or a second
//!    `block_in_place` in a poll that has handed its worker on), the closure simply runs.
//! 2. On the `current_thread` runtime it panics: "can call blocking only when running on the
//!    multi-threaded runtime". There is no other thread to hand the worker to. The lab returns
//!    [`BlockInPlaceError`], whose message is Tokio's.
//! 3. Otherwise the worker wakes its defer list (deferred tasks do not stay on the worker's
//!    core), moves the task in its LIFO slot to the back of its local queue (the slot cannot be
//!    stolen; the queue can), and hands its core (its queues) to a thread of the blocking pool
//!    (`spawn_blocking(run(worker))`): that thread goes on polling the worker's other tasks
//!    while this one blocks. Blocking work in the closure holds no worker.
//! 4. The closure runs with no cooperative budget (`coop::stop`); the budget is restored after.
//! 5. When the closure returns, the task takes its core back if no thread has taken it yet;
//!    otherwise the rest of its poll runs on a thread with no worker core, and that thread
//!    returns to the pool when the poll ends.
//!
//! Where the lab differs: if every pool thread is busy (the pool is at its cap), Tokio leaves
//! the core in the pool's queue, and the first thread to finish takes it; the lab only looks
//! for a thread when the block starts, so then the worker waits until the block ends, as if the
//! task had blocked it. A poll is one step of the simulation, and which thread frees up first
//! is decided later.

use super::{Core, Shared};
use crate::ids::TaskId;
use crate::task::TaskRef;
use crate::trace::Event;
use core::fmt;

/// `block_in_place` on the `current_thread` runtime (one worker, no LIFO slot): Tokio panics
/// with this message, because there is no other worker thread to hand the tasks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockInPlaceError;

impl BlockInPlaceError {
    /// Tokio's panic message, word for word (`maybe_move_runtime`).
    pub const TOKIO_MESSAGE: &'static str =
        "can call blocking only when running on the multi-threaded runtime";
}

impl fmt::Display for BlockInPlaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::TOKIO_MESSAGE)
    }
}

impl core::error::Error for BlockInPlaceError {}

/// A `block_in_place` closure in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    /// The poll's work when it began (its length is the work done since).
    started: crate::Tick,
    /// The budget to restore when it ends.
    budget: Option<u32>,
    /// Whether it handed the worker on (or tried to): only then is it in the trace.
    announced: bool,
    /// `block_in_place` calls inside this one (they change nothing).
    nested: u32,
}

impl Core {
    /// After a poll of `task` returned (`pending`: with `Pending`): if it asked to pause
    /// (`Shared::pause_in_place`), the poll is not over. Its future goes back in its slot, and
    /// the pool thread that took its worker over keeps the poll, to resume it when its work
    /// has taken its time (`None`). Otherwise the future is handed back.
    pub(crate) fn pause(
        &mut self,
        task: TaskId,
        future: TaskRef,
        pending: bool,
    ) -> Option<TaskRef> {
        let cur = self.current?;
        let (true, true, Some(thread)) = (pending, cur.paused, cur.handoff) else {
            if let Some(c) = self.current.as_mut() {
                c.paused = false;
            }
            return Some(future);
        };
        let at = self.now();
        self.task_mut(task).future = Some(future);
        self.current = None;
        self.pool.set(
            thread,
            crate::blocking::Thread::Core {
                worker: cur.worker,
                task,
                resume: Some((at, cur)),
            },
        );
        None
    }
}

impl Shared {
    /// The start of `block_in_place` (see the module docs).
    pub(crate) fn enter_block_in_place(&self) -> Result<(), BlockInPlaceError> {
        let mut core = self.core.borrow_mut();
        let multi = core.config.multi_thread();
        let Some(cur) = core.current.as_mut() else {
            return Ok(());
        };
        if let Some(section) = cur.block.as_mut() {
            section.nested += 1;
            return Ok(());
        }
        let mut section = Section {
            started: cur.work,
            budget: cur.budget,
            announced: false,
            nested: 0,
        };
        if cur.off_worker {
            cur.budget = None;
            cur.block = Some(section);
            return Ok(());
        }
        if !multi {
            return Err(BlockInPlaceError);
        }
        let (task, worker) = (cur.task, cur.worker);
        section.announced = true;
        cur.budget = None;
        cur.block = Some(section);
        let thread = core.pool.free_thread().map(|(t, _)| t);
        let cap = core.pool.cap;
        core.record(Event::BlockInPlace {
            task,
            worker,
            thread,
            cap,
        });
        drop(core);
        // Tokio's `cx.defer.wake()`: deferred tasks do not stay on the core.
        self.wake_deferred(worker);
        let mut core = self.core.borrow_mut();
        // The LIFO slot cannot be stolen: its task goes to the back of the queue.
        if let Some(entry) = core.workers[worker.index()].lifo.take() {
            core.push_local(worker, entry.task);
        }
        if let Some(thread) = thread {
            core.pool.set(
                thread,
                crate::blocking::Thread::Core {
                    worker,
                    task,
                    resume: None,
                },
            );
            let now = core.now();
            let lifo = core.config.lifo_slot;
            let w = &mut core.workers[worker.index()];
            // The worker's queues go on, on `thread`, from now (Tokio's `run` starts afresh:
            // no LIFO chain, the slot enabled).
            w.free_at = now;
            w.chain = None;
            w.lifo_enabled = lifo;
            w.parked = false;
            w.ticked = false;
            if let Some(cur) = core.current.as_mut() {
                cur.off_worker = true;
                cur.handoff = Some(thread);
            }
        }
        Ok(())
    }

    /// In a `block_in_place` that handed its worker on, after some work: whether the poll
    /// pauses until that work has taken its time (see `Handle::pause_in_place`).
    pub(crate) fn pause_in_place(&self) -> bool {
        let mut core = self.core.borrow_mut();
        match core.current.as_mut() {
            Some(cur) if cur.handoff.is_some() && cur.block.is_some() && cur.work > 0 => {
                cur.paused = true;
                true
            }
            _ => false,
        }
    }

    /// The end of `block_in_place`: the budget comes back, and the trace says how long it
    /// blocked.
    pub(crate) fn exit_block_in_place(&self) {
        let mut core = self.core.borrow_mut();
        let Some(cur) = core.current.as_mut() else {
            return;
        };
        let Some(mut section) = cur.block else {
            return;
        };
        if section.nested > 0 {
            section.nested -= 1;
            cur.block = Some(section);
            return;
        }
        cur.block = None;
        cur.budget = section.budget;
        let (task, worker, duration) = (cur.task, cur.worker, cur.work - section.started);
        if section.announced {
            core.record(Event::BlockInPlaceEnded {
                task,
                worker,
                duration,
            });
        }
    }
}
