//! The classroom: every challenge and walkthrough that ships, each goal kind, the two file
//! formats' errors, and prediction questions.

use classroom::challenge::{self, Challenge};
use classroom::goals::{Goal, GoalResult, check_all};
use classroom::predict::{
    self, PredictKind, PredictOptions, Prediction, Quiz, prediction_at, predictions,
};
use classroom::walkthrough::{self, Panel, Position, Walkthrough};
use classroom::{FormatError, Library, Verdict};
use runtime_core::trace::{Event, QueueRef, WakeEffect};
use scenario::{RunOptions, RunResult};

fn run_src(src: &str) -> RunResult {
    let program = scenario::compile(src).unwrap_or_else(|e| panic!("{e}\n{src}"));
    scenario::run(&program, &RunOptions::default())
}

fn check(goal: &str, src: &str) -> GoalResult {
    Goal::parse(goal).unwrap().check(&run_src(src))
}

fn passes(goal: &str, src: &str) -> GoalResult {
    let r = check(goal, src);
    assert!(r.passed, "`{goal}` should pass: {}", r.message);
    r
}

fn fails(goal: &str, src: &str) -> GoalResult {
    let r = check(goal, src);
    assert!(!r.passed, "`{goal}` should fail: {}", r.message);
    r
}

// ---------------------------------------------------------------------------------------------
// Challenges

#[test]
fn there_are_at_least_twelve_challenges_with_unique_ids() {
    let all = challenge::all();
    assert!(all.len() >= 12, "{} challenges", all.len());
    let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "duplicate ids");
    for c in &all {
        assert!((1..=3).contains(&c.hints.len()), "{}: hints", c.id);
        assert!(!c.goals.is_empty(), "{}: goals", c.id);
        assert!(!c.story.is_empty() && !c.title.is_empty(), "{}", c.id);
        assert_eq!(challenge::find(&c.id).as_ref(), Some(c));
    }
}

/// The contract: every challenge's starting program compiles and fails at least one goal,
/// and its solution compiles and passes every goal.
#[test]
fn every_start_fails_and_every_solution_passes() {
    for c in challenge::all() {
        match c.check(&c.start) {
            Verdict::Error(e) => panic!("{}: the start does not compile: {e}", c.id),
            Verdict::Checked {
                passed, results, ..
            } => {
                assert!(!passed, "{}: the start passes every goal", c.id);
                let failed = results.iter().filter(|r| !r.passed).count();
                assert!(failed >= 1, "{}", c.id);
                for r in results.iter().filter(|r| !r.passed) {
                    assert!(!r.message.is_empty(), "{}: {}", c.id, r.goal);
                }
            }
        }
        let v = c.check(&c.solution);
        let report: Vec<String> = v
            .results()
            .iter()
            .map(|r| format!("{} {}: {}", r.passed, r.goal, r.message))
            .collect();
        assert!(
            v.passed(),
            "{}: the solution fails:\n{}",
            c.id,
            report.join("\n")
        );
        assert!(v.first_failure().is_none());
    }
}

/// A failing goal points at events, and those events exist in the run.
#[test]
fn failures_point_at_real_events() {
    for c in challenge::all() {
        let Verdict::Checked { results, run, .. } = c.check(&c.start) else {
            panic!("{}", c.id)
        };
        let n = run.events.len() as u64;
        for r in &results {
            assert!(r.events.iter().all(|&s| s < n), "{}: {}", c.id, r.goal);
            assert!(r.events.windows(2).all(|w| w[0] < w[1]), "{}: sorted", c.id);
        }
        let pointed = results
            .iter()
            .filter(|r| !r.passed && !r.events.is_empty())
            .count();
        assert!(pointed >= 1, "{}: no failure points at an event", c.id);
    }
}

#[test]
fn challenge_messages_read_well() {
    let find = |id: &str| challenge::find(id).unwrap();
    let first_failure = |c: &Challenge| {
        let v = c.check(&c.start);
        let f = v.first_failure().unwrap().clone();
        (f.message, f.events)
    };
    assert_eq!(
        first_failure(&find("split-the-work")),
        (
            "`cruncher` ran for 20ms in one poll at 0ms (events 6\u{2013}9) without returning to \
             the executor; the goal is at most 1ms a poll"
                .to_string(),
            vec![5, 8]
        )
    );
    assert_eq!(
        first_failure(&find("batching")).0,
        "`consumer` waited 60ms for its first value from `results`: from 0ms to 60ms \
         (events 7\u{2013}24); the goal is at most 20ms"
    );
    assert_eq!(
        first_failure(&find("cancel-safe-select")),
        (
            "only 4 values came out of `out`; the goal is at least 6. 2 `send`s were dropped \
             before they finished, and their values with them (the first at event 41)"
                .to_string(),
            vec![40, 78]
        )
    );
    assert_eq!(
        first_failure(&find("late-alarm")).0,
        "a timer of `alarm` fired 55ms late: due at 5ms, fired at 60ms (events 17\u{2013}526); \
         the goal is at most 3ms"
    );
    assert_eq!(
        first_failure(&find("work-stealing")).0,
        "polls per worker: worker 0: 1 (100%), worker 1: 0 (0%), worker 2: 0 (0%), worker 3: \
         0 (0%); the goal is at least 20% each, but workers 1, 2 and 3 are below it"
    );
}

#[test]
fn a_challenge_does_not_compile_gives_the_error() {
    let c = challenge::find("lost-waker").unwrap();
    let v = c.check("task a { sleep(1ms); }");
    let Verdict::Error(e) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(e.span.line, 1);
    assert!(!v.passed());
    assert!(v.results().is_empty());
}

/// Settings in a challenge replace the program's `config { }`: a learner cannot pass the
/// work-stealing challenge by asking for more workers, nor fail it by asking for one.
#[test]
fn challenge_settings_override_the_program() {
    let c = challenge::find("work-stealing").unwrap();
    let one_worker = c
        .solution
        .replace("lazy task job", "config { workers: 1; }\nlazy task job");
    assert!(c.check(&one_worker).passed(), "settings=workers=4 wins");
    assert_eq!(c.settings_text(), "workers=4");
}

