//! The grading worker: runs exercise checks in a Web Worker, one per request, so a panic, a
//! `todo!()` or an endless loop in learner code cannot freeze the page. A panic is reported
//! (through a panic hook, before the wasm traps) and the page starts a new worker; an endless
//! loop is ended by the page, which terminates the worker after a time limit.

#[cfg(target_arch = "wasm32")]
fn main() {
    use grader::protocol::Request;
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static CURRENT: Cell<u32> = const { Cell::new(0) };
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let panic_scope = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        let id = CURRENT.with(Cell::get);
        let reply = grader::protocol::Reply::Panic {
            id,
            message: grader::worker::panic_message(info),
        };
        if let Ok(text) = serde_json::to_string(&reply) {
            let _ = panic_scope.post_message(&text.into());
        }
    }));
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        let Ok(request) = serde_json::from_str::<Request>(&text) else {
            return;
        };
        CURRENT.with(|c| c.set(request.id()));
        let reply = grader::worker::serve(request);
        if let Ok(text) = serde_json::to_string(&reply) {
            let _ = reply_scope.post_message(&text.into());
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    if let Ok(text) = serde_json::to_string(&grader::protocol::Reply::Ready) {
        let _ = scope.post_message(&text.into());
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the grader runs in a browser's Web Worker; natively, use `cargo run -p exercises --bin grade`"
    );
}
