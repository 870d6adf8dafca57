//! What the page keeps in the browser's storage as it changes: the challenge being worked on,
//! the view, completed challenges and prediction scores (for the learner's export), the
//! program when a preset, link or challenge replaced it, and the program it replaced.

use crate::components::ByPtr;
use crate::components::classroom::completed;
use crate::services::storage::{self, Key};
use crate::state::{Action, AppState, View};
use yew::prelude::*;

#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    use_effect_with(
        state.challenge.as_ref().map(|c| c.challenge.id.clone()),
        |id| storage::set(Key::Challenge, id.as_deref().unwrap_or("")),
    );
    use_effect_with(state.view, |v| {
        storage::set(
            Key::View,
            match v {
                View::Lab => "lab",
                View::Exercises => "exercises",
                View::Challenges => "challenges",
            },
        );
    });

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
                    storage::set_json(Key::ChallengesDone, &list);
                }
            }
        },
    );
    {
        let program = state.preset.as_deref().unwrap_or("own program").to_string();
        use_effect_with(state.quiz.clone().map(ByPtr), move |quiz| {
            if let Some(q) = quiz {
                let score = q.quiz.score();
                if score.right + score.wrong > 0 {
                    let mut all: serde_json::Value = storage::get_json(Key::Predictions)
                        .unwrap_or_else(|| serde_json::json!({}));
                    all[program.as_str()] =
                        serde_json::json!({ "right": score.right, "wrong": score.wrong });
                    storage::set(Key::Predictions, &all.to_string());
                }
            }
        });
    }
    // A program replaced on an earlier visit can still be restored.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            if let Some(prev) = storage::load_previous() {
                d.dispatch(Action::Remember(prev));
            }
        });
    }
    // Keep what this tab shows, whoever put it there, so a reload shows it again (typed text
    // is saved by the editor as it is typed, before the render, so a reload right after a
    // keystroke keeps it). The draft, the learner's own program that a new visit opens, is
    // replaced by a preset or a challenge chosen here, but not by the program a link opened
    // at load: what that program replaced is kept as `Previous` all the same.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(
            (state.source.clone(), state.typed),
            move |(source, typed)| {
                let at_load = core::mem::replace(&mut *first.borrow_mut(), false);
                if !typed {
                    storage::set(storage::Key::OnScreen, source);
                    if !at_load {
                        storage::save_draft(source);
                    }
                }
            },
        );
    }
    use_effect_with(state.replaced.clone(), |replaced| {
        if let Some(r) = replaced {
            storage::save_previous(r);
        }
    });
}
