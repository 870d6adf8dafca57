//! Exercise 9 — A `Sleep` future: register on the first poll, replace a stale waker,
//! deregister on drop.
//!
//! Goal: `Sleep::new(&timers, deadline)` completes once `timers` says its timer has fired.
//!
//! * Creating a `Sleep` does nothing (futures are lazy): it registers its timer on its first
//!   poll (`timers.register(deadline, cx.waker())`), once. A deadline at or before `timers.now()`
//!   is ready at once, without a timer.
//! * On later polls it is ready when `timers.has_fired(key)`. Otherwise it may have been
//!   moved to another task since the last poll: if the stored waker would not wake the task
//!   polling it now (`timers.will_wake(key, cx.waker())`), store the new one
//!   (`timers.set_waker`). If it would, leave it: no clone on every poll.
//! * Dropped before its timer fired (a `select` that picked another branch, a timeout), it
//!   must deregister (`timers.cancel(key)`): cancellation in Rust is `Drop`.
//! * A timer that has fired is still the Sleep's to give back: when the Sleep completes, and
//!   when it is dropped after its timer fired but before a poll saw it (a `select` whose
//!   other branch was polled first), call `timers.cancel(key)` too. For a fired timer that
//!   wakes nobody and is not a cancellation; it only releases the entry. Tokio's `Sleep`
//!   does the same: dropping its `TimerEntry` always calls `cancel`, fired or not.
//!
//! `Timers` is the timer driver (a runtime-core task named `timer driver` that wakes the
//! stored wakers when their deadlines pass).
//!
//! Lesson: `exercises/lessons/e09_sleep.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e09`

use crate::support::timers::{TimerKey, Timers};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::Tick;

/// Where a `Sleep` is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not polled yet: no timer exists.
    Unregistered,
    /// Its timer is registered under this key.
    Registered(TimerKey),
    /// Completed.
    Done,
}

/// Completes at `deadline`.
#[derive(Debug)]
pub struct Sleep {
    timers: Timers,
    deadline: Tick,
    state: State,
}

impl Sleep {
    /// A sleep until `deadline` (it registers nothing until it is polled).
    pub fn new(timers: &Timers, deadline: Tick) -> Sleep {
        Sleep {
            timers: timers.clone(),
            deadline,
            state: State::Unregistered,
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // TODO: Unregistered: if the deadline has passed (`self.timers.now()`), become Done
        //       and return Ready; otherwise register, become Registered, return Pending.
        // TODO: Registered: fired → give the timer back (`cancel`), Done, Ready. Not fired →
        //       update the waker only if the stored one would not wake this task; Pending.
        // TODO: Done: Ready.
        todo!("Sleep::poll")
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // TODO: a Sleep dropped while Registered must cancel its timer, fired or not.
        //       (No `todo!()` here: a panic in a drop during another panic aborts the grader.)
    }
}
