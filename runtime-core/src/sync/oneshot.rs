//! A one-shot channel: one value, sent once without waiting, received by awaiting.

use crate::handle::Handle;
use crate::ids::ChannelId;
use crate::trace::{Event, Holder, Text, WakeSource};
use alloc::rc::Rc;
use core::cell::RefCell;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// The sender was dropped without sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecvError;

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the oneshot sender was dropped without sending a value")
    }
}

struct Inner<T> {
    id: ChannelId,
    handle: Handle,
    value: Option<T>,
    sender_gone: bool,
    receiver_gone: bool,
    waker: Option<Waker>,
}

/// Sends the one value.
pub struct Sender<T>(Rc<RefCell<Inner<T>>>);
/// Awaits the one value.
pub struct Receiver<T>(Rc<RefCell<Inner<T>>>);

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "oneshot::Sender({})", self.0.borrow().id)
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "oneshot::Receiver({})", self.0.borrow().id)
    }
}

impl Handle {
    /// Creates a oneshot channel named `name`.
    pub fn oneshot<T>(&self, name: &str) -> (Sender<T>, Receiver<T>) {
        let id = {
            let mut core = self.shared.core.borrow_mut();
            let id = ChannelId(core.channels.len() as u32);
            let name = Text::from(name);
            core.channels.push(name.clone());
            core.record(Event::ChannelCreated {
                channel: id,
                name,
                capacity: 1,
            });
            id
        };
        let inner = Rc::new(RefCell::new(Inner {
            id,
            handle: self.clone(),
            value: None,
            sender_gone: false,
            receiver_gone: false,
            waker: None,
        }));
        (Sender(inner.clone()), Receiver(inner))
    }
}

impl<T> Sender<T> {
    /// Sends `value` (never waits). Gives it back if the receiver is gone.
    pub fn send(self, value: T) -> Result<(), T> {
        let mut inner = self.0.borrow_mut();
        if inner.receiver_gone {
            return Err(value);
        }
        inner.value = Some(value);
        Ok(())
        // Dropping `self` wakes the receiver.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let (handle, id, waker) = {
            let mut inner = self.0.borrow_mut();
            inner.sender_gone = true;
            (inner.handle.clone(), inner.id, inner.waker.take())
        };
        if let Some(w) = waker {
            handle.shared.wake_from(WakeSource::Channel(id), w);
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let waker = {
            let mut inner = self.0.borrow_mut();
            inner.receiver_gone = true;
            inner.waker.take()
        };
        drop(waker);
    }
}

impl<T> Future for Receiver<T> {
    type Output = Result<T, RecvError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let handle = this.0.borrow().handle.clone();
        if handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let mut inner = this.0.borrow_mut();
        if inner.sender_gone {
            let value = inner.value.take();
            let old = inner.waker.take();
            drop(inner);
            drop(old);
            handle.consume_budget();
            return Poll::Ready(value.ok_or(RecvError));
        }
        let id = inner.id;
        if !inner
            .waker
            .as_ref()
            .is_some_and(|w| crate::waker::will_wake(w, cx.waker()))
        {
            drop(inner);
            let waker = handle.clone_waker(cx.waker(), Holder::ChannelRecv(id));
            let old = this.0.borrow_mut().waker.replace(waker);
            drop(old);
        }
        Poll::Pending
    }
}
