//! The trace: the one interface between the runtime and everything that shows it.
//!
//! Every step the runtime takes is recorded as an [`EventRecord`] `{ seq, at, event }` (kept
//! packed while the runtime runs, `packed.rs`, and read back as records). The UI
//! never re-implements runtime semantics: it folds these records ([`crate::replay`]) and draws
//! the result. tokio-console is built the same way (`console-api`'s schema and a
//! `State::update` fold); so is Aquascope.
//!
//! Events name things by id ([`TaskId`], [`TimerId`], ...). Names are given once, in the event
//! that creates the thing (`Spawned`, `ChannelCreated`, `SocketCreated`, `Label`), so the trace
//! is self-describing: a reader needs nothing else to print it.
//!
//! With the `serde` feature an event serialises to one flat JSON object:
//! `{"seq":3,"at":10,"kind":"poll_end","task":1,"outcome":"pending",...}`. The `kind` names are
//! a stable contract (golden files and the scenario command line depend on them). Reading it
//! back is written by hand (`json.rs`, which says why).

#[cfg(feature = "serde")]
mod json;
mod packed;
mod recorder;
pub mod text;

pub use recorder::{Recorder, TraceBuffer};

use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use alloc::rc::Rc;
use core::fmt;

/// Shared, immutable text (task names, printed lines). Cheap to clone into snapshots.
pub type Text = Rc<str>;

/// One recorded step of the runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EventRecord {
    /// Position in the trace, from 0, with no gaps (dropped events still take a number).
    pub seq: u64,
    /// Virtual time when it happened, in ticks.
    pub at: Tick,
    /// What happened.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub event: Event,
}

