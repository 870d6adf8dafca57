//! Exercise 8: wheels that file a timer one slot off, never cascade, or advance one tick
//! short.

use exercises::checks::e08_timer_wheel::Subject;
use runtime_core::time::wheel::{Cascade, Geometry, Location, level_for, slot_for};
use runtime_core::{Tick, TimerId};

/// `insert` files the timer one slot too far.
pub const OFF_BY_ONE_SLOT: u8 = 1;
/// `advance` only empties level-0 slots: nothing ever cascades.
pub const NO_CASCADE: u8 = 2;
/// `advance` processes ticks `elapsed ..now` instead of `elapsed + 1 ..= now`.
pub const ONE_TICK_SHORT: u8 = 3;

pub struct Wheel<const BUG: u8> {
    g: Geometry,
    elapsed: Tick,
    levels: Vec<Vec<Vec<(TimerId, Tick)>>>,
    cascades: Vec<Cascade>,
}

impl<const BUG: u8> Wheel<BUG> {
    fn at(&self, now: Tick, deadline: Tick) -> Location {
        let level = level_for(self.g, now, deadline);
        Location {
            level,
            slot: slot_for(self.g, deadline, level),
        }
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Wheel = Wheel<BUG>;
    fn new(g: Geometry) -> Self::Wheel {
        let slots = usize::from(g.slots());
        Wheel {
            g,
            elapsed: 0,
            levels: (0..g.levels()).map(|_| vec![Vec::new(); slots]).collect(),
            cascades: Vec::new(),
        }
    }
    fn insert(w: &mut Self::Wheel, id: TimerId, deadline: Tick) -> Option<Location> {
        if deadline <= w.elapsed {
            return None;
        }
        let mut at = w.at(w.elapsed, deadline);
        if BUG == OFF_BY_ONE_SLOT {
            at.slot = (at.slot + 1) % w.g.slots();
        }
        w.levels[usize::from(at.level)][usize::from(at.slot)].push((id, deadline));
        Some(at)
    }
    fn cancel(w: &mut Self::Wheel, id: TimerId) -> Option<Location> {
        for (l, slots) in w.levels.iter_mut().enumerate() {
            for (s, list) in slots.iter_mut().enumerate() {
                if let Some(i) = list.iter().position(|t| t.0 == id) {
                    list.remove(i);
                    return Some(Location {
                        level: l as u8,
                        slot: s as u8,
                    });
                }
            }
        }
        None
    }
    fn advance(w: &mut Self::Wheel, now: Tick) -> Vec<(TimerId, Tick)> {
        let mut fired = Vec::new();
        let ticks = if BUG == ONE_TICK_SHORT {
            w.elapsed..now
        } else {
            w.elapsed + 1..now + 1
        };
        for t in ticks {
            let levels = if BUG == NO_CASCADE { 1 } else { w.g.levels() };
            for level in 0..levels {
                if t % w.g.slot_range(level) != 0 {
                    break;
                }
                let from = Location {
                    level,
                    slot: slot_for(w.g, t, level),
                };
                let list =
                    core::mem::take(&mut w.levels[usize::from(level)][usize::from(from.slot)]);
                for (id, deadline) in list {
                    if deadline <= t {
                        fired.push((id, deadline));
                        continue;
                    }
                    let to = w.at(t, deadline);
                    w.levels[usize::from(to.level)][usize::from(to.slot)].push((id, deadline));
                    if to != from {
                        w.cascades.push(Cascade { id, from, to });
                    }
                }
            }
        }
        w.elapsed = w.elapsed.max(now);
        fired.sort_by_key(|&(id, d)| (d, id));
        fired
    }
    fn take_cascades(w: &mut Self::Wheel) -> Vec<Cascade> {
        core::mem::take(&mut w.cascades)
    }
    fn slot(w: &Self::Wheel, level: u8, slot: u8) -> Vec<TimerId> {
        w.levels[usize::from(level)][usize::from(slot)]
            .iter()
            .map(|t| t.0)
            .collect()
    }
}
