//! Mounts the app into the page in headless Chromium and checks what it renders.
//! Run with `cargo test --target wasm32-unknown-unknown -p web-ui` (see `./lab test`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_ui::{App, TITLE};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element appended to the test page's body, so each test renders on its own.
fn mount_point() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("the test runs in a page with a document");
    let root = document
        .create_element("div")
        .expect("a div can be created");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("the div can be appended to the body");
    root
}

#[wasm_bindgen_test]
async fn app_renders_heading_and_cursor() {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let heading = root
        .query_selector("h1")
        .expect("a valid selector")
        .expect("the app renders an h1");
    assert_eq!(heading.text_content().as_deref(), Some(TITLE));

    let cursor = root
        .query_selector("[data-testid=cursor]")
        .expect("a valid selector");
    assert!(cursor.is_some(), "the app renders the cursor test hook");
}
