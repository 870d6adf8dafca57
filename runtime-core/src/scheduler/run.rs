//! The executor loop (DESIGN.md, "runtime-core: semantics a learner can predict").
//!
//! With one worker it is exactly:
//!
//! 1. Turn the drivers when the ready queue is empty, or after every `event_interval` polls:
//!    fire every timer whose deadline has passed (deadline order, then registration order),
//!    deliver due I/O readiness, start tasks whose start time has come, apply wakes from
//!    outside. Each fired timer or ready socket wakes its task.
//! 2. If the queue is still empty: if something is due later (a timer, I/O, a delayed start),
//!    advance the clock to the next such time and go to 1; otherwise stop: finished, or
//!    stalled (each task left is reported as stuck, with why).
//! 3. Pop the front task and poll it. `work(d)` inside a poll advances the clock by `d`.
//!
//! The timer wheel's next time is its next *expiration*: for a timer in a higher level that is
//! the start of its slot's window, where the timer cascades to a lower level (as Tokio's driver
//! parks until `next_expiration`). So a far timer shows as a cascade, then its firing.
//!
//! With several workers the same loop runs as a discrete-event simulation in one thread: each
//! worker is free at the end of its last poll, and the worker free earliest acts next (ties:
//! lowest index). A poll's `work(d)` keeps only its own worker busy, so other workers go on
//! polling meanwhile: that is how blocking one worker differs from blocking the runtime.
//! Idle workers turn the drivers when a deadline comes; busy ones only every
//! `event_interval` polls.

use super::worker::{Entry, MAX_LIFO_POLLS};
use super::{Core, Current, Shared};
use crate::ids::{TaskId, Tick, WorkerId};
use crate::task::TaskFuture;
use crate::task::state::AfterPoll;
use crate::trace::{Event, Holder, Limit, PollOutcome, QueueRef, Text, WakeSource};
use crate::waker;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::pin::Pin;
use core::task::{Context, Poll};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every task completed or was cancelled.
    Finished,
    /// Tasks are left that nothing can wake (each has a `stalled` event with the reason).
    Stalled { tasks: u32 },
    /// A limit stopped the run (see [`crate::Limits`]).
    Limit(Limit),
    /// The program reported a failure (`Event::Fault`) and the run stopped there.
    Faulted,
}

/// The next thing the runtime does.
enum Decision {
    Poll {
        worker: WorkerId,
        entry: Entry,
        from: QueueRef,
    },
    TurnDriver {
        worker: WorkerId,
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
        let decision = self.core.borrow_mut().decide();
        match decision {
            Decision::Poll {
                worker,
                entry,
                from,
            } => self.poll(worker, entry.task, from),
            Decision::TurnDriver { worker } => self.turn_driver(worker),
            Decision::End(outcome) => return Some(outcome),
        }
        None
    }

    fn poll(&self, worker: WorkerId, task: TaskId, from: QueueRef) {
        let (mut future, header) = {
            let mut core = self.core.borrow_mut();
            let budget = core.config.budget;
            let w = &mut core.workers[worker.index()];
            w.ticks += 1;
            w.polls_since_driver += 1;
            w.parked = false;
            let slot = core.task_mut(task);
            slot.state.start_poll();
            let mut future = slot.future.take().expect("a queued task has its future");
            let addr = crate::task::future_addr(&mut future);
            if addr != slot.addr {
                // Never happens: the future is pinned in its box. If it did, the ordinal would
                // show the move.
                slot.addr = addr;
                slot.addr_ordinal += 1;
            }
            let addr = slot.addr_ordinal;
            let header = alloc::sync::Arc::as_ptr(&slot.header);
            core.current = Some(Current {
                task,
                worker,
                work: 0,
                budget,
                budget_reported: false,
            });
            core.record(Event::PollStart {
                task,
                worker,
                from,
                addr,
            });
            (future, header)
        };

        // SAFETY: the task slot owns the header's Arc and slots are never removed, so the
        // header outlives this poll.
        let waker = unsafe { waker::context_waker(header) };
        let mut cx = Context::from_waker(&waker);
        let result = future.as_mut().poll_task(&mut cx);
        let state = future.as_mut().state();

        let finished = self.end_poll(task, worker, future, result, state);
        // Dropped outside the borrow (its destructors call back in) while `current` still
        // names this poll, so what they do is attributed to it and timed at its end.
        drop(finished);
        let mut core = self.core.borrow_mut();
        let end = core.now();
        core.workers[worker.index()].free_at = end;
        core.current = None;
    }

