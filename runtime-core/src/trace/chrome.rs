//! A run as Chrome Trace Event JSON, the file that Perfetto (<https://ui.perfetto.dev>) and
//! `chrome://tracing` open.
//!
//! The lab draws its own timeline, but the ecosystem looks at traces in these viewers (tokio's
//! `tracing-chrome` layers and the Rust compiler's self-profiler write this same format). A
//! learner who has read a run here can open it there, with every poll, wake and timer in place,
//! and find their way around a real trace afterwards.
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
//! Every wake is an instant (`ph:"i"`) on the track of whoever woke: the waking task's (a wake
//! from a channel is made by the poll in progress), the driver's, or the outside's. A wake that
//! queued its task and was followed by that task's next poll also gets a flow arrow: `ph:"s"`
//! right after that instant, `ph:"f"` (`bp:"e"`) at the start of the poll. A wake that led to
//! no poll (the task was already queued, had finished, was cancelled, or the run ended) has no
//! arrow. Prints, timers, deferred wakes, budget exhaustion, aborts, cancellations and
//! diagnostics are instants too, with the event's fields (as the event log writes them) in
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
//! Written by hand with `alloc` (no serde), so it works wherever the runtime does and adds
//! little to the page.

use super::text::{self, Field, Names};
use super::{Event, EventRecord, PollOutcome, WakeEffect, WakeSource};
use crate::ids::{LabelId, TaskId, Tick, WorkerId};
use crate::replay::RunSettings;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::ops::Range;

/// The run's one process.
const PID: u32 = 1;
/// The track of the timer wheel, the reactor and the defer lists (the drivers).
const DRIVER_TID: u32 = 900;
/// The track of wakes made from outside the runtime.
const OUTSIDE_TID: u32 = 901;
/// Tasks' tracks start here, after the workers' (at most 256: `Config::workers` is a `u8`).
const TASK_TID_BASE: u32 = 1000;

fn worker_tid(w: WorkerId) -> u32 {
    1 + w.0
}

fn task_tid(t: TaskId) -> u32 {
    TASK_TID_BASE.saturating_add(t.0)
}

/// The name of a task's first poll: its future resumes from `Unresumed`, the state rustc
/// gives an async body before its first poll (the Pin panel's name for it).
const UNRESUMED: &str = "Unresumed";

/// Chrome Trace Event JSON for the run recorded in `events`; `program` names its process (a
/// preset's name, a file's).
pub fn export(events: &[EventRecord], program: &str) -> String {
    let settings = events
        .iter()
        .find_map(|r| RunSettings::from_event(&r.event))
        .unwrap_or_default();
    let names = Names::from_events(events).with_unique_tasks();
    let mut x = Exporter {
        out: Out::new(u64::from(settings.micros_per_tick.max(1))),
        names,
        multi: settings.workers > 1,
        open: BTreeMap::new(),
        polls: BTreeMap::new(),
        resumed: BTreeMap::new(),
        waiting: BTreeMap::new(),
        flows: Vec::new(),
        active: None,
    };
    let mut last = 0;
    for r in events {
        last = last.max(r.at);
        x.event(r);
    }
    // A poll the trace does not see end (the run was stopped, or the recorder dropped the
    // rest): its slice runs to the end of the trace and says so.
    let open = core::mem::take(&mut x.open);
    for (task, poll) in open {
        x.close_poll(task, poll, last, None, None);
    }
    x.out
        .finish(program, &x.names, &settings, events.len(), &x.flows)
}

/// A poll whose `poll_end` has not been seen yet.
struct OpenPoll {
    at: Tick,
    worker: WorkerId,
    from: String,
    number: u32,
    name: String,
    /// Where its slice goes in the file (its worker's slice and its flow's end follow).
    order: u64,
    /// The flow of the wake that queued it, which ends at this poll.
    flow: Option<usize>,
}

struct Exporter {
    out: Out,
    names: Names,
    multi: bool,
    open: BTreeMap<TaskId, OpenPoll>,
    /// Polls made so far, by task.
    polls: BTreeMap<TaskId, u32>,
    /// The await point each task's last poll parked it at (`None`: it could not tell).
    resumed: BTreeMap<TaskId, Option<LabelId>>,
    /// The flow started by the wake that queued each task, until its next poll.
    waiting: BTreeMap<TaskId, usize>,
    /// Whether each flow reached a poll (only those are written).
    flows: Vec<bool>,
    /// The task whose code runs now (its poll, or the drop of its future): a channel's wake
    /// or a timer's cancellation is made by it.
    active: Option<TaskId>,
}

