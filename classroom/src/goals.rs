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

/// What every check needs to know about a run.
struct Facts<'a> {
    events: &'a [EventRecord],
    outcome: &'a Outcome,
    micros_per_tick: u64,
    workers: u32,
    tasks: Vec<Text>,
    channels: Vec<Text>,
}

impl<'a> Facts<'a> {
    fn new(run: &'a RunResult) -> Facts<'a> {
        let mut tasks = Vec::new();
        let mut channels = Vec::new();
        let mut workers = run.config.workers.into();
        for r in &run.events {
            match &r.event {
                Event::Spawned { task, name, .. } => set(&mut tasks, task.index(), name),
                Event::ChannelCreated { channel, name, .. } => {
                    set(&mut channels, channel.index(), name);
                }
                Event::RuntimeStarted { workers: w, .. } => workers = *w,
                _ => {}
            }
        }
        Facts {
            events: &run.events,
            outcome: &run.outcome,
            micros_per_tick: run.micros_per_tick.max(1),
            workers,
            tasks,
            channels,
        }
    }

    fn us(&self, ticks: Tick) -> Micros {
        ticks.saturating_mul(self.micros_per_tick)
    }

    fn at(&self, r: &EventRecord) -> String {
        d(self.us(r.at))
    }

    fn name(&self, t: TaskId) -> String {
        self.tasks
            .get(t.index())
            .map_or_else(|| format!("{t}"), |n| String::from(&**n))
    }

    fn is(&self, t: Option<TaskId>, name: Option<&str>) -> bool {
        match (t, name) {
            (_, None) => true,
            (Some(t), Some(n)) => self.tasks.get(t.index()).is_some_and(|x| &**x == n),
            (None, Some(_)) => false,
        }
    }

    /// The prints of `task` (any task for `None`) that contain `text`, in order; `Err` when
    /// no task of that name ran.
    fn prints_matching(
        &self,
        task: Option<&str>,
        text: &str,
    ) -> Result<Vec<&'a EventRecord>, String> {
        self.require_task(task)?;
        Ok(self
            .events
            .iter()
            .filter(|r| match &r.event {
                Event::Print {
                    task: t,
                    text: line,
                } => self.is(*t, task) && line.contains(text),
                _ => false,
            })
            .collect())
    }

    /// `Err(message)` when no task of that name ran.
    fn require_task(&self, name: Option<&str>) -> Result<(), String> {
        let Some(name) = name else { return Ok(()) };
        if self.tasks.iter().any(|t| &**t == name) {
            return Ok(());
        }
        let mut names: Vec<String> = Vec::new();
        for t in &self.tasks {
            let t = format!("`{t}`");
            if !names.contains(&t) {
                names.push(t);
            }
        }
        Err(if names.is_empty() {
            format!("no task named `{name}` ran (no task ran at all)")
        } else {
            format!(
                "no task named `{name}` ran (the tasks were {}): the goal needs it to do its work",
                and_list(&names)
            )
        })
    }

    fn channel(&self, name: &str) -> Result<ChannelId, String> {
        match self.channels.iter().position(|c| &**c == name) {
            Some(i) => Ok(ChannelId(u32::try_from(i).unwrap_or(u32::MAX))),
            None => {
                let names: Vec<String> = self.channels.iter().map(|c| format!("`{c}`")).collect();
                Err(if names.is_empty() {
                    format!("there is no channel named `{name}` (the program has no channels)")
                } else {
                    format!(
                        "there is no channel named `{name}` (the channels are {})",
                        and_list(&names)
                    )
                })
            }
        }
    }

    /// For each task, the event that finished it (completed or cancelled).
    fn finished(&self) -> Vec<Option<&'a EventRecord>> {
        let mut out = vec![None; self.tasks.len()];
        for r in self.events {
            if let Event::Completed { task } | Event::Cancelled { task } = r.event
                && let Some(slot) = out.get_mut(task.index())
            {
                *slot = Some(r);
            }
        }
        out
    }
}

fn set(v: &mut Vec<Text>, i: usize, name: &Text) {
    if v.len() <= i {
        v.resize(i + 1, Text::from("?"));
    }
    v[i] = name.clone();
}

/// What checking one goal found: whether the run meets it, the sentence for the learner, and
/// the events that show it (a failure, or the evidence for a pass).
struct Checked {
    passed: bool,
    message: String,
    events: Vec<u64>,
}

