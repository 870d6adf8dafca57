//! Exercise 4: `block_on`s that spin, park without looking, or never clear their flag.

use core::future::Future;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use exercises::checks::e04_block_on::Subject;
use exercises::support::parker::Parker;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;

struct Signal(AtomicBool);

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Polls again and again, never parking.
pub struct Spin;
/// Parks after every Pending without looking at the flag.
pub struct ParkAlways;
/// Parks only while the flag is unset, but never clears it.
pub struct NeverClears;

fn run<F: Future>(
    parker: &mut Parker,
    future: F,
    mut wait: impl FnMut(&Signal, &mut Parker),
) -> F::Output {
    let mut future = pin!(future);
    let signal = Arc::new(Signal(AtomicBool::new(false)));
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        wait(&signal, parker);
    }
}

impl Subject for Spin {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
        run(parker, future, |_, _| {})
    }
}

impl Subject for ParkAlways {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
        run(parker, future, |s, p| {
            p.park();
            s.0.store(false, Ordering::SeqCst);
        })
    }
}

impl Subject for NeverClears {
    fn block_on<F: Future>(parker: &mut Parker, future: F) -> F::Output {
        run(parker, future, |s, p| {
            while !s.0.load(Ordering::SeqCst) {
                p.park();
            }
        })
    }
}
