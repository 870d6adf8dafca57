//! The trace's JSON form: stable field names, a round trip that loses nothing, and the same
//! bytes for the same program (determinism).

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

use runtime_core::{Config, Event, EventRecord, Geometry, Runtime};

fn program(config: Config) -> Vec<EventRecord> {
    let mut rt = Runtime::new(config).unwrap();
    let (tx, rx) = rt.handle().channel::<u32>("jobs", 1);
    let h = rt.handle().clone();
    rt.spawn("producer", async move {
        for i in 0..3 {
            h.sleep(10).await;
            tx.send(i).await.unwrap();
        }
    });
    let h = rt.handle().clone();
    rt.spawn("consumer", async move {
        while let Some(v) = rx.recv().await {
            h.work(2);
            h.print(format!("job {v}"));
        }
        h.lost_wake().await;
    });
    rt.run();
    rt.events()
}

fn to_json(events: &[EventRecord]) -> String {
    events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

#[test]
fn field_names_are_the_contract() {
    let events = program(Config::default());
    let json = to_json(&events);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["seq"], 0);
    assert_eq!(first["at"], 0);
    assert_eq!(first["kind"], "runtime_started");
    let poll_end = json
        .lines()
        .find(|l| l.contains("\"kind\":\"poll_end\""))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(poll_end).unwrap();
    assert_eq!(v["outcome"], "pending");
    assert!(v["task"].is_u64());
    for kind in [
        "spawned",
        "poll_start",
        "woken",
        "timer_registered",
        "timer_fired",
        "print",
        "stalled",
        "completed",
    ] {
        assert!(
            json.contains(&format!("\"kind\":\"{kind}\"")),
            "no {kind} event"
        );
    }
    let print = json
        .lines()
        .find(|l| l.contains("\"kind\":\"print\""))
        .unwrap();
    assert!(print.contains("\"text\":\"job 0\""), "{print}");
    let stalled = json
        .lines()
        .find(|l| l.contains("\"kind\":\"stalled\""))
        .unwrap();
    assert!(
        stalled.contains("\"reason\":\"it returned Pending"),
        "{stalled}"
    );
}

#[test]
fn json_round_trip_is_lossless() {
    for config in [
        Config::default(),
        Config {
            workers: 3,
            lifo_slot: true,
            wheel: Geometry::SMALL,
            ..Config::default()
        },
    ] {
        let events = program(config);
        let json = to_json(&events);
        let back: Vec<EventRecord> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, events);
    }
}

#[test]
fn same_program_same_bytes() {
    let a = to_json(&program(Config::default()));
    let b = to_json(&program(Config::default()));
    assert_eq!(a, b);
    let c = to_json(&program(Config {
        workers: 4,
        ..Config::default()
    }));
    let d = to_json(&program(Config {
        workers: 4,
        ..Config::default()
    }));
    assert_eq!(c, d);
}