/// The goal is met; `events` are the evidence.
fn pass(message: String, events: Vec<u64>) -> Checked {
    Checked {
        passed: true,
        message,
        events,
    }
}

/// The goal is missed; `events` show where.
fn miss(message: String, events: Vec<u64>) -> Checked {
    Checked {
        passed: false,
        message,
        events,
    }
}

/// A goal missed by polls, waits or gaps (`noun`) that were too long: the worst one's
/// `message`, how many there were, and the two ends of each to link to.
fn missed_by_too_long(mut message: String, noun: &str, ends: Vec<[u64; 2]>) -> Checked {
    if ends.len() > 1 {
        message += &format!(" ({} were too long)", plural(ends.len() as u64, noun));
    }
    miss(message, ends.concat())
}

/// The goal is missed with no event to show (no such task or channel, say).
fn fail(message: String) -> Checked {
    miss(message, Vec::new())
}

fn all_finish(f: &Facts<'_>) -> Checked {
    let stop = |kind: fn(&Event) -> bool| -> Vec<u64> {
        f.events
            .iter()
            .filter(|r| kind(&r.event))
            .map(|r| r.seq)
            .collect()
    };
    match f.outcome {
        Outcome::Fault(message) => {
            return miss(
                format!("the program stopped with an error: {message}"),
                stop(|e| matches!(e, Event::Fault { .. })),
            );
        }
        Outcome::Limit(message) => {
            return miss(
                format!("the run never finished: {message}"),
                stop(|e| matches!(e, Event::LimitReached { .. })),
            );
        }
        Outcome::Stalled { .. } | Outcome::Finished => {}
    }
    if f.tasks.is_empty() {
        return fail(String::from(
            "no task ran at all: the program has nothing to finish",
        ));
    }
    let finished = f.finished();
    let mut stuck = Vec::new();
    let mut events = Vec::new();
    for r in f.events {
        if let Event::Stalled { task, reason } = &r.event {
            stuck.push(format!("`{}`: {reason}", f.name(*task)));
            events.push(r.seq);
            // Where it parked: its last poll.
            if let Some(p) = f
                .events
                .iter()
                .rev()
                .find(|p| matches!(p.event, Event::PollEnd { task: t, .. } if t == *task))
            {
                events.push(p.seq);
            }
        }
    }
    let unfinished: Vec<String> = finished
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_none())
        .map(|(i, _)| format!("`{}`", f.name(TaskId(u32::try_from(i).unwrap_or(0)))))
        .collect();
    if !stuck.is_empty() {
        let n = stuck.len() as u64;
        let msg = if n == 1 {
            format!("a task never finished: {}", stuck[0])
        } else {
            format!("{} never finished. {}", plural(n, "task"), stuck.join(". "))
        };
        return miss(msg, events);
    }
    if !unfinished.is_empty() {
        return fail(format!(
            "{} never finished: {}",
            plural(unfinished.len() as u64, "task"),
            and_list(&unfinished)
        ));
    }
    let last = f
        .events
        .iter()
        .rev()
        .find(|r| matches!(r.event, Event::Completed { .. } | Event::Cancelled { .. }));
    let when = last.map_or_else(|| d(0), |r| f.at(r));
    pass(
        if f.tasks.len() == 1 {
            format!("the only task finished, at {when}")
        } else {
            format!("all {} tasks finished, the last at {when}", f.tasks.len())
        },
        last.map(|r| r.seq).into_iter().collect(),
    )
}

fn finish_by(f: &Facts<'_>, by: Micros) -> Checked {
    let Checked {
        passed: ok,
        message,
        events,
    } = all_finish(f);
    if !ok {
        return miss(
            format!(
                "the program never finishes, so it cannot finish by {}: {message}",
                d(by)
            ),
            events,
        );
    }
    let finished = f.finished();
    let last = finished.iter().flatten().max_by_key(|r| (r.at, r.seq));
    let Some(last) = last else {
        return fail(String::from("no task ran at all"));
    };
    let who = last.event.task().map(|t| f.name(t)).unwrap_or_default();
    if f.us(last.at) <= by {
        pass(
            format!(
                "the last task, `{who}`, finished at {}, by {}",
                f.at(last),
                d(by)
            ),
            vec![last.seq],
        )
    } else {
        miss(
            format!(
                "the last task, `{who}`, finished at {} ({}); the goal is to finish by {}",
                f.at(last),
                span(last.seq, last.seq),
                d(by)
            ),
            vec![last.seq],
        )
    }
}

