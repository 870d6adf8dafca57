//! What the checks share: running a program on `runtime-core` and reading its trace, a trace
//! builder for exercises whose code runs outside the runtime, and the small harnesses some
//! exercises need (a parker for `block_on`, a probe that watches an executor, a timer service
//! for `Sleep`, an assert-unmoved wrapper for Pin, a clock readable from a waker, the machine the capstone's runtime runs on, a
//! hand-written `select`).
//!
//! Nothing here is part of an answer: learners' files only use the items their exercise
//! names, and the checks never read source text, only behaviour and the trace.

mod builder;
pub mod clock;
pub mod counts;
pub mod gate;
pub mod machine;
pub mod parker;
pub mod probe;
mod run;
pub mod select;
pub mod timers;
pub mod unmoved;

pub use builder::TraceBuilder;
pub use run::{PollSpan, Run, config, output, runtime};

use runtime_core::EventRecord;
use runtime_core::trace::text;

/// A harness failure with a message for the learner. Raised with [`fail`] where a check
/// cannot return an error (inside a poll, a waker, a destructor); the runner reports the
/// message alone, without a panic location.
#[derive(Debug)]
pub struct Fail(pub String);

/// Stops the check with `message` (see [`Fail`]).
pub fn fail(message: impl Into<String>) -> ! {
    std::panic::panic_any(Fail(message.into()))
}

pub use runtime_core::future::wake_self_once;

/// Returns `Err(message())` unless `cond` holds: the checks' `ensure!`.
pub fn ensure(cond: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(message()) }
}

/// The trace as text, one event a line, without the `size=` field (`text::portable_lines`).
pub fn trace_text(events: &[EventRecord]) -> Vec<String> {
    text::portable_lines(events)
}

/// `items` as `[a, b, c]`.
pub fn list<T: core::fmt::Debug>(items: &[T]) -> String {
    format!("{items:?}")
}
