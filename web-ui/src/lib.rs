//! The lab's browser UI: a Yew app that runs scenarios on runtime-core and draws the trace.
//!
//! * `state`: `AppState` + `Action` + `apply`, a pure reducer (tested natively); `rerun`
//!   (where the cursor goes when an edit runs again) and `trace_view` (the narrow props of the
//!   trace's views) beside it.
//! * `components`: presentational components, one per panel (the editor's keys in
//!   `editor_keys`, pure and tested natively; the splitter between the program and the views).
//! * `hooks`: the page's effects outside the reducer, as Yew hooks (live re-run, the
//!   presenter's channel, storage, the URL, keys, playing, `./lab serve`'s compile status).
//! * `services`: everything that touches the browser (storage, URL, files, keyboard, the
//!   grading worker, the compile status file).
//! * `explain`: one sentence per event.
//! * `content`: the presets, challenges and walkthroughs, fetched as the page starts.
//!
//! `main.rs` only mounts [`Root`] (which fetches the content, then shows [`App`]), so tests
//! can mount `App` into a page of their own.

// Component props hold `Html` and callbacks, which have no useful `Debug`; the state holds whole
// runs, which printing would never help with.
#![allow(missing_debug_implementations)]

pub mod app;
pub mod components;
pub mod content;
pub mod explain;
pub mod hooks;
pub mod services;
pub mod state;

pub use app::{App, Root};

/// The page's heading; the browser tests look for it.
pub const TITLE: &str = "Inside Async Rust — the lab";
