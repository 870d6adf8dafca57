//! `AssertUnmoved`: a future that fails the check if it moves after its first poll (compare
//! futures-rs `futures-test/src/assert_unmoved.rs`).
//!
//! `Pin` promises that a pinned value stays at one address until it is dropped. A future that
//! moves between polls breaks every self-reference the compiler's state machines rely on; this
//! wrapper makes the move visible. It is `!Unpin`, so only code that projects pins correctly
//! (or moves it with `unsafe`, which is the bug) can poll it inside another future.

use super::fail;
use core::future::Future;
use core::marker::PhantomPinned;
use core::pin::Pin;
use core::task::{Context, Poll};

/// Wraps `F`; remembers its address at the first poll and fails the check if a later poll, or
/// the drop, finds it elsewhere.
#[derive(Debug)]
pub struct AssertUnmoved<F> {
    inner: F,
    /// The address at the first poll (0: not polled yet).
    addr: usize,
    /// What to tell the learner when it moved.
    advice: &'static str,
    _pinned: PhantomPinned,
}

impl<F> AssertUnmoved<F> {
    /// Wraps `inner`; `advice` is appended to the failure message.
    pub fn new(inner: F, advice: &'static str) -> AssertUnmoved<F> {
        AssertUnmoved {
            inner,
            addr: 0,
            advice,
            _pinned: PhantomPinned,
        }
    }

    /// Whether it has been polled.
    pub fn polled(&self) -> bool {
        self.addr != 0
    }

    fn check(&self, now: usize, when: &str) {
        if self.addr != 0 && self.addr != now {
            fail(format!(
                "the pinned future moved in memory {when} (from {:#x} to {now:#x}); once \
                 polled, a future must stay where it is until it is dropped. {}",
                self.addr, self.advice
            ));
        }
    }
}

impl<F: Future> Future for AssertUnmoved<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `inner` is structurally pinned: it is never moved out of `self` (only
        // polled in place and dropped in place); `addr` and `advice` are plain data that are
        // never pinned.
        let this = unsafe { self.get_unchecked_mut() };
        let now = core::ptr::from_ref(&*this).addr();
        this.check(now, "between two polls");
        this.addr = now;
        // SAFETY: as above, `inner` is pinned whenever `self` is.
        unsafe { Pin::new_unchecked(&mut this.inner) }.poll(cx)
    }
}

impl<F> Drop for AssertUnmoved<F> {
    fn drop(&mut self) {
        // Never fail while already unwinding: a second panic would abort the grader.
        if !std::thread::panicking() {
            let now = core::ptr::from_ref(&*self).addr();
            self.check(now, "after it was polled, before it was dropped");
        }
    }
}
