//! Exercise 2: state machines that stop after the first await, re-create a sleep on every
//! poll, or report the wrong state.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e02_state_machine::Subject;
use runtime_core::time::Sleep;
use runtime_core::{Handle, Tick};

pub enum Brew<const BUG: u8> {
    Start {
        h: Handle,
    },
    Boiling {
        h: Handle,
        started: Tick,
        sleep: Sleep,
    },
    Steeping {
        h: Handle,
        started: Tick,
        sleep: Sleep,
    },
    Done,
}

/// Returns Pending after moving to Steeping, without polling the new sleep.
pub const NO_LOOP: u8 = 1;
/// Creates a new 5 ms sleep on every poll of the Steeping state.
pub const NEW_SLEEP_EACH_POLL: u8 = 2;
/// Reports Steeping as "boiling (await #1)".
pub const WRONG_LABEL: u8 = 3;

impl<const BUG: u8> Future for Brew<BUG> {
    type Output = Tick;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Tick> {
        let this = self.get_mut();
        loop {
            match core::mem::replace(this, Brew::Done) {
                Brew::Start { h } => {
                    let started = h.now();
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
                    *this = Brew::Steeping { h, started, sleep };
                    if BUG == NO_LOOP {
                        return Poll::Pending;
                    }
                }
                Brew::Steeping { h, started, sleep } => {
                    let mut sleep = if BUG == NEW_SLEEP_EACH_POLL {
                        h.sleep(5)
                    } else {
                        sleep
                    };
                    if Pin::new(&mut sleep).poll(cx).is_pending() {
                        *this = Brew::Steeping { h, started, sleep };
                        return Poll::Pending;
                    }
                    return Poll::Ready(h.now() - started);
                }
                Brew::Done => panic!("polled after completion"),
            }
        }
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Brew = Brew<BUG>;
    fn brew(h: Handle) -> Self::Brew {
        Brew::Start { h }
    }
    fn state_name(brew: &Self::Brew) -> &'static str {
        match brew {
            Brew::Start { .. } => "start",
            Brew::Boiling { .. } => "boiling (await #1)",
            Brew::Steeping { .. } if BUG == WRONG_LABEL => "boiling (await #1)",
            Brew::Steeping { .. } => "steeping (await #2)",
            Brew::Done => "done",
        }
    }
}
