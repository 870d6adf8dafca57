//! The blocking pool as Tokio 1.54 has it, checked on Tokio itself, and the lab's programs that
//! use it compared with Tokio's runs.
//!
//! The lab's rules for `spawn_blocking` and `block_in_place` come from Tokio's source
//! (`runtime/blocking/pool.rs`, `runtime/task/state.rs`, `multi_thread/worker.rs`); the first
//! tests here run Tokio (its real pool, real threads, a real clock) and check the behaviour the
//! lab copies: abort does nothing to a started blocking task and cancels a queued one, the pool
//! queues beyond `max_blocking_threads`, and `block_in_place` panics on `current_thread` with
//! the message the lab quotes.

use runtime_core::BlockInPlaceError;
use scenario::interp::RunOptions;
use std::time::Duration;
use vs_tokio::{Named, Observed, Verdict, compare};

fn current_thread(max_blocking_threads: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .max_blocking_threads(max_blocking_threads)
        .build()
        .expect("a current_thread runtime")
}

#[test]
fn block_in_place_panics_on_current_thread_with_the_message_the_lab_quotes() {
    let runtime = current_thread(512);
    let panic = runtime.block_on(async {
        std::panic::catch_unwind(|| tokio::task::block_in_place(|| ())).expect_err("it panics")
    });
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .expect("a text panic");
    assert_eq!(message, BlockInPlaceError::TOKIO_MESSAGE);
    assert_eq!(BlockInPlaceError.to_string(), message);
}

#[test]
fn abort_does_nothing_to_a_started_blocking_task_and_cancels_a_queued_one() {
    // One pool thread: the second task waits in the pool's queue while the first runs.
    let runtime = current_thread(1);
    let (first, second) = runtime.block_on(async {
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let first = tokio::task::spawn_blocking(move || {
            started_tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            7
        });
        started_rx.recv().unwrap();
        let second = tokio::task::spawn_blocking(|| 8);
        first.abort();
        second.abort();
        (first.await, second.await)
    });
    assert_eq!(first.expect("a started blocking task cannot be aborted"), 7);
    assert!(
        second
            .expect_err("a queued blocking task is cancelled")
            .is_cancelled(),
        "aborted while it waited for a thread"
    );
}

fn program(src: &str) -> scenario::Program {
    scenario::compile(src).unwrap_or_else(|e| panic!("{}", e.render("test")))
}

/// A blocking task that nothing waits beside: Tokio's pool thread moves the paused clock by
/// its work, the `JoinHandle` wakes `main` then, and the two runs agree poll for poll.
#[test]
fn a_blocking_task_alone_agrees_with_tokio() {
    let p = program(
        "task main {
            let h = spawn_blocking { work(50ms); print(\"parsed\"); };
            h.await;
            print(\"done\");
        }",
    );
    let lab = Observed::from_trace(&scenario::run(&p, &RunOptions::default()).events);
    assert_eq!(
        lab.prints
            .iter()
            .map(|(at, _, text)| format!("{text}@{at}"))
            .collect::<Vec<_>>(),
        ["parsed@50", "done@50"]
    );
    assert_eq!(
        compare(&p, &RunOptions::default()),
        Verdict::Agree { polls: 2 }
    );
}

/// A ticker beside the blocking work: in the lab the pool thread works in virtual time and the
/// ticker keeps its times; on Tokio's paused clock the pool thread can only jump the clock by
/// its work (and the clock does not move on its own while it is in flight), so the ticker's
/// first tick comes 25 ms late. The comparison names the difference. (At 35 ms, whether Tokio
/// polls `ticker` or `main` first depends on when its parked worker sees the pool thread's
/// move of the clock and its wake: a race between two OS threads, so either is accepted.)
#[test]
fn a_ticker_beside_blocking_work_is_the_named_difference() {
    let p = program(
        "task ticker { for i in 0..4 { sleep(10ms).await; print(\"tick {i}\"); } }
        task main {
            let h = spawn_blocking { work(35ms); print(\"parsed\"); };
            h.await;
            print(\"done\");
        }",
    );
    match compare(&p, &RunOptions::default()) {
        Verdict::Named(Named::BlockingPool, why) => assert!(
            why.contains("the lab polls `ticker` (task 0) at 10 ticks, Tokio polls `")
                && why.ends_with("at 35 ticks"),
            "{why}"
        ),
        other => panic!("expected the named difference, got {other:?}"),
    }
}

/// On one worker `block_in_place` stops both runs at the same statement.
#[test]
fn block_in_place_on_one_worker_fails_on_both() {
    let p = program(
        "task main {
            print(\"before\");
            block_in_place { work(5ms); }
            print(\"after\");
        }",
    );
    assert_eq!(
        compare(&p, &RunOptions::default()),
        Verdict::Agree { polls: 1 }
    );
    let run = scenario::run(&p, &RunOptions::default());
    let scenario::Outcome::Fault(message) = run.outcome else {
        panic!("expected a run-time error, got {:?}", run.outcome)
    };
    assert!(
        message.starts_with("line 3, column 13: `block_in_place` cannot run on one worker")
            && message.contains(BlockInPlaceError::TOKIO_MESSAGE),
        "{message}"
    );
}
