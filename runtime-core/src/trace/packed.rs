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
    pub const DEFERRED: u32 = 35;
    pub const DEFERRED_WOKEN: u32 = 36;
    pub const ABORTED: u32 = 37;
}

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
    fn word(&mut self, v: u32) {
        self.out.words.push(v);
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
    fn small(&mut self, v: u32, n: u32) {
        let fits = v < 1 << n;
        self.flag(fits);
        self.bits(if fits { v } else { 0 }, n);
        if !fits {
            self.word(v);
        }
    }

    /// An optional value: a flag, then the value in a word when present.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt(&mut self, v: Option<u32>) {
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
    fn opt_small(&mut self, v: Option<u32>, n: u32) {
        self.flag(v.is_some());
        self.small(v.unwrap_or(0), n);
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

    fn word(&mut self) -> u32 {
        self.r.word()
    }

    fn small(&mut self, n: u32) -> u32 {
        let fits = self.flag();
        let v = self.bits(n);
        if fits { v } else { self.word() }
    }

    fn opt(&mut self) -> Option<u32> {
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
            base + u64::from(self.small(n))
        } else {
            self.far_tick(1 + n)
        }
    }

    fn text(&mut self) -> Text {
        if !self.flag() {
            self.r.text = self.word() as usize;
        }
        self.r.texts[self.r.text].clone()
    }

    fn opt_small(&mut self, n: u32) -> Option<u32> {
        let some = self.flag();
        let v = self.small(n);
        some.then_some(v)
    }

    fn task(&mut self) -> TaskId {
        if !self.flag() {
            self.r.task = self.word();
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
            STEP_FAR => self.word(),
            step => last.wrapping_add(step),
        }
    }

    fn worker(&mut self) -> WorkerId {
        WorkerId(self.small(WORKER))
    }
}

/// A queue: a 2-bit tag and the worker (0 for the inject queue).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_queue(p: &mut Pack<'_>, q: QueueRef) {
    let (tag, w) = match q {
        QueueRef::Local(w) => (0, w.0),
        QueueRef::Lifo(w) => (1, w.0),
        QueueRef::Inject => (2, 0),
    };
    p.bits(tag, 2);
    p.small(w, WORKER);
}

fn get_queue(u: &mut Unpack<'_, '_>) -> QueueRef {
    let tag = u.bits(2);
    let w = u.worker();
    match tag {
        0 => QueueRef::Local(w),
        1 => QueueRef::Lifo(w),
        _ => QueueRef::Inject,
    }
}

/// An id that is often the event's own task (a self-wake, a task's own waker): a flag when it
/// is, else a word.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_id_or_own(p: &mut Pack<'_>, id: u32, own: TaskId) {
    p.flag(id == own.0);
    if id != own.0 {
        p.word(id);
    }
}

/// A tag of `bits` bits and the id its variant carries, if any (see [`put_id_or_own`]).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_tagged(p: &mut Pack<'_>, tag: u32, bits: u32, id: Option<u32>, own: TaskId) {
    p.bits(tag, bits);
    if let Some(id) = id {
        put_id_or_own(p, id, own);
    }
}

fn get_id_or_own(u: &mut Unpack<'_, '_>, own: TaskId) -> u32 {
    if u.flag() { own.0 } else { u.word() }
}

