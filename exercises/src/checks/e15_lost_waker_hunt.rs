//! Checks for exercise 15: a lost-waker bug hunt. Each check runs senders and a consumer over
//! the learner's channel on runtime-core, in a scenario that exercises one wake path; a hang
//! is explained from the trace (`lost_waker`, `stalled ... reason=`, and in the two-sender
//! checks the wakes the consumer's receives made). It is a hunt: the messages say what
//! happened and that it is a lost wakeup, never what to change (the hints do).

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::Poll;
use runtime_core::trace::{Event, WakeEffect, WakeSource};
use runtime_core::{EventRecord, Handle, JoinHandle, Runtime};

/// A boxed future borrowing the channel.
pub type Op<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What the learner fixes (the checks send `u32`s).
pub trait Subject: 'static {
    type Tx: 'static;
    type Rx: 'static;
    fn channel(capacity: usize) -> (Self::Tx, Self::Rx);
    fn send(tx: &Self::Tx, value: u32) -> Op<'_, ()>;
    fn recv(rx: &mut Self::Rx) -> Op<'_, Option<u32>>;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            type Tx = crate::$module::e15_lost_waker_hunt::Sender<u32>;
            type Rx = crate::$module::e15_lost_waker_hunt::Receiver<u32>;
            fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
                crate::$module::e15_lost_waker_hunt::channel(capacity)
            }
            fn send(tx: &Self::Tx, value: u32) -> Op<'_, ()> {
                Box::pin(tx.send(value))
            }
            fn recv(rx: &mut Self::Rx) -> Op<'_, Option<u32>> {
                Box::pin(rx.recv())
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "a send wakes the receiver waiting on an empty channel",
            points: 2,
            run: wakes_receiver::<S>,
        },
        Check {
            name: "a receive wakes the sender waiting on a full channel",
            points: 2,
            run: wakes_sender::<S>,
        },
        Check {
            name: "dropping the last sender wakes the receiver",
            points: 2,
            run: close_wakes::<S>,
        },
        Check {
            name: "a busy pipeline delivers every value",
            points: 1,
            run: pipeline::<S>,
        },
        Check {
            name: "a send dropped while it waits strands no other sender",
            points: 2,
            run: dropped_send::<S>,
        },
        Check {
            name: "a send polled again while it waits strands no other sender",
            points: 1,
            run: repolled_send::<S>,
        },
    ];
}

/// Runs `producer` and `consumer`; returns the run and what the consumer received.
fn run<S: Subject>(
    capacity: usize,
    producer: impl FnOnce(Handle, S::Tx) -> Op<'static, ()>,
    consumer: impl FnOnce(Handle, S::Rx) -> Op<'static, Vec<u32>>,
) -> (Run, Option<Vec<u32>>) {
    let mut rt: Runtime = support::runtime(support::config());
    let h = rt.handle().clone();
    let (tx, rx) = S::channel(capacity);
    rt.spawn("producer", producer(h.clone(), tx));
    let mut join = rt.spawn("consumer", consumer(h, rx));
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    (run, got)
}

/// What went wrong, from the trace: each task that did not complete, and its fate.
fn stuck(run: &Run) -> String {
    stuck_of(run, &["producer", "consumer"])
}

/// Each of `names` that did not complete, and its fate ("both tasks completed" if none).
fn stuck_of(run: &Run, names: &[&str]) -> String {
    let mut parts = Vec::new();
    for &name in names {
        let task = run.id(name);
        if run.completed_at(task).is_none() {
            parts.push(format!(
                "`{name}` {}",
                run.fate(task).trim_start_matches("it ")
            ));
        }
    }
    if parts.is_empty() {
        String::from(if names.len() == 2 {
            "both tasks completed"
        } else {
            "every task completed"
        })
    } else {
        parts.join("; ")
    }
}

