//! `Parker`: what a thread does when it has nothing to run — sleep until something happens.
//!
//! A real `block_on` parks its thread (`std::thread::park`, or epoll_wait inside a runtime) and
//! the waker unparks it. Here time is virtual: parking turns `runtime-core`'s drivers until
//! the next timer fires (which is when a sleeping thread would wake up), so the same code runs
//! natively and in the browser, deterministically, and every step shows in the trace.
//!
//! In exercise 18 the learner's own runtime decides what parking does: [`Parker::driven`]
//! makes a parker whose `park()` calls the runtime's turn of its scheduler loop, so the
//! learner's `block_on` from exercise 4 runs unchanged on top of it.

use super::fail;
use runtime_core::trace::Event;
use runtime_core::{EventRecord, Handle, Runtime, Tick};

/// Parks "the thread" until the runtime's next timer fires. Futures that need timers get them
/// from [`Parker::handle`].
pub struct Parker {
    backend: Backend,
    parks: u32,
}

enum Backend {
    /// Exercise 4: parking turns a runtime-core runtime's drivers.
    Runtime {
        rt: Runtime,
        handle: Handle,
        events: Vec<EventRecord>,
    },
    /// Exercise 18: parking is one turn of the learner's own scheduler loop.
    Driven(Box<dyn FnMut()>),
}

impl core::fmt::Debug for Parker {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let kind = match self.backend {
            Backend::Runtime { .. } => "runtime-core",
            Backend::Driven(_) => "driven",
        };
        f.debug_struct("Parker")
            .field("backend", &kind)
            .field("parks", &self.parks)
            .finish()
    }
}

impl Parker {
    /// A parker over a fresh runtime.
    pub fn new() -> Parker {
        let rt = super::runtime(super::config());
        let handle = rt.handle().clone();
        Parker {
            backend: Backend::Runtime {
                rt,
                handle,
                events: Vec::new(),
            },
            parks: 0,
        }
    }

    /// A parker whose [`Parker::park`] calls `turn`: one turn of a runtime of your own (run
    /// the ready tasks, then turn the drivers, sleeping in them if nothing is ready).
    /// Exercise 4's `block_on` parks only while its future has not been woken, so it calls
    /// `turn` until something wakes the future.
    pub fn driven(turn: impl FnMut() + 'static) -> Parker {
        Parker {
            backend: Backend::Driven(Box::new(turn)),
            parks: 0,
        }
    }

    /// The runtime's handle: create timers with `parker.handle().sleep(ticks)`. (Only a
    /// parker made with [`Parker::new`] has one.)
    pub fn handle(&self) -> &Handle {
        match &self.backend {
            Backend::Runtime { handle, .. } => handle,
            Backend::Driven(_) => fail(
                "this Parker was made with Parker::driven: it has no runtime-core handle; \
                 timers come from your own runtime",
            ),
        }
    }

    /// Virtual time now.
    pub fn now(&self) -> Tick {
        self.handle().now()
    }

    /// How many times [`Parker::park`] was called.
    pub fn parks(&self) -> u32 {
        self.parks
    }

    /// Sleeps until something happens: the clock moves to the next timer's deadline and the
    /// timer driver fires every timer due then, calling their wakers. Returns after that.
    /// (A [`Parker::driven`] parker runs its turn instead.)
    ///
    /// Parking when no timer is pending would sleep forever: the check fails with an
    /// explanation instead.
    pub fn park(&mut self) {
        self.parks += 1;
        let (rt, handle, events) = match &mut self.backend {
            Backend::Runtime { rt, handle, events } => (rt, handle, events),
            Backend::Driven(turn) => {
                turn();
                return;
            }
        };
        handle.print(format!("park #{}", self.parks));
        for _ in 0..10_000 {
            let ended = rt.step();
            let new = rt.take_trace().events;
            let fired = new
                .iter()
                .any(|r| matches!(r.event, Event::TimerFired { .. }));
            events.extend(new);
            if fired {
                return;
            }
            if ended.is_some() {
                fail(
                    "park() was called, but no timer is pending: nothing can ever wake this \
                     thread, it would sleep forever. If the future woke its waker during its \
                     poll (before you parked), that wake was lost: check the flag your waker \
                     sets before parking, and park only while it is unset. (And check that \
                     `wake_by_ref` sets the flag at all.)",
                );
            }
        }
        fail("park() went round 10000 driver turns without a timer firing");
    }

    /// The trace so far (the runtime's events, with a `print` for each park). Empty for a
    /// [`Parker::driven`] parker: its runtime keeps its own.
    pub fn trace(&mut self) -> Vec<EventRecord> {
        let Backend::Runtime { rt, events, .. } = &mut self.backend else {
            return Vec::new();
        };
        events.extend(rt.take_trace().events);
        let mut b = super::TraceBuilder::default();
        b.extend(events.iter().cloned());
        b.finish()
    }
}

impl Default for Parker {
    fn default() -> Self {
        Parker::new()
    }
}
