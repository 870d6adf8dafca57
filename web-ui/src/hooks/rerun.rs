//! Live re-run: once the learner pauses typing and the program parses, run it again and keep
//! their place ([`crate::state::rerun`] says where). Large runs stay on request (Ctrl+Enter):
//! re-running a hundred thousand events at every pause would make typing lag.

use crate::state::AtCursor;
use crate::state::{Action, AppState};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// The pause in typing after which the program runs again: short, so the views follow the
/// edit (a keystroke to updated views stays within 100 ms), and long enough to let a burst of
/// keys (or a held key) through first.
const PAUSE_MS: u32 = 30;

/// Runs with more events than this are re-run only on request.
const LIVE_EVENTS: usize = 20_000;

/// Whether an edit to a program whose last run had `events` events runs again by itself.
pub fn is_live(events: usize) -> bool {
    events <= LIVE_EVENTS
}

#[hook]
pub fn use_rerun_on_edit(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    let wanted = state.stale && state.compiles() && state.run.is_some() && is_live(state.len());
    use_effect_with(
        (state.source.clone(), state.overrides, wanted),
        move |(_, _, wanted)| {
            let timer =
                wanted.then(|| Timeout::new(PAUSE_MS, move || dispatch.dispatch(Action::Rerun)));
            move || drop(timer)
        },
    );
}
