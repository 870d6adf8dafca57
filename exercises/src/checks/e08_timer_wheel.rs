//! Checks for exercise 8: a timer wheel. Every operation is replayed on runtime-core's own
//! wheel (`runtime_core::time::wheel::Wheel`, the one its timer driver uses) and the results
//! compared: where each timer is filed, which timers fire at each advance, and every cascade.

use super::e07_wheel_math::Lcg;
use crate::support::{TraceBuilder, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::collections::BTreeMap;
use core::marker::PhantomData;
use runtime_core::time::wheel::{self, Cascade, Geometry, Location, TimerKey};
use runtime_core::trace::Event;
use runtime_core::{Config, EventRecord, Tick, TimerId};

/// What the learner writes.
pub trait Subject: 'static {
    type Wheel;
    fn new(geometry: Geometry) -> Self::Wheel;
    fn insert(w: &mut Self::Wheel, id: TimerId, deadline: Tick) -> Option<Location>;
    fn cancel(w: &mut Self::Wheel, id: TimerId) -> Option<Location>;
    /// Fired timers as `(id, deadline)`.
    fn advance(w: &mut Self::Wheel, now: Tick) -> Vec<(TimerId, Tick)>;
    fn take_cascades(w: &mut Self::Wheel) -> Vec<Cascade>;
    fn slot(w: &Self::Wheel, level: u8, slot: u8) -> Vec<TimerId>;
}

macro_rules! subject {
    ($marker:ty, $wheel:ty) => {
        impl Subject for $marker {
            type Wheel = $wheel;
            fn new(geometry: Geometry) -> Self::Wheel {
                Self::Wheel::new(geometry)
            }
            fn insert(w: &mut Self::Wheel, id: TimerId, deadline: Tick) -> Option<Location> {
                w.insert(id, deadline)
            }
            fn cancel(w: &mut Self::Wheel, id: TimerId) -> Option<Location> {
                w.cancel(id)
            }
            fn advance(w: &mut Self::Wheel, now: Tick) -> Vec<(TimerId, Tick)> {
                w.advance(now)
                    .into_iter()
                    .map(|t| (t.id, t.deadline))
                    .collect()
            }
            fn take_cascades(w: &mut Self::Wheel) -> Vec<Cascade> {
                w.take_cascades()
            }
            fn slot(w: &Self::Wheel, level: u8, slot: u8) -> Vec<TimerId> {
                w.slot(level, slot).iter().map(|t| t.id).collect()
            }
        }
    };
}

subject!(Learner, crate::exercises::e08_timer_wheel::Wheel);
subject!(Solution, crate::solutions::e08_timer_wheel::Wheel);

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "insert files each timer at level_for / slot_for",
            points: 2,
            run: inserts::<S>,
        },
        Check {
            name: "cancel takes the timer out of its slot",
            points: 2,
            run: cancels::<S>,
        },
        Check {
            name: "advance fires every timer on time, in order",
            points: 3,
            run: fires::<S>,
        },
        Check {
            name: "advance cascades timers down as time reaches their slot",
            points: 3,
            run: cascades::<S>,
        },
    ];
}

/// runtime-core's wheel, driven with the same operations.
struct Model {
    wheel: wheel::Wheel<()>,
    keys: BTreeMap<TimerId, TimerKey>,
}

impl Model {
    fn new(g: Geometry) -> Model {
        Model {
            wheel: wheel::Wheel::new(g),
            keys: BTreeMap::new(),
        }
    }
    fn insert(&mut self, id: TimerId, deadline: Tick) -> Option<Location> {
        let (key, at) = self.wheel.insert(id, deadline, ()).ok()?;
        self.keys.insert(id, key);
        Some(at)
    }
    fn cancel(&mut self, id: TimerId) -> Option<Location> {
        let key = self.keys.remove(&id)?;
        self.wheel.remove(key).map(|(_, at)| at)
    }
    fn advance(&mut self, now: Tick) -> Vec<(TimerId, Tick)> {
        let mut fired = Vec::new();
        while let Some(f) = self.wheel.poll(now) {
            self.keys.remove(&f.id);
            fired.push((f.id, f.deadline));
        }
        fired
    }
    fn cascades(&mut self) -> Vec<Cascade> {
        self.wheel.take_cascades().collect()
    }
}

fn at(l: Option<Location>) -> String {
    match l {
        Some(l) => format!("level {} slot {}", l.level, l.slot),
        None => String::from("None (refused)"),
    }
}

fn timers(list: &[(TimerId, Tick)]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|(id, d)| format!("timer {} due {d}", id.0))
        .collect();
    format!("[{}]", items.join(", "))
}

