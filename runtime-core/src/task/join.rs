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
use core::pin::Pin;
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

#[derive(Debug)]
struct JoinState<T> {
    status: Status<T>,
    waker: Option<Waker>,
}

/// Shared between a task's `Spawned` adapter and its `JoinHandle`.
pub(crate) struct JoinCell<T>(Rc<RefCell<JoinState<T>>>);

impl<T> Clone for JoinCell<T> {
    fn clone(&self) -> Self {
        JoinCell(self.0.clone())
    }
}

impl<T> JoinCell<T> {
    pub(crate) fn new() -> Self {
        JoinCell(Rc::new(RefCell::new(JoinState {
            status: Status::Running,
            waker: None,
        })))
    }

    /// The task returned `Ready(output)`: keep it and wake the joiner.
    pub(crate) fn complete(&self, output: T) {
        let waker = {
            let mut s = self.0.borrow_mut();
            s.status = Status::Completed(Some(output));
            s.waker.take()
        };
        // Woken outside the borrow: the waker may run arbitrary code.
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// The task's future is being dropped: if it had not completed, it was cancelled.
    pub(crate) fn cancel(&self) {
        let waker = {
            let mut s = self.0.borrow_mut();
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
        !matches!(self.cell.0.borrow().status, Status::Running)
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.handle.poll_budget(cx).is_pending() {
            return Poll::Pending;
        }
        let mut s = this.cell.0.borrow_mut();
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
                    let old = this.cell.0.borrow_mut().waker.replace(waker);
                    drop(old);
                }
                Poll::Pending
            }
        }
    }
}
