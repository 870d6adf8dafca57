//! Exhaustive and boundary tests of the wheel's arithmetic (`level_for`,
//! `slot_for`, window starts) against an independent oracle written with
//! divisions instead of bit tricks.
#![cfg(not(target_arch = "wasm32"))] // native only: proptest needs an OS random source, or threads
use proptest::prelude::*;
use runtime_core::TimerId;
use runtime_core::time::wheel::{Expiration, Geometry, Location, Wheel, level_for, slot_for};

const GEOMETRIES: [Geometry; 2] = [Geometry::TOKIO, Geometry::SMALL];

/// The finest level at which `elapsed` and `when` are in the same window of
/// the whole level (same digits above it); the top level if none is.
fn level_oracle(g: Geometry, elapsed: u64, when: u64) -> u8 {
    (0..g.levels())
        .find(|&l| elapsed / g.level_range(l) == when / g.level_range(l))
        .unwrap_or(g.levels() - 1)
}

fn slot_oracle(g: Geometry, when: u64, level: u8) -> u8 {
    ((when / g.slot_range(level)) % u64::from(g.slots())) as u8
}

/// First start of a `slot` window at `level` strictly after `elapsed`.
fn visit_oracle(g: Geometry, elapsed: u64, level: u8, slot: u8) -> u64 {
    let range = g.slot_range(level);
    let mut t = (elapsed / range + 1) * range;
    while slot_oracle(g, t, level) != slot {
        t += range;
    }
    t
}

#[test]
fn geometry_constants() {
    assert_eq!((Geometry::TOKIO.levels(), Geometry::TOKIO.slots()), (6, 64));
    assert_eq!(Geometry::TOKIO.max_duration(), (1 << 36) - 1);
    assert_eq!((Geometry::SMALL.levels(), Geometry::SMALL.slots()), (4, 8));
    assert_eq!(Geometry::SMALL.max_duration(), 4095);
    for g in GEOMETRIES {
        let slots = u64::from(g.slots());
        for l in 0..g.levels() {
            assert_eq!(g.slot_range(l), slots.pow(u32::from(l)));
            assert_eq!(g.level_range(l), slots.pow(u32::from(l) + 1));
        }
        assert_eq!(g.max_duration(), slots.pow(u32::from(g.levels())) - 1);
    }
}

#[test]
fn geometry_validation() {
    let mut valid = 0;
    for levels in 0..=10u8 {
        for bits in 0..=8u8 {
            let ok = (1..=6).contains(&bits)
                && (1..=8).contains(&levels)
                && u32::from(levels) * u32::from(bits) <= 48;
            assert_eq!(
                Geometry::try_new(levels, bits).is_some(),
                ok,
                "{levels}x{bits}"
            );
            valid += usize::from(ok);
        }
    }
    assert_eq!(valid, 48, "8 x 6 = 48 bits is the largest");
    assert_eq!(Geometry::try_new(8, 6), Some(Geometry::new(8, 6)));
    assert_eq!(Geometry::new(8, 6).max_duration(), (1 << 48) - 1);
}

#[test]
fn worked_examples() {
    let g = Geometry::SMALL;
    // 0o2300 vs 0o2322: the digits first differ at digit 1.
    assert_eq!(level_for(g, 0o2300, 0o2322), 1);
    assert_eq!(slot_for(g, 0o2322, 1), 2);
    assert_eq!(level_for(g, 0, 7), 0);
    assert_eq!(level_for(g, 0, 8), 1);
    assert_eq!(level_for(g, 7, 8), 1);
    assert_eq!(level_for(g, 8, 15), 0);
    assert_eq!(level_for(g, 0, 4095), 3);
    // Beyond the range: clamped into the top level, slot by the deadline's own digit.
    assert_eq!(level_for(g, 0, 4096), 3);
    assert_eq!(slot_for(g, 4096, 3), 0);
    assert_eq!(level_for(g, 4095, 4096), 3);
    assert_eq!(level_for(g, 0, u64::MAX), 3);
    assert_eq!(slot_for(g, u64::MAX, 3), 7);

    let g = Geometry::TOKIO;
    assert_eq!(level_for(g, 0, 63), 0);
    assert_eq!(level_for(g, 0, 64), 1);
    assert_eq!(level_for(g, 0, 4095), 1);
    assert_eq!(level_for(g, 0, 4096), 2);
    assert_eq!(level_for(g, 0, (1 << 36) - 1), 5);
    assert_eq!(level_for(g, 0, 1 << 36), 5);
    assert_eq!(level_for(g, 1 << 40, (1 << 40) + 1), 0);
}

