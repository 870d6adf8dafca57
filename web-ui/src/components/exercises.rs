//! The Exercises view: the list with progress, the lesson, the checks and their results, hints
//! one at a time, and the learner's trace beside the solution's with the first difference
//! marked. Checks run in the grading worker (`services::grader`), never on the page.
//!
//! Live editing: with `./lab serve` running, saving an exercise file rebuilds the site and
//! reloads the page; the selected exercise's checks then run again by themselves.

use super::markdown;
use super::virtual_list::VirtualList;
use super::{ByPtr, Dispatch};
use crate::services::build_status::BuildStatus;
use crate::services::grader::Grader;
use crate::services::storage;
use crate::state::exercises::{CheckStatus, ExAction, ExercisesState, Progress};
use crate::state::{Action, View};
use grader::protocol::{Reply, Request, Which, hint_rung};
use runtime_core::trace::text;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExercisesProps {
    /// The lab's dispatch, to open a trace in the lab's views.
    pub dispatch: Dispatch,
    /// Under `./lab serve`: whether the exercises compile, and rustc's errors if not.
    #[prop_or_default]
    pub build: Option<ByPtr<BuildStatus>>,
}

/// The clock's time, as the page shows when a result came.
fn now() -> String {
    String::from(js_sys::Date::new_0().to_locale_time_string("en-GB"))
}

/// Starts a grading run of `exercise`: every check, one request each.
fn grade(grader: &Grader, ex: &UseReducerHandle<ExercisesState>, exercise: &str, which: Which) {
    grade_with(grader, ex, exercise, which, false)
}

/// Starts a grading run; in the `background`, behind anything the learner asks for.
fn grade_with(
    grader: &Grader,
    ex: &UseReducerHandle<ExercisesState>,
    exercise: &str,
    which: Which,
    background: bool,
) {
    let Some(info) = ex.exercise(exercise).cloned() else {
        return;
    };
    ex.dispatch(ExAction::Start {
        exercise: exercise.to_string(),
        which,
    });
    // Dispatching runs the reducer at once: the handle now reads the new run's number.
    let run = ex.run_of(exercise).unwrap_or(0);
    for index in 0..info.checks.len() {
        let d = ex.dispatcher();
        let name = info.name.clone();
        let exercise = name.clone();
        let make = move |id| Request::Check {
            id,
            exercise,
            index,
            which,
        };
        let reply = Callback::from(move |reply: Reply| {
            let result = match reply {
                Reply::Check { result, .. } => result,
                // The worker crashed or timed out: the reducer names the check.
                Reply::Error { message, .. } => grader::protocol::CheckResult {
                    name: String::new(),
                    passed: false,
                    points: 0,
                    message,
                },
                _ => return,
            };
            d.dispatch(ExAction::CheckDone {
                exercise: name.clone(),
                run,
                index,
                result,
                at: now(),
            });
        });
        if background {
            grader.send_background(make, reply);
        } else {
            grader.send(make, reply);
        }
    }
}

fn load_traces(grader: &Grader, ex: &UseReducerHandle<ExercisesState>, exercise: &str) {
    for which in [Which::Learner, Which::Solution] {
        let d = ex.dispatcher();
        let name = exercise.to_string();
        let requested = name.clone();
        grader.send(
            move |id| Request::Demo {
                id,
                exercise: requested,
                which,
            },
            Callback::from(move |reply: Reply| {
                let events = match reply {
                    Reply::Demo { events, .. } => events,
                    Reply::Error { message, .. } => Err(message),
                    Reply::Check { result, .. } => Err(result.message),
                    _ => Err("no trace".into()),
                };
                d.dispatch(ExAction::Trace {
                    exercise: name.clone(),
                    which,
                    events,
                });
            }),
        );
    }
}

