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

/// Warms each job up once, then times `ROUNDS` interleaved rounds; medians in ns per unit.
fn interleave(units: usize, jobs: &mut [(&str, &mut dyn FnMut() -> Run)]) {
    let mut times: Vec<Vec<f64>> = jobs.iter().map(|_| Vec::new()).collect();
    for (_, job) in jobs.iter_mut() {
        black_box(job());
    }
    let k = jobs.len();
    for round in 0..ROUNDS {
        for i in 0..k {
            let index = (round + i) % k;
            let start = now_ns();
            black_box((jobs[index].1)());
            times[index].push(now_ns() - start);
        }
    }
    for ((key, _), mut t) in jobs.iter().zip(times) {
        let per_unit = median(&mut t) / units as f64;
        console_log!("wasm-bench {key} {per_unit:.2}");
    }
}

#[wasm_bindgen_test]
fn self_wake_polls() {
    let (tasks, polls) = (SELF_WAKE_TASKS, SELF_WAKE_POLLS / SCALE);
    let on = Config::default();
    let off = Config {
        trace: false,
        ..Config::default()
    };
    interleave(
        tasks * polls,
        &mut [
            ("ours-self-wake", &mut || {
                bench::ours::self_wake(&on, tasks, polls)
            }),
            ("ours-off-self-wake", &mut || {
                bench::ours::self_wake(&off, tasks, polls)
            }),
            ("pool-self-wake", &mut || {
                bench::pool::self_wake(tasks, polls)
            }),
        ],
    );
}

#[wasm_bindgen_test]
fn spawn_join() {
    let n = SPAWN_TASKS / SCALE;
    let on = Config::default();
    let off = Config {
        trace: false,
        ..Config::default()
    };
    interleave(
        n,
        &mut [
            ("ours-spawn-join", &mut || bench::ours::spawn_join(&on, n)),
            ("ours-off-spawn-join", &mut || {
                bench::ours::spawn_join(&off, n)
            }),
            ("pool-spawn-join", &mut || bench::pool::spawn_join(n)),
        ],
    );
}
