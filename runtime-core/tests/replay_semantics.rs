//! What the runtime means, computed once in `replay` for every view: who can wake a task
//! (`Snapshot::waker_status`), a task about to be queued (`Snapshot::about_to_be_queued`), a
//! future that has returned `Ready` before its task is recorded complete (`TaskView::returned`),
//! and
//! how long a task waited in a queue (`replay::queue_waits`, which the task table folds too).

use runtime_core::replay::{WakerStatus, queue_waits};
use runtime_core::trace::{Event, WakeEffect};
use runtime_core::{Config, EventRecord, Runtime, Snapshot, TaskId};

fn run(program: impl FnOnce(&runtime_core::Handle)) -> Vec<EventRecord> {
    let mut rt = Runtime::new(Config::default()).expect("valid config");
    program(rt.handle());
    rt.run();
    rt.events()
}

/// Folds `events` and calls `check` after each one.
fn each_step(events: &[EventRecord], mut check: impl FnMut(&EventRecord, &Snapshot)) {
    let mut snap = Snapshot::new();
    for r in events {
        snap.apply(r);
        check(r, &snap);
    }
}

/// After each event of a run of one task (`body`, given a handle): the event's kind and what
/// `look` reads from the snapshot then.
fn one_task<F, T>(
    body: impl FnOnce(runtime_core::Handle) -> F,
    look: impl Fn(&Snapshot) -> T,
) -> Vec<(&'static str, T)>
where
    F: Future<Output = ()> + 'static,
{
    let events = run(|h| {
        h.spawn("one", body(h.clone()));
    });
    let mut seen = Vec::new();
    each_step(&events, |r, snap| seen.push((r.event.kind(), look(snap))));
    seen
}

#[test]
fn a_lost_wakeup_is_lost_only_once_the_poll_has_returned() {
    let seen = one_task(
        |h| async move { h.lost_wake().await },
        |snap| snap.waker_status(TaskId(0)),
    );
    // Queued and running: the executor has it. After its `poll_end` (Pending, no clone kept),
    // nothing can wake it.
    let at = |kind: &str| seen.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s);
    assert_eq!(at("enqueued"), Some(WakerStatus::WithExecutor));
    assert_eq!(at("poll_start"), Some(WakerStatus::WithExecutor));
    assert_eq!(at("poll_end"), Some(WakerStatus::Lost));
}

#[test]
fn a_task_woken_by_its_timer_is_being_queued_until_its_enqueued() {
    let events = run(|h| {
        let h2 = h.clone();
        h.spawn("sleeper", async move { h2.sleep(5).await });
    });
    let task = TaskId(0);
    let mut checked = 0;
    each_step(&events, |r, snap| match &r.event {
        Event::TimerRegistered { .. } => {
            assert_eq!(
                snap.waker_status(task),
                WakerStatus::Held,
                "the timer holds a clone"
            );
        }
        Event::Woken {
            effect: WakeEffect::Queued(_),
            ..
        } => {
            // Woken by value: the timer's clone is used up; the `enqueued` is next.
            assert_eq!(snap.waker_status(task), WakerStatus::BeingQueued);
            checked += 1;
        }
        Event::Enqueued { .. } => {
            assert!(!snap.about_to_be_queued(task));
            assert_eq!(snap.waker_status(task), WakerStatus::WithExecutor);
        }
        _ => {}
    });
    assert_eq!(checked, 1);
}

#[test]
fn a_spawned_task_is_about_to_be_queued_between_spawned_and_enqueued() {
    let events = run(|h| {
        h.spawn("a", async {});
    });
    let mut states = Vec::new();
    each_step(&events, |r, snap| {
        states.push((r.event.kind(), snap.about_to_be_queued(TaskId(0))));
    });
    assert!(states.contains(&("spawned", true)), "{states:?}");
    assert!(states.contains(&("enqueued", false)), "{states:?}");
}

/// A task that wakes itself mid-poll is queued when the poll returns: its wait starts at that
/// `enqueued`, not at the wake inside its poll (the poll's own work is not waiting).
#[test]
fn a_wait_runs_from_enqueued_to_poll_start_and_the_task_table_agrees() {
    let events = run(|h| {
        let (h1, h2) = (h.clone(), h.clone());
        h.spawn("selfish", async move {
            runtime_core::future::wake_self_once().await;
            h1.work(3);
        });
        h.spawn("worker", async move {
            h2.work(4);
        });
    });
    let waits = queue_waits(&events);
    let mut snap = Snapshot::new();
    for r in &events {
        snap.apply(r);
    }
    for task in &snap.tasks {
        let longest = waits
            .iter()
            .filter(|w| w.task == task.id)
            .map(|w| w.ticks)
            .max()
            .unwrap_or(0);
        assert_eq!(task.max_wait, longest, "{}", task.name);
        let total: u64 = waits
            .iter()
            .filter(|w| w.task == task.id)
            .map(|w| w.ticks)
            .sum();
        assert_eq!(task.total_wait, total, "{}", task.name);
    }
    // selfish: polled at 0, woke itself, requeued at 0 behind worker, which works 4 ticks.
    let selfish = snap.task_named("selfish").unwrap();
    assert_eq!(selfish.max_wait, 4);
}

