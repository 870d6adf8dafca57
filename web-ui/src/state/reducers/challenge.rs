//! The reducer's part for one concern. Challenges (a goal to reach, checked on the trace, with hints) and predictions ("what happens next?").

use crate::state::*;
use std::rc::Rc;

/// Applies `action`, one of this part's, to `s` (a copy of `state`); returns whether it changed
/// anything (any other action changes nothing).
#[inline(always)]
pub(in crate::state) fn reduce(state: &AppState, s: &mut AppState, action: Action) -> bool {
    match action {
        Action::StartChallenge(id) => {
            let Some(c) = crate::content::library().challenge(&id).cloned() else {
                return false;
            };
            s.keep_own(&c.start);
            s.set_source(&c.start);
            s.overrides = c.settings;
            s.walk = None;
            s.challenge = Some(ChallengeSession::new(c));
            s.view = View::Lab;
            s.run_program();
        }
        Action::ResumeChallenge(id) => {
            let Some(c) = crate::content::library().challenge(&id).cloned() else {
                return false;
            };
            if c.settings != state.overrides {
                s.overrides = c.settings;
                let cursor = state.cursor;
                s.run_program();
                s.seek(cursor);
            }
            s.challenge = Some(ChallengeSession::new(c));
        }
        Action::CheckChallenge => {
            let Some(session) = &state.challenge else {
                return false;
            };
            let (results, error, passed) =
                sessions::check_challenge(&session.challenge, &state.source);
            let mut session = session.clone();
            session.results = results.map(Rc::new);
            session.error = error;
            session.passed = passed;
            s.challenge = Some(session);
            // Show the same run the goals were checked on, so their event links match.
            if s.stale {
                s.run_program();
            }
        }
        Action::ChallengeHint => {
            let Some(session) = &state.challenge else {
                return false;
            };
            if session.hints >= session.challenge.hints.len() {
                return false;
            }
            let mut session = session.clone();
            session.hints += 1;
            s.challenge = Some(session);
        }
        Action::LeaveChallenge => {
            if state.challenge.is_none() {
                return false;
            }
            s.challenge = None;
        }
        Action::TogglePredict => {
            s.quiz = match (&state.quiz, &state.run) {
                (Some(_), _) => None,
                (None, Some(run)) => Some(Rc::new(QuizState::for_events(run.replay.events()))),
                (None, None) => return false,
            };
        }
        Action::Answer(i, choice) => {
            let Some(quiz) = &state.quiz else {
                return false;
            };
            let mut q = (**quiz).clone();
            if q.quiz.answer(i, choice).is_none() {
                return false;
            }
            s.quiz = Some(Rc::new(q));
        }
        // Not one of this part's actions.
        _ => return false,
    }
    true
}
