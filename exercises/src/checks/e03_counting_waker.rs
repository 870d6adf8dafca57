//! Checks for exercise 3: a waker vtable. The checks use the waker directly, then hand it to
//! a `runtime-core` `Sleep` polled outside any task, so the runtime's timer driver clones,
//! wakes and drops it as a real runtime would.
//!
//! The reference count of the `Arc<Counts>` tells how many wakers are alive. The checks hold
//! a thousand extra references while the learner's code runs, so a waker that releases too
//! much shows up as a count below the expected one instead of freeing memory still in use.

use crate::support::counts::Counts;
use crate::support::{self, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::sync::Arc;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::EventRecord;

/// What the learner writes.
pub trait Subject: 'static {
    fn counting_waker(counts: Arc<Counts>) -> Waker;
}

impl Subject for Learner {
    fn counting_waker(counts: Arc<Counts>) -> Waker {
        crate::exercises::e03_counting_waker::counting_waker(counts)
    }
}

impl Subject for Solution {
    fn counting_waker(counts: Arc<Counts>) -> Waker {
        crate::solutions::e03_counting_waker::counting_waker(counts)
    }
}

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "clone counts and adds a reference",
            points: 2,
            run: clones::<S>,
        },
        Check {
            name: "wake_by_ref counts and keeps the waker",
            points: 2,
            run: wakes_by_ref::<S>,
        },
        Check {
            name: "wake by value counts and consumes the waker",
            points: 3,
            run: wakes::<S>,
        },
        Check {
            name: "drop counts and releases the waker",
            points: 1,
            run: drops::<S>,
        },
        Check {
            name: "runtime-core's timer clones, wakes and drops it",
            points: 2,
            run: with_a_timer::<S>,
        },
    ];
}

const GUARD: usize = 1000;

/// An `Arc<Counts>` with `GUARD` extra references held while the learner's code runs.
struct Guarded {
    counts: Arc<Counts>,
    guard: Vec<Arc<Counts>>,
}

impl Guarded {
    fn new() -> Guarded {
        let counts = Arc::new(Counts::default());
        let guard = (0..GUARD).map(|_| counts.clone()).collect();
        Guarded { counts, guard }
    }

    /// A waker made by the learner's `counting_waker`, owning one reference.
    fn waker<S: Subject>(&self) -> Waker {
        S::counting_waker(self.counts.clone())
    }

    /// References held by wakers now (negative: released more than they owned).
    fn owners(&self) -> isize {
        Arc::strong_count(&self.counts) as isize - 1 - GUARD as isize
    }

    fn get(&self) -> (usize, usize, usize, usize) {
        self.counts.get()
    }

    fn describe(&self) -> String {
        format!(
            "{} and {} waker reference(s) alive",
            self.counts.describe(),
            self.owners()
        )
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // Wakers that released more than they owned used up some of the guard's references:
        // leave those alone, so the count reaches zero exactly once.
        let over = (-self.owners()).max(0) as usize;
        for _ in 0..over.min(self.guard.len()) {
            if let Some(a) = self.guard.pop() {
                core::mem::forget(a);
            }
        }
    }
}

fn fresh<S: Subject>(g: &Guarded) -> Result<Waker, String> {
    let w = g.waker::<S>();
    ensure(g.owners() == 1 && g.get() == (0, 0, 0, 0), || {
        format!(
            "a new waker should own the one reference it was given and count nothing; after \
             `counting_waker(counts)` there are {} (hint 2: `Arc::into_raw` hands the \
             reference to the waker without changing the count)",
            g.describe()
        )
    })?;
    Ok(w)
}

fn clones<S: Subject>() -> Result<(), String> {
    let g = Guarded::new();
    let w = fresh::<S>(&g)?;
    let w2 = w.clone();
    let (c, ..) = g.get();
    ensure(c == 1, || {
        format!(
            "after one `waker.clone()`, clones should be 1; {}",
            g.describe()
        )
    })?;
    ensure(g.owners() == 2, || {
        format!(
            "after `waker.clone()` two wakers exist, so two references should be alive; there \
             are {}. The clone needs a reference of its own: `Arc::increment_strong_count` \
             (hint 2)",
            g.owners()
        )
    })?;
    ensure(w2.will_wake(&w), || {
        String::from(
            "a clone should wake the same thing: `clone.will_wake(&original)` is false, so the \
             clone has a different data pointer or vtable. Return `RawWaker::new(data, &VTABLE)` \
             with the same `data`",
        )
    })?;
    core::mem::forget(w2);
    core::mem::forget(w);
    Ok(())
}

