//! The trace's JSON form: stable field names, a round trip that loses nothing, and the same
//! bytes for the same program (determinism).

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

use runtime_core::{Config, EventRecord, Geometry, Runtime};

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
