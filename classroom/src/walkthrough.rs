//! Walkthroughs: instructor-led stepping, written as a plain text file.
//!
//! A walkthrough names a program (a preset, or one written inline), the settings to run it
//! with, and a list of stops. Each stop says where in the trace to go, which panels to show,
//! whether to ask the audience to predict the next event, and what to say:
//!
//! ```text
//! # comments start with `#`
//! id: fifo
//! title: Who runs next? A FIFO ready queue
//! part: building a runtime
//! summary: One sentence for the list of walkthroughs.      (optional)
//! preset: fifo                       (or a `--- program` section)
//! settings: lifo=off                 (optional)
//!
//! --- stop after poll_end task=a #1
//! show: queues tasks program
//! ask
//! Narration: a paragraph or more, `code` allowed. A blank line starts a new paragraph.
//!
//! --- stop end
//! show: timeline
//! The end.
//! ```
//!
//! Positions are symbolic so that a walkthrough survives small changes to its program:
//!
//! * `start`, `end`: the first and the last event.
//! * `event N`: the N-th event, counted from 1 as the stepper counts them (`seq` N - 1).
//! * `after KIND [FILTER...] [#N]` (or `at ...`): the cursor on the matching event (it has
//!   just happened). `before KIND ...`: the cursor on the event just before it (it happens
//!   next, the natural place for `ask`).
//!
//! `KIND` is an event kind as the event log shows it (`poll_start`, `woken`, ...). A filter
//! `key=value` matches a field of the event log's line exactly, or up to a `:`, `#` or `/`
//! (`effect=queued` matches `effect=queued:local:0`, `source=timer` matches `timer#0`);
//! `key~text` matches a field that contains the text (`text~"round 1"`). `#N` picks the Nth
//! match from the start of the trace; without it, the first match after the previous stop.
//! Stops must move forward through the trace.

use crate::predict::{Prediction, prediction_at};
use crate::{FormatError, format_settings, paragraphs, parse_count, parse_doc, quote, split_words};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use runtime_core::trace::EventRecord;
use runtime_core::trace::text::{Field, Names, fields};
use scenario::interp::{Overrides, RunOptions, RunResult};
use scenario::presets::Preset;

/// A panel of the lab's page: what a walkthrough stop shows, and what the page draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Panel {
    /// The scenario editor.
    Program,
    /// The lesson text.
    Lesson,
    /// The ready queue(s).
    Queues,
    /// The task table.
    Tasks,
    /// The waker log and ownership.
    Wakers,
    /// The timer wheel.
    Wheel,
    /// The Pin / state-machine view.
    Pin,
    /// The timeline.
    Timeline,
    /// Diagnostics.
    Diagnostics,
    /// The event log.
    Log,
}

impl Panel {
    /// Every panel, in the UI's order.
    pub const ALL: [Panel; 10] = [
        Panel::Program,
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

    /// The panel's name in files and in the UI.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Program => "program",
            Panel::Lesson => "lesson",
            Panel::Queues => "queues",
            Panel::Tasks => "tasks",
            Panel::Wakers => "wakers",
            Panel::Wheel => "wheel",
            Panel::Pin => "pin",
            Panel::Timeline => "timeline",
            Panel::Diagnostics => "diagnostics",
            Panel::Log => "log",
        }
    }

    /// The panel with this name.
    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The panel's title, as its heading and the presenter's panel list show it.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Program => "Program",
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

    /// The panel's bit in a set of panels kept as a number (the presenter's choice, saved).
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Every event kind, as the event log names it.
pub use runtime_core::trace::KINDS as EVENT_KINDS;

/// Which side of the matched event the cursor goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// On the event: it has just happened.
    After,
    /// On the event before it: it happens next.
    Before,
}

/// `key=value` or `key~text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// The field's name, as in the event log.
    pub key: String,
    /// The value to match.
    pub value: String,
    /// `~`: the field contains the value; `=`: it equals it (or starts with it and a `:`,
    /// `#` or `/`).
    pub contains: bool,
}

