//! Exercise 1 — A future by hand: a countdown that wakes itself. (Solution.)
//!
//! Goal: `Countdown::new(n)` is a future that returns `Poll::Pending` `n` times and then
//! `Poll::Ready("liftoff")`. Every time it returns `Pending` it must make sure its task is
//! polled again: an executor polls a task only after its waker was called, and nothing else
//! knows about this countdown.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Counts down from `n`, one step per poll.
#[derive(Debug)]
pub struct Countdown {
    remaining: u32,
}

impl Countdown {
    /// A countdown that is ready after `n` polls that return `Pending`.
    pub fn new(n: u32) -> Countdown {
        Countdown { remaining: n }
    }
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        self.remaining -= 1;
        // Nobody else will wake this task: ask to be polled again. The executor queues the
        // task at the back when this poll returns, so other tasks run in between.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
