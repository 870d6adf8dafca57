//! I/O through the simulated reactor: a read registers interest and waits; data arriving is a
//! readiness edge that wakes it; data the driver delivered before the read (here, while the
//! reader slept) is found without waiting or registering; after the last chunk, read returns
//! None.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let db = rt
            .handle()
            .socket("db", vec![(10, "row1".into()), (12, "row2".into())]);
        let h = rt.handle().clone();
        rt.spawn("reader", async move {
            let first = db.read().await;
            h.print(format!("{first:?}"));
            h.sleep(5).await; // row2 is delivered at 12, while we sleep
            let second = db.read().await;
            h.print(format!("{second:?}"));
            let end = db.read().await;
            h.print(format!("{end:?}"));
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 socket_created socket=db", // Socket db is created in the reactor.
    "@0 spawned task=reader",      // reader is spawned at 0 ms.
    "@0 enqueued task=reader queue=local:0", // reader goes to the back of the ready queue.
    "@0 poll_start task=reader worker=0 from=local:0 addr=0", // The executor takes reader from the front of the ready queue and polls it.
    "@0 waker_cloned task=reader waker=0 holder=io:db", // nothing to read: the read keeps the waker...
    "@0 io_registered socket=db task=reader",           // ...and registers interest in the socket
    "@0 poll_end task=reader worker=0 outcome=pending duration=0", // reader returns Pending after 0 ms: it waits for a wake.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@10 clock_advanced from=0 to=10",                  // the clock jumps to the next data arrival
    "@10 io_ready socket=db bytes=4", // the first chunk arrives: an edge from empty to readable...
    "@10 woken task=reader waker=0 by_ref=false source=io:db effect=queued:local:0", // ...wakes the registered reader
    "@10 enqueued task=reader queue=local:0", // reader goes to the back of the ready queue.
    "@10 driver_turned worker=0 timers=0 io=1 remote=0", // The drivers are turned: 0 timer(s) fired, 1 socket(s) became ready, 0 wake(s) from outside applied.
    "@10 poll_start task=reader worker=0 from=local:0 addr=0", // The executor takes reader from the front of the ready queue and polls it.
    "@10 print task=reader text=\"Some(\\\"row1\\\")\"",       // reader prints "Some("row1")".
    "@10 waker_cloned task=reader waker=1 holder=timer#0", // A clone of reader's waker (waker 1) is now held by timer 0.
    "@10 timer_registered timer=0 task=reader deadline=15 level=0 slot=15", // reader sleeps until 15
    "@10 poll_end task=reader worker=0 outcome=pending duration=0", // reader returns Pending after 0 ms: it waits for a wake.
    "@10 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
    "@12 clock_advanced from=10 to=12", // the next arrival (12) comes before the timer (15)
    "@12 io_ready socket=db bytes=4", // row2 is delivered; no reader is registered, so nothing is woken: it waits in the buffer
    "@12 driver_turned worker=0 timers=0 io=1 remote=0", // The drivers are turned: 0 timer(s) fired, 1 socket(s) became ready, 0 wake(s) from outside applied.
    "@15 clock_advanced from=12 to=15",                  // The clock moves from 12 ms to 15 ms.
    "@15 timer_fired timer=0 deadline=15",               // Timer 0 fires on time, at 15 ms.
    "@15 woken task=reader waker=1 by_ref=false source=timer#0 effect=queued:local:0", // Timer 0 fired at 15 ms and woke reader, which was idle: it goes to the back of the ready queue (waking by value uses up that clone).
    "@15 enqueued task=reader queue=local:0", // reader goes to the back of the ready queue.
    "@15 driver_turned worker=0 timers=1 io=0 remote=0", // The drivers are turned: 1 timer(s) fired, 0 socket(s) became ready, 0 wake(s) from outside applied.
    "@15 poll_start task=reader worker=0 from=local:0 addr=0", // The executor takes reader from the front of the ready queue and polls it.
    "@15 print task=reader text=\"Some(\\\"row2\\\")\"", // data delivered before the read is read at once: no registration, no wait
    "@15 print task=reader text=\"None\"",               // no more data is scripted: end of stream
    "@15 poll_end task=reader worker=0 outcome=ready duration=0", // reader returns Ready after 0 ms: its future is complete.
    "@15 completed task=reader",                                  // reader is done.
    "@15 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
