//! Workloads for runtime-core's benchmark, shared by the native binary (`src/main.rs`, which
//! runs them beside Tokio's current_thread runtime and futures' `LocalPool`) and the browser
//! test (`tests/wasm.rs`, which runs the executor workloads compiled to wasm32).
//!
//! Each workload builds its runtime, runs, drops the runtime and returns a [`Run`]: the
//! measured time covers all three, for every contender alike. Timing is the caller's job
//! (`std::time::Instant` natively, `performance.now()` in the browser), so this library has no
//! clock of its own.
//!
//! The futures that the workloads await are plain `core` futures (a self-waking future, a
//! countdown) written once here, so every runtime polls exactly the same code and only the
//! executor, the timers and the wakers differ.

extern crate alloc;

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::future::Future;
use core::hint::black_box;
use core::pin::Pin;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::task::Poll;
use futures::task::AtomicWaker;

/// Tasks spawned and joined by the spawn benchmark.
pub const SPAWN_TASKS: usize = 100_000;
/// Tasks of the self-wake benchmark.
pub const SELF_WAKE_TASKS: usize = 10;
/// Self-wakes (each one poll that returns `Pending` after waking its own task) per task.
pub const SELF_WAKE_POLLS: usize = 100_000;
/// Timeouts registered, then cancelled, by the timeout benchmark.
pub const TIMEOUTS: usize = 100_000;
/// Random deadlines are drawn from `1..=RANDOM_SPAN_MS` milliseconds (ticks): a minute, so
/// timers are filed in levels 0 to 2 of a 64-slot wheel and cascade on their way down.
pub const RANDOM_SPAN_MS: u64 = 60_000;
/// Every timer of an equal-deadline batch is due this many milliseconds after the batch starts.
pub const EQUAL_DEADLINE_MS: u64 = 1_000;

/// What one run of a workload reports (besides its time, which the caller measures).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// Events runtime-core recorded (kept or not); 0 for the other runtimes.
    pub events: u64,
    /// A value computed from the tasks' outputs, so the work cannot be optimised away.
    pub check: u64,
}

/// A task body: `polls` self-wakes in a row (runtime-core's `wake_self_once`: a plain future
/// that wakes its own task by reference and returns `Pending` once, the cheapest round trip
/// through a scheduler's run queue; the same code on every runtime).
pub async fn self_wake_loop(polls: usize) -> u64 {
    for _ in 0..polls {
        runtime_core::future::wake_self_once().await;
    }
    black_box(polls) as u64
}

/// Spawns `n` tasks (`spawn(i)` spawns the `i`-th and returns its join handle), then awaits
/// each handle in order and sums what the tasks returned: the check that the work was done (on
/// runtime-core and on Tokio, whose handles both give a `Result`).
pub async fn spawn_each<J, E>(n: usize, spawn: impl FnMut(usize) -> J) -> u64
where
    J: Future<Output = Result<u64, E>>,
    E: core::fmt::Debug,
{
    let joins: Vec<J> = (0..n).map(spawn).collect();
    let mut sum = 0;
    for join in joins {
        sum += join.await.expect("not aborted");
    }
    sum
}

/// Counts tasks down to zero and wakes whoever waits: how the timer benchmark waits for its
/// tasks without join handles (whose cost differs between runtimes and is measured on its
/// own). `Send + Sync`, so Tokio's `spawn` takes it.
#[derive(Clone, Debug)]
pub struct Countdown(Arc<CountdownInner>);

#[derive(Debug)]
struct CountdownInner {
    left: AtomicUsize,
    waker: AtomicWaker,
}

impl Countdown {
    /// A countdown from `n`.
    pub fn new(n: usize) -> Self {
        Countdown(Arc::new(CountdownInner {
            left: AtomicUsize::new(n),
            waker: AtomicWaker::new(),
        }))
    }

    /// One task is done; the last one wakes the waiter.
    pub fn arrive(&self) {
        if self.0.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.waker.wake();
        }
    }

    /// Completes once every task has arrived.
    pub fn wait(&self) -> impl Future<Output = ()> + '_ {
        core::future::poll_fn(move |cx| {
            if self.0.left.load(Ordering::Acquire) == 0 {
                return Poll::Ready(());
            }
            self.0.waker.register(cx.waker());
            if self.0.left.load(Ordering::Acquire) == 0 {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
    }
}

/// How the deadlines of a timer batch are spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadlines {
    /// Every timer due at [`EQUAL_DEADLINE_MS`].
    Equal,
    /// Uniform in `1..=RANDOM_SPAN_MS` (a fixed seed: the same for every runtime and run).
    Random,
}

