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
    "@0 runtime_started workers=1 event_interval=61 budget=128 lifo=false wheel=6x64 tick_us=1000",
    "@0 channel_created channel=0 name=to_a capacity=1",
    "@0 channel_created channel=1 name=to_b capacity=1",
    "@0 spawned task=a",
    "@0 enqueued task=a queue=local:0",
    "@0 spawned task=b",
    "@0 enqueued task=b queue=local:0",
    "@0 poll_start task=a worker=0 from=local:0 addr=#0",
    "@0 waker_cloned task=a waker=0 holder=recv:to_a", // a waits on to_a
    "@0 poll_end task=a outcome=pending duration=0",
    "@0 poll_start task=b worker=0 from=local:0 addr=#0",
    "@0 waker_cloned task=b waker=1 holder=recv:to_b", // b waits on to_b
    "@0 poll_end task=b outcome=pending duration=0",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
    "@0 stalled task=a reason=\"it waits to receive on channel `to_a`, which is empty, and no task that can still run will send on it\"", // each would only send after receiving: a deadlock, reported with the channel each waits on
    "@0 stalled task=b reason=\"it waits to receive on channel `to_b`, which is empty, and no task that can still run will send on it\"",
];
