//! Tasks: a spawned future, its lifecycle state, and its join handle.
//!
//! The executor stores each task's future type-erased as a [`TaskFuture`] (a future of `()`
//! that can also say which state it is parked in). [`TaskCell`] adapts a user's future: in the
//! same allocation it keeps the output for the [`JoinHandle`], and it wakes the joiner when the
//! task completes or is dropped.

mod join;
pub mod state;

pub(crate) use join::JoinCell;
use join::JoinHeader;
pub use join::{JoinError, JoinHandle};

use crate::ids::{LabelId, TaskId, WakerId};
use crate::trace::{Holder, Text};
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::UnsafeCell;
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

/// What the executor polls: a task's future, type-erased (implemented by [`TaskCell`]).
///
/// # Safety (for callers)
/// Only the task's [`TaskRef`] calls these, one call at a time (it takes `&mut self`), and
/// never after `drop_future`; that is what makes the `&mut` access to the future inside sound.
pub(crate) trait TaskFuture {
    /// Polls the future, then reads the state it is parked in (`Pending`: where it waits).
    ///
    /// # Safety
    /// See the trait.
    unsafe fn poll_task(&self, cx: &mut Context<'_>) -> (Poll<()>, Option<LabelId>);
    /// Drops the future in place, then tells the joiner if it had not completed.
    ///
    /// # Safety
    /// See the trait; called once, last.
    unsafe fn drop_future(&self);
}

/// A spawned task in one allocation: the user's future and its join state (the output, for the
/// [`JoinHandle`], which shares the allocation). The executor owns the future through the
/// task's unique [`TaskRef`]; the allocation is freed when both are gone.
#[repr(C)] // `join` first: the `JoinHandle` holds a pointer to it (see `JoinHeader`).
pub(crate) struct TaskCell<F: Future> {
    join: JoinHeader<F::Output>,
    /// Reads the state of a [`Labeled`] future; `None` for plain futures, which are then never
    /// looked at between polls.
    label: Option<fn(&F) -> Option<LabelId>>,
    /// Polled and dropped (in place, by hand, in `drop_future`) only through the `TaskRef`. It
    /// is dropped before the joiner is told, so that what the future's own destructors do
    /// (cancel a timer, drop a waker) appears in the trace before the joiner wakes. In an
    /// `UnsafeCell`, so the `JoinHandle`'s shared access to the allocation never covers it.
    future: UnsafeCell<ManuallyDrop<F>>,
}

impl<F: Future + 'static> TaskCell<F> {
    /// A new task for `future`: the executor's `TaskRef` and the `JoinHandle`'s cell.
    pub(crate) fn spawn(
        future: F,
        label: Option<fn(&F) -> Option<LabelId>>,
    ) -> (TaskRef, JoinCell<F::Output>) {
        /// Drops one `Rc<TaskCell<F>>` given as a pointer to its header.
        ///
        /// # Safety
        /// `header` comes from `Rc::into_raw` on an `Rc<TaskCell<F>>` (cast to its header,
        /// which is at offset 0), and that reference is given up.
        unsafe fn release<F: Future>(header: *const JoinHeader<F::Output>) {
            // SAFETY: see the function's contract.
            drop(unsafe { Rc::from_raw(header.cast::<TaskCell<F>>()) });
        }
        let cell = Rc::new(TaskCell {
            // SAFETY: `release::<F>` drops an `Rc<TaskCell<F>>`, whose allocation starts with
            // this header (`repr(C)`, first field).
            join: unsafe { JoinHeader::new(release::<F>) },
            label,
            future: UnsafeCell::new(ManuallyDrop::new(future)),
        });
        let header = Rc::into_raw(cell.clone()).cast::<JoinHeader<F::Output>>();
        // SAFETY: `header` is the `Rc::into_raw` of an `Rc<TaskCell<F>>`, which starts with its
        // `JoinHeader` (`repr(C)`), whose `release` drops such an `Rc`; the cell takes over
        // that reference.
        let join = unsafe { JoinCell::from_raw(header) };
        (TaskRef { cell }, join)
    }
}

