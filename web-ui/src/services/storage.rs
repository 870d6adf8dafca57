//! Everything the page keeps in the browser, under one schema: each value has a [`Key`], and a
//! value whose format changes gets a new key (the `.v1`), so a browser that kept an older one
//! never misreads it. Most live in `localStorage` (every tab of the lab shares them); what
//! belongs to one tab (what it shows, the address it wrote) in `sessionStorage`, which a reload
//! keeps and another tab never sees. Where storage is unavailable (a private window, a
//! browser setting), reads find nothing and writes do nothing: the page works, without memory.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A value the page keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// The editor's text, saved as it is typed, so a reload loses nothing.
    Draft,
    /// The program a preset, a link or a challenge replaced, so it can be restored.
    Previous,
    /// The URL fragment this tab wrote last (the address a reload of it comes back with).
    OwnFragment,
    /// The program this tab shows, whoever put it there (typed, a preset, a link, a challenge):
    /// what a reload of the tab shows again.
    OnScreen,
    /// The view the page was left on (`lab`, `exercises`, `challenges`).
    View,
    /// The challenge being worked on (empty for none).
    Challenge,
    /// The challenges completed (a JSON list of ids).
    ChallengesDone,
    /// Prediction scores by program (JSON: `{ program: { right, wrong } }`).
    Predictions,
    /// The Exercises view's progress (JSON, `state::exercises::Progress`).
    ExerciseProgress,
    /// The program column's width in CSS pixels, as the splitter left it (absent: the default).
    EditorWidth,
    /// The views the learner collapsed (a JSON list of their titles).
    Collapsed,
}

impl Key {
    /// Whether the value belongs to one tab (`sessionStorage`) rather than to the browser.
    const fn per_tab(self) -> bool {
        matches!(self, Key::OwnFragment | Key::OnScreen)
    }

    /// The storage key.
    pub const fn name(self) -> &'static str {
        match self {
            Key::Draft => "lab.draft.v1",
            Key::Previous => "lab.previous.v1",
            Key::OwnFragment => "lab.own-fragment.v1",
            Key::OnScreen => "lab.on-screen.v1",
            Key::View => "lab.view.v1",
            Key::Challenge => "lab.challenge.v1",
            Key::ChallengesDone => "lab.challenges.v1",
            Key::Predictions => "lab.predictions.v1",
            Key::ExerciseProgress => "lab.exercises.v1",
            Key::EditorWidth => "lab.editor-width.v1",
            Key::Collapsed => "lab.collapsed.v1",
        }
    }
}

fn storage(key: Key) -> Option<web_sys::Storage> {
    let window = super::window();
    if key.per_tab() {
        window.session_storage().ok().flatten()
    } else {
        window.local_storage().ok().flatten()
    }
}

/// The text kept under `key`, if any.
pub fn get(key: Key) -> Option<String> {
    storage(key)?.get_item(key.name()).ok().flatten()
}

/// Forgets what is kept under `key`.
pub fn remove(key: Key) {
    if let Some(s) = storage(key) {
        let _ = s.remove_item(key.name());
    }
}

/// Keeps `value` under `key`.
pub fn set(key: Key, value: &str) {
    if let Some(s) = storage(key) {
        let _ = s.set_item(key.name(), value);
    }
}

/// The JSON value kept under `key`; `None` when there is none or it does not read as a `T`
/// (a value from a broken or tampered storage is ignored, not trusted).
pub fn get_json<T: DeserializeOwned>(key: Key) -> Option<T> {
    serde_json::from_str(&get(key)?).ok()
}

/// Keeps `value` as JSON under `key`.
pub fn set_json<T: Serialize>(key: Key, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        set(key, &text);
    }
}

/// The saved draft, if any.
pub fn load_draft() -> Option<String> {
    get(Key::Draft)
}

/// Saves the draft.
pub fn save_draft(text: &str) {
    set(Key::Draft, text);
}

/// Saves what the learner typed: their own program (the draft), and what this tab shows.
pub fn save_typed(text: &str) {
    save_draft(text);
    set(Key::OnScreen, text);
}

/// The program a preset or link replaced, if any.
pub fn load_previous() -> Option<String> {
    get(Key::Previous)
}

/// Keeps a replaced program.
pub fn save_previous(text: &str) {
    set(Key::Previous, text);
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn every_key_is_the_labs_and_versioned_and_none_is_shared() {
        let all = [
            Key::Draft,
            Key::Previous,
            Key::OwnFragment,
            Key::OnScreen,
            Key::View,
            Key::Challenge,
            Key::ChallengesDone,
            Key::Predictions,
            Key::ExerciseProgress,
            Key::EditorWidth,
            Key::Collapsed,
        ];
        for k in all {
            let n = k.name();
            assert!(n.starts_with("lab.") && n.ends_with(".v1"), "{n}");
        }
        let mut names: Vec<_> = all.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
}
