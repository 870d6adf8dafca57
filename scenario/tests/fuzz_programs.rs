//! Fuzzing parse + check + run with random programs built from the language's constructs
//! (channels, oneshots, sockets, select, timeout, spawn/abort/join, loops, the broken leaves,
//! arithmetic that can fail) under random settings. Nothing may panic or hang: every run
//! ends finished, stalled, stopped by a limit, or with a run-time error.
//!
//! The test suite runs a few hundred cases; a long campaign runs as many as fit in a time:
//! `FUZZ_SECONDS=600 cargo test --release -p scenario --test fuzz_programs -- --nocapture`.

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use scenario::interp::{RunLimits, RunOptions};
use std::fmt::Write;

/// Reads random choices from a tape.
struct Tape<'a>(&'a [u32], usize);

impl Tape<'_> {
    fn next(&mut self, n: u32) -> u32 {
        let v = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        if n == 0 { 0 } else { v % n }
    }
}

fn stmt(t: &mut Tape<'_>, out: &mut String, depth: u32, lazies: u32, vars: &mut u32) {
    let c = t.next(3);
    let n = t.next(30);
    let choice = if depth > 2 { t.next(12) } else { t.next(20) };
    let _ = match choice {
        0 => writeln!(out, "sleep({n}ms).await;"),
        1 => writeln!(out, "yield_now().await;"),
        2 => writeln!(out, "work({}ms);", n % 5),
        3 => writeln!(out, "c{c}.send({n}).await;"),
        4 => {
            *vars += 1;
            writeln!(out, "let v{} = c{c}.recv().await;", vars)
        }
        5 => writeln!(
            out,
            "if let Some(x) = c{c}.recv().await {{ print(\"got {{x}}\"); }}"
        ),
        6 => writeln!(out, "print(\"hello {n}\");"),
        7 => writeln!(out, "let r = timeout({n}ms, c{c}.recv()).await;"),
        8 => writeln!(
            out,
            "select {{ Some(v) = c{c}.recv() => {{ print(\"{{v}}\"); }} _ = sleep({n}ms) => {{ }} }}"
        ),
        9 => writeln!(out, "let d = {n} / {};", t.next(3)),
        10 => writeln!(out, "os.send({n});"),
        11 => writeln!(out, "let o = os.recv().await;"),
        12 if lazies > 0 => {
            let which = t.next(lazies);
            match t.next(3) {
                0 => writeln!(out, "let h = spawn l{which}; h.await;"),
                1 => writeln!(out, "let h = spawn l{which}; h.abort(); let r = h.await;"),
                _ => writeln!(out, "spawn l{which};"),
            }
        }
        13 => {
            let _ = writeln!(out, "for i in 0..{} {{", n % 4);
            for _ in 0..t.next(3) + 1 {
                stmt(t, out, depth + 1, lazies, vars);
            }
            writeln!(out, "}}")
        }
        14 => {
            let _ = writeln!(out, "while let Some(v) = c{c}.recv().await {{");
            stmt(t, out, depth + 1, lazies, vars);
            writeln!(out, "}}")
        }
        15 => {
            let _ = writeln!(out, "loop {{");
            stmt(t, out, depth + 1, lazies, vars);
            if t.next(4) != 0 {
                let _ = writeln!(out, "break;");
            }
            writeln!(out, "}}")
        }
        16 => writeln!(out, "let row = db.read().await;"),
        17 => writeln!(
            out,
            "{}",
            [
                "no_yield().await;",
                "lost_wake().await;",
                "pending().await;"
            ][t.next(3) as usize]
        ),
        18 => writeln!(out, "let m = 9223372036854775800 + {n};"),
        _ => writeln!(
            out,
            "if {n} > 10 {{ sleep(1ms).await; }} else {{ yield_now().await; }}"
        ),
    };
}

/// A random program, deterministic in `tape`.
fn program(tape: &[u32]) -> String {
    let mut t = Tape(tape, 0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "config {{ workers: {}; event_interval: {}; budget: {}; lifo: {}; wheel: {}; }}",
        t.next(4) + 1,
        t.next(8) + 1,
        ["off", "3", "128"][t.next(3) as usize],
        ["on", "off"][t.next(2) as usize],
        ["small", "tokio"][t.next(2) as usize],
    );
    for c in 0..3 {
        let _ = writeln!(s, "chan c{c}: {};", t.next(3) + 1);
    }
    let _ = writeln!(s, "oneshot os;\nio db {{ 5ms: \"a\"; 17ms: \"b\"; }}");
    let lazies = t.next(3);
    let mut vars = 0;
    for l in 0..lazies {
        let _ = writeln!(s, "lazy task l{l} {{");
        for _ in 0..t.next(4) + 1 {
            stmt(&mut t, &mut s, 2, l, &mut vars);
        }
        let _ = writeln!(s, "}}");
    }
    for k in 0..t.next(4) + 1 {
        let start = if t.next(3) == 0 {
            format!(" @ {}ms", t.next(20))
        } else {
            String::new()
        };
        let _ = writeln!(s, "task t{k}{start} {{");
        for _ in 0..t.next(6) + 1 {
            stmt(&mut t, &mut s, 0, lazies, &mut vars);
        }
        let _ = writeln!(s, "}}");
    }
    s
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
        // xorshift64*: a reproducible tape per seed.
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let len = 32 + (x % 368) as usize;
        let tape: Vec<u32> = (0..len)
            .map(|_| {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32
            })
            .collect();
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
