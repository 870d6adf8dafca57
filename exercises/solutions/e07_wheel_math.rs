//! Exercise 7 — Timer-wheel arithmetic: `level_for` and `slot_for`. (Solution.)

use runtime_core::Tick;
use runtime_core::time::wheel::Geometry;

/// The slot of `level` that tick `when` falls in: its digit at `level`.
pub fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8 {
    let shift = u32::from(level) * u32::from(geometry.bits());
    ((when >> shift) & (Tick::from(geometry.slots()) - 1)) as u8
}

/// The level a timer due at `when` is filed in when the wheel is at `elapsed`.
pub fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8 {
    let slot_mask = Tick::from(geometry.slots()) - 1;
    // Or-ing in the slot mask makes "differ only in the lowest digit, or not at all" come out
    // as level 0, and keeps `leading_zeros` away from 64.
    let masked = (elapsed ^ when) | slot_mask;
    if masked >= geometry.max_duration() {
        // Beyond the wheel's range (or exactly at its edge): the top level.
        return geometry.levels() - 1;
    }
    let significant = 63 - masked.leading_zeros();
    (significant / u32::from(geometry.bits())) as u8
}
