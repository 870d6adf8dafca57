//! Golden traces: one file per behaviour. Each file has a `run` function that builds a small
//! program on the runtime and returns its trace as text, and the `EXPECTED` trace, every line
//! commented with why it happens. The same cases run natively (`tests/golden.rs`) and in
//! headless Chromium (`tests/golden_wasm.rs`), and must match in both.
//!
//! Future sizes (`size=` in `spawned`) depend on the target's pointer width, so they are left
//! out of the comparison; everything else must match exactly.

#![allow(dead_code)]

pub mod block_in_place;
pub mod blocking;
pub mod budget;
pub mod cascade;
pub mod channel;
pub mod defer;
pub mod event_interval;
pub mod fifo;
pub mod io;
pub mod join_abort;
pub mod lifo;
pub mod lifo_cap;
pub mod lost_wake;
pub mod outside;
pub mod overflow;
pub mod self_wake;
pub mod spawn_blocking;
pub mod stalled;
pub mod timers;
pub mod workers;

use runtime_core::{Config, Runtime, trace::text};

/// One behaviour.
pub struct Case {
    pub name: &'static str,
    pub run: fn() -> Vec<String>,
    pub expected: &'static [&'static str],
}

pub fn all() -> Vec<Case> {
    macro_rules! case {
        ($m:ident) => {
            Case {
                name: stringify!($m),
                run: $m::run,
                expected: $m::EXPECTED,
            }
        };
    }
    vec![
        case!(fifo),
        case!(self_wake),
        case!(defer),
        case!(timers),
        case!(cascade),
        case!(blocking),
        case!(event_interval),
        case!(join_abort),
        case!(lost_wake),
        case!(budget),
        case!(channel),
        case!(io),
        case!(lifo),
        case!(lifo_cap),
        case!(workers),
        case!(outside),
        case!(overflow),
        case!(stalled),
        case!(spawn_blocking),
        case!(block_in_place),
    ]
}

/// Runs `program` on a runtime with `config` and returns the trace as text.
pub fn trace(config: Config, program: impl FnOnce(&Runtime)) -> Vec<String> {
    let mut rt = Runtime::new(config).expect("valid config");
    program(&rt);
    rt.run();
    text::portable_lines(&rt.events())
}

/// Compares a case's trace with its expectation; the error names the first difference.
pub fn check(case: &Case) -> Result<(), String> {
    let got = (case.run)();
    for (i, (g, e)) in got.iter().zip(case.expected).enumerate() {
        if g != e {
            return Err(format!(
                "{}: first difference at line {i}:\n  expected: {e}\n  got:      {g}\n\nwhole trace:\n{}",
                case.name,
                got.join("\n")
            ));
        }
    }
    if got.len() != case.expected.len() {
        return Err(format!(
            "{}: expected {} lines, got {}:\n{}",
            case.name,
            case.expected.len(),
            got.len(),
            got.join("\n")
        ));
    }
    Ok(())
}
