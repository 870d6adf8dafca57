//! Real `core::task::Waker`s for the runtime's tasks. All vtable code is in this module.
//!
//! Two kinds of waker exist, with two vtables (compare futures-rs `futures-task/src/waker.rs`
//! and tokio `tokio/src/runtime/task/waker.rs`):
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
//! Clones keep the header alive with an atomic `Arc` (on the chunk of 64 headers it is in), so a
//! waker may be moved to, used on, and dropped on any thread, as the `Waker` contract requires.

use crate::ids::{TaskId, WakerId};
use crate::remote::{Inbox, RemoteOp};
use crate::scheduler::Shared;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::task::{RawWaker, RawWakerVTable, Waker};

/// What every waker of one task points at: the task and its runtime. Headers live in chunks
/// ([`HeaderChunk`]) of [`CHUNK`] consecutive tasks; a context waker's data pointer is its
/// task's header, and a clone keeps the chunk alive.
#[derive(Debug)]
pub(crate) struct TaskHeader {
    pub(crate) task: TaskId,
    /// Which runtime the task belongs to (see [`active`]).
    pub(crate) runtime: u32,
}

/// Task headers per chunk.
pub(crate) const CHUNK: usize = 64;

/// The headers of tasks `k * CHUNK .. (k + 1) * CHUNK`, in one allocation with one atomic
/// reference count, held by the runtime (in [`Headers`]) and by every clone of those tasks'
/// wakers. One allocation per 64 spawns instead of one per spawn; the ids are known in advance
/// (they are handed out in order), so a chunk is filled when it is made.
#[repr(C)] // `headers` first: a header's chunk starts `task % CHUNK` headers before it.
pub(crate) struct HeaderChunk {
    headers: [TaskHeader; CHUNK],
    inbox: Arc<Inbox>,
}

impl HeaderChunk {
    /// The chunk `header` is in.
    ///
    /// # Safety
    /// `header` points at a header of a live chunk, with the provenance of the whole chunk (as
    /// every header pointer of this module has: they all come from `Arc::as_ptr`).
    unsafe fn of(header: *const TaskHeader) -> *const HeaderChunk {
        // SAFETY: the caller guarantees a live header; its index in the chunk follows from its
        // id, and stepping back that many headers stays inside the chunk's `headers`, which
        // starts the chunk (`repr(C)`).
        unsafe {
            let index = (*header).task.index() % CHUNK;
            header.sub(index).cast::<HeaderChunk>()
        }
    }

    /// The header of `task` in `chunk` (a pointer with the provenance of the whole chunk).
    fn header(chunk: &Arc<HeaderChunk>, task: TaskId) -> *const TaskHeader {
        // `headers` is at offset 0 (`repr(C)`), and `task % CHUNK` is in bounds.
        Arc::as_ptr(chunk)
            .cast::<TaskHeader>()
            .wrapping_add(task.index() % CHUNK)
    }
}

/// The runtime's header chunks: chunk `k` holds tasks `k * CHUNK ..`. Never shrinks, so a
/// header stays valid while the runtime lives (and after, for as long as a clone holds it).
#[derive(Default)]
pub(crate) struct Headers {
    chunks: Vec<Arc<HeaderChunk>>,
}

impl core::fmt::Debug for Headers {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Headers({} chunks)", self.chunks.len())
    }
}

impl Headers {
    /// Makes sure the header of `task` exists (tasks are made in id order).
    pub(crate) fn make(&mut self, task: TaskId, runtime: u32, inbox: &Arc<Inbox>) {
        while self.chunks.len() <= task.index() / CHUNK {
            let base = self.chunks.len() * CHUNK;
            let headers = core::array::from_fn(|i| TaskHeader {
                task: TaskId((base + i) as u32),
                runtime,
            });
            self.chunks.push(Arc::new(HeaderChunk {
                headers,
                inbox: inbox.clone(),
            }));
        }
    }

    /// The header of `task`, made by [`Headers::make`], for [`context_waker`].
    pub(crate) fn get(&self, task: TaskId) -> *const TaskHeader {
        HeaderChunk::header(&self.chunks[task.index() / CHUNK], task)
    }
}

/// A clone of a task's waker.
struct Node {
    /// Keeps the task's header (and the inbox) alive.
    chunk: Arc<HeaderChunk>,
    id: WakerId,
    task: TaskId,
    runtime: u32,
}

