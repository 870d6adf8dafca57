//! Challenges: a story, goals checked on the trace, hints, a starting program that fails and a
//! reference solution that passes.
//!
//! A challenge is a plain text file in `classroom/challenges/` (see the README there):
//!
//! ```text
//! # comments start with `#`
//! id: lost-waker
//! title: The task nobody woke
//! part: wakers
//! settings: workers=1            (optional: replaces the program's `config { }` values)
//! goal: all_finish               (one or more)
//! goal: prints consumer "got 42"
//! hint: Look at the wakers panel after `fetcher`'s first poll.   (one to three)
//! --- story
//! A paragraph or two. A blank line starts a new paragraph.
//! --- start
//! the program the learner starts from (it must fail at least one goal)
//! --- solution
//! a program that passes every goal
//! ```
//!
//! The files are compiled in ([`all`]), so the browser needs no server.

use crate::goals::{Goal, GoalResult, check_all};
use crate::{FormatError, format_settings, paragraphs, parse_doc};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use scenario::interp::{Overrides, RunLimits, RunOptions, RunResult};

/// One challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// A short id for links (`lost-waker`).
    pub id: String,
    /// The title.
    pub title: String,
    /// The part of the workshop it belongs to (`wakers`, `timers`, ...), if given.
    pub part: Option<String>,
    /// The story: paragraphs separated by a blank line (`\n\n`).
    pub story: String,
    /// The goals, in the order they are shown.
    pub goals: Vec<Goal>,
    /// One to three hints, from gentle to explicit.
    pub hints: Vec<String>,
    /// Settings that replace the program's `config { }` (the learner cannot change them).
    pub settings: Overrides,
    /// The program the learner starts from.
    pub start: String,
    /// A program that passes every goal.
    pub solution: String,
}

/// What checking a learner's program gave.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// The program does not compile; the editor shows the error.
    Error(scenario::Error),
    /// The program ran; each goal's result, in order.
    Checked {
        /// Whether every goal passed.
        passed: bool,
        /// One result per goal.
        results: Vec<GoalResult>,
        /// The run, so the UI can show the events the results point at.
        run: RunResult,
    },
}

impl Verdict {
    /// Whether the program compiled and every goal passed.
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Checked { passed: true, .. })
    }

    /// The goal results (empty when the program does not compile).
    pub fn results(&self) -> &[GoalResult] {
        match self {
            Verdict::Error(_) => &[],
            Verdict::Checked { results, .. } => results,
        }
    }

    /// The first goal that failed, if any.
    pub fn first_failure(&self) -> Option<&GoalResult> {
        self.results().iter().find(|r| !r.passed)
    }
}

/// The header keys of a challenge file.
pub const CHALLENGE_KEYS: [&str; 6] = ["id", "title", "part", "settings", "goal", "hint"];

/// The run limits for a learner's program: low enough that a runaway loop stops quickly in
/// the browser, far above what any challenge needs.
pub const LIMITS: RunLimits = RunLimits {
    max_events: 400_000,
    max_tasks: 2_000,
    max_time_us: 600_000_000,
    max_spins: 100_000,
};

