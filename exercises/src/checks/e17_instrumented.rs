//! Checks for exercise 17: an `Instrumented<F>` that measures polls and scheduling delays. The
//! learner's wrapper runs on runtime-core around futures that work, sleep, yield, and wait for
//! a bell or a channel that other tasks ring; the time it reads is the runtime's
//! (`support::clock`). Each check compares the monitor's totals with what the trace says about
//! the same tasks: every `poll_end`'s `duration`, and the first `woken` event before each poll.

use super::e07_wheel_math::Lcg;
use crate::support::clock;
use crate::support::unmoved::AssertUnmoved;
use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::RefCell;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::trace::{Event, Text};
use runtime_core::{EventRecord, Runtime, TaskId, Tick};

/// A monitor's totals, as the checks compare them (tokio-metrics' names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    pub total_poll_count: u64,
    pub total_poll_duration: Tick,
    pub total_slow_poll_count: u64,
    pub total_scheduled_count: u64,
    pub total_scheduled_duration: Tick,
}

impl fmt::Display for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} polls taking {} ticks, {} slow; {} scheduling delays totalling {} ticks",
            self.total_poll_count,
            self.total_poll_duration,
            self.total_slow_poll_count,
            self.total_scheduled_count,
            self.total_scheduled_duration
        )
    }
}

/// What the learner writes.
pub trait Subject: 'static {
    type Monitor: 'static;
    type Instrumented<F: Future + 'static>: Future<Output = F::Output> + 'static;
    fn monitor(slow_poll_threshold: Tick) -> Self::Monitor;
    fn instrument<F: Future + 'static>(monitor: &Self::Monitor, future: F)
    -> Self::Instrumented<F>;
    fn metrics(monitor: &Self::Monitor) -> Metrics;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            type Monitor = crate::$module::e17_instrumented::TaskMonitor;
            type Instrumented<F: Future + 'static> =
                crate::$module::e17_instrumented::Instrumented<F>;
            fn monitor(slow_poll_threshold: Tick) -> Self::Monitor {
                Self::Monitor::with_slow_poll_threshold(slow_poll_threshold)
            }
            fn instrument<F: Future + 'static>(
                monitor: &Self::Monitor,
                future: F,
            ) -> Self::Instrumented<F> {
                monitor.instrument(future)
            }
            fn metrics(monitor: &Self::Monitor) -> Metrics {
                let m = monitor.cumulative();
                Metrics {
                    total_poll_count: m.total_poll_count,
                    total_poll_duration: m.total_poll_duration,
                    total_slow_poll_count: m.total_slow_poll_count,
                    total_scheduled_count: m.total_scheduled_count,
                    total_scheduled_duration: m.total_scheduled_duration,
                }
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "passes the output and every wake through",
            points: 2,
            run: forwards::<S>,
        },
        Check {
            name: "measures each poll, not the time between polls",
            points: 2,
            run: durations::<S>,
        },
        Check {
            name: "counts each slow poll once, the threshold included",
            points: 1,
            run: slow::<S>,
        },
        Check {
            name: "measures the delay from the first wake to the poll",
            points: 3,
            run: delays::<S>,
        },
        Check {
            name: "never moves the pinned future",
            points: 1,
            run: unmoved::<S>,
        },
        Check {
            name: "agrees with the trace on pseudo-random programs",
            points: 1,
            run: random::<S>,
        },
    ];
}

/// Runs the program `build` spawns (instrumenting with a monitor whose slow-poll threshold is
/// `threshold`) with the runtime's clock installed; returns the run and the monitor's totals.
fn run<S: Subject>(
    threshold: Tick,
    build: impl FnOnce(&mut Runtime, &S::Monitor),
) -> (Run, Metrics) {
    let mut rt = support::runtime(support::config());
    let _clock = clock::install(rt.handle());
    let monitor = S::monitor(threshold);
    build(&mut rt, &monitor);
    let run = Run::of(&mut rt);
    (run, S::metrics(&monitor))
}

/// One poll of a task as the trace tells it: when it started, how long it took, and the first
/// wake since the poll before it started (its event index and time), if any.
#[derive(Clone, Copy, Debug)]
struct Observed {
    at: Tick,
    duration: Tick,
    woken: Option<(usize, Tick)>,
}

