//! The wheel against a model: a `BTreeMap<(deadline, id), value>` whose
//! iteration order *is* the firing-order contract.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source, or threads
extern crate alloc;

use alloc::collections::BTreeMap;

use proptest::prelude::*;
use runtime_core::time::wheel::{
    Cascade, Fired, Geometry, InsertError, Location, TimerKey, Wheel, level_for, slot_for,
};
use runtime_core::{Tick, TimerId};

#[derive(Clone, Debug)]
enum Op {
    /// Insert at `elapsed + delta` (delta 0 must be refused).
    Insert { delta: u64, descending_id: bool },
    /// Insert at the deadline some earlier timer was given (equal deadlines).
    InsertSame { pick: usize, descending_id: bool },
    /// Remove through a previously issued key (live or stale).
    Remove { pick: usize },
    /// Remove a timer that has expired but not been handed out yet.
    RemovePending { pick: usize },
    /// Remove through a key with a live index but an id never issued.
    RemoveForged { pick: usize },
    /// `poll` until `None` with `now = elapsed + delta`.
    PollTo { delta: u64 },
    /// Drain up to exactly the next expiration the wheel reports.
    PollToNext,
    /// Drain up to exactly the smallest pending deadline.
    PollToMin,
    /// A single `poll` call, leaving the rest of a batch pending.
    PollOne { delta: u64 },
}

fn delta(g: Geometry) -> impl Strategy<Value = u64> {
    let max = g.max_duration();
    let slots = u64::from(g.slots());
    prop_oneof![
        2 => 0..=3u64,
        4 => 1..=2 * slots,
        4 => (0..g.levels(), 1..=slots, -1i64..=1)
            .prop_map(move |(l, k, adj)| (k * g.slot_range(l)).saturating_add_signed(adj)),
        3 => 1..=max,
        1 => (max - 2)..=(max + 2),
        2 => (max + 1)..=(4 * max),
    ]
}

fn op(g: Geometry) -> impl Strategy<Value = Op> {
    let id_mode = prop::bool::weighted(0.15);
    prop_oneof![
        6 => (delta(g), id_mode).prop_map(|(delta, descending_id)| Op::Insert { delta, descending_id }),
        3 => (any::<usize>(), id_mode).prop_map(|(pick, descending_id)| Op::InsertSame { pick, descending_id }),
        2 => any::<usize>().prop_map(|pick| Op::Remove { pick }),
        1 => any::<usize>().prop_map(|pick| Op::RemoveForged { pick }),
        1 => any::<usize>().prop_map(|pick| Op::RemovePending { pick }),
        2 => delta(g).prop_map(|delta| Op::PollTo { delta }),
        1 => Just(Op::PollToNext),
        1 => Just(Op::PollToMin),
        2 => delta(g).prop_map(|delta| Op::PollOne { delta }),
    ]
}

struct Issued {
    key: TimerKey,
    deadline: Tick,
}

struct Harness {
    wheel: Wheel<u64>,
    model: BTreeMap<(Tick, TimerId), u64>,
    issued: Vec<Issued>,
    next_up: u32,
    next_down: u32,
    next_value: u64,
}

/// Where every filed timer is, from the drawing API (`iter_slot`).
fn snapshot(wheel: &Wheel<u64>) -> BTreeMap<TimerId, Location> {
    let g = wheel.geometry();
    let mut out = BTreeMap::new();
    for level in 0..g.levels() {
        for slot in 0..g.slots() {
            for (id, deadline) in wheel.iter_slot(level, slot) {
                assert_eq!(slot_for(g, deadline, level), slot, "{id:?}");
                assert!(
                    out.insert(id, Location { level, slot }).is_none(),
                    "{id:?} twice"
                );
            }
        }
    }
    out
}

impl Harness {
    fn new(g: Geometry) -> Harness {
        Harness {
            wheel: Wheel::new(g),
            model: BTreeMap::new(),
            issued: Vec::new(),
            next_up: 0,
            next_down: 1 << 31,
            next_value: 1000,
        }
    }

