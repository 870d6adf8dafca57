//! A hierarchical hashed timing wheel: the lab's version of Tokio's
//! `tokio/src/runtime/time/wheel`.
//!
//! # What it is
//!
//! A runtime has to answer two questions about its timers, very often and
//! very cheaply: "register/cancel this deadline" and "which deadlines have
//! passed now?". A [`Wheel`] answers both. Time is counted in integer ticks
//! ([`Tick`]); the wheel remembers how far it has processed (`elapsed`,
//! starting at 0 and only moving forward), and [`Wheel::poll`] hands back
//! expired timers one at a time.
//!
//! # Why a *hierarchical* wheel
//!
//! Varghese & Lauck ("Hashed and Hierarchical Timing Wheels: Data Structures
//! for the Efficient Implementation of a Timer Facility", SOSP 1987) compare
//! timer schemes. A sorted structure (heap, tree) costs `O(log n)` per
//! insert. A single wheel with one slot per tick makes insert/cancel `O(1)`
//! but needs as many slots as the longest timeout. Their *hierarchical*
//! scheme (scheme 7) keeps the `O(1)` insert/cancel with few slots, like a
//! clock with hour, minute and second hands: a deadline is filed by its most
//! significant "digit" that differs from now, and is moved ("cascaded") to a
//! finer level only when time reaches that coarse slot. Each timer is touched
//! at most once per level, so the total work stays `O(levels)` per timer no
//! matter how many timers there are. Tokio uses 6 levels of 64 slots; this
//! module follows its design and names (`Wheel`, `Level`, `Expiration`,
//! `level_for`, `slot_for`, `next_expiration`, `poll`, `process_expiration`)
//! so you can read both side by side, but lets the [`Geometry`] vary so the
//! lab can draw a small wheel.
//!
//! # The picture
//!
//! [`Geometry::SMALL`]: 4 levels x 8 slots. With 3 bits per level a tick
//! written in octal *is* its slot address, one octal digit per level. Here
//! `elapsed = 0o2301` (1217) and five timers are registered:
//!
//! ```text
//!             slot   0   1   2   3   4   5   6   7      one slot   whole level
//!  level 3         [   |   | E^|   |   | D |   |   ]   512 ticks   4096 ticks
//!  level 2         [   |   |   | ^ |   |   | C |   ]    64 ticks    512 ticks
//!  level 1         [ ^ |   | B |   |   |   |   |   ]     8 ticks     64 ticks
//!  level 0         [   | ^ |   |   |   | A |   |   ]     1 tick       8 ticks
//!
//!  ^ = cursor(level): the digit of `elapsed` at that level
//!  A = 0o2305  B = 0o2322  C = 0o2610  D = 0o5000  E = 0o12000
//! ```
//!
//! A deadline goes into the level of the highest digit in which it differs
//! from `elapsed` ([`level_for`]), at the slot given by its own digit there
//! ([`slot_for`]): `B = 0o2322` first differs from `0o2301` in digit 1, so it
//! sits in level 1, slot 2. When `elapsed` reaches the start of an occupied
//! slot's window, `process_expiration` (driven by [`Wheel::poll`]) empties
//! the slot: entries due at that tick fire, the others are filed again
//! relative to the new time, which puts them in a lower level. That move is a
//! *cascade*, and each one is recorded as a [`Cascade`] for the lab's
//! animation: at `0o2320`, B moves to level 0, slot 2.
//!
//! `E` is within the wheel's range (3903 ticks ahead) but in the top level's
//! *next* rotation: it differs from `elapsed` above the top digit, so
//! [`level_for`] clamps it into the top level, in the slot under the cursor.
//! At the top level that slot means "one rotation from now" (tick `0o12000`),
//! not "now". Deadlines beyond the range are clamped the same way (below).
//!
//! # Deadlines beyond the wheel's range
//!
//! The wheel covers [`Geometry::max_duration`] ticks ahead of `elapsed`.
//! Tokio's `level_for` clamps its masked value to `MAX_DURATION - 1`, which
//! puts every farther deadline into the top level; the top level then acts
//! as a ring buffer that is swept once per rotation, and Tokio's
//! `process_expiration` re-files an entry that is visited before its time.
//! We do the equivalent: [`level_for`] answers "top level" for anything
//! beyond the range, the entry keeps its true deadline, and each visit of its
//! top-level slot either moves it down or (still too far) puts it back.
//! Deadlines are never shortened, so a far timer never fires early. The price
//! is one re-file per rotation: a deadline `k` top-level rotations away is
//! looked at `k` times (with [`Geometry::SMALL`], one rotation is only 4096
//! ticks, so keep the lab's deadlines within a few rotations).
//! (Tokio also caps its tick values just below `u64::MAX`; this wheel takes
//! any `u64` deadline.)
//!
//! # Firing order (a contract the lab teaches)
//!
//! Timers fire in deadline order, and among equal deadlines in [`TimerId`]
//! order, whichever way they reached their final slot (inserted directly, or
//! cascaded down from a coarser level). All timers with one deadline are fired
//! as one batch; when the batch is taken we check in the same pass that ids
//! ascend and sort only if they do not. With ids handed out in registration
//! order they already do (a cascade into a slot always happens before a
//! direct insert into it can), so the sort is only paid for when a caller
//! assigns ids out of order.
//!
//! # Storage
//!
//! Entries live in a slab (a `Vec` with a free list) indexed by `u32`; every
//! slot is an intrusive doubly-linked list threaded through the slab, so
//! insert and cancel are `O(1)` and no allocation happens per timer beyond
//! the slab (and the cascade log) growing. Each level keeps a `u64` bitmap of
//! its occupied slots so finding the next expiration is a rotate plus a
//! `trailing_zeros`, not a scan.
#![deny(unsafe_code)]

