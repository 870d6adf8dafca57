//! Goals checked on a trace.
//!
//! A [`Goal`] is one line of a challenge file (`goal: max_poll 1ms`); [`Goal::check`] reads a
//! run's events and outcome and returns a [`GoalResult`]: passed or not, a message for the
//! learner that says what was expected and what happened, and the sequence numbers of the
//! events that show it, so the UI can link to them.
//!
//! Goals that name a task apply to every task spawned with that name (a `lazy task` may be
//! spawned many times), and fail when no task of that name ran: deleting the work is never a
//! way to pass. Durations are in microseconds whatever the program's tick size.
//!
//! | Syntax | Passes when |
//! |---|---|
//! | `all_finish` | the run finishes and every task completes or is cancelled |
//! | `finish_by 60ms` | every task has finished by 60ms |
//! | `max_poll 1ms [TASK]` | no poll (of TASK) runs longer than 1ms |
//! | `max_wait TASK 5ms` | TASK never waits more than 5ms in a ready queue (from `enqueued` to `poll_start`) |
//! | `max_gap TASK CHAN 20ms` | TASK never waits more than 20ms for a value from CHAN (from its start to its first receive, and between two receives) |
//! | `prints TASK "text" [xN] [after T] [by T]` | TASK prints a line containing the text (exactly N times; in the window) |
//! | `no_print TASK "text"` | TASK never prints a line containing the text |
//! | `delivers CHAN N` | at least N values come out of CHAN and every value that went in came out |
//! | `max_buffered CHAN N` | CHAN never holds more than N values |
//! | `workers_share N P%` | the run has N workers and each runs at least P% of the polls |
//! | `no_lost_waker` | no task returns Pending with no way to be woken |
//! | `cancelled TASK` | TASK is cancelled (aborted) |
//! | `not_cancelled TASK` | TASK is never cancelled |
//! | `works TASK 20ms` | TASK's polls (or, for a blocking task, its work on the pool) add up to at least 20ms of work |
//! | `timers_late 2ms [TASK]` | every timer (of TASK) fires at most 2ms after its deadline |
//! | `max_polls TASK N` | TASK is polled at most N times |
//!
//! `TASK` may be `*` (any task) in `prints`, `no_print` and `works`.

use crate::words::{duration_code, parse_duration, plural};
use crate::{Micros, Word, and_list, parse_count, quote, split_words};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use runtime_core::trace::{Event, EventRecord, Holder, Text};
use runtime_core::{ChannelId, TaskId, Tick, WakerId};
use scenario::interp::{Outcome, RunResult};

// What the goals read from a run, and each goal's check of it: one file each.
mod check;
mod facts;

use check::*;
use facts::Facts;

/// The most event numbers a result lists (the first ones).
pub const MAX_EVENTS: usize = 40;

/// A goal a run must meet. See the [module docs](self) for the syntax of each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// The run finishes and every task completes or is cancelled.
    AllFinish,
    /// Every task has finished by this time.
    FinishBy {
        /// The deadline.
        by: Micros,
    },
    /// No poll (of `task`, or of any task) runs longer than `max`.
    MaxPoll {
        /// The longest a poll may take.
        max: Micros,
        /// Only this task's polls (`None`: every task's).
        task: Option<String>,
    },
    /// The task never waits longer than `max` in a ready queue, from being enqueued to
    /// being polled.
    MaxWait {
        /// The task.
        task: String,
        /// The longest wait.
        max: Micros,
    },
    /// The task never waits longer than `max` for a value from `channel`: from its start
    /// to its first receive, and between two receives.
    MaxGap {
        /// The receiving task.
        task: String,
        /// The channel.
        channel: String,
        /// The longest gap.
        max: Micros,
    },
    /// The task prints a line containing `text`.
    Prints {
        /// The task (`None`: any task).
        task: Option<String>,
        /// Text the line must contain.
        text: String,
        /// Exactly this many such lines (`None`: at least one).
        times: Option<u32>,
        /// Only lines printed at or after this time count.
        after: Option<Micros>,
        /// Only lines printed at or before this time count.
        by: Option<Micros>,
    },
    /// The task never prints a line containing `text`.
    NoPrint {
        /// The task (`None`: any task).
        task: Option<String>,
        /// The text.
        text: String,
    },
    /// At least `count` values come out of `channel`, and every value that went in came out.
    Delivers {
        /// The channel.
        channel: String,
        /// The fewest values that must come through.
        count: u32,
    },
    /// The channel never holds more than `max` values.
    MaxBuffered {
        /// The channel.
        channel: String,
        /// The most values it may hold.
        max: u32,
    },
    /// The run has `workers` workers and each runs at least `percent`% of all polls.
    WorkersShare {
        /// How many workers.
        workers: u32,
        /// The smallest share of the polls each must run, in percent.
        percent: u32,
    },
    /// No task returns Pending without any way to be woken (no `lost_waker` diagnostic).
    NoLostWaker,
    /// The task is cancelled (aborted before it completed).
    Cancelled {
        /// The task.
        task: String,
    },
    /// The task is never cancelled.
    NotCancelled {
        /// The task.
        task: String,
    },
    /// The task's polls (or a blocking task's work on the pool) add up to at least `at_least`
    /// of work.
    Works {
        /// The task (`None`: all tasks together).
        task: Option<String>,
        /// The least total poll time.
        at_least: Micros,
    },
    /// Every timer (registered by `task`, or by any task) fires at most `max` after its
    /// deadline.
    TimersLate {
        /// How late a timer may fire.
        max: Micros,
        /// Only this task's timers.
        task: Option<String>,
    },
    /// The task is polled at most `max` times.
    MaxPolls {
        /// The task.
        task: String,
        /// The most polls.
        max: u32,
    },
}

