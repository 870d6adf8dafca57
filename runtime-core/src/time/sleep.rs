//! `Sleep`: a future that completes when the timer driver fires its timer.

use crate::handle::Handle;
use crate::ids::{Tick, TimerId};
use crate::time::TimerWaker;
use crate::time::wheel::TimerKey;
use crate::trace::Holder;
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
                    this.state = State::Done;
                    this.handle.consume_budget();
                    return Poll::Ready(());
                }
                let id = core.timers.next_id();
                let registered = match crate::waker::own_clone_id(shared, cx.waker()) {
                    Some((task, clone)) => {
                        // Our own task's waker: cloned (as its ids, see `TimerWaker::Own`) and
                        // registered under one borrow, with the events of `clone_waker`, then
                        // `register_timer`.
                        core.waker_cloned(task, clone, Holder::Timer(id));
                        let waker = TimerWaker::Own { task, id: clone };
                        let registered = core.register_timer(id, this.deadline, waker);
                        drop(core);
                        registered
                    }
                    None => {
                        drop(core);
                        let waker = this.handle.clone_waker(cx.waker(), Holder::Timer(id));
                        shared.core.borrow_mut().register_timer(
                            id,
                            this.deadline,
                            TimerWaker::Other(waker),
                        )
                    }
                };
                match registered {
                    Ok(key) => this.state = State::Registered(key),
                    Err(waker) => {
                        shared.drop_timer_waker(waker);
                        this.state = State::Done;
                        this.handle.consume_budget();
                        return Poll::Ready(());
                    }
                }
            }
            State::Registered(key) => {
                let (fired, same) = {
                    let core = shared.core.borrow();
                    (
                        core.timers.is_fired(key.id),
                        core.timer_waker_matches(key, cx.waker()),
                    )
                };
                if fired {
                    this.state = State::Done;
                    this.handle.consume_budget();
                    return Poll::Ready(());
                }
                if !same {
                    // Polled by another task (or through a different waker): keep the new one.
                    let mut core = shared.core.borrow_mut();
                    let waker = match crate::waker::own_clone_id(shared, cx.waker()) {
                        Some((task, clone)) => {
                            core.waker_cloned(task, clone, Holder::Timer(key.id));
                            TimerWaker::Own { task, id: clone }
                        }
                        None => {
                            drop(core);
                            let waker = this.handle.clone_waker(cx.waker(), Holder::Timer(key.id));
                            core = shared.core.borrow_mut();
                            TimerWaker::Other(waker)
                        }
                    };
                    let old = core.set_timer_waker(key, waker);
                    drop(core);
                    if let Some(old) = old {
                        shared.drop_timer_waker(old);
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
            let Some(waker) = core.cancel_timer(key) else {
                return;
            };
            let waker = match waker {
                // One of our clones: dropped and recorded under this borrow, as its drop would.
                TimerWaker::Own { task, id } if crate::waker::is_active(shared) => {
                    core.waker_dropped(task, id);
                    return;
                }
                TimerWaker::Other(waker) => {
                    match crate::waker::take_own(shared, &mut core.nodes, waker) {
                        Ok((task, id)) => {
                            core.waker_dropped(task, id);
                            return;
                        }
                        Err(waker) => TimerWaker::Other(waker),
                    }
                }
                own => own,
            };
            // Anything else runs code of its own, or goes to the inbox: outside the borrow.
            drop(core);
            shared.drop_timer_waker(waker);
        }
    }
}
