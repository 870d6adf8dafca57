//! `Handle`: how futures and programs reach the runtime (spawn, time, leaf futures).
//!
//! Tokio finds its runtime through a thread-local context; this runtime is `no_std`, so the
//! handle is passed explicitly. It is a cheap `Rc` clone and, like the tasks it serves, stays
//! on one thread.

use crate::config::Config;
use crate::ids::{LabelId, TaskId, Tick};
use crate::scheduler::BlockInPlaceError;
use crate::scheduler::Current;
use crate::scheduler::Shared;
use crate::task::{JoinHandle, Labeled, TaskCell};
use crate::trace::{Event, Holder, Text};
use alloc::rc::Rc;
use core::fmt;
use core::future::Future;
use core::task::{Context, Poll, Waker};

/// A handle to a runtime. Clone it into the futures that need it.
#[derive(Clone)]
pub struct Handle {
    pub(crate) shared: Rc<Shared>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("runtime", &self.shared.id)
            .finish_non_exhaustive()
    }
}

/// A spawn the runtime refused: the program reached its task limit (`Limits::max_tasks`),
/// so the run stops, as at any limit, and the trace records `limit_reached`. Tokio has no task
/// limit; the lab has one so a runaway program ends with a message instead of exhausting the
/// browser's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpawnError {
    /// The limit that was reached.
    pub max_tasks: u32,
}

impl fmt::Display for SpawnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the task limit ({}) was reached", self.max_tasks)
    }
}

