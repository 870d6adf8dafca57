//! Checks for exercise 11: work stealing. The functions are tested on queues directly, then
//! against runtime-core's own steals: a 3-worker program runs, and at every `stolen` event of
//! its trace the learner's `steal_half` is applied to the queues as they were just before it
//! (folded from the trace with `replay::Snapshot`) and must leave them as they were after.

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::collections::VecDeque;
use runtime_core::trace::Event;
use runtime_core::{Config, EventRecord, Snapshot, TaskId};

/// What the learner writes (the checks use `String` tasks, which cannot be copied).
pub trait Subject: 'static {
    fn steal_half(victim: &mut VecDeque<String>, thief: &mut VecDeque<String>) -> usize;
    fn find_task(
        me: usize,
        locals: &mut [VecDeque<String>],
        inject: &mut VecDeque<String>,
    ) -> Option<String>;
    fn steal_ids(victim: &mut VecDeque<TaskId>, thief: &mut VecDeque<TaskId>) -> usize;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            fn steal_half(victim: &mut VecDeque<String>, thief: &mut VecDeque<String>) -> usize {
                crate::$module::e11_work_stealing::steal_half(victim, thief)
            }
            fn find_task(
                me: usize,
                locals: &mut [VecDeque<String>],
                inject: &mut VecDeque<String>,
            ) -> Option<String> {
                crate::$module::e11_work_stealing::find_task(me, locals, inject)
            }
            fn steal_ids(victim: &mut VecDeque<TaskId>, thief: &mut VecDeque<TaskId>) -> usize {
                crate::$module::e11_work_stealing::steal_half(victim, thief)
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "steal_half takes the oldest half, rounded up",
            points: 3,
            run: half::<S>,
        },
        Check {
            name: "steal_half loses nothing and keeps the order",
            points: 2,
            run: nothing_lost::<S>,
        },
        Check {
            name: "find_task: own queue, inject queue, then a sibling's half, running the last",
            points: 3,
            run: order::<S>,
        },
        Check {
            name: "agrees with runtime-core's stolen events",
            points: 2,
            run: trace::<S>,
        },
    ];
}

fn queue(prefix: &str, n: usize) -> VecDeque<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

fn half<S: Subject>() -> Result<(), String> {
    for n in 0..=9 {
        for thief_len in [0, 1] {
            let mut victim = queue("t", n);
            let mut thief = queue("x", thief_len);
            let count = S::steal_half(&mut victim, &mut thief);
            let want = n - n / 2;
            let mut want_thief = queue("x", thief_len);
            want_thief.extend(queue("t", n).into_iter().take(want));
            let want_victim: VecDeque<String> = queue("t", n).into_iter().skip(want).collect();
            ensure(
                count == want && thief == want_thief && victim == want_victim,
                || {
                    format!(
                        "steal_half from a victim holding {:?} into a thief holding {:?}: expected \
                     to move {want} task(s) — half of {n}, rounded up (`n - n / 2`), the oldest \
                     first — leaving the thief {:?} and the victim {:?}; it returned {count} and \
                     left the thief {:?} and the victim {:?}.",
                        queue("t", n),
                        queue("x", thief_len),
                        want_thief,
                        want_victim,
                        thief,
                        victim
                    )
                },
            )?;
        }
    }
    Ok(())
}

fn nothing_lost<S: Subject>() -> Result<(), String> {
    for n in [10, 31, 64, 128, 255, 256] {
        let mut victim = queue("t", n);
        let mut thief = queue("x", 3);
        let count = S::steal_half(&mut victim, &mut thief);
        let all: Vec<&String> = thief.iter().skip(3).chain(victim.iter()).collect();
        let lost: Vec<String> = queue("t", n)
            .into_iter()
            .filter(|t| !all.contains(&t))
            .collect();
        ensure(lost.is_empty() && count == thief.len() - 3, || {
            format!(
                "steal_half on a queue of {n}: {} task(s) vanished ({}), and it returned {count} \
                 for {} moved. Every task must end up in exactly one of the two queues.",
                lost.len(),
                lost.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                thief.len().saturating_sub(3)
            )
        })?;
        let in_order = thief
            .iter()
            .skip(3)
            .chain(victim.iter())
            .eq(queue("t", n).iter());
        ensure(in_order, || {
            format!(
                "steal_half on a queue of {n}: the stolen tasks followed by the victim's remaining \
                 ones should be the original queue in order; they are {:?} then {:?}",
                thief.iter().skip(3).take(6).collect::<Vec<_>>(),
                victim.iter().take(6).collect::<Vec<_>>()
            )
        })?;
    }
    Ok(())
}

