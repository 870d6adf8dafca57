//! Exercise 15 — A lost-waker bug hunt in a broken channel.
//! (Solution.) The three lost wakeups, fixed:
//!
//! 1. `RecvFuture::poll` stored the receiver's waker when it got a value (when it did not
//!    need one) and not when it returned Pending (when it did): a lost wakeup as soon as the
//!    receiver waits first.
//! 2. `RecvFuture::poll` made room without waking a sender waiting for it.
//! 3. Dropping the last `Sender` did not wake a receiver waiting for the end of the stream.

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::collections::VecDeque;
use std::rc::Rc;

#[derive(Debug)]
struct Inner<T> {
    buffer: VecDeque<T>,
    capacity: usize,
    senders: usize,
    /// The waiting receiver.
    receiver: Option<Waker>,
    /// Senders waiting for room, in arrival order.
    waiting_senders: VecDeque<Waker>,
}

/// A bounded channel holding at most `capacity` (>= 1) values.
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let inner = Rc::new(RefCell::new(Inner {
        buffer: VecDeque::new(),
        capacity: capacity.max(1),
        senders: 1,
        receiver: None,
        waiting_senders: VecDeque::new(),
    }));
    (
        Sender {
            inner: inner.clone(),
        },
        Receiver { inner },
    )
}

/// Sends values; cloning adds a sender.
#[derive(Debug)]
pub struct Sender<T> {
    inner: Rc<RefCell<Inner<T>>>,
}

/// Receives values.
#[derive(Debug)]
pub struct Receiver<T> {
    inner: Rc<RefCell<Inner<T>>>,
}

impl<T> Sender<T> {
    /// Sends `value`, waiting while the channel is full.
    pub fn send(&self, value: T) -> SendFuture<'_, T> {
        SendFuture {
            sender: self,
            value: Some(value),
        }
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.inner.borrow_mut().senders += 1;
        Sender {
            inner: self.inner.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let receiver = {
            let mut inner = self.inner.borrow_mut();
            inner.senders -= 1;
            // The last sender: a waiting receiver must learn that nothing more will come.
            if inner.senders == 0 {
                inner.receiver.take()
            } else {
                None
            }
        };
        if let Some(w) = receiver {
            w.wake();
        }
    }
}

/// The future returned by `send`.
#[derive(Debug)]
pub struct SendFuture<'a, T> {
    sender: &'a Sender<T>,
    value: Option<T>,
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let mut inner = this.sender.inner.borrow_mut();
        if inner.buffer.len() < inner.capacity {
            let value = this
                .value
                .take()
                .expect("SendFuture polled after it completed");
            inner.buffer.push_back(value);
            let receiver = inner.receiver.take();
            drop(inner);
            if let Some(w) = receiver {
                w.wake();
            }
            return Poll::Ready(());
        }
        inner.waiting_senders.push_back(cx.waker().clone());
        Poll::Pending
    }
}

impl<T> Receiver<T> {
    /// The next value, or `None` once every sender is gone and the channel is empty.
    pub fn recv(&mut self) -> RecvFuture<'_, T> {
        RecvFuture { receiver: self }
    }
}

/// The future returned by `recv`.
#[derive(Debug)]
pub struct RecvFuture<'a, T> {
    receiver: &'a mut Receiver<T>,
}

impl<T> Future for RecvFuture<'_, T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut inner = self.receiver.inner.borrow_mut();
        if let Some(value) = inner.buffer.pop_front() {
            // That made room: wake one sender waiting for it.
            let sender = inner.waiting_senders.pop_front();
            drop(inner);
            if let Some(w) = sender {
                w.wake();
            }
            return Poll::Ready(Some(value));
        }
        if inner.senders == 0 {
            return Poll::Ready(None);
        }
        // Waiting: keep the waker, so a send (or the last sender's drop) can wake us.
        inner.receiver = Some(cx.waker().clone());
        Poll::Pending
    }
}
