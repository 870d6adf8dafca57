//! # vs-tokio: the lab's runtime, checked against Tokio's
//!
//! The lab teaches Tokio's runtime, so what runtime-core does must be what Tokio does. This
//! crate runs a scenario program twice, the same compiled tasks each time: on runtime-core (the
//! lab's run, read from its trace) and on Tokio 1.54's `current_thread` runtime with a paused
//! clock ([`host`]), and compares, for each task, every poll with its virtual time, every
//! print, and how it ended ([`observe`]).
//!
//! Where the lab is knowingly not Tokio, the difference is [`Named`] (and listed, with its
//! reason, in LANGUAGE.md's "Where the lab differs from Tokio"): a program that uses such a
//! feature is either not run on Tokio at all ([`Verdict::Excluded`]) or, if the runs differ,
//! the difference is put down to it ([`Verdict::Named`]). Any other disagreement is a bug in
//! the lab's model ([`Verdict::Differ`]), and the tests fail on it.
//!
//! Native only: Tokio needs threads and a clock that wasm32 does not have.

#![cfg(not(target_arch = "wasm32"))]
pub mod host;
pub mod observe;

use host::{Receiver, Sender, Tokio};
use observe::first_difference;
pub use observe::{End, Observed};
use scenario::Program;
use scenario::interp::{Instance, Outcome, RunOptions, config_for};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// A difference between the lab and Tokio 1.54 that the lab has on purpose, with its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Named {
    /// `workers` above 1.
    SeveralWorkers,
    /// `lifo: on` with one worker.
    LifoWithOneWorker,
    /// A budget other than 128 or `off`.
    BudgetSize,
    /// Durations below a millisecond.
    SubMillisecond,
    /// Reading a socket.
    Sockets,
    /// Two tasks receiving from one channel.
    SharedReceiver,
    /// A oneshot received from twice.
    OneshotTwice,
    /// `spawn_blocking`: a pool thread's work in virtual time.
    BlockingPool,
}

impl Named {
    /// Every named difference.
    pub const ALL: [Named; 8] = [
        Named::SeveralWorkers,
        Named::LifoWithOneWorker,
        Named::BudgetSize,
        Named::SubMillisecond,
        Named::Sockets,
        Named::SharedReceiver,
        Named::OneshotTwice,
        Named::BlockingPool,
    ];

    /// The difference, as LANGUAGE.md's list names it (each entry starts with these words).
    pub fn title(self) -> &'static str {
        match self {
            Named::SeveralWorkers => "Several workers",
            Named::LifoWithOneWorker => "The LIFO slot with one worker",
            Named::BudgetSize => "A budget other than 128",
            Named::SubMillisecond => "Durations below a millisecond",
            Named::Sockets => "Sockets",
            Named::SharedReceiver => "Several tasks receiving from one channel",
            Named::OneshotTwice => "Receiving from a oneshot twice",
            Named::BlockingPool => "Blocking work on a paused clock",
        }
    }

    /// Why the lab differs, in a line.
    pub fn reason(self) -> &'static str {
        match self {
            Named::SeveralWorkers => {
                "Tokio's multi_thread runtime cannot pause time and is not deterministic, so \
                 it is compared on what must hold, not step by step"
            }
            Named::LifoWithOneWorker => {
                "models multi_thread with one worker thread, which cannot pause time either"
            }
            Named::BudgetSize => "Tokio's budget is 128 (or off, with coop::unconstrained)",
            Named::SubMillisecond => "Tokio's timer counts whole milliseconds",
            Named::Sockets => {
                "the lab's sockets deliver scripted data at virtual times through a simulated \
                 reactor; Tokio's I/O driver needs real sockets and real time"
            }
            Named::SharedReceiver => {
                "the lab's channels let several tasks wait to receive; Tokio's mpsc has one \
                 receiver"
            }
            Named::OneshotTwice => {
                "a Tokio oneshot::Receiver is consumed by its first await; the lab's oneshot \
                 can be awaited again (and waits for the close)"
            }
            Named::BlockingPool => {
                "the lab's pool threads work in virtual time beside the workers; on Tokio's \
                 paused clock a blocking task's work can only be a move of the clock by its \
                 pool thread, which races the worker, and the clock does not move on its own \
                 while a blocking task is in flight"
            }
        }
    }

    /// The named difference a runtime problem the Tokio host met stands for.
    fn from_unsupported(why: &str) -> Option<Named> {
        if why.contains("socket") {
            Some(Named::Sockets)
        } else if why.contains("one receiver") || why.contains("two tasks") {
            Some(Named::SharedReceiver)
        } else if why.contains("spawn_blocking") {
            Some(Named::BlockingPool)
        } else if why.contains("oneshot") {
            Some(Named::OneshotTwice)
        } else {
            None
        }
    }
}

/// How a program's two runs compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The same polls at the same times, the same prints, the same endings.
    Agree {
        /// Polls compared.
        polls: usize,
    },
    /// Not run on Tokio: it uses something with no exact Tokio twin.
    Excluded(Named),
    /// The lab stopped the program (a limit), so there is no whole run to compare.
    Stopped(String),
    /// The runs differ, and the program uses a named difference that explains it.
    Named(Named, String),
    /// The runs differ for no named reason: the lab's model is wrong here.
    Differ(String),
}

/// Why `program` is not run on Tokio at all, if it is not.
pub fn excluded(program: &Program, options: &RunOptions) -> Option<Named> {
    let config = config_for(program, options);
    if config.workers > 1 {
        Some(Named::SeveralWorkers)
    } else if config.lifo_slot {
        Some(Named::LifoWithOneWorker)
    } else if config.budget.is_some_and(|b| b != 128) {
        Some(Named::BudgetSize)
    } else if config.micros_per_tick < 1000 {
        Some(Named::SubMillisecond)
    } else {
        None
    }
}

