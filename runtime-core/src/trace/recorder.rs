//! The bounded recorder: keeps the first `capacity` events and counts the rest.
//!
//! Tracing is always on, so recording must be cheap: an event is a push onto a `Vec`. When the
//! recorder is full it keeps the prefix it has (a consistent history that replay can fold) and
//! counts what it drops, so a reader knows the trace is incomplete rather than silently wrong.
//!
//! Three things keep the cost down:
//!
//! * An event that will not be kept (trace off, or the recorder full) is not even built:
//!   [`Recorder::keeps`] is checked first, so an event with text does not clone its `Rc<str>`
//!   only to drop it.
//! * Most events own nothing (only the few that carry text hold an `Rc<str>`), so the recorder
//!   notes which records own text and, when it is dropped or cleared, runs only their
//!   destructors instead of visiting every record of a trace that may be millions long.
//! * The buffer can be handed back for the next run ([`Recorder::with_buffer`],
//!   `Runtime::with_trace_buffer`): a program run again and again then records into memory it
//!   already has (natively, fresh memory costs a page fault every few dozen events).

use super::{Event, EventRecord};
use crate::ids::Tick;
use alloc::vec::Vec;

/// The first block reserved for a recorder that keeps everything (then the `Vec` doubles).
const FIRST_BLOCK: usize = 1 << 16;

/// Where the runtime's events go.
#[derive(Debug)]
pub struct Recorder {
    events: Vec<EventRecord>,
    capacity: usize,
    /// Sequence number of the next event, whether kept or dropped.
    next_seq: u64,
    dropped: u64,
    enabled: bool,
    /// Indices in `events` of the records that own text, in increasing order: the only
    /// records whose destructor does anything (see [`Event::owns_text`]).
    owners: Vec<usize>,
}

impl Recorder {
    /// A recorder that keeps at most `capacity` events.
    pub fn new(capacity: usize) -> Self {
        // Reserve a sensible first block; growth is amortised after that.
        Recorder::with_buffer(capacity, Vec::with_capacity(capacity.min(FIRST_BLOCK)))
    }

    /// A recorder that keeps at most `capacity` events in `buffer`, whose contents are dropped
    /// and whose memory is reused (a buffer from an earlier run, see [`Recorder::recycle`]).
    pub fn with_buffer(capacity: usize, mut buffer: Vec<EventRecord>) -> Self {
        buffer.clear();
        Recorder {
            events: buffer,
            capacity,
            next_seq: 0,
            dropped: 0,
            enabled: true,
            owners: Vec::new(),
        }
    }

    /// A recorder that keeps nothing (only counts), for measuring the cost of tracing.
    pub fn disabled() -> Self {
        Recorder::disabled_with(Vec::new())
    }

    /// A disabled recorder that holds on to `buffer` (emptied), to hand it back unused.
    pub fn disabled_with(buffer: Vec<EventRecord>) -> Self {
        let mut r = Recorder::with_buffer(0, buffer);
        r.enabled = false;
        r
    }

    /// Whether the next event will be kept. When it is not, the caller may skip building it
    /// and call [`Recorder::skip`] instead of [`Recorder::record`]; the two do the same.
    #[inline(always)]
    pub fn keeps(&self) -> bool {
        self.events.len() < self.capacity
    }

    /// Records one event at time `at`.
    #[inline(always)]
    pub fn record(&mut self, at: Tick, event: Event) {
        if self.keeps() {
            self.push(at, event);
        } else {
            self.skip();
        }
    }

    /// Keeps one event at time `at`. The caller has checked [`Recorder::keeps`].
    #[inline(always)]
    pub fn push(&mut self, at: Tick, event: Event) {
        debug_assert!(self.keeps());
        let seq = self.next_seq;
        self.next_seq += 1;
        if event.owns_text() {
            self.owners.push(self.events.len());
        }
        self.events.push(EventRecord { seq, at, event });
    }

