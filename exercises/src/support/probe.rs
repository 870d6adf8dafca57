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

use super::{TraceBuilder, fail};
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::task::Wake;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::trace::{Event, PollOutcome, QueueRef, Text, WakeEffect, WakeSource};
use runtime_core::{Config, EventRecord, TaskId, WorkerId};
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
        source: Option<usize>,
        effect: WakeEffect,
    },
    Note(String),
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
    steps: Vec<Step>,
    tasks: Vec<(String, Seen)>,
    running: Option<usize>,
    /// Polls of tasks nobody woke.
    unwoken: Vec<String>,
}

impl Log {
    fn record(&mut self, step: Step) {
        self.steps.push(step);
    }
}

/// Records what an executor does with the tasks it is given.
#[derive(Debug)]
pub struct Probe {
    log: Shared,
    queue: ReadyQueue,
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
        Probe { log, queue }
    }

    /// The ready queue to give the executor.
    pub fn queue(&self) -> ReadyQueue {
        self.queue.clone()
    }

    /// Wraps `future` as the next task, named `name` (ids count from 0 in this order).
    pub fn task(&self, name: &str, future: impl Future<Output = ()> + 'static) -> ProbedTask {
        let mut log = lock(&self.log);
        let id = log.tasks.len();
        log.tasks.push((name.to_string(), Seen::Runnable));
        log.record(Step::Spawned(id, name.to_string()));
        ProbedTask {
            id,
            inner: Box::pin(future),
            log: self.log.clone(),
            queue: self.queue.clone(),
        }
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
            .filter_map(|s| match s {
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
        for step in &log.steps {
            let event = match step {
                Step::Spawned(id, name) => Event::Spawned {
                    task: TaskId(*id as u32),
                    name: Text::from(name.as_str()),
                    parent: None,
                    size: 0,
                },
                Step::Enqueued(id) => Event::Enqueued {
                    task: TaskId(*id as u32),
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
                        0,
                        Event::PollEnd {
                            task,
                            worker: WorkerId(0),
                            outcome,
                            duration: 0,
                            state: None,
                        },
                    );
                    if *ready {
                        b.push(0, Event::Completed { task });
                    }
                    continue;
                }
                Step::Woken {
                    task,
                    by_ref,
                    source,
                    effect,
                } => Event::Woken {
                    task: TaskId(*task as u32),
                    waker: None,
                    by_ref: *by_ref,
                    source: source
                        .map_or(WakeSource::Outside, |s| WakeSource::Task(TaskId(s as u32))),
                    effect: *effect,
                },
                Step::Note(text) => Event::Print {
                    task: None,
                    text: Text::from(text.as_str()),
                },
            };
            b.push(0, event);
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
        let queued = self.queue.count(self.id) > 0;
        {
            let mut log = lock(&self.log);
            let source = log.running;
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
                effect,
            });
        }
        self.inner.wake_by_ref();
    }
}
