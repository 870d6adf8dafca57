//! The reducer's part for one concern. Presenting: walkthroughs (stops, their questions), presenter mode and its panels, and an audience window following the presenter.

use crate::state::*;
use std::rc::Rc;

/// Applies `action`, one of this part's, to `s` (a copy of `state`); returns whether it changed
/// anything (any other action changes nothing).
#[inline(always)]
pub(in crate::state) fn reduce(state: &AppState, s: &mut AppState, action: Action) -> bool {
    match action {
        Action::TogglePresenter => s.presenter = !state.presenter,
        Action::TogglePanel(p) => s.presenter_panels ^= p.bit(),
        Action::StartWalkthrough(id, stop) => {
            let Some(w) = crate::content::library().walkthrough(&id).cloned() else {
                return false;
            };
            let source = w.source();
            s.keep_own(&source);
            s.set_source(&source);
            // A walkthrough of a preset shows that preset's lesson beside its notes.
            s.preset = match &w.program {
                classroom::walkthrough::ProgramSource::Preset { name, .. } => {
                    Some(Rc::from(&**name))
                }
                classroom::walkthrough::ProgramSource::Inline(_) => None,
            };
            s.overrides = w.settings;
            s.challenge = None;
            s.view = View::Lab;
            s.run_program();
            let events = s
                .run
                .as_ref()
                .map(|r| r.replay.events().to_vec())
                .unwrap_or_default();
            match w.resolve(&events) {
                Ok(stops) => {
                    let n = stops.len();
                    s.walk = Some(WalkSession {
                        walkthrough: Rc::new(w),
                        stops: Rc::new(stops),
                        stop: 0,
                        answers: vec![None; n],
                    });
                    s.presenter = true;
                    s.go_to_stop(stop.min(n.saturating_sub(1)));
                }
                Err(e) => {
                    s.notice = Some(Notice {
                        error: true,
                        text: format!("The walkthrough `{id}` could not be opened: {e}"),
                    });
                }
            }
        }
        Action::GoToStop(stop) => {
            let Some(walk) = &state.walk else {
                return false;
            };
            if stop >= walk.stops.len() || stop == walk.stop && state.cursor == walk.cursor_of(stop)
            {
                return false;
            }
            s.go_to_stop(stop);
        }
        Action::AnswerStop(choice) => {
            let Some(walk) = &state.walk else {
                return false;
            };
            let mut walk = walk.clone();
            let i = walk.stop;
            if walk.answers.get(i).is_none_or(Option::is_some) {
                return false;
            }
            walk.answers[i] = Some(choice);
            s.walk = Some(walk);
        }
        Action::LeaveWalkthrough => {
            if state.walk.is_none() {
                return false;
            }
            s.walk = None;
            s.presenter = false;
        }
        Action::Follow(shared, panels, selected, revealed) => {
            let same_program =
                *shared.source == *state.source && shared.overrides == state.overrides;
            if let Some((id, stop)) = shared.walk.clone() {
                if state.walk.as_ref().is_none_or(|w| w.walkthrough.id != id) {
                    *s = (*crate::state::apply(
                        Rc::new(s.clone()),
                        Action::StartWalkthrough(id, stop),
                    ))
                    .clone();
                } else {
                    s.go_to_stop(stop);
                }
            } else if same_program {
                s.walk = None;
                s.seek(shared.cursor);
            } else {
                *s = (*crate::state::apply(Rc::new(s.clone()), Action::OpenShared(shared.clone())))
                    .clone();
            }
            s.seek(shared.cursor);
            s.presenter = true;
            s.presenter_panels = panels;
            s.selected = selected;
            if revealed && let Some(walk) = s.walk.as_mut() {
                let i = walk.stop;
                if let Some(answer) = walk.answers.get_mut(i) {
                    answer.get_or_insert(0);
                }
            }
        }
        Action::SetAudience(on) => {
            s.audience = on;
            s.presenter = on || state.presenter;
        }
        // Not one of this part's actions.
        _ => return false,
    }
    true
}
