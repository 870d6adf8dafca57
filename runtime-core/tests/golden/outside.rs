//! Wakes from outside the runtime (here, between two runs): they wait in the inbox and are
//! applied at the next driver turn, with source `outside`, and go to the inject queue.
use runtime_core::{Config, Runtime, trace::text};
use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Poll, Waker};

pub fn run() -> Vec<String> {
    let mut rt = Runtime::new(Config::default()).unwrap();
    let slot: Rc<RefCell<Option<Waker>>> = Rc::default();
    let keep = slot.clone();
    let h = rt.handle().clone();
    rt.spawn("waiter", async move {
        let mut woken = false;
        std::future::poll_fn(|cx| {
            if woken {
                return Poll::Ready(());
            }
            woken = true;
            *keep.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        })
        .await;
        h.print("waiter woke");
    });
    rt.run();
    let waker = slot.borrow_mut().take().unwrap();
    waker.wake();
    rt.run();
    text::portable_lines(&rt.events())
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 spawned task=waiter",                // waiter is spawned at 0 ms.
    "@0 enqueued task=waiter queue=local:0", // waiter goes to the back of the ready queue.
    "@0 poll_start task=waiter worker=0 from=local:0 addr=0", // The executor takes waiter from the front of the ready queue and polls it.
    "@0 waker_cloned task=waiter waker=0 holder=task:waiter", // the clone is kept by waiter's own future, which hands it to the program
    "@0 poll_end task=waiter worker=0 outcome=pending duration=0", // waiter returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@0 stalled task=waiter reason=\"its own poll kept a clone of its waker (wherever its future stored it: a channel, a reactor, a list of timers), and nothing has called it since\"", // first run: nothing else can wake waiter, so the run stalls
    "@0 woken task=waiter waker=0 by_ref=false source=outside effect=queued:inject", // second run: the wake from outside is applied at the driver turn; as in Tokio, a wake from outside the runtime goes to the inject queue
    "@0 enqueued task=waiter queue=inject", // waiter goes to the back of the inject queue.
    "@0 driver_turned worker=0 timers=0 io=0 remote=1", // the turn counts one operation from outside
    "@0 poll_start task=waiter worker=0 from=inject addr=0", // the local queue is empty, so the worker takes from the inject queue
    "@0 print task=waiter text=\"waiter woke\"",             // waiter prints "waiter woke".
    "@0 poll_end task=waiter worker=0 outcome=ready duration=0", // waiter returns Ready after 0 ms: its future is complete.
    "@0 completed task=waiter",                                  // waiter is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
