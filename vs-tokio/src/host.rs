//! Tokio 1.54 as the interpreter's host: the same compiled tasks, awaiting Tokio's own futures
//! on Tokio's `current_thread` runtime with a paused clock.
//!
//! Every task is a `tokio::spawn`ed future; a channel is a `tokio::sync::mpsc` channel, a
//! oneshot a `tokio::sync::oneshot`; `sleep` and `timeout` are `tokio::time`'s; `yield_now` is
//! `tokio::task::yield_now`; `work(d)` moves the paused clock by `d` inside the poll (the first
//! poll of `tokio::time::advance(d)` does that before it yields; it is polled once, with a
//! no-op waker, and dropped). `budget: off` runs each task inside `coop::unconstrained`.
//! `join(a, b, ...)` is `tokio::join!(a, b, ...)`; a kept future is a pinned box
//! (`Pin<Box<dyn Future>>`, what `tokio::pin!` gives on the heap), and `&mut f` polls it in
//! place through `&mut`, as `select! { v = &mut f => ... }` does.
//!
//! What happens is written to a [`Record`]: each poll (by the [`Observe`] wrapper around each
//! task), each print, how each task ended.

use crate::observe::{End, Observed};
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::rand::FastRand;
use scenario::interp::{AlreadySent, ByRef, Host, TaskVm, Value};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// What the Tokio run observes, shared by the host and every task's [`Observe`].
#[derive(Debug, Default)]
pub struct Record {
    pub(crate) seen: Observed,
    /// The task being polled.
    current: Option<u32>,
    /// A fault stopped the program (as it stops the lab's run), or the run went on longer
    /// than the lab's did: from then on no task is polled.
    stopped: bool,
    /// The runtime is being dropped: the futures dropped now were not cancelled.
    shutting_down: bool,
    /// The program does something the comparison cannot model on Tokio (said why).
    pub(crate) unsupported: Option<String>,
    /// Polls left before the Tokio run is cut off (it has gone on longer than the lab's).
    polls_left: u64,
    /// Which tasks have received from each channel (Tokio's mpsc has one receiver).
    receivers: Vec<BTreeSet<u32>>,
}

/// The Tokio host of one run.
#[derive(Debug)]
pub struct Tokio {
    pub(crate) record: Rc<RefCell<Record>>,
    base: tokio::time::Instant,
    micros_per_tick: u64,
    rng: RefCell<FastRand>,
    next_task: Cell<u32>,
    budget_off: bool,
}

/// A channel's sending end: an mpsc sender, or a oneshot's (shared by the tasks that may
/// send, and consumed by the send).
#[derive(Clone, Debug)]
pub enum Sender {
    /// `chan`.
    Mpsc(mpsc::Sender<Value>),
    /// `oneshot`.
    Oneshot(Rc<RefCell<Option<oneshot::Sender<Value>>>>),
}

/// A channel's receiving end (shared by the tasks that may receive).
#[derive(Clone, Debug)]
pub enum Receiver {
    /// `chan`, with its index (to tell which tasks receive from it).
    Mpsc(usize, Rc<RefCell<mpsc::Receiver<Value>>>),
    /// `oneshot`, with its index after the channels' (to tell which tasks receive from it);
    /// `None` once its value (or its closing) was received.
    Oneshot(usize, Rc<RefCell<Option<oneshot::Receiver<Value>>>>),
}

type Leaf = Pin<Box<dyn Future<Output = Result<Value, String>>>>;

impl Tokio {
    /// A host whose clock starts now (call it inside the runtime, before anything runs).
    /// `channels`: how many channels and oneshots the program has.
    pub fn new(
        micros_per_tick: u64,
        seed: u32,
        budget_off: bool,
        channels: usize,
        polls: u64,
    ) -> Self {
        let record = Record {
            polls_left: polls,
            receivers: vec![BTreeSet::new(); channels],
            ..Record::default()
        };
        Tokio {
            record: Rc::new(RefCell::new(record)),
            base: tokio::time::Instant::now(),
            micros_per_tick,
            rng: RefCell::new(FastRand::stream(seed, 0)),
            next_task: Cell::new(0),
            budget_off,
        }
    }

    /// The next task number (the lab numbers tasks as they are created, from 0: the tasks
    /// that start on their own first, in declaration order, then each `spawn`).
    pub fn number(&self) -> u32 {
        let id = self.next_task.get();
        self.next_task.set(id + 1);
        id
    }