/// Cheating by deleting the work does not pass.
#[test]
fn deleting_the_work_does_not_pass() {
    let c = challenge::find("split-the-work").unwrap();
    let lazy = "task cruncher { print(\"checksum done\"); }\ntask greeter { print(\"hello\"); }";
    let v = c.check(lazy);
    let failed: Vec<String> = v
        .results()
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.goal.to_string())
        .collect();
    assert_eq!(failed, ["works cruncher 20ms"]);
    let c = challenge::find("lost-waker").unwrap();
    let v = c.check("task other { }");
    assert!(!v.passed());
    assert_eq!(
        v.results()[2].message,
        "no task named `consumer` ran (the tasks were `other`): the goal needs it to do its work"
    );
}

/// Every file in the three folders is compiled in, in the order of their names (a new file
/// must be added to the list; the page's bundle takes the folder's files in that order).
#[test]
fn every_file_is_compiled_in() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, ext, files) in [
        ("../scenario/presets", "scn", scenario::presets::FILES),
        ("challenges", "challenge", challenge::FILES),
        ("walkthroughs", "walk", walkthrough::FILES),
    ] {
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(&format!(".{ext}")))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, listed, "{dir}");
    }
}

/// Every goal in the shipped challenges prints back as it was written.
#[test]
fn challenge_goals_round_trip() {
    for (file, src) in challenge::FILES {
        let written: Vec<&str> = src
            .lines()
            .filter_map(|l| l.strip_prefix("goal: "))
            .collect();
        let parsed = Challenge::parse(src).unwrap().goals;
        let printed: Vec<String> = parsed.iter().map(|g| g.to_string()).collect();
        assert_eq!(printed, written, "{file}");
    }
}

// ---------------------------------------------------------------------------------------------
// Goal kinds: each passes and fails on a small program.

const TWO_POLLS: &str = "task a { work(2ms); yield_now().await; work(1ms); }";

#[test]
fn goal_all_finish() {
    let r = passes("all_finish", TWO_POLLS);
    assert_eq!(r.message, "the only task finished, at 3ms");
    let r = fails("all_finish", "task a { lost_wake().await; }");
    assert!(
        r.message
            .starts_with("a task never finished: `a`: it returned Pending"),
        "{}",
        r.message
    );
    assert!(!r.events.is_empty());
    let r = fails("all_finish", "chan c: 1; task a { c.send(1).await; }");
    assert!(
        r.message.starts_with("the program stopped with an error: "),
        "{}",
        r.message
    );
    let r = fails("all_finish", "task a { loop { yield_now().await; } }");
    assert!(
        r.message
            .starts_with("the run never finished: stopped after"),
        "{}",
        r.message
    );
}

#[test]
fn goal_finish_by() {
    passes("finish_by 3ms", TWO_POLLS);
    let r = fails("finish_by 2ms", TWO_POLLS);
    assert_eq!(
        r.message,
        "the last task, `a`, finished at 3ms (event 16); the goal is to finish by 2ms"
    );
    assert_eq!(r.events, [15]);
}

#[test]
fn goal_max_poll() {
    passes("max_poll 2ms", TWO_POLLS);
    passes(
        "max_poll 1ms b",
        "task a { work(5ms); } task b { work(1ms); }",
    );
    let r = fails("max_poll 1ms", TWO_POLLS);
    assert_eq!(
        r.message,
        "`a` ran for 2ms in one poll at 0ms (events 5\u{2013}8) without returning to the \
         executor; the goal is at most 1ms a poll"
    );
    assert_eq!(r.events, [4, 7]);
    let r = fails(
        "max_poll 500us",
        "task a { work(700us); yield_now().await; work(600us); }",
    );
    assert!(r.message.contains("ran for 700µs") && r.message.ends_with("(2 polls were too long)"));
}

#[test]
fn goal_max_wait() {
    let src = "task hog { work(6ms); } task victim { print(\"hi\"); }";
    passes("max_wait hog 1ms", src);
    let r = fails("max_wait victim 5ms", src);
    assert_eq!(
        r.message,
        "`victim` waited 6ms in the ready queue: queued at 0ms, polled at 6ms (events \
         5\u{2013}10); the goal is at most 5ms"
    );
    let r = fails("max_wait nobody 5ms", src);
    assert_eq!(
        r.message,
        "no task named `nobody` ran (the tasks were `hog` and `victim`): the goal needs it to \
         do its work"
    );
}