impl<F: Future> TaskFuture for TaskCell<F> {
    unsafe fn poll_task(&self, cx: &mut Context<'_>) -> (Poll<()>, Option<LabelId>) {
        // SAFETY: the caller is the task's `TaskRef`, one call at a time and not after
        // `drop_future` (see the trait), so this is the only reference to the live future. It
        // is pinned: it lives in the `Rc` allocation, which never moves, and is dropped in
        // place before the allocation is freed (`TaskRef`'s `Drop`).
        let future = unsafe { Pin::new_unchecked(&mut **self.future.get()) };
        let result = match future.poll(cx) {
            Poll::Ready(output) => {
                join::complete(&self.join.state, output);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        };
        let state = self.label.and_then(|label| {
            // SAFETY: the poll above has returned and its `&mut` is gone, and nothing else
            // accesses the future meanwhile (as above): a shared reference to a pinned future
            // is always allowed, and nothing can move it through one.
            label(unsafe { &**self.future.get() })
        });
        (result, state)
    }

    unsafe fn drop_future(&self) {
        // SAFETY: the caller (the `TaskRef`, being dropped) guarantees this is the last access
        // and happens once, so the future is dropped exactly once, in place (never moved, as
        // Pin requires), and never used again; the `ManuallyDrop` keeps the cell's own drop
        // from dropping it a second time.
        unsafe { ManuallyDrop::drop(&mut *self.future.get()) };
        join::cancel(&self.join.state);
    }
}

/// The executor's unique handle on a task's future: polls it, and drops it (in place) when
/// dropped itself. Taken out of the task slot for the length of a poll.
pub(crate) struct TaskRef {
    cell: Rc<dyn TaskFuture>,
}

impl TaskRef {
    /// Polls the future, then reads the state it is parked in.
    pub(crate) fn poll(&mut self, cx: &mut Context<'_>) -> (Poll<()>, Option<LabelId>) {
        // SAFETY: `self` is the task's unique `TaskRef` (it is not `Clone`, and the cell is only
        // otherwise reached through its `JoinHeader`), borrowed mutably for the call, and the
        // future has not been dropped (that only happens in `Drop`).
        unsafe { self.cell.poll_task(cx) }
    }
}

impl Drop for TaskRef {
    fn drop(&mut self) {
        // SAFETY: the unique `TaskRef` is going away: this is the last access to the future,
        // made once.
        unsafe { self.cell.drop_future() };
    }
}

/// The executor's record of one task. Slots are never removed (ids are never reused).
pub(crate) struct Task {
    pub(crate) name: Text,
    pub(crate) state: TaskState,
    /// Taken out while the task is being polled; `None` once it has finished.
    pub(crate) future: Option<TaskRef>,
    pub(crate) id: TaskId,
    /// The task's waker header (in a chunk the Core keeps for as long as it lives).
    pub(crate) header: *const crate::waker::TaskHeader,
    /// `abort()` was called: the task is cancelled when a worker reaches it, or when its
    /// poll in progress returns.
    pub(crate) abort_requested: bool,
    /// Live clones of this task's waker and who holds each.
    pub(crate) wakers: Clones,
    /// Self-wakes in a row (reset when something else wakes it).
    pub(crate) self_wake_streak: u32,
    /// When its last poll ended, and where a wake that comes before then (in virtual time)
    /// queues it. With several workers a poll is one step of the simulation: by the time
    /// another worker acts at an earlier time, the poll has already run to its end, yet the
    /// task is still being polled then. In Tokio such a wake only marks the running task
    /// notified, and the worker that polls it queues it again when the poll returns: at the
    /// back of its local queue, or, after `block_in_place` handed the worker on, the inject
    /// queue.
    pub(crate) polled_until: (crate::Tick, crate::trace::QueueRef),
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

/// The live clones of a task's waker, in the order they were made, with who holds each. A task
/// usually holds none or one at a time (a timer's, a join's, a channel's), so the first is kept
/// inline and only more spill into a `Vec`: most tasks never allocate for this.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Clones {
    /// The oldest live clone; `None` only when there is none at all.
    first: Option<(WakerId, Holder)>,
    /// The others, oldest first.
    rest: Vec<(WakerId, Holder)>,
}

impl Clones {
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// The oldest live clone.
    pub(crate) fn first(&self) -> Option<&(WakerId, Holder)> {
        self.first.as_ref()
    }

    pub(crate) fn push(&mut self, clone: (WakerId, Holder)) {
        if self.first.is_none() {
            self.first = Some(clone);
        } else {
            self.rest.push(clone);
        }
    }

    /// Removes clone `id`, keeping the others in order. Ids are unique, so at most one entry
    /// matches; the search starts from the newest, which is usually the one going.
    pub(crate) fn remove(&mut self, id: WakerId) {
        if let Some(i) = self.rest.iter().rposition(|(w, _)| *w == id) {
            self.rest.remove(i);
        } else if self.first.is_some_and(|(w, _)| w == id) {
            self.first = if self.rest.is_empty() {
                None
            } else {
                Some(self.rest.remove(0))
            };
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(WakerId, Holder)> {
        self.first.iter().chain(&self.rest)
    }
}

impl core::fmt::Debug for Clones {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Task {
    pub(crate) fn id(&self) -> TaskId {
        self.id
    }
}
