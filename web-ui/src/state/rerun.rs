//! Live re-run: where the learner's place goes when an edited program runs again. The same
//! event when every event before it is unchanged; otherwise the same poll of the same task (by
//! its name, as far into that poll as before), if the new run still has it; otherwise the start.
//! The status line says which, so a jump is never silent.

use super::RunData;
use runtime_core::Event;

/// Where the cursor was put after a live re-run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// Nothing before the cursor changed: the same event.
    SameEvent,
    /// Events before the cursor changed; the cursor is in the same poll of the same task.
    SamePoll { task: String, poll: usize },
    /// The poll the cursor was in is gone (or the cursor was before any poll): the start.
    Start,
}

impl Place {
    /// The status line's words.
    pub fn describe(&self) -> String {
        match self {
            Place::SameEvent => "ran again on edit: the same event".into(),
            Place::SamePoll { task, poll } => format!(
                "ran again on edit: events before here changed, so this is {task}'s poll {poll} again"
            ),
            Place::Start => {
                "ran again on edit: the poll shown before is gone, so from the start".into()
            }
        }
    }
}

/// Where the cursor goes in `new` for a learner who was at `cursor` in `old`.
pub fn place(old: &RunData, cursor: usize, new: &RunData) -> (usize, Place) {
    let before = &old.replay.events()[..cursor.min(old.len())];
    if new.replay.events().get(..before.len()) == Some(before) {
        return (before.len(), Place::SameEvent);
    }
    // The poll the cursor is in (or last passed): its task's name and its number.
    let Some((start, task)) = before
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, r)| match r.event {
            Event::PollStart { task, .. } => Some((i, task)),
            _ => None,
        })
    else {
        return (0, Place::Start);
    };
    let name = old.shown.task(task);
    let poll = polls_of(old, &name).take_while(|&i| i <= start).count();
    let Some(new_start) = polls_of(new, &name).nth(poll - 1) else {
        return (0, Place::Start);
    };
    // As far into the poll as before, but not past its end.
    let events = new.replay.events();
    let Event::PollStart { task: polled, .. } = events[new_start].event else {
        unreachable!("polls_of finds poll_start events")
    };
    let end = events[new_start..]
        .iter()
        .position(|r| matches!(r.event, Event::PollEnd { task, .. } if task == polled))
        .map_or(events.len(), |k| new_start + k + 1);
    let at = (new_start + (before.len() - start)).min(end);
    (at, Place::SamePoll { task: name, poll })
}

/// Indices of the `poll_start` events of the task shown as `name`.
fn polls_of<'a>(run: &'a RunData, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    run.replay
        .events()
        .iter()
        .enumerate()
        .filter_map(move |(i, r)| match r.event {
            Event::PollStart { task, .. } if run.shown.task(task) == name => Some(i),
            _ => None,
        })
}