fn wakes_receiver<S: Subject>() -> Result<(), String> {
    let (run, got) = run::<S>(
        4,
        |h, tx| {
            Box::pin(async move {
                h.sleep(5).await;
                S::send(&tx, 1).await;
            })
        },
        |_, mut rx| Box::pin(async move { S::recv(&mut rx).await.into_iter().collect() }),
    );
    ensure(got == Some(vec![1]), || {
        format!(
            "the consumer calls recv on an empty channel at t=0; at t=5 the producer sends 1, \
             which must wake it. But {}. The consumer's Pending promised that it would be \
             woken when a value came; one came at t=5 and it was not woken: a lost wakeup \
             (hint 1 says how to read which half is missing).",
            stuck(&run)
        )
    })
}

fn wakes_sender<S: Subject>() -> Result<(), String> {
    let (run, got) = run::<S>(
        1,
        |h, tx| {
            Box::pin(async move {
                S::send(&tx, 1).await;
                S::send(&tx, 2).await; // the channel holds 1: this waits for room
                h.print("producer: both values sent");
            })
        },
        |h, mut rx| {
            Box::pin(async move {
                let mut got = Vec::new();
                for _ in 0..2 {
                    h.sleep(5).await;
                    got.extend(S::recv(&mut rx).await);
                }
                got
            })
        },
    );
    let producer_done = run.completed_at(run.id("producer")).is_some();
    ensure(got == Some(vec![1, 2]) && producer_done, || {
        format!(
            "the channel holds one value: the producer sends 1, then waits to send 2; at t=5 the \
             consumer takes 1, which makes room and must wake the producer; at t=10 it takes 2. \
             But {}{}. The producer's Pending promised that it would be woken when room came; \
             room came at t=5 and it was not woken: a lost wakeup (hint 1 says how to read \
             which half is missing).",
            stuck(&run),
            got.as_ref()
                .map(|g| format!(" (the consumer got {g:?})"))
                .unwrap_or_default()
        )
    })
}

fn close_wakes<S: Subject>() -> Result<(), String> {
    let (run, got) = run::<S>(
        4,
        |h, tx| {
            Box::pin(async move {
                S::send(&tx, 7).await;
                h.sleep(5).await;
                h.print("producer: dropping the last sender");
                drop(tx);
            })
        },
        |_, mut rx| {
            Box::pin(async move {
                let mut got = Vec::new();
                while let Some(v) = S::recv(&mut rx).await {
                    got.push(v);
                }
                got
            })
        },
    );
    ensure(got == Some(vec![7]), || {
        format!(
            "the consumer receives until None: it takes 7, then waits; at t=5 the producer drops \
             the last sender, which must wake the consumer so it sees None. But {}. The \
             consumer's Pending promised that it would be woken when its wait could end; the \
             end of the stream at t=5 ended it, and it was not woken: a lost wakeup (hint 1 \
             says how to read which half is missing).",
            stuck(&run)
        )
    })
}

fn pipeline<S: Subject>() -> Result<(), String> {
    let (run, got) = run::<S>(
        2,
        |h, tx| {
            Box::pin(async move {
                for i in 0..10 {
                    S::send(&tx, i).await;
                    if i % 3 == 0 {
                        h.sleep(1).await;
                    }
                }
            })
        },
        |h, mut rx| {
            Box::pin(async move {
                let mut got = Vec::new();
                while let Some(v) = S::recv(&mut rx).await {
                    got.push(v);
                    if v % 4 == 0 {
                        h.sleep(2).await;
                    }
                }
                got
            })
        },
    );
    let want: Vec<u32> = (0..10).collect();
    ensure(got.as_ref() == Some(&want), || {
        let received = match &got {
            Some(values) => format!("it got {values:?}"),
            None => String::from("it never finished"),
        };
        format!(
            "a producer sending 0..10 into a channel of 2 and a consumer reading until None, \
             each pausing now and then: the consumer should get {want:?}; {received}, and {}. \
             A task returned Pending and was not woken when its wait could end: a lost wakeup \
             (the checks above each try one wake path alone).",
            stuck(&run)
        )
    })
}