/// Every poll: (task, start record, end record, duration in ticks).
fn polls<'a>(f: &Facts<'a>) -> Vec<(TaskId, &'a EventRecord, &'a EventRecord, Tick)> {
    let mut open: BTreeMap<TaskId, &EventRecord> = BTreeMap::new();
    let mut out = Vec::new();
    for r in f.events {
        match r.event {
            Event::PollStart { task, .. } => {
                open.insert(task, r);
            }
            Event::PollEnd { task, duration, .. } => {
                if let Some(s) = open.remove(&task) {
                    out.push((task, s, r, duration));
                }
            }
            _ => {}
        }
    }
    out
}

fn max_poll(f: &Facts<'_>, max: Micros, task: Option<&str>) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let all: Vec<_> = polls(f)
        .into_iter()
        .filter(|(t, ..)| f.is(Some(*t), task))
        .collect();
    let too_long: Vec<_> = all.iter().filter(|p| f.us(p.3) > max).collect();
    let longest = all
        .iter()
        .max_by_key(|p| (p.3, core::cmp::Reverse(p.1.seq)));
    let Some(worst) = too_long
        .iter()
        .max_by_key(|p| (p.3, core::cmp::Reverse(p.1.seq)))
    else {
        return match longest {
            Some((t, s, e, dur)) => pass(
                format!(
                    "the longest poll took {} (`{}` at {}), within {}",
                    d(f.us(*dur)),
                    f.name(*t),
                    f.at(s),
                    d(max)
                ),
                vec![s.seq, e.seq],
            ),
            None => pass(String::from("no task was polled"), Vec::new()),
        };
    };
    let (t, s, e, dur) = worst;
    let message = format!(
        "`{}` ran for {} in one poll at {} ({}) without returning to the executor; \
         the goal is at most {} a poll",
        f.name(*t),
        d(f.us(*dur)),
        f.at(s),
        span(s.seq, e.seq),
        d(max)
    );
    let ends = too_long.iter().map(|p| [p.1.seq, p.2.seq]).collect();
    missed_by_too_long(message, "poll", ends)
}

fn max_wait(f: &Facts<'_>, task: &str, max: Micros) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    // What "waited" means is replay's, as in the task table (`replay::queue_waits`).
    let at = |seq: u64| {
        let i = f.events.binary_search_by_key(&seq, |r| r.seq);
        &f.events[i.expect("a wait names events of the trace")]
    };
    let waits: Vec<_> = runtime_core::replay::queue_waits(f.events)
        .into_iter()
        .filter(|w| f.is(Some(w.task), Some(task)))
        .map(|w| (at(w.queued), at(w.polled), f.us(w.ticks)))
        .collect();
    let longest = waits
        .iter()
        .max_by_key(|w| (w.2, core::cmp::Reverse(w.0.seq)));
    let bad: Vec<_> = waits.iter().filter(|w| w.2 > max).collect();
    match (bad.first(), longest) {
        (None, None) => fail(format!("`{task}` was never polled")),
        (None, Some((q, p, w))) => pass(
            format!(
                "`{task}` waited at most {} in the ready queue (at {}), within {}",
                d(*w),
                f.at(q),
                d(max)
            ),
            vec![q.seq, p.seq],
        ),
        (Some(_), _) => {
            let (q, p, w) = bad
                .iter()
                .max_by_key(|w| (w.2, core::cmp::Reverse(w.0.seq)))
                .copied()
                .unwrap_or(bad[0]);
            let message = format!(
                "`{task}` waited {} in the ready queue: queued at {}, polled at {} ({}); \
                 the goal is at most {}",
                d(*w),
                f.at(q),
                f.at(p),
                span(q.seq, p.seq),
                d(max)
            );
            let ends = bad.iter().map(|w| [w.0.seq, w.1.seq]).collect();
            missed_by_too_long(message, "wait", ends)
        }
    }
}