/// The state drawn in the module docs.
#[test]
fn module_doc_picture() {
    let mut wheel = Wheel::new(Geometry::SMALL);
    assert!(wheel.poll(0o2301).is_none());
    let at = |level, slot| Location { level, slot };
    let placed: Vec<(char, Location)> = [
        ('A', 0o2305),
        ('B', 0o2322),
        ('C', 0o2610),
        ('D', 0o5000),
        ('E', 0o12000),
    ]
    .into_iter()
    .zip(1..)
    .map(|((name, when), id)| (name, wheel.insert(TimerId(id), when, name).unwrap().1))
    .collect();
    assert_eq!(
        placed,
        [
            ('A', at(0, 5)),
            ('B', at(1, 2)),
            ('C', at(2, 6)),
            ('D', at(3, 5)),
            ('E', at(3, 2))
        ]
    );
    assert_eq!(
        (0..4).map(|l| wheel.cursor(l)).collect::<Vec<_>>(),
        [1, 0, 3, 2]
    );
    assert!(
        0o12000 - 0o2301 <= Geometry::SMALL.max_duration(),
        "E is within range..."
    );
    assert_eq!(
        level_for(Geometry::SMALL, 0o2301, 0o12000),
        3,
        "...but clamped by the xor"
    );
    while wheel.poll(0o2320).is_some() {}
    let moves: Vec<_> = wheel.take_cascades().collect();
    assert_eq!(
        moves.last().map(|c| (c.id, c.from, c.to)),
        Some((TimerId(2), at(1, 2), at(0, 2)))
    );
}

/// Every (elapsed, when) pair with `elapsed` over more than one full rotation
/// of the small wheel and `when` from `elapsed` to past the clamp boundary.
#[test]
fn small_level_for_exhaustive() {
    let g = Geometry::SMALL;
    let range = g.max_duration() + 1;
    let mut pairs = 0u64;
    for elapsed in (0..range + 80).chain(u64::MAX - 80..=u64::MAX - 1) {
        // Up to one level-2 slot past the range: covers the clamp boundary.
        for when in elapsed..=elapsed.saturating_add(range + 600) {
            let level = level_for(g, elapsed, when);
            assert_eq!(
                level,
                level_oracle(g, elapsed, when),
                "level_for({elapsed}, {when})"
            );
            if when - elapsed > g.max_duration() {
                assert_eq!(level, g.levels() - 1, "clamp ({elapsed}, {when})");
            }
            pairs += 1;
        }
    }
    assert!(pairs > 19_000_000, "{pairs}");
}

#[test]
fn slot_for_exhaustive() {
    for g in GEOMETRIES {
        let span = if g == Geometry::SMALL {
            4 * (g.max_duration() + 1)
        } else {
            1 << 20
        };
        for when in (0..span).chain(u64::MAX - span..=u64::MAX) {
            for level in 0..g.levels() {
                assert_eq!(
                    slot_for(g, when, level),
                    slot_oracle(g, when, level),
                    "{g:?} {when} {level}"
                );
            }
        }
    }
}

