//! Exercise 9: Sleeps that keep a stale waker, register on every poll, never cancel, or
//! replace their waker on every poll.

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
        if BUG != NO_CANCEL
            && !self.done
            && let Some(key) = self.key
        {
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
