//! Under `./lab serve`: the exercises' compile status, asked for every two seconds, so the
//! page shows a compile error as soon as a save has one (and Trunk's overlay, which says only
//! "exit status: 101", is hidden). When the file compiles, Trunk rebuilds and reloads the page.
//! A release build's status is not live: the first answer stops the asking.

use crate::services::build_status::{self, BuildStatus};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::prelude::*;

/// How often the page asks.
const EVERY_MS: i32 = 2_000;

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let _ = crate::services::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(wait).await;
}

/// The last status read (`None` before the first).
#[hook]
pub fn use_build_status() -> Option<Rc<BuildStatus>> {
    let status = use_state(|| None::<Rc<BuildStatus>>);
    {
        let status = status.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let running = alive.clone();
            spawn_local(async move {
                let mut last = None;
                while running.get() {
                    let Some(now) = build_status::fetch(last.is_some()).await else {
                        break;
                    };
                    let live = now.live;
                    if !now.errors.is_empty() {
                        build_status::hide_trunk_overlay();
                    }
                    if last.as_ref() != Some(&now) {
                        last = Some(now.clone());
                        status.set(Some(Rc::new(now)));
                    }
                    if !live {
                        break;
                    }
                    sleep(EVERY_MS).await;
                }
            });
            move || alive.set(false)
        });
    }
    (*status).clone()
}
