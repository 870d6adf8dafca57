//! Settings that replace the program's `config { }`: event_interval, the budget, the LIFO
//! slot, the wheel's geometry, the number of workers and the seed of the random draws (where a
//! `select` starts, which sibling a thief tries first). Changing one reruns the program and
//! keeps the step, so the same moment can be compared under other settings.

use super::Dispatch;
use crate::state::Action;
use runtime_core::replay::RunSettings;
use scenario::interp::Overrides;
use scenario::program::{Budget, Wheel};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the settings show: re-rendered when the settings or the run change, not at each step.
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The settings chosen here (over the program's `config { }`).
    pub overrides: Overrides,
    /// The settings the run shown ran with, if there is one.
    pub effective: Option<RunSettings>,
    pub dispatch: Dispatch,
}

#[component]
pub fn SettingsPanel(props: &SettingsProps) -> Html {
    let o = props.overrides;
    let effective = props.effective;
    let set = |f: fn(&mut Overrides, String)| {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                if i.type_() == "checkbox" {
                    i.checked().to_string()
                } else {
                    i.value()
                }
            } else {
                e.target_unchecked_into::<HtmlSelectElement>().value()
            };
            let mut next = o;
            f(&mut next, value);
            d.dispatch(Action::SetOverrides(next));
        })
    };
    // Before any run: the runtime's own defaults (`Config::default()`), not numbers of our own.
    let e = effective.unwrap_or_default();
    let (ei, gqi, budget, workers) = (
        e.event_interval,
        e.global_queue_interval,
        e.budget,
        e.workers,
    );
    let (lifo, small, seed) = (e.lifo_slot, e.wheel_bits == 3, e.seed);
    let flavour = if workers > 1 || lifo {
        "models Tokio's multi_thread scheduler"
    } else {
        "models Tokio's current_thread scheduler"
    };
    let reset = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::SetOverrides(Overrides::default())))
    };
    html! {
        <form class="settings" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label title="Turn the timer and I/O drivers after this many polls (Tokio: 61)">
                { "event_interval" }
                <input type="number" min="1" max="1000" value={ei.to_string()}
                    onchange={set(|o, v| o.event_interval = v.parse().ok().filter(|n| *n >= 1))} />
            </label>
            <label title="Look at the inject queue first every this many scheduler ticks (Tokio: 31 in current_thread; multi_thread tunes its own, from 61)">
                { "global_queue_interval" }
                <input type="number" min="1" max="1000" value={gqi.to_string()}
                    onchange={set(|o, v| o.global_queue_interval = v.parse().ok().filter(|n| *n >= 1))} />
            </label>
            <label title="Cooperative budget: leaf futures that may complete in one poll (Tokio: 128)">
                { "budget" }
                <input type="number" min="0" max="100000" value={budget.map_or(0, |b| b).to_string()}
                    onchange={set(|o, v| o.budget = match v.parse::<u32>() { Ok(0) => Some(Budget::Off), Ok(n) => Some(Budget::Units(n)), Err(_) => None })} />
                <span class="muted">{ if budget.is_none() { " off" } else { " (0 = off)" } }</span>
            </label>
            <label title="Poll the task woken by the running task next (Tokio's multi_thread scheduler does, by default; current_thread has no LIFO slot)">
                <input type="checkbox" checked={lifo} onchange={set(|o, v| o.lifo = Some(v == "true"))} />
                { " LIFO slot" }
            </label>
            <label title="Timer wheel shape">
                { "wheel" }
                <select onchange={set(|o, v| o.wheel = Some(if v == "small" { Wheel::Small } else { Wheel::Tokio }))}>
                    <option value="tokio" selected={!small}>{ "Tokio: 6 × 64" }</option>
                    <option value="small" selected={small}>{ "small: 4 × 8" }</option>
                </select>
            </label>
            <label title="Simulated worker threads, each with a local queue, sharing an inject queue">
                { "workers" }
                <input type="number" min="1" max="16" value={workers.to_string()}
                    onchange={set(|o, v| o.workers = v.parse().ok().filter(|n| (1..=16).contains(n)))} />
            </label>
            <label title="Seeds the random draws Tokio makes: the branch a select polls first (unless biased;) and the sibling a worker tries first when it steals. The same seed gives the same run.">
                { "seed" }
                <input type="number" min="0" max="4294967295" value={seed.to_string()} data-testid="seed"
                    onchange={set(|o, v| o.seed = v.parse().ok())} />
            </label>
            <span class="muted flavour">{ flavour }</span>
            if o != Overrides::default() {
                <button type="button" class="link" onclick={reset}>{ "use the program's config" }</button>
            }
        </form>
    }
}
