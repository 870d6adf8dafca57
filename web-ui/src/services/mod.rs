//! Everything that touches the browser: storage, the URL fragment, files, the keyboard, the
//! play timer, offline caching. Components and the reducer stay free of it.

pub mod build_status;
pub mod content;
pub mod engine;
pub mod files;
pub mod grader;
pub mod keyboard;
pub mod offline;
pub mod storage;
pub mod url;

use wasm_bindgen::JsCast;

/// The window, which a page always has.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("running in a browser window")
}

/// Listens to `event` on the window; the returned cleanup (for an effect) stops listening and
/// frees the listener.
pub fn on_window<T: ?Sized>(
    event: &'static str,
    listener: wasm_bindgen::closure::Closure<T>,
) -> impl FnOnce() {
    let window = window();
    let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    move || {
        let _ =
            window.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
}
