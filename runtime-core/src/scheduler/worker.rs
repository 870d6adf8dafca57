//! A simulated worker: its local run queue, its LIFO slot, its defer list, and its clock.
//!
//! ## Ordering (what a learner can predict)
//!
//! The orders are Tokio 1.54's, for the scheduler the configuration models
//! ([`Config::multi_thread`](crate::Config::multi_thread)):
//!
//! * The local queue is FIFO: a task is pushed at the back and popped from the front, so with
//!   one worker (Tokio's `current_thread`, which has no LIFO slot) tasks are polled in the
//!   order they were queued.
//! * The defer list holds the wakers of tasks that yielded or ran out of budget. The worker
//!   wakes it after each driver turn, last entry first (`Defer::wake` pops a `Vec`), so three
//!   tasks that yield in the order x, y, z are queued again as z, y, x.
//! * Where a worker looks for its next task, each scheduler tick: every
//!   `global_queue_interval`-th tick the inject queue first (so it is never starved), else its
//!   own queues first (with several workers: the LIFO slot, then the local queue), then the
//!   inject queue (with several workers a batch of `len / workers + 1` of it, the rest kept at
//!   the back of the local queue), then, with several workers, it steals: half (rounded up) of
//!   the front of a sibling's local queue, siblings tried from a random one on, and it polls
//!   the *last* task it stole (`steal_into`). The LIFO slot is never stolen.
//! * With the LIFO slot (several workers), a task woken by the running task, or by the drivers
//!   this worker turns, goes into the slot and is polled right after the running task; the
//!   task it displaces goes to the back of the local queue. The slot's polls share the budget
//!   of the poll before them and do not count as ticks; after [`MAX_LIFO_POLLS`] of them in a
//!   row the slot is switched off until it is empty again, so wakes go to the back of the
//!   queue (two tasks ping-ponging cannot starve the others). A task that wakes itself never
//!   goes into the slot.
//! * The local queue holds at most `capacity` tasks (256, as Tokio). When full, its newest
//!   half moves to the back of the inject queue, followed by the task being queued (Tokio 1.52
//!   and later: so tasks just taken from the inject queue, which are in the first half, are
//!   not pushed back).
//!
//! Compare tokio's `runtime/scheduler/current_thread/mod.rs`, `multi_thread/worker.rs` and
//! `multi_thread/queue.rs`, and embassy's `raw/run_queue.rs`.

use crate::ids::{TaskId, Tick, WorkerId};
use crate::rand::FastRand;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::task::Waker;

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

/// Tokio's `multi_thread` `run_task`: after a poll, the worker polls what its LIFO slot holds,
/// up to [`MAX_LIFO_POLLS`] times, inside the same cooperative budget.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chain {
    /// Slot polls so far after the poll that started the chain.
    pub(crate) lifo_polls: u32,
    /// The budget left when the last poll of the chain ended.
    pub(crate) budget: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct Worker {
    pub(crate) id: WorkerId,
    pub(crate) local: VecDeque<Entry>,
    pub(crate) lifo: Option<Entry>,
    /// Whether wakes may go into the LIFO slot now (Tokio's `lifo_enabled`).
    pub(crate) lifo_enabled: bool,
    /// Set while the worker is in a poll chain (several workers).
    pub(crate) chain: Option<Chain>,
    /// The wakers handed over by `yield_now` and by leaf futures out of budget, woken (last
    /// first) after the next driver turn.
    pub(crate) deferred: Vec<Waker>,
    /// The time this worker is next free (the end of its last poll).
    pub(crate) free_at: Tick,
    /// Polls since this worker last turned the drivers (`current_thread` turns them after
    /// `event_interval` polls in a row).
    pub(crate) polls_since_driver: u32,
    /// Scheduler ticks: one for each time round the loop that looks for a task (Tokio's
    /// `tick`). The inject queue is checked first every `global_queue_interval` ticks, and with
    /// several workers the drivers are turned every `event_interval` ticks.
    pub(crate) ticks: u64,
    /// The tick of the time round the loop in progress has been counted.
    pub(crate) ticked: bool,
    /// Found no work even after turning the drivers: sleeps until work is enqueued.
    pub(crate) idle: bool,
    /// Has turned the drivers because it found no work, and has not polled since.
    pub(crate) parked: bool,
    /// Where this worker starts looking for a sibling to steal from.
    pub(crate) steal_rng: FastRand,
    /// What `select` draws from on this worker (Tokio's thread-local `thread_rng_n`).
    pub(crate) select_rng: FastRand,
}

impl Worker {
    pub(crate) fn new(id: WorkerId, capacity: u32, lifo: bool, seed: u32) -> Self {
        Worker {
            id,
            local: VecDeque::with_capacity(capacity as usize),
            lifo: None,
            lifo_enabled: lifo,
            chain: None,
            deferred: Vec::new(),
            free_at: 0,
            polls_since_driver: 0,
            ticks: 0,
            ticked: false,
            idle: false,
            parked: false,
            steal_rng: FastRand::stream(seed, 2 * id.0 + 1),
            select_rng: FastRand::stream(seed, 2 * id.0),
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
