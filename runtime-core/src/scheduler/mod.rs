//! The scheduler: run queues, workers, and the executor loop.
//!
//! All mutable runtime state is in [`Core`], behind one `RefCell` in [`Shared`]. The rule that
//! keeps this sound and simple: **the `Core` borrow is never held while user code runs** (a
//! poll, a waker call, a destructor), because that code may call back into the runtime
//! (spawn, wake, register a timer). A violation panics with "already borrowed" in tests.
//!
//! * `run.rs`: the executor loop (which worker acts next, polling, turning the drivers, the
//!   end of a run).
//! * `wake.rs`: what waking, cloning and dropping a waker do.
//! * `spawn.rs`: spawning and aborting.
//! * `worker.rs`: a worker's queues and their ordering guarantees.
//! * `block_in_place.rs`: handing a worker on while its task blocks (the pool itself, and
//!   `spawn_blocking`, are in `crate::blocking`).
//!
//! The rules are Tokio 1.54's (the version in Cargo.lock): `current_thread` with one worker,
//! `multi_thread` with several. Where the lab differs, and why, is listed in the language's
//! LANGUAGE.md ("Where the lab differs from Tokio"), and a test runs the same programs on
//! Tokio and compares.

pub(crate) mod block_in_place;
mod run;
mod spawn;
mod wake;
pub(crate) mod worker;

pub use block_in_place::BlockInPlaceError;
pub use run::RunOutcome;

use crate::config::Config;
use crate::ids::{LabelId, TaskId, Tick, WorkerId};
use crate::io::Reactor;
use crate::remote::Inbox;
use crate::task::Task;
use crate::time::TimerDriver;
use crate::trace::{Event, Holder, Limit, QueueRef, Recorder, Text, TraceBuffer, WakeSource};
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::RefCell;
use spawn::Delayed;
use worker::{Entry, Worker};

/// What wakers, handles and the runtime share.
#[derive(Debug)]
pub struct Shared {
    /// Unique among runtimes created by this process (never 0), for routing wakers.
    pub(crate) id: u32,
    pub(crate) inbox: Arc<Inbox>,
    pub(crate) core: RefCell<Core>,
}

/// The poll in progress (or the blocking closure running on a pool thread).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Current {
    pub(crate) task: TaskId,
    pub(crate) worker: WorkerId,
    /// When the poll started (the clock then).
    pub(crate) origin: Tick,
    /// Virtual time spent in this poll so far (`work(d)`).
    pub(crate) work: Tick,
    /// Budget left in this poll (`None`: no budget).
    pub(crate) budget: Option<u32>,
    pub(crate) budget_reported: bool,
    /// The code runs on no worker: a blocking task's closure on a pool thread, or a poll
    /// whose worker `block_in_place` handed to another thread. A task it wakes or spawns goes
    /// to the inject queue (Tokio's `schedule` from a thread without a worker core), and
    /// `yield_now` has no worker's defer list to go to.
    pub(crate) off_worker: bool,
    /// The pool thread that took this poll's worker over (`block_in_place`): it counts
    /// against the pool's cap until the poll returns.
    pub(crate) handoff: Option<u32>,
    /// A `block_in_place` closure is running (see `block_in_place.rs`).
    pub(crate) block: Option<crate::scheduler::block_in_place::Section>,
    /// The code asked to go on once the work it has done has taken its time
    /// (`Handle::pause_in_place`): the poll is not over when the future returns.
    pub(crate) paused: bool,
}

impl Current {
    /// A poll of `task` on `worker` starting at `origin`, with `budget`.
    pub(crate) fn poll(
        task: TaskId,
        worker: WorkerId,
        budget: Option<u32>,
        origin: Tick,
    ) -> Current {
        Current {
            task,
            worker,
            origin,
            work: 0,
            budget,
            budget_reported: false,
            off_worker: false,
            handoff: None,
            block: None,
            paused: false,
        }
    }
}

