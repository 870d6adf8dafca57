//! The trace as the runtime records it: each event packed into a few 32-bit words.
//!
//! Recording sits on the runtime's hot path, and what it costs is memory rather than
//! instructions: an [`EventRecord`] is 56 bytes, a self-waking poll records four of them, and a
//! long run streams megabytes past every cache (natively, into pages the kernel must first
//! fault in). Packed, an event is 4 to 28 bytes and usually 12 to 24: its sequence number is
//! its position, its time is written only when it differs from the previous event's, and its
//! text goes to a side table, so the packed words own nothing and need no destructor.
//!
//! Nothing outside the recorder sees this form. The recorder decodes it into `EventRecord`s
//! when the trace is read ([`crate::Runtime::take_trace`]), so replay, the UI, the text and the
//! JSON forms are unchanged, and every golden trace checks the round trip.
//!
//! Layout of one event: a header word, the kind in its low 6 bits and the kind's small fields
//! (flags, enum tags, `u8`s) above them, then a fixed number of words for that kind. A [`Tick`]
//! takes two words (low, high); an optional id is a flag in the header and a word (0 when
//! absent); a text is its index in the side table. Kind [`AT`] is not an event: it sets the
//! time of the events after it (decoding starts at time 0).

use super::{
    Event, EventRecord, Holder, Limit, PollOutcome, QueueRef, Text, WakeEffect, WakeSource,
};
use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use alloc::vec::Vec;

/// The header's kind: the event kinds in their declaration order, then the time marker.
mod kind {
    pub const RUNTIME_STARTED: u32 = 0;
    pub const SPAWNED: u32 = 1;
    pub const ENQUEUED: u32 = 2;
    pub const POLL_START: u32 = 3;
    pub const POLL_END: u32 = 4;
    pub const WAKER_CLONED: u32 = 5;
    pub const WAKER_DROPPED: u32 = 6;
    pub const WOKEN: u32 = 7;
    pub const TIMER_REGISTERED: u32 = 8;
    pub const TIMER_CASCADED: u32 = 9;
    pub const TIMER_FIRED: u32 = 10;
    pub const TIMER_CANCELLED: u32 = 11;
    pub const CLOCK_ADVANCED: u32 = 12;
    pub const DRIVER_TURNED: u32 = 13;
    pub const SOCKET_CREATED: u32 = 14;
    pub const IO_REGISTERED: u32 = 15;
    pub const IO_READY: u32 = 16;
    pub const BUDGET_EXHAUSTED: u32 = 17;
    pub const COMPLETED: u32 = 18;
    pub const CANCELLED: u32 = 19;
    pub const STOLEN: u32 = 20;
    pub const OVERFLOW: u32 = 21;
    pub const CHANNEL_CREATED: u32 = 22;
    pub const CHANNEL_CLOSED: u32 = 23;
    pub const SENT: u32 = 24;
    pub const RECEIVED: u32 = 25;
    pub const LABEL: u32 = 26;
    pub const PRINT: u32 = 27;
    pub const LONG_POLL: u32 = 28;
    pub const LOST_WAKER: u32 = 29;
    pub const SELF_WAKE_STORM: u32 = 30;
    pub const STALLED: u32 = 31;
    pub const LIMIT_REACHED: u32 = 32;
    pub const FAULT: u32 = 33;
    pub const LOCALS: u32 = 34;
}

/// The kind of the time marker: `[AT, low, high]` sets the time of the events that follow.
pub(super) const AT: u32 = 63;
const KIND_BITS: u32 = 6;
const KIND_MASK: u32 = (1 << KIND_BITS) - 1;

#[inline(always)]
fn head(kind: u32, fields: u32) -> u32 {
    kind | fields << KIND_BITS
}

#[inline(always)]
fn tick(t: Tick) -> (u32, u32) {
    (t as u32, (t >> 32) as u32)
}

/// An optional id: (flag, word).
#[inline(always)]
fn opt(id: Option<u32>) -> (u32, u32) {
    match id {
        Some(v) => (1, v),
        None => (0, 0),
    }
}

/// A queue: (2-bit tag, worker).
#[inline(always)]
fn queue(q: QueueRef) -> (u32, u32) {
    match q {
        QueueRef::Local(w) => (0, w.0),
        QueueRef::Lifo(w) => (1, w.0),
        QueueRef::Inject => (2, 0),
    }
}

