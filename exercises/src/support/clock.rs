//! `clock::now()`: the virtual time of the runtime-core runtime running on this thread, read
//! from anywhere (a poll, a waker, a driver turn). Exercise 17 measures with it.
//!
//! It is the lab's `tokio::time::Instant::now()`. With Tokio's `test-util` feature, `now()`
//! asks the runtime of the current thread for its clock, found through Tokio's thread-local
//! context (`with_clock` in `tokio/src/time/clock.rs` calls `Handle::try_current`), so a
//! paused runtime's time can be read by code that holds no handle, a waker included. Here a
//! check installs its runtime with [`install`] for as long as it runs; the returned guard takes
//! it out again.

use core::cell::RefCell;
use runtime_core::{Handle, Tick};

std::thread_local! {
    /// The runtime whose time `now()` reads on this thread.
    static CURRENT: RefCell<Option<Handle>> = const { RefCell::new(None) };
}

/// The virtual time now, in ticks, of the runtime installed on this thread (work done so far
/// in the poll in progress included).
///
/// # Panics
///
/// When no runtime is installed on this thread (see [`install`]): outside a check.
pub fn now() -> Tick {
    CURRENT.with(|c| match &*c.borrow() {
        Some(h) => h.now(),
        None => super::fail(
            "`clock::now()` was called with no runtime on this thread: the checks install \
             one for as long as a program runs, so keep the time readings inside `poll` and \
             inside the waker's `wake`",
        ),
    })
}

/// Makes `handle`'s runtime the one [`now`] reads on this thread until the guard is dropped
/// (the runtime installed before, if any, comes back then).
pub fn install(handle: &Handle) -> Installed {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(handle.clone()));
    Installed { previous }
}

/// Puts the previous runtime back when dropped (see [`install`]).
#[derive(Debug)]
#[must_use = "the clock is uninstalled when this guard is dropped"]
pub struct Installed {
    previous: Option<Handle>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let previous = self.previous.take();
        // `try_with`: on a thread that is ending, its thread-locals may be gone already.
        let _ = CURRENT.try_with(|c| *c.borrow_mut() = previous);
    }
}