/// Appends `event`, which happened at `at`, to `out`. Inlined
/// into each call site, where the variant is known, so only that variant's arm is compiled
/// there.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(super) fn encode(event: Event, at: Tick, out: &mut Packed) {
    use Event::*;
    match event {
        RuntimeStarted {
            workers,
            event_interval,
            global_queue_interval,
            budget,
            lifo_slot,
            seed,
            wheel_levels,
            wheel_bits,
            micros_per_tick,
        } => {
            let mut p = Pack::new(out, kind::RUNTIME_STARTED);
            p.word(workers);
            p.word(event_interval);
            p.word(global_queue_interval);
            p.opt(budget);
            p.flag(lifo_slot);
            p.word(seed);
            p.bits(u32::from(wheel_levels), 8);
            p.bits(u32::from(wheel_bits), 8);
            p.word(micros_per_tick);
            p.finish();
        }
        Spawned {
            task,
            name,
            parent,
            size,
        } => {
            let mut p = Pack::new(out, kind::SPAWNED);
            p.task(task);
            p.text(name);
            p.opt_small(parent.map(|t| t.0), 8);
            p.small(size, 10);
            p.finish();
        }
        Enqueued { task, queue } => {
            let mut p = Pack::new(out, kind::ENQUEUED);
            p.task(task);
            put_queue(&mut p, queue);
            p.finish();
        }
        PollStart {
            task,
            worker,
            from,
            addr,
        } => {
            let mut p = Pack::new(out, kind::POLL_START);
            p.task(task);
            p.small(worker.0, WORKER);
            put_queue(&mut p, from);
            p.small(addr, 8);
            p.finish();
        }
        PollEnd {
            task,
            worker,
            outcome,
            duration,
            state,
        } => {
            let mut p = Pack::new(out, kind::POLL_END);
            p.task(task);
            p.small(worker.0, WORKER);
            p.flag(outcome == PollOutcome::Ready);
            p.tick(duration, 12);
            p.opt(state.map(|l| l.0));
            p.finish();
        }
        WakerCloned {
            task,
            waker,
            holder,
        } => {
            let mut p = Pack::new(out, kind::WAKER_CLONED);
            p.task(task);
            p.waker(waker);
            put_holder(&mut p, holder, task);
            p.finish();
        }
        WakerDropped { task, waker } => {
            let mut p = Pack::new(out, kind::WAKER_DROPPED);
            p.task(task);
            p.waker(waker);
            p.finish();
        }
        Woken {
            task,
            waker,
            by_ref,
            source,
            effect,
        } => {
            let mut p = Pack::new(out, kind::WOKEN);
            p.task(task);
            p.opt_waker(waker);
            p.flag(by_ref);
            put_source(&mut p, source, task);
            put_effect(&mut p, effect);
            p.finish();
        }
        TimerRegistered {
            timer,
            task,
            deadline,
            level,
            slot,
        } => {
            let mut p = Pack::new(out, kind::TIMER_REGISTERED);
            p.timer(timer);
            p.opt_task(task);
            p.tick_after(deadline, at, 9);
            p.small(u32::from(level), 3);
            p.small(u32::from(slot), 6);
            p.finish();
        }
        TimerCascaded {
            timer,
            from_level,
            from_slot,
            to_level,
            to_slot,
        } => {
            let mut p = Pack::new(out, kind::TIMER_CASCADED);
            p.timer(timer);
            p.word(u32::from_le_bytes([
                from_level, from_slot, to_level, to_slot,
            ]));
            p.finish();
        }
        TimerFired { timer, deadline } => {
            // Fired at or after its deadline: written as how late, `at - deadline`.
            let mut p = Pack::new(out, kind::TIMER_FIRED);
            p.timer(timer);
            let late = at.checked_sub(deadline);
            p.flag(late.is_some());
            match late {
                Some(late) => p.tick(late, 20),
                None => p.far_tick(deadline, 21),
            }
            p.finish();
        }
        TimerCancelled { timer } => {
            let mut p = Pack::new(out, kind::TIMER_CANCELLED);
            p.timer(timer);
            p.finish();
        }
        ClockAdvanced { from, to } => {
            let mut p = Pack::new(out, kind::CLOCK_ADVANCED);
            p.tick(from, 10);
            p.tick_after(to, from, 12);
            p.finish();
        }
        DriverTurned {
            worker,
            timers,
            io,
            remote,
        } => {
            let mut p = Pack::new(out, kind::DRIVER_TURNED);
            p.small(worker.0, WORKER);
            p.small(timers, 6);
            p.small(io, 6);
            p.small(remote, 5);
            p.finish();
        }
        SocketCreated { socket, name } => {
            let mut p = Pack::new(out, kind::SOCKET_CREATED);
            p.word(socket.0);
            p.text(name);
            p.finish();
        }
        IoRegistered { socket, task } => {
            let mut p = Pack::new(out, kind::IO_REGISTERED);
            p.word(socket.0);
            p.opt(task.map(|t| t.0));
            p.finish();
        }
        IoReady { socket, bytes } => {
            let mut p = Pack::new(out, kind::IO_READY);
            p.word(socket.0);
            p.word(bytes);
            p.finish();
        }
        BudgetExhausted { task } => only_task(out, kind::BUDGET_EXHAUSTED, task),
        Deferred {
            task,
            worker,
            duplicate,
        } => {
            let mut p = Pack::new(out, kind::DEFERRED);
            p.task(task);
            p.small(worker.0, WORKER);
            p.flag(duplicate);
            p.finish();
        }
        DeferredWoken { worker, count } => {
            let mut p = Pack::new(out, kind::DEFERRED_WOKEN);
            p.small(worker.0, WORKER);
            p.small(count, 16);
            p.finish();
        }
        Aborted { task } => only_task(out, kind::ABORTED, task),
        Completed { task } => only_task(out, kind::COMPLETED, task),
        Cancelled { task } => only_task(out, kind::CANCELLED, task),
        LostWaker { task } => only_task(out, kind::LOST_WAKER, task),
        Stolen { from, to, count } => {
            let mut p = Pack::new(out, kind::STOLEN);
            p.small(from.0, WORKER);
            p.small(to.0, WORKER);
            p.word(count);
            p.finish();
        }
        Overflow { worker, count } => {
            let mut p = Pack::new(out, kind::OVERFLOW);
            p.small(worker.0, WORKER);
            p.word(count);
            p.finish();
        }
        ChannelCreated {
            channel,
            name,
            capacity,
        } => {
            let mut p = Pack::new(out, kind::CHANNEL_CREATED);
            p.word(channel.0);
            p.text(name);
            p.word(capacity);
            p.finish();
        }
        ChannelClosed { channel } => {
            let mut p = Pack::new(out, kind::CHANNEL_CLOSED);
            p.word(channel.0);
            p.finish();
        }
        Sent { channel, task, len } => channel_op(out, kind::SENT, channel, task, len),
        Received { channel, task, len } => channel_op(out, kind::RECEIVED, channel, task, len),
        Label { label, text } => {
            let mut p = Pack::new(out, kind::LABEL);
            p.word(label.0);
            p.text(text);
            p.finish();
        }
        Print { task, text } => {
            let mut p = Pack::new(out, kind::PRINT);
            p.opt(task.map(|t| t.0));
            p.text(text);
            p.finish();
        }
        LongPoll {
            task,
            duration,
            threshold,
        } => {
            let mut p = Pack::new(out, kind::LONG_POLL);
            p.task(task);
            p.tick(duration, 12);
            p.tick(threshold, 11);
            p.finish();
        }
        SelfWakeStorm { task, count } => {
            let mut p = Pack::new(out, kind::SELF_WAKE_STORM);
            p.task(task);
            p.word(count);
            p.finish();
        }
        Stalled { task, reason } => {
            let mut p = Pack::new(out, kind::STALLED);
            p.task(task);
            p.text(reason);
            p.finish();
        }
        LimitReached { limit, value } => {
            let mut p = Pack::new(out, kind::LIMIT_REACHED);
            let tag = match limit {
                Limit::Events => 0,
                Limit::Tasks => 1,
                Limit::Time => 2,
            };
            p.bits(tag, 2);
            p.tick(value, 16);
            p.finish();
        }
        Fault { task, message } => {
            let mut p = Pack::new(out, kind::FAULT);
            p.opt(task.map(|t| t.0));
            p.text(message);
            p.finish();
        }
        Locals { task, text } => {
            let mut p = Pack::new(out, kind::LOCALS);
            p.task(task);
            p.text(text);
            p.finish();
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn only_task(out: &mut Packed, kind: u32, task: TaskId) {
    let mut p = Pack::new(out, kind);
    p.task(task);
    p.finish();
}

#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn channel_op(out: &mut Packed, kind: u32, channel: ChannelId, task: Option<TaskId>, len: u32) {
    let mut p = Pack::new(out, kind);
    p.word(channel.0);
    p.opt(task.map(|t| t.0));
    p.small(len, 16);
    p.finish();
}

/// Who holds a waker: a 4-bit tag and its id (none for `Pending` and `Outside`; a timer as
/// [`Pack::timer`], a worker as a small number; otherwise a flag when it is the waker's own
/// task).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_holder(p: &mut Pack<'_>, h: Holder, own: TaskId) {
    let (tag, id) = match h {
        Holder::Timer(t) => {
            p.bits(0, 4);
            p.timer(t);
            return;
        }
        Holder::Defer(w) => {
            p.bits(8, 4);
            p.small(w.0, WORKER);
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
    put_tagged(p, tag, 4, id, own);
}

fn get_holder(u: &mut Unpack<'_, '_>, own: TaskId) -> Holder {
    let tag = u.bits(4);
    match tag {
        0 => return Holder::Timer(u.timer()),
        8 => return Holder::Defer(u.worker()),
        _ => {}
    }
    let mut id = || get_id_or_own(u, own);
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

/// Who woke a task: a 3-bit tag and its id (none for `Outside`; a timer as [`Pack::timer`],
/// a worker as a small number; otherwise a flag when it is the woken task itself).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_source(p: &mut Pack<'_>, s: WakeSource, own: TaskId) {
    let (tag, id) = match s {
        WakeSource::Timer(t) => {
            p.bits(0, 3);
            p.timer(t);
            return;
        }
        WakeSource::Defer(w) => {
            p.bits(5, 3);
            p.small(w.0, WORKER);
            return;
        }
        WakeSource::Io(s) => (1, Some(s.0)),
        WakeSource::Channel(c) => (2, Some(c.0)),
        WakeSource::Task(t) => (3, Some(t.0)),
        WakeSource::Outside => (4, None),
    };
    put_tagged(p, tag, 3, id, own);
}

fn get_source(u: &mut Unpack<'_, '_>, own: TaskId) -> WakeSource {
    let tag = u.bits(3);
    match tag {
        0 => return WakeSource::Timer(u.timer()),
        5 => return WakeSource::Defer(u.worker()),
        _ => {}
    }
    let mut id = || get_id_or_own(u, own);
    match tag {
        1 => WakeSource::Io(SocketId(id())),
        2 => WakeSource::Channel(ChannelId(id())),
        3 => WakeSource::Task(TaskId(id())),
        _ => WakeSource::Outside,
    }
}

/// What a wake did: a 2-bit tag, and the queue for `Queued`.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put_effect(p: &mut Pack<'_>, e: WakeEffect) {
    match e {
        WakeEffect::Queued(q) => {
            p.bits(0, 2);
            put_queue(p, q);
        }
        WakeEffect::AlreadyQueued => p.bits(1, 2),
        WakeEffect::SelfWake => p.bits(2, 2),
        WakeEffect::TaskFinished => p.bits(3, 2),
    }
}

fn get_effect(u: &mut Unpack<'_, '_>) -> WakeEffect {
    match u.bits(2) {
        0 => WakeEffect::Queued(get_queue(u)),
        1 => WakeEffect::AlreadyQueued,
        2 => WakeEffect::SelfWake,
        _ => WakeEffect::TaskFinished,
    }
}

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

fn decode_one(kind: u32, at: Tick, u: &mut Unpack<'_, '_>) -> Event {
    match kind {
        kind::RUNTIME_STARTED => Event::RuntimeStarted {
            workers: u.word(),
            event_interval: u.word(),
            global_queue_interval: u.word(),
            budget: u.opt(),
            lifo_slot: u.flag(),
            seed: u.word(),
            wheel_levels: u.bits(8) as u8,
            wheel_bits: u.bits(8) as u8,
            micros_per_tick: u.word(),
        },
        kind::SPAWNED => Event::Spawned {
            task: u.task(),
            name: u.text(),
            parent: u.opt_small(8).map(TaskId),
            size: u.small(10),
        },
        kind::ENQUEUED => Event::Enqueued {
            task: u.task(),
            queue: get_queue(u),
        },
        kind::POLL_START => Event::PollStart {
            task: u.task(),
            worker: u.worker(),
            from: get_queue(u),
            addr: u.small(8),
        },
        kind::POLL_END => Event::PollEnd {
            task: u.task(),
            worker: u.worker(),
            outcome: if u.flag() {
                PollOutcome::Ready
            } else {
                PollOutcome::Pending
            },
            duration: u.tick(12),
            state: u.opt().map(LabelId),
        },
        kind::WAKER_CLONED => {
            let task = u.task();
            Event::WakerCloned {
                task,
                waker: u.waker(),
                holder: get_holder(u, task),
            }
        }
        kind::WAKER_DROPPED => Event::WakerDropped {
            task: u.task(),
            waker: u.waker(),
        },
        kind::WOKEN => {
            let task = u.task();
            Event::Woken {
                task,
                waker: u.opt_waker(),
                by_ref: u.flag(),
                source: get_source(u, task),
                effect: get_effect(u),
            }
        }
        kind::TIMER_REGISTERED => Event::TimerRegistered {
            timer: u.timer(),
            task: u.opt_task(),
            deadline: u.tick_after(at, 9),
            level: u.small(3) as u8,
            slot: u.small(6) as u8,
        },
        kind::TIMER_CASCADED => {
            let timer = u.timer();
            let [from_level, from_slot, to_level, to_slot] = u.word().to_le_bytes();
            Event::TimerCascaded {
                timer,
                from_level,
                from_slot,
                to_level,
                to_slot,
            }
        }
        kind::TIMER_FIRED => {
            let timer = u.timer();
            let deadline = if u.flag() {
                at - u.tick(20)
            } else {
                u.far_tick(21)
            };
            Event::TimerFired { timer, deadline }
        }
        kind::TIMER_CANCELLED => Event::TimerCancelled { timer: u.timer() },
        kind::CLOCK_ADVANCED => {
            let from = u.tick(10);
            Event::ClockAdvanced {
                from,
                to: u.tick_after(from, 12),
            }
        }
        kind::DRIVER_TURNED => Event::DriverTurned {
            worker: u.worker(),
            timers: u.small(6),
            io: u.small(6),
            remote: u.small(5),
        },
        kind::SOCKET_CREATED => Event::SocketCreated {
            socket: SocketId(u.word()),
            name: u.text(),
        },
        kind::IO_REGISTERED => Event::IoRegistered {
            socket: SocketId(u.word()),
            task: u.opt().map(TaskId),
        },
        kind::IO_READY => Event::IoReady {
            socket: SocketId(u.word()),
            bytes: u.word(),
        },
        kind::BUDGET_EXHAUSTED => Event::BudgetExhausted { task: u.task() },
        kind::DEFERRED => Event::Deferred {
            task: u.task(),
            worker: u.worker(),
            duplicate: u.flag(),
        },
        kind::DEFERRED_WOKEN => Event::DeferredWoken {
            worker: u.worker(),
            count: u.small(16),
        },
        kind::ABORTED => Event::Aborted { task: u.task() },
        kind::COMPLETED => Event::Completed { task: u.task() },
        kind::CANCELLED => Event::Cancelled { task: u.task() },
        kind::LOST_WAKER => Event::LostWaker { task: u.task() },
        kind::STOLEN => Event::Stolen {
            from: u.worker(),
            to: u.worker(),
            count: u.word(),
        },
        kind::OVERFLOW => Event::Overflow {
            worker: u.worker(),
            count: u.word(),
        },
        kind::CHANNEL_CREATED => Event::ChannelCreated {
            channel: ChannelId(u.word()),
            name: u.text(),
            capacity: u.word(),
        },
        kind::CHANNEL_CLOSED => Event::ChannelClosed {
            channel: ChannelId(u.word()),
        },
        kind::SENT => Event::Sent {
            channel: ChannelId(u.word()),
            task: u.opt().map(TaskId),
            len: u.small(16),
        },
        kind::RECEIVED => Event::Received {
            channel: ChannelId(u.word()),
            task: u.opt().map(TaskId),
            len: u.small(16),
        },
        kind::LABEL => Event::Label {
            label: LabelId(u.word()),
            text: u.text(),
        },
        kind::PRINT => Event::Print {
            task: u.opt().map(TaskId),
            text: u.text(),
        },
        kind::LONG_POLL => Event::LongPoll {
            task: u.task(),
            duration: u.tick(12),
            threshold: u.tick(11),
        },
        kind::SELF_WAKE_STORM => Event::SelfWakeStorm {
            task: u.task(),
            count: u.word(),
        },
        kind::STALLED => Event::Stalled {
            task: u.task(),
            reason: u.text(),
        },
        kind::LIMIT_REACHED => Event::LimitReached {
            limit: match u.bits(2) {
                0 => Limit::Events,
                1 => Limit::Tasks,
                _ => Limit::Time,
            },
            value: u.tick(16),
        },
        kind::FAULT => Event::Fault {
            task: u.opt().map(TaskId),
            message: u.text(),
        },
        kind::LOCALS => Event::Locals {
            task: u.task(),
            text: u.text(),
        },
        other => unreachable!("the packed trace holds kind {other}, which `encode` never writes"),
    }
}
