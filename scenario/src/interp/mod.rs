//! The interpreter: runs a checked [`Program`] on runtime-core and returns its trace.
//!
//! Each task becomes a [`vm::TaskVm`], a real future spawned on a real runtime-core
//! `Runtime`; every `.await` is a real suspension point on a real leaf future. So the trace
//! of a scenario is the trace of the runtime doing its job, not a simulation of it.
//!
//! * `compile.rs`: task bodies to bytecode.
//! * `vm.rs`: the task future.
//! * `leaf.rs`: the runtime-core futures a task awaits.
//! * `scan.rs`: what the runner needs to know before running (which channel ends each task
//!   needs, the tick size, the modelled size of each task's future).

mod compile;
mod leaf;
mod scan;
mod value;
mod vm;

pub use value::Value;

use crate::program::{Budget, Program, Wheel};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use runtime_core::{Config, EventRecord, Geometry, Handle, LabelId, Limits, RunOutcome, Runtime};
use vm::{TaskVm, Usage};

/// Limits that stop a runaway program with a message instead of a hang.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunLimits {
    /// Stop after this many events.
    pub max_events: u64,
    /// Stop when more tasks than this are spawned.
    pub max_tasks: u32,
    /// Stop when virtual time passes this (microseconds).
    pub max_time_us: u64,
    /// Fail a task that goes round loops this many times without really suspending.
    pub max_spins: u32,
}

impl Default for RunLimits {
    fn default() -> Self {
        RunLimits {
            max_events: 2_000_000,
            max_tasks: 10_000,
            max_time_us: 3_600_000_000,
            max_spins: 100_000,
        }
    }
}

/// Settings a user chose in the UI; each replaces the program's `config { }` value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Polls between two turns of the drivers.
    pub event_interval: Option<u32>,
    /// The cooperative budget.
    pub budget: Option<Budget>,
    /// Simulated workers.
    pub workers: Option<u32>,
    /// Whether the LIFO slot is used.
    pub lifo: Option<bool>,
    /// The timer-wheel geometry.
    pub wheel: Option<Wheel>,
}

/// How to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// Where a runaway program is stopped.
    pub limits: RunLimits,
    /// Settings that replace the program's `config { }`.
    pub overrides: Overrides,
    /// Report the variables each task holds when it parks (`locals` events).
    pub record_locals: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            limits: RunLimits::default(),
            overrides: Overrides::default(),
            record_locals: true,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every task finished.
    Finished,
    /// Tasks were left that nothing could wake (each has a `stalled` event with the reason).
    Stalled {
        /// How many tasks were left.
        tasks: u32,
    },
    /// A limit stopped the run; the message names it.
    Limit(String),
    /// A run-time error stopped the run; the message names the line.
    Fault(String),
}

impl Outcome {
    /// The command line's exit status: 0 finished, 3 stalled, 4 stopped by a limit or error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Outcome::Finished => 0,
            Outcome::Stalled { .. } => 3,
            Outcome::Limit(_) | Outcome::Fault(_) => 4,
        }
    }
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The trace.
    pub events: Vec<EventRecord>,
    /// How the run ended.
    pub outcome: Outcome,
    /// The label of each await site, by `AwaitId` (the states of the Pin view).
    pub labels: Vec<LabelId>,
    /// Microseconds per tick of this run (1000 unless the program uses sub-millisecond times).
    pub micros_per_tick: u64,
    /// The settings the run used.
    pub config: Config,
}

/// What every task of a run shares.
pub(crate) struct Shared {
    pub(crate) program: Rc<Program>,
    pub(crate) code: Vec<Rc<compile::Code>>,
    pub(crate) usage: Vec<Usage>,
    pub(crate) sizes: Vec<u32>,
    pub(crate) handle: Handle,
    pub(crate) labels: Vec<LabelId>,
    pub(crate) sockets: Vec<runtime_core::io::Socket>,
    pub(crate) micros_per_tick: u64,
    pub(crate) max_spins: u32,
    pub(crate) record_locals: bool,
    pub(crate) fault: RefCell<Option<String>>,
    /// A buffer for the text of `locals` events, reused from one to the next.
    pub(crate) text: RefCell<String>,
}

