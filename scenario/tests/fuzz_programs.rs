//! Fuzzing parse + check + run with random programs built from the language's constructs
//! (channels, oneshots, sockets, select, timeout, spawn/abort/join, loops, the broken leaves,
//! arithmetic that can fail) under random settings. Nothing may panic or hang: every run
//! ends finished, stalled, stopped by a limit, or with a run-time error.
//!
//! The test suite runs a few hundred cases; a long campaign runs as many as fit in a time:
//! `FUZZ_SECONDS=600 cargo test --release -p scenario --test fuzz_programs -- --nocapture`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use scenario::fuzz::{self, Flavour};
use scenario::interp::{RunLimits, RunOptions};

fn program(tape: &[u32]) -> String {
    fuzz::program(tape, Flavour::Any)
}

fn options() -> RunOptions {
    RunOptions {
        limits: RunLimits {
            max_events: 20_000,
            max_tasks: 200,
            max_time_us: 10_000_000,
            max_spins: 2_000,
        },
        ..RunOptions::default()
    }
}

/// Compiles and runs one program; returns whether it compiled.
fn exercise(tape: &[u32]) -> bool {
    let src = program(tape);
    // The editor's highlighting and the parser run on every program too.
    let _ = scenario::tokens(&src);
    match scenario::compile(&src) {
        Ok(p) => {
            let r = scenario::run(&p, &options());
            assert!(!r.events.is_empty());
            true
        }
        Err(_) => false,
    }
}

#[test]
fn random_programs_never_panic_or_hang() {
    let compiled = std::cell::Cell::new(0u64);
    let total = std::cell::Cell::new(0u64);
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(any::<u32>(), 32..400), |tape| {
            total.set(total.get() + 1);
            if exercise(&tape) {
                compiled.set(compiled.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    // The generator must produce mostly valid programs, or the run side is not fuzzed.
    assert!(
        compiled.get() * 10 >= total.get() * 8,
        "{} of {} compiled",
        compiled.get(),
        total.get()
    );
}

/// The long campaign: `FUZZ_SECONDS=600` runs seeded random tapes until the time is up and
/// prints the count; a failure prints the seed and the program. Without the variable it
/// runs 50 seeds, so it is exercised by the test suite too.
#[test]
fn fuzz_campaign() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let start = std::time::Instant::now();
    let (mut total, mut compiled) = (0u64, 0u64);
    for seed in 1u64.. {
        if seconds == 0 && seed > 50 || seconds > 0 && start.elapsed().as_secs() >= seconds {
            break;
        }
        let tape = fuzz::tape(seed);
        let outcome = std::panic::catch_unwind(|| exercise(&tape));
        match outcome {
            Ok(ok) => compiled += u64::from(ok),
            Err(_) => panic!("seed {seed} panicked on this program:\n{}", program(&tape)),
        }
        total += 1;
    }
    println!(
        "fuzz: {total} programs in {:.0} s, {compiled} of them compiled and ran",
        start.elapsed().as_secs_f64()
    );
    assert!(compiled * 10 >= total * 8, "{compiled} of {total} compiled");
}

#[test]
fn a_generated_program_looks_like_a_program() {
    let tape: Vec<u32> = (0..200u32)
        .map(|i| i.wrapping_mul(2_654_435_761).wrapping_add(i))
        .collect();
    let src = program(&tape);
    assert!(src.contains("task t0"), "{src}");
    scenario::compile(&src).unwrap_or_else(|e| panic!("{}\n{src}", e.render("gen")));
}