/// Tokio-sized wheel: every slot boundary of every level (+-1), against a
/// spread of `elapsed` values that sit on and next to boundaries too.
#[test]
fn tokio_level_for_boundaries() {
    let g = Geometry::TOKIO;
    let mut anchors = vec![0u64, 1, u64::MAX - (1 << 37)];
    for l in 0..g.levels() {
        for k in [1u64, 2, 31, 63, 64, 65] {
            let b = k * g.slot_range(l);
            anchors.extend([b - 1, b, b + 1]);
        }
    }
    for &elapsed in &anchors {
        for l in 0..g.levels() {
            for s in 0..u64::from(g.slots()) * 2 + 1 {
                for adj in [-1i64, 0, 1] {
                    let Some(when) = (elapsed & !(g.slot_range(l) - 1))
                        .checked_add(s * g.slot_range(l))
                        .and_then(|w| w.checked_add_signed(adj))
                    else {
                        continue;
                    };
                    if when < elapsed {
                        continue;
                    }
                    assert_eq!(
                        level_for(g, elapsed, when),
                        level_oracle(g, elapsed, when),
                        "level_for({elapsed}, {when})"
                    );
                }
            }
        }
        for far in [
            g.max_duration() - 1,
            g.max_duration(),
            g.max_duration() + 1,
            1 << 40,
        ] {
            if let Some(when) = elapsed.checked_add(far) {
                assert_eq!(level_for(g, elapsed, when), level_oracle(g, elapsed, when));
                if far > g.max_duration() {
                    assert_eq!(level_for(g, elapsed, when), g.levels() - 1);
                }
            }
        }
    }
}

/// Insert one timer at a time and check where it lands and when the wheel
/// says it must look at it: for a timer within range that is the start of
/// the window containing its deadline; for a clamped one, the next sweep of
/// its top-level slot. Never after the deadline.
#[test]
fn placement_and_next_expiration() {
    for g in GEOMETRIES {
        let range = g.max_duration() + 1;
        let small = g == Geometry::SMALL;
        let starts: Vec<u64> = if small {
            (0..range + 16)
                .step_by(37)
                .chain([63, 64, 511, 512, 4095, 4096, 8191])
                .collect()
        } else {
            vec![
                0,
                1,
                63,
                64,
                4095,
                4096,
                (1 << 30) + 5,
                (1 << 36) - 1,
                1 << 36,
                3 << 36,
            ]
        };
        for &elapsed in &starts {
            let mut wheel: Wheel<()> = Wheel::new(g);
            assert!(wheel.poll(elapsed).is_none());
            assert_eq!(wheel.elapsed(), elapsed);
            let whens: Vec<u64> = if small {
                (elapsed + 1..=elapsed + 3 * range).collect()
            } else {
                let mut w = Vec::new();
                for l in 0..g.levels() {
                    for k in [1u64, 2, 63, 64, 65, 200] {
                        let b = elapsed + k * g.slot_range(l);
                        w.extend([b - 1, b, b + 1]);
                    }
                }
                w.extend([
                    elapsed + range - 1,
                    elapsed + range,
                    elapsed + 5 * range + 7,
                ]);
                w.retain(|&w| w > elapsed);
                w
            };
            for when in whens {
                let (key, loc) = wheel.insert(TimerId(1), when, ()).unwrap();
                let level = level_oracle(g, elapsed, when);
                assert_eq!(
                    loc,
                    Location {
                        level,
                        slot: slot_oracle(g, when, level)
                    },
                    "{when}"
                );
                assert_eq!(wheel.cursor(level), slot_oracle(g, elapsed, level));
                let e = wheel.next_expiration().unwrap();
                let visit = visit_oracle(g, elapsed, loc.level, loc.slot);
                assert_eq!(
                    e,
                    Expiration {
                        level: loc.level,
                        slot: loc.slot,
                        deadline: visit
                    }
                );
                assert!(visit <= when, "visit {visit} after deadline {when}");
                if when - elapsed <= g.max_duration() {
                    assert_eq!(
                        visit,
                        when & !(g.slot_range(level) - 1),
                        "within range: window start"
                    );
                }
                assert_eq!(wheel.remove(key), Some(((), loc)));
                assert!(wheel.next_expiration().is_none());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn level_and_slot_match_oracle(elapsed in any::<u64>(), dist in prop_oneof![
        0u64..64, 0u64..1 << 12, 0u64..1 << 24, 0u64..1 << 37, any::<u64>()
    ]) {
        for g in GEOMETRIES {
            let when = elapsed.saturating_add(dist);
            let level = level_for(g, elapsed, when);
            prop_assert_eq!(level, level_oracle(g, elapsed, when));
            if dist > g.max_duration() && when - elapsed == dist {
                prop_assert_eq!(level, g.levels() - 1);
            }
            for l in 0..g.levels() {
                prop_assert_eq!(slot_for(g, when, l), slot_oracle(g, when, l));
            }
        }
    }
}