/// One `find_task` scenario: `me`, the local queues and the inject queue, and what should
/// come out and remain.
fn scenario<S: Subject>(
    what: &str,
    me: usize,
    locals: &[&[&str]],
    inject: &[&str],
    want: Option<&str>,
    want_locals: &[&[&str]],
    want_inject: &[&str],
) -> Result<(), String> {
    let to_q = |s: &[&str]| {
        s.iter()
            .map(|t| t.to_string())
            .collect::<VecDeque<String>>()
    };
    let mut ls: Vec<VecDeque<String>> = locals.iter().map(|q| to_q(q)).collect();
    let mut inj = to_q(inject);
    let got = S::find_task(me, &mut ls, &mut inj);
    let want_ls: Vec<VecDeque<String>> = want_locals.iter().map(|q| to_q(q)).collect();
    ensure(
        got.as_deref() == want && ls == want_ls && inj == to_q(want_inject),
        || {
            format!(
                "{what}: worker {me} with local queues {locals:?} and inject queue {inject:?} should \
             take {want:?}, leaving the local queues {want_locals:?} and the inject queue \
             {want_inject:?}; find_task returned {got:?} and left {ls:?} and {inj:?}."
            )
        },
    )
}

fn order<S: Subject>() -> Result<(), String> {
    scenario::<S>(
        "its own queue comes first",
        0,
        &[&["a", "b"], &["c"]],
        &["i"],
        Some("a"),
        &[&["b"], &["c"]],
        &["i"],
    )?;
    scenario::<S>(
        "then the inject queue",
        1,
        &[&["a"], &[]],
        &["i", "j"],
        Some("i"),
        &[&["a"], &[]],
        &["j"],
    )?;
    scenario::<S>(
        "then it steals half of the next sibling's queue and runs the last task it stole, \
         keeping the others (Tokio's `steal_into`)",
        0,
        &[&[], &[], &["p", "q", "r"]],
        &[],
        Some("q"),
        &[&["p"], &[], &["r"]],
        &[],
    )?;
    scenario::<S>(
        "siblings are tried from me + 1, wrapping around",
        2,
        &[&["p", "q"], &["r"], &[], &[]],
        &[],
        Some("p"),
        &[&["q"], &["r"], &[], &[]],
        &[],
    )?;
    scenario::<S>(
        "with no work anywhere it finds nothing",
        1,
        &[&[], &[], &[]],
        &[],
        None,
        &[&[], &[], &[]],
        &[],
    )
}

/// Three workers; a spawner makes nine jobs that each work, yield and work again.
fn program() -> Run {
    let config = Config {
        workers: 3,
        ..support::config()
    };
    let mut rt = support::runtime(config);
    let h = rt.handle().clone();
    rt.spawn("spawner", async move {
        for i in 0..9 {
            let h2 = h.clone();
            h.spawn(&format!("job{i}"), async move {
                h2.work(2);
                h2.yield_now().await;
                h2.work(1);
            });
        }
    });
    Run::of(&mut rt)
}

/// Each `stolen` event, with the queues before and after it, and the learner's result.
struct Steal {
    index: usize,
    victim: VecDeque<TaskId>,
    thief: VecDeque<TaskId>,
    after_thief: Vec<TaskId>,
    count: u32,
    mine: (usize, VecDeque<TaskId>),
}

fn steals<S: Subject>(run: &Run) -> Vec<Steal> {
    let mut snap = Snapshot::new();
    let mut out = Vec::new();
    for (i, r) in run.events.iter().enumerate() {
        let before = snap.clone();
        snap.apply(r);
        if let Event::Stolen { from, to, count } = r.event {
            let victim: VecDeque<TaskId> = before.workers[from.index()].local.clone();
            let thief: VecDeque<TaskId> = before.workers[to.index()].local.clone();
            let (mut v, mut t) = (victim.clone(), thief.clone());
            let n = S::steal_ids(&mut v, &mut t);
            out.push(Steal {
                index: i,
                victim,
                thief,
                after_thief: snap.workers[to.index()].local.iter().copied().collect(),
                count,
                mine: (n, t),
            });
        }
    }
    out
}

fn trace<S: Subject>() -> Result<(), String> {
    let run = program();
    let names = |q: &mut dyn Iterator<Item = &TaskId>| q.map(|t| run.name(*t)).collect::<Vec<_>>();
    for s in steals::<S>(&run) {
        let mine: Vec<TaskId> = s.mine.1.iter().copied().collect();
        ensure(
            s.mine.0 == s.count as usize && mine == s.after_thief,
            || {
                format!(
                    "runtime-core's worker stole {} task(s) ({}) from a queue holding {:?} into one \
                 holding {:?}, leaving the thief with {:?}; your steal_half on the same queues \
                 moved {} and left the thief with {:?}.",
                    s.count,
                    run.quote(s.index),
                    names(&mut s.victim.iter()),
                    names(&mut s.thief.iter()),
                    names(&mut s.after_thief.iter()),
                    s.mine.0,
                    names(&mut mine.iter())
                )
            },
        )?;
    }
    Ok(())
}

/// The demo: runtime-core's 3-worker trace, with each steal's count as your `steal_half`
/// computes it.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = program();
    let found = match which {
        Which::Learner => steals::<Learner>(&run),
        Which::Solution => steals::<Solution>(&run),
    };
    let mut events = run.events;
    for s in found {
        if let Event::Stolen { count, .. } = &mut events[s.index].event {
            *count = s.mine.0 as u32;
        }
    }
    Ok(events)
}
