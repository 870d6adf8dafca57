//! The executor loop (DESIGN.md, "runtime-core: semantics a learner can predict").
//!
//! With one worker it is Tokio's `current_thread` scheduler (`CoreGuard::block_on`):
//!
//! 1. Turn the drivers when no task is ready, or after `event_interval` polls in a row: fire
//!    every timer whose deadline has passed (deadline order, then registration order),
//!    deliver due I/O readiness, apply wakes from outside. Each fired timer or ready socket
//!    wakes its task. Then wake the defer list (tasks that yielded or ran out of budget), last
//!    deferred first, and start the tasks whose start time has come.
//! 2. If still no task is ready: if something is due later (a timer, I/O, a delayed start),
//!    advance the clock to the next such time and go to 1; otherwise stop: finished, or
//!    stalled (each task left is reported as stuck, with why).
//! 3. Take the next task (`worker.rs`: every `global_queue_interval`-th tick the inject queue
//!    first) and poll it. `work(d)` inside a poll advances the clock by `d`. A task that was
//!    aborted is dropped instead of polled.
//!
//! The timer wheel's next time is its next *expiration*: for a timer in a higher level that is
//! the start of its slot's window, where the timer cascades to a lower level (as Tokio's driver
//! parks until `next_expiration`). So a far timer shows as a cascade, then its firing.
//!
//! With several workers (Tokio's `multi_thread`, `worker.rs` for its queues) the same loop
//! runs as a discrete-event simulation in one thread: each worker is free at the end of its
//! last poll, and the worker free earliest acts next (ties: lowest index). A poll's `work(d)`
//! keeps only its own worker busy, so other workers go on polling meanwhile: that is how
//! blocking one worker differs from blocking the runtime. Each worker turns the drivers on
//! every `event_interval`-th tick and when it finds no work; idle workers wake for deadlines.

use super::worker::{Chain, Entry, MAX_LIFO_POLLS};
use super::{Core, Current, Shared};
use crate::ids::{TaskId, Tick, WorkerId};
use crate::remote::RemoteOp;
use crate::task::TaskRef;
use crate::task::state::AfterPoll;
use crate::time::TimerWaker;
use crate::trace::{Event, Holder, Limit, PollOutcome, QueueRef, Text, WakeSource};
use crate::waker;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::task::{Context, Poll};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every task completed or was cancelled.
    Finished,
    /// Tasks are left that nothing can wake (each has a `stalled` event with the reason).
    Stalled {
        /// How many tasks are left.
        tasks: u32,
    },
    /// A limit stopped the run (see [`crate::Limits`]).
    Limit(Limit),
    /// The program reported a failure (`Event::Fault`) and the run stopped there.
    Faulted,
}

/// The next thing the runtime does.
enum Decision {
    /// Poll a task, starting with this much budget.
    Poll {
        worker: WorkerId,
        entry: Entry,
        from: QueueRef,
        budget: Option<u32>,
    },
    /// Drop an aborted task that a worker took from a queue, instead of polling it.
    Cancel {
        worker: WorkerId,
        task: TaskId,
    },
    TurnDriver {
        worker: WorkerId,
    },
    /// A blocking-pool thread acts: runs the closure it took, or finishes its task.
    Pool {
        thread: u32,
    },
    End(RunOutcome),
}

impl Shared {
    /// Runs until the run ends.
    pub(crate) fn run(&self) -> RunOutcome {
        let _enter = waker::enter(self);
        loop {
            if let Some(outcome) = self.step() {
                return outcome;
            }
        }
    }

