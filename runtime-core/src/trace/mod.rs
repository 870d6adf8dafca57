//! The trace: the one interface between the runtime and everything that shows it.
//!
//! Every step the runtime takes is recorded as an [`EventRecord`] `{ seq, at, event }` (kept
//! packed while the runtime runs, `packed.rs`, and read back as records). The UI
//! never re-implements runtime semantics: it folds these records ([`crate::replay`]) and draws
//! the result. tokio-console is built the same way (`console-api`'s schema and a
//! `State::update` fold); so is Aquascope.
//!
//! Every kind of event is declared once, in the table `for_each_event` below: its fields,
//! its JSON name and how it is packed. The enum, the kind names, the packed encoder and
//! decoder, the JSON reader and the text line are all expanded from that table.
//!
//! Events name things by id ([`TaskId`], [`TimerId`], ...). Names are given once, in the event
//! that creates the thing (`Spawned`, `ChannelCreated`, `SocketCreated`, `Label`), so the trace
//! is self-describing: a reader needs nothing else to print it.
//!
//! With the `serde` feature an event serialises to one flat JSON object:
//! `{"seq":3,"at":10,"kind":"poll_end","task":1,"outcome":"pending",...}`. The `kind` names are
//! a stable contract (golden files and the scenario command line depend on them). Reading it
//! back is written by hand (`json.rs`, which says why).
//!
//! [`chrome`] writes a run as Chrome Trace Event JSON, for Perfetto and `chrome://tracing`.

