//! Exercise 16: a `Timeout` that moves its future out to poll it, and one that polls the
//! timer first.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e16_pin_projection::Subject;
use runtime_core::time::{Elapsed, Sleep};
use runtime_core::{Handle, Tick};

/// Moves the future out of the struct to poll it, then puts it back.
pub struct MovesFuture;
/// Polls the sleep before the future.
pub struct SleepFirst;

pub struct Moving<F> {
    future: Option<F>,
    sleep: Sleep,
}

impl<F: Future> Future for Moving<F> {
    type Output = Result<F::Output, Elapsed>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: deliberately wrong — the future is moved out and back in, which is exactly
        // what Pin forbids; the checks' guard catches it before it is polled at the new place.
        let this = unsafe { self.get_unchecked_mut() };
        let mut future = this.future.take().expect("polled after completion");
        // SAFETY: deliberately wrong (see above).
        let r = unsafe { Pin::new_unchecked(&mut future) }.poll(cx);
        this.future = Some(future);
        if let Poll::Ready(v) = r {
            return Poll::Ready(Ok(v));
        }
        Pin::new(&mut this.sleep).poll(cx).map(|()| Err(Elapsed))
    }
}

pub struct Backwards<F> {
    future: Pin<Box<F>>,
    sleep: Sleep,
}

impl<F: Future> Future for Backwards<F> {
    type Output = Result<F::Output, Elapsed>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if Pin::new(&mut this.sleep).poll(cx).is_ready() {
            return Poll::Ready(Err(Elapsed));
        }
        this.future.as_mut().poll(cx).map(Ok)
    }
}

impl Subject for MovesFuture {
    type Timeout<F: Future + 'static> = Moving<F>;
    fn timeout<F: Future + 'static>(h: &Handle, ticks: Tick, future: F) -> Self::Timeout<F> {
        Moving {
            future: Some(future),
            sleep: h.sleep(ticks),
        }
    }
}

impl Subject for SleepFirst {
    type Timeout<F: Future + 'static> = Backwards<F>;
    fn timeout<F: Future + 'static>(h: &Handle, ticks: Tick, future: F) -> Self::Timeout<F> {
        Backwards {
            future: Box::pin(future),
            sleep: h.sleep(ticks),
        }
    }
}
