//! Exercise 7 — Timer-wheel arithmetic: `level_for` and `slot_for`.
//!
//! Goal: the two functions that decide where a timer goes in a hierarchical timing wheel.
//! A wheel of `levels` levels of `slots = 1 << bits` slots reads a tick as a number in base
//! `slots`, one digit per level (with `Geometry::SMALL`, 4 levels of 8 slots, that is octal:
//! tick 0o2305 has digits 2, 3, 0, 5 for levels 3, 2, 1, 0).
//!
//! * `slot_for(g, when, level)`: the digit of `when` at `level`.
//! * `level_for(g, elapsed, when)`: where a timer due at `when` goes when the wheel has
//!   processed time up to `elapsed`: the level of the highest digit in which `when` and
//!   `elapsed` differ (level 0 if they differ only in the lowest digit, or not at all).
//!   A timer farther than `g.max_duration()` ticks away goes in the top level.
//!
//! `Geometry` gives `levels()`, `bits()`, `slots()`, `slot_range(level)`,
//! `level_range(level)` and `max_duration()`.
//!
//! Lesson: `exercises/lessons/e07_wheel_math.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e07`

use runtime_core::Tick;
use runtime_core::time::wheel::Geometry;

/// The slot of `level` that tick `when` falls in: its digit at `level`.
pub fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8 {
    // TODO: shift `when` right by `level * bits` and keep the low `bits` bits.
    todo!("slot_for")
}

/// The level a timer due at `when` is filed in when the wheel is at `elapsed`.
pub fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8 {
    // TODO: find the highest bit in which `elapsed` and `when` differ (`^`, then
    //       `leading_zeros`), and turn it into a level (`bit / bits`). Differing only below
    //       bit `bits` (or not at all) is level 0; beyond the wheel's range is the top level.
    todo!("level_for")
}
