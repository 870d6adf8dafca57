//! The reducer's part for one concern. The program and its run: editing, running, presets, settings, shared links, imported traces, and the page's notices and views.

use crate::state::*;
use std::rc::Rc;

/// Applies `action`, one of this part's, to `s` (a copy of `state`); returns whether it changed
/// anything (any other action changes nothing).
#[inline(always)]
pub(in crate::state) fn reduce(state: &AppState, s: &mut AppState, action: Action) -> bool {
    match action {
        Action::Edit(text) => {
            if *text == *state.source {
                return false;
            }
            s.set_source(&text);
            s.typed = true;
        }
        Action::Run => {
            if !state.compiles() {
                return false;
            }
            s.run_program();
        }
        Action::Rerun => {
            let (true, true, Some(old)) = (state.compiles(), state.stale, &state.run) else {
                return false;
            };
            s.run_program();
            if let Some(new) = &s.run {
                let (at, place) = rerun::place(old, state.cursor, new);
                s.seek(at);
                s.rerun = Some((at, place));
            }
        }
        Action::LoadPreset(name) => {
            let library = crate::content::library();
            let Some(p) = library.preset(&name) else {
                return false;
            };
            s.keep_own(&p.source);
            s.set_source(&p.source);
            s.preset = Some(Rc::from(name));
            s.overrides = Overrides::default();
            s.selected = None;
            s.run_program();
        }
        Action::SetOverrides(o) => {
            if o == state.overrides {
                return false;
            }
            s.overrides = o;
            let cursor = state.cursor;
            s.run_program();
            s.seek(cursor);
        }
        Action::OpenShared(shared) if shared.walk.is_some() => {
            let (id, stop) = shared.walk.clone().unwrap_or_default();
            *s = (*crate::state::apply(Rc::new(s.clone()), Action::StartWalkthrough(id, stop)))
                .clone();
            // A link is how a learner catches up on their own screen: the usual layout, with
            // the notes; presenting (large type, chosen views) is one key away (P).
            s.presenter = state.presenter;
            s.notice = None;
        }
        Action::OpenShared(shared) => {
            s.keep_own(&shared.source);
            s.set_source(&shared.source);
            s.preset = shared.preset.and_then(|p| {
                crate::content::library()
                    .preset(&p)
                    .filter(|x| *x.source == *shared.source)
                    .map(|x| Rc::from(x.name.as_str()))
            });
            s.overrides = shared.overrides;
            s.selected = None;
            s.run_program();
            s.seek(shared.cursor);
            s.notice = None;
        }
        Action::ImportTrace(events) => {
            let mpt = events
                .iter()
                .find_map(|e| match e.event {
                    Event::RuntimeStarted {
                        micros_per_tick, ..
                    } => Some(u64::from(micros_per_tick)),
                    _ => None,
                })
                .unwrap_or(1000);
            s.run = Some(Rc::new(RunData::new(events, None, Vec::new(), None, mpt)));
            s.stale = true;
            s.playing = false;
            s.selected = None;
            s.snapshot = Rc::new(Snapshot::new());
            s.cursor = 0;
            s.notice = Some(Notice {
                error: false,
                text: "Showing an imported trace. Run the program to replace it.".into(),
            });
        }
        Action::ImportProgram(text) => {
            s.keep_own(&text);
            s.set_source(&text);
            s.selected = None;
            s.run_program();
        }
        Action::Restore => {
            let Some(own) = state.replaced.clone() else {
                return false;
            };
            s.replaced = None;
            s.set_source(&own);
            s.run_program();
        }
        Action::EngineReady => {
            if state.engine_ready {
                return false;
            }
            s.engine_ready = true;
            if s.compiled.is_none() {
                s.compile();
            }
            for action in std::mem::take(&mut s.waiting) {
                *s = (*crate::state::apply(Rc::new(s.clone()), action)).clone();
            }
        }
        Action::EngineFailed(why) => {
            s.notice = Some(Notice {
                error: true,
                text: format!(
                    "The engine, which compiles and runs programs, could not be loaded: {why}. \
                     Your program is untouched; reload the page to try again."
                ),
            })
        }
        Action::Remember(text) => {
            if text.trim().is_empty() || *text == *state.source {
                return false;
            }
            s.replaced = Some(Rc::from(text));
        }
        Action::Notice(n) => s.notice = Some(n),
        Action::DismissNotice => {
            if state.notice.is_none() {
                return false;
            }
            s.notice = None;
        }
        Action::SetView(v) => {
            if v == state.view {
                return false;
            }
            s.view = v;
        }

        // Not one of this part's actions.
        _ => return false,
    }
    true
}
