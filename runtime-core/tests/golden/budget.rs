//! The cooperative budget: after `budget` leaf futures complete in one poll, the next one
//! returns Pending and defers its task's wake (as `yield_now` does), so a task that always
//! finds work still yields, to the other tasks and to the drivers.
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
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=3 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 3 per poll.
    "@0 channel_created channel=jobs capacity=8", // Channel jobs is created with room for 8.
    "@0 spawned task=greedy",                     // greedy is spawned at 0 ms.
    "@0 enqueued task=greedy queue=local:0",      // greedy goes to the back of the ready queue.
    "@0 spawned task=other",                      // other is spawned at 0 ms.
    "@0 enqueued task=other queue=local:0",       // other goes to the back of the ready queue.
    "@0 poll_start task=greedy worker=0 from=local:0 addr=0", // The executor takes greedy from the front of the ready queue and polls it.
    "@0 sent channel=jobs task=greedy len=1",                 // A value goes into jobs (1 waiting).
    "@0 sent channel=jobs task=greedy len=2",                 // A value goes into jobs (2 waiting).
    "@0 sent channel=jobs task=greedy len=3",                 // A value goes into jobs (3 waiting).
    "@0 budget_exhausted task=greedy", // three sends completed (budget 3); the 4th finds the budget spent and returns Pending...
    "@0 deferred task=greedy worker=0 duplicate=false", // out of budget, the send returns Pending and defers greedy's wake (Tokio 1.44+)
    "@0 waker_cloned task=greedy waker=0 holder=defer:0", // the defer list keeps a clone of greedy's waker
    "@0 poll_end task=greedy worker=0 outcome=pending duration=0", // greedy returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=other worker=0 from=local:0 addr=0", // The executor takes other from the front of the ready queue and polls it.
    "@0 print task=other text=\"other ran\"", // other gets a turn: that is the point of the budget
    "@0 waker_cloned task=other waker=1 holder=timer#0", // A clone of other's waker (waker 1) is now held by timer 0.
    "@0 timer_registered timer=0 task=other deadline=1 level=0 slot=1", // Timer 0 for other is registered for 1 ms: it goes in level 0, slot 1 of the wheel.
    "@0 poll_end task=other worker=0 outcome=pending duration=0", // other returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // the queue is empty: the drivers turn (the timer is not due yet)...
    "@0 deferred_woken worker=0 count=1",               // ...then the defer list is woken
    "@0 woken task=greedy waker=0 by_ref=false source=defer:0 effect=queued:local:0", // greedy is queued again, with a fresh budget for its next poll
    "@0 enqueued task=greedy queue=local:0", // greedy goes to the back of the ready queue.
    "@0 poll_start task=greedy worker=0 from=local:0 addr=0", // the budget is per poll: greedy sends the last two
    "@0 sent channel=jobs task=greedy len=4",                 // A value goes into jobs (4 waiting).
    "@0 sent channel=jobs task=greedy len=5",                 // A value goes into jobs (5 waiting).
    "@0 print task=greedy text=\"greedy sent 5\"",            // greedy prints "greedy sent 5".
    "@0 channel_closed channel=jobs", // greedy's future ends and drops the last sender: the channel closes
    "@0 poll_end task=greedy worker=0 outcome=ready duration=0", // greedy returns Ready after 0 ms: its future is complete.
    "@0 completed task=greedy",                                  // greedy is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@1 clock_advanced from=0 to=1",                    // The clock moves from 0 ms to 1 ms.
    "@1 timer_fired timer=0 deadline=1",                // Timer 0 fires on time, at 1 ms.
    "@1 woken task=other waker=1 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 1 ms and woke other: it goes to the back of the ready queue.
    "@1 enqueued task=other queue=local:0", // other goes to the back of the ready queue.
    "@1 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@1 poll_start task=other worker=0 from=local:0 addr=0", // The executor takes other from the front of the ready queue and polls it.
    "@1 poll_end task=other worker=0 outcome=ready duration=0", // other drops the receiver and finishes
    "@1 completed task=other",                                  // other is done.
    "@1 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
