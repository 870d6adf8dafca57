//! Tasks: a spawned future, its lifecycle state, and its join handle.
//!
//! The executor stores each task's future type-erased as a [`TaskFuture`] (a future of `()`
//! that can also say which state it is parked in). [`Spawned`] adapts a user's future: it
//! keeps the output for the [`JoinHandle`] and wakes the joiner when the task completes or is
//! dropped.

mod join;
pub mod state;

pub(crate) use join::JoinCell;
pub use join::{JoinError, JoinHandle};

use crate::ids::{LabelId, TaskId, WakerId};
use crate::trace::{Holder, Text};
use crate::waker::TaskHeader;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::task::{Context, Poll};
use state::TaskState;

/// A future that can report the state it is parked in, for the Pin / state-machine view.
///
/// A future that implements it can be spawned with
/// [`Handle::spawn_labeled`](crate::Handle::spawn_labeled); the scenario interpreter always
/// does, returning the await point each task is stopped at.
pub trait Labeled {
    /// The label of the state the future is in now (`None`: not started or unknown).
    fn state_label(&self) -> Option<LabelId>;

    /// The size to report for the future's state machine. By default its real size on this
    /// target; an interpreter reports the size of the state machine it stands for, which
    /// also keeps traces identical across targets.
    fn future_size(&self) -> u32 {
        u32::try_from(core::mem::size_of_val(self)).unwrap_or(u32::MAX)
    }
}

/// What the executor polls.
pub(crate) trait TaskFuture {
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
    /// Takes `Pin<&mut Self>`, not `&self`: a shared reference to a self-referential async
    /// block (one that holds a borrow of its own local across an await) would invalidate that
    /// borrow under Rust's aliasing rules (Miri's Stacked Borrows reports it).
    fn state(self: Pin<&mut Self>) -> Option<LabelId>;
}

/// The address of a task's future, for the `addr` ordinal of the Pin view.
///
/// Goes through `Pin<&mut _>` rather than `&*future`: a shared reference to a self-referential
/// future would invalidate its internal borrows (see [`TaskFuture::state`]).
pub(crate) fn future_addr(future: &mut Pin<Box<dyn TaskFuture>>) -> usize {
    // SAFETY: the mutable reference is only turned into a raw pointer to read its address;
    // nothing is moved or accessed through it.
    let ptr = core::ptr::from_mut(unsafe { future.as_mut().get_unchecked_mut() });
    ptr.cast::<()>().addr()
}

/// A user's future adapted for the executor.
pub(crate) struct Spawned<F: Future> {
    /// Dropped by hand in `Drop`, before the joiner is told, so that what the future's own
    /// destructors do (cancel a timer, drop a waker) appears in the trace before the joiner
    /// wakes.
    future: ManuallyDrop<F>,
    join: JoinCell<F::Output>,
    /// Reads the state of a [`Labeled`] future; `None` for plain futures, which are then never
    /// looked at between polls.
    label: Option<fn(&F) -> Option<LabelId>>,
}

impl<F: Future> Spawned<F> {
    pub(crate) fn new(
        future: F,
        join: JoinCell<F::Output>,
        label: Option<fn(&F) -> Option<LabelId>>,
    ) -> Self {
        Spawned {
            future: ManuallyDrop::new(future),
            join,
            label,
        }
    }
}

impl<F: Future> TaskFuture for Spawned<F> {
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: `future` is structurally pinned: it is never moved out of `Spawned` (it is
        // only dropped in place, in `Drop`), and `Spawned` has no `Unpin` impl of its own
        // beyond what its fields give, so pinning `Spawned` pins `future`.
        let (future, join) = unsafe {
            let this = self.get_unchecked_mut();
            (Pin::new_unchecked(&mut *this.future), &this.join)
        };
        match future.poll(cx) {
            Poll::Ready(output) => {
                join.complete(output);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn state(self: Pin<&mut Self>) -> Option<LabelId> {
        // SAFETY: nothing is moved out. Going through `&mut` (never `&Self`, see the trait)
        // reads the `label` field without retagging the future's bytes.
        let this = unsafe { self.get_unchecked_mut() };
        let label = this.label?;
        // Only labeled futures are looked at; they are plain state machines (the scenario
        // interpreter's), not self-referential async blocks.
        label(&this.future)
    }
}

impl<F: Future> Drop for Spawned<F> {
    fn drop(&mut self) {
        // SAFETY: `future` is dropped exactly once, here, in place (never moved, as Pin
        // requires), and is not used afterwards.
        unsafe { ManuallyDrop::drop(&mut self.future) };
        self.join.cancel();
    }
}

/// The executor's record of one task. Slots are never removed (ids are never reused).
pub(crate) struct Task {
    pub(crate) name: Text,
    pub(crate) state: TaskState,
    /// Taken out while the task is being polled; `None` once it has finished.
    pub(crate) future: Option<Pin<Box<dyn TaskFuture>>>,
    pub(crate) header: Arc<TaskHeader>,
    /// The address of the future at the last poll, and its ordinal (see `Event::PollStart`).
    pub(crate) addr: usize,
    pub(crate) addr_ordinal: u32,
    /// An abort arrived while the task was running.
    pub(crate) abort_requested: bool,
    /// Live clones of this task's waker and who holds each.
    pub(crate) wakers: Vec<(WakerId, Holder)>,
    /// Self-wakes in a row (reset when something else wakes it).
    pub(crate) self_wake_streak: u32,
}

impl core::fmt::Debug for Task {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Task")
            .field("name", &self.name)
            .field("state", &self.state)
            .field("wakers", &self.wakers)
            .finish_non_exhaustive()
    }
}

impl Task {
    pub(crate) fn id(&self) -> TaskId {
        self.header.task
    }
}
