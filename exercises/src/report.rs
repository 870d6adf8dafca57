//! What grading produces. The JSON form is a contract (instructors' tools read it):
//!
//! ```json
//! {"exercises": [{"name": "e01_countdown", "score": 7, "max": 10,
//!                 "checks": [{"name": "...", "passed": true, "points": 2, "message": ""}]}],
//!  "score": 7, "max": 10}
//! ```
//!
//! `points` is what a check is worth; an exercise's `score` is the sum of the points of its
//! passed checks and `max` the sum of all. `message` is empty for a passed check.

use crate::catalogue::Check;
use serde::{Deserialize, Serialize};

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub name: String,
    pub passed: bool,
    /// What the check is worth (earned only when `passed`).
    pub points: u32,
    /// Why it failed, written for the learner; empty when it passed.
    pub message: String,
}

/// One exercise's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub name: String,
    pub score: u32,
    pub max: u32,
    pub checks: Vec<CheckReport>,
}

/// Every exercise's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeReport {
    pub exercises: Vec<ExerciseReport>,
    pub score: u32,
    pub max: u32,
}

impl CheckReport {
    /// Runs `check` (see [`crate::run_check`]) and reports it.
    pub fn run(check: &Check) -> CheckReport {
        let outcome = crate::run_check(check);
        CheckReport::from_outcome(check, outcome)
    }

    /// The report for a check that ended with `outcome`.
    pub fn from_outcome(check: &Check, outcome: Result<(), String>) -> CheckReport {
        let (passed, message) = match outcome {
            Ok(()) => (true, String::new()),
            Err(message) => (false, message),
        };
        CheckReport {
            name: check.name.to_string(),
            passed,
            points: check.points,
            message,
        }
    }

    /// Points earned.
    pub fn earned(&self) -> u32 {
        if self.passed { self.points } else { 0 }
    }
}

impl ExerciseReport {
    /// Totals `checks`.
    pub fn new(name: &str, checks: Vec<CheckReport>) -> ExerciseReport {
        ExerciseReport {
            name: name.to_string(),
            score: checks.iter().map(CheckReport::earned).sum(),
            max: checks.iter().map(|c| c.points).sum(),
            checks,
        }
    }

    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// The first failing check, if any.
    pub fn first_failure(&self) -> Option<&CheckReport> {
        self.checks.iter().find(|c| !c.passed)
    }
}

impl GradeReport {
    /// Totals `exercises`.
    pub fn new(exercises: Vec<ExerciseReport>) -> GradeReport {
        GradeReport {
            score: exercises.iter().map(|e| e.score).sum(),
            max: exercises.iter().map(|e| e.max).sum(),
            exercises,
        }
    }

    /// Whether every check of every exercise passed.
    pub fn passed(&self) -> bool {
        self.exercises.iter().all(ExerciseReport::passed)
    }

    /// The contract's JSON, on one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }
}
