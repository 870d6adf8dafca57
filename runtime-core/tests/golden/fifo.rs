//! FIFO: with one worker, tasks are polled in the order they became runnable.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        for name in ["a", "b", "c"] {
            let h = rt.handle().clone();
            rt.spawn(name, async move { h.print(name) });
        }
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // the first event of every trace records the settings, so a trace alone says how to draw it
    "@0 spawned task=a", // a is spawned from outside the runtime...
    "@0 enqueued task=a queue=local:0", // ...and, with one worker, goes to the back of worker 0's local queue
    "@0 spawned task=b",                // b is spawned at 0 ms.
    "@0 enqueued task=b queue=local:0", // b goes to the back of the ready queue.
    "@0 spawned task=c",                // c is spawned at 0 ms.
    "@0 enqueued task=c queue=local:0", // the queue is [a, b, c]
    "@0 poll_start task=a worker=0 from=local:0 addr=0", // the front task is polled first
    "@0 print task=a text=\"a\"",       // a prints "a".
    "@0 poll_end task=a worker=0 outcome=ready duration=0", // a's future returned Ready, so a is done
    "@0 completed task=a",                                  // a is done.
    "@0 poll_start task=b worker=0 from=local:0 addr=0",    // then the next in line
    "@0 print task=b text=\"b\"",                           // b prints "b".
    "@0 poll_end task=b worker=0 outcome=ready duration=0", // b returns Ready after 0 ms: its future is complete.
    "@0 completed task=b",                                  // b is done.
    "@0 poll_start task=c worker=0 from=local:0 addr=0",    // c last: spawn order is poll order
    "@0 print task=c text=\"c\"",                           // c prints "c".
    "@0 poll_end task=c worker=0 outcome=ready duration=0", // c returns Ready after 0 ms: its future is complete.
    "@0 completed task=c",                                  // c is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // the queue is empty, so the drivers turn; nothing is due, no task is left: finished
];
