//! Checks for exercise 16: pin projection. The learner's `Timeout` runs on runtime-core around
//! an inner future wrapped in `AssertUnmoved` (which is `!Unpin` and fails the check if it
//! moves between polls); the trace shows the inner timers and when each task completes.

use crate::support::unmoved::AssertUnmoved;
use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::Future;
use runtime_core::time::Elapsed;
use runtime_core::trace::Event;
use runtime_core::{EventRecord, Handle, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    type Timeout<F: Future + 'static>: Future<Output = Result<F::Output, Elapsed>> + 'static;
    fn timeout<F: Future + 'static>(h: &Handle, ticks: Tick, future: F) -> Self::Timeout<F>;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            type Timeout<F: Future + 'static> = crate::$module::e16_pin_projection::Timeout<F>;
            fn timeout<F: Future + 'static>(
                h: &Handle,
                ticks: Tick,
                future: F,
            ) -> Self::Timeout<F> {
                crate::$module::e16_pin_projection::Timeout::new(h, ticks, future)
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "returns the output when the future finishes first",
            points: 2,
            run: inner_first::<S>,
        },
        Check {
            name: "returns Elapsed when the deadline comes first",
            points: 2,
            run: elapsed::<S>,
        },
        Check {
            name: "never moves the pinned future",
            points: 4,
            run: unmoved::<S>,
        },
        Check {
            name: "polls the future before the timer",
            points: 2,
            run: future_wins_ties::<S>,
        },
    ];
}

const ADVICE: &str = "Project with `Pin::new_unchecked(&mut this.future)` on the field in place; \
                      never move `future` out of `self` (no `mem::replace`, `Option::take`, \
                      `ptr::read`, or copying the struct).";

/// An inner future that is `!Unpin` (it borrows its own local across awaits), polled
/// `yields + 1` times before it sleeps `sleep` ticks and returns the sum of its data.
fn inner(
    h: &Handle,
    yields: u32,
    sleep: Tick,
) -> AssertUnmoved<impl Future<Output = u32> + 'static> {
    let h = h.clone();
    AssertUnmoved::new(
        async move {
            let data = [1u32, 2, 3, 4];
            let view = &data; // a borrow of the future's own state, alive across the awaits
            for _ in 0..yields {
                h.yield_now().await;
            }
            h.sleep(sleep).await;
            view.iter().sum::<u32>()
        },
        ADVICE,
    )
}

/// What task `main` got from the Timeout, and when (`None`: it never completed).
type Outcome = Option<(Result<u32, Elapsed>, Tick)>;

/// Runs `Timeout::new(h, ticks, inner(...))` as task `main`; returns the run and the outcome.
fn run<S: Subject>(ticks: Tick, yields: u32, sleep: Tick) -> (Run, Outcome) {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let fut = S::timeout(&h, ticks, inner(&h, yields, sleep));
    let h2 = h.clone();
    let mut join = rt.spawn("main", async move {
        let r = fut.await;
        (r, h2.now())
    });
    let run = Run::of(&mut rt);
    let out = support::output(&mut join);
    (run, out)
}

fn inner_first<S: Subject>() -> Result<(), String> {
    let (run, out) = run::<S>(10, 0, 3);
    ensure(out == Some((Ok(10), 3)), || match out {
        Some((r, at)) => format!(
            "Timeout(10 ms) around a future that returns 10 after 3 ms should give Ok(10) at t=3; it gave {r:?} at t={at}"
        ),
        None => format!(
            "Timeout(10 ms) around a 3 ms future: task `main` {}",
            run.fate(run.id("main")).trim_start_matches("it ")
        ),
    })
}

fn elapsed<S: Subject>() -> Result<(), String> {
    let (run, out) = run::<S>(5, 0, 20);
    ensure(out == Some((Err(Elapsed), 5)), || match out {
        Some((r, at)) => format!(
            "Timeout(5 ms) around a future that needs 20 ms should give Err(Elapsed) at t=5; it \
             gave {r:?} at t={at}. Poll the sleep after the future, and return Err(Elapsed) \
             when it is ready."
        ),
        None => format!(
            "Timeout(5 ms) around a 20 ms future: task `main` {}",
            run.fate(run.id("main")).trim_start_matches("it ")
        ),
    })?;
    let cancelled = run.find(|r| matches!(r.event, Event::TimerCancelled { .. }) && r.at == 5);
    ensure(cancelled.is_some(), || {
        String::from(
            "when the Timeout gives up at t=5, the inner future is dropped with it, so its 20 ms timer should be cancelled at t=5 (`timer_cancelled`)",
        )
    })
}

fn unmoved<S: Subject>() -> Result<(), String> {
    let (run, out) = run::<S>(50, 3, 2);
    ensure(out == Some((Ok(10), 2)), || match out {
        Some((r, at)) => format!(
            "Timeout(50 ms) around a future that yields 3 times then sleeps 2 ms should give Ok(10) at t=2; it gave {r:?} at t={at}"
        ),
        None => format!(
            "task `main` {}",
            run.fate(run.id("main")).trim_start_matches("it ")
        ),
    })
}

fn future_wins_ties<S: Subject>() -> Result<(), String> {
    let (run, out) = run::<S>(5, 0, 5);
    ensure(out == Some((Ok(10), 5)), || match out {
        Some((r, at)) => format!(
            "the inner future and the deadline are both due at t=5 (their timers fire in the \
             same driver turn): the Timeout should poll the future first and return Ok(10); it \
             gave {r:?} at t={at}."
        ),
        None => format!(
            "task `main` {}",
            run.fate(run.id("main")).trim_start_matches("it ")
        ),
    })
}

/// The demo: a Timeout around a future that yields, then one that is too slow.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = match which {
        Which::Learner => run::<Learner>(5, 2, 20).0,
        Which::Solution => run::<Solution>(5, 2, 20).0,
    };
    Ok(run.events)
}