    /// Makes one scheduling decision (a poll or a driver turn); returns the outcome once the
    /// run has ended. The caller must have entered the runtime.
    pub(crate) fn step(&self) -> Option<RunOutcome> {
        let mut core = self.core.borrow_mut();
        match core.decide() {
            Decision::Poll {
                worker,
                entry,
                from,
                budget,
            } => {
                // The decision and the start of the poll are made under one borrow.
                let (future, header) = core.start_poll(worker, entry.task, from, budget);
                drop(core);
                self.poll(worker, entry.task, future, header);
            }
            Decision::Cancel { worker, task } => {
                let future = core.start_cancel(worker, task);
                drop(core);
                // Dropped outside the borrow (its destructors call back in), with `current`
                // naming the task, so what they release is attributed to it; the joiner is
                // woken last, when the future is gone.
                drop(future);
                let mut core = self.core.borrow_mut();
                let end = core.now();
                core.workers[worker.index()].free_at = end;
                core.current = None;
            }
            Decision::TurnDriver { worker } => {
                drop(core);
                self.turn_driver(worker);
            }
            Decision::Pool { thread } => {
                drop(core);
                self.pool_step(thread);
            }
            Decision::End(outcome) => return Some(outcome),
        }
        None
    }

    /// Polls `task`'s future (taken out of its slot by `Core::start_poll`), with the Core
    /// borrow released, then records how the poll ended.
    pub(crate) fn poll(
        &self,
        worker: WorkerId,
        task: TaskId,
        mut future: TaskRef,
        header: *const waker::TaskHeader,
    ) {
        // SAFETY: the header comes from the Core's `Headers`, whose chunks are never removed, so
        // it outlives this poll.
        let waker = unsafe { waker::context_waker(header) };
        let mut cx = Context::from_waker(&waker);
        let (result, state) = future.poll(&mut cx);

        let mut core = self.core.borrow_mut();
        let Some(future) = core.pause(task, future, result.is_pending()) else {
            return;
        };
        if let Some(finished) = core.end_poll(task, worker, future, result, state) {
            drop(core);
            // Dropped outside the borrow (its destructors call back in) while `current` still
            // names this poll, so what they do is attributed to it and timed at its end.
            drop(finished);
            core = self.core.borrow_mut();
        }
        let end = core.now();
        let handoff = core.current.and_then(|c| c.handoff);
        core.current = None;
        let requeue = match handoff {
            Some(_) => QueueRef::Inject,
            None => QueueRef::Local(worker),
        };
        core.task_mut(task).polled_until = (end, requeue);
        match handoff {
            // `block_in_place` handed the worker to a pool thread, which runs it from then on:
            // this thread goes back to the pool (the lab frees the one it counted).
            Some(thread) => {
                core.pool.set(thread, crate::blocking::Thread::Idle);
                drop(core);
                self.next_blocking(thread);
            }
            None => core.workers[worker.index()].free_at = end,
        }
    }
}

impl Core {
    /// Counts a poll (or the drop of an aborted task) on `worker` for its tick and driver
    /// rules: a poll from a LIFO chain counts for neither (Tokio polls the slot inside the
    /// same `run_task`).
    fn count_poll(&mut self, worker: WorkerId, chained: bool) {
        let multi = self.config.multi_thread();
        let w = &mut self.workers[worker.index()];
        w.parked = false;
        w.ticked = false;
        if !chained {
            w.polls_since_driver += 1;
        }
        if multi && !chained {
            w.chain = Some(Chain {
                lifo_polls: 0,
                budget: self.config.budget,
            });
        }
    }

    /// Takes `task`'s future out of its slot to poll it, and records the poll's start.
    /// Returns the future and the task's header (for the context waker).
    fn start_poll(
        &mut self,
        worker: WorkerId,
        task: TaskId,
        from: QueueRef,
        budget: Option<u32>,
    ) -> (TaskRef, *const waker::TaskHeader) {
        let chained = self.workers[worker.index()]
            .chain
            .is_some_and(|c| c.lifo_polls > 0)
            && from == QueueRef::Lifo(worker);
        self.count_poll(worker, chained);
        let slot = self.task_mut(task);
        slot.state.start_poll();
        let future = slot.future.take().expect("a queued task has its future");
        let header = slot.header;
        let origin = self.clock;
        self.current = Some(Current::poll(task, worker, budget, origin));
        self.record(Event::PollStart {
            task,
            worker,
            from,
            // The future lives in its task's allocation (`TaskCell`) from spawn to drop and is
            // polled in place, so its address never changes: the ordinal is always 0, which is
            // what the Pin view shows.
            addr: 0,
        });
        (future, header)
    }

