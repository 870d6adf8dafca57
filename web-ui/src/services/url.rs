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

/// Whether the browser loaded this page as a reload (the reload button, F5), from the
/// Navigation Timing entry. A reload shows what was on screen, whatever the address says.
pub fn is_reload() -> bool {
    let Some(performance) = super::window().performance() else {
        return false;
    };
    let entries = performance.get_entries_by_type("navigation");
    js_sys::Reflect::get(&entries.get(0), &"type".into())
        .ok()
        .and_then(|t| t.as_string())
        .is_some_and(|t| t == "reload")
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