/// The runtime's mutable state.
#[derive(Debug)]
pub(crate) struct Core {
    pub(crate) config: Config,
    /// Global virtual time: the time of the latest scheduling decision.
    pub(crate) clock: Tick,
    pub(crate) trace: Recorder,
    pub(crate) tasks: Vec<Task>,
    /// Tasks spawned and not yet finished.
    pub(crate) live: u32,
    pub(crate) workers: Vec<Worker>,
    /// Whether some worker may be idle (`Worker::idle`), so that `push` need not look.
    pub(crate) any_idle: bool,
    pub(crate) inject: VecDeque<Entry>,
    pub(crate) current: Option<Current>,
    /// Set by a driver or a channel around the waker calls it makes, so each wake records its
    /// source. Unset means "the code of the running task" (or outside, between polls).
    pub(crate) wake_source: Option<WakeSource>,
    /// Set by a leaf future just before it clones a waker, so the clone records its holder.
    pub(crate) clone_holder: Option<Holder>,
    pub(crate) timers: TimerDriver,
    pub(crate) reactor: Reactor,
    /// The blocking pool (`spawn_blocking`, and the threads `block_in_place` hands workers to).
    pub(crate) pool: crate::blocking::Pool,
    pub(crate) delayed: Vec<Delayed>,
    /// The worker turning the drivers right now: the tasks they wake go to its queues.
    pub(crate) driving: Option<WorkerId>,
    /// Wakes from outside, applied at driver turns (the same inbox the wakers hold).
    pub(crate) inbox: Arc<Inbox>,
    next_label: u32,
    /// The tasks' waker headers (see `waker::Headers`).
    pub(crate) headers: crate::waker::Headers,
    /// Waker clone nodes for reuse (see `waker::NodePool`).
    pub(crate) nodes: crate::waker::NodePool,
    /// Task names, interned (see `spawn::Names`).
    pub(crate) names: spawn::Names,
    /// Channel names, indexed by `ChannelId`.
    pub(crate) channels: Vec<Text>,
    /// A limit stopped the run.
    pub(crate) stopped: Option<Limit>,
    /// The program recorded a fault: the run stops at the next decision.
    pub(crate) faulted: bool,
    /// The run has ended (finished, stalled or stopped) and its end was recorded.
    pub(crate) ended: Option<RunOutcome>,
}

impl Core {
    /// `buffer`: memory to record the trace into (see `Runtime::with_trace_buffer`); an empty
    /// one for fresh memory.
    pub(crate) fn new(config: Config, inbox: Arc<Inbox>, buffer: TraceBuffer) -> Self {
        let workers = (0..config.workers)
            .map(|w| {
                let id = WorkerId(u32::from(w));
                Worker::new(
                    id,
                    config.local_queue_capacity,
                    config.lifo_slot,
                    config.seed,
                )
            })
            .collect();
        let trace = match (config.trace, buffer.capacity_bytes()) {
            (true, 0) => Recorder::new(config.trace_capacity),
            (true, _) => Recorder::with_buffer(config.trace_capacity, buffer),
            // Kept (unused) so that it can be handed back.
            (false, _) => Recorder::disabled_with(buffer),
        };
        let mut core = Core {
            timers: TimerDriver::new(config.wheel),
            reactor: Reactor::default(),
            pool: crate::blocking::Pool::new(config.max_blocking_threads),
            config,
            clock: 0,
            trace,
            tasks: Vec::new(),
            live: 0,
            workers,
            any_idle: false,
            inject: VecDeque::new(),
            current: None,
            wake_source: None,
            clone_holder: None,
            delayed: Vec::new(),
            driving: None,
            inbox,
            next_label: 0,
            names: spawn::Names::default(),
            nodes: crate::waker::NodePool::default(),
            headers: crate::waker::Headers::default(),
            channels: Vec::new(),
            stopped: None,
            faulted: false,
            ended: None,
        };
        let started = Event::runtime_started(&core.config);
        core.record(started);
        core
    }

    /// Virtual time now: the clock, or in a poll, its start plus the work done so far in it.
    #[inline]
    pub(crate) fn now(&self) -> Tick {
        self.current.map_or(self.clock, |c| c.origin + c.work)
    }

    /// Records an event at the current time and enforces the event limit.
    #[inline(always)]
    pub(crate) fn record(&mut self, event: Event) {
        if self.trace.keeps() {
            let at = self.now();
            self.trace.push(at, event);
        } else {
            if event.owns_text() {
                drop(event);
            } else {
                // It owns nothing, so forgetting it is dropping it, minus a call to the
                // generic drop glue (inlined here, the variant is known and this folds away).
                core::mem::forget(event);
            }
            self.trace.skip();
        }
    }

    /// As [`Core::record`], but the event is only built if the recorder keeps it (trace off
    /// or full: it is only counted), so an event with text clones or converts nothing in vain.
    #[inline(always)]
    pub(crate) fn record_with(&mut self, make: impl FnOnce(&Self) -> Event) {
        if self.trace.keeps() {
            let event = make(self);
            let at = self.now();
            self.trace.push(at, event);
        } else {
            self.trace.skip();
        }
    }

    /// The limit that has stopped the run, if any. The event limit is noticed here, when the
    /// run next decides, rather than at every event recorded (the drivers record into the
    /// trace directly): it was reached by the events recorded so far either way.
    pub(crate) fn limit(&mut self) -> Option<Limit> {
        if self.trace.total() >= self.config.limits.max_events {
            self.stop(Limit::Events);
        }
        self.stopped
    }

    /// Stops the run for `limit`, unless a limit has stopped it already (the event limit
    /// first: it was reached by events recorded before this).
    pub(crate) fn stop(&mut self, limit: Limit) {
        if self.stopped.is_none() {
            self.stopped = Some(if self.trace.total() >= self.config.limits.max_events {
                Limit::Events
            } else {
                limit
            });
        }
    }

