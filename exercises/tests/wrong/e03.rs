//! Exercise 3: vtables that leak on wake, forget the clone's reference, or count a wake as a
//! drop.

use core::task::{RawWaker, RawWakerVTable, Waker};
use exercises::checks::e03_counting_waker::Subject;
use exercises::support::counts::Counts;
use std::sync::Arc;
use std::sync::atomic::Ordering;

macro_rules! variant {
    ($name:ident, clone_refs: $clone_refs:expr, wake_releases: $wake_releases:expr, wake_counts_drop: $wake_drop:expr) => {
        pub struct $name;

        impl $name {
            const VTABLE: RawWakerVTable =
                RawWakerVTable::new(Self::clone, Self::wake, Self::wake_by_ref, Self::drop);

            unsafe fn clone(data: *const ()) -> RawWaker {
                let ptr = data.cast::<Counts>();
                // SAFETY: the waker being cloned owns a reference.
                unsafe {
                    (*ptr).clones.fetch_add(1, Ordering::SeqCst);
                    if $clone_refs {
                        Arc::increment_strong_count(ptr);
                    }
                }
                RawWaker::new(data, &Self::VTABLE)
            }

            unsafe fn wake(data: *const ()) {
                let ptr = data.cast::<Counts>();
                if $wake_drop {
                    // SAFETY: as `drop`.
                    unsafe { Self::drop(data) };
                    return;
                }
                // SAFETY: the waker owns a reference.
                unsafe { (*ptr).wakes.fetch_add(1, Ordering::SeqCst) };
                if $wake_releases {
                    // SAFETY: waking by value consumes the waker's reference.
                    drop(unsafe { Arc::from_raw(ptr) });
                }
            }

            unsafe fn wake_by_ref(data: *const ()) {
                // SAFETY: the waker owns a reference.
                unsafe {
                    (*data.cast::<Counts>())
                        .wakes_by_ref
                        .fetch_add(1, Ordering::SeqCst)
                };
            }

            unsafe fn drop(data: *const ()) {
                // SAFETY: the waker owns a reference and is going away.
                let counts = unsafe { Arc::from_raw(data.cast::<Counts>()) };
                counts.drops.fetch_add(1, Ordering::SeqCst);
            }
        }

        impl Subject for $name {
            fn counting_waker(counts: Arc<Counts>) -> Waker {
                let data = Arc::into_raw(counts).cast::<()>();
                // SAFETY: the vtable treats `data` as an `Arc<Counts>` reference (with the bug
                // under test).
                unsafe { Waker::from_raw(RawWaker::new(data, &Self::VTABLE)) }
            }
        }
    };
}

variant!(LeakyWake, clone_refs: true, wake_releases: false, wake_counts_drop: false);
variant!(CloneWithoutReference, clone_refs: false, wake_releases: true, wake_counts_drop: false);
variant!(WakeCountsAsDrop, clone_refs: true, wake_releases: true, wake_counts_drop: true);
