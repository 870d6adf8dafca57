//! The recorder keeps events packed into 32-bit words (`trace/packed.rs`) and decodes them when
//! the trace is read. These tests check that what is read back is exactly what was recorded:
//! every kind of event, fields at their extremes, times that jump back and forth (a worker's
//! clock), a full recorder that drops and counts, and numbering that goes on after a take.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

mod common;

use common::events::{every_kind, kind_index};
use proptest::prelude::*;
use runtime_core::trace::{Holder, PollOutcome, QueueRef, Recorder, WakeEffect, WakeSource};
use runtime_core::{
    ChannelId, Event, EventRecord, LabelId, SocketId, TaskId, TimerId, WakerId, WorkerId,
};

/// Events whose fields sit at the edges of what their packed form holds: ids and counts at
/// `u32::MAX`, ticks at `u64::MAX` and at 2^32 (the word boundary), `u8`s at 255.
fn extremes() -> Vec<Event> {
    let (t, w, max) = (TaskId(u32::MAX), WorkerId(u32::MAX), u32::MAX);
    vec![
        Event::RuntimeStarted {
            workers: max,
            event_interval: max,
            budget: Some(max),
            lifo_slot: true,
            wheel_levels: 255,
            wheel_bits: 255,
            micros_per_tick: max,
        },
        Event::RuntimeStarted {
            workers: 0,
            event_interval: 0,
            budget: Some(0),
            lifo_slot: false,
            wheel_levels: 0,
            wheel_bits: 0,
            micros_per_tick: 0,
        },
        Event::Spawned {
            task: t,
            name: "".into(),
            parent: Some(TaskId(0)),
            size: max,
        },
        Event::Spawned {
            task: TaskId(1),
            name: "x".into(),
            parent: Some(TaskId(256)),
            size: 1024,
        },
        Event::PollStart {
            task: t,
            worker: w,
            from: QueueRef::Lifo(w),
            addr: max,
        },
        Event::PollEnd {
            task: t,
            worker: w,
            outcome: PollOutcome::Ready,
            duration: 1 << 32,
            state: Some(LabelId(0)),
        },
        Event::PollEnd {
            task: t,
            worker: w,
            outcome: PollOutcome::Pending,
            duration: 1,
            state: Some(LabelId(max)),
        },
        Event::PollEnd {
            task: TaskId(0),
            worker: WorkerId(0),
            outcome: PollOutcome::Pending,
            duration: 0,
            state: None,
        },
        Event::WakerCloned {
            task: t,
            waker: WakerId(max),
            holder: Holder::Join(t),
        },
        Event::Woken {
            task: t,
            waker: Some(WakerId(0)),
            by_ref: true,
            source: WakeSource::Task(t),
            effect: WakeEffect::Queued(QueueRef::Lifo(w)),
        },
        Event::Woken {
            task: t,
            waker: None,
            by_ref: false,
            source: WakeSource::Outside,
            effect: WakeEffect::Queued(QueueRef::Inject),
        },
        Event::TimerRegistered {
            timer: TimerId(max),
            task: Some(t),
            deadline: u64::MAX,
            level: 255,
            slot: 255,
        },
        Event::TimerCascaded {
            timer: TimerId(max),
            from_level: 255,
            from_slot: 254,
            to_level: 253,
            to_slot: 252,
        },
        Event::TimerFired {
            timer: TimerId(max),
            deadline: u64::MAX - 1,
        },
        Event::ClockAdvanced {
            from: u64::MAX - 1,
            to: u64::MAX,
        },
        Event::Sent {
            channel: ChannelId(max),
            task: Some(TaskId(0)),
            len: max,
        },
        Event::IoRegistered {
            socket: SocketId(max),
            task: None,
        },
        Event::LongPoll {
            task: t,
            duration: u64::MAX,
            threshold: 1 << 32,
        },
        Event::Print {
            task: Some(t),
            text: "ünïcode ✓\n".into(),
        },
        // Time going back (each worker has its own clock), a poll from another worker's queue,
        // a waker held by its own task, big counts that do not fit their header bits.
        Event::ClockAdvanced { from: 10, to: 3 },
        Event::PollStart {
            task: TaskId(1),
            worker: WorkerId(0),
            from: QueueRef::Local(WorkerId(17)),
            addr: 256,
        },
        Event::WakerCloned {
            task: TaskId(4),
            waker: WakerId(1),
            holder: Holder::Task(TaskId(4)),
        },
        Event::DriverTurned {
            worker: WorkerId(16),
            timers: 64,
            io: 1 << 20,
            remote: max,
        },
        Event::TimerRegistered {
            timer: TimerId(2),
            task: None,
            deadline: 0,
            level: 8,
            slot: 128,
        },
    ]
}

