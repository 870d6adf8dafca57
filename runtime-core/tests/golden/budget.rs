//! The cooperative budget: after `budget` leaf futures complete in one poll, the next one
//! returns Pending and wakes its task, so a task that always finds work still yields.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        budget: Some(3),
        ..Config::default()
    };
    trace(config, |rt| {
        let (tx, rx) = rt.handle().channel::<u32>("jobs", 8);
        let h = rt.handle().clone();
        rt.spawn("greedy", async move {
            for i in 0..5 {
                tx.send(i).await.unwrap();
            }
            h.print("greedy sent 5");
        });
        let h = rt.handle().clone();
        rt.spawn("other", async move {
            h.print("other ran");
            // Keep the receiver until greedy is done, so its sends succeed.
            h.sleep(1).await;
            drop(rx);
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 budget=3 lifo=false wheel=6x64 tick_us=1000",
    "@0 channel_created channel=0 name=jobs capacity=8",
    "@0 spawned task=greedy",
    "@0 enqueued task=greedy queue=local:0",
    "@0 spawned task=other",
    "@0 enqueued task=other queue=local:0",
    "@0 poll_start task=greedy worker=0 from=local:0 addr=#0",
    "@0 sent channel=jobs task=greedy len=1",
    "@0 sent channel=jobs task=greedy len=2",
    "@0 sent channel=jobs task=greedy len=3",
    "@0 budget_exhausted task=greedy", // three sends completed (budget 3); the 4th finds the budget spent and returns Pending...
    "@0 woken task=greedy waker=cx by_ref=true source=task:greedy effect=self_wake", // ...waking its own task, so greedy yields although it could go on
    "@0 poll_end task=greedy outcome=pending duration=0",
    "@0 enqueued task=greedy queue=local:0",
    "@0 poll_start task=other worker=0 from=local:0 addr=#0",
    "@0 print task=other text=\"other ran\"", // other gets a turn: that is the point of the budget
    "@0 waker_cloned task=other waker=0 holder=timer#0",
    "@0 timer_registered timer=0 task=other deadline=1 level=0 slot=1",
    "@0 poll_end task=other outcome=pending duration=0",
    "@0 poll_start task=greedy worker=0 from=local:0 addr=#0", // the budget is per poll: greedy sends the last two
    "@0 sent channel=jobs task=greedy len=4",
    "@0 sent channel=jobs task=greedy len=5",
    "@0 print task=greedy text=\"greedy sent 5\"",
    "@0 channel_closed channel=jobs", // greedy's future ends and drops the last sender: the channel closes
    "@0 poll_end task=greedy outcome=ready duration=0",
    "@0 completed task=greedy",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
    "@1 clock_advanced from=0 to=1",
    "@1 timer_fired timer=0 deadline=1",
    "@1 woken task=other waker=0 by_ref=false source=timer#0 effect=queued:local:0",
    "@1 enqueued task=other queue=local:0",
    "@1 driver_turned worker=0 timers=1 io=0 remote=0",
    "@1 poll_start task=other worker=0 from=local:0 addr=#0",
    "@1 poll_end task=other outcome=ready duration=0", // other drops the receiver and finishes
    "@1 completed task=other",
    "@1 driver_turned worker=0 timers=0 io=0 remote=0",
];
