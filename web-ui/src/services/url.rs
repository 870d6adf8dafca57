//! The URL fragment: read it once at start (a shared link) and keep it up to date as the user
//! steps, with `history.replaceState` so stepping does not fill the back button's history.

/// The current fragment, without `#`.
pub fn fragment() -> String {
    super::window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string()
}

/// The fragment this page last wrote itself, if any.
pub fn own_fragment() -> Option<String> {
    super::storage::get(super::storage::Key::OwnFragment)
}

/// Replaces the fragment without adding a history entry.
pub fn replace_fragment(fragment: &str) {
    super::storage::set(super::storage::Key::OwnFragment, fragment);
    let w = super::window();
    if let Ok(history) = w.history() {
        let url = format!("#{fragment}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The full link to the page with `fragment`.
pub fn link(fragment: &str) -> String {
    let loc = super::window().location();
    let base = loc.href().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}