use alloc::vec::{self, Vec};
use core::fmt;

use crate::{Tick, TimerId};

mod access;
mod invariants;
mod level;
mod slab;
use self::level::Level;
pub use self::level::{Expiration, slot_for};
use self::slab::{Entry, EntryList, NIL, Slab};

/// Shape of a wheel: how many levels, and `1 << bits` slots per level.
///
/// Invariants (checked by [`Geometry::new`]): `bits` in `1..=6` so one level's
/// occupancy fits a `u64` bitmap; `levels` in `1..=8` and `levels * bits <= 48`
/// so every window size is a power of two well inside `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Geometry {
    levels: u8,
    bits: u8,
}

impl Geometry {
    /// Tokio's wheel: 6 levels x 64 slots. At Tokio's 1 ms tick that covers
    /// 2^36 ms (about 2.2 years); longer sleeps take the clamp path.
    pub const TOKIO: Geometry = Geometry::new(6, 6);

    /// 4 levels x 8 slots: 32 slots fit on one screen for drawing, and the
    /// 4096-tick range is short enough that the lab can show the clamp and
    /// several cascades in a few steps.
    pub const SMALL: Geometry = Geometry::new(4, 3);

    /// Builds a geometry, or `None` if it breaks the invariants above.
    pub const fn try_new(levels: u8, bits: u8) -> Option<Geometry> {
        if bits >= 1 && bits <= 6 && levels >= 1 && levels <= 8 && levels as u32 * bits as u32 <= 48
        {
            Some(Geometry { levels, bits })
        } else {
            None
        }
    }

    /// Builds a geometry. Panics (at compile time in a `const`) if invalid.
    pub const fn new(levels: u8, bits: u8) -> Geometry {
        match Geometry::try_new(levels, bits) {
            Some(geometry) => geometry,
            None => panic!("Geometry needs bits in 1..=6, levels in 1..=8, levels * bits <= 48"),
        }
    }

    /// Number of levels.
    pub const fn levels(self) -> u8 {
        self.levels
    }

    /// log2 of the number of slots per level.
    pub const fn bits(self) -> u8 {
        self.bits
    }

    /// Slots per level (`1 << bits`, at most 64).
    pub const fn slots(self) -> u8 {
        1 << self.bits
    }

    /// Ticks covered by one slot of `level`: `slots^level`.
    pub const fn slot_range(self, level: u8) -> Tick {
        1 << (level as u32 * self.bits as u32)
    }

    /// Ticks covered by the whole of `level`: `slots^(level + 1)`.
    pub const fn level_range(self, level: u8) -> Tick {
        1 << ((level as u32 + 1) * self.bits as u32)
    }

    /// Farthest distance from `elapsed` the wheel represents exactly:
    /// `slots^levels - 1` (Tokio's `MAX_DURATION`).
    pub const fn max_duration(self) -> Tick {
        (1 << (self.levels as u32 * self.bits as u32)) - 1
    }

    /// Index of the top level, the one that takes clamped deadlines.
    const fn max_level_index(self) -> u8 {
        self.levels - 1
    }
}