    /// A worker took aborted `task` from a queue: it is cancelled, and its future handed back
    /// to be dropped (outside the borrow) while `current` names the task.
    fn start_cancel(&mut self, worker: WorkerId, task: TaskId) -> Option<TaskRef> {
        self.count_poll(worker, false);
        let origin = self.clock;
        self.current = Some(Current::poll(task, worker, None, origin));
        let slot = self.task_mut(task);
        slot.state.cancel_queued();
        let future = slot.future.take();
        self.live -= 1;
        self.record(Event::Cancelled { task });
        future
    }

    /// Records the end of a poll and applies it to the task (requeue, park, finish). Returns
    /// the future if the task finished, for the caller to drop outside the borrow.
    fn end_poll(
        &mut self,
        task: TaskId,
        worker: WorkerId,
        future: TaskRef,
        result: Poll<()>,
        state: Option<crate::ids::LabelId>,
    ) -> Option<TaskRef> {
        let cur = self.current.expect("poll in progress");
        let outcome = if result.is_ready() {
            PollOutcome::Ready
        } else {
            PollOutcome::Pending
        };
        self.record(Event::PollEnd {
            task,
            worker,
            outcome,
            duration: cur.work,
            state,
        });
        // A poll that handed its worker on (`block_in_place`) did not block it.
        if cur.work >= self.config.long_poll && self.config.long_poll > 0 && cur.handoff.is_none() {
            let threshold = self.config.long_poll;
            self.record(Event::LongPoll {
                task,
                duration: cur.work,
                threshold,
            });
        }
        if let Some(chain) = self.workers[worker.index()].chain.as_mut()
            && cur.handoff.is_none()
        {
            chain.budget = cur.budget;
        }
        let storm = self.config.self_wake_storm;
        let slot = self.task_mut(task);
        let aborted = slot.abort_requested;
        match slot.state.end_poll(result.is_ready(), aborted) {
            AfterPoll::Idle => {
                slot.future = Some(future);
                slot.self_wake_streak = 0;
                if slot.wakers.is_empty() {
                    self.record(Event::LostWaker { task });
                }
                None
            }
            AfterPoll::Requeue => {
                slot.future = Some(future);
                slot.self_wake_streak += 1;
                if slot.self_wake_streak == storm {
                    self.record(Event::SelfWakeStorm { task, count: storm });
                }
                let queue = self.placement(true);
                self.push(task, queue);
                None
            }
            AfterPoll::Complete => {
                self.live -= 1;
                self.record(Event::Completed { task });
                Some(future)
            }
            AfterPoll::Cancel => {
                self.live -= 1;
                self.record(Event::Cancelled { task });
                Some(future)
            }
        }
    }
}

