//! Running a program on `runtime-core` and asking its trace questions.

use core::future::Future;
use runtime_core::trace::text::{self, Names};
use runtime_core::trace::{Event, PollOutcome, WakeEffect};
use runtime_core::{Config, EventRecord, LabelId, Limits, RunOutcome, Runtime, TaskId, Tick};

/// The settings checks run with: Tokio's defaults, plus limits that stop a runaway program
/// (a task that wakes itself forever, say) with a clear message long before the time limit.
pub fn config() -> Config {
    Config {
        limits: Limits {
            max_events: 20_000,
            max_tasks: 200,
            max_time: 1_000_000,
        },
        ..Config::default()
    }
}

/// A runtime with `config` (which the checks always build valid).
pub fn runtime(config: Config) -> Runtime {
    Runtime::new(config).expect("the checks' settings are valid")
}

/// A finished run: its trace and how it ended, with the questions checks ask of it.
#[derive(Debug)]
pub struct Run {
    pub events: Vec<EventRecord>,
    pub outcome: RunOutcome,
    pub names: Names,
    lines: Vec<String>,
}

/// One poll of a task, by event index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSpan {
    /// Index of its `poll_start`.
    pub start: usize,
    /// Index of its `poll_end` (none if the run stopped inside the poll).
    pub end: Option<usize>,
    pub at: Tick,
    pub outcome: Option<PollOutcome>,
    pub state: Option<LabelId>,
}

impl Run {
    /// Runs `rt` to its end and keeps the trace.
    pub fn of(rt: &mut Runtime) -> Run {
        let outcome = rt.run();
        Run::from_events(rt.events(), outcome)
    }

    /// A run made of `events` that ended with `outcome`.
    pub fn from_events(events: Vec<EventRecord>, outcome: RunOutcome) -> Run {
        let names = Names::from_events(&events);
        let lines = events
            .iter()
            .map(|r| text::portable_line(r, &names))
            .collect();
        Run {
            events,
            outcome,
            names,
            lines,
        }
    }

    /// The trace line of event `i`, quoted for a message: `` `@5 woken task=a ...` ``.
    pub fn quote(&self, i: usize) -> String {
        format!("`{}`", self.lines[i])
    }

    /// The trace line of event `i`.
    pub fn line(&self, i: usize) -> &str {
        &self.lines[i]
    }

    /// The task spawned with this name.
    pub fn task(&self, name: &str) -> Option<TaskId> {
        self.events.iter().find_map(|r| match &r.event {
            Event::Spawned { task, name: n, .. } if &**n == name => Some(*task),
            _ => None,
        })
    }

    /// Like [`Run::task`], for a task the check itself spawned.
    pub fn id(&self, name: &str) -> TaskId {
        self.task(name)
            .unwrap_or_else(|| super::fail(format!("the check's task `{name}` was never spawned")))
    }

    /// The name of a task.
    pub fn name(&self, task: TaskId) -> String {
        self.names.task(task)
    }

    /// Index of the first event matching `pred`.
    pub fn find(&self, pred: impl Fn(&EventRecord) -> bool) -> Option<usize> {
        self.events.iter().position(pred)
    }

    /// Indices of every event matching `pred`.
    pub fn all(&self, pred: impl Fn(&EventRecord) -> bool) -> Vec<usize> {
        self.events
            .iter()
            .enumerate()
            .filter(|(_, r)| pred(r))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every poll of `task`, in order.
    pub fn polls(&self, task: TaskId) -> Vec<PollSpan> {
        let mut spans: Vec<PollSpan> = Vec::new();
        for (i, r) in self.events.iter().enumerate() {
            match &r.event {
                Event::PollStart { task: t, .. } if *t == task => spans.push(PollSpan {
                    start: i,
                    end: None,
                    at: r.at,
                    outcome: None,
                    state: None,
                }),
                Event::PollEnd {
                    task: t,
                    outcome,
                    state,
                    ..
                } if *t == task => {
                    if let Some(last) = spans.last_mut() {
                        last.end = Some(i);
                        last.outcome = Some(*outcome);
                        last.state = *state;
                    }
                }
                _ => {}
            }
        }
        spans
    }

    /// Indices of the `woken` events of `task`.
    pub fn wakes(&self, task: TaskId) -> Vec<usize> {
        self.all(|r| matches!(r.event, Event::Woken { task: t, .. } if t == task))
    }

    /// The first wake of `task` that came after it had finished (a waker kept past its task's
    /// end, called by a future that went on without it), if any.
    pub fn wake_after_finish(&self, task: TaskId) -> Option<usize> {
        self.find(|r| {
            matches!(r.event, Event::Woken { task: t, effect: WakeEffect::TaskFinished, .. }
                if t == task)
        })
    }

    /// When `task` completed.
    pub fn completed_at(&self, task: TaskId) -> Option<Tick> {
        self.events.iter().find_map(|r| match r.event {
            Event::Completed { task: t } if t == task => Some(r.at),
            _ => None,
        })
    }

    /// The `lost_waker` diagnostic for `task`, if any.
    pub fn lost_waker(&self, task: TaskId) -> Option<usize> {
        self.find(|r| matches!(r.event, Event::LostWaker { task: t } if t == task))
    }

    /// Why `task` was stuck at the end of the run, if it was.
    pub fn stalled(&self, task: TaskId) -> Option<usize> {
        self.find(|r| matches!(r.event, Event::Stalled { task: t, .. } if t == task))
    }

    /// The `limit_reached` event, if a limit stopped the run.
    pub fn limit(&self) -> Option<usize> {
        self.find(|r| matches!(r.event, Event::LimitReached { .. }))
    }

    /// What became of `task`, in a sentence that quotes the trace: "it completed at t=5",
    /// "it never completed: `@0 lost_waker task=a`", ...
    pub fn fate(&self, task: TaskId) -> String {
        if let Some(at) = self.completed_at(task) {
            return format!("it completed at t={at}");
        }
        if let Some(i) = self.lost_waker(task) {
            let also = self
                .stalled(task)
                .map(|s| format!(", then {}", self.quote(s)))
                .unwrap_or_default();
            return format!(
                "it never completed: the trace shows {}{also}",
                self.quote(i)
            );
        }
        if let Some(i) = self.stalled(task) {
            return format!("it never completed: the trace ends with {}", self.quote(i));
        }
        if let Some(i) = self.limit() {
            return format!(
                "it never completed: the run was stopped by a limit ({}) — a task that wakes \
                 itself forever, or polls that never end?",
                self.quote(i)
            );
        }
        String::from("it never completed")
    }

    /// Up to `max` lines of the trace about `task` (to show a learner what happened).
    pub fn excerpt(&self, task: TaskId, max: usize) -> String {
        let lines: Vec<&str> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, r)| r.event.task() == Some(task))
            .map(|(i, _)| self.line(i))
            .take(max)
            .collect();
        lines.join(" | ")
    }

    /// The virtual time at the end of the run.
    pub fn end(&self) -> Tick {
        self.events.last().map_or(0, |r| r.at)
    }
}

/// The output of a task that has finished, read through its `JoinHandle` (`None` if it has
/// not completed, or was cancelled).
pub fn output<T>(join: &mut runtime_core::JoinHandle<T>) -> Option<T> {
    if !join.is_finished() {
        return None;
    }
    let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    match core::pin::Pin::new(join).poll(&mut cx) {
        core::task::Poll::Ready(Ok(v)) => Some(v),
        _ => None,
    }
}
