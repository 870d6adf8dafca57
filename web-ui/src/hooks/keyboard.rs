//! The keyboard: one listener on the window, for stepping, playing and presenting.

use crate::services::{keyboard, on_window};
use crate::state::{Action, AppState};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

#[hook]
pub fn use_keyboard(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    // The keyboard listener reads whether a walkthrough is on (PageDown then goes to the
    // next stop) through this cell, updated at each render.
    let walk_stop = use_mut_ref(|| None::<(usize, usize)>);
    *walk_stop.borrow_mut() = state.walk.as_ref().map(|w| (w.stop, w.stops.len()));
    // The keyboard: one listener on the window, ignoring keys typed into fields.
    {
        let d = dispatch.clone();
        let walk_stop = walk_stop.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                // Fields that take typing (or arrows: the scrubber, a select) keep their keys;
                // a checkbox or a button does not, so a presenter's clicker always steps.
                let in_field = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| match el.tag_name().as_str() {
                        "TEXTAREA" | "SELECT" => true,
                        "INPUT" => !matches!(
                            el.get_attribute("type").as_deref(),
                            Some("checkbox" | "radio" | "button" | "file")
                        ),
                        _ => false,
                    });
                if in_field || e.alt_key() {
                    return;
                }
                // Space on a focused button presses it: leave that to the button.
                let on_button = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.tag_name() == "BUTTON");
                if on_button && (e.key() == " " || e.key() == "Enter") {
                    return;
                }
                // In a walkthrough, a presentation clicker moves from stop to stop.
                if let Some((stop, stops)) = *walk_stop.borrow() {
                    let next = match e.key().as_str() {
                        "PageDown" => Some((stop + 1).min(stops.saturating_sub(1))),
                        "PageUp" => Some(stop.saturating_sub(1)),
                        _ => None,
                    };
                    if let Some(next) = next {
                        e.prevent_default();
                        d.dispatch(Action::GoToStop(next));
                        return;
                    }
                }
                if let Some(action) =
                    keyboard::action_for(&e.key(), e.shift_key(), e.ctrl_key() || e.meta_key())
                {
                    e.prevent_default();
                    d.dispatch(action);
                }
            });
            on_window("keydown", listener)
        });
    }
}
