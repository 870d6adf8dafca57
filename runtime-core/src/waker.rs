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
use alloc::vec::Vec;
use core::mem::{ManuallyDrop, MaybeUninit};
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
    /// Copies of `header.task` and `header.runtime`, so that the runtime's fast paths
    /// (`take_own`) find what they need in the node itself, without a load from the header.
    task: TaskId,
    runtime: u32,
}

impl Node {
    fn new(header: Arc<TaskHeader>, id: WakerId) -> Box<Node> {
        let (task, runtime) = (header.task, header.runtime);
        Box::new(Node {
            header,
            id,
            task,
            runtime,
        })
    }
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
    let node = Node::new(header, id);
    let task = node.task;
    match active(node.runtime) {
        Some(shared) => shared.waker_cloned(task, id),
        None => node.header.inbox.push(RemoteOp::Cloned { task, waker: id }),
    }
    RawWaker::new(Box::into_raw(node).cast::<()>().cast_const(), &NODE_VTABLE)
}

// ---------------------------------------------------------------------------------------------
// Fast paths for the runtime's own code (leaf futures, drivers), which holds the Core borrow.
//
// Going through `Waker::clone`, `wake` and `drop` costs a thread-local lookup and a borrow of
// the Core for each call, and the runtime's leaf futures must release their borrow around
// them. When the waker is one of ours, for a task of the runtime executing on this thread, the
// same bookkeeping can be done directly under the caller's borrow: these functions do the
// waker's part (allocate or free the node) and tell the caller what to record. The ids, the
// order of operations and so the trace are exactly those of the slow path.
// ---------------------------------------------------------------------------------------------

/// Whether `shared` is the runtime executing on this thread (what `active` checks).
fn is_active(shared: &Shared) -> bool {
    active_slot::get().0 == shared.id
}

/// Nodes freed by the fast paths, kept (up to a few dozen) for the next clones made by them,
/// so that a clone that comes and goes (a timer's, a join's) costs no allocation. A node that
/// goes through the vtable (dropped or woken by code we do not control, maybe on another
/// thread) goes back to the allocator as usual.
#[derive(Default)]
pub(crate) struct NodePool {
    /// Allocations with the layout of a `Node` and no live contents. Boxed on purpose: each is
    /// the memory of a waker's node, handed to (and taken back from) `RawWaker`s.
    #[allow(clippy::vec_box)]
    spare: Vec<Box<MaybeUninit<Node>>>,
}

impl core::fmt::Debug for NodePool {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "NodePool({} spare)", self.spare.len())
    }
}

impl NodePool {
    const MAX: usize = 64;

    /// A node owned by the returned pointer, as `Box::into_raw(Box::new(node))` gives.
    fn alloc(&mut self, node: Node) -> *mut Node {
        match self.spare.pop() {
            Some(mut slot) => {
                slot.write(node);
                // `MaybeUninit<Node>` has the layout of `Node`, and the slot is initialised.
                Box::into_raw(slot).cast::<Node>()
            }
            None => Box::into_raw(Box::new(node)),
        }
    }

    /// Drops the node's contents and keeps its memory (or frees it if enough are kept).
    ///
    /// # Safety
    /// `node` owns a live `Node` allocated as a `Box<Node>` (by `new_node` or `alloc`), and
    /// nothing uses it afterwards.
    unsafe fn free(&mut self, node: *mut Node) {
        // SAFETY: the caller hands over ownership of a live, initialised node: dropping its
        // contents in place (its header's `Arc`) once is sound, and the memory is then
        // uninitialised, which `MaybeUninit<Node>` (same layout as `Node`) allows; the Box
        // takes over the allocation, made with that layout.
        let slot = unsafe {
            core::ptr::drop_in_place(node);
            Box::from_raw(node.cast::<MaybeUninit<Node>>())
        };
        if self.spare.len() < Self::MAX {
            self.spare.push(slot);
        }
    }
}

/// Clones `waker` if it is one of ours for a task of `shared`, which is executing on this
/// thread: returns the clone, its task and its id, and the caller records the clone
/// (`Core::waker_cloned`), as `Waker::clone` would have done through `new_node`. `None` for
/// any other waker (clone it normally).
pub(crate) fn clone_own(
    shared: &Shared,
    nodes: &mut NodePool,
    waker: &Waker,
) -> Option<(Waker, TaskId, WakerId)> {
    let header = header_of(waker)?;
    // SAFETY: `header_of` only answers for wakers of this module, whose header is alive while
    // the waker is (a context waker's header is owned by its task slot for the poll; a clone
    // owns a strong reference); we only read it.
    let runtime = unsafe { (*header).runtime };
    if runtime != shared.id || !is_active(shared) {
        return None;
    }
    // SAFETY: `header` came from `Arc::as_ptr` on a live `Arc<TaskHeader>` (see above), so it
    // may be used to make one more strong reference, which the new node then owns.
    let header = unsafe {
        Arc::increment_strong_count(header);
        Arc::from_raw(header)
    };
    let id = header.inbox.next_waker_id();
    let (task, runtime) = (header.task, header.runtime);
    let node = nodes.alloc(Node {
        header,
        id,
        task,
        runtime,
    });
    let raw = RawWaker::new(node.cast::<()>().cast_const(), &NODE_VTABLE);
    // SAFETY: `raw` is a node made exactly as `new_node` makes one, with NODE_VTABLE, whose
    // functions uphold the RawWaker contract for it.
    Some((unsafe { Waker::from_raw(raw) }, task, id))
}

/// Consumes `waker` if it is a clone of ours for a task of `shared`, which is executing on
/// this thread: frees its node and returns its task and id, and the caller records what
/// waking it by value (`Core::wake` with `by_ref: false`) or dropping it (`Core::waker_dropped`)
/// would have. Any other waker is handed back untouched.
pub(crate) fn take_own(
    shared: &Shared,
    nodes: &mut NodePool,
    waker: Waker,
) -> Result<(TaskId, WakerId), Waker> {
    // The address of the static is unique, so comparing it is enough (and cheaper than
    // comparing the four function pointers).
    if !core::ptr::eq(waker.vtable(), &NODE_VTABLE) || !is_active(shared) {
        return Err(waker);
    }
    let node = waker.data().cast::<Node>().cast_mut();
    // SAFETY: a waker with NODE_VTABLE owns a live `Node` made by `new_node` or `clone_own`;
    // we only read it here.
    let (runtime, task, id) = unsafe { ((*node).runtime, (*node).task, (*node).id) };
    if runtime != shared.id {
        return Err(waker);
    }
    // The waker will never use its node again: it is forgotten, not dropped.
    core::mem::forget(waker);
    // SAFETY: the forgotten waker owned the node (allocated as a `Box<Node>`), so ownership
    // passes to the pool, which frees it exactly once, as `node_wake` or `node_drop` would.
    unsafe { nodes.free(node) };
    Ok((task, id))
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