/// The names of the goals, as written in files.
pub const GOAL_NAMES: [&str; 16] = [
    "all_finish",
    "finish_by",
    "max_poll",
    "max_wait",
    "max_gap",
    "prints",
    "no_print",
    "delivers",
    "max_buffered",
    "workers_share",
    "no_lost_waker",
    "cancelled",
    "not_cancelled",
    "works",
    "timers_late",
    "max_polls",
];

/// The result of checking one goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalResult {
    /// The goal checked.
    pub goal: Goal,
    /// Whether the run meets it.
    pub passed: bool,
    /// For the learner: what was expected and what happened.
    pub message: String,
    /// Sequence numbers of the events that show a failure (or, for a pass, the evidence),
    /// in trace order, at most [`MAX_EVENTS`].
    pub events: Vec<u64>,
}

impl Goal {
    /// Parses a goal line such as `max_gap consumer jobs 20ms`.
    pub fn parse(line: &str) -> Result<Goal, String> {
        let ws = split_words(line)?;
        let Some((name, args)) = ws.split_first() else {
            return Err(format!(
                "a goal is missing: write one of {}",
                GOAL_NAMES.join(", ")
            ));
        };
        let mut a = Args {
            goal: &name.text,
            words: args,
            at: 0,
        };
        let goal = match name.text.as_str() {
            "all_finish" => Goal::AllFinish,
            "finish_by" => Goal::FinishBy {
                by: a.duration("a time such as `60ms`")?,
            },
            "max_poll" => Goal::MaxPoll {
                max: a.duration("the longest poll, such as `1ms`")?,
                task: a.optional_name(),
            },
            "max_wait" => Goal::MaxWait {
                task: a.name("a task name")?,
                max: a.duration("the longest wait, such as `5ms`")?,
            },
            "max_gap" => Goal::MaxGap {
                task: a.name("a task name")?,
                channel: a.name("a channel name")?,
                max: a.duration("the longest gap, such as `20ms`")?,
            },
            "prints" => {
                let task = a.task_or_any()?;
                let text = a.text()?;
                let mut times = None;
                let mut after = None;
                let mut by = None;
                while let Some(w) = a.peek() {
                    if w.quoted {
                        return Err(a.unexpected("`xN`, `after TIME` or `by TIME`"));
                    }
                    if let Some(n) = w.text.strip_prefix('x').and_then(parse_count) {
                        a.at += 1;
                        times = Some(u32::try_from(n).map_err(|_| a.unexpected("a count"))?);
                    } else if w.text == "after" {
                        a.at += 1;
                        after = Some(a.duration("a time after `after`, such as `50ms`")?);
                    } else if w.text == "by" {
                        a.at += 1;
                        by = Some(a.duration("a time after `by`, such as `55ms`")?);
                    } else {
                        return Err(a.unexpected("`xN`, `after TIME` or `by TIME`"));
                    }
                }
                Goal::Prints {
                    task,
                    text,
                    times,
                    after,
                    by,
                }
            }
            "no_print" => Goal::NoPrint {
                task: a.task_or_any()?,
                text: a.text()?,
            },
            "delivers" => Goal::Delivers {
                channel: a.name("a channel name")?,
                count: a.count("how many values, such as `6`")?,
            },
            "max_buffered" => Goal::MaxBuffered {
                channel: a.name("a channel name")?,
                max: a.count("the most values, such as `4`")?,
            },
            "workers_share" => {
                let workers = a.count("how many workers, such as `4`")?;
                let percent = a.percent()?;
                if workers == 0 || workers > 16 {
                    return Err(String::from(
                        "`workers_share` needs 1 to 16 workers, such as `workers_share 4 20%`",
                    ));
                }
                Goal::WorkersShare { workers, percent }
            }
            "no_lost_waker" => Goal::NoLostWaker,
            "cancelled" => Goal::Cancelled {
                task: a.name("a task name")?,
            },
            "not_cancelled" => Goal::NotCancelled {
                task: a.name("a task name")?,
            },
            "works" => Goal::Works {
                task: a.task_or_any()?,
                at_least: a.duration("the least work, such as `20ms`")?,
            },
            "timers_late" => Goal::TimersLate {
                max: a.duration("how late, such as `2ms`")?,
                task: a.optional_name(),
            },
            "max_polls" => Goal::MaxPolls {
                task: a.name("a task name")?,
                max: a.count("the most polls, such as `3`")?,
            },
            other => {
                let hint = scenario::suggest::did_you_mean(other, GOAL_NAMES);
                return Err(format!(
                    "unknown goal `{other}`{hint}; the goals are {}",
                    GOAL_NAMES.join(", ")
                ));
            }
        };
        if a.peek().is_some() {
            return Err(a.unexpected("the end of the goal"));
        }
        Ok(goal)
    }

