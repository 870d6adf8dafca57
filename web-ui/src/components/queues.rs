//! The ready queue(s): per worker its LIFO slot and local queue, front first, the task it is
//! running, its defer list (tasks that yielded, woken last-first after the next driver turn),
//! and the shared inject queue. Queued entries carry `data-task` in queue order (a test hook);
//! the defer list's carry `data-deferred` instead, since those tasks are not queued. The task
//! being polled and the one just enqueued are marked.

use super::TraceProps;
use crate::state::Action;
use crate::state::AtCursor;
use crate::state::trace_view::TraceView;
use runtime_core::TaskId;
use runtime_core::trace::{Event, QueueRef};
use yew::prelude::*;

#[component]
pub fn ReadyQueuePanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return html! { <div data-testid="ready-queue" /> };
    };
    let snap = &s.snapshot;
    let just = match s.current_event().map(|e| &e.event) {
        Some(Event::Enqueued { task, .. }) => Some(*task),
        _ => None,
    };
    // Keyed (a chip keeps its element as the queue moves under it); `key` is unique in its list.
    let chip = |t: TaskId, extra: Option<&'static str>, key: String| {
        let d = props.dispatch.clone();
        let name = run.names.task(t);
        let shown = run.shown.task(t);
        let selected = s.selected == Some(t);
        let onclick = Callback::from(move |_| d.dispatch(Action::Select(Some(t))));
        let (task, deferred) = if extra == Some("deferred") {
            (None, Some(name))
        } else {
            (Some(name), None)
        };
        html! {
            <li {key} class={classes!("chip", extra, (just == Some(t)).then_some("new"), selected.then_some("selected"))}
                data-task={task} data-deferred={deferred} title={format!("{shown}: click to select")} {onclick}>
                { shown.clone() }
            </li>
        }
    };
    let several = snap.workers.len() > 1;
    html! {
        <div class="queues" data-testid="ready-queue">
            { for snap.workers.iter().enumerate().map(|(w, view)| {
                let label = if several { format!("worker {w}") } else { "ready queue".to_string() };
                let total = view.local.len() + usize::from(view.lifo.is_some());
                html! {
                    <div class="worker" data-worker={w.to_string()}>
                        <div class="worker-head">
                            <span class="worker-name">{ label }</span>
                            <span class="running" title="The task this worker is polling">
                                { match view.running {
                                    Some(t) => html! { <>{ "polling " }<b>{ run.shown.task(t) }</b></> },
                                    None => html! { <span class="muted">{ "idle" }</span> },
                                } }
                            </span>
                            <span class="count">{ format!("{total} queued") }</span>
                        </div>
                        <ol class="queue" aria-label={format!("{} queue, front first", if several { format!("worker {w}") } else { "ready".into() })}>
                            if let Some(t) = view.lifo {
                                { chip(t, Some("lifo"), format!("lifo-{}", t.0)) }
                            }
                            { for view.local.iter().map(|t| chip(*t, None, t.0.to_string())) }
                            if total == 0 {
                                <li class="empty">{ "empty" }</li>
                            }
                        </ol>
                        <div class="defer-lane" data-testid="defer-list" data-worker={w.to_string()}
                            title="Tasks that yielded (or ran out of budget): woken after the next driver turn, the last one first">
                            <span class="lane-name">{ "defer list" }</span>
                            <ol class="queue deferred" aria-label={format!("{} defer list, in the order deferred; woken from the end", if several { format!("worker {w}") } else { "the".into() })}>
                                { for view.deferred.iter().enumerate().map(|(i, t)| chip(*t, Some("deferred"), format!("{i}-{}", t.0))) }
                                if view.deferred.is_empty() {
                                    <li class="empty">{ "empty" }</li>
                                } else {
                                    <li class="lane-note">{ "← woken from here first" }</li>
                                }
                            </ol>
                        </div>
                    </div>
                }
            }) }
            if several || !snap.inject.is_empty() {
                <div class="worker inject">
                    <div class="worker-head"><span class="worker-name">{ "inject queue" }</span>
                        <span class="count">{ format!("{} queued", snap.inject.len()) }</span></div>
                    <ol class="queue" aria-label="inject queue, front first">
                        { for snap.inject.iter().map(|t| chip(*t, Some("injected"), t.0.to_string())) }
                        if snap.inject.is_empty() { <li class="empty">{ "empty" }</li> }
                    </ol>
                </div>
            }
            <p class="legend">{ "front ← → back" }
                if snap.workers.iter().any(|w| w.lifo.is_some()) { { " · ◆ LIFO slot (polled next)" } }
            </p>
            { queue_hint(s) }
        </div>
    }
}

fn queue_hint(s: &TraceView) -> Html {
    match s.current_event().map(|e| &e.event) {
        Some(Event::Enqueued {
            queue: QueueRef::Lifo(_),
            ..
        }) => {
            html! { <p class="hint">{ "The LIFO slot holds the task woken by the running task; it runs next." }</p> }
        }
        Some(Event::Deferred { .. }) => {
            html! { <p class="hint">{ "A yielded task waits on the defer list, not in the queue: the worker wakes the list, last first, only after it has run out of ready tasks and turned its drivers." }</p> }
        }
        Some(Event::DeferredWoken { .. }) => {
            html! { <p class="hint">{ "The drivers have turned: the defer list is woken from its end, so the task that yielded last is queued first." }</p> }
        }
        _ => Html::default(),
    }
}