impl Deadlines {
    /// Offsets in milliseconds from the start of a batch, for `n` timers.
    pub fn offsets(self, n: usize) -> Vec<u64> {
        match self {
            Deadlines::Equal => alloc::vec![EQUAL_DEADLINE_MS; n],
            Deadlines::Random => {
                let mut rng = Rng::new(0x5eed_1a6b_0b5e_55ed);
                (0..n)
                    .map(|_| 1 + rng.next_u64() % RANDOM_SPAN_MS)
                    .collect()
            }
        }
    }

    /// Its name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Deadlines::Equal => "equal",
            Deadlines::Random => "random",
        }
    }
}

/// xorshift64*: a tiny deterministic generator for deadlines.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator with this (nonzero) seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Polls `future` once with the caller's context, ignoring the result: used to register a
/// timeout's timer before dropping it.
pub fn poll_once<F: Future + ?Sized>(mut future: Pin<&mut F>) -> impl Future<Output = ()> + '_ {
    core::future::poll_fn(move |cx| {
        let _ = future.as_mut().poll(cx);
        Poll::Ready(())
    })
}

/// The median of `values` (which it sorts); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// runtime-core: the workloads on the lab's runtime, with the given settings (the benchmark
/// uses `Config::default()`, trace on, and the same with `trace: false`).
///
/// Each workload takes a [`TraceMemory`](ours::TraceMemory) (or an `Option<&mut TraceBuffer>`):
/// `None` / `Fresh` records the trace into fresh memory (a new runtime, as a program run once);
/// `Some` / `Recycled` records it into the buffer of the previous run and hands the buffer back
/// at the end (`Runtime::with_trace_buffer` / `into_trace_buffer`, as a program run again and
/// again can); `ReadBack` also reads the trace back as records before the runtime is dropped
/// (the packed trace decoded, as the lab does to show a run). The trace is the same each way.
pub mod ours {
    use super::{Countdown, Deadlines, Run, black_box, poll_once, self_wake_loop, spawn_each};
    use core::future::Future;
    use runtime_core::{Config, Handle, Runtime, TraceBuffer};

    /// What becomes of a run's trace.
    #[derive(Debug)]
    pub enum TraceMemory<'a> {
        /// Recorded into fresh memory and dropped with the runtime (a program run once).
        Fresh,
        /// Recorded into this buffer, from the run before, and handed back into it.
        Recycled(&'a mut TraceBuffer),
        /// Recorded into fresh memory, then read back as `EventRecord`s
        /// (`Runtime::take_trace`, which decodes the packed trace), as the lab does to show it.
        ReadBack,
    }

    /// The defaults with tracing off: the "trace off" contender, which shows what recording
    /// the trace costs.
    pub fn trace_off() -> Config {
        Config {
            trace: false,
            ..Config::default()
        }
    }

