//! The interpreter: each construct does what Rust would, run-time errors and limits stop the
//! run with a message that names the line or the limit, and runs are deterministic.

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

use runtime_core::Event;
use scenario::interp::{RunLimits, RunOptions};
use scenario::{Outcome, RunResult};

fn run_with(src: &str, options: &RunOptions) -> RunResult {
    let program = scenario::compile(src).unwrap_or_else(|e| panic!("{}", e.render("test")));
    scenario::run(&program, options)
}

fn run(src: &str) -> RunResult {
    run_with(src, &RunOptions::default())
}

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
