//! Replay: fold a trace into what the UI draws.
//!
//! [`Snapshot::apply`] is a pure fold over [`EventRecord`]s (tokio-console's `State::update`
//! works the same way): queues in order, task states and statistics, who holds each task's
//! wakers, timers in the wheel by level and slot, sockets and channels. The UI never
//! re-implements runtime rules; it only draws a snapshot. [`Replay`] keeps checkpoints so any
//! event of a long trace can be reached by replaying a bounded number of events.

mod checkpoints;

pub use checkpoints::Replay;

use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use crate::task::state::TaskState;
use crate::trace::text::Names;
use crate::trace::{Event, EventRecord, Holder, PollOutcome, QueueRef, Text, WakeEffect};
use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

/// One wait of a task in a queue: from the `enqueued` that put it there (the first since its
/// last poll: a task moved from the LIFO slot to the local queue waited all along) to the
/// `poll_start` that took it. This is what "waited" means everywhere in the lab: the task
/// table's max wait, the diagnostics, and a challenge's `max_wait` goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueWait {
    /// The task that waited.
    pub task: TaskId,
    /// The `seq` of the `enqueued` that started the wait.
    pub queued: u64,
    /// The `seq` of the `poll_start` that ended it.
    pub polled: u64,
    /// How long it waited, in ticks.
    pub ticks: Tick,
}

/// Every completed wait in `events`, in the order the waits ended.
pub fn queue_waits(events: &[EventRecord]) -> Vec<QueueWait> {
    let mut queued: BTreeMap<TaskId, &EventRecord> = BTreeMap::new();
    let mut waits = Vec::new();
    for r in events {
        match r.event {
            Event::Enqueued { task, .. } => {
                queued.entry(task).or_insert(r);
            }
            Event::PollStart { task, .. } => {
                if let Some(q) = queued.remove(&task) {
                    waits.push(QueueWait {
                        task,
                        queued: q.seq,
                        polled: r.seq,
                        ticks: r.at.saturating_sub(q.at),
                    });
                }
            }
            _ => {}
        }
    }
    waits
}

/// Who can wake a task (see [`Snapshot::waker_status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WakerStatus {
    /// Clones of its waker are held (`TaskView::wakers` says by whom).
    Held,
    /// Idle, and no clone of its waker exists: nothing can ever wake it (a lost wakeup).
    Lost,
    /// Just woken into a queue: its `enqueued` is the next event.
    BeingQueued,
    /// Queued, running or finished: the executor has it, no clone is needed.
    WithExecutor,
}

/// One task, as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskView {
    /// Its id.
    pub id: TaskId,
    /// The name it was spawned with.
    pub name: Text,
    /// The task that spawned it (`None`: spawned from outside the runtime).
    pub parent: Option<TaskId>,
    /// Where it is in its life (see `task/state.rs`).
    pub state: TaskState,
    /// Size in bytes of the task's future (its state machine).
    pub size: u32,
    /// Address ordinal at the last poll (stays 0: a pinned future never moves).
    pub addr: u32,
    /// The await point it is parked at, as of its last poll.
    pub parked_at: Option<LabelId>,
    /// Live clones of its waker and who holds each.
    pub wakers: Vec<(WakerId, Holder)>,
    /// The variables its future holds, as last reported (`name = value, ...`).
    pub locals: Option<Text>,
    /// When it was spawned.
    pub spawned_at: Tick,
    /// How many times it has been polled.
    pub polls: u32,
    /// Virtual time spent being polled.
    pub busy: Tick,
    /// Virtual time spent idle (waiting for a wake).
    pub idle: Tick,
    /// The longest time it waited in a queue: from its `enqueued` to the `poll_start` that
    /// took it (see [`queue_waits`], the one definition, which the goals use too).
    pub max_wait: Tick,
    /// The sum of those waits (every poll follows one: the mean is this over `polls`).
    pub total_wait: Tick,
    /// Wakes that queued it (it was idle).
    pub wakes_queued: u32,
    /// Wakes received in total (any effect).
    pub wakes: u32,
    /// Wakes from inside its own poll.
    pub self_wakes: u32,
    /// Its longest single poll.
    pub longest_poll: Tick,
    /// When it last became idle or queued (for idle time and wake latency).
    since: Tick,
    /// When it was put in a queue (its first `enqueued` since its last poll), until polled.
    queued_at: Option<Tick>,
    /// When it completed or was cancelled.
    pub finished_at: Option<Tick>,
    /// The worker that polled it last.
    pub worker: Option<WorkerId>,
    /// `abort()` was called: it is dropped when a worker reaches it.
    pub aborted: bool,
    /// A blocking task (`spawn_blocking`): it runs on a thread of the blocking pool, never
    /// polled by a worker.
    pub blocking: bool,
    /// Its last poll returned `Ready`: the future is complete (in the `Returned` state of the
    /// state machine rustc generates), though still `Running` until the runtime records
    /// `completed` (a `long_poll` warning about that poll may come in between).
    pub returned: bool,
}

