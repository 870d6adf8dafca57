//! What the runtime means, computed once in `replay` for every view: who can wake a task
//! (`Snapshot::waker_status`), a task about to be queued (`Snapshot::about_to_be_queued`), and
//! how long a task waited in a queue (`replay::queue_waits`, which the task table folds too).

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

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

#[test]
fn a_lost_wakeup_is_lost_only_once_the_poll_has_returned() {
    let events = run(|h| {
        let h2 = h.clone();
        h.spawn("lost", async move { h2.lost_wake().await });
    });
    let lost = TaskId(0);
    let mut seen = Vec::new();
    each_step(&events, |r, snap| {
        seen.push((r.event.kind(), snap.waker_status(lost)));
    });
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
