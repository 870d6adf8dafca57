//! The engine (`engine/`): what compiles and runs programs. In the browser it is a wasm module
//! of its own, which the page loads after its first screen (that screen shows a run shipped
//! beside the page: `crate::content::first_run`), so the page's first download is a third
//! lighter. Once
//! loaded it is called synchronously, like any function; until then [`ready`] is false and
//! the reducer keeps the actions that need it (`Action::EngineReady` applies them).
//!
//! Natively (the reducer's tests), and in the page's browser tests (`engine::LINKED`), the
//! engine is the `engine` crate itself, reached through the same messages, so the tests cross
//! the same boundary the page does.

use scenario::{Error, Outline, RunOptions, RunResult};

/// A program compiled: its outline, or its first error.
pub type Compiled = Result<Outline, Error>;
/// A program run: the run, or the program's first error.
pub type Ran = Result<RunResult, Error>;

/// The engine's script and module, beside the page (Trunk builds them from index.html).
pub const SCRIPT: &str = "./engine.js";
/// The engine's wasm.
pub const MODULE: &str = "./engine_bg.wasm";

#[cfg(target_arch = "wasm32")]
mod module {
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    // The engine's script (`--target no-modules`) defines the global `wasm_bindgen`: a
    // function that loads its wasm, with the module's exports as its properties.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = wasm_bindgen)]
        fn init(module: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = wasm_bindgen, js_name = compile)]
        pub fn compile(source: &str) -> Result<Vec<u8>, JsValue>;
        #[wasm_bindgen(catch, js_namespace = wasm_bindgen, js_name = run)]
        pub fn run(source: &str, options: &str) -> Result<Vec<u8>, JsValue>;
    }

    thread_local! {
        static READY: Cell<bool> = const { Cell::new(false) };
    }

    pub fn ready() -> bool {
        READY.with(Cell::get)
    }

    /// Adds the engine's script to the page, then loads its wasm.
    pub async fn load() -> Result<(), String> {
        let failed = |what: &str| format!("{what} could not be loaded");
        let document = crate::services::window()
            .document()
            .ok_or_else(|| failed("the engine"))?;
        let script: web_sys::HtmlScriptElement = document
            .create_element("script")
            .map_err(|_| failed(super::SCRIPT))?
            .unchecked_into();
        script.set_src(super::SCRIPT);
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        document
            .body()
            .ok_or_else(|| failed(super::SCRIPT))?
            .append_child(&script)
            .map_err(|_| failed(super::SCRIPT))?;
        wasm_bindgen_futures::JsFuture::from(loaded)
            .await
            .map_err(|_| failed(super::SCRIPT))?;
        let module = init(super::MODULE).map_err(|_| failed(super::MODULE))?;
        wasm_bindgen_futures::JsFuture::from(module)
            .await
            .map_err(|_| failed(super::MODULE))?;
        READY.with(|r| r.set(true));
        Ok(())
    }

    /// What a call that threw says (the engine trapped: a bug in the lab).
    pub fn thrown(e: JsValue) -> String {
        let text = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| String::from("no message"));
        format!("the engine stopped with an error ({text}); reload the page")
    }
}

/// Whether the engine has loaded (natively, and linked in: always).
pub fn ready() -> bool {
    #[cfg(target_arch = "wasm32")]
    return engine::LINKED || module::ready();
    #[cfg(not(target_arch = "wasm32"))]
    true
}

/// Loads the engine (once the page's first screen is drawn).
#[cfg(target_arch = "wasm32")]
pub async fn load() -> Result<(), String> {
    module::load().await
}

/// Compiles `source`. The outer error says the engine failed (it has not loaded, or it
/// trapped), not the program.
pub fn compile(source: &str) -> Result<Compiled, String> {
    #[cfg(target_arch = "wasm32")]
    let reply = if engine::LINKED {
        engine::compile(source)
    } else {
        module::compile(source).map_err(module::thrown)?
    };
    #[cfg(not(target_arch = "wasm32"))]
    let reply = engine::compile(source);
    engine::read_compiled(&reply)
}

/// Compiles and runs `source` with `options`. The outer error says the engine failed.
pub fn run(source: &str, options: &RunOptions) -> Result<Ran, String> {
    #[cfg(target_arch = "wasm32")]
    let reply = if engine::LINKED {
        engine::run(source, options)
    } else {
        let options = serde_json::to_string(options).map_err(|e| e.to_string())?;
        module::run(source, &options).map_err(module::thrown)?
    };
    #[cfg(not(target_arch = "wasm32"))]
    let reply = engine::run(source, options);
    engine::read_run(&reply)
}
