//! Exercise 6 — A JoinHandle: pass the task's output to whoever awaits it, and wake them.
//! (Solution.)

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::trace::Holder;
use runtime_core::{Handle, TaskId, will_wake};
use std::rc::Rc;

/// What a task and its handle share.
#[derive(Debug)]
struct Shared<T> {
    /// The task's output, once it has one (until the handle takes it).
    output: Option<T>,
    /// The waker of the task awaiting the handle.
    joiner: Option<Waker>,
}

/// Spawns `future` as a task named `name`; the handle resolves to its output.
pub fn spawn_joinable<T: 'static>(
    h: &Handle,
    name: &str,
    future: impl Future<Output = T> + 'static,
) -> JoinHandle<T> {
    let shared = Rc::new(RefCell::new(Shared {
        output: None,
        joiner: None,
    }));
    let task = Task {
        future: Box::pin(future),
        shared: shared.clone(),
    };
    let id = h.spawn(name, task).id();
    JoinHandle {
        shared,
        task: id,
        h: h.clone(),
    }
}

/// The spawned task: runs the future, then hands its output over.
struct Task<T> {
    future: Pin<Box<dyn Future<Output = T>>>,
    shared: Rc<RefCell<Shared<T>>>,
}

impl<T> Future for Task<T> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Poll::Ready(output) = self.future.as_mut().poll(cx) else {
            return Poll::Pending;
        };
        let joiner = {
            let mut shared = self.shared.borrow_mut();
            shared.output = Some(output);
            shared.joiner.take()
        };
        // Woken after the borrow ends: a waker may run arbitrary code.
        if let Some(waker) = joiner {
            waker.wake();
        }
        Poll::Ready(())
    }
}

/// Resolves to the output of the task it was made for.
#[derive(Debug)]
pub struct JoinHandle<T> {
    shared: Rc<RefCell<Shared<T>>>,
    task: TaskId,
    h: Handle,
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        let mut shared = this.shared.borrow_mut();
        if let Some(output) = shared.output.take() {
            return Poll::Ready(output);
        }
        // Tokio's `can_read_output` does the same: keep the stored waker if it would wake the
        // same task, otherwise swap in the new one (the handle may have moved to another task).
        if !shared
            .joiner
            .as_ref()
            .is_some_and(|w| will_wake(w, cx.waker()))
        {
            let waker = this.h.clone_waker(cx.waker(), Holder::Join(this.task));
            let old = shared.joiner.replace(waker);
            drop(shared);
            // The old clone is dropped outside the borrow (dropping a waker records an event).
            drop(old);
        }
        Poll::Pending
    }
}