impl Filter {
    fn matches(&self, field: &str) -> bool {
        if self.contains {
            return field.contains(self.value.as_str());
        }
        field == self.value
            || field
                .strip_prefix(self.value.as_str())
                .is_some_and(|rest| rest.starts_with([':', '#', '/']))
    }
}

/// Where a stop goes in the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// The first event.
    Start,
    /// The last event.
    End,
    /// Event number N.
    Event(usize),
    /// A matching event.
    Match {
        /// On the event, or just before it.
        edge: Edge,
        /// Its kind (`poll_start`, ...).
        kind: String,
        /// Fields it must have.
        filters: Vec<Filter>,
        /// The Nth match from the start; `None`: the first after the previous stop.
        nth: Option<u32>,
    },
}

impl Position {
    /// Parses a position such as `after poll_end task=consumer #2`.
    pub fn parse(text: &str) -> Result<Position, String> {
        let ws = split_words(text)?;
        let first = ws.first().map(|w| w.text.as_str());
        let usage = "a stop needs a position: `start`, `end`, `event N`, `after KIND ...` or \
                     `before KIND ...`";
        let edge = match first {
            None => return Err(String::from(usage)),
            Some("start") | Some("end") if ws.len() > 1 => {
                return Err(format!("`{}` takes nothing after it", ws[0].text));
            }
            Some("start") => return Ok(Position::Start),
            Some("end") => return Ok(Position::End),
            Some("event") => {
                return match ws.get(1).and_then(|w| parse_count(&w.text)) {
                    Some(n) if ws.len() == 2 => Ok(Position::Event(
                        usize::try_from(n).map_err(|_| String::from("that event is too far"))?,
                    )),
                    _ => Err(String::from(
                        "`event` needs one event number, such as `event 12`",
                    )),
                };
            }
            Some("after") | Some("at") => Edge::After,
            Some("before") => Edge::Before,
            Some(other) => return Err(format!("unknown position `{other}`; {usage}")),
        };
        let Some(kind) = ws.get(1) else {
            return Err(format!(
                "`{}` needs an event kind, such as `poll_start`",
                ws[0].text
            ));
        };
        if !EVENT_KINDS.contains(&kind.text.as_str()) {
            let hint = scenario::suggest::did_you_mean(&kind.text, EVENT_KINDS.iter().copied());
            return Err(format!(
                "unknown event kind `{}`{hint}; use a kind from the event log, such as \
                 `poll_start`, `woken` or `timer_fired`",
                kind.text
            ));
        }
        let mut filters = Vec::new();
        let mut nth = None;
        for w in &ws[2..] {
            if nth.is_some() {
                return Err(format!("`#N` comes last, but `{}` follows it", w.text));
            }
            if let Some(n) = w.text.strip_prefix('#').filter(|_| !w.quoted) {
                match parse_count(n).and_then(|n| u32::try_from(n).ok()) {
                    Some(0) => return Err(String::from("counts start at `#1`")),
                    Some(n) => nth = Some(n),
                    None => {
                        return Err(format!("expected a count such as `#2`, found `{}`", w.text));
                    }
                }
                continue;
            }
            let eq = w.text.find('=');
            let tilde = w.text.find('~');
            let (at, contains) = match (eq, tilde) {
                (Some(e), Some(t)) if t < e => (t, true),
                (Some(e), _) => (e, false),
                (None, Some(t)) => (t, true),
                (None, None) => {
                    return Err(format!(
                        "expected `key=value`, `key~text` or `#N` after the event kind, found `{}`",
                        w.text
                    ));
                }
            };
            let key = &w.text[..at];
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(format!(
                    "`{}`: a filter starts with a field name, such as `task=consumer`",
                    w.text
                ));
            }
            filters.push(Filter {
                key: String::from(key),
                value: String::from(&w.text[at + 1..]),
                contains,
            });
        }
        Ok(Position::Match {
            edge,
            kind: kind.text.clone(),
            filters,
            nth,
        })
    }
}

