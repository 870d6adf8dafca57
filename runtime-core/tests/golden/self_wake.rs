//! Self-wake and the waking rules: a task that wakes itself while running is queued when its
//! poll returns Pending (at the back); waking a queued task does not queue it twice; waking a
//! finished task does nothing. (`yield_now` does not wake its task: see `defer.rs`.)
use super::trace;
use runtime_core::Config;
use runtime_core::future::wake_self_once;
use std::cell::RefCell;
use std::rc::Rc;
use std::task::Waker;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let h = rt.handle().clone();
        let stash: Rc<RefCell<Option<Waker>>> = Rc::default();
        let keep = stash.clone();
        rt.spawn("yielder", async move {
            wake_self_once().await;
            h.print("yielder resumed");
        });
        // `other` keeps a clone of its own waker, then `waker` wakes it twice while it is
        // already queued, and once more after it finished.
        let h2 = rt.handle().clone();
        rt.spawn("other", async move {
            std::future::poll_fn(|cx| {
                if keep.borrow().is_some() {
                    return std::task::Poll::Ready(());
                }
                *keep.borrow_mut() = Some(cx.waker().clone());
                std::task::Poll::Pending
            })
            .await;
            h2.print("other done");
        });
        rt.spawn("waker", async move {
            let w = stash.borrow().clone().expect("other ran first");
            w.wake_by_ref();
            w.wake_by_ref();
            wake_self_once().await;
            wake_self_once().await;
            w.wake();
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=yielder",                // yielder is spawned at 0 ms.
    "@0 enqueued task=yielder queue=local:0", // yielder goes to the back of the ready queue.
    "@0 spawned task=other",                  // other is spawned at 0 ms.
    "@0 enqueued task=other queue=local:0",   // other goes to the back of the ready queue.
    "@0 spawned task=waker",                  // waker is spawned at 0 ms.
    "@0 enqueued task=waker queue=local:0",   // queue: [yielder, other, waker]
    "@0 poll_start task=yielder worker=0 from=local:0 addr=0", // yielder is polled first
    "@0 woken task=yielder waker=cx by_ref=true source=task:yielder effect=self_wake", // wake_self_once wakes its own task while it runs (a self-wake)...
    "@0 poll_end task=yielder worker=0 outcome=pending duration=0", // ...and returns Pending
    "@0 enqueued task=yielder queue=local:0", // woken during its poll, so queued again, at the back: [other, waker, yielder]
    "@0 poll_start task=other worker=0 from=local:0 addr=0", // The executor takes other from the front of the ready queue and polls it.
    "@0 waker_cloned task=other waker=0 holder=task:other", // other keeps a clone of its own waker (held by its own future)
    "@0 poll_end task=other worker=0 outcome=pending duration=0", // other is idle, but a clone of its waker exists: no lost wakeup
    "@0 poll_start task=waker worker=0 from=local:0 addr=0", // The executor takes waker from the front of the ready queue and polls it.
    "@0 waker_cloned task=other waker=1 holder=task:waker", // waker clones other's waker from the stash (held by task waker)
    "@0 woken task=other waker=1 by_ref=true source=task:waker effect=queued:local:0", // other was idle: this wake queues it at the back
    "@0 enqueued task=other queue=local:0", // other goes to the back of the ready queue.
    "@0 woken task=other waker=1 by_ref=true source=task:waker effect=already_queued", // a second wake of a queued task does not queue it twice (but is recorded)
    "@0 woken task=waker waker=cx by_ref=true source=task:waker effect=self_wake", // waker wakes itself: a self-wake
    "@0 poll_end task=waker worker=0 outcome=pending duration=0", // waker returns Pending after 0 ms: it waits for a wake.
    "@0 enqueued task=waker queue=local:0", // waker goes to the back of the ready queue.
    "@0 poll_start task=yielder worker=0 from=local:0 addr=0", // queue: [yielder, other, waker]
    "@0 print task=yielder text=\"yielder resumed\"", // yielder prints "yielder resumed".
    "@0 poll_end task=yielder worker=0 outcome=ready duration=0", // yielder returns Ready after 0 ms: its future is complete.
    "@0 completed task=yielder",                                  // yielder is done.
    "@0 poll_start task=other worker=0 from=local:0 addr=0", // other is polled once, although it was woken twice
    "@0 print task=other text=\"other done\"",               // other prints "other done".
    "@0 poll_end task=other worker=0 outcome=ready duration=0", // other returns Ready after 0 ms: its future is complete.
    "@0 completed task=other",                                  // other is done.
    "@0 poll_start task=waker worker=0 from=local:0 addr=0", // The executor takes waker from the front of the ready queue and polls it.
    "@0 woken task=waker waker=cx by_ref=true source=task:waker effect=self_wake", // waker wakes itself a second time
    "@0 poll_end task=waker worker=0 outcome=pending duration=0", // waker returns Pending after 0 ms: it waits for a wake.
    "@0 enqueued task=waker queue=local:0", // waker goes to the back of the ready queue.
    "@0 poll_start task=waker worker=0 from=local:0 addr=0", // The executor takes waker from the front of the ready queue and polls it.
    "@0 woken task=other waker=1 by_ref=false source=task:waker effect=task_finished", // waking a finished task by value does nothing (the clone is consumed)
    "@0 waker_dropped task=other waker=0", // the stash, with other's own clone in it, is dropped with waker's future
    "@0 poll_end task=waker worker=0 outcome=ready duration=0", // waker returns Ready after 0 ms: its future is complete.
    "@0 completed task=waker",                                  // waker is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
