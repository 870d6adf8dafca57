//! Runtime settings: the knobs the UI exposes, with Tokio's defaults where Tokio has one.
//!
//! One worker models Tokio's `current_thread` runtime; several workers (or one worker with the
//! LIFO slot) model its `multi_thread` runtime (see [`Config::multi_thread`]). The defaults
//! are Tokio 1.54's for the flavour modelled: [`Config::default`] is `current_thread`,
//! [`Config::with_workers`] sets what `multi_thread` would.

use crate::ids::Tick;
use crate::time::wheel::Geometry;

/// How the runtime schedules. `Config::default()` is a single worker with Tokio's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Config {
    /// Turn the drivers (timers, I/O) after this many polls even when tasks are ready.
    /// Tokio's default is 61 (a number its source says was "copied from golang"): often
    /// enough that timers and I/O are not starved, rarely enough that checking them costs
    /// little.
    pub event_interval: u32,
    /// Take a task from the inject queue first, before the local queue, every this many
    /// scheduler ticks, so that wakes from outside are never starved by local work. Tokio's
    /// `current_thread` uses 31. Its `multi_thread` tunes the interval itself from measured
    /// poll times (a target of 200 µs between checks); the lab's polls take no time unless
    /// they `work(d)`, so with several workers it uses the tuner's starting point, 61.
    pub global_queue_interval: u32,
    /// Cooperative budget: how many leaf futures may complete in one poll before they start
    /// returning `Pending` (`None`: no budget). Tokio's default is 128.
    pub budget: Option<u32>,
    /// Put a task woken by the running task in a LIFO slot so it is polled next (Tokio's
    /// `multi_thread` scheduler does, for message-passing locality: on by default there;
    /// `current_thread` has no LIFO slot, so it is off in [`Config::default`]).
    pub lifo_slot: bool,
    /// Seeds the random draws Tokio makes: which branch a `select` polls first, and which
    /// sibling a worker tries first when it steals (see [`crate::rand`]).
    pub seed: u32,
    /// Timer wheel shape: Tokio's 6 x 64 by default; [`Geometry::SMALL`] fits on a screen.
    pub wheel: Geometry,
    /// Number of simulated workers (1 = Tokio's current_thread behaviour).
    pub workers: u8,
    /// Capacity of each worker's local queue (Tokio: 256). On overflow its newest half goes to
    /// the inject queue.
    pub local_queue_capacity: u32,
    /// A poll at least this long raises a `LongPoll` diagnostic.
    pub long_poll: Tick,
    /// This many self-wakes in a row raise a `SelfWakeStorm` diagnostic.
    pub self_wake_storm: u32,
    /// Microseconds per tick, for display and for converting durations (1000: 1 tick = 1 ms).
    pub micros_per_tick: u32,
    /// The most threads the blocking pool runs at once (Tokio's `max_blocking_threads`,
    /// 512 by default): `spawn_blocking` tasks beyond it wait in the pool's queue. As in
    /// Tokio, the pool's threads are spawned lazily and do not count the workers.
    pub max_blocking_threads: u32,
    /// Events kept by the recorder; more are counted as dropped.
    pub trace_capacity: usize,
    /// Whether to keep events at all (off only to measure the cost of tracing).
    pub trace: bool,
    /// Where a runaway program is stopped.
    pub limits: Limits,
}

/// Limits that stop a runaway program with a clear message instead of a hang.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Limits {
    /// Stop after this many events.
    pub max_events: u64,
    /// Refuse to spawn more than this many tasks.
    pub max_tasks: u32,
    /// Stop when virtual time passes this.
    pub max_time: Tick,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_events: u64::MAX,
            max_tasks: u32::MAX,
            max_time: Tick::MAX,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            event_interval: 61,
            global_queue_interval: 31,
            budget: Some(128),
            lifo_slot: false,
            seed: 1,
            wheel: Geometry::TOKIO,
            workers: 1,
            local_queue_capacity: 256,
            long_poll: 10,
            self_wake_storm: 100,
            micros_per_tick: 1000,
            max_blocking_threads: 512,
            trace_capacity: usize::MAX,
            trace: true,
            limits: Limits::default(),
        }
    }
}

impl Config {
    /// Tokio's defaults for `workers` workers: one is `current_thread` ([`Config::default`]);
    /// several are `multi_thread`, with the LIFO slot on and a global queue interval of 61.
    pub fn with_workers(workers: u8) -> Config {
        let multi = workers > 1;
        Config {
            workers,
            lifo_slot: multi,
            global_queue_interval: if multi { 61 } else { 31 },
            ..Config::default()
        }
    }

    /// Whether the runtime models Tokio's `multi_thread` scheduler (several workers, or a LIFO
    /// slot, which only that scheduler has) rather than `current_thread`. The two differ in
    /// how they count ticks: `current_thread` turns its drivers after `event_interval` polls
    /// in a row, `multi_thread` on every `event_interval`-th tick, and only `multi_thread`
    /// polls from a LIFO slot, steals, and shares a poll's budget with the LIFO polls after it.
    pub fn multi_thread(&self) -> bool {
        self.workers > 1 || self.lifo_slot
    }

    /// Checks the settings, saying how to fix a bad one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let error = if self.event_interval == 0 {
            ConfigError::EventInterval
        } else if self.global_queue_interval == 0 {
            ConfigError::GlobalQueueInterval
        } else if self.budget == Some(0) {
            ConfigError::Budget
        } else if self.workers == 0 || self.workers > 64 {
            ConfigError::Workers
        } else if self.local_queue_capacity < 2 {
            ConfigError::LocalQueueCapacity
        } else if self.micros_per_tick == 0 {
            ConfigError::MicrosPerTick
        } else if self.max_blocking_threads == 0 {
            ConfigError::MaxBlockingThreads
        } else {
            return Ok(());
        };
        Err(error)
    }
}

/// A setting out of range: which one. Its message says what is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `event_interval` is 0.
    EventInterval,
    /// `global_queue_interval` is 0.
    GlobalQueueInterval,
    /// `budget` is `Some(0)`.
    Budget,
    /// `workers` is 0 or above 64.
    Workers,
    /// `local_queue_capacity` is below 2.
    LocalQueueCapacity,
    /// `micros_per_tick` is 0.
    MicrosPerTick,
    /// `max_blocking_threads` is 0.
    MaxBlockingThreads,
}

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ConfigError::EventInterval => "event_interval must be at least 1 (Tokio uses 61)",
            ConfigError::GlobalQueueInterval => {
                "global_queue_interval must be at least 1 (Tokio's current_thread uses 31)"
            }
            ConfigError::Budget => "budget must be at least 1, or off (Tokio uses 128)",
            ConfigError::Workers => "workers must be between 1 and 64",
            ConfigError::LocalQueueCapacity => {
                "local_queue_capacity must be at least 2 (Tokio uses 256)"
            }
            ConfigError::MicrosPerTick => "micros_per_tick must be at least 1",
            ConfigError::MaxBlockingThreads => {
                "max_blocking_threads must be at least 1 (Tokio uses 512, and panics on 0)"
            }
        })
    }
}

impl core::error::Error for ConfigError {}
