//! Exercise 12 — A cooperative budget: make a task that always finds work yield anyway.
//!
//! Goal: Tokio's coop budget, in two parts.
//!
//! * The scheduler's part, `Budgeted::poll`: every poll of a task runs with a fresh budget of
//!   `BUDGET` units; afterwards, whatever budget was there before is put back (outside any
//!   task the budget is `None`: unconstrained).
//! * The leaf future's part, `poll_proceed(cx)`: called by a leaf future (a channel receive,
//!   a socket read) before it does its work. With budget left, it spends one unit and returns
//!   `Ready(())`. With none left, it makes sure the task will be polled again and returns
//!   `Pending`: the task yields, and every other task gets a turn.
//!
//! Lesson: `exercises/lessons/e12_budget.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e12`

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
        // TODO: remember the budget there is now, set `Some(BUDGET)`, poll the inner future,
        //       put the remembered budget back, and return the inner future's result.
        todo!("Budgeted::poll")
    }
}

/// Spends one unit of the budget, or (none left) arranges another poll and returns Pending.
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    // TODO: `None`: Ready (unconstrained). `Some(n)` with n > 0: store n - 1, Ready.
    //       `Some(0)`: wake the task (`cx.waker().wake_by_ref()`), return Pending.
    todo!("poll_proceed")
}
