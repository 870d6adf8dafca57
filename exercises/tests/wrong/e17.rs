//! Exercise 17: `Instrumented` wrappers with one mistake each, the ones learners make about
//! what a poll's duration is, when a scheduling delay starts, and how the wake reaches them,
//! plus one that moves the future it should keep pinned.

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use exercises::checks::e17_instrumented::{Metrics, Subject};
use exercises::support::clock;
use runtime_core::{Tick, will_wake};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::Wake;

/// The delay is measured from the end of the previous poll, not from the wake: the idle time
/// (waiting for the timer, the bell) is counted as if the task had been waiting to run.
pub const FROM_POLL_END: u8 = 1;
/// Every wake notes its time, so a second wake before the poll restarts the delay.
pub const LAST_WAKE: u8 = 2;
/// A slow poll is counted when it ends, and again at the next poll's start (from a flag kept
/// for it).
pub const DOUBLE_SLOW: u8 = 3;
/// A poll is slow only *above* the threshold (`>`).
pub const STRICT: u8 = 4;
/// The stopwatch starts at the first poll and stops when the future is ready: the time
/// between polls (other tasks running, the task waiting) is counted as poll time.
pub const ACROSS_PENDING: u8 = 5;
/// The inner future is polled with the task's own `cx`: every wake goes straight to the task,
/// and the recorder never hears of one.
pub const PASS_THROUGH: u8 = 6;
/// The recorder notes the time of a wake and stops there: the task is never woken.
pub const NO_FORWARD: u8 = 7;
/// The task's waker is kept on the first poll only, and a wake takes it (wakes it by value):
/// the second wake finds nothing to pass on.
pub const TAKEN_ONCE: u8 = 8;

/// A monitor: its threshold and its totals.
#[derive(Clone)]
pub struct Mon {
    threshold: Tick,
    metrics: Rc<RefCell<Metrics>>,
}

#[derive(Default)]
pub struct Recorder<const BUG: u8> {
    woke_at: Mutex<Option<Tick>>,
    task_waker: Mutex<Option<Waker>>,
}

impl<const BUG: u8> Wake for Recorder<BUG> {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        {
            let mut at = self.woke_at.lock().unwrap();
            if BUG == LAST_WAKE || at.is_none() {
                *at = Some(clock::now());
            }
        }
        match BUG {
            NO_FORWARD => {}
            TAKEN_ONCE => {
                let taken = self.task_waker.lock().unwrap().take();
                if let Some(w) = taken {
                    w.wake();
                }
            }
            _ => {
                if let Some(w) = &*self.task_waker.lock().unwrap() {
                    w.wake_by_ref();
                }
            }
        }
    }
}

/// The wrapper with mistake `BUG` (the future is boxed: pinning is not what these get wrong).
pub struct Instr<F, const BUG: u8> {
    future: Pin<Box<F>>,
    mon: Mon,
    recorder: Arc<Recorder<BUG>>,
    polled: bool,
    first_start: Option<Tick>,
    last_end: Option<Tick>,
    last_slow: bool,
}

impl<F: Future, const BUG: u8> Future for Instr<F, BUG> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        let start = clock::now();
        let woke = this.recorder.woke_at.lock().unwrap().take();
        {
            let mut m = this.mon.metrics.borrow_mut();
            let from = if BUG == FROM_POLL_END {
                this.last_end
            } else {
                woke
            };
            if let Some(from) = from {
                m.total_scheduled_count += 1;
                m.total_scheduled_duration += start - from;
            }
            if BUG == DOUBLE_SLOW && this.last_slow {
                m.total_slow_poll_count += 1;
            }
        }
        if BUG != TAKEN_ONCE || !this.polled {
            let mut kept = this.recorder.task_waker.lock().unwrap();
            if !kept.as_ref().is_some_and(|w| will_wake(w, cx.waker())) {
                *kept = Some(cx.waker().clone());
            }
        }
        this.polled = true;
        let first_start = *this.first_start.get_or_insert(start);
        let result = if BUG == PASS_THROUGH {
            this.future.as_mut().poll(cx)
        } else {
            let waker = Waker::from(Arc::clone(&this.recorder));
            this.future.as_mut().poll(&mut Context::from_waker(&waker))
        };
        let end = clock::now();
        let duration = end - start;
        let mut m = this.mon.metrics.borrow_mut();
        m.total_poll_count += 1;
        if BUG == ACROSS_PENDING {
            if result.is_ready() {
                m.total_poll_duration += end - first_start;
            }
        } else {
            m.total_poll_duration += duration;
        }
        let slow = if BUG == STRICT {
            duration > this.mon.threshold
        } else {
            duration >= this.mon.threshold
        };
        if slow {
            m.total_slow_poll_count += 1;
        }
        this.last_slow = slow;
        this.last_end = Some(end);
        result
    }
}

/// The checks' subject for mistake `BUG`.
pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Monitor = Mon;
    type Instrumented<F: Future + 'static> = Instr<F, BUG>;
    fn monitor(slow_poll_threshold: Tick) -> Mon {
        Mon {
            threshold: slow_poll_threshold,
            metrics: Rc::default(),
        }
    }
    fn instrument<F: Future + 'static>(monitor: &Mon, future: F) -> Instr<F, BUG> {
        Instr {
            future: Box::pin(future),
            mon: monitor.clone(),
            recorder: Arc::default(),
            polled: false,
            first_start: None,
            last_end: None,
            last_slow: false,
        }
    }
    fn metrics(monitor: &Mon) -> Metrics {
        *monitor.metrics.borrow()
    }
}

/// Measures correctly, but polls the future by moving it out of `self` and back, as code that
/// assumes `F: Unpin` is made to compile.
pub struct MovesFuture;

pub struct Moving<F> {
    future: Option<F>,
    inner: Instr<core::future::Ready<()>, 0>,
}

impl<F: Future> Future for Moving<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: deliberately wrong — the future is moved out and back in, which is exactly
        // what Pin forbids; the checks' guard catches it before it is polled at the new place.
        let this = unsafe { self.get_unchecked_mut() };
        let start = clock::now();
        if let Some(w) = this.inner.recorder.woke_at.lock().unwrap().take() {
            let mut m = this.inner.mon.metrics.borrow_mut();
            m.total_scheduled_count += 1;
            m.total_scheduled_duration += start - w;
        }
        *this.inner.recorder.task_waker.lock().unwrap() = Some(cx.waker().clone());
        let waker = Waker::from(Arc::clone(&this.inner.recorder));
        let mut future = this.future.take().expect("polled after completion");
        // SAFETY: deliberately wrong (see above).
        let result =
            unsafe { Pin::new_unchecked(&mut future) }.poll(&mut Context::from_waker(&waker));
        this.future = Some(future);
        let duration = clock::now() - start;
        let mut m = this.inner.mon.metrics.borrow_mut();
        m.total_poll_count += 1;
        m.total_poll_duration += duration;
        if duration >= this.inner.mon.threshold {
            m.total_slow_poll_count += 1;
        }
        result
    }
}

impl Subject for MovesFuture {
    type Monitor = Mon;
    type Instrumented<F: Future + 'static> = Moving<F>;
    fn monitor(slow_poll_threshold: Tick) -> Mon {
        Variant::<0>::monitor(slow_poll_threshold)
    }
    fn instrument<F: Future + 'static>(monitor: &Mon, future: F) -> Moving<F> {
        Moving {
            future: Some(future),
            inner: Variant::<0>::instrument(monitor, core::future::ready(())),
        }
    }
    fn metrics(monitor: &Mon) -> Metrics {
        *monitor.metrics.borrow()
    }
}
