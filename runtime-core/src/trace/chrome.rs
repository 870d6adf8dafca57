//! A run as Chrome Trace Event JSON, the file that Perfetto (<https://ui.perfetto.dev>) and
//! `chrome://tracing` open.
//!
//! The lab draws its own timeline, but the ecosystem looks at traces in these viewers: `tracing`
//! spans reach them through the `tracing-chrome` layer, rustc's `-Z self-profile` data through
//! measureme's `crox`, both in this format. A learner who has read a run here can open it
//! there, with every poll, wake and timer in place, and find their way around a real trace
//! afterwards.
//!
//! The file uses the format's "JSON Object Format" (`{"traceEvents":[...],
//! "displayTimeUnit":"ms"}`), with one process for the run and these tracks (threads):
//!
//! * one per task (`tid` 1000 + its id), named after it: each poll is a complete event
//!   (`ph:"X"`) named by the await point the poll resumed from (`Unresumed` for the first, as
//!   the Pin panel says), with the poll's number, outcome and task id in `args`;
//! * with several workers, one per worker (`tid` 1 + its index), whose slices are the polls it
//!   made, named by task;
//! * `runtime driver` (timers fired and cascaded, sockets ready, defer lists woken, driver
//!   turns) and `outside the runtime` (wakes from outside), when the run has such events.
//!
//! Every wake is an instant (`ph:"i"`, `s:"t"`) on the track of whoever woke: the waking
//! task's (a wake from a channel is made by the poll in progress), the driver's, or the
//! outside's. A wake that queued its task and was followed by that task's next poll also gets
//! a flow arrow: `ph:"s"` right after that instant, `ph:"f"` (`bp:"e"`) at the start of the
//! poll. A wake that led to no poll (the task was already queued, had finished, was cancelled,
//! or the run ended) has no arrow. Spawns, prints, timers, deferred wakes, budget exhaustion,
//! aborts, cancellations, steals, the blocking pool's events (on the track of the blocking
//! task, or of the task blocking in place) and diagnostics are instants too. An instant is
//! named (and categorised) by its event's kind, as the event log names it (`woken`, `print`,
//! `timer_fired`, `long_poll`, ...), with the event's fields, as the log writes them, in its
//! `args`.
//!
//! Time is the lab's virtual clock: `ts` and `dur` in microseconds, ticks times
//! `micros_per_tick` from `runtime_started`. Most polls take no virtual time: their slices
//! have `dur` 0, which the viewers draw as thin marks.
//!
//! The viewers bind a flow event to the slice open on its track when they read it, and read
//! events in time order. For events at the same time, Perfetto reads slices that last longer
//! first and the rest in file order; the file is written in that order (then each track's
//! events in the order the runtime recorded them), so a viewer that keeps file order for ties
//! and one that sorts longer slices first read the same thing. Each `s` follows its wake
//! instant and each `f` follows its poll's slice, so each binds to its own.
//!
//! Written by hand with `alloc` (no serde): it works wherever the runtime does, and the page,
//! which runs it for its "Export for Perfetto" button, needs no serializer for it.

use super::text::{self, Field, Names};
use super::{Event, EventRecord, PollOutcome, QueueRef, WakeEffect, WakeSource};
use crate::ids::{LabelId, TaskId, Tick, WorkerId};
use crate::replay::RunSettings;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The run's one process.
const PID: u32 = 1;
/// The track of the timer wheel, the reactor and the defer lists (the drivers).
const DRIVER_TID: u32 = 900;
/// The track of wakes made from outside the runtime.
const OUTSIDE_TID: u32 = 901;
/// Tasks' tracks start here, after the workers' (at most 256: `Config::workers` is a `u8`).
const TASK_TID_BASE: u32 = 1000;

fn task_tid(t: TaskId) -> u32 {
    TASK_TID_BASE.saturating_add(t.0)
}

/// The name of a task's first poll: its future resumes from `Unresumed`, the state rustc
/// gives an async body before its first poll (the Pin panel's name for it).
const UNRESUMED: &str = "Unresumed";

