//! `wake_self_once`: give the worker back by waking yourself, as `yield_now` did before
//! Tokio 1.23.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Wakes its own task by reference during its poll and returns `Pending` once, then `Ready`.
/// The task is queued again as soon as that poll returns (a self-wake), so it comes back after
/// the tasks already queued but before the worker turns its drivers: unlike
/// [`YieldNow`](super::YieldNow), whose waker waits on the defer list until the drivers have
/// turned. This is what Tokio's `yield_now` did until 1.23, and what a hand-written future
/// that wants to give the worker back (without a runtime to ask) still does.
#[derive(Debug, Default)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct WakeSelfOnce {
    woken: bool,
}

/// A future that wakes its own task once (see [`WakeSelfOnce`]).
pub fn wake_self_once() -> WakeSelfOnce {
    WakeSelfOnce::default()
}

impl Future for WakeSelfOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.woken {
            return Poll::Ready(());
        }
        self.woken = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