/// One event of every kind, with every variant of the enums inside events, so that the
/// hand-written reader (`trace/json.rs`) is checked against the derived writer for all of them.
fn every_kind() -> Vec<Event> {
    use runtime_core::trace::{Holder, Limit, PollOutcome, QueueRef, WakeEffect, WakeSource};
    use runtime_core::{ChannelId, LabelId, SocketId, TaskId, TimerId, WakerId, WorkerId};
    let (t, w) = (TaskId(7), WorkerId(2));
    let mut events = vec![
        Event::RuntimeStarted {
            workers: 4,
            event_interval: 61,
            budget: Some(128),
            lifo_slot: true,
            wheel_levels: 6,
            wheel_bits: 6,
            micros_per_tick: 1000,
        },
        Event::RuntimeStarted {
            workers: 1,
            event_interval: 1,
            budget: None,
            lifo_slot: false,
            wheel_levels: 4,
            wheel_bits: 3,
            micros_per_tick: 1,
        },
        Event::Spawned {
            task: t,
            name: "consumer \"quoted\" ✓".into(),
            parent: Some(TaskId(0)),
            size: 96,
        },
        Event::Spawned {
            task: t,
            name: "".into(),
            parent: None,
            size: 0,
        },
        Event::PollEnd {
            task: t,
            worker: w,
            outcome: PollOutcome::Pending,
            duration: 0,
            state: Some(LabelId(3)),
        },
        Event::PollEnd {
            task: t,
            worker: w,
            outcome: PollOutcome::Ready,
            duration: u64::MAX,
            state: None,
        },
        Event::WakerDropped {
            task: t,
            waker: WakerId(9),
        },
        Event::TimerRegistered {
            timer: TimerId(1),
            task: Some(t),
            deadline: 1 << 40,
            level: 5,
            slot: 63,
        },
        Event::TimerRegistered {
            timer: TimerId(1),
            task: None,
            deadline: 0,
            level: 0,
            slot: 0,
        },
        Event::TimerCascaded {
            timer: TimerId(1),
            from_level: 2,
            from_slot: 3,
            to_level: 1,
            to_slot: 4,
        },
        Event::TimerFired {
            timer: TimerId(1),
            deadline: 10,
        },
        Event::TimerCancelled { timer: TimerId(1) },
        Event::ClockAdvanced { from: 3, to: 10 },
        Event::DriverTurned {
            worker: w,
            timers: 1,
            io: 2,
            remote: 3,
        },
        Event::SocketCreated {
            socket: SocketId(0),
            name: "db".into(),
        },
        Event::IoRegistered {
            socket: SocketId(0),
            task: Some(t),
        },
        Event::IoReady {
            socket: SocketId(0),
            bytes: 512,
        },
        Event::BudgetExhausted { task: t },
        Event::Completed { task: t },
        Event::Cancelled { task: t },
        Event::Stolen {
            from: WorkerId(0),
            to: WorkerId(3),
            count: 128,
        },
        Event::Overflow {
            worker: w,
            count: 128,
        },
        Event::ChannelCreated {
            channel: ChannelId(1),
            name: "jobs".into(),
            capacity: 2,
        },
        Event::ChannelClosed {
            channel: ChannelId(1),
        },
        Event::Sent {
            channel: ChannelId(1),
            task: Some(t),
            len: 1,
        },
        Event::Received {
            channel: ChannelId(1),
            task: None,
            len: 0,
        },
        Event::Label {
            label: LabelId(3),
            text: "await sleep(10) at 4:9".into(),
        },
        Event::Print {
            task: None,
            text: "line\nwith\ttabs".into(),
        },
        Event::LongPoll {
            task: t,
            duration: 5,
            threshold: 1,
        },
        Event::LostWaker { task: t },
        Event::SelfWakeStorm { task: t, count: 64 },
        Event::Stalled {
            task: t,
            reason: "it returned Pending and nobody holds its waker".into(),
        },
        Event::Fault {
            task: Some(t),
            message: "division by zero at 3:5".into(),
        },
        Event::Locals {
            task: t,
            text: "i = 3, total = 10".into(),
        },
    ];
    for limit in [Limit::Events, Limit::Tasks, Limit::Time] {
        events.push(Event::LimitReached { limit, value: 42 });
    }
    let queues = [QueueRef::Local(w), QueueRef::Lifo(w), QueueRef::Inject];
    for queue in queues {
        events.push(Event::Enqueued { task: t, queue });
        events.push(Event::PollStart {
            task: t,
            worker: w,
            from: queue,
            addr: 0,
        });
    }
    for holder in [
        Holder::Timer(TimerId(1)),
        Holder::ChannelRecv(ChannelId(1)),
        Holder::ChannelSend(ChannelId(1)),
        Holder::Io(SocketId(0)),
        Holder::Join(TaskId(1)),
        Holder::Pending,
        Holder::Task(TaskId(1)),
        Holder::Outside,
    ] {
        events.push(Event::WakerCloned {
            task: t,
            waker: WakerId(9),
            holder,
        });
    }
    let effects = queues.map(WakeEffect::Queued).into_iter().chain([
        WakeEffect::AlreadyQueued,
        WakeEffect::SelfWake,
        WakeEffect::TaskFinished,
    ]);
    let sources = [
        WakeSource::Timer(TimerId(1)),
        WakeSource::Io(SocketId(0)),
        WakeSource::Channel(ChannelId(1)),
        WakeSource::Task(TaskId(1)),
        WakeSource::Outside,
    ];
    for (i, effect) in effects.enumerate() {
        events.push(Event::Woken {
            task: t,
            waker: (i % 2 == 0).then_some(WakerId(9)),
            by_ref: i % 3 == 0,
            source: sources[i % sources.len()],
            effect,
        });
    }
    events
}