impl Handle {
    /// Spawns a task that starts now. Spawning from inside a task puts the new task in the
    /// spawning worker's queue (or LIFO slot); from outside, in the first worker's queue (one
    /// worker) or the inject queue (several).
    ///
    /// # Panics
    ///
    /// Past the task limit (see [`SpawnError`]; by default there is none), as `tokio::spawn`
    /// panics outside a runtime. [`Handle::try_spawn`] returns the error instead.
    pub fn spawn<F>(&self, name: &str, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
    {
        self.try_spawn(name, future)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Spawns a task that starts now, or says why it could not.
    pub fn try_spawn<F>(&self, name: &str, future: F) -> Result<JoinHandle<F::Output>, SpawnError>
    where
        F: Future + 'static,
    {
        self.spawn_inner(name, future, None, None, None)
    }

    /// Spawns a future that reports its state for the Pin / state-machine view.
    ///
    /// # Panics
    ///
    /// Past the task limit, as [`Handle::spawn`].
    pub fn spawn_labeled<F>(&self, name: &str, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Labeled + 'static,
    {
        self.try_spawn_labeled(name, future)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Spawns a labeled future, or says why it could not.
    pub fn try_spawn_labeled<F>(
        &self,
        name: &str,
        future: F,
    ) -> Result<JoinHandle<F::Output>, SpawnError>
    where
        F: Future + Labeled + 'static,
    {
        let size = future.future_size();
        self.spawn_inner(name, future, Some(|f| f.state_label()), None, Some(size))
    }

    /// Spawns a labeled task that starts at virtual time `at` (`task boss @ 5ms`), or says why
    /// it could not.
    pub fn try_spawn_labeled_at<F>(
        &self,
        name: &str,
        at: Tick,
        future: F,
    ) -> Result<JoinHandle<F::Output>, SpawnError>
    where
        F: Future + Labeled + 'static,
    {
        let size = future.future_size();
        self.spawn_inner(
            name,
            future,
            Some(|f| f.state_label()),
            Some(at),
            Some(size),
        )
    }

    fn spawn_inner<F>(
        &self,
        name: &str,
        future: F,
        label: Option<fn(&F) -> Option<LabelId>>,
        start: Option<Tick>,
        size: Option<u32>,
    ) -> Result<JoinHandle<F::Output>, SpawnError>
    where
        F: Future + 'static,
    {
        let size =
            size.unwrap_or_else(|| u32::try_from(core::mem::size_of::<F>()).unwrap_or(u32::MAX));
        let (task, cell) = TaskCell::spawn(future, label);
        match self.shared.spawn_boxed(name, task, size, start) {
            Ok(task) => Ok(JoinHandle::new(task, cell, self.clone())),
            Err(refused) => Err(self.refuse(refused, cell)),
        }
    }

    /// The error for a spawn the runtime refused, after dropping what was made for it inside the
    /// runtime's context: the future may hold wakers or timers.
    fn refuse<C>(&self, refused: crate::task::TaskRef, cell: C) -> SpawnError {
        let _enter = crate::waker::enter(&self.shared);
        drop(refused);
        drop(cell);
        SpawnError {
            max_tasks: self.shared.core.borrow().config.limits.max_tasks,
        }
    }

    /// Runs `f` on a thread of the blocking pool (Tokio's `spawn_blocking`): at once on an
    /// idle thread or a new one, or, with `Config::max_blocking_threads` threads busy, once one
    /// is free. `work(d)` inside `f` is time on that thread and holds no worker. Aborting the
    /// handle stops the task only while it waits for a thread; once started it runs to its end
    /// (see the `blocking` module). The task is named `name` in the trace.
    ///
    /// # Panics
    ///
    /// Past the task limit, as [`Handle::spawn`].
    pub fn spawn_blocking<F, R>(&self, name: &str, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + 'static,
        R: 'static,
    {
        self.try_spawn_blocking(name, f)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Handle::spawn_blocking`], or why it could not.
    pub fn try_spawn_blocking<F, R>(&self, name: &str, f: F) -> Result<JoinHandle<R>, SpawnError>
    where
        F: FnOnce() -> R + 'static,
        R: 'static,
    {
        let size = u32::try_from(core::mem::size_of::<F>()).unwrap_or(u32::MAX);
        self.try_spawn_blocking_sized(name, size, f)
    }

    /// [`Handle::try_spawn_blocking`], reporting `size` as the closure's size in the trace (an
    /// interpreter reports the size of the closure it stands for, the same on every target).
    pub fn try_spawn_blocking_sized<F, R>(
        &self,
        name: &str,
        size: u32,
        f: F,
    ) -> Result<JoinHandle<R>, SpawnError>
    where
        F: FnOnce() -> R + 'static,
        R: 'static,
    {
        let mut f = Some(f);
        self.try_spawn_blocking_stepped(name, size, move || match f.take() {
            Some(f) => core::task::Poll::Ready(f()),
            None => core::task::Poll::Pending,
        })
    }

    /// A blocking task whose closure runs in steps, for an interpreter that runs blocking code
    /// itself: each call of `step` runs until it has done some work (`work(d)`) and returns
    /// `Pending`, to be called again when that time has passed on its pool thread, or returns
    /// `Ready` with the output. What the code does after a stretch of work is then recorded at
    /// its own time, not ahead of it. `size` is reported as the closure's size.
    pub fn try_spawn_blocking_stepped<S, R>(
        &self,
        name: &str,
        size: u32,
        step: S,
    ) -> Result<JoinHandle<R>, SpawnError>
    where
        S: FnMut() -> core::task::Poll<R> + 'static,
        R: 'static,
    {
        let (task, cell) = TaskCell::spawn(crate::blocking::BlockingTask::new(step), None);
        match self.shared.spawn_blocking_boxed(name, task, size) {
            Ok(task) => Ok(JoinHandle::new(task, cell, self.clone())),
            Err(refused) => Err(self.refuse(refused, cell)),
        }
    }

    /// Runs `f` in the running task's poll, telling the runtime that it blocks (Tokio's
    /// `block_in_place`): with several workers (`multi_thread`), the worker's other tasks move
    /// to another thread and go on running while `f` blocks this one. On one worker
    /// (`current_thread`) Tokio panics, and this returns [`BlockInPlaceError`] without running
    /// `f`. Outside a poll, or on a thread of the blocking pool, `f` just runs.
    pub fn block_in_place<R>(&self, f: impl FnOnce() -> R) -> Result<R, BlockInPlaceError> {
        self.enter_block_in_place()?;
        let output = f();
        self.exit_block_in_place();
        Ok(output)
    }

    /// The start of [`Handle::block_in_place`], for an interpreter that runs the closure's code
    /// itself: call [`Handle::exit_block_in_place`] when it ends.
    pub fn enter_block_in_place(&self) -> Result<(), BlockInPlaceError> {
        self.shared.enter_block_in_place()
    }

    /// For an interpreter running a `block_in_place` closure's code itself, after some work:
    /// `true` if the runtime wants the poll to pause until that work has taken its time. The
    /// caller then returns `Pending` from its poll, and goes on where it was when polled again;
    /// the runtime counts both as one poll. It only does so when the worker was handed on: the
    /// poll then runs beside it, and pausing keeps what the task does next (a send, a print)
    /// from being seen by the worker's other tasks before its time.
    pub fn pause_in_place(&self) -> bool {
        self.shared.pause_in_place()
    }

    /// The end of [`Handle::block_in_place`] (see [`Handle::enter_block_in_place`]).
    pub fn exit_block_in_place(&self) {
        self.shared.exit_block_in_place();
    }

    /// Virtual time now, in ticks (including `work` done so far in the current poll).
    pub fn now(&self) -> Tick {
        self.shared.core.borrow().now()
    }

    /// The settings this runtime runs with.
    pub fn config(&self) -> Config {
        self.shared.core.borrow().config.clone()
    }

    /// CPU work inside a poll: the clock moves on by `ticks` and the worker is blocked for that
    /// long. This is what a blocking task looks like to the executor. Outside a poll it only
    /// advances the clock.
    pub fn work(&self, ticks: Tick) {
        let mut core = self.shared.core.borrow_mut();
        match core.current.as_mut() {
            Some(c) => c.work += ticks,
            None => core.clock += ticks,
        }
    }

    /// A number in `0..n` drawn from the running worker's generator (worker 0's outside a
    /// poll), seeded by `Config::seed`: Tokio's `thread_rng_n`, from which `tokio::select!`
    /// picks the branch it polls first.
    pub fn random_below(&self, n: u32) -> u32 {
        let mut core = self.shared.core.borrow_mut();
        let w = core.current.map_or(0, |c| c.worker.index());
        core.workers[w].select_rng.below(n)
    }

    /// Records a printed line for the running task.
    pub fn print(&self, text: impl Into<Text>) {
        let mut core = self.shared.core.borrow_mut();
        let task = core.current.map(|c| c.task);
        core.record_with(|_| Event::Print {
            task,
            text: text.into(),
        });
    }

    /// Interns a state label (recorded once in the trace) for [`Labeled`] futures.
    pub fn label(&self, text: impl Into<Text>) -> LabelId {
        self.shared.core.borrow_mut().new_label(text.into())
    }

    /// The task being polled, if any.
    pub fn current_task(&self) -> Option<TaskId> {
        self.shared.core.borrow().current.map(|c| c.task)
    }

    /// Records the variables the running task's future holds (see `Event::Locals`).
    pub fn record_locals(&self, text: impl Into<Text>) {
        let mut core = self.shared.core.borrow_mut();
        if let Some(task) = core.current.map(|c| c.task) {
            core.record_with(|_| Event::Locals {
                task,
                text: text.into(),
            });
        }
    }

    /// Records that the program failed (see `Event::Fault`); the caller stops the run.
    pub fn record_fault(&self, message: impl Into<Text>) {
        let mut core = self.shared.core.borrow_mut();
        let task = core.current.map(|c| c.task);
        core.record(Event::Fault {
            task,
            message: message.into(),
        });
        core.faulted = true;
    }

    /// Aborts a task (see [`JoinHandle::abort`]).
    pub fn abort(&self, task: TaskId) {
        self.shared.abort(task);
    }

    /// Clones `waker`, recording `holder` as who keeps the clone. Leaf futures use this so the
    /// trace can say, for a stuck task, exactly what holds its waker.
    pub fn clone_waker(&self, waker: &Waker, holder: Holder) -> Waker {
        let mut core = self.shared.core.borrow_mut();
        if let Some((clone, task, id)) =
            crate::waker::clone_own(&self.shared, &mut core.nodes, waker)
        {
            // A waker of one of our tasks: cloned and recorded without the round trip through
            // `Waker::clone` (the same clone, id and event).
            core.waker_cloned(task, id, holder);
            return clone;
        }
        self.shared.clone_foreign(core, waker, holder).0
    }

    /// Cooperative scheduling (Tokio's `coop::poll_proceed`): a leaf future calls this first.
    /// When the running task's budget is used up it defers the task's wake ([`Handle::defer`],
    /// as Tokio does since 1.44) and returns `Pending`, so the task yields to the others and
    /// to the drivers.
    pub fn poll_budget(&self, cx: &Context<'_>) -> Poll<()> {
        let mut core = self.shared.core.borrow_mut();
        let Some(cur) = core.current.as_mut() else {
            return Poll::Ready(());
        };
        if cur.budget != Some(0) {
            return Poll::Ready(());
        }
        let first = !cur.budget_reported;
        cur.budget_reported = true;
        let task = cur.task;
        if first {
            core.record(Event::BudgetExhausted { task });
        }
        drop(core);
        self.defer(cx.waker());
        Poll::Pending
    }

    /// Hands `waker` to the running worker's defer list instead of waking it (Tokio's
    /// `context::defer`, `runtime/scheduler/defer.rs`): the worker wakes the list, last first,
    /// after its next driver turn, which comes when it has no other ready task or at its
    /// `event_interval`. A waker that the list's last entry already wakes is not added again.
    /// Outside a poll there is no worker to defer to, and it is woken at once, as in Tokio.
    pub fn defer(&self, waker: &Waker) {
        let mut core = self.shared.core.borrow_mut();
        let Some(cur) = core.current.filter(|c| !c.off_worker) else {
            // No worker to defer to (outside a poll, or on a thread with no worker core: a
            // blocking-pool thread, or after `block_in_place` handed the worker on).
            drop(core);
            waker.wake_by_ref();
            return;
        };
        let worker = cur.worker;
        let list = &core.workers[worker.index()].deferred;
        let duplicate = list
            .last()
            .is_some_and(|last| crate::waker::will_wake(last, waker));
        core.record(Event::Deferred {
            task: cur.task,
            worker,
            duplicate,
        });
        if duplicate {
            return;
        }
        drop(core);
        let clone = self.clone_waker(waker, Holder::Defer(worker));
        self.shared.core.borrow_mut().workers[worker.index()]
            .deferred
            .push(clone);
    }

    /// Spends one unit of budget: a leaf future calls this when it completes.
    pub fn consume_budget(&self) {
        let mut core = self.shared.core.borrow_mut();
        if let Some(Current {
            budget: Some(b), ..
        }) = core.current.as_mut()
        {
            *b = b.saturating_sub(1);
        }
    }
}
