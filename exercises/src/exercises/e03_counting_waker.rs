//! Exercise 3 — A waker from a `RawWakerVTable` that counts clone, wake and drop.
//!
//! Goal: `counting_waker(counts)` returns a real `core::task::Waker` whose data pointer is an
//! `Arc<Counts>` (made raw with `Arc::into_raw`). Every waker, and every clone of it, owns one
//! reference to that `Arc`. The four vtable functions count what is done with the waker in
//! `Counts` and keep the `Arc`'s reference count exact: no leak, no double free.
//!
//! * `clone`: count it; the new waker needs a reference of its own.
//! * `wake` (by value): count a wake; it consumes the waker, so release its reference (the
//!   vtable's `drop` is not called after a `wake`).
//! * `wake_by_ref`: count it; the waker lives on.
//! * `drop`: count it; release the waker's reference.
//!
//! Lesson: `exercises/lessons/e03_counting_waker.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e03`

use crate::support::counts::Counts;
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::sync::Arc;
use std::sync::atomic::Ordering;

static VTABLE: RawWakerVTable =
    RawWakerVTable::new(clone_waker, wake_waker, wake_by_ref_waker, drop_waker);

/// A waker that counts into `counts`.
pub fn counting_waker(counts: Arc<Counts>) -> Waker {
    // TODO: give the Arc's reference to the waker: `Arc::into_raw(counts)` is the data
    //       pointer; build a `RawWaker` with `VTABLE` and turn it into a `Waker` (unsafe:
    //       say why it is sound in a `// SAFETY:` comment).
    todo!("counting_waker")
}

/// # Safety
/// `data` came from `Arc::into_raw` on an `Arc<Counts>`, and the waker being cloned owns one
/// reference to it.
unsafe fn clone_waker(data: *const ()) -> RawWaker {
    // TODO: count the clone, give the new waker its own reference
    //       (`Arc::increment_strong_count`), and return a `RawWaker` for the same data.
    todo!("clone")
}

/// # Safety
/// As `clone_waker`; the waker is consumed by this call.
unsafe fn wake_waker(data: *const ()) {
    // TODO: count a wake, then release the waker's reference (`Arc::from_raw`, then drop it).
    todo!("wake")
}

/// # Safety
/// As `clone_waker`; the waker lives on.
unsafe fn wake_by_ref_waker(data: *const ()) {
    // TODO: count a wake by reference (and nothing else).
    todo!("wake_by_ref")
}

/// # Safety
/// As `clone_waker`; the waker is being dropped.
unsafe fn drop_waker(data: *const ()) {
    // TODO: count a drop and release the waker's reference.
    //       (No `todo!()` here on purpose: a panic inside a drop while another panic
    //       unwinds would abort the whole grader.)
}
