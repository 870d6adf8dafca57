//! Checks for exercise 1: a future by hand. The countdown runs as a `runtime-core` task; the
//! checks read its polls and wakes from the trace.

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::Future;
use core::marker::PhantomData;
use runtime_core::trace::{Event, PollOutcome, WakeEffect, WakeSource};
use runtime_core::{EventRecord, Runtime};

/// What the learner writes.
pub trait Subject: 'static {
    type Countdown: Future<Output = &'static str> + 'static;
    fn countdown(n: u32) -> Self::Countdown;
}

impl Subject for Learner {
    type Countdown = crate::exercises::e01_countdown::Countdown;
    fn countdown(n: u32) -> Self::Countdown {
        crate::exercises::e01_countdown::Countdown::new(n)
    }
}

impl Subject for Solution {
    type Countdown = crate::solutions::e01_countdown::Countdown;
    fn countdown(n: u32) -> Self::Countdown {
        crate::solutions::e01_countdown::Countdown::new(n)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "ready at once when there is nothing to count",
            points: 2,
            run: ready_at_zero::<S>,
        },
        Check {
            name: "returns Pending n times, then Ready",
            points: 3,
            run: pending_n_times::<S>,
        },
        Check {
            name: "wakes itself before returning Pending",
            points: 3,
            run: wakes_itself::<S>,
        },
        Check {
            name: "lets other tasks run between its polls",
            points: 2,
            run: takes_turns::<S>,
        },
    ];
}

/// Runs one countdown task named `countdown`; returns the run and its output.
fn run_one<S: Subject>(n: u32) -> (Run, Option<&'static str>) {
    let mut rt: Runtime = support::runtime(support::config());
    let mut join = rt.spawn("countdown", S::countdown(n));
    let run = Run::of(&mut rt);
    (run, support::output(&mut join))
}

fn outcomes(run: &Run, name: &str) -> Vec<&'static str> {
    run.polls(run.id(name))
        .iter()
        .map(|p| match p.outcome {
            Some(PollOutcome::Pending) => "Pending",
            Some(PollOutcome::Ready) => "Ready",
            None => "(unfinished)",
        })
        .collect()
}

fn ready_at_zero<S: Subject>() -> Result<(), String> {
    let (run, output) = run_one::<S>(0);
    let task = run.id("countdown");
    let polls = outcomes(&run, "countdown");
    ensure(polls == ["Ready"], || {
        format!(
            "Countdown::new(0) has nothing to count, so its first poll should return \
             Ready(\"liftoff\"); its polls returned {polls:?} and {}. See hint 1.",
            run.fate(task)
        )
    })?;
    ensure(output == Some("liftoff"), || {
        format!("Countdown::new(0) returned {output:?}; expected Some(\"liftoff\")")
    })
}

fn pending_n_times<S: Subject>() -> Result<(), String> {
    let (run, output) = run_one::<S>(3);
    let task = run.id("countdown");
    let polls = outcomes(&run, "countdown");
    let expected = ["Pending", "Pending", "Pending", "Ready"];
    if polls == expected {
        return ensure(output == Some("liftoff"), || {
            format!("Countdown::new(3) returned {output:?}; expected \"liftoff\"")
        });
    }
    let pending = polls.iter().filter(|p| **p == "Pending").count();
    let why = if run.completed_at(task).is_none() {
        format!(
            "{} (the check \"wakes itself before returning Pending\" explains it)",
            run.fate(task)
        )
    } else if pending < 3 {
        String::from(
            "it became ready too early: count down by one per poll, returning Pending each time",
        )
    } else {
        String::from("it returned Pending too often: it should be ready once `remaining` is 0")
    };
    Err(format!(
        "Countdown::new(3) should be polled 4 times (Pending, Pending, Pending, Ready); its polls \
         returned {polls:?}: {why}."
    ))
}

fn wakes_itself<S: Subject>() -> Result<(), String> {
    let (run, _) = run_one::<S>(2);
    let task = run.id("countdown");
    for (n, poll) in run.polls(task).iter().enumerate() {
        if poll.outcome != Some(PollOutcome::Pending) {
            continue;
        }
        let end = poll.end.unwrap_or(run.events.len());
        let woke = run.events[poll.start..end]
            .iter()
            .any(|r| self_wake(r, task));
        ensure(woke, || {
            let lost = run
                .lost_waker(task)
                .map(|i| run.quote(i))
                .unwrap_or_default();
            format!(
                "poll #{} returned Pending ({}) without waking its own task, so nothing will \
                 ever poll it again: the trace then shows {lost}. Wake the task before \
                 returning Pending (hint 2).",
                n + 1,
                run.quote(end.min(run.events.len() - 1))
            )
        })?;
    }
    let polls = run.polls(task).len();
    ensure(polls == 3 && run.completed_at(task).is_some(), || {
        format!(
            "Countdown::new(2) should be polled 3 times and complete; it was polled {polls} times and {}",
            run.fate(task)
        )
    })
}

fn self_wake(r: &EventRecord, task: runtime_core::TaskId) -> bool {
    matches!(
        r.event,
        Event::Woken { task: t, source: WakeSource::Task(s), effect: WakeEffect::SelfWake, .. }
            if t == task && s == task
    )
}

fn takes_turns<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    rt.spawn("a", S::countdown(2));
    rt.spawn("b", S::countdown(1));
    let run = Run::of(&mut rt);
    let order: Vec<String> = run
        .events
        .iter()
        .filter_map(|r| match r.event {
            Event::PollStart { task, .. } => Some(run.name(task)),
            _ => None,
        })
        .collect();
    ensure(order == ["a", "b", "a", "b", "a"], || {
        // Too few polls is nearly always a missing wake, not too much work in one poll.
        let lost = ["a", "b"]
            .into_iter()
            .find_map(|name| run.lost_waker(run.id(name)).map(|i| (name, run.quote(i))));
        let advice = match lost {
            Some((name, quote)) => format!(
                "`{name}` returned Pending without waking itself ({quote}), so it is never \
                 polled again: wake the task before returning Pending (see the check \
                 \"wakes itself before returning Pending\")."
            ),
            None => String::from("Each poll should do one step and return."),
        };
        format!(
            "with Countdown::new(2) as task `a` and Countdown::new(1) as task `b`, the polls \
             should take turns: a, b, a, b, a (a task that wakes itself goes to the back of the \
             ready queue, behind `b`). The trace polls {order:?}. {advice}"
        )
    })
}

/// The demo: a countdown of 3 beside a neighbour that prints between yields.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    rt.spawn("countdown", async move {
        let word = S::countdown(3).await;
        h.print(word);
    });
    let h = rt.handle().clone();
    rt.spawn("neighbour", async move {
        for i in 1..=2 {
            h.print(format!("neighbour's turn {i}"));
            h.yield_now().await;
        }
    });
    rt.run();
    Ok(rt.events())
}
