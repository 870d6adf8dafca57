//! Random programs built from the language's constructs: for fuzzing the front end and the
//! interpreter (`tests/fuzz_programs.rs`) and for the differential test against Tokio (the
//! `vs-tokio` crate), which uses the [`Flavour::Tokio`] subset.
//!
//! A program is read from a tape of random numbers, so one seed always gives one program.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Which programs to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// Anything the language has, under any settings: channels, oneshots, a socket, select,
    /// timeout, spawn/abort/join, `join`, futures kept across `select` rounds, loops, the
    /// broken leaves, arithmetic that can fail; 1 to 4 workers, any budget, the LIFO slot on
    /// or off.
    Any,
    /// What can run the same on Tokio's `current_thread` runtime: one worker, no LIFO slot,
    /// a budget of 128 or off, no socket, and each channel received from by one task only.
    Tokio,
}

/// Reads random choices from a tape.
struct Tape<'a>(&'a [u32], usize);

impl Tape<'_> {
    fn next(&mut self, n: u32) -> u32 {
        let v = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        if n == 0 { 0 } else { v % n }
    }
}

/// What a statement may use.
#[derive(Clone, Copy)]
struct Scope {
    depth: u32,
    /// Lazy tasks declared before this one (it may spawn them).
    lazies: u32,
    /// The channel this task may receive from (`None`: receives from none); with
    /// [`Flavour::Any`], any channel.
    recv: Option<u32>,
    flavour: Flavour,
}

fn stmt(t: &mut Tape<'_>, out: &mut String, scope: Scope, vars: &mut u32) {
    let c = t.next(3);
    let n = t.next(30);
    let choice = if scope.depth > 2 {
        t.next(12)
    } else {
        t.next(24)
    };
    let rc = match scope.flavour {
        Flavour::Any => Some(c),
        Flavour::Tokio => scope.recv,
    };
    let deeper = Scope {
        depth: scope.depth + 1,
        ..scope
    };
    let _ = match (choice, rc) {
        (0, _) => writeln!(out, "sleep({n}ms).await;"),
        (1, _) => writeln!(out, "yield_now().await;"),
        (2, _) => writeln!(out, "work({}ms);", n % 5),
        (3, _) | (4..=8 | 14 | 19 | 21, None) => writeln!(out, "c{c}.send({n}).await;"),
        (4, Some(r)) => {
            *vars += 1;
            writeln!(out, "let v{} = c{r}.recv().await;", vars)
        }
        (5, Some(r)) => writeln!(
            out,
            "if let Some(x) = c{r}.recv().await {{ print(\"got {{x}}\"); }}"
        ),
        (6, _) => writeln!(out, "print(\"hello {n}\");"),
        (7, Some(r)) => writeln!(out, "let r = timeout({n}ms, c{r}.recv()).await;"),
        (8, Some(r)) => writeln!(
            out,
            "select {{ Some(v) = c{r}.recv() => {{ print(\"{{v}}\"); }} _ = sleep({n}ms) => {{ }} }}"
        ),
        (9, _) => writeln!(out, "let d = {n} / {};", t.next(3)),
        (10, _) => writeln!(out, "os.send({n});"),
        // One task receives from the oneshot (Tokio's has one receiver, awaited once).
        (11, Some(0)) | (11, _) if scope.flavour == Flavour::Any || rc == Some(0) => {
            writeln!(out, "let o = os.recv().await;")
        }
        (11, _) => writeln!(out, "os.send({n});"),
        (12, _) if scope.lazies > 0 => {
            let which = t.next(scope.lazies);
            match t.next(3) {
                0 => writeln!(out, "let h = spawn l{which}; h.await;"),
                1 => writeln!(out, "let h = spawn l{which}; h.abort(); let r = h.await;"),
                _ => writeln!(out, "spawn l{which};"),
            }
        }
        (13, _) => {
            let _ = writeln!(out, "for i in 0..{} {{", n % 4);
            for _ in 0..t.next(3) + 1 {
                stmt(t, out, deeper, vars);
            }
            writeln!(out, "}}")
        }
        (14, Some(r)) => {
            let _ = writeln!(out, "while let Some(v) = c{r}.recv().await {{");
            stmt(t, out, deeper, vars);
            writeln!(out, "}}")
        }
        (15, _) => {
            let _ = writeln!(out, "loop {{");
            stmt(t, out, deeper, vars);
            if t.next(4) != 0 {
                let _ = writeln!(out, "break;");
            }
            writeln!(out, "}}")
        }
        (16, _) if scope.flavour == Flavour::Any => writeln!(out, "let row = db.read().await;"),
        (16, _) => writeln!(
            out,
            "select {{ biased; _ = sleep({}ms) => {{ print(\"first\"); }} _ = yield_now() => {{ print(\"yielded\"); }} }}",
            n % 3
        ),
        (17, _) => writeln!(
            out,
            "{}",
            [
                "no_yield().await;",
                "lost_wake().await;",
                "pending().await;"
            ][t.next(3) as usize]
        ),
        (18, _) => writeln!(out, "let m = 9223372036854775800 + {n};"),
        // `join`: every future polled in one task, the first rotating.
        (19, Some(r)) => writeln!(
            out,
            "let (j, s) = join(c{r}.recv(), sleep({}ms)).await; print(\"joined {{j}}\");",
            n % 7
        ),
        (20, _) => writeln!(
            out,
            "let j = join(sleep({}ms), yield_now(), sleep({}ms)).await;",
            n % 5,
            t.next(9)
        ),
        // A future kept across `select` rounds, given a new one when it completes.
        (21, Some(r)) => {
            let _ = writeln!(out, "let mut k = c{r}.recv();");
            let _ = writeln!(out, "for i in 0..{} {{", 1 + n % 3);
            writeln!(
                out,
                "select {{ v = &mut k => {{ print(\"kept {{v}}\"); k = c{r}.recv(); }} _ = sleep({}ms) => {{ print(\"tick\"); }} }} }}",
                t.next(12)
            )
        }
        // A kept timer, disabled once it has fired; or polled after it completed (an error).
        (22, _) => {
            let guard = if t.next(4) == 0 { "" } else { ", if !done" };
            writeln!(
                out,
                "let mut t = sleep({}ms); let mut done = false; for i in 0..3 {{ select {{ _ = &mut t{guard} => {{ done = true; print(\"fired\"); }} _ = sleep({}ms) => {{ }} }} }}",
                n % 6,
                t.next(4)
            )
        }
        _ => writeln!(
            out,
            "if {n} > 10 {{ sleep(1ms).await; }} else {{ yield_now().await; }}"
        ),
    };
}

