//! The Exercises view's state: the catalogue (sent by the grading worker), each exercise's
//! check results, hints revealed, best scores (kept in the browser), and the learner's and
//! the solution's traces for comparison. A pure reducer, like the lab's.

use grader::protocol::{CheckResult, ExerciseInfo, MorningStep, Which};
use runtime_core::EventRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// Where one check is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    Waiting,
    Done(CheckResult),
}

/// One grading run of one exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results {
    pub which: Which,
    /// Counts runs, so a late reply from an earlier run is ignored.
    pub run: u32,
    pub checks: Vec<CheckStatus>,
    /// When the last check came back (the clock's time, as the page shows it), so a learner
    /// can tell their save was graded.
    pub graded_at: Option<String>,
}

impl Results {
    pub fn finished(&self) -> bool {
        self.checks
            .iter()
            .all(|c| matches!(c, CheckStatus::Done(_)))
    }

    pub fn score(&self) -> u32 {
        self.checks
            .iter()
            .map(|c| match c {
                CheckStatus::Done(r) if r.passed => r.points,
                _ => 0,
            })
            .sum()
    }
}

/// Progress kept across visits (in the browser's storage, as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Best score of the learner's own code, per exercise.
    pub best: BTreeMap<String, u32>,
    /// Hints revealed, per exercise.
    pub hints: BTreeMap<String, usize>,
    pub selected: Option<String>,
}

/// Two traces of one exercise's demo program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traces {
    pub exercise: String,
    pub learner: Option<Result<Rc<Vec<EventRecord>>, String>>,
    pub solution: Option<Result<Rc<Vec<EventRecord>>, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExercisesState {
    pub catalogue: Option<Rc<Vec<ExerciseInfo>>>,
    /// The workshop morning's core path (exercises, walkthroughs, readings), in order.
    pub morning: Rc<Vec<MorningStep>>,
    pub load_error: Option<String>,
    pub results: BTreeMap<String, Results>,
    pub progress: Progress,
    pub traces: Option<Traces>,
    next_run: u32,
}

#[derive(Clone, Debug)]
pub enum ExAction {
    Catalogue(Vec<ExerciseInfo>, Vec<MorningStep>),
    CatalogueFailed(String),
    Restore(Progress),
    Select(String),
    /// A grading run starts: every check waits.
    Start {
        exercise: String,
        which: Which,
    },
    CheckDone {
        exercise: String,
        run: u32,
        index: usize,
        result: CheckResult,
        /// The time the reply came.
        at: String,
    },
    RevealHint(String),
    Trace {
        exercise: String,
        which: Which,
        events: Result<Vec<EventRecord>, String>,
    },
}

impl ExercisesState {
    pub fn exercise(&self, name: &str) -> Option<&ExerciseInfo> {
        self.catalogue.as_ref()?.iter().find(|e| e.name == name)
    }

    /// The selected reading of the morning (a lesson with no exercise): its title and HTML.
    pub fn reading(&self) -> Option<(&str, &str)> {
        let selected = self.progress.selected.as_deref()?;
        self.morning.iter().find_map(|step| match step {
            MorningStep::Reading {
                name, title, html, ..
            } if name == selected => Some((title.as_str(), html.as_str())),
            _ => None,
        })
    }

    /// Whether exercise `name` is on the morning's path (else it is for after the workshop).
    pub fn in_morning(&self, name: &str) -> bool {
        self.morning
            .iter()
            .any(|s| matches!(s, MorningStep::Exercise { name: n, .. } if n == name))
    }

    /// The selected exercise, or the first one.
    pub fn selected(&self) -> Option<&ExerciseInfo> {
        let list = self.catalogue.as_ref()?;
        self.progress
            .selected
            .as_deref()
            .and_then(|n| self.exercise(n))
            .or_else(|| list.first())
    }

    /// The learner's score as the files are now: their last finished grading run, if any.
    pub fn current_score(&self, name: &str) -> Option<u32> {
        self.results
            .get(name)
            .filter(|r| r.which == Which::Learner && r.finished())
            .map(Results::score)
    }

