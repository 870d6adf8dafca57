//! The scenario editor: a plain `<textarea>` over a copy of the text highlighted with the
//! scenario language's own lexer, with the first error underlined at its line and column and
//! its message (and hint) beside it. The textarea grows with its text, so the highlighted copy
//! never has to follow its scrolling.

use super::editor_keys as keys;
use super::{ByPtr, Dispatch};
use crate::state::{Action, RunData};
use scenario::Token;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the editor draws: it re-renders when the program, its tokens, its error or its run
/// change, not at every step.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: ByPtr<str>,
    pub tokens: ByPtr<[Token]>,
    /// The program's first error, if it does not compile.
    pub error: Option<ByPtr<scenario::Error>>,
    /// Edited since the run shown.
    pub stale: bool,
    /// The engine (which compiles and runs) has not loaded yet.
    #[prop_or_default]
    pub loading: bool,
    pub run: Option<ByPtr<RunData>>,
    pub dispatch: Dispatch,
}

/// The highlighted copy of `source`: one span per token, the error's tokens underlined.
fn highlight(source: &str, tokens: &[scenario::Token], error: Option<(u32, u32)>) -> Html {
    let mut out = Vec::with_capacity(tokens.len() * 2 + 2);
    let mut pos = 0usize;
    let mut marked = false;
    for tok in tokens {
        let (start, end) = (tok.span.start as usize, tok.span.end as usize);
        if start > pos {
            out.push(html! { { &source[pos..start] } });
        }
        let in_error =
            error.is_some_and(|(a, b)| (start as u32) < b.max(a + 1) && (end as u32) > a);
        marked |= in_error;
        let class = classes!("tok", tok.class().as_str(), in_error.then_some("err"));
        let text = &source[start..end];
        out.push(html! { <span {class}>{ text }</span> });
        pos = end;
    }
    if pos < source.len() {
        out.push(html! { { &source[pos..] } });
    }
    if let (Some(_), false) = (error, marked) {
        // An error at the end of the text (a missing `}`): show where.
        out.push(html! { <span class="tok err eof">{ " " }</span> });
    }
    // A trailing newline needs something after it to be drawn.
    out.push(html! { { "\n" } });
    out.into_iter().collect::<Html>()
}

/// The selection, as byte offsets into `text`.
fn selection(area: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
    let at = |p: Result<Option<u32>, _>| keys::byte_of(text, p.ok().flatten().unwrap_or(0));
    let (a, b) = (at(area.selection_start()), at(area.selection_end()));
    (a.min(b), a.max(b))
}

/// Makes `change` as the browser's own typing would, so Ctrl+Z undoes it and the `input` event
/// saves and re-parses the text as for any keystroke.
fn apply_change(area: &HtmlTextAreaElement, c: &keys::Change) {
    let text = area.value();
    let pos = |b| keys::utf16_of(&text, b);
    let _ = area.set_selection_range(pos(c.start), pos(c.end));
    let typed = crate::services::window()
        .document()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| {
            let command = if c.text.is_empty() {
                "delete"
            } else {
                "insertText"
            };
            d.exec_command_with_show_ui_and_value(command, false, &c.text)
                .ok()
        })
        .unwrap_or(false);
    if !typed {
        // No `insertText` (an old browser): replace the text directly; undo will not see it.
        let _ = area.set_range_text(&c.text);
        if let Ok(input) = web_sys::Event::new("input") {
            let _ = area.dispatch_event(&input);
        }
    }
    let after = area.value();
    let at = |b| keys::utf16_of(&after, b);
    let _ = area.set_selection_range(at(c.select.0), at(c.select.1));
}

