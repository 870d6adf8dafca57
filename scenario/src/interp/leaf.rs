//! The leaf futures a scenario awaits: each is a real runtime-core future, so awaiting in a
//! scenario registers the same timers, channel waiters and reactor interest, and clones and
//! wakes the same wakers, as Rust code on the runtime would.

use super::value::Value;
use alloc::format;
use alloc::string::String;
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
        };
        Poll::Ready(Ok(value))
    }
}