impl Shared {
    /// Out of line: it runs once every `event_interval` polls (or when a worker is idle), and
    /// inlined into `step` it costs the poll path registers.
    ///
    /// Tokio's `park` / `park_yield`: the drivers first (wakes from outside, timers, I/O; the
    /// tasks they wake go to this worker's queues), then the defer list, last deferred first.
    /// The tasks whose start time has come start last, as tasks that `block_on`'s future
    /// spawns once its own sleep has fired would.
    #[inline(never)]
    fn turn_driver(&self, worker: WorkerId) {
        let remote = self.apply_remote();
        self.core.borrow_mut().driving = Some(worker);
        let mut timers = 0;
        loop {
            let mut core = self.core.borrow_mut();
            let now = core.now();
            let Core {
                timers: driver,
                trace,
                ..
            } = &mut *core;
            let Some((timer, waker)) = driver.fire_next(trace, now) else {
                break;
            };
            timers += 1;
            match waker {
                // A clone of one of our tasks' wakers (a `Sleep`'s): woken by value under this
                // borrow, exactly as waking the `Waker` it stands for would.
                TimerWaker::Own { task, id } if waker::is_active(self) => {
                    core.wake(task, Some(id), false, WakeSource::Timer(timer));
                }
                TimerWaker::Own { task, id } => {
                    drop(core);
                    self.inbox.push(RemoteOp::Woken {
                        task,
                        waker: Some(id),
                        by_ref: false,
                    });
                }
                TimerWaker::Other(waker) => {
                    // Any other waker runs code of its own: the Core borrow must end first.
                    drop(core);
                    self.wake_from(WakeSource::Timer(timer), waker);
                }
            }
        }
        let mut io = 0;
        loop {
            let ready = {
                let mut core = self.core.borrow_mut();
                let now = core.now();
                let Core { reactor, trace, .. } = &mut *core;
                reactor.deliver_next(trace, now)
            };
            let Some((socket, waker)) = ready else { break };
            io += 1;
            if let Some(waker) = waker {
                self.wake_from(WakeSource::Io(socket), waker);
            }
        }
        {
            let mut core = self.core.borrow_mut();
            core.workers[worker.index()].polls_since_driver = 0;
            core.record(Event::DriverTurned {
                worker,
                timers,
                io,
                remote,
            });
        }
        self.wake_deferred(worker);
        let mut core = self.core.borrow_mut();
        core.driving = None;
        core.start_due();
    }

    /// Tokio's `Defer::wake`: wakes the tasks on `worker`'s defer list, last deferred first,
    /// after recording how many there are (if any). Called after the drivers turn and before
    /// `block_in_place` hands the worker away.
    pub(crate) fn wake_deferred(&self, worker: WorkerId) {
        {
            let mut core = self.core.borrow_mut();
            let count = core.workers[worker.index()].deferred.len() as u32;
            if count > 0 {
                core.record(Event::DeferredWoken { worker, count });
            }
        }
        loop {
            let waker = self.core.borrow_mut().workers[worker.index()]
                .deferred
                .pop();
            let Some(waker) = waker else { break };
            self.wake_from(WakeSource::Defer(worker), waker);
        }
    }

    /// Wakes `waker` (by value) with `source` recorded as the reason.
    pub(crate) fn wake_from(&self, source: WakeSource, waker: core::task::Waker) {
        let mut core = self.core.borrow_mut();
        let waker = match waker::take_own(self, &mut core.nodes, waker) {
            Ok((task, id)) => {
                // One of our clones: the same wake, without running the waker's code.
                core.wake(task, Some(id), false, source);
                return;
            }
            Err(waker) => waker,
        };
        drop(core);
        let previous = self.core.borrow_mut().wake_source.replace(source);
        waker.wake();
        self.core.borrow_mut().wake_source = previous;
    }
}

