//! Checks for exercise 15: a lost-waker bug hunt. Each check runs a producer and a consumer
//! over the learner's channel on runtime-core, in a scenario that exercises one wake path;
//! a hang is explained from the trace (`lost_waker`, `stalled ... reason=`).

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use runtime_core::{EventRecord, Handle, Runtime};

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

subject!(Learner, exercises);
subject!(Solution, solutions);

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "a send wakes the receiver waiting on an empty channel",
            points: 3,
            run: wakes_receiver::<S>,
        },
        Check {
            name: "a receive wakes the sender waiting on a full channel",
            points: 3,
            run: wakes_sender::<S>,
        },
        Check {
            name: "dropping the last sender wakes the receiver",
            points: 2,
            run: close_wakes::<S>,
        },
        Check {
            name: "a busy pipeline delivers every value",
            points: 2,
            run: pipeline::<S>,
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
    let mut parts = Vec::new();
    for name in ["producer", "consumer"] {
        let task = run.id(name);
        if run.completed_at(task).is_none() {
            parts.push(format!(
                "`{name}` {}",
                run.fate(task).trim_start_matches("it ")
            ));
        }
    }
    if parts.is_empty() {
        String::from("both tasks completed")
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
             which must wake it. But {}. A receiver that returns Pending must leave its waker \
             where a send will find it.",
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
             But {}{}. A receive that makes room must wake a sender waiting for it.",
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
             the last sender, which must wake the consumer so it sees None. But {}. Dropping \
             the last Sender must wake every receiver waiting in `recv`, and a `recv` on a \
             closed, empty channel must return Ready(None).",
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
             Each side must wake the other: a `send` wakes a receiver waiting in `recv`, a \
             `recv` that makes room wakes a sender waiting on a full channel, and whoever \
             returns Pending must leave its waker where the other side will find it.",
            stuck(&run)
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