/// Runs `program` on both runtimes and compares.
pub fn compare(program: &Program, options: &RunOptions) -> Verdict {
    if let Some(named) = excluded(program, options) {
        return Verdict::Excluded(named);
    }
    let lab_run = scenario::run(program, options);
    if let Outcome::Limit(message) = &lab_run.outcome {
        return Verdict::Stopped(message.clone());
    }
    // A limit that did not end the run (spawning refused past the task limit, before a
    // run-time error ended it) stopped the program all the same.
    if let Some(limit) = lab_run.events.iter().find_map(|r| match r.event {
        runtime_core::Event::LimitReached { limit, .. } => Some(limit),
        _ => None,
    }) {
        return Verdict::Stopped(format!("the {limit} stopped it"));
    }
    let lab = Observed::from_trace(&lab_run.events);
    let (tokio, unsupported) = run_tokio(program, options, lab.polls.len() as u64 + 1);
    match first_difference(&lab, &tokio) {
        None => Verdict::Agree {
            polls: lab.polls.len(),
        },
        Some(difference) => match unsupported.as_deref().and_then(Named::from_unsupported) {
            Some(named) => Verdict::Named(named, difference),
            None => Verdict::Differ(difference),
        },
    }
}

/// Runs `program` on Tokio's `current_thread` runtime with a paused clock and returns what it
/// did, and what it did that Tokio cannot model (if anything). The run is cut off after
/// `max_polls` polls.
pub fn run_tokio(
    program: &Program,
    options: &RunOptions,
    max_polls: u64,
) -> (Observed, Option<String>) {
    let config = config_for(program, options);
    let micros_per_tick = u64::from(config.micros_per_tick);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .event_interval(config.event_interval)
        .global_queue_interval(config.global_queue_interval)
        .max_blocking_threads(config.max_blocking_threads as usize)
        .build()
        .expect("a current_thread runtime");
    let ticks = move |t: u64| Duration::from_micros(t * micros_per_tick);
    let end_of_time = options.limits.max_time_us / micros_per_tick + 1;
    let record = runtime.block_on(async {
        let host = Tokio::new(
            micros_per_tick,
            config.seed,
            config.budget.is_none(),
            program.channels.len() + program.oneshots.len(),
            max_polls,
        );
        let base = tokio::time::Instant::now();
        let record = host.record.clone();
        let channels = program
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (tx, rx) = tokio::sync::mpsc::channel(c.capacity as usize);
                (
                    Sender::Mpsc(tx),
                    Receiver::Mpsc(i, Rc::new(RefCell::new(rx))),
                )
            })
            .collect();
        let oneshots = (0..program.oneshots.len())
            .map(|i| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                (
                    Sender::Oneshot(Rc::new(RefCell::new(Some(tx)))),
                    Receiver::Oneshot(program.channels.len() + i, Rc::new(RefCell::new(Some(rx)))),
                )
            })
            .collect();
        let instance = Instance::new(program, host, options, Vec::new());
        let (starts, ends) = instance.start(channels, oneshots);
        // Numbered in declaration order, as the lab creates them; those without `@ TIME`
        // are spawned now, in that order, by `block_on`'s future, as `main` would.
        let mut later = Vec::new();
        for start in starts {
            let id = instance.host().number();
            if start.at == 0 {
                instance.host().spawn_numbered(id, &start.name, start.task);
            } else {
                later.push((start.at, id, start));
            }
        }
        drop(ends);
        // A task `@ TIME` is spawned by `main` once its own sleep until that time is over.
        later.sort_by_key(|(at, id, _)| (*at, *id));
        for (at, id, start) in later {
            tokio::time::sleep_until(base + ticks(at)).await;
            instance.host().spawn_numbered(id, &start.name, start.task);
        }
        // With nothing left to do, the paused clock jumps to this timer: the run is over.
        tokio::time::sleep_until(base + ticks(end_of_time)).await;
        instance.host().shut_down();
        (record, instance.host().pool.clone())
    });
    let (record, pool) = record;
    drop(runtime);
    let (mut seen, unsupported) = Rc::try_unwrap(record).map_or_else(
        |shared| {
            let r = shared.borrow();
            (r.seen.clone(), r.unsupported.clone())
        },
        |cell| {
            let r = cell.into_inner();
            (r.seen, r.unsupported)
        },
    );
    let pool = std::mem::take(
        &mut *pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    merge_pool(&mut seen, pool);
    (seen, unsupported)
}

/// Adds what Tokio's blocking-pool threads saw to the run: their prints among the others by
/// time (before the worker's prints of the same time, as the lab's pool acts first at a time),
/// and when each blocking task ended. A program stopped by a fault shows nothing after it.
fn merge_pool(seen: &mut Observed, pool: host::PoolRecord) {
    if seen.fault {
        return;
    }
    for (at, task, text) in pool.prints {
        let i = seen.prints.partition_point(|p| p.0 < at);
        seen.prints.insert(i, (at, task, text));
    }
    for (task, at) in pool.ends {
        seen.ends.insert(task, (End::Completed, at));
    }
}

/// The limits generated programs are run with, in the lab and on Tokio (the differential
/// test's and the command line's `--generated`): small enough that 10,000 programs take
/// seconds, large enough that most finish.
pub fn generated_options() -> RunOptions {
    RunOptions {
        limits: scenario::interp::RunLimits {
            max_events: 20_000,
            max_tasks: 200,
            max_time_us: 10_000_000,
            max_spins: 2_000,
        },
        ..RunOptions::default()
    }
}
