//! A virtualised list: only the rows in view (plus a margin) are in the page, so a list of
//! 100,000 events or 1,000 tasks renders as fast as one of 30. Rows have a fixed height; a
//! spacer gives the scrollbar its full size. `follow` keeps a row in view (the cursor's row).

use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    pub rows: usize,
    /// Height of one row, in pixels (the CSS must agree).
    pub row_height: u32,
    /// Height of the visible area, in pixels.
    pub height: u32,
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

const MARGIN: usize = 8;

#[component]
pub fn VirtualList(props: &VirtualListProps) -> Html {
    let scroll = use_state(|| 0u32);
    let node = use_node_ref();
    let rh = props.row_height.max(1);
    // Follow the chosen row: scroll it into view when it changes.
    {
        let node = node.clone();
        let scroll = scroll.clone();
        let height = props.height;
        use_effect_with((props.follow, props.rows), move |(follow, _)| {
            if let (Some(row), Some(el)) = (*follow, node.cast::<HtmlElement>()) {
                let top = row as u32 * rh;
                let view = el.scroll_top().max(0) as u32;
                if top < view || top + rh > view + height {
                    let target = top.saturating_sub(height / 2);
                    el.set_scroll_top(target as i32);
                    scroll.set(target);
                }
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            scroll.set(el.scroll_top().max(0) as u32);
        })
    };
    let first = (*scroll / rh) as usize;
    let first = first.saturating_sub(MARGIN).min(props.rows);
    let count = (props.height / rh) as usize + 2 * MARGIN;
    let last = (first + count).min(props.rows);
    let total = props.rows as u32 * rh;
    html! {
        <div class={classes!("vlist", props.class.clone())} ref={node} {onscroll}
            style={format!("height:{}px", props.height)} aria-label={props.label.clone()}
            role={props.role.clone()} tabindex="0">
            <div class="vlist-space" style={format!("height:{total}px")}>
                <div class="vlist-rows" style={format!("transform:translateY({}px)", first as u32 * rh)}>
                    { for (first..last).map(|i| props.render.emit(i)) }
                </div>
            </div>
        </div>
    }
}