/// Chrome Trace Event JSON for the run recorded in `events`; `program` names its process (a
/// preset's name, a file's).
pub fn export(events: &[EventRecord], program: &str) -> String {
    // Tokio's (and `Config::default()`'s) one worker and 1 ms a tick, for a trace cut short
    // before its `runtime_started`.
    let (micros_per_tick, workers) = events
        .iter()
        .find_map(|r| RunSettings::from_event(&r.event))
        .map_or((1000, 1), |s| (s.micros_per_tick, s.workers));
    let mut x = Exporter {
        out: Out {
            buf: String::new(),
            pieces: Vec::new(),
            orders: 0,
            micros_per_tick: u64::from(micros_per_tick.max(1)),
        },
        names: Names::from_events(events).with_unique_tasks(),
        workers: if workers > 1 { workers } else { 0 },
        tasks: Vec::new(),
        flows: Vec::new(),
        active: None,
        driver: false,
        outside: false,
    };
    let mut last = 0;
    for r in events {
        last = last.max(r.at);
        x.event(r);
    }
    // A poll the trace does not see end (the run was stopped, or the recorder dropped the
    // rest): its slice runs to the end of the trace and says so.
    for i in 0..x.tasks.len() {
        if let Some(poll) = x.tasks[i].open.take() {
            x.close_poll(TaskId(i as u32), poll, last, None);
        }
    }
    x.finish(program, events.len())
}

/// A poll whose `poll_end` has not been seen yet.
struct OpenPoll {
    at: Tick,
    worker: WorkerId,
    from: QueueRef,
    number: u32,
    name: String,
    /// Where its slice goes in the file (its worker's slice and its flow's end follow).
    order: u64,
    /// The flow of the wake that queued it, which ends at this poll.
    flow: Option<usize>,
}

/// What the export keeps about one task (tasks are indexed by id: ids are dense).
#[derive(Default)]
struct TaskTrack {
    polls: u32,
    /// The await point its last poll parked it at (`None` inside: it could not tell; `None`
    /// outside: never polled).
    resumed: Option<Option<LabelId>>,
    open: Option<OpenPoll>,
    /// The flow started by the wake that queued it, until its next poll.
    waiting: Option<usize>,
}

struct Exporter {
    out: Out,
    names: Names,
    /// Workers with a track of their own (0 with a single worker).
    workers: u32,
    tasks: Vec<TaskTrack>,
    /// Whether each flow reached a poll (only those are written).
    flows: Vec<bool>,
    /// The task whose code runs now (its poll, or the drop of its future): a channel's wake
    /// or a timer's cancellation is made by it.
    active: Option<TaskId>,
    /// Whether the driver's and the outside's tracks have events.
    driver: bool,
    outside: bool,
}

impl Exporter {
    fn task(&mut self, t: TaskId) -> &mut TaskTrack {
        let i = t.index();
        if self.tasks.len() <= i {
            self.tasks.resize_with(i + 1, TaskTrack::default);
        }
        &mut self.tasks[i]
    }

    /// The track of code that `active` runs, or `none` between polls.
    fn running(&mut self, none: u32) -> u32 {
        self.active.map_or(none, task_tid)
    }

