//! Exercise 5 — An executor: spawn, a FIFO ready queue, and a wake that queues once.
//!
//! Goal: a single-threaded executor.
//!
//! * `spawn` stores the task, gives it an id (0, 1, 2, … in spawn order) and queues it.
//! * `run` takes ids from the front of the ready queue and polls those tasks, until the queue
//!   is empty. A task that returns Ready is dropped and never polled again; a task that
//!   returns Pending waits for its waker.
//! * A task's waker puts its id at the back of the queue — once: a task already in the queue
//!   is not queued again. A task that wakes itself while it is being polled must be queued
//!   again (so clear its `queued` flag before you poll it).
//!
//! The ready queue is given to you (`ReadyQueue`: `push_back`, `pop_front`) so the lab can
//! watch what goes into it.
//!
//! Lesson: `exercises/lessons/e05_executor.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e05`

use crate::support::probe::ReadyQueue;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;

/// A spawned task.
struct Task {
    future: Pin<Box<dyn Future<Output = ()>>>,
    /// Its waker (what `cx.waker()` is when it is polled).
    waker: Waker,
    /// What the waker points at (to clear `queued` before a poll).
    state: Arc<TaskWaker>,
}

/// What a task's `Waker` points at.
struct TaskWaker {
    id: usize,
    /// Whether the id is in the ready queue (or about to be polled from it).
    queued: AtomicBool,
    queue: ReadyQueue,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // TODO: put `self.id` at the back of the queue, unless it is already queued
        //       (`queued` says; set it as you queue).
    }
}

/// A single-threaded executor.
pub struct Executor {
    queue: ReadyQueue,
    /// Every task ever spawned, by id; `None` once it has completed.
    tasks: Vec<Option<Task>>,
}

impl core::fmt::Debug for Executor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Executor")
            .field("queued", &self.queue.len())
            .field("tasks", &self.tasks.len())
            .finish()
    }
}

impl Executor {
    /// An executor over `queue`, with no tasks.
    pub fn new(queue: ReadyQueue) -> Executor {
        Executor {
            queue,
            tasks: Vec::new(),
        }
    }

    /// Adds a task and queues it. Returns its id: 0, 1, 2, … in spawn order.
    pub fn spawn(&mut self, future: impl Future<Output = ()> + 'static) -> usize {
        // TODO: the id is the task's index in `tasks`. Make its `TaskWaker` (it starts
        //       queued), its `Waker` (`Waker::from(arc)`), store the `Task`, queue the id.
        todo!("Executor::spawn")
    }

    /// Polls queued tasks, front first, until the ready queue is empty.
    pub fn run(&mut self) {
        // TODO: pop ids from the front of the queue. Skip ids of finished tasks. Clear the
        //       task's `queued` flag, then poll its future with a `Context` made from its
        //       waker; when it returns Ready, drop the task (`tasks[id] = None`).
        todo!("Executor::run")
    }
}
