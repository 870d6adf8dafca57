//! `Parker`: what a thread does when it has nothing to run — sleep until something happens.
//!
//! A real `block_on` parks its thread (`std::thread::park`, or epoll_wait inside a runtime) and
//! the waker unparks it. Here time is virtual: parking turns `runtime-core`'s drivers until
//! the next timer fires (which is when a sleeping thread would wake up), so the same code runs
//! natively and in the browser, deterministically, and every step shows in the trace.

use super::fail;
use runtime_core::trace::Event;
use runtime_core::{EventRecord, Handle, Runtime, Tick};

/// Parks "the thread" until the runtime's next timer fires. Futures that need timers get them
/// from [`Parker::handle`].
#[derive(Debug)]
pub struct Parker {
    rt: Runtime,
    handle: Handle,
    parks: u32,
    events: Vec<EventRecord>,
}

impl Parker {
    /// A parker over a fresh runtime.
    pub fn new() -> Parker {
        let rt = super::runtime(super::config());
        let handle = rt.handle().clone();
        Parker {
            rt,
            handle,
            parks: 0,
            events: Vec::new(),
        }
    }

    /// The runtime's handle: create timers with `parker.handle().sleep(ticks)`.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Virtual time now.
    pub fn now(&self) -> Tick {
        self.handle.now()
    }

    /// How many times [`Parker::park`] was called.
    pub fn parks(&self) -> u32 {
        self.parks
    }

    /// Sleeps until something happens: the clock moves to the next timer's deadline and the
    /// timer driver fires every timer due then, calling their wakers. Returns after that.
    ///
    /// Parking when no timer is pending would sleep forever: the check fails with an
    /// explanation instead.
    pub fn park(&mut self) {
        self.parks += 1;
        self.handle.print(format!("park #{}", self.parks));
        for _ in 0..10_000 {
            let ended = self.rt.step();
            let new = self.rt.take_trace().events;
            let fired = new
                .iter()
                .any(|r| matches!(r.event, Event::TimerFired { .. }));
            self.events.extend(new);
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

    /// The trace so far (the runtime's events, with a `print` for each park).
    pub fn trace(&mut self) -> Vec<EventRecord> {
        self.events.extend(self.rt.take_trace().events);
        let mut b = super::TraceBuilder::default();
        b.extend(self.events.iter().cloned());
        b.finish()
    }
}

impl Default for Parker {
    fn default() -> Self {
        Parker::new()
    }
}
