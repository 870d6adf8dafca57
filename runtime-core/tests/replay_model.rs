//! Replay against the real runtime: random programs are run one scheduling step at a time, and
//! after every step the snapshot folded from the trace must show exactly the runtime's queues
//! (in order) and task states. Also: seeking with checkpoints equals folding from the start.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source, or threads
use proptest::prelude::*;
use runtime_core::replay::PoolThreadView;
use runtime_core::{Config, Event, Geometry, Handle, Replay, Runtime, Snapshot, TaskState};
use std::rc::Rc;

#[derive(Clone, Debug)]
enum Op {
    Yield,
    Sleep(u64),
    Work(u64),
    Send,
    Recv,
    Spawn(Vec<Op>),
    /// `spawn_blocking` with this much work: detached (0), awaited (1), or aborted at once
    /// and awaited (2).
    Blocking(u64, u8),
    /// `block_in_place` with this much work (an error, ignored, with one worker).
    InPlace(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        Just(Op::Yield),
        (0u64..30).prop_map(Op::Sleep),
        (0u64..4).prop_map(Op::Work),
        Just(Op::Send),
        Just(Op::Recv),
        (0u64..12, 0u8..3).prop_map(|(d, m)| Op::Blocking(d, m)),
        (0u64..6).prop_map(Op::InPlace),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Op::Spawn)
    })
}

fn program() -> impl Strategy<Value = (Vec<Vec<Op>>, u8, bool, bool, u32)> {
    (
        prop::collection::vec(prop::collection::vec(op(), 0..6), 1..6),
        1u8..4,
        any::<bool>(),
        any::<bool>(),
        1u32..4,
    )
}

type Chan = (
    runtime_core::sync::mpsc::Sender<u32>,
    runtime_core::sync::mpsc::Receiver<u32>,
);

fn run_ops(
    h: Handle,
    chan: Rc<Chan>,
    ops: Vec<Op>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    Box::pin(async move {
        for op in ops {
            match op {
                Op::Yield => h.yield_now().await,
                Op::Sleep(d) => h.sleep(d).await,
                Op::Work(d) => h.work(d),
                // A bounded timeout keeps a send or receive from waiting forever.
                Op::Send => {
                    let _ = h.timeout(40, chan.0.send(1)).await;
                }
                Op::Recv => {
                    let _ = h.timeout(40, chan.1.recv()).await;
                }
                Op::Spawn(child) => {
                    let fut = run_ops(h.clone(), chan.clone(), child);
                    h.spawn("child", fut);
                }
                Op::Blocking(d, mode) => {
                    let inner = h.clone();
                    let join = h.spawn_blocking("blocking", move || inner.work(d));
                    if mode == 2 {
                        join.abort();
                    }
                    if mode > 0 {
                        let _ = join.await;
                    }
                }
                Op::InPlace(d) => {
                    InPlace {
                        h: h.clone(),
                        steps: d,
                        entered: false,
                    }
                    .await
                }
            }
        }
    })
}

/// `block_in_place` as an interpreter runs it: one tick of work at a time, pausing the poll
/// after each when the runtime asks (the worker was handed on).
struct InPlace {
    h: Handle,
    steps: u64,
    entered: bool,
}

impl std::future::Future for InPlace {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if !self.entered {
            if self.h.enter_block_in_place().is_err() {
                return std::task::Poll::Ready(());
            }
            self.entered = true;
        }
        while self.steps > 0 {
            self.steps -= 1;
            self.h.work(1);
            if self.h.pause_in_place() {
                return std::task::Poll::Pending;
            }
        }
        self.h.exit_block_in_place();
        std::task::Poll::Ready(())
    }
}