/// One worker's queues.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerView {
    /// Its local run queue, front first.
    pub local: VecDeque<TaskId>,
    /// Its LIFO slot (`multi_thread` only).
    pub lifo: Option<TaskId>,
    /// The tasks whose wakers are on the defer list, in the order deferred (the last is woken
    /// first).
    pub deferred: Vec<TaskId>,
    /// The task it is polling now (not one whose poll `block_in_place` took off it).
    pub running: Option<TaskId>,
    /// Polls it has made.
    pub polls: u32,
    /// Virtual time spent polling.
    pub busy: Tick,
}

/// What one thread of the blocking pool is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolThreadView {
    /// Waiting for work.
    Idle,
    /// Running this blocking task's closure (it cannot be stopped).
    Blocking(TaskId),
    /// Running `worker`'s queues while `task`, which called `block_in_place`, blocks the thread
    /// the worker was on (until that task's poll returns).
    Worker {
        /// The worker handed over.
        worker: WorkerId,
        /// The task blocking in place.
        task: TaskId,
    },
}

/// The blocking pool (`spawn_blocking`, `block_in_place`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolView {
    /// The most threads it may have (`max_blocking_threads`), as the trace last said; 0 until
    /// the program uses the pool.
    pub cap: u32,
    /// Every thread the pool has spawned, by number.
    pub threads: Vec<PoolThreadView>,
    /// When each thread (by number) took what it is doing now, or went idle.
    pub since: Vec<Tick>,
    /// Blocking tasks waiting for a thread, front first.
    pub queue: VecDeque<TaskId>,
    /// When each blocking task still in [`PoolView::queue`] was queued.
    pub queued_at: BTreeMap<TaskId, Tick>,
    /// Tasks inside `block_in_place` (or whose poll goes on after it), in the order they
    /// called it: each one's worker is handed to a pool thread, or waits for the block.
    pub in_place: Vec<InPlaceView>,
}

/// A task that called `block_in_place`, from its `block_in_place` until its poll returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InPlaceView {
    /// The task blocking in place.
    pub task: TaskId,
    /// The worker whose thread it blocks.
    pub worker: WorkerId,
    /// The pool thread that runs the worker's queues meanwhile; `None`: every pool thread was
    /// busy, so the worker waits for the block to end.
    pub thread: Option<u32>,
    /// When the block started.
    pub since: Tick,
    /// When the closure returned (the rest of its poll then runs on the blocked thread).
    pub ended: Option<Tick>,
}

impl PoolView {
    /// Whether the program has used the pool so far.
    pub fn is_used(&self) -> bool {
        self.cap > 0
    }

    /// Threads that are not idle.
    pub fn busy(&self) -> usize {
        self.threads
            .iter()
            .filter(|t| **t != PoolThreadView::Idle)
            .count()
    }

    /// Frees the thread that took over the worker of `task`'s poll, if any: the poll has
    /// returned, so its `block_in_place` is over.
    fn release(&mut self, task: TaskId, at: Tick) {
        for (t, since) in self.threads.iter_mut().zip(&mut self.since) {
            if matches!(*t, PoolThreadView::Worker { task: b, .. } if b == task) {
                *t = PoolThreadView::Idle;
                *since = at;
            }
        }
        self.in_place.retain(|b| b.task != task);
    }

    /// Takes `task` off the pool's queue.
    fn dequeue(&mut self, task: TaskId) {
        self.queue.retain(|t| *t != task);
        self.queued_at.remove(&task);
    }

