//! The editor's text, saved in the browser as it is typed, so a reload loses nothing; and the
//! program a preset or a link replaced, so that is not lost either.

const DRAFT: &str = "lab.draft.v1";
const PREVIOUS: &str = "lab.previous.v1";

fn storage() -> Option<web_sys::Storage> {
    super::window().local_storage().ok().flatten()
}

/// The saved draft, if any.
pub fn load_draft() -> Option<String> {
    storage()?.get_item(DRAFT).ok().flatten()
}

/// Saves the draft (silently does nothing where storage is unavailable).
pub fn save_draft(text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(DRAFT, text);
    }
}

/// The program a preset or link replaced, if any.
pub fn load_previous() -> Option<String> {
    storage()?.get_item(PREVIOUS).ok().flatten()
}

/// Keeps a replaced program.
pub fn save_previous(text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(PREVIOUS, text);
    }
}

/// Reads a value under `key`.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a value under `key`.
pub fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
