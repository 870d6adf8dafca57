//! Deferred wakes: `yield_now` does not wake its task. It hands the waker to the worker's
//! defer list, which the worker wakes only after it has run out of ready tasks and turned its
//! drivers, popping from the end: three tasks that yield in the order x, y, z come back as z,
//! y, x (Tokio 1.54: `task/yield_now.rs`, `runtime/scheduler/defer.rs`; the same program on
//! Tokio prints x1 y1 z1 z2 y2 x2 x3 y3 z3).
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        for name in ["x", "y", "z"] {
            let h = rt.handle().clone();
            rt.spawn(name, async move {
                h.print(format!("{name}1"));
                h.yield_now().await;
                h.print(format!("{name}2"));
                h.yield_now().await;
                h.print(format!("{name}3"));
            });
        }
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // One worker: Tokio's current_thread.
    "@0 spawned task=x", // x, y, z are spawned in that order...
    "@0 enqueued task=x queue=local:0",
    "@0 spawned task=y",
    "@0 enqueued task=y queue=local:0",
    "@0 spawned task=z",
    "@0 enqueued task=z queue=local:0", // ...and queued in that order: [x, y, z]
    "@0 poll_start task=x worker=0 from=local:0 addr=0",
    "@0 print task=x text=\"x1\"",
    "@0 deferred task=x worker=0 duplicate=false", // x yields: its waker goes to the defer list, not to a wake
    "@0 waker_cloned task=x waker=0 holder=defer:0", // the defer list keeps a clone (so x's wakeup is not lost)
    "@0 poll_end task=x worker=0 outcome=pending duration=0", // x is idle, not queued: the queue is [y, z]
    "@0 poll_start task=y worker=0 from=local:0 addr=0",
    "@0 print task=y text=\"y1\"",
    "@0 deferred task=y worker=0 duplicate=false", // defer list: [x, y]
    "@0 waker_cloned task=y waker=1 holder=defer:0",
    "@0 poll_end task=y worker=0 outcome=pending duration=0",
    "@0 poll_start task=z worker=0 from=local:0 addr=0",
    "@0 print task=z text=\"z1\"",
    "@0 deferred task=z worker=0 duplicate=false", // defer list: [x, y, z]
    "@0 waker_cloned task=z waker=2 holder=defer:0",
    "@0 poll_end task=z worker=0 outcome=pending duration=0", // the queue is empty: the worker parks, so it turns the drivers...
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
    "@0 deferred_woken worker=0 count=3", // ...and then wakes the defer list, from its end
    "@0 woken task=z waker=2 by_ref=false source=defer:0 effect=queued:local:0", // z, deferred last, is woken first
    "@0 enqueued task=z queue=local:0",
    "@0 woken task=y waker=1 by_ref=false source=defer:0 effect=queued:local:0",
    "@0 enqueued task=y queue=local:0",
    "@0 woken task=x waker=0 by_ref=false source=defer:0 effect=queued:local:0",
    "@0 enqueued task=x queue=local:0", // queue: [z, y, x]
    "@0 poll_start task=z worker=0 from=local:0 addr=0", // so the second prints come back reversed: z2 y2 x2
    "@0 print task=z text=\"z2\"",
    "@0 deferred task=z worker=0 duplicate=false", // defer list: [z]
    "@0 waker_cloned task=z waker=3 holder=defer:0",
    "@0 poll_end task=z worker=0 outcome=pending duration=0",
    "@0 poll_start task=y worker=0 from=local:0 addr=0",
    "@0 print task=y text=\"y2\"",
    "@0 deferred task=y worker=0 duplicate=false", // defer list: [z, y]
    "@0 waker_cloned task=y waker=4 holder=defer:0",
    "@0 poll_end task=y worker=0 outcome=pending duration=0",
    "@0 poll_start task=x worker=0 from=local:0 addr=0",
    "@0 print task=x text=\"x2\"",
    "@0 deferred task=x worker=0 duplicate=false", // defer list: [z, y, x]
    "@0 waker_cloned task=x waker=5 holder=defer:0",
    "@0 poll_end task=x worker=0 outcome=pending duration=0",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
    "@0 deferred_woken worker=0 count=3",
    "@0 woken task=x waker=5 by_ref=false source=defer:0 effect=queued:local:0", // reversed again: x, y, z
    "@0 enqueued task=x queue=local:0",
    "@0 woken task=y waker=4 by_ref=false source=defer:0 effect=queued:local:0",
    "@0 enqueued task=y queue=local:0",
    "@0 woken task=z waker=3 by_ref=false source=defer:0 effect=queued:local:0",
    "@0 enqueued task=z queue=local:0",
    "@0 poll_start task=x worker=0 from=local:0 addr=0",
    "@0 print task=x text=\"x3\"",
    "@0 poll_end task=x worker=0 outcome=ready duration=0",
    "@0 completed task=x",
    "@0 poll_start task=y worker=0 from=local:0 addr=0",
    "@0 print task=y text=\"y3\"",
    "@0 poll_end task=y worker=0 outcome=ready duration=0",
    "@0 completed task=y",
    "@0 poll_start task=z worker=0 from=local:0 addr=0",
    "@0 print task=z text=\"z3\"",
    "@0 poll_end task=z worker=0 outcome=ready duration=0",
    "@0 completed task=z",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // nothing left: the last turn finds nothing to do
];
