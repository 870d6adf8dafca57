//! The header: the views, presenter mode and its panel choice, a share link, export and import
//! of the trace or the program, export of the run for Perfetto, restoring a replaced program,
//! and notices (a corrupt link or file is reported here; nothing the user wrote is changed by
//! it).

use super::{ByPtr, Dispatch};
use crate::services::{files, url};
use crate::state::{Action, Notice, Panel, RunData, View};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the header draws: it does not change when the learner steps, so stepping does not
/// re-render it.
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub view: View,
    pub presenter: bool,
    /// The panels shown in presenter mode (`Panel::bit`s).
    pub presenter_panels: u16,
    pub notice: Option<Notice>,
    /// A program replaced by a preset or a link can be put back.
    pub can_restore: bool,
    pub run: Option<ByPtr<RunData>>,
    pub source: ByPtr<str>,
    /// The name exported files take (the preset's, or "program").
    pub name: AttrValue,
    /// The share link's fragment for what the page shows now (the step included).
    pub fragment: Callback<(), String>,
    pub dispatch: Dispatch,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let d = props.dispatch.clone();
    let copied = use_state(|| false);
    let share = {
        let fragment = props.fragment.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            let fragment = fragment.emit(());
            let clipboard = crate::services::window().navigator().clipboard();
            let _ = clipboard.write_text(&url::link(&fragment));
            url::replace_fragment(&fragment);
            copied.set(true);
        })
    };
    let export_trace = {
        let run = props.run.clone();
        Callback::from(move |_| {
            if let Some(run) = &run {
                files::download(
                    "lab-trace.jsonl",
                    "application/x-ndjson",
                    &files::trace_to_jsonl(run.replay.events()),
                );
            }
        })
    };
    let export_chrome_trace = {
        let run = props.run.clone();
        let name = props.name.clone();
        Callback::from(move |_| {
            if let Some(run) = &run {
                files::download(
                    &format!("{name}.trace.json"),
                    "application/json",
                    &runtime_core::trace::chrome::export(run.replay.events(), &name),
                );
            }
        })
    };
    let export_program = {
        let source = props.source.clone();
        Callback::from(move |_| files::download("program.scn", "text/plain", &source))
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
                Ok(text) => d.dispatch(Action::ImportProgram(text)),
            });
        })
    };
    let tab = |v: View, label: &'static str| {
        let d = d.clone();
        let active = props.view == v;
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
                <button onclick={presenter} aria-pressed={props.presenter.to_string()} title="Presenter mode: large type, high contrast, chosen panels (P)"
                    data-testid="presenter-toggle">{ if props.presenter { "Exit presenter" } else { "Presenter" } }</button>
                <button onclick={share} title="Copy a link to this program, these settings and this step" data-testid="share">
                    { if *copied { "Link copied" } else { "Share link" } }
                </button>
                <button onclick={export_trace} disabled={props.run.is_none()} title="Download the trace as JSON Lines">{ "Export trace" }</button>
                <button onclick={export_chrome_trace} disabled={props.run.is_none()} data-testid="export-chrome-trace"
                    title="Download the run as a Chrome trace, to open at ui.perfetto.dev or chrome://tracing">{ "Export for Perfetto" }</button>
                <button onclick={export_program} title="Download the program">{ "Export program" }</button>
                <label class="button" title="Open a program (.scn) or a trace (.jsonl)">
                    { "Import…" }
                    <input type="file" accept=".scn,.txt,.jsonl,.json" onchange={import} data-testid="import" class="visually-hidden" />
                </label>
                if props.can_restore {
                    <button onclick={let d = d.clone(); move |_| d.dispatch(Action::Restore)} title="Put back the program you had before loading a preset or link">
                        { "Restore my program" }
                    </button>
                }
            </div>
            if props.presenter {
                <div class="panel-choice" role="group" aria-label="Panels shown in presenter mode">
                    { for Panel::ALL.iter().map(|p| {
                        let d = d.clone();
                        let p = *p;
                        html! {
                            <label><input type="checkbox" checked={props.presenter_panels & p.bit() != 0}
                                onchange={Callback::from(move |_| d.dispatch(Action::TogglePanel(p)))} />{ format!(" {}", p.title()) }</label>
                        }
                    }) }
                </div>
            }
            if let Some(n) = &props.notice {
                <div class={classes!("notice", n.error.then_some("bad"))} role={if n.error { "alert" } else { "status" }}>
                    { n.text.clone() }
                    <button class="link" onclick={let d = d.clone(); move |_| d.dispatch(Action::DismissNotice)} aria-label="Dismiss">{ "✕" }</button>
                </div>
            }
        </header>
    }
}
