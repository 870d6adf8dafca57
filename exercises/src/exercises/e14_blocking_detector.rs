//! Exercise 14 — A blocking-task detector, from poll timings in the trace.
//!
//! Goal: read a runtime-core trace (a list of `EventRecord`s) the way tokio-console reads a
//! running program, and find
//!
//! * the **blockers**: tasks with polls of `threshold` ticks or more (a `poll_end`'s
//!   `duration`), each with how many such polls it had and its longest poll, in the order of
//!   their first long poll;
//! * the **victims**: tasks that waited in a ready queue `threshold` ticks or more, from an
//!   `enqueued` event to that task's next `poll_start`, each with its longest wait, in the
//!   order the tasks were spawned.
//!
//! Tasks are named by the `spawned` event that created them (`Event::Spawned { task, name,
//! .. }`); report names, not ids.
//!
//! Lesson: `exercises/lessons/e14_blocking_detector.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e14`

use runtime_core::trace::Event;
use runtime_core::{EventRecord, TaskId, Tick};
use std::collections::BTreeMap;

/// A task that held its worker for `threshold` ticks or more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocker {
    /// The task's name.
    pub task: String,
    /// How many of its polls took `threshold` ticks or more.
    pub long_polls: u32,
    /// Its longest poll.
    pub longest: Tick,
}

/// The tasks that blocked their worker, in the order of their first long poll.
pub fn find_blockers(trace: &[EventRecord], threshold: Tick) -> Vec<Blocker> {
    // TODO: learn task names from `Event::Spawned`. For each `Event::PollEnd { task,
    //       duration, .. }` with `duration >= threshold`, count it for that task and keep the
    //       longest; list each task once, in the order its first long poll appears.
    todo!("find_blockers")
}

/// The tasks that waited `threshold` ticks or more in a ready queue, with their longest
/// wait, in spawn order.
pub fn find_victims(trace: &[EventRecord], threshold: Tick) -> Vec<(String, Tick)> {
    // TODO: remember when each task was last `Event::Enqueued` (the record's `at`); at its
    //       next `Event::PollStart` the wait is `at - enqueued_at`. Keep each task's longest
    //       wait and report those >= threshold, in the order the tasks were spawned.
    todo!("find_victims")
}
