//! The application: one reducer, the effects that connect it to the browser (saving the
//! draft, the URL fragment, the keyboard, the play timer), and the layout of the panels.

use crate::components::challenges::ChallengesView;
use crate::components::classroom::{
    CHALLENGES_KEY, ChallengePanel, PredictionPrompt, WalkthroughPanel, completed,
};
use crate::components::controls::StepControls;
use crate::components::diagnostics::DiagnosticsPanel;
use crate::components::editor::EditorPanel;
use crate::components::event_log::EventLogPanel;
use crate::components::exercises::ExercisesView;
use crate::components::lesson::LessonPanel;
use crate::components::pin::PinPanel;
use crate::components::queues::ReadyQueuePanel;
use crate::components::settings::SettingsPanel;
use crate::components::tasks::TaskTablePanel;
use crate::components::timeline::TimelinePanel;
use crate::components::toolbar::{Toolbar, fragment_of};
use crate::components::wakers::WakerPanel;
use crate::components::wheel::TimerWheelPanel;
use crate::components::{PanelBox, Shared};
use crate::services::{keyboard, storage, url};
use crate::state::sessions::WalkSession;
use crate::state::{Action, AppState, Notice, Panel, View, share};
use gloo_timers::callback::Interval;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// Where the predict-mode scores are kept (per program), for the learner's export.
pub const PREDICTIONS_KEY: &str = "lab.predictions.v1";
/// The channel an audience window listens on.
const LIVE_CHANNEL: &str = "lab-live";

/// Where the view the page was left on is kept.
const VIEW_KEY: &str = "lab.view.v1";

/// Where the challenge being worked on is remembered across a reload ("" for none).
const CHALLENGE_KEY: &str = "lab.challenge.v1";

/// The program a first visit opens.
pub const FIRST_PRESET: &str = "tour";