    fn insert(&mut self, deadline: Tick, descending_id: bool) {
        let id = if descending_id {
            self.next_down -= 1;
            TimerId(self.next_down)
        } else {
            self.next_up += 1;
            TimerId(self.next_up)
        };
        self.next_value += 1;
        let value = self.next_value;
        let elapsed = self.wheel.elapsed();
        match self.wheel.insert(id, deadline, value) {
            Err(InsertError::Elapsed(v)) => {
                assert!(
                    deadline <= elapsed,
                    "refused {deadline} at elapsed={elapsed}"
                );
                assert_eq!(v, value);
            }
            Ok((key, loc)) => {
                assert!(deadline > elapsed);
                assert_eq!(key.id, id);
                let level = level_for(self.wheel.geometry(), elapsed, deadline);
                assert_eq!(
                    loc,
                    Location {
                        level,
                        slot: slot_for(self.wheel.geometry(), deadline, level)
                    }
                );
                assert_eq!(
                    self.wheel.iter_slot(loc.level, loc.slot).last(),
                    Some((id, deadline))
                );
                assert!(self.wheel.take_cascades().next().is_none());
                self.model.insert((deadline, id), value);
                self.issued.push(Issued { key, deadline });
            }
        }
    }

    fn remove(&mut self, key: TimerKey, deadline: Tick) {
        let before = self.wheel.len();
        let was_at = snapshot(&self.wheel).get(&key.id).copied();
        let pending = self.wheel.iter_pending().any(|(id, _)| id == key.id);
        let got = self.wheel.remove(key);
        match self.model.remove(&(deadline, key.id)) {
            Some(value) => {
                let (v, loc) = got.expect("live key must remove");
                assert_eq!(v, value);
                if !pending {
                    assert_eq!(Some(loc), was_at);
                }
                assert_eq!(self.wheel.len(), before - 1);
            }
            None => {
                assert!(got.is_none(), "stale key {key:?} removed something");
                assert_eq!(self.wheel.len(), before);
            }
        }
        assert!(!snapshot(&self.wheel).contains_key(&key.id));
    }

    /// Polls to `now`, once or until `None`, and checks the result against the
    /// model and the cascade log against the slot contents.
    fn poll(&mut self, now: Tick, once: bool) {
        let mut locations = snapshot(&self.wheel);
        let mut fired: Vec<Fired<u64>> = Vec::new();
        loop {
            let expected = self.model.first_key_value().filter(|((d, _), _)| *d <= now);
            let expected = expected.map(|(&(d, id), &v)| (d, id, v));
            let got = self.wheel.poll(now);
            assert_eq!(
                got.as_ref().map(|f| (f.deadline, f.id, f.value)),
                expected,
                "poll({now})"
            );
            match got {
                Some(f) => {
                    self.model.pop_first();
                    assert!(f.deadline <= now && f.deadline == self.wheel.elapsed());
                    fired.push(f);
                    if once {
                        break;
                    }
                }
                None => {
                    assert_eq!(self.wheel.elapsed(), now);
                    break;
                }
            }
        }

        // Replay the log: each move must start where the timer was.
        for Cascade { id, from, to } in self.wheel.take_cascades() {
            assert_ne!(from, to);
            let at = locations
                .get_mut(&id)
                .unwrap_or_else(|| panic!("{id:?} moved but unknown"));
            assert_eq!(*at, from, "{id:?} cascade from the wrong place");
            *at = to;
        }
        assert!(
            self.wheel.take_cascades().next().is_none(),
            "drain leaves the log empty"
        );
        for f in &fired {
            if let Some(at) = locations.remove(&f.id) {
                assert_eq!(at, f.location, "{:?} fired from an unlogged place", f.id);
            }
        }
        let pending: Vec<TimerId> = self.wheel.iter_pending().map(|(id, _)| id).collect();
        for id in &pending {
            locations.remove(id);
        }
        assert_eq!(locations, snapshot(&self.wheel), "a move was not logged");
    }

