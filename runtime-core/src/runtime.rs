//! `Runtime`: owns the tasks, runs them, and hands out the trace.

use crate::config::{Config, ConfigError};
use crate::handle::Handle;
use crate::ids::Tick;
use crate::remote::Inbox;
use crate::scheduler::{Core, RunOutcome, Shared};
use crate::trace::{EventRecord, TraceBuffer};
use crate::waker;
use alloc::rc::Rc;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::future::Future;
use core::sync::atomic::{AtomicU32, Ordering};

/// Runtime ids start at 1 (0 means "no runtime" for wakers).
static NEXT_RUNTIME: AtomicU32 = AtomicU32::new(1);

/// The mini runtime. Single-threaded and deterministic: the same program and settings give the
/// same trace, byte for byte, natively and in wasm32.
#[derive(Debug)]
pub struct Runtime {
    handle: Handle,
}

/// The events of a run, and how many were not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The kept events, in order.
    pub events: Vec<EventRecord>,
    /// Events dropped because the recorder was full.
    pub dropped: u64,
}

impl Runtime {
    /// A runtime with these settings.
    pub fn new(config: Config) -> Result<Runtime, ConfigError> {
        Runtime::with_trace_buffer(config, TraceBuffer::new())
    }

    /// A runtime with these settings that records its trace into `buffer`'s memory (whatever
    /// `buffer` holds is dropped first). A program run again and again can hand each run the
    /// buffer of the one before ([`Runtime::into_trace_buffer`]) instead of allocating, and
    /// natively page-faulting, fresh memory for every event. The trace is the same either way.
    pub fn with_trace_buffer(config: Config, buffer: TraceBuffer) -> Result<Runtime, ConfigError> {
        config.validate()?;
        let inbox = Arc::new(Inbox::default());
        let id = NEXT_RUNTIME.fetch_add(1, Ordering::Relaxed);
        let shared = Shared {
            id,
            inbox: inbox.clone(),
            core: RefCell::new(Core::new(config, inbox, buffer)),
        };
        Ok(Runtime {
            handle: Handle {
                shared: Rc::new(shared),
            },
        })
    }

    /// The handle to give futures.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Spawns a task (see [`Handle::spawn`]).
    pub fn spawn<F>(&self, name: &str, future: F) -> crate::JoinHandle<F::Output>
    where
        F: Future + 'static,
    {
        self.handle.spawn(name, future)
    }

    /// Runs until every task has finished, the run stalls, or a limit stops it. Running again
    /// after new work was added (a spawn, a wake from outside) continues from where it was.
    pub fn run(&mut self) -> RunOutcome {
        self.handle.shared.core.borrow_mut().ended = None;
        self.handle.shared.run()
    }

    /// Makes one scheduling decision (one poll or one driver turn). Returns the outcome once
    /// the run has ended.
    pub fn step(&mut self) -> Option<RunOutcome> {
        let _enter = waker::enter(&self.handle.shared);
        self.handle.shared.step()
    }

    /// Spawns `future` as the task `main` and runs until the run ends; returns its output, or
    /// how the run ended if `main` did not complete.
    pub fn block_on<F>(&mut self, future: F) -> Result<F::Output, RunOutcome>
    where
        F: Future + 'static,
    {
        let mut join = core::pin::pin!(self.handle.spawn("main", future));
        let outcome = self.run();
        // The join handle is polled directly with a no-op waker: the task has finished or not.
        let waker = noop_waker();
        let mut cx = core::task::Context::from_waker(&waker);
        match join.as_mut().poll(&mut cx) {
            core::task::Poll::Ready(Ok(v)) => Ok(v),
            _ => Err(outcome),
        }
    }

    /// Virtual time now.
    pub fn now(&self) -> Tick {
        self.handle.now()
    }

    /// The events recorded so far.
    pub fn events(&self) -> Vec<EventRecord> {
        self.handle.shared.core.borrow().trace.events()
    }

    /// Takes the events recorded so far (later events keep counting from where they were).
    pub fn take_trace(&mut self) -> Trace {
        let mut core = self.handle.shared.core.borrow_mut();
        Trace {
            dropped: core.trace.dropped(),
            events: core.trace.take(),
        }
    }

    /// Ends the runtime as dropping it does (its tasks' futures are dropped, and what their
    /// destructors do is recorded), then drops the trace and hands back its memory, empty, for
    /// [`Runtime::with_trace_buffer`]. The trace is not decoded on the way.
    pub fn into_trace_buffer(mut self) -> TraceBuffer {
        self.teardown();
        self.handle.shared.core.borrow_mut().trace.recycle()
    }

    /// How many events were recorded (kept or not).
    pub fn event_count(&self) -> u64 {
        self.handle.shared.core.borrow().trace.total()
    }
}

/// The runtime's real queues and task states, for tests that check a replay against it.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspect {
    /// Per worker: local queue (front first) and LIFO slot.
    pub workers: Vec<(Vec<crate::TaskId>, Option<crate::TaskId>)>,
    pub inject: Vec<crate::TaskId>,
    pub states: Vec<crate::TaskState>,
    pub now: Tick,
    /// Per blocking-pool thread: the task it runs (a blocking task, or one blocking in place).
    pub pool: Vec<Option<crate::TaskId>>,
    /// Blocking tasks waiting for a pool thread, front first.
    pub pool_queue: Vec<crate::TaskId>,
}

impl Runtime {
    /// See [`Inspect`].
    #[doc(hidden)]
    pub fn inspect(&self) -> Inspect {
        let core = self.handle.shared.core.borrow();
        Inspect {
            workers: core
                .workers
                .iter()
                .map(|w| {
                    (
                        w.local.iter().map(|e| e.task).collect(),
                        w.lifo.map(|e| e.task),
                    )
                })
                .collect(),
            inject: core.inject.iter().map(|e| e.task).collect(),
            states: core.tasks.iter().map(|t| t.state).collect(),
            now: core.clock,
            pool: core.pool.threads.iter().map(|t| t.task()).collect(),
            pool_queue: core.pool.queue.iter().copied().collect(),
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.teardown();
    }
}

impl Runtime {
    fn teardown(&mut self) {
        // Futures hold handles to the runtime (an Rc cycle); dropping them breaks it. They are
        // taken out under the borrow and dropped outside it, with the runtime entered, since
        // their destructors call back in (cancel timers, drop wakers).
        let _enter = waker::enter(&self.handle.shared);
        let futures: Vec<_> = {
            let mut core = self.handle.shared.core.borrow_mut();
            core.tasks
                .iter_mut()
                .filter_map(|t| t.future.take())
                .collect()
        };
        drop(futures);
        let leftovers = self.handle.shared.core.borrow_mut().take_wakers();
        for waker in leftovers {
            self.handle.shared.drop_timer_waker(waker);
        }
    }
}

/// A waker that does nothing (used to peek at a finished `JoinHandle`).
fn noop_waker() -> core::task::Waker {
    core::task::Waker::noop().clone()
}
