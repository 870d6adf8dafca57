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
//!                               │     (3) returned Pending, not woken
//!                               │
//!           (7) aborted while Idle or Queued: dropped now      ─▶ Cancelled
//!           (8) aborted during its own poll: dropped after it  ─▶ Cancelled
//! ```
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
    Running { notified: bool },
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
    /// Edge (8): it was aborted while running; drop its future.
    Cancel,
}

/// What an abort asks the scheduler to do.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnAbort {
    /// Edge (7): drop the future now (and take it out of its queue if `was_queued`).
    DropNow { was_queued: bool },
    /// The task is running: drop it when its poll returns (edge 8).
    DropAfterPoll,
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

    /// Edges (3), (5), (6), (8). `aborted` is whether an abort arrived during the poll.
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

    /// Edges (7) and (8).
    pub fn abort(&mut self) -> OnAbort {
        match *self {
            TaskState::Idle | TaskState::Queued => {
                let was_queued = *self == TaskState::Queued;
                *self = TaskState::Cancelled;
                OnAbort::DropNow { was_queued }
            }
            TaskState::Running { .. } => OnAbort::DropAfterPoll,
            TaskState::Done | TaskState::Cancelled => OnAbort::Finished,
        }
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
        let mut s = TaskState::Queued;
        assert_eq!(s.abort(), OnAbort::DropNow { was_queued: true });
        assert_eq!(s.abort(), OnAbort::Finished);
        let mut s = TaskState::Running { notified: true };
        assert_eq!(s.abort(), OnAbort::DropAfterPoll);
        assert_eq!(s.end_poll(false, true), AfterPoll::Cancel);
        let mut s = TaskState::Running { notified: false };
        assert_eq!(
            s.end_poll(true, true),
            AfterPoll::Complete,
            "finishing beats a late abort"
        );
    }
}
