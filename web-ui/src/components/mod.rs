//! Presentational components: each draws part of a [`crate::state::AppState`] and sends
//! [`crate::state::Action`]s; none holds runtime logic. Props are cheap to compare: shared
//! data is passed as [`ByPtr`], compared by pointer, never by value.

pub mod blocking_pool;
pub mod challenges;
pub mod classroom;
pub mod controls;
pub mod diagnostics;
pub mod editor;
pub mod editor_keys;
pub mod event_log;
pub mod exercises;
pub mod lesson;
pub mod markdown;
pub mod pin;
pub mod queues;
pub mod settings;
pub mod splitter;
pub mod tasks;
pub mod timeline;
pub mod toolbar;
pub mod virtual_list;
pub mod wakers;
pub mod wheel;

use crate::state::AppState;
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

/// Sends actions to the app's reducer.
pub type Dispatch = UseReducerDispatcher<AppState>;

/// An `Rc` compared by pointer: a prop that changes only when the data is replaced (the
/// state's fields are `Rc`s, replaced on change), so comparing it costs nothing.
#[derive(Debug)]
pub struct ByPtr<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for ByPtr<T> {
    fn clone(&self) -> Self {
        ByPtr(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: ?Sized> Deref for ByPtr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized> From<Rc<T>> for ByPtr<T> {
    fn from(rc: Rc<T>) -> Self {
        ByPtr(rc)
    }
}

/// What each view of the trace (the queues, the tasks, the wheel, the log…) draws from: the
/// trace stepped to the cursor, and the reducer its clicks (select a task, seek an event) go
/// to. One type for all of them, so a step re-renders exactly the views the `TraceView` feeds.
#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub view: ByPtr<crate::state::trace_view::TraceView>,
    pub dispatch: Dispatch,
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// A short help text shown as the panel's tooltip.
    #[prop_or_default]
    pub help: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// A titled section of the page. Its title's button folds it away (and back), remembered
/// across reloads, so a learner keeps on screen only the views they use.
#[component]
pub fn PanelBox(props: &PanelProps) -> Html {
    use crate::services::storage::{self, Key};
    let folded = use_state(|| {
        storage::get_json::<Vec<String>>(Key::Collapsed)
            .is_some_and(|list| list.iter().any(|t| *t == *props.title))
    });
    let toggle = {
        let (folded, title) = (folded.clone(), props.title.to_string());
        Callback::from(move |_| {
            let mut list: Vec<String> = storage::get_json(Key::Collapsed).unwrap_or_default();
            list.retain(|t| *t != title);
            if !*folded {
                list.push(title.clone());
            }
            storage::set_json(Key::Collapsed, &list);
            folded.set(!*folded);
        })
    };
    html! {
        <section class={classes!("panel", props.class.clone(), folded.then_some("folded"))} aria-label={props.title.clone()}>
            <h2 title={props.help.clone()}>
                <button class="fold" onclick={toggle} aria-expanded={(!*folded).to_string()}
                    aria-label={format!("{} {}", if *folded { "Show" } else { "Hide" }, props.title)}>
                    { if *folded { "▸" } else { "▾" } }
                </button>
                { props.title.clone() }
            </h2>
            if !*folded {
                { props.children.clone() }
            }
        </section>
    }
}