    fn end_poll(
        &self,
        task: TaskId,
        worker: WorkerId,
        future: Pin<Box<dyn TaskFuture>>,
        result: Poll<()>,
        state: Option<crate::ids::LabelId>,
    ) -> Option<Pin<Box<dyn TaskFuture>>> {
        let mut core = self.core.borrow_mut();
        let cur = core.current.expect("poll in progress");
        let outcome = if result.is_ready() {
            PollOutcome::Ready
        } else {
            PollOutcome::Pending
        };
        core.record(Event::PollEnd {
            task,
            worker,
            outcome,
            duration: cur.work,
            state,
        });
        if cur.work >= core.config.long_poll && core.config.long_poll > 0 {
            let threshold = core.config.long_poll;
            core.record(Event::LongPoll {
                task,
                duration: cur.work,
                threshold,
            });
        }
        let storm = core.config.self_wake_storm;
        let slot = core.task_mut(task);
        let aborted = slot.abort_requested;
        match slot.state.end_poll(result.is_ready(), aborted) {
            AfterPoll::Idle => {
                slot.future = Some(future);
                slot.self_wake_streak = 0;
                if slot.wakers.is_empty() {
                    core.record(Event::LostWaker { task });
                }
                None
            }
            AfterPoll::Requeue => {
                slot.future = Some(future);
                slot.self_wake_streak += 1;
                if slot.self_wake_streak == storm {
                    core.record(Event::SelfWakeStorm { task, count: storm });
                }
                let queue = core.placement(true);
                core.push(task, queue);
                None
            }
            AfterPoll::Complete => {
                core.live -= 1;
                core.record(Event::Completed { task });
                Some(future)
            }
            AfterPoll::Cancel => {
                core.live -= 1;
                core.record(Event::Cancelled { task });
                Some(future)
            }
        }
    }

    fn turn_driver(&self, worker: WorkerId) {
        let remote = self.apply_remote();
        let started = self.core.borrow_mut().start_due();
        let _ = started;
        let mut timers = 0;
        loop {
            // Bound first: the Core borrow must end before the waker runs.
            let fired = self.core.borrow_mut().fire_next_timer();
            let Some((timer, waker)) = fired else { break };
            timers += 1;
            self.wake_from(WakeSource::Timer(timer), waker);
        }
        let mut io = 0;
        loop {
            let ready = self.core.borrow_mut().reactor_poll();
            let Some((socket, waker)) = ready else { break };
            io += 1;
            if let Some(waker) = waker {
                self.wake_from(WakeSource::Io(socket), waker);
            }
        }
        let mut core = self.core.borrow_mut();
        core.workers[worker.index()].polls_since_driver = 0;
        core.record(Event::DriverTurned {
            worker,
            timers,
            io,
            remote,
        });
    }