fn max_gap(f: &Facts<'_>, task: &str, channel: &str, max: Micros) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    // For each task of that name: the last receive (or its spawn).
    let mut last: BTreeMap<TaskId, (&EventRecord, bool)> = BTreeMap::new();
    let mut gaps = Vec::new();
    for r in f.events {
        match r.event {
            Event::Spawned { task: t, .. } if f.is(Some(t), Some(task)) => {
                last.insert(t, (r, false));
            }
            Event::Received {
                channel: c,
                task: Some(t),
                ..
            } if c == chan && f.is(Some(t), Some(task)) => {
                if let Some((prev, received)) = last.insert(t, (r, true)) {
                    gaps.push((prev, r, received, f.us(r.at.saturating_sub(prev.at))));
                }
            }
            _ => {}
        }
    }
    if gaps.is_empty() {
        return fail(format!("`{task}` never received a value from `{channel}`"));
    }
    let key = |g: &&(&EventRecord, &EventRecord, bool, Micros)| (g.3, core::cmp::Reverse(g.0.seq));
    let worst = gaps.iter().max_by_key(key).copied();
    let bad: Vec<_> = gaps.iter().filter(|g| g.3 > max).collect();
    let Some((a, b, received, gap)) = worst else {
        return fail(format!("`{task}` never received a value from `{channel}`"));
    };
    let between = if received {
        format!("between two values from `{channel}`")
    } else {
        format!("for its first value from `{channel}`")
    };
    if bad.is_empty() {
        return pass(
            format!(
                "`{task}` waited at most {} {between} (at {}), within {}",
                d(gap),
                f.at(a),
                d(max)
            ),
            vec![a.seq, b.seq],
        );
    }
    let message = format!(
        "`{task}` waited {} {between}: from {} to {} ({}); the goal is at most {}",
        d(gap),
        f.at(a),
        f.at(b),
        span(a.seq, b.seq),
        d(max)
    );
    let ends = bad.iter().map(|g| [g.0.seq, g.1.seq]).collect();
    missed_by_too_long(message, "gap", ends)
}

fn prints(
    f: &Facts<'_>,
    task: Option<&str>,
    text: &str,
    times: Option<u32>,
    after: Option<Micros>,
    by: Option<Micros>,
) -> Checked {
    let matching = match f.prints_matching(task, text) {
        Ok(matching) => matching,
        Err(m) => return fail(m),
    };
    let in_window = |r: &&EventRecord| {
        let at = f.us(r.at);
        after.is_none_or(|a| at >= a) && by.is_none_or(|b| at <= b)
    };
    let inside: Vec<&EventRecord> = matching.iter().copied().filter(in_window).collect();
    let subject = match task {
        Some(t) => format!("`{t}`"),
        None => String::from("a task"),
    };
    let window = match (after, by) {
        (Some(a), Some(b)) => format!(" between {} and {}", d(a), d(b)),
        (Some(a), None) => format!(" at or after {}", d(a)),
        (None, Some(b)) => format!(" by {}", d(b)),
        (None, None) => String::new(),
    };
    let seqs = |v: &[&EventRecord]| v.iter().map(|r| r.seq).collect::<Vec<_>>();
    if matching.is_empty() {
        // Show what the task did print, if anything.
        let printed: Vec<u64> = f
            .events
            .iter()
            .filter(|r| matches!(&r.event, Event::Print { task: t, .. } if f.is(*t, task)))
            .map(|r| r.seq)
            .collect();
        let never = if task.is_some() {
            format!("{subject} never printed \"{text}\"")
        } else {
            format!("no task printed \"{text}\"")
        };
        return miss(format!("{never}; the goal is to print it{window}"), printed);
    }
    if let Some(n) = times {
        let got = inside.len() as u64;
        if got == u64::from(n) {
            return pass(
                format!(
                    "{subject} printed \"{text}\" {}{window}, as required",
                    plural(got, "time")
                ),
                seqs(&inside),
            );
        }
        let extra = if inside.len() != matching.len() {
            format!(" ({} in all)", matching.len())
        } else {
            String::new()
        };
        return miss(
            format!(
                "{subject} printed \"{text}\" {}{window}{extra}; the goal is exactly {}",
                plural(got, "time"),
                plural(u64::from(n), "time")
            ),
            seqs(if inside.is_empty() {
                &matching
            } else {
                &inside
            }),
        );
    }
    if let Some(first) = inside.first() {
        return pass(
            format!(
                "{subject} printed \"{text}\" at {}{}",
                f.at(first),
                if window.is_empty() {
                    String::new()
                } else {
                    format!(" (goal:{window})")
                }
            ),
            vec![first.seq],
        );
    }
    let first = matching[0];
    miss(
        format!(
            "{subject} printed \"{text}\" at {} ({}); the goal is to print it{window}",
            f.at(first),
            span(first.seq, first.seq)
        ),
        seqs(&matching),
    )
}

