//! A lost wakeup: a future returns Pending without keeping the waker; the runtime reports it at
//! once (lost_waker) and, at the end, the stalled task with the reason.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let h = rt.handle().clone();
        rt.spawn("victim", async move {
            h.lost_wake().await;
            h.print("never printed");
        });
        let h = rt.handle().clone();
        rt.spawn("forever", async move { h.pending().await });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=victim",                 // victim is spawned at 0 ms.
    "@0 enqueued task=victim queue=local:0",  // victim goes to the back of the ready queue.
    "@0 spawned task=forever",                // forever is spawned at 0 ms.
    "@0 enqueued task=forever queue=local:0", // forever goes to the back of the ready queue.
    "@0 poll_start task=victim worker=0 from=local:0 addr=0", // The executor takes victim from the front of the ready queue and polls it.
    "@0 poll_end task=victim worker=0 outcome=pending duration=0", // lost_wake returns Pending without keeping the waker...
    "@0 lost_waker task=victim", // ...no clone of victim's waker exists and it was not woken: nothing can ever poll it again
    "@0 poll_start task=forever worker=0 from=local:0 addr=0", // The executor takes forever from the front of the ready queue and polls it.
    "@0 waker_cloned task=forever waker=0 holder=pending", // pending() keeps its clone forever, so this is not a lost wakeup
    "@0 poll_end task=forever worker=0 outcome=pending duration=0", // forever returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@0 stalled task=victim reason=\"it returned Pending but no clone of its waker exists, so nothing can ever wake it (a lost wakeup: a future must keep the waker until it is ready)\"", // nothing is ready or due, but tasks are left: the run has stalled; each gets a reason
    "@0 stalled task=forever reason=\"it awaits pending(), which never completes\"", // forever is stuck: it awaits pending(), which never completes.
];