/// The state to start from: a shared link if the URL has one, else the saved draft, else the
/// first preset. A link that cannot be read leaves the draft and says why. When the URL holds
/// the fragment this browser wrote itself (`own`: a reload), the draft wins if it differs: it
/// is the newer edit (the address may lag an edit by a moment).
pub fn initial_state(fragment: &str, draft: Option<String>, own: Option<String>) -> AppState {
    let reload = own
        .as_deref()
        .is_some_and(|o| o.trim_start_matches('#') == fragment.trim_start_matches('#'));
    let start_from_draft = |notice: Option<Notice>| {
        let mut s = match draft.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => {
                let preset = scenario::presets::all()
                    .into_iter()
                    .find(|p| p.source == d)
                    .map(|p| p.name);
                AppState::new(d, preset)
            }
            None => {
                let p = scenario::presets::find(FIRST_PRESET).expect("the first preset exists");
                AppState::new(p.source, Some(p.name))
            }
        };
        s.notice = notice;
        s
    };
    match share::decode(fragment) {
        Ok(None) => start_from_draft(None),
        Ok(Some(shared))
            if reload
                && draft
                    .as_deref()
                    .is_some_and(|d| !d.trim().is_empty() && d != shared.source) =>
        {
            start_from_draft(None)
        }
        Ok(Some(shared)) => {
            let base = start_from_draft(None);
            let s = crate::state::apply(Rc::new(base), Action::OpenShared(shared));
            (*s).clone()
        }
        Err(why) => start_from_draft(Some(Notice {
            error: true,
            text: format!(
                "This link could not be opened: {why}. Your own program is shown instead, unchanged."
            ),
        })),
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fragment = url::fragment();
        let own = url::own_fragment();
        // A reload (or a plain visit) goes on with the challenge being worked on; a link from
        // someone else opens what it says.
        let resume = fragment.is_empty() || own.as_deref() == Some(fragment.as_str());
        let mut s = initial_state(&fragment, storage::load_draft(), own);
        if resume
            && s.walk.is_none()
            && let Some(id) = storage::get(CHALLENGE_KEY).filter(|id| !id.is_empty())
        {
            s = (*crate::state::apply(Rc::new(s), Action::ResumeChallenge(id))).clone();
        }
        // Come back to the view the page was left on (a live-editing reload returns to the
        // exercise being worked on).
        s.view = match storage::get(VIEW_KEY).as_deref() {
            Some("exercises") => View::Exercises,
            Some("challenges") => View::Challenges,
            _ => View::Lab,
        };
        s
    });
    let dispatch = state.dispatcher();
    use_effect_with(
        state.challenge.as_ref().map(|c| c.challenge.id.clone()),
        |id| storage::set(CHALLENGE_KEY, id.as_deref().unwrap_or("")),
    );
    use_effect_with(state.view, |v| {
        storage::set(
            VIEW_KEY,
            match v {
                View::Lab => "lab",
                View::Exercises => "exercises",
                View::Challenges => "challenges",
            },
        );
    });

    // An audience window (opened by a presenter, `?audience=1`) follows the presenter's
    // window through a BroadcastChannel; every other window publishes what it shows.
    let audience = use_state(|| {
        crate::services::window()
            .location()
            .search()
            .unwrap_or_default()
            .contains("audience=1")
    });
    {
        let d = dispatch.clone();
        let audience = *audience;
        use_effect_with(audience, move |on| {
            d.dispatch(Action::SetAudience(*on));
            let channel = web_sys::BroadcastChannel::new(LIVE_CHANNEL).ok();
            let listener = (*on).then(|| {
                let d = d.clone();
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let Some(text) = e.data().as_string() else {
                        return;
                    };
                    let Ok(live) = serde_json::from_str::<serde_json::Value>(&text) else {
                        return;
                    };
                    let fragment = live["fragment"].as_str().unwrap_or_default();
                    let panels = live["panels"].as_u64().unwrap_or(0) as u16;
                    let selected = live["selected"]
                        .as_u64()
                        .map(|t| runtime_core::TaskId(t as u32));
                    let revealed = live["revealed"].as_bool().unwrap_or(false);
                    if let Ok(Some(shared)) = share::decode(fragment) {
                        d.dispatch(Action::Follow(shared, panels, selected, revealed));
                    }
                })
            });
            if let (Some(ch), Some(l)) = (&channel, &listener) {
                ch.set_onmessage(Some(l.as_ref().unchecked_ref()));
            }
            move || {
                if let Some(ch) = &channel {
                    ch.set_onmessage(None);
                    ch.close();
                }
                drop(listener);
            }
        });
    }
    {
        let s = state.clone();
        let audience = *audience;
        let key = (
            state.source.clone(),
            state.overrides,
            state.cursor,
            state.presenter_panels,
            state.selected,
            state.walk.as_ref().map(|w| w.stop),
            revealed(&state),
        );
        use_effect_with(key, move |_| {
            if !audience && let Ok(ch) = web_sys::BroadcastChannel::new(LIVE_CHANNEL) {
                let live = serde_json::json!({
                    "fragment": fragment_of(&s),
                    "panels": s.presenter_panels,
                    "selected": s.selected.map(|t| t.0),
                    "revealed": revealed(&s),
                });
                let _ = ch.post_message(&live.to_string().into());
                ch.close();
            }
        });
    }
    // Record completed challenges and prediction scores, for the learner's export.
    use_effect_with(
        state
            .challenge
            .as_ref()
            .filter(|c| c.passed)
            .map(|c| c.challenge.id.clone()),
        |done| {
            if let Some(id) = done {
                let mut list = completed();
                if !list.contains(id) {
                    list.push(id.clone());
                    if let Ok(text) = serde_json::to_string(&list) {
                        storage::set(CHALLENGES_KEY, &text);
                    }
                }
            }
        },
    );
    {
        let program = state.preset.unwrap_or("own program").to_string();
        use_effect_with(state.quiz.clone().map(Shared), move |quiz| {
            if let Some(q) = quiz {
                let score = q.quiz.score();
                if score.right + score.wrong > 0 {
                    let mut all: serde_json::Value = storage::get(PREDICTIONS_KEY)
                        .and_then(|t| serde_json::from_str(&t).ok())
                        .unwrap_or_else(|| serde_json::json!({}));
                    all[program.as_str()] =
                        serde_json::json!({ "right": score.right, "wrong": score.wrong });
                    storage::set(PREDICTIONS_KEY, &all.to_string());
                }
            }
        });
    }
    // The keyboard listener reads whether a walkthrough is on (PageDown then goes to the
    // next stop) through this cell, updated at each render.
    let walk_stop = use_mut_ref(|| None::<(usize, usize)>);
    *walk_stop.borrow_mut() = state.walk.as_ref().map(|w| (w.stop, w.stops.len()));
    // Work offline once loaded.
    use_effect_with((), |_| crate::services::offline::register());
    // A program replaced on an earlier visit can still be restored.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            if let Some(prev) = storage::load_previous() {
                d.dispatch(Action::Remember(prev));
            }
        });
    }
    // Save the editor's text as it is typed, and any program a preset or link replaced.
    // Keep the program in the browser when a preset, a link or a challenge replaced it
    // (typed text is saved by the editor as it is typed). Not at the first render: that text
    // came from storage or the address, and saving it late could overwrite a keystroke.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(
            (state.source.clone(), state.typed),
            move |(source, typed)| {
                if !core::mem::replace(&mut *first.borrow_mut(), false) && !typed {
                    storage::save_draft(source);
                }
            },
        );
    }
    use_effect_with(state.replaced.clone(), |replaced| {
        if let Some(r) = replaced {
            storage::save_previous(r);
        }
    });
    // Keep the URL fragment in step with the program, the settings and the step. A change of
    // program or settings is written at once (a reload right after an edit must not reopen the
    // old link); a step only once the user pauses (a quarter second), so holding an arrow key
    // does not rewrite it at each step.
    {
        let s = state.clone();
        let last_program = use_mut_ref(|| None::<(Rc<str>, scenario::interp::Overrides)>);
        use_effect_with(
            (state.source.clone(), state.overrides, state.cursor),
            move |(source, overrides, _)| {
                let program = Some((source.clone(), *overrides));
                let changed = *last_program.borrow() != program;
                *last_program.borrow_mut() = program;
                let timer = s
                    .run
                    .as_ref()
                    .is_some_and(|r| r.program.is_some())
                    .then(|| {
                        let fragment = fragment_of(&s);
                        if changed {
                            url::replace_fragment(&fragment);
                            None
                        } else {
                            Some(gloo_timers::callback::Timeout::new(250, move || {
                                url::replace_fragment(&fragment)
                            }))
                        }
                    });
                move || drop(timer)
            },
        );
    }
    // A link pasted into the address bar of an open lab (a learner catching up on a
    // walkthrough): open it as a fresh load would. The page's own writes use replaceState,
    // which fires no `hashchange`; the fragment it wrote last is ignored all the same.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || {
                let fragment = url::fragment();
                if url::own_fragment().as_deref() == Some(fragment.as_str()) {
                    return;
                }
                match share::decode(&fragment) {
                    Ok(Some(shared)) => {
                        d.dispatch(Action::SetView(View::Lab));
                        d.dispatch(Action::OpenShared(shared));
                    }
                    Ok(None) => {}
                    Err(why) => d.dispatch(Action::Notice(Notice {
                        error: true,
                        text: format!(
                            "This link could not be opened: {why}. Your program is unchanged."
                        ),
                    })),
                }
            });
            on_window("hashchange", listener)
        });
    }
    // The keyboard: one listener on the window, ignoring keys typed into fields.
    {
        let d = dispatch.clone();
        let walk_stop = walk_stop.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                // Fields that take typing (or arrows: the scrubber, a select) keep their keys;
                // a checkbox or a button does not, so a presenter's clicker always steps.
                let in_field = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| match el.tag_name().as_str() {
                        "TEXTAREA" | "SELECT" => true,
                        "INPUT" => !matches!(
                            el.get_attribute("type").as_deref(),
                            Some("checkbox" | "radio" | "button" | "file")
                        ),
                        _ => false,
                    });
                if in_field || e.alt_key() {
                    return;
                }
                // Space on a focused button presses it: leave that to the button.
                let on_button = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.tag_name() == "BUTTON");
                if on_button && (e.key() == " " || e.key() == "Enter") {
                    return;
                }
                // In a walkthrough, a presentation clicker moves from stop to stop.
                if let Some((stop, stops)) = *walk_stop.borrow() {
                    let next = match e.key().as_str() {
                        "PageDown" => Some((stop + 1).min(stops.saturating_sub(1))),
                        "PageUp" => Some(stop.saturating_sub(1)),
                        _ => None,
                    };
                    if let Some(next) = next {
                        e.prevent_default();
                        d.dispatch(Action::GoToStop(next));
                        return;
                    }
                }
                if let Some(action) =
                    keyboard::action_for(&e.key(), e.shift_key(), e.ctrl_key() || e.meta_key())
                {
                    e.prevent_default();
                    d.dispatch(action);
                }
            });
            on_window("keydown", listener)
        });
    }
    // Playing: a timer that steps while `playing` is on.
    {
        let d = dispatch.clone();
        use_effect_with((state.playing, state.speed), move |(playing, speed)| {
            let interval = playing.then(|| {
                let ms = (1000 / speed.max(&1)).max(5);
                Interval::new(ms, move || d.dispatch(Action::PlayTick))
            });
            move || drop(interval)
        });
    }

    // The handle gives no `Rc`; a clone of the state is cheap (its fields are `Rc`s).
    let shared = Shared(Rc::new((*state).clone()));
    let s = &*state;
    let panel = |p: Panel, help: &'static str, class: &'static str, body: Html| -> Html {
        if s.shows(p) {
            html! { <PanelBox title={p.title()} help={help} class={classes!(class)}>{ body }</PanelBox> }
        } else {
            Html::default()
        }
    };
    let body = match s.view {
        View::Lab => html! {
            <main class="lab-grid" id="main">
                <div class="col-left">
                    <ChallengePanel state={shared.clone()} dispatch={dispatch.clone()} />
                    { panel(Panel::Lesson, "The preset's lesson", "lesson-panel", html! { <LessonPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                    { panel(Panel::Program, "Edit the program, then Run (Ctrl+Enter)", "editor-panel", html! {
                        <>
                            <EditorPanel state={shared.clone()} dispatch={dispatch.clone()} />
                            <details class="settings-box">
                                <summary>{ "Settings" }</summary>
                                <SettingsPanel state={shared.clone()} dispatch={dispatch.clone()} />
                            </details>
                        </>
                    }) }
                </div>
                <div class="col-center">
                    <WalkthroughPanel state={shared.clone()} dispatch={dispatch.clone()} />
                    if !s.audience {
                        <StepControls state={shared.clone()} dispatch={dispatch.clone()} />
                    }
                    <PredictionPrompt state={shared.clone()} dispatch={dispatch.clone()} />
                    <div class="row2">
                        { panel(Panel::Queues, "Which tasks wait to be polled, front first", "queues-panel", html! { <ReadyQueuePanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                        { panel(Panel::Tasks, "Every task: state, polls, time, where it is parked", "tasks-panel", html! { <TaskTablePanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                    </div>
                    <div class="row2 even">
                        { panel(Panel::Wheel, "Timers by level and slot", "wheel-panel", html! { <TimerWheelPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                        { panel(Panel::Pin, "The selected task's future as a state machine", "pin-panel", html! { <PinPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                    </div>
                    { panel(Panel::Timeline, "One lane per task: polls and wakes", "timeline-panel", html! { <TimelinePanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                </div>
                <div class="col-right">
                    { panel(Panel::Wakers, "Who woke whom, and who holds each waker", "wakers-panel", html! { <WakerPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                    { panel(Panel::Diagnostics, "Warnings: long polls, lost wakers, stuck tasks", "diagnostics-panel", html! { <DiagnosticsPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                    { panel(Panel::Log, "Every event; click one to go there", "log-panel", html! { <EventLogPanel state={shared.clone()} dispatch={dispatch.clone()} /> }) }
                </div>
            </main>
        },
        View::Exercises => html! { <ExercisesView dispatch={dispatch.clone()} /> },
        View::Challenges => {
            html! { <ChallengesView state={shared.clone()} dispatch={dispatch.clone()} /> }
        }
    };
    html! {
        <div class={classes!("app", s.presenter.then_some("presenter"), s.audience.then_some("audience"))}>
            <a class="skip" href="#main">{ "Skip to the lab" }</a>
            if s.audience {
                <header class="toolbar"><h1>{ crate::TITLE }</h1>
                    <span class="cursor" data-testid="cursor">{ format!("event {} of {}", s.cursor, s.len()) }</span>
                    <span class="muted">{ "audience window: following the presenter" }</span></header>
            } else {
                <Toolbar state={shared.clone()} dispatch={dispatch.clone()} />
            }
            { body }
            <footer class="keys" aria-label="Keyboard">
                { "Keys: ← → event · Shift+← → or PageUp/PageDown poll · Space play · Home/End · T timer · W wake of selected · P presenter" }
            </footer>
        </div>
    }
}

/// Whether the presenter has revealed the answer to the current stop's question.
fn revealed(s: &AppState) -> bool {
    s.walk.as_ref().is_some_and(WalkSession::revealed)
}

/// Listens to `event` on the window; the returned cleanup (for an effect) stops listening and
/// frees the listener.
fn on_window<T: ?Sized>(event: &'static str, listener: Closure<T>) -> impl FnOnce() {
    let window = crate::services::window();
    let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    move || {
        let _ =
            window.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::initial_state;
    use crate::state::share;

    fn link_to(source: &str) -> String {
        share::encode(&share::Shared {
            source: source.into(),
            preset: None,
            overrides: Default::default(),
            cursor: 2,
            walk: None,
        })
    }

    #[test]
    fn a_reload_shows_the_newest_edit_even_if_the_address_lagged_behind() {
        let old = link_to("task a { }");
        let s = initial_state(&old, Some("task edited { }".into()), Some(old.clone()));
        assert_eq!(&*s.source, "task edited { }");
    }

    #[test]
    fn someone_elses_link_opens_and_the_draft_is_kept() {
        let theirs = link_to("task theirs { }");
        let s = initial_state(
            &theirs,
            Some("task mine { }".into()),
            Some(link_to("task mine { }")),
        );
        assert_eq!(&*s.source, "task theirs { }");
        assert_eq!(s.cursor, 2);
        assert_eq!(s.replaced.as_deref(), Some("task mine { }"));
    }

    #[test]
    fn a_corrupt_link_leaves_the_draft_and_says_why() {
        let s = initial_state("v=1&src=%%%", Some("task mine { }".into()), None);
        assert_eq!(&*s.source, "task mine { }");
        assert!(
            s.notice
                .unwrap()
                .text
                .starts_with("This link could not be opened")
        );
    }

    #[test]
    fn a_first_visit_opens_the_tour() {
        let s = initial_state("", None, None);
        assert_eq!(s.preset, Some(super::FIRST_PRESET));
    }
}
