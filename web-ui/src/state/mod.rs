//! The application state and its reducer: a plain `apply(state, action) -> state` with no
//! Yew or browser types, tested natively (as Yew's `function_todomvc` keeps its `state.rs`).
//! [`Reducible`] is a thin adapter; returning the same `Rc` tells Yew nothing changed, so
//! a no-op action (stepping past the end, say) costs no render.
//!
//! Running a scenario happens here too: it is pure computation (compile, interpret, fold),
//! deterministic, with no I/O.

pub mod exercises;
pub mod run_data;
pub mod share;

pub use run_data::{PollBar, RunData, WakeMark, format_time};

use runtime_core::{Event, EventRecord, Snapshot, TaskId};
use scenario::interp::Overrides;
use scenario::{Program, RunOptions, Token};
use std::rc::Rc;
use yew::Reducible;

/// Which panels are shown (all of them normally; a chosen few in presenter mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Panel {
    Editor,
    Lesson,
    Queues,
    Tasks,
    Wakers,
    Wheel,
    Pin,
    Timeline,
    Diagnostics,
    Log,
}

impl Panel {
    pub const ALL: [Panel; 10] = [
        Panel::Editor,
        Panel::Lesson,
        Panel::Queues,
        Panel::Tasks,
        Panel::Wakers,
        Panel::Wheel,
        Panel::Pin,
        Panel::Timeline,
        Panel::Diagnostics,
        Panel::Log,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Editor => "Program",
            Panel::Lesson => "Lesson",
            Panel::Queues => "Ready queues",
            Panel::Tasks => "Tasks",
            Panel::Wakers => "Wakers",
            Panel::Wheel => "Timer wheel",
            Panel::Pin => "Pin / state machine",
            Panel::Timeline => "Timeline",
            Panel::Diagnostics => "Diagnostics",
            Panel::Log => "Event log",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

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
#[allow(missing_debug_implementations)] // holds whole runs; printing one is never useful
pub struct AppState {
    pub source: Rc<str>,
    /// The current source, compiled (an error is shown under the editor as you type).
    pub compiled: Result<Rc<Program>, Rc<scenario::Error>>,
    pub tokens: Rc<[Token]>,
    pub overrides: Overrides,
    /// The preset the source came from, if unchanged since.
    pub preset: Option<&'static str>,
    pub run: Option<Rc<RunData>>,
    /// Events applied: the state shown is after event `cursor - 1`.
    pub cursor: usize,
    pub snapshot: Rc<Snapshot>,
    /// The source (or settings) changed since the last run.
    pub stale: bool,
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
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.source, &other.source)
            && self.overrides == other.overrides
            && self.cursor == other.cursor
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.selected == other.selected
            && self.playing == other.playing
            && self.speed == other.speed
            && self.presenter == other.presenter
            && self.presenter_panels == other.presenter_panels
            && self.notice == other.notice
            && self.view == other.view
            && self.stale == other.stale
            && self.replaced.as_ref().map(Rc::as_ptr) == other.replaced.as_ref().map(Rc::as_ptr)
    }
}

/// What can happen.
#[derive(Clone, Debug)]
pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// Compile and run the editor's program.
    Run,
    /// Load a preset's program and run it.
    LoadPreset(&'static str),
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
    /// Put back the program a preset or link replaced, and run it.
    Restore,
    /// Remember a program replaced in an earlier visit (read from storage at start).
    Remember(String),
    Notice(Notice),
    DismissNotice,
    SetView(View),
}

