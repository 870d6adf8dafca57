//! Exercise 1: countdowns that forget to wake, or count down all at once.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e01_countdown::Subject;

/// `WAKE`: wakes itself before Pending. `STEP`: counts down by this much per poll.
pub struct Countdown<const WAKE: bool, const STEP: u32>(u32);

impl<const WAKE: bool, const STEP: u32> Future for Countdown<WAKE, STEP> {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.0 == 0 {
            return Poll::Ready("liftoff");
        }
        self.0 = self.0.saturating_sub(STEP);
        if WAKE {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

pub struct Variant<const WAKE: bool, const STEP: u32>;

impl<const WAKE: bool, const STEP: u32> Subject for Variant<WAKE, STEP> {
    type Countdown = Countdown<WAKE, STEP>;
    fn countdown(n: u32) -> Self::Countdown {
        Countdown(n)
    }
}

/// Returns Pending without waking: a lost wakeup.
pub type NoWake = Variant<false, 1>;
/// Counts everything down in the first poll.
pub type AllAtOnce = Variant<true, 100>;
