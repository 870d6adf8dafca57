//! Cascades on a small wheel (4 levels x 8 slots): a timer 100 ticks away starts in level 2 and
//! moves down as time reaches its slot's window; the clock jumps to each expiration.
use super::trace;
use runtime_core::{Config, Geometry};

pub fn run() -> Vec<String> {
    let config = Config {
        wheel: Geometry::SMALL,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("far", async move {
            h.sleep(100).await;
            h.print("far woke");
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=4 wheel_bits=3 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=far",                // far is spawned at 0 ms.
    "@0 enqueued task=far queue=local:0", // far goes to the back of the ready queue.
    "@0 poll_start task=far worker=0 from=local:0 addr=0", // The executor takes far from the front of the ready queue and polls it.
    "@0 waker_cloned task=far waker=0 holder=timer#0", // A clone of far's waker (waker 0) is now held by timer 0.
    "@0 timer_registered timer=0 task=far deadline=100 level=2 slot=1", // 100 is beyond level 1's 64 ticks: level 2 (64-tick slots), slot 100/64 = 1
    "@0 poll_end task=far worker=0 outcome=pending duration=0", // far returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@64 clock_advanced from=0 to=64", // the wheel's next expiration is the start of that slot's window (Tokio's driver parks until then)
    "@64 timer_cascaded timer=0 from_level=2 from_slot=1 to_level=1 to_slot=4", // the timer moves down: level 1 (8-tick slots), slot 100/8 % 8 = 4
    "@64 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@96 clock_advanced from=64 to=96", // next expiration: the start of level 1 slot 4's window
    "@96 timer_cascaded timer=0 from_level=1 from_slot=4 to_level=0 to_slot=4", // level 0 (1-tick slots), slot 100 % 8 = 4
    "@96 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@100 clock_advanced from=96 to=100",                // then the timer's own deadline
    "@100 timer_fired timer=0 deadline=100",             // fired on time
    "@100 woken task=far waker=0 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 100 ms and woke far, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@100 enqueued task=far queue=local:0", // far goes to the back of the ready queue.
    "@100 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@100 poll_start task=far worker=0 from=local:0 addr=0", // The executor takes far from the front of the ready queue and polls it.
    "@100 print task=far text=\"far woke\"",                 // far prints "far woke".
    "@100 poll_end task=far worker=0 outcome=ready duration=0", // far returns Ready after 0 ms: its future is complete.
    "@100 completed task=far",                                  // far is done.
    "@100 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