/// The position as written in a file; [`Position::parse`] reads it back.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Start => f.write_str("start"),
            Position::End => f.write_str("end"),
            Position::Event(n) => write!(f, "event {n}"),
            Position::Match {
                edge,
                kind,
                filters,
                nth,
            } => {
                let edge = match edge {
                    Edge::After => "after",
                    Edge::Before => "before",
                };
                write!(f, "{edge} {kind}")?;
                for flt in filters {
                    let op = if flt.contains { '~' } else { '=' };
                    if flt.value.is_empty() || flt.value.contains([' ', '"', '\\']) {
                        write!(f, " {}{op}{}", flt.key, quote(&flt.value))?;
                    } else {
                        write!(f, " {}{op}{}", flt.key, flt.value)?;
                    }
                }
                if let Some(n) = nth {
                    write!(f, " #{n}")?;
                }
                Ok(())
            }
        }
    }
}

/// One stop of a walkthrough.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The line of the file the stop starts on (its `--- stop` line).
    pub line: u32,
    /// Where to go.
    pub position: Position,
    /// The panels to show (empty: leave them as they are).
    pub show: Vec<Panel>,
    /// Ask the audience to predict the next event before stepping on.
    pub ask: bool,
    /// What to say: paragraphs separated by a blank line (`\n\n`).
    pub narration: String,
}

/// Where a walkthrough's program comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramSource {
    /// A preset (`preset: fifo`): its name, and its source as the presets had it when the
    /// walkthrough was read.
    Preset {
        /// The preset's name.
        name: String,
        /// Its source text.
        source: String,
    },
    /// The `--- program` section.
    Inline(String),
}

/// A walkthrough.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walkthrough {
    /// A short id for links.
    pub id: String,
    /// The title.
    pub title: String,
    /// The part of the workshop it belongs to, if given.
    pub part: Option<String>,
    /// One sentence for a list of walkthroughs, if given.
    pub summary: Option<String>,
    /// The program.
    pub program: ProgramSource,
    /// Settings that replace the program's `config { }`.
    pub settings: Overrides,
    /// The stops, in order.
    pub stops: Vec<Stop>,
}

/// A stop resolved against a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedStop {
    /// The index of the event the cursor goes to (the same as its sequence number).
    pub index: usize,
    /// With `ask`: the question about the next event.
    pub prediction: Option<Prediction>,
}

/// A walkthrough's run and its stops resolved against it.
#[derive(Clone, Debug)]
pub struct Session {
    /// The run.
    pub run: RunResult,
    /// One per stop, in order.
    pub stops: Vec<ResolvedStop>,
}

/// The header keys of a walkthrough file.
pub const WALKTHROUGH_KEYS: [&str; 6] = ["id", "title", "part", "summary", "preset", "settings"];

