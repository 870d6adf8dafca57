//! The timer wheel drawn as levels x slots: each level's cursor (the slot the wheel's time is
//! in), each timer in its slot, and the cell a timer just cascaded from and to. Slots carry
//! `data-level` and `data-slot` (test hooks).

use super::TraceProps;
use crate::state::Action;
use crate::state::AtCursor;
use runtime_core::replay::TimerView;
use runtime_core::trace::Event;
use yew::prelude::*;

#[component]
pub fn TimerWheelPanel(props: &TraceProps) -> Html {
    let s = &*props.view;
    let Some(run) = s.run.as_ref() else {
        return html! { <div data-testid="timer-wheel" /> };
    };
    let settings = s.snapshot.settings;
    let levels = settings.wheel_levels.max(1);
    let bits = u32::from(settings.wheel_bits.max(1));
    let slots = 1u32 << bits;
    let elapsed = s.snapshot.wheel_elapsed;
    let mut cells: Vec<Vec<Vec<&TimerView>>> =
        vec![vec![Vec::new(); slots as usize]; levels as usize];
    for t in s.snapshot.timers.values() {
        if let Some(cell) = cells
            .get_mut(t.level as usize)
            .and_then(|l| l.get_mut(t.slot as usize))
        {
            cell.push(t);
        }
    }
    let (from, to, fired) = match s.current_event().map(|e| &e.event) {
        Some(Event::TimerCascaded {
            from_level,
            from_slot,
            to_level,
            to_slot,
            ..
        }) => (
            Some((*from_level, *from_slot)),
            Some((*to_level, *to_slot)),
            None,
        ),
        Some(Event::TimerRegistered { level, slot, .. }) => (None, Some((*level, *slot)), None),
        Some(Event::TimerFired { timer, .. }) => (None, None, Some(*timer)),
        _ => (None, None, None),
    };
    let small = slots <= 16;
    html! {
        <div class={classes!("wheel", small.then_some("small"))} data-testid="timer-wheel"
            aria-label={format!("Timer wheel, {levels} levels of {slots} slots")}>
            <p class="wheel-meta">
                { format!("{levels} levels × {slots} slots · wheel time {} · {} timer(s)", run.time(elapsed), s.snapshot.timers.len()) }
                if let Some(t) = fired { <span class="fired">{ format!(" · timer {} fired", t.0) }</span> }
            </p>
            // Slot numbers over the columns (every one on a small wheel, every eighth on a big
            // one), so "level 1, slot 2" can be found.
            <div class="level slot-numbers" aria-hidden="true">
                <span class="level-name" />
                <div class="slots" style={format!("--slots:{slots}")}>
                    { for (0..slots).map(|slot| html! {
                        <span class="slot-number">{ if small || slot % 8 == 0 { slot.to_string() } else { String::new() } }</span>
                    }) }
                </div>
            </div>
            { for (0..levels).map(|level| {
                let span = 1u64 << (bits * u32::from(level));
                let cursor = ((elapsed >> (bits * u32::from(level))) & u64::from(slots - 1)) as u8;
                html! {
                    <div class="level" role="group" aria-label={format!("level {level}: {} per slot", run.time(span))}>
                        <span class="level-name" title={format!("each slot spans {}", run.time(span))}>{ format!("L{level}") }</span>
                        <div class="slots" style={format!("--slots:{slots}")}>
                        { for (0..slots as u8).map(|slot| {
                            let timers = &cells[level as usize][slot as usize];
                            let here = slot == cursor;
                            let mark = if from == Some((level, slot)) { Some("from") } else if to == Some((level, slot)) { Some("to") } else { None };
                            let title = if timers.is_empty() {
                                format!("level {level}, slot {slot}: empty")
                            } else {
                                let list: Vec<String> = timers.iter().map(|t| format!("timer {} ({}) due {}", t.id.0, t.task.map_or_else(|| "?".into(), |x| run.shown.task(x)), run.time(t.deadline))).collect();
                                format!("level {level}, slot {slot}: {}", list.join("; "))
                            };
                            let first = timers.first().and_then(|t| t.task);
                            let onclick = {
                                let d = props.dispatch.clone();
                                Callback::from(move |_| if let Some(t) = first { d.dispatch(Action::Select(Some(t))) })
                            };
                            html! {
                                <div class={classes!("slot", here.then_some("cursor"), (!timers.is_empty()).then_some("busy"), mark)}
                                    data-level={level.to_string()} data-slot={slot.to_string()} title={title} {onclick}>
                                    if !timers.is_empty() { <span class="n">{ timers.len() }</span> }
                                </div>
                            }
                        }) }
                        </div>
                    </div>
                }
            }) }
            <p class="legend">{ "▣ the level's cursor (wheel time) · numbers: timers in the slot · hover a slot for its timers" }</p>
        </div>
    }
}