/// A wake's effect: (4 bits: tag, then the queue's tag; the queue's worker).
#[inline(always)]
fn effect(e: WakeEffect) -> (u32, u32) {
    match e {
        WakeEffect::Queued(q) => {
            let (tag, w) = queue(q);
            (tag << 2, w)
        }
        WakeEffect::AlreadyQueued => (1, 0),
        WakeEffect::SelfWake => (2, 0),
        WakeEffect::TaskFinished => (3, 0),
    }
}

/// A wake's source: (3-bit tag, id).
#[inline(always)]
fn source(s: WakeSource) -> (u32, u32) {
    match s {
        WakeSource::Timer(t) => (0, t.0),
        WakeSource::Io(s) => (1, s.0),
        WakeSource::Channel(c) => (2, c.0),
        WakeSource::Task(t) => (3, t.0),
        WakeSource::Outside => (4, 0),
    }
}

/// A waker's holder: (3-bit tag, id).
#[inline(always)]
fn holder(h: Holder) -> (u32, u32) {
    match h {
        Holder::Timer(t) => (0, t.0),
        Holder::ChannelRecv(c) => (1, c.0),
        Holder::ChannelSend(c) => (2, c.0),
        Holder::Io(s) => (3, s.0),
        Holder::Join(t) => (4, t.0),
        Holder::Pending => (5, 0),
        Holder::Task(t) => (6, t.0),
        Holder::Outside => (7, 0),
    }
}

