//! Everything that touches the browser: storage, the URL fragment, files, the keyboard, the
//! play timer, offline caching. Components and the reducer stay free of it.

pub mod files;
pub mod grader;
pub mod keyboard;
pub mod offline;
pub mod storage;
pub mod url;

/// The window, which a page always has.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("running in a browser window")
}
