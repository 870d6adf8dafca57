//! `cargo run --release -p bench`: runtime-core beside Tokio's current_thread runtime and
//! futures' `LocalPool`, interleaved in one process, printed as a Markdown table.
//!
//! For each benchmark every contender runs once to warm up, then the contenders take turns for
//! several rounds (the one that starts moves by one each round, so none always runs first or
//! right after the same neighbour), and the table shows the median round. Times include
//! building and dropping the runtime. Nothing here fails on a slow result: a missed goal is
//! reported as missed.
//!
//! Options: `--rounds N` (default 5; the 1M-timer groups use at most 3), `--only TEXT` (run
//! the groups whose key contains TEXT; `--list` prints the keys), `--quick` (3 rounds, no 1M
//! timers), `--wasm FILE` (the output of the browser benchmark, `bench/run.sh` makes it, for
//! the wasm/native rows), `--profile KEY [--runtime ours|tokio|pool] [--trace-off] [--repeat N]`
//! (run one side of one group N times, for `perf record` or callgrind; runtime-core by default).

#[cfg(not(target_arch = "wasm32"))]
extern crate alloc;

#[cfg(not(target_arch = "wasm32"))]
mod harness;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    harness::main();
}

/// Tokio does not run on wasm32-unknown-unknown: the browser benchmark is `tests/wasm.rs`.
#[cfg(target_arch = "wasm32")]
fn main() {}
