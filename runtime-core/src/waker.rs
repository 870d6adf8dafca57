//! Real `core::task::Waker`s for the runtime's tasks. All vtable code is in this module.
//!
//! Two kinds of waker exist, with two vtables (compare futures-rs `futures-task/src/waker.rs`
//! and tokio `runtime/task/waker.rs`):
//!
//! * The **context waker** a task is polled with. Its data pointer is the task's
//!   [`TaskHeader`], borrowed from the executor for the length of the poll; it is never dropped
//!   through the vtable (it lives in a `ManuallyDrop`). It costs nothing to make.
//! * A **clone**. Cloning allocates a small node with its own [`WakerId`], so the trace can say
//!   who holds each clone of a task's waker and when each one is used or dropped. That is how
//!   the lab shows a lost wakeup: a task that returned `Pending` while no clone exists.
//!
//! Every operation first asks whether it runs inside the runtime that owns the task (on the
//! runtime's thread, while the runtime is executing). If so it updates the runtime directly;
//! otherwise it goes through the thread-safe [`Inbox`] and is applied at the next driver turn.
//! Clones keep the header alive with an atomic `Arc`, so a waker may be moved to, used on, and
//! dropped on any thread, as the `Waker` contract requires.

use crate::ids::{TaskId, WakerId};
use crate::remote::{Inbox, RemoteOp};
use crate::scheduler::Shared;
use alloc::boxed::Box;
use alloc::sync::Arc;
use core::mem::ManuallyDrop;
use core::task::{RawWaker, RawWakerVTable, Waker};

/// What every waker of one task points at. Owned by the task slot and by each clone.
#[derive(Debug)]
pub(crate) struct TaskHeader {
    pub(crate) task: TaskId,
    /// Which runtime the task belongs to (see [`active`]).
    pub(crate) runtime: u32,
    pub(crate) inbox: Arc<Inbox>,
}

/// A clone of a task's waker.
struct Node {
    header: Arc<TaskHeader>,
    id: WakerId,
}

static CONTEXT_VTABLE: RawWakerVTable = RawWakerVTable::new(
    context_clone,
    context_wake,
    context_wake_by_ref,
    context_drop,
);
static NODE_VTABLE: RawWakerVTable =
    RawWakerVTable::new(node_clone, node_wake, node_wake_by_ref, node_drop);

/// The waker a task is polled with.
///
/// # Safety
/// `header` comes from `Arc::as_ptr` on an `Arc<TaskHeader>` that the caller keeps alive for
/// as long as the returned waker is used; the executor does (the task slot owns that `Arc`
/// until after the poll returns).
pub(crate) unsafe fn context_waker(header: *const TaskHeader) -> ManuallyDrop<Waker> {
    let data = header.cast::<()>();
    // SAFETY: CONTEXT_VTABLE's functions treat `data` as a `*const TaskHeader` that stays valid
    // while the waker is used, which the caller guarantees; the waker is never dropped through
    // the vtable because it is wrapped in ManuallyDrop, so no reference count is owed.
    ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(data, &CONTEXT_VTABLE)) })
}

/// Whether `waker` is a clone made by this module for a task of runtime `runtime`, and which.
/// Used by tests to check ids; never needed for correctness.
#[cfg(test)]
pub(crate) fn clone_id(waker: &Waker) -> Option<(TaskId, WakerId)> {
    if *waker.vtable() != NODE_VTABLE {
        return None;
    }
    // SAFETY: a waker with NODE_VTABLE was made by `new_node`, so its data is a live `Node`
    // owned by this waker, which we only read.
    let node = unsafe { &*waker.data().cast::<Node>() };
    Some((node.header.task, node.id))
}

/// Whether `stored` would wake the same task as `current` (a future polled again need not
/// replace the waker it keeps). `Waker::will_wake` alone says no whenever one of the two is the
/// context waker and the other a clone, since their vtables differ.
pub fn will_wake(stored: &Waker, current: &Waker) -> bool {
    stored.will_wake(current)
        || matches!((header_of(stored), header_of(current)), (Some(a), Some(b)) if a == b)
}

/// The header a waker of this module points at.
fn header_of(waker: &Waker) -> Option<*const TaskHeader> {
    if *waker.vtable() == CONTEXT_VTABLE {
        Some(waker.data().cast::<TaskHeader>())
    } else if *waker.vtable() == NODE_VTABLE {
        // SAFETY: a waker with NODE_VTABLE owns a live `Node` made by `new_node`; we only read
        // the address of its header.
        let node = unsafe { &*waker.data().cast::<Node>() };
        Some(Arc::as_ptr(&node.header))
    } else {
        None
    }
}