impl Challenge {
    /// Parses a challenge file. Both programs must compile; their errors name the line of
    /// the file.
    pub fn parse(src: &str) -> Result<Challenge, FormatError> {
        let doc = parse_doc(src)?;
        let end = doc.lines.max(1);
        let mut id = None;
        let mut title = None;
        let mut part = None;
        let mut settings = None;
        let mut goals = Vec::new();
        let mut hints: Vec<String> = Vec::new();
        for h in &doc.header {
            match h.key {
                "id" => id = Some(h.once_id(&id, "lost-waker")?),
                "title" => title = Some(h.once(&title)?),
                "part" => part = Some(h.once(&part)?),
                "settings" => settings = Some(h.once_settings(&settings)?),
                "goal" => {
                    goals.push(Goal::parse(h.value).map_err(|m| FormatError::new(h.line, m))?)
                }
                "hint" => {
                    if h.value.is_empty() {
                        return Err(FormatError::new(h.line, "`hint:` is empty"));
                    }
                    if hints.len() == 3 {
                        return Err(FormatError::new(h.line, "a challenge has at most 3 hints"));
                    }
                    hints.push(String::from(h.value));
                }
                _ => return Err(h.unknown_key(&CHALLENGE_KEYS, "a challenge")),
            }
        }
        let mut story = None;
        let mut start = None;
        let mut solution = None;
        for s in &doc.sections {
            let slot = match s.name {
                "story" => &mut story,
                "start" => &mut start,
                "solution" => &mut solution,
                other => {
                    return Err(FormatError::new(
                        s.line,
                        format!(
                            "unknown section `--- {other}`; a challenge has `--- story`, \
                             `--- start` and `--- solution`"
                        ),
                    ));
                }
            };
            if !s.arg.is_empty() {
                return Err(FormatError::new(
                    s.line,
                    format!("`--- {}` takes nothing after its name", s.name),
                ));
            }
            if slot.is_some() {
                return Err(FormatError::new(
                    s.line,
                    format!("the `--- {}` section is given twice", s.name),
                ));
            }
            *slot = Some(s);
        }
        let missing = |what: &str| FormatError::new(end, format!("missing {what}"));
        let id = id.ok_or_else(|| missing("`id:` (a short name such as `lost-waker`)"))?;
        let title = title.ok_or_else(|| missing("`title:`"))?;
        if goals.is_empty() {
            return Err(missing(
                "a `goal:` line (a challenge needs at least one goal)",
            ));
        }
        if hints.is_empty() {
            return Err(missing(
                "a `hint:` line (a challenge has one to three hints)",
            ));
        }
        let story = story.ok_or_else(|| missing("the `--- story` section"))?;
        let start = start.ok_or_else(|| missing("the `--- start` section"))?;
        let solution = solution.ok_or_else(|| missing("the `--- solution` section"))?;
        let story_text = paragraphs(story.body.iter().map(|(_, l)| *l));
        if story_text.is_empty() {
            return Err(FormatError::new(story.line, "the story is empty"));
        }
        let start_src = start.text();
        let solution_src = solution.text();
        for (section, src, what) in [
            (start, &start_src, "start program"),
            (solution, &solution_src, "solution"),
        ] {
            if src.trim().is_empty() {
                return Err(FormatError::new(
                    section.line,
                    format!("the {what} is empty"),
                ));
            }
            #[cfg(feature = "compile")]
            if let Err(e) = scenario::compile(src) {
                return Err(crate::program_error(section, what, &e));
            }
        }
        Ok(Challenge {
            id,
            title,
            part,
            story: story_text,
            goals,
            hints,
            settings: settings.unwrap_or_default(),
            start: start_src,
            solution: solution_src,
        })
    }

    /// The options a learner's program runs with: the challenge's settings and [`LIMITS`].
    pub fn run_options(&self) -> RunOptions {
        RunOptions {
            limits: LIMITS,
            overrides: self.settings,
            record_locals: true,
        }
    }

    /// Compiles and runs `source` with the challenge's settings, and checks every goal.
    #[cfg(feature = "compile")]
    pub fn check(&self, source: &str) -> Verdict {
        match scenario::compile(source) {
            Ok(program) => self.verdict(scenario::run(&program, &self.run_options())),
            Err(e) => Verdict::Error(e),
        }
    }

    /// Checks every goal on `run`, a run of the learner's program with [`Self::run_options`]
    /// (the page's engine made it).
    pub fn verdict(&self, run: RunResult) -> Verdict {
        let results = check_all(&self.goals, &run);
        Verdict::Checked {
            passed: results.iter().all(|r| r.passed),
            results,
            run,
        }
    }

    /// The settings line, as written in the file (empty when there is none).
    pub fn settings_text(&self) -> String {
        format_settings(&self.settings)
    }
}

/// The challenges files compiled in, by file name, in teaching order.
#[cfg(feature = "bundled")]
pub const FILES: &[(&str, &str)] = crate::compiled_in!("challenges":
    "01_lost_waker.challenge",
    "02_deadlock.challenge",
    "03_split_the_work.challenge",
    "04_late_alarm.challenge",
    "05_batching.challenge",
    "06_backpressure.challenge",
    "07_timeout.challenge",
    "08_cancel_safe_select.challenge",
    "09_work_stealing.challenge",
    "10_budget.challenge",
    "11_straggler.challenge",
    "12_spin_wait.challenge",
    "13_two_sockets.challenge",
    "14_detach.challenge",
    "15_kept_read.challenge",
    "16_parse_stall.challenge",
);

/// Every compiled-in challenge, in teaching order.
///
/// # Panics
///
/// If a compiled-in file does not parse (the crate's tests parse every one).
#[cfg(feature = "bundled")]
pub fn all() -> Vec<Challenge> {
    crate::Library::bundled().challenges
}

/// The compiled-in challenge with this id.
#[cfg(feature = "bundled")]
pub fn find(id: &str) -> Option<Challenge> {
    all().into_iter().find(|c| c.id == id)
}