/// Every event the runtime can report, declared once. Each consumer of the trace expands this
/// table with its own macro: the [`Event`] enum, [`Event::kind`], [`KINDS`] and
/// [`Event::task`] here, the packed encoder and decoder (`packed.rs`), the JSON reader
/// (`json.rs`) and the text fields that the log line and the walkthroughs read (`text.rs`).
/// Adding an event is one entry here and its fold in `replay`.
///
/// An entry is the variant, its JSON `kind`, and its fields. Each field says how it is packed
/// after `=>` (a method of `packed.rs`'s `Pack` and `Unpack`: `task()` a task id, `small(10)`
/// a number in 10 header bits when it fits, `tick_after(at, 9)` a time as its distance after
/// the event's own time, `holder(task)` a holder whose id is often the event's own task, ...);
/// then, in brackets, `or N` for the value a JSON trace that predates the field is read with,
/// and `skip` for a field the text line leaves out (a name: the line names things already).
/// `at` is the event's time, for the fields packed relative to it.
macro_rules! for_each_event {
    ($m:ident) => {
        $m! {
            at;
            /// The runtime was created with these settings (the first event of every trace, so
            /// a trace alone says how to draw it).
            RuntimeStarted "runtime_started" {
                workers: u32 => word(),
                event_interval: u32 => word(),
                /// Read as 31 from a trace that predates it.
                global_queue_interval: u32 => word() [or 31],
                budget: Option<u32> => opt(),
                lifo_slot: bool => flag(),
                /// The seed of the random draws (`select`'s first branch, a thief's first
                /// victim); read as 1 from a trace that predates it.
                seed: u32 => word() [or 1],
                wheel_levels: u8 => byte(),
                wheel_bits: u8 => byte(),
                micros_per_tick: u32 => word(),
            }
            /// A task was created. `size` is the size in bytes of its future (the state machine
            /// the compiler generated); `parent` is the task that spawned it, if any.
            Spawned "spawned" {
                task: TaskId => task(),
                name: Text => text() [skip],
                parent: Option<TaskId> => opt_small(8),
                size: u32 => small(10),
            }
            /// A task was put in a run queue.
            Enqueued "enqueued" {
                task: TaskId => task(),
                queue: QueueRef => queue(),
            }
            /// A worker took a task from `from` and started polling it. `addr` is an ordinal
            /// for the address of the task's future: it stays 0 for the task's whole life,
            /// which is what `Pin` promises (the future never moves once polled).
            PollStart "poll_start" {
                task: TaskId => task(),
                worker: WorkerId => worker(),
                from: QueueRef => queue(),
                addr: u32 => small(8),
            }
            /// A poll returned. `duration` is the virtual time the poll took (`work(d)` inside
            /// it); `state` is the await point the future is parked at, when the future can
            /// tell.
            PollEnd "poll_end" {
                task: TaskId => task(),
                worker: WorkerId => worker(),
                outcome: PollOutcome => outcome(),
                duration: Tick => tick(12),
                state: Option<LabelId> => opt(),
            }
            /// A clone of `task`'s waker was made; `holder` says who keeps it.
            WakerCloned "waker_cloned" {
                task: TaskId => task(),
                waker: WakerId => waker(),
                holder: Holder => holder(task),
            }
            /// A clone of `task`'s waker was dropped without waking.
            WakerDropped "waker_dropped" {
                task: TaskId => task(),
                waker: WakerId => waker(),
            }
            /// `task`'s waker was woken. `waker` is the clone used (`None`: the poll's own,
            /// borrowed waker). Waking by value (`by_ref: false`) also consumes that clone.
            Woken "woken" {
                task: TaskId => task(),
                waker: Option<WakerId> => opt_waker(),
                by_ref: bool => flag(),
                source: WakeSource => source(task),
                effect: WakeEffect => effect(),
            }
            /// A timer was put in the wheel at `(level, slot)`.
            TimerRegistered "timer_registered" {
                timer: TimerId => timer(),
                task: Option<TaskId> => opt_task(),
                deadline: Tick => tick_after(at, 9),
                level: u8 => small(3),
                slot: u8 => small(6),
            }
            /// A timer moved down the wheel as time reached its slot's window.
            TimerCascaded "timer_cascaded" {
                timer: TimerId => timer(),
                from_level: u8 => small(3),
                from_slot: u8 => small(6),
                to_level: u8 => small(3),
                to_slot: u8 => small(6),
            }
            /// A timer's deadline passed and the driver fired it (`at - deadline` is how
            /// late).
            TimerFired "timer_fired" {
                timer: TimerId => timer(),
                deadline: Tick => late(at),
            }
            /// A timer was removed before firing (its `Sleep` was dropped).
            TimerCancelled "timer_cancelled" {
                timer: TimerId => timer(),
            }
            /// Virtual time moved forward.
            ClockAdvanced "clock_advanced" {
                from: Tick => tick(10),
                to: Tick => tick_after(from, 12),
            }
            /// The drivers (timers, I/O, wakes from outside) were checked, with how much each
            /// did.
            DriverTurned "driver_turned" {
                worker: WorkerId => worker(),
                timers: u32 => small(6),
                io: u32 => small(6),
                remote: u32 => small(5),
            }
            /// A socket was created by the simulated reactor.
            SocketCreated "socket_created" {
                socket: SocketId => word(),
                name: Text => text() [skip],
            }
            /// A task registered interest in a socket's readiness.
            IoRegistered "io_registered" {
                socket: SocketId => word(),
                task: Option<TaskId> => opt(),
            }
            /// Data arrived on a socket: it became readable (edge: wakes only on this
            /// transition).
            IoReady "io_ready" {
                socket: SocketId => word(),
                bytes: u32 => word(),
            }
            /// The task's cooperative budget ran out in this poll: leaf futures now return
            /// `Pending` and defer the task's wake.
            BudgetExhausted "budget_exhausted" {
                task: TaskId => task(),
            }
            /// The running task handed its waker to its worker's defer list instead of waking
            /// itself (`yield_now`, or a leaf future that found the budget spent), so it is not
            /// queued until the worker has turned its drivers. `duplicate`: the list's last
            /// entry already wakes this task, so it was not added again (Tokio's
            /// `Defer::defer` checks `will_wake`).
            Deferred "deferred" {
                task: TaskId => task(),
                worker: WorkerId => worker(),
                duplicate: bool => flag(),
            }
            /// After turning its drivers, a worker wakes the `count` wakers on its defer list,
            /// last deferred first (each wake follows, with source `defer`).
            DeferredWoken "deferred_woken" {
                worker: WorkerId => worker(),
                count: u32 => small(16),
            }
            /// `abort()` was called on a task that had not finished: it is marked cancelled.
            /// An idle task is queued, like a wake; a queued one stays where it is; a running
            /// one finishes its poll. When a worker reaches it, its future is dropped instead
            /// of polled (`cancelled`).
            Aborted "aborted" {
                task: TaskId => task(),
            }
            /// A task's future returned `Ready`.
            Completed "completed" {
                task: TaskId => task(),
            }
            /// A task was dropped before completing (aborted): cancellation through `Drop`.
            Cancelled "cancelled" {
                task: TaskId => task(),
            }
            /// A worker stole the first `count` tasks (half) of another worker's local queue;
            /// it polls the last of them next and keeps the others at the back of its own
            /// queue.
            Stolen "stolen" {
                from: WorkerId => worker(),
                to: WorkerId => worker(),
                count: u32 => word(),
            }
            /// A local queue was full: its newest `count` tasks (the back half) moved to the
            /// inject queue, and the task being queued follows them there.
            Overflow "overflow" {
                worker: WorkerId => worker(),
                count: u32 => word(),
            }
            /// A channel was created.
            ChannelCreated "channel_created" {
                channel: ChannelId => word(),
                name: Text => text() [skip],
                capacity: u32 => word(),
            }
            /// A channel closed: every sender (or the receiver) is gone.
            ChannelClosed "channel_closed" {
                channel: ChannelId => word(),
            }
            /// A value went into a channel's buffer; `len` is the buffer's length after.
            Sent "sent" {
                channel: ChannelId => word(),
                task: Option<TaskId> => opt(),
                len: u32 => small(16),
            }
            /// A value came out of a channel's buffer; `len` is the buffer's length after.
            Received "received" {
                channel: ChannelId => word(),
                task: Option<TaskId> => opt(),
                len: u32 => small(16),
            }
            /// A label for a future state, given once before it is used.
            Label "label" {
                label: LabelId => word(),
                text: Text => text() [skip],
            }
            /// A line printed by a task.
            Print "print" {
                task: Option<TaskId> => opt(),
                text: Text => text(),
            }
            /// Diagnostic: a poll took at least `threshold` ticks, blocking its worker.
            LongPoll "long_poll" {
                task: TaskId => task(),
                duration: Tick => tick(12),
                threshold: Tick => tick(11),
            }
            /// Diagnostic: the task returned `Pending`, was not woken, and no clone of its
            /// waker exists: nothing can ever poll it again (a lost wakeup).
            LostWaker "lost_waker" {
                task: TaskId => task(),
            }
            /// Diagnostic: the task woke itself `count` polls in a row without anything else
            /// waking it.
            SelfWakeStorm "self_wake_storm" {
                task: TaskId => task(),
                count: u32 => word(),
            }
            /// Diagnostic: the run ended with this task unfinished and nothing left that can
            /// wake it.
            Stalled "stalled" {
                task: TaskId => task(),
                reason: Text => text(),
            }
            /// The run was stopped by a limit (see [`crate::Limits`]).
            LimitReached "limit_reached" {
                limit: Limit => limit(),
                value: u64 => tick(16),
            }
            /// The program running on the runtime failed (a runtime error in a scenario, or a
            /// limit the program enforces itself); the run stops. `message` says what and
            /// where.
            Fault "fault" {
                task: Option<TaskId> => opt(),
                message: Text => text(),
            }
            /// A snapshot of the variables a task's future holds while parked (the scenario
            /// interpreter reports them for the Pin / state-machine view): `name = value, ...`.
            Locals "locals" {
                task: TaskId => task(),
                text: Text => text(),
            }
            /// A blocking task (`spawn_blocking`, after its `spawned`) was handed to the blocking
            /// pool (Tokio's `Spawner::spawn_task` pushes it on the pool's queue). It starts at
            /// once on an idle pool thread, or on a new one while the pool has fewer than `cap`
            /// threads (Tokio's `max_blocking_threads`, 512 by default); otherwise it waits in
            /// the queue, first in first out, until a thread is free.
            BlockingQueued "blocking_queued" {
                task: TaskId => task(),
                cap: u32 => word(),
            }
            /// A pool thread took the blocking task and runs it to its end: from now on
            /// `abort()` cannot stop it (a thread cannot be interrupted). `thread` numbers the
            /// pool's threads in the order the pool spawned them; `spawned`: the pool spawned
            /// this thread now, having no idle one.
            BlockingStarted "blocking_started" {
                task: TaskId => task(),
                thread: u32 => small(10),
                spawned: bool => flag(),
            }
            /// The blocking task's closure returned after `duration` of blocking work, which
            /// kept its pool thread busy and no worker. The thread is free again (it takes the
            /// next queued blocking task, if any); the task's `JoinHandle` gets the output and
            /// its waiter is woken from outside the workers (`completed` follows).
            BlockingFinished "blocking_finished" {
                task: TaskId => task(),
                thread: u32 => small(10),
                duration: Tick => tick(12),
            }
            /// `block_in_place` in the running task, on `worker` (Tokio's `multi_thread`
            /// runtime only). The task's thread is about to block, so the worker's queues (its
            /// core) move to another thread and go on running the other tasks: the worker's
            /// defer list is woken and its LIFO slot's task moved to the back of its local queue
            /// first, so that another worker can steal it. `thread`: the pool thread that takes
            /// the worker over (counted against `cap` until the task's poll returns); `None`:
            /// every pool thread is busy, so the worker waits until the block ends, as if the
            /// task had blocked it.
            BlockInPlace "block_in_place" {
                task: TaskId => task(),
                worker: WorkerId => worker(),
                thread: Option<u32> => opt(),
                cap: u32 => word(),
            }
            /// The closure given to `block_in_place` returned after `duration`. If the worker
            /// was handed over, the rest of the task's poll runs off it, on the thread that
            /// blocked (a wake or a spawn from there goes to the inject queue), and that
            /// thread goes back to the pool when the poll returns.
            BlockInPlaceEnded "block_in_place_ended" {
                task: TaskId => task(),
                worker: WorkerId => worker(),
                duration: Tick => tick(12),
            }
        }
    };
}

