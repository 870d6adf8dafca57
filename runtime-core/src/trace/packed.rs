//! The trace as the runtime records it: each event packed into a few 32-bit words.
//!
//! Recording sits on the runtime's hot path, and what it costs is memory rather than
//! instructions: an [`EventRecord`] is 56 bytes, a self-waking poll records four of them, and a
//! long run streams megabytes past every cache (natively, into pages the kernel must first
//! fault in). Packed, an event is 4 to 28 bytes and usually 4 to 8 (plus 4 or 12 when the time
//! changes): its sequence number is its position, its time is written only when it differs
//! from the previous event's, small
//! values (a worker, a queue, a poll's duration, a deadline a few ticks away) ride in the
//! header word, and text goes to a side table, so the packed words own nothing and need no
//! destructor.
//!
//! Nothing outside the recorder sees this form. The recorder decodes it into `EventRecord`s
//! when the trace is read ([`crate::Runtime::take_trace`]), so replay, the UI, the text and the
//! JSON forms are unchanged, and every golden trace checks the round trip.
//!
//! Layout of one event: a header word, the kind in its low 6 bits and the kind's small fields
//! above them, then the words of the fields that did not fit. The encoder and the decoder of a
//! kind are the same sequence of calls on [`Pack`] and [`Unpack`] (`bits`, `small`, `word`,
//! `opt`, `tick`, ...), each reading exactly what the other wrote, so the two are checked
//! against each other field by field. A text is its index in the side table, or a flag when it
//! is the text last written; a task is a flag when it is the task last written by a task field
//! (a poll's `poll_start`, `woken`, `poll_end`, `enqueued` all name one task); a timer or a
//! waker is its step from the last one of its kind written (0, 1 or 2 in two bits, else a
//! word), since both are numbered as they are made and a timeout's four events name one timer
//! and one waker. Kind [`AT`] is not an event: it moves the time of the events after it, a step
//! forward in its header or `[AT, low, high]` (decoding starts at time 0).

use super::{
    Event, EventRecord, Holder, Limit, PollOutcome, QueueRef, Text, WakeEffect, WakeSource,
};
use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use alloc::rc::Rc;
use alloc::vec::Vec;

/// The kind of the time marker: it sets the time of the events that follow.
pub(super) const AT: u32 = 63;
const KIND_BITS: u32 = 6;
const KIND_MASK: u32 = (1 << KIND_BITS) - 1;

/// Events packed so far, and what the next event is written relative to. A decoder starts from
/// [`Packed::default`]'s state, so the words are cleared with [`Packed::clear`], never in part.
#[derive(Debug, Default)]
pub(super) struct Packed {
    pub(super) words: Vec<u32>,
    /// The texts events carry, by index.
    pub(super) texts: Vec<Text>,
    /// The time of the last event written.
    at: Tick,
    /// The last task written in full (see [`Pack::task`]).
    task: u32,
    /// The last timer and waker written (see [`Pack::timer`], [`Pack::waker`]).
    timer: u32,
    waker: u32,
}

impl Packed {
    /// Starts over (keeping the memory).
    pub(super) fn clear(&mut self) {
        self.words.clear();
        self.texts.clear();
        self.at = 0;
        self.task = 0;
        self.timer = 0;
        self.waker = 0;
    }

    /// Appends `event`, which happened at `at`. Natively this is inlined into every place that
    /// records (the variant is known there, so only its arm is compiled: the fast path); in
    /// wasm32 it is one function, because there the page's download size counts more than a
    /// call per event.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn push(&mut self, at: Tick, event: Event) {
        if at != self.at {
            // Mostly a step forward: one word, `[AT | step << 6]`; else `[AT, low, high]`.
            match at.checked_sub(self.at) {
                Some(step) if step < 1 << (32 - KIND_BITS) => {
                    self.words.push(AT | (step as u32) << KIND_BITS);
                }
                _ => self
                    .words
                    .extend_from_slice(&[AT, at as u32, (at >> 32) as u32]),
            }
            self.at = at;
        }
        encode(event, at, self);
    }
}

