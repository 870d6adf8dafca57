//! The export for Perfetto and `chrome://tracing` (`runtime_core::trace::chrome`): every
//! preset's run, with one worker and with several, is a valid Chrome Trace Event file that
//! Perfetto reads as intended (`trace_event_format` checks both), faithful to the trace it
//! comes from; and a small ping-pong is exported exactly as expected.

mod trace_event_format;

use runtime_core::trace::chrome;
use runtime_core::trace::{PollOutcome, WakeEffect};
use runtime_core::{Event, EventRecord, TaskId};
use scenario::interp::{Overrides, RunOptions};
use std::collections::BTreeMap;
use trace_event_format::{Checked, check};

fn run_with(source: &str, options: &RunOptions) -> Vec<EventRecord> {
    let program = scenario::compile(source).unwrap_or_else(|e| panic!("{}", e.render("test")));
    scenario::run(&program, options).events
}

fn run(source: &str) -> Vec<EventRecord> {
    run_with(source, &RunOptions::default())
}

fn export(events: &[EventRecord], name: &str) -> Checked {
    let file = chrome::export(events, name);
    let checked = check(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(checked.process, name);
    checked
}

fn preset(name: &str) -> String {
    scenario::presets::find(name)
        .unwrap_or_else(|| panic!("no preset {name}"))
        .source
}

/// What the file must hold, counted from the trace itself: one slice per poll, one flow per
/// wake that queued a task which was then polled, one print instant per print.
fn check_faithful(name: &str, events: &[EventRecord], c: &Checked) {
    let polls = events
        .iter()
        .filter(|r| matches!(r.event, Event::PollStart { .. }))
        .count();
    let poll_slices = c
        .events
        .iter()
        .filter(|e| e.ph == "X" && e.cat == "poll")
        .count();
    assert_eq!(poll_slices, polls, "{name}: one slice per poll");
    let mut queued: BTreeMap<TaskId, bool> = BTreeMap::new();
    let mut flows = 0;
    for r in events {
        match &r.event {
            Event::Woken {
                task,
                effect: WakeEffect::Queued(_) | WakeEffect::SelfWake,
                ..
            } => {
                queued.insert(*task, true);
            }
            Event::PollStart { task, .. } => {
                flows += usize::from(queued.remove(task).unwrap_or(false));
            }
            Event::Cancelled { task } => {
                queued.remove(task);
            }
            _ => {}
        }
    }
    assert_eq!(
        c.flows.len(),
        flows,
        "{name}: one arrow per wake that led to a poll"
    );
    for f in &c.flows {
        let woken = &f.to.args["task"];
        assert_eq!(
            (f.from.name.as_str(), &f.from.args["task"]),
            ("woken", woken),
            "{name}: flow {} goes from a wake of the task it goes to",
            f.id
        );
        assert_eq!(f.to.tid, c.tid(woken.as_str().unwrap()));
    }
    let prints = events
        .iter()
        .filter(|r| matches!(r.event, Event::Print { .. }))
        .count();
    let print_instants = c.events.iter().filter(|e| e.name == "print").count();
    assert_eq!(print_instants, prints, "{name}: one instant per print");
    let wakes = events
        .iter()
        .filter(|r| matches!(r.event, Event::Woken { .. }))
        .count();
    let wake_instants = c.events.iter().filter(|e| e.name == "woken").count();
    assert_eq!(wake_instants, wakes, "{name}: one instant per wake");
}

#[test]
fn every_preset_exports_a_valid_faithful_trace_with_one_worker_and_with_three() {
    let three = RunOptions {
        overrides: Overrides {
            workers: Some(3),
            ..Overrides::default()
        },
        ..RunOptions::default()
    };
    for p in scenario::presets::all() {
        for (options, workers) in [(RunOptions::default(), None), (three, Some(3))] {
            let events = run_with(&p.source, &options);
            let name = format!("{}{}", p.name, if workers.is_some() { "-3" } else { "" });
            let c = export(&events, &name);
            check_faithful(&name, &events, &c);
            let multi = c.threads.values().any(|t| t.starts_with("worker "));
            let several = events
                .iter()
                .any(|r| matches!(r.event, Event::RuntimeStarted { workers, .. } if workers > 1));
            assert_eq!(
                multi, several,
                "{name}: worker tracks exactly with several workers"
            );
        }
    }
}

#[test]
fn several_workers_get_a_track_each_showing_the_task_each_polled() {
    let events = run(&preset("work_stealing"));
    let c = export(&events, "work_stealing");
    let workers: Vec<&String> = c
        .threads
        .values()
        .filter(|n| n.starts_with("worker "))
        .collect();
    assert_eq!(workers, ["worker 0", "worker 1", "worker 2", "worker 3"]);
    let polls: Vec<_> = c.events.iter().filter(|e| e.cat == "poll").collect();
    let by_worker: Vec<_> = c.events.iter().filter(|e| e.cat == "worker").collect();
    assert_eq!(polls.len(), by_worker.len());
    for (p, w) in polls.iter().zip(&by_worker) {
        // The same poll, on its task's track and on its worker's.
        assert_eq!((p.ts, p.dur, &p.args), (w.ts, w.dur, &w.args));
        assert_eq!(w.name, p.args["task"].as_str().unwrap());
        let worker = p.args["worker"].as_u64().unwrap();
        assert_eq!(c.threads[&w.tid], format!("worker {worker}"));
    }
    // The twelve jobs ran 4 ms each, spread over the four workers.
    let jobs: Vec<_> = polls
        .iter()
        .filter(|p| p.args["task"].as_str().unwrap().starts_with("job"))
        .collect();
    assert_eq!(jobs.len(), 12);
    assert!(jobs.iter().all(|j| j.dur == 4000));
    let used: std::collections::BTreeSet<u64> = jobs
        .iter()
        .map(|j| j.args["worker"].as_u64().unwrap())
        .collect();
    assert_eq!(used.len(), 4, "every worker polled a job");
    assert!(
        c.events
            .iter()
            .any(|e| e.name == "stolen" && e.cat == "stolen")
    );
}

#[test]
fn timers_and_select_show_as_instants_and_arrows_from_the_driver() {
    let events = run(&preset("select_cancel"));
    let c = export(&events, "select_cancel");
    let driver = c.tid("runtime driver");
    let client = c.tid("client");
    let server = c.tid("server");
    let timer = |tid: u64, name: &str, timer: u64| {
        c.events
            .iter()
            .filter(|e| e.tid == tid && e.name == name && e.ph == "i" && e.args["timer"] == timer)
            .count()
    };
    assert_eq!(timer(server, "timer_registered", 0), 1);
    assert_eq!(timer(driver, "timer_fired", 0), 1);
    // The message arrives first: the select drops its sleep, in the client's poll.
    assert_eq!(timer(client, "timer_cancelled", 1), 1);
    assert_eq!(timer(driver, "timer_fired", 2), 1);
    let prints: Vec<&str> = c
        .events
        .iter()
        .filter(|e| e.name == "print")
        .map(|e| e.args["text"].as_str().unwrap())
        .collect();
    assert_eq!(prints, ["round 0: got pong", "round 1: timed out"]);
    // Three arrows: timer 0 wakes the server, the server's send wakes the client, timer 2
    // wakes the client.
    let arrows = c.arrows();
    assert_eq!(
        arrows,
        [
            (driver, server, 10_000),
            (server, client, 10_000),
            (driver, client, 35_000)
        ]
    );
    let last = c.slices(client).last().copied().unwrap();
    assert_eq!(last.name, "select { replies.recv(), sleep(25ms) } @18:9");
    assert_eq!(last.args["outcome"], "ready");
}

#[test]
fn a_timeout_and_the_reactor_wake_from_the_driver() {
    let events = run(&preset("timeout"));
    let c = export(&events, "timeout");
    let driver = c.tid("runtime driver");
    let request = c.tid("request");
    assert!(
        c.events
            .iter()
            .any(|e| e.tid == driver && e.name == "io_ready" && e.args["socket"] == "db")
    );
    // The first read's data comes at 30 ms (the reactor), the second attempt's timeout fires
    // at 80 ms (the timer driver): each wakes the request from the driver's track.
    let arrows = c.arrows();
    assert_eq!(
        arrows,
        [(driver, request, 30_000), (driver, request, 80_000)]
    );
    let sources: Vec<&str> = c
        .flows
        .iter()
        .map(|f| f.from.args["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources[0], "io:db");
    assert!(sources[1].starts_with("timer#"), "{sources:?}");
}

#[test]
fn channels_draw_arrows_from_the_task_whose_poll_sent_or_received() {
    let events = run(&preset("backpressure"));
    let c = export(&events, "backpressure");
    let (producer, consumer) = (c.tid("producer"), c.tid("consumer"));
    let driver = c.tid("runtime driver");
    let arrows: Vec<(u64, u64, u64, &str)> = c
        .flows
        .iter()
        .map(|f| {
            let source = f.from.args["source"].as_str().unwrap();
            (f.from.tid, f.to.tid, f.to.ts / 1000, source)
        })
        .collect();
    // The producer fills the channel and waits; each receive of the consumer makes room and
    // wakes it (a channel wake, drawn from the consumer's poll); each of the consumer's sleeps
    // ends with a timer (from the driver).
    let room = |ms| (consumer, producer, ms, "chan:jobs");
    let timer = |ms, t: &'static str| (driver, consumer, ms, t);
    assert_eq!(
        arrows,
        [
            room(0),
            timer(10, "timer#0"),
            room(10),
            timer(20, "timer#1"),
            room(20),
            timer(30, "timer#2"),
            room(30),
            timer(40, "timer#3"),
            timer(50, "timer#4"),
            timer(60, "timer#5"),
        ]
    );
}

/// Two tasks take turns over two channels, working 1 ms a turn.
const PING_PONG: &str = "chan ping: 1;
chan pong: 1;
task a {
    for i in 0..3 {
        work(1ms);
        ping.send(i).await;
        let r = pong.recv().await;
    }
}
task b {
    while let Some(v) = ping.recv().await {
        work(1ms);
        pong.send(v).await;
    }
}
";

#[test]
fn a_ping_pong_is_exported_poll_by_poll_with_an_arrow_for_each_turn() {
    let events = run(PING_PONG);
    let c = export(&events, "ping-pong");
    assert_eq!(
        c.threads.values().collect::<Vec<_>>(),
        ["runtime driver", "a", "b"]
    );
    let (a, b) = (c.tid("a"), c.tid("b"));
    let polls = |tid: u64| -> Vec<(String, u64, u64, String)> {
        c.slices(tid)
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.ts,
                    s.dur,
                    s.args["outcome"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let p = |name: &str, ts: u64, dur: u64, outcome: &str| {
        (name.to_string(), ts, dur, outcome.to_string())
    };
    // a: works 1 ms and sends, then waits for each answer; its fourth poll ends the loop.
    let recv_pong = "pong.recv().await @7:17";
    assert_eq!(
        polls(a),
        [
            p("Unresumed", 0, 1000, "pending"),
            p(recv_pong, 2000, 1000, "pending"),
            p(recv_pong, 4000, 1000, "pending"),
            p(recv_pong, 6000, 0, "ready"),
        ]
    );
    // b: each value costs it 1 ms; the channel closes when a ends, and b's last poll sees it.
    let recv_ping = "ping.recv().await @11:25";
    assert_eq!(
        polls(b),
        [
            p("Unresumed", 1000, 1000, "pending"),
            p(recv_ping, 3000, 1000, "pending"),
            p(recv_ping, 5000, 1000, "pending"),
            p(recv_ping, 6000, 0, "ready"),
        ]
    );
    for (tid, task) in [(a, 0), (b, 1)] {
        let numbers: Vec<u64> = c
            .slices(tid)
            .iter()
            .map(|s| {
                assert_eq!(s.args["task_id"], task);
                s.args["poll"].as_u64().unwrap()
            })
            .collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }
    // An arrow for each turn: from the poll that sent (or, at the end, dropped the last
    // sender) to the poll of the other task that it woke.
    let poll_at = |tid: u64, index: usize| c.slices(tid)[index].index;
    let arrows: Vec<(u64, usize, u64, u64)> = c
        .flows
        .iter()
        .map(|f| {
            // The waking poll: the last one of its thread before the arrow's start.
            let from = c
                .slices(f.start.tid)
                .iter()
                .filter(|s| s.index < f.start.index)
                .count()
                - 1;
            assert_eq!(
                f.from.index + 1,
                f.start.index,
                "the arrow follows its wake"
            );
            (
                f.from.tid,
                from,
                f.to.tid,
                f.to.args["poll"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        arrows,
        [
            (b, 0, a, 2),
            (a, 1, b, 2),
            (b, 1, a, 3),
            (a, 2, b, 3),
            (b, 2, a, 4),
            (a, 3, b, 4),
        ]
    );
    assert_eq!(c.flows[0].to.index, poll_at(a, 1));
    // Each arrow starts at the end of the waking poll (the send comes after its work) and
    // ends at the start of the woken one.
    for f in &c.flows {
        assert_eq!(f.start.ts, f.to.ts);
    }
}

#[test]
fn wakes_that_lead_to_no_poll_have_no_arrow() {
    // `b` waits on two channels; `a1`'s send queues it, `a2`'s finds it already queued: one
    // poll follows, one arrow, from `a1`.
    let src = "chan x: 1;
chan y: 1;
task b { select { _ = x.recv() => { print(\"x\"); } _ = y.recv() => { print(\"y\"); } } }
task a1 { x.send(1).await; }
task a2 { y.send(2).await; }
";
    let events = run(src);
    let c = export(&events, "already-queued");
    check_faithful("already-queued", &events, &c);
    let wakes: Vec<(u64, &str)> = c
        .events
        .iter()
        .filter(|e| e.name == "woken")
        .map(|e| (e.tid, e.args["effect"].as_str().unwrap()))
        .collect();
    let (a1, a2, b) = (c.tid("a1"), c.tid("a2"), c.tid("b"));
    assert_eq!(wakes, [(a1, "queued:local:0"), (a2, "already_queued")]);
    let arrows = c.arrows_to_polls();
    assert_eq!(arrows, [(a1, b, 2)]);

    // `spinner` yields, and `boss` aborts it while its wake waits on the defer list: it is
    // dropped, not polled, and the deferred wake finds it finished.
    let src = "lazy task spinner { loop { yield_now().await; } }
task boss { let h = spawn spinner; yield_now().await; h.abort(); }
";
    let events = run(src);
    let c = export(&events, "aborted");
    check_faithful("aborted", &events, &c);
    let (spinner, boss, driver) = (c.tid("spinner"), c.tid("boss"), c.tid("runtime driver"));
    let on = |tid: u64, name: &str| c.events.iter().any(|e| e.tid == tid && e.name == name);
    let abort = c.events.iter().find(|e| e.name == "aborted").unwrap();
    assert_eq!(abort.tid, boss, "abort() is called in boss's poll");
    assert_eq!(abort.args["task"], "spinner");
    assert!(on(spinner, "cancelled"));
    assert!(on(spinner, "deferred") && on(driver, "deferred_woken"));
    let effects: Vec<&str> = c
        .events
        .iter()
        .filter(|e| e.name == "woken" && e.args["task"] == "spinner")
        .map(|e| e.args["effect"].as_str().unwrap())
        .collect();
    assert_eq!(effects, ["queued:local:0", "task_finished"]);
    let arrows = c.arrows_to_polls();
    assert_eq!(arrows, [(driver, spinner, 2), (driver, boss, 2)]);
}

#[test]
fn a_poll_the_trace_does_not_see_end_runs_to_the_end_of_the_trace() {
    // Stopped by the event limit in the middle of a poll.
    let src = "task a { work(5ms); print(\"done\"); }\n";
    let full = run(src);
    let cut = full
        .iter()
        .position(|r| matches!(r.event, Event::PollEnd { .. }))
        .unwrap();
    let events = &full[..cut];
    assert!(matches!(events.last().unwrap().event, Event::Print { .. }));
    let c = export(events, "cut");
    let slice = c.slices(c.tid("a"))[0];
    assert_eq!(slice.args["outcome"], "unfinished: the trace ends first");
    assert_eq!((slice.ts, slice.dur), (0, 5000));
    // And a real stop by the limit.
    let options = RunOptions {
        limits: scenario::interp::RunLimits {
            max_events: 12,
            ..Default::default()
        },
        ..RunOptions::default()
    };
    let events = run_with(&preset("fifo"), &options);
    export(&events, "fifo-cut");
}

#[test]
fn texts_are_escaped_and_times_follow_the_tick() {
    let src = "config { workers: 1; }
task t { sleep(250us).await; print(\"a \\\"quoted\\\" word\\nand a line\"); }
";
    let events = run(src);
    let micros = events
        .iter()
        .find_map(|r| match r.event {
            Event::RuntimeStarted {
                micros_per_tick, ..
            } => Some(u64::from(micros_per_tick)),
            _ => None,
        })
        .unwrap();
    assert!(micros < 1000, "a sub-millisecond program has a finer tick");
    let c = export(&events, "esc \"name\"");
    let print = c.events.iter().find(|e| e.name == "print").unwrap();
    assert_eq!(print.args["text"], "a \"quoted\" word\nand a line");
    assert_eq!(print.ts, 250, "ts is in microseconds");
    let polls = c.slices(c.tid("t"));
    assert_eq!(polls[1].ts, 250);
    assert_eq!(polls[1].args["outcome"], "ready");
    let ready = events.iter().any(|r| {
        matches!(
            r.event,
            Event::PollEnd {
                outcome: PollOutcome::Ready,
                ..
            }
        )
    });
    assert!(ready);
}

#[test]
fn an_arrow_reaches_its_poll_when_one_that_took_no_time_starts_at_the_same_instant() {
    // Poll 1 yields at 0 ms and takes no time; the defer list wakes the task, and poll 2, also
    // at 0 ms, works 2 ms. Perfetto reads the longer slice first: the arrow's end must still
    // bind to poll 2 (`check` reads the file as Perfetto does).
    let events = run("task t { yield_now().await; work(2ms); }\n");
    let c = export(&events, "yield-then-work");
    let mut polls: Vec<(u64, u64, u64)> = c
        .slices(c.tid("t"))
        .iter()
        .map(|s| (s.args["poll"].as_u64().unwrap(), s.ts, s.dur))
        .collect();
    polls.sort_unstable();
    assert_eq!(polls, [(1, 0, 0), (2, 0, 2000)]);
    assert_eq!(c.flows.len(), 1);
    let to = &c.flows[0].to;
    assert_eq!((to.args["poll"].as_u64(), to.dur), (Some(2), 2000));
    assert_eq!(c.threads[&c.flows[0].from.tid], "runtime driver");
}