    /// The goal in words, for the goal list the learner sees.
    pub fn describe(&self) -> String {
        let task_or_any = |t: &Option<String>| match t {
            Some(t) => format!("`{t}`"),
            None => String::from("a task"),
        };
        match self {
            Goal::AllFinish => String::from("every task finishes"),
            Goal::FinishBy { by } => format!("every task has finished by {}", d(*by)),
            Goal::MaxPoll { max, task: None } => {
                format!("no poll takes longer than {}", d(*max))
            }
            Goal::MaxPoll { max, task: Some(t) } => {
                format!("no poll of `{t}` takes longer than {}", d(*max))
            }
            Goal::MaxWait { task, max } => format!(
                "`{task}` never waits more than {} in the ready queue",
                d(*max)
            ),
            Goal::MaxGap { task, channel, max } => format!(
                "`{task}` never waits more than {} for a value from `{channel}`",
                d(*max)
            ),
            Goal::Prints {
                task,
                text,
                times,
                after,
                by,
            } => {
                let mut s = format!("{} prints \"{text}\"", task_or_any(task));
                if let Some(n) = times {
                    s += &format!(" exactly {}", plural(u64::from(*n), "time"));
                }
                match (after, by) {
                    (Some(a), Some(b)) => s += &format!(" between {} and {}", d(*a), d(*b)),
                    (Some(a), None) => s += &format!(" at or after {}", d(*a)),
                    (None, Some(b)) => s += &format!(" by {}", d(*b)),
                    (None, None) => {}
                }
                s
            }
            Goal::NoPrint { task, text } => {
                format!("{} never prints \"{text}\"", task_or_any(task))
            }
            Goal::Delivers { channel, count } => {
                format!("no value sent on `{channel}` is lost, and at least {count} get through")
            }
            Goal::MaxBuffered { channel, max } => format!(
                "`{channel}` never holds more than {}",
                plural(u64::from(*max), "value")
            ),
            Goal::WorkersShare { workers, percent } => {
                format!("each of the {workers} workers runs at least {percent}% of the polls")
            }
            Goal::NoLostWaker => String::from("no waker is lost"),
            Goal::Cancelled { task } => format!("`{task}` is cancelled"),
            Goal::NotCancelled { task } => format!("`{task}` is never cancelled"),
            Goal::Works {
                task: None,
                at_least,
            } => {
                format!("the tasks do at least {} of work in all", d(*at_least))
            }
            Goal::Works {
                task: Some(t),
                at_least,
            } => format!("`{t}` does at least {} of work in all", d(*at_least)),
            Goal::TimersLate { max, task: None } => {
                format!("every timer fires at most {} after its deadline", d(*max))
            }
            Goal::TimersLate { max, task: Some(t) } => format!(
                "every timer of `{t}` fires at most {} after its deadline",
                d(*max)
            ),
            Goal::MaxPolls { task, max } => format!(
                "`{task}` is polled at most {}",
                plural(u64::from(*max), "time")
            ),
        }
    }