    /// Wakes `waker` (by value) with `source` recorded as the reason.
    pub(crate) fn wake_from(&self, source: WakeSource, waker: core::task::Waker) {
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
            if let Some(limit) = self.stopped {
                return Decision::End(self.end(RunOutcome::Limit(limit)));
            }
            // The active worker that is free earliest (ties: lowest index).
            let best = self
                .workers
                .iter()
                .filter(|w| !w.idle)
                .map(|w| (w.free_at.max(self.clock), w.id))
                .min();
            let deadline = self.next_deadline();
            let idle_worker = self.workers.iter().find(|w| w.idle).map(|w| w.id);
            let idle_first = match (best, idle_worker, deadline) {
                (_, None, _) | (_, _, None) => false,
                (None, Some(_), Some(_)) => true,
                (Some((t, _)), Some(_), Some(d)) => d < t,
            };
            if let (Some((t, w)), false) = (best, idle_first) {
                self.advance_to(t);
                if self.stopped.is_some() {
                    continue;
                }
                if self.workers[w.index()].polls_since_driver >= self.config.event_interval {
                    return Decision::TurnDriver { worker: w };
                }
                if let Some((entry, from)) = self.find_task(w) {
                    return Decision::Poll {
                        worker: w,
                        entry,
                        from,
                    };
                }
                if let Some(ready) = self.next_ready_for(w) {
                    // Work exists that was enqueued later than this worker's time: wait for it.
                    self.workers[w.index()].free_at = ready;
                    continue;
                }
                let worker = &mut self.workers[w.index()];
                if !worker.parked {
                    // Nothing to do: like a parking Tokio worker, check the drivers first.
                    worker.parked = true;
                    return Decision::TurnDriver { worker: w };
                }
                worker.parked = false;
                worker.idle = true;
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

    fn advance_to(&mut self, t: Tick) {
        if t <= self.clock {
            return;
        }
        let from = self.clock;
        self.clock = t;
        self.record(Event::ClockAdvanced { from, to: t });
        if t > self.config.limits.max_time && self.stopped.is_none() {
            self.stopped = Some(Limit::Time);
        }
    }

    /// Where worker `w` finds its next task (see `worker.rs` for the order).
    fn find_task(&mut self, w: WorkerId) -> Option<(Entry, QueueRef)> {
        let now = self.clock;
        let n = self.workers.len();
        let interval = u64::from(self.config.event_interval);
        let inject_ready = |inject: &alloc::collections::VecDeque<Entry>| {
            inject.front().is_some_and(|e| e.ready_at <= now)
        };
        let worker = &mut self.workers[w.index()];
        if n > 1 && worker.ticks.is_multiple_of(interval) && inject_ready(&self.inject) {
            let e = self.inject.pop_front()?;
            return Some((e, QueueRef::Inject));
        }
        if let Some(e) = worker.lifo.take() {
            if worker.lifo_polls < MAX_LIFO_POLLS {
                worker.lifo_polls += 1;
                return Some((e, QueueRef::Lifo(w)));
            }
            // Too many slot polls in a row: the slot's task goes to the back of the queue.
            worker.lifo_polls = 0;
            worker.local.push_back(Entry {
                task: e.task,
                ready_at: now,
            });
            self.record(Event::Enqueued {
                task: e.task,
                queue: QueueRef::Local(w),
            });
        }
        let worker = &mut self.workers[w.index()];
        worker.lifo_polls = 0;
        if let Some(e) = worker.local.pop_front() {
            return Some((e, QueueRef::Local(w)));
        }
        if inject_ready(&self.inject) {
            let e = self.inject.pop_front()?;
            return Some((e, QueueRef::Inject));
        }
        for offset in 1..n {
            let victim = (w.index() + offset) % n;
            let count = self.workers[victim].steal_count(now);
            if count == 0 {
                continue;
            }
            let stolen: Vec<Entry> = self.workers[victim].local.drain(..count).collect();
            self.workers[w.index()].local.extend(stolen);
            let from = self.workers[victim].id;
            self.record(Event::Stolen {
                from,
                to: w,
                count: count as u32,
            });
            let e = self.workers[w.index()].local.pop_front()?;
            return Some((e, QueueRef::Local(w)));
        }
        None
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
                    let reason = self.stall_reason(task);
                    self.record(Event::Stalled { task, reason });
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
                String::from("its waker is kept by its own future, and nothing else will wake it")
            }
            Holder::Task(t) => format!(
                "its waker is kept by task `{}`, which will never wake it",
                self.task_name(t)
            ),
            Holder::Outside => {
                String::from("its waker is held outside the runtime, and nothing woke it")
            }
        };
        Text::from(text)
    }
}
