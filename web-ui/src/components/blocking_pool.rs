//! The blocking pool (`spawn_blocking`, `block_in_place`), drawn from `replay::PoolView` at
//! the cursor: its thread cap (`max_blocking_threads`), each thread the pool has spawned and
//! what it does (a blocking task's closure, which nothing can stop, or the queues of a worker
//! whose task blocks in place) and since when, the blocking tasks waiting for a thread (first
//! in, first out), and every task inside `block_in_place` with the worker it blocks.
//!
//! Tokio's pool (`tokio/src/runtime/blocking/pool.rs`) spawns threads lazily, up to the cap,
//! and keeps idle ones for a while; the lab's pool does the same in virtual time. The panel is
//! drawn only for a run that uses the pool, so the other presets stay as they were.
//!
//! Test hooks: `data-testid="blocking-pool"` (with `data-cap` and `data-busy`) holds
//! `pool-thread` rows (`data-thread`, `data-state` = idle | blocking | worker, and `data-task`
//! and `data-task-id` for the task it runs: every blocking task of a scenario is named
//! `blocking`, so the id tells them apart), the `pool-queue` lane (its chips carry `data-task`
//! and `data-task-id`, front first) and
//! one `block-in-place` line per task blocking in place (`data-task`, `data-worker`,
//! `data-thread` when a pool thread took the worker over, `data-ended` once its closure
//! returned).

use super::TraceProps;
use crate::state::Action;
use crate::state::AtCursor;
use crate::state::RunData;
use runtime_core::TaskId;
use runtime_core::replay::{InPlaceView, PoolThreadView};
use runtime_core::trace::Event;
use yew::prelude::*;

