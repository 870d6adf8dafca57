//! The trace's JSON form: stable field names, a round trip that loses nothing, and the same
//! bytes for the same program (determinism).

mod common;

use common::events::{every_kind, kind_index};
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
    let mut seen = [false; common::events::KINDS];
    for e in &events {
        seen[kind_index(&e.event)] = true;
        assert!(
            runtime_core::trace::KINDS.contains(&e.event.kind()),
            "`{}` is missing from trace::KINDS",
            e.event.kind()
        );
    }
    assert_eq!(runtime_core::trace::KINDS.len(), common::events::KINDS);
    assert!(seen.iter().all(|s| *s), "a kind is missing: {seen:?}");
    let json = to_json(&events);
    // The form is a contract, pinned byte for byte (field order, nesting, `null`s, escapes).
    // A new kind or field (additive) is pinned with `UPDATE_SNAPSHOTS=1`; read the diff.
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/every_kind.jsonl");
        std::fs::write(path, &json).expect("write the pinned JSON");
    }
    let pinned = include_str!("data/every_kind.jsonl");
    for (i, (line, want)) in json.lines().zip(pinned.lines()).enumerate() {
        assert_eq!(line, want, "line {}", i + 1);
    }
    assert_eq!(json.lines().count(), pinned.lines().count());
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

/// The text form is the JSON form with things called by their names: every field of every
/// kind's line is a field of its JSON object, and every field the JSON object has a value
/// for is in the line, except the names a `spawned`, `socket_created`, `channel_created` or
/// `label` gives (the line calls the thing by it already). Both come from the one event table,
/// so a new field cannot be left out of one of them.
#[test]
fn every_kind_shows_the_same_fields_as_text_and_as_json() {
    use runtime_core::trace::text::{Names, fields};
    let skipped = |kind: &str, key: &str| {
        matches!(
            (kind, key),
            ("spawned" | "socket_created" | "channel_created", "name") | ("label", "text")
        )
    };
    let mut names = Names::default();
    for event in every_kind() {
        names.learn(&event);
        let kind = event.kind();
        let record = EventRecord {
            seq: 0,
            at: 0,
            event: event.clone(),
        };
        let json: serde_json::Value = serde_json::to_value(&record).unwrap();
        let object = json.as_object().unwrap();
        let text: Vec<&str> = fields(&event, &names).iter().map(|f| f.key).collect();
        for key in &text {
            assert!(
                object.contains_key(*key),
                "{kind}: `{key}` is in the line, not the JSON"
            );
        }
        for (key, value) in object {
            if ["seq", "at", "kind"].contains(&key.as_str()) || value.is_null() {
                continue;
            }
            assert_eq!(
                text.contains(&key.as_str()),
                !skipped(kind, key),
                "{kind}: `{key}` (the line has {text:?})"
            );
        }
    }
}