/// The step code of [`Pack::step_id`] that says the id is in a word.
const STEP_FAR: u32 = 3;

/// Bits of the header a worker id takes when it is small (below 16, as in every lab program).
const WORKER: u32 = 4;

/// Writes one event: fields go into the header (`bits`, `flag`, `small`) or into words after
/// it (`word`, `tick`). Natively every method is inlined with constant widths, so an event
/// costs a few shifts and a push a word (in wasm32 the page's size counts more: the compiler
/// chooses). (Gathering the words in an array and copying them in one go was
/// slower: the copy reads back stores not yet retired.)
struct Pack<'a> {
    out: &'a mut Packed,
    /// Where the header is: pushed first, its fields filled in by [`Pack::finish`].
    head: usize,
    fields: u32,
    shift: u32,
}

impl<'a> Pack<'a> {
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn new(out: &'a mut Packed, kind: u32) -> Self {
        let head = out.words.len();
        out.words.push(kind);
        Pack {
            out,
            head,
            fields: 0,
            shift: KIND_BITS,
        }
    }

    /// `v` in the next `n` bits of the header (`v` must fit).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn bits(&mut self, v: u32, n: u32) {
        debug_assert!(n == 32 || v < 1 << n, "{v} does not fit {n} bits");
        self.fields |= v << self.shift;
        self.shift += n;
        debug_assert!(self.shift <= 32, "a header overflows");
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn flag(&mut self, b: bool) {
        self.bits(u32::from(b), 1);
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn word<W: Word>(&mut self, v: W) {
        self.out.words.push(v.to_word());
    }

    /// A byte in 8 header bits.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn byte(&mut self, v: u8) {
        self.bits(u32::from(v), 8);
    }

