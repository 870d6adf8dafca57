//! Exercise 7: slot arithmetic off by one, no clamp for far deadlines, `elapsed` ignored.

use exercises::checks::e07_wheel_math::Subject;
use runtime_core::Tick;
use runtime_core::time::wheel::{Geometry, level_for, slot_for};

/// `slot_for` one slot too far.
pub struct SlotOffByOne;
/// `level_for` without the top-level clamp.
pub struct NoClamp;
/// `level_for` from the deadline's own highest digit, ignoring `elapsed`.
pub struct IgnoresElapsed;

impl Subject for SlotOffByOne {
    fn level_for(g: Geometry, elapsed: Tick, when: Tick) -> u8 {
        level_for(g, elapsed, when)
    }
    fn slot_for(g: Geometry, when: Tick, level: u8) -> u8 {
        let shift = u32::from(level) * u32::from(g.bits());
        (((when >> shift) + 1) & (u64::from(g.slots()) - 1)) as u8
    }
}

impl Subject for NoClamp {
    fn level_for(g: Geometry, elapsed: Tick, when: Tick) -> u8 {
        let masked = (elapsed ^ when) | (u64::from(g.slots()) - 1);
        ((63 - masked.leading_zeros()) / u32::from(g.bits())) as u8
    }
    fn slot_for(g: Geometry, when: Tick, level: u8) -> u8 {
        slot_for(g, when, level)
    }
}

impl Subject for IgnoresElapsed {
    fn level_for(g: Geometry, _elapsed: Tick, when: Tick) -> u8 {
        level_for(g, 0, when)
    }
    fn slot_for(g: Geometry, when: Tick, level: u8) -> u8 {
        slot_for(g, when, level)
    }
}