/// Which kind an event is. Exhaustive on purpose: a new kind does not compile here until it
/// is added to `every_kind` (and to the reader in `trace/json.rs`).
fn kind_index(e: &Event) -> usize {
    match e {
        Event::RuntimeStarted { .. } => 0,
        Event::Spawned { .. } => 1,
        Event::Enqueued { .. } => 2,
        Event::PollStart { .. } => 3,
        Event::PollEnd { .. } => 4,
        Event::WakerCloned { .. } => 5,
        Event::WakerDropped { .. } => 6,
        Event::Woken { .. } => 7,
        Event::TimerRegistered { .. } => 8,
        Event::TimerCascaded { .. } => 9,
        Event::TimerFired { .. } => 10,
        Event::TimerCancelled { .. } => 11,
        Event::ClockAdvanced { .. } => 12,
        Event::DriverTurned { .. } => 13,
        Event::SocketCreated { .. } => 14,
        Event::IoRegistered { .. } => 15,
        Event::IoReady { .. } => 16,
        Event::BudgetExhausted { .. } => 17,
        Event::Completed { .. } => 18,
        Event::Cancelled { .. } => 19,
        Event::Stolen { .. } => 20,
        Event::Overflow { .. } => 21,
        Event::ChannelCreated { .. } => 22,
        Event::ChannelClosed { .. } => 23,
        Event::Sent { .. } => 24,
        Event::Received { .. } => 25,
        Event::Label { .. } => 26,
        Event::Print { .. } => 27,
        Event::LongPoll { .. } => 28,
        Event::LostWaker { .. } => 29,
        Event::SelfWakeStorm { .. } => 30,
        Event::Stalled { .. } => 31,
        Event::LimitReached { .. } => 32,
        Event::Fault { .. } => 33,
        Event::Locals { .. } => 34,
    }
}

#[test]
fn every_kind_of_event_round_trips() {
    let events: Vec<EventRecord> = every_kind()
        .into_iter()
        .enumerate()
        .map(|(i, event)| EventRecord {
            seq: i as u64,
            at: 1000 + i as u64,
            event,
        })
        .collect();
    let mut seen = [false; 35];
    for e in &events {
        seen[kind_index(&e.event)] = true;
    }
    assert!(seen.iter().all(|s| *s), "a kind is missing: {seen:?}");
    let json = to_json(&events);
    for (line, expected) in json.lines().zip(&events) {
        let back: EventRecord =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(&back, expected, "{line}");
    }
}

#[test]
fn a_bad_record_says_which_field_and_why() {
    let bad = |line: &str| -> String {
        serde_json::from_str::<EventRecord>(line)
            .expect_err(line)
            .to_string()
    };
    let cases = [
        ("[1, 2]", "expected an event (an object), found an array"),
        (
            "{\"at\":0,\"kind\":\"completed\",\"task\":1}",
            "missing field `seq`",
        ),
        ("{\"seq\":0,\"at\":0}", "missing field `kind`"),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"teleported\"}",
            "unknown event kind `teleported`",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"completed\"}",
            "in a `completed` event: missing field `task`",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"completed\",\"task\":\"1\"}",
            "in a `completed` event: `task` should be a whole number, found \"1\"",
        ),
        (
            "{\"seq\":-1,\"at\":0,\"kind\":\"completed\",\"task\":1}",
            "`seq` should be a whole number, found a negative number",
        ),
        (
            "{\"seq\":0,\"at\":0.5,\"kind\":\"completed\",\"task\":1}",
            "`at` should be a whole number, found a fractional number",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"completed\",\"task\":4294967296}",
            "`task` is out of range: 4294967296",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"enqueued\",\"task\":1,\"queue\":{\"queue\":\"moon\"}}",
            "in a `enqueued` event: unknown queue `moon`",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"enqueued\",\"task\":1,\"queue\":3}",
            "expected `queue` (an object), found 3",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"runtime_started\",\"workers\":1,\"event_interval\":61,\
             \"lifo_slot\":1,\"wheel_levels\":6,\"wheel_bits\":6,\"micros_per_tick\":1000}",
            "`lifo_slot` should be true or false, found 1",
        ),
        (
            "{\"seq\":0,\"at\":0,\"kind\":\"completed\",\"task\":1",
            "EOF",
        ),
    ];
    for (line, expected) in cases {
        let message = bad(line);
        assert!(
            message.contains(expected),
            "{line}\n  gave: {message}\n  want: {expected}"
        );
    }
    // Fields a reader does not know are ignored (a newer trace stays readable), and `null`
    // is an absent optional field.
    let back: EventRecord = serde_json::from_str(
        "{\"seq\":4,\"at\":9,\"kind\":\"print\",\"task\":null,\"text\":\"hi\",\"colour\":[1,{}]}",
    )
    .unwrap();
    assert_eq!(
        back.event,
        Event::Print {
            task: None,
            text: "hi".into()
        }
    );
}
