//! The Challenges view: graded challenges in the scenario language (no Rust toolchain needed)
//! and the instructors' walkthroughs, with the learner's results kept in the browser and an
//! export an instructor can collect.

use super::Dispatch;
use super::classroom::completed;
use crate::services::{files, storage};
use crate::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChallengesProps {
    pub dispatch: Dispatch,
}

/// The learner's results as JSON, for an instructor to collect.
pub fn results_json() -> String {
    let exercises: serde_json::Value =
        storage::get_json(storage::Key::ExerciseProgress).unwrap_or(serde_json::Value::Null);
    let predictions: serde_json::Value =
        storage::get_json(storage::Key::Predictions).unwrap_or(serde_json::Value::Null);
    let all: Vec<String> = crate::content::library()
        .challenges
        .iter()
        .map(|c| c.id.clone())
        .collect();
    serde_json::json!({
        "lab": "Inside Async Rust — the lab",
        "challenges": { "completed": completed(), "all": all },
        "predictions": predictions,
        "exercises": exercises,
    })
    .to_string()
}

#[component]
pub fn ChallengesView(props: &ChallengesProps) -> Html {
    // Read from storage once, when the view is opened (not at every render).
    let done = use_memo((), |_| completed());
    let library = crate::content::library();
    let (challenges, walks) = (&library.challenges, &library.walkthroughs);
    let export = Callback::from(|_| {
        files::download("lab-results.json", "application/json", &results_json())
    });
    html! {
        <main class="challenges-view" id="main">
            <section class="panel">
                <h2>{ "Challenges" }</h2>
                <p>{ "Each challenge is a small program that misbehaves. Open it in the lab, find out why with the views, edit it, and check the goals. No Rust toolchain needed." }</p>
                <p class="total" data-testid="challenge-progress">{ format!("Completed: {} of {}", done.len(), challenges.len()) }
                    { " " }<button onclick={export} data-testid="export-results" title="Download your results (challenges, predictions, exercises) for your instructor">{ "Export my results" }</button>
                </p>
                <ol class="challenge-list">
                    { for challenges.iter().map(|c| {
                        let id = c.id.clone();
                        let d = props.dispatch.clone();
                        let onclick = Callback::from(move |_| d.dispatch(Action::StartChallenge(id.clone())));
                        let ok = done.contains(&c.id);
                        html! {
                            <li class={classes!(ok.then_some("done"))} data-challenge={c.id.clone()}>
                                <button class="challenge-link" {onclick}>
                                    <span class="title">{ c.title.clone() }</span>
                                    if let Some(part) = &c.part { <span class="part">{ part.clone() }</span> }
                                    <span class="state">{ if ok { "✓ done" } else { "open in the lab" } }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            </section>
            <section class="panel">
                <h2>{ "Walkthroughs" }</h2>
                <p>{ "For instructors: a program, its settings and a list of stops, each with the views to show and the words to say. Present one here, open an audience window for the projector, and step with a clicker (PageDown). Learners can open the same link on their own machines to catch up." }</p>
                <ol class="walk-list">
                    { for walks.iter().map(|w| {
                        let id = w.id.clone();
                        let d = props.dispatch.clone();
                        let onclick = Callback::from(move |_| d.dispatch(Action::StartWalkthrough(id.clone(), 0)));
                        html! {
                            <li data-walkthrough={w.id.clone()}>
                                <button class="challenge-link" {onclick}>
                                    <span class="title">{ w.title.clone() }</span>
                                    if let Some(part) = &w.part { <span class="part">{ part.clone() }</span> }
                                    <span class="state">{ format!("{} stops", w.stops.len()) }</span>
                                </button>
                                if let Some(summary) = &w.summary { <p class="muted summary">{ summary.clone() }</p> }
                            </li>
                        }
                    }) }
                </ol>
            </section>
        </main>
    }
}