#[component]
pub fn ExercisesView(props: &ExercisesProps) -> Html {
    let ex = use_reducer(ExercisesState::default);
    let grader = use_state(Grader::new);

    // Ask the worker for the catalogue, and restore progress, once.
    {
        let ex = ex.clone();
        let grader = (*grader).clone();
        use_effect_with((), move |_| {
            if let Some(saved) = storage::get_json::<Progress>(storage::Key::ExerciseProgress) {
                ex.dispatch(ExAction::Restore(saved));
            }
            let d = ex.dispatcher();
            grader.send(
                |id| Request::Catalogue { id },
                Callback::from(move |reply| match reply {
                    Reply::Catalogue {
                        exercises, morning, ..
                    } => d.dispatch(ExAction::Catalogue(exercises, morning)),
                    Reply::Error { message, .. } => d.dispatch(ExAction::CatalogueFailed(message)),
                    _ => d.dispatch(ExAction::CatalogueFailed(
                        "the grader did not answer".into(),
                    )),
                }),
            );
        });
    }
    // Save progress whenever it changes.
    use_effect_with(ex.progress.clone(), |p| {
        storage::set_json(storage::Key::ExerciseProgress, p);
    });
    // When the catalogue arrives (after a reload: live editing), grade the selected exercise,
    // then every other one in the background: the list then shows each file as it is now,
    // solved in a terminal or another tab included.
    {
        let ex2 = ex.clone();
        let grader = (*grader).clone();
        let loaded = ex.catalogue.clone();
        use_effect_with(loaded.is_some(), move |_| {
            let selected = ex2.selected().map(|e| e.name.clone());
            if let Some(name) = &selected {
                grade(&grader, &ex2, name, Which::Learner);
            }
            for e in loaded.iter().flat_map(|list| list.iter()) {
                if Some(&e.name) != selected.as_ref() {
                    grade_with(&grader, &ex2, &e.name, Which::Learner, true);
                }
            }
        });
    }

    if let Some(e) = &ex.load_error {
        return html! { <main class="exercises" id="main"><p class="error" data-testid="error">{ format!("The exercises could not be loaded: {e}") }</p></main> };
    }
    let Some(list) = ex.catalogue.clone() else {
        return html! { <main class="exercises" id="main"><p class="empty">{ "Loading the exercises…" }</p></main> };
    };
    let Some(current) = ex.selected().cloned() else {
        return Html::default();
    };
    let results = ex.results.get(&current.name).cloned();
    let hints_shown = ex.progress.hints.get(&current.name).copied().unwrap_or(0);

    // `clock`: the time the step starts at, on the morning's path.
    let item = |e: &grader::protocol::ExerciseInfo, clock: Option<String>| {
        let best = ex.progress.best.get(&e.name).copied();
        // The file as it is now when it has been graded in this visit; else the best so far.
        let now = ex.current_score(&e.name);
        let done = now.or(best) == Some(e.points);
        let active = e.name == current.name && ex.reading().is_none();
        let onclick = {
            let ex = ex.clone();
            let grader = (*grader).clone();
            let name = e.name.clone();
            Callback::from(move |_| {
                ex.dispatch(ExAction::Select(name.clone()));
                grade(&grader, &ex, &name, Which::Learner);
            })
        };
        html! {
            <li class={classes!(active.then_some("active"), done.then_some("done"))}>
                if let Some(clock) = clock { <span class="clock">{ clock }</span> }
                <button class="exercise-link" {onclick} aria-current={active.then_some("true")} data-exercise={e.name.clone()}>
                    <span class="order">{ format!("{:>2}", e.order) }</span>
                    <span class="title">{ e.title.clone() }</span>
                    <span class="minutes" title="About how long it takes">{ format!("{} min", e.minutes) }</span>
                    <span class="progress" title={if now.is_some() { "Your code's score as the file is now" } else { "Your best score (not graded yet in this visit)" }}
                        data-graded={now.is_some().to_string()}>
                        { match now.or(best) { Some(b) => format!("{b}/{}", e.points), None => format!("–/{}", e.points) } }
                        if done { { " ✓" } }
                    </span>
                </button>
            </li>
        }
    };
    let run_learner = {
        let ex = ex.clone();
        let grader = (*grader).clone();
        let name = current.name.clone();
        Callback::from(move |_| grade(&grader, &ex, &name, Which::Learner))
    };
    let run_solution = {
        let ex = ex.clone();
        let grader = (*grader).clone();
        let name = current.name.clone();
        Callback::from(move |_| grade(&grader, &ex, &name, Which::Solution))
    };
    let hint = {
        let ex = ex.clone();
        let name = current.name.clone();
        Callback::from(move |_| ex.dispatch(ExAction::RevealHint(name.clone())))
    };
    let compare = {
        let ex = ex.clone();
        let grader = (*grader).clone();
        let name = current.name.clone();
        Callback::from(move |_| load_traces(&grader, &ex, &name))
    };
    let total_best: u32 = list
        .iter()
        .filter_map(|e| {
            ex.current_score(&e.name)
                .or_else(|| ex.progress.best.get(&e.name).copied())
        })
        .sum();
    let total_max: u32 = list.iter().map(|e| e.points).sum();

    html! {
        <main class="exercises" id="main">
            <nav class="exercise-list" aria-label="Exercises">
                <p class="total">{ format!("Your progress: {total_best} / {total_max} points") }</p>
                { morning_list(&ex, &list, &item, &props.dispatch) }
                <h2 class="list-heading">{ "After the workshop" }</h2>
                <ol data-testid="after-workshop">{ for list.iter().filter(|e| !ex.in_morning(&e.name)).map(|e| item(e, None)) }</ol>
            </nav>
            if let Some((title, html)) = ex.reading() {
                <article class="exercise reading" data-testid="reading">
                    <p class="reading-label">{ format!("Reading · {title}") }</p>
                    <section class="lesson-body" aria-label="Reading">
                        // Rendered at build time (exercises/build.rs), sent by the grading
                        // worker: the site's own text.
                        { Html::from_html_unchecked(AttrValue::from(html.to_string())) }
                    </section>
                </article>
            } else {
            <article class="exercise" data-testid="exercise">
                { compile_errors(props.build.as_deref()) }
                <h2>{ format!("{}. {}", current.order, current.title) }</h2>
                <p class="file">
                    { "Edit " }<code>{ format!("exercises/{}", current.file) }</code>
                    { " with " }<code>{ "./lab serve" }</code>{ " running: when you save, the page reloads and these checks run again. In a terminal: " }
                    <code>{ format!("cargo run --release -p exercises --bin grade -- {}", current.name) }</code>
                </p>
                <section class="checks" aria-label="Checks">
                    <div class="check-bar">
                        <button class="primary" onclick={run_learner} data-testid="run-checks">{ "Run the checks" }</button>
                        <button onclick={run_solution} title="Run the same checks on the reference solution: what passing looks like" data-testid="run-solution">{ "Check the reference solution" }</button>
                        if let Some(r) = &results {
                            <span class="score" data-testid="score" data-run={r.run.to_string()} data-finished={r.finished().to_string()}
                                data-which={if r.which == Which::Learner { "learner" } else { "solution" }}>
                                { format!("{}{} / {} points", if r.which == Which::Solution { "solution: " } else { "" }, r.score(), current.points) }
                            </span>
                            if let Some(at) = &r.graded_at {
                                <span class="muted graded-at" data-testid="graded-at">{ format!("graded at {at}") }</span>
                            }
                        }
                    </div>
                    <table class="check-table">
                        <thead><tr><th>{ "check" }</th><th>{ "points" }</th><th>{ "result" }</th></tr></thead>
                        <tbody>
                        { for current.checks.iter().enumerate().map(|(i, c)| {
                            let status = results.as_ref().and_then(|r| r.checks.get(i).cloned());
                            let (class, label, message) = match status {
                                None => ("not-run", "not run".to_string(), String::new()),
                                Some(CheckStatus::Waiting) => ("running", "running…".to_string(), String::new()),
                                Some(CheckStatus::Done(r)) if r.passed => ("pass", "PASS".to_string(), String::new()),
                                Some(CheckStatus::Done(r)) => ("fail", "FAIL".to_string(), r.message),
                            };
                            html! {
                                <tr class={class} data-check={c.name.clone()} data-result={class}>
                                    <td class="name">{ c.name.clone() }</td>
                                    <td class="num">{ c.points }</td>
                                    <td><span class={classes!("result", class)}>{ label }</span>
                                        if !message.is_empty() { <pre class="message">{ markdown::inline(&message) }</pre> }
                                    </td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                </section>
                <section class="hints" aria-label="Hints">
                    <h3>{ "Hints" }</h3>
                    // A ladder: each hint is labelled with its rung (idea, invariant and API,
                    // code, go deeper), so a learner can stop at the one they need. The last
                    // rung opens with a link to the source file, pinned at the locked version
                    // (the content's own Markdown link: `markdown` builds nodes, never HTML).
                    <ol>
                        { for current.hints.iter().take(hints_shown).enumerate().map(|(i, h)| html! {
                            <li data-rung={hint_rung(i)} data-testid="hint-rung">
                                <p class="rung">{ hint_rung(i) }</p>
                                { markdown::render(h) }
                            </li>
                        }) }
                    </ol>
                    if hints_shown < current.hints.len() {
                        <button onclick={hint} data-testid="hint">{ format!("Show hint {} of {}: {}", hints_shown + 1, current.hints.len(), hint_rung(hints_shown)) }</button>
                    } else {
                        <p class="muted" data-testid="hints-done">{ "No more hints: the solution is in exercises/solutions/." }</p>
                    }
                </section>
                <section class="compare" aria-label="Traces">
                    <h3>{ "Your trace beside the solution's" }</h3>
                    <button onclick={compare} data-testid="compare">{ "Run both and compare" }</button>
                    { compare_view(&ex, &current.name, &props.dispatch) }
                </section>
                <section class="lesson-body" aria-label="Lesson">
                    // Rendered at build time from the lesson's Markdown (exercises/build.rs),
                    // sent by the grading worker: the site's own text, never a learner's or a
                    // link's.
                    { Html::from_html_unchecked(AttrValue::from(current.lesson_html.clone())) }
                </section>
            </article>
            }
        </main>
    }
}

/// The workshop morning's core path: its steps in order, each with the clock time it starts at
/// (from 8:30) and how long it takes; the walkthroughs open in the lab, the reading here.
fn morning_list(
    ex: &UseReducerHandle<ExercisesState>,
    list: &[grader::protocol::ExerciseInfo],
    item: &dyn Fn(&grader::protocol::ExerciseInfo, Option<String>) -> Html,
    dispatch: &Dispatch,
) -> Html {
    use grader::protocol::MorningStep;
    if ex.morning.is_empty() {
        return Html::default();
    }
    let total: u32 = ex.morning.iter().map(MorningStep::minutes).sum();
    let mut at = 8 * 60 + 30;
    let library = crate::content::library();
    let steps = ex.morning.iter().map(|step| {
        let start = format!("{}:{:02}", at / 60, at % 60);
        at += step.minutes();
        match step {
            MorningStep::Exercise { name, .. } => list
                .iter()
                .find(|e| &e.name == name)
                .map(|e| item(e, Some(start)))
                .unwrap_or_default(),
            MorningStep::Walkthrough { id, minutes } => {
                let title = library
                    .walkthrough(id)
                    .map_or_else(|| id.clone(), |w| w.title.clone());
                let d = dispatch.clone();
                let id = id.clone();
                let onclick = Callback::from(move |_| d.dispatch(Action::StartWalkthrough(id.clone(), 0)));
                html! {
                    <li class="interlude"><span class="clock">{ start }</span><button class="exercise-link" {onclick} title="The instructors show this walkthrough: open it in the lab">
                        <span class="order">{ "▶" }</span>
                        <span class="title">{ format!("Walkthrough: {title}") }</span>
                        <span class="minutes">{ format!("{minutes} min") }</span>
                    </button></li>
                }
            }
            MorningStep::Reading { name, title, minutes, .. } => {
                let active = ex.progress.selected.as_deref() == Some(name.as_str());
                let ex = ex.clone();
                let selected = name.clone();
                let onclick = Callback::from(move |_| ex.dispatch(ExAction::Select(selected.clone())));
                html! {
                    <li class={classes!("interlude", active.then_some("active"))}><span class="clock">{ start }</span><button class="exercise-link" {onclick} aria-current={active.then_some("true")} data-reading={name.clone()}>
                        <span class="order">{ "§" }</span>
                        <span class="title">{ title.clone() }</span>
                        <span class="minutes">{ format!("{minutes} min") }</span>
                    </button></li>
                }
            }
        }
    });
    html! {
        <>
            <h2 class="list-heading">{ "The workshop morning" }</h2>
            <p class="morning-total">{ format!("The core path: {} h {:02} min from 8:30, walkthroughs included.", total / 60, total % 60) }</p>
            <ol class="morning" data-testid="morning">{ for steps }</ol>
        </>
    }
}

/// rustc's errors, when the exercises do not compile: file, line and the whole message (as
/// text). The results below are then from the last build that compiled.
fn compile_errors(build: Option<&BuildStatus>) -> Html {
    let Some(b) = build.filter(|b| !b.errors.is_empty()) else {
        return Html::default();
    };
    html! {
        <section class="compile-errors" role="alert" data-testid="compile-errors" aria-label="Compile errors">
            <h2>{ format!("Your code does not compile: {} error{}", b.errors.len(), if b.errors.len() == 1 { "" } else { "s" }) }</h2>
            <p class="muted">{ format!("Checked at {}. Fix the file and save: the page reloads when it compiles. The results below are from the last version that compiled.", b.checked_at) }</p>
            { for b.errors.iter().map(|e| html! {
                <div class="compile-error" data-file={e.file.clone()} data-line={e.line.to_string()}>
                    <p><code class="where">{ format!("{}:{}:{}", e.file, e.line, e.column) }</code>{ " " }<strong>{ e.message.clone() }</strong></p>
                    <pre>{ e.rendered.clone() }</pre>
                </div>
            }) }
        </section>
    }
}

fn compare_view(ex: &ExercisesState, exercise: &str, dispatch: &Dispatch) -> Html {
    let Some(t) = ex.traces.as_ref().filter(|t| t.exercise == exercise) else {
        return Html::default();
    };
    let lines = |r: &Option<Result<Rc<Vec<runtime_core::EventRecord>>, String>>| -> Result<Rc<Vec<String>>, String> {
        match r {
            None => Err("running…".into()),
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(events)) => Ok(Rc::new(text::lines(events))),
        }
    };
    let (mine, theirs) = (lines(&t.learner), lines(&t.solution));
    let first = match (&mine, &theirs) {
        (Ok(a), Ok(b)) => a
            .iter()
            .zip(b.iter())
            .position(|(x, y)| x != y)
            .or((a.len() != b.len()).then(|| a.len().min(b.len()))),
        _ => None,
    };
    let open = |r: &Option<Result<Rc<Vec<runtime_core::EventRecord>>, String>>,
                label: &'static str| {
        let events = r.as_ref().and_then(|r| r.as_ref().ok()).cloned();
        let d = dispatch.clone();
        html! {
            <button disabled={events.is_none()} onclick={Callback::from(move |_| if let Some(e) = &events {
                d.dispatch(Action::ImportTrace((**e).clone()));
                d.dispatch(Action::SetView(View::Lab));
            })}>{ label }</button>
        }
    };
    let column = |title: &'static str,
                  side: &Result<Rc<Vec<String>>, String>,
                  other: &Result<Rc<Vec<String>>, String>| match side {
        Err(e) => {
            html! { <div class="trace-col"><h4>{ title }</h4><p class="error">{ markdown::inline(e) }</p></div> }
        }
        Ok(lines) => {
            let lines = lines.clone();
            let other = other.clone().ok();
            let render = Callback::from(move |i: usize| {
                let differs = other.as_ref().is_none_or(|o| o.get(i) != lines.get(i));
                let line = lines.get(i).cloned().unwrap_or_default();
                html! { <div class={classes!("tl", differs.then_some("differs"), (Some(i) == first).then_some("first-diff"))} title={line.clone()}>
                <span class="seq">{ i + 1 }</span>{ line }</div> }
            });
            let rows = match side {
                Ok(l) => l.len(),
                Err(_) => 0,
            };
            html! { <div class="trace-col"><h4>{ title }</h4>
            <VirtualList rows={rows} row_height={18} visible={18} render={render} follow={first} label={title} /></div> }
        }
    };
    html! {
        <div class="trace-compare" data-testid="trace-compare">
            <p class="diff-summary" data-first-difference={first.map(|f| f.to_string())}>
                { match first {
                    Some(i) => format!("The traces first differ at event {} (marked).", i + 1),
                    None if mine.is_ok() && theirs.is_ok() => "The traces are identical.".to_string(),
                    None => String::new(),
                } }
                { " " }{ open(&t.learner, "Step through mine in the lab") }{ " " }{ open(&t.solution, "Step through the solution's") }
            </p>
            // The two lines that differ, whole: in the columns they are cut at the panel's edge,
            // often just where they differ.
            if let (Some(i), Ok(a), Ok(b)) = (first, &mine, &theirs) {
                <dl class="first-difference">
                    <dt>{ format!("event {}, your code", i + 1) }</dt>
                    <dd><code>{ a.get(i).cloned().unwrap_or_else(|| "(the trace has ended)".into()) }</code></dd>
                    <dt>{ "the solution" }</dt>
                    <dd><code>{ b.get(i).cloned().unwrap_or_else(|| "(the trace has ended)".into()) }</code></dd>
                </dl>
            }
            <div class="trace-cols">
                { column("your code", &mine, &theirs) }
                { column("the solution", &theirs, &mine) }
            </div>
        </div>
    }
}