/// Appends `event` to `words`, its text (if any) to `texts`. Inlined into each call site,
/// where the variant is known, so only that variant's arm is compiled there.
#[inline(always)]
pub(super) fn encode(event: Event, words: &mut Vec<u32>, texts: &mut Vec<Text>) {
    use Event::*;
    let mut text = |t: Text| {
        texts.push(t);
        (texts.len() - 1) as u32
    };
    match event {
        RuntimeStarted {
            workers,
            event_interval,
            budget,
            lifo_slot,
            wheel_levels,
            wheel_bits,
            micros_per_tick,
        } => {
            let (has, budget) = opt(budget);
            let f = has
                | u32::from(lifo_slot) << 1
                | u32::from(wheel_levels) << 2
                | u32::from(wheel_bits) << 10;
            let h = head(kind::RUNTIME_STARTED, f);
            words.extend_from_slice(&[h, workers, event_interval, budget, micros_per_tick]);
        }
        Spawned {
            task,
            name,
            parent,
            size,
        } => {
            let (has, parent) = opt(parent.map(|p| p.0));
            let h = head(kind::SPAWNED, has);
            words.extend_from_slice(&[h, task.0, text(name), parent, size]);
        }
        Enqueued { task, queue: q } => {
            let (tag, w) = queue(q);
            words.extend_from_slice(&[head(kind::ENQUEUED, tag), task.0, w]);
        }
        PollStart {
            task,
            worker,
            from,
            addr,
        } => {
            let (tag, w) = queue(from);
            let h = head(kind::POLL_START, tag);
            words.extend_from_slice(&[h, task.0, worker.0, w, addr]);
        }
        PollEnd {
            task,
            worker,
            outcome,
            duration,
            state,
        } => {
            let (has, state) = opt(state.map(|l| l.0));
            let ready = u32::from(outcome == PollOutcome::Ready);
            let h = head(kind::POLL_END, ready | has << 1);
            if duration == 0 {
                // The common case (no `work` in the poll) leaves the duration out: flag 4.
                words.extend_from_slice(&[h | 4 << KIND_BITS, task.0, worker.0, state]);
            } else {
                let (lo, hi) = tick(duration);
                words.extend_from_slice(&[h, task.0, worker.0, state, lo, hi]);
            }
        }
        WakerCloned {
            task,
            waker,
            holder: who,
        } => {
            let (tag, id) = holder(who);
            let h = head(kind::WAKER_CLONED, tag);
            words.extend_from_slice(&[h, task.0, waker.0, id]);
        }
        WakerDropped { task, waker } => {
            words.extend_from_slice(&[head(kind::WAKER_DROPPED, 0), task.0, waker.0]);
        }
        Woken {
            task,
            waker,
            by_ref,
            source: from,
            effect: what,
        } => {
            let (has, waker) = opt(waker.map(|w| w.0));
            let (stag, sid) = source(from);
            let (etag, ew) = effect(what);
            let f = has | u32::from(by_ref) << 1 | stag << 2 | etag << 5;
            words.extend_from_slice(&[head(kind::WOKEN, f), task.0, waker, sid, ew]);
        }
        TimerRegistered {
            timer,
            task,
            deadline,
            level,
            slot,
        } => {
            let (has, task) = opt(task.map(|t| t.0));
            let (lo, hi) = tick(deadline);
            let f = has | u32::from(level) << 1 | u32::from(slot) << 9;
            let h = head(kind::TIMER_REGISTERED, f);
            words.extend_from_slice(&[h, timer.0, task, lo, hi]);
        }
        TimerCascaded {
            timer,
            from_level,
            from_slot,
            to_level,
            to_slot,
        } => {
            let places = u32::from_le_bytes([from_level, from_slot, to_level, to_slot]);
            let h = head(kind::TIMER_CASCADED, 0);
            words.extend_from_slice(&[h, timer.0, places]);
        }
        TimerFired { timer, deadline } => {
            let (lo, hi) = tick(deadline);
            words.extend_from_slice(&[head(kind::TIMER_FIRED, 0), timer.0, lo, hi]);
        }
        TimerCancelled { timer } => {
            words.extend_from_slice(&[head(kind::TIMER_CANCELLED, 0), timer.0]);
        }
        ClockAdvanced { from, to } => {
            let ((a, b), (c, d)) = (tick(from), tick(to));
            words.extend_from_slice(&[head(kind::CLOCK_ADVANCED, 0), a, b, c, d]);
        }
        DriverTurned {
            worker,
            timers,
            io,
            remote,
        } => {
            let h = head(kind::DRIVER_TURNED, 0);
            words.extend_from_slice(&[h, worker.0, timers, io, remote]);
        }
        SocketCreated { socket, name } => {
            let h = head(kind::SOCKET_CREATED, 0);
            words.extend_from_slice(&[h, socket.0, text(name)]);
        }
        IoRegistered { socket, task } => {
            let (has, task) = opt(task.map(|t| t.0));
            words.extend_from_slice(&[head(kind::IO_REGISTERED, has), socket.0, task]);
        }
        IoReady { socket, bytes } => {
            words.extend_from_slice(&[head(kind::IO_READY, 0), socket.0, bytes]);
        }
        BudgetExhausted { task } => {
            words.extend_from_slice(&[head(kind::BUDGET_EXHAUSTED, 0), task.0]);
        }
        Completed { task } => words.extend_from_slice(&[head(kind::COMPLETED, 0), task.0]),
        Cancelled { task } => words.extend_from_slice(&[head(kind::CANCELLED, 0), task.0]),
        Stolen { from, to, count } => {
            words.extend_from_slice(&[head(kind::STOLEN, 0), from.0, to.0, count]);
        }
        Overflow { worker, count } => {
            words.extend_from_slice(&[head(kind::OVERFLOW, 0), worker.0, count]);
        }
        ChannelCreated {
            channel,
            name,
            capacity,
        } => {
            let h = head(kind::CHANNEL_CREATED, 0);
            words.extend_from_slice(&[h, channel.0, text(name), capacity]);
        }
        ChannelClosed { channel } => {
            words.extend_from_slice(&[head(kind::CHANNEL_CLOSED, 0), channel.0]);
        }
        Sent { channel, task, len } => {
            let (has, task) = opt(task.map(|t| t.0));
            words.extend_from_slice(&[head(kind::SENT, has), channel.0, task, len]);
        }
        Received { channel, task, len } => {
            let (has, task) = opt(task.map(|t| t.0));
            words.extend_from_slice(&[head(kind::RECEIVED, has), channel.0, task, len]);
        }
        Label { label, text: t } => {
            words.extend_from_slice(&[head(kind::LABEL, 0), label.0, text(t)]);
        }
        Print { task, text: t } => {
            let (has, task) = opt(task.map(|t| t.0));
            words.extend_from_slice(&[head(kind::PRINT, has), task, text(t)]);
        }
        LongPoll {
            task,
            duration,
            threshold,
        } => {
            let ((a, b), (c, d)) = (tick(duration), tick(threshold));
            words.extend_from_slice(&[head(kind::LONG_POLL, 0), task.0, a, b, c, d]);
        }
        LostWaker { task } => words.extend_from_slice(&[head(kind::LOST_WAKER, 0), task.0]),
        SelfWakeStorm { task, count } => {
            words.extend_from_slice(&[head(kind::SELF_WAKE_STORM, 0), task.0, count]);
        }
        Stalled { task, reason } => {
            words.extend_from_slice(&[head(kind::STALLED, 0), task.0, text(reason)]);
        }
        LimitReached { limit, value } => {
            let tag = match limit {
                Limit::Events => 0,
                Limit::Tasks => 1,
                Limit::Time => 2,
            };
            let (lo, hi) = tick(value);
            words.extend_from_slice(&[head(kind::LIMIT_REACHED, tag), lo, hi]);
        }
        Fault { task, message } => {
            let (has, task) = opt(task.map(|t| t.0));
            words.extend_from_slice(&[head(kind::FAULT, has), task, text(message)]);
        }
        Locals { task, text: t } => {
            words.extend_from_slice(&[head(kind::LOCALS, 0), task.0, text(t)]);
        }
    }
}

