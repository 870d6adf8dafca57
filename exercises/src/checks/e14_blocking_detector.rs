//! Checks for exercise 14: a blocking-task detector. The learner's functions read traces of
//! runtime-core programs with known blockers and victims, and a pseudo-random program whose
//! answer is runtime-core's own `long_poll` diagnostics.

use super::e07_wheel_math::Lcg;
use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use runtime_core::trace::{Event, Text};
use runtime_core::{Config, EventRecord, TaskId, Tick};

/// A blocker as the checks compare it: name, long polls, longest.
pub type Found = (String, u32, Tick);

/// What the learner writes.
pub trait Subject: 'static {
    fn find_blockers(trace: &[EventRecord], threshold: Tick) -> Vec<Found>;
    fn find_victims(trace: &[EventRecord], threshold: Tick) -> Vec<(String, Tick)>;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            fn find_blockers(trace: &[EventRecord], threshold: Tick) -> Vec<Found> {
                crate::$module::e14_blocking_detector::find_blockers(trace, threshold)
                    .into_iter()
                    .map(|b| (b.task, b.long_polls, b.longest))
                    .collect()
            }
            fn find_victims(trace: &[EventRecord], threshold: Tick) -> Vec<(String, Tick)> {
                crate::$module::e14_blocking_detector::find_victims(trace, threshold)
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "finds the task that blocks, by name",
            points: 3,
            run: blocker::<S>,
        },
        Check {
            name: "counts every long poll, the threshold included",
            points: 2,
            run: counts::<S>,
        },
        Check {
            name: "finds the tasks that waited in the ready queue",
            points: 3,
            run: victims::<S>,
        },
        Check {
            name: "agrees with runtime-core's long_poll diagnostics",
            points: 2,
            run: diagnostics::<S>,
        },
    ];
}

/// `a`, `hog` (30 ms, wakes itself, 12 ms), `b`, `edge` (10 ms at t=132) and `fine` (9 ms).
fn program() -> Run {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let spawn = |name: &str, f: core::pin::Pin<Box<dyn core::future::Future<Output = ()>>>| {
        rt.spawn(name, f);
    };
    let h1 = h.clone();
    spawn("a", Box::pin(async move { h1.work(1) }));
    let h2 = h.clone();
    spawn(
        "hog",
        Box::pin(async move {
            h2.work(30);
            support::wake_self_once().await;
            h2.work(12);
        }),
    );
    let h3 = h.clone();
    spawn(
        "b",
        Box::pin(async move {
            h3.work(1);
            h3.sleep(5).await;
            h3.work(1);
        }),
    );
    let h4 = h.clone();
    spawn(
        "edge",
        Box::pin(async move {
            h4.sleep(100).await;
            h4.work(10);
        }),
    );
    let h5 = h.clone();
    spawn("fine", Box::pin(async move { h5.work(9) }));
    Run::of(&mut rt)
}

/// Every poll of `name` as "poll at t=X took D".
fn polls(run: &Run, name: &str) -> String {
    let task = run.id(name);
    let spans: Vec<String> = run
        .polls(task)
        .iter()
        .filter_map(|p| {
            let end = p.end?;
            let d = match run.events[end].event {
                Event::PollEnd { duration, .. } => duration,
                _ => 0,
            };
            Some(format!("t={}: {d}", p.at))
        })
        .collect();
    format!("`{name}` polls (start: duration) {}", spans.join(", "))
}

fn blocker<S: Subject>() -> Result<(), String> {
    let run = program();
    let got = S::find_blockers(&run.events, 25);
    let want = vec![(String::from("hog"), 1, 30)];
    ensure(got == want, || {
        format!(
            "with a threshold of 25 ticks the only blocker is `hog` (one poll of 30: {}); \
             find_blockers returned {got:?}, expected {want:?} (name, long polls, longest). \
             Names come from the `spawned` events.",
            polls(&run, "hog")
        )
    })
}

fn counts<S: Subject>() -> Result<(), String> {
    let run = program();
    let got = S::find_blockers(&run.events, 10);
    let want = vec![(String::from("hog"), 2, 30), (String::from("edge"), 1, 10)];
    ensure(got == want, || {
        format!(
            "with a threshold of 10: {}, and {}; `fine` took 9. A poll of exactly the threshold \
             counts (>=, as runtime-core's `long_poll`), every long poll is counted, and tasks \
             come in the order of their first long poll. Expected {want:?}, got {got:?}.",
            polls(&run, "hog"),
            polls(&run, "edge")
        )
    })
}

