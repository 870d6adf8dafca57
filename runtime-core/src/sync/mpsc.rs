//! A bounded multi-producer channel (receivers may be cloned too, for worker pools).
//!
//! `send` waits while the channel is full (backpressure); `recv` waits while it is empty and
//! returns `None` once every sender is gone and the buffer is drained. Waiting tasks are kept
//! in FIFO order and woken one at a time, with source `channel` in the trace.
//!
//! Both futures are cancel-safe: a value is moved into or out of the buffer only in the poll
//! that returns `Ready`, so dropping a pending `send` or `recv` (in a `select`) loses nothing.
//! If a woken receiver is dropped before it takes the value it was woken for, it passes the
//! wake on to the next waiting receiver, so no wakeup is lost.

use crate::handle::Handle;
use crate::ids::ChannelId;
use crate::trace::{Event, Holder, Text, WakeSource};
use alloc::collections::VecDeque;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// The receiving side is gone: the value is handed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendError<T>(pub T);

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the channel is closed: every receiver was dropped")
    }
}

struct Chan<T> {
    id: ChannelId,
    handle: Handle,
    buffer: VecDeque<T>,
    capacity: usize,
    senders: u32,
    receivers: u32,
    /// Waiting receivers and senders.
    recv_waiters: Line,
    send_waiters: Line,
    next_ticket: u64,
}

/// Which side of the channel a future waits on.
#[derive(Clone, Copy)]
enum Side {
    Send,
    Recv,
}

impl<T> Chan<T> {
    fn line(&mut self, side: Side) -> &mut Line {
        match side {
            Side::Send => &mut self.send_waiters,
            Side::Recv => &mut self.recv_waiters,
        }
    }
}

/// The tasks waiting on one side of the channel, by ticket, in arrival order.
#[derive(Default)]
struct Line(VecDeque<(u64, Waker)>);

impl Line {
    /// The waker of the first in line, who leaves the line (it is about to be woken).
    fn pop_front(&mut self) -> Option<Waker> {
        self.0.pop_front().map(|(_, w)| w)
    }

    /// Takes `ticket` out of the line, with its waker, if it is still waiting.
    fn leave(&mut self, ticket: u64) -> Option<Waker> {
        let pos = self.0.iter().position(|(t, _)| *t == ticket)?;
        self.0.remove(pos).map(|(_, w)| w)
    }
}

/// Puts the polling task in `side`'s line (under its ticket, taking one on its first wait), so
/// the other side wakes it. A new clone of its waker is made only when the one kept would wake
/// another task (Tokio's `will_wake` rule); the replaced clone is dropped after the borrow.
fn wait<T>(
    chan: &Shared<T>,
    mut c: core::cell::RefMut<'_, Chan<T>>,
    ticket: &mut Option<u64>,
    side: Side,
    cx: &Context<'_>,
) {
    let ticket = *ticket.get_or_insert_with(|| {
        c.next_ticket += 1;
        c.next_ticket
    });
    let line = &c.line(side).0;
    let pos = line.iter().position(|(t, _)| *t == ticket);
    if pos.is_some_and(|i| crate::waker::will_wake(&line[i].1, cx.waker())) {
        return;
    }
    let holder = match side {
        Side::Send => Holder::ChannelSend(c.id),
        Side::Recv => Holder::ChannelRecv(c.id),
    };
    let handle = c.handle.clone();
    // Cloning records the clone: the channel's borrow must end first.
    drop(c);
    let waker = handle.clone_waker(cx.waker(), holder);
    let mut c = chan.borrow_mut();
    let line = &mut c.line(side).0;
    let old = match pos {
        Some(i) => Some(core::mem::replace(&mut line[i].1, waker)),
        None => {
            line.push_back((ticket, waker));
            None
        }
    };
    drop(c);
    drop(old);
}

/// Takes the future's ticket out of `side`'s line; its waker clone is dropped after the borrow.
fn leave<T>(chan: &Shared<T>, ticket: &mut Option<u64>, side: Side) {
    if let Some(ticket) = ticket.take() {
        let old = chan.borrow_mut().line(side).leave(ticket);
        drop(old);
    }
}