/// Reads back what [`encode`] wrote.
struct Reader<'a> {
    words: &'a [u32],
    pos: usize,
    texts: &'a [Text],
}

impl Reader<'_> {
    fn word(&mut self) -> u32 {
        let w = self.words[self.pos];
        self.pos += 1;
        w
    }

    fn tick(&mut self) -> Tick {
        let lo = self.word();
        u64::from(lo) | u64::from(self.word()) << 32
    }

    fn text(&mut self) -> Text {
        self.texts[self.word() as usize].clone()
    }

    fn task(&mut self) -> TaskId {
        TaskId(self.word())
    }

    fn worker(&mut self) -> WorkerId {
        WorkerId(self.word())
    }

    /// The next word, if the header's `flag` says there is one (the word is read either way).
    fn opt(&mut self, flag: u32) -> Option<u32> {
        let v = self.word();
        (flag & 1 == 1).then_some(v)
    }
}

fn queue_from(tag: u32, worker: u32) -> QueueRef {
    match tag & 3 {
        0 => QueueRef::Local(WorkerId(worker)),
        1 => QueueRef::Lifo(WorkerId(worker)),
        _ => QueueRef::Inject,
    }
}

fn effect_from(tag: u32, worker: u32) -> WakeEffect {
    match tag & 3 {
        0 => WakeEffect::Queued(queue_from(tag >> 2, worker)),
        1 => WakeEffect::AlreadyQueued,
        2 => WakeEffect::SelfWake,
        _ => WakeEffect::TaskFinished,
    }
}

fn source_from(tag: u32, id: u32) -> WakeSource {
    match tag & 7 {
        0 => WakeSource::Timer(TimerId(id)),
        1 => WakeSource::Io(SocketId(id)),
        2 => WakeSource::Channel(ChannelId(id)),
        3 => WakeSource::Task(TaskId(id)),
        _ => WakeSource::Outside,
    }
}

fn holder_from(tag: u32, id: u32) -> Holder {
    match tag & 7 {
        0 => Holder::Timer(TimerId(id)),
        1 => Holder::ChannelRecv(ChannelId(id)),
        2 => Holder::ChannelSend(ChannelId(id)),
        3 => Holder::Io(SocketId(id)),
        4 => Holder::Join(TaskId(id)),
        5 => Holder::Pending,
        6 => Holder::Task(TaskId(id)),
        _ => Holder::Outside,
    }
}

/// Decodes the events packed in `words` (texts in `texts`), numbering them from `first_seq`,
/// onto the end of `out`.
pub(super) fn decode(words: &[u32], texts: &[Text], first_seq: u64, out: &mut Vec<EventRecord>) {
    let mut r = Reader {
        words,
        pos: 0,
        texts,
    };
    let mut at = 0;
    let mut seq = first_seq;
    while r.pos < words.len() {
        let h = r.word();
        if h & KIND_MASK == AT {
            at = r.tick();
            continue;
        }
        let event = decode_one(h, &mut r);
        out.push(EventRecord { seq, at, event });
        seq += 1;
    }
}

