//! What the two runs are compared on, read from each side: runtime-core's trace, and what the
//! Tokio host recorded.

use runtime_core::{Event, EventRecord};
use std::collections::BTreeMap;

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Its future returned `Ready`.
    Completed,
    /// It was aborted: its future was dropped before completing.
    Cancelled,
}

/// What a run did, as far as the comparison looks. Tasks are named by number: the lab numbers
/// them as it creates them, and the Tokio host numbers them the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Each poll, in order: when it started (ticks) and which task.
    pub polls: Vec<(u64, u32)>,
    /// Each print, in order: when (ticks), which task, the text.
    pub prints: Vec<(u64, u32, String)>,
    /// How and when each task that ended ended; a task missing here never finished.
    pub ends: BTreeMap<u32, (End, u64)>,
    /// Every task that started, by number.
    pub tasks: BTreeMap<u32, String>,
    /// A run-time error stopped the program.
    pub fault: bool,
    /// The Tokio run was cut off after as many polls as the lab's run had, plus one.
    pub cut_off: bool,
}

impl Observed {
    /// What runtime-core's trace shows.
    pub fn from_trace(events: &[EventRecord]) -> Observed {
        let mut seen = Observed::default();
        for r in events {
            match &r.event {
                Event::Spawned { task, name, .. } => {
                    seen.tasks.insert(task.0, name.to_string());
                }
                Event::PollStart { task, .. } => seen.polls.push((r.at, task.0)),
                Event::Print {
                    task: Some(task),
                    text,
                } => seen.prints.push((r.at, task.0, text.to_string())),
                Event::Completed { task } => {
                    seen.ends.insert(task.0, (End::Completed, r.at));
                }
                Event::Cancelled { task } => {
                    seen.ends.insert(task.0, (End::Cancelled, r.at));
                }
                Event::Fault { .. } => seen.fault = true,
                _ => {}
            }
        }
        seen
    }

    fn name(&self, task: u32) -> String {
        match self.tasks.get(&task) {
            Some(name) => format!("`{name}` (task {task})"),
            None => format!("task {task}"),
        }
    }
}

/// The first way `tokio` differs from `lab`, in words; `None` if they agree.
pub fn first_difference(lab: &Observed, tokio: &Observed) -> Option<String> {
    if tokio.cut_off {
        return Some(format!(
            "Tokio polls on after the lab's run ended ({} polls)",
            lab.polls.len()
        ));
    }
    let ms = |t: u64| format!("{t} ticks");
    for (i, (a, b)) in lab.polls.iter().zip(&tokio.polls).enumerate() {
        if a != b {
            return Some(format!(
                "poll #{}: the lab polls {} at {}, Tokio polls {} at {}",
                i + 1,
                lab.name(a.1),
                ms(a.0),
                tokio.name(b.1),
                ms(b.0)
            ));
        }
    }
    if lab.polls.len() != tokio.polls.len() {
        let (more, fewer, extra) = if lab.polls.len() > tokio.polls.len() {
            ("the lab", "Tokio", lab.polls[tokio.polls.len()])
        } else {
            ("Tokio", "the lab", tokio.polls[lab.polls.len()])
        };
        let who = if more == "the lab" { lab } else { tokio };
        return Some(format!(
            "{more} polls {} times, {fewer} {}; the first extra poll is of {} at {}",
            lab.polls.len().max(tokio.polls.len()),
            lab.polls.len().min(tokio.polls.len()),
            who.name(extra.1),
            ms(extra.0)
        ));
    }
    for (i, (a, b)) in lab.prints.iter().zip(&tokio.prints).enumerate() {
        if a != b {
            return Some(format!(
                "print #{}: the lab prints {:?} from {} at {}, Tokio prints {:?} from {} at {}",
                i + 1,
                a.2,
                lab.name(a.1),
                ms(a.0),
                b.2,
                tokio.name(b.1),
                ms(b.0)
            ));
        }
    }
    if lab.prints.len() != tokio.prints.len() {
        return Some(format!(
            "the lab prints {} lines, Tokio {}",
            lab.prints.len(),
            tokio.prints.len()
        ));
    }
    for (task, name) in &lab.tasks {
        if tokio.tasks.get(task) != Some(name) {
            return Some(format!("the lab runs {}, Tokio does not", lab.name(*task)));
        }
    }
    for task in tokio.tasks.keys() {
        if !lab.tasks.contains_key(task) {
            return Some(format!(
                "Tokio runs {}, the lab does not",
                tokio.name(*task)
            ));
        }
    }
    for task in lab.tasks.keys() {
        let (a, b) = (lab.ends.get(task), tokio.ends.get(task));
        if a != b {
            let says = |e: Option<&(End, u64)>| match e {
                Some((End::Completed, t)) => format!("completes at {}", ms(*t)),
                Some((End::Cancelled, t)) => format!("is cancelled at {}", ms(*t)),
                None => String::from("never finishes"),
            };
            return Some(format!(
                "{}: in the lab it {}, on Tokio it {}",
                lab.name(*task),
                says(a),
                says(b)
            ));
        }
    }
    if lab.fault != tokio.fault {
        return Some(format!(
            "a run-time error stops the {} run only",
            if lab.fault { "lab's" } else { "Tokio" }
        ));
    }
    None
}
