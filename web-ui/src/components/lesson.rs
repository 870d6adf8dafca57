//! The preset picker and the lesson text of the chosen preset.

use super::Dispatch;
use crate::state::Action;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the lesson shows: re-rendered when the program or the question changes, not at each
/// step.
#[derive(Properties, PartialEq)]
pub struct LessonProps {
    /// The preset loaded, if the program is one.
    pub preset: Option<Rc<str>>,
    /// A prediction waits for an answer (the lesson may give it away).
    pub question_open: bool,
    /// The title of the walkthrough whose program this is, if any.
    pub walkthrough: Option<AttrValue>,
    pub dispatch: Dispatch,
}

#[component]
pub fn LessonPanel(props: &LessonProps) -> Html {
    let library = crate::content::library();
    let presets = &library.presets;
    let onchange = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            if !name.is_empty() {
                d.dispatch(Action::LoadPreset(name));
            }
        })
    };
    let current = props
        .preset
        .as_deref()
        .and_then(|name| presets.iter().find(|p| p.name == name));
    html! {
        <div class="lesson">
            <label class="preset-picker">
                { "Preset " }
                <select {onchange} data-testid="preset-picker" aria-label="Load a preset program">
                    <option value="" selected={current.is_none()}>{ "(your program)" }</option>
                    { for presets.iter().enumerate().map(|(i, p)| html! {
                        <option value={p.name.clone()} selected={props.preset.as_deref() == Some(p.name.as_str())}>{ format!("{:>2}. {}", i + 1, p.title) }</option>
                    }) }
                </select>
            </label>
            if let Some(p) = current {
                <h3>{ p.title.clone() }</h3>
                if props.question_open {
                    // The lesson often states the answer (which level a timer lands in).
                    <p class="lesson-text muted">{ "The lesson is hidden while a question waits for your answer." }</p>
                } else {
                    <p class="lesson-text">{ super::markdown::inline(&p.text) }</p>
                }
            } else if let Some(title) = &props.walkthrough {
                <h3>{ title.clone() }</h3>
                <p class="lesson-text">{ "The walkthrough's own program: its notes are above the views." }</p>
            } else {
                <p class="lesson-text muted">{ "Your own program. Pick a preset to read its lesson, or edit and Run." }</p>
            }
        </div>
    }
}
