//! A stalled run: two tasks each wait on a channel the other would send on after it. Nothing
//! can wake either, so the run ends stalled with a reason for each.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let (tx_a, rx_a) = rt.handle().channel::<u32>("to_a", 1);
        let (tx_b, rx_b) = rt.handle().channel::<u32>("to_b", 1);
        rt.spawn("a", async move {
            rx_a.recv().await;
            tx_b.send(1).await.ok();
        });
        rt.spawn("b", async move {
            rx_b.recv().await;
            tx_a.send(1).await.ok();
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 channel_created channel=to_a capacity=1", // Channel to_a is created with room for 1.
    "@0 channel_created channel=to_b capacity=1", // Channel to_b is created with room for 1.
    "@0 spawned task=a",                          // a is spawned at 0 ms.
    "@0 enqueued task=a queue=local:0",           // a goes to the back of the ready queue.
    "@0 spawned task=b",                          // b is spawned at 0 ms.
    "@0 enqueued task=b queue=local:0",           // b goes to the back of the ready queue.
    "@0 poll_start task=a worker=0 from=local:0 addr=0", // The executor takes a from the front of the ready queue and polls it.
    "@0 waker_cloned task=a waker=0 holder=recv:to_a",   // a waits on to_a
    "@0 poll_end task=a worker=0 outcome=pending duration=0", // a returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=b worker=0 from=local:0 addr=0", // The executor takes b from the front of the ready queue and polls it.
    "@0 waker_cloned task=b waker=1 holder=recv:to_b",   // b waits on to_b
    "@0 poll_end task=b worker=0 outcome=pending duration=0", // b returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@0 stalled task=a reason=\"it waits to receive on channel `to_a`, which is empty, and no task that can still run will send on it\"", // each would only send after receiving: a deadlock, reported with the channel each waits on
    "@0 stalled task=b reason=\"it waits to receive on channel `to_b`, which is empty, and no task that can still run will send on it\"", // b is stuck: it waits to receive on channel to_b, which is empty, and no task that can still run will send on it.
];