/// A random program of `flavour`, deterministic in `tape`.
pub fn program(tape: &[u32], flavour: Flavour) -> String {
    let mut t = Tape(tape, 0);
    let mut s = String::new();
    let (workers, budget, lifo) = match flavour {
        Flavour::Any => (
            t.next(4) + 1,
            ["off", "3", "128"][t.next(3) as usize],
            ["on", "off"][t.next(2) as usize],
        ),
        Flavour::Tokio => (1, ["off", "128"][t.next(2) as usize], "off"),
    };
    let _ = writeln!(
        s,
        "config {{ workers: {workers}; event_interval: {}; budget: {budget}; lifo: {lifo}; \
         wheel: {}; seed: {}; }}",
        t.next(8) + 1,
        ["small", "tokio"][t.next(2) as usize],
        t.next(1000),
    );
    for c in 0..3 {
        let _ = writeln!(s, "chan c{c}: {};", t.next(3) + 1);
    }
    let _ = writeln!(s, "oneshot os;");
    if flavour == Flavour::Any {
        let _ = writeln!(s, "io db {{ 5ms: \"a\"; 17ms: \"b\"; }}");
    }
    let lazies = t.next(3);
    let mut vars = 0;
    for l in 0..lazies {
        let _ = writeln!(s, "lazy task l{l} {{");
        // A lazy task may be spawned many times: with Tokio's one receiver per channel, it
        // receives from none.
        let scope = Scope {
            depth: 2,
            lazies: l,
            recv: None,
            flavour,
        };
        for _ in 0..t.next(4) + 1 {
            stmt(&mut t, &mut s, scope, &mut vars);
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
        let scope = Scope {
            depth: 0,
            lazies,
            recv: (k < 3).then_some(k),
            flavour,
        };
        for _ in 0..t.next(6) + 1 {
            stmt(&mut t, &mut s, scope, &mut vars);
        }
        let _ = writeln!(s, "}}");
    }
    s
}

/// The tape of seed `seed` (xorshift64*): 32 to 399 numbers.
pub fn tape(seed: u64) -> Vec<u32> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let len = 32 + (x % 368) as usize;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32
        })
        .collect()
}
