//! The blocking pool: threads beside the workers, for code that blocks (`spawn_blocking`), and
//! for the workers `block_in_place` hands on.
//!
//! The rules are Tokio 1.54's (`runtime/blocking/pool.rs`, `Spawner::spawn_task` and
//! `LockedImpl::run_worker`; `task/blocking.rs` for the API):
//!
//! * `spawn_blocking` pushes the task on the pool's queue, then an idle thread takes it; with
//!   no idle thread the pool spawns one, unless it already has `max_blocking_threads` (512 by
//!   default, [`crate::Config::max_blocking_threads`]): then the task waits in the queue,
//!   first in first out, until a thread finishes what it runs. Threads are spawned lazily and
//!   never counted against the workers.
//! * A pool thread runs its task to the end; nothing interrupts a thread. So `abort()` on the
//!   `JoinHandle` of a blocking task that has started does nothing: the task completes and the
//!   handle gives its output. A task still waiting in the queue is marked cancelled, and the
//!   thread that takes it drops it instead of running it (Tokio's `transition_to_running`
//!   finds the `CANCELLED` bit set by `transition_to_notified_and_cancel`).
//! * The work a blocking task does (`work(d)` in its closure) is time on its pool thread: it
//!   holds no worker, so the workers go on polling their tasks meanwhile.
//! * When the task is done, its `JoinHandle`'s waiter is woken from the pool thread: from
//!   outside every worker, so it goes to the inject queue.
//!
//! In the lab a thread takes a task the moment it is free (Tokio's idle thread is notified and
//! takes it a little later), so a blocking task spawned while a thread is free has started
//! before anything else happens, and only a task waiting in the queue can still be cancelled.
//! Tokio also lets an idle thread exit after 10 s (`thread_keep_alive`); the lab keeps its idle
//! threads, which changes nothing about when work starts (an idle thread, or room to spawn
//! one, is the same to a task).
//!
//! The pool's threads are simulated as the workers are: in virtual time, one step at a time. A
//! thread that takes a task runs its closure at once (one step, as a poll is), then stays busy
//! until the time the closure spent has passed; the pool's steps are taken in time order with
//! the workers' (`scheduler/run.rs`, `Core::decide`).

mod task;

pub(crate) use task::BlockingTask;

use crate::ids::{TaskId, Tick, WorkerId};
use crate::scheduler::{Core, Current, Shared};
use crate::task::TaskRef;
use crate::trace::Event;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::task::{Context, Waker};

/// What one pool thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Thread {
    /// Waiting for work.
    Idle,
    /// Took `task` at `at`; its closure runs at the pool's next step.
    Starting { task: TaskId, at: Tick },
    /// Has run `task`'s closure since `since` and is busy until `until`, when the pool polls
    /// it again (the closure's next stretch of work, or the end).
    Running {
        task: TaskId,
        since: Tick,
        until: Tick,
    },
    /// Runs `worker`'s queues while `task`, which called `block_in_place`, blocks the thread
    /// the worker was on; free again when that task's poll returns. `resume`: the poll is
    /// paused after some work (`Handle::pause_in_place`), to go on at that time, where it was.
    Core {
        worker: WorkerId,
        task: TaskId,
        resume: Option<(Tick, Current)>,
    },
}

/// The pool's threads and queue.
#[derive(Debug)]
pub(crate) struct Pool {
    /// The most threads (`Config::max_blocking_threads`).
    pub(crate) cap: u32,
    /// Every thread spawned so far, by number.
    pub(crate) threads: Vec<Thread>,
    /// Blocking tasks waiting for a thread, front first.
    pub(crate) queue: VecDeque<TaskId>,
    /// Threads `Starting` or `Running`: the ones with a time at which they act.
    timed: u32,
}

impl Pool {
    pub(crate) fn new(cap: u32) -> Pool {
        Pool {
            cap,
            threads: Vec::new(),
            queue: VecDeque::new(),
            timed: 0,
        }
    }

    /// A thread for new work: the first idle one, or a new one while there are fewer than
    /// `cap` (`true`: spawned now). `None`: every thread is busy and the pool is full.
    pub(crate) fn free_thread(&mut self) -> Option<(u32, bool)> {
        if let Some(i) = self.threads.iter().position(|t| *t == Thread::Idle) {
            return Some((i as u32, false));
        }
        if (self.threads.len() as u64) < u64::from(self.cap) {
            self.threads.push(Thread::Idle);
            return Some((self.threads.len() as u32 - 1, true));
        }
        None
    }

    /// Sets what `thread` does, keeping count of the timed ones.
    pub(crate) fn set(&mut self, thread: u32, to: Thread) {
        let slot = &mut self.threads[thread as usize];
        let timed = |t: &Thread| {
            matches!(
                t,
                Thread::Starting { .. }
                    | Thread::Running { .. }
                    | Thread::Core {
                        resume: Some(_),
                        ..
                    }
            )
        };
        self.timed = self.timed + u32::from(timed(&to)) - u32::from(timed(slot));
        *slot = to;
    }

    /// The pool's next step: the earliest thread to start a closure or to finish one, and
    /// when (ties: the lowest thread).
    #[inline]
    pub(crate) fn next_step(&self) -> Option<(Tick, u32)> {
        if self.timed == 0 {
            return None;
        }
        self.threads
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match *t {
                Thread::Starting { at, .. } => Some((at, i as u32)),
                Thread::Running { until, .. } => Some((until, i as u32)),
                Thread::Core {
                    resume: Some((at, _)),
                    ..
                } => Some((at, i as u32)),
                _ => None,
            })
            .min()
    }
}

