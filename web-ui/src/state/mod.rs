//! The application state and its reducer: a plain `apply(state, action) -> state` with no
//! Yew or browser types, tested natively (as Yew's `function_todomvc` keeps its `state.rs`).
//! [`Reducible`] is a thin adapter; returning the same `Rc` tells Yew nothing changed, so
//! a no-op action (stepping past the end, say) costs no render.
//!
//! Running a scenario happens here too: it is pure computation (compile, interpret, fold),
//! deterministic, with no I/O.

pub mod exercises;
mod reducers;
pub mod rerun;
pub mod run_data;
pub mod sessions;
pub mod share;
pub mod trace_view;

pub use run_data::{AtCursor, PollBar, RunData, WakeMark};

use runtime_core::{Event, EventRecord, Snapshot, TaskId};
use scenario::interp::Overrides;
use scenario::{Program, RunOptions, Token};
use sessions::{ChallengeSession, QuizState, WalkSession};
use std::rc::Rc;
use yew::Reducible;

/// Which panels are shown (all of them normally; a chosen few in presenter mode).
pub use classroom::Panel;

/// Which stepping unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One event.
    Event,
    /// To the end of the next (previous) poll.
    Poll,
    /// To the next (previous) wake of the selected task.
    Wake,
    /// To the next (previous) timer event.
    Timer,
}

/// A message for the user that is not a program error (a corrupt link or file, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// The top-level views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Lab,
    Exercises,
    Challenges,
}

/// Everything the UI shows.
#[derive(Clone)]
pub struct AppState {
    pub source: Rc<str>,
    /// The current source, compiled (an error is shown under the editor as you type).
    pub compiled: Result<Rc<Program>, Rc<scenario::Error>>,
    pub tokens: Rc<[Token]>,
    pub overrides: Overrides,
    /// The preset the source came from, if unchanged since.
    pub preset: Option<Rc<str>>,
    pub run: Option<Rc<RunData>>,
    /// Events applied: the state shown is after event `cursor - 1`.
    pub cursor: usize,
    pub snapshot: Rc<Snapshot>,
    /// The source (or settings) changed since the last run.
    pub stale: bool,
    /// The source was last changed by typing (the editor saves typed text itself; other
    /// changes, a preset or a link, are saved by an effect).
    pub typed: bool,
    /// After a live re-run: the cursor it chose and why (the status line says it while the
    /// cursor stays there).
    pub rerun: Option<(usize, rerun::Place)>,
    pub selected: Option<TaskId>,
    pub playing: bool,
    /// Events per second while playing.
    pub speed: u32,
    pub presenter: bool,
    /// Panels shown in presenter mode.
    pub presenter_panels: u16,
    pub notice: Option<Notice>,
    pub view: View,
    /// The user's own program that a preset or a link replaced (so it can be restored).
    pub replaced: Option<Rc<str>>,
    /// A challenge being worked on in the lab.
    pub challenge: Option<ChallengeSession>,
    /// Predict mode: questions asked before the events that answer them.
    pub quiz: Option<Rc<QuizState>>,
    /// An instructor's walkthrough being presented.
    pub walk: Option<WalkSession>,
    /// This window follows a presenter's window (shown on a projector).
    pub audience: bool,
}

/// What can happen.
#[derive(Clone, Debug)]
pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// Compile and run the editor's program.
    Run,
    /// Run the edited program again, keeping the learner's place (live re-run, after a pause
    /// in typing).
    Rerun,
    /// Load a preset's program and run it.
    LoadPreset(String),
    Forward(Unit),
    Back(Unit),
    /// Show the state after `n` events.
    Seek(usize),
    Home,
    End,
    TogglePlay,
    /// One tick of the play timer.
    PlayTick,
    SetSpeed(u32),
    Select(Option<TaskId>),
    SetOverrides(Overrides),
    TogglePresenter,
    TogglePanel(Panel),
    /// Open a shared link: program, settings, step.
    OpenShared(share::Shared),
    /// Load an exported trace (no program).
    ImportTrace(Vec<EventRecord>),
    /// Open a program file and run it; the program it replaces can be restored, as a link's.
    ImportProgram(String),
    /// Put back the program a preset or link replaced, and run it.
    Restore,
    /// Work on a challenge: its starting program and settings go into the lab.
    StartChallenge(String),
    /// Go on with a challenge after a reload: its goals come back, the program in the lab (the
    /// learner's edit) stays.
    ResumeChallenge(String),
    /// Check the lab's program against the challenge's goals.
    CheckChallenge,
    ChallengeHint,
    LeaveChallenge,
    /// Predict mode on or off.
    TogglePredict,
    /// Answer question `0` with choice `1`.
    Answer(usize, usize),
    /// Present a walkthrough, from one of its stops.
    StartWalkthrough(String, usize),
    /// Go to a stop of the walkthrough.
    GoToStop(usize),
    /// The room's guess at a stop's question.
    AnswerStop(usize),
    LeaveWalkthrough,
    /// Follow a presenter's window: its link (program, settings, step, walkthrough stop),
    /// its panels, its selected task, and whether the stop's question has been revealed.
    Follow(share::Shared, u16, Option<TaskId>, bool),
    /// This window is an audience window.
    SetAudience(bool),
    /// Remember a program replaced in an earlier visit (read from storage at start).
    Remember(String),
    Notice(Notice),
    DismissNotice,
    SetView(View),
}

