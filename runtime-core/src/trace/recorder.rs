//! The bounded recorder: keeps the first `capacity` events and counts the rest.
//!
//! Tracing is always on, so recording must be cheap: an event is a push onto a `Vec` that was
//! reserved up front. When the recorder is full it keeps the prefix it has (a consistent
//! history that replay can fold) and counts what it drops, so a reader knows the trace is
//! incomplete rather than silently wrong.

use super::{Event, EventRecord};
use crate::ids::Tick;
use alloc::vec::Vec;

/// Where the runtime's events go.
#[derive(Debug)]
pub struct Recorder {
    events: Vec<EventRecord>,
    capacity: usize,
    /// Sequence number of the next event, whether kept or dropped.
    next_seq: u64,
    dropped: u64,
    enabled: bool,
}

impl Recorder {
    /// A recorder that keeps at most `capacity` events.
    pub fn new(capacity: usize) -> Self {
        Recorder {
            // Reserve a sensible first block; growth is amortised after that.
            events: Vec::with_capacity(capacity.min(1 << 16)),
            capacity,
            next_seq: 0,
            dropped: 0,
            enabled: true,
        }
    }

    /// A recorder that keeps nothing (only counts), for measuring the cost of tracing.
    pub fn disabled() -> Self {
        let mut r = Recorder::new(0);
        r.enabled = false;
        r
    }

    /// Records one event at time `at`.
    #[inline]
    pub fn record(&mut self, at: Tick, event: Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.events.len() < self.capacity {
            self.events.push(EventRecord { seq, at, event });
        } else if self.enabled {
            self.dropped += 1;
        }
    }

    /// Whether events are being kept (a disabled recorder only counts).
    #[inline]
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The number of events seen so far, kept or not.
    #[inline]
    pub fn total(&self) -> u64 {
        self.next_seq
    }

    /// The number of events dropped because the recorder was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The events kept so far.
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    /// Takes the events kept so far, leaving the recorder empty (sequence numbers continue).
    pub fn take(&mut self) -> Vec<EventRecord> {
        core::mem::take(&mut self.events)
    }
}