fn no_print(f: &Facts<'_>, task: Option<&str>, text: &str) -> Checked {
    let matching = match f.prints_matching(task, text) {
        Ok(matching) => matching,
        Err(m) => return fail(m),
    };
    match matching.first() {
        None => pass(
            match task {
                Some(t) => format!("`{t}` never printed \"{text}\""),
                None => format!("no task printed \"{text}\""),
            },
            Vec::new(),
        ),
        Some(first) => {
            let name = first.event.task().map(|t| f.name(t)).unwrap_or_default();
            miss(
                format!(
                    "`{name}` printed \"{text}\" at {} ({}); the goal is that it never does",
                    f.at(first),
                    span(first.seq, first.seq)
                ),
                matching.iter().map(|r| r.seq).collect(),
            )
        }
    }
}

/// Sends that were dropped before they finished: the `waker_dropped` of a waker a channel
/// kept for a waiting `send`, when the task kept no other such waker (a future that is polled
/// again clones its new waker before it drops the old one; a dropped `send` drops it first).
fn cancelled_sends(f: &Facts<'_>, chan: ChannelId) -> Vec<u64> {
    let mut live: BTreeMap<WakerId, TaskId> = BTreeMap::new();
    let mut out = Vec::new();
    for r in f.events {
        match r.event {
            Event::WakerCloned {
                task,
                waker,
                holder: Holder::ChannelSend(c),
            } if c == chan => {
                live.insert(waker, task);
            }
            Event::WakerDropped { task, waker }
                if live.remove(&waker).is_some() && !live.values().any(|t| *t == task) =>
            {
                out.push(r.seq);
            }
            Event::Woken { waker: Some(w), .. } => {
                live.remove(&w);
            }
            _ => {}
        }
    }
    out
}

fn delivers(f: &Facts<'_>, channel: &str, count: u32) -> Checked {
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for r in f.events {
        match r.event {
            Event::Sent { channel: c, .. } if c == chan => sent.push(r.seq),
            Event::Received { channel: c, .. } if c == chan => received.push(r.seq),
            _ => {}
        }
    }
    let lost = cancelled_sends(f, chan);
    let (s, n) = (sent.len() as u64, received.len() as u64);
    if n < u64::from(count) {
        let mut message = format!(
            "only {} came out of `{channel}`; the goal is at least {count}",
            plural(n, "value")
        );
        if !lost.is_empty() {
            message += &if lost.len() == 1 {
                format!(
                    ". A `send` was dropped before it finished, and its value with it ({})",
                    span(lost[0], lost[0])
                )
            } else {
                format!(
                    ". {} `send`s were dropped before they finished, and their values with \
                     them (the first at {})",
                    lost.len(),
                    span(lost[0], lost[0])
                )
            };
            return miss(message, lost);
        }
        return miss(message, received);
    }
    if s > n {
        let left: Vec<u64> = sent.iter().skip(received.len()).copied().collect();
        return miss(
            format!(
                "{} went into `{channel}` but only {} came out: {} never received",
                plural(s, "value"),
                n,
                plural(s - n, "value was")
            ),
            left,
        );
    }
    pass(
        format!("all {} sent on `{channel}` came out", plural(n, "value")),
        Vec::new(),
    )
}

fn max_buffered(f: &Facts<'_>, channel: &str, max: u32) -> Checked {
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let mut fullest: Option<(&EventRecord, u32)> = None;
    let mut over = Vec::new();
    for r in f.events {
        if let Event::Sent {
            channel: c, len, ..
        } = r.event
            && c == chan
        {
            if fullest.is_none_or(|(_, l)| len > l) {
                fullest = Some((r, len));
            }
            if len > max {
                over.push(r.seq);
            }
        }
    }
    match fullest {
        None => pass(format!("nothing was sent on `{channel}`"), Vec::new()),
        Some((r, len)) if len > max => miss(
            format!(
                "`{channel}` held {} at {} ({}); the goal is at most {max}",
                plural(u64::from(len), "value"),
                f.at(r),
                span(r.seq, r.seq)
            ),
            over,
        ),
        Some((r, len)) => pass(
            format!(
                "`{channel}` held at most {} (at {}), within {max}",
                plural(u64::from(len), "value"),
                f.at(r)
            ),
            vec![r.seq],
        ),
    }
}

