//! Exercise 4 — `block_on`: run one future to completion on the current thread. (Solution.)
//!
//! Goal: `block_on(parker, future)` polls `future` until it is ready and returns its output.
//! Between polls it must not spin: when the future returns `Pending`, the thread sleeps
//! (`parker.park()`) until the future's waker has been called.

use crate::support::parker::Parker;
use core::future::Future;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;

/// What the waker sets and `block_on` reads: "the future asked to be polled again".
#[derive(Debug, Default)]
struct Signal {
    woken: AtomicBool,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Release pairs with the Acquire in `block_on`: whatever the waking thread did before
        // waking is visible to the poll that follows.
        self.woken.store(true, Ordering::Release);
    }
}

/// Runs `future` to completion and returns its output.
pub fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
    let mut future = pin!(future);
    let signal = Arc::new(Signal::default());
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Check the flag before each park: a wake that came during the poll is already
        // there, and parking now would wait for a second one that may never come. `swap`
        // consumes the wake, so the next Pending parks again.
        while !signal.woken.swap(false, Ordering::Acquire) {
            parker.park();
        }
    }
}
