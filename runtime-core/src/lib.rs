//! # runtime-core: the lab's mini async runtime
//!
//! A small, complete, single-threaded async runtime built to be watched. It runs real
//! `core::future::Future`s with real `core::task::Waker`s (any future that follows the Waker
//! contract works on it, including the `futures` crate's channels and combinators), and it
//! records every step it takes as an [`EventRecord`] in a trace that the lab's UI folds and
//! draws ([`replay`]).
//!
//! ## Tokio 1.54, and the rules a learner can predict
//!
//! The runtime behaves as Tokio 1.54 does (the version in the workspace's `Cargo.lock`): one
//! worker is Tokio's `current_thread` scheduler, several its `multi_thread` scheduler. The
//! `vs-tokio` crate runs the same programs on Tokio and compares, and the scenario language's
//! LANGUAGE.md lists the differences the lab keeps on purpose. Moving to a later Tokio is a
//! deliberate change, with that comparison run again.
//!
//! The executor loop, waking rules, cooperative budget, LIFO slot, workers and work stealing
//! are documented where they are implemented: [`scheduler`]'s `run.rs` (the loop), `wake.rs`
//! (waking), and `worker.rs` (queue order). In short, with the default single worker: the
//! ready queue is FIFO; the drivers (timers, I/O) are turned when the queue is empty or after
//! `event_interval` (61) polls in a row; a task that yields (or runs out of budget) is not
//! woken but deferred, and the defer list is woken, last first, right after the drivers turn;
//! when nothing is ready the clock jumps to the next timer; `work(d)` in a poll moves the
//! clock by `d`, blocking everything else.
//!
//! Blocking code has two ways out, as in Tokio: [`Handle::spawn_blocking`] runs it on a thread
//! of the blocking pool (at most [`Config::max_blocking_threads`], 512 by default), whose work
//! holds no worker; [`Handle::block_in_place`], with several workers, hands the worker's other
//! tasks to a pool thread while the task blocks its own (on one worker it is an error, as Tokio
//! panics). The pool's rules are in the `blocking` module, `block_in_place`'s in `scheduler`'s
//! `block_in_place.rs`.
//!
//! ## Determinism
//!
//! The same program and settings give the same trace, byte for byte, natively and in wasm32.
//! That is a rule of this crate: no wall clock (time is virtual, in integer [`Tick`]s), no
//! randomness but a generator seeded from [`Config::seed`] ([`rand`]), no `HashMap`
//! iteration order, and fixed-width ids (`u32`, never `usize` or an address) that are never
//! reused.
//!
//! ## no_std
//!
//! The crate is `#![no_std]` with `alloc`. The optional `std` feature only lets wakers use a
//! thread-local to tell whether they run inside their runtime; without it the crate assumes a
//! single thread of execution. `serde` (on by default) derives the trace's JSON form.

#![no_std]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod blocking;
mod config;
pub mod diagnostics;
pub mod future;
mod handle;
mod ids;
pub mod io;
pub mod rand;
mod remote;
pub mod replay;
mod runtime;
pub mod scheduler;
pub mod sync;
pub mod task;
pub mod time;
pub mod trace;
mod waker;

pub use config::{Config, ConfigError, Limits};
pub use handle::{Handle, SpawnError};
pub use ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
pub use replay::{Replay, Snapshot};
pub use runtime::{Inspect, Runtime, Trace};
pub use scheduler::{BlockInPlaceError, RunOutcome};
pub use task::state::TaskState;
pub use task::{JoinError, JoinHandle, Labeled};
pub use time::wheel::Geometry;
pub use trace::{Event, EventRecord, TraceBuffer};
pub use waker::will_wake;
