//! Seeking in a long trace: snapshots kept every [`Replay::INTERVAL`] events.
//!
//! Seeking to event `n` clones the checkpoint at or before `n` and applies at most
//! `INTERVAL - 1` events, so stepping back through a million-event trace costs the same as
//! through a small one. Stepping forward from a snapshot the caller already has is one
//! `apply`.

use super::Snapshot;
use crate::trace::EventRecord;
use alloc::rc::Rc;
use alloc::vec::Vec;

/// A trace plus checkpoints for seeking.
#[derive(Clone, Debug)]
pub struct Replay {
    events: Rc<[EventRecord]>,
    /// `checkpoints[i]` is the state after `i * INTERVAL` events.
    checkpoints: Vec<Snapshot>,
}

impl Replay {
    /// Events between checkpoints: the most a seek replays.
    pub const INTERVAL: usize = 1024;

    /// Folds the whole trace once, keeping a checkpoint every `INTERVAL` events.
    pub fn new(events: impl Into<Rc<[EventRecord]>>) -> Replay {
        let events = events.into();
        let mut checkpoints = Vec::with_capacity(events.len() / Self::INTERVAL + 1);
        let mut snap = Snapshot::new();
        checkpoints.push(snap.clone());
        for (i, rec) in events.iter().enumerate() {
            snap.apply(rec);
            if (i + 1) % Self::INTERVAL == 0 {
                checkpoints.push(snap.clone());
            }
        }
        Replay {
            events,
            checkpoints,
        }
    }

    /// The events.
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    /// Shared handle to the events.
    pub fn events_rc(&self) -> Rc<[EventRecord]> {
        self.events.clone()
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the trace is empty.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The state after the first `n` events (`n` is clamped to the trace's length).
    pub fn snapshot_at(&self, n: usize) -> Snapshot {
        let n = n.min(self.events.len());
        let base = n / Self::INTERVAL;
        let mut snap = self.checkpoints[base].clone();
        for rec in &self.events[base * Self::INTERVAL..n] {
            snap.apply(rec);
        }
        snap
    }
}
