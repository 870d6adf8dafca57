//! Diagnostics computed from a trace: per-task poll statistics and the warnings the runtime
//! raised, in a form a report or a grader can use.
//!
//! The runtime raises warnings as events while it runs (`long_poll`, `lost_waker`,
//! `self_wake_storm`, `stalled`); this module adds what needs the whole trace: poll counts,
//! busy and idle time, and wake-to-poll latency (how long a woken task waited in a queue,
//! which is what a blocking neighbour costs it).

use crate::ids::{TaskId, Tick};
use crate::replay::Snapshot;
use crate::trace::{EventRecord, Text};
use alloc::vec::Vec;

/// Statistics for one task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskStats {
    /// The task.
    pub task: TaskId,
    /// Its name.
    pub name: Text,
    /// How many times it was polled.
    pub polls: u32,
    /// Virtual time spent in polls.
    pub busy: Tick,
    /// Virtual time spent idle, waiting for a wake.
    pub idle: Tick,
    /// Its longest single poll.
    pub longest_poll: Tick,
    /// Its waits in a queue (`replay::QueueWait`): the longest, and the mean.
    pub max_wait: Tick,
    /// See `max_wait`.
    pub mean_wait: Tick,
    /// Wakes from inside its own poll.
    pub self_wakes: u32,
    /// Whether it completed (or was cancelled) by the end of the trace.
    pub finished: bool,
}

/// The result of analysing a whole trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every task, by id.
    pub tasks: Vec<TaskStats>,
    /// The diagnostic events, in order.
    pub warnings: Vec<EventRecord>,
    /// Virtual time at the end.
    pub end: Tick,
}

impl Report {
    /// Analyses `events` (a whole trace, from its first event).
    pub fn from_events(events: &[EventRecord]) -> Report {
        let mut snap = Snapshot::new();
        for rec in events {
            snap.apply(rec);
        }
        Report::from_snapshot(&snap)
    }

    /// The report for the state a snapshot shows.
    pub fn from_snapshot(snap: &Snapshot) -> Report {
        let tasks = snap
            .tasks
            .iter()
            .map(|t| TaskStats {
                task: t.id,
                name: t.name.clone(),
                polls: t.polls,
                busy: t.busy,
                idle: t.idle,
                longest_poll: t.longest_poll,
                max_wait: t.max_wait,
                mean_wait: if t.polls == 0 {
                    0
                } else {
                    t.total_wait / Tick::from(t.polls)
                },
                self_wakes: t.self_wakes,
                finished: t.state.is_finished(),
            })
            .collect();
        Report {
            tasks,
            warnings: snap.diagnostics.clone(),
            end: snap.now,
        }
    }

    /// The statistics of a task by name.
    pub fn task(&self, name: &str) -> Option<&TaskStats> {
        self.tasks.iter().find(|t| &*t.name == name)
    }

    /// The longest poll of any task, and whose it was.
    pub fn longest_poll(&self) -> Option<&TaskStats> {
        self.tasks
            .iter()
            .max_by_key(|t| (t.longest_poll, core::cmp::Reverse(t.task)))
    }
}