fn workers_share(f: &Facts<'_>, workers: u32, percent: u32) -> Checked {
    if f.workers != workers {
        return fail(format!(
            "the run used {}; the goal needs {workers} (set `workers: {workers}` in `config`)",
            plural(u64::from(f.workers), "worker")
        ));
    }
    let mut per = vec![Vec::new(); workers as usize];
    for r in f.events {
        if let Event::PollStart { worker, .. } = r.event
            && let Some(v) = per.get_mut(worker.index())
        {
            v.push(r.seq);
        }
    }
    let total: u64 = per.iter().map(|v| v.len() as u64).sum();
    if total == 0 {
        return fail(String::from("no task was polled"));
    }
    let shares: Vec<String> = per
        .iter()
        .enumerate()
        .map(|(w, v)| {
            format!(
                "worker {w}: {} ({}%)",
                v.len(),
                v.len() as u64 * 100 / total
            )
        })
        .collect();
    let low: Vec<usize> = (0..per.len())
        .filter(|&w| (per[w].len() as u64) * 100 < u64::from(percent) * total)
        .collect();
    if low.is_empty() {
        return pass(
            format!(
                "polls per worker: {}; each ran at least {percent}% of {total}",
                shares.join(", ")
            ),
            Vec::new(),
        );
    }
    let busiest = (0..per.len()).max_by_key(|&w| (per[w].len(), core::cmp::Reverse(w)));
    let events = busiest.map(|w| per[w].clone()).unwrap_or_default();
    let lows: Vec<String> = low.iter().map(|w| format!("{w}")).collect();
    miss(
        format!(
            "polls per worker: {}; the goal is at least {percent}% each, but {} {} below it",
            shares.join(", "),
            if low.len() == 1 { "worker" } else { "workers" },
            and_list(&lows) + if low.len() == 1 { " is" } else { " are" }
        ),
        events,
    )
}

fn no_lost_waker(f: &Facts<'_>) -> Checked {
    let lost: Vec<&EventRecord> = f
        .events
        .iter()
        .filter(|r| matches!(r.event, Event::LostWaker { .. }))
        .collect();
    match lost.first() {
        None => pass(String::from("no waker was lost"), Vec::new()),
        Some(r) => {
            let name = r.event.task().map(|t| f.name(t)).unwrap_or_default();
            let poll = f
                .events
                .iter()
                .rev()
                .find(|p| p.seq < r.seq && matches!(p.event, Event::PollEnd { .. }));
            let mut events: Vec<u64> = lost.iter().map(|r| r.seq).collect();
            events.extend(poll.map(|p| p.seq));
            miss(
                format!(
                    "`{name}` returned Pending at {} and no clone of its waker was kept, so \
                     nothing can ever wake it ({}); the goal is that no waker is lost",
                    f.at(r),
                    span(r.seq, r.seq)
                ),
                events,
            )
        }
    }
}

fn cancelled(f: &Facts<'_>, task: &str, want: bool) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let mut cancels = Vec::new();
    let mut completions = Vec::new();
    for r in f.events {
        match r.event {
            Event::Cancelled { task: t } if f.is(Some(t), Some(task)) => cancels.push(r),
            Event::Completed { task: t } if f.is(Some(t), Some(task)) => completions.push(r),
            _ => {}
        }
    }
    match (want, cancels.first(), completions.first()) {
        (true, Some(c), _) => pass(
            format!("`{task}` was cancelled at {}", f.at(c)),
            vec![c.seq],
        ),
        (true, None, Some(done)) => miss(
            format!(
                "`{task}` was never cancelled: it ran to completion at {} ({}); \
                 the goal is to cancel it",
                f.at(done),
                span(done.seq, done.seq)
            ),
            vec![done.seq],
        ),
        (true, None, None) => fail(format!(
            "`{task}` was never cancelled (it was still unfinished when the run ended); \
             the goal is to cancel it"
        )),
        (false, Some(c), _) => miss(
            format!(
                "`{task}` was cancelled at {} ({}) before it could finish; the goal is that \
                 it never is",
                f.at(c),
                span(c.seq, c.seq)
            ),
            cancels.iter().map(|r| r.seq).collect(),
        ),
        (false, None, _) => pass(format!("`{task}` was never cancelled"), Vec::new()),
    }
}