    fn check(&self) {
        self.wheel.assert_invariants();
        assert_eq!(self.wheel.len(), self.model.len());
        assert_eq!(self.wheel.is_empty(), self.model.is_empty());
        let elapsed = self.wheel.elapsed();
        match (self.wheel.next_expiration(), self.model.first_key_value()) {
            (None, None) => {}
            (Some(e), Some((&(min, _), _))) => {
                assert!(
                    e.deadline <= min,
                    "next_expiration {e:?} after smallest deadline {min}"
                );
                assert!(e.deadline >= elapsed);
            }
            (e, m) => panic!("next_expiration {e:?} but model min {m:?}"),
        }
        assert!(self.model.keys().all(|&(d, _)| d >= elapsed));
        for l in 0..self.wheel.geometry().levels() {
            assert_eq!(
                self.wheel.cursor(l),
                slot_for(self.wheel.geometry(), elapsed, l)
            );
        }
    }

    fn apply(&mut self, op: &Op) {
        let elapsed = self.wheel.elapsed();
        match *op {
            Op::Insert {
                delta,
                descending_id,
            } => self.insert(elapsed.saturating_add(delta), descending_id),
            Op::InsertSame {
                pick,
                descending_id,
            } => {
                if let Some(i) = self.issued.get(pick % self.issued.len().max(1)) {
                    self.insert(i.deadline, descending_id);
                }
            }
            Op::Remove { pick } => {
                if let Some(i) = self.issued.get(pick % self.issued.len().max(1)) {
                    let (key, deadline) = (i.key, i.deadline);
                    self.remove(key, deadline);
                }
            }
            Op::RemovePending { pick } => {
                let pending: Vec<TimerId> = self.wheel.iter_pending().map(|(id, _)| id).collect();
                if let Some(&id) = pending.get(pick % pending.len().max(1)) {
                    let i = self.issued.iter().find(|i| i.key.id == id).expect("issued");
                    let (key, deadline) = (i.key, i.deadline);
                    self.remove(key, deadline);
                }
            }
            Op::RemoveForged { pick } => {
                if let Some(i) = self.issued.get(pick % self.issued.len().max(1)) {
                    let forged = TimerKey {
                        index: i.key.index,
                        id: TimerId(u32::MAX),
                    };
                    let before = self.wheel.len();
                    assert!(self.wheel.remove(forged).is_none());
                    assert_eq!(self.wheel.len(), before);
                }
            }
            Op::PollTo { delta } => self.poll(elapsed.saturating_add(delta), false),
            Op::PollOne { delta } => self.poll(elapsed.saturating_add(delta), true),
            Op::PollToNext => {
                if let Some(e) = self.wheel.next_expiration() {
                    self.poll(e.deadline, false);
                }
            }
            Op::PollToMin => {
                if let Some((&(min, id), _)) = self.model.first_key_value() {
                    self.poll(min, true);
                    assert!(
                        !self.model.contains_key(&(min, id)),
                        "smallest deadline skipped"
                    );
                    self.poll(min, false);
                }
            }
        }
        self.check();
    }

    /// Drain everything: each timer still registered fires exactly once.
    fn finish(&mut self) {
        let last = self.model.last_key_value().map(|(&(d, _), _)| d);
        if let Some(last) = last {
            self.poll(last, false);
        }
        assert!(self.model.is_empty() && self.wheel.is_empty());
        self.check();
    }
}

fn run(g: Geometry, ops: &[Op]) {
    let mut h = Harness::new(g);
    for op in ops {
        h.apply(op);
    }
    h.finish();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn model_small(ops in prop::collection::vec(op(Geometry::SMALL), 1..200)) {
        run(Geometry::SMALL, &ops);
    }

    #[test]
    fn model_tokio(ops in prop::collection::vec(op(Geometry::TOKIO), 1..200)) {
        run(Geometry::TOKIO, &ops);
    }

    #[test]
    fn model_tiny_geometries(
        levels in 1u8..=4,
        bits in 1u8..=2,
        ops in prop::collection::vec(op(Geometry::new(4, 2)), 1..120),
    ) {
        run(Geometry::new(levels, bits), &ops);
    }
}

