//! Presentational components: each draws part of a [`crate::state::AppState`] and sends
//! [`crate::state::Action`]s; none holds runtime logic. Props are cheap to compare: shared
//! data is passed as [`Shared`], compared by pointer, never by value.

pub mod challenges;
pub mod classroom;
pub mod controls;
pub mod diagnostics;
pub mod editor;
pub mod event_log;
pub mod exercises;
pub mod lesson;
pub mod markdown;
pub mod pin;
pub mod queues;
pub mod settings;
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

/// An `Rc` compared by pointer: a prop that changes only when the data is replaced.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
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

/// A titled section of the page.
#[component]
pub fn PanelBox(props: &PanelProps) -> Html {
    html! {
        <section class={classes!("panel", props.class.clone())} aria-label={props.title.clone()}>
            <h2 title={props.help.clone()}>{ props.title.clone() }</h2>
            { props.children.clone() }
        </section>
    }
}
