//! Exercise 1 — A future by hand: a countdown that wakes itself.
//!
//! Goal: `Countdown::new(n)` is a future that returns `Poll::Pending` `n` times and then
//! `Poll::Ready("liftoff")`. Every time it returns `Pending` it must make sure its task is
//! polled again: an executor polls a task only after its waker was called, and nothing else
//! knows about this countdown.
//!
//! Lesson: `exercises/lessons/e01_countdown.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e01`
//! Hints:  `cargo run --release -p exercises --bin grade -- --hint e01` (then 2, 3, 4).

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
        // TODO: when nothing remains, return `Poll::Ready("liftoff")`.
        // TODO: otherwise count one down, make sure this task will be polled again, and
        //       return `Poll::Pending`.
        todo!("Countdown::poll")
    }
}
