//! The executor benchmarks (self-wake polls, spawn + join) compiled to wasm32 and run in
//! headless Chromium, timed with `performance.now()`. It reports and never fails on a time:
//!
//! ```text
//! cargo test -p bench --release --target wasm32-unknown-unknown -- --nocapture
//! ```
//!
//! prints one `wasm-bench KEY NS_PER_UNIT` line per workload, which `bench --wasm FILE` reads
//! to put the wasm/native ratios in its table (`bench/run.sh` does both). A debug build (as
//! `./lab test` makes) runs each workload once at a small size: a smoke test, not a benchmark.
#![cfg(target_arch = "wasm32")]

use bench::{Run, SELF_WAKE_POLLS, SELF_WAKE_TASKS, SPAWN_TASKS, median};
use core::hint::black_box;
use runtime_core::Config;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Rounds and a size divisor: the real sizes in release, a quick smoke run in debug.
const ROUNDS: usize = if cfg!(debug_assertions) { 1 } else { 5 };
const SCALE: usize = if cfg!(debug_assertions) { 100 } else { 1 };

fn now_ns() -> f64 {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("the test runs in a page with window.performance");
    performance.now() * 1e6
}

/// Warms each job up once, then times `ROUNDS` interleaved rounds; prints the medians in ns
/// per unit. Returns each job's median in ns and the last `Run` it gave.
fn interleave(units: usize, jobs: &mut [(&str, &mut dyn FnMut() -> Run)]) -> Vec<(f64, Run)> {
    let mut times: Vec<Vec<f64>> = jobs.iter().map(|_| Vec::new()).collect();
    let mut runs: Vec<Run> = Vec::new();
    for (_, job) in jobs.iter_mut() {
        runs.push(black_box(job()));
    }
    let k = jobs.len();
    for round in 0..ROUNDS {
        for i in 0..k {
            let index = (round + i) % k;
            let start = now_ns();
            runs[index] = black_box((jobs[index].1)());
            times[index].push(now_ns() - start);
        }
    }
    let mut out = Vec::new();
    for (((key, _), mut t), run) in jobs.iter().zip(times).zip(runs) {
        let median = median(&mut t);
        console_log!("wasm-bench {key} {:.2}", median / units as f64);
        out.push((median, run));
    }
    out
}

/// Every contender did the same work: the same checksum from the tasks' outputs, and
/// runtime-core recorded the same number of events with the trace on, recycled or off (the
/// first `ours` jobs are runtime-core's).
fn assert_same_work(results: &[(f64, Run)], ours: usize, expected_check: u64) {
    for (i, (_, run)) in results.iter().enumerate() {
        assert_eq!(run.check, expected_check, "job {i} did other work");
    }
    let events = results[0].1.events;
    assert!(events > 0, "runtime-core recorded nothing");
    for (i, (_, run)) in results[..ours].iter().enumerate() {
        assert_eq!(
            run.events, events,
            "job {i} recorded another number of events"
        );
    }
}

#[wasm_bindgen_test]
fn self_wake_polls() {
    let (tasks, polls) = (SELF_WAKE_TASKS, SELF_WAKE_POLLS / SCALE);
    let on = Config::default();
    let off = bench::ours::trace_off();
    let mut recycled = runtime_core::TraceBuffer::new();
    let results = interleave(
        tasks * polls,
        &mut [
            ("ours-self-wake", &mut || {
                bench::ours::self_wake(&on, tasks, polls, None)
            }),
            ("ours-recycled-self-wake", &mut || {
                bench::ours::self_wake(&on, tasks, polls, Some(&mut recycled))
            }),
            ("ours-off-self-wake", &mut || {
                bench::ours::self_wake(&off, tasks, polls, None)
            }),
            ("pool-self-wake", &mut || {
                bench::pool::self_wake(tasks, polls)
            }),
        ],
    );
    // Each task returns its number of polls; the join loop sums them.
    assert_same_work(&results, 3, (tasks * polls) as u64);
}

#[wasm_bindgen_test]
fn spawn_join() {
    let n = SPAWN_TASKS / SCALE;
    let on = Config::default();
    let off = bench::ours::trace_off();
    let mut recycled = runtime_core::TraceBuffer::new();
    let results = interleave(
        n,
        &mut [
            ("ours-spawn-join", &mut || {
                bench::ours::spawn_join(&on, n, None)
            }),
            ("ours-recycled-spawn-join", &mut || {
                bench::ours::spawn_join(&on, n, Some(&mut recycled))
            }),
            ("ours-off-spawn-join", &mut || {
                bench::ours::spawn_join(&off, n, None)
            }),
            ("pool-spawn-join", &mut || bench::pool::spawn_join(n)),
        ],
    );
    let check = results[0].1.check;
    assert_same_work(&results, 3, check);
}

/// The scenario interpreter on a program of about a million events, compiled and run as the
/// UI does (`record_locals` on), and with `record_locals` off; compile + run and run only.
/// Prints `wasm-bench KEY-events-per-s RATE` for each. A debug build only compiles the program
/// (running a million events unoptimised would take minutes).
#[wasm_bindgen_test]
fn scenario_interpreter() {
    let program = bench::scenario_run::compile();
    if cfg!(debug_assertions) {
        return;
    }
    let (locals, plain) = (
        bench::scenario_run::options(true),
        bench::scenario_run::options(false),
    );
    let keys = ["scn-locals", "scn-locals-run", "scn-plain", "scn-plain-run"];
    let results = interleave(
        1,
        &mut [
            (keys[0], &mut || {
                bench::scenario_run::compile_and_run(&locals)
            }),
            (keys[1], &mut || bench::scenario_run::run(&program, &locals)),
            (keys[2], &mut || {
                bench::scenario_run::compile_and_run(&plain)
            }),
            (keys[3], &mut || bench::scenario_run::run(&program, &plain)),
        ],
    );
    for (key, (ns, run)) in keys.iter().zip(results) {
        let rate = run.events as f64 / (ns * 1e-9);
        console_log!("wasm-bench {key}-events-per-s {rate:.0}");
    }
}