impl Walkthrough {
    /// Parses a walkthrough file; a `preset:` line names one of `presets`. The program must
    /// exist and compile; stops are checked against the trace by [`Walkthrough::resolve`].
    pub fn parse(src: &str, presets: &[Preset]) -> Result<Walkthrough, FormatError> {
        let doc = parse_doc(src)?;
        let end = doc.lines.max(1);
        let mut id = None;
        let mut title = None;
        let mut part = None;
        let mut summary = None;
        let mut preset: Option<(u32, &Preset)> = None;
        let mut settings = None;
        for h in &doc.header {
            match h.key {
                "id" => id = Some(h.once_id(&id, "timer-wheel")?),
                "title" => title = Some(h.once(&title)?),
                "part" => part = Some(h.once(&part)?),
                "summary" => summary = Some(h.once(&summary)?),
                "preset" => {
                    let name = h.once(&preset)?;
                    let Some(found) = presets.iter().find(|p| p.name == name) else {
                        let names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
                        let hint = scenario::suggest::did_you_mean(&name, names.iter().copied());
                        return Err(FormatError::new(
                            h.line,
                            format!(
                                "no preset named `{name}`{hint}; the presets are {}",
                                names.join(", ")
                            ),
                        ));
                    };
                    preset = Some((h.line, found));
                }
                "settings" => settings = Some(h.once_settings(&settings)?),
                _ => return Err(h.unknown_key(&WALKTHROUGH_KEYS, "a walkthrough")),
            }
        }
        let mut inline = None;
        let mut stops = Vec::new();
        for s in &doc.sections {
            match s.name {
                "program" => {
                    if !s.arg.is_empty() {
                        return Err(FormatError::new(
                            s.line,
                            "`--- program` takes nothing after it",
                        ));
                    }
                    if inline.is_some() {
                        return Err(FormatError::new(
                            s.line,
                            "the `--- program` section is given twice",
                        ));
                    }
                    if !stops.is_empty() {
                        return Err(FormatError::new(
                            s.line,
                            "the `--- program` section must come before the stops",
                        ));
                    }
                    if let Some((line, _)) = &preset {
                        return Err(FormatError::new(
                            s.line,
                            format!(
                                "a walkthrough has either `preset:` (line {line}) or a \
                                 `--- program` section, not both"
                            ),
                        ));
                    }
                    let text = s.text();
                    if text.trim().is_empty() {
                        return Err(FormatError::new(s.line, "the program is empty"));
                    }
                    #[cfg(feature = "compile")]
                    if let Err(e) = scenario::compile(&text) {
                        return Err(crate::program_error(s, "program", &e));
                    }
                    inline = Some(text);
                }
                "stop" => stops.push(parse_stop(s)?),
                other => {
                    return Err(FormatError::new(
                        s.line,
                        format!(
                            "unknown section `--- {other}`; a walkthrough has `--- program` and \
                             `--- stop POSITION` sections"
                        ),
                    ));
                }
            }
        }
        let missing = |what: &str| FormatError::new(end, format!("missing {what}"));
        let id = id.ok_or_else(|| missing("`id:` (a short name such as `timer-wheel`)"))?;
        let title = title.ok_or_else(|| missing("`title:`"))?;
        let program = match (preset, inline) {
            (Some((_, p)), None) => ProgramSource::Preset {
                name: p.name.clone(),
                source: p.source.clone(),
            },
            (None, Some(text)) => ProgramSource::Inline(text),
            _ => {
                return Err(missing(
                    "a program: `preset: NAME` or a `--- program` section",
                ));
            }
        };
        if stops.is_empty() {
            return Err(missing(
                "a `--- stop POSITION` section (a walkthrough needs stops)",
            ));
        }
        Ok(Walkthrough {
            id,
            title,
            part,
            summary,
            program,
            settings: settings.unwrap_or_default(),
            stops,
        })
    }

    /// The program's source text.
    pub fn source(&self) -> String {
        match &self.program {
            ProgramSource::Preset { source, .. } | ProgramSource::Inline(source) => source.clone(),
        }
    }

    /// The options the program runs with (its settings applied).
    pub fn run_options(&self) -> RunOptions {
        RunOptions {
            overrides: self.settings,
            ..RunOptions::default()
        }
    }

    /// The settings line, as written in the file (empty when there is none).
    pub fn settings_text(&self) -> String {
        format_settings(&self.settings)
    }

    /// Runs the program and resolves every stop.
    #[cfg(feature = "compile")]
    pub fn run(&self) -> Result<Session, FormatError> {
        let program = scenario::compile(&self.source())
            .map_err(|e| FormatError::new(1, format!("the program does not compile: {e}")))?;
        let run = scenario::run(&program, &self.run_options());
        let stops = self.resolve(&run.events)?;
        Ok(Session { run, stops })
    }

