//! Predict the next step: questions the stepper asks before it reveals an event.
//!
//! At a prediction point the UI stops with the cursor on event `reveal - 1`, asks the
//! [`Prediction::question`], lets the learner pick one of the [`Prediction::options`], then
//! steps onto event `reveal`, which shows the answer, and displays the
//! [`Prediction::explanation`]. Four kinds of question:
//!
//! * [`PredictKind::NextPoll`], before a `poll_start`: which task is polled next? The
//!   options are the tasks in the run queues.
//! * [`PredictKind::WakeEffect`], before a `woken`: what does this wake do: which queue
//!   does the task go into, or is it already queued, running (a self-wake), finished?
//! * [`PredictKind::Queue`], before an `enqueued` no wake explains (a spawn, a task that
//!   yielded): which queue does it go into? Asked only when there is more than one queue.
//! * [`PredictKind::TimerSlot`], before a `timer_registered`: which level and slot of the
//!   wheel does the timer land in?
//! * [`PredictKind::DeferOrder`], before the first wake of a `deferred_woken`: which of the
//!   tasks on the defer list is woken first? (The last one deferred.)
//!
//! Everything is computed from the trace alone (a [`Snapshot`] fold), so it is deterministic
//! and works for any program.

use crate::words;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use runtime_core::replay::Snapshot;
use runtime_core::time::wheel::{Geometry, level_for, slot_for};
use runtime_core::trace::{Event, EventRecord, QueueRef, WakeEffect, WakeSource};
use runtime_core::{TaskId, Tick, WorkerId};
use scenario::interp::RunResult;

/// The kind of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PredictKind {
    /// Which task is polled next?
    NextPoll,
    /// What does this wake do?
    WakeEffect,
    /// Which queue does the task go into?
    Queue,
    /// Which level and slot does the timer land in?
    TimerSlot,
    /// Which task on the defer list is woken first?
    DeferOrder,
}

impl PredictKind {
    /// Every kind.
    pub const ALL: [PredictKind; 5] = [
        PredictKind::NextPoll,
        PredictKind::WakeEffect,
        PredictKind::Queue,
        PredictKind::TimerSlot,
        PredictKind::DeferOrder,
    ];

    /// The name used in walkthrough files and the UI: `poll`, `wake`, `queue`, `timer`,
    /// `defer`.
    pub fn name(self) -> &'static str {
        match self {
            PredictKind::NextPoll => "poll",
            PredictKind::WakeEffect => "wake",
            PredictKind::Queue => "queue",
            PredictKind::TimerSlot => "timer",
            PredictKind::DeferOrder => "defer",
        }
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// What is asked.
    pub kind: PredictKind,
    /// The index of the event that answers it; ask with the cursor on `reveal - 1`.
    pub reveal: usize,
    /// The question.
    pub question: String,
    /// The choices, in a fixed order.
    pub options: Vec<String>,
    /// The index of the right choice in `options`.
    pub answer: usize,
    /// Why, shown after answering.
    pub explanation: String,
}

impl Prediction {
    /// The cursor position at which to ask (the event before the one that answers).
    pub fn ask_at(&self) -> usize {
        self.reveal.saturating_sub(1)
    }

    /// Whether `choice` is right.
    pub fn is_right(&self, choice: usize) -> bool {
        choice == self.answer
    }
}

/// Which points to choose automatically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictOptions {
    /// The kinds of question to ask.
    pub kinds: Vec<PredictKind>,
    /// At most this many questions.
    pub max: usize,
    /// At least this many events between two questions.
    pub min_gap: usize,
}

impl Default for PredictOptions {
    fn default() -> Self {
        PredictOptions {
            kinds: PredictKind::ALL.to_vec(),
            max: 10,
            min_gap: 4,
        }
    }
}

/// Chooses prediction points in a run's trace: every event of a chosen kind that makes a
/// real question (at least two different options), at least `min_gap` events apart, never
/// the same question with the same options and answer twice, at most `max`, in trace order.
pub fn predictions(run: &RunResult, options: &PredictOptions) -> Vec<Prediction> {
    predictions_in(&run.events, options)
}

/// [`predictions`] for a bare trace.
pub fn predictions_in(events: &[EventRecord], options: &PredictOptions) -> Vec<Prediction> {
    let mut out: Vec<Prediction> = Vec::new();
    if options.max == 0 {
        return out;
    }
    let mut snap = Snapshot::new();
    for (i, rec) in events.iter().enumerate() {
        let spaced = out
            .last()
            .is_none_or(|p| i >= p.reveal + options.min_gap.max(1));
        if spaced
            && let Some(p) = question(&snap, events, i)
            && options.kinds.contains(&p.kind)
            && !out.iter().any(|q| {
                q.kind == p.kind
                    && q.question == p.question
                    && q.options == p.options
                    && q.answer == p.answer
            })
        {
            out.push(p);
            if out.len() == options.max {
                break;
            }
        }
        snap.apply(rec);
    }
    out
}

