//! The bounded recorder: keeps the first `capacity` events and counts the rest.
//!
//! Tracing is always on, so recording must be cheap. When the recorder is full it keeps the
//! prefix it has (a consistent history that replay can fold) and counts what it drops, so a
//! reader knows the trace is incomplete rather than silently wrong.
//!
//! Three things keep the cost down:
//!
//! * Events are stored packed (`packed.rs`): a few 32-bit words each instead of a 56-byte
//!   [`EventRecord`], because the cost of recording is the memory it writes. They are decoded
//!   into `EventRecord`s only when the trace is read ([`Recorder::take`], [`Recorder::events`]).
//! * An event that will not be kept (trace off, or the recorder full) is not even built:
//!   [`Recorder::keeps`] is checked first, so an event with text does not clone its `Rc<str>`
//!   only to drop it.
//! * The buffer can be handed back for the next run ([`Recorder::with_buffer`],
//!   `Runtime::with_trace_buffer`): a program run again and again then records into memory it
//!   already has (natively, fresh memory costs a page fault every thousand words).

use super::packed::{self, Packed};
use super::{Event, EventRecord, Text};
use crate::ids::Tick;
use alloc::vec::Vec;

/// The first block of words reserved for a recorder that keeps everything (then it doubles).
const FIRST_BLOCK: usize = 1 << 18;

/// The memory a trace is recorded into, handed from one run to the next
/// (`Runtime::into_trace_buffer`, `Runtime::with_trace_buffer`) so that a program run again and
/// again does not allocate and fault in fresh memory each time. It holds no events.
#[derive(Debug, Default)]
pub struct TraceBuffer {
    packed: Packed,
}

impl TraceBuffer {
    /// An empty buffer (no memory yet).
    pub fn new() -> Self {
        TraceBuffer::default()
    }

    /// The bytes it holds, allocated but unused.
    pub fn capacity_bytes(&self) -> usize {
        let p = &self.packed;
        p.words.capacity() * 4 + p.texts.capacity() * core::mem::size_of::<Text>()
    }
}

/// Where the runtime's events go.
#[derive(Debug)]
pub struct Recorder {
    /// The kept events, packed (see `packed.rs`).
    packed: Packed,
    /// How many events it keeps after a take.
    capacity: usize,
    /// Sequence number of the first event in `words`. The events kept are those numbered
    /// from it up to `next_seq`, so their count is not kept separately.
    first_seq: u64,
    /// Sequence number of the next event, whether kept or dropped.
    next_seq: u64,
    /// The sequence number from which events are dropped: `first_seq + capacity`.
    keep_until: u64,
    dropped: u64,
    enabled: bool,
}

impl Recorder {
    /// A recorder that keeps at most `capacity` events.
    pub fn new(capacity: usize) -> Self {
        let mut packed = Packed::default();
        packed.words = Vec::with_capacity(capacity.saturating_mul(2).min(FIRST_BLOCK));
        Recorder::with_buffer(capacity, TraceBuffer { packed })
    }

    /// A recorder that keeps at most `capacity` events in `buffer`'s memory (a buffer from an
    /// earlier run, see [`Recorder::recycle`]).
    pub fn with_buffer(capacity: usize, buffer: TraceBuffer) -> Self {
        let TraceBuffer { mut packed } = buffer;
        packed.clear();
        Recorder {
            packed,
            capacity,
            first_seq: 0,
            next_seq: 0,
            keep_until: capacity as u64,
            dropped: 0,
            enabled: true,
        }
    }

    /// A recorder that keeps nothing (only counts), for measuring the cost of tracing.
    pub fn disabled() -> Self {
        Recorder::disabled_with(TraceBuffer::new())
    }

    /// A disabled recorder that holds on to `buffer` (emptied), to hand it back unused.
    pub fn disabled_with(buffer: TraceBuffer) -> Self {
        let mut r = Recorder::with_buffer(0, buffer);
        r.enabled = false;
        r
    }

    /// Whether the next event will be kept. When it is not, the caller may skip building it
    /// and call [`Recorder::skip`] instead of [`Recorder::record`]; the two do the same.
    #[inline(always)]
    pub fn keeps(&self) -> bool {
        self.next_seq < self.keep_until
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
        self.packed.push(at, event);
        self.next_seq += 1;
    }