    /// Resolves every stop against a trace: each must match, move forward, and (with `ask`)
    /// be followed by an event a question can be asked about. Errors name the stop's line.
    pub fn resolve(&self, events: &[EventRecord]) -> Result<Vec<ResolvedStop>, FormatError> {
        if events.is_empty() {
            return Err(FormatError::new(1, "the trace is empty"));
        }
        let lines = Lines::new(events);
        let mut out: Vec<ResolvedStop> = Vec::new();
        let mut prev: Option<usize> = None;
        for stop in &self.stops {
            let index = resolve_one(&stop.position, events, &lines, prev)
                .map_err(|m| FormatError::new(stop.line, m))?;
            if let Some(p) = prev
                && index <= p
            {
                return Err(FormatError::new(
                    stop.line,
                    format!(
                        "`{}` is event {}, which is not after the previous stop (event \
                         {}): stops must move forward",
                        stop.position,
                        index + 1,
                        p + 1
                    ),
                ));
            }
            let prediction = if stop.ask {
                let next = index + 1;
                match prediction_at(events, next) {
                    Some(p) => Some(p),
                    None => {
                        let what = events
                            .get(next)
                            .map_or("nothing: it is the last event", |r| r.event.kind());
                        return Err(FormatError::new(
                            stop.line,
                            format!(
                                "`ask` needs a question about the next event, but event {} \
                                 is {}; put the stop `before` a `poll_start` (with two or more \
                                 tasks queued), a `woken`, an `enqueued` (with several queues) \
                                 or a `timer_registered`",
                                next + 1,
                                if what.contains(' ') {
                                    String::from(what)
                                } else {
                                    format!("`{what}`")
                                }
                            ),
                        ));
                    }
                }
            } else {
                None
            };
            prev = Some(index);
            out.push(ResolvedStop { index, prediction });
        }
        Ok(out)
    }
}

fn parse_stop(s: &crate::Section<'_>) -> Result<Stop, FormatError> {
    let position = Position::parse(s.arg).map_err(|m| FormatError::new(s.line, m))?;
    let mut show = Vec::new();
    let mut ask = false;
    let mut body = s.body.iter().peekable();
    while let Some((n, line)) = body.peek() {
        let t = line.trim();
        if t.is_empty() {
            body.next();
        } else if let Some(list) = t.strip_prefix("show:") {
            for name in list.split([' ', ',']).filter(|w| !w.is_empty()) {
                let Some(p) = Panel::from_name(name) else {
                    let names: Vec<&str> = Panel::ALL.iter().map(|p| p.name()).collect();
                    let hint = scenario::suggest::did_you_mean(name, names.iter().copied());
                    return Err(FormatError::new(
                        *n,
                        format!(
                            "unknown panel `{name}`{hint}; the panels are {}",
                            names.join(", ")
                        ),
                    ));
                };
                if !show.contains(&p) {
                    show.push(p);
                }
            }
            body.next();
        } else if t == "ask" {
            ask = true;
            body.next();
        } else {
            break;
        }
    }
    let narration = paragraphs(body.map(|(_, l)| *l));
    if narration.is_empty() {
        return Err(FormatError::new(
            s.line,
            "this stop has no narration: write what to say after its `show:` line",
        ));
    }
    Ok(Stop {
        line: s.line,
        position,
        show,
        ask,
        narration,
    })
}

/// The event log's fields of each event, made on demand.
struct Lines {
    /// Every name the trace gives (names are never reused, so the final table serves every
    /// event).
    names: Names,
}

impl Lines {
    fn new(events: &[EventRecord]) -> Lines {
        Lines {
            names: Names::from_events(events),
        }
    }

    fn fields(&self, rec: &EventRecord) -> Vec<Field> {
        fields(&rec.event, &self.names)
    }
}

fn matches(kind: &str, filters: &[Filter], rec: &EventRecord, lines: &Lines) -> bool {
    if rec.event.kind() != kind {
        return false;
    }
    if filters.is_empty() {
        return true;
    }
    let fs = lines.fields(rec);
    filters
        .iter()
        .all(|flt| fs.iter().any(|f| f.key == flt.key && flt.matches(&f.value)))
}