impl AppState {
    /// Whether a question about the next event waits for its answer at the cursor (predict
    /// mode, or a walkthrough stop's question for the room): the views then hide every event
    /// after the cursor, or they would give the answer away.
    pub fn question_open(&self) -> bool {
        let quiz = self.quiz.as_ref().and_then(|q| {
            let (i, _) = q.at(self.cursor)?;
            Some(q.quiz.answered(i).is_none())
        });
        let room = self.walk.as_ref().is_some_and(|w| {
            w.stops.get(w.stop).is_some_and(|r| r.prediction.is_some())
                && !w.revealed()
                && self.cursor == w.cursor_of(w.stop)
        });
        quiz == Some(true) || room
    }

    /// The state for a first visit: `source` compiled and run, cursor at the start.
    pub fn new(source: &str, preset: Option<&str>) -> AppState {
        let mut s = AppState {
            source: Rc::from(""),
            compiled: Err(Rc::new(scenario::Error::new(scenario::Span::default(), ""))),
            tokens: Rc::from([]),
            overrides: Overrides::default(),
            preset: None,
            run: None,
            cursor: 0,
            snapshot: Rc::new(Snapshot::new()),
            stale: true,
            typed: false,
            rerun: None,
            selected: None,
            playing: false,
            speed: 10,
            presenter: false,
            presenter_panels: Panel::Queues.bit()
                | Panel::Tasks.bit()
                | Panel::Wheel.bit()
                | Panel::Pin.bit()
                | Panel::Timeline.bit(),
            notice: None,
            view: View::Lab,
            replaced: None,
            challenge: None,
            quiz: None,
            walk: None,
            audience: false,
        };
        s.set_source(source);
        s.preset = preset.map(Rc::from);
        s.run_program();
        s
    }