impl Core {
    fn decide(&mut self) -> Decision {
        loop {
            if let Some(outcome) = self.ended {
                return Decision::End(outcome);
            }
            if self.faulted {
                return Decision::End(self.end(RunOutcome::Faulted));
            }
            if let Some(limit) = self.limit() {
                return Decision::End(self.end(RunOutcome::Limit(limit)));
            }
            // The active worker that is free earliest (ties: lowest index), and the first idle
            // worker, in one pass.
            let mut best: Option<(Tick, WorkerId)> = None;
            let mut idle_worker = None;
            for w in &self.workers {
                if w.idle {
                    idle_worker = idle_worker.or(Some(w.id));
                } else {
                    let free = (w.free_at.max(self.clock), w.id);
                    if best.is_none_or(|b| free < b) {
                        best = Some(free);
                    }
                }
            }
            // The next deadline only matters when a worker is idle (it may have to handle the
            // deadline before the busy ones are free) or when no worker is active; with a
            // task ready on an active worker and none idle (the common case), it is not
            // looked up at all.
            let deadline = if idle_worker.is_some() || best.is_none() {
                self.next_deadline()
            } else {
                None
            };
            let idle_first = match (best, idle_worker, deadline) {
                (_, None, _) | (_, _, None) => false,
                (None, Some(_), Some(_)) => true,
                (Some((t, _)), Some(_), Some(d)) => d < t,
            };
            // A blocking-pool thread acts first when its time comes no later than the
            // workers' next step (it runs beside them, not on them).
            if let Some((at, thread)) = self.pool.next_step() {
                let workers_next = match (best, idle_first) {
                    (Some((t, _)), false) => Some(t),
                    _ if !self.remote_empty() => Some(self.clock),
                    _ => deadline.map(|d| d.max(self.clock)),
                };
                if workers_next.is_none_or(|t| at <= t) {
                    self.advance_to(at);
                    if self.stopped.is_some() {
                        continue;
                    }
                    return Decision::Pool { thread };
                }
            }
            if let (Some((t, w)), false) = (best, idle_first) {
                self.advance_to(t);
                if self.stopped.is_some() {
                    continue;
                }
                if let Some(decision) = self.next_for(w) {
                    return decision;
                }
                if let Some(ready) = self.next_ready_for(w) {
                    // Work exists that was enqueued later than this worker's time: wait for it.
                    self.workers[w.index()].free_at = ready;
                    continue;
                }
                let worker = &mut self.workers[w.index()];
                if !worker.parked {
                    // Nothing to do: like a parking Tokio worker, turn the drivers (and wake
                    // the defer list) first.
                    worker.parked = true;
                    worker.ticked = false;
                    return Decision::TurnDriver { worker: w };
                }
                worker.parked = false;
                worker.idle = true;
                self.any_idle = true;
                continue;
            }
            // Every worker is idle, or an idle one must handle a deadline before the busy ones
            // are free.
            let worker = idle_worker.unwrap_or(WorkerId(0));
            if !self.remote_empty() {
                return Decision::TurnDriver { worker };
            }
            match deadline {
                Some(d) => {
                    self.advance_to(d.max(self.clock));
                    if self.stopped.is_some() {
                        continue;
                    }
                    return Decision::TurnDriver { worker };
                }
                None => {
                    let outcome = if self.live == 0 {
                        RunOutcome::Finished
                    } else {
                        RunOutcome::Stalled { tasks: self.live }
                    };
                    return Decision::End(self.end(outcome));
                }
            }
        }
    }

    fn remote_empty(&self) -> bool {
        // Only the runtime drains the inbox, so a racing push is simply seen next time.
        self.inbox.is_empty()
    }

