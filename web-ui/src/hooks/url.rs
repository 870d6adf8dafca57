//! The address bar: the URL fragment follows the program, the settings and the step, and a
//! link pasted into an open lab opens as a fresh load would.

use crate::services::{on_window, url};
use crate::state::{Action, AppState, Notice, View, share};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

#[hook]
pub fn use_url_sync(state: &UseReducerHandle<AppState>) {
    let dispatch = state.dispatcher();
    // Keep the URL fragment in step with the program, the settings and the step. A change of
    // program or settings is written at once (a reload right after an edit must not reopen the
    // old link); a step only once the user pauses (a quarter second), so holding an arrow key
    // does not rewrite it at each step.
    {
        let s = state.clone();
        let last_program = use_mut_ref(|| None::<(Rc<str>, scenario::interp::Overrides)>);
        use_effect_with(
            (state.source.clone(), state.overrides, state.cursor),
            move |(source, overrides, _)| {
                let program = Some((source.clone(), *overrides));
                let changed = *last_program.borrow() != program;
                *last_program.borrow_mut() = program;
                let timer = s
                    .run
                    .as_ref()
                    .is_some_and(|r| r.program.is_some())
                    .then(|| {
                        let fragment = s.fragment();
                        if changed {
                            url::replace_fragment(&fragment);
                            None
                        } else {
                            Some(gloo_timers::callback::Timeout::new(250, move || {
                                url::replace_fragment(&fragment)
                            }))
                        }
                    });
                move || drop(timer)
            },
        );
    }
    // A link pasted into the address bar of an open lab (a learner catching up on a
    // walkthrough): open it as a fresh load would. The page's own writes use replaceState,
    // which fires no `hashchange`; the fragment it wrote last is ignored all the same.
    {
        let d = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || {
                let fragment = url::fragment();
                if url::own_fragment().as_deref() == Some(fragment.as_str()) {
                    return;
                }
                match share::decode(&fragment) {
                    Ok(Some(shared)) => {
                        d.dispatch(Action::SetView(View::Lab));
                        d.dispatch(Action::OpenShared(shared));
                    }
                    Ok(None) => {}
                    Err(why) => d.dispatch(Action::Notice(Notice {
                        error: true,
                        text: format!(
                            "This link could not be opened: {why}. Your program is unchanged."
                        ),
                    })),
                }
            });
            on_window("hashchange", listener)
        });
    }
}