fn moves(list: &[Cascade]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|c| {
            format!(
                "timer {} {}/{} -> {}/{}",
                c.id.0, c.from.level, c.from.slot, c.to.level, c.to.slot
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn gname(g: Geometry) -> String {
    format!("{}x{}", g.levels(), g.slots())
}

fn inserts<S: Subject>() -> Result<(), String> {
    for g in [Geometry::SMALL, Geometry::TOKIO] {
        let mut mine = S::new(g);
        let mut model = Model::new(g);
        let deadlines = [
            0, 1, 5, 7, 8, 9, 63, 64, 65, 100, 511, 512, 1217, 4095, 4096, 5000, 300_000,
        ];
        for (i, &d) in deadlines.iter().enumerate() {
            let id = TimerId(i as u32);
            let want = model.insert(id, d);
            let got = S::insert(&mut mine, id, d);
            ensure(got == want, || {
                format!(
                    "on a new {} wheel (elapsed 0), insert(timer {i}, deadline {d}) returned {}; \
                     expected {} ({}).",
                    gname(g),
                    at(got),
                    at(want),
                    super::e07_wheel_math::digits(g, d)
                )
            })?;
            if let Some(l) = want {
                let list = S::slot(&mine, l.level, l.slot);
                ensure(list.last() == Some(&id), || {
                    format!(
                        "after insert(timer {i}, deadline {d}) the timer should be last in level \
                         {} slot {}; that slot holds {list:?}",
                        l.level, l.slot
                    )
                })?;
            }
        }
    }
    Ok(())
}

fn cancels<S: Subject>() -> Result<(), String> {
    let g = Geometry::SMALL;
    let mut mine = S::new(g);
    let mut model = Model::new(g);
    for (i, d) in [3, 5, 5, 5, 20, 70, 600].into_iter().enumerate() {
        model.insert(TimerId(i as u32), d);
        S::insert(&mut mine, TimerId(i as u32), d);
    }
    for id in [2, 4, 6, 2, 99] {
        let id = TimerId(id);
        let want = model.cancel(id);
        let got = S::cancel(&mut mine, id);
        ensure(got == want, || {
            format!(
                "cancel(timer {}) returned {}; expected {}{}",
                id.0,
                at(got),
                at(want),
                if want.is_none() {
                    " (it was cancelled before, or never inserted)"
                } else {
                    ""
                }
            )
        })?;
    }
    let list = S::slot(&mine, 0, 5);
    ensure(list == [TimerId(1), TimerId(3)], || {
        format!(
            "timers 1, 2, 3 were filed in level 0 slot 5 and timer 2 was cancelled: the slot \
             should hold [1, 3] in that order; it holds {:?}",
            list.iter().map(|t| t.0).collect::<Vec<_>>()
        )
    })
}

/// A deterministic mix of inserts, cancels and advances.
#[derive(Clone, Copy, Debug)]
enum Op {
    Insert(TimerId, Tick),
    Cancel(TimerId),
    Advance(Tick),
}

fn script(g: Geometry, seed: u64) -> Vec<Op> {
    let mut rng = Lcg(seed);
    let span = if g == Geometry::SMALL {
        3 * 4096
    } else {
        300_000
    };
    let mut ops = Vec::new();
    let (mut now, mut next_id) = (0, 0u32);
    for _round in 0..12 {
        for _ in 0..6 {
            let ahead = match rng.next() % 4 {
                0 => 1 + rng.next() % 8,
                1 => 1 + rng.next() % 64,
                2 => 1 + rng.next() % 600,
                _ => 1 + rng.next() % span,
            };
            ops.push(Op::Insert(TimerId(next_id), now + ahead));
            next_id += 1;
        }
        if next_id > 3 {
            ops.push(Op::Cancel(TimerId(
                (rng.next() % u64::from(next_id)) as u32,
            )));
        }
        now += 1 + rng.next() % (span / 6);
        // A timer due exactly at the advance's target: it must fire in this advance.
        ops.push(Op::Insert(TimerId(next_id), now));
        next_id += 1;
        ops.push(Op::Advance(now));
    }
    ops.push(Op::Advance(now + span + 1));
    ops
}

/// Runs the scripts on both wheels; `on_advance` compares after each advance.
fn replay<S: Subject>(
    mut on_advance: impl FnMut(
        Geometry,
        Tick,
        Tick,
        &[(TimerId, Tick)],
        &[(TimerId, Tick)],
        &[Cascade],
        &[Cascade],
    ) -> Result<(), String>,
) -> Result<(), String> {
    for (g, seed) in [
        (Geometry::SMALL, 3),
        (Geometry::SMALL, 17),
        (Geometry::TOKIO, 5),
    ] {
        let mut mine = S::new(g);
        let mut model = Model::new(g);
        let mut elapsed = 0;
        for op in script(g, seed) {
            match op {
                Op::Insert(id, d) => {
                    model.insert(id, d);
                    S::insert(&mut mine, id, d);
                }
                Op::Cancel(id) => {
                    model.cancel(id);
                    S::cancel(&mut mine, id);
                }
                Op::Advance(now) => {
                    let want = model.advance(now);
                    let got = S::advance(&mut mine, now);
                    let want_c = model.cascades();
                    let got_c = S::take_cascades(&mut mine);
                    on_advance(g, elapsed, now, &got, &want, &got_c, &want_c)?;
                    elapsed = now;
                }
            }
        }
    }
    Ok(())
}

fn fires<S: Subject>() -> Result<(), String> {
    replay::<S>(|g, from, now, got, want, _, _| {
        ensure(got == want, || {
            let missing: Vec<(TimerId, Tick)> =
                want.iter().filter(|t| !got.contains(t)).copied().collect();
            let extra: Vec<(TimerId, Tick)> =
                got.iter().filter(|t| !want.contains(t)).copied().collect();
            let why = if !missing.is_empty() {
                format!(
                    " It missed {}: a timer must fire at the tick its slot is processed, even \
                     one filed in a higher level (its slot's window starts at its deadline, or \
                     it cascades down first).",
                    timers(&missing)
                )
            } else if !extra.is_empty() {
                format!(" It fired {} too early or twice.", timers(&extra))
            } else {
                String::from(" The order differs: return them sorted by (deadline, id).")
            };
            format!(
                "on a {} wheel, advance({now}) from {from} fired {}; runtime-core's wheel fires \
                 {}.{why}",
                gname(g),
                timers(got),
                timers(want)
            )
        })
    })
}

fn cascades<S: Subject>() -> Result<(), String> {
    replay::<S>(|g, from, now, _, _, got, want| {
        ensure(got == want, || {
            format!(
                "on a {} wheel, advance({now}) from {from} recorded the cascades {}; \
                 runtime-core's wheel records {} (timer id, from level/slot -> to level/slot, \
                 in the order they happen). When a slot's window starts, every timer in it that \
                 is not due is filed again relative to that tick; record a cascade only when it \
                 lands in a different slot.",
                gname(g),
                moves(got),
                moves(want)
            )
        })
    })
}

/// The demo: a short script on a 4x8 wheel, as trace events (where each timer was filed,
/// its cascades, when it fired).
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    match which {
        Which::Learner => Ok(demo_run::<Learner>()),
        Which::Solution => Ok(demo_run::<Solution>()),
    }
}

fn demo_run<S: Subject>() -> Vec<EventRecord> {
    let g = Geometry::SMALL;
    let config = Config {
        wheel: g,
        ..Config::default()
    };
    let mut b = TraceBuilder::new(&config);
    let mut w = S::new(g);
    let mut now = 0;
    let ops = [
        Op::Insert(TimerId(0), 3),
        Op::Insert(TimerId(1), 10),
        Op::Insert(TimerId(2), 64),
        Op::Insert(TimerId(3), 100),
        Op::Insert(TimerId(4), 600),
        Op::Insert(TimerId(5), 5000),
        Op::Advance(10),
        Op::Cancel(TimerId(3)),
        Op::Advance(70),
        Op::Advance(700),
        Op::Advance(5000),
    ];
    for op in ops {
        match op {
            Op::Insert(id, deadline) => {
                if let Some(l) = S::insert(&mut w, id, deadline) {
                    b.push(
                        now,
                        Event::TimerRegistered {
                            timer: id,
                            task: None,
                            deadline,
                            level: l.level,
                            slot: l.slot,
                        },
                    );
                }
            }
            Op::Cancel(id) => {
                if S::cancel(&mut w, id).is_some() {
                    b.push(now, Event::TimerCancelled { timer: id });
                }
            }
            Op::Advance(to) => {
                b.push(to, Event::ClockAdvanced { from: now, to });
                let fired = S::advance(&mut w, to);
                for c in S::take_cascades(&mut w) {
                    b.push(
                        to,
                        Event::TimerCascaded {
                            timer: c.id,
                            from_level: c.from.level,
                            from_slot: c.from.slot,
                            to_level: c.to.level,
                            to_slot: c.to.slot,
                        },
                    );
                }
                for (timer, deadline) in fired {
                    b.push(to, Event::TimerFired { timer, deadline });
                }
                now = to;
            }
        }
    }
    b.finish()
}
