//! What the interpreter needs from the runtime it runs on.
//!
//! The lab runs a scenario on runtime-core (`lab.rs`). To check that runtime-core behaves as
//! Tokio does, the differential test (the `vs-tokio` crate) runs the *same compiled program*
//! on Tokio through another `Host`. Everything a task does that reaches its runtime (the
//! futures it awaits, spawning, aborting, work, printing, the clock, the random draw of a
//! `select`) goes through this trait, so the two runs differ only in the runtime.

use super::kept::ByRef;
use super::value::Value;
use super::vm::TaskVm;
use alloc::string::String;
use core::future::Future;
use core::task::{Context, Poll};

/// A oneshot's value was sent before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlreadySent;

/// A runtime a scenario can run on. `Self` is shared by every task of a run (in an `Rc`).
pub trait Host: Sized + 'static {
    /// A channel's sending end; each task that may send holds a clone, and the channel closes
    /// for its receivers when the last one is dropped.
    type Sender: Clone + Unpin;
    /// A channel's receiving end, likewise.
    type Receiver: Clone + Unpin;
    /// A spawned task's handle, until it is awaited.
    type Join;
    /// What aborts a spawned task (kept after its handle is awaited).
    type Abort;
    /// A future being awaited: its output is the value it produces, or the message of a
    /// run-time error (a send on a channel that nobody can receive from any more).
    type Leaf: Future<Output = Result<Value, String>> + Unpin;

    /// `sleep(d)`, in ticks.
    fn sleep(&self, ticks: u64) -> Self::Leaf;
    /// `yield_now()`.
    fn yield_now(&self) -> Self::Leaf;
    /// `pending()`.
    fn pending(&self) -> Self::Leaf;
    /// `lost_wake()`: Pending, and the waker dropped.
    fn lost_wake(&self) -> Self::Leaf;
    /// `no_yield()`: always ready, never spends budget.
    fn no_yield(&self) -> Self::Leaf;
    /// `timeout(d, inner)`, in ticks: `Ok(output)`, or `Err("elapsed")`.
    fn timeout(&self, ticks: u64, inner: Self::Leaf) -> Self::Leaf;
    /// `CH.send(value)`; `channel` and `line` name the send in its error message.
    fn send(&self, tx: &Self::Sender, value: Value, channel: &str, line: u32) -> Self::Leaf;
    /// `CH.recv()`, and a oneshot's `recv()`.
    fn recv(&self, rx: &Self::Receiver) -> Self::Leaf;
    /// `SOCKET.read()`, by the socket's index in the program.
    fn read(&self, socket: usize) -> Self::Leaf;
    /// Awaiting a `JoinHandle`: `Ok(())`, or `Err("cancelled")`.
    fn join(&self, join: Self::Join) -> Self::Leaf;
    /// `join(a, b, ...)`, as `tokio::join!` runs it: every future polled in one task, with the
    /// task's waker; `Ok(Value::Tuple(..))` once all have completed. A future that fails (a
    /// run-time error) fails the whole `join`.
    fn join_all(&self, futures: alloc::vec::Vec<Self::Leaf>) -> Self::Leaf;
    /// `&mut f`: the future kept in variable `f`, lent (polled in place; `f` keeps it).
    fn lend(&self, kept: ByRef<Self::Leaf>) -> Self::Leaf;

    /// Sends oneshot number `oneshot`'s value without waiting: `Ok` if sent (or if nobody can
    /// receive it any more: then the value is dropped, as Tokio's `oneshot::Sender::send`
    /// hands it back), `Err` if it was sent before (a Tokio `oneshot::Sender` is consumed by
    /// its `send`).
    fn oneshot_send(
        &self,
        oneshot: usize,
        tx: &Self::Sender,
        value: Value,
    ) -> Result<(), AlreadySent>;

    /// Spawns `task` under `name`; returns its task number (what `JoinHandle(task#N)` shows),
    /// its handle, and what aborts it. `None`: the runtime refused it (the task limit was
    /// reached, which stops the run).
    fn spawn(&self, name: &str, task: TaskVm<Self>) -> Option<(u32, Self::Join, Self::Abort)>;
    /// `h.abort()`.
    fn abort(&self, abort: &Self::Abort);
    /// `work(d)`, in ticks: the poll in progress takes that long.
    fn work(&self, ticks: u64);
    /// Virtual time now, in ticks.
    fn now(&self) -> u64;
    /// `print(...)`, for the running task.
    fn print(&self, text: String);
    /// Whether the running task has cooperative budget left (without spending any). If not,
    /// defers the task's wake and returns `Pending`: what `tokio::select!` checks first on
    /// every poll (`poll_budget_available`).
    fn poll_budget(&self, cx: &mut Context<'_>) -> Poll<()>;
    /// A number in `0..n`: where a `select` without `biased;` starts polling.
    fn random_below(&self, n: u32) -> u32;
    /// Reports the variables the running task holds while parked (for the Pin view).
    fn record_locals(&self, text: &str);
    /// Reports that the program failed; the run stops.
    fn record_fault(&self, message: String);
}
