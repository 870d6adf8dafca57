//! The audience window: a second window (opened by a presenter, `?audience=1`) that follows what
//! the presenter's window shows, through a `BroadcastChannel`. Every other window publishes a
//! [`LiveMessage`] whenever what it shows changes.

use crate::components::toolbar::fragment_of;
use crate::state::sessions::WalkSession;
use crate::state::{Action, AppState, share};
use runtime_core::TaskId;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// The channel the windows of one lab talk on.
const LIVE_CHANNEL: &str = "lab-live";

/// What the presenter's window shows, as the audience window needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveMessage {
    /// The program, settings and step, as a share link's fragment.
    pub fragment: String,
    /// The panels shown in presenter mode (`Panel::bit`s).
    pub panels: u16,
    /// The selected task.
    pub selected: Option<u32>,
    /// Whether the answer to the walkthrough stop's question has been revealed.
    pub revealed: bool,
}

impl LiveMessage {
    /// What `s` shows.
    pub fn of(s: &AppState) -> LiveMessage {
        LiveMessage {
            fragment: fragment_of(s),
            panels: s.presenter_panels,
            selected: s.selected.map(|t| t.0),
            revealed: revealed(s),
        }
    }

    /// The action that makes an audience window show it (`None` for a link that does not
    /// open: the window stays as it is).
    pub fn follow(&self) -> Option<Action> {
        let shared = share::decode(&self.fragment).ok().flatten()?;
        Some(Action::Follow(
            shared,
            self.panels,
            self.selected.map(TaskId),
            self.revealed,
        ))
    }
}

/// Whether the presenter has revealed the answer to the current stop's question.
pub fn revealed(s: &AppState) -> bool {
    s.walk.as_ref().is_some_and(WalkSession::revealed)
}

/// An audience window follows the messages on the channel; any other window publishes one each
/// time what it shows changes.
#[hook]
pub fn use_live_follow(state: &UseReducerHandle<AppState>, audience: bool) {
    let dispatch = state.dispatcher();
    use_effect_with(audience, move |on| {
        dispatch.dispatch(Action::SetAudience(*on));
        let channel = web_sys::BroadcastChannel::new(LIVE_CHANNEL).ok();
        let listener = (*on).then(|| {
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let message = e
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<LiveMessage>(&text).ok());
                if let Some(action) = message.as_ref().and_then(LiveMessage::follow) {
                    dispatch.dispatch(action);
                }
            })
        });
        if let (Some(ch), Some(l)) = (&channel, &listener) {
            ch.set_onmessage(Some(l.as_ref().unchecked_ref()));
        }
        move || {
            if let Some(ch) = &channel {
                ch.set_onmessage(None);
                ch.close();
            }
            drop(listener);
        }
    });
    // Built on every render of a presenting window (a step changes its fragment anyway),
    // published when it differs from the last one.
    let shown = (!audience).then(|| LiveMessage::of(state));
    use_effect_with(shown, move |shown| {
        if let Some(shown) = shown
            && let Ok(ch) = web_sys::BroadcastChannel::new(LIVE_CHANNEL)
            && let Ok(text) = serde_json::to_string(shown)
        {
            let _ = ch.post_message(&text.into());
            ch.close();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_round_trips_and_follows_the_link_it_carries() {
        let s = AppState::new(scenario::presets::find("fifo").unwrap().source, None);
        let m = LiveMessage::of(&s);
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<LiveMessage>(&text).unwrap(), m);
        assert!(matches!(m.follow(), Some(Action::Follow(..))));
        let broken = LiveMessage {
            fragment: "v=1&src=%%%".into(),
            ..m
        };
        assert!(broken.follow().is_none(), "a corrupt link changes nothing");
    }
}