    impl<'a> From<Option<&'a mut TraceBuffer>> for TraceMemory<'a> {
        fn from(buffer: Option<&'a mut TraceBuffer>) -> Self {
            buffer.map_or(TraceMemory::Fresh, TraceMemory::Recycled)
        }
    }

    fn runtime(config: &Config, memory: &mut TraceMemory<'_>) -> Runtime {
        match memory {
            TraceMemory::Recycled(b) => {
                Runtime::with_trace_buffer(config.clone(), core::mem::take(*b))
            }
            TraceMemory::Fresh | TraceMemory::ReadBack => Runtime::new(config.clone()),
        }
        .expect("a valid config")
    }

    /// Drops the runtime, keeping its trace buffer, or reading its trace, as `memory` says.
    fn finish(mut rt: Runtime, memory: TraceMemory<'_>) {
        match memory {
            TraceMemory::Recycled(b) => *b = rt.into_trace_buffer(),
            TraceMemory::ReadBack => {
                black_box(rt.take_trace());
            }
            TraceMemory::Fresh => drop(rt),
        }
    }

    /// Runs the task `main` makes to its end on a runtime with `config`, the trace kept as
    /// `memory` says; its output is the run's check.
    fn run<'a, F: Future<Output = u64> + 'static>(
        config: &Config,
        memory: impl Into<TraceMemory<'a>>,
        main: impl FnOnce(Handle) -> F,
    ) -> Run {
        let mut memory = memory.into();
        let mut rt = runtime(config, &mut memory);
        let check = rt
            .block_on(main(rt.handle().clone()))
            .expect("the run finishes");
        let events = rt.event_count();
        finish(rt, memory);
        Run { events, check }
    }

    /// Spawns `n` trivial tasks from a task, then awaits each join handle in order.
    pub fn spawn_join<'a>(config: &Config, n: usize, memory: impl Into<TraceMemory<'a>>) -> Run {
        run(config, memory, |h| async move {
            spawn_each(n, |i| h.spawn("t", async move { black_box(i) as u64 })).await
        })
    }

    /// `tasks` tasks, each yielding `polls` times with `yield_now`: every yield defers the
    /// task's wake to the worker's defer list, woken after a driver turn (as Tokio's).
    pub fn yields<'a>(
        config: &Config,
        tasks: usize,
        polls: usize,
        memory: impl Into<TraceMemory<'a>>,
    ) -> Run {
        run(config, memory, |h| async move {
            spawn_each(tasks, |_| {
                let y = h.clone();
                h.spawn("y", async move {
                    for _ in 0..polls {
                        y.yield_now().await;
                    }
                    black_box(polls) as u64
                })
            })
            .await
        })
    }

    /// `tasks` tasks, each making `polls` self-wake polls.
    pub fn self_wake<'a>(
        config: &Config,
        tasks: usize,
        polls: usize,
        memory: impl Into<TraceMemory<'a>>,
    ) -> Run {
        run(config, memory, |h| async move {
            spawn_each(tasks, |_| h.spawn("w", self_wake_loop(polls))).await
        })
    }

    /// `batches` batches of `n` concurrent tasks, each task sleeping until its deadline (or,
    /// with `sleep == false`, finishing at once: the baseline that the timer cost is measured
    /// against). A batch ends when all its tasks have finished.
    pub fn timers<'a>(
        config: &Config,
        n: usize,
        batches: usize,
        deadlines: Deadlines,
        sleep: bool,
        memory: impl Into<TraceMemory<'a>>,
    ) -> Run {
        let offsets = deadlines.offsets(n);
        run(config, memory, |h| async move {
            for _ in 0..batches {
                let start = h.now();
                let done = Countdown::new(n);
                for &offset in &offsets {
                    let done = done.clone();
                    if sleep {
                        let sleep = h.sleep_until(start + offset);
                        h.spawn("s", async move {
                            sleep.await;
                            done.arrive();
                        });
                    } else {
                        h.spawn("s", async move { done.arrive() });
                    }
                }
                done.wait().await;
            }
            h.now()
        })
    }

    /// In one task: `n` times, a timeout around a future that never completes is polled once
    /// (which registers its timer) and dropped (which cancels it).
    pub fn timeouts<'a>(config: &Config, n: usize, memory: impl Into<TraceMemory<'a>>) -> Run {
        let offsets = Deadlines::Random.offsets(n);
        run(config, memory, |h| async move {
            for &offset in &offsets {
                let timeout = core::pin::pin!(h.timeout(offset, core::future::pending::<()>()));
                poll_once(timeout).await;
            }
            offsets.len() as u64
        })
    }
}

/// futures' `LocalPool`: a minimal single-threaded executor (no timers), where it applies.
pub mod pool {
    use super::{Run, black_box, self_wake_loop};
    use alloc::vec::Vec;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;

    /// Spawns `n` trivial tasks with `spawn_local_with_handle`, then awaits each handle.
    pub fn spawn_join(n: usize) -> Run {
        let mut pool = LocalPool::new();
        let spawner = pool.spawner();
        let check = pool.run_until(async move {
            let handles: Vec<_> = (0..n)
                .map(|i| {
                    spawner
                        .spawn_local_with_handle(async move { black_box(i) as u64 })
                        .expect("the pool is alive")
                })
                .collect();
            let mut sum = 0u64;
            for handle in handles {
                sum += handle.await;
            }
            sum
        });
        Run { events: 0, check }
    }

    /// `tasks` tasks, each making `polls` self-wake polls.
    pub fn self_wake(tasks: usize, polls: usize) -> Run {
        let mut pool = LocalPool::new();
        let spawner = pool.spawner();
        // What the tasks return, summed as they finish: the work they did, not what was asked.
        let done = alloc::rc::Rc::new(core::cell::Cell::new(0u64));
        for _ in 0..tasks {
            let done = done.clone();
            spawner
                .spawn_local(async move {
                    let polls = black_box(self_wake_loop(polls).await);
                    done.set(done.get() + polls);
                })
                .expect("the pool is alive");
        }
        pool.run();
        Run {
            events: 0,
            check: done.get(),
        }
    }
}

/// Tokio's current_thread runtime with its clock paused (time is virtual, as in runtime-core:
/// when nothing is ready the clock jumps to the next timer).
#[cfg(not(target_arch = "wasm32"))]
pub mod tokio_rt {
    use super::{Countdown, Deadlines, Run, black_box, poll_once, self_wake_loop, spawn_each};
    use core::future::Future;
    use core::time::Duration;
    use tokio::runtime::Builder;

