//! Exercise 4 — `block_on`: run one future to completion on the current thread.
//!
//! Goal: `block_on(parker, future)` polls `future` until it is ready and returns its output.
//! Between polls it must not spin: when the future returns `Pending`, the thread sleeps
//! (`parker.park()`) until the future's waker has been called. A wake that comes *during* a
//! poll (a future that wakes itself) must not be lost, and each wake lets the future be
//! polled once more, not forever.
//!
//! `Parker` stands for the thread: `park()` sleeps until the runtime's next timer fires
//! (virtual time, so it runs the same in the browser), and fails the check if nothing could
//! ever wake it.
//!
//! Lesson: `exercises/lessons/e04_block_on.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e04`

use crate::support::parker::Parker;
use core::future::Future;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;

/// What the waker sets and `block_on` reads: "the future asked to be polled again".
#[derive(Debug, Default)]
struct Signal {
    woken: AtomicBool,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // TODO: remember that a wake came. (A real `block_on` would also unpark its thread
        //       here; the `Parker` takes care of that part.)
    }
}

/// Runs `future` to completion and returns its output.
pub fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
    // TODO: pin the future on the stack (`pin!`), make a `Waker` from an `Arc<Signal>`
    //       (`Waker::from`) and a `Context` from that waker.
    // TODO: loop: poll the future; when it is ready, return the output. When it is pending,
    //       park until the signal says a wake came, and use that wake up (so the next
    //       Pending parks again).
    todo!("block_on")
}
