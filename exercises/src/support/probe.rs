//! Watching an executor the learner wrote (exercise 5) from the outside.
//!
//! The learner's executor is not `runtime-core`, so it emits no trace of its own. The probe
//! wraps every task it is given and every waker those tasks see, and the executor's ready
//! queue is a [`ReadyQueue`] that reports each push. Together they record what the executor
//! did as `runtime-core` events (`spawned`, `enqueued`, `poll_start`, `poll_end`, `woken` with
//! its effect, `completed`), so the lab draws it like any other trace.
//!
//! The `woken` effect is what the rules say the wake should do, judged from what the probe
//! sees at that moment (running: `self_wake`; in the queue: `already_queued`; finished:
//! `task_finished`; otherwise `queued`). The checks then compare with what the executor did.
//!
//! Exercise 18 runs the executor inside a runtime of the learner's own: there the probe is
//! [`Probe::timed`] (every step is stamped with the machine's virtual clock), it also watches
//! the future given to `block_on` ([`Probe::outside`]: polled, but never in the ready queue),
//! and the machine's drivers record their own events into it ([`Probe::record`]), so the
//! whole run is one trace.

use super::machine::Clock;
use super::{TraceBuilder, fail};
use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::sync::Arc;
use alloc::task::Wake;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::trace::{Event, PollOutcome, QueueRef, Text, WakeEffect, WakeSource};
use runtime_core::{Config, EventRecord, TaskId, Tick, WorkerId};
use std::sync::{Mutex, MutexGuard};

/// The executor's ready queue: task ids, front first. Cloning shares the queue (every task's
/// waker holds a clone).
#[derive(Clone, Debug, Default)]
pub struct ReadyQueue {
    ids: Arc<Mutex<VecDeque<usize>>>,
    log: Option<Shared>,
}

impl ReadyQueue {
    /// An empty queue.
    pub fn new() -> ReadyQueue {
        ReadyQueue::default()
    }

    /// Adds `id` at the back.
    pub fn push_back(&self, id: usize) {
        lock(&self.ids).push_back(id);
        if let Some(log) = &self.log {
            lock(log).record(Step::Enqueued(id));
        }
    }

    /// Takes the id at the front.
    pub fn pop_front(&self) -> Option<usize> {
        lock(&self.ids).pop_front()
    }

