//! Checks for exercise 12: a cooperative budget. A `greedy` task drains an always-ready
//! source (a leaf future that calls the learner's `poll_proceed`) beside a `neighbour`; both
//! run as runtime-core tasks wrapped in the learner's `Budgeted` (runtime-core's own budget is
//! off). The checks count items per poll and read the self-wakes in the trace.

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::trace::{Event, PollOutcome, WakeEffect};
use runtime_core::{Config, EventRecord, Handle};

/// What the learner writes.
pub trait Subject: 'static {
    const BUDGET: u32;
    type Budgeted<F: Future + 'static>: Future<Output = F::Output> + 'static;
    fn budgeted<F: Future + 'static>(future: F) -> Self::Budgeted<F>;
    fn poll_proceed(cx: &mut Context<'_>) -> Poll<()>;
    fn remaining() -> Option<u32>;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            const BUDGET: u32 = crate::$module::e12_budget::BUDGET;
            type Budgeted<F: Future + 'static> = crate::$module::e12_budget::Budgeted<F>;
            fn budgeted<F: Future + 'static>(future: F) -> Self::Budgeted<F> {
                crate::$module::e12_budget::Budgeted::new(future)
            }
            fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
                crate::$module::e12_budget::poll_proceed(cx)
            }
            fn remaining() -> Option<u32> {
                crate::$module::e12_budget::remaining()
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "a greedy task yields after BUDGET items",
            points: 3,
            run: yields::<S>,
        },
        Check {
            name: "yielding wakes the task",
            points: 3,
            run: wakes::<S>,
        },
        Check {
            name: "the budget is refilled at every poll",
            points: 2,
            run: refilled::<S>,
        },
        Check {
            name: "the previous budget is put back after the poll",
            points: 2,
            run: restored::<S>,
        },
    ];
}

/// An always-ready source of items: a leaf future that cooperates through `poll_proceed`.
struct Recv<S: Subject> {
    taken: Rc<Cell<u32>>,
    _s: PhantomData<S>,
}

impl<S: Subject> Future for Recv<S> {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        if S::poll_proceed(cx).is_pending() {
            return Poll::Pending;
        }
        self.taken.set(self.taken.get() + 1);
        Poll::Ready(self.taken.get())
    }
}

/// Records how many items were taken in each poll of the wrapped task.
struct PerPoll<F> {
    inner: Pin<Box<F>>,
    taken: Rc<Cell<u32>>,
    log: Rc<RefCell<Vec<u32>>>,
}

impl<F: Future> Future for PerPoll<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let before = self.taken.get();
        let r = self.inner.as_mut().poll(cx);
        let n = self.taken.get() - before;
        self.log.borrow_mut().push(n);
        r
    }
}

const ITEMS: u32 = 100;

/// `greedy` takes 100 items; `neighbour` prints; `outsider` (not budgeted) takes 50 items.
fn program<S: Subject>() -> (Run, Vec<u32>) {
    let config = Config {
        budget: None,
        ..support::config()
    };
    let mut rt = support::runtime(config);
    let h: Handle = rt.handle().clone();
    let taken = Rc::new(Cell::new(0));
    let log = Rc::new(RefCell::new(Vec::new()));
    let t = taken.clone();
    let greedy = S::budgeted(async move {
        for _ in 0..ITEMS {
            Recv::<S> {
                taken: t.clone(),
                _s: PhantomData,
            }
            .await;
        }
    });
    rt.spawn(
        "greedy",
        PerPoll {
            inner: Box::pin(greedy),
            taken: taken.clone(),
            log: log.clone(),
        },
    );
    let h2 = h.clone();
    rt.spawn(
        "neighbour",
        S::budgeted(async move { h2.print("neighbour's turn") }),
    );
    let run = Run::of(&mut rt);
    let per_poll = log.borrow().clone();
    (run, per_poll)
}

fn expected<S: Subject>() -> Vec<u32> {
    let mut left = ITEMS;
    let mut v = Vec::new();
    while left > 0 {
        let n = left.min(S::BUDGET);
        v.push(n);
        left -= n;
    }
    v
}

