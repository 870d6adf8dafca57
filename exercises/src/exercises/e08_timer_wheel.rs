//! Exercise 8 — A timer wheel: insert, cancel, and advance with cascades.
//!
//! Goal: a hierarchical timing wheel that files timers with `level_for` / `slot_for` (from
//! exercise 7; runtime-core's are imported here so this exercise stands alone).
//!
//! * `insert(id, deadline)`: file the timer at `level_for(elapsed, deadline)` and
//!   `slot_for(deadline, level)`, at the end of that slot's list; return where. A deadline
//!   that is not after `elapsed` is refused (`None`): the caller fires it itself.
//! * `cancel(id)`: take the timer out; return where it was (`None` if it is not there).
//! * `advance(now)`: move time from `elapsed` to `now`, one tick at a time. At tick `t`,
//!   every level whose slot window starts at `t` (`t` is a multiple of
//!   `geometry.slot_range(level)`) has its slot `slot_for(t, level)` emptied: timers due at
//!   `t` fire; the others are filed again relative to `t` (a *cascade*, recorded in
//!   `self.cascades` when the timer lands in a different slot). Return the fired timers in
//!   `(deadline, id)` order.
//!
//! Lesson: `exercises/lessons/e08_timer_wheel.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e08`

use runtime_core::time::wheel::{Cascade, Geometry, Location, level_for, slot_for};
use runtime_core::{Tick, TimerId};

/// A timer in the wheel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub id: TimerId,
    pub deadline: Tick,
}

/// A hierarchical timing wheel.
#[derive(Debug)]
pub struct Wheel {
    geometry: Geometry,
    /// Time processed so far; only moves forward.
    elapsed: Tick,
    /// `levels[level][slot]`: the timers filed there, in the order they arrived.
    levels: Vec<Vec<Vec<Timer>>>,
    /// Every move between slots since the last `take_cascades`.
    cascades: Vec<Cascade>,
}

impl Wheel {
    /// An empty wheel at time 0.
    pub fn new(geometry: Geometry) -> Wheel {
        let slots = usize::from(geometry.slots());
        let levels = (0..geometry.levels())
            .map(|_| vec![Vec::new(); slots])
            .collect();
        Wheel {
            geometry,
            elapsed: 0,
            levels,
            cascades: Vec::new(),
        }
    }

    /// Time processed so far.
    pub fn elapsed(&self) -> Tick {
        self.elapsed
    }

    /// The timers filed at `(level, slot)`, in list order.
    pub fn slot(&self, level: u8, slot: u8) -> &[Timer] {
        &self.levels[usize::from(level)][usize::from(slot)]
    }

    /// The cascades since the last call, in the order they happened.
    pub fn take_cascades(&mut self) -> Vec<Cascade> {
        core::mem::take(&mut self.cascades)
    }

    /// Files timer `id`, due at `deadline`; `None` if the deadline is not after `elapsed`.
    pub fn insert(&mut self, id: TimerId, deadline: Tick) -> Option<Location> {
        // TODO: refuse deadlines <= elapsed; otherwise compute the level and slot, push the
        //       timer at the end of that slot's list, and return the location.
        todo!("Wheel::insert")
    }

    /// Takes timer `id` out; returns where it was filed.
    pub fn cancel(&mut self, id: TimerId) -> Option<Location> {
        // TODO: find the timer in the levels' slots, remove it, return its location. With only
        //       an id to go on, this is a search over every slot: O(number of timers). Tokio's
        //       is O(1): each timer remembers where it was filed (see the lesson).
        todo!("Wheel::cancel")
    }

    /// Advances to `now`; returns the timers that fired, in `(deadline, id)` order.
    pub fn advance(&mut self, now: Tick) -> Vec<Timer> {
        // TODO: for each tick t in elapsed+1 ..= now, for each level whose slot window
        //       starts at t: take the slot's list out (`core::mem::take`), then for each
        //       timer in it, in order: fire it if its deadline is t; otherwise file it again
        //       relative to t, and record a `Cascade { id, from, to }` if it moved.
        // TODO: set elapsed to now; sort the fired timers by (deadline, id) and return them.
        todo!("Wheel::advance")
    }
}