    fn set(&mut self, thread: u32, to: PoolThreadView, at: Tick) {
        let i = thread as usize;
        if self.threads.len() <= i {
            self.threads.resize(i + 1, PoolThreadView::Idle);
            self.since.resize(i + 1, at);
        }
        self.threads[i] = to;
        self.since[i] = at;
    }
}

/// A timer in the wheel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerView {
    /// Its id.
    pub id: TimerId,
    /// The task that registered it.
    pub task: Option<TaskId>,
    /// When it is due.
    pub deadline: Tick,
    /// Its level in the wheel now.
    pub level: u8,
    /// Its slot in that level.
    pub slot: u8,
    /// How many times it has cascaded.
    pub cascades: u32,
}

/// A channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelView {
    /// Its name.
    pub name: Text,
    /// How many values its buffer holds.
    pub capacity: u32,
    /// How many it holds now.
    pub len: u32,
    /// Whether every sender (or the receiver) is gone.
    pub closed: bool,
}

/// A socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketView {
    /// Its name.
    pub name: Text,
    /// Chunks delivered and not yet read (as far as the trace tells: arrivals minus reads
    /// are not traced separately, so this counts deliveries since the last registration).
    pub delivered: u32,
    /// The task whose interest is registered, if any.
    pub registered: Option<TaskId>,
}

/// The settings the trace was recorded with (from `runtime_started`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    /// Workers (1: Tokio's `current_thread`).
    pub workers: u32,
    /// Polls (or ticks) between driver turns.
    pub event_interval: u32,
    /// Ticks between looks at the inject queue first.
    pub global_queue_interval: u32,
    /// The cooperative budget of a poll (`None`: off).
    pub budget: Option<u32>,
    /// Whether workers have a LIFO slot.
    pub lifo_slot: bool,
    /// The seed of the random draws.
    pub seed: u32,
    /// The timer wheel's levels.
    pub wheel_levels: u8,
    /// Bits of a slot index (slots per level: `1 << wheel_bits`).
    pub wheel_bits: u8,
    /// Microseconds in a tick.
    pub micros_per_tick: u32,
}

/// The settings of `Config::default()`.
impl Default for RunSettings {
    fn default() -> Self {
        RunSettings::from_config(&crate::Config::default())
    }
}

impl RunSettings {
    /// The settings a runtime with `config` records (its `runtime_started`).
    pub fn from_config(config: &crate::Config) -> Self {
        RunSettings::from_event(&Event::runtime_started(config))
            .expect("runtime_started makes a RuntimeStarted")
    }

    /// The settings a `runtime_started` event records (`None` for any other event).
    pub fn from_event(event: &Event) -> Option<Self> {
        match *event {
            Event::RuntimeStarted {
                workers,
                event_interval,
                global_queue_interval,
                budget,
                lifo_slot,
                seed,
                wheel_levels,
                wheel_bits,
                micros_per_tick,
            } => Some(RunSettings {
                workers,
                event_interval,
                global_queue_interval,
                budget,
                lifo_slot,
                seed,
                wheel_levels,
                wheel_bits,
                micros_per_tick,
            }),
            _ => None,
        }
    }
}

/// Everything the UI draws, as of some point in a trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// How many events have been applied (the cursor is after event `applied - 1`).
    pub applied: u64,
    /// Virtual time after the last event applied.
    pub now: Tick,
    /// The settings of the run.
    pub settings: RunSettings,
    /// The names the trace has given so far.
    pub names: Names,
    /// Every task spawned so far, by id.
    pub tasks: Vec<TaskView>,
    /// Every worker, by id.
    pub workers: Vec<WorkerView>,
    /// The inject queue, front first.
    pub inject: VecDeque<TaskId>,
    /// Timers in the wheel, by id (so iteration is in registration order).
    pub timers: BTreeMap<TimerId, TimerView>,
    /// The wheel's time: where the driver last processed it to (its cursor).
    pub wheel_elapsed: Tick,
    /// Every channel, by id.
    pub channels: Vec<ChannelView>,
    /// Every socket, by id.
    pub sockets: Vec<SocketView>,
    /// The blocking pool.
    pub pool: PoolView,
    /// Diagnostics so far, with the sequence number of the event that raised each.
    pub diagnostics: Vec<EventRecord>,
    /// The last event applied (what caused the current state).
    pub last: Option<EventRecord>,
}

