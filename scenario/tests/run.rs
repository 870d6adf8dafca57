//! The interpreter: each construct does what Rust would, run-time errors and limits stop the
//! run with a message that names the line or the limit, and runs are deterministic.

use runtime_core::Event;
use scenario::interp::{RunLimits, RunOptions};
use scenario::{Outcome, RunResult};

mod common;
use common::{run, run_with};

fn prints(r: &RunResult) -> Vec<String> {
    r.events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Print { text, .. } => Some(text.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn expressions_and_control_flow() {
    let r = run(r#"
        task main {
            let mut x = 2 + 3 * 4;          // 14
            x -= 4;                          // 10
            let d = 3 * 10ms + 5ms;          // 35ms
            let s = "a" + "b";
            if x > 5 && !(x == 11) { print("x={x} d={d} s={s}"); } else { print("wrong"); }
            let mut total = 0;
            for i in 0..=4 {
                if i == 1 { continue; }
                if i == 4 { break; }
                total += i;                  // 0 + 2 + 3
            }
            let mut n = 0;
            while n < 3 { n += 1; }
            let mut m = 0;
            loop { m += 1; if m == 7 { break; } }
            let rem = x % 3;
            let div = x / 3;
            print("total={total} n={n} m={m} rem={rem} div={div}");
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(
        prints(&r),
        ["x=10 d=35ms s=ab", "total=5 n=3 m=7 rem=1 div=3"]
    );
}

#[test]
fn patterns_options_results() {
    let r = run(r#"
        chan c: 2;
        task main {
            c.send(7).await;
            let got = c.recv().await;
            if let Some(v) = got { print("some {v}"); }
            let r = timeout(5ms, pending()).await;
            if let Err(e) = r { print("err {e}"); }
            let o: Option = None;
        }
    "#
    .replace("let o: Option = None;", "let o = got; print(\"{o}\");")
    .as_str());
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(prints(&r), ["some 7", "err elapsed", "Some(7)"]);
}

#[test]
fn virtual_time_sleep_work_and_now() {
    let r = run(r#"
        task main {
            sleep(10ms).await;
            work(5ms);
            let t = now();
            print("{t}");
        }
        task late @ 7ms { let t = now(); print("late starts at {t}"); }
    "#);
    assert_eq!(prints(&r), ["late starts at 7ms", "15ms"]);
}

#[test]
fn sub_millisecond_durations_use_microsecond_ticks() {
    let r = run("task main { sleep(1500us).await; let t = now(); print(\"{t}\"); }");
    assert_eq!(r.micros_per_tick, 1);
    assert_eq!(prints(&r), ["1500us"]);
}

#[test]
fn a_channel_closes_when_no_task_that_can_still_run_sends() {
    // `late` starts at 20ms and sends: until then the channel must stay open, so the
    // consumer gets its value instead of None.
    let r = run(r#"
        chan c: 1;
        task consumer {
            while let Some(v) = c.recv().await { print("got {v}"); }
            print("closed");
        }
        task late @ 20ms { c.send(1).await; }
    "#);
    assert_eq!(prints(&r), ["got 1", "closed"]);
    // A lazy task that can still be spawned keeps the channel open too.
    let r = run(r#"
        chan c: 1;
        lazy task sender { c.send(2).await; }
        task spawner { sleep(5ms).await; let h = spawn sender; h.await; }
        task consumer {
            while let Some(v) = c.recv().await { print("got {v}"); }
            print("closed");
        }
    "#);
    assert_eq!(prints(&r), ["got 2", "closed"]);
}

#[test]
fn sending_when_nobody_can_receive_is_an_error_naming_channel_and_line() {
    // b receives once and ends: a's second send has nobody left to receive it.
    let r = run(
        "chan c: 1;\ntask a {\n    c.send(1).await;\n    sleep(5ms).await;\n    c.send(2).await;\n}\ntask b { c.recv().await; }\n",
    );
    match &r.outcome {
        Outcome::Fault(m) => {
            assert!(m.starts_with("line 5: send on channel `c` failed"), "{m}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn select_drops_the_loser_and_disables_unmatched_branches() {
    let r = run(r#"
        chan c: 1;
        task feeder { sleep(5ms).await; c.send(1).await; }
        task main {
            select {
                Some(v) = c.recv() => { print("got {v}"); }
                _ = sleep(20ms) => { print("timeout"); }
            }
            // c is closed now (feeder is done): `Some(v)` does not match None, so that branch
            // is disabled and the sleep wins.
            select {
                Some(v) = c.recv() => { print("never {v}"); }
                _ = sleep(3ms) => { print("disabled branch skipped"); }
            }
        }
    "#);
    assert_eq!(prints(&r), ["got 1", "disabled branch skipped"]);
    assert!(
        r.events
            .iter()
            .any(|e| matches!(e.event, Event::TimerCancelled { .. }))
    );
}

#[test]
fn join_handles_and_abort() {
    let r = run(r#"
        lazy task child { sleep(10ms).await; }
        task main {
            let h = spawn child;
            let r = h.await;
            print("{r}");
            let h2 = spawn child;
            h2.abort();
            let r2 = h2.await;
            print("{r2}");
        }
    "#);
    assert_eq!(prints(&r), ["Ok(())", "Err(\"cancelled\")"]);
}

#[test]
fn awaiting_a_handle_twice_is_an_error() {
    let r = run(
        "lazy task c { }\ntask main {\n    let h = spawn c;\n    let g = h;\n    h.await;\n    g.await;\n}\n",
    );
    match &r.outcome {
        Outcome::Fault(m) => assert!(
            m.starts_with("line 6: this JoinHandle was already awaited"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn oneshot_sends_once() {
    let r = run(r#"
        oneshot done;
        task a { done.send(5); }
        task b { let v = done.recv().await; print("{v}"); let w = done.recv().await; print("{w}"); }
    "#);
    assert_eq!(prints(&r), ["Some(5)", "None"]);
    let r = run(
        "oneshot d;\ntask a {\n    d.send(1);\n    d.send(2);\n}\ntask b { d.recv().await; }\n",
    );
    match &r.outcome {
        Outcome::Fault(m) => assert!(m.starts_with("line 4: oneshot `d` was already sent"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn arithmetic_errors_name_the_line() {
    for (src, want) in [
        (
            "task a {\n    let z = 0;\n    let x = 1 / z;\n}",
            "line 3: division by zero",
        ),
        (
            "task a {\n    let m = 9223372036854775807;\n    let x = m + 1;\n}",
            "line 3: integer overflow",
        ),
        (
            "task a {\n    let d = 1ms - 2ms;\n}",
            "line 2: a duration cannot be negative",
        ),
    ] {
        match &run(src).outcome {
            Outcome::Fault(m) => assert!(m.starts_with(want), "{m}"),
            other => panic!("{src}: {other:?}"),
        }
    }
}

#[test]
fn an_empty_loop_stops_promptly_naming_the_limit_and_line() {
    let r = run("task a {\n    loop { }\n}\n");
    match &r.outcome {
        Outcome::Fault(m) => {
            assert!(
                m.starts_with("line 2: task `a` went round this loop 100000 times"),
                "{m}"
            );
            assert!(
                m.contains("limit: 100000 loop iterations without a yield"),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        r.events
            .iter()
            .any(|e| matches!(e.event, Event::Fault { .. }))
    );
    // no_yield() is an await that never suspends: the same limit catches it.
    let r = run("task a {\n    loop {\n        no_yield().await;\n    }\n}\n");
    assert!(
        matches!(&r.outcome, Outcome::Fault(m) if m.starts_with("line 2:")),
        "{:?}",
        r.outcome
    );
}

#[test]
fn the_event_task_and_time_limits_name_themselves() {
    let options = RunOptions {
        limits: RunLimits {
            max_events: 5_000,
            ..RunLimits::default()
        },
        ..RunOptions::default()
    };
    let r = run_with("task a { loop { yield_now().await; } }", &options);
    assert!(
        matches!(&r.outcome, Outcome::Limit(m) if m.contains("limit: maximum number of events")),
        "{:?}",
        r.outcome
    );
    assert!(r.events.len() <= 5_010);

    let r = run("lazy task a { spawn a; }\ntask main { spawn a; }");
    assert!(
        matches!(&r.outcome, Outcome::Limit(m) if m.contains("limit: maximum number of tasks")),
        "{:?}",
        r.outcome
    );

    let r = run("task a { loop { sleep(1000s).await; } }");
    assert!(
        matches!(&r.outcome, Outcome::Limit(m) if m.contains("limit: maximum virtual time")),
        "{:?}",
        r.outcome
    );
}

#[test]
fn stalled_runs_report_each_task() {
    let r = run(
        "chan c: 1;\ntask a { c.recv().await; }\ntask b { lost_wake().await; c.send(1).await; }",
    );
    assert_eq!(r.outcome, Outcome::Stalled { tasks: 2 });
    let stalled = r
        .events
        .iter()
        .filter(|e| matches!(e.event, Event::Stalled { .. }))
        .count();
    assert_eq!(stalled, 2);
}

#[test]
fn the_pin_view_gets_states_and_locals() {
    let r = run(r#"
        chan jobs: 1;
        task producer { for i in 0..2 { jobs.send(i).await; } }
        task consumer { while let Some(job) = jobs.recv().await { sleep(1ms).await; } }
    "#);
    let labels: Vec<String> = r
        .events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Label { text, .. } => Some(text.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        labels,
        [
            "jobs.send(i).await @3:41",
            "jobs.recv().await @4:47",
            "sleep(1ms).await @4:67"
        ]
    );
    assert!(
        r.events
            .iter()
            .any(|e| matches!(&e.event, Event::Locals { text, .. } if &**text == "job = 0"))
    );
    let state = r.events.iter().find_map(|e| match e.event {
        Event::PollEnd { state: Some(s), .. } => Some(s),
        _ => None,
    });
    assert_eq!(state, Some(r.labels[0]));
}

#[test]
fn runs_are_deterministic_and_sizes_are_modelled() {
    let src = scenario::presets::find("tour").unwrap().source;
    let a = run(&src);
    let b = run(&src);
    assert_eq!(a.events, b.events);
    let size = a.events.iter().find_map(|e| match &e.event {
        Event::Spawned { size, name, .. } if &**name == "producer" => Some(*size),
        _ => None,
    });
    // 8 (state) + i (8) + i.end (8) + the largest future, a send of an int (40).
    assert_eq!(size, Some(64));
}

#[test]
fn a_spawn_past_the_task_limit_stops_the_spawner_where_it_is() {
    let options = RunOptions {
        limits: RunLimits {
            max_tasks: 3,
            ..RunLimits::default()
        },
        ..RunOptions::default()
    };
    let r = run_with(
        "lazy task a { pending().await; }\n\
         task main {\n    let h1 = spawn a;\n    let h2 = spawn a;\n    let h3 = spawn a;\n    h3.abort();\n    print(\"after\");\n}\n",
        &options,
    );
    assert!(
        matches!(&r.outcome, Outcome::Limit(m) if m.contains("limit: maximum number of tasks")),
        "{:?}",
        r.outcome
    );
    assert!(
        prints(&r).is_empty(),
        "main went no further than the refused spawn"
    );
    // No event is about a task the runtime never made (the refused spawn has no id).
    for rec in &r.events {
        if let Some(task) = rec.event.task() {
            assert!(task.0 < 3, "{:?}", rec.event);
        }
    }
}

fn fault(r: &RunResult) -> &str {
    match &r.outcome {
        Outcome::Fault(m) => m,
        other => panic!("expected a run-time error, got {other:?}"),
    }
}

fn polls_of(r: &RunResult, task: &str) -> Vec<u64> {
    let id = r.events.iter().find_map(|e| match &e.event {
        Event::Spawned { task: t, name, .. } if &**name == task => Some(*t),
        _ => None,
    });
    r.events
        .iter()
        .filter_map(|e| match e.event {
            Event::PollStart { task, .. } if Some(task) == id => Some(e.at),
            _ => None,
        })
        .collect()
}

/// `join` waits for every future in one task: as long as the slowest, not the sum; its
/// output is a tuple in the order written, which `let (a, b) = ...` takes apart.
#[test]
fn join_waits_for_all_in_one_task_and_gives_a_tuple() {
    let r = run(r#"
        chan a: 1;
        chan b: 1;
        task fa { sleep(10ms).await; a.send(1).await; }
        task fb { sleep(30ms).await; b.send("x").await; }
        task main {
            let (x, y) = join(a.recv(), b.recv()).await;
            print("{x} {y}");
            let t = join(sleep(5ms), sleep(7ms)).await;
            let start = now();
            let (one,) = join(sleep(2ms)).await;
            let took = now() - start;
            print("{t} {one} {took}");
            if let (Some(p), (q, r)) = (x, (2, "z")) { print("{p} {q} {r}"); }
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(
        prints(&r),
        ["Some(1) Some(\"x\")", "((), ()) () 2ms", "1 2 z"]
    );
    // Woken at 10 (a's value) and 30 (b's), then at 35 and 37, then 39: one task throughout.
    assert_eq!(polls_of(&r, "main"), [0, 10, 30, 35, 37, 39]);
    assert_eq!(
        r.events
            .iter()
            .filter(|e| matches!(e.event, Event::Spawned { .. }))
            .count(),
        3
    );
}

/// Each poll of a `join` starts one future further on, as Tokio's `join!` rotates. Three
/// receives from one channel, one value a millisecond: the poll at 1ms starts at the second
/// future (which takes 1), the one at 2ms at the third (2), the one at 3ms at the first (3).
/// Tokio 1.54 prints the same (the differential test runs this preset-like program too).
#[test]
fn join_rotates_the_future_it_polls_first() {
    let r = run(r#"
        chan c: 1;
        task feeder { for i in 1..4 { sleep(1ms).await; c.send(i).await; } }
        task main {
            let t = join(c.recv(), c.recv(), c.recv()).await;
            print("{t}");
        }
    "#);
    assert_eq!(prints(&r), ["(Some(3), Some(1), Some(2))"]);
}

/// A future kept across `select` rounds carries on where it was: the 25ms timer is registered
/// once, and fires at 25ms however many values arrive meanwhile; made in the loop instead, it
/// is dropped at every value and starts again, and never fires while values keep coming.
#[test]
fn a_kept_future_carries_on_across_select_rounds() {
    let program = |kept: bool| {
        let (before, branch) = if kept {
            ("let mut flush = sleep(25ms);", "_ = &mut flush")
        } else {
            ("", "_ = sleep(25ms)")
        };
        format!(
            "chan jobs: 4;
             task producer {{ for i in 0..6 {{ sleep(10ms).await; jobs.send(i).await; }} }}
             task batcher {{
                 {before}
                 loop {{
                     select {{
                         Some(j) = jobs.recv() => {{ print(\"job {{j}}\"); }}
                         {branch} => {{ print(\"flush\"); break; }}
                     }}
                 }}
             }}"
        )
    };
    let kept = run(&program(true));
    let flush_at = |r: &RunResult| {
        r.events.iter().find_map(|e| match &e.event {
            Event::Print { text, .. } if &**text == "flush" => Some(e.at),
            _ => None,
        })
    };
    assert_eq!(flush_at(&kept), Some(25));
    let registered = |r: &RunResult| {
        r.events
            .iter()
            .filter(|e| matches!(e.event, Event::TimerRegistered { .. }))
            .count()
    };
    // Restarted, the flush waits for a 25ms gap: after the last job, at 60ms. And each round
    // registers a new timer.
    let restarted = run(&program(false));
    assert_eq!(flush_at(&restarted), Some(85));
    assert!(registered(&restarted) > registered(&kept) + 3);
}

/// `f = FUTURE;` replaces the kept future (the old one is dropped: its timer is cancelled);
/// `f.await` moves it out; `(&mut f).await` and `timeout(d, &mut f)` lend it.
#[test]
fn kept_futures_are_replaced_moved_and_lent() {
    let r = run(r#"
        chan c: 1;
        task feeder { sleep(20ms).await; c.send(5).await; }
        task main {
            let mut t = sleep(100ms);
            select { _ = &mut t => { } _ = sleep(1ms) => { print("t polled once"); } }
            t = sleep(3ms);
            t.await;
            print("at {now}");
            let mut r = c.recv();
            let first = timeout(5ms, &mut r).await;
            print("{first}");
            let v = (&mut r).await;
            print("{v}");
        }
    "#
    .replace("{now}", "{n}")
    .replace("print(\"at {n}\");", "let n = now(); print(\"at {n}\");")
    .as_str());
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(
        prints(&r),
        ["t polled once", "at 4ms", "Err(\"elapsed\")", "Some(5)"]
    );
    assert!(
        r.events
            .iter()
            .any(|e| matches!(e.event, Event::TimerCancelled { .. }) && e.at == 1)
    );
}

/// Polling a kept future again after it completed is an error that names the line and what
/// Tokio does; so is using one that was moved out.
#[test]
fn a_kept_future_polled_after_completion_or_moved_is_an_error() {
    let r = run(
        "chan c: 1;\ntask f { c.send(1).await; c.send(2).await; }\ntask main {\n    let mut r = c.recv();\n    loop {\n        select {\n            v = &mut r => { print(\"{v}\"); }\n            _ = sleep(5ms) => { break; }\n        }\n    }\n}\n",
    );
    assert_eq!(prints(&r), ["Some(1)"]);
    let m = fault(&r);
    assert!(
        m.starts_with("line 7: `r` is polled again after it completed (at line 7)"),
        "{m}"
    );
    assert!(m.contains("`async fn` resumed after completion") && m.contains("`r = c.recv();`"));
    let r = run(
        "task main {\n    let s = sleep(1ms);\n    loop {\n        select {\n            _ = s => { }\n            _ = yield_now() => { }\n        }\n    }\n}\n",
    );
    let m = fault(&r);
    assert!(
        m.starts_with("line 5: `s` was moved out at line 5 (used without `&mut`)"),
        "{m}"
    );
}

/// `, if COND` disables a branch for one `select`: its future is not polled.
#[test]
fn a_false_precondition_disables_a_branch() {
    let r = run(r#"
        task main {
            let mut done = false;
            let mut t = sleep(2ms);
            for i in 0..3 {
                select {
                    _ = &mut t, if !done => { done = true; print("t {i}"); }
                    _ = sleep(5ms) => { print("tick {i}"); }
                }
            }
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(prints(&r), ["t 0", "tick 1", "tick 2"]);
    let r = run("task main { select { _ = sleep(1ms), if false => { } } }");
    assert!(fault(&r).contains("every branch of this select is disabled"));
}

/// The Pin view: a kept future is a variable of the task's state, shown with its state, and
/// it makes the task's future as large as the future it keeps.
#[test]
fn the_pin_view_shows_kept_futures_and_their_size() {
    let r = run(r#"
        chan c: 1;
        task feeder { sleep(3ms).await; c.send(1).await; }
        task main {
            let mut r = c.recv();
            select { v = &mut r => { } _ = sleep(1ms) => { } }
            r.await;
        }
    "#);
    let locals: Vec<String> = r
        .events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Locals { text, .. } => Some(text.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        locals,
        ["r = <c.recv(): pending>", "r = <c.recv(): moved out>"]
    );
    let size = r.events.iter().find_map(|e| match &e.event {
        Event::Spawned { size, name, .. } if &**name == "main" => Some(*size),
        _ => None,
    });
    // 8 (state) + r (a recv, 24) + the largest future awaited, the select's sleep (24).
    assert_eq!(size, Some(56));
}