type Shared<T> = Rc<RefCell<Chan<T>>>;

/// Wakes `waker` on behalf of channel `id`, after the channel's borrow has been released.
fn wake(handle: &Handle, id: ChannelId, waker: Option<Waker>) {
    if let Some(w) = waker {
        handle.shared.wake_from(WakeSource::Channel(id), w);
    }
}

/// Records a value going in (`sent`) or out of the buffer, with the length after.
fn record_len(handle: &Handle, channel: ChannelId, len: u32, sent: bool) {
    let mut core = handle.shared.core.borrow_mut();
    let task = core.current.map(|c| c.task);
    core.record(if sent {
        Event::Sent { channel, task, len }
    } else {
        Event::Received { channel, task, len }
    });
}

/// Wakes every waiter in `waiters` (a close).
fn wake_all(handle: &Handle, id: ChannelId, waiters: Line) {
    for (_, w) in waiters.0 {
        wake(handle, id, Some(w));
    }
}

impl Handle {
    /// Creates a bounded channel named `name` holding at most `capacity` (>= 1) values.
    pub fn channel<T>(&self, name: &str, capacity: usize) -> (Sender<T>, Receiver<T>) {
        let capacity = capacity.max(1);
        let id = {
            let mut core = self.shared.core.borrow_mut();
            let id = ChannelId(core.channels.len() as u32);
            let name = Text::from(name);
            core.channels.push(name.clone());
            let capacity = u32::try_from(capacity).unwrap_or(u32::MAX);
            core.record(Event::ChannelCreated {
                channel: id,
                name,
                capacity,
            });
            id
        };
        let chan = Rc::new(RefCell::new(Chan {
            id,
            handle: self.clone(),
            buffer: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
            senders: 1,
            receivers: 1,
            recv_waiters: Line::default(),
            send_waiters: Line::default(),
            next_ticket: 0,
        }));
        (Sender { chan: chan.clone() }, Receiver { chan })
    }
}

/// Sends values into the channel. Cloning adds a sender; the channel closes for receivers when
/// the last one is dropped.
pub struct Sender<T> {
    chan: Shared<T>,
}

/// Receives values from the channel.
pub struct Receiver<T> {
    chan: Shared<T>,
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sender({})", self.chan.borrow().id)
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Receiver({})", self.chan.borrow().id)
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.chan.borrow_mut().senders += 1;
        Sender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        self.chan.borrow_mut().receivers += 1;
        Receiver {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let (handle, id, waiters) = {
            let mut c = self.chan.borrow_mut();
            c.senders -= 1;
            if c.senders > 0 {
                return;
            }
            (c.handle.clone(), c.id, core::mem::take(&mut c.recv_waiters))
        };
        handle
            .shared
            .core
            .borrow_mut()
            .record(Event::ChannelClosed { channel: id });
        wake_all(&handle, id, waiters);
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let (handle, id, waiters) = {
            let mut c = self.chan.borrow_mut();
            c.receivers -= 1;
            if c.receivers > 0 {
                return;
            }
            (c.handle.clone(), c.id, core::mem::take(&mut c.send_waiters))
        };
        wake_all(&handle, id, waiters);
    }
}

impl<T> Sender<T> {
    /// Sends `value`, waiting while the channel is full.
    pub fn send(&self, value: T) -> Send<T> {
        Send {
            chan: self.chan.clone(),
            value: Some(value),
            ticket: None,
        }
    }

    /// The channel's id.
    pub fn id(&self) -> ChannelId {
        self.chan.borrow().id
    }

    /// Sends without waiting: `Err` gives the value back if the channel is full or closed.
    pub fn try_send(&self, value: T) -> Result<(), SendError<T>> {
        let mut c = self.chan.borrow_mut();
        if c.receivers == 0 || c.buffer.len() >= c.capacity {
            return Err(SendError(value));
        }
        c.buffer.push_back(value);
        let woken = c.recv_waiters.pop_front();
        let (handle, id, len) = (c.handle.clone(), c.id, c.buffer.len() as u32);
        drop(c);
        record_len(&handle, id, len, true);
        wake(&handle, id, woken);
        Ok(())
    }

