//! The interpreter: runs a checked [`Program`] on runtime-core and returns its trace.
//!
//! Each task becomes a [`TaskVm`], a real future spawned on a real runtime-core `Runtime`;
//! every `.await` is a real suspension point on a real leaf future. So the trace of a scenario
//! is the trace of the runtime doing its job, not a simulation of it.
//!
//! * `compile.rs`: task bodies to bytecode.
//! * `vm.rs`: the task future, generic over the runtime it runs on.
//! * `host.rs`: what the task future needs from a runtime ([`Host`]).
//! * `lab.rs`: runtime-core as a host, and the run that gives the lab its trace.
//! * `leaf.rs`: the runtime-core futures a task awaits, and `join`'s combinator.
//! * `kept.rs`: a future kept in a variable across `select` rounds, and `&mut f`.
//! * `scan.rs`: what the runner needs to know before running (which channel ends each task
//!   needs, the tick size, the modelled size of each task's future).
//!
//! [`Instance`] is a program ready to run on any host: the differential test against Tokio
//! (the `vs-tokio` crate) runs the same compiled tasks on Tokio's runtime.

mod compile;
mod host;
mod kept;
mod lab;
mod leaf;
mod scan;
mod value;
mod vm;

pub use host::{AlreadySent, Host};
pub use kept::{ByRef, Kept};
pub use lab::{BLOCKING_TASK, Lab, limit_message, run};
pub use leaf::{JoinAll, Leaf};
pub use value::{JoinRef, Value};
pub use vm::TaskVm;

use crate::program::{Budget, Program, Wheel};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use runtime_core::{Config, EventRecord, Geometry, LabelId, Limits};
use vm::Usage;

/// Limits that stop a runaway program with a message instead of a hang.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    /// Polls between two turns of the drivers.
    pub event_interval: Option<u32>,
    /// Ticks between two looks at the inject queue first.
    pub global_queue_interval: Option<u32>,
    /// The cooperative budget.
    pub budget: Option<Budget>,
    /// Simulated workers.
    pub workers: Option<u32>,
    /// Whether the LIFO slot is used.
    pub lifo: Option<bool>,
    /// The timer-wheel geometry.
    pub wheel: Option<Wheel>,
    /// The seed of the random draws.
    pub seed: Option<u32>,
}

/// How to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
pub(crate) struct Shared<H: Host> {
    pub(crate) program: Rc<Program>,
    pub(crate) code: Vec<Rc<compile::Code>>,
    pub(crate) usage: Vec<Usage>,
    pub(crate) sizes: Vec<u32>,
    pub(crate) host: H,
    /// The label of each await site (runtime-core's; empty on other hosts).
    pub(crate) labels: Vec<LabelId>,
    pub(crate) micros_per_tick: u64,
    pub(crate) max_spins: u32,
    pub(crate) record_locals: bool,
    pub(crate) fault: RefCell<Option<String>>,
    /// A buffer for the text of `locals` events, reused from one to the next.
    pub(crate) text: RefCell<String>,
    /// The `JoinHandle`s of the run (a handle value names its entry).
    pub(crate) joins: RefCell<Vec<vm::JoinEntry<H>>>,
}

/// The channel ends the runner holds before the tasks start: each task takes clones of those
/// it (or a task it may spawn) uses.
pub(crate) struct Ends<H: Host> {
    pub(crate) senders: Vec<Option<H::Sender>>,
    pub(crate) receivers: Vec<Option<H::Receiver>>,
    pub(crate) oneshot_senders: Vec<Option<H::Sender>>,
    pub(crate) oneshot_receivers: Vec<Option<H::Receiver>>,
}

/// The channel ends the runner made, to drop once the tasks are spawned.
pub struct RunnerEnds<H: Host>(#[allow(dead_code)] Ends<H>);

impl<H: Host> core::fmt::Debug for RunnerEnds<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RunnerEnds")
    }
}

/// A task that starts on its own: its name, its start time in ticks, and its future.
#[derive(Debug)]
pub struct Start<H: Host> {
    /// The task's name.
    pub name: String,
    /// When it starts, in ticks (0 for a task without `@ TIME`).
    pub at: u64,
    /// Its future.
    pub task: TaskVm<H>,
}

/// A program compiled to run on host `H`.
pub struct Instance<H: Host> {
    shared: Rc<Shared<H>>,
}

impl<H: Host> core::fmt::Debug for Instance<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Instance").finish_non_exhaustive()
    }
}

