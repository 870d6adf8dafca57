//! The Pin / state-machine view of the selected task: its future drawn as the kind of `enum`
//! rustc generates for an `async` body, one variant per `.await` holding the variables kept
//! alive across it, with the variant it is in now highlighted. Beside it: the future's size
//! (for a program in the lab's language, `scenario`'s estimate, not rustc's layout, and
//! labelled as a model; for a Rust task, its `size_of`), and its address ordinal, which stays
//! `#0` for the task's whole life, because a pinned future never moves. That is what `Pin`
//! guarantees, and why self-references inside it are safe.

use super::TraceProps;
use crate::state::Action;
use crate::state::AtCursor;
use runtime_core::TaskState;
use yew::prelude::*;

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[component]
pub fn PinPanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return html! { <div data-testid="pin-panel" /> };
    };
    // The selected task, or else the one being polled, or the one the last event is about,
    // or the next to be polled.
    let chosen = s
        .selected
        .or_else(|| s.snapshot.workers.iter().find_map(|w| w.running))
        .or_else(|| s.current_event().and_then(|e| e.event.task()))
        .or_else(|| {
            s.snapshot
                .workers
                .iter()
                .find_map(|w| w.lifo.or_else(|| w.local.front().copied()))
        });
    let Some(view) = chosen.and_then(|t| s.snapshot.task(t)) else {
        return html! {
            <div class="pin" data-testid="pin-panel">
                <p class="empty">{ "Select a task (click it in the queue or the task table) to see its future as a state machine." }</p>
            </div>
        };
    };
    let program_task = run.program.as_ref().and_then(|p| {
        p.tasks
            .iter()
            .position(|t| t.name == *view.name)
            .map(|i| (p.clone(), i))
    });
    let state = view.state;
    let current_site = view.parked_at.and_then(|l| run.await_site(l)).map(|a| a.id);
    let enum_name = format!("{}Future", camel(&view.name));
    let d = props.dispatch.clone();
    let clear = Callback::from(move |_| d.dispatch(Action::Select(None)));
    let locals = view.locals.as_deref().unwrap_or("");

    let variant = |name: String, body: Html, active: bool, note: String| {
        html! {
            <li class={classes!("variant", active.then_some("active"))} aria-current={active.then_some("true")}>
                <code>{ name }</code>{ body }
                if !note.is_empty() { <span class="note">{ note }</span> }
            </li>
        }
    };
    // Its poll has returned Ready: the future is in `Returned`, no longer in the state it
    // resumed from, though the runtime has not recorded `completed` yet (replay says which).
    let returned = matches!(state, TaskState::Running { .. }) && view.returned;
    let running = matches!(state, TaskState::Running { .. }) && !returned;
    // In its first poll the future resumed from `Unresumed` (it has no await point yet).
    let first_poll = running && view.polls == 1 && view.parked_at.is_none();
    let unresumed = (view.polls == 0 || first_poll) && !state.is_finished();
    html! {
        <div class="pin" data-testid="pin-panel">
            <div class="pin-head">
                <span><b>{ run.shown.task(view.id) }</b>{ format!(" — {}", state.as_str()) }</span>
                if s.selected.is_some() { <button class="link" onclick={clear}>{ "follow the running task" }</button> }
            </div>
            <dl class="facts">
                if run.program.is_some() {
                    <dt title="A model, not rustc's layout: a discriminant, the variables kept across each await and the largest future awaited, with a fixed size for each of the lab's futures (any sleep counts as 24 bytes)">{ "size (model)" }</dt>
                } else {
                    <dt title="size_of the future, as compiled">{ "size" }</dt>
                }
                <dd>{ format!("{} bytes", view.size) }</dd>
                <dt>{ "address" }</dt>
                <dd title="An ordinal for the future's address, recorded at every poll">
                    { format!("#{} ", view.addr) }
                    <span class="muted">{ if view.polls > 0 { format!("same at all {} polls: pinned, never moved", view.polls) } else { "not polled yet".to_string() } }</span>
                </dd>
            </dl>
            <pre class="enum-decl" title="The shape of the state machine rustc generates for the async body, drawn from the program (not read from the compiler)">{ format!("enum {enum_name} {{") }</pre>
            <ul class="variants">
                { variant("Unresumed".into(), Html::default(), unresumed, "created, not polled yet".into()) }
                if let Some((program, i)) = &program_task {
                    { for program.await_sites.iter().filter(|a| a.task.index() == *i).enumerate().map(|(k, site)| {
                        let task = &program.tasks[*i];
                        let fields: Vec<String> = site.locals.iter().map(|l| {
                            let local = &task.locals[l.index()];
                            format!("{}: {}", local.name, local.ty)
                        }).collect();
                        let active = current_site == Some(site.id) && !state.is_finished() && !returned;
                        let body = html! { <code class="fields">{ format!(" {{ {} }}", fields.join(", ")) }</code> };
                        let note = format!("{} (line {})", site.label, site.span.line);
                        // While it runs, the generator is still in the variant it resumed from.
                        variant(format!("Await{k}"), body, active, note)
                    }) }
                } else if let Some(l) = view.parked_at {
                    { variant("Suspended".into(), Html::default(), !state.is_finished(), run.names.label(l)) }
                }
                { variant("Returned".into(), Html::default(), state == TaskState::Done || returned, "completed".into()) }
                if state == TaskState::Cancelled {
                    { variant("(dropped)".into(), Html::default(), true, "cancelled: the future was dropped in its current state".into()) }
                }
            </ul>
            <pre class="enum-decl">{ "}" }</pre>
            if running {
                <p class="note">{ "Being polled now: it resumed from the highlighted state and runs until its next await." }</p>
            }
            if returned {
                <p class="note">{ "Its poll returned Ready: the future has run to its end. The runtime records it as completed next." }</p>
            }
            if !locals.is_empty() && !state.is_finished() {
                <p class="locals" title="The values its future holds while parked">
                    <span class="muted">{ "holding: " }</span><code>{ locals.to_string() }</code>
                </p>
            }
        </div>
    }
}