/// The question that event `index` answers, if it is of a kind that can be asked about and
/// the question has at least two different options.
pub fn prediction_at(events: &[EventRecord], index: usize) -> Option<Prediction> {
    if index >= events.len() {
        return None;
    }
    let mut snap = Snapshot::new();
    for rec in &events[..index] {
        snap.apply(rec);
    }
    question(&snap, events, index)
}

/// Right and wrong answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Answers that were right.
    pub right: u32,
    /// Answers that were wrong.
    pub wrong: u32,
    /// Questions not answered (yet).
    pub unanswered: u32,
}

/// Scores answers: `answers[i]` is the choice made for `predictions[i]`, if any.
pub fn score(predictions: &[Prediction], answers: &[Option<usize>]) -> Score {
    let mut s = Score::default();
    for (i, p) in predictions.iter().enumerate() {
        match answers.get(i).copied().flatten() {
            Some(c) if p.is_right(c) => s.right += 1,
            Some(_) => s.wrong += 1,
            None => s.unanswered += 1,
        }
    }
    s
}

/// A set of questions and the answers given so far (one answer each: the first counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiz {
    /// The questions, in trace order.
    pub predictions: Vec<Prediction>,
    answers: Vec<Option<usize>>,
}

impl Quiz {
    /// A quiz with no answers yet.
    pub fn new(predictions: Vec<Prediction>) -> Quiz {
        let answers = alloc::vec![None; predictions.len()];
        Quiz {
            predictions,
            answers,
        }
    }

    /// The question to ask when the cursor is on event `cursor` and the learner steps
    /// forward, if there is one.
    pub fn question_at(&self, cursor: usize) -> Option<(usize, &Prediction)> {
        self.predictions
            .iter()
            .enumerate()
            .find(|(_, p)| p.reveal == cursor + 1)
    }

    /// Records the answer to question `i`: `Some(right)` the first time, `None` if `i` or
    /// `choice` is out of range or the question was already answered.
    pub fn answer(&mut self, i: usize, choice: usize) -> Option<bool> {
        let p = self.predictions.get(i)?;
        if choice >= p.options.len() || self.answers[i].is_some() {
            return None;
        }
        self.answers[i] = Some(choice);
        Some(p.is_right(choice))
    }

    /// The choice made for question `i`.
    pub fn answered(&self, i: usize) -> Option<usize> {
        self.answers.get(i).copied().flatten()
    }

    /// The score so far.
    pub fn score(&self) -> Score {
        score(&self.predictions, &self.answers)
    }
}

fn question(snap: &Snapshot, events: &[EventRecord], i: usize) -> Option<Prediction> {
    let rec = &events[i];
    match rec.event {
        Event::PollStart {
            task, worker, from, ..
        } => next_poll(snap, i, task, worker, from),
        Event::Woken {
            task,
            source: WakeSource::Defer(worker),
            ..
        } if i > 0 && matches!(events[i - 1].event, Event::DeferredWoken { .. }) => {
            defer_order(snap, i, task, worker)
        }
        Event::Woken {
            task,
            source,
            effect,
            ..
        } => wake_effect(snap, i, task, source, effect),
        Event::Enqueued { task, queue } => {
            let prev = i.checked_sub(1).map(|p| &events[p].event);
            if let Some(Event::Woken {
                task: t,
                effect: WakeEffect::Queued(_),
                ..
            }) = prev
                && *t == task
            {
                return None;
            }
            enqueued(snap, i, task, queue, prev)
        }
        Event::TimerRegistered {
            task,
            deadline,
            level,
            slot,
            ..
        } => timer_slot(snap, rec, i, task, deadline, level, slot),
        _ => None,
    }
}

fn name(snap: &Snapshot, t: TaskId) -> String {
    snap.names.task(t)
}

/// Every queued task: LIFO slots and local queues worker by worker, then the inject queue.
fn queued(snap: &Snapshot) -> Vec<(TaskId, QueueRef, usize)> {
    let mut out = Vec::new();
    for (w, view) in snap.workers.iter().enumerate() {
        let w = WorkerId(u32::try_from(w).unwrap_or(0));
        if let Some(t) = view.lifo {
            out.push((t, QueueRef::Lifo(w), 0));
        }
        for (pos, t) in view.local.iter().enumerate() {
            out.push((*t, QueueRef::Local(w), pos));
        }
    }
    for (pos, t) in snap.inject.iter().enumerate() {
        out.push((*t, QueueRef::Inject, pos));
    }
    out
}

