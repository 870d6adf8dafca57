//! Building a trace by hand, for exercises whose code does not run as `runtime-core` tasks
//! (an executor of one's own, a timer wheel, a steal): the harness records what the code did
//! as the same events the runtime emits, so the browser can draw and compare it the same way.

use runtime_core::trace::Event;
use runtime_core::{Config, EventRecord, Tick};

/// Numbers events as the runtime's recorder does (from 0, no gaps).
#[derive(Debug, Default)]
pub struct TraceBuilder {
    events: Vec<EventRecord>,
}

impl TraceBuilder {
    /// A trace that starts, as every trace does, with `runtime_started` for `config`.
    pub fn new(config: &Config) -> TraceBuilder {
        let mut b = TraceBuilder::default();
        b.push(0, Event::runtime_started(config));
        b
    }

    /// Appends `event` at time `at`.
    pub fn push(&mut self, at: Tick, event: Event) {
        let seq = self.events.len() as u64;
        self.events.push(EventRecord { seq, at, event });
    }

    /// Appends events recorded elsewhere (renumbered).
    pub fn extend(&mut self, records: impl IntoIterator<Item = EventRecord>) {
        for r in records {
            self.push(r.at, r.event);
        }
    }

    /// The events so far.
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    /// The trace.
    pub fn finish(self) -> Vec<EventRecord> {
        self.events
    }
}
