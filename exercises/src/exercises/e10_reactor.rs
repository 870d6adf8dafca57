//! Exercise 10 — A reactor: interest, readiness, and no lost wakeup when readiness comes
//! before the registration.
//!
//! Goal: the part of a runtime that connects sockets to tasks. The "operating system" (an
//! I/O driver task in the checks) calls `deliver` when data arrives on a socket and `close`
//! when no more will come; tasks call `poll_read`.
//!
//! * `poll_read`: data in the socket's buffer → `Ready(Some(chunk))` (oldest first); buffer
//!   empty and socket closed → `Ready(None)`; otherwise register interest (keep the waker)
//!   and return `Pending`. Check for data *before* waiting: data that arrived earlier will
//!   not announce itself again.
//! * `deliver`: append the chunk. Readiness is edge-triggered, as with epoll's `EPOLLET` in
//!   Tokio: if the buffer was empty (not readable → readable), wake the registered interest,
//!   which is used up (take it).
//! * `close`: mark the socket closed and wake the registered interest.
//!
//! Lesson: `exercises/lessons/e10_reactor.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e10`

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
        // TODO: append `data`. If the buffer was empty before (a readiness edge), take the
        //       registered interest and wake it — after the `borrow_mut()` has ended.
    }

    /// The OS says: no more data will arrive on `socket`.
    pub fn close(&self, socket: SocketId) {
        // TODO: mark it closed, take the registered interest and wake it.
    }

    /// Reads the next chunk, or registers interest in the socket.
    pub fn poll_read(&self, socket: SocketId, cx: &mut Context<'_>) -> Poll<Option<String>> {
        // TODO: a chunk in the buffer: Ready(Some(chunk)). Closed (and empty): Ready(None).
        //       Otherwise keep `cx.waker().clone()` as the socket's interest: Pending.
        todo!("Reactor::poll_read")
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