/// Everything the runtime can report.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Event {
    /// The runtime was created with these settings (the first event of every trace, so a
    /// trace alone says how to draw it).
    RuntimeStarted {
        workers: u32,
        event_interval: u32,
        /// Read as 31 from a trace that predates it.
        global_queue_interval: u32,
        budget: Option<u32>,
        lifo_slot: bool,
        /// The seed of the random draws (`select`'s first branch, a thief's first victim);
        /// read as 1 from a trace that predates it.
        seed: u32,
        wheel_levels: u8,
        wheel_bits: u8,
        micros_per_tick: u32,
    },
    /// A task was created. `size` is the size in bytes of its future (the state machine the
    /// compiler generated); `parent` is the task that spawned it, if any.
    Spawned {
        task: TaskId,
        name: Text,
        parent: Option<TaskId>,
        size: u32,
    },
    /// A task was put in a run queue.
    Enqueued { task: TaskId, queue: QueueRef },
    /// A worker took a task from `from` and started polling it. `addr` is an ordinal for the
    /// address of the task's future: it stays 0 for the task's whole life, which is what `Pin`
    /// promises (the future never moves once polled).
    PollStart {
        task: TaskId,
        worker: WorkerId,
        from: QueueRef,
        addr: u32,
    },
    /// A poll returned. `duration` is the virtual time the poll took (`work(d)` inside it);
    /// `state` is the await point the future is parked at, when the future can tell.
    PollEnd {
        task: TaskId,
        worker: WorkerId,
        outcome: PollOutcome,
        duration: Tick,
        state: Option<LabelId>,
    },
    /// A clone of `task`'s waker was made; `holder` says who keeps it.
    WakerCloned {
        task: TaskId,
        waker: WakerId,
        holder: Holder,
    },
    /// A clone of `task`'s waker was dropped without waking.
    WakerDropped { task: TaskId, waker: WakerId },
    /// `task`'s waker was woken. `waker` is the clone used (`None`: the poll's own, borrowed
    /// waker). Waking by value (`by_ref: false`) also consumes that clone.
    Woken {
        task: TaskId,
        waker: Option<WakerId>,
        by_ref: bool,
        source: WakeSource,
        effect: WakeEffect,
    },
    /// A timer was put in the wheel at `(level, slot)`.
    TimerRegistered {
        timer: TimerId,
        task: Option<TaskId>,
        deadline: Tick,
        level: u8,
        slot: u8,
    },
    /// A timer moved down the wheel as time reached its slot's window.
    TimerCascaded {
        timer: TimerId,
        from_level: u8,
        from_slot: u8,
        to_level: u8,
        to_slot: u8,
    },
    /// A timer's deadline passed and the driver fired it (`at - deadline` is how late).
    TimerFired { timer: TimerId, deadline: Tick },
    /// A timer was removed before firing (its `Sleep` was dropped).
    TimerCancelled { timer: TimerId },
    /// Virtual time moved forward.
    ClockAdvanced { from: Tick, to: Tick },
    /// The drivers (timers, I/O, wakes from outside) were checked, with how much each did.
    DriverTurned {
        worker: WorkerId,
        timers: u32,
        io: u32,
        remote: u32,
    },
    /// A socket was created by the simulated reactor.
    SocketCreated { socket: SocketId, name: Text },
    /// A task registered interest in a socket's readiness.
    IoRegistered {
        socket: SocketId,
        task: Option<TaskId>,
    },
    /// Data arrived on a socket: it became readable (edge: wakes only on this transition).
    IoReady { socket: SocketId, bytes: u32 },
    /// The task's cooperative budget ran out in this poll: leaf futures now return `Pending`
    /// and defer the task's wake.
    BudgetExhausted { task: TaskId },
    /// The running task handed its waker to its worker's defer list instead of waking itself
    /// (`yield_now`, or a leaf future that found the budget spent), so it is not queued until
    /// the worker has turned its drivers. `duplicate`: the list's last entry already wakes this
    /// task, so it was not added again (Tokio's `Defer::defer` checks `will_wake`).
    Deferred {
        task: TaskId,
        worker: WorkerId,
        duplicate: bool,
    },
    /// After turning its drivers, a worker wakes the `count` wakers on its defer list, last
    /// deferred first (each wake follows, with source `defer`).
    DeferredWoken { worker: WorkerId, count: u32 },
    /// `abort()` was called on a task that had not finished: it is marked cancelled. An idle
    /// task is queued, like a wake; a queued one stays where it is; a running one finishes its
    /// poll. When a worker reaches it, its future is dropped instead of polled (`cancelled`).
    Aborted { task: TaskId },
    /// A task's future returned `Ready`.
    Completed { task: TaskId },
    /// A task was dropped before completing (aborted): cancellation through `Drop`.
    Cancelled { task: TaskId },
    /// A worker stole the first `count` tasks (half) of another worker's local queue; it polls
    /// the last of them next and keeps the others at the back of its own queue.
    Stolen {
        from: WorkerId,
        to: WorkerId,
        count: u32,
    },
    /// A local queue was full: its newest `count` tasks (the back half) moved to the inject
    /// queue, and the task being queued follows them there.
    Overflow { worker: WorkerId, count: u32 },
    /// A channel was created.
    ChannelCreated {
        channel: ChannelId,
        name: Text,
        capacity: u32,
    },
    /// A channel closed: every sender (or the receiver) is gone.
    ChannelClosed { channel: ChannelId },
    /// A value went into a channel's buffer; `len` is the buffer's length after.
    Sent {
        channel: ChannelId,
        task: Option<TaskId>,
        len: u32,
    },
    /// A value came out of a channel's buffer; `len` is the buffer's length after.
    Received {
        channel: ChannelId,
        task: Option<TaskId>,
        len: u32,
    },
    /// A label for a future state, given once before it is used.
    Label { label: LabelId, text: Text },
    /// A line printed by a task.
    Print { task: Option<TaskId>, text: Text },
    /// Diagnostic: a poll took at least `threshold` ticks, blocking its worker.
    LongPoll {
        task: TaskId,
        duration: Tick,
        threshold: Tick,
    },
    /// Diagnostic: the task returned `Pending`, was not woken, and no clone of its waker
    /// exists: nothing can ever poll it again (a lost wakeup).
    LostWaker { task: TaskId },
    /// Diagnostic: the task woke itself `count` polls in a row without anything else waking it.
    SelfWakeStorm { task: TaskId, count: u32 },
    /// Diagnostic: the run ended with this task unfinished and nothing left that can wake it.
    Stalled { task: TaskId, reason: Text },
    /// The run was stopped by a limit (see [`crate::Limits`]).
    LimitReached { limit: Limit, value: u64 },
    /// The program running on the runtime failed (a runtime error in a scenario, or a limit
    /// the program enforces itself); the run stops. `message` says what and where.
    Fault { task: Option<TaskId>, message: Text },
    /// A snapshot of the variables a task's future holds while parked (the scenario
    /// interpreter reports them for the Pin / state-machine view): `name = value, ...`.
    Locals { task: TaskId, text: Text },
}

/// Which queue a task is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "queue", content = "worker", rename_all = "snake_case")
)]
pub enum QueueRef {
    /// A worker's local FIFO run queue (the only queue with one worker).
    Local(WorkerId),
    /// A worker's LIFO slot: the task woken by the running task is polled next.
    Lifo(WorkerId),
    /// The global inject queue shared by all workers.
    Inject,
}

