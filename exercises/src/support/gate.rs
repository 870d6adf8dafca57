//! Small futures for the executor checks: a gate that the check opens from outside, and a
//! future that yields once.

use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

#[derive(Debug, Default)]
struct GateState {
    open: bool,
    waker: Option<Waker>,
}

/// A future that is pending until its [`Opener`] opens it. It keeps the waker of its latest
/// poll, as a well-behaved leaf future does.
#[derive(Debug)]
pub struct Gate {
    state: Rc<RefCell<GateState>>,
}

/// Opens a [`Gate`], or wakes its task without opening it.
#[derive(Debug, Clone)]
pub struct Opener {
    state: Rc<RefCell<GateState>>,
}

/// A closed gate and what opens it.
pub fn gate() -> (Gate, Opener) {
    let state = Rc::new(RefCell::new(GateState::default()));
    (
        Gate {
            state: state.clone(),
        },
        Opener { state },
    )
}

impl Future for Gate {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.state.borrow_mut();
        if s.open {
            return Poll::Ready(());
        }
        s.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Opener {
    /// Opens the gate and wakes the task waiting on it (if it has been polled).
    pub fn open(&self) {
        let waker = {
            let mut s = self.state.borrow_mut();
            s.open = true;
            s.waker.clone()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// Wakes the waiting task without opening the gate (a spurious wake).
    pub fn poke(&self) {
        let waker = self.state.borrow().waker.clone();
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// A future that wakes its own task and returns Pending once, then is ready (a yield).
#[derive(Debug, Default)]
pub struct YieldOnce {
    yielded: bool,
}

/// See [`YieldOnce`].
pub fn yield_once() -> YieldOnce {
    YieldOnce::default()
}

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
