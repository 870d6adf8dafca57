//! event_interval: while tasks are ready, the drivers are only turned every `event_interval`
//! polls, so a due timer waits for that turn.
use super::trace;
use runtime_core::Config;

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
                h.yield_now().await;
            }
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=3 budget=128 lifo=false wheel=6x64 tick_us=1000",
    "@0 spawned task=sleeper",
    "@0 enqueued task=sleeper queue=local:0",
    "@0 spawned task=spinner",
    "@0 enqueued task=spinner queue=local:0",
    "@0 poll_start task=sleeper worker=0 from=local:0 addr=#0",
    "@0 waker_cloned task=sleeper waker=0 holder=timer#0",
    "@0 timer_registered timer=0 task=sleeper deadline=1 level=0 slot=1", // a timer due at 1
    "@0 poll_end task=sleeper outcome=pending duration=0",
    "@0 poll_start task=spinner worker=0 from=local:0 addr=#0",
    "@1 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake", // spinner does work(1), then yields
    "@1 poll_end task=spinner outcome=pending duration=1",
    "@1 enqueued task=spinner queue=local:0",
    "@1 clock_advanced from=0 to=1",
    "@1 poll_start task=spinner worker=0 from=local:0 addr=#0",
    "@2 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake",
    "@2 poll_end task=spinner outcome=pending duration=1",
    "@2 enqueued task=spinner queue=local:0",
    "@2 clock_advanced from=1 to=2", // the timer is due, but the queue is never empty, so the drivers wait for the interval
    "@2 timer_fired timer=0 deadline=1", // after 3 polls since the last turn (event_interval = 3) the drivers turn: the timer fires 1 tick late
    "@2 woken task=sleeper waker=0 by_ref=false source=timer#0 effect=queued:local:0",
    "@2 enqueued task=sleeper queue=local:0", // sleeper goes behind spinner
    "@2 driver_turned worker=0 timers=1 io=0 remote=0",
    "@2 poll_start task=spinner worker=0 from=local:0 addr=#0",
    "@3 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake",
    "@3 poll_end task=spinner outcome=pending duration=1",
    "@3 enqueued task=spinner queue=local:0",
    "@3 clock_advanced from=2 to=3",
    "@3 poll_start task=sleeper worker=0 from=local:0 addr=#0", // -
    "@3 print task=sleeper text=\"sleeper woke\"",
    "@3 poll_end task=sleeper outcome=ready duration=0",
    "@3 completed task=sleeper",
    "@3 poll_start task=spinner worker=0 from=local:0 addr=#0",
    "@4 woken task=spinner waker=cx by_ref=true source=task:spinner effect=self_wake",
    "@4 poll_end task=spinner outcome=pending duration=1",
    "@4 enqueued task=spinner queue=local:0",
    "@4 clock_advanced from=3 to=4",
    "@4 driver_turned worker=0 timers=0 io=0 remote=0", // 3 polls again: the drivers turn although nothing is due
    "@4 poll_start task=spinner worker=0 from=local:0 addr=#0",
    "@4 poll_end task=spinner outcome=ready duration=0", // spinner's loop is over
    "@4 completed task=spinner",
    "@4 driver_turned worker=0 timers=0 io=0 remote=0",
];