    /// A task: a flag when it is the task last written by a task field, of any kind (a poll's
    /// `poll_start`, `woken`, `poll_end`, `enqueued` all name one task), else a word. A
    /// timer's optional task ([`Pack::opt_task`]) is one too; the other optional tasks, holders
    /// and sources are written otherwise and leave it as it is.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn task(&mut self, t: TaskId) {
        let same = t.0 == self.out.task;
        self.flag(same);
        if !same {
            self.out.task = t.0;
            self.word(t.0);
        }
    }

    /// An optional task: a flag, then [`Pack::task`] (or its flag left 0 when there is none,
    /// so the fields after it keep their places: the compiler then builds the header with
    /// constant shifts).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt_task(&mut self, t: Option<TaskId>) {
        self.flag(t.is_some());
        match t {
            Some(t) => self.task(t),
            None => self.shift += 1,
        }
    }

    /// An optional waker: a flag, then [`Pack::waker`] (or a step of 0 when there is none).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt_waker(&mut self, w: Option<WakerId>) {
        self.flag(w.is_some());
        self.waker(w.unwrap_or(WakerId(self.out.waker)));
    }

    /// A timer: mostly the one last written or the next one made (see [`Pack::step_id`]).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn timer(&mut self, t: TimerId) {
        self.out.timer = self.step_id(t.0, self.out.timer);
    }

    /// A waker: mostly the one last written or the next one made (see [`Pack::step_id`]).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn waker(&mut self, w: WakerId) {
        self.out.waker = self.step_id(w.0, self.out.waker);
    }

    /// An id numbered as its kind is made (timers, wakers), written as its step from `last`,
    /// the one of its kind last written: 0, 1 or 2 in two header bits (a timer registered
    /// then cancelled, the clone made next), else 3 and the id in a word. Returns the id.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn step_id(&mut self, id: u32, last: u32) -> u32 {
        let step = id.wrapping_sub(last);
        let near = step < STEP_FAR;
        self.bits(if near { step } else { STEP_FAR }, 2);
        if !near {
            self.word(id);
        }
        id
    }

    /// `v` in `n` header bits when it fits, else in a word (a flag says which).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn small<W: Word>(&mut self, v: W, n: u32) {
        let v = v.to_word();
        let fits = v < 1 << n;
        self.flag(fits);
        self.bits(if fits { v } else { 0 }, n);
        if !fits {
            self.word(v);
        }
    }

    /// An optional value: a flag, then the value in a word when present.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt<W: Word>(&mut self, v: Option<W>) {
        self.flag(v.is_some());
        if let Some(v) = v {
            self.word(v);
        }
    }

    /// A tick in `n` header bits when small, else in two words.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn tick(&mut self, t: Tick, n: u32) {
        let fits = t < 1 << n;
        self.flag(fits);
        if fits {
            self.bits(t as u32, n);
        } else {
            self.far_tick(t, n);
        }
    }

    /// A tick in two words, the `skip` header bits its short form would take left empty.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn far_tick(&mut self, t: Tick, skip: u32) {
        self.shift += skip;
        self.word(t as u32);
        self.word((t >> 32) as u32);
    }

    /// A tick written as its distance after `base`: in `n` header bits or one word when near,
    /// two words otherwise (deadlines are mostly a little after now).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn tick_after(&mut self, t: Tick, base: Tick, n: u32) {
        let near = t >= base && t - base <= u64::from(u32::MAX);
        self.flag(near);
        if near {
            self.small((t - base) as u32, n);
        } else {
            self.far_tick(t, 1 + n);
        }
    }

    /// A text, as its index in the side table; the same text as the last one (a task spawned
    /// again and again under one name: names are interned) is a flag and reuses its entry.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn text(&mut self, t: Text) {
        let texts = &mut self.out.texts;
        let same = texts.last().is_some_and(|last| Rc::ptr_eq(last, &t));
        if !same {
            texts.push(t);
        }
        let index = (texts.len() - 1) as u32;
        self.flag(same);
        if !same {
            self.word(index);
        }
    }

    /// An optional value that is mostly small (a parent task): a flag, then [`Pack::small`].
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt_small<W: Word>(&mut self, v: Option<W>, n: u32) {
        self.flag(v.is_some());
        self.small(v.map_or(0, W::to_word), n);
    }

    /// A worker: a small number.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn worker(&mut self, w: WorkerId) {
        self.small(w, WORKER);
    }

    /// A fired timer's deadline, written as how late it fired (`at - deadline`, mostly 0).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn late(&mut self, deadline: Tick, at: Tick) {
        let late = at.checked_sub(deadline);
        self.flag(late.is_some());
        match late {
            Some(late) => self.tick(late, 20),
            None => self.far_tick(deadline, 21),
        }
    }

    /// A queue: a 2-bit tag and the worker (0 for the inject queue).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn queue(&mut self, q: QueueRef) {
        let (tag, w) = match q {
            QueueRef::Local(w) => (0, w),
            QueueRef::Lifo(w) => (1, w),
            QueueRef::Inject => (2, WorkerId(0)),
        };
        self.bits(tag, 2);
        self.worker(w);
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn outcome(&mut self, o: PollOutcome) {
        self.flag(o == PollOutcome::Ready);
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn limit(&mut self, l: Limit) {
        let tag = match l {
            Limit::Events => 0,
            Limit::Tasks => 1,
            Limit::Time => 2,
        };
        self.bits(tag, 2);
    }

    /// An id that is often the event's own task (a self-wake, a task's own waker): a flag
    /// when it is, else a word.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn id_or_own(&mut self, id: u32, own: TaskId) {
        self.flag(id == own.0);
        if id != own.0 {
            self.word(id);
        }
    }

    /// A tag of `bits` bits and the id its variant carries, if any (see
    /// [`Pack::id_or_own`]).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn tagged(&mut self, tag: u32, bits: u32, id: Option<u32>, own: TaskId) {
        self.bits(tag, bits);
        if let Some(id) = id {
            self.id_or_own(id, own);
        }
    }

    /// Who holds a waker: a 4-bit tag and its id (none for `Pending` and `Outside`; a timer
    /// as [`Pack::timer`], a worker as a small number; otherwise a flag when it is the
    /// waker's own task).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn holder(&mut self, h: Holder, own: TaskId) {
        let (tag, id) = match h {
            Holder::Timer(t) => {
                self.bits(0, 4);
                self.timer(t);
                return;
            }
            Holder::Defer(w) => {
                self.bits(8, 4);
                self.worker(w);
                return;
            }
            Holder::ChannelRecv(c) => (1, Some(c.0)),
            Holder::ChannelSend(c) => (2, Some(c.0)),
            Holder::Io(s) => (3, Some(s.0)),
            Holder::Join(t) => (4, Some(t.0)),
            Holder::Pending => (5, None),
            Holder::Task(t) => (6, Some(t.0)),
            Holder::Outside => (7, None),
        };
        self.tagged(tag, 4, id, own);
    }

    /// Who woke a task: a 3-bit tag and its id (none for `Outside`; a timer as
    /// [`Pack::timer`], a worker as a small number; otherwise a flag when it is the woken task
    /// itself).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn source(&mut self, s: WakeSource, own: TaskId) {
        let (tag, id) = match s {
            WakeSource::Timer(t) => {
                self.bits(0, 3);
                self.timer(t);
                return;
            }
            WakeSource::Defer(w) => {
                self.bits(5, 3);
                self.worker(w);
                return;
            }
            WakeSource::Io(s) => (1, Some(s.0)),
            WakeSource::Channel(c) => (2, Some(c.0)),
            WakeSource::Task(t) => (3, Some(t.0)),
            WakeSource::Outside => (4, None),
        };
        self.tagged(tag, 3, id, own);
    }

    /// What a wake did: a 2-bit tag, and the queue for `Queued`.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn effect(&mut self, e: WakeEffect) {
        match e {
            WakeEffect::Queued(q) => {
                self.bits(0, 2);
                self.queue(q);
            }
            WakeEffect::AlreadyQueued => self.bits(1, 2),
            WakeEffect::SelfWake => self.bits(2, 2),
            WakeEffect::TaskFinished => self.bits(3, 2),
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn finish(self) {
        if let Some(head) = self.out.words.get_mut(self.head) {
            *head |= self.fields;
        }
    }
}