    /// Spawns `task`, numbered `id`, on the Tokio runtime this is called in.
    pub fn spawn_numbered(
        &self,
        id: u32,
        name: &str,
        task: TaskVm<Tokio>,
    ) -> tokio::task::JoinHandle<()> {
        {
            // After a fault the lab's run is over: nothing more starts.
            let mut r = self.record.borrow_mut();
            if !r.stopped {
                r.seen.tasks.insert(id, name.to_string());
            }
        }
        let observed = Observe {
            id,
            record: self.record.clone(),
            base: self.base,
            micros_per_tick: self.micros_per_tick,
            done: false,
            inner: task,
        };
        if self.budget_off {
            tokio::spawn(OneThread(tokio::task::coop::unconstrained(observed)))
        } else {
            tokio::spawn(OneThread(observed))
        }
    }

    /// Marks the end of the run: the futures dropped with the runtime were not cancelled.
    pub fn shut_down(&self) {
        self.record.borrow_mut().shutting_down = true;
    }

    fn ticks(&self, d: u64) -> Duration {
        Duration::from_micros(d * self.micros_per_tick)
    }

    fn now_ticks(&self) -> u64 {
        ticks_since(self.base, self.micros_per_tick)
    }
}

fn ticks_since(base: tokio::time::Instant, micros_per_tick: u64) -> u64 {
    (tokio::time::Instant::now() - base).as_micros() as u64 / micros_per_tick
}

impl Host for Tokio {
    type Sender = Sender;
    type Receiver = Receiver;
    type Join = tokio::task::JoinHandle<()>;
    type Abort = tokio::task::AbortHandle;
    type Leaf = Leaf;

    fn sleep(&self, ticks: u64) -> Leaf {
        let sleep = tokio::time::sleep(self.ticks(ticks));
        Box::pin(async move {
            sleep.await;
            Ok(Value::Unit)
        })
    }

    fn yield_now(&self) -> Leaf {
        Box::pin(async {
            tokio::task::yield_now().await;
            Ok(Value::Unit)
        })
    }

    fn pending(&self) -> Leaf {
        Box::pin(std::future::pending())
    }

    // The two broken futures are plain futures, not the runtime's: the lab's own run here.
    fn lost_wake(&self) -> Leaf {
        let lost = runtime_core::future::LostWake::default();
        Box::pin(async move {
            lost.await;
            Ok(Value::Unit)
        })
    }

    fn no_yield(&self) -> Leaf {
        Box::pin(async {
            runtime_core::future::NoYield.await;
            Ok(Value::Unit)
        })
    }

    fn timeout(&self, ticks: u64, inner: Leaf) -> Leaf {
        let timeout = tokio::time::timeout(self.ticks(ticks), inner);
        Box::pin(async move {
            match timeout.await {
                Ok(Ok(v)) => Ok(Value::ok(v)),
                Ok(Err(fault)) => Err(fault),
                Err(_elapsed) => Ok(Value::err(Value::str("elapsed"))),
            }
        })
    }

    fn send(&self, tx: &Sender, value: Value, channel: &str, line: u32) -> Leaf {
        let Sender::Mpsc(tx) = tx.clone() else {
            return Box::pin(std::future::ready(Err(String::from(
                "internal: a oneshot's sender used as a channel's",
            ))));
        };
        let message = format!(
            "line {line}: send on channel `{channel}` failed: no task that can still run \
             receives from it (every receiver is gone)"
        );
        Box::pin(async move {
            match tx.send(value).await {
                Ok(()) => Ok(Value::Unit),
                Err(_) => Err(message),
            }
        })
    }

    fn recv(&self, rx: &Receiver) -> Leaf {
        let record = self.record.clone();
        match rx.clone() {
            Receiver::Mpsc(channel, rx) => Box::pin(std::future::poll_fn(move |cx| {
                note_receiver(&record, channel);
                rx.borrow_mut()
                    .poll_recv(cx)
                    .map(|v| Ok(Value::Opt(v.map(Rc::new))))
            })),
            Receiver::Oneshot(channel, rx) => Box::pin(std::future::poll_fn(move |cx| {
                note_receiver(&record, channel);
                let mut slot = rx.borrow_mut();
                let Some(inner) = slot.as_mut() else {
                    let mut r = record.borrow_mut();
                    if r.unsupported.is_none() {
                        r.unsupported = Some(String::from(
                            "a oneshot is received from twice (a Tokio oneshot::Receiver is \
                             consumed by its first await)",
                        ));
                    }
                    return Poll::Pending;
                };
                let out = core::task::ready!(Pin::new(inner).poll(cx));
                *slot = None;
                Poll::Ready(Ok(Value::Opt(out.ok().map(Rc::new))))
            })),
        }
    }