impl Thread {
    /// The task the thread runs, or blocks in place (`None`: idle).
    pub(crate) fn task(self) -> Option<TaskId> {
        match self {
            Thread::Idle => None,
            Thread::Starting { task, .. }
            | Thread::Running { task, .. }
            | Thread::Core { task, .. } => Some(task),
        }
    }
}

impl Shared {
    /// Creates a blocking task for `future` (a [`BlockingTask`]) and hands it to the pool.
    /// Past the task limit the run stops and the future is handed back, as for any spawn.
    pub(crate) fn spawn_blocking_boxed(
        &self,
        name: &str,
        future: TaskRef,
        size: u32,
    ) -> Result<TaskId, TaskRef> {
        let mut core = self.core.borrow_mut();
        let task = self.new_task(&mut core, name, future)?;
        let parent = core.current.map(|c| c.task);
        core.record_spawned(task, parent, size);
        let cap = core.pool.cap;
        core.record(Event::BlockingQueued { task, cap });
        match core.pool.free_thread() {
            Some((thread, spawned)) => core.start_blocking(thread, task, spawned),
            None => core.pool.queue.push_back(task),
        }
        Ok(task)
    }

    /// The pool's step on `thread`: it polls the blocking task it runs (see [`BlockingTask`]),
    /// which runs the closure's next stretch of work, or, once the closure has returned and its
    /// work has taken its time, finishes the task.
    pub(crate) fn pool_step(&self, thread: u32) {
        let mut core = self.core.borrow_mut();
        let (task, since) = match core.pool.threads[thread as usize] {
            Thread::Starting { task, .. } => (task, core.clock),
            Thread::Running { task, since, .. } => (task, since),
            Thread::Core {
                worker,
                task,
                resume: Some((_, paused)),
            } => {
                // The poll that blocks in place goes on where it paused.
                core.pool.set(
                    thread,
                    Thread::Core {
                        worker,
                        task,
                        resume: None,
                    },
                );
                let slot = core.task_mut(task);
                let Some(future) = slot.future.take() else {
                    return;
                };
                let header = slot.header;
                core.current = Some(Current {
                    paused: false,
                    ..paused
                });
                drop(core);
                self.poll(paused.worker, task, future, header);
                return;
            }
            Thread::Idle | Thread::Core { .. } => return,
        };
        let Some(future) = core.task_mut(task).future.take() else {
            core.pool.set(thread, Thread::Idle);
            return;
        };
        // The closure runs on no worker, with no budget (Tokio's `BlockingTask` calls
        // `coop::stop` first); `work(d)` in it is time on this thread. When it is done, its
        // `JoinHandle`'s waiter is woken from here, outside every worker: the inject queue.
        let mut cur = Current::poll(task, crate::WorkerId(0), None, core.clock);
        cur.off_worker = true;
        core.current = Some(cur);
        drop(core);
        let (future, done) = poll_once(future);
        let mut core = self.core.borrow_mut();
        let work = core.current.map_or(0, |c| c.work);
        core.current = None;
        if !done {
            core.task_mut(task).future = Some(future);
            let until = core.clock + work;
            core.pool
                .set(thread, Thread::Running { task, since, until });
            return;
        }
        let duration = core.clock - since;
        core.record(Event::BlockingFinished {
            task,
            thread,
            duration,
        });
        core.pool.set(thread, Thread::Idle);
        let slot = core.task_mut(task);
        let aborted = slot.abort_requested;
        // Ready beats a late abort: a running blocking task cannot be stopped.
        let _ = slot.state.end_poll(true, aborted);
        core.live -= 1;
        core.record(Event::Completed { task });
        drop(core);
        drop(future);
        self.next_blocking(thread);
    }

    /// `thread` is free: it takes the next task waiting in the pool's queue. A task aborted
    /// while it waited is dropped instead of run (`cancelled`), and the thread takes the next.
    pub(crate) fn next_blocking(&self, thread: u32) {
        loop {
            let mut core = self.core.borrow_mut();
            let Some(task) = core.pool.queue.pop_front() else {
                return;
            };
            if !core.task(task).abort_requested {
                core.start_blocking(thread, task, false);
                return;
            }
            let slot = core.task_mut(task);
            slot.state.cancel_queued();
            let future = slot.future.take();
            core.live -= 1;
            core.record(Event::Cancelled { task });
            // Dropped outside the borrow, by the pool thread on behalf of the task: its
            // `JoinHandle`'s waiter is woken (cancelled), from outside every worker.
            let mut cur = Current::poll(task, crate::WorkerId(0), None, core.clock);
            cur.off_worker = true;
            let previous = core.current.replace(cur);
            drop(core);
            drop(future);
            self.core.borrow_mut().current = previous;
        }
    }
}

impl Core {
    /// `thread` takes `task`: it has started (abort can no longer stop it), and its closure
    /// runs at the pool's next step.
    pub(crate) fn start_blocking(&mut self, thread: u32, task: TaskId, spawned: bool) {
        self.record(Event::BlockingStarted {
            task,
            thread,
            spawned,
        });
        self.task_mut(task).state.start_poll();
        let at = self.now();
        self.pool.set(thread, Thread::Starting { task, at });
    }
}

/// Polls a blocking task's future once, with a waker that does nothing: a `BlockingTask`
/// never waits for a wake (the pool knows when to poll it again). `true`: it is done.
fn poll_once(mut future: TaskRef) -> (TaskRef, bool) {
    let mut cx = Context::from_waker(Waker::noop());
    let (result, _) = future.poll(&mut cx);
    (future, result.is_ready())
}
