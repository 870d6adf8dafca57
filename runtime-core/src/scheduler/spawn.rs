//! Spawning tasks (now or at a later virtual time) and aborting them.

use super::{Core, Shared};
use crate::ids::{TaskId, Tick};
use crate::task::state::{OnAbort, TaskState};
use crate::task::{Task, TaskRef};
use crate::trace::{Event, Limit, Text};
use crate::waker;
use alloc::vec::Vec;

/// A task whose start is scheduled for a later time (`task boss @ 5ms`).
pub(crate) struct Delayed {
    pub(crate) at: Tick,
    pub(crate) task: TaskId,
    pub(crate) parent: Option<TaskId>,
    pub(crate) size: u32,
}

impl core::fmt::Debug for Delayed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Delayed({} at {})", self.task, self.at)
    }
}

impl Shared {
    /// Creates a task slot for `future`. It starts now (`start == None`) or at `start`.
    /// When the task limit is reached the run is stopped and the future handed back, for the
    /// caller to drop outside the borrow.
    pub(crate) fn spawn_boxed(
        &self,
        name: &str,
        future: TaskRef,
        size: u32,
        start: Option<Tick>,
    ) -> Result<TaskId, TaskRef> {
        let mut core = self.core.borrow_mut();
        let id = self.new_task(&mut core, name, future)?;
        let parent = core.current.map(|c| c.task);
        match start {
            Some(at) if at > core.now() => {
                core.delayed.push(Delayed {
                    at,
                    task: id,
                    parent,
                    size,
                });
                // Keep them ordered by (time, id) so starts are deterministic.
                core.delayed.sort_by_key(|d| (d.at, d.task));
            }
            _ => core.start_task(id, parent, size),
        }
        Ok(id)
    }

    /// Makes the slot of a new task for `future`, not yet started (its state is `Idle` until
    /// it is). Past the task limit the run is stopped and the future handed back, for the
    /// caller to drop outside the borrow.
    pub(crate) fn new_task(
        &self,
        core: &mut Core,
        name: &str,
        future: TaskRef,
    ) -> Result<TaskId, TaskRef> {
        if core.tasks.len() as u64 >= u64::from(core.config.limits.max_tasks) {
            if core.limit().is_none() {
                core.stop(Limit::Tasks);
                let value = core.tasks.len() as u64;
                core.record(Event::LimitReached {
                    limit: Limit::Tasks,
                    value,
                });
            }
            // The future is handed back and dropped by the caller, outside the borrow.
            return Err(future);
        }
        let id = TaskId(core.tasks.len() as u32);
        core.headers.make(id, self.id, &self.inbox);
        let header = core.headers.get(id);
        let name = core.names.intern(name);
        core.tasks.push(Task {
            name,
            // A delayed task is "idle" until it starts; it is not counted as spawned yet.
            state: TaskState::Idle,
            future: Some(future),
            id,
            header,
            abort_requested: false,
            wakers: crate::task::Clones::default(),
            self_wake_streak: 0,
            polled_until: (0, crate::trace::QueueRef::Inject),
        });
        Ok(id)
    }

    /// Aborts `task` (Tokio's `remote_abort`): marks it cancelled; an idle task is queued,
    /// like a wake. Its future is dropped when a worker reaches it (or, if it is running, when
    /// its poll returns), never here. A delayed task that has not started yet is dropped now:
    /// it was never announced.
    pub(crate) fn abort(&self, task: TaskId) {
        let future = {
            let mut core = self.core.borrow_mut();
            let Some(slot) = core.tasks.get(task.index()) else {
                return;
            };
            if slot.state.is_finished() || slot.abort_requested {
                return;
            }
            if let Some(i) = core.delayed.iter().position(|d| d.task == task) {
                core.delayed.remove(i);
                let slot = core.task_mut(task);
                slot.state = TaskState::Cancelled;
                slot.future.take()
            } else {
                let slot = core.task_mut(task);
                slot.abort_requested = true;
                let on_abort = slot.state.abort();
                core.record(Event::Aborted { task });
                if on_abort == OnAbort::Enqueue {
                    let (queue, ready_at) = core.wake_placement(task);
                    core.push_at(task, queue, ready_at);
                }
                None
            }
        };
        // Drop the future with the runtime entered, so the wakers and timers it releases are
        // recorded as they go, and outside the borrow, since its destructors call back in.
        let _enter = waker::enter(self);
        drop(future);
    }
}

/// The names of recent spawns, so that a name spawned again and again (a worker spawned in a
/// loop) is one shared `Rc<str>` rather than an allocation per task. Which `Rc` a task gets
/// is invisible: only the text is ever read.
#[derive(Debug, Default)]
pub(crate) struct Names {
    recent: Vec<Text>,
    /// The entry the last lookup found or filled (checked first), and the next to replace.
    last: usize,
    next: usize,
}

impl Names {
    /// Distinct names remembered.
    const SIZE: usize = 16;

    /// A `Text` for `name`: a clone of a remembered one, or a new one (then remembered).
    pub(crate) fn intern(&mut self, name: &str) -> Text {
        if let Some(t) = self.recent.get(self.last)
            && **t == *name
        {
            return t.clone();
        }
        if let Some(i) = self.recent.iter().position(|t| **t == *name) {
            self.last = i;
            return self.recent[i].clone();
        }
        let text = Text::from(name);
        if self.recent.len() < Self::SIZE {
            self.last = self.recent.len();
            self.recent.push(text.clone());
        } else {
            self.last = self.next;
            self.recent[self.next] = text.clone();
            self.next = (self.next + 1) % Self::SIZE;
        }
        text
    }
}

impl Core {
    /// Counts the task as live, records it as spawned, and marks it queued (on a worker's queue
    /// or, for a blocking task, the pool's).
    pub(crate) fn record_spawned(&mut self, task: TaskId, parent: Option<TaskId>, size: u32) {
        self.live += 1;
        self.record_with(|core| Event::Spawned {
            task,
            name: core.tasks[task.index()].name.clone(),
            parent,
            size,
        });
        self.tasks[task.index()].state = TaskState::Queued;
    }

    /// Records the task as spawned and queues it.
    pub(crate) fn start_task(&mut self, task: TaskId, parent: Option<TaskId>, size: u32) {
        self.record_spawned(task, parent, size);
        let queue = self.placement(false);
        self.push(task, queue);
    }

    /// Starts the delayed tasks whose time has come. Returns how many.
    pub(crate) fn start_due(&mut self) -> u32 {
        let now = self.now();
        let due = self.delayed.iter().take_while(|d| d.at <= now).count();
        let started: Vec<Delayed> = self.delayed.drain(..due).collect();
        for d in &started {
            self.start_task(d.task, d.parent, d.size);
        }
        started.len() as u32
    }
}
