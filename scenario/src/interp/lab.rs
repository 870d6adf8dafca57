//! runtime-core as the interpreter's [`Host`], and the run that gives the lab its trace.

use super::host::{AlreadySent, Host};
use super::kept::ByRef;
use super::leaf::{JoinAll, Leaf};
use super::value::Value;
use super::vm::TaskVm;
use super::{Instance, Outcome, RunLimits, RunOptions, RunResult, config_for, scan};
use crate::program::Program;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use runtime_core::sync::mpsc::{Receiver, Sender};
use runtime_core::{Config, Handle, JoinHandle, LabelId, RunOutcome, Runtime, TaskId};

/// runtime-core, as a scenario sees it: its handle and the program's sockets.
#[derive(Debug)]
pub struct Lab {
    handle: Handle,
    sockets: Vec<runtime_core::io::Socket>,
    /// Which oneshots have been sent.
    oneshots_sent: core::cell::RefCell<Vec<bool>>,
}

impl Host for Lab {
    type Sender = Sender<Value>;
    type Receiver = Receiver<Value>;
    type Join = JoinHandle<()>;
    type Abort = TaskId;
    type Leaf = Leaf;

    fn sleep(&self, ticks: u64) -> Leaf {
        Leaf::Sleep(self.handle.sleep(ticks))
    }

    fn yield_now(&self) -> Leaf {
        Leaf::Yield(self.handle.yield_now())
    }

    fn pending(&self) -> Leaf {
        Leaf::Pending(self.handle.pending())
    }

    fn lost_wake(&self) -> Leaf {
        Leaf::LostWake(self.handle.lost_wake())
    }

    fn no_yield(&self) -> Leaf {
        Leaf::NoYield(self.handle.no_yield())
    }

    fn timeout(&self, ticks: u64, inner: Leaf) -> Leaf {
        Leaf::Timeout(alloc::boxed::Box::new(self.handle.timeout(ticks, inner)))
    }

    fn send(&self, tx: &Sender<Value>, value: Value, channel: &str, line: u32) -> Leaf {
        Leaf::Send(tx.send(value), String::from(channel), line)
    }

    fn recv(&self, rx: &Receiver<Value>) -> Leaf {
        Leaf::Recv(rx.recv())
    }

    fn read(&self, socket: usize) -> Leaf {
        Leaf::Read(self.sockets[socket].read())
    }

    fn join(&self, join: JoinHandle<()>) -> Leaf {
        Leaf::Join(join)
    }

    fn join_all(&self, futures: Vec<Leaf>) -> Leaf {
        Leaf::JoinAll(alloc::boxed::Box::new(JoinAll::new(futures)))
    }

    fn lend(&self, kept: ByRef<Leaf>) -> Leaf {
        Leaf::Lent(kept)
    }

    fn oneshot_send(
        &self,
        oneshot: usize,
        tx: &Sender<Value>,
        value: Value,
    ) -> Result<(), AlreadySent> {
        if core::mem::replace(&mut self.oneshots_sent.borrow_mut()[oneshot], true) {
            return Err(AlreadySent);
        }
        // A full channel cannot happen (sent once, capacity 1); a closed one (nobody can
        // receive) drops the value.
        let _ = tx.try_send(value);
        Ok(())
    }

    fn spawn(&self, name: &str, task: TaskVm<Self>) -> Option<(u32, JoinHandle<()>, TaskId)> {
        let join = self.handle.try_spawn_labeled(name, task).ok()?;
        let id = join.id();
        Some((id.0, join, id))
    }

    fn abort(&self, task: &TaskId) {
        self.handle.abort(*task);
    }

    fn work(&self, ticks: u64) {
        self.handle.work(ticks);
    }

    fn now(&self) -> u64 {
        self.handle.now()
    }

    fn print(&self, text: String) {
        self.handle.print(text);
    }

    fn poll_budget(&self, cx: &mut core::task::Context<'_>) -> core::task::Poll<()> {
        self.handle.poll_budget(cx)
    }

    fn random_below(&self, n: u32) -> u32 {
        self.handle.random_below(n)
    }

    fn record_locals(&self, text: &str) {
        self.handle.record_locals(text);
    }

    fn record_fault(&self, message: String) {
        self.handle.record_fault(message);
    }
}

/// Runs `program` and returns its trace and how it ended. Never panics on any checked program.
pub fn run(program: &Program, options: &RunOptions) -> RunResult {
    let config = config_for(program, options);
    let micros_per_tick = u64::from(config.micros_per_tick);
    let mut rt = Runtime::new(config.clone()).unwrap_or_else(|_| {
        Runtime::new(Config::default()).expect("the default configuration is valid")
    });
    let handle = rt.handle().clone();

    let labels: Vec<LabelId> = program
        .await_sites
        .iter()
        .map(|s| handle.label(format!("{} @{}:{}", s.label, s.span.line, s.span.col)))
        .collect();
    let channels = program
        .channels
        .iter()
        .map(|c| handle.channel::<Value>(&c.name, c.capacity as usize))
        .collect();
    let oneshots = program
        .oneshots
        .iter()
        .map(|o| handle.channel::<Value>(&o.name, 1))
        .collect();
    let sockets = program
        .sockets
        .iter()
        .map(|s| {
            let arrivals = s
                .chunks
                .iter()
                .map(|(us, data)| (us.div_ceil(micros_per_tick), data.clone()))
                .collect();
            handle.socket(&s.name, arrivals)
        })
        .collect();
    debug_assert_eq!(scan::micros_per_tick(program), micros_per_tick);
    let lab = Lab {
        handle: handle.clone(),
        sockets,
        oneshots_sent: core::cell::RefCell::new(alloc::vec![false; program.oneshots.len()]),
    };
    let instance = Instance::new(program, lab, options, labels.clone());
    let (tasks, ends) = instance.start(channels, oneshots);
    for start in tasks {
        // Past the task limit the run has stopped (the trace says so): the rest are not spawned.
        let spawned = if start.at == 0 {
            handle.try_spawn_labeled(&start.name, start.task)
        } else {
            handle.try_spawn_labeled_at(&start.name, start.at, start.task)
        };
        if spawned.is_err() {
            break;
        }
    }
    // From now on only tasks hold channel ends.
    drop(ends);

    let outcome = rt.run();
    let outcome = match (outcome, instance.fault()) {
        (_, Some(message)) => Outcome::Fault(message),
        (RunOutcome::Finished, None) => Outcome::Finished,
        (RunOutcome::Stalled { tasks }, None) => Outcome::Stalled { tasks },
        (RunOutcome::Limit(limit), None) => Outcome::Limit(limit_message(limit, &options.limits)),
        (RunOutcome::Faulted, None) => Outcome::Fault(String::from("the program failed")),
    };
    let events = rt.take_trace().events;
    drop(rt);
    drop(instance);
    RunResult {
        events,
        outcome,
        labels,
        micros_per_tick,
        config,
    }
}

/// The message for a run stopped by `limit`.
pub fn limit_message(limit: runtime_core::trace::Limit, limits: &RunLimits) -> String {
    use runtime_core::trace::Limit;
    match limit {
        Limit::Events => format!(
            "stopped after {} events (limit: maximum number of events): the program does not \
             end by itself (a loop that keeps yielding or sleeping?)",
            limits.max_events
        ),
        Limit::Tasks => format!(
            "stopped: more than {} tasks were spawned (limit: maximum number of tasks)",
            limits.max_tasks
        ),
        Limit::Time => format!(
            "stopped: virtual time passed {} s (limit: maximum virtual time)",
            limits.max_time_us / 1_000_000
        ),
    }
}
