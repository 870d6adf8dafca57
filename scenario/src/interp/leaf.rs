//! The leaf futures a scenario awaits: each is a real runtime-core future, so awaiting in a
//! scenario registers the same timers, channel waiters and reactor interest, and clones and
//! wakes the same wakers, as Rust code on the runtime would. Two combinators sit beside them:
//! [`JoinAll`] (`join(a, b)`, Tokio's `join!`) and `&mut f` (a kept future, lent).

use super::kept::ByRef;
use super::value::Value;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::future::{LostWake, NoYield, Pending, YieldNow};
use runtime_core::io::Read;
use runtime_core::sync::mpsc;
use runtime_core::time::{Sleep, Timeout};
use runtime_core::{JoinError, JoinHandle};

/// A future being awaited on runtime-core. Its output is the value it produces, or the
/// message of a run-time error (a send on a channel nobody can receive from any more).
#[derive(Debug)]
pub enum Leaf {
    /// `sleep(d)`.
    Sleep(Sleep),
    /// `yield_now()`.
    Yield(YieldNow),
    /// `pending()`.
    Pending(Pending),
    /// `lost_wake()`.
    LostWake(LostWake),
    /// `no_yield()`.
    NoYield(NoYield),
    /// `timeout(d, future)`.
    Timeout(alloc::boxed::Box<Timeout<Leaf>>),
    /// `CH.send(v)`, with the channel's name and the line, for the error message if nobody
    /// can receive.
    Send(mpsc::Send<Value>, String, u32),
    /// `CH.recv()`, or a oneshot's.
    Recv(mpsc::Recv<Value>),
    /// `SOCKET.read()`.
    Read(Read),
    /// Awaiting a `JoinHandle`.
    Join(JoinHandle<()>),
    /// `join(a, b, ...)`.
    JoinAll(alloc::boxed::Box<JoinAll>),
    /// `&mut f`: a kept future, lent.
    Lent(ByRef<Leaf>),
}

impl Future for Leaf {
    type Output = Result<Value, String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every variant is `Unpin`, so `Leaf` is too.
        let this = self.get_mut();
        let value = match this {
            Leaf::Sleep(f) => {
                core::task::ready!(Pin::new(f).poll(cx));
                Value::Unit
            }
            Leaf::Yield(f) => {
                core::task::ready!(Pin::new(f).poll(cx));
                Value::Unit
            }
            Leaf::Pending(f) => {
                core::task::ready!(Pin::new(f).poll(cx));
                Value::Unit
            }
            Leaf::LostWake(f) => {
                core::task::ready!(Pin::new(f).poll(cx));
                Value::Unit
            }
            Leaf::NoYield(f) => {
                core::task::ready!(Pin::new(f).poll(cx));
                Value::Unit
            }
            Leaf::Timeout(f) => match core::task::ready!(Pin::new(&mut **f).poll(cx)) {
                Ok(Ok(v)) => Value::ok(v),
                Ok(Err(fault)) => return Poll::Ready(Err(fault)),
                Err(_elapsed) => Value::err(Value::str("elapsed")),
            },
            Leaf::Send(f, chan, line) => match core::task::ready!(Pin::new(f).poll(cx)) {
                Ok(()) => Value::Unit,
                Err(_) => {
                    return Poll::Ready(Err(format!(
                        "line {line}: send on channel `{chan}` failed: no task that can still \
                         run receives from it (every receiver is gone)"
                    )));
                }
            },
            Leaf::Recv(f) => {
                Value::Opt(core::task::ready!(Pin::new(f).poll(cx)).map(alloc::rc::Rc::new))
            }
            Leaf::Read(f) => match core::task::ready!(Pin::new(f).poll(cx)) {
                Some(data) => Value::some(Value::str(&data)),
                None => Value::Opt(None),
            },
            Leaf::Join(f) => match core::task::ready!(Pin::new(f).poll(cx)) {
                Ok(()) => Value::ok(Value::Unit),
                Err(JoinError::Cancelled) => Value::err(Value::str("cancelled")),
            },
            Leaf::JoinAll(f) => return Pin::new(&mut **f).poll(cx),
            Leaf::Lent(f) => return Pin::new(f).poll(cx),
        };
        Poll::Ready(Ok(value))
    }
}

/// `join(a, b, ...)` on runtime-core: what `tokio::join!` expands to (tokio 1.54.1,
/// `tokio/src/macros/join.rs`), for a list of futures.
///
/// * Every future is wrapped in a `MaybeDone` (`tokio/src/future/maybe_done.rs`): once one
///   completes, its output is kept there and it is not polled again.
/// * Each poll of the join polls every future not yet done, all with the task's `Context`:
///   one task, one waker, whichever future's event wakes it.
/// * The first future polled rotates: the first poll starts at future 0, the next at 1, and
///   so on, wrapping round (Tokio's `Rotator`: "a different future is polled first to ensure
///   every future passed to join! can make progress even if one of the futures consumes the
///   whole budget").
/// * The join itself spends no cooperative budget and does not check it (unlike `select!`);
///   the futures inside do.
/// * It is `Ready` with the tuple of outputs, in the order written, once all are done.
///
/// A run-time error in one future (a send nobody can receive) ends the join at once, as a
/// panic in it would end Tokio's.
#[derive(Debug)]
pub struct JoinAll {
    futures: Vec<MaybeDone>,
    /// Tokio's `Rotator::next`: how many futures the next poll skips before it starts.
    next: usize,
}

#[derive(Debug)]
enum MaybeDone {
    Future(Leaf),
    Done(Value),
    Gone,
}

impl JoinAll {
    /// Joins `futures`, none polled yet.
    pub fn new(futures: Vec<Leaf>) -> Self {
        JoinAll {
            futures: futures.into_iter().map(MaybeDone::Future).collect(),
            next: 0,
        }
    }
}

impl Future for JoinAll {
    type Output = Result<Value, String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let count = this.futures.len();
        // Tokio's `Rotator::num_skip`: the number to skip this time, then move on by one.
        let skip = this.next;
        this.next += 1;
        if this.next == count {
            this.next = 0;
        }
        let mut pending = false;
        for i in 0..count {
            let slot = &mut this.futures[(skip + i) % count];
            if let MaybeDone::Future(f) = slot {
                match Pin::new(f).poll(cx) {
                    Poll::Pending => pending = true,
                    Poll::Ready(Ok(v)) => *slot = MaybeDone::Done(v),
                    Poll::Ready(Err(fault)) => return Poll::Ready(Err(fault)),
                }
            }
        }
        if pending {
            return Poll::Pending;
        }
        let outputs: Vec<Value> = this
            .futures
            .iter_mut()
            .map(|slot| match core::mem::replace(slot, MaybeDone::Gone) {
                MaybeDone::Done(v) => v,
                _ => Value::Unit,
            })
            .collect();
        Poll::Ready(Ok(Value::Tuple(Rc::from(outputs))))
    }
}
