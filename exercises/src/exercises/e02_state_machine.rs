//! Exercise 2 — An `async fn` with two awaits, desugared into a state machine by hand.
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
//!
//! The compiler turns it into an enum with one variant per place the future can be parked,
//! each holding the variables still needed after that point, and a `poll` that runs from one
//! await to the next. Write that `poll`.
//!
//! Lesson: `exercises/lessons/e02_state_machine.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e02`

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::time::Sleep;
use runtime_core::{Handle, Tick};

/// The state machine of `brew`. `Sleep` is `Unpin`, so `Brew` is too: no pin projection
/// needed here (exercise 16 is about that).
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
        // Each turn of the loop takes the current state out (leaving `Done` behind), runs
        // the code up to the next await, and either parks in a new state or goes on.
        loop {
            match core::mem::replace(this, Brew::Done) {
                Brew::Start { h } => {
                    // TODO: the code before await #1: note the start time and create the
                    //       first sleep; then go on to `Boiling` (store it in `*this`).
                    todo!("Start")
                }
                Brew::Boiling {
                    h,
                    started,
                    mut sleep,
                } => {
                    // TODO: poll the sleep (`Pin::new(&mut sleep).poll(cx)`). Pending: put
                    //       the state back and return Pending. Ready: run the code between
                    //       the awaits, create the second sleep and go on to `Steeping`.
                    todo!("Boiling")
                }
                Brew::Steeping {
                    h,
                    started,
                    mut sleep,
                } => {
                    // TODO: poll the second sleep; when it is ready, return the output.
                    todo!("Steeping")
                }
                Brew::Done => panic!("`Brew` polled after it returned its output"),
            }
        }
    }
}