#[test]
fn goal_max_gap() {
    let src = "chan c: 4;
        task p { for i in 0..3 { sleep(10ms).await; c.send(i).await; } sleep(30ms).await; c.send(9).await; }
        task q { while let Some(v) = c.recv().await { print(\"{v}\"); } }";
    passes("max_gap q c 30ms", src);
    let r = fails("max_gap q c 20ms", src);
    assert!(
        r.message
            .starts_with("`q` waited 30ms between two values from `c`: from 30ms to 60ms"),
        "{}",
        r.message
    );
    assert_eq!(r.events.len(), 2);
    let r = fails("max_gap q nope 20ms", src);
    assert_eq!(
        r.message,
        "there is no channel named `nope` (the channels are `c`)"
    );
    let r = fails(
        "max_gap q c 20ms",
        "chan c: 1; task q { let v = c.recv().await; }",
    );
    assert_eq!(r.message, "`q` never received a value from `c`");
}

#[test]
fn goal_prints() {
    let src =
        "task a { print(\"start\"); sleep(10ms).await; print(\"done 1\"); print(\"done 2\"); }";
    let r = passes("prints a \"done\" x2", src);
    assert_eq!(r.message, "`a` printed \"done\" 2 times, as required");
    passes("prints * \"start\" by 0ms", src);
    passes("prints a \"done\" after 10ms by 10ms", src);
    let r = fails("prints a \"done\" x3", src);
    assert_eq!(
        r.message,
        "`a` printed \"done\" 2 times; the goal is exactly 3 times"
    );
    let r = fails("prints a \"done\" by 5ms", src);
    assert_eq!(
        r.message,
        "`a` printed \"done\" at 10ms (event 17); the goal is to print it by 5ms"
    );
    let r = fails("prints a \"oops\"", src);
    assert_eq!(
        r.message,
        "`a` never printed \"oops\"; the goal is to print it"
    );
    assert_eq!(r.events.len(), 3, "points at what it did print");
    let r = fails("prints * \"oops\" after 1ms", src);
    assert_eq!(
        r.message,
        "no task printed \"oops\"; the goal is to print it at or after 1ms"
    );
}

#[test]
fn goal_no_print() {
    let src = "task a { print(\"fine\"); } task b { print(\"oops\"); }";
    passes("no_print a \"oops\"", src);
    let r = fails("no_print * \"oops\"", src);
    assert_eq!(
        r.message,
        "`b` printed \"oops\" at 0ms (event 11); the goal is that it never does"
    );
}

#[test]
fn goal_delivers() {
    let src = "chan c: 2;
        task p { for i in 0..3 { c.send(i).await; } }
        task q { while let Some(v) = c.recv().await { } }";
    let r = passes("delivers c 3", src);
    assert_eq!(r.message, "all 3 values sent on `c` came out");
    let r = fails("delivers c 4", src);
    assert_eq!(
        r.message,
        "only 3 values came out of `c`; the goal is at least 4"
    );
    let left = "chan c: 2;
        task p { for i in 0..2 { c.send(i).await; } }
        task q { let v = c.recv().await; }";
    let r = fails("delivers c 1", left);
    assert_eq!(
        r.message,
        "2 values went into `c` but only 1 came out: 1 value was never received"
    );
}

#[test]
fn goal_max_buffered() {
    let src = "chan c: 8;
        task p { for i in 0..5 { c.send(i).await; } }
        task q { while let Some(v) = c.recv().await { } }";
    passes("max_buffered c 5", src);
    let r = fails("max_buffered c 4", src);
    assert!(
        r.message.starts_with("`c` held 5 values at 0ms (event"),
        "{}",
        r.message
    );
    assert!(r.message.ends_with("the goal is at most 4"));
}

#[test]
fn goal_workers_share() {
    let spread = "config { workers: 2; }
        lazy task job { work(2ms); }
        task boss { for i in 0..4 { spawn job; } }";
    passes("workers_share 2 40%", spread);
    let r = fails("workers_share 2 50%", spread);
    assert!(
        r.message
            .starts_with("polls per worker: worker 0: 3 (60%), worker 1: 2 (40%)")
    );
    let r = fails("workers_share 4 20%", spread);
    assert_eq!(
        r.message,
        "the run used 2 workers; the goal needs 4 (set `workers: 4` in `config`)"
    );
}

#[test]
fn goal_no_lost_waker() {
    passes("no_lost_waker", TWO_POLLS);
    let r = fails(
        "no_lost_waker",
        "task v { print(\"x\"); lost_wake().await; }",
    );
    assert_eq!(
        r.message,
        "`v` returned Pending at 0ms and no clone of its waker was kept, so nothing can ever \
         wake it (event 8); the goal is that no waker is lost"
    );
    assert_eq!(r.events, [6, 7]);
}

const ABORT: &str = "lazy task slow { sleep(100ms).await; }
    lazy task quick { sleep(1ms).await; }
    task boss {
        let s = spawn slow;
        let q = spawn quick;
        let r = q.await;
        s.abort();
        let r2 = s.await;
    }";

#[test]
fn goal_cancelled_and_not_cancelled() {
    passes("cancelled slow", ABORT);
    passes("not_cancelled quick", ABORT);
    let r = fails("cancelled quick", ABORT);
    assert!(
        r.message
            .starts_with("`quick` was never cancelled: it ran to completion at 1ms")
    );
    let r = fails("not_cancelled slow", ABORT);
    assert!(r.message.starts_with("`slow` was cancelled at 1ms (event"));
    let r = fails(
        "cancelled slow",
        "lazy task slow { pending().await; } task b { let s = spawn slow; }",
    );
    assert!(
        r.message.contains("still unfinished when the run ended"),
        "{}",
        r.message
    );
}

#[test]
fn goal_works() {
    passes("works a 3ms", TWO_POLLS);
    passes("works * 3ms", TWO_POLLS);
    let r = fails("works a 4ms", TWO_POLLS);
    assert_eq!(
        r.message,
        "`a` did only 3ms of work in all; the goal is at least 4ms (the work must still be done)"
    );
}

#[test]
fn goal_timers_late() {
    let src = "task s { sleep(5ms).await; } task hog { work(20ms); }";
    passes("timers_late 0ms", "task s { sleep(5ms).await; }");
    passes("timers_late 1ms hog", src);
    let r = fails("timers_late 3ms", src);
    assert!(
        r.message
            .starts_with("a timer of `s` fired 15ms late: due at 5ms, fired at 20ms"),
        "{}",
        r.message
    );
    let r = passes("timers_late 3ms", TWO_POLLS);
    assert_eq!(r.message, "no timer fired");
}

#[test]
fn goal_max_polls() {
    passes("max_polls a 2", TWO_POLLS);
    let r = fails("max_polls a 1", TWO_POLLS);
    assert_eq!(
        r.message,
        "`a` was polled 2 times (first at event 5); the goal is at most 1 time"
    );
    assert_eq!(r.events.len(), 2);
}

#[test]
fn check_all_checks_in_order() {
    let goals: Vec<Goal> = ["all_finish", "max_poll 1ms"]
        .iter()
        .map(|g| Goal::parse(g).unwrap())
        .collect();
    let results = check_all(&goals, &run_src(TWO_POLLS));
    assert_eq!(results.len(), 2);
    assert!(results[0].passed && !results[1].passed);
    assert_eq!(results[1].goal, goals[1]);
}

#[test]
fn goals_describe_themselves() {
    let d = |g: &str| Goal::parse(g).unwrap().describe();
    assert_eq!(d("all_finish"), "every task finishes");
    assert_eq!(d("max_poll 1ms"), "no poll takes longer than 1ms");
    assert_eq!(
        d("max_gap consumer jobs 20ms"),
        "`consumer` never waits more than 20ms for a value from `jobs`"
    );
    assert_eq!(
        d("prints request \"gave up\" after 50ms by 55ms"),
        "`request` prints \"gave up\" between 50ms and 55ms"
    );
    assert_eq!(
        d("workers_share 4 20%"),
        "each of the 4 workers runs at least 20% of the polls"
    );
    assert_eq!(
        d("delivers out 6"),
        "no value sent on `out` is lost, and at least 6 get through"
    );
}

#[test]
fn goal_parse_errors() {
    let e = |g: &str| Goal::parse(g).unwrap_err();
    assert_eq!(
        e("max_pol 1ms"),
        "unknown goal `max_pol` (did you mean `max_poll`?); the goals are all_finish, finish_by, \
         max_poll, max_wait, max_gap, prints, no_print, delivers, max_buffered, workers_share, \
         no_lost_waker, cancelled, not_cancelled, works, timers_late, max_polls"
    );
    assert_eq!(
        e("max_poll fast"),
        "`max_poll`: expected the longest poll, such as `1ms`, found `fast`"
    );
    assert_eq!(
        e("max_wait"),
        "`max_wait` needs a task name here, but the line ends"
    );
    assert_eq!(
        e("prints a done"),
        "`prints`: expected a quoted text, such as \"done\", found `done`"
    );
    assert_eq!(
        e("prints a \"done"),
        "a quoted text is not closed: add a `\"`"
    );
    assert_eq!(
        e("prints a \"x\" soon"),
        "`prints`: expected `xN`, `after TIME` or `by TIME`, found `soon`"
    );
    assert_eq!(
        e("workers_share 4 20"),
        "`workers_share`: expected a share such as `20%`, found `20`"
    );
    assert_eq!(
        e("all_finish now"),
        "`all_finish`: expected the end of the goal, found `now`"
    );
    assert_eq!(
        e(""),
        "a goal is missing: write one of all_finish, finish_by, max_poll, max_wait, max_gap, \
         prints, no_print, delivers, max_buffered, workers_share, no_lost_waker, cancelled, \
         not_cancelled, works, timers_late, max_polls"
    );
}

// ---------------------------------------------------------------------------------------------
// The challenge format's errors

const GOOD: &str = "id: tiny
title: Tiny
goal: all_finish
hint: Think.
--- story
Once upon a time.
--- start
task a { lost_wake().await; }
--- solution
task a { }
";

fn challenge_error(src: &str) -> String {
    Challenge::parse(src).unwrap_err().to_string()
}

#[test]
fn a_tiny_challenge_parses() {
    let c = Challenge::parse(GOOD).unwrap();
    assert_eq!(c.id, "tiny");
    assert_eq!(c.story, "Once upon a time.");
    assert_eq!(c.start, "task a { lost_wake().await; }\n");
    assert!(!c.check(&c.start).passed());
    assert!(c.check(&c.solution).passed());
}

#[test]
fn challenge_format_errors() {
    assert_eq!(
        challenge_error(&GOOD.replace("goal: all_finish", "gaol: all_finish")),
        "line 3: unknown key `gaol:` (did you mean `goal`?); a challenge has id, title, part, \
         settings, goal, hint"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("goal: all_finish", "goal: max_poll fast")),
        "line 3: `max_poll`: expected the longest poll, such as `1ms`, found `fast`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("--- solution\ntask a { }\n", "")),
        "line 8: missing the `--- solution` section"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("title: Tiny\n", "")),
        "line 9: missing `title:`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("task a { }", "task a { sleep(1ms); }")),
        "line 10: in the solution: 1:10: `sleep(1ms)` is a future (Future<()>) that is never \
         awaited (hint: futures do nothing unless awaited: `sleep(1ms).await`)"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("hint: Think.", "hint: 1\nhint: 2\nhint: 3\nhint: 4")),
        "line 7: a challenge has at most 3 hints"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("hint: Think.\n", "")),
        "line 9: missing a `hint:` line (a challenge has one to three hints)"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("--- story", "--- tale")),
        "line 5: unknown section `--- tale`; a challenge has `--- story`, `--- start` and \
         `--- solution`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("title: Tiny", "title: Tiny\nsettings: worker=4")),
        "line 3: unknown setting `worker` (did you mean `workers`?); the settings are \
         event_interval, global_queue_interval, budget, workers, lifo, wheel, seed"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("title: Tiny", "title: Tiny\nsettings: workers=99")),
        "line 3: `workers=99`: expected an integer from 1 to 16 for `workers`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("title: Tiny", "Tiny challenge")),
        "line 2: expected `key: value` or a section line such as `--- start`, found `Tiny \
         challenge`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("id: tiny", "id: Tiny One")),
        "line 1: the id `Tiny One` may only use a-z, 0-9 and `-`, such as `lost-waker`"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("title: Tiny", "title: Tiny\ntitle: Again")),
        "line 3: `title:` is given twice"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("--- start", "--- start\n--- start")),
        "line 8: the `--- start` section is given twice"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("--- story\nOnce upon a time.", "--- story\n")),
        "line 5: the story is empty"
    );
    assert_eq!(
        challenge_error(&GOOD.replace("--- start", "---")),
        "line 7: a section line needs a name after `---`, such as `--- start`"
    );
}

