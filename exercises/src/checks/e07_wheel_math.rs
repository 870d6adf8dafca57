//! Checks for exercise 7: timer-wheel arithmetic. The answers are compared with runtime-core's
//! own `level_for` / `slot_for` over thousands of inputs, and with where runtime-core's timer
//! driver really filed timers (`timer_registered ... level= slot=` in a trace).

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::poll_fn;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::Poll;
use runtime_core::time::wheel::{self, Geometry};
use runtime_core::trace::Event;
use runtime_core::{Config, EventRecord, Snapshot, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8;
    fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8;
}

impl Subject for Learner {
    fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8 {
        crate::exercises::e07_wheel_math::level_for(geometry, elapsed, when)
    }
    fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8 {
        crate::exercises::e07_wheel_math::slot_for(geometry, when, level)
    }
}

impl Subject for Solution {
    fn level_for(geometry: Geometry, elapsed: Tick, when: Tick) -> u8 {
        crate::solutions::e07_wheel_math::level_for(geometry, elapsed, when)
    }
    fn slot_for(geometry: Geometry, when: Tick, level: u8) -> u8 {
        crate::solutions::e07_wheel_math::slot_for(geometry, when, level)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "slot_for picks the digit of the level",
            points: 3,
            run: slots::<S>,
        },
        Check {
            name: "level_for picks the highest digit that differs",
            points: 3,
            run: levels::<S>,
        },
        Check {
            name: "level_for puts far deadlines in the top level",
            points: 2,
            run: clamp::<S>,
        },
        Check {
            name: "agrees with runtime-core's timer_registered events",
            points: 2,
            run: trace::<S>,
        },
    ];
}

/// A deterministic stream of test values (a 64-bit LCG).
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }
}

/// A tick written digit by digit, as the wheel reads it.
pub(crate) fn digits(g: Geometry, t: Tick) -> String {
    if g.bits() == 3 {
        return format!("{t} = 0o{t:o}");
    }
    let ds: Vec<String> = (0..g.levels())
        .rev()
        .map(|l| wheel::slot_for(g, t, l).to_string())
        .collect();
    format!(
        "{t} (base-{} digits, top level first: {})",
        g.slots(),
        ds.join(".")
    )
}

fn name(g: Geometry) -> String {
    format!("{}x{}", g.levels(), g.slots())
}

fn check_slot<S: Subject>(g: Geometry, when: Tick, level: u8) -> Result<(), String> {
    let want = wheel::slot_for(g, when, level);
    let got = S::slot_for(g, when, level);
    ensure(got == want, || {
        format!(
            "slot_for({} wheel, when={}, level={level}) returned {got}; expected {want}, the \
             digit of level {level} (shift right by level × bits = {}, keep the low {} bits).",
            name(g),
            digits(g, when),
            u32::from(level) * u32::from(g.bits()),
            g.bits()
        )
    })
}

fn slots<S: Subject>() -> Result<(), String> {
    let g = Geometry::SMALL;
    for when in 0..8192 {
        for level in 0..g.levels() {
            check_slot::<S>(g, when, level)?;
        }
    }
    let g = Geometry::TOKIO;
    let mut rng = Lcg(7);
    for i in 0..20_000u64 {
        let when = if i % 2 == 0 {
            rng.next() % (1 << 36)
        } else {
            rng.next()
        };
        check_slot::<S>(g, when, (i % u64::from(g.levels())) as u8)?;
    }
    Ok(())
}

fn check_level<S: Subject>(g: Geometry, elapsed: Tick, when: Tick) -> Result<(), String> {
    let want = wheel::level_for(g, elapsed, when);
    let got = S::level_for(g, elapsed, when);
    ensure(got == want, || {
        let far = when.saturating_sub(elapsed) > g.max_duration();
        let why = if far {
            format!(
                "the deadline is more than max_duration() = {} ticks ahead, beyond the wheel's \
                 range, so it goes in the top level ({})",
                g.max_duration(),
                g.levels() - 1
            )
        } else if want == 0 && elapsed ^ when < Tick::from(g.slots()) {
            String::from("they differ only in the lowest digit (or not at all): level 0")
        } else if highest_digit(g, elapsed ^ when) >= u32::from(g.levels()) {
            format!(
                "they first differ in digit {}, above the top level, so it goes in the top \
                 level ({want}), capped",
                highest_digit(g, elapsed ^ when)
            )
        } else {
            format!("the highest digit in which they differ is the digit of level {want}")
        };
        format!(
            "level_for({} wheel, elapsed={}, when={}) returned {got}; expected {want}: {why}.",
            name(g),
            digits(g, elapsed),
            digits(g, when)
        )
    })
}

