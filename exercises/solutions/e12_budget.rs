//! Exercise 12 — A cooperative budget: make a task that always finds work yield anyway.
//! (Solution.)

use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Units a task may spend in one poll (Tokio uses 128; smaller here keeps the checks short).
pub const BUDGET: u32 = 32;

std::thread_local! {
    /// The budget of the poll in progress; `None` means unconstrained (no budgeted poll).
    static REMAINING: Cell<Option<u32>> = const { Cell::new(None) };
}

/// The budget left now.
pub fn remaining() -> Option<u32> {
    REMAINING.with(Cell::get)
}

/// A task's future, polled with a fresh budget each time (what the scheduler does).
#[derive(Debug)]
pub struct Budgeted<F> {
    inner: Pin<Box<F>>,
}

impl<F> Budgeted<F> {
    /// Wraps a task's future.
    pub fn new(future: F) -> Budgeted<F> {
        Budgeted {
            inner: Box::pin(future),
        }
    }
}

impl<F: Future> Future for Budgeted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let previous = REMAINING.with(|r| r.replace(Some(BUDGET)));
        // Put the old budget back even if the poll panics, as Tokio's `ResetGuard` does.
        struct Restore(Option<u32>);
        impl Drop for Restore {
            fn drop(&mut self) {
                REMAINING.with(|r| r.set(self.0));
            }
        }
        let _restore = Restore(previous);
        self.inner.as_mut().poll(cx)
    }
}

/// Spends one unit of the budget, or (none left) arranges another poll and returns Pending.
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    match remaining() {
        None => Poll::Ready(()),
        Some(0) => {
            // Out of budget: yield. The wake makes sure the task is polled again (it goes to
            // the back of the queue, behind the tasks it was starving).
            cx.waker().wake_by_ref();
            Poll::Pending
        }
        Some(n) => {
            REMAINING.with(|r| r.set(Some(n - 1)));
            Poll::Ready(())
        }
    }
}
