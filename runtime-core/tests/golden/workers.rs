//! Several workers: top-level tasks go to the inject queue; workers take from it in turn; an
//! idle worker steals half of a busy worker's queue and polls the last task it stole; work(d)
//! only blocks its own worker.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    // Tokio's multi_thread, with the LIFO slot off to show the queues alone (`lifo.rs` has
    // the slot).
    let config = Config {
        lifo_slot: false,
        ..Config::with_workers(2)
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("spawner", async move {
            for name in ["t1", "t2", "t3", "t4"] {
                let h2 = h.clone();
                h.spawn(name, async move { h2.work(2) });
            }
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=2 event_interval=61 global_queue_interval=61 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 2 workers, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=spawner",               // spawner is spawned at 0 ms.
    "@0 enqueued task=spawner queue=inject", // with several workers, a task spawned from outside goes to the inject queue
    "@0 poll_start task=spawner worker=0 from=inject addr=0", // worker 0 is free first (ties go to the lower index) and takes it
    "@0 spawned task=t1 parent=spawner",                      // spawner spawns t1.
    "@0 enqueued task=t1 queue=local:0", // a task spawned inside a poll goes to the spawning worker's local queue
    "@0 spawned task=t2 parent=spawner", // spawner spawns t2.
    "@0 enqueued task=t2 queue=local:0", // t2 goes to the back of worker 0's local queue.
    "@0 spawned task=t3 parent=spawner", // spawner spawns t3.
    "@0 enqueued task=t3 queue=local:0", // t3 goes to the back of worker 0's local queue.
    "@0 spawned task=t4 parent=spawner", // spawner spawns t4.
    "@0 enqueued task=t4 queue=local:0", // t4 goes to the back of worker 0's local queue.
    "@0 poll_end task=spawner worker=0 outcome=ready duration=0", // spawner returns Ready after 0 ms: its future is complete.
    "@0 completed task=spawner",                                  // spawner is done.
    "@0 poll_start task=t1 worker=0 from=local:0 addr=0", // worker 0 polls t1 and is busy until 2
    "@2 poll_end task=t1 worker=0 outcome=ready duration=2", // t1 returns Ready after 2 ms: its future is complete.
    "@2 completed task=t1",                                  // t1 is done.
    "@0 stolen from=0 to=1 count=2", // worker 1, still at 0, has nothing and steals half of worker 0's queue: t2 and t3
    "@0 poll_start task=t3 worker=1 from=local:1 addr=0", // the thief polls the last task it stole (Tokio's steal_into), keeping t2
    "@2 poll_end task=t3 worker=1 outcome=ready duration=2", // t3 returns Ready after 2 ms: its future is complete.
    "@2 completed task=t3",                                  // t3 is done.
    "@2 clock_advanced from=0 to=2",                         // both workers are busy until 2
    "@2 poll_start task=t4 worker=0 from=local:0 addr=0", // Worker 0 takes t4 from the front of its local queue (worker 0) and polls it.
    "@4 poll_end task=t4 worker=0 outcome=ready duration=2", // t4 returns Ready after 2 ms: its future is complete.
    "@4 completed task=t4",                                  // t4 is done.
    "@2 poll_start task=t2 worker=1 from=local:1 addr=0",    // worker 1 takes t2 from its own queue
    "@4 poll_end task=t2 worker=1 outcome=ready duration=2", // t2 returns Ready after 2 ms: its future is complete.
    "@4 completed task=t2",                                  // t2 is done.
    "@4 clock_advanced from=2 to=4",                         // The clock moves from 2 ms to 4 ms.
    "@4 driver_turned worker=0 timers=0 io=0 remote=0", // both queues are empty: each worker turns the drivers before going idle
    "@4 driver_turned worker=1 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