/// Reads one event back: the same calls as [`Pack`]'s, in the same order.
struct Unpack<'a, 'b> {
    r: &'b mut Reader<'a>,
    fields: u32,
}

impl Unpack<'_, '_> {
    fn bits(&mut self, n: u32) -> u32 {
        let v = if n == 32 {
            self.fields
        } else {
            self.fields & ((1 << n) - 1)
        };
        self.fields = self.fields.checked_shr(n).unwrap_or(0);
        v
    }

    fn flag(&mut self) -> bool {
        self.bits(1) == 1
    }

    fn word<W: Word>(&mut self) -> W {
        W::from_word(self.r.word())
    }

    fn byte(&mut self) -> u8 {
        self.bits(8) as u8
    }

    fn small<W: Word>(&mut self, n: u32) -> W {
        let fits = self.flag();
        let v = self.bits(n);
        W::from_word(if fits { v } else { self.r.word() })
    }

    fn opt<W: Word>(&mut self) -> Option<W> {
        if self.flag() { Some(self.word()) } else { None }
    }

    fn tick(&mut self, n: u32) -> Tick {
        if self.flag() {
            u64::from(self.bits(n))
        } else {
            self.far_tick(n)
        }
    }

    fn far_tick(&mut self, skip: u32) -> Tick {
        self.bits(skip);
        self.r.tick()
    }

    fn tick_after(&mut self, base: Tick, n: u32) -> Tick {
        if self.flag() {
            base + u64::from(self.small::<u32>(n))
        } else {
            self.far_tick(1 + n)
        }
    }