/// Every poll of `task`, from its `poll_start`, `poll_end` and `woken` events.
fn observed(run: &Run, task: TaskId) -> Vec<Observed> {
    let polls = run.polls(task);
    let mut out = Vec::new();
    for (i, p) in polls.iter().enumerate() {
        let duration = match p.end.map(|e| &run.events[e].event) {
            Some(Event::PollEnd { duration, .. }) => *duration,
            _ => 0,
        };
        let woken = (i > 0)
            .then(|| {
                let from = polls[i - 1].start;
                (from..p.start).find_map(|k| match run.events[k].event {
                    Event::Woken { task: t, .. } if t == task => Some((k, run.events[k].at)),
                    _ => None,
                })
            })
            .flatten();
        out.push(Observed {
            at: p.at,
            duration,
            woken,
        });
    }
    out
}

/// What a monitor with `threshold` should have measured for the tasks named `names`.
fn expected(run: &Run, names: &[&str], threshold: Tick) -> Metrics {
    let mut m = Metrics::default();
    for name in names {
        for p in observed(run, run.id(name)) {
            m.total_poll_count += 1;
            m.total_poll_duration += p.duration;
            if p.duration >= threshold {
                m.total_slow_poll_count += 1;
            }
            if let Some((_, woke)) = p.woken {
                m.total_scheduled_count += 1;
                m.total_scheduled_duration += p.at - woke;
            }
        }
    }
    m
}

/// Fails unless every task in `names` completed: what a monitor measured of a task that
/// stalled proves nothing.
fn completed(run: &Run, names: &[&str]) -> Result<(), String> {
    for name in names {
        let task = run.id(name);
        ensure(run.completed_at(task).is_some(), || {
            format!(
                "`{name}` should complete, but {}. Its wakes must reach it before its polls \
                 can be measured (the check \"passes the output and every wake through\").",
                run.fate(task)
            )
        })?;
    }
    Ok(())
}

/// `name`'s polls as "t=0: 3, t=7: 5" (start: duration).
fn busy(run: &Run, name: &str) -> String {
    let polls: Vec<String> = observed(run, run.id(name))
        .iter()
        .map(|p| format!("t={}: {}", p.at, p.duration))
        .collect();
    polls.join(", ")
}

/// A bell that tasks wait for: the first `wait` keeps its task's waker (a clone, kept until
/// the bell is dropped) and returns Pending; every `ring` wakes each kept waker by reference.
#[derive(Clone, Debug, Default)]
struct Bell(Rc<RefCell<BellState>>);

#[derive(Debug, Default)]
struct BellState {
    rung: bool,
    wakers: Vec<Waker>,
}

impl Bell {
    fn ring(&self) {
        let wakers = {
            let mut s = self.0.borrow_mut();
            s.rung = true;
            s.wakers.clone()
        };
        for w in &wakers {
            w.wake_by_ref();
        }
    }

    fn wait(&self) -> Wait {
        Wait {
            bell: self.clone(),
            kept: false,
        }
    }
}

#[derive(Debug)]
struct Wait {
    bell: Bell,
    kept: bool,
}

