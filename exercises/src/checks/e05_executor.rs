//! Checks for exercise 5: an executor. The learner's executor runs tasks the probe wraps
//! (`support::probe`), over a ready queue the probe watches; the probe records what happened
//! as a trace (`enqueued`, `poll_start`, `woken ... effect=already_queued`, ...).

use crate::support::ensure;
use crate::support::gate::{gate, yield_once};
use crate::support::probe::{Probe, ProbedTask, ReadyQueue};
use crate::{Check, Learner, Solution, Which};
use core::marker::PhantomData;
use runtime_core::EventRecord;

/// What the learner writes.
pub trait Subject: 'static {
    type Executor;
    fn new(queue: ReadyQueue) -> Self::Executor;
    fn spawn(exec: &mut Self::Executor, task: ProbedTask) -> usize;
    fn run(exec: &mut Self::Executor);
}

impl Subject for Learner {
    type Executor = crate::exercises::e05_executor::Executor;
    fn new(queue: ReadyQueue) -> Self::Executor {
        Self::Executor::new(queue)
    }
    fn spawn(exec: &mut Self::Executor, task: ProbedTask) -> usize {
        exec.spawn(task)
    }
    fn run(exec: &mut Self::Executor) {
        exec.run();
    }
}

impl Subject for Solution {
    type Executor = crate::solutions::e05_executor::Executor;
    fn new(queue: ReadyQueue) -> Self::Executor {
        Self::Executor::new(queue)
    }
    fn spawn(exec: &mut Self::Executor, task: ProbedTask) -> usize {
        exec.spawn(task)
    }
    fn run(exec: &mut Self::Executor) {
        exec.run();
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "polls spawned tasks in FIFO order",
            points: 2,
            run: fifo::<S>,
        },
        Check {
            name: "polls a pending task again only when woken",
            points: 2,
            run: only_when_woken::<S>,
        },
        Check {
            name: "a wake queues the task at the back",
            points: 2,
            run: wake_order::<S>,
        },
        Check {
            name: "a task woken twice is queued once",
            points: 2,
            run: queued_once::<S>,
        },
        Check {
            name: "a task that wakes itself runs again, after the others",
            points: 2,
            run: self_wake::<S>,
        },
    ];
}

/// An executor over the probe's queue, and the probe.
struct Bench<S: Subject> {
    probe: Probe,
    exec: S::Executor,
    spawned: usize,
}

impl<S: Subject> Bench<S> {
    fn new() -> Bench<S> {
        let probe = Probe::new();
        let exec = S::new(probe.queue());
        Bench {
            probe,
            exec,
            spawned: 0,
        }
    }

    fn spawn(
        &mut self,
        name: &str,
        fut: impl core::future::Future<Output = ()> + 'static,
    ) -> Result<(), String> {
        let task = self.probe.task(name, fut);
        let want = self.spawned;
        self.spawned += 1;
        let id = S::spawn(&mut self.exec, task);
        ensure(id == want, || {
            format!(
                "spawn returned id {id} for the task spawned as number {want}: ids are 0, 1, 2, … in spawn order (the index in `tasks`)"
            )
        })
    }

    fn run(&mut self) {
        S::run(&mut self.exec);
    }
}

fn fifo<S: Subject>() -> Result<(), String> {
    let mut b = Bench::<S>::new();
    for name in ["a", "b", "c"] {
        b.spawn(name, async {})?;
    }
    b.run();
    let polled = b.probe.polled();
    ensure(polled == ["a", "b", "c"], || {
        format!(
            "tasks a, b, c were spawned in that order and are ready at once: run should poll \
             a, b, c, each once (first in, first out: push at the back, pop from the front). \
             It polled {polled:?}."
        )
    })
}

fn only_when_woken<S: Subject>() -> Result<(), String> {
    let mut b = Bench::<S>::new();
    let (g, opener) = gate();
    b.spawn("waiter", g)?;
    b.spawn("other", async {})?;
    b.run();
    let first = b.probe.polled();
    ensure(first == ["waiter", "other"], || {
        format!(
            "`waiter` waits on a gate (Pending), `other` is ready at once: the first run should \
             poll waiter, other — once each — and return when the queue is empty. It polled \
             {first:?}."
        )
    })?;
    b.run();
    let again = b.probe.polled();
    ensure(
        again.len() == 2 && b.probe.unwoken_polls().is_empty(),
        || {
            format!(
                "nothing woke `waiter`, so a second run should poll nothing; it polled {:?}. An \
             executor polls a task only after its waker was called: the ready queue holds only \
             woken tasks.",
                &again[2..]
            )
        },
    )?;
    b.probe.note("the check opens waiter's gate");
    opener.open();
    b.run();
    let after = b.probe.polled();
    ensure(after[2..] == ["waiter"] && b.probe.done("waiter"), || {
        format!(
            "after the gate opened (a wake), run should poll `waiter` once more and it completes; \
             it polled {:?}. The trace: {}",
            &after[2..],
            b.probe.excerpt("waiter")
        )
    })?;
    b.probe
        .note("the check wakes waiter again, after it completed");
    opener.poke();
    b.run();
    let last = b.probe.polled();
    ensure(last.len() == after.len(), || {
        String::from("a completed task was polled again after a late wake")
    })
}