/// Every timer fires exactly once even across many top-level rotations.
#[test]
fn far_deadline_wraps_the_top_level_and_fires_on_time() {
    let g = Geometry::SMALL;
    let mut wheel = Wheel::new(g);
    let when = 3 * 4096 + 5;
    let (_, loc) = wheel.insert(TimerId(1), when, "far").unwrap();
    assert_eq!(loc, Location { level: 3, slot: 0 });
    // Sweeps of the top slot at 4096 and 8192 put it straight back.
    assert!(wheel.poll(when - 1).is_none());
    let moves: Vec<Cascade> = wheel.take_cascades().collect();
    assert_eq!(
        moves,
        [Cascade {
            id: TimerId(1),
            from: Location { level: 3, slot: 0 },
            to: Location { level: 0, slot: 5 }
        }]
    );
    assert_eq!(
        wheel.iter_slot(0, 5).collect::<Vec<_>>(),
        [(TimerId(1), when)]
    );
    let f = wheel.poll(when).unwrap();
    assert_eq!(
        (f.id, f.deadline, f.value, f.location),
        (TimerId(1), when, "far", Location { level: 0, slot: 5 })
    );
    assert!(wheel.poll(u64::MAX).is_none());
    assert_eq!(wheel.elapsed(), u64::MAX);
}

/// A wrapped deadline parked in the top-level slot under the cursor is due a
/// whole rotation later; it must not hide a nearer top-level slot (the case
/// tokio-rs/tokio#8334 fixed in Tokio).
#[test]
fn wrapped_top_slot_does_not_hide_a_nearer_one() {
    let mut wheel = Wheel::new(Geometry::SMALL);
    let (_, far) = wheel.insert(TimerId(1), 4096 + 3, ()).unwrap();
    assert_eq!((far, wheel.cursor(3)), (Location { level: 3, slot: 0 }, 0));
    let (_, near) = wheel.insert(TimerId(2), 1024, ()).unwrap();
    assert_eq!(near, Location { level: 3, slot: 2 });
    let next = wheel.next_expiration().unwrap();
    assert_eq!((next.level, next.slot, next.deadline), (3, 2, 1024));
    assert_eq!(wheel.poll(1024).map(|f| f.id), Some(TimerId(2)));
    assert!(wheel.poll(4096 + 2).is_none());
    assert_eq!(wheel.poll(4096 + 3).map(|f| f.id), Some(TimerId(1)));
}

#[test]
fn cascade_log_records_every_move_and_drains() {
    let g = Geometry::SMALL;
    let mut wheel = Wheel::new(g);
    // 0o1234 = 668: level 3 slot 1, then level 2 slot 2, level 1 slot 3, level 0 slot 4.
    wheel.insert(TimerId(1), 0o1234, ()).unwrap();
    // 0o1230: fires straight from level 1 slot 3 (its window starts on it).
    wheel.insert(TimerId(2), 0o1230, ()).unwrap();
    assert!(
        wheel
            .poll(0o1233)
            .is_some_and(|f| f.id == TimerId(2) && f.location == Location { level: 1, slot: 3 })
    );
    assert!(wheel.poll(0o1233).is_none());
    let at = |level, slot| Location { level, slot };
    let moved = |id, from, to| Cascade {
        id: TimerId(id),
        from,
        to,
    };
    let log: Vec<Cascade> = wheel.take_cascades().collect();
    assert_eq!(
        log,
        [
            moved(1, at(3, 1), at(2, 2)),
            moved(2, at(3, 1), at(2, 2)),
            moved(1, at(2, 2), at(1, 3)),
            moved(2, at(2, 2), at(1, 3)),
            moved(1, at(1, 3), at(0, 4)),
        ]
    );
    assert_eq!(wheel.take_cascades().count(), 0, "draining empties the log");
    let f = wheel.poll(0o1234).unwrap();
    assert_eq!((f.id, f.location), (TimerId(1), at(0, 4)));
    assert_eq!(wheel.take_cascades().count(), 0);
}