impl Snapshot {
    /// The state before any event.
    pub fn new() -> Snapshot {
        Snapshot::default()
    }

    /// The task with this id, if the trace has spawned it.
    pub fn task(&self, id: TaskId) -> Option<&TaskView> {
        self.tasks.get(id.index())
    }

    /// A task by name (the first one spawned with it).
    pub fn task_named(&self, name: &str) -> Option<&TaskView> {
        self.tasks.iter().find(|t| &*t.name == name)
    }

    /// Whether `task` is in a run queue (a worker's local queue or LIFO slot, or the inject
    /// queue) right now.
    pub fn in_a_queue(&self, task: TaskId) -> bool {
        self.inject.contains(&task)
            || self
                .workers
                .iter()
                .any(|w| w.lifo == Some(task) || w.local.contains(&task))
    }

    /// Whether `task` is about to be queued: the runtime has decided to (it was spawned, woken
    /// while idle, or woken during its own poll, which has ended) and its `enqueued` is still
    /// to come, so it is queued but in no queue.
    pub fn about_to_be_queued(&self, task: TaskId) -> bool {
        self.tasks
            .get(task.index())
            .is_some_and(|t| matches!(t.state, TaskState::Queued) && !t.blocking)
            && !self.in_a_queue(task)
            && !self.pool.queue.contains(&task)
    }

    /// Who can wake `task` now, as the Wakers panel says it.
    pub fn waker_status(&self, task: TaskId) -> WakerStatus {
        let Some(t) = self.tasks.get(task.index()) else {
            return WakerStatus::WithExecutor;
        };
        let woken_into_a_queue = matches!(
            self.last.as_ref().map(|r| &r.event),
            Some(Event::Woken { task: w, effect: WakeEffect::Queued(_), .. }) if *w == task
        );
        if !t.wakers.is_empty() {
            WakerStatus::Held
        } else if woken_into_a_queue {
            // Between a wake that queues an idle task and its `enqueued` the task is still
            // idle, and (woken by value) may hold no clone: not a lost wakeup.
            WakerStatus::BeingQueued
        } else if matches!(t.state, TaskState::Idle) {
            WakerStatus::Lost
        } else {
            WakerStatus::WithExecutor
        }
    }

    /// Tasks in a queue, front first.
    pub fn queue(&self, q: QueueRef) -> Vec<TaskId> {
        match q {
            QueueRef::Local(w) => self
                .workers
                .get(w.index())
                .map(|w| w.local.iter().copied().collect())
                .unwrap_or_default(),
            QueueRef::Lifo(w) => self
                .workers
                .get(w.index())
                .and_then(|w| w.lifo)
                .into_iter()
                .collect(),
            QueueRef::Inject => self.inject.iter().copied().collect(),
        }
    }