/// A slot address: which level, which slot in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Level, `0` = finest (one tick per slot).
    pub level: u8,
    /// Slot within the level, `0..geometry.slots()`.
    pub slot: u8,
}

/// What the caller keeps to cancel a timer: the slab index plus the id, so a
/// key whose entry has gone (fired, removed, or index reused) is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimerKey {
    /// Slab index of the entry.
    pub index: u32,
    /// Id the entry had when this key was issued.
    pub id: TimerId,
}

/// One move of one entry between slots, for the lab's cascade animation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cascade {
    /// The timer that moved.
    pub id: TimerId,
    /// Slot it was taken from.
    pub from: Location,
    /// Slot it was filed into.
    pub to: Location,
}

/// A timer handed back by [`Wheel::poll`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired<T> {
    /// The timer's id.
    pub id: TimerId,
    /// Its deadline (`<= now` of the poll that returned it).
    pub deadline: Tick,
    /// The caller's value, given back.
    pub value: T,
    /// The slot it fired from (level 0, unless its deadline was exactly the
    /// start of a coarser slot's window).
    pub location: Location,
}

/// Why [`Wheel::insert`] refused an entry. Ownership of the value goes back to
/// the caller, as in Tokio (`Err((item, InsertError::Elapsed))`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertError<T> {
    /// `deadline <= elapsed`: the caller should treat the timer as fired now.
    Elapsed(T),
}

impl<T> InsertError<T> {
    /// Takes the value back.
    pub fn into_inner(self) -> T {
        match self {
            InsertError::Elapsed(value) => value,
        }
    }
}

impl<T> fmt::Display for InsertError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InsertError::Elapsed(_) => f.write_str("deadline has already elapsed"),
        }
    }
}

impl<T: fmt::Debug> core::error::Error for InsertError<T> {}

/// Level at which a timer due at `when` is filed when the wheel is at
/// `elapsed`: the level of the highest slot digit in which they differ.
/// Anything farther than [`Geometry::max_duration`] goes to the top level.
pub fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8 {
    let slot_mask = Tick::from(geometry.slots()) - 1;

    // Or-ing the slot mask in caps the answer from below at level 0 (and keeps
    // `leading_zeros` away from 64 when `elapsed == when`).
    let masked = (elapsed ^ when) | slot_mask;

    if masked >= geometry.max_duration() {
        // Tokio fudges `masked` to `MAX_DURATION - 1`, whose significant bit
        // is in the top level; returning the top level directly is the same
        // answer and also holds for a 1-level, 1-bit geometry.
        return geometry.max_level_index();
    }

    let significant = 63 - masked.leading_zeros();
    div_by_bits(significant, geometry.bits)
}

/// `n / bits` for `n < 64`. Tokio divides by the constant 6, which the
/// compiler turns into a multiply; our `bits` is only known at run time and a
/// hardware divide sits on every insert and cascade, so multiply by a 16-bit
/// fixed-point reciprocal instead (exact for `n < 64`: the rounding error is
/// below `64 / 2^16`; the golden tests check every case).
fn div_by_bits(n: u32, bits: u8) -> u8 {
    const RECIPROCAL: [u32; 7] = [0, 65536, 32768, 21846, 16384, 13108, 10923];
    debug_assert!(
        n < 64 && (1..=6).contains(&bits),
        "div_by_bits({n}, {bits})"
    );
    ((n * RECIPROCAL[bits as usize]) >> 16) as u8
}

/// Timing wheel: `Level`s of slots plus the slab that holds the entries.
pub struct Wheel<T> {
    geometry: Geometry,

    /// Ticks processed so far. Only moves forward.
    elapsed: Tick,

    /// `levels[0]` is the finest (1 tick per slot).
    levels: Vec<Level>,

    slab: Slab<T>,

    /// Entries whose deadline has been reached, in firing order, waiting to be
    /// handed out one per `poll` (Tokio's `pending`).
    pending: EntryList,

    /// Every slot-to-slot move since the last `take_cascades`.
    cascades: Vec<Cascade>,

    /// Reused buffer for the rare out-of-order batch, so sorting allocates
    /// nothing once warm.
    scratch: Vec<u64>,

    /// Last timer handed out, to check the firing-order contract in debug.
    last_fired: Option<(Tick, TimerId)>,
}

impl<T> Wheel<T> {
    /// An empty wheel at `elapsed == 0`.
    pub fn new(geometry: Geometry) -> Wheel<T> {
        Wheel::with_capacity(geometry, 0)
    }

