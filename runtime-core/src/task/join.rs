//! `JoinHandle`: await a task's output, or abort it.
//!
//! Aborting drops the task's future: cancellation in Rust is `Drop`. Whatever the future owned
//! is released by its destructors (a `Sleep` leaves the timer wheel, a channel sender goes
//! away), and the trace shows each of those right after the `cancelled` event.

use crate::handle::Handle;
use crate::ids::TaskId;
use crate::trace::Holder;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll, Waker};

/// Why awaiting a task gave no output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinError {
    /// The task was aborted (its future was dropped before completing).
    Cancelled,
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the task was cancelled (aborted) before it completed")
    }
}

#[derive(Debug)]
enum Status<T> {
    Running,
    Completed(Option<T>),
    Cancelled,
}

/// What a task's `JoinHandle` reads: the output (once there is one) and the joiner's waker.
#[derive(Debug)]
pub(crate) struct JoinState<T> {
    status: Status<T>,
    waker: Option<Waker>,
}

/// The start of a task's allocation (`TaskCell`, which is `repr(C)` with this first), typed
/// only by the output: the join state, and how to let go of the allocation without knowing the
/// future's type. A spawn allocates once for both its future and its output.
#[repr(C)]
pub(crate) struct JoinHeader<T> {
    pub(crate) state: RefCell<JoinState<T>>,
    /// Drops one strong reference to the whole allocation (an `Rc<TaskCell<F>>`).
    release: unsafe fn(*const JoinHeader<T>),
}

impl<T> JoinHeader<T> {
    /// # Safety
    /// `release` must drop an `Rc` that was turned into a pointer to its `JoinHeader`, i.e. one
    /// whose allocation starts with this header.
    pub(crate) unsafe fn new(release: unsafe fn(*const JoinHeader<T>)) -> Self {
        JoinHeader {
            state: RefCell::new(JoinState {
                status: Status::Running,
                waker: None,
            }),
            release,
        }
    }
}

/// A task's join state, for its `JoinHandle`: one strong reference to the task's allocation,
/// as a thin pointer to its header (so a `JoinHandle` stays three words, and the futures that
/// hold one keep the size they always had).
pub(crate) struct JoinCell<T> {
    header: NonNull<JoinHeader<T>>,
    /// Owns a reference, as an `Rc` would (and is `!Send`, like one).
    _owns: PhantomData<Rc<JoinHeader<T>>>,
}

impl<T> JoinCell<T> {
    /// # Safety
    /// `header` comes from `Rc::into_raw` on an `Rc` of an allocation that starts with a
    /// `JoinHeader<T>` whose `release` drops such an `Rc`; the new cell owns that reference.
    pub(crate) unsafe fn from_raw(header: *const JoinHeader<T>) -> Self {
        JoinCell {
            // SAFETY: `Rc::into_raw` never gives a null pointer.
            header: unsafe { NonNull::new_unchecked(header.cast_mut()) },
            _owns: PhantomData,
        }
    }

    fn state(&self) -> &RefCell<JoinState<T>> {
        // SAFETY: the cell owns a strong reference, so the allocation is alive while `self` is.
        unsafe { &(*self.header.as_ptr()).state }
    }
}

impl<T> Drop for JoinCell<T> {
    fn drop(&mut self) {
        let header = self.header.as_ptr().cast_const();
        // SAFETY: the cell owns one strong reference (see `from_raw`) and gives it up here,
        // once; the function pointer is read before the allocation may go.
        unsafe {
            let release = (*header).release;
            release(header);
        }
    }
}

/// The task returned `Ready(output)`: keep it and wake the joiner.
pub(super) fn complete<T>(state: &RefCell<JoinState<T>>, output: T) {
    let waker = {
        let mut s = state.borrow_mut();
        s.status = Status::Completed(Some(output));
        s.waker.take()
    };
    // Woken outside the borrow: the waker may run arbitrary code.
    if let Some(w) = waker {
        w.wake();
    }
}

/// The task's future is being dropped: if it had not completed, it was cancelled.
pub(super) fn cancel<T>(state: &RefCell<JoinState<T>>) {
    let waker = {
        let mut s = state.borrow_mut();
        if !matches!(s.status, Status::Running) {
            return;
        }
        s.status = Status::Cancelled;
        s.waker.take()
    };
    if let Some(w) = waker {
        w.wake();
    }
}

/// An owned permission to await a task's output (or abort it). Dropping it detaches the task:
/// it keeps running.
pub struct JoinHandle<T> {
    task: TaskId,
    cell: JoinCell<T>,
    handle: Handle,
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("task", &self.task)
            .finish_non_exhaustive()
    }
}

impl<T> JoinHandle<T> {
    pub(crate) fn new(task: TaskId, cell: JoinCell<T>, handle: Handle) -> Self {
        JoinHandle { task, cell, handle }
    }

    /// The task this handle joins.
    pub fn id(&self) -> TaskId {
        self.task
    }

    /// Drops the task's future (now, or right after its poll if it is running). Awaiting the
    /// handle then gives `Err(JoinError::Cancelled)`, unless the task had already completed.
    pub fn abort(&self) {
        self.handle.abort(self.task);
    }

    /// Whether the task has completed or been cancelled.
    pub fn is_finished(&self) -> bool {
        !matches!(self.cell.state().borrow().status, Status::Running)
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let mut s = this.cell.state().borrow_mut();
        match &mut s.status {
            Status::Completed(output) => {
                let output = output
                    .take()
                    .expect("JoinHandle polled after it returned the output");
                drop(s);
                this.handle.consume_budget();
                Poll::Ready(Ok(output))
            }
            Status::Cancelled => {
                drop(s);
                this.handle.consume_budget();
                Poll::Ready(Err(JoinError::Cancelled))
            }
            Status::Running => {
                if !s.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                    drop(s);
                    let waker = this.handle.clone_waker(cx.waker(), Holder::Join(this.task));
                    // Replacing drops the old clone (if any) after the borrow is released.
                    let old = this.cell.state().borrow_mut().waker.replace(waker);
                    drop(old);
                }
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A future that holds a `JoinHandle` across an await reports its size in `spawned` events:
    /// the handle must keep the size it always had (a task id, a pointer, a `Handle`).
    #[test]
    fn a_join_handle_is_three_words() {
        assert_eq!(
            core::mem::size_of::<JoinHandle<u64>>(),
            3 * core::mem::size_of::<usize>()
        );
    }
}