/// Records `events` at `times`, reads them back and compares them with the records expected.
fn round_trip(events: &[Event], times: &[u64]) {
    let mut r = Recorder::new(usize::MAX);
    let mut expected = Vec::new();
    for (i, (event, &at)) in events.iter().zip(times.iter().cycle()).enumerate() {
        r.record(at, event.clone());
        expected.push(EventRecord {
            seq: i as u64,
            at,
            event: event.clone(),
        });
    }
    assert_eq!(r.len(), events.len());
    assert_eq!(r.events(), expected);
    assert_eq!(r.take(), expected, "take reads the same as events");
    assert!(r.events().is_empty());
}

#[test]
fn every_kind_of_event_reads_back_as_recorded() {
    let events = every_kind();
    let mut seen = [false; 35];
    for e in &events {
        seen[kind_index(e)] = true;
    }
    assert!(seen.iter().all(|s| *s), "a kind is missing: {seen:?}");
    round_trip(&events, &[0]);
    round_trip(&events, &[5, 5, 0, 1 << 32, u64::MAX, 7]);
}

#[test]
fn fields_at_their_extremes_read_back_as_recorded() {
    round_trip(&extremes(), &[0, u64::MAX, 1, (1 << 32) - 1]);
}

#[test]
fn packed_events_are_much_smaller_than_records() {
    // A self-waking poll: the four events it records, at a time that does not change.
    let (t, w) = (TaskId(3), WorkerId(0));
    let poll = [
        Event::PollStart {
            task: t,
            worker: w,
            from: QueueRef::Local(w),
            addr: 0,
        },
        Event::Woken {
            task: t,
            waker: None,
            by_ref: true,
            source: WakeSource::Task(t),
            effect: WakeEffect::SelfWake,
        },
        Event::PollEnd {
            task: t,
            worker: w,
            outcome: PollOutcome::Pending,
            duration: 0,
            state: None,
        },
        Event::Enqueued {
            task: t,
            queue: QueueRef::Local(w),
        },
    ];
    let mut r = Recorder::new(usize::MAX);
    for e in poll {
        r.record(0, e);
    }
    // Each is a header holding the small fields; the first also names the task.
    assert_eq!(r.packed_bytes(), (2 + 1 + 1 + 1) * 4);
    assert!(r.packed_bytes() * 10 < 4 * std::mem::size_of::<EventRecord>());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// A model of the recorder: a `Vec` of records, the first `capacity` kept after each take,
    /// the rest counted as dropped, sequence numbers given to kept and dropped events alike.
    #[test]
    fn reads_back_what_a_plain_vec_would_hold(
        steps in prop::collection::vec((0usize..64, 0u64..4, any::<u64>(), 0u8..16), 0..200),
        capacity in 0usize..80,
    ) {
        let kinds = every_kind();
        let mut r = Recorder::new(capacity);
        let (mut model, mut next_seq, mut dropped) = (Vec::new(), 0u64, 0u64);
        let mut at = 0u64;
        for (which, step, far, op) in steps {
            // Time mostly stays or creeps forward; sometimes it jumps anywhere (another worker).
            at = if op == 0 { far } else { at.wrapping_add(step) };
            if op == 1 {
                prop_assert_eq!(r.take(), std::mem::take(&mut model));
                continue;
            }
            let event = kinds[which % kinds.len()].clone();
            r.record(at, event.clone());
            if model.len() < capacity {
                model.push(EventRecord { seq: next_seq, at, event });
            } else {
                dropped += 1;
            }
            next_seq += 1;
        }
        prop_assert_eq!(r.events(), model);
        prop_assert_eq!((r.total(), r.dropped()), (next_seq, dropped));
    }
}
