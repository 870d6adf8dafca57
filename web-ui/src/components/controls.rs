//! The stepping controls: buttons for each unit, the scrubber, play/pause and speed, the
//! cursor, and the sentence that explains the current event (also announced to screen
//! readers through an ARIA live region).

use super::{ByPtr, Dispatch};
use crate::explain::explain;
use crate::state::AtCursor;
use crate::state::trace_view::TraceView;
use crate::state::{Action, AppState, Unit};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the controls draw: the step (with the trace's views), play, speed and predict mode,
/// and how the run relates to the program in the editor ([`run_status`]).
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub view: ByPtr<TraceView>,
    pub playing: bool,
    /// Events per second while playing.
    pub speed: u32,
    pub predicting: bool,
    pub status: Option<AttrValue>,
    pub dispatch: Dispatch,
}

fn button(
    dispatch: &Dispatch,
    action: Action,
    label: &'static str,
    title: &'static str,
    testid: Option<&'static str>,
    enabled: bool,
) -> Html {
    let d = dispatch.clone();
    let onclick = Callback::from(move |_| d.dispatch(action.clone()));
    html! {
        <button class="step" {onclick} title={title} aria-label={title} disabled={!enabled}
            data-testid={testid}>{ label }</button>
    }
}

#[component]
pub fn StepControls(props: &ControlsProps) -> Html {
    let v = &*props.view;
    let d = &props.dispatch;
    let len = v.len();
    let at_start = v.cursor == 0;
    let at_end = v.cursor >= len;
    let has_selected = v.selected.is_some();
    let run = v.run.as_ref();

    let scrub = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<usize>() {
                d.dispatch(Action::Seek(v));
            }
        })
    };
    let speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u32>() {
                d.dispatch(Action::SetSpeed(v));
            }
        })
    };
    let sentence = step_sentence(v)
        .unwrap_or_else(|| "Run a program to see what the runtime does with it.".to_string());
    let now = run.map(|r| r.time(v.snapshot.now)).unwrap_or_default();
    // With several workers each has its own clock (a worker blocked by `work(d)` is ahead of
    // the others), so an event can happen earlier than the latest time seen: say whose time
    // it is, or the event log's times seem to run backwards.
    let behind = match (v.current_event(), run) {
        (Some(rec), Some(run)) if rec.at < v.snapshot.now => {
            format!(
                " (this event at {} on its worker's clock)",
                run.time(rec.at)
            )
        }
        _ => String::new(),
    };
    let cursor_text = format!("event {} of {len} · {now}{behind}", v.cursor);

    html! {
        <div class="controls" role="toolbar" aria-label="Stepping">
            <div class="buttons">
                { button(d, Action::Home, "|◀", "Go to the start (Home)", None, !at_start) }
                { button(d, Action::Back(Unit::Timer), "◀ timer", "Back to the previous timer event (Shift+T)", None, !at_start) }
                { button(d, Action::Back(Unit::Poll), "◀◀ poll", "Back one poll (Shift+←)", None, !at_start) }
                { button(d, Action::Back(Unit::Event), "◀ event", "Back one event (←)", Some("step-back"), !at_start) }
                <button class={classes!("step", "play", props.playing.then_some("playing"))}
                    onclick={let d = d.clone(); move |_| d.dispatch(Action::TogglePlay)}
                    title="Play or pause (Space)" aria-label={if props.playing {"Pause"} else {"Play"}}
                    aria-pressed={props.playing.to_string()} disabled={len == 0}>
                    { if props.playing { "❚❚ pause" } else { "▶ play" } }
                </button>
                { button(d, Action::Forward(Unit::Event), "event ▶", "Forward one event (→)", Some("step-forward"), !at_end) }
                { button(d, Action::Forward(Unit::Poll), "poll ▶▶", "Forward one poll (Shift+→)", None, !at_end) }
                { button(d, Action::Forward(Unit::Timer), "timer ▶", "To the next timer event (T)", None, !at_end) }
                { button(d, Action::Forward(Unit::Wake), "wake ▶", "To the next wake of the selected task (W)", None, !at_end && has_selected) }
                { button(d, Action::End, "▶|", "Go to the end (End)", None, !at_end) }
                <button class={classes!("step", props.predicting.then_some("on"))} data-testid="predict-toggle"
                    aria-pressed={props.predicting.to_string()} disabled={len == 0}
                    title="Predict mode: before some events, guess what happens next"
                    onclick={let d = d.clone(); move |_| d.dispatch(Action::TogglePredict)}>
                    { if props.predicting { "predicting" } else { "predict" } }
                </button>
                <label class="speed" title="Events per second while playing">
                    { "speed" }
                    <select onchange={speed} aria-label="Playing speed, events per second">
                        { for [1u32, 2, 5, 10, 30, 100].iter().map(|speed| html! {
                            <option value={speed.to_string()} selected={*speed == props.speed}>{ format!("{speed}/s") }</option>
                        }) }
                    </select>
                </label>
            </div>
            <input class="scrubber" type="range" min="0" max={len.to_string()} value={v.cursor.to_string()}
                oninput={scrub} aria-label="Scrub through the trace" aria-valuetext={cursor_text.clone()} />
            <div class="where">
                <span class="cursor" data-testid="cursor">{ cursor_text }</span>
                if let Some(status) = props.status.clone() {
                    <span class="stale" data-testid="run-status">{ status }</span>
                }
            </div>
            <p class="explain" aria-live="polite" aria-atomic="true">{ super::markdown::inline(&sentence) }</p>
        </div>
    }
}

/// How the run on screen relates to the program in the editor, when that needs saying.
pub fn run_status(s: &AppState) -> Option<String> {
    if !s.engine_ready && (s.stale || !s.waiting.is_empty()) {
        return Some(
            "loading the engine, which compiles and runs programs: this runs when it arrives"
                .to_string(),
        );
    }
    if let Some((_, place)) = s
        .rerun
        .as_ref()
        .filter(|(at, _)| *at == s.cursor && !s.stale)
    {
        return Some(place.describe());
    }
    let run = s.run.as_ref().filter(|_| s.stale)?;
    Some(if s.compile_error().is_some() {
        "the program has an error: this is its last good run".to_string()
    } else if crate::hooks::rerun::is_live(s.len()) {
        "edited: running again as you pause".to_string()
    } else {
        format!(
            "edited: press Run (Ctrl+Enter) to update; its last run had {} events, so it runs on request, not at every pause in typing",
            run.len()
        )
    })
}

/// The sentence that explains the step at the cursor (`None` with no run).
pub fn step_sentence(v: &TraceView) -> Option<String> {
    let run = v.run.as_ref()?;
    Some(match v.current_event() {
        Some(rec) => explain(rec, &v.snapshot, run),
        None => "At the start: nothing has happened yet. Step forward (→) to see the first event."
            .to_string(),
    })
}