    fn text(&mut self) -> Text {
        if !self.flag() {
            self.r.text = self.r.word() as usize;
        }
        self.r.texts[self.r.text].clone()
    }

    fn opt_small<W: Word>(&mut self, n: u32) -> Option<W> {
        let some = self.flag();
        let v = self.small(n);
        some.then_some(v)
    }

    fn task(&mut self) -> TaskId {
        if !self.flag() {
            self.r.task = self.r.word();
        }
        TaskId(self.r.task)
    }

    fn opt_task(&mut self) -> Option<TaskId> {
        if self.flag() {
            Some(self.task())
        } else {
            self.bits(1);
            None
        }
    }

    fn opt_waker(&mut self) -> Option<WakerId> {
        let some = self.flag();
        let waker = self.waker();
        some.then_some(waker)
    }

    fn timer(&mut self) -> TimerId {
        self.r.timer = self.step_id(self.r.timer);
        TimerId(self.r.timer)
    }

    fn waker(&mut self) -> WakerId {
        self.r.waker = self.step_id(self.r.waker);
        WakerId(self.r.waker)
    }

    fn step_id(&mut self, last: u32) -> u32 {
        match self.bits(2) {
            STEP_FAR => self.r.word(),
            step => last.wrapping_add(step),
        }
    }

    fn worker(&mut self) -> WorkerId {
        self.small(WORKER)
    }

    fn late(&mut self, at: Tick) -> Tick {
        if self.flag() {
            at - self.tick(20)
        } else {
            self.far_tick(21)
        }
    }

    fn queue(&mut self) -> QueueRef {
        let tag = self.bits(2);
        let w = self.worker();
        match tag {
            0 => QueueRef::Local(w),
            1 => QueueRef::Lifo(w),
            _ => QueueRef::Inject,
        }
    }

    fn outcome(&mut self) -> PollOutcome {
        if self.flag() {
            PollOutcome::Ready
        } else {
            PollOutcome::Pending
        }
    }

    fn limit(&mut self) -> Limit {
        match self.bits(2) {
            0 => Limit::Events,
            1 => Limit::Tasks,
            _ => Limit::Time,
        }
    }

    fn id_or_own(&mut self, own: TaskId) -> u32 {
        if self.flag() { own.0 } else { self.r.word() }
    }

    fn holder(&mut self, own: TaskId) -> Holder {
        let tag = self.bits(4);
        match tag {
            0 => return Holder::Timer(self.timer()),
            8 => return Holder::Defer(self.worker()),
            _ => {}
        }
        let mut id = || self.id_or_own(own);
        match tag {
            1 => Holder::ChannelRecv(ChannelId(id())),
            2 => Holder::ChannelSend(ChannelId(id())),
            3 => Holder::Io(SocketId(id())),
            4 => Holder::Join(TaskId(id())),
            5 => Holder::Pending,
            6 => Holder::Task(TaskId(id())),
            _ => Holder::Outside,
        }
    }

    fn source(&mut self, own: TaskId) -> WakeSource {
        let tag = self.bits(3);
        match tag {
            0 => return WakeSource::Timer(self.timer()),
            5 => return WakeSource::Defer(self.worker()),
            _ => {}
        }
        let mut id = || self.id_or_own(own);
        match tag {
            1 => WakeSource::Io(SocketId(id())),
            2 => WakeSource::Channel(ChannelId(id())),
            3 => WakeSource::Task(TaskId(id())),
            _ => WakeSource::Outside,
        }
    }

    fn effect(&mut self) -> WakeEffect {
        match self.bits(2) {
            0 => WakeEffect::Queued(self.queue()),
            1 => WakeEffect::AlreadyQueued,
            2 => WakeEffect::SelfWake,
            _ => WakeEffect::TaskFinished,
        }
    }
}

/// A field packed as one word, or as a number in header bits: `u32`, `u8` and the ids.
trait Word: Copy {
    fn to_word(self) -> u32;
    fn from_word(w: u32) -> Self;
}