    /// An empty wheel whose slab has room for `capacity` timers.
    pub fn with_capacity(geometry: Geometry, capacity: usize) -> Wheel<T> {
        Wheel {
            geometry,
            elapsed: 0,
            levels: (0..geometry.levels)
                .map(|level| Level::new(geometry, level))
                .collect(),
            slab: Slab::with_capacity(capacity),
            pending: EntryList::EMPTY,
            cascades: Vec::new(),
            scratch: Vec::new(),
            last_fired: None,
        }
    }

    /// The wheel's shape.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Ticks processed since creation.
    pub fn elapsed(&self) -> Tick {
        self.elapsed
    }

    /// Number of timers registered and not yet returned by `poll` or removed.
    pub fn len(&self) -> usize {
        self.slab.len
    }

    /// `len() == 0`.
    pub fn is_empty(&self) -> bool {
        self.slab.len == 0
    }

    /// The slot `elapsed` is in at `level` (the "hand" of that level).
    pub fn cursor(&self, level: u8) -> u8 {
        assert!(
            level < self.geometry.levels,
            "cursor: level {level} out of range"
        );
        slot_for(self.geometry, self.elapsed, level)
    }

    /// Occupancy bitmap of `level`: bit `s` set iff slot `s` holds entries.
    pub fn occupied(&self, level: u8) -> u64 {
        self.levels[level as usize].occupied()
    }

