//! Several workers: top-level tasks go to the inject queue; workers take from it in turn; an
//! idle worker steals half of a busy worker's queue; work(d) only blocks its own worker.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        workers: 2,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("spawner", async move {
            for name in ["t1", "t2", "t3", "t4"] {
                let h2 = h.clone();
                h.spawn(name, async move { h2.work(2) });
            }
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=2 event_interval=61 budget=128 lifo=false wheel=6x64 tick_us=1000",
    "@0 spawned task=spawner",
    "@0 enqueued task=spawner queue=inject", // with several workers, a task spawned from outside goes to the inject queue
    "@0 poll_start task=spawner worker=0 from=inject addr=#0", // worker 0 is free first (ties go to the lower index) and takes it
    "@0 spawned task=t1 parent=spawner",
    "@0 enqueued task=t1 queue=local:0", // a task spawned inside a poll goes to the spawning worker's local queue
    "@0 spawned task=t2 parent=spawner",
    "@0 enqueued task=t2 queue=local:0",
    "@0 spawned task=t3 parent=spawner",
    "@0 enqueued task=t3 queue=local:0",
    "@0 spawned task=t4 parent=spawner",
    "@0 enqueued task=t4 queue=local:0",
    "@0 poll_end task=spawner outcome=ready duration=0",
    "@0 completed task=spawner",
    "@0 poll_start task=t1 worker=0 from=local:0 addr=#0", // worker 0 polls t1 and is busy until 2
    "@2 poll_end task=t1 outcome=ready duration=2",
    "@2 completed task=t1",
    "@0 stolen from=0 to=1 count=2", // worker 1, still at 0, has nothing and steals half of worker 0's queue: t2 and t3
    "@0 poll_start task=t2 worker=1 from=local:1 addr=#0", // worker 1 runs t2 meanwhile: work(2) blocks only its own worker
    "@2 poll_end task=t2 outcome=ready duration=2",
    "@2 completed task=t2",
    "@2 clock_advanced from=0 to=2", // both workers are busy until 2
    "@2 poll_start task=t4 worker=0 from=local:0 addr=#0",
    "@4 poll_end task=t4 outcome=ready duration=2",
    "@4 completed task=t4",
    "@2 poll_start task=t3 worker=1 from=local:1 addr=#0",
    "@4 poll_end task=t3 outcome=ready duration=2",
    "@4 completed task=t3",
    "@4 clock_advanced from=2 to=4",
    "@4 driver_turned worker=0 timers=0 io=0 remote=0", // both queues are empty: each worker turns the drivers before going idle
    "@4 driver_turned worker=1 timers=0 io=0 remote=0",
];