impl Word for u32 {
    fn to_word(self) -> u32 {
        self
    }
    fn from_word(w: u32) -> u32 {
        w
    }
}

impl Word for u8 {
    fn to_word(self) -> u32 {
        u32::from(self)
    }
    fn from_word(w: u32) -> u8 {
        w as u8
    }
}

macro_rules! id_words {
    ($($id:ident),*) => {$(
        impl Word for $id {
            fn to_word(self) -> u32 {
                self.0
            }
            fn from_word(w: u32) -> $id {
                $id(w)
            }
        }
    )*};
}

id_words!(TaskId, WorkerId, ChannelId, SocketId, LabelId);

/// Expands the event table (`for_each_event` in `mod.rs`) into the encoder and the decoder.
/// Each field's codec is a method of [`Pack`], which writes it, and of [`Unpack`], which reads
/// it back with the same arguments; the fields are written and read in the table's order, so
/// the two cannot disagree.
macro_rules! pack_events {
    (
        $at:ident;
        $(
            $(#[$doc:meta])*
            $name:ident $kind:literal {
                $( $(#[$fdoc:meta])* $field:ident: $ty:ty => $codec:ident($($arg:expr),*) $([$($opt:tt)*])?, )*
            }
        )*
    ) => {
        /// The header's kind: the events in the table's order, then [`AT`].
        #[derive(Clone, Copy)]
        #[repr(u32)]
        enum Code {
            $($name),*
        }

        impl Code {
            const ALL: &[Code] = &[$(Code::$name),*];
        }

        /// Appends `event`, which happened at its time, to `out`. Inlined into each call site,
        /// where the variant is known, so only that variant's arm is compiled there.
        #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
        pub(super) fn encode(event: Event, $at: Tick, out: &mut Packed) {
            match event {
                $(
                    Event::$name { $($field),* } => {
                        let mut p = Pack::new(out, Code::$name as u32);
                        $( p.$codec($field $(, $arg)*); )*
                        p.finish();
                    }
                )*
            }
        }

        fn decode_one(kind: u32, $at: Tick, u: &mut Unpack<'_, '_>) -> Event {
            match Code::ALL.get(kind as usize) {
                $(
                    Some(Code::$name) => {
                        $( let $field = u.$codec($($arg),*); )*
                        Event::$name { $($field),* }
                    }
                )*
                None => unreachable!("the packed trace holds kind {kind}, which `encode` never writes"),
            }
        }
    };
}

for_each_event!(pack_events);

/// Reads back what [`encode`] wrote.
struct Reader<'a> {
    words: &'a [u32],
    pos: usize,
    texts: &'a [Text],
    /// The last task written in full (see [`Pack::task`]).
    task: u32,
    /// The index of the last text written in full (see [`Pack::text`]).
    text: usize,
    /// The last timer and waker written (see [`Pack::timer`], [`Pack::waker`]).
    timer: u32,
    waker: u32,
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
}

/// Decodes the events packed in `words` (texts in `texts`), numbering them from `first_seq`,
/// onto the end of `out`.
pub(super) fn decode(words: &[u32], texts: &[Text], first_seq: u64, out: &mut Vec<EventRecord>) {
    let mut r = Reader {
        words,
        pos: 0,
        texts,
        task: 0,
        text: 0,
        timer: 0,
        waker: 0,
    };
    let mut at = 0;
    let mut seq = first_seq;
    while r.pos < words.len() {
        let h = r.word();
        if h & KIND_MASK == AT {
            let step = h >> KIND_BITS;
            at = if step == 0 {
                r.tick()
            } else {
                at + u64::from(step)
            };
            continue;
        }
        let mut u = Unpack {
            r: &mut r,
            fields: h >> KIND_BITS,
        };
        let event = decode_one(h & KIND_MASK, at, &mut u);
        out.push(EventRecord { seq, at, event });
        seq += 1;
    }
}