    /// Counts one event that is not kept (see [`Recorder::keeps`]).
    #[inline(always)]
    pub fn skip(&mut self) {
        self.next_seq += 1;
        if self.enabled {
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
        self.owners.clear();
        core::mem::take(&mut self.events)
    }

    /// Drops the events kept so far and hands back their buffer, empty, with its capacity, to
    /// record a later run into (see [`Recorder::with_buffer`]). The recorder is left empty.
    pub fn recycle(&mut self) -> Vec<EventRecord> {
        self.clear();
        core::mem::take(&mut self.events)
    }

    /// Drops every kept event, visiting only the records that own text.
    fn clear(&mut self) {
        let len = self.events.len();
        // SAFETY: the length goes to 0 before any destructor runs, so a record is never
        // dropped twice, even if a destructor panicked (the rest would leak, which is safe).
        // The records stay initialised in the buffer's memory, which `events` still owns.
        unsafe { self.events.set_len(0) };
        let base = self.events.as_mut_ptr();
        for &i in &self.owners {
            debug_assert!(i < len, "owner index {i} out of {len}");
            // SAFETY: `i < len`: `owners` only holds indices of records pushed since the last
            // `take`/`clear`, each once, so `base.add(i)` points at an initialised record
            // inside the allocation that nothing else will drop (the length is 0).
            unsafe { core::ptr::drop_in_place(base.add(i)) };
        }
        // Every other record owns nothing (`Event::owns_text` is false for it): forgetting it
        // is the same as dropping it.
        self.owners.clear();
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.clear();
    }
}

impl Event {
    /// Whether the event holds text (an `Rc<str>`), so that dropping it does something. Every
    /// other event is plain data.
    #[inline(always)]
    pub(crate) fn owns_text(&self) -> bool {
        match self {
            Event::Spawned { .. }
            | Event::SocketCreated { .. }
            | Event::ChannelCreated { .. }
            | Event::Label { .. }
            | Event::Print { .. }
            | Event::Stalled { .. }
            | Event::Fault { .. }
            | Event::Locals { .. } => true,
            // Listed rather than `_`, so a new variant must be classified here.
            Event::RuntimeStarted { .. }
            | Event::Enqueued { .. }
            | Event::PollStart { .. }
            | Event::PollEnd { .. }
            | Event::WakerCloned { .. }
            | Event::WakerDropped { .. }
            | Event::Woken { .. }
            | Event::TimerRegistered { .. }
            | Event::TimerCascaded { .. }
            | Event::TimerFired { .. }
            | Event::TimerCancelled { .. }
            | Event::ClockAdvanced { .. }
            | Event::DriverTurned { .. }
            | Event::IoRegistered { .. }
            | Event::IoReady { .. }
            | Event::BudgetExhausted { .. }
            | Event::Completed { .. }
            | Event::Cancelled { .. }
            | Event::Stolen { .. }
            | Event::Overflow { .. }
            | Event::ChannelClosed { .. }
            | Event::Sent { .. }
            | Event::Received { .. }
            | Event::LongPoll { .. }
            | Event::LostWaker { .. }
            | Event::SelfWakeStorm { .. }
            | Event::LimitReached { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TaskId;
    use alloc::rc::Rc;

    /// The targeted drop runs exactly the destructors that own something (Miri checks that no
    /// text leaks or is freed twice), for a dropped recorder, a recycled one and a taken trace.
    #[test]
    fn only_text_owning_records_are_dropped_and_none_is_leaked() {
        let name: crate::trace::Text = Rc::from("task");
        let spawned = |i: u32| Event::Spawned {
            task: TaskId(i),
            name: name.clone(),
            parent: None,
            size: 8,
        };
        let mut r = Recorder::new(usize::MAX);
        for i in 0..10 {
            r.record(u64::from(i), spawned(i));
            r.record(u64::from(i), Event::Completed { task: TaskId(i) });
        }
        assert_eq!(Rc::strong_count(&name), 11);
        let buffer = r.recycle();
        assert!(buffer.is_empty() && buffer.capacity() >= 20);
        assert_eq!(Rc::strong_count(&name), 1);

        let mut r = Recorder::with_buffer(5, buffer);
        for i in 0..10 {
            r.record(0, spawned(i));
        }
        assert_eq!((r.events().len(), r.dropped(), r.total()), (5, 5, 10));
        assert_eq!(Rc::strong_count(&name), 6);
        let taken = r.take();
        r.record(0, spawned(10));
        drop(r);
        assert_eq!(Rc::strong_count(&name), 6);
        drop(taken);
        assert_eq!(Rc::strong_count(&name), 1);
    }
}