impl Exporter {
    fn event(&mut self, r: &EventRecord) {
        let at = r.at;
        match &r.event {
            Event::PollStart {
                task, worker, from, ..
            } => {
                self.active = Some(*task);
                let number = {
                    let n = self.polls.entry(*task).or_insert(0);
                    *n += 1;
                    *n
                };
                let name = match self.resumed.get(task) {
                    None => String::from(UNRESUMED),
                    Some(Some(label)) => self.names.label(*label),
                    Some(None) => String::from("poll"),
                };
                // The slice, its worker's slice and its flow end take three places in a row.
                let order = self.out.reserve(3);
                let flow = self.waiting.remove(task);
                if let Some(flow) = flow {
                    self.flows[flow] = true;
                }
                let poll = OpenPoll {
                    at,
                    worker: *worker,
                    from: text::queue(*from),
                    number,
                    name,
                    order,
                    flow,
                };
                self.open.insert(*task, poll);
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
                self.resumed.insert(*task, *state);
                if let Some(poll) = self.open.remove(task) {
                    self.close_poll(*task, poll, at, Some(*outcome), *state);
                }
            }
            Event::Woken {
                task,
                source,
                effect,
                ..
            } => {
                let tid = match source {
                    WakeSource::Task(t) => task_tid(*t),
                    WakeSource::Channel(_) => self.active.map_or(OUTSIDE_TID, task_tid),
                    WakeSource::Timer(_) | WakeSource::Io(_) | WakeSource::Defer(_) => DRIVER_TID,
                    WakeSource::Outside => OUTSIDE_TID,
                };
                let name = format!("wake {}", self.names.task(*task));
                self.instant(tid, r, &name, "wake");
                if matches!(effect, WakeEffect::Queued(_) | WakeEffect::SelfWake) {
                    let flow = self.flows.len();
                    self.flows.push(false);
                    self.waiting.insert(*task, flow);
                    self.out.flow_start(flow, tid, at);
                }
            }
            Event::Spawned { task, .. } => self.instant(task_tid(*task), r, "spawned", "task"),
            Event::Print { task, .. } => {
                self.instant(task.map_or(OUTSIDE_TID, task_tid), r, "print", "print");
            }
            Event::TimerRegistered { timer, task, .. } => {
                let tid = task.or(self.active).map_or(DRIVER_TID, task_tid);
                self.instant(tid, r, &format!("{timer} registered"), "timer");
            }
            Event::TimerCancelled { timer } => {
                let tid = self.active.map_or(DRIVER_TID, task_tid);
                self.instant(tid, r, &format!("{timer} cancelled"), "timer");
            }
            Event::TimerFired { timer, .. } => {
                self.active = None;
                self.instant(DRIVER_TID, r, &format!("{timer} fired"), "timer");
            }
            Event::TimerCascaded { timer, .. } => {
                self.active = None;
                self.instant(DRIVER_TID, r, &format!("{timer} cascaded"), "timer");
            }
            Event::IoReady { socket, .. } => {
                self.active = None;
                let name = format!("{} ready", self.names.socket(*socket));
                self.instant(DRIVER_TID, r, &name, "io");
            }
            Event::DriverTurned { .. } => {
                self.active = None;
                self.instant(DRIVER_TID, r, "driver turned", "driver");
            }
            Event::DeferredWoken { .. } => {
                self.active = None;
                self.instant(DRIVER_TID, r, "defer list woken", "defer");
            }
            Event::Deferred { task, .. } => {
                self.instant(task_tid(*task), r, "waker deferred", "defer");
            }
            Event::BudgetExhausted { task } => {
                self.instant(task_tid(*task), r, "budget exhausted", "budget");
            }
            Event::Aborted { task } => {
                // Made by the code that called `abort()`.
                let tid = self.active.map_or(OUTSIDE_TID, task_tid);
                let name = format!("abort {}", self.names.task(*task));
                self.instant(tid, r, &name, "task");
            }
            Event::Cancelled { task } => {
                // Its future is dropped now: what the drop does is its code.
                self.active = Some(*task);
                self.waiting.remove(task);
                self.instant(task_tid(*task), r, "cancelled (future dropped)", "task");
            }
            Event::Stolen { to, .. } => {
                self.active = None;
                self.instant(worker_tid(*to), r, "stolen", "steal");
            }
            Event::Overflow { worker, .. } => {
                let tid = if self.multi {
                    worker_tid(*worker)
                } else {
                    DRIVER_TID
                };
                self.instant(tid, r, "overflow", "steal");
            }
            Event::ClockAdvanced { .. } => self.active = None,
            e @ (Event::LongPoll { .. }
            | Event::LostWaker { .. }
            | Event::SelfWakeStorm { .. }
            | Event::Stalled { .. }
            | Event::LimitReached { .. }
            | Event::Fault { .. }) => {
                if matches!(e, Event::Stalled { .. } | Event::LimitReached { .. }) {
                    self.active = None;
                }
                let tid = e.task().map_or(DRIVER_TID, task_tid);
                self.instant(tid, r, e.kind(), "diagnostic");
            }
            Event::RuntimeStarted { .. }
            | Event::Enqueued { .. }
            | Event::WakerCloned { .. }
            | Event::WakerDropped { .. }
            | Event::SocketCreated { .. }
            | Event::IoRegistered { .. }
            | Event::Completed { .. }
            | Event::ChannelCreated { .. }
            | Event::ChannelClosed { .. }
            | Event::Sent { .. }
            | Event::Received { .. }
            | Event::Label { .. }
            | Event::Locals { .. } => {}
        }
    }