    /// Applies one event.
    pub fn apply(&mut self, rec: &EventRecord) {
        self.applied = rec.seq + 1;
        self.now = self.now.max(rec.at);
        self.names.learn(&rec.event);
        let at = rec.at;
        match &rec.event {
            e @ Event::RuntimeStarted { workers, .. } => {
                if let Some(settings) = RunSettings::from_event(e) {
                    self.settings = settings;
                }
                self.worker_mut(WorkerId(workers.saturating_sub(1)));
            }
            Event::Spawned {
                task,
                name,
                parent,
                size,
            } => {
                let view = TaskView {
                    name: name.clone(),
                    parent: *parent,
                    state: TaskState::Queued,
                    size: *size,
                    spawned_at: at,
                    since: at,
                    ..TaskView::blank(*task)
                };
                let i = task.index();
                if self.tasks.len() <= i {
                    self.tasks.resize_with(i + 1, || TaskView::blank(view.id));
                }
                self.tasks[i] = view;
            }
            Event::Enqueued { task, queue } => {
                self.remove_from_queues(*task);
                match *queue {
                    QueueRef::Local(w) => self.worker_mut(w).local.push_back(*task),
                    QueueRef::Lifo(w) => self.worker_mut(w).lifo = Some(*task),
                    QueueRef::Inject => self.inject.push_back(*task),
                }
                if let Some(t) = self.task_mut(*task) {
                    if matches!(t.state, TaskState::Idle) {
                        t.idle += at.saturating_sub(t.since);
                        t.since = at;
                    }
                    t.state = TaskState::Queued;
                    t.queued_at.get_or_insert(at);
                }
            }
            Event::PollStart {
                task,
                worker,
                from,
                addr,
            } => {
                self.take_from(*from, *task);
                let w = self.worker_mut(*worker);
                w.running = Some(*task);
                w.polls += 1;
                if let Some(t) = self.task_mut(*task) {
                    t.state = TaskState::Running { notified: false };
                    t.polls += 1;
                    t.addr = *addr;
                    t.worker = Some(*worker);
                    if let Some(queued) = t.queued_at.take() {
                        let wait = at.saturating_sub(queued);
                        t.max_wait = t.max_wait.max(wait);
                        t.total_wait += wait;
                    }
                }
            }
            Event::PollEnd {
                task,
                worker,
                outcome,
                duration,
                state,
            } => {
                // A thread that took this poll's worker over (`block_in_place`) is free again
                // once the poll returns Pending (Ready: at its `completed`, the next event): the
                // blocked thread returns to the pool, and the lab counts it as that one.
                if *outcome == PollOutcome::Pending {
                    self.pool.release(*task, at);
                }
                let w = self.worker_mut(*worker);
                // A future that returned Ready is still the worker's until its `completed` (or
                // `cancelled`), the next event: its worker is not idle in between. (A poll that
                // handed its worker on is no longer the worker's.)
                if *outcome == PollOutcome::Pending && w.running == Some(*task) {
                    w.running = None;
                }
                w.busy += duration;
                if let Some(t) = self.task_mut(*task) {
                    t.busy += duration;
                    t.longest_poll = t.longest_poll.max(*duration);
                    t.parked_at = *state;
                    t.since = at;
                    t.returned = *outcome == PollOutcome::Ready;
                    if *outcome == PollOutcome::Pending {
                        // As the runtime's state machine: woken during its poll, it is queued
                        // (its `enqueued` follows); otherwise it waits for a wake.
                        t.state = match t.state {
                            TaskState::Running { notified: true } => TaskState::Queued,
                            _ => TaskState::Idle,
                        };
                    }
                }
            }
            Event::WakerCloned {
                task,
                waker,
                holder,
            } => {
                if let Some(t) = self.task_mut(*task) {
                    t.wakers.push((*waker, *holder));
                }
            }
            Event::WakerDropped { task, waker } => {
                if let Some(t) = self.task_mut(*task) {
                    t.wakers.retain(|(w, _)| w != waker);
                }
            }
            Event::Woken {
                task,
                waker,
                by_ref,
                effect,
                source,
            } => {
                if let crate::trace::WakeSource::Defer(w) = source {
                    // The defer list is woken from its end.
                    let list = &mut self.worker_mut(*w).deferred;
                    if let Some(i) = list.iter().rposition(|t| t == task) {
                        list.remove(i);
                    }
                }
                if let Some(t) = self.task_mut(*task) {
                    if !*by_ref && let Some(id) = waker {
                        t.wakers.retain(|(w, _)| w != id);
                    }
                    t.wakes += 1;
                    match effect {
                        WakeEffect::Queued(_) => t.wakes_queued += 1,
                        WakeEffect::SelfWake => {
                            if *source == crate::trace::WakeSource::Task(*task) {
                                t.self_wakes += 1;
                            }
                            if let TaskState::Running { notified } = &mut t.state {
                                *notified = true;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::TimerRegistered {
                timer,
                task,
                deadline,
                level,
                slot,
            } => {
                let view = TimerView {
                    id: *timer,
                    task: *task,
                    deadline: *deadline,
                    level: *level,
                    slot: *slot,
                    cascades: 0,
                };
                self.timers.insert(*timer, view);
            }
            Event::TimerCascaded {
                timer,
                to_level,
                to_slot,
                ..
            } => {
                if let Some(t) = self.timers.get_mut(timer) {
                    t.level = *to_level;
                    t.slot = *to_slot;
                    t.cascades += 1;
                }
                // The driver is turning the wheel to now: a cascade happens at the new time, so
                // the picture shows it there, not at the previous turn's time.
                self.wheel_elapsed = self.wheel_elapsed.max(at);
            }
            Event::TimerFired { timer, .. } => {
                self.timers.remove(timer);
                self.wheel_elapsed = self.wheel_elapsed.max(at);
            }
            Event::TimerCancelled { timer } => {
                self.timers.remove(timer);
            }
            Event::DriverTurned { .. } => self.wheel_elapsed = at,
            Event::ClockAdvanced { .. } => {}
            Event::SocketCreated { socket, name } => {
                let view = SocketView {
                    name: name.clone(),
                    delivered: 0,
                    registered: None,
                };
                set_at(&mut self.sockets, socket.index(), view);
            }
            Event::IoRegistered { socket, task } => {
                if let Some(s) = self.sockets.get_mut(socket.index()) {
                    s.registered = *task;
                    s.delivered = 0;
                }
            }
            Event::IoReady { socket, .. } => {
                if let Some(s) = self.sockets.get_mut(socket.index()) {
                    s.delivered += 1;
                    s.registered = None;
                }
            }
            Event::Completed { task } | Event::Cancelled { task } => {
                self.remove_from_queues(*task);
                self.pool.dequeue(*task);
                self.pool.release(*task, at);
                for w in &mut self.workers {
                    if w.running == Some(*task) {
                        w.running = None;
                    }
                }
                let done = matches!(rec.event, Event::Completed { .. });
                if let Some(t) = self.task_mut(*task) {
                    t.state = if done {
                        TaskState::Done
                    } else {
                        TaskState::Cancelled
                    };
                    t.finished_at = Some(at);
                }
            }
            Event::Stolen { from, to, count } => {
                let moved: Vec<TaskId> = {
                    let src = &mut self.worker_mut(*from).local;
                    let n = (*count as usize).min(src.len());
                    src.drain(..n).collect()
                };
                self.worker_mut(*to).local.extend(moved);
            }
            Event::Overflow { worker, count } => {
                let moved: Vec<TaskId> = {
                    let src = &mut self.worker_mut(*worker).local;
                    let keep = src.len().saturating_sub(*count as usize);
                    src.drain(keep..).collect()
                };
                self.inject.extend(moved);
            }
            Event::Deferred {
                task,
                worker,
                duplicate,
            } => {
                if !*duplicate {
                    self.worker_mut(*worker).deferred.push(*task);
                }
            }
            Event::Aborted { task } => {
                if let Some(t) = self.task_mut(*task) {
                    t.aborted = true;
                }
            }
            Event::ChannelCreated {
                channel,
                name,
                capacity,
            } => {
                let view = ChannelView {
                    name: name.clone(),
                    capacity: *capacity,
                    len: 0,
                    closed: false,
                };
                set_at(&mut self.channels, channel.index(), view);
            }
            Event::ChannelClosed { channel } => {
                if let Some(c) = self.channel_mut(*channel) {
                    c.closed = true;
                }
            }
            Event::Sent { channel, len, .. } | Event::Received { channel, len, .. } => {
                if let Some(c) = self.channel_mut(*channel) {
                    c.len = *len;
                }
            }
            Event::LongPoll { .. }
            | Event::LostWaker { .. }
            | Event::SelfWakeStorm { .. }
            | Event::Stalled { .. }
            | Event::LimitReached { .. }
            | Event::Fault { .. } => self.diagnostics.push(rec.clone()),
            Event::Locals { task, text } => {
                if let Some(t) = self.task_mut(*task) {
                    t.locals = Some(text.clone());
                }
            }
            Event::BlockingQueued { task, cap } => {
                self.pool.cap = *cap;
                self.pool.queue.push_back(*task);
                self.pool.queued_at.insert(*task, at);
                if let Some(t) = self.task_mut(*task) {
                    t.blocking = true;
                }
            }
            Event::BlockingStarted { task, thread, .. } => {
                self.pool.dequeue(*task);
                self.pool.set(*thread, PoolThreadView::Blocking(*task), at);
                if let Some(t) = self.task_mut(*task) {
                    t.state = TaskState::Running { notified: false };
                    t.since = at;
                }
            }
            Event::BlockingFinished {
                task,
                thread,
                duration,
            } => {
                self.pool.set(*thread, PoolThreadView::Idle, at);
                if let Some(t) = self.task_mut(*task) {
                    t.busy += duration;
                    t.since = at;
                }
            }
            Event::BlockInPlace {
                task,
                worker,
                thread,
                cap,
            } => {
                self.pool.cap = *cap;
                self.pool.in_place.push(InPlaceView {
                    task: *task,
                    worker: *worker,
                    thread: *thread,
                    since: at,
                    ended: None,
                });
                if let Some(thread) = thread {
                    let view = PoolThreadView::Worker {
                        worker: *worker,
                        task: *task,
                    };
                    self.pool.set(*thread, view, at);
                    // The worker goes on with its other tasks; this poll goes on beside it.
                    let w = self.worker_mut(*worker);
                    if w.running == Some(*task) {
                        w.running = None;
                    }
                }
            }
            Event::BlockInPlaceEnded { task, .. } => {
                for b in &mut self.pool.in_place {
                    if b.task == *task && b.ended.is_none() {
                        b.ended = Some(at);
                    }
                }
            }
            Event::BudgetExhausted { .. }
            | Event::DeferredWoken { .. }
            | Event::Label { .. }
            | Event::Print { .. } => {}
        }
        self.last = Some(rec.clone());
    }

    fn task_mut(&mut self, id: TaskId) -> Option<&mut TaskView> {
        self.tasks.get_mut(id.index())
    }

    fn channel_mut(&mut self, id: ChannelId) -> Option<&mut ChannelView> {
        self.channels.get_mut(id.index())
    }

    /// A socket's view.
    pub fn socket(&self, id: SocketId) -> Option<&SocketView> {
        self.sockets.get(id.index())
    }

    fn worker_mut(&mut self, w: WorkerId) -> &mut WorkerView {
        if self.workers.len() <= w.index() {
            self.workers.resize_with(w.index() + 1, WorkerView::default);
        }
        &mut self.workers[w.index()]
    }

    fn take_from(&mut self, q: QueueRef, task: TaskId) {
        match q {
            QueueRef::Local(w) => {
                let local = &mut self.worker_mut(w).local;
                if let Some(i) = local.iter().position(|t| *t == task) {
                    local.remove(i);
                }
            }
            QueueRef::Lifo(w) => {
                let slot = &mut self.worker_mut(w).lifo;
                if *slot == Some(task) {
                    *slot = None;
                }
            }
            QueueRef::Inject => {
                if let Some(i) = self.inject.iter().position(|t| *t == task) {
                    self.inject.remove(i);
                }
            }
        }
    }

    fn remove_from_queues(&mut self, task: TaskId) {
        for w in &mut self.workers {
            if w.lifo == Some(task) {
                w.lifo = None;
            }
            if let Some(i) = w.local.iter().position(|t| *t == task) {
                w.local.remove(i);
            }
        }
        if let Some(i) = self.inject.iter().position(|t| *t == task) {
            self.inject.remove(i);
        }
    }
}

fn set_at<T: Clone>(v: &mut Vec<T>, index: usize, value: T) {
    if v.len() <= index {
        v.resize(index + 1, value.clone());
    }
    v[index] = value;
}

impl TaskView {
    /// A task about which nothing is known yet (also how an id whose `spawned` event is not
    /// in the trace, as in a trace cut short, is shown).
    fn blank(id: TaskId) -> TaskView {
        TaskView {
            id,
            name: Text::from("?"),
            parent: None,
            state: TaskState::Idle,
            size: 0,
            addr: 0,
            parked_at: None,
            wakers: Vec::new(),
            locals: None,
            spawned_at: 0,
            polls: 0,
            busy: 0,
            idle: 0,
            max_wait: 0,
            total_wait: 0,
            wakes_queued: 0,
            wakes: 0,
            self_wakes: 0,
            longest_poll: 0,
            since: 0,
            queued_at: None,
            finished_at: None,
            worker: None,
            aborted: false,
            blocking: false,
            returned: false,
        }
    }
}
