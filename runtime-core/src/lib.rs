//! # runtime-core: the lab's mini async runtime
//!
//! A small, complete, single-threaded async runtime built to be watched. It runs real
//! `core::future::Future`s with real `core::task::Waker`s (any future that follows the Waker
//! contract works on it, including the `futures` crate's channels and combinators), and it
//! records every step it takes as an [`EventRecord`] in a trace that the lab's UI folds and
//! draws ([`replay`]).
//!
//! ## The rules a learner can predict
//!
//! The executor loop, waking rules, cooperative budget, LIFO slot, workers and work stealing
//! are documented where they are implemented: [`scheduler`]'s `run.rs` (the loop), `wake.rs`
//! (waking), and `worker.rs` (queue order). In short, with the default single worker: the
//! ready queue is FIFO; the drivers (timers, I/O) are turned when the queue is empty or every
//! `event_interval` (61) polls; when nothing is ready the clock jumps to the next timer;
//! `work(d)` in a poll moves the clock by `d`, blocking everything else.
//!
//! ## Determinism
//!
//! The same program and settings give the same trace, byte for byte, natively and in wasm32.
//! That is a rule of this crate: no wall clock (time is virtual, in integer [`Tick`]s), no
//! randomness, no `HashMap` iteration order, and fixed-width ids (`u32`, never `usize` or an
//! address) that are never reused.
//!
//! ## no_std
//!
//! The crate is `#![no_std]` with `alloc`. The optional `std` feature only lets wakers use a
//! thread-local to tell whether they run inside their runtime; without it the crate assumes a
//! single thread of execution. `serde` (on by default) derives the trace's JSON form.

#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

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
pub use handle::Handle;
pub use ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
pub use replay::{Replay, Snapshot};
pub use runtime::{Inspect, Runtime, Trace};
pub use scheduler::RunOutcome;
pub use task::state::TaskState;
pub use task::{JoinError, JoinHandle, Labeled};
pub use time::wheel::Geometry;
pub use trace::{Event, EventRecord, TraceBuffer};
pub use waker::will_wake;
