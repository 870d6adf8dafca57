//! Exercise 16 — Pin projection: a `Timeout<F>` that polls a pinned inner future.
//!
//! Goal: `Timeout::new(h, ticks, future)` resolves to `Ok(output)` if `future` completes
//! first, or `Err(Elapsed)` once `ticks` have passed (the inner future is then dropped along
//! with the `Timeout`). Poll the inner future first, then the sleep, so a future that is
//! ready at the deadline still wins.
//!
//! The catch: `F` may be `!Unpin` (every `async` block is), so once the `Timeout` is pinned,
//! `future` must never move again. From `Pin<&mut Self>` you need `Pin<&mut F>` for `future`
//! (a *structural* pin projection, which takes `unsafe`) and a plain `&mut Sleep` for `sleep`
//! (`Sleep` is `Unpin`). The checks wrap the inner future in a guard that fails if it ever
//! moves between polls.
//!
//! Lesson: `exercises/lessons/e16_pin_projection.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e16`

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::time::{Elapsed, Sleep};
use runtime_core::{Handle, Tick};

/// `future`, with a deadline.
#[derive(Debug)]
pub struct Timeout<F> {
    future: F,
    sleep: Sleep,
}

impl<F> Timeout<F> {
    /// `future`, which must complete within `ticks` from now.
    pub fn new(h: &Handle, ticks: Tick, future: F) -> Timeout<F> {
        Timeout {
            future,
            sleep: h.sleep(ticks),
        }
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // TODO: project the pin: get `&mut Self` without moving it
        //       (`unsafe { self.get_unchecked_mut() }`), then `Pin<&mut F>` for the field
        //       `future` (`unsafe { Pin::new_unchecked(&mut this.future) }`) and
        //       `Pin::new(&mut this.sleep)` for the `Unpin` sleep. Write a `// SAFETY:`
        //       comment for each unsafe block: why can `future` never move?
        // TODO: poll the future first: Ready(v) → Ready(Ok(v)). Then the sleep: Ready →
        //       Ready(Err(Elapsed)). Otherwise Pending.
        todo!("Timeout::poll")
    }
}