impl Future for Wait {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.bell.0.borrow().rung {
            return Poll::Ready(());
        }
        if !self.kept {
            self.kept = true;
            self.bell.0.borrow_mut().wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// `probe` sleeps 5 ms, yields, waits for a bell that `ringer` rings at t=7, then for a value
/// `ringer` sends at t=9; it returns that value plus one. Instrumented or not.
fn relay<S: Subject>(instrumented: bool) -> (Run, Metrics, Option<(u32, Tick)>) {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    let (run, metrics) = run::<S>(100, |rt, monitor| {
        let h = rt.handle().clone();
        let (tx, rx) = h.channel::<u32>("values", 1);
        let bell = Bell::default();
        let (h1, b1) = (h.clone(), bell.clone());
        let probe = async move {
            h1.sleep(5).await;
            h1.yield_now().await;
            b1.wait().await;
            let v = rx.recv().await.unwrap_or(0) + 1;
            *o.borrow_mut() = Some((v, h1.now()));
            v
        };
        if instrumented {
            rt.spawn("probe", S::instrument(monitor, probe));
        } else {
            rt.spawn("probe", probe);
        }
        let h2 = h.clone();
        rt.spawn("ringer", async move {
            h2.sleep(7).await;
            bell.ring();
            h2.sleep(2).await;
            let _ = tx.send(41).await;
        });
    });
    let out = *out.borrow();
    (run, metrics, out)
}

fn forwards<S: Subject>() -> Result<(), String> {
    let (plain, _, want) = relay::<S>(false);
    let (run, _, got) = relay::<S>(true);
    let probe = run.id("probe");
    ensure(got == want, || match (got, want) {
        (Some((v, at)), Some((w, wat))) => format!(
            "`probe` (it sleeps 5 ms, yields, waits for a bell rung at t=7, then receives a \
             value sent at t=9) returned {v} at t={at} when instrumented, and {w} at t={wat} \
             without the wrapper: `Instrumented` must behave exactly as the future it wraps."
        ),
        _ => format!(
            "`probe` (it sleeps 5 ms, yields, waits for a bell rung at t=7, then receives a \
             value sent at t=9) completes at t={} without the wrapper; instrumented, {}. Every \
             wake your waker receives must reach the task (hint 2).",
            plain.completed_at(plain.id("probe")).unwrap_or_default(),
            run.fate(probe)
        ),
    })
}

/// `probe` works 3 ms, yields, works 5 ms, sleeps 10 ms, works 1 ms; `other` (not
/// instrumented) works 4 ms meanwhile.
fn busy_program<S: Subject>() -> (Run, Metrics) {
    run::<S>(100, |rt, monitor| {
        let h = rt.handle().clone();
        let h1 = h.clone();
        rt.spawn(
            "probe",
            S::instrument(monitor, async move {
                h1.work(3);
                h1.yield_now().await;
                h1.work(5);
                h1.sleep(10).await;
                h1.work(1);
            }),
        );
        rt.spawn("other", async move { h.work(4) });
    })
}

fn durations<S: Subject>() -> Result<(), String> {
    let (run, got) = busy_program::<S>();
    completed(&run, &["probe"])?;
    let want = expected(&run, &["probe"], 100);
    let same = (got.total_poll_count, got.total_poll_duration)
        == (want.total_poll_count, want.total_poll_duration);
    ensure(same, || {
        format!(
            "`probe` works 3 ms, yields, works 5 ms, sleeps 10 ms and works 1 ms, while `other` \
             works 4 ms. The trace shows its polls (start: duration) {}: {} polls taking {} \
             ticks. Your monitor counted {} polls taking {} ticks, and `probe` completed at \
             t={}. A poll's duration is the time inside one call to the inner future's `poll`, \
             read just before and just after it; the time between two polls (the task waiting, \
             or other tasks running) is not the future's.",
            busy(&run, "probe"),
            want.total_poll_count,
            want.total_poll_duration,
            got.total_poll_count,
            got.total_poll_duration,
            run.completed_at(run.id("probe")).unwrap_or_default()
        )
    })
}

fn slow<S: Subject>() -> Result<(), String> {
    let (run, got) = run::<S>(5, |rt, monitor| {
        let h = rt.handle().clone();
        let h1 = h.clone();
        rt.spawn(
            "probe",
            S::instrument(monitor, async move {
                for work in [3, 5, 7] {
                    h1.work(work);
                    h1.yield_now().await;
                }
            }),
        );
        rt.spawn("other", S::instrument(monitor, async move { h.work(6) }));
    });
    completed(&run, &["probe", "other"])?;
    let want = expected(&run, &["probe", "other"], 5);
    ensure(
        got.total_slow_poll_count == want.total_slow_poll_count,
        || {
            format!(
                "with a slow-poll threshold of 5, `probe`'s polls (start: duration) are {} and \
             `other`'s (the same monitor instruments both, as one TaskMonitor instruments many \
             tasks) {}: {} of them took 5 ticks or more. Your monitor counted {} slow polls. \
             A poll of exactly the threshold is slow (`>=`, as tokio-metrics compares), and \
             each poll is counted once, when it ends.",
                busy(&run, "probe"),
                busy(&run, "other"),
                want.total_slow_poll_count,
                got.total_slow_poll_count
            )
        },
    )
}

/// `probe` waits for a bell that `ringer` rings at t=2 and again at t=5, while `hog` holds the
/// worker from t=2 to t=35; then it sleeps 10 ms and yields.
fn delay_program<S: Subject>() -> (Run, Metrics) {
    run::<S>(100, |rt, monitor| {
        let h = rt.handle().clone();
        let bell = Bell::default();
        let (h1, b1) = (h.clone(), bell.clone());
        rt.spawn(
            "probe",
            S::instrument(monitor, async move {
                b1.wait().await;
                h1.sleep(10).await;
                h1.yield_now().await;
            }),
        );
        let h2 = h.clone();
        rt.spawn("ringer", async move {
            h2.work(2);
            bell.ring();
            h2.work(3);
            bell.ring();
        });
        rt.spawn("hog", async move { h.work(30) });
    })
}

fn delays<S: Subject>() -> Result<(), String> {
    let (run, got) = delay_program::<S>();
    completed(&run, &["probe"])?;
    let want = expected(&run, &["probe"], 100);
    let got_delays = (got.total_scheduled_count, got.total_scheduled_duration);
    let want_delays = (want.total_scheduled_count, want.total_scheduled_duration);
    if got_delays == want_delays {
        return Ok(());
    }
    let probe = run.id("probe");
    let wakes: Vec<String> = observed(&run, probe)
        .iter()
        .filter_map(|p| {
            let (i, woke) = p.woken?;
            Some(format!(
                "{} → polled at t={} (a delay of {})",
                run.quote(i),
                p.at,
                p.at - woke
            ))
        })
        .collect();
    let why = if got.total_scheduled_count == 0 {
        String::from(
            " Your monitor saw no wake at all: the inner future must be polled with your own \
             waker, the one that notes the time of a wake before passing it on (hint 2).",
        )
    } else {
        String::from(
            " The delay is the time the task waited after it was woken, from the *first* wake \
             (`ringer` rings twice; the second finds `probe` already queued, \
             `effect=already_queued`) to the start of the poll; the time before the wake, \
             since the previous poll ended, is idle time, not a scheduling delay.",
        )
    };
    Err(format!(
        "`probe` waits for a bell that `ringer` rings at t=2 and t=5, while `hog` holds the \
         worker until t=35; then it sleeps 10 ms and yields. The first wake before each of its \
         polls: {}. That is {} delays totalling {} ticks; your monitor measured {} totalling \
         {}.{why}",
        wakes.join("; "),
        want.total_scheduled_count,
        want.total_scheduled_duration,
        got.total_scheduled_count,
        got.total_scheduled_duration
    ))
}

const ADVICE: &str = "Project with `Pin::new_unchecked(&mut this.future)` on the field in place; \
                      never move `future` out of `self` (no `mem::replace`, `Option::take`, \
                      `ptr::read`, or copying the struct).";

fn unmoved<S: Subject>() -> Result<(), String> {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    let (run, _) = run::<S>(100, |rt, monitor| {
        let h = rt.handle().clone();
        let inner = AssertUnmoved::new(
            async move {
                let data = [1u32, 2, 3, 4];
                let view = &data; // a borrow of the future's own state, alive across awaits
                for _ in 0..3 {
                    h.yield_now().await;
                }
                h.sleep(2).await;
                *o.borrow_mut() = Some(view.iter().sum::<u32>());
            },
            ADVICE,
        );
        rt.spawn("probe", S::instrument(monitor, inner));
    });
    let got = *out.borrow();
    ensure(got == Some(10), || {
        format!(
            "`probe` (an async block that borrows its own data, yields three times and sleeps \
             2 ms) should finish with 10; {}",
            run.fate(run.id("probe"))
        )
    })
}

/// Three instrumented tasks and two plain ones, each a pseudo-random list of work, then a
/// sleep, a yield or a self-wake; slow-poll threshold 4.
fn random_program<S: Subject>(seed: u64) -> (Run, Metrics) {
    run::<S>(4, |rt, monitor| {
        let mut rng = Lcg(seed);
        for t in 0..5u32 {
            let h = rt.handle().clone();
            let steps: Vec<(Tick, u64)> = (0..4).map(|_| (rng.next() % 7, rng.next())).collect();
            let body = async move {
                for (work, wait) in steps {
                    h.work(work);
                    match wait % 3 {
                        0 => h.sleep(wait % 9).await,
                        1 => h.yield_now().await,
                        _ => support::wake_self_once().await,
                    }
                }
            };
            if t < 3 {
                rt.spawn(&format!("i{t}"), S::instrument(monitor, body));
            } else {
                rt.spawn(&format!("plain{t}"), body);
            }
        }
    })
}

fn random<S: Subject>() -> Result<(), String> {
    for seed in [7, 8, 9] {
        let (run, got) = random_program::<S>(seed);
        completed(&run, &["i0", "i1", "i2"])?;
        let want = expected(&run, &["i0", "i1", "i2"], 4);
        ensure(got == want, || {
            format!(
                "on a pseudo-random program (seed {seed}: tasks `i0`, `i1`, `i2` instrumented by \
                 one monitor with a slow-poll threshold of 4, beside two plain tasks), the trace \
                 says {want} (from each `poll_end`'s duration, and the first `woken` before each \
                 poll); your monitor says {got}."
            )
        })?;
    }
    Ok(())
}

/// The demo: the delay program, its trace followed by what the monitor measured.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let (run, metrics) = match which {
        Which::Learner => delay_program::<Learner>(),
        Which::Solution => delay_program::<Solution>(),
    };
    let end = run.end();
    let mut b = support::TraceBuilder::default();
    b.extend(run.events.iter().cloned());
    b.push(
        end,
        Event::Print {
            task: None,
            text: Text::from(format!("monitor: {metrics}")),
        },
    );
    Ok(b.finish())
}