#[component]
pub fn EditorPanel(props: &EditorProps) -> Html {
    let d = &props.dispatch;
    let source = &*props.source;
    let oninput = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            // Saved here, as it is typed, not in an effect after the render: a reload right
            // after a keystroke must not lose it.
            crate::services::storage::save_typed(&text);
            d.dispatch(Action::Edit(text));
        })
    };
    // Esc, then Tab, leaves the editor (Tab alone indents): the keyboard is never trapped.
    let tab_leaves = use_mut_ref(|| false);
    let onkeydown = {
        let d = d.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Keys typed in the editor never step the trace.
            e.stop_propagation();
            let leave = core::mem::replace(&mut *tab_leaves.borrow_mut(), e.key() == "Escape");
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let command = e.ctrl_key() || e.meta_key();
            let change = match e.key().as_str() {
                "Enter" if command => {
                    e.prevent_default();
                    d.dispatch(Action::Run);
                    return;
                }
                "Tab" if leave || command || e.alt_key() => return,
                "Tab" | "Enter" | "/" => {
                    let text = area.value();
                    let (a, b) = selection(&area, &text);
                    match e.key().as_str() {
                        "Tab" if e.shift_key() => keys::outdent(&text, a, b),
                        "Tab" => Some(keys::indent(&text, a, b)),
                        "Enter" if !e.shift_key() && !e.alt_key() => {
                            Some(keys::newline(&text, a, b))
                        }
                        "/" if command => Some(keys::toggle_comment(&text, a, b)),
                        _ => return,
                    }
                }
                _ => return,
            };
            e.prevent_default();
            if let Some(c) = change {
                apply_change(&area, &c);
            }
        })
    };
    let run = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::Run))
    };
    let error = props.error.as_deref();
    let err_span = error.map(|e| (e.span.start, e.span.end));
    let lines = source.lines().count().max(1) + usize::from(source.ends_with('\n'));
    let gutter: String = (1..=lines).map(|i| format!("{i}\n")).collect();
    let error_line = error.map(|e| e.span.line);
    let live = crate::hooks::rerun::is_live(props.run.as_deref().map_or(0, RunData::len));

    html! {
        <div class="editor-wrap">
            <div class="editor-bar">
                <button class="run primary" data-testid="run" onclick={run} disabled={error.is_some()}
                    title="Compile and run the program (Ctrl+Enter)">{ "▶ Run" }</button>
                if props.loading && props.stale {
                    <span class="status">{ "waiting for the engine to load" }</span>
                } else if let Some(e) = error {
                    <span class="status bad">{ format!("error at line {}, column {}", e.span.line, e.span.col) }</span>
                } else if props.stale && !live {
                    <span class="status">{ "edited: Run to see the new trace" }</span>
                } else if props.stale {
                    <span class="status">{ "edited: running again as you pause" }</span>
                } else {
                    <span class="status good">{ "ran: step through it" }</span>
                }
            </div>
            <div class="editor" aria-label="Program editor" style={format!("--lines: {lines}")}>
                <pre class="gutter" aria-hidden="true">
                    { for gutter.lines().enumerate().map(|(i, n)| {
                        let bad = error_line == Some(i as u32 + 1);
                        html! { <span class={classes!(bad.then_some("bad-line"))}>{ n }{ "\n" }</span> }
                    }) }
                </pre>
                <div class="code">
                    <pre class="highlight" aria-hidden="true">{ highlight(source, &props.tokens, err_span) }</pre>
                    <textarea data-testid="scenario-editor" spellcheck="false" autocomplete="off"
                        autocapitalize="off" aria-label="Scenario program" rows={(lines + 1).to_string()}
                        value={source.to_string()} {oninput} {onkeydown}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then_some("editor-error")} />
                </div>
            </div>
            if let Some(e) = error {
                <div class="error" id="editor-error" data-testid="error" role="alert">
                    <span class="where">{ format!("line {}, column {}: ", e.span.line, e.span.col) }</span>
                    <span class="msg">{ e.message.clone() }</span>
                    if let Some(h) = &e.hint {
                        <div class="hint">{ format!("hint: {h}") }</div>
                    }
                </div>
            }
            if let Some(outcome) = props.run.as_ref().and_then(|r| r.outcome.clone()).filter(|_| !props.stale) {
                { outcome_line(&outcome) }
            }
        </div>
    }
}

fn outcome_line(o: &scenario::Outcome) -> Html {
    match o {
        scenario::Outcome::Finished => {
            html! { <p class="outcome good">{ "The run finished: every task completed." }</p> }
        }
        scenario::Outcome::Stalled { tasks } => html! {
            <p class="outcome warn">{ format!("The run stalled: {tasks} task(s) left that nothing can wake (see Diagnostics).") }</p>
        },
        scenario::Outcome::Limit(m) | scenario::Outcome::Fault(m) => html! {
            <p class="outcome bad" data-testid="error" role="alert">{ m.clone() }</p>
        },
    }
}