    /// The run counter of the exercise's current run.
    pub fn run_of(&self, name: &str) -> Option<u32> {
        self.results.get(name).map(|r| r.run)
    }
}

pub fn apply_ex(state: Rc<ExercisesState>, action: ExAction) -> Rc<ExercisesState> {
    let mut s = (*state).clone();
    match action {
        ExAction::Catalogue(list, morning) => {
            s.catalogue = Some(Rc::new(list));
            s.morning = Rc::new(morning);
            s.load_error = None;
        }
        ExAction::CatalogueFailed(e) => s.load_error = Some(e),
        ExAction::Restore(p) => s.progress = p,
        ExAction::Select(name) => {
            if state.progress.selected.as_deref() == Some(&name) {
                return state;
            }
            s.progress.selected = Some(name);
        }
        ExAction::Start { exercise, which } => {
            let Some(info) = state.exercise(&exercise) else {
                return state;
            };
            s.next_run += 1;
            let checks = vec![CheckStatus::Waiting; info.checks.len()];
            s.results.insert(
                exercise,
                Results {
                    which,
                    run: s.next_run,
                    checks,
                    graded_at: None,
                },
            );
        }
        ExAction::CheckDone {
            exercise,
            run,
            index,
            mut result,
            at,
        } => {
            let Some(results) = s.results.get_mut(&exercise) else {
                return state;
            };
            if results.run != run || index >= results.checks.len() {
                return state; // a reply from an earlier run
            }
            let info = state.exercise(&exercise);
            if result.name.is_empty() {
                // The worker crashed or timed out: name the check from the catalogue.
                if let Some(c) = info.and_then(|i| i.checks.get(index)) {
                    result.name = c.name.clone();
                    result.points = c.points;
                }
            }
            results.checks[index] = CheckStatus::Done(result);
            if results.finished() {
                results.graded_at = Some(at);
            }
            if results.finished() && results.which == Which::Learner {
                let score = results.score();
                let best = s.progress.best.entry(exercise).or_insert(0);
                *best = (*best).max(score);
            }
        }
        ExAction::RevealHint(name) => {
            let total = state.exercise(&name).map_or(0, |e| e.hints.len());
            let shown = s.progress.hints.entry(name).or_insert(0);
            if *shown >= total {
                return state;
            }
            *shown += 1;
        }
        ExAction::Trace {
            exercise,
            which,
            events,
        } => {
            let mut t = match &state.traces {
                Some(t) if t.exercise == exercise => t.clone(),
                _ => Traces {
                    exercise,
                    ..Traces::default()
                },
            };
            let events = events.map(Rc::new);
            match which {
                Which::Learner => t.learner = Some(events),
                Which::Solution => t.solution = Some(events),
            }
            s.traces = Some(t);
        }
    }
    Rc::new(s)
}

impl Reducible for ExercisesState {
    type Action = ExAction;