/// Expands the table into the [`Event`] enum, its `kind`, `task` and `owns_text`, and
/// [`KINDS`].
macro_rules! declare_events {
    (
        $at:ident;
        $(
            $(#[$doc:meta])*
            $name:ident $kind:literal {
                $( $(#[$fdoc:meta])* $field:ident: $ty:ty => $codec:ident($($arg:expr),*) $([$($opt:tt)*])?, )*
            }
        )*
    ) => {
        /// Everything the runtime can report (declared once, in the table of
        /// `for_each_event` above). Each variant's doc says what its fields mean.
        #[allow(missing_docs)]
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(tag = "kind"))]
        pub enum Event {
            $(
                $(#[$doc])*
                #[cfg_attr(feature = "serde", serde(rename = $kind))]
                $name { $( $(#[$fdoc])* $field: $ty, )* },
            )*
        }

        /// Every event kind's name (its JSON `kind`, as [`Event::kind`] gives it), in the order
        /// the kinds are declared.
        pub const KINDS: &[&str] = &[$($kind),*];

        impl Event {
            /// The snake_case name of the event, as in its JSON `kind`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $( Event::$name { .. } => $kind, )*
                }
            }

            /// The task this event is about, if any (its field `task`).
            pub fn task(&self) -> Option<TaskId> {
                match self {
                    $( Event::$name { $($field),* } => None $(.or(task_field!($field $field)))*, )*
                }
            }

            /// Whether the event holds text (an `Rc<str>`), so that dropping it does something.
            /// Every other event is plain data.
            #[inline(always)]
            pub(crate) fn owns_text(&self) -> bool {
                match self {
                    $( Event::$name { .. } => false $(|| is_text!($codec))*, )*
                }
            }
        }
    };
}

/// In [`Event::task`]: returns the field when it is the one called `task`.
macro_rules! task_field {
    (task $value:ident) => {
        TaskOf::task_of($value)
    };
    ($other:ident $value:ident) => {{
        let _ = $value;
        None
    }};
}

/// In [`Event::owns_text`]: whether a field is packed as text.
macro_rules! is_text {
    (text) => {
        true
    };
    ($other:ident) => {
        false
    };
}

/// A field called `task` is a task or an optional one.
trait TaskOf {
    fn task_of(&self) -> Option<TaskId>;
}

impl TaskOf for TaskId {
    fn task_of(&self) -> Option<TaskId> {
        Some(*self)
    }
}

impl TaskOf for Option<TaskId> {
    fn task_of(&self) -> Option<TaskId> {
        *self
    }
}

for_each_event!(declare_events);

pub mod bytes;
pub mod chrome;
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
    /// Not done: the future will be polled again once woken.
    Pending,
    /// Done: the future has its output.
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