    /// How many ids it holds.
    pub fn len(&self) -> usize {
        lock(&self.ids).len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many times `id` is in the queue (more than once is a bug).
    pub fn count(&self, id: usize) -> usize {
        lock(&self.ids).iter().filter(|&&i| i == id).count()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A check that failed while holding the lock poisons it; the data is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

type Shared = Arc<Mutex<Log>>;

#[derive(Clone, Debug)]
enum Step {
    Spawned(usize, String),
    Enqueued(usize),
    PollStart(usize),
    PollEnd(usize, bool),
    Woken {
        task: usize,
        by_ref: bool,
        /// The task running when the wake came, if any.
        source: Option<usize>,
        /// Otherwise the driver that was firing it, if the machine said so.
        driver: Option<WakeSource>,
        effect: WakeEffect,
    },
    Note(String),
    /// A line printed by the program (by the running task, if any).
    Print(Option<usize>, String),
    /// An event recorded by the machine's drivers (exercise 18): its index in the probe's
    /// list of them (events hold `Rc<str>` text, which the log, shared with wakers, cannot).
    Event(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    /// Spawned or woken since its last poll: it may be polled.
    Runnable,
    Running {
        woken: bool,
    },
    /// Returned Pending and not woken since.
    Idle,
    Done,
}

#[derive(Debug, Default)]
struct Log {
    /// Each step with the virtual time it happened at (0 without a clock).
    steps: Vec<(Tick, Step)>,
    tasks: Vec<(String, Seen)>,
    /// Probe id of each ready-queue id (the ids the executor hands out, in spawn order).
    by_queue: Vec<usize>,
    running: Option<usize>,
    /// The driver firing wakers now (set by the machine while it fires them).
    driver: Option<WakeSource>,
    /// Polls of tasks nobody woke.
    unwoken: Vec<String>,
    clock: Option<Clock>,
}

impl Log {
    fn record(&mut self, step: Step) {
        let at = self.clock.as_ref().map_or(0, Clock::now);
        self.steps.push((at, step));
    }
}

/// Records what an executor does with the tasks it is given.
#[derive(Clone, Debug)]
pub struct Probe {
    log: Shared,
    queue: ReadyQueue,
    /// Events recorded by the machine's drivers ([`Probe::record`]).
    events: Rc<RefCell<Vec<Event>>>,
}

impl Default for Probe {
    fn default() -> Self {
        Probe::new()
    }
}

impl Probe {
    /// A probe and its ready queue.
    pub fn new() -> Probe {
        let log: Shared = Arc::default();
        let queue = ReadyQueue {
            ids: Arc::default(),
            log: Some(log.clone()),
        };
        Probe {
            log,
            queue,
            events: Rc::default(),
        }
    }

    /// A probe whose steps are stamped with `clock`'s time.
    pub fn timed(clock: &Clock) -> Probe {
        let probe = Probe::new();
        lock(&probe.log).clock = Some(clock.clone());
        probe
    }

    /// The ready queue to give the executor.
    pub fn queue(&self) -> ReadyQueue {
        self.queue.clone()
    }

    /// Wraps `future` as the next task, named `name`, for the executor's ready queue (its
    /// ready-queue ids count from 0 in this order).
    pub fn task(&self, name: &str, future: impl Future<Output = ()> + 'static) -> ProbedTask {
        self.wrap(name, future, true)
    }

    /// Wraps `future` as a task that is polled but never goes through the ready queue: the
    /// future given to `block_on`.
    pub fn outside(&self, name: &str, future: impl Future<Output = ()> + 'static) -> ProbedTask {
        self.wrap(name, future, false)
    }

    fn wrap(
        &self,
        name: &str,
        future: impl Future<Output = ()> + 'static,
        queued: bool,
    ) -> ProbedTask {
        let mut log = lock(&self.log);
        let id = log.tasks.len();
        let queue_id = queued.then(|| {
            log.by_queue.push(id);
            log.by_queue.len() - 1
        });
        log.tasks.push((name.to_string(), Seen::Runnable));
        log.record(Step::Spawned(id, name.to_string()));
        ProbedTask {
            id,
            queue_id,
            inner: Box::pin(future),
            log: self.log.clone(),
            queue: self.queue.clone(),
        }
    }

    /// Records `event` (a driver's: a timer fired, the clock advanced, ...) at the clock's time.
    pub fn record(&self, event: Event) {
        let index = {
            let mut events = self.events.borrow_mut();
            events.push(event);
            events.len() - 1
        };
        lock(&self.log).record(Step::Event(index));
    }

    /// Records a line printed by the running task (or by nobody, outside any poll).
    pub fn print(&self, text: &str) {
        let mut log = lock(&self.log);
        let running = log.running;
        log.record(Step::Print(running, text.to_string()));
    }

    /// Says which driver is firing wakers now (`None` when it is done): the `woken` events of
    /// tasks woken outside any poll name it as their source.
    pub fn set_driver(&self, driver: Option<WakeSource>) {
        lock(&self.log).driver = driver;
    }

    /// The task being polled now, as the trace numbers it.
    pub fn running(&self) -> Option<TaskId> {
        lock(&self.log).running.map(|id| TaskId(id as u32))
    }

    /// The name of the task being polled now.
    pub fn running_name(&self) -> Option<String> {
        let log = lock(&self.log);
        log.running.map(|id| log.tasks[id].0.clone())
    }

    /// How many times each task was polled, by name, in the order they were made.
    pub fn poll_counts(&self) -> Vec<(String, usize)> {
        let log = lock(&self.log);
        let mut counts: Vec<(String, usize)> =
            log.tasks.iter().map(|(n, _)| (n.clone(), 0)).collect();
        for (_, s) in &log.steps {
            if let Step::PollStart(id) = s {
                counts[*id].1 += 1;
            }
        }
        counts
    }

    /// The name of every task that was woken and has not been polled since.
    pub fn runnable(&self) -> Vec<String> {
        lock(&self.log)
            .tasks
            .iter()
            .filter(|(_, s)| matches!(s, Seen::Runnable))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// The names of the tasks that have not completed.
    pub fn unfinished(&self) -> Vec<String> {
        lock(&self.log)
            .tasks
            .iter()
            .filter(|(_, s)| *s != Seen::Done)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// Records a note (shown as a `print` in the trace), such as "the check opens gate a".
    pub fn note(&self, text: &str) {
        lock(&self.log).record(Step::Note(text.to_string()));
    }

    /// The names of the tasks polled so far, in order.
    pub fn polled(&self) -> Vec<String> {
        let log = lock(&self.log);
        log.steps
            .iter()
            .filter_map(|(_, s)| match s {
                Step::PollStart(id) => Some(log.tasks[*id].0.clone()),
                _ => None,
            })
            .collect()
    }

    /// Polls of tasks that nobody had woken, described.
    pub fn unwoken_polls(&self) -> Vec<String> {
        lock(&self.log).unwoken.clone()
    }

    /// Whether the task has completed.
    pub fn done(&self, name: &str) -> bool {
        lock(&self.log)
            .tasks
            .iter()
            .any(|(n, s)| n == name && *s == Seen::Done)
    }

    /// What happened, as a trace.
    pub fn trace(&self) -> Vec<EventRecord> {
        let log = lock(&self.log);
        let mut b = TraceBuilder::new(&Config::default());
        let local = QueueRef::Local(WorkerId(0));
        for (at, step) in &log.steps {
            let at = *at;
            let event = match step {
                Step::Spawned(id, name) => Event::Spawned {
                    task: TaskId(*id as u32),
                    name: Text::from(name.as_str()),
                    parent: None,
                    size: 0,
                },
                Step::Enqueued(queue_id) => Event::Enqueued {
                    task: TaskId(log.by_queue.get(*queue_id).copied().unwrap_or(*queue_id) as u32),
                    queue: local,
                },
                Step::PollStart(id) => Event::PollStart {
                    task: TaskId(*id as u32),
                    worker: WorkerId(0),
                    from: local,
                    addr: 0,
                },
                Step::PollEnd(id, ready) => {
                    let task = TaskId(*id as u32);
                    let outcome = if *ready {
                        PollOutcome::Ready
                    } else {
                        PollOutcome::Pending
                    };
                    b.push(
                        at,
                        Event::PollEnd {
                            task,
                            worker: WorkerId(0),
                            outcome,
                            duration: 0,
                            state: None,
                        },
                    );
                    if *ready {
                        b.push(at, Event::Completed { task });
                    }
                    continue;
                }
                Step::Woken {
                    task,
                    by_ref,
                    source,
                    driver,
                    effect,
                } => Event::Woken {
                    task: TaskId(*task as u32),
                    waker: None,
                    by_ref: *by_ref,
                    source: source.map_or(driver.unwrap_or(WakeSource::Outside), |s| {
                        WakeSource::Task(TaskId(s as u32))
                    }),
                    effect: *effect,
                },
                Step::Note(text) => Event::Print {
                    task: None,
                    text: Text::from(text.as_str()),
                },
                Step::Print(task, text) => Event::Print {
                    task: task.map(|t| TaskId(t as u32)),
                    text: Text::from(text.as_str()),
                },
                Step::Event(index) => self.events.borrow()[*index].clone(),
            };
            b.push(at, event);
        }
        b.finish()
    }

    /// The trace as text lines.
    pub fn lines(&self) -> Vec<String> {
        super::trace_text(&self.trace())
    }

    /// The lines of the trace that mention task `name` (for messages).
    pub fn excerpt(&self, name: &str) -> String {
        let key = format!("task={name} ");
        let lines: Vec<String> = self
            .lines()
            .into_iter()
            .filter(|l| l.contains(&key) || l.ends_with(&format!("task={name}")))
            .collect();
        lines.join(" | ")
    }
}

/// A task as the probe sees it.
pub struct ProbedTask {
    id: usize,
    /// Its id in the ready queue (`None`: the `block_on` future, never queued).
    queue_id: Option<usize>,
    inner: Pin<Box<dyn Future<Output = ()>>>,
    log: Shared,
    queue: ReadyQueue,
}

impl core::fmt::Debug for ProbedTask {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ProbedTask({})", self.id)
    }
}

/// After this many polls of tasks nobody woke, the executor is spinning: stop the check.
const MAX_UNWOKEN: usize = 100;

impl Future for ProbedTask {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let id = self.id;
        {
            let mut log = lock(&self.log);
            let (name, seen) = log.tasks[id].clone();
            match seen {
                Seen::Done => {
                    drop(log);
                    fail(format!(
                        "the executor polled task `{name}` again after it had completed: once a \
                         task's future returns Ready, drop it (set its slot to None) and never \
                         poll it again."
                    ));
                }
                Seen::Idle => {
                    log.unwoken.push(format!("task `{name}`"));
                    if log.unwoken.len() > MAX_UNWOKEN {
                        drop(log);
                        fail(format!(
                            "the executor polled tasks that nobody had woken more than \
                             {MAX_UNWOKEN} times (task `{name}` returned Pending and was polled \
                             again without a wake): it spins. Poll a task only when its id \
                             comes out of the ready queue, and queue it only from its waker."
                        ));
                    }
                }
                Seen::Runnable | Seen::Running { .. } => {}
            }
            log.tasks[id].1 = Seen::Running { woken: false };
            log.running = Some(id);
            log.record(Step::PollStart(id));
        }
        let waker = Waker::from(Arc::new(ProbeWaker {
            id,
            queue_id: self.queue_id,
            inner: cx.waker().clone(),
            log: self.log.clone(),
            queue: self.queue.clone(),
        }));
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        let mut log = lock(&self.log);
        log.running = None;
        let woken = matches!(log.tasks[id].1, Seen::Running { woken: true });
        log.tasks[id].1 = match (result.is_ready(), woken) {
            (true, _) => Seen::Done,
            (false, true) => Seen::Runnable,
            (false, false) => Seen::Idle,
        };
        log.record(Step::PollEnd(id, result.is_ready()));
        result
    }
}

/// Wraps the executor's waker for a task: records each wake, then passes it on.
struct ProbeWaker {
    id: usize,
    queue_id: Option<usize>,
    inner: Waker,
    log: Shared,
    queue: ReadyQueue,
}

impl Wake for ProbeWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref_inner(false);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wake_by_ref_inner(true);
    }
}

impl ProbeWaker {
    fn wake_by_ref_inner(&self, by_ref: bool) {
        // The queue has its own lock: read it before taking the log's.
        let queued = self.queue_id.is_some_and(|q| self.queue.count(q) > 0);
        {
            let mut log = lock(&self.log);
            let source = log.running;
            let driver = log.driver;
            let seen = log.tasks[self.id].1;
            let effect = match seen {
                Seen::Running { .. } => WakeEffect::SelfWake,
                Seen::Done => WakeEffect::TaskFinished,
                _ if queued => WakeEffect::AlreadyQueued,
                _ => WakeEffect::Queued(QueueRef::Local(WorkerId(0))),
            };
            log.tasks[self.id].1 = match seen {
                Seen::Running { .. } => Seen::Running { woken: true },
                Seen::Done => Seen::Done,
                _ => Seen::Runnable,
            };
            log.record(Step::Woken {
                task: self.id,
                by_ref,
                source,
                driver,
                effect,
            });
        }
        self.inner.wake_by_ref();
    }
}