    fn read(&self, _socket: usize) -> Leaf {
        let record = self.record.clone();
        Box::pin(std::future::poll_fn(move |_cx| {
            let mut r = record.borrow_mut();
            r.unsupported
                .get_or_insert_with(|| String::from("reads a socket (no Tokio twin)"));
            Poll::Pending
        }))
    }

    fn join(&self, join: tokio::task::JoinHandle<()>) -> Leaf {
        Box::pin(async move {
            match join.await {
                Ok(()) => Ok(Value::ok(Value::Unit)),
                Err(e) if e.is_cancelled() => Ok(Value::err(Value::str("cancelled"))),
                Err(e) => Err(format!("a task panicked: {e}")),
            }
        })
    }

    fn join_all(&self, futures: Vec<Leaf>) -> Leaf {
        // A run-time error in one future (a send nobody receives) is kept aside, and that
        // future waits forever; the join is then failed at the end of that poll, so the
        // program stops as the lab's does (where the error ends the join at once).
        let fault: Rc<RefCell<Option<String>>> = Rc::default();
        let branch = |leaf: Leaf| {
            let fault = fault.clone();
            async move {
                match leaf.await {
                    Ok(v) => v,
                    Err(e) => {
                        *fault.borrow_mut() = Some(e);
                        std::future::pending().await
                    }
                }
            }
        };
        let mut joined = tokio_join(futures, branch);
        Box::pin(std::future::poll_fn(move |cx| {
            let out = joined.as_mut().poll(cx);
            if let Some(e) = fault.borrow_mut().take() {
                return Poll::Ready(Err(e));
            }
            out.map(|values| Ok(Value::Tuple(values.into())))
        }))
    }

    fn lend(&self, kept: ByRef<Leaf>) -> Leaf {
        Box::pin(kept)
    }

    fn oneshot_send(&self, _oneshot: usize, tx: &Sender, value: Value) -> Result<(), AlreadySent> {
        let Sender::Oneshot(slot) = tx else {
            return Err(AlreadySent);
        };
        match slot.borrow_mut().take() {
            // A receiver that is gone makes the send a no-op, as in the lab.
            Some(tx) => {
                let _ = tx.send(value);
                Ok(())
            }
            None => Err(AlreadySent),
        }
    }

    fn spawn(
        &self,
        name: &str,
        task: TaskVm<Self>,
    ) -> Option<(u32, tokio::task::JoinHandle<()>, tokio::task::AbortHandle)> {
        // Tokio has no task limit: a spawn is never refused.
        let id = self.number();
        let join = self.spawn_numbered(id, name, task);
        let abort = join.abort_handle();
        Some((id, join, abort))
    }

    fn abort(&self, abort: &tokio::task::AbortHandle) {
        abort.abort();
    }

    fn work(&self, ticks: u64) {
        // The first poll of `advance` moves the paused clock, then yields (deferring the no-op
        // waker, which wakes nothing): it is not polled again.
        let mut advance = core::pin::pin!(tokio::time::advance(self.ticks(ticks)));
        let _ = advance
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
    }

    fn now(&self) -> u64 {
        self.now_ticks()
    }

    fn print(&self, text: String) {
        let at = self.now_ticks();
        let mut r = self.record.borrow_mut();
        let task = r.current.unwrap_or(u32::MAX);
        r.seen.prints.push((at, task, text));
    }

