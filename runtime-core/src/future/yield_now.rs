//! `yield_now`: give the worker back once, and come back after the drivers have turned.

use crate::handle::Handle;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Returns `Pending` once, then `Ready`. It does not wake its task: it hands the waker to the
/// worker's defer list ([`Handle::defer`]), which the worker wakes, last deferred first, only
/// after it has run out of other ready tasks (or reached its `event_interval`) and turned its
/// drivers. So a task that yields lets every other ready task run, and timers and I/O get
/// their turn, before it runs again. This is Tokio's `yield_now` since 1.23
/// (`task/yield_now.rs`). It spends no cooperative budget, as in Tokio.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct YieldNow {
    handle: Handle,
    yielded: bool,
}

impl YieldNow {
    pub(crate) fn new(handle: Handle) -> Self {
        YieldNow {
            handle,
            yielded: false,
        }
    }
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        self.handle.defer(cx.waker());
        Poll::Pending
    }
}