    fn event(&mut self, r: &EventRecord) {
        let at = r.at;
        match &r.event {
            Event::PollStart {
                task, worker, from, ..
            } => {
                self.active = Some(*task);
                let t = self.task(*task);
                t.polls += 1;
                let (number, resumed, flow) = (t.polls, t.resumed, t.waiting.take());
                let name = match resumed {
                    None => String::from(UNRESUMED),
                    Some(Some(label)) => self.names.label(label),
                    Some(None) => String::from("poll"),
                };
                if let Some(flow) = flow {
                    self.flows[flow] = true;
                }
                // The slice, its worker's slice and its flow's end take three places in a row.
                let order = self.out.reserve(3);
                self.task(*task).open = Some(OpenPoll {
                    at,
                    worker: *worker,
                    from: *from,
                    number,
                    name,
                    order,
                    flow,
                });
                return;
            }
            Event::PollEnd {
                task,
                outcome,
                state,
                ..
            } => {
                if *outcome == PollOutcome::Pending {
                    // Nothing of the task runs after a pending poll (a finished future is
                    // dropped after its `poll_end`, and that is still its code).
                    self.active = None;
                }
                let t = self.task(*task);
                t.resumed = Some(*state);
                if let Some(poll) = t.open.take() {
                    self.close_poll(*task, poll, at, Some((*outcome, *state)));
                }
                return;
            }
            Event::Woken {
                task,
                source,
                effect,
                ..
            } => {
                let tid = match source {
                    WakeSource::Task(t) => task_tid(*t),
                    WakeSource::Channel(_) => self.running(OUTSIDE_TID),
                    WakeSource::Timer(_) | WakeSource::Io(_) | WakeSource::Defer(_) => DRIVER_TID,
                    WakeSource::Outside => OUTSIDE_TID,
                };
                self.instant(tid, r);
                if matches!(effect, WakeEffect::Queued(_) | WakeEffect::SelfWake) {
                    let flow = self.flows.len();
                    self.flows.push(false);
                    self.task(*task).waiting = Some(flow);
                    self.out.flow("s", flow, tid, at, 0, None);
                }
                return;
            }
            Event::Cancelled { task } => {
                // Its future is dropped now: what the drop does is its code.
                self.active = Some(*task);
                self.task(*task).waiting = None;
            }
            // These happen between polls, in the runtime itself.
            Event::TimerFired { .. }
            | Event::TimerCascaded { .. }
            | Event::IoReady { .. }
            | Event::DriverTurned { .. }
            | Event::DeferredWoken { .. }
            | Event::Stolen { .. }
            | Event::ClockAdvanced { .. }
            | Event::Stalled { .. }
            | Event::LimitReached { .. } => self.active = None,
            _ => {}
        }
        let e = &r.event;
        let shown = matches!(
            e,
            Event::Spawned { .. }
                | Event::Print { .. }
                | Event::TimerRegistered { .. }
                | Event::TimerCancelled { .. }
                | Event::TimerFired { .. }
                | Event::TimerCascaded { .. }
                | Event::IoReady { .. }
                | Event::DriverTurned { .. }
                | Event::DeferredWoken { .. }
                | Event::Deferred { .. }
                | Event::BudgetExhausted { .. }
                | Event::Aborted { .. }
                | Event::Cancelled { .. }
                | Event::Stolen { .. }
                | Event::Overflow { .. }
                | Event::BlockingQueued { .. }
                | Event::BlockingStarted { .. }
                | Event::BlockingFinished { .. }
                | Event::BlockInPlace { .. }
                | Event::BlockInPlaceEnded { .. }
        ) || e.is_diagnostic();
        if !shown {
            return;
        }
        let tid = match e {
            Event::Stolen { to: w, .. } | Event::Overflow { worker: w, .. } if self.workers > 0 => {
                1 + w.0
            }
            // Made by the code that called `abort()` (its field is the task it aborts).
            Event::Aborted { .. } => self.running(OUTSIDE_TID),
            Event::Print { task: None, .. } => OUTSIDE_TID,
            e => match e.task() {
                Some(t) => task_tid(t),
                // A timer dropped by a poll, or the runtime's own doing.
                None => self.running(DRIVER_TID),
            },
        };
        self.instant(tid, r);
    }

    /// An instant on `tid`, named by its event's kind as the event log names it, with the
    /// event's fields (as the log writes them) as its args.
    fn instant(&mut self, tid: u32, r: &EventRecord) {
        match tid {
            DRIVER_TID => self.driver = true,
            OUTSIDE_TID => self.outside = true,
            t if t >= TASK_TID_BASE => {
                // Every task with an event gets a named track (one spawned just before the
                // trace was cut has no poll).
                self.task(TaskId(t - TASK_TID_BASE));
            }
            _ => {}
        }
        let kind = r.event.kind();
        let order = self.out.reserve(1);
        let start = self.out.begin("i", kind, kind, tid, r.at);
        self.out.buf.push_str(",\"s\":\"t\",\"args\":{");
        for (i, f) in text::fields(&r.event, &self.names).iter().enumerate() {
            field_arg(&mut self.out.buf, i == 0, f);
        }
        self.out.buf.push('}');
        self.out.end(start, r.at, 0, order, None);
    }

