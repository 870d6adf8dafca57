//! The lab's browser UI: a Yew app that runs scenarios on runtime-core and draws the trace.
//!
//! * `state`: `AppState` + `Action` + `apply`, a pure reducer (tested natively).
//! * `components`: presentational components, one per panel.
//! * `hooks`: the page's effects outside the reducer, as Yew hooks.
//! * `services`: everything that touches the browser (storage, URL, files, keyboard).
//! * `explain`: one sentence per event.
//!
//! `main.rs` only mounts [`App`], so tests can mount it into a page of their own.

// Component props hold `Html` and callbacks, which have no useful `Debug`. This crate runs
// with std (in the browser); the no_std import lints guard runtime-core and scenario.
#![allow(
    missing_debug_implementations,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)]

pub mod app;
pub mod components;
pub mod explain;
pub mod hooks;
pub mod services;
pub mod state;

pub use app::App;

/// The page's heading; the browser tests look for it.
pub const TITLE: &str = "Inside Async Rust — the lab";
