//! Exercise 10 — A reactor: interest, readiness, and no lost wakeup when readiness comes
//! before the registration. (Solution.)

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::collections::VecDeque;
use std::rc::Rc;

/// A socket, by index.
pub type SocketId = usize;

/// What the reactor knows about one socket.
#[derive(Debug, Default)]
struct SocketState {
    /// Chunks that arrived and were not read yet, oldest first.
    buffer: VecDeque<String>,
    /// No more data will come.
    closed: bool,
    /// The registered interest: who to wake on the next readiness edge.
    interest: Option<Waker>,
}

/// The reactor: every socket's readiness and interest.
#[derive(Debug, Default)]
pub struct Reactor {
    sockets: RefCell<Vec<SocketState>>,
}

impl Reactor {
    /// A reactor with no sockets.
    pub fn new() -> Rc<Reactor> {
        Rc::new(Reactor::default())
    }

    /// Adds a socket; returns its id.
    pub fn add_socket(&self) -> SocketId {
        let mut sockets = self.sockets.borrow_mut();
        sockets.push(SocketState::default());
        sockets.len() - 1
    }

    /// The OS says: `data` arrived on `socket`.
    pub fn deliver(&self, socket: SocketId, data: String) {
        let interest = {
            let mut sockets = self.sockets.borrow_mut();
            let s = &mut sockets[socket];
            let edge = s.buffer.is_empty();
            s.buffer.push_back(data);
            // Edge-triggered: only "not readable -> readable" wakes, and it uses the interest
            // up; the reader registers again when it next finds the buffer empty.
            if edge { s.interest.take() } else { None }
        };
        // Woken after the borrow: a waker may run code that reads the reactor.
        if let Some(w) = interest {
            w.wake();
        }
    }

    /// The OS says: no more data will arrive on `socket`.
    pub fn close(&self, socket: SocketId) {
        let interest = {
            let mut sockets = self.sockets.borrow_mut();
            sockets[socket].closed = true;
            sockets[socket].interest.take()
        };
        if let Some(w) = interest {
            w.wake();
        }
    }

    /// Reads the next chunk, or registers interest in the socket.
    pub fn poll_read(&self, socket: SocketId, cx: &mut Context<'_>) -> Poll<Option<String>> {
        let mut sockets = self.sockets.borrow_mut();
        let s = &mut sockets[socket];
        // Data first: a chunk that arrived before we registered produced its edge already,
        // with nobody to wake. Waiting for another edge would wait forever.
        if let Some(chunk) = s.buffer.pop_front() {
            return Poll::Ready(Some(chunk));
        }
        if s.closed {
            return Poll::Ready(None);
        }
        let old = s.interest.replace(cx.waker().clone());
        drop(sockets);
        drop(old);
        Poll::Pending
    }
}

/// `read(&reactor, socket).await`: the next chunk, or `None` at the end of the stream.
#[derive(Debug)]
pub struct Read {
    reactor: Rc<Reactor>,
    socket: SocketId,
}

/// Reads the next chunk from `socket`.
pub fn read(reactor: &Rc<Reactor>, socket: SocketId) -> Read {
    Read {
        reactor: reactor.clone(),
        socket,
    }
}

impl Future for Read {
    type Output = Option<String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        self.reactor.poll_read(self.socket, cx)
    }
}
