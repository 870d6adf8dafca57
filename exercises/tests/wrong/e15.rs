//! Exercise 15: the channel with exactly one of its lost wakeups each, and one channel that
//! wakes differently from the solution and loses nothing.

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use exercises::checks::e15_lost_waker_hunt::{Op, Subject};
use std::collections::VecDeque;
use std::rc::Rc;

/// The receiver keeps its waker when it gets a value, and not when it waits.
pub const RECEIVER_NOT_KEPT: u8 = 1;
/// A receive that makes room does not wake a waiting sender.
pub const SENDER_NOT_WOKEN: u8 = 2;
/// Dropping the last sender does not wake the receiver.
pub const CLOSE_NOT_WOKEN: u8 = 3;
/// The send side as the starting file has it (and as the solution shipped it until the
/// two-sender checks): a waker pushed on every `Pending`, never taken out by a dropped send.
pub const STALE_WAKERS: u8 = 4;
/// One entry per waiting send, but a dropped send leaves its entry behind.
pub const DROPPED_KEEPS_PLACE: u8 = 5;
/// A dropped send takes its entries out, but every `Pending` pushes another, and a send that
/// completes forgets the duplicates it left.
pub const DUPLICATE_ON_REPOLL: u8 = 6;
/// One entry per waiting send, taken out on drop; but a send woken for room and then dropped
/// swallows the wake.
pub const WAKE_SWALLOWED: u8 = 7;
/// Not a bug: every waker in the queue is woken by each receive (a thundering herd, and stale
/// or duplicate wakers get spurious wakes), and each woken send looks again. Nothing is lost.
pub const WAKE_ALL: u8 = 8;

struct Inner {
    buffer: VecDeque<u32>,
    capacity: usize,
    senders: usize,
    receiver: Option<Waker>,
    waiting_senders: VecDeque<(u64, Waker)>,
    next_id: u64,
}

pub struct Tx<const BUG: u8>(Rc<RefCell<Inner>>);
pub struct Rx<const BUG: u8>(Rc<RefCell<Inner>>);

impl<const BUG: u8> Drop for Tx<BUG> {
    fn drop(&mut self) {
        let w = {
            let mut i = self.0.borrow_mut();
            i.senders -= 1;
            if i.senders == 0 && BUG != CLOSE_NOT_WOKEN {
                i.receiver.take()
            } else {
                None
            }
        };
        if let Some(w) = w {
            w.wake();
        }
    }
}

/// Does the send side keep one entry per waiting send?
const fn one_entry(bug: u8) -> bool {
    !matches!(bug, STALE_WAKERS | DUPLICATE_ON_REPOLL | WAKE_ALL)
}

struct SendOp<'a, const BUG: u8> {
    tx: &'a Tx<BUG>,
    value: Option<u32>,
    waiting: Option<u64>,
}

impl<const BUG: u8> Future for SendOp<'_, BUG> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let inner = this.tx.0.clone();
        let mut i = inner.borrow_mut();
        if i.buffer.len() < i.capacity {
            let v = this.value.take().expect("polled after completion");
            if let Some(id) = this.waiting.take()
                && one_entry(BUG)
            {
                i.waiting_senders.retain(|(w, _)| *w != id);
            }
            i.buffer.push_back(v);
            let w = i.receiver.take();
            drop(i);
            if let Some(w) = w {
                w.wake();
            }
            return Poll::Ready(());
        }
        let id = *this.waiting.get_or_insert_with(|| {
            i.next_id += 1;
            i.next_id
        });
        match i.waiting_senders.iter_mut().find(|(w, _)| *w == id) {
            Some((_, w)) if one_entry(BUG) => *w = cx.waker().clone(),
            _ => i.waiting_senders.push_back((id, cx.waker().clone())),
        }
        Poll::Pending
    }
}

impl<const BUG: u8> Drop for SendOp<'_, BUG> {
    fn drop(&mut self) {
        if matches!(BUG, STALE_WAKERS | DROPPED_KEEPS_PLACE | WAKE_ALL) {
            return;
        }
        let Some(id) = self.waiting.take() else {
            return;
        };
        let next = {
            let mut i = self.tx.0.borrow_mut();
            let before = i.waiting_senders.len();
            i.waiting_senders.retain(|(w, _)| *w != id);
            let was_queued = i.waiting_senders.len() < before;
            if was_queued || i.buffer.len() >= i.capacity || BUG == WAKE_SWALLOWED {
                None
            } else {
                i.waiting_senders.pop_front()
            }
        };
        if let Some((_, w)) = next {
            w.wake();
        }
    }
}

struct RecvOp<'a, const BUG: u8>(&'a mut Rx<BUG>);

impl<const BUG: u8> Future for RecvOp<'_, BUG> {
    type Output = Option<u32>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let mut i = self.0.0.borrow_mut();
        if let Some(v) = i.buffer.pop_front() {
            if BUG == RECEIVER_NOT_KEPT {
                i.receiver = Some(cx.waker().clone());
            }
            let woken: Vec<Waker> = match BUG {
                SENDER_NOT_WOKEN => Vec::new(),
                WAKE_ALL => i.waiting_senders.drain(..).map(|(_, w)| w).collect(),
                _ => i
                    .waiting_senders
                    .pop_front()
                    .map(|(_, w)| w)
                    .into_iter()
                    .collect(),
            };
            drop(i);
            for w in woken {
                w.wake();
            }
            return Poll::Ready(Some(v));
        }
        if i.senders == 0 {
            return Poll::Ready(None);
        }
        if BUG != RECEIVER_NOT_KEPT {
            i.receiver = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Tx = Tx<BUG>;
    type Rx = Rx<BUG>;
    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        let inner = Rc::new(RefCell::new(Inner {
            buffer: VecDeque::new(),
            capacity,
            senders: 1,
            receiver: None,
            waiting_senders: VecDeque::new(),
            next_id: 0,
        }));
        (Tx(inner.clone()), Rx(inner))
    }
    fn send(tx: &Self::Tx, value: u32) -> Op<'_, ()> {
        Box::pin(SendOp {
            tx,
            value: Some(value),
            waiting: None,
        })
    }
    fn recv(rx: &mut Self::Rx) -> Op<'_, Option<u32>> {
        Box::pin(RecvOp(rx))
    }
}
