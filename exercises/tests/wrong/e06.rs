//! Exercise 6: join handles with a stale waker, a clone per poll, or a task that never wakes
//! its joiner.

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use exercises::checks::e06_join_handle::{Child, Subject};
use runtime_core::{Handle, will_wake};
use std::rc::Rc;

/// Stores the joiner's waker only when none is stored.
pub const STALE: u8 = 1;
/// Stores a new clone on every poll.
pub const CLONE_EVERY_POLL: u8 = 2;
/// The task stores its output but does not wake the joiner.
pub const NO_WAKE: u8 = 3;

struct Shared {
    output: Option<u32>,
    joiner: Option<Waker>,
}

struct Task<const BUG: u8> {
    future: Child,
    shared: Rc<RefCell<Shared>>,
}

impl<const BUG: u8> Future for Task<BUG> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Poll::Ready(v) = self.future.as_mut().poll(cx) else {
            return Poll::Pending;
        };
        let joiner = {
            let mut s = self.shared.borrow_mut();
            s.output = Some(v);
            s.joiner.take()
        };
        if BUG != NO_WAKE
            && let Some(w) = joiner
        {
            w.wake();
        }
        Poll::Ready(())
    }
}

pub struct Join<const BUG: u8> {
    shared: Rc<RefCell<Shared>>,
}

impl<const BUG: u8> Future for Join<BUG> {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut s = self.shared.borrow_mut();
        if let Some(v) = s.output.take() {
            return Poll::Ready(v);
        }
        let replace = match BUG {
            STALE => s.joiner.is_none(),
            CLONE_EVERY_POLL => true,
            _ => !s.joiner.as_ref().is_some_and(|w| will_wake(w, cx.waker())),
        };
        if replace {
            s.joiner = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Join = Join<BUG>;
    fn spawn_joinable(h: &Handle, name: &str, future: Child) -> Self::Join {
        let shared = Rc::new(RefCell::new(Shared {
            output: None,
            joiner: None,
        }));
        h.spawn(
            name,
            Task::<BUG> {
                future,
                shared: shared.clone(),
            },
        );
        Join { shared }
    }
}
