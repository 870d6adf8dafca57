//! The recorder keeps events packed into 32-bit words (`trace/packed.rs`) and decodes them when
//! the trace is read. These tests check that what is read back is exactly what was recorded:
//! every kind of event, fields at their extremes, times that jump back and forth (a worker's
//! clock), a full recorder that drops and counts, and numbering that goes on after a take.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source
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
            global_queue_interval: max,
            budget: Some(max),
            lifo_slot: true,
            seed: u32::MAX,
            wheel_levels: 255,
            wheel_bits: 255,
            micros_per_tick: max,
        },
        Event::RuntimeStarted {
            workers: 0,
            event_interval: 0,
            global_queue_interval: 0,
            budget: Some(0),
            lifo_slot: false,
            seed: 0,
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
        Event::Deferred {
            task: t,
            worker: w,
            duplicate: true,
        },
        Event::DeferredWoken {
            worker: w,
            count: max,
        },
        Event::WakerCloned {
            task: t,
            waker: WakerId(max),
            holder: Holder::Defer(w),
        },
        Event::Woken {
            task: t,
            waker: Some(WakerId(max)),
            by_ref: false,
            source: WakeSource::Defer(w),
            effect: WakeEffect::Queued(QueueRef::Lifo(w)),
        },
        Event::Aborted { task: t },
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
    let mut seen = [false; common::events::KINDS];
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

    // A timeout polled once then dropped, after others: the next waker, cloned for the next
    // timer, which is registered, cancelled, and its waker dropped. Timers and wakers are
    // numbered as they are made, so each names its timer and waker as a step from the last.
    let (timer, waker) = (TimerId(41), WakerId(90));
    let timeout = |timer: TimerId, waker: WakerId| {
        [
            Event::WakerCloned {
                task: t,
                waker,
                holder: Holder::Timer(timer),
            },
            Event::TimerRegistered {
                timer,
                task: Some(t),
                deadline: 100,
                level: 1,
                slot: 1,
            },
            Event::TimerCancelled { timer },
            Event::WakerDropped { task: t, waker },
        ]
    };
    let mut r = Recorder::new(usize::MAX);
    for e in timeout(timer, waker) {
        r.record(0, e);
    }
    let first = r.packed_bytes();
    for e in timeout(TimerId(42), WakerId(91)) {
        r.record(0, e);
    }
    assert_eq!(
        r.packed_bytes() - first,
        4 * 4,
        "four headers, nothing else"
    );
    assert_eq!(
        first,
        (4 + 3) * 4,
        "the first names its task, timer and waker in full"
    );
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

/// Field values for random events, drawn from a stream of random numbers and biased to where
/// the packed form changes shape: 0 and small values, the edges of bit widths (2^k - 1, 2^k,
/// 2^k + 1), the top of the range; texts and tasks often repeat the last ones; timers and
/// wakers are often the last one of their kind or a step or two after it (wrapping at the top).
struct Fields<'a> {
    numbers: std::slice::Iter<'a, u64>,
    texts: Vec<runtime_core::trace::Text>,
    task: u32,
    timer: u32,
    waker: u32,
}