fn wakes_by_ref<S: Subject>() -> Result<(), String> {
    let g = Guarded::new();
    let w = fresh::<S>(&g)?;
    w.wake_by_ref();
    ensure(g.get() == (0, 0, 1, 0), || {
        format!(
            "after one `wake_by_ref()` only wakes_by_ref should be 1; {}",
            g.describe()
        )
    })?;
    ensure(g.owners() == 1, || {
        format!(
            "`wake_by_ref` leaves the waker alive, so its reference must stay: there are now {} \
             references. Borrow the Counts (`&*data.cast::<Counts>()`) instead of taking the \
             Arc back",
            g.owners()
        )
    })?;
    core::mem::forget(w);
    Ok(())
}

fn wakes<S: Subject>() -> Result<(), String> {
    let g = Guarded::new();
    let w = fresh::<S>(&g)?;
    w.wake();
    let (_, wakes, by_ref, drops) = g.get();
    ensure(drops == 0, || {
        format!(
            "`wake()` consumes the waker: the vtable's `drop` is not called for it, so it is a \
             wake and not a drop; {}. Count the wake and release the reference inside `wake`",
            g.describe()
        )
    })?;
    ensure(wakes == 1 && by_ref == 0, || {
        format!(
            "after one `waker.wake()`, wakes should be 1; {}",
            g.describe()
        )
    })?;
    ensure(g.owners() == 0, || {
        if g.owners() > 0 {
            format!(
                "`wake()` consumed the only waker, but {} reference(s) are still alive: a leak. \
                 Waking by value must release the waker's reference (`Arc::from_raw`, then let \
                 it drop)",
                g.owners()
            )
        } else {
            format!(
                "`wake()` released {} reference(s) more than the waker owned: a double free in \
                 real code",
                -g.owners()
            )
        }
    })
}

fn drops<S: Subject>() -> Result<(), String> {
    let g = Guarded::new();
    let w = fresh::<S>(&g)?;
    drop(w);
    ensure(g.get() == (0, 0, 0, 1), || {
        format!(
            "after dropping the waker, drops should be 1; {}",
            g.describe()
        )
    })?;
    ensure(g.owners() == 0, || {
        format!(
            "the waker was dropped, so no reference should be alive; there are {}: the \
             vtable's `drop` must release the waker's reference",
            g.owners()
        )
    })
}

fn with_a_timer<S: Subject>() -> Result<(), String> {
    let g = Guarded::new();
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let waker = fresh::<S>(&g)?;
    let mut sleep = h.sleep(5);
    let mut cx = Context::from_waker(&waker);
    if Pin::new(&mut sleep).poll(&mut cx).is_ready() {
        return Err(String::from(
            "a 5 ms sleep was ready at once (the runtime's clock is at 0)",
        ));
    }
    ensure(g.get().0 == 1 && g.owners() == 2, || {
        format!(
            "runtime-core's Sleep keeps a clone of the waker it was polled with (in the timer \
             wheel, `timer_registered`), so clones should be 1 with 2 references alive; {}",
            g.describe()
        )
    })?;
    rt.run();
    ensure(g.get().1 == 1 && g.owners() == 1, || {
        format!(
            "at t=5 the timer driver fires the timer (`timer_fired`) and wakes the stored clone \
             by value, so wakes should be 1 with 1 reference left (yours); {}",
            g.describe()
        )
    })?;
    let ready = matches!(Pin::new(&mut sleep).poll(&mut cx), Poll::Ready(()));
    drop(sleep);
    drop(waker);
    ensure(ready, || {
        String::from("the sleep was not ready after its timer fired")
    })?;
    ensure(g.get() == (1, 1, 0, 1) && g.owners() == 0, || {
        format!(
            "after the sleep completed and your waker was dropped: expected clones=1 wakes=1 \
             wakes_by_ref=0 drops=1 and no reference alive; {}",
            g.describe()
        )
    })
}

/// The demo: the runtime's timer driver using the waker, with the counts printed as it goes.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let g = Guarded::new();
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let waker = g.waker::<S>();
    h.print(format!("made a counting waker: {}", g.describe()));
    let mut sleep = h.sleep(5);
    let mut cx = Context::from_waker(&waker);
    let first = Pin::new(&mut sleep).poll(&mut cx);
    h.print(format!("polled a 5 ms Sleep: {first:?}; {}", g.describe()));
    rt.run();
    h.print(format!("after the timer fired: {}", g.describe()));
    let second = Pin::new(&mut sleep).poll(&mut cx);
    h.print(format!(
        "polled the Sleep again: {second:?}; {}",
        g.describe()
    ));
    drop(waker);
    h.print(format!("dropped the waker: {}", g.describe()));
    Ok(rt.events())
}
