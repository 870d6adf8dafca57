//! Timers: a Sleep registers on its first poll; when the queue is empty the clock jumps to the
//! next expiration; due timers fire in deadline order, then registration order.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        for (name, d) in [("late", 20), ("early", 10), ("tie", 10)] {
            let h = rt.handle().clone();
            rt.spawn(name, async move {
                let sleep = h.sleep(d);
                // Creating a Sleep does nothing: the timer appears at the first poll.
                h.print("created");
                sleep.await;
                h.print(format!("{name} woke"));
            });
        }
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=late",                 // late is spawned at 0 ms.
    "@0 enqueued task=late queue=local:0",  // late goes to the back of the ready queue.
    "@0 spawned task=early",                // early is spawned at 0 ms.
    "@0 enqueued task=early queue=local:0", // early goes to the back of the ready queue.
    "@0 spawned task=tie",                  // tie is spawned at 0 ms.
    "@0 enqueued task=tie queue=local:0",   // queue: [late, early, tie]
    "@0 poll_start task=late worker=0 from=local:0 addr=0", // The executor takes late from the front of the ready queue and polls it.
    "@0 print task=late text=\"created\"", // the Sleep exists, but no timer does yet: creating a future does nothing
    "@0 waker_cloned task=late waker=0 holder=timer#0", // on its first poll the Sleep clones the waker for its timer...
    "@0 timer_registered timer=0 task=late deadline=20 level=0 slot=20", // ...and registers timer 0: deadline 20 is within level 0's 64 slots, so level 0, slot 20
    "@0 poll_end task=late worker=0 outcome=pending duration=0", // late returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=early worker=0 from=local:0 addr=0", // The executor takes early from the front of the ready queue and polls it.
    "@0 print task=early text=\"created\"",                  // early prints "created".
    "@0 waker_cloned task=early waker=1 holder=timer#1", // A clone of early's waker (waker 1) is now held by timer 1.
    "@0 timer_registered timer=1 task=early deadline=10 level=0 slot=10", // timer 1, registered second, deadline 10
    "@0 poll_end task=early worker=0 outcome=pending duration=0", // early returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=tie worker=0 from=local:0 addr=0", // The executor takes tie from the front of the ready queue and polls it.
    "@0 print task=tie text=\"created\"",                  // tie prints "created".
    "@0 waker_cloned task=tie waker=2 holder=timer#2", // A clone of tie's waker (waker 2) is now held by timer 2.
    "@0 timer_registered timer=2 task=tie deadline=10 level=0 slot=10", // timer 2, registered third, the same deadline as timer 1
    "@0 poll_end task=tie worker=0 outcome=pending duration=0", // tie returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // queue empty: turn the drivers; nothing is due yet
    "@10 clock_advanced from=0 to=10", // no task is ready: the clock jumps to the next expiration
    "@10 timer_fired timer=1 deadline=10", // due timers fire in deadline order, then registration order: timer 1 first...
    "@10 woken task=early waker=1 by_ref=false source=timer#1 effect=queued:local:0", // ...waking early, which goes to the back of the queue
    "@10 enqueued task=early queue=local:0", // early goes to the back of the ready queue.
    "@10 timer_fired timer=2 deadline=10",   // ...then timer 2 (same deadline, registered later)
    "@10 woken task=tie waker=2 by_ref=false source=timer#2 effect=queued:local:0", // Timer 2 fired at 10 ms and woke tie, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@10 enqueued task=tie queue=local:0", // tie goes to the back of the ready queue.
    "@10 driver_turned worker=0 timers=2 io=0 remote=0", // The drivers are turned: 2 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@10 poll_start task=early worker=0 from=local:0 addr=0", // early runs first because its timer fired first
    "@10 print task=early text=\"early woke\"",               // early prints "early woke".
    "@10 poll_end task=early worker=0 outcome=ready duration=0", // early returns Ready after 0 ms: its future is complete.
    "@10 completed task=early",                                  // early is done.
    "@10 poll_start task=tie worker=0 from=local:0 addr=0", // The executor takes tie from the front of the ready queue and polls it.
    "@10 print task=tie text=\"tie woke\"",                 // tie prints "tie woke".
    "@10 poll_end task=tie worker=0 outcome=ready duration=0", // tie returns Ready after 0 ms: its future is complete.
    "@10 completed task=tie",                                  // tie is done.
    "@10 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@20 clock_advanced from=10 to=20",                  // the clock jumps to the next expiration
    "@20 timer_fired timer=0 deadline=20",               // Timer 0 fires on time, at 20 ms.
    "@20 woken task=late waker=0 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 20 ms and woke late, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@20 enqueued task=late queue=local:0", // late goes to the back of the ready queue.
    "@20 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@20 poll_start task=late worker=0 from=local:0 addr=0", // The executor takes late from the front of the ready queue and polls it.
    "@20 print task=late text=\"late woke\"",                // late prints "late woke".
    "@20 poll_end task=late worker=0 outcome=ready duration=0", // late returns Ready after 0 ms: its future is complete.
    "@20 completed task=late",                                  // late is done.
    "@20 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
