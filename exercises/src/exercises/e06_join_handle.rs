//! Exercise 6 — A JoinHandle: pass the task's output to whoever awaits it, and wake them.
//!
//! Goal: `spawn_joinable(h, name, future)` spawns `future` as a runtime-core task and returns
//! a `JoinHandle` that resolves to the future's output.
//!
//! * The task (`Task::poll`) runs the future; when it is ready, it stores the output where
//!   the handle can find it and wakes the task waiting on the handle (the joiner), if any.
//! * The handle (`JoinHandle::poll`) returns the output if it is there. If not, it keeps the
//!   joiner's waker — and replaces it when it is polled with a waker of a *different* task
//!   (the handle may have moved), but does not clone a new one on every poll.
//!
//! Lesson: `exercises/lessons/e06_join_handle.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e06`

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
        // TODO: poll `self.future`. When it is ready: store the output in `shared`, take the
        //       joiner's waker (if any) and wake it — after the `borrow_mut()` has ended.
        todo!("Task::poll")
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
        // TODO: if the output is there, take it and return it.
        // TODO: otherwise keep the waker: unless the stored one wakes the same task as
        //       `cx.waker()` (use runtime-core's `will_wake(stored, cx.waker())`), store a
        //       clone — `self.h.clone_waker(cx.waker(), Holder::Join(self.task))` makes one
        //       that the trace shows as held by `join:<task>`. Then return Pending.
        todo!("JoinHandle::poll")
    }
}
