//! What exercise 3's counting waker counts.

use core::sync::atomic::{AtomicUsize, Ordering};

/// Counters shared by a waker and all its clones.
///
/// * `clones`: calls of the vtable's `clone`;
/// * `wakes`: wakes by value (`Waker::wake`, which consumes the waker: the vtable's `drop`
///   is *not* called for it);
/// * `wakes_by_ref`: wakes by reference (`Waker::wake_by_ref`, the waker lives on);
/// * `drops`: wakers dropped without being woken by value (the vtable's `drop`).
#[derive(Debug, Default)]
pub struct Counts {
    pub clones: AtomicUsize,
    pub wakes: AtomicUsize,
    pub wakes_by_ref: AtomicUsize,
    pub drops: AtomicUsize,
}

impl Counts {
    /// `(clones, wakes, wakes_by_ref, drops)` now.
    pub fn get(&self) -> (usize, usize, usize, usize) {
        (
            self.clones.load(Ordering::SeqCst),
            self.wakes.load(Ordering::SeqCst),
            self.wakes_by_ref.load(Ordering::SeqCst),
            self.drops.load(Ordering::SeqCst),
        )
    }

    /// The counters in words, for messages and demo prints.
    pub fn describe(&self) -> String {
        let (c, w, r, d) = self.get();
        format!("clones={c} wakes={w} wakes_by_ref={r} drops={d}")
    }
}
