//! `Sleep`: a future that completes when the timer driver fires its timer.

use crate::handle::Handle;
use crate::ids::{Tick, TimerId};
use crate::time::wheel::TimerKey;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Completes once virtual time has reached its deadline *and* the driver has fired its timer.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sleep {
    handle: Handle,
    deadline: Tick,
    state: State,
}

#[derive(Debug, Clone, Copy)]
enum State {
    /// Not polled yet: no timer exists (creating a future does nothing).
    Unregistered,
    /// In the wheel.
    Registered(TimerKey),
    /// Fired (or the deadline had passed at the first poll).
    Done,
}

impl Sleep {
    pub(crate) fn new(handle: Handle, deadline: Tick) -> Self {
        Sleep {
            handle,
            deadline,
            state: State::Unregistered,
        }
    }

    /// When it completes.
    pub fn deadline(&self) -> Tick {
        self.deadline
    }

    /// The timer, once registered.
    pub fn timer(&self) -> Option<TimerId> {
        match self.state {
            State::Registered(key) => Some(key.id),
            _ => None,
        }
    }

    /// Whether it has completed.
    pub fn is_elapsed(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl Sleep {
    /// Completes: the timer has fired (or was never needed), and one unit of budget is spent.
    fn complete(&mut self) -> Poll<()> {
        self.state = State::Done;
        self.handle.consume_budget();
        Poll::Ready(())
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let shared = &this.handle.shared;
        match this.state {
            State::Done => return Poll::Ready(()),
            // The first poll puts a timer in the wheel, with a clone of the waker to wake.
            State::Unregistered => match shared.register_timer(this.deadline, cx.waker()) {
                Some(key) => this.state = State::Registered(key),
                // The wheel has already reached the deadline.
                None => return this.complete(),
            },
            State::Registered(key) => {
                if shared.timer_fired(key) {
                    return this.complete();
                }
                // Polled again before it fired: keep the waker of this poll.
                shared.update_timer_waker(key, cx.waker());
            }
        }
        Poll::Pending
    }
}

/// Dropping a sleep that has not fired takes its timer out of the wheel (cancelling it).
impl Drop for Sleep {
    fn drop(&mut self) {
        if let State::Registered(key) = self.state {
            self.handle.shared.cancel_timer(key);
        }
    }
}
