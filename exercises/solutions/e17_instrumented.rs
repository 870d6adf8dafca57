//! Exercise 17 — Instrumentation: a wrapper future that measures its polls and its wakes.
//! (Solution.)

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
        // The first wake since the poll began is when the task became ready to run; a later
        // one finds it still waiting (tokio-metrics' `on_wake` keeps the first, too).
        lock(&self.woke_at).get_or_insert_with(clock::now);
        // By reference: the waker stays kept for the next wake. (Tokio-metrics keeps it in
        // an `AtomicWaker`, whose `wake` takes it out; its next poll registers it again.)
        if let Some(waker) = &*lock(&self.task_waker) {
            waker.wake_by_ref();
        }
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
        // SAFETY: we never move out of `this`: `future` is only reached through the pinned
        // projection below, and the other fields are never pinned. `Instrumented` keeps
        // `future` structurally pinned: no `Drop` impl, no method that hands out `&mut F`, and
        // it is `Unpin` only when `F` is (the auto trait).
        let this = unsafe { self.get_unchecked_mut() };
        let start = clock::now();
        // Scheduled: from the first wake since the last poll began to this poll. `take`
        // leaves `None`, so the next delay starts from the next wake.
        if let Some(woke_at) = lock(&this.recorder.woke_at).take() {
            let mut m = this.monitor.metrics.borrow_mut();
            m.total_scheduled_count += 1;
            m.total_scheduled_duration += start - woke_at;
        }
        // The recorder passes wakes on to the waker of the task polling us now (a new clone
        // only when the kept one would wake another task).
        {
            let mut kept = lock(&this.recorder.task_waker);
            if !kept.as_ref().is_some_and(|w| will_wake(w, cx.waker())) {
                *kept = Some(cx.waker().clone());
            }
        }
        let waker = Waker::from(Arc::clone(&this.recorder));
        let mut inner_cx = Context::from_waker(&waker);
        // SAFETY: `this` was pinned and `future` is structurally pinned (see above), so it
        // stays at this address until it is dropped in place with the `Instrumented`.
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        let result = future.poll(&mut inner_cx);
        // Busy: this poll only. The time between polls is not the future's.
        let duration = clock::now() - start;
        let mut m = this.monitor.metrics.borrow_mut();
        m.total_poll_count += 1;
        m.total_poll_duration += duration;
        if duration >= this.monitor.slow_poll_threshold {
            m.total_slow_poll_count += 1;
        }
        result
    }
}

/// Locks `m`; a panic elsewhere cannot leave these plain values half-written, so a poisoned
/// lock is used as it is.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
