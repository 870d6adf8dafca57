//! Two ways a check drives futures by hand inside a task: poll one once and keep it (so it
//! registers a waker, then is handed to another task or dropped), and race two as `select!`
//! does (the first ready wins; the loser is the caller's to drop).

use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::Poll;

/// Polls `future` once with the calling task's waker and returns whatever it answered.
pub async fn poll_once<F: Future + Unpin>(future: &mut F) {
    poll_fn(|cx| {
        let _ = Pin::new(&mut *future).poll(cx);
        Poll::Ready(())
    })
    .await;
}

/// Polls `first`, then `second`, at each wake, until one is ready: a two-branch `select!` in
/// its default order (Tokio's picks a random branch first unless it is `biased;`).
pub async fn race<A, B>(first: &mut A, second: &mut B)
where
    A: Future + Unpin,
    B: Future + Unpin,
{
    poll_fn(|cx| {
        if Pin::new(&mut *first).poll(cx).is_ready() {
            return Poll::Ready(());
        }
        Pin::new(&mut *second).poll(cx).map(drop)
    })
    .await;
}
