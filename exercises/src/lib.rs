//! # exercises: the lab's curriculum
//!
//! The exercises, in the order of the workshop "Inside Async Rust — Understanding the
//! Runtime": a future by hand, an `async fn` desugared, a waker vtable, `block_on`, an
//! executor, join handles, timer-wheel arithmetic, a timer wheel, a `Sleep`, a reactor, work
//! stealing, a cooperative budget, cancellation safety, a blocking-task detector, a lost-waker
//! bug hunt, pin projection and an instrumented future; then a capstone that assembles the learner's own `block_on`,
//! executor, `Sleep` and reactor into one runtime that runs a small program.
//!
//! The layout follows rustlings:
//!
//! ```text
//! info.toml              the catalogue: name, order, title, points, four hints (a ladder)
//! lessons/NAME.md        what, why, the matching file in Tokio / embassy / futures-rs
//! src/exercises/NAME.rs  the learner's file: `// TODO` at every place to edit
//! solutions/NAME.rs      the same file, solved (swapped in by `--features solutions`)
//! src/checks/NAME.rs     the graded checks, generic over the code they grade
//! src/support/           what the checks share: trace queries, test futures, harnesses
//! src/bin/grade.rs       `cargo run --release -p exercises --bin grade [-- NAME] [-- --json]`
//! ```
//!
//! ## How a check works
//!
//! Each exercise describes what the learner writes as a `Subject` trait (fixed function
//! signatures). [`Learner`] implements it with the learner's file, [`Solution`] with the
//! solution, and the tests implement it with known-wrong variants; the same check functions
//! run all three. A check runs the code on `runtime-core` and inspects its behaviour and its
//! trace (polls, wakes and their effects, who holds which waker, where each timer was filed),
//! never the source text. A failing check says what was expected, what happened (quoting the
//! trace), and which hint to read.
//!
//! Natively each check runs on its own thread with `catch_unwind` and a time limit, so a
//! panic, a `todo!()` or an endless loop fails that check and nothing else. In wasm32 there
//! are no threads: the Web Worker that calls [`grade_check`] is the sandbox (the page kills
//! and restarts it on a timeout), and grading one check per call keeps a trap to one check.

extern crate alloc;

mod catalogue;
pub mod checks;
mod report;
mod runner;
pub mod support;

/// The learner's files (`src/exercises/`), or the solutions with `--features solutions`.
// With the feature the solutions' files are compiled twice, as two modules of distinct types:
// intended, hence the `duplicate_mod` allowance.
#[cfg_attr(feature = "solutions", path = "../solutions/mod.rs")]
#[allow(clippy::duplicate_mod)]
pub mod exercises;

/// The solutions, always compiled: the browser shows the solution's trace beside the
/// learner's, and the tests check that every solution passes every check.
#[path = "../solutions/mod.rs"]
#[allow(clippy::duplicate_mod)]
pub mod solutions;

pub use catalogue::{
    Check, ExerciseInfo, HINT_RUNGS, MorningItem, MorningStep, UnknownExercise, catalogue, find,
    morning,
};
pub use report::{CheckReport, ExerciseReport, GradeReport};
pub use runner::{TIME_LIMIT, describe_panic, run_check};

use runtime_core::EventRecord;

/// The code being graded: the learner's files, or the solutions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Which {
    /// `src/exercises/` (the solutions when built with `--features solutions`).
    Learner,
    /// `solutions/`.
    Solution,
}

impl Which {
    /// Calls `learner` or `solution`, as this says: the same check or demo, instantiated for
    /// each code (`which.call(demo::<Learner>, demo::<Solution>)`).
    pub fn call<R>(self, learner: fn() -> R, solution: fn() -> R) -> R {
        match self {
            Which::Learner => learner(),
            Which::Solution => solution(),
        }
    }
}

/// Marker for the learner's code: every exercise's `Subject` trait is implemented for it.
#[derive(Clone, Copy, Debug)]
pub struct Learner;

/// Marker for the solutions' code.
#[derive(Clone, Copy, Debug)]
pub struct Solution;

/// Grades one exercise (the learner's code): every check, with its points and message.
pub fn grade(name: &str) -> Result<ExerciseReport, UnknownExercise> {
    grade_as(name, Which::Learner)
}

/// Grades one exercise, the learner's code or the solution.
pub fn grade_as(name: &str, which: Which) -> Result<ExerciseReport, UnknownExercise> {
    let info = find(name)?;
    let checks = info.checks_for(which);
    Ok(ExerciseReport::new(
        info.name,
        checks.iter().map(CheckReport::run).collect(),
    ))
}

/// Grades every exercise (the learner's code), in order.
pub fn grade_all() -> GradeReport {
    GradeReport::new(
        catalogue()
            .iter()
            .map(|e| ExerciseReport::new(e.name, run_all(e)))
            .collect(),
    )
}

fn run_all(info: &ExerciseInfo) -> Vec<CheckReport> {
    info.checks.iter().map(CheckReport::run).collect()
}

/// Runs one check of one exercise. The Web Worker grades check by check with this, so a trap
/// in wasm32 (where a panic aborts) costs one check, and the page can show progress.
pub fn grade_check(name: &str, index: usize, which: Which) -> Result<CheckReport, UnknownExercise> {
    let info = find(name)?;
    let check = info
        .checks_for(which)
        .get(index)
        .ok_or_else(|| UnknownExercise {
            name: format!("{name} check #{index}"),
        })?;
    Ok(CheckReport::run(check))
}

/// Runs an exercise's demo program on the learner's code or the solution and returns its
/// trace, for the browser to show side by side (see [`first_difference`]). Natively it runs
/// under the same time limit as a check; an error says why no trace could be made.
pub fn demo_trace(name: &str, which: Which) -> Result<Vec<EventRecord>, String> {
    let info = find(name).map_err(|e| e.to_string())?;
    runner::run_demo(info.demo, which)
}

/// The trace as text, one event a line, without the `size=` of futures (it differs between
/// targets and between two correct programs).
pub fn trace_lines(events: &[EventRecord]) -> Vec<String> {
    support::trace_text(events)
}

/// The index of the first event where two traces differ (compared as [`trace_lines`]), or
/// `None` when they are the same.
pub fn first_difference(a: &[EventRecord], b: &[EventRecord]) -> Option<usize> {
    let (a, b) = (trace_lines(a), trace_lines(b));
    let same = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    (same < a.len().max(b.len())).then_some(same)
}
