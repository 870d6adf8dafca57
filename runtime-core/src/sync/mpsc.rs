//! A bounded multi-producer channel, working inside as Tokio's `sync::mpsc` (1.54) does.
//!
//! * **Sending** first takes one of the channel's `capacity` permits from a FIFO semaphore
//!   (Tokio's `batch_semaphore`). A sender that finds none waits in line. Each value received
//!   gives its permit back: to the first sender in line, who is woken already holding it (so a
//!   sender arriving later cannot take its place), or, with nobody waiting, to the pool. A
//!   waiting send that is dropped leaves the line, and gives back the permit it was handed.
//! * **Receiving** takes the next value if there is one. If not, the receiver's waker is
//!   registered in the channel's receiver slot (Tokio's `AtomicWaker`: a new clone every time,
//!   replacing the last) and the future returns `Pending`. A send wakes that slot. Dropping
//!   the future does *not* unregister it: the slot keeps the waker until a send or a close
//!   wakes it, so a receiver that stopped waiting (the loser of a `select`) can be woken for
//!   nothing, as in Tokio.
//! * `recv` returns `None` once every sender is gone and the buffer is drained (the last
//!   sender's drop wakes the slot); `send` fails once the receiver is gone.
//!
//! The lab also lets several tasks receive from one channel (clones of the `Receiver`, for
//! worker pools; Tokio's mpsc has one receiver). Each receiver then has its own slot, woken in
//! the order they registered; and so that a value never waits for a task that stopped
//! receiving, a receiver that stops waiting leaves its slot, and one woken but dropped before
//! it took the value passes the wake on.
//!
//! Both futures are cancel-safe: a value is moved into or out of the buffer only in the poll
//! that returns `Ready`, so dropping a pending `send` or `recv` loses nothing.

use crate::handle::Handle;
use crate::ids::ChannelId;
use crate::trace::{Event, Holder, Text, WakeSource};
use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::vec::Vec;
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
    senders: u32,
    receivers: u32,
    /// Permits no sender holds (Tokio's semaphore count): the room a new send may take.
    permits: usize,
    /// Senders waiting for a permit, first in line first: their ticket and waker.
    send_waiters: VecDeque<(u64, Waker)>,
    /// Senders that were handed a permit and woken, not yet polled again.
    handed: Vec<u64>,
    /// Each receiver's registered waker (its slot), by receiver number, in the order they
    /// registered.
    rx_wakers: VecDeque<(u32, Waker)>,
    next_ticket: u64,
    next_receiver: u32,
}

type Shared<T> = Rc<RefCell<Chan<T>>>;

impl<T> Chan<T> {
    /// A permit comes back (a value was received, or a waiting send was dropped holding one):
    /// to the first sender in line, whose waker is returned to be woken after the borrow, or
    /// to the pool.
    fn release_permit(&mut self) -> Option<Waker> {
        match self.send_waiters.pop_front() {
            Some((ticket, waker)) => {
                self.handed.push(ticket);
                Some(waker)
            }
            None => {
                self.permits += 1;
                None
            }
        }
    }

    /// The waker of the receiver that registered first (a value went in, or the channel
    /// closed), taken from its slot.
    fn take_rx_waker(&mut self) -> Option<Waker> {
        self.rx_wakers.pop_front().map(|(_, w)| w)
    }
}

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

/// Wakes every waker in `wakers` (a close).
fn wake_all(handle: &Handle, id: ChannelId, wakers: impl IntoIterator<Item = Waker>) {
    for w in wakers {
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
            senders: 1,
            receivers: 1,
            permits: capacity,
            send_waiters: VecDeque::new(),
            handed: Vec::new(),
            rx_wakers: VecDeque::new(),
            next_ticket: 0,
            next_receiver: 1,
        }));
        (Sender { chan: chan.clone() }, Receiver { chan, id: 0 })
    }
}

/// Sends values into the channel. Cloning adds a sender; the channel closes for receivers when
/// the last one is dropped.
pub struct Sender<T> {
    chan: Shared<T>,
}

/// Receives values from the channel. Each clone is a receiver of its own, with its own slot.
pub struct Receiver<T> {
    chan: Shared<T>,
    /// This receiver's number (its slot).
    id: u32,
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
        let mut c = self.chan.borrow_mut();
        c.receivers += 1;
        let id = c.next_receiver;
        c.next_receiver += 1;
        drop(c);
        Receiver {
            chan: self.chan.clone(),
            id,
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let (handle, id, woken) = {
            let mut c = self.chan.borrow_mut();
            c.senders -= 1;
            if c.senders > 0 {
                return;
            }
            // Closed for the receivers: each waits for nothing more.
            let woken: Vec<Waker> = c.rx_wakers.drain(..).map(|(_, w)| w).collect();
            (c.handle.clone(), c.id, woken)
        };
        handle
            .shared
            .core
            .borrow_mut()
            .record(Event::ChannelClosed { channel: id });
        wake_all(&handle, id, woken);
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let (handle, id, old, woken) = {
            let mut c = self.chan.borrow_mut();
            c.receivers -= 1;
            let old = leave_slot(&mut c, self.id);
            if c.receivers > 0 {
                (c.handle.clone(), c.id, old, Vec::new())
            } else {
                // The semaphore closes: every waiting send fails.
                let woken: Vec<Waker> = c.send_waiters.drain(..).map(|(_, w)| w).collect();
                (c.handle.clone(), c.id, old, woken)
            }
        };
        drop(old);
        wake_all(&handle, id, woken);
    }
}

