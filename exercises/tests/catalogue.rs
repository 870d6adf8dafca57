//! The catalogue is complete and consistent (after rustlings' `src/dev/check.rs`): every
//! exercise has a learner file with a `// TODO`, a solution without one, a lesson that points
//! at real code to read, three hints, and checks whose points add up to the exercise's.

extern crate alloc;

use alloc::collections::BTreeSet;
use exercises::{Which, catalogue, find};
use std::path::Path;

fn crate_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_exercises_are_in_workshop_order() {
    let names: Vec<&str> = catalogue().iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            "e01_countdown",
            "e02_state_machine",
            "e03_counting_waker",
            "e04_block_on",
            "e05_executor",
            "e06_join_handle",
            "e07_wheel_math",
            "e08_timer_wheel",
            "e09_sleep",
            "e10_reactor",
            "e11_work_stealing",
            "e12_budget",
            "e13_cancel_safety",
            "e14_blocking_detector",
            "e15_lost_waker_hunt",
            "e16_pin_projection",
            "e18_capstone",
        ]
    );
    // Orders increase; a gap is allowed while exercises written on separate branches are
    // merged (e17 comes from another branch).
    let mut previous = 0;
    for e in catalogue() {
        assert!(e.order > previous, "{} is out of order", e.name);
        previous = e.order;
        assert!(
            e.name.starts_with(&format!("e{:02}_", e.order)),
            "{}",
            e.name
        );
    }
}

#[test]
fn every_learner_file_has_a_todo_and_states_its_goal() {
    for e in catalogue() {
        assert_eq!(e.file, format!("src/exercises/{}.rs", e.name));
        assert_eq!(
            e.source,
            crate_file(e.file),
            "{}: the embedded source is the file",
            e.name
        );
        assert!(e.source.contains("// TODO"), "{} has no `// TODO`", e.name);
        assert!(
            e.source
                .starts_with(&format!("//! Exercise {} — ", e.order)),
            "{}: header",
            e.name
        );
        assert!(
            e.source.contains("//! Goal:"),
            "{} does not state its goal",
            e.name
        );
        assert!(
            e.source
                .contains(&format!("exercises/lessons/{}.md", e.name)),
            "{} links its lesson",
            e.name
        );
    }
}

#[test]
fn every_solution_mirrors_its_file_without_todos() {
    for e in catalogue() {
        let solution = crate_file(&format!("solutions/{}.rs", e.name));
        assert!(
            !solution.contains("TODO") && !solution.contains("todo!("),
            "{}: the solution has a TODO",
            e.name
        );
        assert!(
            solution.starts_with(&format!("//! Exercise {} — ", e.order)),
            "{}: header",
            e.name
        );
        assert!(
            solution.contains("(Solution.)"),
            "{}: the solution says it is one",
            e.name
        );
    }
}

#[test]
fn every_lesson_says_what_why_where_and_what_is_checked() {
    for e in catalogue() {
        let lesson = crate_file(&format!("lessons/{}.md", e.name));
        let lesson = lesson.as_str();
        // The page shows the lesson as rendered at build time.
        assert!(
            e.lesson_html.starts_with(&format!("<h3>{}. ", e.order)),
            "{}",
            e.name
        );
        assert!(
            lesson.starts_with(&format!("# {}. ", e.order)),
            "{}: title",
            e.name
        );
        // The page shows the catalogue's title above the lesson's own heading: one title.
        let heading = lesson.lines().next().unwrap_or_default();
        let heading = heading[format!("# {}. ", e.order).len()..].replace('`', "");
        assert_eq!(
            heading, e.title,
            "{}: the lesson's heading is its title",
            e.name
        );
        for section in [
            "## What",
            "## Why",
            "## The matching code",
            "## What the checks look at",
        ] {
            assert!(
                lesson.contains(section),
                "{} has no `{section}` section",
                e.name
            );
        }
        let cites = [
            "tokio-rs/tokio `",
            "embassy-rs/embassy `",
            "rust-lang/futures-rs `",
            "tokio-rs/console `",
        ];
        assert!(
            cites.iter().any(|c| lesson.contains(c)),
            "{} cites no Tokio/embassy/futures-rs file",
            e.name
        );
        // Every cited file is a link to it on GitHub.
        for c in cites {
            for (at, _) in lesson.match_indices(c) {
                let repo = c.trim_end_matches(" `");
                let rest = &lesson[at..];
                let path = rest[c.len()..].split('`').next().unwrap_or_default();
                let before = lesson[..at].chars().next_back();
                assert_eq!(
                    before,
                    Some('['),
                    "{}: `{repo} {path}` is not a link",
                    e.name
                );
                assert!(
                    rest.contains(&format!("](https://github.com/{repo}/blob/"))
                        && rest.split(')').next().unwrap_or_default().ends_with(path),
                    "{}: the link for `{repo} {path}` does not point at that file",
                    e.name
                );
            }
        }
    }
}

#[test]
fn every_exercise_has_three_progressive_hints() {
    for e in catalogue() {
        assert_eq!(e.hints.len(), 3, "{}", e.name);
        for h in e.hints {
            assert!(
                h.len() > 80,
                "{}: a hint this short teaches little: {h:?}",
                e.name
            );
            assert!(!h.contains('\n'), "{}: hints are one paragraph", e.name);
        }
        let last = e.hints[2];
        assert!(
            last.starts_with("Read "),
            "{}: the last hint points at a file to read",
            e.name
        );
        assert!(
            last.contains(".rs`"),
            "{}: the last hint names a file",
            e.name
        );
    }
}

#[test]
fn checks_are_named_once_and_add_up_to_the_points() {
    let mut total = 0;
    for e in catalogue() {
        assert!(!e.checks.is_empty(), "{} has no checks", e.name);
        let names: BTreeSet<&str> = e.checks.iter().map(|c| c.name).collect();
        assert_eq!(
            names.len(),
            e.checks.len(),
            "{}: check names repeat",
            e.name
        );
        let sum: u32 = e.checks.iter().map(|c| c.points).sum();
        assert_eq!(
            sum, e.points,
            "{}: its checks add up to {sum}, info.toml says {}",
            e.name, e.points
        );
        assert!(e.checks.iter().all(|c| c.points > 0), "{}", e.name);
        let sol = e.checks_for(Which::Solution);
        assert_eq!(
            sol.iter().map(|c| (c.name, c.points)).collect::<Vec<_>>(),
            e.checks
                .iter()
                .map(|c| (c.name, c.points))
                .collect::<Vec<_>>(),
            "{}: the same checks grade the learner and the solution",
            e.name
        );
        total += e.points;
    }
    assert_eq!(
        total,
        10 * catalogue().len() as u32,
        "every exercise is worth 10"
    );
}

#[test]
fn exercises_are_found_by_name_prefix_or_number() {
    assert_eq!(find("e07_wheel_math").unwrap().order, 7);
    assert_eq!(find("e07").unwrap().name, "e07_wheel_math");
    assert_eq!(find("7").unwrap().name, "e07_wheel_math");
    let err = find("e1").unwrap_err().to_string();
    assert!(
        err.starts_with("unknown exercise `e1`; the exercises are:"),
        "{err}"
    );
    assert!(
        err.contains("e16_pin_projection"),
        "the error lists every name: {err}"
    );
    assert!(find("nope").is_err() && find("").is_err() && find("99").is_err());
}
