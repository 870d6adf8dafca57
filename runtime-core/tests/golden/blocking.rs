//! Blocking: work(d) inside a poll moves the clock while nothing else can run, so a timer due
//! meanwhile fires late, and the poll is flagged as long.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        long_poll: 10,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("ticker", async move {
            h.sleep(5).await;
            h.print(format!("ticker woke at {}", h.now()));
        });
        let h = rt.handle().clone();
        rt.spawn("hog", async move {
            h.work(30);
            h.print("hog done");
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=ticker",                // ticker is spawned at 0 ms.
    "@0 enqueued task=ticker queue=local:0", // ticker goes to the back of the ready queue.
    "@0 spawned task=hog",                   // hog is spawned at 0 ms.
    "@0 enqueued task=hog queue=local:0",    // hog goes to the back of the ready queue.
    "@0 poll_start task=ticker worker=0 from=local:0 addr=0", // The executor takes ticker from the front of the ready queue and polls it.
    "@0 waker_cloned task=ticker waker=0 holder=timer#0", // A clone of ticker's waker (waker 0) is now held by timer 0.
    "@0 timer_registered timer=0 task=ticker deadline=5 level=0 slot=5", // ticker's timer is due at 5
    "@0 poll_end task=ticker worker=0 outcome=pending duration=0", // ticker returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=hog worker=0 from=local:0 addr=0",         // the hog starts at 0...
    "@30 print task=hog text=\"hog done\"", // ...and work(30) blocks the executor: nothing else runs until the poll returns
    "@30 poll_end task=hog worker=0 outcome=ready duration=30", // the poll took 30 ticks
    "@30 long_poll task=hog duration=30 threshold=10", // at least long_poll (10): a blocking task
    "@30 completed task=hog",               // hog is done.
    "@30 clock_advanced from=0 to=30",      // the clock catches up with the work done
    "@30 timer_fired timer=0 deadline=5", // the timer due at 5 fires only now, 25 ticks late: the executor was blocked
    "@30 woken task=ticker waker=0 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 30 ms and woke ticker, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@30 enqueued task=ticker queue=local:0", // ticker goes to the back of the ready queue.
    "@30 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@30 poll_start task=ticker worker=0 from=local:0 addr=0", // The executor takes ticker from the front of the ready queue and polls it.
    "@30 print task=ticker text=\"ticker woke at 30\"",        // ticker prints "ticker woke at 30".
    "@30 poll_end task=ticker worker=0 outcome=ready duration=0", // ticker returns Ready after 0 ms: its future is complete.
    "@30 completed task=ticker",                                  // ticker is done.
    "@30 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
