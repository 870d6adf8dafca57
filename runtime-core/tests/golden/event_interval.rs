//! event_interval: while tasks are ready, the drivers are only turned every `event_interval`
//! polls, so a due timer waits for that turn. The spinner keeps the queue busy by waking itself
//! during its poll (as a future that calls `wake_by_ref` does, or tasks that wake each other).
use super::trace;
use runtime_core::Config;
use runtime_core::future::wake_self_once;

pub fn run() -> Vec<String> {
    let config = Config {
        event_interval: 3,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("sleeper", async move {
            h.sleep(1).await;
            h.print("sleeper woke");
        });
        let h = rt.handle().clone();
        rt.spawn("spinner", async move {
            for _ in 0..4 {
                h.work(1);
                // Woken by itself, by reference: queued again at once (a `yield_now` would
                // defer, and the queue would empty so the timer would not have to wait).
                wake_self_once().await;
            }
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=3 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 3 polls, budget 128 per poll.
    "@0 spawned task=sleeper",                // sleeper is spawned at 0 ms.
    "@0 enqueued task=sleeper queue=local:0", // sleeper goes to the back of the ready queue.
    "@0 spawned task=spinner",                // spinner is spawned at 0 ms.
    "@0 enqueued task=spinner queue=local:0", // spinner goes to the back of the ready queue.
    "@0 poll_start task=sleeper worker=0 from=local:0 addr=0", // The executor takes sleeper from the front of the ready queue and polls it.
    "@0 waker_cloned task=sleeper waker=0 holder=timer#0", // A clone of sleeper's waker (waker 0) is now held by timer 0.
    "@0 timer_registered timer=0 task=sleeper deadline=1 level=0 slot=1", // a timer due at 1
    "@0 poll_end task=sleeper worker=0 outcome=pending duration=0", // sleeper returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=spinner worker=0 from=local:0 addr=0", // The executor takes spinner from the front of the ready queue and polls it.
    "@1 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake", // spinner does work(1), then yields
    "@1 poll_end task=spinner worker=0 outcome=pending duration=1", // spinner returns Pending after 1 ms: it waits for a wake.
    "@1 enqueued task=spinner queue=local:0", // spinner goes to the back of the ready queue.
    "@1 clock_advanced from=0 to=1",          // The clock moves from 0 ms to 1 ms.
    "@1 poll_start task=spinner worker=0 from=local:0 addr=0", // The executor takes spinner from the front of the ready queue and polls it.
    "@2 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake", // spinner wakes itself, while it is running: it will be queued when this poll returns Pending.
    "@2 poll_end task=spinner worker=0 outcome=pending duration=1", // spinner returns Pending after 1 ms: it waits for a wake.
    "@2 enqueued task=spinner queue=local:0", // spinner goes to the back of the ready queue.
    "@2 clock_advanced from=1 to=2", // the timer is due, but the queue is never empty, so the drivers wait for the interval
    "@2 timer_fired timer=0 deadline=1", // after 3 polls since the last turn (event_interval = 3) the drivers turn: the timer fires 1 tick late
    "@2 woken task=sleeper waker=0 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 2 ms and woke sleeper, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@2 enqueued task=sleeper queue=local:0", // sleeper goes behind spinner
    "@2 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@2 poll_start task=spinner worker=0 from=local:0 addr=0", // The executor takes spinner from the front of the ready queue and polls it.
    "@3 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake", // spinner wakes itself, while it is running: it will be queued when this poll returns Pending.
    "@3 poll_end task=spinner worker=0 outcome=pending duration=1", // spinner returns Pending after 1 ms: it waits for a wake.
    "@3 enqueued task=spinner queue=local:0", // spinner goes to the back of the ready queue.
    "@3 clock_advanced from=2 to=3",          // The clock moves from 2 ms to 3 ms.
    "@3 poll_start task=sleeper worker=0 from=local:0 addr=0", // -
    "@3 print task=sleeper text=\"sleeper woke\"", // sleeper prints "sleeper woke".
    "@3 poll_end task=sleeper worker=0 outcome=ready duration=0", // sleeper returns Ready after 0 ms: its future is complete.
    "@3 completed task=sleeper",                                  // sleeper is done.
    "@3 poll_start task=spinner worker=0 from=local:0 addr=0", // The executor takes spinner from the front of the ready queue and polls it.
    "@4 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake", // spinner wakes itself, while it is running: it will be queued when this poll returns Pending.
    "@4 poll_end task=spinner worker=0 outcome=pending duration=1", // spinner returns Pending after 1 ms: it waits for a wake.
    "@4 enqueued task=spinner queue=local:0", // spinner goes to the back of the ready queue.
    "@4 clock_advanced from=3 to=4",          // The clock moves from 3 ms to 4 ms.
    "@4 driver_turned worker=0 timers=0 io=0 remote=0", // 3 polls again: the drivers turn although nothing is due
    "@4 poll_start task=spinner worker=0 from=local:0 addr=0", // The executor takes spinner from the front of the ready queue and polls it.
    "@4 poll_end task=spinner worker=0 outcome=ready duration=0", // spinner's loop is over
    "@4 completed task=spinner",                               // spinner is done.
    "@4 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
