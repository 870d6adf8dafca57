//! Fetches the lab's content: `content/library.txt`, the presets, challenges and walkthroughs
//! that `scripts/content-bundle.mjs` bundles at build time (its format and checks are
//! classroom's `Library::from_bundle`). The service worker keeps a copy, so a page opened
//! offline after one visit has them all.

use classroom::Library;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the bundle is, beside the page.
pub const URL: &str = "content/library.txt";
/// Where the first screen's run is (see `engine::first_run`).
pub const FIRST_RUN_URL: &str = "content/first-run.bin";

/// Fetches and reads the bundle. The error says what went wrong, for the page to show.
pub async fn load() -> Result<Library, String> {
    let bytes = fetch_bytes(URL).await?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{URL} is not UTF-8 text (byte {} is not): the file was damaged",
            e.utf8_error().valid_up_to()
        )
    })?;
    Library::from_bundle(&text).map_err(|e| format!("{URL} cannot be read: {e}"))
}

/// Fetches and reads the first screen's run. The error says what went wrong.
pub async fn load_first_run() -> Result<engine::FirstRun, String> {
    let bytes = fetch_bytes(FIRST_RUN_URL).await?;
    engine::read_first_run(&bytes).map_err(|e| format!("{FIRST_RUN_URL} cannot be read: {e}"))
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let unreachable = || {
        format!("{url} could not be fetched: the network is down and no earlier visit cached it")
    };
    let res = JsFuture::from(super::window().fetch_with_str(url))
        .await
        .map_err(|_| unreachable())?;
    let res: web_sys::Response = res.dyn_into().map_err(|_| unreachable())?;
    if !res.ok() {
        return Err(format!(
            "{url} could not be fetched: the server answered {} {}",
            res.status(),
            res.status_text()
        ));
    }
    let buffer = res.array_buffer().map_err(|_| unreachable())?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| format!("{url} was cut off while it downloaded"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