/// The highest digit (in base `slots`) in which two ticks whose XOR is `masked` differ.
fn highest_digit(g: Geometry, masked: Tick) -> u32 {
    (63 - (masked | 1).leading_zeros()) / u32::from(g.bits())
}

fn levels<S: Subject>() -> Result<(), String> {
    let g = Geometry::SMALL;
    for elapsed in [0, 1, 7, 8, 63, 64, 100, 511, 512, 1217, 4000] {
        for ahead in 0..=g.max_duration() {
            check_level::<S>(g, elapsed, elapsed + ahead)?;
        }
    }
    let g = Geometry::TOKIO;
    let mut rng = Lcg(11);
    for _ in 0..20_000 {
        let elapsed = rng.next() % (1 << 40);
        let bits = rng.next() % 37;
        let ahead = rng.next() % (1u64 << bits).min(g.max_duration());
        check_level::<S>(g, elapsed, elapsed + ahead)?;
    }
    Ok(())
}

fn clamp<S: Subject>() -> Result<(), String> {
    for g in [Geometry::SMALL, Geometry::TOKIO] {
        let range = g.max_duration();
        for elapsed in [0, 5, 100, 4095, 1 << 20] {
            for ahead in [range + 1, range + 2, 2 * range, 10 * range, 1 << 47] {
                check_level::<S>(g, elapsed, elapsed + ahead)?;
            }
        }
    }
    Ok(())
}

/// Deadlines registered at t=0, then (after the wheel has moved to 70) at t=70.
const FIRST: [Tick; 12] = [3, 7, 8, 9, 63, 64, 100, 511, 512, 1217, 4095, 5000];
const LATER: [Tick; 8] = [71, 72, 80, 127, 128, 200, 600, 4000];

/// Registers the timers on a 4x8 wheel and runs; every timer is cancelled at the end.
fn program() -> Run {
    let config = Config {
        wheel: Geometry::SMALL,
        ..support::config()
    };
    let mut rt = support::runtime(config);
    let h = rt.handle().clone();
    rt.spawn("timers", async move {
        for batch in [&FIRST[..], &LATER[..]] {
            let mut sleeps: Vec<_> = batch.iter().map(|&d| h.sleep_until(d)).collect();
            // Poll each once: that registers its timer in the wheel.
            poll_fn(|cx| {
                for s in &mut sleeps {
                    let _ = Pin::new(s).poll(cx);
                }
                Poll::Ready(())
            })
            .await;
            drop(sleeps);
            h.sleep_until(70).await;
        }
    });
    Run::of(&mut rt)
}

/// A `timer_registered` event (by index), the wheel's time then, the deadline, where
/// runtime-core filed the timer and where the learner's functions file it.
type Placement = (usize, Tick, Tick, (u8, u8), (u8, u8));

/// Each `timer_registered` with where the learner's code would file it.
fn compare<S: Subject>(run: &Run) -> Vec<Placement> {
    let g = Geometry::SMALL;
    let mut snap = Snapshot::new();
    let mut out = Vec::new();
    for (i, r) in run.events.iter().enumerate() {
        if let Event::TimerRegistered {
            deadline,
            level,
            slot,
            ..
        } = r.event
        {
            let elapsed = snap.wheel_elapsed;
            let l = S::level_for(g, elapsed, deadline);
            let s = S::slot_for(g, deadline, l);
            out.push((i, elapsed, deadline, (level, slot), (l, s)));
        }
        snap.apply(r);
    }
    out
}

fn trace<S: Subject>() -> Result<(), String> {
    let run = program();
    for (i, elapsed, deadline, real, mine) in compare::<S>(&run) {
        ensure(real == mine, || {
            format!(
                "runtime-core filed the timer due at {} (the wheel at {}) in level {} slot {}: \
                 {}. Your level_for/slot_for give level {} slot {}.",
                digits(Geometry::SMALL, deadline),
                digits(Geometry::SMALL, elapsed),
                real.0,
                real.1,
                run.quote(i),
                mine.0,
                mine.1
            )
        })?;
    }
    Ok(())
}

/// The demo: runtime-core's trace of the program, with each timer filed where the learner's
/// (or the solution's) `level_for` and `slot_for` put it.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = program();
    let placed = match which {
        Which::Learner => compare::<Learner>(&run),
        Which::Solution => compare::<Solution>(&run),
    };
    let mut events = run.events;
    for (i, _, _, _, (l, s)) in placed {
        if let Event::TimerRegistered { level, slot, .. } = &mut events[i].event {
            *level = l;
            *slot = s;
        }
    }
    Ok(events)
}
