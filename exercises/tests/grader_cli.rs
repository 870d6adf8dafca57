//! The grader's command line, as instructors and scripts use it: the table, one exercise, the
//! JSON contract, exit codes, unknown names, hints, traces.

use serde_json::Value;
use std::process::{Command, Output};

fn grade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .output()
        .expect("the grader runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SOLVED: bool = cfg!(feature = "solutions");

#[test]
fn json_matches_the_contract() {
    let out = grade(&["--json"]);
    assert_eq!(
        out.status.code(),
        Some(if SOLVED { 0 } else { 1 }),
        "{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "one JSON object on one line"
    );
    let v: Value = serde_json::from_str(stdout.trim()).expect("valid JSON");
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), ["exercises", "max", "score"]);
    let exercises = v["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), exercises::catalogue().len());
    let (mut score, mut max) = (0, 0);
    for e in exercises {
        assert_eq!(keys(e), ["checks", "max", "name", "score"]);
        let (mut s, mut m) = (0, 0);
        for c in e["checks"].as_array().unwrap() {
            assert_eq!(keys(c), ["message", "name", "passed", "points"]);
            let points = c["points"].as_u64().unwrap();
            let passed = c["passed"].as_bool().unwrap();
            assert!(c["name"].is_string() && c["message"].is_string());
            assert_eq!(passed, c["message"].as_str().unwrap().is_empty());
            m += points;
            if passed {
                s += points;
            }
        }
        assert_eq!(
            (e["score"].as_u64().unwrap(), e["max"].as_u64().unwrap()),
            (s, m),
            "{e}"
        );
        score += s;
        max += m;
    }
    assert_eq!(
        (v["score"].as_u64().unwrap(), v["max"].as_u64().unwrap()),
        (score, max)
    );
    assert_eq!(
        max,
        exercises::catalogue()
            .iter()
            .map(|e| u64::from(e.points))
            .sum::<u64>()
    );
    assert_eq!(score == max, SOLVED);
}

#[test]
fn one_exercise_by_name_prefix_or_number() {
    for name in ["e07_wheel_math", "e07", "7"] {
        let out = grade(&["--json", name]);
        let v: Value = serde_json::from_str(text(&out.stdout).trim()).expect("valid JSON");
        let names: Vec<&str> = v["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["e07_wheel_math"], "{name}");
        assert_eq!(v["max"], 10);
    }
    let out = grade(&["e03", "--json", "e05"]);
    let v: Value = serde_json::from_str(text(&out.stdout).trim()).expect("valid JSON");
    assert_eq!(v["exercises"].as_array().unwrap().len(), 2);
}

#[test]
fn the_table_shows_every_check_with_its_result() {
    let out = grade(&["e01"]);
    assert_eq!(out.status.code(), Some(if SOLVED { 0 } else { 1 }));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("e01_countdown"), "{stdout}");
    assert!(!stdout.contains("e02_state_machine"), "{stdout}");
    for check in exercises::find("e01").unwrap().checks {
        assert!(stdout.contains(check.name), "{stdout}");
    }
    if SOLVED {
        assert!(
            stdout.contains("PASS   2/2") && !stdout.contains("FAIL"),
            "{stdout}"
        );
        assert!(
            stdout.contains("total: 10/10 points; 1 of 1 exercises complete"),
            "{stdout}"
        );
    } else {
        assert!(stdout.contains("FAIL   0/2"), "{stdout}");
        assert!(
            stdout.contains("not written yet: reached `todo!()`"),
            "{stdout}"
        );
        assert!(
            stdout.contains("total: 0/10 points; 0 of 1 exercises complete"),
            "{stdout}"
        );
        assert!(stdout.contains("--hint e01"), "{stdout}");
    }
}

#[test]
fn an_unknown_name_lists_the_names_and_exits_with_2() {
    let out = grade(&["e99_nothing"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("unknown exercise `e99_nothing`; the exercises are:"),
        "{stderr}"
    );
    for e in exercises::catalogue() {
        assert!(stderr.contains(e.name), "{stderr}");
    }
    assert!(text(&out.stdout).is_empty());
    assert_eq!(grade(&["--json", "nope"]).status.code(), Some(2));
    assert_eq!(grade(&["--frobnicate"]).status.code(), Some(2));
}

#[test]
fn hints_come_one_at_a_time() {
    let out = grade(&["--hint", "e09", "2"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("e09_sleep — hint 2 of 4 (Invariant and API):"),
        "{stdout}"
    );
    assert!(stdout.contains("(next: --hint e09 3, Code)"), "{stdout}");
    let last = grade(&["--hint", "e09", "4"]);
    let last = text(&last.stdout);
    assert!(
        last.starts_with("e09_sleep — hint 4 of 4 (Go deeper):") && !last.contains("(next:"),
        "{last}"
    );
    // The link to the source file, as a terminal shows it: the path, then the pinned URL.
    assert!(
        last.contains("Read `tokio/src/time/sleep.rs`")
            && last.contains(
                "(https://github.com/tokio-rs/tokio/blob/tokio-1.54.1/tokio/src/time/sleep.rs)"
            ),
        "{last}"
    );
    assert_eq!(grade(&["--hint", "e09", "5"]).status.code(), Some(2));
    assert_eq!(grade(&["--hint"]).status.code(), Some(2));
}

#[test]
fn list_and_help() {
    let out = grade(&["--list"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout).lines().count(),
        exercises::catalogue().len()
    );
    let out = grade(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("--json"));
}

#[test]
fn trace_compares_with_the_solution() {
    let out = grade(&["--trace", "e04"]);
    let stdout = text(&out.stdout);
    if SOLVED {
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("the traces are the same"), "{stdout}");
        assert!(stdout.contains("block_on returned 7"), "{stdout}");
    } else {
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.starts_with("your code's demo did not produce a trace: not written yet"),
            "{stdout}"
        );
    }
}
