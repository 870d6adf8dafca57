//! The catalogue is complete and consistent (after rustlings' `src/dev/check.rs`): every
//! exercise has a learner file with a `// TODO`, a solution without one, a lesson that points
//! at real code to read, a ladder of four hints, and checks whose points add up to the
//! exercise's.

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
            "e17_instrumented",
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
            "tokio-rs/tokio-metrics `",
        ];
        assert!(
            cites.iter().any(|c| lesson.contains(c)),
            "{} cites no Tokio/embassy/futures-rs/console/tokio-metrics file",
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

/// The code spans of a hint: the text between each pair of backticks.
fn code_spans(hint: &str) -> Vec<&str> {
    hint.split('`').skip(1).step_by(2).collect()
}

/// The learner's file without its comments: the code a learner sees before any hint.
fn code_of(source: &str) -> String {
    source
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        !text[..at].chars().next_back().is_some_and(ident)
            && !text[at + word.len()..].chars().next().is_some_and(ident)
    })
}

/// What is wrong with hint `rung` (0 to 3) of an exercise whose learner's file is `source`;
/// empty when the hint is a good rung. The rule (`info.toml`'s header says it too):
///
/// * A *code span* is the text between a pair of backticks; a *fenced block* is "```".
/// * Rung 1, **Idea**: no fenced block, and every code span is one name (letters, digits and
///   `_`: no path, call, method, macro or generic) that occurs in the code of the learner's
///   file, comments left out: the exercise's own types, fields, variants and imports. So
///   `Countdown` and `queued` may appear, `cx.waker()` and `Arc::into_raw` may not.
/// * Rung 2, **Invariant and API**: no fenced block; at least one code span names an API (it
///   holds `::` or `(`: `Waker::wake_by_ref`, `swap(true)`); and none is code yet (none holds
///   `;`, `{` or ` = `: no statement, no block, no assignment).
/// * Rung 3, **Code**: a fenced block, or a code span with a call that is a statement or a
///   block (it holds `(` and one of `;`, `{`, ` = `): what rung 2 may not have.
/// * Rung 4, **Go deeper**: starts with "Read " and a link to the source file
///   (`go_deeper_problem`).
fn rung_problems(rung: usize, hint: &str, source: &str) -> Vec<String> {
    let spans = code_spans(hint);
    let fenced = hint.contains("```");
    let statement = |c: &str| c.contains(';') || c.contains('{') || c.contains(" = ");
    let mut problems = Vec::new();
    match rung {
        0 => {
            if fenced {
                problems.push("the idea has a code block".to_string());
            }
            let code = code_of(source);
            for c in &spans {
                let name =
                    !c.is_empty() && c.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !name {
                    problems.push(format!(
                        "the idea quotes `{c}`: only a single name from the learner's file, no API"
                    ));
                } else if !has_word(&code, c) {
                    problems.push(format!(
                        "the idea names `{c}`, which the learner's file does not have in its code"
                    ));
                }
            }
        }
        1 => {
            if fenced {
                problems.push("the invariant rung has a code block".to_string());
            }
            if !spans.iter().any(|c| c.contains("::") || c.contains('(')) {
                problems.push(
                    "the invariant rung names no API in backticks (`Type::method`, `call(..)`)"
                        .to_string(),
                );
            }
            for c in spans.iter().filter(|c| statement(c)) {
                problems.push(format!(
                    "the invariant rung already gives code, `{c}`: that is rung 3"
                ));
            }
        }
        2 => {
            if !fenced && !spans.iter().any(|c| c.contains('(') && statement(c)) {
                problems.push(
                    "the code rung has no code: a statement or block in backticks".to_string(),
                );
            }
        }
        _ => {
            if let Some(problem) = go_deeper_problem(hint) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// The repositories a "go deeper" rung may send a learner to: the ones whose links
/// `tests/sources.rs` requires to be pinned (a tag or a commit, the locked version's tag for
/// Tokio and futures-rs).
const GO_DEEPER_REPOS: [&str; 3] = [
    "https://github.com/tokio-rs/",
    "https://github.com/rust-lang/futures-rs/",
    "https://github.com/embassy-rs/",
];

/// What is wrong with a "go deeper" rung, if anything. It starts with "Read " and a link,
/// `` [`PATH`](URL) ``: the label is the file's path in backticks (a `.rs` file, its first
/// folder the crate, as `tokio/src/time/sleep.rs`), and the URL opens that file (`blob/`) in
/// Tokio's, futures-rs's or embassy's repositories, ending with the path (or with the path less
/// its first folder, for a repository whose crate is at its root: tokio-metrics's
/// `src/task.rs`). `tests/sources.rs` checks that the URL is pinned and that the file exists.
fn go_deeper_problem(hint: &str) -> Option<String> {
    let Some(link) = hint.strip_prefix("Read [`") else {
        return Some(
            "the last rung does not start with \"Read \" and a link to a source file \
             (Read [`tokio/src/...rs`](https://github.com/...))"
                .to_string(),
        );
    };
    let Some((path, rest)) = link.split_once("`](") else {
        return Some("the last rung's link has no `path` as its label".to_string());
    };
    let url = rest.split(')').next().unwrap_or_default();
    let root = path.split_once('/').map_or(path, |(_, r)| r);
    if !path.ends_with(".rs") || !path.contains('/') {
        Some(format!(
            "the last rung's link is to `{path}`, not a source file"
        ))
    } else if !GO_DEEPER_REPOS.iter().any(|r| url.starts_with(r)) || !url.contains("/blob/") {
        Some(format!(
            "the last rung's link {url} is not a file of Tokio, futures-rs or embassy"
        ))
    } else if !url.ends_with(&format!("/{path}")) && !url.ends_with(&format!("/{root}")) {
        Some(format!("the last rung's link {url} does not open `{path}`"))
    } else {
        None
    }
}

/// Every exercise has a ladder of four hints, each rung what `HINT_RUNGS` says it is.
#[test]
fn every_exercise_has_a_ladder_of_four_hints() {
    assert_eq!(
        exercises::HINT_RUNGS,
        ["Idea", "Invariant and API", "Code", "Go deeper"]
    );
    let mut problems = Vec::new();
    for e in catalogue() {
        assert_eq!(e.hints.len(), exercises::HINT_RUNGS.len(), "{}", e.name);
        for (i, h) in e.hints.iter().enumerate() {
            assert!(
                h.len() > 80,
                "{}: a hint this short teaches little: {h:?}",
                e.name
            );
            assert!(!h.contains('\n'), "{}: hints are one paragraph", e.name);
            for p in rung_problems(i, h, e.source) {
                problems.push(format!(
                    "{} hint {} ({}): {p}",
                    e.name,
                    i + 1,
                    exercises::HINT_RUNGS[i]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The rule catches a ladder whose rungs are out of place (a rung 2 in rung 1's place, and so
/// on), and lets each good rung through.
#[test]
fn the_rung_rule_catches_a_bad_ladder() {
    let e = find("e01").unwrap();
    for (i, h) in e.hints.iter().enumerate() {
        assert_eq!(rung_problems(i, h, e.source), Vec::<String>::new());
    }
    // A last rung that names its file but does not link to it, or links elsewhere.
    assert!(!rung_problems(3, "Read `tokio/src/task/yield_now.rs`: it defers.", "").is_empty());
    for wrong in [
        "Read [`tokio/src/task/yield_now.rs`](https://example.org/tokio/src/task/yield_now.rs)",
        "Read [`tokio/src/task/yield_now.rs`](https://github.com/tokio-rs/tokio/blob/tokio-1.54.1/tokio/src/task/spawn.rs)",
        "Read [`tokio/src/task`](https://github.com/tokio-rs/tokio/tree/tokio-1.54.1/tokio/src/task)",
    ] {
        assert!(!rung_problems(3, wrong, "").is_empty(), "{wrong}");
    }
    assert!(
        rung_problems(
            3,
            "Read [`tokio-metrics/src/task.rs`](https://github.com/tokio-rs/tokio-metrics/blob/v0.5.2/src/task.rs)",
            ""
        )
        .is_empty()
    );
    // Each rung put one place too early, and a last rung that reads nothing.
    let bad = [
        e.hints[1],
        e.hints[2],
        "The countdown wakes itself, and says so in words only: nothing here is code.",
        e.hints[0],
    ];
    for (i, h) in bad.iter().enumerate() {
        assert!(
            !rung_problems(i, h, e.source).is_empty(),
            "hint {} passes as a {}: {h}",
            i + 1,
            exercises::HINT_RUNGS[i]
        );
    }
    // A name the learner's file has only in a comment is not its own.
    assert!(!rung_problems(0, "wake it with `wake_by_ref`", e.source).is_empty());
    assert!(rung_problems(0, "the `Countdown` counts `remaining`", e.source).is_empty());
    // Code in a fenced block counts as code.
    assert!(rung_problems(2, "```rust\nPoll::Pending\n```", e.source).is_empty());
    assert!(!rung_problems(0, "```rust\nPoll::Pending\n```", e.source).is_empty());
}

/// In a hunt (a learner's file with `TODO(bug hunt)` marks), the first two rungs do not say
/// where the bugs are: they name no type whose impl is marked, no `Drop for`, and quote no
/// field of the file's structs. Rung 3 may say where; only rungs 3 and 4 spell out fixes.
#[test]
fn a_hunt_s_first_rungs_do_not_say_where() {
    let mut hunts = 0;
    for e in catalogue()
        .iter()
        .filter(|e| e.source.contains("TODO(bug hunt)"))
    {
        hunts += 1;
        let mut marked: BTreeSet<String> = BTreeSet::new();
        let mut fields: BTreeSet<String> = BTreeSet::new();
        let mut last_impl = "";
        for line in e.source.lines() {
            let t = line.trim();
            if t.starts_with("impl") {
                last_impl = t;
            }
            if t.contains("TODO(bug hunt)") {
                // `impl<T> Future for RecvFuture<'_, T> {` -> `RecvFuture`
                let ty = last_impl
                    .rsplit(" for ")
                    .next()
                    .unwrap_or_default()
                    .split(['<', ' ', '{'])
                    .next()
                    .unwrap_or_default();
                marked.insert(ty.to_string());
            }
            // `name: Type,` inside a struct (or a struct literal).
            if let Some((name, rest)) = t.trim_start_matches("pub ").split_once(": ")
                && rest.ends_with(',')
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                fields.insert(name.to_string());
            }
        }
        assert!(marked.len() >= 3, "{}: {marked:?}", e.name);
        for (i, h) in e.hints[..2].iter().enumerate() {
            for ty in &marked {
                assert!(
                    !has_word(h, ty),
                    "{} hint {}: names `{ty}`, where a bug is: leave that to rung 3",
                    e.name,
                    i + 1
                );
            }
            assert!(!h.contains("Drop for"), "{} hint {}", e.name, i + 1);
            for c in code_spans(h) {
                for f in &fields {
                    assert!(
                        !has_word(c, f),
                        "{} hint {}: `{c}` names the field `{f}`: leave that to rung 3",
                        e.name,
                        i + 1
                    );
                }
            }
        }
    }
    assert_eq!(hunts, 1, "e15 is the one hunt");
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
        err.contains("e17_instrumented"),
        "the error lists every name: {err}"
    );
    assert!(find("nope").is_err() && find("").is_err() && find("99").is_err());
}

/// The workshop morning: about three hours of learner time (exercises and readings; the
/// walkthroughs are the instructors'), its exercises in workshop order, and within the
/// morning's four hours with the walkthroughs.
#[test]
fn the_morning_is_about_three_hours_in_workshop_order() {
    let mut learner = 0;
    let mut all = 0;
    let mut last_order = 0;
    for step in exercises::morning() {
        all += step.minutes;
        match step.item {
            exercises::MorningItem::Exercise(name) => {
                let e = exercises::find(name).unwrap();
                assert_eq!(step.minutes, e.minutes);
                assert!(e.order > last_order, "{name} is out of workshop order");
                last_order = e.order;
                learner += step.minutes;
            }
            exercises::MorningItem::Reading { html, .. } => {
                assert!(html.starts_with("<h3>"), "a reading is a rendered lesson");
                learner += step.minutes;
            }
            exercises::MorningItem::Walkthrough(_) => {}
        }
    }
    assert!(
        (150..=200).contains(&learner),
        "the morning's core path is {learner} minutes of learner time: aim for about 180"
    );
    assert!(
        all <= 4 * 60,
        "the morning runs {all} minutes: more than 8:30 to 12:30"
    );
    // Some exercises are for after the workshop, and each one has an estimate.
    assert!(exercises::catalogue().len() > last_order as usize / 2);
    assert!(exercises::catalogue().iter().all(|e| e.minutes > 0));
}

/// The README's coverage table: every outcome the workshop promises and every lesson of the
/// retrospective has an exercise (or the reading) and something to run in the lab, and every
/// name in it exists.
#[test]
fn the_coverage_table_is_true() {
    let readme = crate_file("README.md");
    let library = classroom::Library::bundled();
    let readings: Vec<&str> = exercises::morning()
        .iter()
        .filter_map(|s| match s.item {
            exercises::MorningItem::Reading { name, .. } => Some(name),
            _ => None,
        })
        .collect();
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| {
            let first = l.trim_start_matches("| ");
            (first.starts_with('O') || first.starts_with('R'))
                && first.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
        })
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let outcomes: Vec<&str> = rows
        .iter()
        .map(|r| r[0].split('.').next().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "O1", "O2", "O3a", "O3b", "O3c", "O4", "O5", "O6", "R1", "R2", "R3", "R4"
        ]
    );
    let names = |cell: &str| -> Vec<String> {
        cell.split(',')
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    for row in &rows {
        assert_eq!(row.len(), 5, "{row:?}");
        let (outcome, exercises, presets, challenges, walks) = (
            row[0],
            names(row[1]),
            names(row[2]),
            names(row[3]),
            names(row[4]),
        );
        for e in &exercises {
            assert!(
                readings.contains(&e.as_str()) || exercises::find(e).is_ok(),
                "{outcome}: no exercise or reading `{e}`"
            );
        }
        for p in &presets {
            assert!(library.preset(p).is_some(), "{outcome}: no preset `{p}`");
        }
        for c in &challenges {
            assert!(
                library.challenge(c).is_some(),
                "{outcome}: no challenge `{c}`"
            );
        }
        for w in &walks {
            assert!(
                library.walkthrough(w).is_some(),
                "{outcome}: no walkthrough `{w}`"
            );
        }
        assert!(
            !exercises.is_empty(),
            "{outcome} has no exercise or reading"
        );
        assert!(
            !(presets.is_empty() && challenges.is_empty() && walks.is_empty()),
            "{outcome} has nothing to run in the lab"
        );
    }
}
