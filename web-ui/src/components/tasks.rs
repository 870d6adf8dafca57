//! The task table: each task's state, polls, busy time, the longest it waited in a queue
//! (`replay::QueueWait`), the await it is parked at, and how many clones of its waker
//! exist. Rows carry `data-task` and `data-state` (test hooks); clicking selects a task.

use super::TraceProps;
use super::virtual_list::VirtualList;
use crate::state::Action;
use runtime_core::TaskId;
use runtime_core::task::state::TaskState;
use yew::prelude::*;

#[component]
pub fn TaskTablePanel(props: &TraceProps) -> Html {
    let s = props.view.clone();
    let Some(run) = s.run.clone() else {
        return html! { <div data-testid="task-table" /> };
    };
    let rows = s.snapshot.tasks.len();
    let running: Vec<TaskId> = s
        .snapshot
        .workers
        .iter()
        .filter_map(|w| w.running)
        .collect();
    let render = {
        let s = s.clone();
        let d = props.dispatch.clone();
        Callback::from(move |i: usize| {
            let t = &s.snapshot.tasks[i];
            let state = t.state.as_str();
            let id = t.id;
            let d = d.clone();
            let onclick = Callback::from(move |_| d.dispatch(Action::Select(Some(id))));
            let parked = t
                .parked_at
                .filter(|_| matches!(t.state, TaskState::Idle))
                .map(|l| {
                    run.await_site(l)
                        .map_or_else(|| run.names.label(l), |a| a.label.clone())
                })
                .unwrap_or_default();
            let selected = s.selected == Some(id);
            html! {
                <div key={id.0.to_string()} class={classes!("row", selected.then_some("selected"), running.contains(&id).then_some("running"))}
                    role="row" data-task={t.name.to_string()} data-state={state} {onclick}
                    aria-selected={selected.to_string()}>
                    <span role="cell" class="name">{ run.shown.task(t.id) }</span>
                    <span role="cell">
                        if s.snapshot.about_to_be_queued(id) {
                            <span class={classes!("badge", state)} title="The runtime queues it: its `enqueued` is the next event">{ "→ queue" }</span>
                        } else {
                            <span class={classes!("badge", state)}>{ state }</span>
                        }
                    </span>
                    <span role="cell" class="num">{ t.polls }</span>
                    <span role="cell" class="num">{ run.time(t.busy) }</span>
                    <span role="cell" class="num">{ run.time(t.max_wait) }</span>
                    <span role="cell" class="num" title="Live clones of its waker">{ t.wakers.len() }</span>
                    <span role="cell" class="parked" title={parked.clone()}>{ parked }</span>
                </div>
            }
        })
    };
    let follow = s.selected.map(|t| t.index());
    let visible = rows.clamp(3, 12);
    html! {
        <div class="task-table" data-testid="task-table" role="table" aria-label="Tasks">
            <div class="row head" role="row">
                <span role="columnheader">{ "task" }</span>
                <span role="columnheader">{ "state" }</span>
                <span role="columnheader" title="Times polled">{ "polls" }</span>
                <span role="columnheader" title="Virtual time spent in its polls">{ "busy" }</span>
                <span role="columnheader" title="Longest wait in a ready queue: from being queued (by a wake, or at its spawn) to the poll that took it. A task woken while it runs is queued when that poll returns.">{ "max wait" }</span>
                <span role="columnheader" title="Live clones of its waker">{ "wakers" }</span>
                <span role="columnheader">{ "parked at" }</span>
            </div>
            if rows == 0 {
                <p class="empty">{ "No task has been spawned yet." }</p>
            } else {
                <VirtualList rows={rows} row_height={if s.presenter { 34 } else { 26 }} visible={visible} render={render} follow={follow} role={Some(AttrValue::from("rowgroup"))} label="task rows" />
            }
        </div>
    }
}