fn resolve_one(
    position: &Position,
    events: &[EventRecord],
    lines: &Lines,
    prev: Option<usize>,
) -> Result<usize, String> {
    let n = events.len();
    match position {
        Position::Start => Ok(0),
        Position::End => Ok(n - 1),
        // Counted from 1, as the stepper shows them.
        Position::Event(i) if (1..=n).contains(i) => Ok(*i - 1),
        Position::Event(i) => Err(format!(
            "there is no event {i}: the trace has {n} events (1 to {n})"
        )),
        Position::Match {
            edge,
            kind,
            filters,
            nth,
        } => {
            let resolved = |m: usize| match edge {
                Edge::After => Some(m),
                Edge::Before => m.checked_sub(1),
            };
            let found: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, r)| matches(kind, filters, r, lines))
                .map(|(i, _)| i)
                .collect();
            let pick = match nth {
                Some(k) => found.get(*k as usize - 1).copied().and_then(resolved),
                None => found
                    .iter()
                    .filter_map(|m| resolved(*m))
                    .find(|r| prev.is_none_or(|p| *r > p)),
            };
            if let Some(i) = pick {
                return Ok(i);
            }
            let of_kind = events.iter().filter(|r| r.event.kind() == kind).count();
            let with = if filters.is_empty() {
                String::new()
            } else {
                let fs: Vec<String> = filters
                    .iter()
                    .map(|f| format!("{}{}{}", f.key, if f.contains { '~' } else { '=' }, f.value))
                    .collect();
                format!(" with {}", fs.join(" "))
            };
            Err(match (of_kind, found.len(), nth) {
                (0, ..) => {
                    format!("no event matches `{position}`: the trace has no `{kind}` event")
                }
                (_, 0, _) => format!(
                    "no event matches `{position}`: the trace has {of_kind} `{kind}` events, but \
                     none{with}"
                ),
                (_, f, Some(k)) => format!(
                    "no event matches `{position}`: the trace has {f} `{kind}` event{}{with}, so \
                     there is no #{k}",
                    if f == 1 { "" } else { "s" }
                ),
                (_, 1, None) => format!(
                    "no event matches `{position}` after the previous stop (event {}): the \
                     only `{kind}` event{with} is event {}",
                    prev.map_or(0, |p| p + 1),
                    found[0] + 1
                ),
                (_, f, None) => format!(
                    "no event matches `{position}` after the previous stop (event {}): the \
                     trace has {f} `{kind}` events{with}, all before it",
                    prev.map_or(0, |p| p + 1)
                ),
            })
        }
    }
}

/// Events matching `position`'s kind and filters (for an editor that lists candidates).
pub fn matching_events(position: &Position, events: &[EventRecord]) -> Vec<usize> {
    let Position::Match { kind, filters, .. } = position else {
        return Vec::new();
    };
    let lines = Lines::new(events);
    events
        .iter()
        .enumerate()
        .filter(|(_, r)| matches(kind, filters, r, &lines))
        .map(|(i, _)| i)
        .collect()
}

/// The walkthroughs files compiled in, by file name, in teaching order.
#[cfg(feature = "bundled")]
pub const FILES: &[(&str, &str)] = crate::compiled_in!("walkthroughs":
    "00_origin.walk",
    "01_self_wake.walk",
    "02_lost_waker.walk",
    "03_fifo_and_join.walk",
    "04_timer_wheel.walk",
    "05_reactor.walk",
    "06_work_stealing.walk",
    "07_blocking.walk",
    "08_budget.walk",
    "09_cancellation.walk",
    "10_lifo_slot.walk",
    "11_blocking_pool.walk",
);

/// Every compiled-in walkthrough, in teaching order.
///
/// # Panics
///
/// If a compiled-in file does not parse (the crate's tests parse every one).
#[cfg(feature = "bundled")]
pub fn all() -> Vec<Walkthrough> {
    crate::Library::bundled().walkthroughs
}

/// The compiled-in walkthrough with this id.
#[cfg(feature = "bundled")]
pub fn find(id: &str) -> Option<Walkthrough> {
    all().into_iter().find(|w| w.id == id)
}
