//! Keyboard first: the mapping from keys to actions, a pure function (tested natively); the
//! App installs one `keydown` listener on the window that uses it.
//!
//! | key | action |
//! |---|---|
//! | → / ← | one event forward / back |
//! | Shift+→ / Shift+← | one poll |
//! | PageDown / PageUp | one poll (presentation clickers send these) |
//! | Space | play / pause |
//! | Home / End | start / end |
//! | T / Shift+T | next / previous timer event |
//! | W / Shift+W | next / previous wake of the selected task |
//! | P | presenter mode |
//! | Escape | deselect |

use crate::state::{Action, Unit};

/// The action for a key press, if any.
pub fn action_for(key: &str, shift: bool, ctrl_or_meta: bool) -> Option<Action> {
    if ctrl_or_meta {
        return None;
    }
    Some(match (key, shift) {
        ("ArrowRight", false) => Action::Forward(Unit::Event),
        ("ArrowLeft", false) => Action::Back(Unit::Event),
        ("ArrowRight", true) | ("PageDown", _) => Action::Forward(Unit::Poll),
        ("ArrowLeft", true) | ("PageUp", _) => Action::Back(Unit::Poll),
        (" ", _) => Action::TogglePlay,
        ("Home", _) => Action::Home,
        ("End", _) => Action::End,
        ("t", false) | ("T", false) => Action::Forward(Unit::Timer),
        ("T", true) | ("t", true) => Action::Back(Unit::Timer),
        ("w", false) | ("W", false) => Action::Forward(Unit::Wake),
        ("W", true) | ("w", true) => Action::Back(Unit::Wake),
        ("p", false) | ("P", false) => Action::TogglePresenter,
        ("Escape", _) => Action::Select(None),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_steps() {
        assert!(matches!(
            action_for("ArrowRight", false, false),
            Some(Action::Forward(Unit::Event))
        ));
        assert!(matches!(
            action_for("ArrowLeft", true, false),
            Some(Action::Back(Unit::Poll))
        ));
        assert!(matches!(
            action_for("PageDown", false, false),
            Some(Action::Forward(Unit::Poll))
        ));
        assert!(matches!(
            action_for(" ", false, false),
            Some(Action::TogglePlay)
        ));
        assert!(matches!(action_for("End", false, false), Some(Action::End)));
        assert!(
            action_for("ArrowRight", false, true).is_none(),
            "browser shortcuts are left alone"
        );
        assert!(action_for("x", false, false).is_none());
    }
}