/// What a poll returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PollOutcome {
    Pending,
    Ready,
}

/// Who called a waker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "by", content = "id", rename_all = "snake_case")
)]
pub enum WakeSource {
    /// The timer driver, firing this timer.
    Timer(TimerId),
    /// The I/O driver: this socket became ready.
    Io(SocketId),
    /// A channel operation (a send, a receive that freed space, or a close).
    Channel(ChannelId),
    /// Code running inside this task's poll (itself, a join, or any other future).
    Task(TaskId),
    /// Code outside the runtime: another thread, or the program between runs.
    Outside,
    /// This worker's defer list, after a driver turn (the task yielded or ran out of budget).
    Defer(WorkerId),
}

/// What a wake did to the woken task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "effect", content = "queue", rename_all = "snake_case")
)]
pub enum WakeEffect {
    /// The task was idle: it went into this queue.
    Queued(QueueRef),
    /// The task was already queued: it is not queued twice.
    AlreadyQueued,
    /// The task is running: it is queued when its poll returns `Pending`.
    SelfWake,
    /// The task has finished (or was cancelled): nothing happens.
    TaskFinished,
}

/// Who keeps a clone of a task's waker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "holder", content = "id", rename_all = "snake_case")
)]
pub enum Holder {
    /// A timer in the wheel.
    Timer(TimerId),
    /// A channel, waiting to receive.
    ChannelRecv(ChannelId),
    /// A channel, waiting for room to send.
    ChannelSend(ChannelId),
    /// A socket's readiness registration in the reactor.
    Io(SocketId),
    /// A `JoinHandle` waiting for this task to finish.
    Join(TaskId),
    /// `pending()`: kept forever, never woken.
    Pending,
    /// Some future inside this task's poll (code the runtime cannot see into).
    Task(TaskId),
    /// Code outside the runtime.
    Outside,
    /// This worker's defer list (the task yielded or ran out of budget).
    Defer(WorkerId),
}

/// The limits that stop a runaway program (see [`crate::Limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Limit {
    /// Too many events.
    Events,
    /// Too many tasks spawned.
    Tasks,
    /// Virtual time passed the limit.
    Time,
}

/// Every event kind's name (its JSON `kind`, as [`Event::kind`] gives it), in the order the
/// kinds are declared.
pub const KINDS: [&str; 38] = [
    "runtime_started",
    "spawned",
    "enqueued",
    "poll_start",
    "poll_end",
    "waker_cloned",
    "waker_dropped",
    "woken",
    "timer_registered",
    "timer_cascaded",
    "timer_fired",
    "timer_cancelled",
    "clock_advanced",
    "driver_turned",
    "socket_created",
    "io_registered",
    "io_ready",
    "budget_exhausted",
    "deferred",
    "deferred_woken",
    "aborted",
    "completed",
    "cancelled",
    "stolen",
    "overflow",
    "channel_created",
    "channel_closed",
    "sent",
    "received",
    "label",
    "print",
    "long_poll",
    "lost_waker",
    "self_wake_storm",
    "stalled",
    "limit_reached",
    "fault",
    "locals",
];

impl Event {
    /// The first event of a trace: the runtime started with `config`.
    pub fn runtime_started(c: &crate::Config) -> Event {
        Event::RuntimeStarted {
            workers: u32::from(c.workers),
            event_interval: c.event_interval,
            global_queue_interval: c.global_queue_interval,
            budget: c.budget,
            lifo_slot: c.lifo_slot,
            seed: c.seed,
            wheel_levels: c.wheel.levels(),
            wheel_bits: c.wheel.bits(),
            micros_per_tick: c.micros_per_tick,
        }
    }

    /// The task this event is about, if any.
    pub fn task(&self) -> Option<TaskId> {
        use Event::*;
        match *self {
            Spawned { task, .. }
            | Enqueued { task, .. }
            | PollStart { task, .. }
            | PollEnd { task, .. }
            | WakerCloned { task, .. }
            | WakerDropped { task, .. }
            | Woken { task, .. }
            | BudgetExhausted { task }
            | Deferred { task, .. }
            | Aborted { task }
            | Completed { task }
            | Cancelled { task }
            | LongPoll { task, .. }
            | LostWaker { task }
            | SelfWakeStorm { task, .. }
            | Stalled { task, .. } => Some(task),
            TimerRegistered { task, .. }
            | IoRegistered { task, .. }
            | Print { task, .. }
            | Sent { task, .. }
            | Received { task, .. }
            | Fault { task, .. } => task,
            Locals { task, .. } => Some(task),
            _ => None,
        }
    }

