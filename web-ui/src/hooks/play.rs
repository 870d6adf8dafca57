//! Playing: a timer that steps the trace while `playing` is on, at the chosen speed.

use crate::state::{Action, AppState};
use gloo_timers::callback::Interval;
use yew::prelude::*;

#[hook]
pub fn use_play_timer(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    // Playing: a timer that steps while `playing` is on.
    {
        let d = dispatch.clone();
        use_effect_with((state.playing, state.speed), move |(playing, speed)| {
            let interval = playing.then(|| {
                let ms = (1000 / speed.max(&1)).max(5);
                Interval::new(ms, move || d.dispatch(Action::PlayTick))
            });
            move || drop(interval)
        });
    }
}
