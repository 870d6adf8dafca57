//! Exercise 5 — An executor: spawn, a FIFO ready queue, and a wake that queues once.
//! (Solution.)

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
        // `swap` reads and sets in one step: of two wakes, exactly one sees `false` and
        // queues the task (Tokio's NOTIFIED bit does the same in `transition_to_notified`).
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.queue.push_back(self.id);
        }
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
        let id = self.tasks.len();
        let state = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(true),
            queue: self.queue.clone(),
        });
        let waker = Waker::from(state.clone());
        self.tasks.push(Some(Task {
            future: Box::pin(future),
            waker,
            state,
        }));
        self.queue.push_back(id);
        id
    }

    /// Polls queued tasks, front first, until the ready queue is empty.
    pub fn run(&mut self) {
        while let Some(id) = self.queue.pop_front() {
            // A finished task's waker may still be called (by a timer, a channel): ignore it.
            let Some(task) = self.tasks[id].as_mut() else {
                continue;
            };
            // Clear before polling: a wake during the poll (a yield) must queue it again.
            task.state.queued.store(false, Ordering::Release);
            let mut cx = Context::from_waker(&task.waker);
            if let Poll::Ready(()) = task.future.as_mut().poll(&mut cx) {
                self.tasks[id] = None;
            }
        }
    }
}