    /// The snake_case name of the event, as in its JSON `kind`.
    pub fn kind(&self) -> &'static str {
        use Event::*;
        match self {
            RuntimeStarted { .. } => "runtime_started",
            Spawned { .. } => "spawned",
            Enqueued { .. } => "enqueued",
            PollStart { .. } => "poll_start",
            PollEnd { .. } => "poll_end",
            WakerCloned { .. } => "waker_cloned",
            WakerDropped { .. } => "waker_dropped",
            Woken { .. } => "woken",
            TimerRegistered { .. } => "timer_registered",
            TimerCascaded { .. } => "timer_cascaded",
            TimerFired { .. } => "timer_fired",
            TimerCancelled { .. } => "timer_cancelled",
            ClockAdvanced { .. } => "clock_advanced",
            DriverTurned { .. } => "driver_turned",
            SocketCreated { .. } => "socket_created",
            IoRegistered { .. } => "io_registered",
            IoReady { .. } => "io_ready",
            BudgetExhausted { .. } => "budget_exhausted",
            Deferred { .. } => "deferred",
            DeferredWoken { .. } => "deferred_woken",
            Aborted { .. } => "aborted",
            Completed { .. } => "completed",
            Cancelled { .. } => "cancelled",
            Stolen { .. } => "stolen",
            Overflow { .. } => "overflow",
            ChannelCreated { .. } => "channel_created",
            ChannelClosed { .. } => "channel_closed",
            Sent { .. } => "sent",
            Received { .. } => "received",
            Label { .. } => "label",
            Print { .. } => "print",
            LongPoll { .. } => "long_poll",
            LostWaker { .. } => "lost_waker",
            SelfWakeStorm { .. } => "self_wake_storm",
            Stalled { .. } => "stalled",
            LimitReached { .. } => "limit_reached",
            Fault { .. } => "fault",
            Locals { .. } => "locals",
        }
    }

    /// Whether this is one of the diagnostics the runtime raises.
    pub fn is_diagnostic(&self) -> bool {
        matches!(
            self,
            Event::LongPoll { .. }
                | Event::LostWaker { .. }
                | Event::SelfWakeStorm { .. }
                | Event::Stalled { .. }
                | Event::LimitReached { .. }
                | Event::Fault { .. }
        )
    }
}

impl Event {
    /// Whether the event holds text (an `Rc<str>`), so that dropping it does something. Every
    /// other event is plain data.
    #[inline(always)]
    pub(crate) fn owns_text(&self) -> bool {
        match self {
            Event::Spawned { .. }
            | Event::SocketCreated { .. }
            | Event::ChannelCreated { .. }
            | Event::Label { .. }
            | Event::Print { .. }
            | Event::Stalled { .. }
            | Event::Fault { .. }
            | Event::Locals { .. } => true,
            // Listed rather than `_`, so a new variant must be classified here.
            Event::RuntimeStarted { .. }
            | Event::Enqueued { .. }
            | Event::PollStart { .. }
            | Event::PollEnd { .. }
            | Event::WakerCloned { .. }
            | Event::WakerDropped { .. }
            | Event::Woken { .. }
            | Event::TimerRegistered { .. }
            | Event::TimerCascaded { .. }
            | Event::TimerFired { .. }
            | Event::TimerCancelled { .. }
            | Event::ClockAdvanced { .. }
            | Event::DriverTurned { .. }
            | Event::IoRegistered { .. }
            | Event::IoReady { .. }
            | Event::BudgetExhausted { .. }
            | Event::Deferred { .. }
            | Event::DeferredWoken { .. }
            | Event::Aborted { .. }
            | Event::Completed { .. }
            | Event::Cancelled { .. }
            | Event::Stolen { .. }
            | Event::Overflow { .. }
            | Event::ChannelClosed { .. }
            | Event::Sent { .. }
            | Event::Received { .. }
            | Event::LongPoll { .. }
            | Event::LostWaker { .. }
            | Event::SelfWakeStorm { .. }
            | Event::LimitReached { .. } => false,
        }
    }
}

impl fmt::Display for QueueRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueueRef::Local(w) => write!(f, "local queue of {w}"),
            QueueRef::Lifo(w) => write!(f, "LIFO slot of {w}"),
            QueueRef::Inject => f.write_str("inject queue"),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::Events => "maximum number of events",
            Limit::Tasks => "maximum number of tasks",
            Limit::Time => "maximum virtual time",
        })
    }
}
