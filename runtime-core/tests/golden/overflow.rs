//! A full local queue overflows as Tokio's does since 1.52: its newest half moves to the
//! inject queue, and the task being queued follows it; the oldest half, which the worker will
//! reach first, stays. (A queue of 4 here; Tokio's holds 256.)
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        local_queue_capacity: 4,
        lifo_slot: false,
        ..Config::with_workers(2)
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("spawner", async move {
            for name in ["j0", "j1", "j2", "j3", "j4"] {
                h.spawn(name, async {});
            }
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=2 event_interval=61 global_queue_interval=61 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // two workers (multi_thread), the LIFO slot off to show the queue alone
    "@0 spawned task=spawner",
    "@0 enqueued task=spawner queue=inject",
    "@0 poll_start task=spawner worker=0 from=inject addr=0",
    "@0 spawned task=j0 parent=spawner",
    "@0 enqueued task=j0 queue=local:0",
    "@0 spawned task=j1 parent=spawner",
    "@0 enqueued task=j1 queue=local:0",
    "@0 spawned task=j2 parent=spawner",
    "@0 enqueued task=j2 queue=local:0",
    "@0 spawned task=j3 parent=spawner",
    "@0 enqueued task=j3 queue=local:0", // local queue full: [j0, j1, j2, j3]
    "@0 spawned task=j4 parent=spawner",
    "@0 overflow worker=0 count=2", // the newest half, j2 and j3, moves to the inject queue...
    "@0 enqueued task=j4 queue=inject", // ...followed by j4; the local queue keeps [j0, j1]
    "@0 poll_end task=spawner worker=0 outcome=ready duration=0",
    "@0 completed task=spawner",
    "@0 poll_start task=j0 worker=0 from=local:0 addr=0", // the oldest first, from the local queue
    "@0 poll_end task=j0 worker=0 outcome=ready duration=0",
    "@0 completed task=j0",
    "@0 poll_start task=j1 worker=0 from=local:0 addr=0",
    "@0 poll_end task=j1 worker=0 outcome=ready duration=0",
    "@0 completed task=j1",
    "@0 enqueued task=j3 queue=local:0", // local queue empty: a batch from the inject queue, len / workers + 1 = 2 tasks; the rest of the batch goes to the local queue...
    "@0 poll_start task=j2 worker=0 from=inject addr=0", // ...and the first is polled now
    "@0 poll_end task=j2 worker=0 outcome=ready duration=0",
    "@0 completed task=j2",
    "@0 poll_start task=j3 worker=0 from=local:0 addr=0",
    "@0 poll_end task=j3 worker=0 outcome=ready duration=0",
    "@0 completed task=j3",
    "@0 poll_start task=j4 worker=0 from=inject addr=0",
    "@0 poll_end task=j4 worker=0 outcome=ready duration=0",
    "@0 completed task=j4",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
    "@0 driver_turned worker=1 timers=0 io=0 remote=0", // worker 1 was never free before worker 0: the polls take no time
];