    fn poll_budget(&self, cx: &mut Context<'_>) -> Poll<()> {
        if tokio::task::coop::has_budget_remaining() {
            return Poll::Ready(());
        }
        // Out of budget, `poll_proceed` defers the task's wake and says `Pending`: what
        // `tokio::select!`'s `poll_budget_available` does.
        match tokio::task::coop::poll_proceed(cx) {
            Poll::Ready(_restore) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    }

    fn random_below(&self, n: u32) -> u32 {
        self.rng.borrow_mut().below(n)
    }

    fn record_locals(&self, _text: &str) {}

    fn record_fault(&self, _message: String) {
        let mut r = self.record.borrow_mut();
        r.seen.fault = true;
        r.stopped = true;
    }
}

/// `tokio::join!` over `futures` (1 to 16 of them, the language's limit), each made into a
/// branch by `branch`: the macro needs its futures written out, so each count is spelt out.
fn tokio_join<B: Future<Output = Value> + 'static>(
    futures: Vec<Leaf>,
    branch: impl Fn(Leaf) -> B,
) -> Pin<Box<dyn Future<Output = Vec<Value>>>> {
    macro_rules! joins {
        ($($n:literal => ($($f:ident)+)),+ $(,)?) => {
            match futures.len() {
                $($n => {
                    let mut it = futures.into_iter().map(branch);
                    $(let $f = it.next().expect("counted");)+
                    Box::pin(async move {
                        let ($($f,)+) = tokio::join!($($f),+);
                        vec![$($f),+]
                    })
                })+
                n => panic!("join of {n} futures: the language allows 1 to 16"),
            }
        };
    }
    joins! {
        1 => (a),
        2 => (a b),
        3 => (a b c),
        4 => (a b c d),
        5 => (a b c d e),
        6 => (a b c d e f),
        7 => (a b c d e f g),
        8 => (a b c d e f g h),
        9 => (a b c d e f g h i),
        10 => (a b c d e f g h i j),
        11 => (a b c d e f g h i j k),
        12 => (a b c d e f g h i j k l),
        13 => (a b c d e f g h i j k l m),
        14 => (a b c d e f g h i j k l m n),
        15 => (a b c d e f g h i j k l m n o),
        16 => (a b c d e f g h i j k l m n o p),
    }
}

/// A task as Tokio polls it, recording each poll and how it ends.
struct Observe {
    id: u32,
    record: Rc<RefCell<Record>>,
    base: tokio::time::Instant,
    micros_per_tick: u64,
    done: bool,
    inner: TaskVm<Tokio>,
}

impl Future for Observe {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let at = ticks_since(self.base, self.micros_per_tick);
        {
            let mut r = self.record.borrow_mut();
            // A program stopped (a fault in the lab stops the whole run), or run past the
            // lab's length: nothing more is polled.
            if r.stopped {
                return Poll::Pending;
            }
            if r.polls_left == 0 {
                r.stopped = true;
                r.seen.cut_off = true;
                return Poll::Pending;
            }
            r.polls_left -= 1;
            r.seen.polls.push((at, self.id));
            r.current = Some(self.id);
        }
        let result = Pin::new(&mut self.inner).poll(cx);
        let at = ticks_since(self.base, self.micros_per_tick);
        let mut r = self.record.borrow_mut();
        r.current = None;
        if result.is_ready() {
            r.seen.ends.insert(self.id, (End::Completed, at));
            drop(r);
            self.done = true;
        }
        result
    }
}

impl Drop for Observe {
    fn drop(&mut self) {
        let at = ticks_since(self.base, self.micros_per_tick);
        let mut r = self.record.borrow_mut();
        // Dropped with the runtime, or after the run stopped: not cancelled by the program.
        if !self.done && !r.shutting_down && !r.stopped {
            r.seen.ends.insert(self.id, (End::Cancelled, at));
        }
    }
}

/// Notes that the running task receives from channel (or oneshot) `channel`: a second task
/// doing so is something Tokio's one-receiver channels cannot do.
fn note_receiver(record: &RefCell<Record>, channel: usize) {
    let mut r = record.borrow_mut();
    let task = r.current.unwrap_or(u32::MAX);
    r.receivers[channel].insert(task);
    if r.receivers[channel].len() > 1 && r.unsupported.is_none() {
        r.unsupported = Some(String::from(
            "two tasks receive from one channel (Tokio's channels have one receiver)",
        ));
    }
}

/// A future that is created, polled and dropped on one thread only.
///
/// `tokio::spawn` asks for `Send` because a multi-thread runtime may move a task between its
/// worker threads; the tasks here hold `Rc`s (the interpreter's shared state, its values).
struct OneThread<F>(F);

// SAFETY: every `OneThread` is spawned on a `current_thread` runtime (built in `run_tokio`,
// never shared), whose tasks are polled only by the thread that runs `block_on`; nothing here
// spawns from another thread, uses `spawn_blocking` or `block_in_place`, and the runtime is
// dropped, with the tasks it still holds, on that same thread. So the future and the `Rc`s
// inside it never cross a thread, which is what `Send` would allow.
unsafe impl<F> Send for OneThread<F> {}

impl<F: Future> Future for OneThread<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: structural pinning: `OneThread` never moves its field and has no `Drop`.
        unsafe { self.map_unchecked_mut(|s| &mut s.0) }.poll(cx)
    }
}