fn wake_order<S: Subject>() -> Result<(), String> {
    let mut b = Bench::<S>::new();
    let (ga, open_a) = gate();
    let (gb, open_b) = gate();
    b.spawn("a", ga)?;
    b.spawn("b", gb)?;
    b.spawn("c", async {})?;
    b.run();
    b.probe.note("the check opens b's gate, then a's");
    open_b.open();
    open_a.open();
    b.run();
    let polled = b.probe.polled();
    ensure(polled[3..] == ["b", "a"], || {
        format!(
            "b was woken before a, so the second run should poll b, then a (each wake puts the \
             task at the back of the queue); it polled {:?}.",
            &polled[3..]
        )
    })
}

fn queued_once<S: Subject>() -> Result<(), String> {
    let mut b = Bench::<S>::new();
    let (g, opener) = gate();
    b.spawn("a", g)?;
    b.spawn("b", async {})?;
    b.run();
    b.probe.note("the check wakes a twice, then opens its gate");
    opener.poke();
    opener.poke();
    opener.open();
    let in_queue = b.probe.queue().count(0);
    b.run();
    let polled = b.probe.polled();
    ensure(in_queue == 1 && polled[2..] == ["a"], || {
        format!(
            "`a` was woken three times before it ran: the first wake queues it, the next two \
             find it already queued (`woken task=a ... effect=already_queued` in the trace) and \
             must not queue it again. The queue held it {in_queue} time(s) and the run polled \
             {:?}; expected once. Keep a `queued` flag: set it when you queue, skip when it is \
             already set.",
            &polled[2..]
        )
    })
}

fn self_wake<S: Subject>() -> Result<(), String> {
    let mut b = Bench::<S>::new();
    b.spawn("a", async {
        yield_once().await;
    })?;
    b.spawn("b", async {})?;
    b.run();
    let polled = b.probe.polled();
    ensure(polled == ["a", "b", "a"] && b.probe.done("a"), || {
        // The probe's `woken` effect is what the rules make of the wake (`self_wake`: queue
        // the task again once this poll returns); whether the executor did so is whether an
        // `enqueued task=a` follows.
        let lines = b.probe.lines();
        let wake = lines
            .iter()
            .position(|l| l.contains("woken task=a ") && l.contains("effect=self_wake"));
        let requeued =
            wake.is_some_and(|w| lines[w..].iter().any(|l| l.contains("enqueued task=a ")));
        let why = match wake {
            Some(w) if polled == ["a", "b"] && !requeued => format!(
                " `a` woke itself during its first poll (`{}`: `self_wake` is what that wake \
                 should do, put `a` back in the ready queue, behind `b`), but no \
                 `enqueued task=a` follows it: your executor did not queue `a` for that wake, \
                 so the wake was lost and `a` never ran again. The usual cause is a waker that \
                 finds the task still marked `queued` (its flag cleared only after the poll) \
                 and skips the push. Clear the flag before you poll the task, not after.",
                lines[w]
            ),
            _ => {
                String::from(" A task that wakes itself goes to the back of the queue, behind `b`.")
            }
        };
        format!(
            "`a` yields once (wakes itself and returns Pending), `b` is ready: run should poll \
             a, b, a; it polled {polled:?}.{why} The trace: {}",
            b.probe.excerpt("a")
        )
    })
}

/// The demo: a task that yields, one waiting on a gate opened from outside, one ready.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let mut b = Bench::<S>::new();
    let (g, opener) = gate();
    b.spawn("yielder", async {
        yield_once().await;
    })?;
    b.spawn("waiter", g)?;
    b.spawn("quick", async {})?;
    b.run();
    b.probe
        .note("the check opens waiter's gate, and wakes it a second time");
    opener.open();
    opener.poke();
    b.run();
    Ok(b.probe.trace())
}