    /// Writes a poll's slice (and its worker's) once its end is known (`end`: its outcome
    /// and where it parked; `None` when the trace ends first).
    fn close_poll(
        &mut self,
        task: TaskId,
        poll: OpenPoll,
        at: Tick,
        end: Option<(PollOutcome, Option<LabelId>)>,
    ) {
        let dur = self.out.us(at).saturating_sub(self.out.us(poll.at));
        let task_name = self.names.task(task);
        let outcome = match end {
            Some((PollOutcome::Pending, _)) => "pending",
            Some((PollOutcome::Ready, _)) => "ready",
            None => "unfinished: the trace ends first",
        };
        let mut args = format!(
            "\"poll\":{},\"outcome\":\"{outcome}\",\"task_id\":{},\"worker\":{},\"from\":\"{}\",\"task\":",
            poll.number,
            task.0,
            poll.worker.0,
            text::queue(poll.from),
        );
        json_str(&mut args, &task_name);
        args.push_str(",\"resumed_from\":");
        json_str(&mut args, &poll.name);
        if let Some((_, Some(label))) = end {
            args.push_str(",\"parked_at\":");
            json_str(&mut args, &self.names.label(label));
        }
        let tracks = [
            (task_tid(task), poll.name.as_str(), "poll"),
            (1 + poll.worker.0, task_name.as_str(), "worker"),
        ];
        let shown = if self.workers > 0 { 2 } else { 1 };
        for (i, (tid, name, cat)) in tracks.into_iter().take(shown).enumerate() {
            let start = self.out.begin("X", name, cat, tid, poll.at);
            let _ = write!(self.out.buf, ",\"dur\":{dur},\"args\":{{{args}}}");
            self.out
                .end(start, poll.at, dur, poll.order + i as u64, None);
        }
        if let Some(flow) = poll.flow {
            // Ranked with its slice, so that it stays right after it.
            let tid = task_tid(task);
            self.out
                .flow("f", flow, tid, poll.at, dur, Some(poll.order + 2));
        }
    }

    /// The whole file: metadata naming every track, then the events in the viewers' order.
    fn finish(self, program: &str, events: usize) -> String {
        let out = &self.out;
        let mut s = String::with_capacity(out.buf.len() + 200 * (self.tasks.len() + 4));
        s.push_str("{\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":");
        json_str(&mut s, program);
        s.push_str("}}");
        for w in 0..self.workers {
            thread(&mut s, 1 + w, &format!("worker {w}"));
        }
        if self.driver {
            thread(&mut s, DRIVER_TID, "runtime driver");
        }
        if self.outside {
            thread(&mut s, OUTSIDE_TID, "outside the runtime");
        }
        for t in 0..self.tasks.len() as u32 {
            thread(&mut s, task_tid(TaskId(t)), &self.names.task(TaskId(t)));
        }
        for p in &out.pieces {
            if p.flow.is_none_or(|f| self.flows[f]) {
                s.push_str(",\n");
                s.push_str(&out.buf[p.start..p.end]);
            }
        }
        s.push_str("\n],\n\"displayTimeUnit\":\"ms\",\"otherData\":{\"program\":");
        json_str(&mut s, program);
        let _ = writeln!(
            s,
            ",\"clock\":\"virtual\",\"micros_per_tick\":{},\"workers\":{},\"events\":{events}}}}}",
            out.micros_per_tick,
            self.workers.max(1)
        );
        s
    }
}

/// A track's name and its place (its tid: workers, the runtime's tracks, then tasks by id).
fn thread(s: &mut String, tid: u32, name: &str) {
    let _ = write!(
        s,
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":{PID},\"tid\":{tid},\"args\":{{\"name\":"
    );
    json_str(s, name);
    let _ = write!(
        s,
        "}}}},\n{{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":{PID},\"tid\":{tid},\"args\":{{\"sort_index\":{tid}}}}}"
    );
}

/// One event of the file: where its text is in the buffer, and where it goes.
struct Piece {
    /// Time, then (at one time) longer slices first, as Perfetto reads them, then the order
    /// the runtime recorded them in: `ts << 64 | (u32::MAX - duration) << 32 | order`.
    key: u128,
    start: usize,
    end: usize,
    /// The flow it starts (written only if the flow reached a poll).
    flow: Option<usize>,
}

/// The events written so far, each a piece of one buffer, kept in the file's order.
struct Out {
    buf: String,
    pieces: Vec<Piece>,
    orders: u64,
    micros_per_tick: u64,
}

impl Out {
    fn us(&self, at: Tick) -> u64 {
        at.saturating_mul(self.micros_per_tick)
    }

    /// The next `n` places in the runtime's order (for events written later than they
    /// happen).
    fn reserve(&mut self, n: u64) -> u64 {
        let order = self.orders;
        self.orders += n;
        order
    }

