//! A blocking task's closure as the future a task slot holds.
//!
//! Tokio turns the closure given to `spawn_blocking` into a future that runs it on its first
//! poll (`runtime/blocking/task.rs`, `BlockingTask`), so that a blocking task has a task id,
//! a `JoinHandle` and an abort like any other. The lab does the same, except that its pool
//! threads live in virtual time: the pool polls the future when the thread takes the task and
//! again each time the work the closure has done so far has taken its time, and only the last
//! poll, once all of it has, hands the output to the `JoinHandle` (waking its waiter then, not
//! when the closure returned).
//!
//! The closure is called in steps: each call runs until it has done some work and returns
//! `Pending` (call again when that time has passed), or returns `Ready` with the output. A Rust
//! closure runs in one step; the scenario interpreter pauses its blocking code after each
//! `work(d)`, so that what the code does later (a print) is recorded at its own time.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// The closure's steps, then its output until the pool's thread is done with it.
pub(crate) struct BlockingTask<F, R> {
    step: F,
    output: Option<R>,
}

impl<F, R> BlockingTask<F, R> {
    pub(crate) fn new(step: F) -> Self {
        BlockingTask { step, output: None }
    }
}

// The closure is never pinned (as in Tokio: it is only called).
impl<F, R> Unpin for BlockingTask<F, R> {}

impl<F, R> Future for BlockingTask<F, R>
where
    F: FnMut() -> Poll<R>,
{
    type Output = R;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<R> {
        let this = self.get_mut();
        if let Some(output) = this.output.take() {
            // The last poll: the closure's work has all taken its time.
            return Poll::Ready(output);
        }
        if let Poll::Ready(output) = (this.step)() {
            this.output = Some(output);
        }
        // Not done until the time the closure spent has passed (the pool polls again then).
        Poll::Pending
    }
}