/// The runtime settings for `program` with `overrides` applied.
pub fn config_for(program: &Program, options: &RunOptions) -> Config {
    let mut config = Config::default();
    let c = &program.config;
    let o = &options.overrides;
    let micros_per_tick = scan::micros_per_tick(program);
    if let Some(v) = o.event_interval.or(c.event_interval) {
        config.event_interval = v.max(1);
    }
    match o.budget.or(c.budget) {
        Some(Budget::Off) => config.budget = None,
        Some(Budget::Units(n)) => config.budget = Some(n.max(1)),
        None => {}
    }
    if let Some(w) = o.workers.or(c.workers) {
        config.workers = u8::try_from(w.clamp(1, 64)).unwrap_or(1);
    }
    if let Some(l) = o.lifo.or(c.lifo) {
        config.lifo_slot = l;
    }
    if let Some(w) = o.wheel.or(c.wheel) {
        config.wheel = match w {
            Wheel::Tokio => Geometry::TOKIO,
            Wheel::Small => Geometry::SMALL,
        };
    }
    if let Some(lp) = c.long_poll {
        config.long_poll = lp.div_ceil(micros_per_tick).max(1);
    } else {
        config.long_poll = 10_000u64.div_ceil(micros_per_tick);
    }
    config.micros_per_tick = u32::try_from(micros_per_tick).unwrap_or(1000);
    config.limits = Limits {
        max_events: options.limits.max_events,
        max_tasks: options.limits.max_tasks,
        max_time: options.limits.max_time_us / micros_per_tick,
    };
    config
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
    let mut senders = Vec::new();
    let mut receivers = Vec::new();
    for c in &program.channels {
        let (tx, rx) = handle.channel::<Value>(&c.name, c.capacity as usize);
        senders.push(Some(tx));
        receivers.push(Some(rx));
    }
    let mut os_senders = Vec::new();
    let mut os_receivers = Vec::new();
    for o in &program.oneshots {
        let (tx, rx) = handle.channel::<Value>(&o.name, 1);
        os_senders.push(Some(tx));
        os_receivers.push(Some(rx));
    }
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
    let shared = Rc::new(Shared {
        program: Rc::new(program.clone()),
        code: program
            .tasks
            .iter()
            .map(|t| Rc::new(compile::compile(&t.body)))
            .collect(),
        usage: scan::usage(program),
        sizes: scan::sizes(program),
        handle: handle.clone(),
        labels: labels.clone(),
        sockets,
        micros_per_tick,
        max_spins: options.limits.max_spins.max(1),
        record_locals: options.record_locals,
        fault: RefCell::new(None),
        text: RefCell::new(String::new()),
    });
    let ends = (senders, receivers, os_senders, os_receivers);
    for (i, task) in program.tasks.iter().enumerate() {
        if task.lazy {
            continue;
        }
        let id = crate::program::TaskId(i as u32);
        let vm = TaskVm::new(shared.clone(), id, &ends);
        let start = task.start.div_ceil(micros_per_tick);
        if start == 0 {
            handle.spawn_labeled(&task.name, vm);
        } else {
            handle.spawn_labeled_at(&task.name, start, vm);
        }
    }
    // The runner's own channel ends go: from now on only tasks hold them, which is what
    // closes a channel once no task that can still run sends on it.
    drop(ends);

    let outcome = rt.run();
    let fault = shared.fault.borrow_mut().take();
    let outcome = match (outcome, fault) {
        (_, Some(message)) => Outcome::Fault(message),
        (RunOutcome::Finished, None) => Outcome::Finished,
        (RunOutcome::Stalled { tasks }, None) => Outcome::Stalled { tasks },
        (RunOutcome::Limit(limit), None) => Outcome::Limit(limit_message(limit, &options.limits)),
        (RunOutcome::Faulted, None) => Outcome::Fault(String::from("the program failed")),
    };
    let events = rt.take_trace().events;
    drop(rt);
    drop(shared);
    RunResult {
        events,
        outcome,
        labels,
        micros_per_tick,
        config,
    }
}

fn limit_message(limit: runtime_core::trace::Limit, limits: &RunLimits) -> String {
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
