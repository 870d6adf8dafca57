//! Channel backpressure: a sender waits while the channel is full and is woken by the receiver
//! making room; when the last sender is dropped, recv returns None.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    trace(Config::default(), |rt| {
        let (tx, rx) = rt.handle().channel::<u32>("jobs", 1);
        let h = rt.handle().clone();
        rt.spawn("producer", async move {
            for i in 0..2 {
                tx.send(i).await.unwrap();
                h.print(format!("sent {i}"));
            }
        });
        let h = rt.handle().clone();
        rt.spawn("consumer", async move {
            while let Some(v) = rx.recv().await {
                h.print(format!("got {v}"));
            }
            h.print("closed");
        });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=false seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // The runtime starts: 1 worker, drivers checked every 61 polls, budget 128 per poll.
    "@0 channel_created channel=jobs capacity=1", // Channel jobs is created with room for 1.
    "@0 spawned task=producer",                   // producer is spawned at 0 ms.
    "@0 enqueued task=producer queue=local:0",    // producer goes to the back of the ready queue.
    "@0 spawned task=consumer",                   // consumer is spawned at 0 ms.
    "@0 enqueued task=consumer queue=local:0",    // consumer goes to the back of the ready queue.
    "@0 poll_start task=producer worker=0 from=local:0 addr=0", // The executor takes producer from the front of the ready queue and polls it.
    "@0 sent channel=jobs task=producer len=1", // the first send fits (capacity 1): the buffer is full now
    "@0 print task=producer text=\"sent 0\"",   // producer prints "sent 0".
    "@0 waker_cloned task=producer waker=0 holder=send:jobs", // the second finds the channel full: producer waits, the channel keeps its waker
    "@0 poll_end task=producer worker=0 outcome=pending duration=0", // producer returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=consumer worker=0 from=local:0 addr=0", // The executor takes consumer from the front of the ready queue and polls it.
    "@0 received channel=jobs task=consumer len=0", // A value is taken from jobs (0 left).
    "@0 woken task=producer waker=0 by_ref=false source=chan:jobs effect=queued:local:0", // receiving makes room: the waiting sender is woken by the channel
    "@0 enqueued task=producer queue=local:0", // producer goes to the back of the ready queue.
    "@0 print task=consumer text=\"got 0\"",   // consumer prints "got 0".
    "@0 waker_cloned task=consumer waker=1 holder=recv:jobs", // the channel is empty: consumer waits
    "@0 poll_end task=consumer worker=0 outcome=pending duration=0", // consumer returns Pending after 0 ms: it waits for a wake.
    "@0 poll_start task=producer worker=0 from=local:0 addr=0", // The executor takes producer from the front of the ready queue and polls it.
    "@0 sent channel=jobs task=producer len=1", // A value goes into jobs (1 waiting).
    "@0 woken task=consumer waker=1 by_ref=false source=chan:jobs effect=queued:local:0", // producer's send wakes the waiting receiver
    "@0 enqueued task=consumer queue=local:0", // consumer goes to the back of the ready queue.
    "@0 print task=producer text=\"sent 1\"",  // producer prints "sent 1".
    "@0 channel_closed channel=jobs", // producer ends and its sender is dropped: the channel closes for receivers
    "@0 poll_end task=producer worker=0 outcome=ready duration=0", // producer returns Ready after 0 ms: its future is complete.
    "@0 completed task=producer",                                  // producer is done.
    "@0 poll_start task=consumer worker=0 from=local:0 addr=0", // The executor takes consumer from the front of the ready queue and polls it.
    "@0 received channel=jobs task=consumer len=0", // A value is taken from jobs (0 left).
    "@0 print task=consumer text=\"got 1\"",        // recv drains the buffer first...
    "@0 print task=consumer text=\"closed\"",       // ...then returns None: closed and empty
    "@0 poll_end task=consumer worker=0 outcome=ready duration=0", // consumer returns Ready after 0 ms: its future is complete.
    "@0 completed task=consumer",                                  // consumer is done.
    "@0 driver_turned worker=0 timers=0 io=0 remote=0", // The drivers are turned: no timer was due and no I/O was ready.
];
