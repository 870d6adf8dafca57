//! Running learner code safely: a panic, a `todo!()` or an endless loop fails one check with a
//! clear message and never takes the grader down.
//!
//! Natively each check runs on its own thread inside `catch_unwind`, and the caller waits at
//! most [`TIME_LIMIT`]. A thread that does not finish in time is abandoned (Rust cannot kill
//! a thread); the `grade` binary exits with `std::process::exit`, so a stuck thread cannot
//! keep it alive, and it grades each exercise in a child process, so even a stack overflow
//! costs only that exercise's checks. In wasm32 there are no threads: checks run directly and
//! the page's Web Worker is the sandbox.

use crate::Which;
use crate::catalogue::{Check, Demo};
use crate::support::Fail;
use core::any::Any;
use core::panic::AssertUnwindSafe;
use core::time::Duration;
use runtime_core::EventRecord;
use std::panic;

/// How long one check may run.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);

/// Runs one check under the time limit; `Err` is the message for the learner.
pub fn run_check(check: &Check) -> Result<(), String> {
    guarded(check.run, TIME_LIMIT).and_then(|r| r)
}

/// Runs a demo and hands its trace back (as JSON across the thread boundary, since traces
/// hold `Rc`s).
pub(crate) fn run_demo(demo: Demo, which: Which) -> Result<Vec<EventRecord>, String> {
    let json = guarded(
        move || demo(which).map(|events| serde_json::to_string(&events).expect("traces serialise")),
        TIME_LIMIT,
    )
    .and_then(|r| r)?;
    serde_json::from_str(&json).map_err(|e| format!("the demo trace did not round-trip: {e}"))
}

/// Runs `f` under `limit`, turning a panic or a timeout into a message.
#[cfg(not(target_family = "wasm"))]
pub fn guarded<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
    limit: Duration,
) -> Result<T, String> {
    install_hook();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(String::from(CHECK_THREAD))
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(f));
            let result = result.map_err(|payload| describe_panic(&*payload, take_location()));
            // The receiver may have given up waiting (time limit): nothing to do then.
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(format!(
            "the grader could not start a thread for the check: {e}"
        ));
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => Err(format!(
            "did not finish within {} s: an endless loop, or a future that never completes?",
            limit.as_secs_f64()
        )),
    }
}

/// In wasm32 the check runs directly; the Web Worker enforces the time limit.
#[cfg(target_family = "wasm")]
pub fn guarded<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
    _limit: Duration,
) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| describe_panic(&*payload, None))
}

std::thread_local! {
    /// What a check run inside another check is for (exercise 18 runs its pieces' checks
    /// first): the words before and after its message, so that a panic in it, reported by
    /// [`describe_panic`] (here or in the browser's grading worker, where a panic aborts),
    /// names the piece it happened in.
    static NESTED: core::cell::RefCell<Option<(String, String)>> =
        const { core::cell::RefCell::new(None) };
}

/// Runs `check` inside the check that is running now, on the same thread; its failure
/// message, panics included, is wrapped in `before` and `after`. A check that never returns
/// is caught by the outer check's time limit.
pub(crate) fn run_nested(check: &Check, before: &str, after: &str) -> Result<(), String> {
    NESTED.with(|n| *n.borrow_mut() = Some((before.to_string(), after.to_string())));
    let result = match panic::catch_unwind(AssertUnwindSafe(check.run)) {
        Ok(Ok(())) => Ok(()),
        // `describe_panic` wraps it while `NESTED` is set.
        Err(payload) => Err(describe_panic(&*payload, nested_location())),
        Ok(Err(message)) => Err(format!("{before}{message}{after}")),
    };
    NESTED.with(|n| n.borrow_mut().take());
    result
}

#[cfg(not(target_family = "wasm"))]
fn nested_location() -> Option<String> {
    take_location()
}

#[cfg(target_family = "wasm")]
fn nested_location() -> Option<String> {
    None
}

/// The name of the threads checks run on; the panic hook keeps quiet on them.
#[cfg(not(target_family = "wasm"))]
const CHECK_THREAD: &str = "lab-check";

#[cfg(not(target_family = "wasm"))]
std::thread_local! {
    /// Where the last panic on this thread happened (set by the hook, read by the runner).
    static LOCATION: core::cell::RefCell<Option<String>> = const { core::cell::RefCell::new(None) };
}

#[cfg(not(target_family = "wasm"))]
fn take_location() -> Option<String> {
    LOCATION.with(|l| l.borrow_mut().take())
}

/// Installs (once) a panic hook that records where a check's panic happened instead of
/// printing it: the report says it, in the learner's words. Other threads' panics are printed
/// as before.
#[cfg(not(target_family = "wasm"))]
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(CHECK_THREAD) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.with(|l| *l.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
}

/// A panic, in words a learner can act on: a failed check says what it found, a `todo!()` is
/// "not written yet" with its message and place, anything else "panicked" with both. The
/// terminal (`./lab`) and the browser's grading worker both report panics with it.
pub fn describe_panic(payload: &(dyn Any + Send), location: Option<String>) -> String {
    let message = describe(payload, location);
    match NESTED.with(|n| n.borrow().clone()) {
        Some((before, after)) => format!("{before}{message}{after}"),
        None => message,
    }
}

fn describe(payload: &(dyn Any + Send), location: Option<String>) -> String {
    if let Some(Fail(message)) = payload.downcast_ref::<Fail>() {
        return message.clone();
    }
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| String::from("(a panic without a message)"));
    let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
    if let Some(rest) = text.strip_prefix("not yet implemented") {
        let what = rest.trim_start_matches(':').trim();
        let what = if what.is_empty() {
            String::new()
        } else {
            format!(" ({what})")
        };
        format!("not written yet: reached `todo!()`{what}{at}. Write the code at that TODO.")
    } else {
        format!("panicked{at}: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::todo)] // the point of the test
    fn a_todo_is_reported_with_its_place() {
        let err = guarded(|| -> u32 { todo!("write poll") }, TIME_LIMIT).unwrap_err();
        assert!(
            err.starts_with("not written yet: reached `todo!()` (write poll) at "),
            "{err}"
        );
        assert!(err.contains("runner.rs"), "{err}");
    }

    #[test]
    fn a_panic_is_reported_with_its_message() {
        let err = guarded(|| -> u32 { panic!("boom {}", 7) }, TIME_LIMIT).unwrap_err();
        assert!(
            err.starts_with("panicked at ") && err.ends_with(": boom 7"),
            "{err}"
        );
    }

    #[test]
    fn a_fail_is_reported_as_its_message_alone() {
        let err = guarded(|| -> u32 { crate::support::fail("explained") }, TIME_LIMIT).unwrap_err();
        assert_eq!(err, "explained");
    }

    #[test]
    fn an_endless_loop_is_stopped_by_the_time_limit() {
        let err = guarded(
            || loop {
                // Sleeps rather than spins, so the abandoned thread costs no CPU.
                std::thread::sleep(Duration::from_millis(20));
            },
            Duration::from_millis(100),
        )
        .unwrap_err();
        assert_eq!(
            err,
            "did not finish within 0.1 s: an endless loop, or a future that never completes?"
        );
    }
}
