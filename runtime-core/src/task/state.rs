//! The task lifecycle.
//!
//! ```text
//!              (1) spawn                (2) poll starts
//!   ────────────────────────▶ Queued ───────────────────▶ Running { notified }
//!                               ▲  ▲                        │ │ │
//!                 (4) woken     │  │ (5) returned Pending,  │ │ │ (6) returned Ready
//!                   while idle  │  │     woken during poll  │ │ ▼
//!                               │  └────────────────────────┘ │  Done
//!                             Idle ◀──────────────────────────┘
//!                                     (3) returned Pending, not woken
//!
//!   (7) aborted while Idle: marked, and queued like a wake (edge 4)
//!   (8) aborted while Queued: marked; when a worker takes it from the queue, its future is
//!       dropped instead of polled                                   ─▶ Cancelled
//!   (9) aborted during its own poll: dropped when the poll returns  ─▶ Cancelled
//! ```
//!
//! This is Tokio's `remote_abort` (`transition_to_notified_and_cancel`): the future is never
//! dropped by `abort()` itself, only by the worker that reaches the task, so whoever awaits its
//! `JoinHandle` is woken at that point, not before.
//!
//! Each edge is one method below; each returns a `#[must_use]` value that tells the scheduler
//! what to do next (as tokio's `runtime/task/state.rs` does with its transition results). The
//! tasks of this runtime live on one thread, so the state is a plain enum, not packed atomic
//! bits.

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskState {
    /// Returned `Pending` and was not woken: it waits for a waker.
    Idle,
    /// In a run queue (or the LIFO slot), waiting for a worker.
    Queued,
    /// Being polled. `notified` is set when it is woken during its own poll.
    Running {
        /// Woken during this poll: it is queued again when the poll returns `Pending`.
        notified: bool,
    },
    /// Returned `Ready`.
    Done,
    /// Dropped before completing.
    Cancelled,
}

/// What a wake asks the scheduler to do.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnWake {
    /// Edge (4): the task was idle; put it in a run queue.
    Enqueue,
    /// Already queued: do nothing (the wake is still recorded).
    AlreadyQueued,
    /// Running: it will be queued when its poll returns `Pending` (edge 5).
    SelfWake,
    /// Done or cancelled: do nothing.
    Finished,
}

/// What the scheduler does once a poll has returned.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterPoll {
    /// Edge (3): wait for a waker.
    Idle,
    /// Edge (5): it was woken while running; queue it again.
    Requeue,
    /// Edge (6): it finished; drop its future.
    Complete,
    /// Edge (9): it was aborted while running; drop its future.
    Cancel,
}

/// What an abort asks the scheduler to do (the task is marked cancelled in every case but
/// the last).
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnAbort {
    /// Edge (7): the task was idle; it is now queued: put it in a run queue.
    Enqueue,
    /// Edge (8): already queued; it is cancelled when a worker takes it.
    Queued,
    /// Edge (9): the task is running: cancel it when its poll returns.
    AfterPoll,
    /// Already finished: nothing to cancel.
    Finished,
}

impl TaskState {
    /// Edge (2): a worker took the task from its queue.
    pub fn start_poll(&mut self) {
        debug_assert_eq!(*self, TaskState::Queued, "only a queued task can be polled");
        *self = TaskState::Running { notified: false };
    }

    /// Edges (4) and the wake rules of DESIGN.md.
    pub fn wake(&mut self) -> OnWake {
        match self {
            TaskState::Idle => {
                *self = TaskState::Queued;
                OnWake::Enqueue
            }
            TaskState::Queued => OnWake::AlreadyQueued,
            TaskState::Running { notified } => {
                *notified = true;
                OnWake::SelfWake
            }
            TaskState::Done | TaskState::Cancelled => OnWake::Finished,
        }
    }

    /// Edges (3), (5), (6), (9). `aborted` is whether an abort arrived during the poll.
    pub fn end_poll(&mut self, ready: bool, aborted: bool) -> AfterPoll {
        let TaskState::Running { notified } = *self else {
            debug_assert!(false, "end_poll on a task that was not running: {self:?}");
            return AfterPoll::Idle;
        };
        if ready {
            *self = TaskState::Done;
            AfterPoll::Complete
        } else if aborted {
            *self = TaskState::Cancelled;
            AfterPoll::Cancel
        } else if notified {
            *self = TaskState::Queued;
            AfterPoll::Requeue
        } else {
            *self = TaskState::Idle;
            AfterPoll::Idle
        }
    }

    /// Edges (7), (8), (9).
    pub fn abort(&mut self) -> OnAbort {
        match *self {
            TaskState::Idle => {
                *self = TaskState::Queued;
                OnAbort::Enqueue
            }
            TaskState::Queued => OnAbort::Queued,
            TaskState::Running { .. } => OnAbort::AfterPoll,
            TaskState::Done | TaskState::Cancelled => OnAbort::Finished,
        }
    }

    /// Edge (8): a worker took an aborted task from its queue; it is dropped, not polled.
    pub fn cancel_queued(&mut self) {
        debug_assert_eq!(*self, TaskState::Queued, "only a queued task is taken");
        *self = TaskState::Cancelled;
    }

    /// Whether the task has finished one way or the other.
    pub fn is_finished(self) -> bool {
        matches!(self, TaskState::Done | TaskState::Cancelled)
    }

    /// The name the UI and its test hooks use (`data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Idle => "idle",
            TaskState::Queued => "queued",
            TaskState::Running { .. } => "running",
            TaskState::Done => "done",
            TaskState::Cancelled => "cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wake_rules() {
        let mut s = TaskState::Idle;
        assert_eq!(s.wake(), OnWake::Enqueue);
        assert_eq!(
            s.wake(),
            OnWake::AlreadyQueued,
            "a queued task is not queued twice"
        );
        s.start_poll();
        assert_eq!(s.wake(), OnWake::SelfWake);
        assert_eq!(
            s.end_poll(false, false),
            AfterPoll::Requeue,
            "woken while running"
        );
        s.start_poll();
        assert_eq!(s.end_poll(false, false), AfterPoll::Idle);
        assert_eq!(s.wake(), OnWake::Enqueue);
        s.start_poll();
        assert_eq!(s.end_poll(true, false), AfterPoll::Complete);
        assert_eq!(
            s.wake(),
            OnWake::Finished,
            "waking a finished task does nothing"
        );
    }

    #[test]
    fn abort_rules() {
        let mut s = TaskState::Idle;
        assert_eq!(
            s.abort(),
            OnAbort::Enqueue,
            "an idle task is queued, like a wake"
        );
        assert_eq!(s, TaskState::Queued);
        assert_eq!(s.abort(), OnAbort::Queued, "a second abort changes nothing");
        s.cancel_queued();
        assert_eq!(s, TaskState::Cancelled);
        assert_eq!(s.abort(), OnAbort::Finished);
        let mut s = TaskState::Running { notified: true };
        assert_eq!(s.abort(), OnAbort::AfterPoll);
        assert_eq!(s.end_poll(false, true), AfterPoll::Cancel);
        let mut s = TaskState::Running { notified: false };
        assert_eq!(
            s.end_poll(true, true),
            AfterPoll::Complete,
            "finishing beats a late abort"
        );
    }
}
