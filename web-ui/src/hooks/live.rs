//! The audience window: a second window (opened by a presenter, `?audience=1`) that follows what
//! the presenter's window shows, through a `BroadcastChannel`. Every other window publishes a
//! [`LiveMessage`] whenever what it shows changes.

use crate::state::sessions::WalkSession;
use crate::state::{Action, AppState, share};
use runtime_core::TaskId;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// The channel the windows of one lab talk on.
const LIVE_CHANNEL: &str = "lab-live";

/// What the presenter's window shows, as the audience window needs it. Both ends read and
/// write it here ([`LiveMessage::to_json`], [`LiveMessage::from_json`]), through the JSON
/// value the page already links (a derived codec cost the page 1.6 KB of its 400).
#[derive(Clone, Debug, PartialEq, Eq)]
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
            fragment: s.fragment(),
            panels: s.presenter_panels,
            selected: s.selected.map(|t| t.0),
            revealed: revealed(s),
        }
    }

    /// The message as sent on the channel.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "fragment": self.fragment,
            "panels": self.panels,
            "selected": self.selected,
            "revealed": self.revealed,
        })
        .to_string()
    }

    /// A message read from the channel (`None` for anything else).
    pub fn from_json(text: &str) -> Option<LiveMessage> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        Some(LiveMessage {
            fragment: v["fragment"].as_str()?.to_string(),
            panels: u16::try_from(v["panels"].as_u64()?).ok()?,
            selected: match &v["selected"] {
                serde_json::Value::Null => None,
                n => Some(u32::try_from(n.as_u64()?).ok()?),
            },
            revealed: v["revealed"].as_bool()?,
        })
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
                    .and_then(|t| LiveMessage::from_json(&t));
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
        {
            let _ = ch.post_message(&shown.to_json().into());
            ch.close();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_round_trips_and_follows_the_link_it_carries() {
        let s = AppState::new(&scenario::presets::find("fifo").unwrap().source, None);
        let m = LiveMessage::of(&s);
        assert_eq!(LiveMessage::from_json(&m.to_json()), Some(m.clone()));
        let selected = LiveMessage {
            selected: Some(3),
            ..m.clone()
        };
        assert_eq!(LiveMessage::from_json(&selected.to_json()), Some(selected));
        assert_eq!(LiveMessage::from_json("{\"fragment\": 1}"), None);
        assert!(matches!(m.follow(), Some(Action::Follow(..))));
        let broken = LiveMessage {
            fragment: "v=1&src=%%%".into(),
            ..m
        };
        assert!(broken.follow().is_none(), "a corrupt link changes nothing");
    }
}
