//! Exercise 9 — A `Sleep` future: register on the first poll, replace a stale waker,
//! deregister on drop. (Solution.)

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
        match self.state {
            State::Done => Poll::Ready(()),
            State::Unregistered => {
                if self.deadline <= self.timers.now() {
                    self.state = State::Done;
                    return Poll::Ready(());
                }
                let key = self.timers.register(self.deadline, cx.waker());
                self.state = State::Registered(key);
                Poll::Pending
            }
            State::Registered(key) => {
                if self.timers.has_fired(key) {
                    // Done with the timer: give its entry back (for a fired timer `cancel`
                    // wakes nobody and is not a cancellation).
                    self.timers.cancel(key);
                    self.state = State::Done;
                    return Poll::Ready(());
                }
                // Only the waker of the latest poll must be woken. Swap it only when it
                // changed: a Sleep in a busy select loop is polled often by the same task.
                if !self.timers.will_wake(key, cx.waker()) {
                    self.timers.set_waker(key, cx.waker());
                }
                Poll::Pending
            }
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // Fired or not: as Tokio's `TimerEntry` drop always calls `cancel`. Before the timer
        // fired this cancels it; after, it only gives the entry back.
        if let State::Registered(key) = self.state {
            self.timers.cancel(key);
        }
    }
}
