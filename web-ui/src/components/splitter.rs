//! The bar between the editor and the views: drag it, or focus it and press the arrow keys, to
//! give the program more or less room (Home and End go to the narrowest and widest, a double
//! click back to the default). The page remembers the width across reloads.

use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// The editor column is never narrower than this, in CSS pixels.
pub const MIN_WIDTH: u32 = 300;
/// The views keep at least this much of the row.
const VIEWS_MIN: u32 = 360;
/// One press of an arrow key (Shift: a finer step).
const STEP: u32 = 40;

#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    /// The editor column's width, or `None` for the default (CSS decides).
    pub width: Option<u32>,
    pub on_change: Callback<Option<u32>>,
}

/// The editor column (the splitter's previous sibling) and the row they share.
fn columns(bar: &Element) -> Option<(Element, Element)> {
    Some((bar.previous_element_sibling()?, bar.parent_element()?))
}

/// The widest the editor column may be in a row of `row_width`.
fn max_width(row_width: f64) -> u32 {
    (row_width as u32).saturating_sub(VIEWS_MIN).max(MIN_WIDTH)
}

#[component]
pub fn Splitter(props: &SplitterProps) -> Html {
    let bar = use_node_ref();
    let dragging = use_mut_ref(|| false);
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlElement>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            *dragging.borrow_mut() = true;
            e.prevent_default();
        })
    };
    let onpointermove = {
        let (dragging, on_change) = (dragging.clone(), props.on_change.clone());
        Callback::from(move |e: PointerEvent| {
            if !*dragging.borrow() {
                return;
            }
            let Some((left, row)) = e.target_dyn_into::<Element>().and_then(|b| columns(&b)) else {
                return;
            };
            let start = left.get_bounding_client_rect().left();
            let width = (f64::from(e.client_x()) - start).max(0.0) as u32;
            let row_width = row.get_bounding_client_rect().width();
            on_change.emit(Some(width.clamp(MIN_WIDTH, max_width(row_width))));
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };
    let onkeydown = {
        let (bar, on_change) = (bar.clone(), props.on_change.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some((left, row)) = bar.cast::<Element>().and_then(|b| columns(&b)) else {
                return;
            };
            let now = left.get_bounding_client_rect().width() as u32;
            let most = max_width(row.get_bounding_client_rect().width());
            let step = if e.shift_key() { STEP / 4 } else { STEP };
            let width = match e.key().as_str() {
                "ArrowLeft" => now.saturating_sub(step),
                "ArrowRight" => now + step,
                "Home" => MIN_WIDTH,
                "End" => most,
                _ => return,
            };
            e.prevent_default();
            // The page's own keys (stepping) must not see these.
            e.stop_propagation();
            on_change.emit(Some(width.clamp(MIN_WIDTH, most)));
        })
    };
    let ondblclick = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit(None))
    };
    // The width as drawn, for assistive technology (the default is CSS's, so it is measured).
    let drawn = use_state(|| None::<u32>);
    {
        let (bar, drawn) = (bar.clone(), drawn.clone());
        use_effect_with(props.width, move |_| {
            let width = bar
                .cast::<Element>()
                .and_then(|b| columns(&b))
                .map(|(left, _)| left.get_bounding_client_rect().width() as u32);
            if width != *drawn {
                drawn.set(width);
            }
        });
    }
    let now = props.width.or(*drawn).unwrap_or(MIN_WIDTH).to_string();
    html! {
        <div class="splitter" ref={bar} role="separator" aria-orientation="vertical" tabindex="0"
            aria-label="Width of the program column (arrow keys; double-click for the default)"
            aria-controls="program-column" aria-valuemin={MIN_WIDTH.to_string()}
            aria-valuenow={now.clone()} aria-valuetext={format!("{now} pixels")}
            data-testid="splitter"
            {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}
            {onkeydown} {ondblclick} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_views_keep_their_room_and_the_editor_its_minimum() {
        assert_eq!(max_width(1366.0), 1366 - VIEWS_MIN);
        assert_eq!(
            max_width(500.0),
            MIN_WIDTH,
            "a narrow row still lets the editor be usable"
        );
    }
}