impl AppState {
    /// The state for a first visit: `source` compiled and run, cursor at the start.
    pub fn new(source: &str, preset: Option<&'static str>) -> AppState {
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
        };
        s.set_source(source);
        s.preset = preset;
        s.run_program();
        s
    }

    /// Whether a panel is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        !self.presenter || self.presenter_panels & panel.bit() != 0
    }

    /// The number of events of the current run.
    pub fn len(&self) -> usize {
        self.run.as_ref().map_or(0, |r| r.len())
    }

    /// Whether there is no run (or an empty one).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The event that caused the current state.
    pub fn current_event(&self) -> Option<&EventRecord> {
        let run = self.run.as_ref()?;
        self.cursor.checked_sub(1).and_then(|i| run.event(i))
    }

    /// Before replacing the source with a preset or a link: keep the user's own program.
    fn keep_own(&mut self, incoming: &str) {
        if self.preset.is_none() && !self.source.trim().is_empty() && *self.source != *incoming {
            self.replaced = Some(self.source.clone());
        }
    }

    fn set_source(&mut self, source: &str) {
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
        self.run = Some(Rc::new(run));
        self.stale = false;
        self.playing = false;
        self.seek(0);
        if self.selected.is_some_and(|t| self.snapshot_task_missing(t)) {
            self.selected = None;
        }
    }

    fn snapshot_task_missing(&self, t: TaskId) -> bool {
        self.run
            .as_ref()
            .is_none_or(|r| r.names.task(t).starts_with("task#"))
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

/// The reducer.
pub fn apply(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    let mut s = (*state).clone();
    match action {
        Action::Edit(text) => {
            if *text == *state.source {
                return state;
            }
            s.set_source(&text);
        }
        Action::Run => {
            if state.compiled.is_err() {
                return state;
            }
            s.run_program();
        }
        Action::LoadPreset(name) => {
            let Some(p) = scenario::presets::find(name) else {
                return state;
            };
            s.keep_own(p.source);
            s.set_source(p.source);
            s.preset = Some(name);
            s.overrides = Overrides::default();
            s.selected = None;
            s.run_program();
        }
        Action::Forward(unit) | Action::Back(unit) => {
            let forward = matches!(action, Action::Forward(_));
            match state.target(unit, forward) {
                Some(n) if n != state.cursor => {
                    s.playing = false;
                    s.seek(n);
                }
                _ => return state,
            }
        }
        Action::Seek(n) => {
            if n == state.cursor {
                return state;
            }
            s.seek(n);
        }
        Action::Home => {
            if state.cursor == 0 {
                return state;
            }
            s.playing = false;
            s.seek(0);
        }
        Action::End => {
            s.playing = false;
            s.seek(state.len());
        }
        Action::TogglePlay => {
            if state.run.is_none() {
                return state;
            }
            s.playing = !state.playing;
            if s.playing && state.cursor >= state.len() {
                s.seek(0);
            }
        }
        Action::PlayTick => {
            if !state.playing {
                return state;
            }
            if state.cursor >= state.len() {
                s.playing = false;
            } else {
                s.seek(state.cursor + 1);
            }
        }
        Action::SetSpeed(v) => s.speed = v.clamp(1, 200),
        Action::Select(t) => {
            if t == state.selected {
                return state;
            }
            s.selected = t;
        }
        Action::SetOverrides(o) => {
            if o == state.overrides {
                return state;
            }
            s.overrides = o;
            let cursor = state.cursor;
            s.run_program();
            s.seek(cursor);
        }
        Action::TogglePresenter => s.presenter = !state.presenter,
        Action::TogglePanel(p) => s.presenter_panels ^= p.bit(),
        Action::OpenShared(shared) => {
            s.keep_own(&shared.source);
            s.set_source(&shared.source);
            s.preset = shared.preset.and_then(|p| {
                scenario::presets::find(&p)
                    .filter(|x| x.source == shared.source)
                    .map(|x| x.name)
            });
            s.overrides = shared.overrides;
            s.selected = None;
            s.run_program();
            s.seek(shared.cursor);
            s.notice = None;
        }
        Action::ImportTrace(events) => {
            let mpt = events
                .iter()
                .find_map(|e| match e.event {
                    Event::RuntimeStarted {
                        micros_per_tick, ..
                    } => Some(u64::from(micros_per_tick)),
                    _ => None,
                })
                .unwrap_or(1000);
            s.run = Some(Rc::new(RunData::new(events, None, Vec::new(), None, mpt)));
            s.stale = true;
            s.playing = false;
            s.selected = None;
            s.snapshot = Rc::new(Snapshot::new());
            s.cursor = 0;
            s.notice = Some(Notice {
                error: false,
                text: "Showing an imported trace. Run the program to replace it.".into(),
            });
        }
        Action::Restore => {
            let Some(own) = state.replaced.clone() else {
                return state;
            };
            s.replaced = None;
            s.set_source(&own);
            s.run_program();
        }
        Action::Remember(text) => {
            if text.trim().is_empty() || *text == *state.source {
                return state;
            }
            s.replaced = Some(Rc::from(text));
        }
        Action::Notice(n) => s.notice = Some(n),
        Action::DismissNotice => {
            if state.notice.is_none() {
                return state;
            }
            s.notice = None;
        }
        Action::SetView(v) => {
            if v == state.view {
                return state;
            }
            s.view = v;
        }
    }
    Rc::new(s)
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        apply(self, action)
    }
}

#[cfg(test)]
mod tests;
