//! Exercise 14 — A blocking-task detector, from poll timings in the trace.
//! (Solution.)

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
    let mut names: BTreeMap<TaskId, String> = BTreeMap::new();
    let mut found: Vec<(TaskId, Blocker)> = Vec::new();
    for record in trace {
        match &record.event {
            Event::Spawned { task, name, .. } => {
                names.insert(*task, name.to_string());
            }
            // `>=`: a poll of exactly the threshold counts, as runtime-core's `long_poll`.
            Event::PollEnd { task, duration, .. } if *duration >= threshold => {
                match found.iter_mut().find(|(t, _)| t == task) {
                    Some((_, b)) => {
                        b.long_polls += 1;
                        b.longest = b.longest.max(*duration);
                    }
                    None => {
                        let name = names.get(task).cloned().unwrap_or_else(|| task.to_string());
                        found.push((
                            *task,
                            Blocker {
                                task: name,
                                long_polls: 1,
                                longest: *duration,
                            },
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    found.into_iter().map(|(_, b)| b).collect()
}

/// The tasks that waited `threshold` ticks or more in a ready queue, with their longest
/// wait, in spawn order.
pub fn find_victims(trace: &[EventRecord], threshold: Tick) -> Vec<(String, Tick)> {
    let mut spawned: Vec<(TaskId, String)> = Vec::new();
    let mut queued_at: BTreeMap<TaskId, Tick> = BTreeMap::new();
    let mut longest: BTreeMap<TaskId, Tick> = BTreeMap::new();
    for record in trace {
        match &record.event {
            Event::Spawned { task, name, .. } => spawned.push((*task, name.to_string())),
            Event::Enqueued { task, .. } => {
                queued_at.insert(*task, record.at);
            }
            Event::PollStart { task, .. } => {
                if let Some(since) = queued_at.remove(task) {
                    let wait = record.at - since;
                    let max = longest.entry(*task).or_insert(0);
                    *max = (*max).max(wait);
                }
            }
            _ => {}
        }
    }
    spawned
        .into_iter()
        .filter_map(|(task, name)| {
            longest
                .get(&task)
                .filter(|&&w| w >= threshold)
                .map(|&w| (name, w))
        })
        .collect()
}
