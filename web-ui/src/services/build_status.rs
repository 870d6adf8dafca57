//! Under `./lab serve`, what rustc said about the exercises, the learner's code: before each
//! build, `scripts/exercise-status.mjs` checks them and writes `lab-build.json` beside the
//! page. A compile error then shows in the page with its file, line and message, where
//! Trunk's own overlay says only "exit status: 101" (and hides the page). A release build's
//! file says `"live": false`: the page asks once and stops.

use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The file the hook writes.
const FILE: &str = "./lab-build.json";

/// The last check of the exercises.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct BuildStatus {
    pub ok: bool,
    /// Written by `./lab serve`, which checks again before each build: worth asking again.
    #[serde(default)]
    pub live: bool,
    /// When the check ran (the clock's time, as the hook wrote it).
    #[serde(default)]
    pub checked_at: String,
    #[serde(default)]
    pub errors: Vec<CompileError>,
}

/// One error, as rustc reported it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CompileError {
    /// The file, from the repository's root (`exercises/src/...`).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// rustc's whole message, with the source lines it points at (shown as text).
    pub rendered: String,
}

/// Reads the status: `None` when it cannot be read. The first read may come from the
/// offline cache (the site's own copy); `fresh` ones go past every cache.
pub async fn fetch(fresh: bool) -> Option<BuildStatus> {
    let url = if fresh {
        format!("{FILE}?t={}", js_sys::Date::now() as u64)
    } else {
        FILE.to_string()
    };
    let res = JsFuture::from(super::window().fetch_with_str(&url))
        .await
        .ok()?;
    let res: web_sys::Response = res.dyn_into().ok()?;
    if !res.ok() {
        return None;
    }
    let text = JsFuture::from(res.text().ok()?).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Hides Trunk's build-failure overlay (its autoreload script puts a full-screen `div` with
/// this z-index first in the body), once the page shows the error itself.
pub fn hide_trunk_overlay() {
    let Some(body) = super::window().document().and_then(|d| d.body()) else {
        return;
    };
    let children = body.children();
    for i in 0..children.length() {
        if let Some(el) = children
            .item(i)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            && el.style().get_property_value("z-index").ok().as_deref() == Some("1000000")
        {
            let _ = el.style().set_property("display", "none");
        }
    }
}
