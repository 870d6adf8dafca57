//! The engine module: what the page calls to compile and run a program (see the crate's doc).
//! Its two functions are exported to JavaScript; the page calls them synchronously once the
//! module has loaded.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::wasm_bindgen;

    /// Compiles `source`: [`engine::compile`].
    #[wasm_bindgen]
    pub fn compile(source: &str) -> Vec<u8> {
        engine::compile(source)
    }

    /// Compiles and runs `source` with `options` (JSON of `scenario::RunOptions`; empty for
    /// the defaults): [`engine::run`].
    #[wasm_bindgen]
    pub fn run(source: &str, options: &str) -> Vec<u8> {
        let options = if options.is_empty() {
            scenario::RunOptions::default()
        } else {
            serde_json::from_str(options).expect("the page sends RunOptions as JSON")
        };
        engine::run(source, &options)
    }

    /// The page's first run, for the build to write beside the page: [`engine::first_run`].
    #[wasm_bindgen]
    pub fn first_run(source: &str) -> Vec<u8> {
        engine::first_run(source)
    }
}

fn main() {}