/// The blocking pool as the UI draws it at every step: a thread's task and since when, the
/// tasks waiting for a thread and since when, and a task blocking in place with the thread
/// that took its worker over, until its poll returns.
#[test]
fn the_pool_view_follows_threads_queue_and_block_in_place() {
    use runtime_core::WorkerId;
    use runtime_core::replay::{InPlaceView, PoolThreadView};
    let config = Config {
        max_blocking_threads: 1,
        ..Config::default()
    };
    let mut rt = Runtime::new(config).expect("valid config");
    let h = rt.handle().clone();
    rt.spawn("main", async move {
        let inner = h.clone();
        let mut worked = false;
        let hog = h
            .try_spawn_blocking_stepped("hog", 8, move || {
                if !core::mem::replace(&mut worked, true) {
                    inner.work(30);
                    return core::task::Poll::Pending;
                }
                core::task::Poll::Ready(())
            })
            .unwrap();
        let second = h.spawn_blocking("second", || ());
        let _ = hog.await;
        let _ = second.await;
    });
    rt.run();
    let (hog, second) = (TaskId(1), TaskId(2));
    let mut seen = Vec::new();
    each_step(&rt.events(), |r, snap| match &r.event {
        Event::BlockingStarted { task, .. } => seen.push((
            r.at,
            snap.pool.threads.clone(),
            snap.pool.since.clone(),
            snap.pool.queued_at.get(&second).copied(),
            *task,
        )),
        Event::BlockingQueued { task, .. } if *task == second => {
            // The one thread is busy with hog: second waits, queued at 0.
            assert_eq!(
                snap.pool.queue.iter().copied().collect::<Vec<_>>(),
                [second]
            );
            assert_eq!(snap.pool.queued_at.get(&second), Some(&0));
            assert_eq!(snap.pool.threads, [PoolThreadView::Blocking(hog)]);
        }
        Event::BlockingFinished { task, .. } if *task == hog => {
            assert_eq!(snap.pool.threads, [PoolThreadView::Idle]);
            assert_eq!(snap.pool.since, [30]);
        }
        _ => {}
    });
    // hog takes the pool's one thread at 0; at 30 the thread is free and takes second, which
    // leaves the queue.
    assert_eq!(
        seen,
        [
            (0, vec![PoolThreadView::Blocking(hog)], vec![0], None, hog),
            (
                30,
                vec![PoolThreadView::Blocking(second)],
                vec![30],
                None,
                second
            ),
        ]
    );

    // block_in_place on two workers: worker 0 goes to pool thread 0 from the block until the
    // poll returns; the block's end is marked meanwhile.
    let mut rt = Runtime::new(Config::with_workers(2)).expect("valid config");
    let h = rt.handle().clone();
    rt.spawn("crunch", async move {
        let _ = h.block_in_place(|| h.work(20));
        h.sleep(1).await;
    });
    rt.run();
    let crunch = TaskId(0);
    let mut blocked = None;
    let mut polls_ended = 0;
    each_step(&rt.events(), |r, snap| match &r.event {
        Event::BlockInPlace { .. } => {
            blocked = Some(snap.pool.in_place.clone());
            assert_eq!(
                snap.pool.threads,
                [PoolThreadView::Worker {
                    worker: WorkerId(0),
                    task: crunch
                }]
            );
        }
        Event::BlockInPlaceEnded { .. } => {
            assert_eq!(snap.pool.in_place[0].ended, Some(20));
            assert_eq!(
                snap.pool.busy(),
                1,
                "the thread is the worker's until the poll returns"
            );
        }
        Event::PollEnd { task, .. } if *task == crunch => {
            polls_ended += 1;
            assert!(
                snap.pool.in_place.is_empty(),
                "the poll returned: the block is over"
            );
            assert_eq!(snap.pool.busy(), 0);
        }
        _ => {}
    });
    assert_eq!(polls_ended, 2);
    assert_eq!(
        blocked,
        Some(vec![InPlaceView {
            task: crunch,
            worker: WorkerId(0),
            thread: Some(0),
            since: 0,
            ended: None,
        }])
    );
}

#[test]
fn a_future_has_returned_from_its_ready_poll_end_and_is_running_until_completed() {
    let seen = one_task(
        |h| async move { h.yield_now().await },
        |snap| snap.task(TaskId(0)).map(|t| (t.returned, t.state.as_str())),
    );
    let ends: Vec<_> = seen.iter().filter(|(k, _)| *k == "poll_end").collect();
    assert_eq!(ends.len(), 2, "a yield makes two polls: {seen:?}");
    // After the first poll (Pending) it has not returned; after the second (Ready) it has,
    // and it is still `running` until `completed`, the next event.
    assert_eq!(ends[0].1.map(|(r, _)| r), Some(false));
    assert_eq!(ends[1].1, Some((true, "running")));
    let done = seen
        .iter()
        .position(|(k, _)| *k == "completed")
        .expect("it completes");
    assert_eq!(seen[done - 1].0, "poll_end");
    assert_eq!(seen[done].1, Some((true, "done")));
}