    /// An instant on `tid` with `r`'s fields as its args.
    fn instant(&mut self, tid: u32, r: &EventRecord, name: &str, cat: &str) {
        let fields = text::fields(&r.event, &self.names);
        let order = self.out.reserve(1);
        let start = self.out.begin("i", name, cat, tid, r.at);
        self.out.buf.push_str(",\"s\":\"t\",\"args\":{");
        let mut first = true;
        for f in &fields {
            field_arg(&mut self.out.buf, &mut first, f);
        }
        self.out.buf.push('}');
        self.out.end(start, r.at, 0, order, None);
    }

    /// Writes a poll's slice (and its worker's) once its end is known (`outcome`: `None` when
    /// the trace ends first).
    fn close_poll(
        &mut self,
        task: TaskId,
        poll: OpenPoll,
        end: Tick,
        outcome: Option<PollOutcome>,
        parked_at: Option<LabelId>,
    ) {
        let dur = self.out.us(end).saturating_sub(self.out.us(poll.at));
        let task_name = self.names.task(task);
        let parked = parked_at.map(|l| self.names.label(l));
        let write_args = |buf: &mut String| {
            let _ = write!(buf, ",\"dur\":{dur},\"args\":{{\"poll\":{}", poll.number);
            buf.push_str(",\"outcome\":");
            json_str(
                buf,
                match outcome {
                    Some(PollOutcome::Pending) => "pending",
                    Some(PollOutcome::Ready) => "ready",
                    None => "unfinished: the trace ends first",
                },
            );
            let _ = write!(buf, ",\"task_id\":{},\"task\":", task.0);
            json_str(buf, &task_name);
            let _ = write!(buf, ",\"worker\":{},\"from\":", poll.worker.0);
            json_str(buf, &poll.from);
            buf.push_str(",\"resumed_from\":");
            json_str(buf, &poll.name);
            if let Some(parked) = &parked {
                buf.push_str(",\"parked_at\":");
                json_str(buf, parked);
            }
            buf.push('}');
        };
        let start = self
            .out
            .begin("X", &poll.name, "poll", task_tid(task), poll.at);
        write_args(&mut self.out.buf);
        self.out.end(start, poll.at, dur, poll.order, None);
        if self.multi {
            let tid = worker_tid(poll.worker);
            let start = self.out.begin("X", &task_name, "worker", tid, poll.at);
            write_args(&mut self.out.buf);
            self.out.end(start, poll.at, dur, poll.order + 1, None);
        }
        if let Some(flow) = poll.flow {
            // Ranked with its slice, so that it stays right after it.
            let tid = task_tid(task);
            self.out.flow_end(flow, tid, poll.at, dur, poll.order + 2);
        }
    }
}

/// One event of the file: where its text is in the buffer, and where it goes.
struct Piece {
    ts: u64,
    /// The slice's duration (0 for anything that is not a slice that lasts): at one time,
    /// longer slices come first, as Perfetto reads them.
    rank: u64,
    order: u64,
    text: Range<usize>,
    /// The flow it starts (written only if the flow reached a poll).
    flow: Option<usize>,
}

/// The events written so far, each a piece of one buffer.
struct Out {
    buf: String,
    pieces: Vec<Piece>,
    orders: u64,
    tids: BTreeSet<u32>,
    micros_per_tick: u64,
}

impl Out {
    fn new(micros_per_tick: u64) -> Out {
        Out {
            buf: String::new(),
            pieces: Vec::new(),
            orders: 0,
            tids: BTreeSet::new(),
            micros_per_tick,
        }
    }

    fn us(&self, at: Tick) -> u64 {
        at.saturating_mul(self.micros_per_tick)
    }

    /// The next `n` places in the file's order (for events written later than they happen).
    fn reserve(&mut self, n: u64) -> u64 {
        let order = self.orders;
        self.orders += n;
        order
    }

