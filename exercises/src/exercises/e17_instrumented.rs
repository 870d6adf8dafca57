//! Exercise 17 — Instrumentation: a wrapper future that measures its polls and its wakes.
//!
//! Goal: `monitor.instrument(future)` returns an `Instrumented<F>` that behaves exactly as
//! `future` does (same output, same wakes), and adds to the monitor's `TaskMetrics` what
//! tokio-metrics' `TaskMonitor` measures:
//!
//! * **every poll**: `total_poll_count` + 1, and its duration (the time just after the inner
//!   future's `poll` returns minus the time just before it is called) added to
//!   `total_poll_duration`. A poll of `slow_poll_threshold` ticks or more (`>=`) also counts
//!   once in `total_slow_poll_count`.
//! * **every scheduling delay**: if the task was woken since its last poll began, the time from
//!   that wake to the start of this poll is added to `total_scheduled_duration`, and
//!   `total_scheduled_count` + 1. The *first* wake is the one that counts: a second wake before
//!   the poll does not restart the wait. A poll that no wake led to (the first) has no delay.
//!
//! Only a waker of your own sees the wake: `Instrumented` polls the inner future with a
//! `Context` whose waker is a `WakeRecorder`, which notes the time and passes the wake on to
//! the task's real waker (kept in the recorder, updated at every poll).
//!
//! `F` may be `!Unpin` (every `async` block is): `Instrumented<F>` must be a future for every
//! `F: Future`, so reach `future` by pin projection, as in exercise 16.
//!
//! Time is `clock::now()`: the runtime's virtual time, readable from a waker too.
//!
//! Lesson: `exercises/lessons/e17_instrumented.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e17`

use crate::support::clock;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::{Tick, will_wake};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::Wake;

/// What a monitor has measured, summed over every future it instruments (the names are
/// tokio-metrics' `TaskMetrics` fields; durations are in ticks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskMetrics {
    /// Polls of the inner futures.
    pub total_poll_count: u64,
    /// Time spent inside those polls.
    pub total_poll_duration: Tick,
    /// Polls that took `slow_poll_threshold` or more.
    pub total_slow_poll_count: u64,
    /// Polls that a wake led to.
    pub total_scheduled_count: u64,
    /// Time from those wakes to the polls they led to.
    pub total_scheduled_duration: Tick,
}

/// Measures the futures it instruments. Cloning shares the metrics.
#[derive(Clone, Debug)]
pub struct TaskMonitor {
    slow_poll_threshold: Tick,
    metrics: Rc<RefCell<TaskMetrics>>,
}

impl TaskMonitor {
    /// A monitor for which a poll of `slow_poll_threshold` ticks or more is slow.
    pub fn with_slow_poll_threshold(slow_poll_threshold: Tick) -> TaskMonitor {
        TaskMonitor {
            slow_poll_threshold,
            metrics: Rc::new(RefCell::new(TaskMetrics::default())),
        }
    }

    /// Polls of this many ticks or more are slow.
    pub fn slow_poll_threshold(&self) -> Tick {
        self.slow_poll_threshold
    }

    /// Everything measured so far.
    pub fn cumulative(&self) -> TaskMetrics {
        *self.metrics.borrow()
    }

    /// `future`, measured by this monitor.
    pub fn instrument<F>(&self, future: F) -> Instrumented<F> {
        Instrumented {
            future,
            monitor: self.clone(),
            recorder: Arc::new(WakeRecorder::default()),
        }
    }
}

/// The waker the inner future is polled with: it notes when the task is woken, then wakes it.
#[derive(Debug, Default)]
struct WakeRecorder {
    /// When the task was first woken since its last poll began (`None`: not since).
    woke_at: Mutex<Option<Tick>>,
    /// The task's own waker, to pass every wake on to.
    task_waker: Mutex<Option<Waker>>,
}

impl Wake for WakeRecorder {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // TODO: note the time of the wake (`clock::now()`) in `woke_at`, unless a wake since
        //       the last poll is already noted there: the first wake is the one that counts.
        // TODO: pass the wake on: `wake_by_ref` the task's waker, if one is kept.
        //       (No `todo!()` here on purpose: a panic inside a waker would unwind through
        //       the runtime's driver.)
    }
}

/// `future`, measured by `monitor` (made by `TaskMonitor::instrument`).
#[derive(Debug)]
pub struct Instrumented<F> {
    future: F,
    monitor: TaskMonitor,
    recorder: Arc<WakeRecorder>,
}

impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // TODO: project the pin: `unsafe { self.get_unchecked_mut() }` for `&mut Self`, then
        //       `unsafe { Pin::new_unchecked(&mut this.future) }` to poll `future` in place.
        //       Write a `// SAFETY:` comment for each: why does `future` never move?
        // TODO: the scheduling delay: take `woke_at` (leaving `None`); if the task was woken,
        //       count the time from then to now.
        // TODO: keep the task's waker in the recorder: a clone of `cx.waker()`, unless the one
        //       kept already wakes the same task (runtime-core's `will_wake(kept, cx.waker())`).
        //       Then poll the inner future with a `Context` made from
        //       `Waker::from(Arc::clone(&this.recorder))`.
        // TODO: time that poll with `clock::now()` before and after; count the poll, its
        //       duration, and whether it was slow. Return what the inner future returned.
        todo!("Instrumented::poll")
    }
}
