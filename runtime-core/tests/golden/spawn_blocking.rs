//! spawn_blocking: the hog's work runs on a thread of the blocking pool, so the worker goes on
//! and the ticker's timer fires on time. With a cap of one thread, a second blocking task waits
//! in the pool's queue; aborting it there cancels it, while aborting the running one does
//! nothing (Tokio: a started blocking task cannot be aborted).
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    let config = Config {
        max_blocking_threads: 1,
        ..Config::default()
    };
    trace(config, |rt| {
        let h = rt.handle().clone();
        rt.spawn("ticker", async move {
            h.sleep(5).await;
            h.print(format!("ticker woke at {}", h.now()));
        });
        let h = rt.handle().clone();
        rt.spawn("main", async move {
            // The hog's closure runs in steps (as the scenario interpreter runs blocking code):
            // 30 ticks of work, then, once they have passed, a print and its output.
            let inner = h.clone();
            let mut worked = false;
            let hog = h
                .try_spawn_blocking_stepped("hog", 8, move || {
                    if !std::mem::replace(&mut worked, true) {
                        inner.work(30);
                        return std::task::Poll::Pending;
                    }
                    inner.print("hog done");
                    std::task::Poll::Ready(7)
                })
                .unwrap();
            let waiting = h.spawn_blocking("waiting", || ());
            hog.abort();
            waiting.abort();
            h.print(format!("hog gave {:?}", hog.await));
            h.print(format!("waiting gave {:?}", waiting.await));
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // one worker (current_thread); the pool may have 1 thread
    "@0 spawned task=ticker",                // ticker is spawned
    "@0 enqueued task=ticker queue=local:0", // and queued
    "@0 spawned task=main",                  // main is spawned
    "@0 enqueued task=main queue=local:0",   // and queued
    "@0 poll_start task=ticker worker=0 from=local:0 addr=0", // ticker is polled first
    "@0 waker_cloned task=ticker waker=0 holder=timer#0", // its sleep keeps its waker in timer 0
    "@0 timer_registered timer=0 task=ticker deadline=5 level=0 slot=5", // due at 5
    "@0 poll_end task=ticker worker=0 outcome=pending duration=0", // ticker waits for the timer
    "@0 poll_start task=main worker=0 from=local:0 addr=0", // main is polled
    "@0 spawned task=hog parent=main",       // spawn_blocking makes a task (a JoinHandle, an id)...
    "@0 blocking_queued task=hog cap=1",     // ...and pushes it on the pool's queue
    "@0 blocking_started task=hog thread=0 spawned=true", // no idle thread, room for one: the pool spawns thread 0, which takes hog at once
    "@0 spawned task=waiting parent=main",                // a second blocking task
    "@0 blocking_queued task=waiting cap=1", // the pool is at its cap of 1 and its thread is busy: waiting stays in the queue
    "@0 aborted task=hog", // abort on a started blocking task: marked, but nothing can stop its thread
    "@0 aborted task=waiting", // abort on a queued one: it will be dropped instead of run
    "@0 waker_cloned task=main waker=1 holder=join:hog", // main awaits hog's JoinHandle
    "@0 poll_end task=main worker=0 outcome=pending duration=0", // main's poll took no time: hog's work is on the pool thread
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // nothing ready: the worker turns its drivers
    "@5 clock_advanced from=0 to=5", // and the clock jumps to the timer (the pool thread is busy until 30)
    "@5 timer_fired timer=0 deadline=5", // the timer fires on time: the worker is free
    "@5 woken task=ticker waker=0 by_ref=false source=timer#0 effect=queued:local:0", // ticker is woken
    "@5 enqueued task=ticker queue=local:0",                                          // and queued
    "@5 driver_turned worker=0 timers=1 io=0 remote=0", // the driver turn ends
    "@5 poll_start task=ticker worker=0 from=local:0 addr=0", // ticker is polled at 5, not 30
    "@5 print task=ticker text=\"ticker woke at 5\"", // (with work(30) in a poll it woke at 30: golden/blocking.rs)
    "@5 poll_end task=ticker worker=0 outcome=ready duration=0", // ticker is done
    "@5 completed task=ticker",                       // .
    "@5 driver_turned worker=0 timers=0 io=0 remote=0", // nothing ready: the drivers again
    "@30 clock_advanced from=5 to=30", // the next thing due is the pool thread, at 30
    "@30 print task=hog text=\"hog done\"", // hog's closure goes on after its work: it prints and returns 7
    "@30 woken task=main waker=1 by_ref=false source=task:hog effect=queued:inject", // its JoinHandle wakes main from the pool thread: no worker there, so the inject queue
    "@30 enqueued task=main queue=inject", // main goes to the inject queue
    "@30 blocking_finished task=hog thread=0 duration=30", // hog's thread is free after 30 ticks of blocking work
    "@30 completed task=hog",                              // hog completed: the abort did nothing
    "@30 cancelled task=waiting", // the free thread takes waiting, finds it aborted, and drops it
    "@30 poll_start task=main worker=0 from=inject addr=0", // main is polled
    "@30 print task=main text=\"hog gave Ok(7)\"", // the started task's output arrived despite the abort
    "@30 print task=main text=\"waiting gave Err(Cancelled)\"", // the queued task was cancelled
    "@30 poll_end task=main worker=0 outcome=ready duration=0", // main is done
    "@30 completed task=main",                     // .
    "@30 driver_turned worker=0 timers=0 io=0 remote=0", // nothing left
];