    /// Opens an event: `{"ph":..,"name":..,"cat":..,"pid":1,"tid":..,"ts":..`.
    fn begin(&mut self, ph: &str, name: &str, cat: &str, tid: u32, at: Tick) -> usize {
        self.tids.insert(tid);
        let start = self.buf.len();
        let ts = self.us(at);
        let _ = write!(self.buf, "{{\"ph\":\"{ph}\",\"name\":");
        json_str(&mut self.buf, name);
        self.buf.push_str(",\"cat\":");
        json_str(&mut self.buf, cat);
        let _ = write!(self.buf, ",\"pid\":{PID},\"tid\":{tid},\"ts\":{ts}");
        start
    }

    fn end(&mut self, start: usize, at: Tick, rank: u64, order: u64, flow: Option<usize>) {
        self.buf.push('}');
        self.pieces.push(Piece {
            ts: self.us(at),
            rank,
            order,
            text: start..self.buf.len(),
            flow,
        });
    }

    fn flow_start(&mut self, flow: usize, tid: u32, at: Tick) {
        let order = self.reserve(1);
        let start = self.begin("s", "wake", "wake", tid, at);
        let _ = write!(self.buf, ",\"id\":{flow}");
        self.end(start, at, 0, order, Some(flow));
    }

    /// The end of `flow`, bound to the slice that encloses it: the poll starting at `at`.
    fn flow_end(&mut self, flow: usize, tid: u32, at: Tick, rank: u64, order: u64) {
        let start = self.begin("f", "wake", "wake", tid, at);
        let _ = write!(self.buf, ",\"id\":{flow},\"bp\":\"e\"");
        self.end(start, at, rank, order, None);
    }

    /// The whole file: metadata naming every track, then the events in the viewers' order.
    fn finish(
        mut self,
        program: &str,
        names: &Names,
        settings: &RunSettings,
        events: usize,
        flows: &[bool],
    ) -> String {
        self.pieces
            .sort_by(|a, b| (a.ts, b.rank, a.order).cmp(&(b.ts, a.rank, b.order)));
        let mut s = String::with_capacity(self.buf.len() + self.tids.len() * 120 + 200);
        s.push_str("{\"traceEvents\":[\n");
        let _ = write!(
            s,
            "{{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":{PID},\"args\":{{\"name\":"
        );
        json_str(&mut s, program);
        s.push_str("}}");
        for &tid in &self.tids {
            let name = match tid {
                DRIVER_TID => String::from("runtime driver"),
                OUTSIDE_TID => String::from("outside the runtime"),
                t if t >= TASK_TID_BASE => names.task(TaskId(t - TASK_TID_BASE)),
                t => format!("worker {}", t - 1),
            };
            let _ = write!(
                s,
                ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":{PID},\"tid\":{tid},\"args\":{{\"name\":"
            );
            json_str(&mut s, &name);
            let _ = write!(
                s,
                "}}}},\n{{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":{PID},\"tid\":{tid},\"args\":{{\"sort_index\":{tid}}}}}"
            );
        }
        for p in &self.pieces {
            if p.flow.is_some_and(|f| !flows[f]) {
                continue;
            }
            s.push_str(",\n");
            s.push_str(&self.buf[p.text.clone()]);
        }
        s.push_str("\n],\n\"displayTimeUnit\":\"ms\",\"otherData\":{\"program\":");
        json_str(&mut s, program);
        let _ = writeln!(
            s,
            ",\"clock\":\"virtual\",\"micros_per_tick\":{},\"workers\":{},\"events\":{events}}}}}",
            self.micros_per_tick, settings.workers
        );
        s
    }
}

/// One `"key":value` of an event's args, from its field as the event log writes it: numbers
/// and booleans as such, everything else as a string.
fn field_arg(buf: &mut String, first: &mut bool, f: &Field) {
    if !*first {
        buf.push(',');
    }
    *first = false;
    json_str(buf, f.key);
    buf.push(':');
    let v = f.value.as_str();
    let number = !f.quoted
        && !v.is_empty()
        && v.len() < 16
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    if number || (!f.quoted && (v == "true" || v == "false")) {
        buf.push_str(v);
    } else {
        json_str(buf, v);
    }
}

/// `s` as a JSON string, quotes included.
fn json_str(buf: &mut String, s: &str) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(buf, "\\u{:04x}", u32::from(c));
            }
            c => buf.push(c),
        }
    }
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
        assert_eq!(buf, "\"a \\\"b\\\" \\\\ c\\n\\t\\u0001é\"");
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
        let mut first = true;
        for (value, quoted) in [("12", false), ("012", false), ("true", false), ("7", true)] {
            let f = Field {
                key: "k",
                value: value.into(),
                quoted,
            };
            field_arg(&mut buf, &mut first, &f);
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
