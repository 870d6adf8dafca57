//! One level of the wheel: `1 << bits` slots, each an intrusive list, plus a
//! bitmap of which slots are occupied (Tokio's `level.rs`).

use alloc::vec::Vec;
use core::fmt;

use super::{EntryList, Geometry, Slab};
use crate::Tick;

/// One level of the wheel.
pub(super) struct Level {
    geometry: Geometry,

    level: u8,

    /// Bit `s` is set iff slot `s` holds entries. Keeping it up to date on
    /// every add/remove is what lets `next_expiration` skip empty slots with
    /// a rotate and a `trailing_zeros` instead of scanning.
    occupied: u64,

    slot: Vec<EntryList>,
}

/// When a slot must be processed next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Expiration {
    /// The level containing the slot.
    pub level: u8,
    /// The slot index.
    pub slot: u8,
    /// The tick at which the slot's window starts, i.e. when it must be
    /// processed. For level 0 that is exactly its timers' deadline.
    pub deadline: Tick,
}

impl Level {
    pub(super) fn new(geometry: Geometry, level: u8) -> Level {
        Level {
            geometry,
            level,
            occupied: 0,
            slot: (0..geometry.slots()).map(|_| EntryList::EMPTY).collect(),
        }
    }

    pub(super) fn level(&self) -> u8 {
        self.level
    }

    pub(super) fn occupied(&self) -> u64 {
        self.occupied
    }

    pub(super) fn list(&self, slot: u8) -> EntryList {
        self.slot[slot as usize]
    }

    /// The occupied slot that comes up next after `now`, and the tick at
    /// which its window starts.
    pub(super) fn next_expiration(&self, now: Tick) -> Option<Expiration> {
        let slot = self.next_occupied_slot(now)?;
        let deadline = self.slot_visit(now, slot);

        debug_assert!(
            deadline >= now,
            "deadline={deadline:#x}; now={now:#x}; level={}; slot={slot}; occupied={:b}",
            self.level,
            self.occupied
        );

        Some(Expiration {
            level: self.level,
            slot,
            deadline,
        })
    }

    /// Start of the next window of `slot` that is not in the past.
    pub(super) fn slot_visit(&self, now: Tick, slot: u8) -> Tick {
        let level_range = self.geometry.level_range(self.level);
        let slot_range = self.geometry.slot_range(self.level);

        // `level_range` is a power of two, so masking gives the start of the
        // current rotation of this level.
        let level_start = now & !(level_range - 1);
        let deadline = level_start + Tick::from(slot) * slot_range;

        if deadline <= now {
            // The slot is "behind" the cursor. Below the top level that cannot
            // hold entries (they are always filed ahead and processed when
            // reached). The top level takes deadlines beyond the wheel's range
            // and acts as a ring buffer, so behind means "next rotation".
            debug_assert_eq!(
                self.level,
                self.geometry.max_level_index(),
                "slot {slot} behind now={now} on a lower level; occupied={:b}",
                self.occupied
            );
            // Cannot overflow for a live entry: a slot behind `now` in the last
            // rotation before `u64::MAX` could only hold an entry due after it.
            deadline.saturating_add(level_range)
        } else {
            deadline
        }
    }

    fn next_occupied_slot(&self, now: Tick) -> Option<u8> {
        if self.occupied == 0 {
            return None;
        }

        // Rotate the bitmap so the slot just after the cursor's is bit 0; the
        // lowest set bit is then the distance to the next occupied slot.
        //
        // Tokio rotates by the cursor's own slot, so that slot is found first.
        // Below the top level it is always empty (entries are filed ahead of
        // the cursor and taken when it arrives), so the answer is the same.
        // In the top level it can hold a wrapped deadline, due a whole rotation
        // from now, and finding it first would hide a nearer slot: the bug
        // tokio-rs/tokio#8334 ("handle wrapped top-level timer-wheel slots")
        // fixed. Starting one past the cursor makes the cursor's slot come
        // last, which is exactly when it is due.
        //
        // `slots` is a power of two, so `& mask` is the `% slots` wrap-around
        // (without a run-time division: the geometry is not a constant here).
        let mask = self.geometry.slots() - 1;
        let start = (slot_for(self.geometry, now, self.level) + 1) & mask;
        let occupied = rotate_right(self.occupied, start, self.geometry.bits());
        let zeros = occupied.trailing_zeros() as u8;
        Some((zeros + start) & mask)
    }

    pub(super) fn add_entry<T>(&mut self, slab: &mut Slab<T>, index: u32, slot: u8) {
        self.slot[slot as usize].push_back(slab, index);
        self.occupied |= occupied_bit(slot);
    }

    pub(super) fn remove_entry<T>(&mut self, slab: &mut Slab<T>, index: u32, slot: u8) {
        let list = &mut self.slot[slot as usize];
        list.unlink(slab, index);
        if list.is_empty() {
            self.occupied &= !occupied_bit(slot);
        }
    }

    pub(super) fn take_slot(&mut self, slot: u8) -> EntryList {
        self.occupied &= !occupied_bit(slot);
        core::mem::replace(&mut self.slot[slot as usize], EntryList::EMPTY)
    }
}

impl fmt::Debug for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Level")
            .field("level", &self.level)
            .field("occupied", &format_args!("{:#b}", self.occupied))
            .finish()
    }
}

fn occupied_bit(slot: u8) -> u64 {
    1 << slot
}

/// `u64::rotate_right` within the low `1 << bits` bits, since a level of
/// fewer than 64 slots only uses that many bits of its bitmap.
fn rotate_right(bitmap: u64, by: u8, bits: u8) -> u64 {
    let width = 1u32 << bits;
    if width == u64::BITS {
        return bitmap.rotate_right(u32::from(by));
    }
    let by = u32::from(by) & (width - 1);
    let mask = (1u64 << width) - 1;
    ((bitmap >> by) | (bitmap << (width - by))) & mask
}

/// Slot of `level` that tick `when` falls in: its `level`-th digit in base
/// `slots`.
pub fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8 {
    let shift = u32::from(level) * u32::from(geometry.bits());
    ((when >> shift) & (Tick::from(geometry.slots()) - 1)) as u8
}

#[cfg(test)]
mod test {
    use super::*;

    /// Tokio's `test_slot_for`, for both geometries.
    #[test]
    fn test_slot_for() {
        for geometry in [Geometry::TOKIO, Geometry::SMALL] {
            let slots = u64::from(geometry.slots());
            for pos in 0..slots {
                assert_eq!(pos as u8, slot_for(geometry, pos, 0));
            }
            for level in 1..geometry.levels() {
                for pos in u64::from(level)..slots {
                    let a = pos * geometry.slot_range(level);
                    assert_eq!(pos as u8, slot_for(geometry, a, level), "{geometry:?} {a}");
                }
            }
        }
    }

    #[test]
    fn rotate_right_within_width() {
        for bits in 1..=6u8 {
            let width = 1u32 << bits;
            for start in 0..width {
                let bitmap = 1u64 << start;
                for by in 0..width as u8 {
                    let expected = 1u64 << ((start + width - u32::from(by)) % width);
                    assert_eq!(
                        rotate_right(bitmap, by, bits),
                        expected,
                        "bits={bits} {start} {by}"
                    );
                }
            }
        }
    }
}