impl<H: Host> Instance<H> {
    /// Compiles `program` to run on `host`. `labels` are the await sites' labels, by
    /// `AwaitId` (runtime-core's; empty for another host).
    pub fn new(program: &Program, host: H, options: &RunOptions, labels: Vec<LabelId>) -> Self {
        let shared = Rc::new(Shared {
            program: Rc::new(program.clone()),
            code: program
                .tasks
                .iter()
                .map(|t| Rc::new(compile::compile(&t.body)))
                .collect(),
            usage: scan::usage(program),
            sizes: scan::sizes(program),
            host,
            labels,
            micros_per_tick: scan::micros_per_tick(program),
            max_spins: options.limits.max_spins.max(1),
            record_locals: options.record_locals,
            fault: RefCell::new(None),
            text: RefCell::new(String::new()),
            joins: RefCell::new(Vec::new()),
        });
        Instance { shared }
    }

    /// The host the program runs on.
    pub fn host(&self) -> &H {
        &self.shared.host
    }

    /// The tasks that start on their own, in declaration order, each with the ends of the
    /// channels it uses. `channels` and `oneshots` are the ends the caller made for the
    /// program's channels and oneshots (by index); they are dropped here, so from then on only
    /// tasks hold them, which is what closes a channel once no task that can still run sends
    /// on it.
    ///
    /// The caller's own ends are returned with the tasks: drop them once the tasks are
    /// spawned (before, a channel no task sends on would close before anything ran).
    pub fn start(
        &self,
        channels: Vec<(H::Sender, H::Receiver)>,
        oneshots: Vec<(H::Sender, H::Receiver)>,
    ) -> (Vec<Start<H>>, RunnerEnds<H>) {
        let (senders, receivers) = channels
            .into_iter()
            .map(|(t, r)| (Some(t), Some(r)))
            .unzip();
        let (oneshot_senders, oneshot_receivers) = oneshots
            .into_iter()
            .map(|(t, r)| (Some(t), Some(r)))
            .unzip();
        let ends = Ends {
            senders,
            receivers,
            oneshot_senders,
            oneshot_receivers,
        };
        let program = &self.shared.program;
        let micros_per_tick = self.shared.micros_per_tick;
        let tasks = program
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.lazy)
            .map(|(i, t)| Start {
                name: t.name.clone(),
                at: t.start.div_ceil(micros_per_tick),
                task: TaskVm::new(self.shared.clone(), crate::program::TaskId(i as u32), &ends),
            })
            .collect();
        (tasks, RunnerEnds(ends))
    }

    /// The run-time error that stopped the run, if one did.
    pub fn fault(&self) -> Option<String> {
        self.shared.fault.borrow().clone()
    }

    /// Microseconds per tick of this program.
    pub fn micros_per_tick(&self) -> u64 {
        self.shared.micros_per_tick
    }
}

/// The runtime settings for `program` with `overrides` applied: Tokio's defaults for the
/// flavour the worker count models (`Config::with_workers`), then the program's `config { }`,
/// then the overrides.
pub fn config_for(program: &Program, options: &RunOptions) -> Config {
    let c = &program.config;
    let o = &options.overrides;
    let workers = o.workers.or(c.workers).map_or(1, |w| w.clamp(1, 64));
    let mut config = Config::with_workers(u8::try_from(workers).unwrap_or(1));
    let micros_per_tick = scan::micros_per_tick(program);
    if let Some(v) = o.event_interval.or(c.event_interval) {
        config.event_interval = v.max(1);
    }
    if let Some(v) = o.global_queue_interval.or(c.global_queue_interval) {
        config.global_queue_interval = v.max(1);
    }
    match o.budget.or(c.budget) {
        Some(Budget::Off) => config.budget = None,
        Some(Budget::Units(n)) => config.budget = Some(n.max(1)),
        None => {}
    }
    if let Some(l) = o.lifo.or(c.lifo) {
        config.lifo_slot = l;
    }
    if let Some(seed) = o.seed.or(c.seed) {
        config.seed = seed;
    }
    if let Some(w) = o.wheel.or(c.wheel) {
        config.wheel = match w {
            Wheel::Tokio => Geometry::TOKIO,
            Wheel::Small => Geometry::SMALL,
        };
    }
    if let Some(n) = c.max_blocking_threads {
        config.max_blocking_threads = n.max(1);
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
