//! The LIFO slot: a task woken by the running task is polled next, ahead of older tasks; one
//! already in the slot is pushed to the back of the queue.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        lifo_slot: true,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("parent", async move {
            h.spawn("first", async {});
            h.spawn("second", async {});
        });
        let h = rt.handle().clone();
        rt.spawn("older", async move { h.print("older ran") });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=true seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=parent",                // parent is spawned at 0 ms.
    "@0 enqueued task=parent queue=local:0", // parent goes to the back of the ready queue.
    "@0 spawned task=older",                 // older is spawned at 0 ms.
    "@0 enqueued task=older queue=local:0",  // older goes to the back of the ready queue.
    "@0 poll_start task=parent worker=0 from=local:0 addr=0", // The executor takes parent from the front of the ready queue and polls it.
    "@0 spawned task=first parent=parent",                    // parent spawns first.
    "@0 enqueued task=first queue=lifo:0", // the LIFO slot is on: a task spawned by the running task goes into the slot
    "@0 spawned task=second parent=parent", // parent spawns second.
    "@0 enqueued task=second queue=lifo:0", // second takes the slot...
    "@0 enqueued task=first queue=local:0", // ...and first, displaced, goes to the back of the queue: [older, first]
    "@0 poll_end task=parent worker=0 outcome=ready duration=0", // parent returns Ready after 0 ms: its future is complete.
    "@0 completed task=parent",                                  // parent is done.
    "@0 poll_start task=second worker=0 from=lifo:0 addr=0", // the slot is polled before the queue: the newest task runs next
    "@0 poll_end task=second worker=0 outcome=ready duration=0", // second returns Ready after 0 ms: its future is complete.
    "@0 completed task=second",                                  // second is done.
    "@0 poll_start task=older worker=0 from=local:0 addr=0",     // older waited behind the slot
    "@0 print task=older text=\"older ran\"",                    // older prints "older ran".
    "@0 poll_end task=older worker=0 outcome=ready duration=0", // older returns Ready after 0 ms: its future is complete.
    "@0 completed task=older",                                  // older is done.
    "@0 poll_start task=first worker=0 from=local:0 addr=0",    // first runs last
    "@0 poll_end task=first worker=0 outcome=ready duration=0", // first returns Ready after 0 ms: its future is complete.
    "@0 completed task=first",                                  // first is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
