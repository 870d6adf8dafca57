//! Loading the engine (which compiles and runs programs: `services::engine`) once the page's
//! first screen is drawn, so it never delays that screen; then the actions that waited for it
//! are applied (`Action::EngineReady`).

use crate::state::{Action, AppState};
use yew::prelude::*;

#[hook]
pub fn use_engine(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    use_effect_with((), move |_| {
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_futures::spawn_local(async move {
            dispatch.dispatch(match crate::services::engine::load().await {
                Ok(()) => Action::EngineReady,
                Err(why) => Action::EngineFailed(why),
            });
        });
        #[cfg(not(target_arch = "wasm32"))]
        dispatch.dispatch(Action::EngineReady);
    });
}