    /// Checks the goal on a run.
    pub fn check(&self, run: &RunResult) -> GoalResult {
        let facts = Facts::new(run);
        self.check_facts(&facts)
    }

    fn check_facts(&self, f: &Facts<'_>) -> GoalResult {
        let Checked {
            passed,
            message,
            mut events,
        } = match self {
            Goal::AllFinish => all_finish(f),
            Goal::FinishBy { by } => finish_by(f, *by),
            Goal::MaxPoll { max, task } => max_poll(f, *max, task.as_deref()),
            Goal::MaxWait { task, max } => max_wait(f, task, *max),
            Goal::MaxGap { task, channel, max } => max_gap(f, task, channel, *max),
            Goal::Prints {
                task,
                text,
                times,
                after,
                by,
            } => prints(f, task.as_deref(), text, *times, *after, *by),
            Goal::NoPrint { task, text } => no_print(f, task.as_deref(), text),
            Goal::Delivers { channel, count } => delivers(f, channel, *count),
            Goal::MaxBuffered { channel, max } => max_buffered(f, channel, *max),
            Goal::WorkersShare { workers, percent } => workers_share(f, *workers, *percent),
            Goal::NoLostWaker => no_lost_waker(f),
            Goal::Cancelled { task } => cancelled(f, task, true),
            Goal::NotCancelled { task } => cancelled(f, task, false),
            Goal::Works { task, at_least } => works(f, task.as_deref(), *at_least),
            Goal::TimersLate { max, task } => timers_late(f, *max, task.as_deref()),
            Goal::MaxPolls { task, max } => max_polls(f, task, *max),
        };
        events.sort_unstable();
        events.dedup();
        events.truncate(MAX_EVENTS);
        GoalResult {
            goal: self.clone(),
            passed,
            message,
            events,
        }
    }
}

/// Checks every goal on one run.
pub fn check_all(goals: &[Goal], run: &RunResult) -> Vec<GoalResult> {
    let facts = Facts::new(run);
    goals.iter().map(|g| g.check_facts(&facts)).collect()
}

/// The goal as it is written in a file; [`Goal::parse`] reads it back.
impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let task = |t: &Option<String>| t.clone().unwrap_or_else(|| String::from("*"));
        let opt = |t: &Option<String>| t.as_ref().map(|t| format!(" {t}")).unwrap_or_default();
        match self {
            Goal::AllFinish => f.write_str("all_finish"),
            Goal::FinishBy { by } => write!(f, "finish_by {}", duration_code(*by)),
            Goal::MaxPoll { max, task: t } => {
                write!(f, "max_poll {}{}", duration_code(*max), opt(t))
            }
            Goal::MaxWait { task, max } => write!(f, "max_wait {task} {}", duration_code(*max)),
            Goal::MaxGap { task, channel, max } => {
                write!(f, "max_gap {task} {channel} {}", duration_code(*max))
            }
            Goal::Prints {
                task: t,
                text,
                times,
                after,
                by,
            } => {
                write!(f, "prints {} {}", task(t), quote(text))?;
                if let Some(n) = times {
                    write!(f, " x{n}")?;
                }
                if let Some(a) = after {
                    write!(f, " after {}", duration_code(*a))?;
                }
                if let Some(b) = by {
                    write!(f, " by {}", duration_code(*b))?;
                }
                Ok(())
            }
            Goal::NoPrint { task: t, text } => write!(f, "no_print {} {}", task(t), quote(text)),
            Goal::Delivers { channel, count } => write!(f, "delivers {channel} {count}"),
            Goal::MaxBuffered { channel, max } => write!(f, "max_buffered {channel} {max}"),
            Goal::WorkersShare { workers, percent } => {
                write!(f, "workers_share {workers} {percent}%")
            }
            Goal::NoLostWaker => f.write_str("no_lost_waker"),
            Goal::Cancelled { task } => write!(f, "cancelled {task}"),
            Goal::NotCancelled { task } => write!(f, "not_cancelled {task}"),
            Goal::Works { task: t, at_least } => {
                write!(f, "works {} {}", task(t), duration_code(*at_least))
            }
            Goal::TimersLate { max, task: t } => {
                write!(f, "timers_late {}{}", duration_code(*max), opt(t))
            }
            Goal::MaxPolls { task, max } => write!(f, "max_polls {task} {max}"),
        }
    }
}

/// The arguments of a goal line, read left to right.
struct Args<'a> {
    goal: &'a str,
    words: &'a [Word],
    at: usize,
}

