//! Checks for exercise 6: a JoinHandle. Parent and child run as `runtime-core` tasks; the
//! checks read who woke the parent (`woken ... source=task:child`), how often it was polled,
//! and how many clones of its waker the handle made (`waker_cloned ... holder=join:child`).

use crate::support::select::poll_once;
use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::{Future, poll_fn};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::Poll;
use runtime_core::trace::{Event, WakeEffect, WakeSource};
use runtime_core::{EventRecord, Handle};

/// A boxed child future.
pub type Child = Pin<Box<dyn Future<Output = u32>>>;

/// What the learner writes (the checks use `u32` outputs).
pub trait Subject: 'static {
    type Join: Future<Output = u32> + Unpin + 'static;
    fn spawn_joinable(h: &Handle, name: &str, future: Child) -> Self::Join;
}

impl Subject for Learner {
    type Join = crate::exercises::e06_join_handle::JoinHandle<u32>;
    fn spawn_joinable(h: &Handle, name: &str, future: Child) -> Self::Join {
        crate::exercises::e06_join_handle::spawn_joinable(h, name, future)
    }
}

impl Subject for Solution {
    type Join = crate::solutions::e06_join_handle::JoinHandle<u32>;
    fn spawn_joinable(h: &Handle, name: &str, future: Child) -> Self::Join {
        crate::solutions::e06_join_handle::spawn_joinable(h, name, future)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "the joiner gets the task's output",
            points: 2,
            run: output::<S>,
        },
        Check {
            name: "the joiner sleeps until the task finishes it",
            points: 3,
            run: woken_by_child::<S>,
        },
        Check {
            name: "an output already there is handed over at once",
            points: 2,
            run: already_done::<S>,
        },
        Check {
            name: "wakes the task that awaits the handle now",
            points: 2,
            run: moved_handle::<S>,
        },
        Check {
            name: "keeps one clone of the joiner's waker",
            points: 1,
            run: one_clone::<S>,
        },
    ];
}

fn child(h: &Handle, delay: u64, value: u32) -> Child {
    let h = h.clone();
    Box::pin(async move {
        if delay > 0 {
            h.sleep(delay).await;
        }
        value
    })
}

/// `parent` spawns `child` (sleeps 5, returns 42) and awaits it.
fn parent_and_child<S: Subject>() -> (Run, Option<u32>) {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let mut join = rt.spawn("parent", async move {
        let handle = S::spawn_joinable(&h, "child", child(&h, 5, 42));
        handle.await
    });
    let run = Run::of(&mut rt);
    (run, support::output(&mut join))
}

fn output<S: Subject>() -> Result<(), String> {
    let (run, out) = parent_and_child::<S>();
    ensure(out == Some(42), || match out {
        Some(v) => format!("the child returned 42, but awaiting its handle gave {v}"),
        None => format!(
            "`parent` awaits the handle of `child` (which returns 42 at t=5), but {}.",
            run.fate(run.id("parent"))
        ),
    })
}

fn woken_by_child<S: Subject>() -> Result<(), String> {
    let (run, _) = parent_and_child::<S>();
    let (parent, child) = (run.id("parent"), run.id("child"));
    let polls = run.polls(parent).len();
    let wakes: Vec<usize> = run
        .wakes(parent)
        .into_iter()
        .filter(|&i| {
            matches!(run.events[i].event,
                Event::Woken { source: WakeSource::Task(s), effect: WakeEffect::Queued(_), .. } if s == child)
        })
        .collect();
    ensure(polls == 2 && wakes.len() == 1, || {
        if run.completed_at(parent).is_none() {
            format!(
                "`parent` never got the output: {}. When the child's future is ready, the task \
                 must store the output and wake the joiner's waker (hint 1).",
                run.fate(parent)
            )
        } else {
            format!(
                "`parent` should be polled twice (Pending at t=0, then once more after the child \
                 woke it at t=5) and woken once, by `child`; it was polled {polls} times and woken \
                 by the child {} time(s). The trace of parent: {}",
                wakes.len(),
                run.excerpt(parent, 12)
            )
        }
    })
}

fn already_done<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let mut join = rt.spawn("parent", async move {
        let handle = S::spawn_joinable(&h, "child", child(&h, 0, 7));
        // Let the child run and finish first.
        h.yield_now().await;
        handle.await
    });
    let run = Run::of(&mut rt);
    let parent = run.id("parent");
    let out = support::output(&mut join);
    let polls = run.polls(parent).len();
    ensure(out == Some(7) && polls == 2, || {
        format!(
            "the child finished (returning 7) before `parent` awaited its handle, so the await \
             should return at once: parent polled twice in all (the yield, then Ready). It got \
             {out:?} after {polls} polls, and {}.",
            run.fate(parent)
        )
    })
}

fn moved_handle<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let slot: Rc<RefCell<Option<S::Join>>> = Rc::default();
    let put = slot.clone();
    let h1 = h.clone();
    rt.spawn("first", async move {
        let mut handle = S::spawn_joinable(&h1, "child", child(&h1, 10, 7));
        // Poll the handle once (it stores first's waker), then give it away.
        poll_once(&mut handle).await;
        *put.borrow_mut() = Some(handle);
    });
    let h2 = h.clone();
    let mut join = rt.spawn("second", async move {
        h2.yield_now().await;
        let handle = slot
            .borrow_mut()
            .take()
            .expect("first ran before second's second poll");
        handle.await
    });
    let run = Run::of(&mut rt);
    let out = support::output(&mut join);
    let (first, second) = (run.id("first"), run.id("second"));
    ensure(out == Some(7), || {
        let stale = run
            .wake_after_finish(first)
            .map(|i| {
                format!(
                    " The child's completion woke `first` instead ({}), which had finished.",
                    run.quote(i)
                )
            })
            .unwrap_or_default();
        format!(
            "task `first` polled the handle once and passed it to `second`, which awaits it; at \
             t=10 the child finishes and must wake `second`. But `second` {}.{stale} When the \
             handle is polled with a waker that would not wake the same task, replace the \
             stored one (hint 2).",
            run.fate(second).trim_start_matches("it ")
        )
    })
}

fn one_clone<S: Subject>() -> Result<(), String> {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    rt.spawn("parent", async move {
        let mut handle = S::spawn_joinable(&h, "child", child(&h, 5, 1));
        let mut spins = 0;
        // Poll the handle four times at t=0 (waking ourselves in between), like a select loop.
        poll_fn(|cx| match Pin::new(&mut handle).poll(cx) {
            Poll::Ready(v) => Poll::Ready(v),
            Poll::Pending => {
                if spins < 3 {
                    spins += 1;
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
        })
        .await
    });
    let run = Run::of(&mut rt);
    let parent = run.id("parent");
    let clones: Vec<usize> =
        run.all(|r| matches!(r.event, Event::WakerCloned { task, .. } if task == parent));
    ensure(
        clones.len() == 1 && run.completed_at(parent).is_some(),
        || {
            let quoted: Vec<String> = clones.iter().map(|&i| run.quote(i)).collect();
            format!(
                "`parent` polls the handle four times with the same waker before the child \
             finishes: the handle should clone that waker once and keep it (`will_wake` says \
             the stored one wakes the same task). The trace shows {} clone(s): {}; and {}.",
                clones.len(),
                quoted.join(", "),
                run.fate(parent)
            )
        },
    )
}

/// The demo: a parent awaiting a child that sleeps 5 ms.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = match which {
        Which::Learner => parent_and_child::<Learner>().0,
        Which::Solution => parent_and_child::<Solution>().0,
    };
    Ok(run.events)
}