    /// The earliest time something is due: a timer expiration, I/O data, a delayed start.
    fn next_deadline(&self) -> Option<Tick> {
        [
            self.timers.next_expiration(),
            self.reactor.next_arrival(),
            self.delayed.first().map(|d| d.at),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    #[inline]
    fn advance_to(&mut self, t: Tick) {
        if t > self.clock {
            self.advance_clock(t);
        }
    }

    fn advance_clock(&mut self, t: Tick) {
        let from = self.clock;
        self.clock = t;
        self.record(Event::ClockAdvanced { from, to: t });
        if t > self.config.limits.max_time {
            self.stop(Limit::Time);
        }
        // Whether moving the clock reached the event limit (`stopped` is read next).
        self.limit();
    }

    /// What worker `w` does next, if it has something to do now: go on with its LIFO chain,
    /// turn the drivers at its `event_interval`, or take a task (`worker.rs` has the order).
    fn next_for(&mut self, w: WorkerId) -> Option<Decision> {
        let multi = self.config.multi_thread();
        if multi {
            if let Some(decision) = self.continue_chain(w) {
                return Some(decision);
            }
        } else if self.workers[w.index()].polls_since_driver >= self.config.event_interval {
            return Some(Decision::TurnDriver { worker: w });
        }
        let worker = &mut self.workers[w.index()];
        if !worker.ticked {
            worker.ticked = true;
            worker.ticks += 1;
            if multi
                && worker
                    .ticks
                    .is_multiple_of(u64::from(self.config.event_interval))
            {
                // `multi_thread`'s maintenance: the drivers every `event_interval` ticks.
                return Some(Decision::TurnDriver { worker: w });
            }
        }
        let (entry, from) = match self.next_task(w) {
            Some(found) => found,
            None if multi => self.steal_work(w)?,
            None => return None,
        };
        Some(self.take(w, entry, from, self.config.budget))
    }

    /// A poll of the task taken, or its drop if it was aborted.
    fn take(
        &self,
        worker: WorkerId,
        entry: Entry,
        from: QueueRef,
        budget: Option<u32>,
    ) -> Decision {
        if self.task(entry.task).abort_requested {
            Decision::Cancel {
                worker,
                task: entry.task,
            }
        } else {
            Decision::Poll {
                worker,
                entry,
                from,
                budget,
            }
        }
    }

    /// `multi_thread`'s `run_task` loop: after a poll, the task in the LIFO slot is polled
    /// next, with the budget left, at most [`MAX_LIFO_POLLS`] times; then the slot is off
    /// until it is empty. With the budget spent, the slot's task goes to the back of the
    /// queue instead.
    fn continue_chain(&mut self, w: WorkerId) -> Option<Decision> {
        let lifo = self.config.lifo_slot;
        let worker = &mut self.workers[w.index()];
        let chain = worker.chain?;
        let Some(entry) = worker.lifo.take() else {
            worker.chain = None;
            worker.lifo_enabled = lifo;
            return None;
        };
        if chain.budget == Some(0) {
            worker.chain = None;
            self.push_local(w, entry.task);
            return None;
        }
        let lifo_polls = chain.lifo_polls + 1;
        worker.chain = Some(Chain {
            lifo_polls,
            ..chain
        });
        if lifo_polls >= MAX_LIFO_POLLS {
            worker.lifo_enabled = false;
        }
        Some(self.take(w, entry, QueueRef::Lifo(w), chain.budget))
    }

    /// Tokio's `next_task`: every `global_queue_interval`-th tick the inject queue first;
    /// otherwise the worker's own queues (LIFO slot, local queue), then the inject queue (with
    /// several workers, a batch of it: the first is polled, the rest go to the local queue).
    fn next_task(&mut self, w: WorkerId) -> Option<(Entry, QueueRef)> {
        let interval = u64::from(self.config.global_queue_interval);
        if self.workers[w.index()].ticks.is_multiple_of(interval)
            && let Some(e) = self.pop_inject()
        {
            return Some((e, QueueRef::Inject));
        }
        let worker = &mut self.workers[w.index()];
        if let Some(e) = worker.lifo.take() {
            return Some((e, QueueRef::Lifo(w)));
        }
        if let Some(e) = worker.local.pop_front() {
            return Some((e, QueueRef::Local(w)));
        }
        let first = self.pop_inject()?;
        if self.config.multi_thread() {
            let capacity = self.config.local_queue_capacity as usize;
            let room = capacity - self.workers[w.index()].local.len();
            let batch = (self.inject.len() / self.workers.len() + 1).min(room.min(capacity / 2));
            for _ in 1..batch {
                let Some(e) = self.pop_inject() else { break };
                self.push_local(w, e.task);
            }
        }
        Some((first, QueueRef::Inject))
    }

    /// The front of the inject queue, if it was enqueued by now.
    fn pop_inject(&mut self) -> Option<Entry> {
        let now = self.clock;
        if self.inject.front().is_some_and(|e| e.ready_at <= now) {
            self.inject.pop_front()
        } else {
            None
        }
    }

    /// Tokio's `steal_work`: from a random sibling on, the first with work gives half its
    /// local queue (its front); the thief polls the last task it took and keeps the others.
    /// With nothing to steal, the inject queue once more.
    fn steal_work(&mut self, w: WorkerId) -> Option<(Entry, QueueRef)> {
        let now = self.clock;
        let n = self.workers.len();
        let start = self.workers[w.index()].steal_rng.below(n as u32) as usize;
        for i in 0..n {
            let victim = (start + i) % n;
            if victim == w.index() {
                continue;
            }
            let count = self.workers[victim].steal_count(now);
            if count == 0 {
                continue;
            }
            let mut stolen: Vec<Entry> = self.workers[victim].local.drain(..count).collect();
            let last = stolen.pop()?;
            self.workers[w.index()].local.extend(stolen);
            let from = self.workers[victim].id;
            self.record(Event::Stolen {
                from,
                to: w,
                count: count as u32,
            });
            return Some((last, QueueRef::Local(w)));
        }
        self.pop_inject().map(|e| (e, QueueRef::Inject))
    }

    /// With several workers: the earliest time at which work that `w` could take (the front
    /// of the inject queue or of a sibling's queue) becomes available, if it is in the future.
    fn next_ready_for(&self, w: WorkerId) -> Option<Tick> {
        if self.workers.len() == 1 {
            return None;
        }
        let siblings = self
            .workers
            .iter()
            .filter(|x| x.id != w)
            .filter_map(|x| x.local.front());
        self.inject
            .front()
            .into_iter()
            .chain(siblings)
            .map(|e| e.ready_at)
            .filter(|&t| t > self.clock)
            .min()
    }

    /// Records how the run ended (stuck tasks and their reasons, or the limit) once.
    fn end(&mut self, outcome: RunOutcome) -> RunOutcome {
        if self.ended.is_some() {
            return outcome;
        }
        match outcome {
            RunOutcome::Stalled { .. } => {
                let stuck: Vec<TaskId> = self
                    .tasks
                    .iter()
                    .filter(|t| !t.state.is_finished() && t.future.is_some())
                    .map(|t| t.id())
                    .collect();
                for task in stuck {
                    self.record_with(|core| Event::Stalled {
                        task,
                        reason: core.stall_reason(task),
                    });
                }
            }
            RunOutcome::Limit(limit) if limit != Limit::Tasks => {
                let value = match limit {
                    Limit::Events => self.config.limits.max_events,
                    Limit::Time => self.config.limits.max_time,
                    Limit::Tasks => u64::from(self.config.limits.max_tasks),
                };
                self.record(Event::LimitReached { limit, value });
            }
            _ => {}
        }
        self.ended = Some(outcome);
        outcome
    }

    /// Why a task that nothing can wake is stuck, in words a learner can act on.
    pub(crate) fn stall_reason(&self, task: TaskId) -> Text {
        let slot = self.task(task);
        let Some(&(_, holder)) = slot.wakers.first() else {
            return Text::from(
                "it returned Pending but no clone of its waker exists, so nothing can ever wake \
                 it (a lost wakeup: a future must keep the waker until it is ready)",
            );
        };
        let text = match holder {
            Holder::ChannelRecv(c) => format!(
                "it waits to receive on channel `{}`, which is empty, and no task that can \
                 still run will send on it",
                self.channel_name(c)
            ),
            Holder::ChannelSend(c) => format!(
                "it waits to send on channel `{}`, which is full, and no task that can still \
                 run will receive from it",
                self.channel_name(c)
            ),
            Holder::Io(s) => format!(
                "it waits to read socket `{}`, which has no more data coming",
                self.reactor.name(s)
            ),
            Holder::Join(t) => {
                format!(
                    "it waits for task `{}` to finish, which is stuck too",
                    self.task_name(t)
                )
            }
            Holder::Pending => String::from("it awaits pending(), which never completes"),
            Holder::Timer(t) => format!("it waits on {t}, which was never fired"),
            Holder::Task(t) if t == task => {
                // The clone was made in the task's own poll: what keeps it is whatever its future
                // handed it to (the runtime sees only who cloned it).
                String::from(
                    "its own poll kept a clone of its waker (wherever its future stored it: a \
                     channel, a reactor, a list of timers), and nothing has called it since",
                )
            }
            Holder::Task(t) => format!(
                "its waker is kept by task `{}`, which will never wake it",
                self.task_name(t)
            ),
            Holder::Outside => {
                String::from("its waker is held outside the runtime, and nothing woke it")
            }
            Holder::Defer(w) => format!(
                "its waker is on the defer list of worker {}, which was never turned again",
                w.0
            ),
        };
        Text::from(text)
    }
}
