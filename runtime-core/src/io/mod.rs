//! The simulated reactor: virtual sockets whose data arrives at scripted times.
//!
//! A real runtime's I/O driver asks the OS (epoll, kqueue, IOCP) which sockets became ready and
//! wakes the tasks that registered interest in them (compare tokio `runtime/io/driver.rs` and
//! `scheduled_io.rs`). Here the "OS" is a script: each socket has chunks of data, each becoming
//! readable at a given virtual time. The driver delivers due chunks when it turns.
//!
//! Readiness is **edge-triggered**, as with epoll's `EPOLLET` in Tokio: a registered waker is
//! woken once, when the socket goes from "nothing to read" to "readable", and is then
//! forgotten. A reader must therefore check for data *before* registering (data that arrived
//! before it registered produces no new edge), and re-register each time it finds nothing.

use crate::handle::Handle;
use crate::ids::{SocketId, TaskId, Tick};
use crate::scheduler::Core;
use crate::trace::{Event, Holder, Text};
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

#[derive(Debug)]
struct SocketState {
    name: Text,
    /// Data still to come, in time order.
    arrivals: VecDeque<(Tick, String)>,
    /// Data that has arrived and not been read.
    buffer: VecDeque<String>,
    /// The registered interest: who to wake on the next readiness edge.
    waiter: Option<(Waker, Option<TaskId>)>,
}

/// All sockets.
#[derive(Debug, Default)]
pub(crate) struct Reactor {
    sockets: Vec<SocketState>,
}

impl Reactor {
    /// When the next chunk of data arrives on any socket.
    pub(crate) fn next_arrival(&self) -> Option<Tick> {
        self.sockets
            .iter()
            .filter_map(|s| s.arrivals.front().map(|a| a.0))
            .min()
    }

    pub(crate) fn take_wakers(&mut self) -> Vec<Waker> {
        self.sockets
            .iter_mut()
            .filter_map(|s| s.waiter.take().map(|(w, _)| w))
            .collect()
    }

    pub(crate) fn name(&self, id: SocketId) -> Text {
        self.sockets
            .get(id.index())
            .map_or_else(|| Text::from("?"), |s| s.name.clone())
    }
}

impl Core {
    /// Delivers the next due chunk (earliest time, then lowest socket id). Returns the socket
    /// and, if this delivery is a readiness edge with interest registered, the waker to wake.
    pub(crate) fn reactor_poll(&mut self) -> Option<(SocketId, Option<Waker>)> {
        let now = self.now();
        let (index, _) = self
            .reactor
            .sockets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.arrivals.front().map(|a| (i, a.0)))
            .filter(|&(_, t)| t <= now)
            .min_by_key(|&(i, t)| (t, i))?;
        let socket = &mut self.reactor.sockets[index];
        let (_, data) = socket.arrivals.pop_front().expect("found above");
        let edge = socket.buffer.is_empty();
        let bytes = u32::try_from(data.len()).unwrap_or(u32::MAX);
        socket.buffer.push_back(data);
        let waiter = if edge {
            socket.waiter.take().map(|(w, _)| w)
        } else {
            None
        };
        let id = SocketId(index as u32);
        self.record(Event::IoReady { socket: id, bytes });
        Some((id, waiter))
    }
}

/// A virtual socket (a handle to it; cheap to clone).
#[derive(Clone, Debug)]
pub struct Socket {
    handle: Handle,
    id: SocketId,
}

impl Handle {
    /// Creates a socket whose data becomes readable at the given times (in ticks, ascending).
    pub fn socket(&self, name: &str, arrivals: Vec<(Tick, String)>) -> Socket {
        let mut core = self.shared.core.borrow_mut();
        let id = SocketId(core.reactor.sockets.len() as u32);
        let name = Text::from(name);
        core.reactor.sockets.push(SocketState {
            name: name.clone(),
            arrivals: arrivals.into(),
            buffer: VecDeque::new(),
            waiter: None,
        });
        core.record(Event::SocketCreated { socket: id, name });
        Socket {
            handle: self.clone(),
            id,
        }
    }
}

impl Socket {
    /// The socket's id.
    pub fn id(&self) -> SocketId {
        self.id
    }

    /// Reads the next chunk: `Some(data)`, or `None` once all scripted data has been read.
    pub fn read(&self) -> Read {
        Read {
            socket: self.clone(),
            registered: false,
        }
    }
}

/// Future returned by [`Socket::read`]. Cancel-safe: it holds no data, so dropping it (in a
/// `select`, say) loses nothing.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Read {
    socket: Socket,
    registered: bool,
}

impl Future for Read {
    type Output = Option<String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        let this = self.get_mut();
        let handle = this.socket.handle.clone();
        if handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let id = this.socket.id;
        let (data, exhausted, same) = {
            let mut core = handle.shared.core.borrow_mut();
            let s = &mut core.reactor.sockets[id.index()];
            let same = s
                .waiter
                .as_ref()
                .is_some_and(|(w, _)| crate::waker::will_wake(w, cx.waker()));
            (s.buffer.pop_front(), s.arrivals.is_empty(), same)
        };
        if let Some(data) = data {
            this.deregister();
            handle.consume_budget();
            return Poll::Ready(Some(data));
        }
        if exhausted {
            this.deregister();
            handle.consume_budget();
            return Poll::Ready(None);
        }
        if !same {
            // Register interest (again: edge-triggered interest is consumed by each wake).
            let waker = handle.clone_waker(cx.waker(), Holder::Io(id));
            let old = {
                let mut core = handle.shared.core.borrow_mut();
                let task = core.current.map(|c| c.task);
                let old = core.reactor.sockets[id.index()]
                    .waiter
                    .replace((waker, task));
                core.record(Event::IoRegistered { socket: id, task });
                old
            };
            drop(old);
        }
        this.registered = true;
        Poll::Pending
    }
}

impl Read {
    fn deregister(&mut self) {
        if core::mem::take(&mut self.registered) {
            let old = {
                let mut core = self.socket.handle.shared.core.borrow_mut();
                core.reactor.sockets[self.socket.id.index()].waiter.take()
            };
            drop(old);
        }
    }
}

impl Drop for Read {
    fn drop(&mut self) {
        self.deregister();
    }
}