fn yields<S: Subject>() -> Result<(), String> {
    let (run, per_poll) = program::<S>();
    let want = expected::<S>();
    let (greedy, neighbour) = (run.id("greedy"), run.id("neighbour"));
    ensure(per_poll == want, || {
        format!(
            "with BUDGET = {}, the greedy task should take {} items per poll until its {ITEMS} are \
             done: {want:?}; it took {per_poll:?} (and {}). Spend one unit per item and yield \
             when none is left — not before, not after.",
            S::BUDGET,
            S::BUDGET,
            run.fate(greedy)
        )
    })?;
    let polls = run.polls(greedy);
    let first_neighbour = run.polls(neighbour).first().map(|p| p.start);
    ensure(
        first_neighbour
            .is_some_and(|n| polls.len() > 1 && n > polls[0].start && n < polls[1].start),
        || {
            String::from(
                "the neighbour should run between greedy's first and second polls: that is the point \
             of the budget",
            )
        },
    )
}

fn wakes<S: Subject>() -> Result<(), String> {
    let (run, _) = program::<S>();
    let greedy = run.id("greedy");
    for (n, poll) in run.polls(greedy).iter().enumerate() {
        if poll.outcome != Some(PollOutcome::Pending) {
            continue;
        }
        let end = poll.end.unwrap_or(run.events.len());
        let woke = run.events[poll.start..end].iter().any(|r| {
            matches!(r.event, Event::Woken { task, effect: WakeEffect::SelfWake, .. } if task == greedy)
        });
        ensure(woke, || {
            format!(
                "greedy's poll #{} ran out of budget and returned Pending without waking the \
                 task ({}), so nothing will ever poll it again — {}. When the budget is spent, \
                 `poll_proceed` must wake the task before returning Pending.",
                n + 1,
                run.quote(end.min(run.events.len() - 1)),
                run.fate(greedy)
            )
        })?;
    }
    Ok(())
}

fn refilled<S: Subject>() -> Result<(), String> {
    let (run, per_poll) = program::<S>();
    let greedy = run.id("greedy");
    let starved = per_poll.iter().skip(1).take_while(|&&n| n == 0).count();
    ensure(run.completed_at(greedy).is_some() && starved == 0, || {
        format!(
            "after greedy's first poll spent the budget, its next polls took {:?} items — {}. \
             `Budgeted::poll` must set a fresh budget at the start of every poll, not once.",
            per_poll.iter().skip(1).take(5).collect::<Vec<_>>(),
            run.fate(greedy)
        )
    })
}

fn restored<S: Subject>() -> Result<(), String> {
    let (run, _) = program::<S>();
    let after = S::remaining();
    ensure(after.is_none(), || {
        format!(
            "after the run (outside any task's poll) the budget should be back to None \
             (unconstrained), as it was before; it is {after:?}. `Budgeted::poll` must put back \
             the budget it found, or the next future polled on this thread inherits a spent \
             budget. The run ended at t={}.",
            run.end()
        )
    })?;
    // A task that is not budgeted must not be limited by a budget left over by another.
    let config = Config {
        budget: None,
        ..support::config()
    };
    let mut rt = support::runtime(config);
    let taken = Rc::new(Cell::new(0));
    let t = taken.clone();
    rt.spawn("budgeted", S::budgeted(async {}));
    rt.spawn("outsider", async move {
        for _ in 0..50 {
            Recv::<S> {
                taken: t.clone(),
                _s: PhantomData,
            }
            .await;
        }
    });
    let run = Run::of(&mut rt);
    let polls = run.polls(run.id("outsider")).len();
    ensure(polls == 1, || {
        format!(
            "`outsider` is not wrapped in Budgeted, so its 50 items should take one poll \
             (unconstrained); it took {polls} polls: a budget set by the task polled before it \
             was left behind. Put the previous budget back after each poll."
        )
    })
}

/// The demo: greedy and its neighbour taking turns.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = match which {
        Which::Learner => program::<Learner>().0,
        Which::Solution => program::<Solution>().0,
    };
    Ok(run.events)
}