fn works(f: &Facts<'_>, task: Option<&str>, at_least: Micros) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let mut total: Tick = 0;
    let mut events = Vec::new();
    for r in f.events {
        // A poll's work, or a blocking task's work on its pool thread.
        if let Event::PollEnd {
            task: t, duration, ..
        }
        | Event::BlockingFinished {
            task: t, duration, ..
        } = r.event
            && f.is(Some(t), task)
            && duration > 0
        {
            total += duration;
            events.push(r.seq);
        }
    }
    let total = f.us(total);
    let subject = match task {
        Some(t) => format!("`{t}` did"),
        None => String::from("the tasks did"),
    };
    if total >= at_least {
        pass(
            format!(
                "{subject} {} of work in all, at least {}",
                d(total),
                d(at_least)
            ),
            Vec::new(),
        )
    } else {
        miss(
            format!(
                "{subject} only {} of work in all; the goal is at least {} (the work must \
                 still be done)",
                d(total),
                d(at_least)
            ),
            events,
        )
    }
}

fn timers_late(f: &Facts<'_>, max: Micros, task: Option<&str>) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let mut owner: BTreeMap<u32, (Option<TaskId>, u64)> = BTreeMap::new();
    let mut late = Vec::new();
    let mut fired = 0u64;
    let mut latest: Option<(u64, u64, Micros)> = None;
    for r in f.events {
        match r.event {
            Event::TimerRegistered { timer, task: t, .. } => {
                owner.insert(timer.0, (t, r.seq));
            }
            Event::TimerFired { timer, deadline } => {
                let (t, reg) = owner.get(&timer.0).copied().unwrap_or((None, r.seq));
                if !f.is(t, task) {
                    continue;
                }
                fired += 1;
                let by = f.us(r.at.saturating_sub(deadline));
                if latest.is_none_or(|l| by > l.2) {
                    latest = Some((reg, r.seq, by));
                }
                if by > max {
                    late.push((reg, r.seq, by, t));
                }
            }
            _ => {}
        }
    }
    let whose = |t: Option<TaskId>| match t {
        Some(t) => format!("a timer of `{}`", f.name(t)),
        None => String::from("a timer"),
    };
    let Some((reg, seq, by)) = latest else {
        return pass(String::from("no timer fired"), Vec::new());
    };
    if late.is_empty() {
        return pass(
            format!(
                "{} fired, the latest {} after its deadline, within {}",
                plural(fired, "timer"),
                d(by),
                d(max)
            ),
            vec![reg, seq],
        );
    }
    let worst = late
        .iter()
        .max_by_key(|l| (l.2, core::cmp::Reverse(l.1)))
        .copied()
        .unwrap_or(late[0]);
    let (wreg, wseq, wby, wt) = worst;
    let (due, fired_at) = f
        .events
        .iter()
        .find(|r| r.seq == wseq)
        .and_then(|r| match r.event {
            Event::TimerFired { deadline, .. } => Some((deadline, r.at)),
            _ => None,
        })
        .unwrap_or((0, 0));
    let mut message = format!(
        "{} fired {} late: due at {}, fired at {} ({}); the goal is at most {}",
        whose(wt),
        d(wby),
        d(f.us(due)),
        d(f.us(fired_at)),
        span(wreg, wseq),
        d(max)
    );
    if late.len() > 1 {
        message += &format!(" ({} were too late)", plural(late.len() as u64, "timer"));
    }
    miss(message, late.iter().flat_map(|l| [l.0, l.1]).collect())
}

fn max_polls(f: &Facts<'_>, task: &str, max: u32) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let mut per: BTreeMap<TaskId, Vec<u64>> = BTreeMap::new();
    for r in f.events {
        if let Event::PollStart { task: t, .. } = r.event
            && f.is(Some(t), Some(task))
        {
            per.entry(t).or_default().push(r.seq);
        }
    }
    let most = per
        .values()
        .max_by_key(|v| v.len())
        .cloned()
        .unwrap_or_default();
    let n = most.len() as u64;
    if n <= u64::from(max) {
        pass(
            format!("`{task}` was polled {}, at most {max}", plural(n, "time")),
            most,
        )
    } else {
        miss(
            format!(
                "`{task}` was polled {} (first at {}); the goal is at most {}",
                plural(n, "time"),
                span(most[0], most[0]),
                plural(u64::from(max), "time")
            ),
            most,
        )
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
