//! Exercise 9: Sleeps that keep a stale waker, register on every poll, never cancel, replace
//! their waker on every poll, or keep a timer that fired.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e09_sleep::Subject;
use exercises::support::timers::{TimerKey, Timers};
use runtime_core::Tick;

/// Never updates the stored waker.
pub const STALE: u8 = 1;
/// Registers a new timer on every poll that is not ready.
pub const REGISTERS_EVERY_POLL: u8 = 2;
/// Does not cancel its timer when dropped.
pub const NO_CANCEL: u8 = 3;
/// Replaces the stored waker on every poll.
pub const ALWAYS_UPDATES: u8 = 4;
/// `Drop` cancels only a timer that has not fired ("a fired timer is out of the wheel
/// already"), so a Sleep dropped after its timer fired keeps its entry.
pub const SKIPS_FIRED: u8 = 5;
/// Completing forgets the key without giving the timer back, and `Drop` has nothing left to
/// cancel.
pub const KEEPS_COMPLETED: u8 = 6;

pub struct Sleep<const BUG: u8> {
    timers: Timers,
    deadline: Tick,
    key: Option<TimerKey>,
    done: bool,
}

impl<const BUG: u8> Future for Sleep<BUG> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        match self.key {
            Some(key) if self.timers.has_fired(key) => {
                self.done = true;
                Poll::Ready(())
            }
            Some(key) => {
                match BUG {
                    STALE => {}
                    REGISTERS_EVERY_POLL => {
                        self.key = Some(self.timers.register(self.deadline, cx.waker()))
                    }
                    ALWAYS_UPDATES => self.timers.set_waker(key, cx.waker()),
                    _ => {
                        if !self.timers.will_wake(key, cx.waker()) {
                            self.timers.set_waker(key, cx.waker());
                        }
                    }
                }
                Poll::Pending
            }
            None => {
                if self.deadline <= self.timers.now() {
                    self.done = true;
                    return Poll::Ready(());
                }
                self.key = Some(self.timers.register(self.deadline, cx.waker()));
                Poll::Pending
            }
        }
    }
}

impl<const BUG: u8> Drop for Sleep<BUG> {
    fn drop(&mut self) {
        let Some(key) = self.key else {
            return;
        };
        let cancel = match BUG {
            NO_CANCEL => false,
            SKIPS_FIRED => !self.timers.has_fired(key),
            KEEPS_COMPLETED => !self.done,
            // As Tokio's `TimerEntry`: dropping always cancels, a no-op for a fired timer
            // but for giving back its entry.
            _ => true,
        };
        if cancel {
            self.timers.cancel(key);
        }
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Sleep = Sleep<BUG>;
    fn sleep(timers: &Timers, deadline: Tick) -> Self::Sleep {
        Sleep {
            timers: timers.clone(),
            deadline,
            key: None,
            done: false,
        }
    }
}
