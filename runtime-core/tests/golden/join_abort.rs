//! JoinHandle: awaiting a task's output; abort, as Tokio does it: the task is marked cancelled
//! (and queued if it was idle), and when a worker reaches it its future is dropped instead of
//! polled (cancellation through Drop: its timer leaves the wheel); only then is the joiner
//! woken, and it sees Cancelled.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let h = rt.handle().clone();
        rt.spawn("boss", async move {
            let h2 = h.clone();
            let worker = h.spawn("worker", async move {
                h2.sleep(50).await;
                h2.print("worker finished (never printed)");
            });
            let quick = h.spawn("quick", async { 42 });
            let queued = h.spawn("queued", async {});
            queued.abort();
            h.print(format!("quick gave {}", quick.await.unwrap()));
            h.sleep(10).await;
            worker.abort();
            let r = worker.await;
            h.print(format!("worker: {r:?}"));
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=boss",                // boss is spawned at 0 ms.
    "@0 enqueued task=boss queue=local:0", // boss goes to the back of the ready queue.
    "@0 poll_start task=boss worker=0 from=local:0 addr=0", // The executor takes boss from the front of the ready queue and polls it.
    "@0 spawned task=worker parent=boss", // boss spawns worker: a child goes to the back of the spawning worker's queue
    "@0 enqueued task=worker queue=local:0", // worker goes to the back of the ready queue.
    "@0 spawned task=quick parent=boss",  // boss spawns quick.
    "@0 enqueued task=quick queue=local:0", // quick goes to the back of the ready queue.
    "@0 spawned task=queued parent=boss", // boss spawns queued.
    "@0 enqueued task=queued queue=local:0", // queued goes to the back of the ready queue.
    "@0 aborted task=queued", // aborting a queued task only marks it: it stays in the queue
    "@0 waker_cloned task=boss waker=0 holder=join:quick", // awaiting quick: the JoinHandle keeps a clone of boss's waker
    "@0 poll_end task=boss worker=0 outcome=pending duration=0", // boss returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=worker worker=0 from=local:0 addr=0", // The executor takes worker from the front of the ready queue and polls it.
    "@0 waker_cloned task=worker waker=1 holder=timer#0", // A clone of worker's waker (waker 1) is now held by timer 0.
    "@0 timer_registered timer=0 task=worker deadline=50 level=0 slot=50", // worker sleeps until 50
    "@0 poll_end task=worker worker=0 outcome=pending duration=0", // worker returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=quick worker=0 from=local:0 addr=0", // The executor takes quick from the front of the ready queue and polls it.
    "@0 woken task=boss waker=0 by_ref=false source=task:quick effect=queued:local:0", // completing quick wakes its joiner, with the clone it kept
    "@0 enqueued task=boss queue=local:0", // boss goes to the back of the ready queue.
    "@0 poll_end task=quick worker=0 outcome=ready duration=0", // quick returns Ready after 0 ms: its future is complete.
    "@0 completed task=quick",                                  // quick is done.
    "@0 cancelled task=queued", // the worker reaches it: its future is dropped instead of polled
    "@0 poll_start task=boss worker=0 from=local:0 addr=0", // The executor takes boss from the front of the ready queue and polls it.
    "@0 print task=boss text=\"quick gave 42\"",            // boss prints "quick gave 42".
    "@0 waker_cloned task=boss waker=2 holder=timer#1", // A clone of boss's waker (waker 2) is now held by timer 1.
    "@0 timer_registered timer=1 task=boss deadline=10 level=0 slot=10", // boss sleeps 10
    "@0 poll_end task=boss worker=0 outcome=pending duration=0", // boss returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@10 clock_advanced from=0 to=10",                  // The clock moves from 0 ms to 10 ms.
    "@10 timer_fired timer=1 deadline=10",              // Timer 1 fires on time, at 10 ms.
    "@10 woken task=boss waker=2 by_ref=false source=timer#1 effect=queued:local:0", // Timer 1 fired at 10 ms and woke boss, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@10 enqueued task=boss queue=local:0", // boss goes to the back of the ready queue.
    "@10 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@10 poll_start task=boss worker=0 from=local:0 addr=0", // The executor takes boss from the front of the ready queue and polls it.
    "@10 aborted task=worker", // boss aborts worker, which is idle: it is marked cancelled...
    "@10 enqueued task=worker queue=local:0", // ...and queued like a wake (Tokio's remote_abort); its future still exists
    "@10 waker_cloned task=boss waker=3 holder=join:worker", // so awaiting worker's handle waits: the handle keeps boss's waker
    "@10 poll_end task=boss worker=0 outcome=pending duration=0", // boss returns Pending
    "@10 cancelled task=worker", // the worker reaches the aborted task: its future is dropped now
    "@10 timer_cancelled timer=0", // dropping the future drops its Sleep, which takes its timer out of the wheel...
    "@10 waker_dropped task=worker waker=1", // ...and the waker clone the timer held goes with it
    "@10 woken task=boss waker=3 by_ref=false source=task:worker effect=queued:local:0", // only once the future is gone is the joiner woken
    "@10 enqueued task=boss queue=local:0", // boss goes to the back of the ready queue.
    "@10 poll_start task=boss worker=0 from=local:0 addr=0", // one poll more than if abort dropped the future on the spot
    "@10 print task=boss text=\"worker: Err(Cancelled)\"",   // the handle gives Cancelled
    "@10 poll_end task=boss worker=0 outcome=ready duration=0", // boss returns Ready after 0 ms: its future is complete.
    "@10 completed task=boss",                                  // boss is done.
    "@10 driver_turned worker=0 timers=0 io=0 remote=0", // the wheel is empty: nothing is due and every task is finished
];
