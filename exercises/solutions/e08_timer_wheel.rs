//! Exercise 8 — A timer wheel: insert, cancel, and advance with cascades. (Solution.)

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

    /// Where a timer due at `deadline` goes when the wheel is at `now`.
    fn location(&self, now: Tick, deadline: Tick) -> Location {
        let level = level_for(self.geometry, now, deadline);
        Location {
            level,
            slot: slot_for(self.geometry, deadline, level),
        }
    }

    fn list(&mut self, at: Location) -> &mut Vec<Timer> {
        &mut self.levels[usize::from(at.level)][usize::from(at.slot)]
    }

    /// Files timer `id`, due at `deadline`; `None` if the deadline is not after `elapsed`.
    pub fn insert(&mut self, id: TimerId, deadline: Tick) -> Option<Location> {
        if deadline <= self.elapsed {
            return None;
        }
        let at = self.location(self.elapsed, deadline);
        self.list(at).push(Timer { id, deadline });
        Some(at)
    }

    /// Takes timer `id` out; returns where it was filed.
    pub fn cancel(&mut self, id: TimerId) -> Option<Location> {
        // A search over every slot, O(number of timers): an id is all we are given. Tokio's
        // `remove` is O(1), because each timer remembers the deadline it was filed under.
        for (level, slots) in self.levels.iter_mut().enumerate() {
            for (slot, list) in slots.iter_mut().enumerate() {
                if let Some(i) = list.iter().position(|t| t.id == id) {
                    list.remove(i);
                    return Some(Location {
                        level: level as u8,
                        slot: slot as u8,
                    });
                }
            }
        }
        None
    }

    /// Advances to `now`; returns the timers that fired, in `(deadline, id)` order.
    pub fn advance(&mut self, now: Tick) -> Vec<Timer> {
        let mut fired = Vec::new();
        for t in self.elapsed + 1..=now {
            for level in 0..self.geometry.levels() {
                if t % self.geometry.slot_range(level) != 0 {
                    // Levels are nested: if this level's window does not start at t, no
                    // higher level's does either.
                    break;
                }
                let from = Location {
                    level,
                    slot: slot_for(self.geometry, t, level),
                };
                // Take the whole list first: a far timer may be filed back into this very
                // slot, and must then wait for the next rotation.
                for timer in core::mem::take(self.list(from)) {
                    if timer.deadline <= t {
                        fired.push(timer);
                        continue;
                    }
                    let to = self.location(t, timer.deadline);
                    self.list(to).push(timer);
                    if to != from {
                        self.cascades.push(Cascade {
                            id: timer.id,
                            from,
                            to,
                        });
                    }
                }
            }
        }
        self.elapsed = self.elapsed.max(now);
        fired.sort_by_key(|t| (t.deadline, t.id));
        fired
    }
}