    /// Timers filed in `(level, slot)`, in list order. Panics if out of range.
    pub fn iter_slot(&self, level: u8, slot: u8) -> impl Iterator<Item = (TimerId, Tick)> + '_ {
        let list = self.levels[level as usize].list(slot);
        self.iter_list(list)
    }

    /// Timers already expired and queued for the next `poll` calls, in firing
    /// order. They no longer appear in any slot.
    pub fn iter_pending(&self) -> impl Iterator<Item = (TimerId, Tick)> + '_ {
        self.iter_list(self.pending)
    }

    fn iter_list(&self, list: EntryList) -> impl Iterator<Item = (TimerId, Tick)> + '_ {
        let mut cursor = list.head;
        core::iter::from_fn(move || {
            if cursor == NIL {
                return None;
            }
            let entry = self.slab.entry(cursor);
            cursor = entry.next;
            Some((entry.id, entry.deadline))
        })
    }

    /// Drains the log of slot-to-slot moves recorded since the last call, in
    /// the order they happened. The log only grows until drained, so a caller
    /// that does not animate should still drain it (say after each `poll`
    /// loop); its capacity is kept, so steady state allocates nothing.
    pub fn take_cascades(&mut self) -> vec::Drain<'_, Cascade> {
        self.cascades.drain(..)
    }

    /// Registers timer `id` to fire at `deadline`.
    ///
    /// `Err(InsertError::Elapsed(value))` if `deadline <= elapsed`: the wheel
    /// can only fire in the future, so the caller fires it itself.
    ///
    /// `id`s are the caller's and must be unique; the firing order among equal
    /// deadlines is by `id`.
    pub fn insert(
        &mut self,
        id: TimerId,
        deadline: Tick,
        value: T,
    ) -> Result<(TimerKey, Location), InsertError<T>> {
        if deadline <= self.elapsed {
            return Err(InsertError::Elapsed(value));
        }

        let level = level_for(self.geometry, self.elapsed, deadline);
        let slot = slot_for(self.geometry, deadline, level);
        let index = self.slab.insert(Entry {
            id,
            deadline,
            level,
            slot,
            pending: false,
            prev: NIL,
            next: NIL,
            value,
        });
        self.levels[level as usize].add_entry(&mut self.slab, index, slot);

        debug_assert!(
            self.levels[level as usize]
                .next_expiration(self.elapsed)
                .is_some_and(|e| e.deadline > self.elapsed && e.deadline <= deadline),
            "insert: id={id:?} deadline={deadline} elapsed={} level={level} slot={slot} \
             next_expiration={:?}",
            self.elapsed,
            self.levels[level as usize].next_expiration(self.elapsed),
        );

        Ok((TimerKey { index, id }, Location { level, slot }))
    }

    /// Cancels the timer `key` refers to, giving back its value and where it
    /// was (for a timer already expired but not yet returned by `poll`: the
    /// slot it was taken from). `None` if the key is stale (fired, removed, or
    /// its index now holds another timer).
    pub fn remove(&mut self, key: TimerKey) -> Option<(T, Location)> {
        let entry = self.slab.get(key.index)?;
        if entry.id != key.id {
            return None;
        }
        let location = Location {
            level: entry.level,
            slot: entry.slot,
        };

        if entry.pending {
            self.pending.unlink(&mut self.slab, key.index);
        } else {
            debug_assert!(
                self.elapsed < entry.deadline,
                "remove: id={:?} deadline={} is filed but elapsed={}",
                entry.id,
                entry.deadline,
                self.elapsed
            );
            self.levels[location.level as usize].remove_entry(
                &mut self.slab,
                key.index,
                location.slot,
            );
        }

        Some((self.slab.remove(key.index).value, location))
    }

    /// The next slot that needs processing, and when: `deadline` is the start
    /// of that slot's window (for level 0, the exact tick the timers in it
    /// fire). While expired timers are still queued, that is `elapsed`
    /// (Tokio's answer too). `None` when the wheel is empty.
    pub fn next_expiration(&self) -> Option<Expiration> {
        if !self.pending.is_empty() {
            return Some(Expiration {
                level: 0,
                slot: self.cursor(0),
                deadline: self.elapsed,
            });
        }

        // Lower levels first: a finer slot that is occupied always comes due
        // no later than anything above it.
        for (index, level) in self.levels.iter().enumerate() {
            if let Some(expiration) = level.next_expiration(self.elapsed) {
                debug_assert!(
                    self.no_expirations_before(index + 1, expiration.deadline),
                    "next_expiration: {expiration:?} but a higher level is due earlier; \
                     elapsed={} levels={:?}",
                    self.elapsed,
                    self.levels
                );
                return Some(expiration);
            }
        }

        None
    }

    fn no_expirations_before(&self, start_level: usize, before: Tick) -> bool {
        self.levels[start_level..]
            .iter()
            .filter_map(|level| level.next_expiration(self.elapsed))
            .all(|e| e.deadline >= before)
    }

    /// Advances the wheel towards `now` and returns one timer whose deadline
    /// is `<= now`, or `None` once there is none left; at that point
    /// `elapsed() == now`. Call it in a loop to drain everything due.
    ///
    /// Timers come out in `(deadline, id)` order.
    pub fn poll(&mut self, now: Tick) -> Option<Fired<T>> {
        debug_assert!(
            now >= self.elapsed,
            "poll: now={now} is before elapsed={}; time only moves forward (len={}, next={:?})",
            self.elapsed,
            self.len(),
            self.next_expiration()
        );

        loop {
            if let Some(index) = self.pending.pop_front(&mut self.slab) {
                return Some(self.fire(index));
            }

            match self.next_expiration() {
                Some(ref expiration) if expiration.deadline <= now => {
                    self.process_expiration(expiration);
                    self.set_elapsed(expiration.deadline);
                }
                _ => {
                    self.set_elapsed(now);
                    return None;
                }
            }
        }
    }

    fn fire(&mut self, index: u32) -> Fired<T> {
        let entry = self.slab.remove(index);
        debug_assert!(
            entry.pending && entry.deadline == self.elapsed,
            "fire: id={:?} deadline={} pending={} elapsed={}",
            entry.id,
            entry.deadline,
            entry.pending,
            self.elapsed
        );
        debug_assert!(
            self.last_fired < Some((entry.deadline, entry.id)),
            "fire: firing order broken: {:?} after {:?}",
            (entry.deadline, entry.id),
            self.last_fired
        );
        self.last_fired = Some((entry.deadline, entry.id));
        Fired {
            id: entry.id,
            deadline: entry.deadline,
            value: entry.value,
            location: Location {
                level: entry.level,
                slot: entry.slot,
            },
        }
    }

    /// Empties the slot `expiration` names, at the moment time reaches the
    /// start of its window: entries due then are queued to fire, the rest are
    /// filed again relative to `expiration.deadline`, which puts them in a
    /// lower level (or, for a far deadline, back in the top level).
    fn process_expiration(&mut self, expiration: &Expiration) {
        debug_assert!(
            self.pending.is_empty(),
            "process_expiration: {expiration:?} while timers are still pending; elapsed={}",
            self.elapsed
        );

        // Take the whole list first: a far entry can be filed back into this
        // very slot, and must then wait for the next rotation, not loop here.
        let from = Location {
            level: expiration.level,
            slot: expiration.slot,
        };
        let taken = self.levels[from.level as usize].take_slot(from.slot);

        // One pass: move every entry and note whether the due ones already
        // come in id order.
        let mut in_order = true;
        let mut last_due: Option<TimerId> = None;
        let mut cursor = taken.head;
        while cursor != NIL {
            let (next, id, when) = {
                let entry = self.slab.entry(cursor);
                (entry.next, entry.id, entry.deadline)
            };

            if when <= expiration.deadline {
                debug_assert_eq!(
                    when, expiration.deadline,
                    "process_expiration: id={id:?} is late: deadline={when}, processed at \
                     {expiration:?}, elapsed={}",
                    self.elapsed
                );
                in_order &= last_due.is_none_or(|last| last < id);
                last_due = Some(id);
                self.slab.entry_mut(cursor).pending = true;
                self.pending.push_back(&mut self.slab, cursor);
            } else {
                // A level-0 slot spans one tick, so everything in it is due,
                // unless level 0 is also the top level and holds wrapped entries.
                debug_assert!(
                    from.level > 0 || from.level == self.geometry.max_level_index(),
                    "process_expiration: level-0 slot {from:?} holds id={id:?} deadline={when} \
                     at {expiration:?}"
                );
                let level = level_for(self.geometry, expiration.deadline, when);
                let slot = slot_for(self.geometry, when, level);
                debug_assert!(
                    level < from.level || level == self.geometry.max_level_index(),
                    "process_expiration: id={id:?} deadline={when} would go up from {from:?} \
                     to level {level} at {expiration:?}"
                );
                {
                    let entry = self.slab.entry_mut(cursor);
                    entry.level = level;
                    entry.slot = slot;
                }
                self.levels[level as usize].add_entry(&mut self.slab, cursor, slot);
                let to = Location { level, slot };
                if to != from {
                    self.cascades.push(Cascade { id, from, to });
                }
            }

            cursor = next;
        }

        if !in_order {
            self.sort_pending();
        }
    }

    /// Relinks `pending` in id order (all its entries share one deadline).
    /// Sorts packed `(id, index)` keys so the comparison never touches the
    /// slab.
    fn sort_pending(&mut self) {
        self.scratch.clear();
        let mut cursor = self.pending.head;
        while cursor != NIL {
            let entry = self.slab.entry(cursor);
            self.scratch
                .push((u64::from(entry.id.0) << 32) | u64::from(cursor));
            cursor = entry.next;
        }
        self.scratch.sort_unstable();

        self.pending = EntryList::EMPTY;
        for &key in &self.scratch {
            self.pending.push_back(&mut self.slab, key as u32);
        }
    }

    fn set_elapsed(&mut self, when: Tick) {
        debug_assert!(
            self.elapsed <= when,
            "set_elapsed: elapsed={} when={when}",
            self.elapsed
        );
        if when > self.elapsed {
            self.elapsed = when;
        }
    }
}

