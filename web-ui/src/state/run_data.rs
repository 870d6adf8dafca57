//! A finished run, ready to step through: the replay with its checkpoints, plus indices built
//! once so that "next poll", "next wake of this task" and "next timer" are a binary search.

use runtime_core::trace::text::Names;
use runtime_core::{Event, EventRecord, LabelId, Replay, TaskId, Tick};
use scenario::{Outcome, Outline, RunResult};
use std::rc::Rc;

/// One poll of one task, for the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollBar {
    pub task: TaskId,
    pub worker: u32,
    pub start: Tick,
    pub end: Tick,
    /// Index of its `poll_start` event.
    pub seq: usize,
    pub long: bool,
    pub ready: bool,
}

/// A wake, for the timeline's arrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WakeMark {
    pub at: Tick,
    pub task: TaskId,
    /// The task whose code woke it, if any.
    pub from: Option<TaskId>,
    pub seq: usize,
}

/// Everything about one run the views need.
#[derive(Debug)]
pub struct RunData {
    pub replay: Replay,
    /// The outline of the program that produced it (`None` for an imported trace).
    pub program: Option<Rc<Outline>>,
    /// Labels of the program's await sites, by await id.
    pub labels: Vec<LabelId>,
    pub outcome: Option<Outcome>,
    /// Names learned from the whole trace, as the trace gives them (`data-task` uses these).
    pub names: Names,
    /// Names as shown: a task name several tasks share gets the task's id (`job#3`).
    pub shown: Names,
    pub micros_per_tick: u64,
    /// Indices (into the events) of every `poll_end`.
    pub poll_ends: Vec<usize>,
    /// Indices of every timer event (registered, cascaded, fired, cancelled).
    pub timer_events: Vec<usize>,
    /// Per task: indices of the wakes it received.
    pub wakes_of: Vec<Vec<usize>>,
    /// Indices of every waker event (cloned, woken, dropped).
    pub waker_events: Vec<usize>,
    /// Indices of every diagnostic event.
    pub diagnostic_events: Vec<usize>,
    /// Every poll, in the order polls start (by `seq`; the timeline finds its window by binary
    /// search). Mostly also the order they end, but not always: a poll that hands its worker on
    /// (`block_in_place`) ends after polls that started later.
    pub polls: Vec<PollBar>,
    /// Every wake, in event order.
    pub wakes: Vec<WakeMark>,
    /// The last virtual time in the trace.
    pub end: Tick,
    /// Events dropped by the recorder (an imported trace may say).
    pub dropped: u64,
    /// The blocking pool's cap (`max_blocking_threads`) as the run's first pool event
    /// (`blocking_queued` or `block_in_place`) gives it; `None`: the run never uses the pool,
    /// and the page draws no pool.
    pub pool_cap: Option<u32>,
}

impl RunData {
    /// Indexes a run of the program outlined by `program`.
    pub fn from_run(run: RunResult, program: Rc<Outline>) -> RunData {
        RunData::new(
            run.events,
            Some(program),
            run.labels,
            Some(run.outcome),
            run.micros_per_tick,
        )
    }

