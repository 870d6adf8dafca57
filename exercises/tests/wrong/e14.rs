//! Exercise 14: detectors that use `>` instead of `>=`, report ids instead of names, count only
//! the first long poll, or measure waits from the first enqueue only.

use exercises::checks::e14_blocking_detector::{Found, Subject};
use runtime_core::trace::Event;
use runtime_core::{EventRecord, TaskId, Tick};
use std::collections::BTreeMap;

/// `duration > threshold`.
pub const STRICT: u8 = 1;
/// Names tasks by id (`task#1`).
pub const IDS: u8 = 2;
/// Counts only the first long poll of each task.
pub const FIRST_ONLY: u8 = 3;
/// Measures each task's wait from its first `enqueued` only.
pub const FROM_FIRST_ENQUEUE: u8 = 4;

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    fn find_blockers(trace: &[EventRecord], threshold: Tick) -> Vec<Found> {
        let mut names = BTreeMap::new();
        let mut found: Vec<(TaskId, Found)> = Vec::new();
        for r in trace {
            match &r.event {
                Event::Spawned { task, name, .. } => {
                    names.insert(*task, name.to_string());
                }
                Event::PollEnd { task, duration, .. } => {
                    let long = if BUG == STRICT {
                        *duration > threshold
                    } else {
                        *duration >= threshold
                    };
                    if !long {
                        continue;
                    }
                    match found.iter_mut().find(|(t, _)| t == task) {
                        Some((_, f)) => {
                            if BUG != FIRST_ONLY {
                                f.1 += 1;
                                f.2 = f.2.max(*duration);
                            }
                        }
                        None => {
                            let name = if BUG == IDS {
                                task.to_string()
                            } else {
                                names[task].clone()
                            };
                            found.push((*task, (name, 1, *duration)));
                        }
                    }
                }
                _ => {}
            }
        }
        found.into_iter().map(|(_, f)| f).collect()
    }

    fn find_victims(trace: &[EventRecord], threshold: Tick) -> Vec<(String, Tick)> {
        let mut spawned = Vec::new();
        let mut queued: BTreeMap<TaskId, Tick> = BTreeMap::new();
        let mut longest: BTreeMap<TaskId, Tick> = BTreeMap::new();
        for r in trace {
            match &r.event {
                Event::Spawned { task, name, .. } => spawned.push((*task, name.to_string())),
                Event::Enqueued { task, .. }
                    if BUG != FROM_FIRST_ENQUEUE || !queued.contains_key(task) =>
                {
                    queued.insert(*task, r.at);
                }
                Event::PollStart { task, .. } => {
                    let since = if BUG == FROM_FIRST_ENQUEUE {
                        queued.get(task).copied()
                    } else {
                        queued.remove(task)
                    };
                    if let Some(since) = since {
                        let e = longest.entry(*task).or_insert(0);
                        *e = (*e).max(r.at - since);
                    }
                }
                _ => {}
            }
        }
        spawned
            .into_iter()
            .filter_map(|(t, n)| {
                longest
                    .get(&t)
                    .filter(|&&w| w >= threshold)
                    .map(|&w| (n, w))
            })
            .collect()
    }
}
