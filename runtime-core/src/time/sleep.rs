//! `Sleep`: a future that completes when the timer driver fires its timer.

use crate::handle::Handle;
use crate::ids::{Tick, TimerId};
use crate::scheduler::Core;
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
            State::Unregistered => {
                let mut core = shared.core.borrow_mut();
                // Done at once only if the wheel has already reached the deadline (Tokio's
                // `InsertError::Elapsed`); a deadline that `work(d)` has passed since the
                // drivers last turned is registered and fires at their next turn, as in Tokio.
                if this.deadline <= core.timers.elapsed() {
                    drop(core);
                    return this.complete();
                }
                let id = core.timers.next_id();
                let (waker, mut core) = shared.timer_waker(core, cx.waker(), id);
                let (now, task) = (core.now(), core.current.map(|c| c.task));
                let Core { timers, trace, .. } = &mut *core;
                match timers.register(trace, now, (id, task), this.deadline, waker) {
                    Ok(key) => this.state = State::Registered(key),
                    Err(waker) => {
                        shared.release_timer_waker(core, waker);
                        return this.complete();
                    }
                }
            }
            State::Registered(key) => {
                let core = shared.core.borrow_mut();
                if core.timers.is_fired(key.id) {
                    drop(core);
                    return this.complete();
                }
                if !core.timers.waker_matches(key, cx.waker(), shared.id) {
                    // Polled by another task (or through a different waker): keep the new one.
                    let (waker, mut core) = shared.timer_waker(core, cx.waker(), key.id);
                    if let Some(old) = core.timers.set_waker(key, waker) {
                        shared.release_timer_waker(core, old);
                    }
                }
            }
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let State::Registered(key) = self.state {
            let shared = &self.handle.shared;
            let mut core = shared.core.borrow_mut();
            let now = core.now();
            let Core { timers, trace, .. } = &mut *core;
            if let Some(waker) = timers.cancel(trace, now, key) {
                shared.release_timer_waker(core, waker);
            }
        }
    }
}
