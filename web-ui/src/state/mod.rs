//! The application state and its reducer: a plain `apply(state, action) -> state` with no
//! Yew or browser types, tested natively (as Yew's `function_todomvc` keeps its `state.rs`).
//! [`Reducible`] is a thin adapter; returning the same `Rc` tells Yew nothing changed, so
//! a no-op action (stepping past the end, say) costs no render.
//!
//! Running a scenario happens here too: the engine compiles and interprets (a synchronous
//! call, `services::engine`), the reducer folds. Until the engine has loaded, the actions that
//! need it wait in [`AppState::waiting`] and [`Action::EngineReady`] applies them in order.

pub mod exercises;
mod reducers;
pub mod rerun;
pub mod run_data;
pub mod sessions;
pub mod share;
pub mod trace_view;

pub use run_data::{AtCursor, PollBar, RunData, WakeMark};

use crate::services::engine;
use runtime_core::{Event, EventRecord, Snapshot, TaskId};
use scenario::interp::Overrides;
use scenario::{Outline, RunOptions, Token};
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
    /// The current source, compiled (an error is shown under the editor as you type); `None`
    /// until the engine has loaded.
    pub compiled: Option<Result<Rc<Outline>, Rc<scenario::Error>>>,
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
    /// The engine (which compiles and runs) has loaded.
    pub engine_ready: bool,
    /// Actions that need the engine and came before it loaded, in order.
    pub waiting: Vec<Action>,
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
    /// The engine has loaded: compile the program and apply the actions that waited for it.
    EngineReady,
    /// The engine could not be loaded (the message says why).
    EngineFailed(String),
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
        AppState::starting(source, preset, engine::ready())
    }

    /// The state for a first visit, with the engine loaded or not: without it, `source` shows
    /// the first run if it is the first run's program, else it runs when the engine arrives.
    pub fn starting(source: &str, preset: Option<&str>, engine_ready: bool) -> AppState {
        let mut s = AppState {
            source: Rc::from(""),
            compiled: None,
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
            engine_ready,
            waiting: Vec::new(),
        };
        s.set_source(source);
        s.preset = preset.map(Rc::from);
        if s.engine_ready {
            s.run_program();
        } else if let Some(first) = crate::content::first_run().filter(|f| *f.source == *source) {
            // The page's first screen: the run shipped beside the page, made by the same
            // engine with the default settings (see `services::engine`).
            s.compiled = Some(Ok(first.outline.clone()));
            s.show_run(first.run.clone());
        } else {
            s.waiting.push(Action::Run);
        }
        s
    }

    /// The compile error under the editor, if the program has one.
    pub fn compile_error(&self) -> Option<&Rc<scenario::Error>> {
        self.compiled.as_ref()?.as_ref().err()
    }

    /// Whether the program compiles (as far as is known: `false` until the engine has loaded).
    pub fn compiles(&self) -> bool {
        matches!(self.compiled, Some(Ok(_)))
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
        self.compiled = None;
        self.compile();
        self.stale = true;
        self.preset = None;
    }

    /// Compiles the source, once the engine has loaded.
    fn compile(&mut self) {
        if !self.engine_ready {
            return;
        }
        match engine::compile(&self.source) {
            Ok(compiled) => self.compiled = Some(compiled.map(Rc::new).map_err(Rc::new)),
            Err(why) => self.engine_failed(why),
        }
    }

    fn engine_failed(&mut self, why: String) {
        self.notice = Some(Notice {
            error: true,
            text: format!("The program could not be run: {why}. Your program is untouched."),
        });
    }

    /// Runs the compiled program (if it compiles); keeps the last good run otherwise. Before
    /// the engine has loaded, the run waits for it (and the run on screen, of another program
    /// or other settings, is taken down).
    fn run_program(&mut self) {
        if !self.engine_ready {
            self.run = None;
            self.snapshot = Rc::new(Snapshot::new());
            self.cursor = 0;
            self.stale = true;
            // This run supersedes any run (and step) still waiting.
            self.waiting
                .retain(|a| !matches!(a, Action::Run | Action::Seek(_)));
            self.waiting.push(Action::Run);
            return;
        }
        let Some(Ok(outline)) = &self.compiled else {
            return;
        };
        let outline = outline.clone();
        let options = RunOptions {
            overrides: self.overrides,
            ..RunOptions::default()
        };
        match engine::run(&self.source, &options) {
            Ok(Ok(result)) => self.show_run(Rc::new(RunData::from_run(result, outline))),
            Ok(Err(e)) => self.compiled = Some(Err(Rc::new(e))),
            Err(why) => self.engine_failed(why),
        }
    }

    /// Shows a new run from its start.
    fn show_run(&mut self, run: Rc<RunData>) {
        let quiz = self
            .quiz
            .is_some()
            .then(|| Rc::new(QuizState::for_events(run.replay.events())));
        self.run = Some(run);
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
        let Some(run) = &self.run else {
            // The run waits for the engine: so does the step.
            if !self.engine_ready && n > 0 {
                self.waiting.push(Action::Seek(n));
            }
            return;
        };
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

impl Action {
    /// Whether it needs a run made by the engine as it applies, so that it waits whole until
    /// the engine has loaded. The others that open a program (a preset, a link, a file) do
    /// not wait: the program shows at once and only its run (and the step it goes to) waits.
    fn needs_engine(&self) -> bool {
        use Action::*;
        match self {
            Run | Rerun | CheckChallenge | StartWalkthrough(..) | Follow(..) => true,
            // A walkthrough's link: it opens as the walkthrough does.
            OpenShared(shared) => shared.walk.is_some(),
            _ => false,
        }
    }
}

/// The reducer: sends `action` to the part of [`reducers`] for its concern.
pub fn apply(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    use Action::*;
    let mut s = (*state).clone();
    if !state.engine_ready && action.needs_engine() {
        s.waiting.push(action);
        return Rc::new(s);
    }
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
        | ImportTrace(_) | ImportProgram(_) | Restore | EngineReady | EngineFailed(_)
        | Remember(_) | Notice(_) | DismissNotice | SetView(_) => {
            reducers::program::reduce(&state, &mut s, action)
        }
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
