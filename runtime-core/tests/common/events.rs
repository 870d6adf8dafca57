//! Events of every kind, for the tests of the trace's forms.

use runtime_core::Event;

/// How many kinds of event there are (`kind_index` is below this).
pub const KINDS: usize = runtime_core::trace::KINDS.len();

/// One event of every kind, with every variant of the enums inside events, so that the
/// hand-written JSON reader (`trace/json.rs`) and the packed form the recorder keeps
/// (`trace/packed.rs`) are checked for all of them.
pub fn every_kind() -> Vec<Event> {
    use runtime_core::trace::{Holder, Limit, PollOutcome, QueueRef, WakeEffect, WakeSource};
    use runtime_core::{ChannelId, LabelId, SocketId, TaskId, TimerId, WakerId, WorkerId};
    let (t, w) = (TaskId(7), WorkerId(2));
    let mut events = vec![
        Event::RuntimeStarted {
            workers: 4,
            event_interval: 61,
            global_queue_interval: 61,
            budget: Some(128),
            lifo_slot: true,
            seed: u32::MAX,
            wheel_levels: 6,
            wheel_bits: 6,
            micros_per_tick: 1000,
        },
        Event::RuntimeStarted {
            workers: 1,
            event_interval: 1,
            global_queue_interval: 31,
            budget: None,
            lifo_slot: false,
            seed: 0,
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
    // Added with deferred wakes and Tokio's abort (appended, so the pinned JSON of the kinds
    // before them keeps its lines).
    events.extend([
        Event::Deferred {
            task: t,
            worker: w,
            duplicate: false,
        },
        Event::Deferred {
            task: t,
            worker: WorkerId(0),
            duplicate: true,
        },
        Event::DeferredWoken {
            worker: w,
            count: 3,
        },
        Event::Aborted { task: t },
        Event::WakerCloned {
            task: t,
            waker: WakerId(9),
            holder: Holder::Defer(w),
        },
        Event::Woken {
            task: t,
            waker: Some(WakerId(9)),
            by_ref: false,
            source: WakeSource::Defer(w),
            effect: WakeEffect::Queued(QueueRef::Lifo(w)),
        },
    ]);
    // Added with the blocking pool (appended, likewise).
    events.extend([
        Event::BlockingQueued { task: t, cap: 512 },
        Event::BlockingQueued {
            task: t,
            cap: u32::MAX,
        },
        Event::BlockingStarted {
            task: t,
            thread: 0,
            spawned: true,
        },
        Event::BlockingStarted {
            task: TaskId(1),
            thread: 5000,
            spawned: false,
        },
        Event::BlockingFinished {
            task: t,
            thread: 3,
            duration: 50,
        },
        Event::BlockingFinished {
            task: t,
            thread: 0,
            duration: u64::MAX,
        },
        Event::BlockInPlace {
            task: t,
            worker: w,
            thread: Some(2),
            cap: 512,
        },
        Event::BlockInPlace {
            task: t,
            worker: WorkerId(0),
            thread: None,
            cap: 1,
        },
        Event::BlockInPlaceEnded {
            task: t,
            worker: w,
            duration: 20,
        },
    ]);
    events
}

/// Which kind an event is. Exhaustive on purpose: a new kind does not compile here until it
/// is added to `every_kind` (and to the reader in `trace/json.rs`).
pub fn kind_index(e: &Event) -> usize {
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
        Event::Deferred { .. } => 35,
        Event::DeferredWoken { .. } => 36,
        Event::Aborted { .. } => 37,
        Event::BlockingQueued { .. } => 38,
        Event::BlockingStarted { .. } => 39,
        Event::BlockingFinished { .. } => 40,
        Event::BlockInPlace { .. } => 41,
        Event::BlockInPlaceEnded { .. } => 42,
    }
}
