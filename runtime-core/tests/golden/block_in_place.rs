//! block_in_place with two workers: the blocking task's worker hands its queues to a pool
//! thread, so the task it had just woken (in its LIFO slot, moved to its queue first) runs at
//! once instead of waiting 20 ticks; on one worker Tokio panics, and the lab says why.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let mut lines = trace(Config::with_workers(2), |rt| {
        let h = rt.handle().clone();
        rt.spawn("crunch", async move {
            let inner = h.clone();
            let sibling = h.spawn("sibling", async move {
                inner.print(format!("sibling runs at {}", inner.now()));
            });
            let r = h.block_in_place(|| {
                h.work(20);
                h.print("crunched");
            });
            h.print(format!("block_in_place gave {r:?}"));
            let _ = sibling.await;
        });
    });
    lines.extend(trace(Config::default(), |rt| {
        let h = rt.handle().clone();
        rt.spawn("alone", async move {
            let r = h.block_in_place(|| h.work(20));
            h.print(format!(
                "block_in_place gave {:?}",
                r.map_err(|e| e.to_string())
            ));
        });
    }));
    lines
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=2 event_interval=61 global_queue_interval=61 budget=128 lifo_slot=true seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // two workers: Tokio's multi_thread
    "@0 spawned task=crunch",               // crunch is spawned from outside
    "@0 enqueued task=crunch queue=inject", // so it goes to the inject queue
    "@0 poll_start task=crunch worker=0 from=inject addr=0", // worker 0 takes it
    "@0 spawned task=sibling parent=crunch", // crunch spawns sibling
    "@0 enqueued task=sibling queue=lifo:0", // into worker 0's LIFO slot: polled next, never stolen
    "@0 block_in_place task=crunch worker=0 thread=0 cap=512", // crunch is about to block: worker 0's queues go to pool thread 0
    "@0 enqueued task=sibling queue=local:0", // the LIFO slot's task is moved to the back of the local queue first
    "@20 print task=crunch text=\"crunched\"", // the closure's 20 ticks of work block crunch's thread, not worker 0
    "@20 block_in_place_ended task=crunch worker=0 duration=20", // the closure returned after 20
    "@20 print task=crunch text=\"block_in_place gave Ok(())\"", // the rest of crunch's poll runs on that thread, off the worker
    "@20 waker_cloned task=crunch waker=0 holder=join:sibling",  // crunch awaits sibling
    "@20 poll_end task=crunch worker=0 outcome=pending duration=20", // its poll returns at 20: the thread goes back to the pool
    "@0 poll_start task=sibling worker=0 from=local:0 addr=0", // meanwhile (the simulation steps back to 0) worker 0, on its new thread, polls sibling at once
    "@0 print task=sibling text=\"sibling runs at 0\"",        // at 0, not 20
    "@0 woken task=crunch waker=0 by_ref=false source=task:sibling effect=queued:inject", // sibling's end wakes crunch while its poll is still running: queued again when it returns, from a thread with no worker: the inject queue
    "@0 enqueued task=crunch queue=inject", // ready from 20, when that poll returns
    "@0 poll_end task=sibling worker=0 outcome=ready duration=0", // sibling is done
    "@0 completed task=sibling",            // .
    "@20 clock_advanced from=0 to=20",      // nothing can run before 20
    "@20 poll_start task=crunch worker=0 from=inject addr=0", // crunch is polled again
    "@20 poll_end task=crunch worker=0 outcome=ready duration=0", // and completes
    "@20 completed task=crunch",            // .
    "@20 driver_turned worker=0 timers=0 io=0 remote=0", // nothing left
    "@20 driver_turned worker=1 timers=0 io=0 remote=0", // for either worker
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // one worker: current_thread
    "@0 spawned task=alone",                // alone is spawned
    "@0 enqueued task=alone queue=local:0", // and queued
    "@0 poll_start task=alone worker=0 from=local:0 addr=0", // and polled
    "@0 print task=alone text=\"block_in_place gave Err(\\\"can call blocking only when running on the multi-threaded runtime\\\")\"", // no other worker thread to hand the queues to: Tokio panics with this message; the closure never ran
    "@0 poll_end task=alone worker=0 outcome=ready duration=0", // alone is done
    "@0 completed task=alone",                                  // .
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",         // nothing left
];