// ---------------------------------------------------------------------------------------------
// Walkthroughs

#[test]
fn there_are_at_least_six_walkthroughs_and_each_runs() {
    let all = walkthrough::all();
    assert!(all.len() >= 6, "{} walkthroughs", all.len());
    let mut ids: Vec<&str> = all.iter().map(|w| w.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "duplicate ids");
    for w in &all {
        let session = w.run().unwrap_or_else(|e| panic!("{}: {e}", w.id));
        let n = session.run.events.len();
        assert_eq!(session.stops.len(), w.stops.len());
        let mut prev = None;
        for (stop, r) in w.stops.iter().zip(&session.stops) {
            assert!(r.index < n, "{}: stop at line {}", w.id, stop.line);
            assert!(
                prev.is_none_or(|p| r.index > p),
                "{}: stops go forward",
                w.id
            );
            prev = Some(r.index);
            assert!(!stop.narration.is_empty());
            assert_eq!(
                stop.ask,
                r.prediction.is_some(),
                "{}: line {}",
                w.id,
                stop.line
            );
            if let Some(p) = &r.prediction {
                assert_eq!(p.reveal, r.index + 1);
                assert_answer_matches(&session.run.events, p);
            }
        }
        assert_eq!(walkthrough::find(&w.id).as_ref(), Some(w));
    }
}

