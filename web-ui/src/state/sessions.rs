//! The classroom parts of the lab's state: a challenge being worked on, predict-the-next-step
//! questions, and an instructor's walkthrough. Pure data and functions, used by the reducer.

use classroom::challenge::{Challenge, Verdict};
use classroom::goals::GoalResult;
use classroom::predict::{PredictOptions, Prediction, Quiz, predictions_in};
use classroom::walkthrough::{ResolvedStop, Walkthrough};
use runtime_core::EventRecord;
use std::rc::Rc;

/// A challenge in progress.
#[derive(Clone, Debug)]
pub struct ChallengeSession {
    pub challenge: Rc<Challenge>,
    /// The last check of the learner's program, if any.
    pub results: Option<Rc<Vec<GoalResult>>>,
    pub passed: bool,
    /// Hints shown so far.
    pub hints: usize,
    /// A compile error from the last check.
    pub error: Option<String>,
}

/// Shared parts compare by pointer (they are replaced, never changed in place), so a panel's
/// props compare at no cost.
impl PartialEq for ChallengeSession {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.challenge, &other.challenge)
            && match (&self.results, &other.results) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.passed == other.passed
            && self.hints == other.hints
            && self.error == other.error
    }
}

impl ChallengeSession {
    /// Work on `challenge`, not checked yet.
    pub fn new(challenge: Challenge) -> ChallengeSession {
        ChallengeSession {
            challenge: Rc::new(challenge),
            results: None,
            passed: false,
            hints: 0,
            error: None,
        }
    }
}

/// Predict-the-next-step questions for the current run, and the answers given.
#[derive(Clone, Debug)]
pub struct QuizState {
    pub quiz: Quiz,
}

impl QuizState {
    /// The questions for a trace.
    pub fn for_events(events: &[EventRecord]) -> QuizState {
        QuizState {
            quiz: Quiz::new(predictions_in(events, &PredictOptions::default())),
        }
    }

    /// The question waiting at `cursor` (events applied), if one is unanswered there or is
    /// answered and waiting to be revealed.
    pub fn at(&self, cursor: usize) -> Option<(usize, &Prediction)> {
        let (i, p) = self
            .quiz
            .predictions
            .iter()
            .enumerate()
            .find(|(_, p)| p.reveal == cursor)?;
        Some((i, p))
    }

    /// The first unanswered question whose event lies in `(from, to]` (events applied): a
    /// forward step stops there, so the question is asked before its answer is shown.
    pub fn blocks(&self, from: usize, to: usize) -> Option<usize> {
        self.quiz
            .predictions
            .iter()
            .enumerate()
            .filter(|(i, _)| self.quiz.answered(*i).is_none())
            .map(|(_, p)| p.reveal)
            .find(|&r| r >= from && r < to)
    }
}

/// A walkthrough being presented.
#[derive(Clone, Debug)]
pub struct WalkSession {
    pub walkthrough: Rc<Walkthrough>,
    pub stops: Rc<Vec<ResolvedStop>>,
    /// The stop shown.
    pub stop: usize,
    /// Answers to the stops' questions (the room's guess), by stop.
    pub answers: Vec<Option<usize>>,
}

/// As for [`ChallengeSession`]: shared parts by pointer.
impl PartialEq for WalkSession {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.walkthrough, &other.walkthrough)
            && Rc::ptr_eq(&self.stops, &other.stops)
            && self.stop == other.stop
            && self.answers == other.answers
    }
}

impl WalkSession {
    /// The cursor (events applied) of a stop: its event has just happened.
    pub fn cursor_of(&self, stop: usize) -> usize {
        self.stops.get(stop).map_or(0, |s| s.index + 1)
    }

    /// Whether the answer to the current stop's question has been revealed.
    pub fn revealed(&self) -> bool {
        self.answers.get(self.stop).is_some_and(Option::is_some)
    }
}

/// Checks `source` against a challenge: goal results, or the compile error's message.
pub fn check_challenge(
    challenge: &Challenge,
    source: &str,
) -> (Option<Vec<GoalResult>>, Option<String>, bool) {
    let verdict = match crate::services::engine::run(source, &challenge.run_options()) {
        Ok(Ok(run)) => challenge.verdict(run),
        Ok(Err(e)) => Verdict::Error(e),
        Err(why) => return (None, Some(why), false),
    };
    match verdict {
        Verdict::Error(e) => (None, Some(e.to_string()), false),
        Verdict::Checked {
            passed, results, ..
        } => (Some(results), None, passed),
    }
}
