//! The header: the views, presenter mode and its panel choice, a share link, export and import
//! of the trace or the program, export of the run for Perfetto, restoring a replaced program,
//! and notices (a corrupt link or file is reported here; nothing the user wrote is changed by
//! it).

use super::{ByPtr, Dispatch};
use crate::services::{files, url};
use crate::state::{Action, AppState, Notice, Panel, View, share};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub state: ByPtr<AppState>,
    pub dispatch: Dispatch,
}

/// The fragment for the current state.
pub fn fragment_of(s: &AppState) -> String {
    share::encode(&share::Shared {
        source: s.source.to_string(),
        preset: s.preset.as_deref().map(String::from),
        overrides: s.overrides,
        cursor: s.cursor,
        walk: s.walk.as_ref().map(|w| (w.walkthrough.id.clone(), w.stop)),
    })
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let s = props.state.clone();
    let d = props.dispatch.clone();
    let copied = use_state(|| false);
    let share = {
        let s = s.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            let link = url::link(&fragment_of(&s));
            let clipboard = crate::services::window().navigator().clipboard();
            let _ = clipboard.write_text(&link);
            url::replace_fragment(&fragment_of(&s));
            copied.set(true);
        })
    };
    let export_trace = {
        let s = s.clone();
        Callback::from(move |_| {
            if let Some(run) = &s.run {
                files::download(
                    "lab-trace.jsonl",
                    "application/x-ndjson",
                    &files::trace_to_jsonl(run.replay.events()),
                );
            }
        })
    };
    let export_chrome_trace = {
        let s = s.clone();
        Callback::from(move |_| {
            if let Some(run) = &s.run {
                let name = s.preset.as_deref().unwrap_or("program");
                files::download(
                    &format!("{name}.trace.json"),
                    "application/json",
                    &runtime_core::trace::chrome::export(run.replay.events(), name),
                );
            }
        })
    };
    let export_program = {
        let s = s.clone();
        Callback::from(move |_| files::download("program.scn", "text/plain", &s.source))
    };
    let import = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let name = file.name();
            let d = d.clone();
            files::read_text(file, move |result| match result {
                Err(e) => d.dispatch(Action::Notice(Notice {
                    error: true,
                    text: format!("{e}. Nothing was changed."),
                })),
                Ok(text)
                    if name.ends_with(".jsonl")
                        || name.ends_with(".json")
                        || text.trim_start().starts_with('{') =>
                {
                    match files::trace_from_jsonl(&text) {
                        Ok(events) => d.dispatch(Action::ImportTrace(events)),
                        Err(e) => d.dispatch(Action::Notice(Notice {
                            error: true,
                            text: format!("{name} could not be opened: {e}. Nothing was changed."),
                        })),
                    }
                }
                Ok(text) => {
                    d.dispatch(Action::Edit(text));
                    d.dispatch(Action::Run);
                }
            });
        })
    };
    let tab = |v: View, label: &'static str| {
        let d = d.clone();
        let active = s.view == v;
        html! {
            <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))}
                onclick={Callback::from(move |_| d.dispatch(Action::SetView(v)))}>{ label }</button>
        }
    };
    let presenter = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::TogglePresenter))
    };
    html! {
        <header class="toolbar">
            <h1>{ crate::TITLE }</h1>
            <nav role="tablist" aria-label="Views">
                { tab(View::Lab, "Lab") }
                { tab(View::Exercises, "Exercises") }
                { tab(View::Challenges, "Challenges") }
            </nav>
            <div class="actions">
                <button onclick={presenter} aria-pressed={s.presenter.to_string()} title="Presenter mode: large type, high contrast, chosen panels (P)"
                    data-testid="presenter-toggle">{ if s.presenter { "Exit presenter" } else { "Presenter" } }</button>
                <button onclick={share} title="Copy a link to this program, these settings and this step" data-testid="share">
                    { if *copied { "Link copied" } else { "Share link" } }
                </button>
                <button onclick={export_trace} disabled={s.run.is_none()} title="Download the trace as JSON Lines">{ "Export trace" }</button>
                <button onclick={export_chrome_trace} disabled={s.run.is_none()} data-testid="export-chrome-trace"
                    title="Download the run as a Chrome trace, to open at ui.perfetto.dev or chrome://tracing">{ "Export for Perfetto" }</button>
                <button onclick={export_program} title="Download the program">{ "Export program" }</button>
                <label class="button" title="Open a program (.scn) or a trace (.jsonl)">
                    { "Import…" }
                    <input type="file" accept=".scn,.txt,.jsonl,.json" onchange={import} data-testid="import" class="visually-hidden" />
                </label>
                if s.replaced.is_some() {
                    <button onclick={let d = d.clone(); move |_| d.dispatch(Action::Restore)} title="Put back the program you had before loading a preset or link">
                        { "Restore my program" }
                    </button>
                }
            </div>
            if s.presenter {
                <div class="panel-choice" role="group" aria-label="Panels shown in presenter mode">
                    { for Panel::ALL.iter().map(|p| {
                        let d = d.clone();
                        let p = *p;
                        html! {
                            <label><input type="checkbox" checked={s.shows(p)}
                                onchange={Callback::from(move |_| d.dispatch(Action::TogglePanel(p)))} />{ format!(" {}", p.title()) }</label>
                        }
                    }) }
                </div>
            }
            if let Some(n) = &s.notice {
                <div class={classes!("notice", n.error.then_some("bad"))} role={if n.error { "alert" } else { "status" }}>
                    { n.text.clone() }
                    <button class="link" onclick={let d = d.clone(); move |_| d.dispatch(Action::DismissNotice)} aria-label="Dismiss">{ "✕" }</button>
                </div>
            }
        </header>
    }
}
