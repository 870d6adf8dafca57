//! The timeline: one lane per task, polls as bars, wakes as arrows from the waking task (or a
//! mark for a timer, I/O or channel wake), long (blocking) polls in a warning colour with a
//! hatch. The x axis is the order of events, not time: most polls take no virtual time, and
//! would be invisible on a time axis; a ruler shows the time. Only a window around the cursor
//! is drawn, so a 100,000-event trace draws as fast as a small one.

use super::TraceProps;
use crate::state::Action;
use runtime_core::TaskId;
use yew::prelude::*;

/// The drawing's width in SVG units. The SVG is scaled to the panel's width, text with it: a
/// narrower drawing makes larger text in the lab's middle column (about 550 px wide); the
/// presenter's full-width panel gets the wider one, so its text is not huge either.
/// Coordinates are whole SVG units (about a pixel each), so no float is formatted.
const WIDTH: usize = 600;
const PRESENTER_WIDTH: usize = 1000;
const LANE: usize = 18;
const LEFT: usize = 84;
const MAX_LANES: usize = 24;
/// The window shown: `WINDOW` events, moved in blocks of `BLOCK` so that most steps only move
/// the cursor line (moving every bar on every step made the browser redo the whole drawing).
const WINDOW: usize = 320;
const BLOCK: usize = 160;

#[component]
pub fn TimelinePanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return Html::default();
    };
    let len = run.len().max(1);
    let c = s.cursor;
    let width = if s.presenter { PRESENTER_WIDTH } else { WIDTH };
    let lo = (c / BLOCK).saturating_sub(1) * BLOCK;
    let hi = (lo + WINDOW).min(len).max(lo + 1);
    let x = |i: usize| LEFT + i.saturating_sub(lo) * (width - LEFT - 10) / (hi - lo);
    // Lanes: tasks that poll in the window, in id order (the selected task always).
    // While a question about the next event is open, nothing after the cursor is drawn.
    let hide_from = if s.question_open() { c } else { usize::MAX };
    // Polls and wakes are in event order: the window's are found by binary search, not by
    // reading the whole run at every step.
    let polls: Vec<_> = in_window(
        &run.polls,
        |p| p.seq,
        lo.saturating_sub(4),
        hi.min(hide_from),
    )
    .iter()
    .collect();
    let mut lanes: Vec<TaskId> = polls.iter().map(|p| p.task).collect();
    if let Some(t) = s.selected {
        lanes.push(t);
    }
    lanes.sort();
    lanes.dedup();
    let hidden = lanes.len().saturating_sub(MAX_LANES);
    lanes.truncate(MAX_LANES);
    let lane_of = |t: TaskId| lanes.iter().position(|l| *l == t);
    let height = 24 + lanes.len().max(1) * LANE;
    let seek = |i: usize| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::Seek(i + 1)))
    };
    // Five marks across the window, each labelled with the time of its event; a mark whose time
    // is the one before's is left unlabelled (most events take no time).
    let mut ruler: Vec<(usize, &'static str, Option<String>)> = Vec::new();
    let mut last_time = None;
    for k in 0..=4 {
        let i = lo + (hi - lo) * k / 4;
        let at = run.event(i.min(len - 1)).map_or(0, |e| e.at);
        let anchor = match k {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        let label = (last_time != Some(at) && i <= hide_from).then(|| run.time(at));
        last_time = Some(at);
        ruler.push((i, anchor, label));
    }
    html! {
        <div class="timeline">
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                aria-label={format!("Timeline of events {} to {hi}: one lane per task, polls as bars", lo + 1)}>
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch" />
                    </pattern>
                    <marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto">
                        <path d="M0,0 L6,3 L0,6 z" class="arrowhead" />
                    </marker>
                </defs>
                { for ruler.iter().filter_map(|(i, anchor, label)| {
                    let label = label.clone()?;
                    Some(html! { <text class="ruler" x={x(*i).to_string()} y="10" text-anchor={*anchor}>{ label }</text> })
                }) }
                { for lanes.iter().enumerate().map(|(k, t)| {
                    let y = 16 + k * LANE;
                    let selected = s.selected == Some(*t);
                    html! {
                        <g class={classes!("lane", selected.then_some("selected"))}>
                            <line class="lane-line" x1={LEFT.to_string()} x2={width.to_string()} y1={(y + LANE / 2).to_string()} y2={(y + LANE / 2).to_string()} />
                            <text class="lane-name" x="2" y={(y + 13).to_string()}>{ run.shown.task(*t) }</text>
                        </g>
                    }
                }) }
                { for polls.iter().filter_map(|p| {
                    let k = lane_of(p.task)?;
                    let y = 16 + k * LANE + 3;
                    let end_seq = p.seq + 2;
                    let (x0, x1) = (x(p.seq), x(end_seq.min(hi)));
                    let w = (x1 - x0).max(3);
                    let class = classes!("bar", p.long.then_some("long"), p.ready.then_some("ready"), (p.seq < c).then_some("past"));
                    let title = format!("{} polled on worker {} at {}{}{}", run.shown.task(p.task), p.worker, run.time(p.start),
                        if p.end > p.start { format!(", {} of work", run.time(p.end - p.start)) } else { String::new() },
                        if p.long { " (a long poll: it blocked its worker)" } else { "" });
                    Some(html! {
                        <rect {class} x={x0.to_string()} y={y.to_string()} width={w.to_string()} height={(LANE - 6).to_string()} rx="2" onclick={seek(p.seq)}>
                            <title>{ title }</title>
                        </rect>
                    })
                }) }
                { for in_window(&run.wakes, |w| w.seq, lo, hi.min(hide_from)).iter().filter_map(|w| {
                    let to = lane_of(w.task)?;
                    let xw = x(w.seq);
                    let yt = 16 + to * LANE + LANE / 2;
                    let title = format!("{} woken at {}", run.shown.task(w.task), run.time(w.at));
                    Some(match w.from.and_then(lane_of).filter(|f| *f != to) {
                        Some(from) => {
                            let yf = 16 + from * LANE + LANE / 2;
                            html! { <line class="wake" x1={xw.to_string()} x2={xw.to_string()} y1={yf.to_string()} y2={(if yt > yf { yt - 4 } else { yt + 4 }).to_string()} marker-end="url(#arrow)"><title>{ title }</title></line> }
                        }
                        None => html! { <circle class="wake-mark" cx={xw.to_string()} cy={yt.to_string()} r="3"><title>{ title }</title></circle> },
                    })
                }) }
                <line class="now" x1={x(c).to_string()} x2={x(c).to_string()} y1="12" y2={height.to_string()} />
            </svg>
            <p class="legend">
                <span class="key bar-key" />{ " poll " }
                <span class="key long-key" />{ " long poll (blocking) " }
                <span class="key wake-key" />{ " wake (arrow: from the waking task) · the line is the cursor · left to right: events in order, labelled with their time" }
                if hidden > 0 { { format!(" · {hidden} more lanes not shown (select a task to show it)") } }
            </p>
        </div>
    }
}

/// The items of `items` (in order of `seq`) whose `seq` is in `from..to`.
fn in_window<T>(items: &[T], seq: impl Fn(&T) -> usize, from: usize, to: usize) -> &[T] {
    let start = items.partition_point(|i| seq(i) < from);
    let end = items.partition_point(|i| seq(i) < to).max(start);
    &items[start..end]
}