    /// Whether every receiver is gone.
    pub fn is_closed(&self) -> bool {
        self.chan.borrow().receivers == 0
    }
}

impl<T> Receiver<T> {
    /// Receives the next value; `None` once every sender is gone and the buffer is empty.
    pub fn recv(&self) -> Recv<T> {
        Recv {
            chan: self.chan.clone(),
            ticket: None,
        }
    }

    /// The channel's id.
    pub fn id(&self) -> ChannelId {
        self.chan.borrow().id
    }

    /// Values waiting in the buffer.
    pub fn len(&self) -> usize {
        self.chan.borrow().buffer.len()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Future of [`Sender::send`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Send<T> {
    chan: Shared<T>,
    value: Option<T>,
    ticket: Option<u64>,
}

impl<T> fmt::Debug for Send<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Send")
            .field("ticket", &self.ticket)
            .finish_non_exhaustive()
    }
}

impl<T> Unpin for Send<T> {}

impl<T> Future for Send<T> {
    type Output = Result<(), SendError<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let handle = this.chan.borrow().handle.clone();
        if handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let mut c = this.chan.borrow_mut();
        let id = c.id;
        if c.receivers == 0 {
            drop(c);
            this.unregister();
            let value = this.value.take().expect("Send polled after completion");
            return Poll::Ready(Err(SendError(value)));
        }
        if c.buffer.len() < c.capacity {
            c.buffer
                .push_back(this.value.take().expect("Send polled after completion"));
            let woken = c.recv_waiters.pop_front();
            let len = c.buffer.len() as u32;
            drop(c);
            record_len(&handle, id, len, true);
            this.unregister();
            handle.consume_budget();
            wake(&handle, id, woken);
            return Poll::Ready(Ok(()));
        }
        // Full: wait for a receiver to make room.
        wait(&this.chan, c, &mut this.ticket, Side::Send, cx);
        Poll::Pending
    }
}

impl<T> Send<T> {
    fn unregister(&mut self) {
        leave(&self.chan, &mut self.ticket, Side::Send);
    }
}

impl<T> Drop for Send<T> {
    fn drop(&mut self) {
        self.unregister();
    }
}

/// Future of [`Receiver::recv`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Recv<T> {
    chan: Shared<T>,
    ticket: Option<u64>,
}

impl<T> fmt::Debug for Recv<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recv")
            .field("ticket", &self.ticket)
            .finish_non_exhaustive()
    }
}

impl<T> Unpin for Recv<T> {}

impl<T> Future for Recv<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = self.get_mut();
        let handle = this.chan.borrow().handle.clone();
        if handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let mut c = this.chan.borrow_mut();
        let id = c.id;
        if let Some(value) = c.buffer.pop_front() {
            let woken = c.send_waiters.pop_front();
            let len = c.buffer.len() as u32;
            drop(c);
            record_len(&handle, id, len, false);
            this.forget_ticket();
            handle.consume_budget();
            wake(&handle, id, woken);
            return Poll::Ready(Some(value));
        }
        if c.senders == 0 {
            drop(c);
            this.forget_ticket();
            handle.consume_budget();
            return Poll::Ready(None);
        }
        wait(&this.chan, c, &mut this.ticket, Side::Recv, cx);
        Poll::Pending
    }
}

impl<T> Recv<T> {
    /// Leaves the waiting line without passing anything on (the value was taken).
    fn forget_ticket(&mut self) {
        leave(&self.chan, &mut self.ticket, Side::Recv);
    }
}

impl<T> Drop for Recv<T> {
    fn drop(&mut self) {
        let Some(ticket) = self.ticket.take() else {
            return;
        };
        let (handle, id, old, pass_on) = {
            let mut c = self.chan.borrow_mut();
            let old = c.recv_waiters.leave(ticket);
            // Woken (no longer waiting) but dropped before taking the value: wake the next
            // receiver in line, or that value could sit in the buffer with everyone asleep.
            let pass_on = if old.is_none() && !c.buffer.is_empty() {
                c.recv_waiters.pop_front()
            } else {
                None
            };
            (c.handle.clone(), c.id, old, pass_on)
        };
        drop(old);
        wake(&handle, id, pass_on);
    }
}
