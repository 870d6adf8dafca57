//! Exercise 2 — An `async fn` with two awaits, desugared into a state machine by hand.
//! (Solution.)
//!
//! Goal: `Brew` must do exactly what this `async fn` does (the checks compare the traces):
//!
//! ```text
//! async fn brew(h: Handle) -> Tick {
//!     let started = h.now();
//!     h.sleep(10).await;          // await #1: boiling
//!     h.print("water boiled");
//!     h.sleep(5).await;           // await #2: steeping
//!     h.now() - started
//! }
//! ```

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::time::Sleep;
use runtime_core::{Handle, Tick};

/// The state machine of `brew`. `Sleep` is `Unpin`, so `Brew` is too.
#[derive(Debug)]
pub enum Brew {
    /// Created, not polled yet: it holds the function's arguments.
    Start { h: Handle },
    /// Parked at await #1, `h.sleep(10).await`.
    Boiling {
        h: Handle,
        started: Tick,
        sleep: Sleep,
    },
    /// Parked at await #2, `h.sleep(5).await`.
    Steeping {
        h: Handle,
        started: Tick,
        sleep: Sleep,
    },
    /// Returned its output.
    Done,
}

impl Brew {
    /// `brew(h)`: like calling an `async fn`, this only builds the state machine.
    pub fn new(h: Handle) -> Brew {
        Brew::Start { h }
    }

    /// The state's name, shown in the trace as `state=` at each `poll_end`.
    pub fn state_name(&self) -> &'static str {
        match self {
            Brew::Start { .. } => "start",
            Brew::Boiling { .. } => "boiling (await #1)",
            Brew::Steeping { .. } => "steeping (await #2)",
            Brew::Done => "done",
        }
    }
}

impl Future for Brew {
    type Output = Tick;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Tick> {
        let this = self.get_mut();
        loop {
            match core::mem::replace(this, Brew::Done) {
                Brew::Start { h } => {
                    let started = h.now();
                    // Creating a Sleep does nothing yet: it registers its timer when polled,
                    // which happens on the next turn of the loop, in this same poll.
                    let sleep = h.sleep(10);
                    *this = Brew::Boiling { h, started, sleep };
                }
                Brew::Boiling {
                    h,
                    started,
                    mut sleep,
                } => {
                    if Pin::new(&mut sleep).poll(cx).is_pending() {
                        *this = Brew::Boiling { h, started, sleep };
                        return Poll::Pending;
                    }
                    h.print("water boiled");
                    let sleep = h.sleep(5);
                    // Go on: the new sleep must be polled now, or nothing will ever wake us.
                    *this = Brew::Steeping { h, started, sleep };
                }
                Brew::Steeping {
                    h,
                    started,
                    mut sleep,
                } => {
                    if Pin::new(&mut sleep).poll(cx).is_pending() {
                        *this = Brew::Steeping { h, started, sleep };
                        return Poll::Pending;
                    }
                    return Poll::Ready(h.now() - started);
                }
                Brew::Done => panic!("`Brew` polled after it returned its output"),
            }
        }
    }
}