impl Args<'_> {
    fn peek(&self) -> Option<&Word> {
        self.words.get(self.at)
    }

    fn next(&mut self, expected: &str) -> Result<&Word, String> {
        let w = self
            .words
            .get(self.at)
            .ok_or_else(|| format!("`{}` needs {expected} here, but the line ends", self.goal))?;
        self.at += 1;
        Ok(w)
    }

    fn unexpected(&self, expected: &str) -> String {
        match self.words.get(self.at) {
            Some(w) => format!(
                "`{}`: expected {expected}, found `{}`",
                self.goal,
                if w.quoted {
                    quote(&w.text)
                } else {
                    w.text.clone()
                }
            ),
            None => format!("`{}`: expected {expected}", self.goal),
        }
    }

    fn name(&mut self, expected: &str) -> Result<String, String> {
        let at = self.at;
        let w = self.next(expected)?;
        if w.quoted || !is_name(&w.text) {
            self.at = at;
            return Err(self.unexpected(expected));
        }
        Ok(w.text.clone())
    }

    fn optional_name(&mut self) -> Option<String> {
        let w = self.peek()?;
        if w.quoted || !is_name(&w.text) {
            return None;
        }
        let name = w.text.clone();
        self.at += 1;
        Some(name)
    }

    fn task_or_any(&mut self) -> Result<Option<String>, String> {
        if self.peek().is_some_and(|w| !w.quoted && w.text == "*") {
            self.at += 1;
            return Ok(None);
        }
        self.name("a task name (or `*` for any task)").map(Some)
    }

    fn text(&mut self) -> Result<String, String> {
        let at = self.at;
        let w = self.next("a quoted text, such as \"done\"")?;
        if !w.quoted {
            self.at = at;
            return Err(self.unexpected("a quoted text, such as \"done\""));
        }
        Ok(w.text.clone())
    }

    fn duration(&mut self, expected: &str) -> Result<Micros, String> {
        let at = self.at;
        let w = self.next(expected)?;
        match (w.quoted, parse_duration(&w.text)) {
            (false, Some(us)) => Ok(us),
            _ => {
                self.at = at;
                Err(self.unexpected(expected))
            }
        }
    }

    fn count(&mut self, expected: &str) -> Result<u32, String> {
        let at = self.at;
        let w = self.next(expected)?;
        match (
            w.quoted,
            parse_count(&w.text).and_then(|n| u32::try_from(n).ok()),
        ) {
            (false, Some(n)) => Ok(n),
            _ => {
                self.at = at;
                Err(self.unexpected(expected))
            }
        }
    }

    fn percent(&mut self) -> Result<u32, String> {
        let at = self.at;
        let expected = "a share such as `20%`";
        let w = self.next(expected)?;
        let n = w
            .text
            .strip_suffix('%')
            .and_then(parse_count)
            .filter(|n| *n <= 100)
            .and_then(|n| u32::try_from(n).ok());
        match (w.quoted, n) {
            (false, Some(n)) => Ok(n),
            _ => {
                self.at = at;
                Err(self.unexpected(expected))
            }
        }
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A duration in a message for the learner.
fn d(us: Micros) -> String {
    crate::words::duration(us)
}

/// `event 13`, `events 13–16`, for the events with `seq` `a` and `b`. What a learner reads
/// counts events from 1, as the stepper does ("event 13 of 40" is the state after the 13th
/// event, `seq` 12), so a number in a message is the number the stepper shows there.
pub(crate) fn span(a: u64, b: u64) -> String {
    let (a, b) = (a + 1, b + 1);
    if a == b {
        format!("event {a}")
    } else {
        format!("events {a}\u{2013}{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn goals_round_trip() {
        for line in [
            "all_finish",
            "finish_by 60ms",
            "max_poll 1ms",
            "max_poll 500us hog",
            "max_wait reporter 5ms",
            "max_gap consumer jobs 20ms",
            "prints request \"gave up\" x2 after 50ms by 55ms",
            "prints * \"a \\\"quoted\\\" word\"",
            "no_print * \"lost\"",
            "delivers out 6",
            "max_buffered jobs 4",
            "workers_share 4 20%",
            "no_lost_waker",
            "cancelled straggler",
            "not_cancelled audit",
            "works * 48ms",
            "timers_late 3ms alarm",
            "max_polls waiter 3",
        ] {
            let goal = Goal::parse(line).unwrap();
            assert_eq!(goal.to_string(), line);
            assert_eq!(Goal::parse(&goal.to_string()).unwrap(), goal);
        }
    }
}