    /// Whether a panel is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        !self.presenter || self.presenter_panels & panel.bit() != 0
    }

    /// The share link's fragment for this state: the program, the settings, the step and the
    /// walkthrough stop.
    pub fn fragment(&self) -> String {
        share::encode(&share::Shared {
            source: self.source.to_string(),
            preset: self.preset.as_deref().map(String::from),
            overrides: self.overrides,
            cursor: self.cursor,
            walk: self
                .walk
                .as_ref()
                .map(|w| (w.walkthrough.id.clone(), w.stop)),
        })
    }

    /// Before replacing the source with a preset or a link: keep the user's own program.
    fn keep_own(&mut self, incoming: &str) {
        if self.preset.is_none() && !self.source.trim().is_empty() && *self.source != *incoming {
            self.replaced = Some(self.source.clone());
        }
    }

    fn set_source(&mut self, source: &str) {
        self.typed = false;
        self.source = Rc::from(source);
        self.tokens = Rc::from(scenario::tokens(source));
        self.compiled = scenario::compile(source).map(Rc::new).map_err(Rc::new);
        self.stale = true;
        self.preset = None;
    }

    /// Runs the compiled program (if it compiles); keeps the last good run otherwise.
    fn run_program(&mut self) {
        let Ok(program) = &self.compiled else { return };
        let options = RunOptions {
            overrides: self.overrides,
            ..RunOptions::default()
        };
        let result = scenario::run(program, &options);
        let run = RunData::new(
            result.events,
            Some(program.clone()),
            result.labels,
            Some(result.outcome),
            result.micros_per_tick,
        );
        let quiz = self
            .quiz
            .is_some()
            .then(|| Rc::new(QuizState::for_events(run.replay.events())));
        self.run = Some(Rc::new(run));
        self.quiz = quiz;
        self.stale = false;
        self.playing = false;
        self.rerun = None;
        self.seek(0);
        if self.selected.is_some_and(|t| self.snapshot_task_missing(t)) {
            self.selected = None;
        }
    }

    fn snapshot_task_missing(&self, t: TaskId) -> bool {
        self.run.as_ref().is_none_or(|r| !r.names.knows_task(t))
    }

    fn seek(&mut self, n: usize) {
        let Some(run) = &self.run else { return };
        let n = n.min(run.len());
        // Stepping forward by a little: fold from the current snapshot instead of seeking.
        if n >= self.cursor && n - self.cursor <= 64 {
            if n == self.cursor {
                return;
            }
            let mut snap = (*self.snapshot).clone();
            for rec in &run.replay.events()[self.cursor..n] {
                snap.apply(rec);
            }
            self.snapshot = Rc::new(snap);
        } else {
            self.snapshot = Rc::new(run.replay.snapshot_at(n));
        }
        self.cursor = n;
    }

    /// Shows a walkthrough's stop: its step, and its panels if it names some.
    fn go_to_stop(&mut self, stop: usize) {
        let Some(walk) = &mut self.walk else { return };
        walk.stop = stop;
        let cursor = walk.cursor_of(stop);
        let show = &walk.walkthrough.stops[stop].show;
        if !show.is_empty() {
            self.presenter_panels = show.iter().fold(0, |bits, p| bits | p.bit());
        }
        self.playing = false;
        self.seek(cursor);
    }

    /// Where a step in `unit` from the cursor lands, forward or back.
    pub fn target(&self, unit: Unit, forward: bool) -> Option<usize> {
        let run = self.run.as_ref()?;
        let c = self.cursor;
        // Index lists hold event indices; "after event i" is cursor i + 1.
        let pick = |list: &[usize]| -> Option<usize> {
            if forward {
                let i = list.partition_point(|&e| e < c);
                list.get(i).map(|e| e + 1)
            } else {
                let i = list.partition_point(|&e| e + 1 < c);
                i.checked_sub(1).map(|i| list[i] + 1).or(Some(0))
            }
        };
        match unit {
            Unit::Event => {
                if forward {
                    (c < run.len()).then_some(c + 1)
                } else {
                    c.checked_sub(1)
                }
            }
            Unit::Poll => pick(&run.poll_ends),
            Unit::Timer => pick(&run.timer_events),
            Unit::Wake => {
                let t = self.selected?;
                pick(run.wakes_of.get(t.index()).map_or(&[][..], |v| v))
            }
        }
    }
}

/// The reducer: sends `action` to the part of [`reducers`] for its concern.
pub fn apply(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    use Action::*;
    let mut s = (*state).clone();
    let changed = match &action {
        Forward(_) | Back(_) | Seek(_) | Home | End | TogglePlay | PlayTick | SetSpeed(_)
        | Select(_) => reducers::stepping::reduce(&state, &mut s, action),
        StartChallenge(_) | ResumeChallenge(_) | CheckChallenge | ChallengeHint
        | LeaveChallenge | TogglePredict | Answer(..) => {
            reducers::challenge::reduce(&state, &mut s, action)
        }
        TogglePresenter | TogglePanel(_) | StartWalkthrough(..) | GoToStop(_) | AnswerStop(_)
        | LeaveWalkthrough | Follow(..) | SetAudience(_) => {
            reducers::walkthrough::reduce(&state, &mut s, action)
        }
        Edit(_) | Run | Rerun | LoadPreset(_) | SetOverrides(_) | OpenShared(_)
        | ImportTrace(_) | ImportProgram(_) | Restore | Remember(_) | Notice(_) | DismissNotice
        | SetView(_) => reducers::program::reduce(&state, &mut s, action),
    };
    // Unchanged: the same `Rc`, so nothing downstream re-renders.
    if changed { Rc::new(s) } else { state }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        apply(self, action)
    }
}

impl AtCursor for AppState {
    fn at_cursor(&self) -> (Option<&RunData>, usize) {
        (self.run.as_deref(), self.cursor)
    }
}

#[cfg(test)]
mod tests;
