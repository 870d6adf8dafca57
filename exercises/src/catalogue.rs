//! The catalogue: `info.toml` (read by `build.rs`) joined with each exercise's checks.
//!
//! `info.toml` holds what an author edits (order, title, points, hints); the check tables
//! live next to the check code in `src/checks/NAME.rs`. The build generates one
//! `exercises! { NAME { ... }, ... }` invocation from `info.toml`, and the macro below binds
//! each name to its module, file and lesson, so an entry without its module, learner file,
//! solution or lesson does not compile.

use crate::Which;
use core::fmt;
use runtime_core::EventRecord;

/// The rungs of every exercise's hint ladder, in order: what `hints[i]` is.
///
/// 1. **Idea**: what must be true and why, in words (no API names, no code).
/// 2. **Invariant and API**: the rule stated precisely, and the types and methods to use (or
///    pseudo-code), still not the code.
/// 3. **Code**: the code, or nearly all of it, for the part a learner gets stuck on.
/// 4. **Go deeper**: the file of Tokio, futures-rs, embassy (or runtime-core) to read, and
///    what to look for there.
///
/// `tests/catalogue.rs` checks each rung mechanically (the rule is written there).
pub const HINT_RUNGS: [&str; 4] = ["Idea", "Invariant and API", "Code", "Go deeper"];

/// One graded check: a name the learner reads, what it is worth, and the function that runs
/// it (`Err` carries the message for the learner).
#[derive(Clone, Copy, Debug)]
pub struct Check {
    pub name: &'static str,
    pub points: u32,
    pub run: fn() -> Result<(), String>,
}

/// Makes a demo trace for the learner's code or the solution.
pub(crate) type Demo = fn(Which) -> Result<Vec<EventRecord>, String>;

/// One exercise of the catalogue.
#[derive(Debug)]
pub struct ExerciseInfo {
    /// `e01_countdown`: the file stem of its lesson, learner file and solution.
    pub name: &'static str,
    /// Position in the workshop, from 1.
    pub order: u32,
    pub title: &'static str,
    /// The sum of its checks' points.
    pub points: u32,
    /// About how long it takes, in minutes (for the workshop's plan).
    pub minutes: u32,
    /// The learner's file, relative to the `exercises` crate.
    pub file: &'static str,
    /// The learner's file as shipped (with its `// TODO`s).
    pub source: &'static str,
    /// The lesson (`lessons/NAME.md`) as HTML, rendered at build time (`build.rs`): what the page shows.
    pub lesson_html: &'static str,
    /// Four hints, a ladder: one per rung of [`HINT_RUNGS`].
    pub hints: [&'static str; 4],
    /// The checks, as they run on the learner's code.
    pub checks: &'static [Check],
    solution_checks: &'static [Check],
    pub(crate) demo: Demo,
}

impl ExerciseInfo {
    /// The checks as they run on `which` code (same names and points either way).
    pub fn checks_for(&self, which: Which) -> &'static [Check] {
        match which {
            Which::Learner => self.checks,
            Which::Solution => self.solution_checks,
        }
    }
}

macro_rules! exercises {
    ($($name:ident {
        order: $order:expr,
        title: $title:expr,
        points: $points:expr,
        minutes: $minutes:expr,
        hints: [$idea:expr, $invariant:expr, $code:expr, $deeper:expr $(,)?] $(,)?
    }),* $(,)?) => {
        static CATALOGUE: &[ExerciseInfo] = &[$(
            ExerciseInfo {
                name: stringify!($name),
                order: $order,
                title: $title,
                points: $points,
                minutes: $minutes,
                file: concat!("src/exercises/", stringify!($name), ".rs"),
                source: include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"), "/src/exercises/", stringify!($name), ".rs"
                )),
                lesson_html: include_str!(concat!(
                    env!("OUT_DIR"), "/lessons/", stringify!($name), ".html"
                )),
                hints: [$idea, $invariant, $code, $deeper],
                checks: crate::checks::$name::Checks::<crate::Learner>::ALL,
                solution_checks: crate::checks::$name::Checks::<crate::Solution>::ALL,
                demo: crate::checks::$name::demo,
            },
        )*];
    };
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// Every exercise, in workshop order.
pub fn catalogue() -> &'static [ExerciseInfo] {
    CATALOGUE
}

/// One step of the workshop morning (`[[morning]]` in `info.toml`), with its time.
#[derive(Clone, Copy, Debug)]
pub struct MorningStep {
    pub item: MorningItem,
    pub minutes: u32,
}

/// What a step of the morning is.
#[derive(Clone, Copy, Debug)]
pub enum MorningItem {
    /// An exercise of the catalogue, by name.
    Exercise(&'static str),
    /// A walkthrough the instructors show, by its `classroom` id.
    Walkthrough(&'static str),
    /// A lesson with no exercise (`lessons/NAME.md`), rendered at build time.
    Reading {
        name: &'static str,
        title: &'static str,
        html: &'static str,
    },
}

/// The workshop morning's core path, in order. Exercises not on it are for after the
/// workshop.
pub fn morning() -> &'static [MorningStep] {
    MORNING
}

/// An exercise by name: `e01_countdown`, or a unique prefix such as `e01`, or its number.
pub fn find(name: &str) -> Result<&'static ExerciseInfo, UnknownExercise> {
    if let Some(e) = CATALOGUE.iter().find(|e| e.name == name) {
        return Ok(e);
    }
    if let Ok(n) = name.parse::<u32>()
        && let Some(e) = CATALOGUE.iter().find(|e| e.order == n)
    {
        return Ok(e);
    }
    let mut matches = CATALOGUE
        .iter()
        .filter(|e| !name.is_empty() && e.name.starts_with(name));
    match (matches.next(), matches.next()) {
        (Some(e), None) => Ok(e),
        _ => Err(UnknownExercise {
            name: name.to_string(),
        }),
    }
}

/// A name that is not in the catalogue. Its message lists the names that are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownExercise {
    pub name: String,
}

impl fmt::Display for UnknownExercise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "unknown exercise `{}`; the exercises are:", self.name)?;
        for e in CATALOGUE {
            writeln!(f, "  {:<24} {}", e.name, e.title)?;
        }
        Ok(())
    }
}

impl core::error::Error for UnknownExercise {}
