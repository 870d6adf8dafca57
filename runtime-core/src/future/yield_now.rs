//! `yield_now`: give the worker back once, going to the back of the queue.

use crate::handle::Handle;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Returns `Pending` once after waking its own task (a self-wake: the task is queued again at
/// the back when this poll returns), then `Ready`.
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
            self.handle.consume_budget();
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