fn next_poll(
    snap: &Snapshot,
    reveal: usize,
    task: TaskId,
    worker: WorkerId,
    from: QueueRef,
) -> Option<Prediction> {
    let queued = queued(snap);
    let pos = queued.iter().find(|(t, ..)| *t == task).map(|q| q.2)?;
    // In the order the tasks were spawned, not queue order: listed front first, the right
    // answer would nearly always be the first choice.
    let mut by_id: Vec<TaskId> = queued.iter().map(|(t, ..)| *t).collect();
    by_id.sort_unstable();
    let mut options: Vec<String> = Vec::new();
    for t in by_id {
        let n = name(snap, t);
        if !options.contains(&n) {
            options.push(n);
        }
    }
    if options.len() < 2 {
        return None;
    }
    let who = name(snap, task);
    let answer = options.iter().position(|o| *o == who)?;
    let single = snap.settings.workers <= 1;
    let question = if single {
        String::from("Which task does the executor poll next?")
    } else {
        String::from("Which task is polled next (by any worker)?")
    };
    let explanation = match from {
        QueueRef::Lifo(_) => format!(
            "`{who}` was in the LIFO slot: a task woken by the running task goes there and is \
             polled before the local queue."
        ),
        QueueRef::Local(_) if single && pos == 0 => format!(
            "`{who}` was at the front of the ready queue, and the queue is first in, first out."
        ),
        QueueRef::Local(w) if pos == 0 => format!(
            "Worker {} took `{who}` from the front of its local queue, which is first in, \
             first out.",
            w.0
        ),
        QueueRef::Local(w) => format!("Worker {} took `{who}` from its local queue.", w.0),
        QueueRef::Inject => format!(
            "Worker {} found nothing in its own queues and took `{who}` from the inject queue, \
             which all workers share.",
            worker.0
        ),
    };
    Some(Prediction {
        kind: PredictKind::NextPoll,
        reveal,
        question,
        options,
        answer,
        explanation,
    })
}

/// The queues a task could go into, as options: the right one and the others that exist
/// under the run's settings.
fn queue_options(snap: &Snapshot, right: Option<QueueRef>) -> Vec<QueueRef> {
    let worker = right
        .and_then(|q| match q {
            QueueRef::Local(w) | QueueRef::Lifo(w) => Some(w),
            QueueRef::Inject => None,
        })
        .or_else(|| {
            snap.workers
                .iter()
                .position(|w| w.running.is_some())
                .map(|w| WorkerId(u32::try_from(w).unwrap_or(0)))
        })
        .unwrap_or(WorkerId(0));
    let mut qs = Vec::new();
    if snap.settings.lifo_slot {
        qs.push(QueueRef::Lifo(worker));
    }
    qs.push(QueueRef::Local(worker));
    if snap.settings.workers > 1 {
        qs.push(QueueRef::Inject);
    }
    if let Some(q) = right
        && !qs.contains(&q)
    {
        qs.push(q);
    }
    qs
}

/// "it goes to the back of the ready queue", "it goes into the LIFO slot, to be polled next".
fn goes(snap: &Snapshot, q: QueueRef) -> String {
    format!("it goes {}", goes_to(snap, q))
}

fn goes_to(snap: &Snapshot, q: QueueRef) -> String {
    words::goes_to(q, snap.settings.workers as usize)
}

fn queue_name(snap: &Snapshot, q: QueueRef) -> String {
    words::queue(q, snap.settings.workers as usize)
}

/// Before the first wake of a `deferred_woken`: which task on the defer list goes first?
fn defer_order(
    snap: &Snapshot,
    reveal: usize,
    task: TaskId,
    worker: WorkerId,
) -> Option<Prediction> {
    let list = &snap.workers.get(worker.index())?.deferred;
    let mut by_id: Vec<TaskId> = list.clone();
    by_id.sort_unstable();
    by_id.dedup();
    let options: Vec<String> = by_id.iter().map(|t| name(snap, *t)).collect();
    if options.len() < 2 {
        return None;
    }
    let who = name(snap, task);
    let answer = options.iter().position(|o| *o == who)?;
    let order: Vec<String> = list
        .iter()
        .map(|t| format!("`{}`", name(snap, *t)))
        .collect();
    Some(Prediction {
        kind: PredictKind::DeferOrder,
        reveal,
        question: String::from(
            "The drivers have turned, and the worker wakes its defer list. Which task is woken \
             first?",
        ),
        options,
        answer,
        explanation: format!(
            "The tasks were deferred in the order {}, and the list is woken from its end (Tokio's \
             `Defer::wake` pops a `Vec`): `{who}`, deferred last, is woken first.",
            order.join(", ")
        ),
    })
}

