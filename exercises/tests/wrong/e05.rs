//! Exercise 5: executors that queue a task twice, run LIFO, clear the flag too late, or whose
//! waker forgets to re-queue.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Waker};
use exercises::checks::e05_executor::Subject;
use exercises::support::probe::{ProbedTask, ReadyQueue};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;

/// Wakes always push (no `queued` flag).
pub const NO_DEDUP: u8 = 1;
/// Last in, first out: run takes the newest id.
pub const LIFO: u8 = 2;
/// Clears `queued` after the poll instead of before.
pub const CLEAR_AFTER_POLL: u8 = 3;
/// The waker does nothing.
pub const FORGETS_TO_REQUEUE: u8 = 4;

struct TaskWaker<const BUG: u8> {
    id: usize,
    queued: AtomicBool,
    queue: ReadyQueue,
}

impl<const BUG: u8> Wake for TaskWaker<BUG> {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if BUG == FORGETS_TO_REQUEUE {
            return;
        }
        if BUG == NO_DEDUP || !self.queued.swap(true, Ordering::SeqCst) {
            self.queue.push_back(self.id);
        }
    }
}

struct Task<const BUG: u8> {
    future: Pin<Box<dyn Future<Output = ()>>>,
    waker: Waker,
    state: Arc<TaskWaker<BUG>>,
}

pub struct Executor<const BUG: u8> {
    queue: ReadyQueue,
    /// Ids taken from the queue and not polled yet.
    batch: VecDeque<usize>,
    tasks: Vec<Option<Task<BUG>>>,
}

impl<const BUG: u8> Executor<BUG> {
    fn pop(&mut self) -> Option<usize> {
        if BUG != LIFO {
            return self.queue.pop_front();
        }
        // LIFO: take everything queued and run the newest first.
        if self.batch.is_empty() {
            while let Some(id) = self.queue.pop_front() {
                self.batch.push_back(id);
            }
        }
        self.batch.pop_back()
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Executor = Executor<BUG>;
    fn new(queue: ReadyQueue) -> Self::Executor {
        Executor {
            queue,
            batch: VecDeque::new(),
            tasks: Vec::new(),
        }
    }
    fn spawn(exec: &mut Self::Executor, task: ProbedTask) -> usize {
        let id = exec.tasks.len();
        let state = Arc::new(TaskWaker::<BUG> {
            id,
            queued: AtomicBool::new(true),
            queue: exec.queue.clone(),
        });
        let waker = Waker::from(state.clone());
        exec.tasks.push(Some(Task {
            future: Box::pin(task),
            waker,
            state,
        }));
        exec.queue.push_back(id);
        id
    }
    fn run(exec: &mut Self::Executor) {
        while let Some(id) = exec.pop() {
            let Some(task) = exec.tasks[id].as_mut() else {
                continue;
            };
            if BUG != CLEAR_AFTER_POLL {
                task.state.queued.store(false, Ordering::SeqCst);
            }
            let mut cx = Context::from_waker(&task.waker);
            let ready = task.future.as_mut().poll(&mut cx).is_ready();
            if BUG == CLEAR_AFTER_POLL {
                task.state.queued.store(false, Ordering::SeqCst);
            }
            if ready {
                exec.tasks[id] = None;
            }
        }
    }
}

impl<const BUG: u8> core::fmt::Debug for Executor<BUG> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Executor")
    }
}
