//! The LIFO slot's cap (Tokio's `MAX_LIFO_POLLS_PER_TICK`, 3): two tasks that wake each other
//! (a ping-pong over two channels) would keep the slot busy forever; after three polls from
//! the slot in a row, the slot is switched off until it is empty, so the next wake goes to
//! the back of the local queue and `other`, which waited there all along, gets its turn.
use super::trace;
use runtime_core::Config;

pub fn run() -> Vec<String> {
    // One worker with the LIFO slot: Tokio's multi_thread scheduler with one worker thread.
    let config = Config {
        lifo_slot: true,
        ..Config::default()
    };
    trace(config, |rt| {
        let (ping_tx, ping_rx) = rt.handle().channel::<u32>("ping", 1);
        let (pong_tx, pong_rx) = rt.handle().channel::<u32>("pong", 1);
        rt.spawn("p", async move {
            for i in 0..3 {
                ping_tx.send(i).await.unwrap();
                pong_rx.recv().await;
            }
        });
        rt.spawn("q", async move {
            while let Some(v) = ping_rx.recv().await {
                pong_tx.send(v).await.unwrap();
            }
        });
        let h = rt.handle().clone();
        rt.spawn("other", async move { h.print("other ran") });
    })
}

pub const EXPECTED: &[&str] = &[
    "@0 runtime_started workers=1 event_interval=61 global_queue_interval=31 budget=128 lifo_slot=true seed=1 wheel_levels=6 wheel_bits=6 micros_per_tick=1000", // one worker with a LIFO slot: multi_thread with one worker thread
    "@0 channel_created channel=ping capacity=1",
    "@0 channel_created channel=pong capacity=1",
    "@0 spawned task=p",
    "@0 enqueued task=p queue=local:0", // spawned from outside a poll: the local queue
    "@0 spawned task=q",
    "@0 enqueued task=q queue=local:0",
    "@0 spawned task=other",
    "@0 enqueued task=other queue=local:0", // queue: [p, q, other]
    "@0 poll_start task=p worker=0 from=local:0 addr=0",
    "@0 sent channel=ping task=p len=1", // q is not waiting yet: the value waits in the buffer
    "@0 waker_cloned task=p waker=0 holder=recv:pong", // p waits for pong
    "@0 poll_end task=p worker=0 outcome=pending duration=0",
    "@0 poll_start task=q worker=0 from=local:0 addr=0", // a new tick: q from the local queue
    "@0 received channel=ping task=q len=0",
    "@0 sent channel=pong task=q len=1",
    "@0 woken task=p waker=0 by_ref=false source=chan:pong effect=queued:lifo:0", // woken by the running task: p goes into the LIFO slot
    "@0 enqueued task=p queue=lifo:0",
    "@0 waker_cloned task=q waker=1 holder=recv:ping",
    "@0 poll_end task=q worker=0 outcome=pending duration=0",
    "@0 poll_start task=p worker=0 from=lifo:0 addr=0", // slot poll 1: p runs before other, with what is left of q's budget
    "@0 received channel=pong task=p len=0",
    "@0 sent channel=ping task=p len=1",
    "@0 woken task=q waker=1 by_ref=false source=chan:ping effect=queued:lifo:0",
    "@0 enqueued task=q queue=lifo:0",
    "@0 waker_cloned task=p waker=2 holder=recv:pong",
    "@0 poll_end task=p worker=0 outcome=pending duration=0",
    "@0 poll_start task=q worker=0 from=lifo:0 addr=0", // slot poll 2
    "@0 received channel=ping task=q len=0",
    "@0 sent channel=pong task=q len=1",
    "@0 woken task=p waker=2 by_ref=false source=chan:pong effect=queued:lifo:0",
    "@0 enqueued task=p queue=lifo:0",
    "@0 waker_cloned task=q waker=3 holder=recv:ping",
    "@0 poll_end task=q worker=0 outcome=pending duration=0",
    "@0 poll_start task=p worker=0 from=lifo:0 addr=0", // slot poll 3: the cap; the slot is off until it is empty
    "@0 received channel=pong task=p len=0",
    "@0 sent channel=ping task=p len=1",
    "@0 woken task=q waker=3 by_ref=false source=chan:ping effect=queued:local:0", // so this wake goes to the back of the local queue, behind other
    "@0 enqueued task=q queue=local:0", // queue: [other, q]
    "@0 waker_cloned task=p waker=4 holder=recv:pong",
    "@0 poll_end task=p worker=0 outcome=pending duration=0",
    "@0 poll_start task=other worker=0 from=local:0 addr=0", // the slot is empty: the chain ends, and other finally runs
    "@0 print task=other text=\"other ran\"",
    "@0 poll_end task=other worker=0 outcome=ready duration=0",
    "@0 completed task=other",
    "@0 poll_start task=q worker=0 from=local:0 addr=0",
    "@0 received channel=ping task=q len=0",
    "@0 sent channel=pong task=q len=1",
    "@0 woken task=p waker=4 by_ref=false source=chan:pong effect=queued:lifo:0", // the slot is on again
    "@0 enqueued task=p queue=lifo:0",
    "@0 waker_cloned task=q waker=5 holder=recv:ping",
    "@0 poll_end task=q worker=0 outcome=pending duration=0",
    "@0 poll_start task=p worker=0 from=lifo:0 addr=0",
    "@0 received channel=pong task=p len=0",
    "@0 channel_closed channel=ping", // p is done: its sender goes, ping closes...
    "@0 woken task=q waker=5 by_ref=false source=chan:ping effect=queued:lifo:0", // ...and wakes q, which will get None
    "@0 enqueued task=q queue=lifo:0",
    "@0 poll_end task=p worker=0 outcome=ready duration=0",
    "@0 completed task=p",
    "@0 poll_start task=q worker=0 from=lifo:0 addr=0",
    "@0 channel_closed channel=pong",
    "@0 poll_end task=q worker=0 outcome=ready duration=0",
    "@0 completed task=q",
    "@0 driver_turned worker=0 timers=0 io=0 remote=0",
];
