//! Works offline once loaded: registers `sw.js` (copied next to the page by Trunk) and hands it
//! the URLs this page has already loaded, so they are cached from the first visit.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Registers the service worker, where the browser has them (not on `file://`, say).
pub fn register() {
    let window = super::window();
    let container = window.navigator().service_worker();
    if container.is_undefined() || container.is_null() {
        return;
    }
    let promise = container.register("./sw.js");
    let send = Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(move |_| {
        let window = super::window();
        let container = window.navigator().service_worker();
        let ready = container.ready();
        let post =
            Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(move |reg: wasm_bindgen::JsValue| {
                let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
                let Some(active) = reg.active() else { return };
                let urls = js_sys::Array::new();
                urls.push(&"./".into());
                // The content, the first run and the engine, in case the page is still
                // fetching them (the engine is fetched after the first screen).
                for url in [
                    super::content::URL,
                    super::content::FIRST_RUN_URL,
                    super::engine::SCRIPT,
                    super::engine::MODULE,
                ] {
                    urls.push(&format!("./{}", url.trim_start_matches("./")).into());
                }
                let perf = super::window().performance();
                if let Some(perf) = perf {
                    for entry in perf.get_entries_by_type("resource").iter() {
                        let entry: web_sys::PerformanceEntry = entry.unchecked_into();
                        urls.push(&entry.name().into());
                    }
                }
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"cache".into(), &urls);
                let _ = active.post_message(&message);
            });
        if let Ok(ready) = ready {
            let _ = ready.then(&post);
        }
        post.forget();
    });
    let _ = promise.then(&send);
    send.forget();
}