fn new_node(header: Arc<TaskHeader>) -> RawWaker {
    let id = header.inbox.next_waker_id();
    let task = header.task;
    let runtime = header.runtime;
    let inbox = header.inbox.clone();
    let node = Box::new(Node { header, id });
    match active(runtime) {
        Some(shared) => shared.waker_cloned(task, id),
        None => inbox.push(RemoteOp::Cloned { task, waker: id }),
    }
    RawWaker::new(Box::into_raw(node).cast::<()>().cast_const(), &NODE_VTABLE)
}

fn wake(header: &TaskHeader, waker: Option<WakerId>, by_ref: bool) {
    match active(header.runtime) {
        Some(shared) => shared.wake(header.task, waker, by_ref),
        None => header.inbox.push(RemoteOp::Woken {
            task: header.task,
            waker,
            by_ref,
        }),
    }
}

fn dropped(header: &TaskHeader, id: WakerId) {
    match active(header.runtime) {
        Some(shared) => shared.waker_dropped(header.task, id),
        None => header.inbox.push(RemoteOp::Dropped {
            task: header.task,
            waker: id,
        }),
    }
}

/// # Safety
/// `data` is the `*const TaskHeader` of a context waker, valid for this call.
unsafe fn context_clone(data: *const ()) -> RawWaker {
    let ptr = data.cast::<TaskHeader>();
    // SAFETY: `ptr` came from `Arc::as_ptr` on an Arc the executor keeps alive during the poll,
    // so it may be used to make one more strong reference, which the new node then owns.
    let header = unsafe {
        Arc::increment_strong_count(ptr);
        Arc::from_raw(ptr)
    };
    new_node(header)
}

/// # Safety
/// As `context_clone`. Waking by value consumes the waker, but a context waker owns nothing.
unsafe fn context_wake(data: *const ()) {
    // SAFETY: same pointer contract as `context_wake_by_ref`.
    unsafe { context_wake_by_ref(data) }
}

/// # Safety
/// As `context_clone`.
unsafe fn context_wake_by_ref(data: *const ()) {
    // SAFETY: the caller guarantees `data` is a live `TaskHeader`; we only read it.
    let header = unsafe { &*data.cast::<TaskHeader>() };
    wake(header, None, true);
}

/// # Safety
/// Never reached for a context waker (it is `ManuallyDrop`); if it were, it owns nothing.
unsafe fn context_drop(_data: *const ()) {}