/// Runs the tasks `spawn` starts over one channel of `capacity`; returns the run and the
/// output of the task whose handle `spawn` returns (the consumer's values).
fn run_with<S: Subject>(
    capacity: usize,
    spawn: impl FnOnce(&Handle, S::Tx, S::Rx) -> JoinHandle<Vec<u32>>,
) -> (Run, Option<Vec<u32>>) {
    let mut rt: Runtime = support::runtime(support::config());
    let h = rt.handle().clone();
    let (tx, rx) = S::channel(capacity);
    let mut join = spawn(&h, tx, rx);
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    (run, got)
}

/// Polls `stop` first, then `op` (a `select!` that checks for shutdown first): `None` if
/// `stop` won, in which case `op` is dropped unfinished.
async fn unless<T>(mut stop: impl Future + Unpin, mut op: Op<'_, T>) -> Option<T> {
    poll_fn(|cx| {
        if Pin::new(&mut stop).poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        op.as_mut().poll(cx).map(Some)
    })
    .await
}

/// Polls `op` and `timer` side by side until `op` is ready (as `join!`, or a `select!` loop
/// over `&mut op`, would): when the timer fires, the task is woken and `op` is polled again.
async fn beside<T>(timer: impl Future + Unpin, mut op: Op<'_, T>) -> T {
    let mut timer = Some(timer);
    poll_fn(|cx| {
        if let Some(t) = timer.as_mut()
            && Pin::new(t).poll(cx).is_ready()
        {
            timer = None;
        }
        op.as_mut().poll(cx)
    })
    .await
}

/// The wakes of other tasks made by code running in the consumer's polls (its receives),
/// quoted, each wake of a finished task marked as such: "woke `@5 woken ...`, then ...".
fn consumer_wakes(run: &Run) -> String {
    let consumer = run.id("consumer");
    let wakes: Vec<String> = run
        .all(|r| {
            matches!(r.event, Event::Woken { task, source: WakeSource::Task(by), .. }
                if by == consumer && task != consumer)
        })
        .into_iter()
        .map(|i| match run.events[i].event {
            Event::Woken {
                task,
                effect: WakeEffect::TaskFinished,
                ..
            } => format!(
                "{} (`{}` had already finished)",
                run.quote(i),
                run.name(task)
            ),
            _ => run.quote(i),
        })
        .collect();
    if wakes.is_empty() {
        String::from("the consumer's receives woke no sender")
    } else {
        format!("the consumer's receives woke {}", wakes.join(", then "))
    }
}

/// The tasks of a two-sender run that never completed, and what the consumer got.
fn two_sender_outcome(run: &Run, got: &Option<Vec<u32>>) -> String {
    let stuck = stuck_of(run, &["impatient", "patient", "consumer"]);
    match got {
        Some(values) => format!("{stuck}; the consumer got {values:?}"),
        None => stuck,
    }
}

/// The idea the two-sender runs break.
const STRANDED: &str = "A sender returned Pending, room came for it, and it was never woken: \
                        a lost wakeup (hint 1 says how to read the trace).";

