//! The event log: every event of the trace, one line each (the same text as the command
//! line's), the current one highlighted and kept in view. Virtualised: a 100,000-event trace
//! keeps only the rows in view in the page. Clicking a row goes to it.

use super::TraceProps;
use super::virtual_list::VirtualList;
use crate::state::Action;
use crate::state::AtCursor;
use runtime_core::trace::text;
use yew::prelude::*;

#[component]
pub fn EventLogPanel(props: &TraceProps) -> Html {
    let s = props.view.clone();
    let Some(run) = s.run.clone() else {
        return html! { <div data-testid="event-log" /> };
    };
    let render = {
        let d = props.dispatch.clone();
        let cursor = s.cursor;
        Callback::from(move |i: usize| {
            let rec = run.event(i).expect("in range");
            let fields = text::fields_text(&rec.event, &run.names);
            let d = d.clone();
            let onclick = Callback::from(move |_| d.dispatch(Action::Seek(i + 1)));
            let class = classes!(
                "ev",
                format!("k-{}", rec.event.kind()),
                (i + 1 == cursor).then_some("current"),
                (i >= cursor).then_some("future"),
                rec.event.is_diagnostic().then_some("diag")
            );
            html! {
                // Not keyed: a seek replaces every row in view, and patching the rows in place
                // is cheaper than swapping keyed ones (the rows are the same shape).
                <div {class} {onclick} data-seq={i.to_string()} role="listitem">
                    <span class="seq">{ i + 1 }</span>
                    <span class="at">{ run.time(rec.at) }</span>
                    <span class="kind">{ rec.event.kind() }</span>
                    <span class="fields">{ fields }</span>
                </div>
            }
        })
    };
    html! {
        <div class="event-log" data-testid="event-log">
            <VirtualList rows={if s.question_open() { s.cursor } else { s.len() }} row_height={if s.presenter { 28 } else { 20 }} visible={16} render={render}
                follow={s.cursor.checked_sub(1)} label="Event log" role={Some(AttrValue::from("list"))} />
        </div>
    }
}
