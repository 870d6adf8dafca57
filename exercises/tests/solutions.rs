//! Every solution passes every check. This runs without `--features solutions`: the solutions
//! are always compiled (as `exercises::solutions`) and graded through `Which::Solution`.

use exercises::{Which, catalogue, demo_trace, first_difference, grade_as};

#[test]
fn every_solution_passes_every_check() {
    let mut failures = Vec::new();
    for e in catalogue() {
        let report = grade_as(e.name, Which::Solution).expect("a catalogue name");
        assert_eq!(
            (report.score, report.max),
            (report.max, e.points),
            "{}: {report:?}",
            e.name
        );
        for c in report.checks.iter().filter(|c| !c.passed) {
            failures.push(format!("{} / {}: {}", e.name, c.name, c.message));
        }
    }
    assert!(
        failures.is_empty(),
        "solutions failing checks:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_solution_has_a_deterministic_demo_trace() {
    for e in catalogue() {
        let a = demo_trace(e.name, Which::Solution).unwrap_or_else(|m| panic!("{}: {m}", e.name));
        let b = demo_trace(e.name, Which::Solution).unwrap_or_else(|m| panic!("{}: {m}", e.name));
        assert!(
            a.len() > 5,
            "{}: a demo trace of {} events shows little",
            e.name,
            a.len()
        );
        assert_eq!(
            first_difference(&a, &b),
            None,
            "{}: two demo runs differ",
            e.name
        );
        for (i, r) in a.iter().enumerate() {
            assert_eq!(
                r.seq, i as u64,
                "{}: events are numbered from 0 without gaps",
                e.name
            );
        }
    }
}

#[test]
fn first_difference_finds_the_first_changed_event() {
    let a = demo_trace("e04", Which::Solution).unwrap();
    let mut b = a.clone();
    b.truncate(a.len() - 1);
    assert_eq!(first_difference(&a, &b), Some(a.len() - 1));
    let mut c = a.clone();
    c[3].at += 1;
    assert_eq!(first_difference(&a, &c), Some(3));
}
