//! The application: one reducer, the effects that connect it to the browser (saving the
//! draft, the URL fragment, the keyboard, the play timer), and the layout of the panels.

use crate::components::blocking_pool::BlockingPoolPanel;
use crate::components::challenges::ChallengesView;
use crate::components::classroom::{ChallengePanel, PredictionPrompt, WalkthroughPanel};
use crate::components::controls::StepControls;
use crate::components::diagnostics::DiagnosticsPanel;
use crate::components::editor::EditorPanel;
use crate::components::event_log::EventLogPanel;
use crate::components::exercises::ExercisesView;
use crate::components::lesson::LessonPanel;
use crate::components::pin::PinPanel;
use crate::components::queues::ReadyQueuePanel;
use crate::components::settings::SettingsPanel;
use crate::components::splitter::Splitter;
use crate::components::tasks::TaskTablePanel;
use crate::components::timeline::TimelinePanel;
use crate::components::toolbar::Toolbar;
use crate::components::wakers::WakerPanel;
use crate::components::wheel::TimerWheelPanel;
use crate::components::{ByPtr, PanelBox};
use crate::services::{storage, url};
use crate::state::AtCursor;
use crate::state::trace_view::TraceView;
use crate::state::{Action, AppState, Notice, Panel, View, share};
use std::rc::Rc;
use yew::prelude::*;

/// The program a first visit opens.
pub const FIRST_PRESET: &str = "tour";

/// The state to start from: a shared link if the URL has one, else the saved draft, else the
/// first preset (else, when the content could not be loaded, an empty program). A link that
/// cannot be read leaves the draft and says why. `on_screen` is what this tab showed before a
/// reload: it wins over the draft, and over the address when it differs from the link's
/// program (the address may lag an edit by a moment).
pub fn initial_state(fragment: &str, draft: Option<String>, on_screen: Option<String>) -> AppState {
    let start_from = |program: Option<&str>, notice: Option<Notice>| {
        let library = crate::content::library();
        let mut s = match program.filter(|p| !p.trim().is_empty()) {
            Some(p) => {
                let preset = library.presets.iter().find(|pr| pr.source == p);
                AppState::new(p, preset.map(|pr| pr.name.as_str()))
            }
            None => match library.preset(FIRST_PRESET) {
                Some(p) => AppState::new(&p.source, Some(&p.name)),
                None => AppState::new("", None),
            },
        };
        s.notice = notice;
        s
    };
    let own = on_screen.as_deref().or(draft.as_deref());
    match share::decode(fragment) {
        Ok(None) => start_from(own, None),
        Ok(Some(shared))
            if on_screen
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty() && p != shared.source) =>
        {
            start_from(on_screen.as_deref(), None)
        }
        Ok(Some(shared)) => {
            let base = start_from(draft.as_deref(), None);
            let s = crate::state::apply(Rc::new(base), Action::OpenShared(shared));
            (*s).clone()
        }
        Err(why) => start_from(
            own,
            Some(Notice {
                error: true,
                text: format!(
                    "This link could not be opened: {why}. Your own program is shown instead, unchanged."
                ),
            }),
        ),
    }
}