fn wake_effect(
    snap: &Snapshot,
    reveal: usize,
    task: TaskId,
    source: WakeSource,
    effect: WakeEffect,
) -> Option<Prediction> {
    let right_queue = match effect {
        WakeEffect::Queued(q) => Some(q),
        _ => None,
    };
    let qs = queue_options(snap, right_queue);
    let mut options: Vec<String> = qs.iter().map(|q| goes(snap, *q)).collect();
    options.push(String::from("nothing changes: it is already in a queue"));
    options.push(String::from(
        "it is running: it is queued when its poll returns Pending",
    ));
    options.push(String::from("nothing happens: it has already finished"));
    let n = qs.len();
    let answer = match effect {
        WakeEffect::Queued(q) => qs.iter().position(|x| *x == q)?,
        WakeEffect::AlreadyQueued => n,
        WakeEffect::SelfWake => n + 1,
        WakeEffect::TaskFinished => n + 2,
    };
    let who = name(snap, task);
    let question = format!(
        "`{who}`'s waker is woken {}. What happens to `{who}`?",
        words::woken_by(&snap.names, task, source)
    );
    let in_poll = snap.workers.iter().any(|w| w.running.is_some());
    let explanation = match effect {
        WakeEffect::Queued(QueueRef::Lifo(_)) => format!(
            "`{who}` was idle and the wake came from a worker (its poll, or the drivers it \
             turned) with the LIFO slot on: it goes into the slot and is polled next (a task \
             already in the slot moves to the back of the local queue)."
        ),
        WakeEffect::Queued(QueueRef::Inject) => format!(
            "`{who}` was idle and the wake came from outside the workers: it goes into the \
             inject queue, which every worker takes from."
        ),
        WakeEffect::Queued(q) if matches!(source, WakeSource::Defer(_)) => format!(
            "`{who}` was idle, its waker on the defer list since it yielded (or ran out of \
             budget). Woken after the driver turn, it goes {}, like any wake.",
            goes_to(snap, q)
        ),
        WakeEffect::Queued(q) if in_poll => format!(
            "`{who}` was idle: the wake came from inside a poll, so it goes {}.",
            goes_to(snap, q)
        ),
        WakeEffect::Queued(q) => format!(
            "`{who}` was idle, so the wake puts it at the back of {}: the queue is first \
             in, first out.",
            queue_name(snap, q)
        ),
        WakeEffect::AlreadyQueued => format!(
            "`{who}` was already waiting in a queue: a task is never queued twice, so the wake \
             is only recorded."
        ),
        WakeEffect::SelfWake => format!(
            "`{who}` is running right now: a task woken during its own poll is queued when the \
             poll returns Pending, not before."
        ),
        WakeEffect::TaskFinished => {
            format!("`{who}` has already finished (or was cancelled): waking it does nothing.")
        }
    };
    Some(Prediction {
        kind: PredictKind::WakeEffect,
        reveal,
        question,
        options,
        answer,
        explanation,
    })
}

