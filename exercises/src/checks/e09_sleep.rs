//! Checks for exercise 9: a `Sleep` over a timer service (`support::timers`). Tasks run on
//! runtime-core; the service counts registrations, waker updates and cancellations, and the
//! trace shows which task each firing woke.

use crate::support::select::{poll_once, race};
use crate::support::timers::Timers;
use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::{Future, poll_fn};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::Poll;
use runtime_core::trace::Event;
use runtime_core::{EventRecord, Runtime, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    type Sleep: Future<Output = ()> + Unpin + 'static;
    fn sleep(timers: &Timers, deadline: Tick) -> Self::Sleep;
}

impl Subject for Learner {
    type Sleep = crate::exercises::e09_sleep::Sleep;
    fn sleep(timers: &Timers, deadline: Tick) -> Self::Sleep {
        Self::Sleep::new(timers, deadline)
    }
}

impl Subject for Solution {
    type Sleep = crate::solutions::e09_sleep::Sleep;
    fn sleep(timers: &Timers, deadline: Tick) -> Self::Sleep {
        Self::Sleep::new(timers, deadline)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "completes at its deadline",
            points: 2,
            run: completes::<S>,
        },
        Check {
            name: "registers its timer once, on the first poll",
            points: 2,
            run: registers_once::<S>,
        },
        Check {
            name: "a new task's waker replaces the stale one",
            points: 3,
            run: replaces_stale::<S>,
        },
        Check {
            name: "keeps its waker when the same task polls again",
            points: 1,
            run: keeps_waker::<S>,
        },
        Check {
            name: "gives its timer back when it completes or is dropped",
            points: 2,
            run: deregisters::<S>,
        },
    ];
}

fn completes<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let t = timers.clone();
    let mut join = rt.spawn("sleeper", async move {
        S::sleep(&t, 10).await;
        h.now()
    });
    drop(timers);
    let run = Run::of(&mut rt);
    let out = support::output(&mut join);
    ensure(out == Some(10), || match out {
        Some(at) => format!("Sleep::new(&timers, 10) completed at t={at}; expected t=10"),
        None => format!(
            "`sleeper` awaits Sleep::new(&timers, 10), but {}",
            run.fate(run.id("sleeper"))
        ),
    })
}

/// `busy` polls one Sleep four times at t=0 (waking itself in between, like a select loop),
/// then awaits it; it also creates a Sleep it never polls.
fn busy<S: Subject>() -> (Run, Rc<RefCell<crate::support::timers::Stats>>) {
    let mut rt: Runtime = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let stats = timers.stats();
    let t = timers.clone();
    rt.spawn("busy", async move {
        drop(S::sleep(&t, 50));
        let mut sleep = S::sleep(&t, 20);
        let mut spins = 0;
        poll_fn(|cx| match Pin::new(&mut sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(()),
            Poll::Pending => {
                if spins < 3 {
                    spins += 1;
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
        })
        .await;
    });
    drop(timers);
    (Run::of(&mut rt), stats)
}

fn registers_once<S: Subject>() -> Result<(), String> {
    let (run, stats) = busy::<S>();
    let task = run.id("busy");
    let n = stats.borrow().registrations;
    ensure(n == 1, || {
        format!(
            "task `busy` creates a Sleep it never polls, and polls another one four times before \
             it is due: that is one registration (on the first poll of the second Sleep); the \
             timer service saw {n}. {}",
            if n == 0 {
                "Register in the Unregistered state of `poll`."
            } else {
                "Register only in the Unregistered state, and never in `new` (futures are lazy)."
            }
        )
    })?;
    ensure(run.completed_at(task) == Some(20), || {
        format!(
            "the polled Sleep was due at t=20, but `busy`: {}",
            run.fate(task)
        )
    })
}

fn keeps_waker<S: Subject>() -> Result<(), String> {
    let (run, stats) = busy::<S>();
    let updates = stats.borrow().waker_updates;
    let clones =
        run.all(|r| matches!(r.event, Event::WakerCloned { task, .. } if task == run.id("busy")));
    ensure(updates == 0, || {
        format!(
            "task `busy` polled its Sleep four times with the same waker, and the Sleep replaced \
             the stored waker {updates} time(s) ({} clones in the trace). Update it only when \
             `timers.will_wake(key, cx.waker())` is false.",
            clones.len()
        )
    })
}

fn replaces_stale<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let slot: Rc<RefCell<Option<S::Sleep>>> = Rc::default();
    let (t, put) = (timers.clone(), slot.clone());
    rt.spawn("first", async move {
        let mut sleep = S::sleep(&t, 10);
        // Poll it once (it registers with first's waker), then hand it over.
        poll_once(&mut sleep).await;
        *put.borrow_mut() = Some(sleep);
    });
    let h2 = h.clone();
    let mut join = rt.spawn("second", async move {
        h2.yield_now().await;
        let sleep = slot
            .borrow_mut()
            .take()
            .expect("first ran before second's second poll");
        sleep.await;
        h2.now()
    });
    drop(timers);
    let run = Run::of(&mut rt);
    let out = support::output(&mut join);
    let (first, second) = (run.id("first"), run.id("second"));
    ensure(out == Some(10), || {
        let stale = run
            .wake_after_finish(first)
            .map(|i| format!(" At t=10 the timer woke `first` instead: {}.", run.quote(i)))
            .unwrap_or_default();
        format!(
            "task `first` polled the Sleep once and handed it to `second`, which awaits it: the \
             timer must wake `second` at t=10. But `second` {}.{stale} When a poll comes with \
             a waker that would not wake the same task, store the new one (hint 2).",
            run.fate(second).trim_start_matches("it ")
        )
    })
}

fn deregisters<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let stats = timers.stats();
    let t = timers.clone();
    rt.spawn("racer", async move {
        let mut long = S::sleep(&t, 100);
        let mut short = S::sleep(&t, 5);
        // A select: the first to finish wins, the other is dropped.
        race(&mut long, &mut short).await;
        drop(long);
    });
    // Keeps the timer service running past t=100, as the rest of a program would.
    let (t2, h2) = (timers.clone(), h.clone());
    rt.spawn("bystander", async move {
        h2.sleep(150).await;
        drop(t2);
    });
    drop(timers);
    let run = Run::of(&mut rt);
    let racer = run.id("racer");
    let cancelled = stats.borrow().cancelled;
    let late = run.wake_after_finish(racer);
    ensure(cancelled == 1 && late.is_none(), || {
        let late = late
            .map(|i| {
                format!(
                    " The timer stayed in the service and fired for a Sleep that no longer \
                     exists: {}.",
                    run.quote(i)
                )
            })
            .unwrap_or_default();
        format!(
            "task `racer` raced a 100 ms Sleep against a 5 ms one and dropped the loser at t=5: \
             its timer should be cancelled then. The service saw {cancelled} cancellation(s).\
             {late} Cancel the timer in `Drop` when the Sleep is still registered."
        )
    })?;
    fired_then_dropped::<S>()
}

