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
use crate::scheduler::{Core, Shared};
use crate::trace::{Event, Holder, Recorder, Text};
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
    waiter: Option<Waker>,
}

/// The reactor: every socket, its scripted data and the interest registered in it. It records
/// what it does (`socket_created`, `io_registered`, `io_ready`) into the trace it is handed.
#[derive(Debug, Default)]
pub(crate) struct Reactor {
    sockets: Vec<SocketState>,
}

/// What a read found.
pub(crate) enum ReadState {
    /// A chunk of data, taken from the socket's buffer.
    Data(String),
    /// Nothing more will ever arrive.
    Exhausted,
    /// Nothing yet. `registered`: the waker given is already the one registered.
    Empty { registered: bool },
}

impl Reactor {
    /// When the next chunk of data arrives on any socket.
    pub(crate) fn next_arrival(&self) -> Option<Tick> {
        self.sockets
            .iter()
            .filter_map(|s| s.arrivals.front().map(|a| a.0))
            .min()
    }

    /// Every registered waker (at teardown).
    pub(crate) fn take_wakers(&mut self) -> impl Iterator<Item = Waker> + '_ {
        self.sockets.iter_mut().filter_map(|s| s.waiter.take())
    }

    pub(crate) fn name(&self, id: SocketId) -> Text {
        self.sockets
            .get(id.index())
            .map_or_else(|| Text::from("?"), |s| s.name.clone())
    }

    /// A new socket whose data arrives at the given times.
    pub(crate) fn add(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
        name: &str,
        arrivals: Vec<(Tick, String)>,
    ) -> SocketId {
        let id = SocketId(self.sockets.len() as u32);
        let name = Text::from(name);
        self.sockets.push(SocketState {
            name: name.clone(),
            arrivals: arrivals.into(),
            buffer: VecDeque::new(),
            waiter: None,
        });
        trace.record(now, Event::SocketCreated { socket: id, name });
        id
    }

    /// Takes the next chunk `socket` has, if any; says whether `waker` is the one registered.
    pub(crate) fn try_read(&mut self, socket: SocketId, waker: &Waker) -> ReadState {
        let s = &mut self.sockets[socket.index()];
        match s.buffer.pop_front() {
            Some(data) => ReadState::Data(data),
            None if s.arrivals.is_empty() => ReadState::Exhausted,
            None => ReadState::Empty {
                registered: s
                    .waiter
                    .as_ref()
                    .is_some_and(|w| crate::waker::will_wake(w, waker)),
            },
        }
    }

    /// Registers `task`'s interest in `socket`'s next readiness edge; returns the waker it
    /// replaces, to drop outside the Core borrow.
    pub(crate) fn register(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
        socket: SocketId,
        (waker, task): (Waker, Option<TaskId>),
    ) -> Option<Waker> {
        let old = self.sockets[socket.index()].waiter.replace(waker);
        trace.record(now, Event::IoRegistered { socket, task });
        old
    }

    /// Removes the interest registered in `socket`; returns its waker.
    pub(crate) fn deregister(&mut self, socket: SocketId) -> Option<Waker> {
        self.sockets[socket.index()].waiter.take()
    }

    /// Delivers the next chunk due by `now` (earliest time, then lowest socket id). Returns the
    /// socket and, if this delivery is a readiness edge with interest registered, the waker
    /// to wake.
    pub(crate) fn deliver_next(
        &mut self,
        trace: &mut Recorder,
        now: Tick,
    ) -> Option<(SocketId, Option<Waker>)> {
        let (index, _) = self
            .sockets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.arrivals.front().map(|a| (i, a.0)))
            .filter(|&(_, t)| t <= now)
            .min_by_key(|&(i, t)| (t, i))?;
        let socket = &mut self.sockets[index];
        let (_, data) = socket.arrivals.pop_front().expect("found above");
        let edge = socket.buffer.is_empty();
        let bytes = u32::try_from(data.len()).unwrap_or(u32::MAX);
        socket.buffer.push_back(data);
        let waiter = if edge { socket.waiter.take() } else { None };
        let id = SocketId(index as u32);
        trace.record(now, Event::IoReady { socket: id, bytes });
        Some((id, waiter))
    }
}

/// A virtual socket (a handle to it; cheap to clone).
#[derive(Clone, Debug)]
pub struct Socket {
    handle: Handle,
    id: SocketId,
}

impl Shared {
    /// [`Reactor::try_read`] under the Core borrow.
    fn try_read(&self, socket: SocketId, waker: &Waker) -> ReadState {
        self.core.borrow_mut().reactor.try_read(socket, waker)
    }

    /// Registers `waker` (a clone, already recorded as held by the socket) for the socket's
    /// next edge, replacing any earlier one, which is dropped after the borrow ends (its drop
    /// may call back in).
    fn register_interest(&self, socket: SocketId, waker: Waker) {
        let mut core = self.core.borrow_mut();
        let (now, task) = (core.now(), core.current.map(|c| c.task));
        let Core { reactor, trace, .. } = &mut *core;
        let old = reactor.register(trace, now, socket, (waker, task));
        drop(core);
        drop(old);
    }

    /// Forgets the socket's registered waker (a read that completed or was dropped), dropping
    /// it after the borrow ends.
    fn deregister_interest(&self, socket: SocketId) {
        let old = self.core.borrow_mut().reactor.deregister(socket);
        drop(old);
    }
}

impl Handle {
    /// Creates a socket whose data becomes readable at the given times (in ticks, ascending).
    pub fn socket(&self, name: &str, arrivals: Vec<(Tick, String)>) -> Socket {
        let mut core = self.shared.core.borrow_mut();
        let now = core.now();
        let Core { reactor, trace, .. } = &mut *core;
        let id = reactor.add(trace, now, name, arrivals);
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
        let found = handle.shared.try_read(id, cx.waker());
        match found {
            ReadState::Data(data) => {
                this.deregister();
                handle.consume_budget();
                return Poll::Ready(Some(data));
            }
            ReadState::Exhausted => {
                this.deregister();
                handle.consume_budget();
                return Poll::Ready(None);
            }
            ReadState::Empty { registered: true } => {}
            ReadState::Empty { registered: false } => {
                // Register interest (again: edge-triggered interest is consumed by each wake).
                let waker = handle.clone_waker(cx.waker(), Holder::Io(id));
                handle.shared.register_interest(id, waker);
            }
        }
        this.registered = true;
        Poll::Pending
    }
}

impl Read {
    fn deregister(&mut self) {
        if core::mem::take(&mut self.registered) {
            self.socket
                .handle
                .shared
                .deregister_interest(self.socket.id);
        }
    }
}

impl Drop for Read {
    fn drop(&mut self) {
        self.deregister();
    }
}
