//! A future kept in a variable across `select` rounds, as the Tokio tutorial's select chapter
//! teaches (`tokio::pin!(f)`, then `&mut f` in the loop).
//!
//! `let f = db.read();` makes the future and keeps it, not yet polled, in the task's state
//! (a [`Kept`] cell per variable). `&mut f` lends it: a [`ByRef`] polls it in place, so when
//! another `select` branch wins, only the loan is dropped and the future carries on where it
//! was next round. `f` without `&mut` moves it out (`f.await`): from then on it belongs to
//! whatever awaits it, and is dropped with it.
//!
//! In Rust the future must be pinned before it can be polled through `&mut` (`tokio::pin!`):
//! it may hold references into itself, so it must never move once polled. A lab task's state
//! is already pinned (the runtime polls it through `Pin<&mut Self>`) and a kept future lives in
//! it, behind an `Rc`, so it never moves either.
//!
//! A future gives its output once. Polling it again after that is a bug: Tokio's `async fn`
//! futures (`recv`, `send`, ...) panic with "`async fn` resumed after completion", and some
//! hand-written ones (its `Sleep`) return `Ready` again. The lab stops the run with an error
//! that names the line, whatever the future.

use super::value::Value;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Where a kept future is in its life.
enum State<L> {
    /// Not completed yet; `polled` once it has been polled at least once.
    Live { leaf: L, polled: bool },
    /// Completed: its output was given, at this line.
    Done { line: u32 },
    /// Moved out (`f.await`, or `f` as a `select` branch) at this line.
    Moved { line: u32 },
}

/// The future kept in one variable, and its source text (`db.read()`).
pub struct Kept<L> {
    state: State<L>,
    text: Rc<str>,
}

impl<L> fmt::Debug for Kept<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kept")
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

impl<L> Kept<L> {
    /// A future just made by `let f = FUTURE;`, not polled yet.
    pub(crate) fn new(leaf: L, text: Rc<str>) -> Self {
        Kept {
            state: State::Live {
                leaf,
                polled: false,
            },
            text,
        }
    }

    /// Moves the future out (`f` without `&mut`), at `line`.
    pub(crate) fn take(&mut self, name: &str, line: u32) -> Result<L, String> {
        if !matches!(self.state, State::Live { .. }) {
            return Err(self.gone(name, line));
        }
        match core::mem::replace(&mut self.state, State::Moved { line }) {
            State::Live { leaf, .. } => Ok(leaf),
            _ => Err(String::new()),
        }
    }

    /// The error for polling the future once it is done or moved out.
    fn gone(&self, name: &str, line: u32) -> String {
        let text = &self.text;
        match self.state {
            State::Done { line: done } => format!(
                "line {line}: `{name}` is polled again after it completed (at line {done}): a \
                 future gives its output once, and Tokio panics here (\"`async fn` resumed after \
                 completion\"). Give `{name}` a new future once it completes, `{name} = {text};`, \
                 or stop polling it: leave the loop, or disable its branch with `, if ...`"
            ),
            State::Moved { line: moved } => format!(
                "line {line}: `{name}` was moved out at line {moved} (used without `&mut`), so \
                 its future is gone; rustc would refuse this (use of moved value). Lend it with \
                 `&mut {name}` to keep it, or give it a new future, `{name} = {text};`"
            ),
            State::Live { .. } => String::new(),
        }
    }

    /// What the Pin view shows for the variable: `<db.read(): pending>`.
    pub(crate) fn describe(&self, out: &mut String) {
        let state = match self.state {
            State::Live { polled: false, .. } => "not polled yet",
            State::Live { polled: true, .. } => "pending",
            State::Done { .. } => "completed",
            State::Moved { .. } => "moved out",
        };
        out.push('<');
        out.push_str(&self.text);
        out.push_str(": ");
        out.push_str(state);
        out.push('>');
    }
}

/// `&mut f`: the future kept in variable `f`, lent to whatever polls it (an `.await`, a
/// `select` branch, a `timeout`, a `join`). Dropping the loan leaves the future in `f`.
pub struct ByRef<L> {
    cell: Rc<RefCell<Kept<L>>>,
    name: Rc<str>,
    line: u32,
}

impl<L> ByRef<L> {
    /// Lends the future in `cell`, variable `name`, at `line`.
    pub(crate) fn new(cell: Rc<RefCell<Kept<L>>>, name: Rc<str>, line: u32) -> Self {
        ByRef { cell, name, line }
    }
}

impl<L> fmt::Debug for ByRef<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "&mut {}", self.name)
    }
}

impl<L: Future<Output = Result<Value, String>> + Unpin> Future for ByRef<L> {
    type Output = Result<Value, String>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        // The checker lends a variable to one place at a time, so it is never borrowed here.
        let Ok(mut kept) = this.cell.try_borrow_mut() else {
            return Poll::Ready(Err(format!(
                "line {}: `{}` is polled while it is being polled",
                this.line, this.name
            )));
        };
        let kept = &mut *kept;
        match &mut kept.state {
            State::Live { leaf, polled } => {
                *polled = true;
                let out = core::task::ready!(Pin::new(leaf).poll(cx));
                if out.is_ok() {
                    kept.state = State::Done { line: this.line };
                }
                Poll::Ready(out)
            }
            State::Done { .. } | State::Moved { .. } => {
                Poll::Ready(Err(kept.gone(&this.name, this.line)))
            }
        }
    }
}
