//! The lab's browser UI.
//!
//! For now a skeleton that proves the pipeline (Trunk build, wasm-bindgen-test in headless
//! Chromium, Playwright against the release build). `main.rs` only mounts [`App`], so tests
//! can mount the same component into a page of their own.

use yew::prelude::*;

/// The page's heading; the browser tests look for it.
pub const TITLE: &str = "Inside Async Rust — the lab";

/// The whole application.
#[component]
pub fn App() -> Html {
    html! {
        <main class="lab">
            <h1>{ TITLE }</h1>
            <p class="lede">
                { "Step through what a real mini runtime does with an async program." }
            </p>
            <div class="cursor" data-testid="cursor">{ "No scenario loaded yet." }</div>
        </main>
    }
}