    /// Indexes a trace.
    pub fn new(
        events: Vec<EventRecord>,
        program: Option<Rc<Outline>>,
        labels: Vec<LabelId>,
        outcome: Option<Outcome>,
        micros_per_tick: u64,
    ) -> RunData {
        let mut poll_ends = Vec::new();
        let mut timer_events = Vec::new();
        let mut wakes_of: Vec<Vec<usize>> = Vec::new();
        let mut waker_events = Vec::new();
        let mut diagnostic_events = Vec::new();
        let mut polls = Vec::new();
        let mut wakes = Vec::new();
        let mut open: Vec<Option<(Tick, usize, u32)>> = Vec::new();
        let mut running: Option<TaskId> = None;
        let mut end = 0;
        let mut names = Names::default();
        let mut pool_cap = None;
        for (i, rec) in events.iter().enumerate() {
            names.learn(&rec.event);
            end = end.max(rec.at);
            if rec.event.is_diagnostic() {
                diagnostic_events.push(i);
            }
            if matches!(
                rec.event,
                Event::WakerCloned { .. } | Event::WakerDropped { .. } | Event::Woken { .. }
            ) {
                waker_events.push(i);
            }
            match &rec.event {
                Event::PollStart { task, worker, .. } => {
                    let t = task.index();
                    if open.len() <= t {
                        open.resize(t + 1, None);
                    }
                    open[t] = Some((rec.at, i, worker.0));
                    running = Some(*task);
                }
                Event::PollEnd { task, outcome, .. } => {
                    poll_ends.push(i);
                    if let Some((start, seq, worker)) =
                        open.get_mut(task.index()).and_then(Option::take)
                    {
                        polls.push(PollBar {
                            task: *task,
                            worker,
                            start,
                            end: rec.at,
                            seq,
                            long: false,
                            ready: *outcome == runtime_core::trace::PollOutcome::Ready,
                        });
                    }
                    running = None;
                }
                Event::LongPoll { task, .. } => {
                    if let Some(bar) = polls.iter_mut().rev().find(|b| b.task == *task) {
                        bar.long = true;
                    }
                }
                Event::TimerRegistered { .. }
                | Event::TimerCascaded { .. }
                | Event::TimerFired { .. }
                | Event::TimerCancelled { .. } => timer_events.push(i),
                Event::Woken { task, source, .. } => {
                    let t = task.index();
                    if wakes_of.len() <= t {
                        wakes_of.resize(t + 1, Vec::new());
                    }
                    wakes_of[t].push(i);
                    let from = match source {
                        runtime_core::trace::WakeSource::Task(f) => Some(*f),
                        _ => None,
                    };
                    let _ = running;
                    wakes.push(WakeMark {
                        at: rec.at,
                        task: *task,
                        from,
                        seq: i,
                    });
                }
                Event::BlockingQueued { cap, .. } | Event::BlockInPlace { cap, .. } => {
                    pool_cap.get_or_insert(*cap);
                }
                _ => {}
            }
        }
        polls.sort_by_key(|p| p.seq);
        RunData {
            replay: Replay::new(events),
            program,
            labels,
            outcome,
            shown: names.with_unique_tasks(),
            names,
            micros_per_tick: micros_per_tick.max(1),
            poll_ends,
            timer_events,
            wakes_of,
            waker_events,
            diagnostic_events,
            polls,
            wakes,
            end,
            dropped: 0,
            pool_cap,
        }
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.replay.len()
    }

    /// Whether the trace is empty.
    pub fn is_empty(&self) -> bool {
        self.replay.is_empty()
    }

    /// The event at index `i`.
    pub fn event(&self, i: usize) -> Option<&EventRecord> {
        self.replay.events().get(i)
    }

    /// Virtual time in milliseconds (or microseconds), for display: `12 ms`, `1.5 ms`.
    pub fn time(&self, ticks: Tick) -> String {
        classroom::words::duration(ticks * self.micros_per_tick)
    }

    /// The await site of a label, if this run came from a program.
    pub fn await_site(&self, label: LabelId) -> Option<&scenario::program::AwaitSite> {
        let program = self.program.as_ref()?;
        let i = self.labels.iter().position(|l| *l == label)?;
        program.await_sites.get(i)
    }
}

/// A run seen at a cursor: what the page's state and the trace views' props both are, and
/// what they both ask of it.
pub trait AtCursor {
    /// The run (if any) and the cursor: the state shown is the one after `cursor` events.
    fn at_cursor(&self) -> (Option<&RunData>, usize);

    /// The number of events of the run (0 without one).
    fn len(&self) -> usize {
        self.at_cursor().0.map_or(0, RunData::len)
    }

    /// Whether there is no run (or an empty one).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The event that caused the state shown.
    fn current_event(&self) -> Option<&EventRecord> {
        let (run, cursor) = self.at_cursor();
        cursor.checked_sub(1).and_then(|i| run?.event(i))
    }
}
