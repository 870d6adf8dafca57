//! One sentence for each event, saying what happened and why, in the runtime's terms:
//! "timer 3 fired at 10ms and woke `consumer`, which was idle: it goes to the back of the
//! ready queue." Shown under the stepping controls and announced to screen readers.

use crate::state::RunData;
use classroom::words;
use runtime_core::trace::{Event, EventRecord, Holder, PollOutcome, WakeEffect, WakeSource};
use runtime_core::{Snapshot, TaskId};

/// Explains `rec`; `after` is the state once it has been applied.
pub fn explain(rec: &EventRecord, after: &Snapshot, run: &RunData) -> String {
    let n = &run.shown;
    let at = run.time(rec.at);
    let t = |id: TaskId| format!("`{}`", n.task(id));
    let workers = after.workers.len();
    match &rec.event {
        Event::RuntimeStarted {
            workers,
            event_interval,
            budget,
            lifo_slot,
            ..
        } => format!(
            "The runtime starts as Tokio's {}: {workers} worker{}, drivers checked every \
             {event_interval} polls, budget {}.",
            if *workers > 1 || *lifo_slot {
                "multi_thread scheduler"
            } else {
                "current_thread scheduler"
            },
            if *workers == 1 { "" } else { "s" },
            budget.map_or_else(|| "off".to_string(), |b| format!("{b} per poll"))
        ),
        Event::Spawned {
            task, parent, size, ..
        } => match parent {
            Some(p) => format!(
                "{} spawns {} (its future is {size} bytes).",
                t(*p),
                t(*task)
            ),
            None => format!(
                "{} is spawned at {at} (its future is {size} bytes).",
                t(*task)
            ),
        },
        Event::Enqueued { task, queue } => {
            format!("{} goes {}.", t(*task), words::goes_to(*queue, workers))
        }
        Event::PollStart {
            task, worker, from, ..
        } => {
            let from = words::taken_from(*from, *worker, workers);
            let on = if workers > 1 {
                format!("Worker {}", worker.0)
            } else {
                "The executor".into()
            };
            format!("{on} takes {} from {from} and polls it.", t(*task))
        }
        Event::PollEnd {
            task,
            outcome: PollOutcome::Ready,
            duration,
            ..
        } => format!(
            "{} returns Ready after {}: its future is complete.",
            t(*task),
            run.time(*duration)
        ),
        Event::PollEnd {
            task,
            duration,
            state,
            ..
        } => {
            let parked = state
                .and_then(|l| run.await_site(l).map(|s| format!(" at `{}`", s.label)))
                .unwrap_or_default();
            let waits = matches!(
                after.task(*task).map(|v| v.state),
                Some(runtime_core::TaskState::Idle)
            );
            let deferred = after
                .task(*task)
                .is_some_and(|v| v.wakers.iter().any(|(_, h)| matches!(h, Holder::Defer(_))));
            format!(
                "{} returns Pending after {}{parked}{}",
                t(*task),
                run.time(*duration),
                if !waits {
                    ", but it was woken while running."
                } else if deferred {
                    ": it waits on the defer list, and runs again after the next driver turn."
                } else {
                    ": it waits for a wake."
                }
            )
        }
        Event::WakerCloned {
            task,
            waker,
            holder,
        } => format!(
            "A clone of {}'s waker (waker {}) is now held by {}.",
            t(*task),
            waker.0,
            words::holder(&run.names, *holder)
        ),
        Event::WakerDropped { task, waker } => {
            format!(
                "Waker {} of {} is dropped without waking it.",
                waker.0,
                t(*task)
            )
        }
        Event::Woken {
            task,
            source,
            effect,
            by_ref,
            ..
        } => {
            let who = match source {
                WakeSource::Timer(id) => {
                    format!("Timer {} fired at {at} and woke {}", id.0, t(*task))
                }
                WakeSource::Io(s) => format!(
                    "Socket `{}` became readable and woke {}",
                    n.socket(*s),
                    t(*task)
                ),
                WakeSource::Channel(c) => format!("Channel `{}` wakes {}", n.channel(*c), t(*task)),
                WakeSource::Task(w) if w == task => format!("{} wakes itself", t(*task)),
                WakeSource::Task(w) => format!("{} wakes {}", t(*w), t(*task)),
                WakeSource::Outside => format!("Code outside the runtime wakes {}", t(*task)),
                WakeSource::Defer(w) => format!(
                    "Worker {} wakes {} from its defer list, after the drivers turned",
                    w.0,
                    t(*task)
                ),
            };
            let how = if *by_ref {
                ""
            } else {
                " (waking by value uses up that clone)"
            };
            let what = match effect {
                WakeEffect::Queued(q) => {
                    format!(", which was idle: it goes {}", words::goes_to(*q, workers))
                }
                WakeEffect::AlreadyQueued => {
                    ", which is already queued: it is not queued twice".into()
                }
                WakeEffect::SelfWake => {
                    ", while it is running: it will be queued when this poll returns Pending".into()
                }
                WakeEffect::TaskFinished => ", which has finished: nothing happens".into(),
            };
            format!("{who}{what}{how}.")
        }
        Event::TimerRegistered {
            timer,
            task,
            deadline,
            level,
            slot,
        } => format!(
            "Timer {} for {} is registered for {}: it goes in level {level}, slot {slot} of the wheel.",
            timer.0,
            task.map_or_else(|| "?".into(), t),
            run.time(*deadline)
        ),
        Event::TimerCascaded {
            timer,
            from_level,
            from_slot,
            to_level,
            to_slot,
        } => format!(
            "Time reached the window of level {from_level} slot {from_slot}: timer {} cascades down \
             to level {to_level}, slot {to_slot}.",
            timer.0
        ),
        Event::TimerFired { timer, deadline } => {
            let late = rec.at.saturating_sub(*deadline);
            if late == 0 {
                format!("Timer {} fires on time, at {at}.", timer.0)
            } else {
                format!(
                    "Timer {} fires {} late: it was due at {}, but the drivers were not turned \
                     until {at}.",
                    timer.0,
                    run.time(late),
                    run.time(*deadline)
                )
            }
        }
        Event::TimerCancelled { timer } => format!(
            "Timer {} is removed from the wheel before firing: its Sleep was dropped (cancelled).",
            timer.0
        ),
        Event::ClockAdvanced { from, to } => {
            // After a poll that did `work(d)`, the events before this one were already stamped
            // with the worker's time: the runtime's clock only catches up now.
            let shown = rec
                .seq
                .checked_sub(1)
                .and_then(|i| run.event(i as usize))
                .map_or(0, |prev| prev.at);
            if shown > *from && shown == *to && workers == 1 {
                format!(
                    "The runtime's clock catches up from {} to {}: the poll before did {} of \
                     work, so its worker's time was already {}.",
                    run.time(*from),
                    run.time(*to),
                    run.time(shown - from),
                    run.time(shown)
                )
            } else {
                format!(
                    "The clock moves from {} to {}.",
                    run.time(*from),
                    run.time(*to)
                )
            }
        }
        Event::DriverTurned {
            timers, io, remote, ..
        } => {
            if timers + io + remote == 0 {
                "The drivers are turned: no timer was due and no I/O was ready.".into()
            } else {
                format!(
                    "The drivers are turned: {timers} timer(s) fired, {io} socket(s) became ready, \
                     {remote} wake(s) from outside applied."
                )
            }
        }
        Event::SocketCreated { name, .. } => format!("Socket `{name}` is created in the reactor."),
        Event::IoRegistered { socket, task } => format!(
            "{} finds no data on `{}` and registers interest: the reactor keeps its waker.",
            task.map_or_else(|| "A task".into(), t),
            n.socket(*socket)
        ),
        Event::IoReady { socket, bytes } => {
            format!(
                "{bytes} bytes arrive on socket `{}` at {at}.",
                n.socket(*socket)
            )
        }
        Event::BudgetExhausted { task } => format!(
            "{}'s cooperative budget is spent: its next leaf future returns Pending and defers \
             its wake, so it yields.",
            t(*task)
        ),
        Event::Deferred {
            task,
            worker,
            duplicate: false,
        } => format!(
            "{} yields: instead of waking itself, it hands its waker to worker {}'s defer list. \
             It comes back after the worker has run the other ready tasks and turned its drivers.",
            t(*task),
            worker.0
        ),
        Event::Deferred { task, .. } => format!(
            "{} yields again in the same poll: the defer list's last entry already wakes it, so \
             it is not added twice.",
            t(*task)
        ),
        Event::DeferredWoken { worker, count } => format!(
            "After the driver turn, worker {} wakes the {count} waker{} on its defer list, last \
             deferred first.",
            worker.0,
            if *count == 1 { "" } else { "s" }
        ),
        Event::Aborted { task } if after.task(*task).is_some_and(|v| v.blocking) => {
            if after.pool.queue.contains(task) {
                format!(
                    "{} is aborted while it waits for a thread of the blocking pool: it is \
                     marked cancelled, and the thread that takes it will drop it unrun.",
                    t(*task)
                )
            } else {
                format!(
                    "{} is aborted, but it is running on a thread of the blocking pool, and a \
                     thread cannot be interrupted: the abort does nothing, and it runs to its \
                     end (as in Tokio).",
                    t(*task)
                )
            }
        }
        Event::Aborted { task } => {
            let queued =
                after.task(*task).map(|v| v.state) == Some(runtime_core::TaskState::Queued);
            format!(
                "{} is aborted: it is marked cancelled{}. Its future is dropped when a worker \
                 reaches it, not now.",
                t(*task),
                if queued {
                    " and queued, like a wake"
                } else {
                    ""
                }
            )
        }
        Event::Completed { task } => format!("{} is done.", t(*task)),
        Event::Cancelled { task } => format!(
            "{} is cancelled: its future is dropped before completing (cancellation through Drop); \
             whoever awaits its JoinHandle is woken now.",
            t(*task)
        ),
        Event::Stolen { from, to, count } => format!(
            "Worker {} has nothing to do and steals {count} task{}, half of worker {}'s queue; it \
             polls the last one it took next.",
            to.0,
            if *count == 1 { "" } else { "s" },
            from.0
        ),
        Event::Overflow { worker, count } => format!(
            "Worker {}'s local queue is full: its newest {count} tasks move to the inject queue, \
             and the task being queued follows them.",
            worker.0
        ),
        Event::ChannelCreated { name, capacity, .. } => {
            format!("Channel `{name}` is created with room for {capacity}.")
        }
        Event::ChannelClosed { channel } => {
            let waiting = after.channels.get(channel.index()).map_or(0, |c| c.len);
            format!(
                "Channel `{}` is closed: every task that could send on it is gone, so {}.",
                n.channel(*channel),
                match waiting {
                    0 => String::from("receivers will get None"),
                    1 => String::from("receivers get the 1 value still in it, then None"),
                    w => format!("receivers get the {w} values still in it, then None"),
                }
            )
        }
        Event::Sent { channel, len, .. } => format!(
            "A value goes into `{}` ({len} waiting).",
            n.channel(*channel)
        ),
        Event::Received { channel, len, .. } => {
            format!(
                "A value is taken from `{}` ({len} left).",
                n.channel(*channel)
            )
        }
        Event::Label { .. } => "The program's await points are numbered.".into(),
        Event::Print { task, text } => {
            format!(
                "{} prints \"{text}\".",
                task.map_or_else(|| "The program".into(), t)
            )
        }
        Event::LongPoll { task, duration, .. } => format!(
            "Warning: {}'s poll took {}: it blocked its worker all that time.",
            t(*task),
            run.time(*duration)
        ),
        Event::LostWaker { task } => format!(
            "Warning: {} returned Pending but no clone of its waker exists: nothing can ever wake \
             it (a lost wakeup).",
            t(*task)
        ),
        Event::SelfWakeStorm { task, count } => {
            format!(
                "Warning: {} woke itself {count} polls in a row (busy-looping).",
                t(*task)
            )
        }
        Event::Stalled { task, reason } => format!("{} is stuck: {reason}.", t(*task)),
        Event::LimitReached { limit, value } => {
            format!("The run is stopped: {limit} ({value}) reached.")
        }
        Event::Fault { message, .. } => format!("The program failed: {message}"),
        Event::Locals { task, text } => format!("{}'s future holds {text}.", t(*task)),
        Event::BlockingQueued { task, cap } => {
            let parent = after
                .task(*task)
                .and_then(|v| v.parent)
                .map_or_else(|| "The program".into(), t);
            let busy = after.pool.busy();
            format!(
                "{parent} hands {} to the blocking pool (spawn_blocking): a pool thread runs it, \
                 not a worker. {}",
                t(*task),
                if busy as u64 >= u64::from(*cap) {
                    format!(
                        "All {cap} of the pool's threads are busy: it waits in the pool's queue."
                    )
                } else {
                    format!("The pool has room: a thread takes it at once (at most {cap}).")
                }
            )
        }
        Event::BlockingStarted {
            task,
            thread,
            spawned,
        } => format!(
            "Pool thread {thread}{} takes {} and runs it to its end: from now on nothing can \
             stop it, not even abort.",
            if *spawned {
                ", spawned now (the pool had no idle thread),"
            } else {
                ""
            },
            t(*task)
        ),
        Event::BlockingFinished {
            task,
            thread,
            duration,
        } => format!(
            "{}'s closure returns after {} of blocking work on pool thread {thread}, which held \
             no worker meanwhile: the thread is free again, and the task's JoinHandle has its \
             output.",
            t(*task),
            run.time(*duration)
        ),
        Event::BlockInPlace {
            task,
            worker,
            thread: Some(thread),
            ..
        } => format!(
            "{} calls block_in_place on worker {}: the worker's queues move to pool thread \
             {thread}, which goes on polling them, while {} blocks its own thread (the task in \
             the LIFO slot, which no other worker could steal, goes to the back of the queue).",
            t(*task),
            worker.0,
            t(*task)
        ),
        Event::BlockInPlace {
            task, worker, cap, ..
        } => format!(
            "{} calls block_in_place on worker {}, but all {cap} of the blocking pool's threads \
             are busy: no thread can take the worker's queues, so it waits until the block ends.",
            t(*task),
            worker.0
        ),
        Event::BlockInPlaceEnded {
            task,
            worker,
            duration,
        } => {
            let handed_on = after.pool.threads.iter().any(|p| {
                matches!(p, runtime_core::replay::PoolThreadView::Worker { task: b, .. } if b == task)
            });
            format!(
                "{}'s block_in_place returns after {}; {}",
                t(*task),
                run.time(*duration),
                if handed_on {
                    format!(
                        "the rest of its poll runs on the thread it blocked, off worker {} \
                         (which went on with its other tasks).",
                        worker.0
                    )
                } else {
                    format!("worker {} goes on with it.", worker.0)
                }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, AppState, AtCursor, Unit, apply};
    use std::rc::Rc;

    #[test]
    fn a_timer_wake_reads_as_in_the_design() {
        let mut s = Rc::new(AppState::new(
            &scenario::presets::find("wheel_cascade").unwrap().source,
            None,
        ));
        loop {
            let next = apply(s.clone(), Action::Forward(Unit::Event));
            if Rc::ptr_eq(&next, &s) {
                panic!("no timer wake");
            }
            s = next;
            let rec = s.current_event().unwrap();
            if let Event::Woken {
                source: WakeSource::Timer(_),
                ..
            } = rec.event
            {
                let text = explain(rec, &s.snapshot, s.run.as_ref().unwrap());
                assert_eq!(
                    text,
                    "Timer 0 fired at 3ms and woke `near`, which was idle: it goes to the back of \
                     the ready queue (waking by value uses up that clone)."
                );
                break;
            }
        }
    }

    /// The sentences of a preset, by event kind, in order.
    fn sentences(preset: &str, kind: &str) -> Vec<String> {
        sentences_of(&scenario::presets::find(preset).unwrap().source, kind)
    }

    /// The sentences of a program, by event kind, in order.
    fn sentences_of(source: &str, kind: &str) -> Vec<String> {
        let s = AppState::new(source, None);
        let run = s.run.as_ref().unwrap();
        let mut snap = Snapshot::new();
        let mut out = Vec::new();
        for rec in run.replay.events() {
            snap.apply(rec);
            if rec.event.kind() == kind {
                out.push(explain(rec, &snap, run));
            }
        }
        out
    }

    #[test]
    fn a_poll_that_woke_its_own_task_does_not_read_as_waiting() {
        // The receiver's slot keeps `t`'s waker after the timeout drops its `recv`, so `t`'s
        // own send wakes `t` while it runs (as Tokio's mpsc does).
        let ends = sentences_of(
            "chan c: 1;\ntask t { let r = timeout(1ms, c.recv()).await; c.send(1).await; \
             sleep(1ms).await; }",
            "poll_end",
        );
        assert!(
            ends.iter()
                .any(|t| t.ends_with("at `sleep(1ms).await`, but it was woken while running.")),
            "{ends:#?}"
        );
        // A yield is not a wake: the task waits, its waker on the defer list.
        let ends = sentences("yield_now", "poll_end");
        assert!(
            ends.iter().any(|t| t.ends_with(
                "at `yield_now().await`: it waits on the defer list, and runs again after the \
                 next driver turn."
            )),
            "{ends:#?}"
        );
    }

    #[test]
    fn a_channel_closed_with_values_in_it_says_they_are_still_received() {
        let closed = sentences("backpressure", "channel_closed");
        assert_eq!(
            closed,
            [
                "Channel `jobs` is closed: every task that could send on it is gone, so receivers \
              get the 2 values still in it, then None."
            ]
        );
    }

    #[test]
    fn the_clock_catching_up_after_a_blocking_poll_says_so() {
        let moves = sentences("blocking", "clock_advanced");
        assert!(
            moves.iter().any(|t| t.starts_with(
                "The runtime's clock catches up from 0ms to 30ms: the poll before did 30ms of \
                 work"
            )),
            "{moves:#?}"
        );
    }

    #[test]
    fn the_blocking_pool_sentences_say_what_runs_where() {
        let queued = sentences("spawn_blocking", "blocking_queued");
        assert!(
            queued[0].ends_with("a thread takes it at once (at most 1)."),
            "{queued:#?}"
        );
        assert!(
            queued[1].ends_with("it waits in the pool's queue."),
            "{queued:#?}"
        );
        let aborted = sentences("spawn_blocking", "aborted");
        assert!(
            aborted[0].contains("the abort does nothing"),
            "{aborted:#?}"
        );
        let started = sentences("spawn_blocking", "blocking_started");
        assert!(
            started[0].starts_with("Pool thread 0, spawned now"),
            "{started:#?}"
        );
        let handed = sentences("block_in_place", "block_in_place");
        assert!(handed[0].contains("move to pool thread 0"), "{handed:#?}");
        let ended = sentences("block_in_place", "block_in_place_ended");
        assert!(ended[0].contains("off worker 0"), "{ended:#?}");
    }

    #[test]
    fn every_event_of_every_preset_has_a_sentence() {
        for p in scenario::presets::all()
            .iter()
            .filter(|p| p.name != "hundred_thousand")
        {
            let s = AppState::new(&p.source, None);
            let run = s.run.as_ref().unwrap();
            let mut snap = Snapshot::new();
            for rec in run.replay.events() {
                snap.apply(rec);
                let text = explain(rec, &snap, run);
                assert!(text.ends_with('.') && text.len() > 10, "{}: {text}", p.name);
            }
        }
    }
}