    /// Opens an event: `{"ph":..,"name":..,"cat":..,"pid":1,"tid":..,"ts":..`.
    fn begin(&mut self, ph: &str, name: &str, cat: &str, tid: u32, at: Tick) -> usize {
        let start = self.buf.len();
        let _ = write!(self.buf, "{{\"ph\":\"{ph}\",\"name\":");
        json_str(&mut self.buf, name);
        self.buf.push_str(",\"cat\":");
        json_str(&mut self.buf, cat);
        let _ = write!(
            self.buf,
            ",\"pid\":{PID},\"tid\":{tid},\"ts\":{}",
            self.us(at)
        );
        start
    }

    /// Closes the event opened at `start` and puts it in its place. Events mostly come in
    /// order (a slice comes a few events late, at its end; with several workers a poll's
    /// events are ahead of another worker's): a binary search and a short move.
    fn end(&mut self, start: usize, at: Tick, dur: u64, order: u64, flow: Option<usize>) {
        self.buf.push('}');
        let rank = u64::from(u32::MAX) - dur.min(u64::from(u32::MAX));
        let key = u128::from(self.us(at)) << 64 | u128::from(rank << 32 | order);
        let at = self.pieces.partition_point(|p| p.key < key);
        let piece = Piece {
            key,
            start,
            end: self.buf.len(),
            flow,
        };
        self.pieces.insert(at, piece);
    }

    /// A flow's start (`s`, right after its wake) or end (`f`, bound to the slice that
    /// encloses it: the poll starting at `at`, whose place and rank it shares).
    fn flow(&mut self, ph: &str, flow: usize, tid: u32, at: Tick, dur: u64, after: Option<u64>) {
        let order = after.unwrap_or_else(|| self.reserve(1));
        let start = self.begin(ph, "wake", "wake", tid, at);
        let bind = if after.is_some() { ",\"bp\":\"e\"" } else { "" };
        let _ = write!(self.buf, ",\"id\":{flow}{bind}");
        self.end(start, at, dur, order, after.is_none().then_some(flow));
    }
}

/// One `"key":value` of an event's args, from its field as the event log writes it: numbers
/// and booleans as such, everything else as a string.
fn field_arg(buf: &mut String, first: bool, f: &Field) {
    if !first {
        buf.push(',');
    }
    json_str(buf, f.key);
    buf.push(':');
    let v = f.value.as_str();
    let number = !v.is_empty()
        && v.len() < 16
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    if !f.quoted && (number || v == "true" || v == "false") {
        buf.push_str(v);
    } else {
        json_str(buf, v);
    }
}

/// `s` as a JSON string, quotes included.
fn json_str(buf: &mut String, s: &str) {
    buf.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            // Only ASCII bytes are escaped, so `i` is a char boundary.
            buf.push_str(&s[from..i]);
            buf.push('\\');
            match b {
                b'"' | b'\\' => buf.push(char::from(b)),
                b'\n' => buf.push('n'),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    buf.push_str("u00");
                    buf.push(char::from(HEX[usize::from(b >> 4)]));
                    buf.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
            from = i + 1;
        }
    }
    buf.push_str(&s[from..]);
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{QueueRef, Text};
    use serde_json::Value;

    fn records(events: Vec<(Tick, Event)>) -> Vec<EventRecord> {
        let mut all = alloc::vec![(0, Event::runtime_started(&crate::Config::default()))];
        all.extend(events);
        all.into_iter()
            .enumerate()
            .map(|(seq, (at, event))| EventRecord {
                seq: seq as u64,
                at,
                event,
            })
            .collect()
    }

    fn parse(file: &str) -> Vec<Value> {
        let root: Value = serde_json::from_str(file).expect("valid JSON");
        assert_eq!(root["displayTimeUnit"], "ms");
        root["traceEvents"].as_array().expect("an array").clone()
    }

    const T: TaskId = TaskId(0);
    const W: WorkerId = WorkerId(0);

    fn poll(at: Tick, end: Tick, outcome: PollOutcome) -> [(Tick, Event); 2] {
        [
            (
                at,
                Event::PollStart {
                    task: T,
                    worker: W,
                    from: QueueRef::Local(W),
                    addr: 0,
                },
            ),
            (
                end,
                Event::PollEnd {
                    task: T,
                    worker: W,
                    outcome,
                    duration: end - at,
                    state: None,
                },
            ),
        ]
    }