impl<T> fmt::Debug for Wheel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wheel")
            .field("geometry", &self.geometry)
            .field("elapsed", &self.elapsed)
            .field("len", &self.slab.len)
            .field("levels", &self.levels)
            .field("pending", &!self.pending.is_empty())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn div_by_bits_is_exact() {
        for bits in 1..=6u8 {
            for n in 0..64u32 {
                assert_eq!(
                    u32::from(div_by_bits(n, bits)),
                    n / u32::from(bits),
                    "{n} / {bits}"
                );
            }
        }
    }

    /// Tokio's `test_level_for`, for both geometries.
    #[test]
    fn test_level_for() {
        for geometry in [Geometry::TOKIO, Geometry::SMALL] {
            let slots = u64::from(geometry.slots());
            for pos in 0..slots {
                assert_eq!(
                    0,
                    level_for(geometry, 0, pos),
                    "{geometry:?} level_for({pos})"
                );
            }

            for level in 1..geometry.levels() {
                for pos in u64::from(level)..slots {
                    let a = pos * geometry.slot_range(level);
                    assert_eq!(
                        level,
                        level_for(geometry, 0, a),
                        "{geometry:?} level_for({a})"
                    );
                    if pos > u64::from(level) {
                        assert_eq!(
                            level,
                            level_for(geometry, 0, a - 1),
                            "{geometry:?} {}",
                            a - 1
                        );
                    }
                    assert_eq!(
                        level,
                        level_for(geometry, 0, a + 1),
                        "{geometry:?} {}",
                        a + 1
                    );
                }
            }
        }
    }
}
