//! Diagnostics: the warnings the runtime raised up to the cursor (long polls, lost wakers,
//! self-wake storms, stalled tasks with the reason, limits, run-time errors), each a link to
//! the event that raised it, plus the worst offenders by poll time and by wake latency.

use super::TraceProps;
use crate::explain::explain;
use crate::state::Action;
use runtime_core::trace::Event;
use yew::prelude::*;

#[component]
pub fn DiagnosticsPanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return html! { <div data-testid="diagnostics" /> };
    };
    let upto = run.diagnostic_events.partition_point(|&i| i < s.cursor);
    let shown = &run.diagnostic_events[..upto];
    let later = run.diagnostic_events.len() - upto;
    let snap = &s.snapshot;
    let longest = snap
        .tasks
        .iter()
        .filter(|t| t.polls > 0)
        .max_by_key(|t| (t.longest_poll, std::cmp::Reverse(t.id)));
    let slowest = snap
        .tasks
        .iter()
        .filter(|t| t.polls > 0)
        .max_by_key(|t| (t.max_wait, std::cmp::Reverse(t.id)));
    html! {
        <div class="diagnostics" data-testid="diagnostics">
            if shown.is_empty() {
                <p class="empty good">{ "No warnings so far." }</p>
            }
            <ul>
            { for shown.iter().map(|&i| {
                let rec = run.event(i).expect("indexed");
                let kind = match rec.event {
                    Event::LongPoll { .. } => "long poll",
                    Event::LostWaker { .. } => "lost waker",
                    Event::SelfWakeStorm { .. } => "self-wake storm",
                    Event::Stalled { .. } => "stuck task",
                    Event::LimitReached { .. } => "limit",
                    Event::Fault { .. } => "error",
                    _ => "warning",
                };
                let d = props.dispatch.clone();
                let task = rec.event.task();
                let onclick = Callback::from(move |_| {
                    d.dispatch(Action::Seek(i + 1));
                    if task.is_some() { d.dispatch(Action::Select(task)); }
                });
                html! {
                    <li class={classes!("diag", kind.replace(' ', "-"))}>
                        <button class="link" {onclick} title="Go to the event that raised it">
                            { format!("{} · event {}", run.time(rec.at), i + 1) }
                        </button>
                        <span class="kind">{ kind }</span>
                        <span class="text">{ explain(rec, snap, run) }</span>
                    </li>
                }
            }) }
            </ul>
            if later > 0 {
                <p class="muted">{ format!("{later} more later in the trace (step on, or press End).") }</p>
            }
            <dl class="stats">
                if let Some(t) = longest.filter(|t| t.longest_poll > 0) {
                    <dt>{ "longest poll" }</dt>
                    <dd>{ format!("{}: {}", run.shown.task(t.id), run.time(t.longest_poll)) }</dd>
                }
                if let Some(t) = slowest.filter(|t| t.max_wait > 0) {
                    <dt>{ "longest wait to be polled" }</dt>
                    <dd>{ format!("{}: {} in a queue, from enqueued to polled", run.shown.task(t.id), run.time(t.max_wait)) }</dd>
                }
            </dl>
        </div>
    }
}