    #[test]
    fn a_wake_from_outside_starts_its_arrow_on_the_outside_track() {
        let mut events = alloc::vec![(
            0,
            Event::Spawned {
                task: T,
                name: Text::from("main"),
                parent: None,
                size: 16,
            }
        )];
        events.extend(poll(0, 0, PollOutcome::Pending));
        // Between two runs, the program wakes the task: nothing of the runtime is running.
        events.push((
            5,
            Event::Woken {
                task: T,
                waker: None,
                by_ref: true,
                source: WakeSource::Outside,
                effect: WakeEffect::Queued(QueueRef::Inject),
            },
        ));
        events.extend(poll(5, 7, PollOutcome::Ready));
        let list = parse(&export(&records(events), "outside"));
        let find = |ph: &str| {
            list.iter()
                .find(|e| e["ph"] == ph)
                .unwrap_or_else(|| panic!("no {ph}"))
        };
        let (s, f) = (find("s"), find("f"));
        assert_eq!(
            (s["tid"].as_u64(), s["ts"].as_u64()),
            (Some(901), Some(5000))
        );
        assert_eq!(
            (f["tid"].as_u64(), f["ts"].as_u64()),
            (Some(1000), Some(5000))
        );
        assert_eq!(
            (s["id"].clone(), f["bp"].clone()),
            (f["id"].clone(), "e".into())
        );
        let named = |tid: u64| {
            list.iter()
                .find(|e| e["name"] == "thread_name" && e["tid"] == tid)
                .map(|e| e["args"]["name"].clone())
        };
        assert_eq!(named(901), Some("outside the runtime".into()));
        assert_eq!(named(1000), Some("main".into()));
        let slices: Vec<(&str, u64, u64)> = list
            .iter()
            .filter(|e| e["ph"] == "X")
            .map(|e| {
                let name = e["name"].as_str().unwrap();
                (name, e["ts"].as_u64().unwrap(), e["dur"].as_u64().unwrap())
            })
            .collect();
        // The future did not say where it parked: its second poll resumed from "poll".
        assert_eq!(slices, [("Unresumed", 0, 0), ("poll", 5000, 2000)]);
    }

    #[test]
    fn a_wake_that_queues_nothing_or_is_never_followed_by_a_poll_has_no_arrow() {
        let wake = |effect| Event::Woken {
            task: T,
            waker: None,
            by_ref: true,
            source: WakeSource::Outside,
            effect,
        };
        let mut events = alloc::vec![];
        events.extend(poll(0, 0, PollOutcome::Pending));
        events.push((1, wake(WakeEffect::Queued(QueueRef::Inject))));
        events.push((1, wake(WakeEffect::AlreadyQueued)));
        events.extend(poll(2, 2, PollOutcome::Pending));
        // Queued, but the trace ends before the task is polled.
        events.push((3, wake(WakeEffect::Queued(QueueRef::Inject))));
        let list = parse(&export(&records(events), "no arrow"));
        let count = |ph: &str| list.iter().filter(|e| e["ph"] == ph).count();
        assert_eq!((count("s"), count("f"), count("i")), (1, 1, 3));
    }

    #[test]
    fn texts_are_json_strings_and_numbers_stay_numbers() {
        let mut buf = String::new();
        json_str(&mut buf, "a \"b\" \\ c\n\t\u{1}é");
        assert_eq!(buf, "\"a \\\"b\\\" \\\\ c\\n\\u0009\\u0001é\"");
        let print = Event::Print {
            task: None,
            text: Text::from("x\u{7}y"),
        };
        let list = parse(&export(&records(alloc::vec![(3, print)]), "p\"q"));
        assert_eq!(list[0]["args"]["name"], "p\"q");
        let print = list.iter().find(|e| e["name"] == "print").unwrap();
        assert_eq!(print["args"]["text"], "x\u{7}y");
        assert_eq!(print["ts"], 3000);
        let mut buf = String::new();
        for (i, (value, quoted)) in [("12", false), ("012", false), ("true", false), ("7", true)]
            .into_iter()
            .enumerate()
        {
            let f = Field {
                key: "k",
                value: value.into(),
                quoted,
            };
            field_arg(&mut buf, i == 0, &f);
        }
        assert_eq!(buf, "\"k\":12,\"k\":\"012\",\"k\":true,\"k\":\"7\"");
    }

    #[test]
    fn an_empty_trace_is_a_valid_file() {
        let list = parse(&export(&[], "empty"));
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["name"], "process_name");
    }
}
