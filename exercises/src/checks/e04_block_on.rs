//! Checks for exercise 4: `block_on`. The learner's `block_on` drives futures whose timers live
//! in a `runtime-core` runtime; parking turns that runtime's drivers. The checks count polls
//! and parks, and every poll and park is printed into the runtime's trace.

use crate::support::parker::Parker;
use crate::support::{ensure, fail};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::Cell;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::{EventRecord, Handle, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output;
}

impl Subject for Learner {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
        crate::exercises::e04_block_on::block_on(parker, future)
    }
}

impl Subject for Solution {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
        crate::solutions::e04_block_on::block_on(parker, future)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "returns the output of a ready future",
            points: 2,
            run: ready::<S>,
        },
        Check {
            name: "parks until woken, then polls again",
            points: 3,
            run: parks::<S>,
        },
        Check {
            name: "does not lose a wake that comes during the poll",
            points: 3,
            run: self_wake::<S>,
        },
        Check {
            name: "uses each wake once",
            points: 2,
            run: two_sleeps::<S>,
        },
    ];
}

/// How many polls in a row without a park count as spinning.
const SPIN: u32 = 200;

/// Counts the polls of `F`, prints each into the trace, and stops a spinning `block_on`.
struct Counted<F> {
    inner: Pin<Box<F>>,
    polls: Rc<Cell<u32>>,
    handle: Handle,
    /// The time of the last poll and how many polls happened at it.
    last: Cell<(Tick, u32)>,
}

fn counted<F: Future>(handle: &Handle, inner: F) -> (Counted<F>, Rc<Cell<u32>>) {
    let polls = Rc::new(Cell::new(0));
    let c = Counted {
        inner: Box::pin(inner),
        polls: polls.clone(),
        handle: handle.clone(),
        last: Cell::new((u64::MAX, 0)),
    };
    (c, polls)
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let n = self.polls.get() + 1;
        self.polls.set(n);
        let now = self.handle.now();
        let (at, same) = self.last.get();
        let same = if at == now { same + 1 } else { 1 };
        self.last.set((now, same));
        if same > SPIN {
            fail(format!(
                "block_on polled the future {same} times in a row while the clock stayed at \
                 t={now}: it spins instead of sleeping. After a Pending poll, park \
                 (`parker.park()`) until the waker has been called, and use that wake up \
                 (set the flag back to false), or one wake lets you poll forever."
            ));
        }
        self.handle
            .print(format!("block_on polls the future (poll #{n})"));
        let result = self.inner.as_mut().poll(cx);
        let what = if result.is_ready() {
            "Ready"
        } else {
            "Pending"
        };
        self.handle.print(format!("poll #{n} returned {what}"));
        result
    }
}

/// A future that wakes itself once, then is ready: a wake that arrives during the poll.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.0 {
            return Poll::Ready("yielded");
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn ready<S: Subject>() -> Result<(), String> {
    let mut parker = Parker::new();
    let (fut, polls) = counted(parker.handle(), async { 7 });
    let out = S::block_on(&mut parker, fut);
    ensure(out == 7, || {
        format!("block_on(async {{ 7 }}) returned {out}")
    })?;
    ensure(polls.get() == 1 && parker.parks() == 0, || {
        format!(
            "a future that is ready at once needs one poll and no park; block_on polled it {} \
             time(s) and parked {} time(s)",
            polls.get(),
            parker.parks()
        )
    })
}

fn parks<S: Subject>() -> Result<(), String> {
    let mut parker = Parker::new();
    let h = parker.handle().clone();
    let (fut, polls) = counted(parker.handle(), async move {
        h.sleep(5).await;
        h.now()
    });
    let out = S::block_on(&mut parker, fut);
    ensure(out == 5, || {
        format!("the future sleeps 5 ms and returns the time; block_on returned {out}")
    })?;
    ensure(polls.get() == 2 && parker.parks() == 1, || {
        format!(
            "a 5 ms sleep needs two polls (Pending at t=0, Ready at t=5) with one park between \
             them; block_on polled {} time(s) and parked {} time(s)",
            polls.get(),
            parker.parks()
        )
    })
}

fn self_wake<S: Subject>() -> Result<(), String> {
    let mut parker = Parker::new();
    let (fut, polls) = counted(parker.handle(), YieldOnce(false));
    let out = S::block_on(&mut parker, fut);
    ensure(
        out == "yielded" && polls.get() == 2 && parker.parks() == 0,
        || {
            format!(
                "the future wakes its own waker during its first poll, then is ready: block_on \
             should see that wake and poll again at once, without parking (two polls, no park); \
             it polled {} time(s) and parked {} time(s)",
                polls.get(),
                parker.parks()
            )
        },
    )
}

fn two_sleeps<S: Subject>() -> Result<(), String> {
    let mut parker = Parker::new();
    let h = parker.handle().clone();
    let (fut, polls) = counted(parker.handle(), async move {
        h.sleep(3).await;
        h.sleep(4).await;
        h.now()
    });
    let out = S::block_on(&mut parker, fut);
    ensure(out == 7, || {
        format!("the future sleeps 3 then 4 ms and returns the time; block_on returned {out}")
    })?;
    ensure(polls.get() == 3 && parker.parks() == 2, || {
        format!(
            "two sleeps in a row need three polls with a park before each of the last two; \
             block_on polled {} time(s) and parked {} time(s)",
            polls.get(),
            parker.parks()
        )
    })
}

/// The demo: `block_on` over a future that sleeps twice; polls and parks are printed.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let mut parker = Parker::new();
    let h = parker.handle().clone();
    let (fut, _) = counted(parker.handle(), async move {
        h.sleep(3).await;
        h.sleep(4).await;
        h.now()
    });
    let out = S::block_on(&mut parker, fut);
    parker.handle().print(format!("block_on returned {out}"));
    Ok(parker.trace())
}
