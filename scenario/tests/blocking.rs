//! Blocking code in the language: `spawn_blocking { ... }` runs on the blocking pool beside the
//! workers, with a copy of the task's variables; `block_in_place { ... }` hands the worker on
//! with several workers and is a run-time error, at its line and column, with one.

use runtime_core::Event;
use scenario::interp::{RunLimits, RunOptions};
use scenario::{Outcome, RunResult};

mod common;
use common::{run, run_with};

/// Each print as `text@time`.
fn prints(r: &RunResult) -> Vec<String> {
    r.events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Print { text, .. } => Some(format!("{text}@{}", e.at)),
            _ => None,
        })
        .collect()
}

fn kinds(r: &RunResult) -> Vec<&'static str> {
    r.events.iter().map(|e| e.event.kind()).collect()
}

#[test]
fn spawn_blocking_runs_beside_the_worker() {
    let r = run(r#"
        task ticker {
            for i in 0..3 { sleep(10ms).await; print("tick {i}"); }
        }
        task main {
            let n = 3;
            let h = spawn_blocking {
                for i in 0..n { work(10ms); print("chunk {i}"); }
            };
            h.await;
            print("joined");
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    // The chunks are printed at their own times (the closure pauses after each `work`), the
    // ticker is never late, and the JoinHandle resolves when the work is done.
    assert_eq!(
        prints(&r),
        [
            "chunk 0@10",
            "tick 0@10",
            "chunk 1@20",
            "tick 1@20",
            "chunk 2@30",
            "joined@30",
            "tick 2@30"
        ]
    );
    assert!(
        r.events.windows(2).all(|w| w[0].at <= w[1].at),
        "one worker and a pool: the trace is in time order"
    );
    for kind in ["blocking_queued", "blocking_started", "blocking_finished"] {
        assert!(kinds(&r).contains(&kind), "no {kind}");
    }
    assert!(
        r.events
            .iter()
            .all(|e| !matches!(&e.event, Event::TimerFired { deadline, .. } if *deadline != e.at)),
        "every timer fires on time"
    );
}

#[test]
fn the_block_has_a_copy_of_the_variables_and_return_leaves_it() {
    let r = run(r#"
        oneshot out;
        task main {
            let mut x = 1;
            let h = spawn_blocking {
                let mut y = x;
                y += 10;
                out.send(y);
                return;
                print("never");
            };
            x = 5;
            h.await;
            if let Some(v) = out.recv().await { print("x={x} v={v}"); }
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    assert_eq!(prints(&r), ["x=5 v=11@0"]);
}

#[test]
fn the_pool_queues_beyond_its_cap_and_abort_only_stops_a_queued_task() {
    let r = run(r#"
        config { max_blocking_threads: 2; }
        task main {
            let a = spawn_blocking { work(10ms); print("a"); };
            let b = spawn_blocking { work(20ms); print("b"); };
            let c = spawn_blocking { print("c"); };
            let d = spawn_blocking { work(5ms); print("d"); };
            a.abort();
            c.abort();
            let ra = a.await;
            let rb = b.await;
            let rc = c.await;
            let rd = d.await;
            print("{ra} {rb} {rc} {rd}");
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    // a and b take the two threads; c and d wait. At 10 a's thread is free: c was aborted, so
    // it is dropped, and d starts (5ms: done at 15). a ran despite its abort.
    assert_eq!(
        prints(&r),
        [
            "a@10",
            "d@15",
            "b@20",
            "Ok(()) Ok(()) Err(\"cancelled\") Ok(())@20"
        ]
    );
    let started: Vec<u32> = r
        .events
        .iter()
        .filter_map(|e| match e.event {
            Event::BlockingStarted { thread, .. } => Some(thread),
            _ => None,
        })
        .collect();
    assert_eq!(started, [0, 1, 0], "two threads, the first reused for d");
}

#[test]
fn block_in_place_on_one_worker_is_an_error_at_its_line_and_column() {
    let r = run(
        "task main {\n    print(\"before\");\n    block_in_place { work(5ms); }\n    print(\"after\");\n}",
    );
    let Outcome::Fault(message) = &r.outcome else {
        panic!("expected a run-time error, got {:?}", r.outcome)
    };
    assert!(
        message.starts_with("line 3, column 5: `block_in_place` cannot run on one worker")
            && message
                .contains("\"can call blocking only when running on the multi-threaded runtime\""),
        "{message}"
    );
    assert_eq!(prints(&r), ["before@0"], "the run stops there");
}

/// LANGUAGE.md shows the message its `block_in_place` example gives with one worker.
#[test]
fn the_language_doc_shows_the_one_worker_message() {
    let blocks = scenario::doc::blocks();
    let (i, example) = blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.info == "scenario" && b.body.contains("block_in_place {"))
        .expect("LANGUAGE.md has a block_in_place example");
    let one_worker = example
        .body
        .replace("config { workers: 2; }", "config { workers: 1; }");
    let text = blocks[i + 1..]
        .iter()
        .find(|b| b.info == "text")
        .expect("and the message it gives with one worker");
    let Outcome::Fault(message) = run(&one_worker).outcome else {
        panic!("with one worker the example fails")
    };
    assert_eq!(format!("{message}\n"), text.body);
}

#[test]
fn block_in_place_hands_the_worker_on_with_several_workers() {
    let r = run(r#"
        config { workers: 2; }
        chan results: 1;
        lazy task helper { let t = now(); print("helper at {t}"); }
        task crunch {
            let h = spawn helper;
            let mut total = 0;
            block_in_place {
                for i in 0..20 { work(1ms); total += i; }
            }
            print("crunched {total}");
            results.send(total).await;
            h.await;
        }
        task report {
            if let Some(t) = results.recv().await { print("total {t}"); }
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    // The helper, woken into crunch's LIFO slot, is moved to the queue and runs at once on the
    // worker crunch handed on; what crunch does after its block happens at 20ms, and is seen
    // then (not before: the poll pauses after each stretch of work).
    assert_eq!(
        prints(&r),
        ["helper at 0ms@0", "crunched 190@20", "total 190@20"]
    );
    let k = kinds(&r);
    assert!(k.contains(&"block_in_place") && k.contains(&"block_in_place_ended"));
    assert!(
        !k.contains(&"long_poll"),
        "a poll that handed its worker on did not block it"
    );
}

#[test]
fn blocking_code_that_loops_without_work_is_stopped() {
    let options = RunOptions {
        limits: RunLimits {
            max_spins: 1000,
            ..RunLimits::default()
        },
        ..RunOptions::default()
    };
    let r = run_with(
        "task main {\n    let h = spawn_blocking {\n        loop { }\n    };\n    h.await;\n}",
        &options,
    );
    let Outcome::Fault(message) = &r.outcome else {
        panic!("expected a run-time error, got {:?}", r.outcome)
    };
    assert!(
        message.starts_with("line 3: a `spawn_blocking` block went round this loop 1000 times"),
        "{message}"
    );
}

#[test]
fn a_task_spawned_from_a_blocking_block_goes_to_the_inject_queue() {
    let r = run(r#"
        lazy task child { print("child"); }
        task main {
            let h = spawn_blocking { work(1ms); spawn child; };
            h.await;
        }
    "#);
    assert_eq!(r.outcome, Outcome::Finished);
    let child = r
        .events
        .iter()
        .find_map(|e| match &e.event {
            Event::Enqueued { task, queue } if task.0 == 2 => Some(*queue),
            _ => None,
        })
        .expect("the child is queued");
    assert_eq!(child, runtime_core::trace::QueueRef::Inject);
}
