//! What the trace's views draw, and nothing else: the run, the state at the cursor, the
//! selected task, and how they are shown. The page makes a new one only when one of these
//! changes, so typing in the editor (or opening a menu) re-renders none of the views.

use super::{AppState, AtCursor, RunData};
use runtime_core::{Snapshot, TaskId};
use std::rc::Rc;

/// The views' props: see the module doc.
pub struct TraceView {
    pub run: Option<Rc<RunData>>,
    /// The state after event `cursor - 1`.
    pub snapshot: Rc<Snapshot>,
    pub cursor: usize,
    pub selected: Option<TaskId>,
    pub presenter: bool,
    question_open: bool,
}

/// What a `TraceView` is made of; equal keys make equal views.
pub type Key = (
    Option<*const RunData>,
    *const Snapshot,
    usize,
    Option<TaskId>,
    bool,
    bool,
);

impl TraceView {
    /// The views of `s`.
    pub fn of(s: &AppState) -> TraceView {
        TraceView {
            run: s.run.clone(),
            snapshot: s.snapshot.clone(),
            cursor: s.cursor,
            selected: s.selected,
            presenter: s.presenter,
            question_open: s.question_open(),
        }
    }

    /// What the views of `s` are made of (pointers: the state replaces what changes).
    pub fn key(s: &AppState) -> Key {
        (
            s.run.as_ref().map(Rc::as_ptr),
            Rc::as_ptr(&s.snapshot),
            s.cursor,
            s.selected,
            s.presenter,
            s.question_open(),
        )
    }

    /// Whether a question about the next event waits for its answer ([`AppState::question_open`]).
    pub fn question_open(&self) -> bool {
        self.question_open
    }
}

impl AtCursor for TraceView {
    fn at_cursor(&self) -> (Option<&RunData>, usize) {
        (self.run.as_deref(), self.cursor)
    }
}
