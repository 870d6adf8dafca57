//! The messages between the page and the grading worker (JSON strings both ways).
//!
//! Externally tagged (serde's default), not `tag = "kind"`: an internally tagged enum is
//! buffered before it is decoded, which would compile a second, generic decoder for every trace
//! event into the page (about 20 KB of the compressed site).

use runtime_core::EventRecord;
use serde::{Deserialize, Serialize};

/// Which code a request grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    /// The learner's files, as built.
    Learner,
    /// The reference solution.
    Solution,
}

/// A request to the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Every exercise's description.
    Catalogue { id: u32 },
    /// Run one check.
    Check {
        id: u32,
        exercise: String,
        index: usize,
        which: Which,
    },
    /// The trace of the exercise's demo program.
    Demo {
        id: u32,
        exercise: String,
        which: Which,
    },
}

impl Request {
    pub fn id(&self) -> u32 {
        match self {
            Request::Catalogue { id } | Request::Check { id, .. } | Request::Demo { id, .. } => *id,
        }
    }
}

/// One check of an exercise, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInfo {
    pub name: String,
    pub points: u32,
}

/// The rungs of every exercise's hint ladder, in order (the same as `exercises::HINT_RUNGS`,
/// which the worker's tests keep equal): the page labels each hint with its rung.
pub const HINT_RUNGS: [&str; 4] = ["Idea", "Invariant and API", "Code", "Go deeper"];

/// The name of hint `index`'s rung (a plain "Hint" past the ladder's end).
pub fn hint_rung(index: usize) -> &'static str {
    HINT_RUNGS.get(index).copied().unwrap_or("Hint")
}

/// One exercise, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseInfo {
    pub name: String,
    pub order: u32,
    pub title: String,
    pub points: u32,
    /// About how long it takes, in minutes.
    pub minutes: u32,
    pub file: String,
    /// The lesson, as HTML rendered at build time from the lesson's Markdown
    /// (`exercises/build.rs`): nothing in it comes from the learner or from a link.
    pub lesson_html: String,
    /// The hint ladder: `hints[i]` is the rung named `HINT_RUNGS[i]`.
    pub hints: Vec<String>,
    pub checks: Vec<CheckInfo>,
}

/// One step of the workshop morning's core path (`[[morning]]` in `exercises/info.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MorningStep {
    /// An exercise, by name.
    Exercise { name: String, minutes: u32 },
    /// A walkthrough the instructors show, by its classroom id.
    Walkthrough { id: String, minutes: u32 },
    /// A lesson with no exercise, as HTML rendered at build time (the site's own text).
    Reading {
        name: String,
        title: String,
        html: String,
        minutes: u32,
    },
}

impl MorningStep {
    /// How long the step takes, in minutes.
    pub fn minutes(&self) -> u32 {
        match self {
            MorningStep::Exercise { minutes, .. }
            | MorningStep::Walkthrough { minutes, .. }
            | MorningStep::Reading { minutes, .. } => *minutes,
        }
    }
}

/// The result of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub name: String,
    pub passed: bool,
    pub points: u32,
    pub message: String,
}

/// A reply from the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker has loaded and listens: requests may be sent (one sent earlier is lost, as
    /// a worker drops messages that arrive before it has a handler).
    Ready,
    Catalogue {
        id: u32,
        exercises: Vec<ExerciseInfo>,
        /// The workshop morning's core path, in order.
        morning: Vec<MorningStep>,
    },
    Check {
        id: u32,
        result: CheckResult,
    },
    Demo {
        id: u32,
        events: Result<Vec<EventRecord>, String>,
    },
    /// The request could not be served (an unknown exercise, say).
    Error {
        id: u32,
        message: String,
    },
    /// Learner code panicked; the worker is about to stop.
    Panic {
        id: u32,
        message: String,
    },
}
