//! Exercise 15 — A lost-waker bug hunt in a broken channel.
//! (Solution.) The four lost wakeups, fixed:
//!
//! 1. `RecvFuture::poll` stored the receiver's waker when it got a value (when it did not
//!    need one) and not when it returned Pending (when it did): a lost wakeup as soon as the
//!    receiver waits first.
//! 2. `RecvFuture::poll` made room without waking a sender waiting for it.
//! 3. Dropping the last `Sender` did not wake a receiver waiting for the end of the stream.
//! 4. `SendFuture::poll` pushed a new waker on every `Pending`, and nothing ever took one
//!    out but a receive. With two senders, a receive's single wake could go to a waker left
//!    behind by a send that was dropped (it lost a `select!`, or timed out) or to a duplicate
//!    left by a send polled twice while the channel was full, and the sender still waiting
//!    waited forever for room that existed. Now each waiting `SendFuture` has exactly one
//!    entry in the queue, holding its latest waker; dropping the future takes the entry out,
//!    and a send that was woken for room and dropped before using it passes the wake on.
//!
//! That is how Tokio's bounded channel behaves. `Sender::send` waits in `reserve`, which
//! acquires a permit from a FIFO semaphore (`tokio/src/sync/batch_semaphore.rs`): the
//! waiting `Acquire` future owns one waiter node, linked into the semaphore's queue once
//! (`poll_acquire` re-polled only replaces the node's waker, skipping the clone when
//! `will_wake`), and `Drop for Acquire` unlinks it and gives back any permits already handed
//! to it, which wakes the next waiter. Tokio goes one step further than this channel: a
//! released permit is *assigned* to the first waiter before it is woken, so a sender that
//! arrives later cannot take the room first; here a woken sender that finds the room taken
//! queues again. That costs fairness, never a wakeup.

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
    /// Senders waiting for room, in arrival order: one entry per waiting `SendFuture` (its id
    /// and its latest waker), taken out when a receive wakes it or the future is dropped.
    waiting_senders: VecDeque<(u64, Waker)>,
    /// The id of the next `SendFuture` that waits.
    next_waiter: u64,
}

impl<T> Inner<T> {
    fn has_room(&self) -> bool {
        self.buffer.len() < self.capacity
    }

    /// Takes the entry `id` out of the queue; false if it was not there (a receive took it).
    fn leave_queue(&mut self, id: u64) -> bool {
        match self.waiting_senders.iter().position(|(w, _)| *w == id) {
            Some(i) => {
                self.waiting_senders.remove(i);
                true
            }
            None => false,
        }
    }
}

/// A bounded channel holding at most `capacity` (>= 1) values.
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let inner = Rc::new(RefCell::new(Inner {
        buffer: VecDeque::new(),
        capacity: capacity.max(1),
        senders: 1,
        receiver: None,
        waiting_senders: VecDeque::new(),
        next_waiter: 0,
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
            waiting: None,
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
    /// This send's id in `waiting_senders`, once it has waited (until it sends).
    waiting: Option<u64>,
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let mut inner = this.sender.inner.borrow_mut();
        if inner.has_room() {
            let value = this
                .value
                .take()
                .expect("SendFuture polled after it completed");
            // Done waiting: if we are still queued (the room came without a wake for us),
            // leave, so no receive spends a wake on us.
            if let Some(id) = this.waiting.take() {
                inner.leave_queue(id);
            }
            inner.buffer.push_back(value);
            let receiver = inner.receiver.take();
            drop(inner);
            if let Some(w) = receiver {
                w.wake();
            }
            return Poll::Ready(());
        }
        // Full: wait, with one entry however often we are polled, holding the latest waker.
        let id = match this.waiting {
            Some(id) => id,
            None => {
                let id = inner.next_waiter;
                inner.next_waiter += 1;
                this.waiting = Some(id);
                id
            }
        };
        match inner.waiting_senders.iter_mut().find(|(w, _)| *w == id) {
            // Polled again while waiting: keep the latest waker (`clone_from` skips the clone
            // when the old one would wake the same task, as Tokio's `will_wake` check does).
            Some((_, waker)) => waker.clone_from(cx.waker()),
            // First wait, or woken for room another sender took first: queue (again).
            None => inner.waiting_senders.push_back((id, cx.waker().clone())),
        }
        Poll::Pending
    }
}

impl<T> Drop for SendFuture<'_, T> {
    fn drop(&mut self) {
        // Dropped while waiting (it lost a `select!`, a timeout fired): cancellation is Drop,
        // so this is the only chance to give the place back.
        let Some(id) = self.waiting.take() else {
            return;
        };
        let next = {
            let mut inner = self.sender.inner.borrow_mut();
            if inner.leave_queue(id) || !inner.has_room() {
                None
            } else {
                // A receive woke us for room we will not use now: the wake goes to the next
                // sender waiting (Tokio's `Acquire::drop` gives back the permit it was handed).
                inner.waiting_senders.pop_front()
            }
        };
        if let Some((_, w)) = next {
            w.wake();
        }
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
            if let Some((_, w)) = sender {
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