/// Two Sleeps due at t=5 race; the first one polled wins, and the other is dropped after
/// its timer fired but before it was polled again. Both must give their timers back, and
/// neither is a cancellation.
fn fired_then_dropped<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let stats = timers.stats();
    let t = timers.clone();
    rt.spawn("racer", async move {
        let mut first = S::sleep(&t, 5);
        let mut second = S::sleep(&t, 5);
        // A select that polls `first` first: at t=5 both timers fire, `first` wins, and
        // `second` is dropped with its timer fired but never seen by a poll.
        race(&mut first, &mut second).await;
        drop(second);
    });
    drop(timers);
    let run = Run::of(&mut rt);
    let stats = *stats.borrow();
    ensure(
        stats.held == 0 && stats.cancelled == 0 && run.completed_at(run.id("racer")) == Some(5),
        || {
            let held = if stats.held > 0 {
                // `first` is polled first, so it registers timer 0 and `second` timer 1.
                let kept = match stats.held_keys & 0b11 {
                    0b01 => "`first`'s, which completed",
                    0b10 => "`second`'s, dropped after its timer fired",
                    _ => {
                        "both: `first`'s, which completed, and `second`'s, dropped after its timer fired"
                    }
                };
                format!(
                    " After the run the service still held {kept}: a timer entry that no \
                     Sleep will ever give back. A fired timer is still the Sleep's to release. \
                     Cancel whatever the Sleep holds when it is done with it, fired or not \
                     (when it completes, or in `Drop`): for a fired timer `cancel` wakes \
                     nobody and counts no cancellation, it only gives the entry back, as \
                     Tokio's `TimerEntry` drop always calls `cancel`."
                )
            } else {
                String::new()
            };
            format!(
                "task `racer` raced two Sleeps due at t=5 and took the first; the second was \
                 dropped after its timer fired, before any poll saw it. `racer` {}; the service \
                 counted {} cancellation(s) (a timer that has fired is not cancelled) and {} \
                 fired timer(s).{held}",
                run.fate(run.id("racer")).trim_start_matches("it "),
                stats.cancelled,
                stats.fired,
            )
        },
    )
}

/// The demo: a Sleep handed from one task to another, and a race whose loser is dropped.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let timers = Timers::new(&h);
    let t = timers.clone();
    rt.spawn("sleeper", async move {
        S::sleep(&t, 10).await;
        let mut long = S::sleep(&t, 100);
        let mut short = S::sleep(&t, 15);
        race(&mut long, &mut short).await;
    });
    drop(timers);
    rt.run();
    Ok(rt.events())
}
