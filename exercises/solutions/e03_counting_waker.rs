//! Exercise 3 — A waker from a `RawWakerVTable` that counts clone, wake and drop.
//! (Solution.)
//!
//! Every waker, and every clone of it, owns one reference to the `Arc<Counts>` its data
//! pointer came from.

use crate::support::counts::Counts;
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::sync::Arc;
use std::sync::atomic::Ordering;

static VTABLE: RawWakerVTable =
    RawWakerVTable::new(clone_waker, wake_waker, wake_by_ref_waker, drop_waker);

/// A waker that counts into `counts`.
pub fn counting_waker(counts: Arc<Counts>) -> Waker {
    let data = Arc::into_raw(counts).cast::<()>();
    // SAFETY: the vtable's functions treat `data` as a pointer from `Arc::into_raw` on an
    // `Arc<Counts>` that this waker owns one reference to, which is what we hand over; they
    // are thread-safe (atomic counters, atomic reference count), as `Waker` requires.
    unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
}

/// # Safety
/// `data` came from `Arc::into_raw` on an `Arc<Counts>`, and the waker being cloned owns one
/// reference to it.
unsafe fn clone_waker(data: *const ()) -> RawWaker {
    let ptr = data.cast::<Counts>();
    // SAFETY: the cloned waker owns a reference, so the `Counts` is alive; we add one more
    // for the new waker.
    unsafe {
        (*ptr).clones.fetch_add(1, Ordering::SeqCst);
        Arc::increment_strong_count(ptr);
    }
    RawWaker::new(data, &VTABLE)
}

/// # Safety
/// As `clone_waker`; the waker is consumed by this call.
unsafe fn wake_waker(data: *const ()) {
    // SAFETY: the waker owns one reference, which waking by value consumes: taking the Arc
    // back and dropping it releases exactly that reference.
    let counts = unsafe { Arc::from_raw(data.cast::<Counts>()) };
    counts.wakes.fetch_add(1, Ordering::SeqCst);
}

/// # Safety
/// As `clone_waker`; the waker lives on.
unsafe fn wake_by_ref_waker(data: *const ()) {
    // SAFETY: the waker owns a reference for as long as it lives, so the `Counts` is alive.
    let counts = unsafe { &*data.cast::<Counts>() };
    counts.wakes_by_ref.fetch_add(1, Ordering::SeqCst);
}

/// # Safety
/// As `clone_waker`; the waker is being dropped.
unsafe fn drop_waker(data: *const ()) {
    // SAFETY: the waker owns one reference and is going away: release it.
    let counts = unsafe { Arc::from_raw(data.cast::<Counts>()) };
    counts.drops.fetch_add(1, Ordering::SeqCst);
}