fn decode_one(h: u32, r: &mut Reader<'_>) -> Event {
    let f = h >> KIND_BITS;
    match h & KIND_MASK {
        kind::RUNTIME_STARTED => Event::RuntimeStarted {
            workers: r.word(),
            event_interval: r.word(),
            budget: r.opt(f),
            lifo_slot: f & 2 != 0,
            wheel_levels: (f >> 2) as u8,
            wheel_bits: (f >> 10) as u8,
            micros_per_tick: r.word(),
        },
        kind::SPAWNED => Event::Spawned {
            task: r.task(),
            name: r.text(),
            parent: r.opt(f).map(TaskId),
            size: r.word(),
        },
        kind::ENQUEUED => Event::Enqueued {
            task: r.task(),
            queue: queue_from(f, r.word()),
        },
        kind::POLL_START => Event::PollStart {
            task: r.task(),
            worker: r.worker(),
            from: queue_from(f, r.word()),
            addr: r.word(),
        },
        kind::POLL_END => Event::PollEnd {
            task: r.task(),
            worker: r.worker(),
            outcome: if f & 1 == 1 {
                PollOutcome::Ready
            } else {
                PollOutcome::Pending
            },
            state: r.opt(f >> 1).map(LabelId),
            duration: if f & 4 != 0 { 0 } else { r.tick() },
        },
        kind::WAKER_CLONED => Event::WakerCloned {
            task: r.task(),
            waker: WakerId(r.word()),
            holder: holder_from(f, r.word()),
        },
        kind::WAKER_DROPPED => Event::WakerDropped {
            task: r.task(),
            waker: WakerId(r.word()),
        },
        kind::WOKEN => Event::Woken {
            task: r.task(),
            waker: r.opt(f).map(WakerId),
            by_ref: f & 2 != 0,
            source: source_from(f >> 2, r.word()),
            effect: effect_from(f >> 5, r.word()),
        },
        kind::TIMER_REGISTERED => Event::TimerRegistered {
            timer: TimerId(r.word()),
            task: r.opt(f).map(TaskId),
            deadline: r.tick(),
            level: (f >> 1) as u8,
            slot: (f >> 9) as u8,
        },
        kind::TIMER_CASCADED => {
            let timer = TimerId(r.word());
            let [from_level, from_slot, to_level, to_slot] = r.word().to_le_bytes();
            Event::TimerCascaded {
                timer,
                from_level,
                from_slot,
                to_level,
                to_slot,
            }
        }
        kind::TIMER_FIRED => Event::TimerFired {
            timer: TimerId(r.word()),
            deadline: r.tick(),
        },
        kind::TIMER_CANCELLED => Event::TimerCancelled {
            timer: TimerId(r.word()),
        },
        kind::CLOCK_ADVANCED => Event::ClockAdvanced {
            from: r.tick(),
            to: r.tick(),
        },
        kind::DRIVER_TURNED => Event::DriverTurned {
            worker: r.worker(),
            timers: r.word(),
            io: r.word(),
            remote: r.word(),
        },
        kind::SOCKET_CREATED => Event::SocketCreated {
            socket: SocketId(r.word()),
            name: r.text(),
        },
        kind::IO_REGISTERED => Event::IoRegistered {
            socket: SocketId(r.word()),
            task: r.opt(f).map(TaskId),
        },
        kind::IO_READY => Event::IoReady {
            socket: SocketId(r.word()),
            bytes: r.word(),
        },
        kind::BUDGET_EXHAUSTED => Event::BudgetExhausted { task: r.task() },
        kind::COMPLETED => Event::Completed { task: r.task() },
        kind::CANCELLED => Event::Cancelled { task: r.task() },
        kind::STOLEN => Event::Stolen {
            from: r.worker(),
            to: r.worker(),
            count: r.word(),
        },
        kind::OVERFLOW => Event::Overflow {
            worker: r.worker(),
            count: r.word(),
        },
        kind::CHANNEL_CREATED => Event::ChannelCreated {
            channel: ChannelId(r.word()),
            name: r.text(),
            capacity: r.word(),
        },
        kind::CHANNEL_CLOSED => Event::ChannelClosed {
            channel: ChannelId(r.word()),
        },
        kind::SENT => Event::Sent {
            channel: ChannelId(r.word()),
            task: r.opt(f).map(TaskId),
            len: r.word(),
        },
        kind::RECEIVED => Event::Received {
            channel: ChannelId(r.word()),
            task: r.opt(f).map(TaskId),
            len: r.word(),
        },
        kind::LABEL => Event::Label {
            label: LabelId(r.word()),
            text: r.text(),
        },
        kind::PRINT => Event::Print {
            task: r.opt(f).map(TaskId),
            text: r.text(),
        },
        kind::LONG_POLL => Event::LongPoll {
            task: r.task(),
            duration: r.tick(),
            threshold: r.tick(),
        },
        kind::LOST_WAKER => Event::LostWaker { task: r.task() },
        kind::SELF_WAKE_STORM => Event::SelfWakeStorm {
            task: r.task(),
            count: r.word(),
        },
        kind::STALLED => Event::Stalled {
            task: r.task(),
            reason: r.text(),
        },
        kind::LIMIT_REACHED => Event::LimitReached {
            limit: match f & 3 {
                0 => Limit::Events,
                1 => Limit::Tasks,
                _ => Limit::Time,
            },
            value: r.tick(),
        },
        kind::FAULT => Event::Fault {
            task: r.opt(f).map(TaskId),
            message: r.text(),
        },
        kind::LOCALS => Event::Locals {
            task: r.task(),
            text: r.text(),
        },
        other => unreachable!("the packed trace holds kind {other}, which `encode` never writes"),
    }
}