/// # Safety
/// `data` is a `*mut Node` made by `new_node` and owned by the waker being cloned.
unsafe fn node_clone(data: *const ()) -> RawWaker {
    // SAFETY: the node is alive while its waker is; we only read its header to share it.
    let node = unsafe { &*data.cast::<Node>() };
    new_node(node.header.clone())
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`; waking by value consumes (frees) it.
unsafe fn node_wake(data: *const ()) {
    // SAFETY: the waker owns the node (made by Box::into_raw in new_node) and is consumed by
    // this call, so taking the Box back frees it exactly once.
    let node = unsafe { Box::from_raw(data.cast::<Node>().cast_mut()) };
    // By-value wake: the trace reads this as "woken, and the clone is gone".
    wake(&node.header, Some(node.id), false);
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`, alive for this call.
unsafe fn node_wake_by_ref(data: *const ()) {
    // SAFETY: the node is alive while its waker is; we only read it.
    let node = unsafe { &*data.cast::<Node>() };
    wake(&node.header, Some(node.id), true);
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`; dropping the waker frees it.
unsafe fn node_drop(data: *const ()) {
    // SAFETY: the waker owns the node and is being dropped, so this frees it exactly once.
    let node = unsafe { Box::from_raw(data.cast::<Node>().cast_mut()) };
    dropped(&node.header, node.id);
}

// ---------------------------------------------------------------------------------------------
// Which runtime is executing on this thread right now.
// ---------------------------------------------------------------------------------------------

/// Marks `shared` as the runtime executing on this thread until the guard is dropped (which
/// restores whatever was active before, so runtimes can nest).
pub(crate) fn enter(shared: &Shared) -> EnterGuard {
    let previous = active_slot::replace((shared.id, core::ptr::from_ref(shared)));
    EnterGuard { previous }
}

#[derive(Debug)]
pub(crate) struct EnterGuard {
    previous: (u32, *const Shared),
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        active_slot::replace(self.previous);
    }
}

/// The runtime `runtime`, if it is the one executing on this thread right now.
fn active<'a>(runtime: u32) -> Option<&'a Shared> {
    let (id, ptr) = active_slot::get();
    if id == runtime && !ptr.is_null() {
        // SAFETY: `ptr` was stored by `enter` from a `&Shared` whose EnterGuard is still alive
        // (the guard restores the previous value when dropped), and the runtime holds the
        // guard only while it is executing, borrowing itself; so the Shared is alive and on
        // this thread. Runtime ids are unique, so a stale header cannot match a newer runtime.
        Some(unsafe { &*ptr })
    } else {
        None
    }
}

#[cfg(feature = "std")]
mod active_slot {
    use crate::scheduler::Shared;
    use core::cell::Cell;

    std::thread_local! {
        static ACTIVE: Cell<(u32, *const Shared)> = const { Cell::new((0, core::ptr::null())) };
    }

    pub(super) fn get() -> (u32, *const Shared) {
        ACTIVE.with(Cell::get)
    }

    pub(super) fn replace(v: (u32, *const Shared)) -> (u32, *const Shared) {
        ACTIVE.with(|a| a.replace(v))
    }
}

/// Without `std` there are no thread-locals. The crate then assumes one thread of execution
/// (wasm32-unknown-unknown, or bare metal without wakes from interrupt handlers while the
/// runtime runs), so a single global slot is the thread's slot.
#[cfg(not(feature = "std"))]
mod active_slot {
    use crate::scheduler::Shared;
    use core::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

    static ACTIVE_ID: AtomicU32 = AtomicU32::new(0);
    static ACTIVE_PTR: AtomicPtr<Shared> = AtomicPtr::new(core::ptr::null_mut());

    pub(super) fn get() -> (u32, *const Shared) {
        (
            ACTIVE_ID.load(Ordering::Relaxed),
            ACTIVE_PTR.load(Ordering::Relaxed).cast_const(),
        )
    }

    pub(super) fn replace(v: (u32, *const Shared)) -> (u32, *const Shared) {
        let id = ACTIVE_ID.swap(v.0, Ordering::Relaxed);
        let ptr = ACTIVE_PTR.swap(v.1.cast_mut(), Ordering::Relaxed);
        (id, ptr.cast_const())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Runtime};
    use alloc::vec::Vec;
    use core::task::{Context, Poll};

    /// Polls a future once with the context waker of a fresh task, the way the executor does,
    /// then exercises clones through both vtables (run under Miri to check the unsafe code).
    #[test]
    fn clones_wake_and_drop_through_both_vtables() {
        let mut rt = Runtime::new(Config::default()).unwrap();
        let stash: alloc::rc::Rc<core::cell::RefCell<Vec<Waker>>> = Default::default();
        let keep = stash.clone();
        rt.spawn("t", async move {
            let mut first = true;
            core::future::poll_fn(|cx: &mut Context<'_>| {
                let mut s = keep.borrow_mut();
                if core::mem::take(&mut first) {
                    let a = cx.waker().clone(); // context vtable -> node
                    let b = a.clone(); // node -> node
                    assert!(will_wake(&a, cx.waker()) && will_wake(&b, &a));
                    let (task, id_a) = clone_id(&a).unwrap();
                    let (_, id_b) = clone_id(&b).unwrap();
                    assert_eq!(task, crate::TaskId(0));
                    assert_ne!(id_a, id_b, "each clone has its own id");
                    assert!(clone_id(cx.waker()).is_none());
                    s.push(a);
                    s.push(b);
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            })
            .await;
        });
        rt.run();
        // Wake by reference, then by value, then drop the last clone, all outside the runtime.
        let mut wakers = core::mem::take(&mut *stash.borrow_mut());
        wakers[0].wake_by_ref();
        let b = wakers.pop().unwrap();
        b.wake();
        drop(wakers);
        assert_eq!(rt.run(), crate::RunOutcome::Finished);
    }

    #[test]
    fn a_waker_outliving_its_runtime_is_harmless() {
        let mut rt = Runtime::new(Config::default()).unwrap();
        let slot: alloc::rc::Rc<core::cell::RefCell<Option<Waker>>> = Default::default();
        let keep = slot.clone();
        rt.spawn("t", async move {
            core::future::poll_fn(|cx: &mut Context<'_>| {
                *keep.borrow_mut() = Some(cx.waker().clone());
                Poll::<()>::Pending
            })
            .await;
        });
        rt.run();
        drop(rt);
        let waker = slot.borrow_mut().take().unwrap();
        // The runtime is gone: the wake goes to an inbox nobody reads, and the header it
        // points at is still alive (the clone owns it).
        waker.wake_by_ref();
        drop(waker);
    }
}
