//! Checks for exercise 2: an `async fn` desugared by hand. The state machine runs as a
//! labeled `runtime-core` task (so each `poll_end` says which state it parked in), beside the
//! real `async fn` compiled by rustc; the checks compare the two traces.

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::trace::{Event, PollOutcome};
use runtime_core::{EventRecord, Handle, LabelId, Labeled, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    type Brew: Future<Output = Tick> + Unpin + 'static;
    fn brew(h: Handle) -> Self::Brew;
    fn state_name(brew: &Self::Brew) -> &'static str;
}

impl Subject for Learner {
    type Brew = crate::exercises::e02_state_machine::Brew;
    fn brew(h: Handle) -> Self::Brew {
        Self::Brew::new(h)
    }
    fn state_name(brew: &Self::Brew) -> &'static str {
        brew.state_name()
    }
}

impl Subject for Solution {
    type Brew = crate::solutions::e02_state_machine::Brew;
    fn brew(h: Handle) -> Self::Brew {
        Self::Brew::new(h)
    }
    fn state_name(brew: &Self::Brew) -> &'static str {
        brew.state_name()
    }
}

/// The `async fn` the learner desugars, compiled by rustc.
pub async fn brew(h: Handle) -> Tick {
    let started = h.now();
    h.sleep(10).await;
    h.print("water boiled");
    h.sleep(5).await;
    h.now() - started
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "returns the time from start to end (15)",
            points: 2,
            run: output::<S>,
        },
        Check {
            name: "starts each sleep when the code reaches it",
            points: 3,
            run: sleeps_in_order::<S>,
        },
        Check {
            name: "parks at the right await each time",
            points: 3,
            run: parks_at_awaits::<S>,
        },
        Check {
            name: "does exactly what the async fn does",
            points: 2,
            run: same_as_async_fn::<S>,
        },
    ];
}

const STATES: [&str; 4] = ["start", "boiling (await #1)", "steeping (await #2)", "done"];

/// The learner's `Brew`, reporting its state name as a trace label.
struct Watched<S: Subject> {
    brew: S::Brew,
    labels: Vec<(&'static str, LabelId)>,
}

impl<S: Subject> Future for Watched<S> {
    type Output = Tick;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Tick> {
        Pin::new(&mut self.brew).poll(cx)
    }
}

impl<S: Subject> Labeled for Watched<S> {
    fn state_label(&self) -> Option<LabelId> {
        let name = S::state_name(&self.brew);
        self.labels
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, l)| *l)
    }
}

/// Runs the learner's `Brew` as task `brew`.
fn run_machine<S: Subject>() -> (Run, Option<Tick>) {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let labels = STATES.iter().map(|s| (*s, h.label(*s))).collect();
    let mut join = h.spawn_labeled(
        "brew",
        Watched::<S> {
            brew: S::brew(h.clone()),
            labels,
        },
    );
    let run = Run::of(&mut rt);
    (run, support::output(&mut join))
}

/// Runs the real `async fn` as task `brew`.
fn run_async_fn() -> Run {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    rt.spawn("brew", brew(h));
    Run::of(&mut rt)
}

fn output<S: Subject>() -> Result<(), String> {
    let (run, out) = run_machine::<S>();
    ensure(out == Some(15), || match out {
        Some(v) => format!(
            "Brew returned {v}; the async fn returns `h.now() - started` = 15 (10 ms boiling, \
             then 5 ms steeping). Keep `started` from the Start state all the way to the end."
        ),
        None => format!("Brew never returned: {}.", run.fate(run.id("brew"))),
    })
}

fn sleeps_in_order<S: Subject>() -> Result<(), String> {
    let (run, _) = run_machine::<S>();
    let timers: Vec<usize> = run.all(|r| matches!(r.event, Event::TimerRegistered { .. }));
    let found: Vec<(Tick, Tick)> = timers
        .iter()
        .map(|&i| match run.events[i].event {
            Event::TimerRegistered { deadline, .. } => (run.events[i].at, deadline),
            _ => unreachable!("filtered above"),
        })
        .collect();
    if found == [(0, 10), (10, 15)] {
        return Ok(());
    }
    let quoted: Vec<String> = timers.iter().map(|&i| run.quote(i)).collect();
    let task = run.id("brew");
    let why = if found.is_empty() {
        String::from(
            "no timer was registered at all: the first Sleep must be polled in the first poll",
        )
    } else if found.len() > 2 {
        String::from(
            "a new Sleep was created on a later poll, so the wait starts over each time. \
             Create each Sleep once, when the code reaches it, and keep it in the state",
        )
    } else if found == [(0, 10)] && run.completed_at(task).is_none() {
        format!(
            "the second sleep never registered its timer, and {}. After the first sleep is \
             ready, create the second one and poll it in the same poll (go round the loop): \
             returning Pending without polling it leaves nobody to wake the task",
            run.fate(task)
        )
    } else if found
        .iter()
        .any(|&(at, deadline)| at == 0 && deadline != 10)
    {
        String::from(
            "the second sleep was created at t=0, before the first one finished. In an async \
             fn, `h.sleep(5)` runs only when the code gets there: create it in the Boiling \
             arm, once the first sleep is ready",
        )
    } else {
        String::from("the sleeps do not match the async fn's")
    };
    Err(format!(
        "the async fn registers a timer for t=10 at t=0, then one for t=15 at t=10; the trace \
         shows {}: {why}.",
        if quoted.is_empty() {
            String::from("none")
        } else {
            quoted.join(", ")
        }
    ))
}

fn parks_at_awaits<S: Subject>() -> Result<(), String> {
    let (run, _) = run_machine::<S>();
    let task = run.id("brew");
    let names: Vec<String> = run
        .polls(task)
        .iter()
        .filter(|p| p.outcome == Some(PollOutcome::Pending))
        .map(|p| {
            p.state
                .map_or_else(|| String::from("(unknown)"), |l| run.names.label(l))
        })
        .collect();
    ensure(names == [STATES[1], STATES[2]], || {
        format!(
            "the task should return Pending twice, parked first at \"{}\" and then at \"{}\"; \
             its Pending polls were parked at {names:?} (the `state=` of each `poll_end`). Each \
             await is its own state: store the state you are waiting in before returning \
             Pending.",
            STATES[1], STATES[2]
        )
    })
}

/// A trace line without what may differ between the two programs: labels and states.
fn comparable(run: &Run) -> Vec<String> {
    (0..run.events.len())
        .filter(|&i| !matches!(run.events[i].event, Event::Label { .. }))
        .map(|i| match run.line(i).find(" state=") {
            Some(at) => run.line(i)[..at].to_string(),
            None => run.line(i).to_string(),
        })
        .collect()
}

fn same_as_async_fn<S: Subject>() -> Result<(), String> {
    let (mine, _) = run_machine::<S>();
    let theirs = run_async_fn();
    let (a, b) = (comparable(&mine), comparable(&theirs));
    let same = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    ensure(a == b, || {
        let got = a.get(same).map_or("(the trace ends)", String::as_str);
        let want = b.get(same).map_or("(the trace ends)", String::as_str);
        format!(
            "the traces differ at event {same}: the async fn's has `{want}`, yours has `{got}`. \
             A state machine that does what the async fn does produces the same events."
        )
    })
}

/// The demo: the state machine as task `brew`, with its states as labels.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = match which {
        Which::Learner => run_machine::<Learner>().0,
        Which::Solution => run_machine::<Solution>().0,
    };
    Ok(run.events)
}
