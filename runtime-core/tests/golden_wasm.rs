//! The golden traces in headless Chromium: the same programs must give the same traces in
//! wasm32 as natively (determinism across targets), checked against the same expectations.
//! Run with `cargo test -p runtime-core --target wasm32-unknown-unknown` (see `./lab test`).

#![cfg(target_arch = "wasm32")]
mod golden;

use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn golden_traces_in_the_browser() {
    let failures: Vec<String> = golden::all()
        .iter()
        .filter_map(|c| golden::check(c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(golden::all().len() >= 15);
}
