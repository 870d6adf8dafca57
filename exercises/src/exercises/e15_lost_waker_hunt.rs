//! Exercise 15 — A lost-waker bug hunt in a broken channel.
//!
//! Goal: this bounded channel compiles, looks reasonable, and loses wakeups in four places.
//! Find them and fix them. Each check runs senders and a consumer on runtime-core; when one
//! hangs, its message quotes the trace: who is stuck, whether a `lost_waker` was reported
//! (no clone of its waker exists), or who holds its waker and never wakes it, and whom the
//! consumer's receives woke instead.
//!
//! The rules of a correct channel:
//!
//! * a receiver that finds the channel empty (and senders left) keeps its waker and returns
//!   Pending; a send wakes it;
//! * a sender that finds the channel full keeps its waker and returns Pending; a receive that
//!   makes room wakes (one) sender;
//! * when the last sender is dropped, a waiting receiver is woken, and gets `None`;
//! * with several senders, every sender waiting for room is woken when room comes for it,
//!   whatever the others do meanwhile: be polled again while they wait, or stop waiting (a
//!   send future is dropped when it loses a `select!` or its timeout fires).
//!
//! Change whatever you need, the structs included: the checks only call `channel`,
//! `Sender::send` and `Receiver::recv`, and await what they return.
//!
//! Lesson: `exercises/lessons/e15_lost_waker_hunt.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e15`

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
        // TODO(bug hunt): check this function against the rules above.
        self.inner.borrow_mut().senders -= 1;
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
        // TODO(bug hunt): check this function against the rules above.
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
        // TODO(bug hunt): check this function against the rules above.
        let mut inner = self.receiver.inner.borrow_mut();
        if let Some(value) = inner.buffer.pop_front() {
            inner.receiver = Some(cx.waker().clone());
            return Poll::Ready(Some(value));
        }
        if inner.senders == 0 {
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}