    /// Runs `main` to its end on a current_thread runtime with its clock paused; its output is
    /// the run's check.
    fn run(main: impl Future<Output = u64>) -> Run {
        let rt = Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a current_thread runtime");
        Run {
            events: 0,
            check: rt.block_on(main),
        }
    }

    /// Spawns `n` trivial tasks, then awaits each join handle in order.
    pub fn spawn_join(n: usize) -> Run {
        run(
            async move { spawn_each(n, |i| tokio::spawn(async move { black_box(i) as u64 })).await },
        )
    }

    /// `tasks` tasks, each making `polls` self-wake polls.
    pub fn self_wake(tasks: usize, polls: usize) -> Run {
        run(async move { spawn_each(tasks, |_| tokio::spawn(self_wake_loop(polls))).await })
    }

    /// `tasks` tasks, each yielding `polls` times with `tokio::task::yield_now`.
    pub fn yields(tasks: usize, polls: usize) -> Run {
        run(async move {
            spawn_each(tasks, |_| {
                tokio::spawn(async move {
                    for _ in 0..polls {
                        tokio::task::yield_now().await;
                    }
                    black_box(polls) as u64
                })
            })
            .await
        })
    }

    /// See [`super::ours::timers`].
    pub fn timers(n: usize, batches: usize, deadlines: Deadlines, sleep: bool) -> Run {
        let offsets = deadlines.offsets(n);
        run(async move {
            let origin = tokio::time::Instant::now();
            for _ in 0..batches {
                let start = tokio::time::Instant::now();
                let done = Countdown::new(n);
                for &offset in &offsets {
                    let done = done.clone();
                    if sleep {
                        let sleep = tokio::time::sleep_until(start + Duration::from_millis(offset));
                        tokio::spawn(async move {
                            sleep.await;
                            done.arrive();
                        });
                    } else {
                        tokio::spawn(async move { done.arrive() });
                    }
                }
                done.wait().await;
            }
            origin.elapsed().as_millis() as u64
        })
    }

    /// See [`super::ours::timeouts`].
    pub fn timeouts(n: usize) -> Run {
        let offsets = Deadlines::Random.offsets(n);
        run(async move {
            for &offset in &offsets {
                let timeout = core::pin::pin!(tokio::time::timeout(
                    Duration::from_millis(offset),
                    core::future::pending::<()>()
                ));
                poll_once(timeout).await;
            }
            offsets.len() as u64
        })
    }
}

/// The scenario interpreter (the lab's little language, run on runtime-core): a program that
/// produces about a million events, compiled and run as the UI does.
pub mod scenario_run {
    use super::Run;
    use scenario::interp::{RunLimits, RunOptions};

    /// Workers, each looping `yield_now` then `sleep(1ms)`, beside a pipeline of three tasks
    /// over two bounded channels: every kind of step the lab shows (polls, self-wakes, timers,
    /// channel sends and receives that wait, locals): 1,011,144 events with `record_locals`
    /// on (870,146 off).
    pub const PROGRAM: &str = r#"
//! Benchmark: about a million events
chan jobs: 8;
chan results: 8;

lazy task worker {
    for i in 0..200 {
        yield_now().await;
        sleep(1ms).await;
    }
}

task producer {
    for i in 0..20000 {
        jobs.send(i).await;
    }
}

task doubler {
    while let Some(j) = jobs.recv().await {
        results.send(j * 2).await;
    }
}

task summer {
    let mut total = 0;
    while let Some(v) = results.recv().await {
        total += v;
    }
    print("total {total}");
}

task main {
    for i in 0..340 {
        spawn worker;
    }
}
"#;

    /// `RunOptions::default()` (as the UI runs) with the event limit well above the program's
    /// events, and `record_locals` as given (the UI keeps it on).
    pub fn options(record_locals: bool) -> RunOptions {
        RunOptions {
            limits: RunLimits {
                max_events: 4_000_000,
                ..RunLimits::default()
            },
            record_locals,
            ..RunOptions::default()
        }
    }

    /// Compiles [`PROGRAM`].
    pub fn compile() -> scenario::Program {
        scenario::compile(PROGRAM).expect("the benchmark program compiles")
    }

    /// Runs a compiled program and drops its result; `events` is the trace's length.
    pub fn run(program: &scenario::Program, options: &RunOptions) -> Run {
        let result = scenario::run(program, options);
        assert!(
            matches!(result.outcome, scenario::Outcome::Finished),
            "the benchmark program finishes: {:?}",
            result.outcome
        );
        Run {
            events: result.events.len() as u64,
            check: result.events.last().map_or(0, |r| r.at),
        }
    }

    /// Compiles and runs [`PROGRAM`].
    pub fn compile_and_run(options: &RunOptions) -> Run {
        run(&compile(), options)
    }
}