/// The page: fetches the content (presets, challenges, walkthroughs), then shows the [`App`].
/// Without the content the lab still opens, with the learner's own program, and says why.
#[component]
pub fn Root() -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match crate::services::content::load().await {
                    Ok(library) => crate::content::install(library),
                    Err(why) => crate::content::failed(why),
                }
                // Without it the first screen waits for the engine instead: slower, not wrong.
                match crate::services::content::load_first_run().await {
                    Ok(first) => crate::content::install_first_run(first),
                    Err(why) => web_sys::console::warn_1(&why.into()),
                }
                ready.set(true);
            });
        });
    }
    if *ready {
        html! { <App /> }
    } else {
        html! {
            <main class="loading" id="main" data-testid="content-loading">
                <h1>{ crate::TITLE }</h1>
                <p role="status">{ "Loading the presets, challenges and walkthroughs…" }</p>
            </main>
        }
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fragment = url::fragment();
        // A reload: the browser says so, or the address is the one this tab wrote last. It
        // shows what the tab showed.
        let reload = url::is_reload() || url::own_fragment().as_deref() == Some(fragment.as_str());
        let on_screen = reload
            .then(|| storage::get(storage::Key::OnScreen))
            .flatten();
        // A reload (or a plain visit) goes on with the challenge being worked on; a link from
        // someone else opens what it says.
        let resume = fragment.is_empty() || reload;
        let mut s = initial_state(&fragment, storage::load_draft(), on_screen);
        if let Some(why) = crate::content::problem() {
            s.notice = Some(Notice {
                error: true,
                text: format!(
                    "The presets, challenges and walkthroughs could not be loaded: {why}. Your \
                     program and your progress are untouched; reload the page to try again."
                ),
            });
        }
        if resume
            && s.walk.is_none()
            && let Some(id) = storage::get(storage::Key::Challenge).filter(|id| !id.is_empty())
        {
            s = (*crate::state::apply(Rc::new(s), Action::ResumeChallenge(id))).clone();
        }
        // Come back to the view the page was left on (a live-editing reload returns to the
        // exercise being worked on).
        s.view = match storage::get(storage::Key::View).as_deref() {
            Some("exercises") => View::Exercises,
            Some("challenges") => View::Challenges,
            _ => View::Lab,
        };
        s
    });
    let dispatch = state.dispatcher();
    // An audience window (opened by a presenter, `?audience=1`) follows the presenter's
    // window through a BroadcastChannel; every other window publishes what it shows.
    let audience = use_state(|| {
        crate::services::window()
            .location()
            .search()
            .unwrap_or_default()
            .contains("audience=1")
    });
    crate::hooks::engine::use_engine(&state);
    crate::hooks::live::use_live_follow(&state, *audience);
    crate::hooks::persistence::use_persistence(&state);
    crate::hooks::url::use_url_sync(&state);
    crate::hooks::keyboard::use_keyboard(&state);
    crate::hooks::play::use_play_timer(&state);
    crate::hooks::rerun::use_rerun_on_edit(&state);
    let build = crate::hooks::build_status::use_build_status();
    // Work offline once loaded.
    use_effect_with((), |_| crate::services::offline::register());

    // The program column's width, as the splitter left it (remembered across reloads).
    let editor_width =
        use_state(|| storage::get(storage::Key::EditorWidth).and_then(|w| w.parse::<u32>().ok()));
    let on_width = {
        let editor_width = editor_width.clone();
        Callback::from(move |w: Option<u32>| {
            match w {
                Some(w) => storage::set(storage::Key::EditorWidth, &w.to_string()),
                None => storage::remove(storage::Key::EditorWidth),
            }
            editor_width.set(w);
        })
    };

    let s = &*state;
    // The share link's fragment, read when asked (a click), from the state as last drawn: a
    // callback made once, so the header and the walkthrough's notes do not re-render at each
    // step for a link they only need when clicked.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let fragment = use_callback((), move |(), _| latest.borrow().fragment());
    // What the trace's views draw, made again only when it changes: typing in the editor
    // re-renders none of them. (The memo holds what the key points at, so an address in the
    // key cannot be reused while it is there.)
    let view = ByPtr(use_memo(TraceView::key(s), |_| TraceView::of(s)));
    let panel = |p: Panel, help: &'static str, class: &'static str, body: Html| -> Html {
        if s.shows(p) {
            html! { <PanelBox title={p.title()} help={help} class={classes!(class)}>{ body }</PanelBox> }
        } else {
            Html::default()
        }
    };
    let lesson = panel(
        Panel::Lesson,
        "The preset's lesson",
        "lesson-panel",
        html! { <LessonPanel preset={s.preset.clone()} question_open={s.question_open()}
        walkthrough={s.walk.as_ref().map(|w| AttrValue::from(w.walkthrough.title.clone()))} dispatch={dispatch.clone()} /> },
    );
    let program = panel(
        Panel::Program,
        "Edit the program: it runs again when you pause typing (Ctrl+Enter runs it now). Tab indents, Shift+Tab outdents, Ctrl+/ comments; Esc then Tab leaves the editor",
        "editor-panel",
        html! {
            <>
                <EditorPanel source={ByPtr(s.source.clone())} tokens={ByPtr(s.tokens.clone())}
                    error={s.compile_error().cloned().map(ByPtr)} stale={s.stale} loading={!s.engine_ready}
                    run={s.run.clone().map(ByPtr)} dispatch={dispatch.clone()} />
                <details class="settings-box">
                    <summary>{ "Settings" }</summary>
                    <SettingsPanel overrides={s.overrides} effective={s.run.as_ref().map(|_| s.snapshot.settings)} dispatch={dispatch.clone()} />
                </details>
            </>
        },
    );
    let queues = panel(
        Panel::Queues,
        "Which tasks wait to be polled, front first",
        "queues-panel",
        // The blocking pool beside the workers' queues (drawn only for a run that uses it).
        html! { <>
            <ReadyQueuePanel view={view.clone()} dispatch={dispatch.clone()} />
            <BlockingPoolPanel view={view.clone()} dispatch={dispatch.clone()} />
        </> },
    );
    let tasks = panel(
        Panel::Tasks,
        "Every task: state, polls, time, where it is parked",
        "tasks-panel",
        html! { <TaskTablePanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let wheel = panel(
        Panel::Wheel,
        "Timers by level and slot",
        "wheel-panel",
        html! { <TimerWheelPanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let pin = panel(
        Panel::Pin,
        "The selected task's future as a state machine",
        "pin-panel",
        html! { <PinPanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let timeline = panel(
        Panel::Timeline,
        "One lane per task: polls and wakes",
        "timeline-panel",
        html! { <TimelinePanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let wakers = panel(
        Panel::Wakers,
        "Who woke whom, and who holds each waker",
        "wakers-panel",
        html! { <WakerPanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let diagnostics = panel(
        Panel::Diagnostics,
        "Warnings: long polls, lost wakers, stuck tasks",
        "diagnostics-panel",
        html! { <DiagnosticsPanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let log = panel(
        Panel::Log,
        "Every event; click one to go there",
        "log-panel",
        html! { <EventLogPanel view={view.clone()} dispatch={dispatch.clone()} /> },
    );
    let notes = html! {
        <>
            <WalkthroughPanel walk={s.walk.clone()} cursor={if s.walk.is_some() { s.cursor } else { 0 }}
                audience={s.audience}
                sentence={s.audience.then(|| crate::components::controls::step_sentence(&view)).flatten().map(AttrValue::from)}
                fragment={fragment.clone()} dispatch={dispatch.clone()} />
            if !s.audience {
                <StepControls view={view.clone()} playing={s.playing} speed={s.speed} predicting={s.quiz.is_some()}
                    status={crate::components::controls::run_status(s).map(AttrValue::from)} dispatch={dispatch.clone()} />
            }
            <PredictionPrompt quiz={s.quiz.clone().map(ByPtr)} cursor={if s.quiz.is_some() { s.cursor } else { 0 }}
                dispatch={dispatch.clone()} />
        </>
    };
    let challenge =
        html! { <ChallengePanel session={s.challenge.clone()} dispatch={dispatch.clone()} /> };
    let body = match s.view {
        // Presenter mode: a stage that fits the screen. The notes and the step on the left, the
        // chosen views beside them, type sized by the screen (see style.css).
        View::Lab if s.presenter => html! {
            <main class="stage" id="main">
                <div class="stage-notes">{ notes }{ challenge }</div>
                <div class="stage-views" data-testid="stage-views">
                    { lesson }{ program }{ queues }{ tasks }{ wheel }{ pin }{ timeline }{ wakers }{ diagnostics }{ log }
                </div>
            </main>
        },
        View::Lab => html! {
            <main class="lab-grid" id="main" style={editor_width.map(|w| format!("--editor-width: {w}px"))}>
                <div class="col-left" id="program-column">{ challenge }{ lesson }{ program }</div>
                <Splitter width={*editor_width} on_change={on_width.clone()} />
                // A program with an error keeps its last good run on screen, greyed, beside the error.
                <div class={classes!("views", (s.compile_error().is_some() && s.run.is_some()).then_some("dimmed"))}>
                    <div class="views-grid">
                        <div class="col-center">
                            { notes }
                            <div class="row2">{ queues }{ tasks }</div>
                            <div class="row2 even">{ wheel }{ pin }</div>
                            { timeline }
                        </div>
                        <div class="col-right">{ wakers }{ diagnostics }{ log }</div>
                    </div>
                </div>
            </main>
        },
        View::Exercises => {
            html! { <ExercisesView dispatch={dispatch.clone()} build={build.clone().map(ByPtr)} /> }
        }
        View::Challenges => {
            html! { <ChallengesView dispatch={dispatch.clone()} /> }
        }
    };
    html! {
        // `data-engine`: whether the engine has loaded (the browser tests wait for it).
        <div class={classes!("app", s.presenter.then_some("presenter"), s.audience.then_some("audience"))}
            data-engine={if s.engine_ready { "ready" } else { "loading" }}>
            <a class="skip" href="#main">{ "Skip to the lab" }</a>
            if s.audience {
                <header class="toolbar"><h1>{ crate::TITLE }</h1>
                    <span class="cursor" data-testid="cursor">{ format!("event {} of {}", s.cursor, s.len()) }</span>
                    <span class="muted">{ "audience window: following the presenter" }</span></header>
            } else {
                <Toolbar view={s.view} presenter={s.presenter} presenter_panels={s.presenter_panels}
                    notice={s.notice.clone()} can_restore={s.replaced.is_some()} run={s.run.clone().map(ByPtr)}
                    source={ByPtr(s.source.clone())} name={s.preset.as_deref().unwrap_or("program").to_string()}
                    fragment={fragment.clone()} dispatch={dispatch.clone()} />
            }
            // Under `./lab serve`: an exercise that does not compile is said in every view.
            if let Some(e) = build.as_ref().and_then(|b| b.errors.first()).filter(|_| s.view != View::Exercises) {
                <p class="notice bad compile-banner" role="alert" data-testid="compile-banner">
                    { format!("Your exercise code does not compile ({}, line {}): ", e.file, e.line) }
                    <button class="link" onclick={let d = dispatch.clone(); move |_| d.dispatch(Action::SetView(View::Exercises))}>{ "see the message" }</button>
                </p>
            }
            { body }
            <footer class="keys" aria-label="Keyboard">
                { "Keys: ← → event · Shift+← → or PageUp/PageDown poll · Space play · Home/End · T timer · W wake of selected · P presenter" }
            </footer>
        </div>
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
        let s = initial_state(
            &old,
            Some("task edited { }".into()),
            Some("task edited { }".into()),
        );
        assert_eq!(&*s.source, "task edited { }");
    }

    #[test]
    fn a_reload_shows_what_this_tab_showed_not_what_another_tab_saved() {
        let mine = link_to("task this_tab { }");
        let s = initial_state(
            &mine,
            Some("task other_tab { }".into()),
            Some("task this_tab { }".into()),
        );
        assert_eq!(&*s.source, "task this_tab { }");
        assert_eq!(
            s.cursor, 2,
            "the address's step, since it is the same program"
        );
    }

    #[test]
    fn a_reload_of_an_opened_link_shows_the_link_again() {
        let theirs = link_to("task theirs { }");
        let s = initial_state(
            &theirs,
            Some("task mine { }".into()),
            Some("task theirs { }".into()),
        );
        assert_eq!(&*s.source, "task theirs { }");
    }

    #[test]
    fn someone_elses_link_opens_and_the_draft_is_kept() {
        let theirs = link_to("task theirs { }");
        let s = initial_state(&theirs, Some("task mine { }".into()), None);
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
        assert_eq!(s.preset.as_deref(), Some(super::FIRST_PRESET));
    }
}
