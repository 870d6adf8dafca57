//! `pending()`: never completes, but keeps its waker (so the runtime can say what holds it).

use crate::handle::Handle;
use crate::trace::Holder;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// Never completes. Unlike `core::future::pending`, it keeps a clone of the waker, so a stuck
/// task is reported as "awaits pending()" rather than as a lost wakeup.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Pending {
    handle: Handle,
    waker: Option<Waker>,
}

impl Pending {
    pub(crate) fn new(handle: Handle) -> Self {
        Pending {
            handle,
            waker: None,
        }
    }
}

impl Future for Pending {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self
            .waker
            .as_ref()
            .is_some_and(|w| crate::waker::will_wake(w, cx.waker()))
        {
            let waker = self.handle.clone_waker(cx.waker(), Holder::Pending);
            let old = self.waker.replace(waker);
            drop(old);
        }
        Poll::Pending
    }
}