/// The walkthroughs together cover the workshop's parts and every panel is used somewhere.
#[test]
fn walkthroughs_cover_the_workshop() {
    let all = walkthrough::all();
    let parts: Vec<&str> = all.iter().filter_map(|w| w.part.as_deref()).collect();
    for part in [
        "why polling and wakers",
        "building a runtime",
        "timers",
        "the reactor",
        "work stealing",
        "blocking and the budget",
        "cancellation",
    ] {
        assert!(parts.contains(&part), "no walkthrough for {part}");
    }
    for panel in Panel::ALL {
        let used = all
            .iter()
            .flat_map(|w| &w.stops)
            .any(|s| s.show.contains(&panel));
        assert!(used, "panel {} is never shown", panel.name());
    }
    assert!(
        all.iter()
            .map(|w| w.stops.iter().filter(|s| s.ask).count())
            .sum::<usize>()
            >= 10
    );
}

const WALK: &str = "id: tiny
title: Tiny
preset: fifo
--- stop before poll_start task=b #1
show: queues tasks
ask
Who is next?
--- stop end
show: timeline
Done.
";

fn walk_error(src: &str) -> String {
    Walkthrough::parse(src, &scenario::presets::all())
        .unwrap_err()
        .to_string()
}

fn resolve_error(src: &str) -> String {
    let w = Walkthrough::parse(src, &scenario::presets::all()).unwrap_or_else(|e| panic!("{e}"));
    match w.run() {
        Ok(s) => panic!("resolves: {src}\n{:?}", s.stops),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_tiny_walkthrough_resolves() {
    let w = Walkthrough::parse(WALK, &scenario::presets::all()).unwrap();
    assert_eq!(w.stops.len(), 2);
    assert_eq!(w.stops[0].show, [Panel::Queues, Panel::Tasks]);
    assert_eq!(w.stops[0].line, 4);
    let s = w.run().unwrap();
    let p = s.stops[0].prediction.as_ref().unwrap();
    assert_eq!(p.kind, PredictKind::NextPoll);
    assert_eq!(p.options, ["b", "c"]);
    assert_eq!(p.options[p.answer], "b");
    assert_eq!(s.stops[1].index, s.run.events.len() - 1);
    // In spawn order, not queue order: after the yields come back, the queue is c, b, a.
    let yields = WALK
        .replace("preset: fifo", "preset: yield_now")
        .replace("task=b #1", "task=c #2");
    let s = Walkthrough::parse(&yields, &scenario::presets::all())
        .unwrap()
        .run()
        .unwrap();
    let p = s.stops[0].prediction.as_ref().unwrap();
    assert_eq!(p.options, ["a", "b", "c"]);
    assert_eq!(p.options[p.answer], "c");
}

#[test]
fn positions_resolve_symbolically() {
    let src = |pos: &str| format!("id: t\ntitle: T\npreset: fifo\n--- stop {pos}\nSay it.\n");
    let index = |pos: &str| {
        Walkthrough::parse(&src(pos), &scenario::presets::all())
            .unwrap()
            .run()
            .unwrap()
            .stops[0]
            .index
    };
    let lines = |i: usize| {
        let run = Walkthrough::parse(&src("end"), &scenario::presets::all())
            .unwrap()
            .run()
            .unwrap()
            .run;
        runtime_core::trace::text::lines(&run.events)[i].clone()
    };
    assert_eq!(index("start"), 0);
    assert_eq!(
        index("event 7"),
        6,
        "counted from 1: the 7th event is seq 6"
    );
    assert_eq!(
        lines(index("after poll_end task=b #2")),
        "@1 poll_end task=b worker=0 outcome=ready duration=0"
    );
    assert_eq!(
        lines(index("at print text~\"c: second\"")),
        "@1 print task=c text=\"c: second poll\""
    );
    assert_eq!(
        lines(index("before woken task=c") + 1),
        "@1 woken task=c waker=2 by_ref=false source=timer#2 effect=queued:local:0"
    );
    assert_eq!(
        lines(index("after woken source=timer #3")),
        lines(index("after woken task=c"))
    );
    assert_eq!(
        lines(index("after enqueued queue=local #4")),
        "@1 enqueued task=a queue=local:0"
    );
}

#[test]
fn walkthrough_format_errors() {
    assert_eq!(
        walk_error(&WALK.replace("show: queues tasks", "show: queue tasks")),
        "line 5: unknown panel `queue` (did you mean `queues`?); the panels are program, \
         lesson, queues, tasks, wakers, wheel, pin, timeline, diagnostics, log"
    );
    assert_eq!(
        walk_error(&WALK.replace("before poll_start", "before pol_start")),
        "line 4: unknown event kind `pol_start` (did you mean `poll_start`?); use a kind from \
         the event log, such as `poll_start`, `woken` or `timer_fired`"
    );
    assert_eq!(
        walk_error(&WALK.replace("preset: fifo", "preset: fifoo")),
        format!(
            "line 3: no preset named `fifoo` (did you mean `fifo`?); the presets are {}",
            scenario::presets::all()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    assert_eq!(
        walk_error(&WALK.replace("preset: fifo\n", "preset: fifo\n--- program\ntask a { }\n")),
        "line 4: a walkthrough has either `preset:` (line 3) or a `--- program` section, not both"
    );
    assert_eq!(
        walk_error(&WALK.replace("Done.\n", "")),
        "line 8: this stop has no narration: write what to say after its `show:` line"
    );
    assert_eq!(
        walk_error(&WALK.replace("task=b #1", "task=b #0")),
        "line 4: counts start at `#1`"
    );
    assert_eq!(
        walk_error(&WALK.replace("task=b #1", "b")),
        "line 4: expected `key=value`, `key~text` or `#N` after the event kind, found `b`"
    );
    assert_eq!(
        walk_error(&WALK.replace("--- stop end", "--- stop finish")),
        "line 8: unknown position `finish`; a stop needs a position: `start`, `end`, `event N`, \
         `after KIND ...` or `before KIND ...`"
    );
    assert_eq!(
        walk_error("id: t\ntitle: T\npreset: fifo\n"),
        "line 3: missing a `--- stop POSITION` section (a walkthrough needs stops)"
    );
    assert_eq!(
        walk_error("id: t\ntitle: T\n--- stop end\nHi.\n"),
        "line 4: missing a program: `preset: NAME` or a `--- program` section"
    );
    assert_eq!(
        walk_error("id: t\ntitle: T\n--- program\n\ntask a { sleep(1ms); }\n--- stop end\nHi.\n"),
        "line 5: in the program: 1:10: `sleep(1ms)` is a future (Future<()>) that is never \
         awaited (hint: futures do nothing unless awaited: `sleep(1ms).await`)"
    );
    assert_eq!(
        walk_error(&WALK.replace("preset: fifo", "preset: fifo\nspeed: fast")),
        "line 4: unknown key `speed:`; a walkthrough has id, title, part, summary, preset, settings"
    );
    assert_eq!(
        walk_error(&WALK.replace("preset: fifo", "preset: fifo\nsettings: budget=0")),
        "line 4: `budget=0`: expected `off` or an integer of at least 1 for `budget`"
    );
}

#[test]
fn walkthrough_resolve_errors() {
    assert_eq!(
        resolve_error(&WALK.replace("task=b #1", "task=b #5")),
        "line 4: no event matches `before poll_start task=b #5`: the trace has 2 `poll_start` \
         events with task=b, so there is no #5"
    );
    assert_eq!(
        resolve_error(&WALK.replace("task=b #1", "task=zed")),
        "line 4: no event matches `before poll_start task=zed`: the trace has 6 `poll_start` \
         events, but none with task=zed"
    );
    assert_eq!(
        resolve_error(&WALK.replace("before poll_start task=b #1", "after stolen")),
        "line 4: no event matches `after stolen`: the trace has no `stolen` event"
    );
    assert_eq!(
        resolve_error(&WALK.replace("--- stop end", "--- stop event 3")),
        "line 8: `event 3` is event 3, which is not after the previous stop (event 15): stops \
         must move forward"
    );
    assert_eq!(
        resolve_error(&WALK.replace("--- stop end", "--- stop event 999")),
        "line 8: there is no event 999: the trace has 50 events (1 to 50)"
    );
    assert_eq!(
        resolve_error(&WALK.replace("before poll_start task=b #1", "after poll_start task=b #1")),
        "line 4: `ask` needs a question about the next event, but event 17 is `print`; put the \
         stop `before` a `poll_start` (with two or more tasks queued), a `woken`, an `enqueued` \
         (with several queues) or a `timer_registered`"
    );
    assert_eq!(
        resolve_error(&WALK.replace("--- stop end", "--- stop after poll_start task=a #1")),
        "line 8: `after poll_start task=a #1` is event 11, which is not after the previous stop \
         (event 15): stops must move forward"
    );
    assert_eq!(
        resolve_error(&WALK.replace("--- stop end", "--- stop after spawned task=a")),
        "line 8: no event matches `after spawned task=a` after the previous stop (event 15): \
         the only `spawned` event with task=a is event 5"
    );
    assert_eq!(
        resolve_error(&WALK.replace("--- stop end", "--- stop after spawned")),
        "line 8: no event matches `after spawned` after the previous stop (event 15): the \
         trace has 3 `spawned` events, all before it"
    );
}

#[test]
fn positions_parse_and_print() {
    for p in [
        "start",
        "end",
        "event 12",
        "after poll_end task=consumer #2",
        "before woken effect=queued source=timer",
        "after print text~\"round 1\"",
    ] {
        assert_eq!(Position::parse(p).unwrap().to_string(), p);
    }
    assert_eq!(
        Position::parse("at timer_fired #1").unwrap().to_string(),
        "after timer_fired #1"
    );
    assert_eq!(
        Position::parse("start now").unwrap_err(),
        "`start` takes nothing after it"
    );
    assert_eq!(
        Position::parse("event x").unwrap_err(),
        "`event` needs one event number, such as `event 12`"
    );
    assert_eq!(
        Position::parse("before").unwrap_err(),
        "`before` needs an event kind, such as `poll_start`"
    );
    assert_eq!(
        Position::parse("after woken #2 task=a").unwrap_err(),
        "`#N` comes last, but `task=a` follows it"
    );
}

#[test]
fn format_error_display() {
    let e = FormatError {
        line: 7,
        message: "something".to_string(),
    };
    assert_eq!(e.to_string(), "line 7: something");
}

// ---------------------------------------------------------------------------------------------
// Predictions

/// The right option is what the revealed event shows.
fn assert_answer_matches(events: &[runtime_core::EventRecord], p: &Prediction) {
    let names = runtime_core::trace::text::Names::from_events(events);
    let right = &p.options[p.answer];
    assert!(p.options.len() >= 2, "{p:?}");
    match &events[p.reveal].event {
        Event::PollStart { task, .. } => {
            assert_eq!(p.kind, PredictKind::NextPoll);
            assert_eq!(*right, names.task(*task));
        }
        Event::Woken { task, .. } if p.kind == PredictKind::DeferOrder => {
            assert!(matches!(
                events[p.reveal - 1].event,
                Event::DeferredWoken { .. }
            ));
            assert_eq!(*right, names.task(*task));
        }
        Event::Woken { effect, .. } => {
            assert_eq!(p.kind, PredictKind::WakeEffect);
            let expected = match effect {
                WakeEffect::Queued(QueueRef::Local(_)) => "it goes to the back of",
                WakeEffect::Queued(QueueRef::Lifo(_)) => "LIFO slot",
                WakeEffect::Queued(QueueRef::Inject) => "inject queue",
                WakeEffect::AlreadyQueued => "already in a queue",
                WakeEffect::SelfWake => "it is running",
                WakeEffect::TaskFinished => "already finished",
            };
            assert!(right.contains(expected), "{right} vs {effect:?}");
        }
        Event::Enqueued { queue, .. } => {
            assert_eq!(p.kind, PredictKind::Queue);
            let expected = match queue {
                QueueRef::Local(w) => format!("worker {}'s local queue", w.0),
                QueueRef::Lifo(_) => "LIFO slot".to_string(),
                QueueRef::Inject => "inject queue".to_string(),
            };
            assert!(
                right.contains(&expected) || right.contains("ready queue"),
                "{right}"
            );
        }
        Event::TimerRegistered { level, slot, .. } => {
            assert_eq!(p.kind, PredictKind::TimerSlot);
            assert_eq!(*right, format!("level {level}, slot {slot}"));
        }
        other => panic!("unexpected reveal {other:?}"),
    }
}

fn preset_run(name: &str) -> RunResult {
    run_src(&scenario::presets::find(name).unwrap().source)
}

#[test]
fn predictions_on_presets_match_the_next_event() {
    for name in [
        "fifo",
        "yield_now",
        "wheel_cascade",
        "backpressure",
        "work_stealing",
        "tour",
        "join_abort",
        "budget",
    ] {
        let run = preset_run(name);
        let ps = predictions(&run, &PredictOptions::default());
        assert!(!ps.is_empty(), "{name}: no predictions");
        assert!(ps.len() <= 10);
        for w in ps.windows(2) {
            assert!(w[1].reveal >= w[0].reveal + 4, "{name}: spaced");
        }
        for p in &ps {
            assert_answer_matches(&run.events, p);
            assert_eq!(prediction_at(&run.events, p.reveal).as_ref(), Some(p));
            assert!(!p.explanation.is_empty());
        }
        assert_eq!(
            ps,
            predictions(&run, &PredictOptions::default()),
            "deterministic"
        );
    }
}

#[test]
fn every_kind_of_question_is_asked() {
    let every = PredictOptions {
        max: usize::MAX,
        min_gap: 1,
        ..PredictOptions::default()
    };
    let mut kinds = Vec::new();
    for name in [
        "fifo",
        "yield_now",
        "wheel_cascade",
        "work_stealing",
        "tour",
    ] {
        let run = preset_run(name);
        for p in predictions(&run, &every) {
            assert_answer_matches(&run.events, &p);
            if !kinds.contains(&p.kind) {
                kinds.push(p.kind);
            }
        }
    }
    kinds.sort();
    assert_eq!(kinds, PredictKind::ALL);
}

#[test]
fn the_fifo_questions() {
    let run = preset_run("fifo");
    let ps = predictions(
        &run,
        &PredictOptions {
            kinds: vec![PredictKind::NextPoll],
            max: 3,
            min_gap: 1,
        },
    );
    // a with a, b, c queued, then b with b, c queued; the second round asks the same again.
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[1].options, ["b", "c"]);
    assert_eq!(ps[1].answer, 0);
    // The choices keep one order (spawn order), so the right one is not always first: when the
    // yields come back reversed, `c` is polled first.
    let yields = predictions(
        &preset_run("yield_now"),
        &PredictOptions {
            kinds: vec![PredictKind::NextPoll],
            max: 10,
            min_gap: 1,
        },
    );
    let asked: Vec<(&str, usize)> = yields
        .iter()
        .map(|p| (p.options[p.answer].as_str(), p.answer))
        .collect();
    assert_eq!(asked, [("a", 0), ("b", 0), ("c", 2), ("b", 1)]);
    let p = &ps[0];
    assert_eq!(p.reveal, 10);
    assert_eq!(p.question, "Which task does the executor poll next?");
    assert_eq!(p.options, ["a", "b", "c"]);
    assert_eq!(p.answer, 0);
    assert_eq!(
        p.explanation,
        "`a` was at the front of the ready queue, and the queue is first in, first out."
    );
    assert_eq!(p.ask_at(), 9);
}

#[test]
fn the_timer_question() {
    let run = preset_run("wheel_cascade");
    let ps = predictions(
        &run,
        &PredictOptions {
            kinds: vec![PredictKind::TimerSlot],
            max: 10,
            min_gap: 1,
        },
    );
    assert_eq!(ps.len(), 3);
    let far = &ps[2];
    assert_eq!(
        far.question,
        "`far` registers a timer due at 100ms (it is now 0ms, 100ms ahead). The wheel has 4 \
         levels of 8 slots. Where does the timer land?"
    );
    assert_eq!(far.options[far.answer], "level 2, slot 1");
    assert!(far.explanation.contains("they first differ at level 2"));
}

#[test]
fn lifo_and_worker_queues_are_asked_about() {
    let lifo = "config { lifo: on; }
        chan c: 1;
        task b { let v = c.recv().await; }
        task a { c.send(1).await; yield_now().await; }
        task z { yield_now().await; }";
    let run = run_src(lifo);
    let ps = predictions(
        &run,
        &PredictOptions {
            max: usize::MAX,
            min_gap: 1,
            ..PredictOptions::default()
        },
    );
    for p in &ps {
        assert_answer_matches(&run.events, p);
    }
    assert!(
        ps.iter().any(|p| p.options[p.answer].contains("LIFO slot")),
        "{ps:#?}"
    );
    assert!(ps.iter().any(|p| p.kind == PredictKind::Queue), "{ps:#?}");
}

#[test]
fn quiz_scores_answers() {
    let run = preset_run("fifo");
    let ps = predictions(&run, &PredictOptions::default());
    assert!(ps.len() >= 2);
    let mut quiz = Quiz::new(ps.clone());
    let (i, p) = quiz.question_at(ps[0].ask_at()).unwrap();
    assert_eq!(i, 0);
    assert_eq!(p, &ps[0]);
    assert_eq!(quiz.answer(0, ps[0].answer), Some(true));
    assert_eq!(
        quiz.answer(0, ps[0].answer),
        None,
        "one answer per question"
    );
    let wrong = (ps[1].answer + 1) % ps[1].options.len();
    assert_eq!(quiz.answer(1, wrong), Some(false));
    assert_eq!(quiz.answer(1, 99), None);
    assert_eq!(quiz.answered(1), Some(wrong));
    let s = quiz.score();
    assert_eq!(
        (s.right, s.wrong, s.unanswered as usize),
        (1, 1, ps.len() - 2)
    );
    assert_eq!(predict::score(&ps, &[Some(ps[0].answer)]).right, 1);
}

#[test]
fn a_trivial_question_is_not_asked() {
    // One task: nothing to choose between.
    let run = run_src("task a { yield_now().await; yield_now().await; }");
    let ps = predictions(&run, &PredictOptions::default());
    assert!(
        ps.iter().all(|p| p.kind != PredictKind::NextPoll),
        "{ps:#?}"
    );
}

/// The bundle the page fetches is the compiled-in files: `scripts/content-bundle.mjs` (the
/// build's hook) writes byte for byte what [`Library::bundled_text`] does, and reading it back
/// gives the compiled-in library.
#[test]
fn the_pages_bundle_is_the_compiled_in_content() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::env::temp_dir().join(format!("lab-bundle-{}", std::process::id()));
    let status = std::process::Command::new("node")
        .arg(root.join("scripts/content-bundle.mjs"))
        .arg(&out)
        .status()
        .expect("node runs scripts/content-bundle.mjs (`./lab setup` installs node)");
    assert!(status.success());
    let written = std::fs::read_to_string(out.join("content/library.txt")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    assert_eq!(written, Library::bundled_text());
    let read = Library::from_bundle(&written).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read, Library::bundled());
    assert_eq!(read.presets.len(), scenario::presets::FILES.len());
    assert_eq!(read.challenges.len(), challenge::FILES.len());
    assert_eq!(read.walkthroughs.len(), walkthrough::FILES.len());
}

/// A bundle that is cut short, changed or not a bundle at all is an error that says so and
/// where, never a library with files missing.
#[test]
fn a_damaged_bundle_is_named() {
    let good = Library::bundled_text();
    let err = |text: &str| Library::from_bundle(text).unwrap_err();
    // Cut inside a file.
    let cut = &good[..good.find("--- challenges/").unwrap() + 200];
    assert!(
        err(cut).contains("bytes into `challenges/01_lost_waker.challenge`"),
        "{}",
        err(cut)
    );
    assert!(err(cut).contains("cut short"));
    // Cut between two files: the count at the end is missing.
    let between = &good[..good.find("--- walkthroughs/").unwrap()];
    assert!(
        err(between).contains("without its last line `--- end N`"),
        "{}",
        err(between)
    );
    // A file dropped: the count no longer matches.
    let start = good.find("--- presets/02_").unwrap();
    let end = good.find("--- presets/03_").unwrap();
    let dropped = format!("{}{}", &good[..start], &good[end..]);
    let files = scenario::presets::FILES.len() + challenge::FILES.len() + walkthrough::FILES.len();
    assert!(
        err(&dropped).contains(&format!("after {} files", files - 1)),
        "{}",
        err(&dropped)
    );
    // Not a bundle (an HTML error page, say).
    let html = "<!doctype html><title>404</title>";
    assert!(
        err(html).contains("does not start with `lab-content 1`"),
        "{}",
        err(html)
    );
    // A header that is not one.
    let garbled = good.replacen("--- presets/01_fifo.scn", "--- presets/01_fifo.scn x", 1);
    assert!(
        err(&garbled).contains("should be a file's header"),
        "{}",
        err(&garbled)
    );
    // A file that does not parse names itself and its line.
    let broken = good.replacen("\ntitle: ", "\ntitle= ", 1);
    let e = err(&broken);
    assert!(
        e.starts_with("challenges/01_lost_waker.challenge, line "),
        "{e}"
    );
    // A walkthrough naming a preset the bundle lacks.
    let renamed = good.replacen("--- presets/10_budget.scn", "--- presets/10_budgeT.scn", 1);
    assert!(
        err(&renamed).contains("no preset named `budget`"),
        "{}",
        err(&renamed)
    );
}

/// The retrospective's story (`parse-stall`): a parsing loop with no await stalls the runtime.
/// Both of its fixes pass, and the goal messages give the figures to compare: the ticker is
/// never late with the loop on the blocking pool, and at most one record's length (cut by the
/// tick) with a yield after each record; `block_in_place` is an error on the one worker.
#[test]
fn parse_stall_both_fixes_pass_and_show_their_latency() {
    let c = challenge::find("parse-stall").unwrap();
    let message = |src: &str, goal: usize| {
        let v = c.check(src);
        (v.passed(), v.results()[goal].message.clone())
    };
    let (passed, late) = message(&c.start, 0);
    assert!(!passed);
    assert!(
        late.starts_with("a timer of `ticker` fired 80ms late: due at 10ms, fired at 90ms"),
        "{late}"
    );
    assert_eq!(
        message(&c.solution, 0),
        (
            true,
            String::from("8 timers fired, the latest 0ms after its deadline, within 2ms")
        )
    );
    let yields = c.start.replace(
        "work(3ms);              // parse one record: pure CPU, no await",
        "work(3ms);\n        yield_now().await;",
    );
    assert_ne!(yields, c.start);
    assert_eq!(
        message(&yields, 0),
        (
            true,
            String::from("8 timers fired, the latest 2ms after its deadline, within 2ms")
        )
    );
    let in_place = c.start.replace(
        "    for record in 0..30 {\n        work(3ms);              // parse one record: pure CPU, no await\n    }",
        "    block_in_place {\n        for record in 0..30 { work(3ms); }\n    }",
    );
    assert_ne!(in_place, c.start);
    let Verdict::Checked { run, .. } = c.check(&in_place) else {
        panic!("compiles")
    };
    let scenario::Outcome::Fault(why) = run.outcome else {
        panic!("block_in_place on one worker stops the run")
    };
    assert!(
        why.starts_with("line 10, column 5: `block_in_place` cannot run on one worker"),
        "{why}"
    );
}