impl Node {
    fn header(&self) -> *const TaskHeader {
        HeaderChunk::header(&self.chunk, self.task)
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
/// `header` comes from [`Headers::get`] of a `Headers` that the caller keeps alive for as long
/// as the returned waker is used; the executor does (the Core owns its chunks until after the
/// poll returns).
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
    if !core::ptr::eq(waker.vtable(), &NODE_VTABLE) {
        return None;
    }
    // SAFETY: a waker with NODE_VTABLE was made by `new_node`, so its data is a live `Node`
    // owned by this waker, which we only read.
    let node = unsafe { &*waker.data().cast::<Node>() };
    Some((node.task, node.id))
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
    if core::ptr::eq(waker.vtable(), &CONTEXT_VTABLE) {
        Some(waker.data().cast::<TaskHeader>())
    } else if core::ptr::eq(waker.vtable(), &NODE_VTABLE) {
        // SAFETY: a waker with NODE_VTABLE owns a live `Node` made by `new_node`; we only read
        // it.
        let node = unsafe { &*waker.data().cast::<Node>() };
        Some(node.header())
    } else {
        None
    }
}

/// A new clone of a waker of `task` (whose header is in `chunk`), recorded as made.
fn new_node(chunk: Arc<HeaderChunk>, task: TaskId, runtime: u32) -> RawWaker {
    let id = chunk.inbox.next_waker_id();
    let node = Box::new(Node {
        chunk,
        id,
        task,
        runtime,
    });
    if with_active(runtime, |shared| shared.waker_cloned(task, id)).is_none() {
        node.chunk.inbox.push(RemoteOp::Cloned { task, waker: id });
    }
    RawWaker::new(Box::into_raw(node).cast::<()>().cast_const(), &NODE_VTABLE)
}

/// One more strong reference to the chunk of `header`.
///
/// # Safety
/// `header` is a live header pointer of this module (see [`HeaderChunk::of`]).
unsafe fn chunk_of(header: *const TaskHeader) -> Arc<HeaderChunk> {
    // SAFETY: the chunk is alive (the caller's header is) and the pointer to it is the one
    // `Arc::as_ptr` gave (the header pointer was derived from it), so it may be used to make
    // one more strong reference, which the caller then owns.
    unsafe {
        let chunk = HeaderChunk::of(header);
        Arc::increment_strong_count(chunk);
        Arc::from_raw(chunk)
    }
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
pub(crate) fn is_active(shared: &Shared) -> bool {
    active_slot::get().0 == shared.id
}

/// If `waker` is one of ours for a task of `shared`, which is executing on this thread: the
/// task, and the id of a new clone of its waker for the caller to record
/// (`Core::waker_cloned`), exactly as `clone_own` would make one, for a clone that only the
/// runtime itself will hold and consume, so that it needs no `Waker` object (see
/// `time::TimerWaker`). `None` for any other waker (clone it normally).
pub(crate) fn own_clone_id(shared: &Shared, waker: &Waker) -> Option<(TaskId, WakerId)> {
    let header = header_of(waker)?;
    // SAFETY: `header_of` only answers for wakers of this module, whose header is alive while
    // the waker is; we only read it.
    let (task, runtime) = unsafe { ((*header).task, (*header).runtime) };
    if runtime != shared.id || !is_active(shared) {
        return None;
    }
    Some((task, shared.inbox.next_waker_id()))
}

/// Whether `waker` would wake `task` of runtime `runtime` (what `will_wake` says of a clone
/// of that task's waker).
pub(crate) fn wakes_task(waker: &Waker, runtime: u32, task: TaskId) -> bool {
    // SAFETY: `header_of` only answers for wakers of this module, whose header is alive while
    // the waker is; we only read it.
    header_of(waker).is_some_and(|h| unsafe { (*h).runtime == runtime && (*h).task == task })
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
        // contents in place (its chunk's `Arc`) once is sound, and the memory is then
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
    // the waker is (a context waker's chunk is owned by the runtime for the poll; a clone owns
    // a strong reference to it); we only read it.
    let (task, runtime) = unsafe { ((*header).task, (*header).runtime) };
    if runtime != shared.id || !is_active(shared) {
        return None;
    }
    // SAFETY: `header` is a live header pointer of this module (see above).
    let chunk = unsafe { chunk_of(header) };
    let id = chunk.inbox.next_waker_id();
    let node = nodes.alloc(Node {
        chunk,
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

fn wake(task: TaskId, runtime: u32, inbox: &Inbox, waker: Option<WakerId>, by_ref: bool) {
    if with_active(runtime, |shared| shared.wake(task, waker, by_ref)).is_none() {
        inbox.push(RemoteOp::Woken {
            task,
            waker,
            by_ref,
        });
    }
}

fn dropped(node: &Node) {
    if with_active(node.runtime, |shared| {
        shared.waker_dropped(node.task, node.id)
    })
    .is_none()
    {
        node.chunk.inbox.push(RemoteOp::Dropped {
            task: node.task,
            waker: node.id,
        });
    }
}

/// # Safety
/// `data` is the `*const TaskHeader` of a context waker, valid for this call.
unsafe fn context_clone(data: *const ()) -> RawWaker {
    let header = data.cast::<TaskHeader>();
    // SAFETY: the caller guarantees a live header of this module; the new strong reference to
    // its chunk is owned by the new node.
    let (chunk, task, runtime) = unsafe { (chunk_of(header), (*header).task, (*header).runtime) };
    new_node(chunk, task, runtime)
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
    let header = data.cast::<TaskHeader>();
    // SAFETY: the caller guarantees a live header of this module; we only read it.
    let (task, runtime) = unsafe { ((*header).task, (*header).runtime) };
    if with_active(runtime, |shared| shared.wake(task, None, true)).is_none() {
        // SAFETY: the header is live, so its chunk is too; we only read it.
        let chunk = unsafe { &*HeaderChunk::of(header) };
        chunk.inbox.push(RemoteOp::Woken {
            task,
            waker: None,
            by_ref: true,
        });
    }
}

/// # Safety
/// Never reached for a context waker (it is `ManuallyDrop`); if it were, it owns nothing.
unsafe fn context_drop(_data: *const ()) {}

/// # Safety
/// `data` is a `*mut Node` made by `new_node` and owned by the waker being cloned.
unsafe fn node_clone(data: *const ()) -> RawWaker {
    // SAFETY: the node is alive while its waker is; we only read it to share its chunk.
    let node = unsafe { &*data.cast::<Node>() };
    new_node(node.chunk.clone(), node.task, node.runtime)
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`; waking by value consumes (frees) it.
unsafe fn node_wake(data: *const ()) {
    // SAFETY: the waker owns the node (made by Box::into_raw in new_node) and is consumed by
    // this call, so taking the Box back frees it exactly once.
    let node = unsafe { Box::from_raw(data.cast::<Node>().cast_mut()) };
    // By-value wake: the trace reads this as "woken, and the clone is gone".
    wake(
        node.task,
        node.runtime,
        &node.chunk.inbox,
        Some(node.id),
        false,
    );
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`, alive for this call.
unsafe fn node_wake_by_ref(data: *const ()) {
    // SAFETY: the node is alive while its waker is; we only read it.
    let node = unsafe { &*data.cast::<Node>() };
    wake(
        node.task,
        node.runtime,
        &node.chunk.inbox,
        Some(node.id),
        true,
    );
}

/// # Safety
/// `data` is a `*mut Node` made by `new_node`; dropping the waker frees it.
unsafe fn node_drop(data: *const ()) {
    // SAFETY: the waker owns the node and is being dropped, so this frees it exactly once.
    let node = unsafe { Box::from_raw(data.cast::<Node>().cast_mut()) };
    dropped(&node);
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

/// Calls `f` with the runtime `runtime` if it is the one executing on this thread right now
/// (the reference cannot outlive the call), else returns `None`.
fn with_active<R>(runtime: u32, f: impl FnOnce(&Shared) -> R) -> Option<R> {
    let (id, ptr) = active_slot::get();
    if id == runtime && !ptr.is_null() {
        // SAFETY: `ptr` was stored by `enter` from a `&Shared` whose EnterGuard is still alive
        // (the guard restores the previous value when dropped), and the runtime holds the
        // guard only while it is executing, borrowing itself; so the Shared is alive and on
        // this thread for as long as `f` runs, which is all the reference lives. Runtime ids
        // are unique, so a stale header cannot match a newer runtime.
        Some(f(unsafe { &*ptr }))
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

    #[inline]
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
