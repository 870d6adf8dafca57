//! A simulated worker: its local run queue, its LIFO slot, and its clock.
//!
//! ## Ordering (what a learner can predict)
//!
//! * The local queue is FIFO: a task is pushed at the back and popped from the front, so with
//!   one worker and no LIFO slot, tasks are polled in the order they were woken.
//! * With the LIFO slot on, a task woken (or spawned) by the running task goes into the slot
//!   and is polled next; a task already in the slot is pushed to the back of the local queue.
//!   At most [`MAX_LIFO_POLLS`] slot polls happen in a row, then the slot's task goes to the
//!   back of the local queue (as Tokio does, so two tasks ping-ponging cannot starve others).
//!   A task that yields or wakes itself never goes into the slot.
//! * The local queue holds at most `capacity` tasks (256, as Tokio). When full, its first half
//!   moves to the back of the inject queue ("overflow").
//! * Where a worker looks for its next task: every `event_interval`-th poll the inject queue
//!   first (so it is never starved), otherwise the LIFO slot, the local queue, the inject queue,
//!   and last it steals the first half of a sibling's local queue (siblings tried in order
//!   `w+1, w+2, ...`). The LIFO slot is never stolen.
//!
//! Compare embassy's `raw/run_queue.rs` and tokio's `runtime/scheduler/multi_thread/queue.rs`.

use crate::ids::{TaskId, Tick, WorkerId};
use alloc::collections::VecDeque;

/// Tokio's `MAX_LIFO_POLLS_PER_TICK`.
pub const MAX_LIFO_POLLS: u32 = 3;

/// A queued task and the virtual time from which it may be taken. With several workers a
/// task enqueued late in a long poll must not be picked up by another worker "before" it was
/// enqueued; with one worker `ready_at` never matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) task: TaskId,
    pub(crate) ready_at: Tick,
}

#[derive(Debug)]
pub(crate) struct Worker {
    pub(crate) id: WorkerId,
    pub(crate) local: VecDeque<Entry>,
    pub(crate) lifo: Option<Entry>,
    /// Slot polls in a row.
    pub(crate) lifo_polls: u32,
    /// The time this worker is next free (the end of its last poll).
    pub(crate) free_at: Tick,
    /// Polls since this worker last turned the drivers.
    pub(crate) polls_since_driver: u32,
    /// Polls ever made by this worker (the inject queue is checked first every
    /// `event_interval` polls).
    pub(crate) ticks: u64,
    /// Found no work even after turning the drivers: sleeps until work is enqueued.
    pub(crate) idle: bool,
    /// Has turned the drivers because it found no work, and has not polled since.
    pub(crate) parked: bool,
}

impl Worker {
    pub(crate) fn new(id: WorkerId, capacity: u32) -> Self {
        Worker {
            id,
            local: VecDeque::with_capacity(capacity as usize),
            lifo: None,
            lifo_polls: 0,
            free_at: 0,
            polls_since_driver: 0,
            ticks: 0,
            idle: false,
            parked: false,
        }
    }

    /// How many tasks a thief at time `now` takes from the front of this worker's local queue:
    /// half (rounded up) of the queue, but only tasks that were enqueued by `now`.
    pub(crate) fn steal_count(&self, now: Tick) -> usize {
        let half = self.local.len() - self.local.len() / 2;
        self.local
            .iter()
            .take(half)
            .take_while(|e| e.ready_at <= now)
            .count()
    }
}