/// Takes receiver `id`'s waker out of its slot, if it has one registered.
fn leave_slot<T>(c: &mut Chan<T>, id: u32) -> Option<Waker> {
    let i = c.rx_wakers.iter().position(|(r, _)| *r == id)?;
    c.rx_wakers.remove(i).map(|(_, w)| w)
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

    /// Sends without waiting: `Err` gives the value back if no permit is free (the channel is
    /// full, or senders are waiting for room) or the channel is closed.
    pub fn try_send(&self, value: T) -> Result<(), SendError<T>> {
        let mut c = self.chan.borrow_mut();
        if c.receivers == 0 || c.permits == 0 {
            return Err(SendError(value));
        }
        c.permits -= 1;
        c.buffer.push_back(value);
        let woken = c.take_rx_waker();
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
            receiver: self.id,
            registered: false,
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
    /// Its place in line, once it waited.
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
            // Closed: a permit it was handed goes nowhere.
            if let Some(ticket) = this.ticket.take() {
                c.handed.retain(|t| *t != ticket);
                let old = c.send_waiters.iter().position(|(t, _)| *t == ticket);
                let old = old.and_then(|i| c.send_waiters.remove(i));
                drop(c);
                drop(old);
            } else {
                drop(c);
            }
            let value = this.value.take().expect("Send polled after completion");
            return Poll::Ready(Err(SendError(value)));
        }
        // A permit: handed to it while it waited, or free in the pool with nobody waiting.
        let handed = match this.ticket {
            Some(ticket) => match c.handed.iter().position(|t| *t == ticket) {
                Some(i) => {
                    c.handed.swap_remove(i);
                    true
                }
                None => false,
            },
            None => false,
        };
        if handed || (this.ticket.is_none() && c.permits > 0) {
            if !handed {
                c.permits -= 1;
            }
            this.ticket = None;
            c.buffer
                .push_back(this.value.take().expect("Send polled after completion"));
            let woken = c.take_rx_waker();
            let len = c.buffer.len() as u32;
            drop(c);
            record_len(&handle, id, len, true);
            handle.consume_budget();
            wake(&handle, id, woken);
            return Poll::Ready(Ok(()));
        }
        // No room: wait in line (a new clone only if the one kept would wake another task).
        let ticket = *this.ticket.get_or_insert_with(|| {
            c.next_ticket += 1;
            c.next_ticket
        });
        let pos = c.send_waiters.iter().position(|(t, _)| *t == ticket);
        if pos.is_some_and(|i| crate::waker::will_wake(&c.send_waiters[i].1, cx.waker())) {
            return Poll::Pending;
        }
        // Cloning records the clone: the channel's borrow must end first.
        drop(c);
        let waker = handle.clone_waker(cx.waker(), Holder::ChannelSend(id));
        let mut c = this.chan.borrow_mut();
        let old = match pos {
            Some(i) => Some(core::mem::replace(&mut c.send_waiters[i].1, waker)),
            None => {
                c.send_waiters.push_back((ticket, waker));
                None
            }
        };
        drop(c);
        drop(old);
        Poll::Pending
    }
}

impl<T> Drop for Send<T> {
    /// Leaves the line; a permit it was handed goes back (to the next sender in line).
    fn drop(&mut self) {
        let Some(ticket) = self.ticket.take() else {
            return;
        };
        let (handle, id, old, woken) = {
            let mut c = self.chan.borrow_mut();
            let old = match c.send_waiters.iter().position(|(t, _)| *t == ticket) {
                Some(i) => c.send_waiters.remove(i).map(|(_, w)| w),
                None => None,
            };
            let woken = match c.handed.iter().position(|t| *t == ticket) {
                Some(i) => {
                    c.handed.swap_remove(i);
                    c.release_permit()
                }
                None => None,
            };
            (c.handle.clone(), c.id, old, woken)
        };
        drop(old);
        wake(&handle, id, woken);
    }
}

/// Future of [`Receiver::recv`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Recv<T> {
    chan: Shared<T>,
    /// The receiver it receives for (its slot).
    receiver: u32,
    /// It registered its waker and has not taken a value since.
    registered: bool,
}

impl<T> fmt::Debug for Recv<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recv")
            .field("receiver", &self.receiver)
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
            this.registered = false;
            let woken = c.release_permit();
            let len = c.buffer.len() as u32;
            drop(c);
            record_len(&handle, id, len, false);
            handle.consume_budget();
            wake(&handle, id, woken);
            return Poll::Ready(Some(value));
        }
        if c.senders == 0 {
            this.registered = false;
            drop(c);
            handle.consume_budget();
            return Poll::Ready(None);
        }
        // Empty: register in the receiver's slot, a new clone replacing the one there (Tokio's
        // `AtomicWaker::register_by_ref` clones every time).
        drop(c);
        let waker = handle.clone_waker(cx.waker(), Holder::ChannelRecv(id));
        let mut c = this.chan.borrow_mut();
        let old = leave_slot(&mut c, this.receiver);
        c.rx_wakers.push_back((this.receiver, waker));
        this.registered = true;
        drop(c);
        drop(old);
        Poll::Pending
    }
}

impl<T> Drop for Recv<T> {
    /// With one receiver, nothing (Tokio's slot keeps the waker). With several, the receiver
    /// leaves its slot, and if it was woken for a value it did not take, the next receiver in
    /// line is woken instead.
    fn drop(&mut self) {
        if !self.registered {
            return;
        }
        let (handle, id, old, pass_on) = {
            let mut c = self.chan.borrow_mut();
            if c.receivers <= 1 {
                return;
            }
            let old = leave_slot(&mut c, self.receiver);
            let pass_on = if old.is_none() && !c.buffer.is_empty() {
                c.take_rx_waker()
            } else {
                None
            };
            (c.handle.clone(), c.id, old, pass_on)
        };
        drop(old);
        wake(&handle, id, pass_on);
    }
}