    /// Every waker still held by the timer wheel and the reactor (at teardown), in the order
    /// they are to be dropped (`Shared::drop_timer_waker`).
    pub(crate) fn take_wakers(&mut self) -> Vec<crate::time::TimerWaker> {
        let mut wakers: Vec<_> = self.timers.take_wakers().collect();
        wakers.extend(
            self.reactor
                .take_wakers()
                .map(crate::time::TimerWaker::Other),
        );
        wakers
    }

    pub(crate) fn task(&self, id: TaskId) -> &Task {
        &self.tasks[id.index()]
    }

    pub(crate) fn task_mut(&mut self, id: TaskId) -> &mut Task {
        &mut self.tasks[id.index()]
    }

    pub(crate) fn task_name(&self, id: TaskId) -> Text {
        self.tasks
            .get(id.index())
            .map_or_else(|| Text::from("?"), |t| t.name.clone())
    }

    pub(crate) fn new_label(&mut self, text: Text) -> LabelId {
        let label = LabelId(self.next_label);
        self.next_label += 1;
        self.record_with(|_| Event::Label { label, text });
        label
    }

    pub(crate) fn channel_name(&self, id: crate::ids::ChannelId) -> Text {
        self.channels
            .get(id.index())
            .cloned()
            .unwrap_or_else(|| Text::from("?"))
    }

    /// Where a task that becomes runnable now goes (see `worker.rs` for the rules): to the
    /// queues of the worker it is woken on (the one polling, or the one turning the drivers):
    /// its LIFO slot when that is on, unless the task `yielded` (woke itself); else the back
    /// of its local queue. Wakes from outside any worker (another thread, a spawn before the
    /// run) go to the inject queue with several workers, as in Tokio; with one worker the
    /// lab's top-level spawns and delayed starts go to its local queue, as `tokio::spawn` on
    /// the thread running `block_on` does.
    pub(crate) fn placement(&self, yielded: bool) -> QueueRef {
        if self.current.is_some_and(|c| c.off_worker) {
            // A blocking-pool thread, or one whose worker went to another thread: Tokio's
            // `schedule` finds no worker core there and pushes to the inject queue.
            return QueueRef::Inject;
        }
        let on = self.current.map(|c| c.worker).or(self.driving);
        match on {
            Some(w)
                if !yielded && self.config.lifo_slot && self.workers[w.index()].lifo_enabled =>
            {
                QueueRef::Lifo(w)
            }
            Some(w) => QueueRef::Local(w),
            None if self.workers.len() == 1 => QueueRef::Local(WorkerId(0)),
            None => QueueRef::Inject,
        }
    }

    /// Puts `task` in `queue` and records it (and any overflow or LIFO displacement).
    pub(crate) fn push(&mut self, task: TaskId, queue: QueueRef) {
        self.push_at(task, queue, self.now());
    }

    /// [`Core::push`], for a task that may be taken only from `ready_at` on.
    pub(crate) fn push_at(&mut self, task: TaskId, queue: QueueRef, ready_at: Tick) {
        let entry = Entry { task, ready_at };
        match queue {
            QueueRef::Inject => {
                self.inject.push_back(entry);
                self.record(Event::Enqueued { task, queue });
            }
            QueueRef::Lifo(w) => {
                let displaced = self.workers[w.index()].lifo.replace(entry);
                self.record(Event::Enqueued { task, queue });
                if let Some(prev) = displaced {
                    self.push_local(w, prev.task);
                }
            }
            QueueRef::Local(w) => self.push_local_at(w, task, ready_at),
        }
        // Work was enqueued: every idle worker wakes up.
        if self.any_idle {
            self.any_idle = false;
            for w in &mut self.workers {
                w.idle = false;
            }
        }
    }

    #[inline]
    fn push_local(&mut self, w: WorkerId, task: TaskId) {
        self.push_local_at(w, task, self.now());
    }

    #[inline]
    fn push_local_at(&mut self, w: WorkerId, task: TaskId, ready_at: Tick) {
        let capacity = self.config.local_queue_capacity as usize;
        if self.workers[w.index()].local.len() >= capacity && self.workers.len() > 1 {
            self.overflow(w, task);
            return;
        }
        let entry = Entry { task, ready_at };
        self.workers[w.index()].local.push_back(entry);
        self.record(Event::Enqueued {
            task,
            queue: QueueRef::Local(w),
        });
    }

    /// Tokio's `push_overflow` (1.52 and later): a full local queue moves its newest half to
    /// the inject queue in one batch, and `task`, the one being queued, goes after them.
    #[cold]
    fn overflow(&mut self, w: WorkerId, task: TaskId) {
        let local = &mut self.workers[w.index()].local;
        let count = self.config.local_queue_capacity as usize / 2;
        let keep = local.len() - count;
        let moved: Vec<Entry> = local.drain(keep..).collect();
        self.inject.extend(moved);
        self.record(Event::Overflow {
            worker: w,
            count: count as u32,
        });
        let entry = Entry {
            task,
            ready_at: self.now(),
        };
        self.inject.push_back(entry);
        self.record(Event::Enqueued {
            task,
            queue: QueueRef::Inject,
        });
    }
}
