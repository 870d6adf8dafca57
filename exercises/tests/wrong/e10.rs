//! Exercise 10: reactors that register without looking at the buffer, never wake on data or
//! on close, or keep only the latest chunk.

use core::cell::RefCell;
use core::task::{Context, Poll, Waker};
use exercises::checks::e10_reactor::Subject;
use std::collections::VecDeque;
use std::rc::Rc;

/// `poll_read` registers interest and returns Pending without looking at the buffer first
/// (it reads only when woken).
pub const REGISTER_FIRST: u8 = 1;
/// `deliver` does not wake.
pub const DELIVER_NO_WAKE: u8 = 2;
/// `close` does not wake.
pub const CLOSE_NO_WAKE: u8 = 3;
/// Keeps only the latest chunk.
pub const LATEST_ONLY: u8 = 4;

#[derive(Default)]
struct Socket {
    buffer: VecDeque<String>,
    closed: bool,
    interest: Option<Waker>,
    /// REGISTER_FIRST: whether the reader has been woken since it registered.
    woken: bool,
}

#[derive(Default)]
pub struct Reactor<const BUG: u8> {
    sockets: RefCell<Vec<Socket>>,
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Reactor = Reactor<BUG>;
    fn new() -> Rc<Self::Reactor> {
        Rc::default()
    }
    fn add_socket(r: &Self::Reactor) -> usize {
        r.sockets.borrow_mut().push(Socket::default());
        r.sockets.borrow().len() - 1
    }
    fn deliver(r: &Self::Reactor, socket: usize, data: String) {
        let w = {
            let mut sockets = r.sockets.borrow_mut();
            let s = &mut sockets[socket];
            let edge = s.buffer.is_empty();
            if BUG == LATEST_ONLY {
                s.buffer.clear();
            }
            s.buffer.push_back(data);
            if edge && BUG != DELIVER_NO_WAKE {
                s.interest.take()
            } else {
                None
            }
        };
        if let Some(w) = w {
            r.sockets.borrow_mut()[socket].woken = true;
            w.wake();
        }
    }
    fn close(r: &Self::Reactor, socket: usize) {
        let w = {
            let mut sockets = r.sockets.borrow_mut();
            sockets[socket].closed = true;
            if BUG == CLOSE_NO_WAKE {
                None
            } else {
                sockets[socket].interest.take()
            }
        };
        if let Some(w) = w {
            r.sockets.borrow_mut()[socket].woken = true;
            w.wake();
        }
    }
    fn poll_read(r: &Self::Reactor, socket: usize, cx: &mut Context<'_>) -> Poll<Option<String>> {
        let mut sockets = r.sockets.borrow_mut();
        let s = &mut sockets[socket];
        if BUG == REGISTER_FIRST && !s.woken {
            s.interest = Some(cx.waker().clone());
            s.woken = false;
            return Poll::Pending;
        }
        s.woken = false;
        if let Some(c) = s.buffer.pop_front() {
            return Poll::Ready(Some(c));
        }
        if s.closed {
            return Poll::Ready(None);
        }
        s.interest = Some(cx.waker().clone());
        Poll::Pending
    }
}
