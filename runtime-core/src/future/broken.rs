//! Two deliberately broken leaf futures, for the lessons on lost wakeups and blocking.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// BROKEN ON PURPOSE: returns `Pending` the first time without keeping the waker, and would
/// be ready on a later poll that never comes. Its task is stuck forever: a lost wakeup.
#[derive(Debug, Default)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct LostWake {
    polled: bool,
}

impl Future for LostWake {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        // The bug: nothing keeps `_cx.waker()`, so nothing will ever wake this task.
        Poll::Pending
    }
}

/// BROKEN ON PURPOSE: always ready, and never spends cooperative budget. A loop that awaits it
/// never returns `Pending`, so its task never gives the worker back.
#[derive(Debug, Default)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct NoYield;

impl Future for NoYield {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}