    fn reduce(self: Rc<Self>, action: ExAction) -> Rc<Self> {
        apply_ex(self, action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grader::protocol::{CheckInfo, Reply, Request};

    fn served() -> (Vec<ExerciseInfo>, Vec<MorningStep>) {
        match grader::worker::serve(Request::Catalogue { id: 0 }) {
            Reply::Catalogue {
                exercises, morning, ..
            } => (exercises, morning),
            other => panic!("{other:?}"),
        }
    }

    fn catalogue() -> Vec<ExerciseInfo> {
        served().0
    }

    /// The morning's walkthroughs are the classroom's, and its reading opens in the view.
    #[test]
    fn the_mornings_walkthroughs_exist_and_its_reading_is_selectable() {
        let (list, morning) = served();
        let library = crate::content::library();
        for step in &morning {
            if let MorningStep::Walkthrough { id, .. } = step {
                assert!(library.walkthrough(id).is_some(), "no walkthrough `{id}`");
            }
        }
        let mut s = Rc::new(ExercisesState::default());
        s = apply_ex(s, ExAction::Catalogue(list, morning));
        assert!(s.reading().is_none());
        assert!(s.in_morning("e01_countdown"));
        assert!(!s.in_morning("e16_pin_projection"));
        s = apply_ex(s, ExAction::Select("origin".into()));
        let (title, html) = s.reading().expect("the origin reading");
        assert!(title.contains("why async Rust looks like this"));
        assert!(html.contains("Readiness and completion"));
    }

    /// The catalogue loaded and the learner's code of its first exercise being graded.
    fn first_exercise_started() -> (Rc<ExercisesState>, ExerciseInfo) {
        let s = apply_ex(
            Rc::new(ExercisesState::default()),
            ExAction::Catalogue(catalogue(), Vec::new()),
        );
        let first = s.selected().unwrap().clone();
        let s = apply_ex(
            s,
            ExAction::Start {
                exercise: first.name.clone(),
                which: Which::Learner,
            },
        );
        (s, first)
    }

    /// Every check of `first` reported, passed where `passed(index)` says.
    fn grade_all(
        mut s: Rc<ExercisesState>,
        first: &ExerciseInfo,
        passed: impl Fn(usize) -> bool,
    ) -> Rc<ExercisesState> {
        let run = s.run_of(&first.name).unwrap();
        for (index, c) in first.checks.iter().enumerate() {
            let result = CheckResult {
                name: c.name.clone(),
                passed: passed(index),
                points: c.points,
                message: String::new(),
            };
            s = apply_ex(
                s,
                ExAction::CheckDone {
                    exercise: first.name.clone(),
                    run,
                    index,
                    result,
                    at: "10:00:00".into(),
                },
            );
        }
        s
    }

    #[test]
    fn a_run_collects_results_and_keeps_the_best_score() {
        let (mut s, first) = first_exercise_started();
        let run = s.run_of(&first.name).unwrap();
        s = grade_all(s, &first, |index| index == 0);
        assert!(s.results[&first.name].finished());
        assert_eq!(
            s.results[&first.name].graded_at.as_deref(),
            Some("10:00:00"),
            "a finished run says when"
        );
        assert_eq!(s.progress.best[&first.name], first.checks[0].points);
        // A late reply from an old run changes nothing.
        let stale = CheckResult {
            name: "x".into(),
            passed: true,
            points: 99,
            message: String::new(),
        };
        let t = apply_ex(
            s.clone(),
            ExAction::CheckDone {
                exercise: first.name.clone(),
                run: run - 1,
                index: 0,
                result: stale,
                at: "10:00:00".into(),
            },
        );
        assert!(Rc::ptr_eq(&t, &s));
        // The solution's run does not count as the learner's progress.
        s = apply_ex(
            s,
            ExAction::Start {
                exercise: first.name.clone(),
                which: Which::Solution,
            },
        );
        s = grade_all(s, &first, |_| true);
        assert_eq!(s.progress.best[&first.name], first.checks[0].points);
    }

    #[test]
    fn a_crashed_check_is_named_from_the_catalogue() {
        let (mut s, first) = first_exercise_started();
        let run = s.run_of(&first.name).unwrap();
        let crashed = CheckResult {
            name: String::new(),
            passed: false,
            points: 0,
            message: "did not finish within 5 s".into(),
        };
        s = apply_ex(
            s,
            ExAction::CheckDone {
                exercise: first.name.clone(),
                run,
                index: 0,
                result: crashed,
                at: "10:00:00".into(),
            },
        );
        match &s.results[&first.name].checks[0] {
            CheckStatus::Done(r) => {
                let CheckInfo { name, points } = &first.checks[0];
                assert_eq!((&r.name, r.points), (name, *points));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hints_are_revealed_one_at_a_time_up_to_the_last() {
        let mut s = Rc::new(ExercisesState::default());
        s = apply_ex(s, ExAction::Catalogue(catalogue(), Vec::new()));
        let name = s.selected().unwrap().name.clone();
        let total = s.selected().unwrap().hints.len();
        for i in 1..=total {
            s = apply_ex(s, ExAction::RevealHint(name.clone()));
            assert_eq!(s.progress.hints[&name], i);
        }
        let same = apply_ex(s.clone(), ExAction::RevealHint(name));
        assert!(Rc::ptr_eq(&same, &s));
    }
}