    /// Counts one event that is not kept, when [`Recorder::keeps`] says it will not be: kept
    /// events are numbered by their position after the last take, so an event skipped while
    /// the recorder still keeps would shift the numbers of the ones after it.
    #[inline(always)]
    pub fn skip(&mut self) {
        debug_assert!(!self.keeps(), "skip() while the recorder keeps events");
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

    /// The number of events kept since the last [`Recorder::take`].
    pub fn len(&self) -> usize {
        (self.next_seq.min(self.keep_until) - self.first_seq) as usize
    }

    /// Whether no event is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes the kept events take, packed (texts not counted).
    pub fn packed_bytes(&self) -> usize {
        self.packed.words.len() * 4
    }

    /// The events kept so far, decoded.
    pub fn events(&self) -> Vec<EventRecord> {
        let mut out = Vec::with_capacity(self.len());
        packed::decode(
            &self.packed.words,
            &self.packed.texts,
            self.first_seq,
            &mut out,
        );
        out
    }

    /// Takes the events kept so far, decoded, leaving the recorder empty (sequence numbers
    /// continue).
    pub fn take(&mut self) -> Vec<EventRecord> {
        let events = self.events();
        self.clear();
        events
    }

    /// Drops the events kept so far and hands back their memory, to record a later run into
    /// (see [`Recorder::with_buffer`]). The recorder is left empty.
    pub fn recycle(&mut self) -> TraceBuffer {
        self.clear();
        TraceBuffer {
            packed: core::mem::take(&mut self.packed),
        }
    }

    /// Forgets the kept events; the next one kept is numbered from where the count is.
    fn clear(&mut self) {
        self.packed.clear();
        self.first_seq = self.next_seq;
        self.keep_until = self.next_seq.saturating_add(self.capacity as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TaskId;
    use alloc::rc::Rc;

    /// A text is held once however many events in a row carry it (a name given to task after
    /// task), and let go when the trace is taken, recycled or dropped (Miri checks that none
    /// leaks or is freed twice).
    #[test]
    fn texts_are_released_when_the_trace_is_taken_recycled_or_dropped() {
        let name: Text = Rc::from("task");
        let other: Text = Rc::from("other");
        let spawned = |i: u32, name: &Text| Event::Spawned {
            task: TaskId(i),
            name: name.clone(),
            parent: None,
            size: 8,
        };
        let mut r = Recorder::new(usize::MAX);
        for i in 0..10 {
            r.record(u64::from(i), spawned(i, &name));
            r.record(u64::from(i), Event::Completed { task: TaskId(i) });
        }
        r.record(10, spawned(10, &other));
        r.record(10, spawned(11, &name));
        assert_eq!((Rc::strong_count(&name), Rc::strong_count(&other)), (3, 2));
        let names: Vec<_> = r
            .events()
            .into_iter()
            .filter_map(|e| match e.event {
                Event::Spawned { name, .. } => Some(name),
                _ => None,
            })
            .collect();
        assert_eq!(names.len(), 12);
        assert!(names[..10].iter().all(|n| &**n == "task"));
        assert_eq!((&*names[10], &*names[11]), ("other", "task"));
        drop(names);
        let buffer = r.recycle();
        assert!(buffer.capacity_bytes() >= 20 * 4);
        assert_eq!((Rc::strong_count(&name), Rc::strong_count(&other)), (1, 1));

        let mut r = Recorder::with_buffer(5, buffer);
        for i in 0..10 {
            r.record(0, spawned(i, &name));
        }
        assert_eq!((r.len(), r.dropped(), r.total()), (5, 5, 10));
        assert_eq!(
            Rc::strong_count(&name),
            2,
            "the dropped events let go of theirs"
        );
        let taken = r.take();
        assert_eq!(
            Rc::strong_count(&name),
            6,
            "taken: 5 decoded, none left in the recorder"
        );
        assert_eq!(
            taken.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        r.record(3, spawned(10, &name));
        assert_eq!(r.events()[0].seq, 10, "numbering goes on after a take");
        assert_eq!(r.events()[0].at, 3);
        drop(r);
        assert_eq!(Rc::strong_count(&name), 6);
        drop(taken);
        assert_eq!(Rc::strong_count(&name), 1);
    }
}
