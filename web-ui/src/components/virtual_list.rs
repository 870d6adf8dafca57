//! A virtualised list: only the rows in view are in the page, so a list of 100,000 events or
//! 1,000 tasks renders as fast as one of 30.
//!
//! The list is *controlled*: which rows are shown is state (`first`), moved by the mouse wheel,
//! by the keys when the list has focus, by dragging its position bar, or by `follow` (the row
//! to keep in view, e.g. the current event). It never reads the page's layout: reading
//! `scrollTop` after a render forces the browser to lay the whole page out again, which was
//! most of the cost of a step.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    pub rows: usize,
    /// Height of one row, in pixels. The list sets it as `--row-h` for the rows' CSS to use.
    pub row_height: u32,
    /// How many rows are visible.
    pub visible: usize,
    /// Draws row `i`.
    pub render: Callback<usize, Html>,
    /// A row to keep in view when it changes (e.g. the current event).
    #[prop_or_default]
    pub follow: Option<usize>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub role: Option<AttrValue>,
}

/// The first row to show so that `row` is in view, moving as little as possible.
pub fn first_for(row: usize, first: usize, visible: usize, rows: usize) -> usize {
    let max_first = rows.saturating_sub(visible);
    let first = first.min(max_first);
    if row < first || row >= first + visible {
        row.saturating_sub(visible / 2).min(max_first)
    } else {
        first
    }
}

#[component]
pub fn VirtualList(props: &VirtualListProps) -> Html {
    let visible = props.visible.max(1);
    // The first row shown lives in a ref: following the cursor updates it during render
    // without another render; the wheel, the keys and the bar update it and ask for one.
    let first = use_mut_ref(|| usize::MAX);
    let redraw = use_force_update();
    let previous_follow = use_mut_ref(|| None::<usize>);
    // usize::MAX means "not placed yet": start at the top unless a row is followed.
    let placed = *first.borrow();
    let mut shown = if placed == usize::MAX {
        0
    } else {
        placed.min(props.rows.saturating_sub(visible))
    };
    if let Some(row) = props.follow {
        // Only a change of the followed row moves the view; scrolling away stays put.
        if *previous_follow.borrow() != Some(row) || placed == usize::MAX {
            shown = first_for(row, shown, visible, props.rows);
        }
    }
    *previous_follow.borrow_mut() = props.follow;
    *first.borrow_mut() = shown;
    let move_by = {
        let first = first.clone();
        let redraw = redraw.clone();
        let rows = props.rows;
        move |delta: isize| {
            let max_first = rows.saturating_sub(visible) as isize;
            let current = *first.borrow() as isize;
            *first.borrow_mut() = (current + delta).clamp(0, max_first.max(0)) as usize;
            redraw.force_update();
        }
    };
    let onwheel = {
        let move_by = move_by.clone();
        Callback::from(move |e: WheelEvent| {
            let rows = (e.delta_y() / 20.0).round() as isize;
            if rows != 0 {
                e.prevent_default();
                move_by(rows.clamp(-20, 20));
            }
        })
    };
    let onkeydown = {
        let move_by = move_by.clone();
        Callback::from(move |e: KeyboardEvent| {
            let delta = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            move_by(delta);
        })
    };
    let last = (shown + visible).min(props.rows);
    let height = visible as u32 * props.row_height;
    // A position bar: where the shown rows are in the whole list; click to jump.
    // In hundredths of a percent (integer arithmetic keeps float formatting out of the page).
    let (bar_top, bar_len) = if props.rows > visible {
        (
            shown * 10_000 / props.rows,
            (visible * 10_000 / props.rows).max(300),
        )
    } else {
        (0, 10_000)
    };
    let percent = |hundredths: usize| format!("{}.{:02}%", hundredths / 100, hundredths % 100);
    let onbar = {
        let first = first.clone();
        let rows = props.rows;
        Callback::from(move |e: MouseEvent| {
            let el: HtmlElement = e
                .current_target()
                .map(|t| t.unchecked_into())
                .expect("the bar");
            let h = el.client_height().max(1) as usize;
            let y = (e.offset_y().max(0) as usize).min(h);
            let target = y * rows / h;
            *first.borrow_mut() = target
                .saturating_sub(visible / 2)
                .min(rows.saturating_sub(visible));
            redraw.force_update();
        })
    };
    html! {
        <div class={classes!("vlist", props.class.clone())} {onwheel} {onkeydown}
            style={format!("height:{height}px;--row-h:{}px", props.row_height)} aria-label={props.label.clone()}
            role={props.role.clone()} tabindex="0">
            <div class="vlist-rows">
                { for (shown..last).map(|i| props.render.emit(i)) }
            </div>
            if props.rows > visible {
                <div class="vlist-bar" onclick={onbar} aria-hidden="true">
                    <div class="vlist-thumb" style={format!("top:{};height:{}", percent(bar_top), percent(bar_len))} />
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::first_for;

    #[test]
    fn following_moves_only_when_the_row_leaves_the_view() {
        assert_eq!(first_for(5, 0, 10, 100), 0, "in view: no move");
        assert_eq!(first_for(10, 0, 10, 100), 5, "just below: centre it");
        assert_eq!(first_for(2, 50, 10, 100), 0);
        assert_eq!(first_for(99, 0, 10, 100), 90, "never past the end");
        assert_eq!(first_for(3, 0, 10, 4), 0, "fewer rows than the view");
    }
}
