//! What the goals read from a run, gathered once: its events, outcome, the names of its
//! tasks and channels (as the trace's own [`Names`] learns them), and the questions every goal
//! asks of them (which task a name means, when each task finished, the prints that match).

use super::*;
use runtime_core::trace::text::Names;

/// What every check needs to know about a run.
pub(super) struct Facts<'a> {
    pub(super) events: &'a [EventRecord],
    pub(super) outcome: &'a Outcome,
    pub(super) micros_per_tick: u64,
    pub(super) workers: u32,
    pub(super) names: Names,
}

impl<'a> Facts<'a> {
    pub(super) fn new(run: &'a RunResult) -> Facts<'a> {
        let workers = run
            .events
            .iter()
            .find_map(|r| match r.event {
                Event::RuntimeStarted { workers, .. } => Some(workers),
                _ => None,
            })
            .unwrap_or(run.config.workers.into());
        Facts {
            events: &run.events,
            outcome: &run.outcome,
            micros_per_tick: run.micros_per_tick.max(1),
            workers,
            names: Names::from_events(&run.events),
        }
    }

    /// The tasks' names, by id.
    pub(super) fn tasks(&self) -> &[Text] {
        self.names.tasks()
    }

    pub(super) fn us(&self, ticks: Tick) -> Micros {
        ticks.saturating_mul(self.micros_per_tick)
    }

    pub(super) fn at(&self, r: &EventRecord) -> String {
        d(self.us(r.at))
    }

    pub(super) fn name(&self, t: TaskId) -> String {
        self.names.task(t)
    }

    pub(super) fn is(&self, t: Option<TaskId>, name: Option<&str>) -> bool {
        match (t, name) {
            (_, None) => true,
            (Some(t), Some(n)) => self.tasks().get(t.index()).is_some_and(|x| &**x == n),
            (None, Some(_)) => false,
        }
    }

    /// The prints of `task` (any task for `None`) that contain `text`, in order; `Err` when
    /// no task of that name ran.
    pub(super) fn prints_matching(
        &self,
        task: Option<&str>,
        text: &str,
    ) -> Result<Vec<&'a EventRecord>, String> {
        self.require_task(task)?;
        Ok(self
            .events
            .iter()
            .filter(|r| match &r.event {
                Event::Print {
                    task: t,
                    text: line,
                } => self.is(*t, task) && line.contains(text),
                _ => false,
            })
            .collect())
    }

    /// `Err(message)` when no task of that name ran.
    pub(super) fn require_task(&self, name: Option<&str>) -> Result<(), String> {
        let Some(name) = name else { return Ok(()) };
        if self.tasks().iter().any(|t| &**t == name) {
            return Ok(());
        }
        let mut names: Vec<String> = Vec::new();
        for t in self.tasks().iter().filter(|t| !t.is_empty()) {
            let t = format!("`{t}`");
            if !names.contains(&t) {
                names.push(t);
            }
        }
        Err(if names.is_empty() {
            format!("no task named `{name}` ran (no task ran at all)")
        } else {
            format!(
                "no task named `{name}` ran (the tasks were {}): the goal needs it to do its work",
                and_list(&names)
            )
        })
    }

    pub(super) fn channel(&self, name: &str) -> Result<ChannelId, String> {
        let channels = self.names.channels();
        match channels.iter().position(|c| &**c == name) {
            Some(i) => Ok(ChannelId(u32::try_from(i).unwrap_or(u32::MAX))),
            None => {
                let names: Vec<String> = channels
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| format!("`{c}`"))
                    .collect();
                Err(if names.is_empty() {
                    format!("there is no channel named `{name}` (the program has no channels)")
                } else {
                    format!(
                        "there is no channel named `{name}` (the channels are {})",
                        and_list(&names)
                    )
                })
            }
        }
    }

    /// For each task, the event that finished it (completed or cancelled).
    pub(super) fn finished(&self) -> Vec<Option<&'a EventRecord>> {
        let mut out = vec![None; self.tasks().len()];
        for r in self.events {
            if let Event::Completed { task } | Event::Cancelled { task } = r.event
                && let Some(slot) = out.get_mut(task.index())
            {
                *slot = Some(r);
            }
        }
        out
    }
}