#[component]
pub fn BlockingPoolPanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return Html::default();
    };
    let Some(first_cap) = run.pool_cap else {
        return Html::default();
    };
    let pool = &s.snapshot.pool;
    // Before the first pool event the snapshot has no cap yet: the run's first one says it.
    let cap = if pool.is_used() { pool.cap } else { first_cap };
    let busy = pool.busy();
    // What the event at the cursor changed, to mark it.
    let (changed_thread, changed_task) = match s.current_event().map(|e| &e.event) {
        Some(Event::BlockingStarted { thread, task, .. })
        | Some(Event::BlockingFinished { thread, task, .. }) => (Some(*thread), Some(*task)),
        Some(Event::BlockInPlace { thread, task, .. }) => (*thread, Some(*task)),
        Some(Event::BlockingQueued { task, .. }) | Some(Event::BlockInPlaceEnded { task, .. }) => {
            (None, Some(*task))
        }
        _ => (None, None),
    };
    let select = |t: TaskId| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::Select(Some(t))))
    };
    let task_button = |t: TaskId| {
        let selected = s.selected == Some(t);
        html! {
            <button class={classes!("task-link", selected.then_some("selected"))} onclick={select(t)}
                title={format!("{}: click to select", run.shown.task(t))}>
                { run.shown.task(t) }
            </button>
        }
    };
    let threads = pool.threads.iter().enumerate().map(|(i, thread)| {
        let since = pool.since.get(i).copied().unwrap_or_default();
        let number = u32::try_from(i).unwrap_or(u32::MAX);
        let (state, task, body) = match *thread {
            PoolThreadView::Idle => (
                "idle",
                None,
                html! { <span class="muted">{ format!("idle since {}", run.time(since)) }</span> },
            ),
            PoolThreadView::Blocking(t) => (
                "blocking",
                Some(t),
                html! { <>
                    { "runs " }{ task_button(t) }
                    { format!(" since {} ({} so far); cannot be aborted", run.time(since), run.time(s.snapshot.now.saturating_sub(since))) }
                </> },
            ),
            PoolThreadView::Worker { worker, task } => (
                "worker",
                Some(task),
                html! { <>
                    { format!("runs worker {}'s queues since {}, while ", worker.0, run.time(since)) }
                    { task_button(task) }{ " blocks its thread" }
                </> },
            ),
        };
        let fresh = changed_thread == Some(number);
        html! {
            <li key={i} class={classes!("pool-thread", state, fresh.then_some("new"))} data-testid="pool-thread"
                data-thread={number.to_string()} data-state={state} data-task={task.map(|t| run.names.task(t))}
                data-task-id={task.map(|t| t.0.to_string())}>
                <span class="thread-name">{ format!("thread {i}") }</span>
                <span class={classes!("badge", state)}>{ state }</span>
                <span class="what">{ body }</span>
            </li>
        }
    });
    let queued = pool.queue.iter().map(|t| {
        let at = pool.queued_at.get(t).copied().unwrap_or_default();
        let fresh = changed_task == Some(*t);
        let selected = s.selected == Some(*t);
        html! {
            <li key={t.0} class={classes!("chip", fresh.then_some("new"), selected.then_some("selected"))}
                data-task={run.names.task(*t)} data-task-id={t.0.to_string()} onclick={select(*t)}
                title={format!("{}: queued at {}, waits for a free thread; click to select", run.shown.task(*t), run.time(at))}>
                { run.shown.task(*t) }
            </li>
        }
    });
    html! {
        <div class="pool" data-testid="blocking-pool" data-cap={cap.to_string()} data-busy={busy.to_string()}
            aria-label="Blocking pool">
            <div class="worker-head">
                <span class="worker-name">{ "blocking pool" }</span>
                <span title="Threads running a blocking task or a handed-over worker, of the most the pool may have (max_blocking_threads)">
                    { format!("{busy} of {cap} threads busy") }
                </span>
                <span class="count" title="Threads the pool has spawned so far (lazily, when no idle one was there)">
                    { format!("{} spawned", pool.threads.len()) }
                </span>
            </div>
            <ol class="pool-threads" aria-label="Pool threads">
                { for threads }
                if pool.threads.is_empty() {
                    <li class="empty">{ "no thread yet: the pool spawns one when a blocking task finds none idle" }</li>
                }
            </ol>
            <div class="defer-lane pool-queue" data-testid="pool-queue"
                title="Blocking tasks waiting for a free thread, first in first out: the pool is at its cap and every thread is busy">
                <span class="lane-name">{ "waiting for a thread" }</span>
                <ol class="queue" aria-label="Blocking tasks waiting for a thread, front first">
                    { for queued }
                    if pool.queue.is_empty() {
                        <li class="empty">{ "empty" }</li>
                    }
                </ol>
            </div>
            { for pool.in_place.iter().map(|b| in_place_line(run, b, changed_task == Some(b.task), &task_button)) }
        </div>
    }
}

/// One task inside `block_in_place`: which worker it blocks, and who runs that worker's queues.
fn in_place_line(
    run: &RunData,
    b: &InPlaceView,
    fresh: bool,
    task_button: &dyn Fn(TaskId) -> Html,
) -> Html {
    let what = match (b.thread, b.ended) {
        (Some(thread), None) => format!(
            " blocks in place since {}: worker {}'s queues moved to pool thread {thread}, which runs its other tasks",
            run.time(b.since),
            b.worker.0
        ),
        (None, None) => format!(
            " blocks in place since {}: every pool thread was busy, so worker {} waits, as if its task had blocked it",
            run.time(b.since),
            b.worker.0
        ),
        (Some(thread), Some(end)) => format!(
            "'s block ended at {}: the rest of its poll runs on the blocked thread; pool thread {thread} keeps worker {} until that poll returns",
            run.time(end),
            b.worker.0
        ),
        (None, Some(end)) => format!(
            "'s block ended at {}: worker {} goes on with the rest of its poll",
            run.time(end),
            b.worker.0
        ),
    };
    html! {
        <p class={classes!("in-place", fresh.then_some("new"))} data-testid="block-in-place"
            data-task={run.names.task(b.task)} data-worker={b.worker.0.to_string()}
            data-thread={b.thread.map(|t| t.to_string())} data-ended={b.ended.map(|_| "true")}>
            <span class="in-place-tag">{ "block_in_place" }</span>
            { task_button(b.task) }{ what }
        </p>
    }
}