impl Fields<'_> {
    fn raw(&mut self) -> u64 {
        self.numbers.next().copied().unwrap_or(0)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.raw() % n
    }

    fn flag(&mut self) -> bool {
        self.below(2) == 1
    }

    fn tick(&mut self) -> u64 {
        let r = self.raw();
        match self.below(6) {
            0 => r % 4,
            1 => (1u64 << (r % 64))
                .wrapping_add(self.below(3))
                .wrapping_sub(1),
            2 => u64::MAX - r % 4,
            3 => r % (1 << 12),
            4 => r % (1 << 33),
            _ => r,
        }
    }

    fn word(&mut self) -> u32 {
        let r = self.raw() as u32;
        match self.below(5) {
            0 => r % 4,
            1 => (1u32 << (r % 32))
                .wrapping_add(self.below(3) as u32)
                .wrapping_sub(1),
            2 => u32::MAX - r % 4,
            3 => r % 64,
            _ => r,
        }
    }

    fn byte(&mut self) -> u8 {
        self.word() as u8
    }

    /// A tick near `base`: after it, before it, or anywhere.
    fn tick_near(&mut self, base: u64) -> u64 {
        match self.below(3) {
            0 => base.wrapping_add(self.tick()),
            1 => base.wrapping_sub(self.tick()),
            _ => self.tick(),
        }
    }

    fn text(&mut self) -> runtime_core::trace::Text {
        if self.flag() && !self.texts.is_empty() {
            let i = self.below(self.texts.len() as u64) as usize;
            let again = self.texts[i].clone();
            self.texts.push(again.clone());
            again
        } else {
            let text: runtime_core::trace::Text = format!("text {}", self.below(4)).into();
            self.texts.push(text.clone());
            text
        }
    }

    fn task(&mut self) -> TaskId {
        if !self.flag() {
            self.task = self.word();
        }
        TaskId(self.task)
    }

    /// An id numbered as its kind is made, after `last`: the same, 1, 2 or 3 on, one back, or
    /// anywhere.
    fn numbered(&mut self, last: u32) -> u32 {
        match self.below(6) {
            k @ 0..=3 => last.wrapping_add(k as u32),
            4 => last.wrapping_sub(1),
            _ => self.word(),
        }
    }

    fn timer(&mut self) -> TimerId {
        self.timer = self.numbered(self.timer);
        TimerId(self.timer)
    }

    fn waker(&mut self) -> WakerId {
        self.waker = self.numbered(self.waker);
        WakerId(self.waker)
    }

    fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.flag() { Some(f(self)) } else { None }
    }

    fn worker(&mut self) -> WorkerId {
        WorkerId(self.word())
    }

    fn queue(&mut self) -> QueueRef {
        match self.below(3) {
            0 => QueueRef::Local(self.worker()),
            1 => QueueRef::Lifo(self.worker()),
            _ => QueueRef::Inject,
        }
    }

    /// An id that is often the event's own task's.
    fn id_or(&mut self, own: TaskId) -> u32 {
        if self.flag() { own.0 } else { self.word() }
    }

    /// A random event of kind `kind` (the order of `common::events::kind_index`), at `at`.
    fn event(&mut self, kind: usize, at: u64) -> Event {
        use runtime_core::trace::Limit;
        match kind {
            0 => Event::RuntimeStarted {
                workers: self.word(),
                event_interval: self.word(),
                global_queue_interval: self.word(),
                budget: self.maybe(Self::word),
                lifo_slot: self.flag(),
                seed: self.word(),
                wheel_levels: self.byte(),
                wheel_bits: self.byte(),
                micros_per_tick: self.word(),
            },
            1 => Event::Spawned {
                task: self.task(),
                name: self.text(),
                parent: self.maybe(|f| TaskId(f.word())),
                size: self.word(),
            },
            2 => Event::Enqueued {
                task: self.task(),
                queue: self.queue(),
            },
            3 => Event::PollStart {
                task: self.task(),
                worker: self.worker(),
                from: self.queue(),
                addr: self.word(),
            },
            4 => Event::PollEnd {
                task: self.task(),
                worker: self.worker(),
                outcome: if self.flag() {
                    PollOutcome::Ready
                } else {
                    PollOutcome::Pending
                },
                duration: self.tick(),
                state: self.maybe(|f| LabelId(f.word())),
            },
            5 => {
                let task = self.task();
                let holder = match self.below(9) {
                    0 => Holder::Timer(self.timer()),
                    1 => Holder::ChannelRecv(ChannelId(self.id_or(task))),
                    2 => Holder::ChannelSend(ChannelId(self.id_or(task))),
                    3 => Holder::Io(SocketId(self.id_or(task))),
                    4 => Holder::Join(TaskId(self.id_or(task))),
                    5 => Holder::Pending,
                    6 => Holder::Task(TaskId(self.id_or(task))),
                    7 => Holder::Outside,
                    _ => Holder::Defer(self.worker()),
                };
                Event::WakerCloned {
                    task,
                    waker: self.waker(),
                    holder,
                }
            }
            6 => Event::WakerDropped {
                task: self.task(),
                waker: self.waker(),
            },
            7 => {
                let task = self.task();
                let source = match self.below(6) {
                    0 => WakeSource::Timer(self.timer()),
                    1 => WakeSource::Io(SocketId(self.id_or(task))),
                    2 => WakeSource::Channel(ChannelId(self.id_or(task))),
                    3 => WakeSource::Task(TaskId(self.id_or(task))),
                    4 => WakeSource::Outside,
                    _ => WakeSource::Defer(self.worker()),
                };
                let effect = match self.below(4) {
                    0 => WakeEffect::Queued(self.queue()),
                    1 => WakeEffect::AlreadyQueued,
                    2 => WakeEffect::SelfWake,
                    _ => WakeEffect::TaskFinished,
                };
                Event::Woken {
                    task,
                    waker: self.maybe(Self::waker),
                    by_ref: self.flag(),
                    source,
                    effect,
                }
            }
            8 => Event::TimerRegistered {
                timer: self.timer(),
                task: self.maybe(Self::task),
                deadline: self.tick_near(at),
                level: self.byte(),
                slot: self.byte(),
            },
            9 => Event::TimerCascaded {
                timer: self.timer(),
                from_level: self.byte(),
                from_slot: self.byte(),
                to_level: self.byte(),
                to_slot: self.byte(),
            },
            10 => Event::TimerFired {
                timer: self.timer(),
                deadline: self.tick_near(at),
            },
            11 => Event::TimerCancelled {
                timer: self.timer(),
            },
            12 => {
                let from = self.tick();
                Event::ClockAdvanced {
                    from,
                    to: self.tick_near(from),
                }
            }
            13 => Event::DriverTurned {
                worker: self.worker(),
                timers: self.word(),
                io: self.word(),
                remote: self.word(),
            },
            14 => Event::SocketCreated {
                socket: SocketId(self.word()),
                name: self.text(),
            },
            15 => Event::IoRegistered {
                socket: SocketId(self.word()),
                task: self.maybe(Self::task),
            },
            16 => Event::IoReady {
                socket: SocketId(self.word()),
                bytes: self.word(),
            },
            17 => Event::BudgetExhausted { task: self.task() },
            18 => Event::Completed { task: self.task() },
            19 => Event::Cancelled { task: self.task() },
            20 => Event::Stolen {
                from: self.worker(),
                to: self.worker(),
                count: self.word(),
            },
            21 => Event::Overflow {
                worker: self.worker(),
                count: self.word(),
            },
            22 => Event::ChannelCreated {
                channel: ChannelId(self.word()),
                name: self.text(),
                capacity: self.word(),
            },
            23 => Event::ChannelClosed {
                channel: ChannelId(self.word()),
            },
            24 => Event::Sent {
                channel: ChannelId(self.word()),
                task: self.maybe(Self::task),
                len: self.word(),
            },
            25 => Event::Received {
                channel: ChannelId(self.word()),
                task: self.maybe(Self::task),
                len: self.word(),
            },
            26 => Event::Label {
                label: LabelId(self.word()),
                text: self.text(),
            },
            27 => Event::Print {
                task: self.maybe(Self::task),
                text: self.text(),
            },
            28 => Event::LongPoll {
                task: self.task(),
                duration: self.tick(),
                threshold: self.tick(),
            },
            29 => Event::LostWaker { task: self.task() },
            30 => Event::SelfWakeStorm {
                task: self.task(),
                count: self.word(),
            },
            31 => Event::Stalled {
                task: self.task(),
                reason: self.text(),
            },
            32 => Event::LimitReached {
                limit: match self.below(3) {
                    0 => Limit::Events,
                    1 => Limit::Tasks,
                    _ => Limit::Time,
                },
                value: self.tick(),
            },
            33 => Event::Fault {
                task: self.maybe(Self::task),
                message: self.text(),
            },
            34 => Event::Locals {
                task: self.task(),
                text: self.text(),
            },
            35 => Event::Deferred {
                task: self.task(),
                worker: self.worker(),
                duplicate: self.flag(),
            },
            36 => Event::DeferredWoken {
                worker: self.worker(),
                count: self.word(),
            },
            _ => Event::Aborted { task: self.task() },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Events of every kind with random field values (edges of every width the packed form
    /// uses, texts and tasks repeated or not), at times that stay, creep, go back or jump, read
    /// back exactly as recorded; a recorder recycled afterwards starts clean.
    #[test]
    fn random_field_values_read_back_as_recorded(
        numbers in prop::collection::vec(any::<u64>(), 4000),
        steps in prop::collection::vec((0usize..common::events::KINDS, 0u8..10), 1..150),
    ) {
        let mut fields = Fields { numbers: numbers.iter(), texts: Vec::new(), task: 0, timer: 0, waker: 0 };
        let mut r = Recorder::new(usize::MAX);
        let mut expected = Vec::new();
        let mut at = 0u64;
        for (seq, (kind, time)) in steps.into_iter().enumerate() {
            at = match time {
                0..=3 => at,
                4 | 5 => at.wrapping_add(fields.below(5)),
                6 => at.wrapping_sub(fields.below(5)),
                7 => at.wrapping_add((1 << 26) - 2 + fields.below(4)),
                _ => fields.tick(),
            };
            let event = fields.event(kind, at);
            r.record(at, event.clone());
            expected.push(EventRecord { seq: seq as u64, at, event });
        }
        prop_assert_eq!(r.events(), expected);
        let mut again = Recorder::with_buffer(usize::MAX, r.recycle());
        prop_assert!(again.events().is_empty());
        again.record(5, Event::Completed { task: TaskId(9) });
        prop_assert_eq!(again.take()[0].clone(), EventRecord { seq: 0, at: 5, event: Event::Completed { task: TaskId(9) } });
    }
}