/// The brief's case: equal deadlines, the earlier-registered timer reaches the
/// level-0 slot by a cascade, the later one is inserted there directly.
#[test]
fn equal_deadlines_cascade_and_direct_fire_in_id_order() {
    let mut wheel = Wheel::new(Geometry::SMALL);
    let (_, a) = wheel.insert(TimerId(1), 10, 'a').unwrap();
    assert_eq!(a, Location { level: 1, slot: 1 });
    assert!(wheel.poll(8).is_none()); // level-1 slot 1 opens at 8: A cascades.
    assert_eq!(
        wheel.take_cascades().collect::<Vec<_>>(),
        [Cascade {
            id: TimerId(1),
            from: a,
            to: Location { level: 0, slot: 2 }
        }]
    );
    let (_, b) = wheel.insert(TimerId(2), 10, 'b').unwrap();
    assert_eq!(b, Location { level: 0, slot: 2 }); // direct
    assert_eq!(
        wheel.iter_slot(0, 2).map(|(id, _)| id).collect::<Vec<_>>(),
        [TimerId(1), TimerId(2)]
    );
    let order: Vec<(TimerId, char)> = core::iter::from_fn(|| wheel.poll(10))
        .map(|f| (f.id, f.value))
        .collect();
    assert_eq!(order, [(TimerId(1), 'a'), (TimerId(2), 'b')]);
}

/// Same, but the caller assigned the cascaded (earlier-registered) timer the
/// larger id: the slot is then out of id order and the batch gets sorted.
#[test]
fn equal_deadlines_out_of_order_ids_are_sorted() {
    let mut wheel = Wheel::new(Geometry::SMALL);
    wheel.insert(TimerId(9), 10, 'c').unwrap();
    wheel.insert(TimerId(7), 10, 'a').unwrap();
    assert!(wheel.poll(8).is_none());
    wheel.insert(TimerId(8), 10, 'b').unwrap();
    wheel.insert(TimerId(3), 10, 'z').unwrap();
    assert_eq!(
        wheel
            .iter_slot(0, 2)
            .map(|(id, _)| id.0)
            .collect::<Vec<_>>(),
        [9, 7, 8, 3],
        "list order is arrival order"
    );
    let first = wheel.poll(10).unwrap();
    assert_eq!(first.id, TimerId(3));
    assert_eq!(
        wheel.iter_pending().map(|(id, _)| id.0).collect::<Vec<_>>(),
        [7, 8, 9]
    );
    let rest: Vec<u32> = core::iter::from_fn(|| wheel.poll(10))
        .map(|f| f.id.0)
        .collect();
    assert_eq!(rest, [7, 8, 9]);
}

#[test]
fn elapsed_and_stale_keys() {
    let mut wheel = Wheel::new(Geometry::TOKIO);
    assert_eq!(
        wheel.insert(TimerId(1), 0, "x"),
        Err(InsertError::Elapsed("x"))
    );
    let (k1, _) = wheel.insert(TimerId(1), 5, "one").unwrap();
    assert_eq!(wheel.remove(k1).map(|(v, _)| v), Some("one"));
    assert_eq!(wheel.remove(k1), None);
    // Index reused by another id: the old key stays dead.
    let (k2, _) = wheel.insert(TimerId(2), 5, "two").unwrap();
    assert_eq!(k2.index, k1.index);
    assert_eq!(wheel.remove(k1), None);
    assert_eq!(wheel.len(), 1);
    assert_eq!(wheel.poll(5).map(|f| f.value), Some("two"));
    assert_eq!(wheel.remove(k2), None);
    assert_eq!(
        wheel
            .insert(TimerId(3), 5, "late")
            .map_err(InsertError::into_inner),
        Err("late")
    );
    assert!(wheel.is_empty());
}
