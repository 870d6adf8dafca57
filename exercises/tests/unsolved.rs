//! The files as shipped fail their checks without bringing the grader down: every exercise
//! fails at least one check, each failure has a message, and grading returns a full report.
//! With `--features solutions` the same files are the solutions, and everything passes.

#[cfg(not(feature = "solutions"))]
use exercises::grade;
use exercises::{catalogue, grade_all};

#[test]
fn grading_every_exercise_returns_a_full_report() {
    let all = grade_all();
    assert_eq!(all.exercises.len(), catalogue().len());
    assert_eq!(all.max, catalogue().iter().map(|e| e.points).sum::<u32>());
    for (report, info) in all.exercises.iter().zip(catalogue()) {
        assert_eq!(report.name, info.name);
        assert_eq!(report.checks.len(), info.checks.len());
        assert_eq!(report.max, info.points);
        for c in &report.checks {
            assert_eq!(
                c.passed,
                c.message.is_empty(),
                "{} / {}: {:?}",
                info.name,
                c.name,
                c.message
            );
        }
    }
}

#[cfg(not(feature = "solutions"))]
#[test]
fn every_shipped_exercise_fails_at_least_one_check() {
    for info in catalogue() {
        let report = grade(info.name).expect("a catalogue name");
        let failed = report.checks.iter().filter(|c| !c.passed).count();
        assert!(
            failed > 0,
            "{} passes every check as shipped: it teaches nothing",
            info.name
        );
        assert!(report.score < report.max, "{}", info.name);
    }
}

#[cfg(not(feature = "solutions"))]
#[test]
fn an_unwritten_todo_is_reported_with_its_place() {
    let report = grade("e01").unwrap();
    let message = &report.checks[0].message;
    assert!(
        message.starts_with("not written yet: reached `todo!()` (Countdown::poll) at ")
            && message.contains("exercises/src/exercises/e01_countdown.rs:"),
        "{message}"
    );
}

/// e13 starts from the bug: its reader works until a timeout drops it, so the learner meets
/// the lost partial line ("hel", at t=5) before fixing it.
#[cfg(not(feature = "solutions"))]
#[test]
fn e13_starts_from_a_reader_that_loses_its_partial_line() {
    let report = grade("e13").unwrap();
    let verdicts: Vec<(&str, bool)> = report
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.passed))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("reads whole lines from split chunks", true),
            ("loses nothing when a timeout drops it", false),
            ("returns a last line without a newline", true),
        ],
        "{report:?}"
    );
    let message = &report.checks[1].message;
    for needle in [
        r#"they were ["lo", "world", "tail"]"#,
        "At t=5 the timeout fired",
        r#""hel" had been read but no whole line"#,
        "the ReadLine future was dropped",
    ] {
        assert!(message.contains(needle), "{needle:?} not in: {message}");
    }
}

#[cfg(feature = "solutions")]
#[test]
fn with_the_solutions_feature_everything_passes() {
    let all = grade_all();
    assert_eq!(
        all.score,
        all.max,
        "{:?}",
        all.exercises
            .iter()
            .filter(|e| !e.passed())
            .collect::<Vec<_>>()
    );
}

/// The capstone runs on the learner's own pieces: as shipped, exercise 4's `todo!()` is what
/// stops it, and the message says which piece to finish first.
#[cfg(not(feature = "solutions"))]
#[test]
fn e18_names_the_unfinished_piece_it_is_built_on() {
    let report = grade("e18").unwrap();
    for c in &report.checks {
        assert!(!c.passed, "{}", c.name);
        for needle in [
            "this runtime is built from your own pieces, and your block_on (exercise 4, \
             src/exercises/e04_block_on.rs) fails its own check `returns the output of a ready \
             future`: not written yet: reached `todo!()` (block_on) at ",
            "exercises/src/exercises/e04_block_on.rs:",
            "Fix exercise 4 first (`cargo run --release -p exercises --bin grade -- e04`), then \
             grade e18 again.",
        ] {
            assert!(
                c.message.contains(needle),
                "{needle:?} not in: {}",
                c.message
            );
        }
    }
}
