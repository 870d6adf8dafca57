//! The reducer's part for one concern. Stepping through the trace: forward and back by event, poll, timer or wake, seeking, playing, and selecting a task.

use crate::state::*;

/// Applies `action`, one of this part's, to `s` (a copy of `state`); returns whether it changed
/// anything (any other action changes nothing).
#[inline(always)]
pub(in crate::state) fn reduce(state: &AppState, s: &mut AppState, action: Action) -> bool {
    match action {
        Action::Forward(unit) | Action::Back(unit) => {
            let forward = matches!(action, Action::Forward(_));
            let mut target = state.target(unit, forward);
            // Predict mode: a step forward stops where an unanswered question is asked.
            if let (true, Some(quiz), Some(to)) = (forward, &state.quiz, target)
                && let Some(ask) = quiz.blocks(state.cursor, to)
            {
                target = Some(ask);
            }
            match target {
                Some(n) if n != state.cursor => {
                    s.playing = false;
                    s.seek(n);
                }
                _ => return false,
            }
        }
        Action::Seek(n) => {
            if n == state.cursor {
                return false;
            }
            s.seek(n);
        }
        Action::Home => {
            if state.cursor == 0 {
                return false;
            }
            s.playing = false;
            s.seek(0);
        }
        Action::End => {
            s.playing = false;
            s.seek(state.len());
        }
        Action::TogglePlay => {
            if state.run.is_none() {
                return false;
            }
            s.playing = !state.playing;
            if s.playing && state.cursor >= state.len() {
                s.seek(0);
            }
        }
        Action::PlayTick => {
            if !state.playing {
                return false;
            }
            let asks = state
                .quiz
                .as_ref()
                .and_then(|q| q.blocks(state.cursor, state.cursor + 1));
            if state.cursor >= state.len() || asks.is_some() {
                // The end, or a question to answer: playing stops.
                s.playing = false;
            } else {
                s.seek(state.cursor + 1);
            }
        }
        Action::SetSpeed(v) => s.speed = v.clamp(1, 200),
        Action::Select(t) => {
            if t == state.selected {
                return false;
            }
            s.selected = t;
        }
        // Not one of this part's actions.
        _ => return false,
    }
    true
}
