//! The inbox for waker operations that happen outside the runtime.
//!
//! A `Waker` is `Send + Sync`: a future may hand a clone to another thread, or the program may
//! wake a task between two runs. Those operations cannot touch the runtime's single-threaded
//! state, so they are queued here and applied, in arrival order, the next time the drivers
//! turn (tokio's current_thread scheduler does the same with its remote queue). The trace
//! shows them with source `outside`.
//!
//! The queue is behind a tiny spin lock: it is only contended when another thread really is
//! waking a task, which in this lab is rare and short.

use crate::ids::{TaskId, WakerId};
use alloc::vec::Vec;
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// A waker operation made outside the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RemoteOp {
    Cloned {
        task: TaskId,
        waker: WakerId,
    },
    Dropped {
        task: TaskId,
        waker: WakerId,
    },
    Woken {
        task: TaskId,
        waker: Option<WakerId>,
        by_ref: bool,
    },
}

/// Shared by the runtime and every waker header (through an `Arc`).
#[derive(Debug, Default)]
pub(crate) struct Inbox {
    ops: SpinLock<Vec<RemoteOp>>,
    /// Waker ids are handed out here because clones can be made on any thread.
    next_waker: AtomicU32,
}

impl Inbox {
    pub(crate) fn push(&self, op: RemoteOp) {
        self.ops.lock(|ops| ops.push(op));
    }

    pub(crate) fn drain(&self) -> Vec<RemoteOp> {
        self.ops.lock(core::mem::take)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ops.lock(|ops| ops.is_empty())
    }

    pub(crate) fn next_waker_id(&self) -> WakerId {
        WakerId(self.next_waker.fetch_add(1, Ordering::Relaxed))
    }
}

/// A minimal spin lock (no_std has no `Mutex`). Critical sections are a `Vec` push or take.
#[derive(Debug, Default)]
struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through `lock`, which gives one thread at a time exclusive
// access (acquire on lock, release on unlock), so sharing the lock is as safe as sending `T`.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    fn lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        /// Releases the lock even if `f` panics, so a panicking thread cannot wedge it.
        struct Unlock<'a>(&'a AtomicBool);
        impl Drop for Unlock<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _unlock = Unlock(&self.locked);
        // SAFETY: the compare_exchange above set `locked` from false to true, so this thread is
        // the only one inside the lock until `_unlock` stores false; no other reference to the
        // value exists meanwhile.
        f(unsafe { &mut *self.value.get() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_drain_in_order() {
        let inbox = Inbox::default();
        let a = inbox.next_waker_id();
        let b = inbox.next_waker_id();
        assert_eq!((a, b), (WakerId(0), WakerId(1)));
        inbox.push(RemoteOp::Cloned {
            task: TaskId(1),
            waker: a,
        });
        inbox.push(RemoteOp::Woken {
            task: TaskId(1),
            waker: Some(a),
            by_ref: false,
        });
        assert_eq!(inbox.drain().len(), 2);
        assert!(inbox.drain().is_empty());
    }

    #[cfg(feature = "std")]
    #[test]
    fn pushes_from_threads_are_all_kept() {
        extern crate std;
        let inbox = alloc::sync::Arc::new(Inbox::default());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let inbox = inbox.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        inbox.push(RemoteOp::Dropped {
                            task: TaskId(t),
                            waker: WakerId(i),
                        });
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(inbox.drain().len(), 200);
    }
}