fn state_name(s: TaskState) -> &'static str {
    s.as_str()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn snapshot_matches_the_runtime_at_every_step((tasks, workers, lifo, small, threads) in program()) {
        let config = Config {
            workers,
            lifo_slot: lifo,
            wheel: if small { Geometry::SMALL } else { Geometry::TOKIO },
            event_interval: 5,
            budget: Some(4),
            max_blocking_threads: threads,
            ..Config::default()
        };
        let mut rt = Runtime::new(config).unwrap();
        let chan = Rc::new(rt.handle().channel::<u32>("c", 2));
        for (i, ops) in tasks.into_iter().enumerate() {
            let fut = run_ops(rt.handle().clone(), chan.clone(), ops);
            rt.spawn(&format!("t{i}"), fut);
        }
        drop(chan);
        let mut snap = Snapshot::new();
        let mut seen = 0;
        for _ in 0..5_000 {
            let done = rt.step().is_some();
            let events = rt.events();
            for rec in &events[seen..] {
                snap.apply(rec);
                // After every event, not only every step: a worker is polling exactly the tasks
                // shown as running (between a Ready `poll_end` and its `completed` as well), or
                // for a blocking task, a pool thread is running it (until its `completed`).
                for (t, view) in snap.tasks.iter().enumerate() {
                    let on_a_worker = snap.workers.iter().any(|w| w.running.is_some_and(|r| r.index() == t));
                    let on_the_pool = snap.pool.threads.iter().any(|t| match *t {
                        PoolThreadView::Blocking(b) => b == view.id,
                        PoolThreadView::Worker { task, .. } => task == view.id,
                        PoolThreadView::Idle => false,
                    });
                    let finishing = view.blocking && matches!(rec.event, Event::BlockingFinished { task, .. } if task == view.id);
                    prop_assert_eq!(on_a_worker || on_the_pool || finishing, matches!(view.state, TaskState::Running { .. }), "task {} after {:?}", t, rec.event);
                }
            }
            seen = events.len();
            let real = rt.inspect();
            for (w, (local, lifo)) in real.workers.iter().enumerate() {
                let view = &snap.workers[w];
                prop_assert_eq!(&view.local.iter().copied().collect::<Vec<_>>(), local, "worker {} local queue", w);
                prop_assert_eq!(&view.lifo, lifo, "worker {} lifo", w);
            }
            prop_assert_eq!(&snap.inject.iter().copied().collect::<Vec<_>>(), &real.inject);
            let pool: Vec<_> = snap.pool.threads.iter().map(|t| match *t {
                PoolThreadView::Idle => None,
                PoolThreadView::Blocking(task) | PoolThreadView::Worker { task, .. } => Some(task),
            }).collect();
            prop_assert_eq!(&pool, &real.pool, "pool threads");
            prop_assert_eq!(&snap.pool.queue.iter().copied().collect::<Vec<_>>(), &real.pool_queue, "pool queue");
            for (t, state) in real.states.iter().enumerate() {
                if let Some(view) = snap.tasks.get(t) {
                    prop_assert_eq!(state_name(view.state), state_name(*state), "task {}", t);
                }
            }
            if done {
                break;
            }
        }
        // Seeking with checkpoints gives the same state as folding from the start.
        let events = rt.events();
        let replay = Replay::new(events.clone());
        for n in [0, events.len() / 3, events.len() / 2, events.len()] {
            let mut direct = Snapshot::new();
            for rec in &events[..n] {
                direct.apply(rec);
            }
            prop_assert_eq!(replay.snapshot_at(n), direct);
        }
    }
}

#[test]
fn seeking_a_long_trace_replays_at_most_one_interval() {
    // 40k events: many checkpoints. Every seek equals a fold from the start.
    let mut rt = Runtime::new(Config::default()).unwrap();
    for i in 0..20 {
        let h = rt.handle().clone();
        rt.spawn(&format!("y{i}"), async move {
            for _ in 0..400 {
                h.yield_now().await;
            }
        });
    }
    rt.run();
    let events = rt.events();
    assert!(events.len() > 4 * Replay::INTERVAL);
    let replay = Replay::new(events.clone());
    let mut direct = Snapshot::new();
    for (i, rec) in events.iter().enumerate() {
        if i % 997 == 0 {
            assert_eq!(replay.snapshot_at(i), direct, "at {i}");
        }
        direct.apply(rec);
    }
    assert_eq!(replay.snapshot_at(events.len()), direct);
}