fn victims<S: Subject>() -> Result<(), String> {
    let run = program();
    let got = S::find_victims(&run.events, 10);
    let want: Vec<(String, Tick)> = vec![
        ("hog".into(), 10),
        ("b".into(), 31),
        ("edge".into(), 32),
        ("fine".into(), 32),
    ];
    let enq = run
        .find(|r| matches!(r.event, Event::Enqueued { .. }) && r.at == 31)
        .map(|i| run.quote(i))
        .unwrap_or_default();
    ensure(got == want, || {
        format!(
            "with a threshold of 10, the tasks that waited 10 ticks or more in the ready queue \
             (from `enqueued` to their next `poll_start`) are {want:?}, in spawn order: `b`, \
             `edge` and `fine` were queued at t=0 behind `hog`'s 30 ms poll, and `hog` itself, \
             re-queued by waking itself ({enq}), waited behind `fine` until t=41. Measure each \
             wait from the task's latest `enqueued`. find_victims returned {got:?}."
        )
    })
}

/// Eight tasks with pseudo-random work and sleeps, `long_poll` set to 7.
fn random_program(seed: u64) -> Run {
    let config = Config {
        long_poll: 7,
        ..support::config()
    };
    let mut rt = support::runtime(config);
    let mut rng = Lcg(seed);
    for t in 0..8 {
        let h = rt.handle().clone();
        let steps: Vec<(Tick, Tick)> = (0..4).map(|_| (rng.next() % 12, rng.next() % 20)).collect();
        rt.spawn(&format!("task{t}"), async move {
            for (work, sleep) in steps {
                h.work(work);
                h.sleep(sleep).await;
            }
        });
    }
    Run::of(&mut rt)
}

fn diagnostics<S: Subject>() -> Result<(), String> {
    for seed in [1, 2, 3] {
        let run = random_program(seed);
        // runtime-core's own verdict: its `long_poll` events, per task.
        let mut want: Vec<(TaskId, Found)> = Vec::new();
        for r in &run.events {
            if let Event::LongPoll { task, duration, .. } = r.event {
                match want.iter_mut().find(|(t, _)| *t == task) {
                    Some((_, f)) => {
                        f.1 += 1;
                        f.2 = f.2.max(duration);
                    }
                    None => want.push((task, (run.name(task), 1, duration))),
                }
            }
        }
        let want: Vec<Found> = want.into_iter().map(|(_, f)| f).collect();
        let got = S::find_blockers(&run.events, 7);
        ensure(got == want, || {
            let first = run
                .find(|r| matches!(r.event, Event::LongPoll { .. }))
                .map(|i| format!(" (the first: {})", run.quote(i)))
                .unwrap_or_default();
            format!(
                "on a pseudo-random program (seed {seed}) runtime-core raised `long_poll` \
                 diagnostics with a threshold of 7{first}, which add up to {want:?}; \
                 find_blockers(trace, 7) returned {got:?}."
            )
        })?;
    }
    Ok(())
}

/// The demo: the program's trace, with runtime-core's `long_poll` events replaced by what the
/// detector finds (threshold 10), and a `print` per victim.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = program();
    let (blockers, victims) = match which {
        Which::Learner => (
            Learner::find_blockers(&run.events, 10),
            Learner::find_victims(&run.events, 10),
        ),
        Which::Solution => (
            Solution::find_blockers(&run.events, 10),
            Solution::find_victims(&run.events, 10),
        ),
    };
    let end = run.end();
    let mut b = support::TraceBuilder::default();
    b.extend(
        run.events
            .iter()
            .filter(|r| !matches!(r.event, Event::LongPoll { .. }))
            .cloned(),
    );
    for (name, count, longest) in blockers {
        let task = run.task(&name).unwrap_or(TaskId(u32::MAX));
        b.push(
            end,
            Event::LongPoll {
                task,
                duration: longest,
                threshold: 10,
            },
        );
        b.push(
            end,
            Event::Print {
                task: None,
                text: Text::from(format!(
                    "blocker {name}: {count} long poll(s), longest {longest}"
                )),
            },
        );
    }
    for (name, wait) in victims {
        b.push(
            end,
            Event::Print {
                task: None,
                text: Text::from(format!("victim {name}: waited {wait} in the queue")),
            },
        );
    }
    Ok(b.finish())
}
