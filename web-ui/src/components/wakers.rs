//! Wakers: the log of every wake (who woke whom, and what it did) up to the cursor, newest
//! first, and who holds each live clone of each task's waker right now. A task that is idle
//! with no clone held by anyone is a lost wakeup: this panel makes it visible.

use super::TraceProps;
use crate::state::Action;
use runtime_core::replay::WakerStatus;
use runtime_core::trace::{Event, Holder, WakeEffect};
use yew::prelude::*;

const SHOWN: usize = 40;

#[component]
pub fn WakerPanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return html! { <div data-testid="waker-log" /> };
    };
    let n = &run.shown;
    let upto = run.waker_events.partition_point(|&i| i < s.cursor);
    let recent = &run.waker_events[upto.saturating_sub(SHOWN)..upto];
    let holder = |h: Holder| n.holder(h);
    let seek = |i: usize| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::Seek(i + 1)))
    };
    let tasks_with_wakers: Vec<_> = s
        .snapshot
        .tasks
        .iter()
        .filter(|t| !t.state.is_finished())
        .filter(|t| s.selected.is_none_or(|sel| sel == t.id))
        .take(30)
        .collect();
    html! {
        <div class="wakers">
            <h3>{ match s.selected {
                // Only the selected task is listed: say so, or the others look waker-less.
                Some(t) => format!("Who holds {}'s waker now (the selected task)", n.task(t)),
                None => "Who holds each task's waker now".to_string(),
            } }</h3>
            // Both lists scroll when long: focusable, so the keyboard can scroll them too.
            <ul class="ownership" tabindex="0" aria-label="Waker holders">
                { for tasks_with_wakers.iter().map(|t| {
                    let status = s.snapshot.waker_status(t.id);
                    let lost = status == WakerStatus::Lost;
                    let being_queued = status == WakerStatus::BeingQueued;
                    html! {
                        <li class={classes!(lost.then_some("lost"))} data-task={t.name.to_string()}>
                            <b>{ n.task(t.id) }</b>{ ": " }
                            if t.wakers.is_empty() {
                                if lost { <span class="bad">{ "nobody (idle with no waker: it can never be woken)" }</span> }
                                else if being_queued { <span class="muted">{ "no clones: it was just woken and goes into a queue next" }</span> }
                                else { <span class="muted">{ "no clones (the executor has it while queued or running)" }</span> }
                            } else {
                                { for t.wakers.iter().map(|(w, h)| html! {
                                    <span class="holder" title={format!("waker clone {}", w.0)}>{ format!("#{} {}", w.0, holder(*h)) }</span>
                                }) }
                            }
                        </li>
                    }
                }) }
            </ul>
            <h3>{ "Waker log (newest first)" }</h3>
            <ol class="waker-log" data-testid="waker-log" reversed=true tabindex="0" aria-label="Waker log">
                if recent.is_empty() { <li class="empty">{ "No waker activity yet." }</li> }
                { for recent.iter().rev().map(|&i| {
                    let rec = run.event(i).expect("indexed");
                    let at = run.time(rec.at);
                    let (class, what, text) = match &rec.event {
                        Event::Woken { task, source, effect, by_ref, waker } => {
                            let eff = match effect {
                                WakeEffect::Queued(_) => "queued",
                                WakeEffect::AlreadyQueued => "already queued",
                                WakeEffect::SelfWake => "self-wake",
                                WakeEffect::TaskFinished => "task finished",
                            };
                            let w = waker.map_or_else(|| "cx".to_string(), |w| format!("#{}", w.0));
                            ("woken", "wake", format!("{} woken by {} via {w}{} → {eff}", n.task(*task), n.source(*source), if *by_ref { "" } else { " (by value)" }))
                        }
                        Event::WakerCloned { task, waker, holder } => ("cloned", "clone", format!("{} waker #{} cloned, held by {}", n.task(*task), waker.0, n.holder(*holder))),
                        Event::WakerDropped { task, waker } => ("dropped", "drop", format!("{} waker #{} dropped", n.task(*task), waker.0)),
                        _ => ("", "", String::new()),
                    };
                    let current = i + 1 == s.cursor;
                    html! {
                        <li class={classes!(class, current.then_some("current"))}>
                            // A button, so the keyboard reaches it too (Tab, then Enter).
                            <button class="go" onclick={seek(i)} title="Go to this event">
                                // A real word, not CSS content: a screen reader reads "wake 0 ms", not "wake0 ms".
                                <span class="what">{ what }</span>{ " " }
                                <span class="at">{ at }</span>{ " " }{ text }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
