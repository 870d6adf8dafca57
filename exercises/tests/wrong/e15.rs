//! Exercise 15: the channel with exactly one of its three lost wakeups each.

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

struct Inner {
    buffer: VecDeque<u32>,
    capacity: usize,
    senders: usize,
    receiver: Option<Waker>,
    waiting_senders: VecDeque<Waker>,
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

struct SendOp<'a, const BUG: u8>(&'a Tx<BUG>, Option<u32>);

impl<const BUG: u8> Future for SendOp<'_, BUG> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let inner = self.0.0.clone();
        let mut i = inner.borrow_mut();
        if i.buffer.len() < i.capacity {
            let v = self.1.take().expect("polled after completion");
            i.buffer.push_back(v);
            let w = i.receiver.take();
            drop(i);
            if let Some(w) = w {
                w.wake();
            }
            return Poll::Ready(());
        }
        i.waiting_senders.push_back(cx.waker().clone());
        Poll::Pending
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
            let s = if BUG == SENDER_NOT_WOKEN {
                None
            } else {
                i.waiting_senders.pop_front()
            };
            drop(i);
            if let Some(s) = s {
                s.wake();
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
        }));
        (Tx(inner.clone()), Rx(inner))
    }
    fn send(tx: &Self::Tx, value: u32) -> Op<'_, ()> {
        Box::pin(SendOp(tx, Some(value)))
    }
    fn recv(rx: &mut Self::Rx) -> Op<'_, Option<u32>> {
        Box::pin(RecvOp(rx))
    }
}