fn dropped_send<S: Subject>() -> Result<(), String> {
    // Dropped before the wake: the send gives up (a timeout) while it is still waiting.
    let (run, got) = run_with::<S>(1, |h, tx, mut rx| {
        let tx = Rc::new(tx);
        let (h1, tx1) = (h.clone(), tx.clone());
        h.spawn("impatient", async move {
            S::send(&tx1, 1).await;
            if h1.timeout(3, S::send(&tx1, 2)).await.is_err() {
                h1.print("impatient: gave up sending 2");
            }
        });
        let h2 = h.clone();
        h.spawn("patient", async move {
            h2.sleep(1).await;
            S::send(&tx, 10).await;
        });
        let h3 = h.clone();
        h.spawn("consumer", async move {
            h3.sleep(5).await;
            let mut got = Vec::new();
            for _ in 0..2 {
                got.extend(S::recv(&mut rx).await);
            }
            got
        })
    });
    ensure(got == Some(vec![1, 10]), || {
        format!(
            "two senders, a channel of one: `impatient` fills it with 1, then tries to send 2 \
             under a 3-tick timeout, so that send returns Pending at t=0 and is dropped when \
             the timeout fires at t=3; `patient` waits to send 10 from t=1. At t=5 the \
             consumer takes 1: there is room, and `patient` is the only sender still waiting. \
             But {}; {}. {STRANDED}",
            consumer_wakes(&run),
            two_sender_outcome(&run, &got),
        )
    })?;
    // Dropped after the wake: a receive wakes the send, which is then dropped unused.
    let (run, got) = run_with::<S>(1, |h, tx, mut rx| {
        let tx = Rc::new(tx);
        let (stop_tx, stop_rx) = h.oneshot::<()>("stop");
        let (h1, tx1) = (h.clone(), tx.clone());
        h.spawn("impatient", async move {
            S::send(&tx1, 1).await;
            if unless(stop_rx, S::send(&tx1, 2)).await.is_none() {
                h1.print("impatient: told to stop; its send of 2 is dropped");
            }
        });
        let h2 = h.clone();
        h.spawn("patient", async move {
            h2.sleep(1).await;
            S::send(&tx, 10).await;
        });
        let h3 = h.clone();
        h.spawn("consumer", async move {
            h3.sleep(5).await;
            let mut got = Vec::new();
            got.extend(S::recv(&mut rx).await);
            let _ = stop_tx.send(());
            got.extend(S::recv(&mut rx).await);
            got
        })
    });
    ensure(got == Some(vec![1, 10]), || {
        format!(
            "two senders, a channel of one: `impatient` fills it with 1, then waits to send 2 \
             from t=0 in a select that checks a stop signal first; `patient` waits to send 10 \
             from t=1. At t=5 the consumer takes 1, which makes room, and then signals stop: \
             `impatient`, polled, sees the stop and drops its send of 2 unsent. The room is \
             still free, and `patient` still waits for it. But {}; {}. {STRANDED}",
            consumer_wakes(&run),
            two_sender_outcome(&run, &got),
        )
    })
}

fn repolled_send<S: Subject>() -> Result<(), String> {
    let (run, got) = run_with::<S>(1, |h, tx, mut rx| {
        let tx = Rc::new(tx);
        let (h1, tx1) = (h.clone(), tx.clone());
        h.spawn("impatient", async move {
            S::send(&tx1, 1).await;
            beside(h1.sleep(1), S::send(&tx1, 2)).await;
        });
        let h2 = h.clone();
        h.spawn("patient", async move {
            h2.sleep(2).await;
            S::send(&tx, 10).await;
        });
        let h3 = h.clone();
        h.spawn("consumer", async move {
            let mut got = Vec::new();
            for _ in 0..3 {
                h3.sleep(5).await;
                got.extend(S::recv(&mut rx).await);
            }
            got
        })
    });
    let mut sorted = got.clone().unwrap_or_default();
    sorted.sort_unstable();
    ensure(got.is_some() && sorted == [1, 2, 10], || {
        format!(
            "two senders, a channel of one: `impatient` fills it with 1 and waits to send 2 \
             from t=0, with a 1-tick timer running beside the send (as in `join!`, or a \
             `select!` loop over `&mut send`), so at t=1 the send is polled a second time while \
             the channel is still full; `patient` waits to send 10 from t=2. The consumer takes \
             a value at t=5, t=10 and t=15, each making room for one waiting sender, so 2 and \
             10 should both arrive. But {}; {}. {STRANDED}",
            consumer_wakes(&run),
            two_sender_outcome(&run, &got),
        )
    })
}

/// The demo: the pipeline.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    fn go<S: Subject>() -> Vec<EventRecord> {
        let (run, _) = run::<S>(
            2,
            |h, tx| {
                Box::pin(async move {
                    for i in 0..4 {
                        S::send(&tx, i).await;
                        h.print(format!("sent {i}"));
                    }
                })
            },
            |h, mut rx| {
                Box::pin(async move {
                    let mut got = Vec::new();
                    while let Some(v) = S::recv(&mut rx).await {
                        h.print(format!("received {v}"));
                        got.push(v);
                        h.sleep(3).await;
                    }
                    got
                })
            },
        );
        run.events
    }
    Ok(match which {
        Which::Learner => go::<Learner>(),
        Which::Solution => go::<Solution>(),
    })
}
