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
    "@0 runtime_started workers=1 event_interval=61 budget=128 lifo=false wheel=6x64 tick_us=1000",
    "@0 spawned task=ticker",
    "@0 enqueued task=ticker queue=local:0",
    "@0 spawned task=hog",
    "@0 enqueued task=hog queue=local:0",
    "@0 poll_start task=ticker worker=0 from=local:0 addr=#0",
    "@0 waker_cloned task=ticker waker=0 holder=timer#0",
    "@0 timer_registered timer=0 task=ticker deadline=5 level=0 slot=5", // ticker's timer is due at 5
    "@0 poll_end task=ticker outcome=pending duration=0",
    "@0 poll_start task=hog worker=0 from=local:0 addr=#0", // the hog starts at 0...
    "@30 print task=hog text=\"hog done\"", // ...and work(30) blocks the executor: nothing else runs until the poll returns
    "@30 poll_end task=hog outcome=ready duration=30", // the poll took 30 ticks
    "@30 long_poll task=hog duration=30 threshold=10", // at least long_poll (10): a blocking task
    "@30 completed task=hog",
    "@30 clock_advanced from=0 to=30", // the clock catches up with the work done
    "@30 timer_fired timer=0 deadline=5", // the timer due at 5 fires only now, 25 ticks late: the executor was blocked
    "@30 woken task=ticker waker=0 by_ref=false source=timer#0 effect=queued:local:0",
    "@30 enqueued task=ticker queue=local:0",
    "@30 driver_turned worker=0 timers=1 io=0 remote=0",
    "@30 poll_start task=ticker worker=0 from=local:0 addr=#0",
    "@30 print task=ticker text=\"ticker woke at 30\"",
    "@30 poll_end task=ticker outcome=ready duration=0",
    "@30 completed task=ticker",
    "@30 driver_turned worker=0 timers=0 io=0 remote=0",
];
