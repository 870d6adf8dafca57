//! Exercise 16 — Pin projection: a `Timeout<F>` that polls a pinned inner future.
//! (Solution.)

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::time::{Elapsed, Sleep};
use runtime_core::{Handle, Tick};

/// `future`, with a deadline.
#[derive(Debug)]
pub struct Timeout<F> {
    future: F,
    sleep: Sleep,
}

impl<F> Timeout<F> {
    /// `future`, which must complete within `ticks` from now.
    pub fn new(h: &Handle, ticks: Tick, future: F) -> Timeout<F> {
        Timeout {
            future,
            sleep: h.sleep(ticks),
        }
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: we never move out of `this`: `future` is only reached through the pinned
        // projection below and `sleep` is `Unpin`. `Timeout` keeps `future` structurally
        // pinned: it has no `Drop` impl that could move it, no method that hands out
        // `&mut F`, and it is `Unpin` only when `F` is (the auto trait).
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: `this` was pinned, and `future` is structurally pinned (see above), so it
        // stays at this address until it is dropped in place with the `Timeout`.
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        // The future first: one that is ready at the deadline still wins.
        if let Poll::Ready(output) = future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match Pin::new(&mut this.sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed)),
            Poll::Pending => Poll::Pending,
        }
    }
}