fn enqueued(
    snap: &Snapshot,
    reveal: usize,
    task: TaskId,
    queue: QueueRef,
    prev: Option<&Event>,
) -> Option<Prediction> {
    if snap.settings.workers <= 1 && !snap.settings.lifo_slot {
        return None;
    }
    let qs = queue_options(snap, Some(queue));
    if qs.len() < 2 {
        return None;
    }
    let options: Vec<String> = qs.iter().map(|q| upper(&goes_to(snap, *q))).collect();
    let answer = qs.iter().position(|q| *q == queue)?;
    let who = name(snap, task);
    let (question, explanation) = match prev {
        Some(Event::Spawned {
            task: t,
            parent: None,
            ..
        }) if *t == task => (
            format!("`{who}` has just been spawned from outside the runtime. Where does it go?"),
            match queue {
                QueueRef::Inject => String::from(
                    "A task started from outside any poll goes into the inject queue, which \
                     every worker takes from.",
                ),
                QueueRef::Local(_) => format!(
                    "A task started from outside any poll goes {}: the LIFO slot is only for \
                     tasks woken or spawned by the running task.",
                    goes_to(snap, queue)
                ),
                QueueRef::Lifo(_) => format!("`{who}` goes {}.", goes_to(snap, queue)),
            },
        ),
        Some(Event::Spawned {
            task: t,
            parent: Some(p),
            ..
        }) if *t == task => (
            format!(
                "`{}` has just spawned `{who}` during its poll. Where does `{who}` go?",
                name(snap, *p)
            ),
            match queue {
                QueueRef::Lifo(_) => String::from(
                    "A task spawned inside a poll goes where a woken task would: with the LIFO \
                     slot on, into the slot, to be polled next.",
                ),
                QueueRef::Local(_) => String::from(
                    "A task spawned inside a poll goes to the back of the local queue of the \
                     worker running that poll.",
                ),
                QueueRef::Inject => format!("`{who}` goes into the inject queue."),
            },
        ),
        Some(Event::PollEnd { task: t, .. }) if *t == task => (
            format!(
                "`{who}` woke itself (or yielded) and its poll just returned Pending. Where \
                 does it go?"
            ),
            format!(
                "A task that woke itself is queued when its poll returns, {}: it never goes \
                 into the LIFO slot, so it cannot hog the worker.",
                goes_to(snap, queue)
            ),
        ),
        Some(Event::Enqueued {
            task: other,
            queue: QueueRef::Lifo(_),
        }) if *other != task => (
            format!(
                "`{}` just took the LIFO slot, where `{who}` was waiting. Where does `{who}` \
                 go?",
                name(snap, *other)
            ),
            format!(
                "The LIFO slot holds one task: the newcomer takes it and `{who}` moves {}.",
                goes_to(snap, queue)
            ),
        ),
        _ => (
            format!("`{who}` is about to be queued. Where does it go?"),
            format!("`{who}` goes {}.", goes_to(snap, queue)),
        ),
    };
    Some(Prediction {
        kind: PredictKind::Queue,
        reveal,
        question,
        options,
        answer,
        explanation,
    })
}

fn upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn timer_slot(
    snap: &Snapshot,
    rec: &EventRecord,
    reveal: usize,
    task: Option<TaskId>,
    deadline: Tick,
    level: u8,
    slot: u8,
) -> Option<Prediction> {
    let geometry = Geometry::try_new(snap.settings.wheel_levels, snap.settings.wheel_bits)?;
    let mut cands: Vec<(u8, u8)> = alloc::vec![(level, slot)];
    let distance = deadline.saturating_sub(rec.at);
    let mut push = |c: (u8, u8)| {
        if !cands.contains(&c) && c.0 < geometry.levels() {
            cands.push(c);
        }
    };
    // The misconception "the slot is the distance", then the neighbouring levels.
    push((level, slot_for(geometry, distance, level)));
    if level + 1 < geometry.levels() {
        push((level + 1, slot_for(geometry, deadline, level + 1)));
    }
    if let Some(l) = level.checked_sub(1) {
        push((l, slot_for(geometry, deadline, l)));
    }
    push((0, slot_for(geometry, distance, 0)));
    push((level, (slot + 1) % geometry.slots()));
    cands.truncate(4);
    cands.sort_unstable();
    let options: Vec<String> = cands
        .iter()
        .map(|(l, s)| format!("level {l}, slot {s}"))
        .collect();
    let answer = cands.iter().position(|c| *c == (level, slot))?;
    let us = u64::from(snap.settings.micros_per_tick.max(1));
    let t = |ticks: Tick| words::duration(ticks.saturating_mul(us));
    let whose = match task {
        Some(task) => format!("`{}` registers", name(snap, task)),
        None => String::from("A timer is registered"),
    };
    let question = format!(
        "{whose} a timer due at {} (it is now {}, {} ahead). The wheel has {} levels of {} \
         slots. Where does the timer land?",
        t(deadline),
        t(rec.at),
        t(distance),
        geometry.levels(),
        geometry.slots()
    );
    let elapsed = snap.wheel_elapsed;
    let slot_span = geometry.slot_range(level);
    let mut explanation = if level_for(geometry, elapsed, deadline) == level {
        format!(
            "The wheel's time is tick {elapsed} and the deadline is tick {deadline}: written in \
             base {}, they first differ at level {level}, so the timer goes into level {level} \
             (one slot there spans {}), at the deadline's digit for that level: slot {slot}.",
            geometry.slots(),
            words::plural(slot_span, "tick")
        )
    } else {
        format!(
            "The timer goes into the level whose slots are coarse enough to reach its deadline \
             (level {level}: one slot spans {}), at the deadline's digit for that level: slot \
             {slot}.",
            words::plural(slot_span, "tick")
        )
    };
    if level > 0 {
        explanation
            .push_str(" It will cascade to a lower level when time reaches that slot's window.");
    }
    Some(Prediction {
        kind: PredictKind::TimerSlot,
        reveal,
        question,
        options,
        answer,
        explanation,
    })
}
