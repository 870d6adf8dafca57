//! The classroom: the curriculum built on the language. Challenges a learner solves without a
//! toolchain, predict-the-next-step questions, instructor-led walkthroughs, and the goals
//! they are graded by; and [`words`], the one place where the lab says things (durations,
//! plurals, queues, who holds a waker, who woke a task) for the page, the explanations and the
//! predictions alike.
//!
//! `scenario` is the language (source to a program to a trace); this crate only reads what it
//! produces. Everything here is pure and deterministic: it reads a program's trace (a
//! [`RunResult`](scenario::RunResult)) and answers questions about it. The web UI calls it; the
//! data it works on lives beside this crate in plain text files an instructor can read and
//! write, read into one [`Library`] (compiled in natively; fetched as data by the page, so
//! the text is not part of its wasm):
//!
//! * [`goals`]: a goal ("every task finishes", "no poll longer than 1ms", ...) checked on a
//!   trace, with a message for the learner and the events that show a failure.
//! * [`challenge`]: `challenges/*.challenge`: a story, goals, hints, a starting program that
//!   fails and a solution that passes.
//! * [`predict`]: "what happens next?" questions chosen from a trace, with the right answer,
//!   an explanation, and a score.
//! * [`walkthrough`]: `walkthroughs/*.walk`: a program, settings and a list of stops (a
//!   symbolic position in the trace, the panels to show, the narration).
//!
//! Both file formats share one shape (see [`FormatError`] for how errors are reported):
//!
//! ```text
//! # a comment
//! key: value            header lines
//! --- section argument  a section runs to the next `---` line
//! body lines
//! ```
//!
//! Like `scenario` and `runtime-core` it is `no_std` + `alloc`: the same code grades natively
//! (tests, the differential test) and in the page.

#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// The files of a folder beside this crate, compiled in: `&[(file name, text)]`, in the order
/// listed (a test checks that every file of the folder is listed).
#[cfg(feature = "bundled")]
macro_rules! compiled_in {
    ($dir:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../", $dir, "/", $file)))),*]
    };
}
#[cfg(feature = "bundled")]
pub(crate) use compiled_in;

pub mod challenge;
pub mod goals;
pub mod library;
pub mod predict;
pub mod walkthrough;
pub mod words;

pub use challenge::{Challenge, Verdict};
pub use goals::{Goal, GoalResult};
pub use library::Library;
pub use predict::{PredictKind, PredictOptions, Prediction, Quiz, Score};
pub use walkthrough::{Panel, Position, Stop, Walkthrough};

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use scenario::interp::Overrides;
use scenario::program::{Budget, Wheel};

/// Virtual time in microseconds (goals and positions use it whatever the tick size).
pub type Micros = u64;

/// An error in a challenge or walkthrough file: the 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The line of the file the error is on (1-based).
    pub line: u32,
    /// What was found and what was expected.
    pub message: String,
}

impl FormatError {
    pub(crate) fn new(line: u32, message: impl Into<String>) -> FormatError {
        FormatError {
            line,
            message: message.into(),
        }
    }
}

/// `line N: message`.
impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl core::error::Error for FormatError {}

/// Parses a non-negative integer (`_` may separate digits).
pub(crate) fn parse_count(text: &str) -> Option<u64> {
    if text.is_empty() || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = 0;
    for c in text.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(10)?;
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// The settings keys, in the order they are shown.
pub const SETTINGS_KEYS: [&str; 7] = [
    "event_interval",
    "global_queue_interval",
    "budget",
    "workers",
    "lifo",
    "wheel",
    "seed",
];

/// Parses `key=value` settings separated by spaces, such as
/// `event_interval=4 budget=off workers=4 lifo=on wheel=small seed=7`, into overrides of the
/// program's `config { }`.
pub fn parse_settings(text: &str) -> Result<Overrides, String> {
    let mut o = Overrides::default();
    for item in text.split_whitespace() {
        let Some((key, value)) = item.split_once('=') else {
            return Err(format!(
                "expected `key=value` in the settings, found `{item}` (keys: {})",
                SETTINGS_KEYS.join(", ")
            ));
        };
        let bad = |expected: &str| Err(format!("`{key}={value}`: expected {expected} for `{key}`"));
        match key {
            "event_interval" => match parse_count(value) {
                Some(n) if (1..=u64::from(u32::MAX)).contains(&n) => {
                    o.event_interval = u32::try_from(n).ok();
                }
                _ => return bad("an integer of at least 1"),
            },
            "global_queue_interval" => match parse_count(value) {
                Some(n) if (1..=u64::from(u32::MAX)).contains(&n) => {
                    o.global_queue_interval = u32::try_from(n).ok();
                }
                _ => return bad("an integer of at least 1"),
            },
            "budget" => {
                if value == "off" {
                    o.budget = Some(Budget::Off);
                } else {
                    match parse_count(value).and_then(|n| u32::try_from(n).ok()) {
                        Some(n) if n >= 1 => o.budget = Some(Budget::Units(n)),
                        _ => return bad("`off` or an integer of at least 1"),
                    }
                }
            }
            "workers" => match parse_count(value) {
                Some(n) if (1..=16).contains(&n) => o.workers = u32::try_from(n).ok(),
                _ => return bad("an integer from 1 to 16"),
            },
            "lifo" => match value {
                "on" => o.lifo = Some(true),
                "off" => o.lifo = Some(false),
                _ => return bad("`on` or `off`"),
            },
            "wheel" => match value {
                "tokio" => o.wheel = Some(Wheel::Tokio),
                "small" => o.wheel = Some(Wheel::Small),
                _ => return bad("`tokio` or `small`"),
            },
            "seed" => match parse_count(value).and_then(|n| u32::try_from(n).ok()) {
                Some(n) => o.seed = Some(n),
                None => return bad("an integer from 0 to 4294967295"),
            },
            _ => {
                let hint = scenario::suggest::did_you_mean(key, SETTINGS_KEYS);
                return Err(format!(
                    "unknown setting `{key}`{hint}; the settings are {}",
                    SETTINGS_KEYS.join(", ")
                ));
            }
        }
    }
    Ok(o)
}

/// Settings as [`parse_settings`] reads them (only those that are set).
pub fn format_settings(o: &Overrides) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(v) = o.event_interval {
        parts.push(format!("event_interval={v}"));
    }
    if let Some(v) = o.global_queue_interval {
        parts.push(format!("global_queue_interval={v}"));
    }
    match o.budget {
        Some(Budget::Off) => parts.push(String::from("budget=off")),
        Some(Budget::Units(n)) => parts.push(format!("budget={n}")),
        None => {}
    }
    if let Some(v) = o.workers {
        parts.push(format!("workers={v}"));
    }
    if let Some(v) = o.lifo {
        parts.push(format!("lifo={}", if v { "on" } else { "off" }));
    }
    match o.wheel {
        Some(Wheel::Tokio) => parts.push(String::from("wheel=tokio")),
        Some(Wheel::Small) => parts.push(String::from("wheel=small")),
        None => {}
    }
    if let Some(v) = o.seed {
        parts.push(format!("seed={v}"));
    }
    parts.join(" ")
}

/// One word of a goal or position line. Double quotes group words (`"gave up"`), and
/// `\"` and `\\` inside them stand for `"` and `\`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) text: String,
    /// Whether any part of the word was quoted.
    pub(crate) quoted: bool,
}

/// Splits `line` into [`Word`]s.
pub(crate) fn split_words(line: &str) -> Result<Vec<Word>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut text = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c != '"' {
                text.push(c);
                continue;
            }
            quoted = true;
            loop {
                match chars.next() {
                    None => return Err(String::from("a quoted text is not closed: add a `\"`")),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(e @ ('"' | '\\')) => text.push(e),
                        Some('n') => text.push('\n'),
                        _ => {
                            return Err(String::from(
                                "unknown escape in a quoted text: write `\\\"`, `\\\\` or `\\n`",
                            ));
                        }
                    },
                    Some(other) => text.push(other),
                }
            }
        }
        out.push(Word { text, quoted });
    }
}

/// Quotes `text` so that [`words`] reads it back as one word.
pub(crate) fn quote(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A parsed file: `key: value` header lines, then `--- name argument` sections.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub(crate) header: Vec<HeaderLine<'a>>,
    pub(crate) sections: Vec<Section<'a>>,
    /// The number of lines in the file.
    pub(crate) lines: u32,
}

/// `key: value` in a file's header.
#[derive(Debug)]
pub(crate) struct HeaderLine<'a> {
    pub(crate) line: u32,
    pub(crate) key: &'a str,
    pub(crate) value: &'a str,
}

/// The rules every header line follows, in a challenge and in a walkthrough alike.
impl HeaderLine<'_> {
    fn error(&self, message: impl Into<String>) -> FormatError {
        FormatError::new(self.line, message)
    }

    /// The value of a key that may be given once (`slot` holds it if it was given before),
    /// not empty.
    pub(crate) fn once<T>(&self, slot: &Option<T>) -> Result<String, FormatError> {
        if slot.is_some() {
            Err(self.error(format!("`{}:` is given twice", self.key)))
        } else if self.value.is_empty() {
            Err(self.error(format!("`{}:` is empty", self.key)))
        } else {
            Ok(String::from(self.value))
        }
    }

    /// An `id:` (given once): a short name of a-z, 0-9 and `-`, such as `example`.
    pub(crate) fn once_id<T>(
        &self,
        slot: &Option<T>,
        example: &str,
    ) -> Result<String, FormatError> {
        let id = self.once(slot)?;
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !id.chars().all(allowed) {
            return Err(self.error(format!(
                "the id `{id}` may only use a-z, 0-9 and `-`, such as `{example}`"
            )));
        }
        Ok(id)
    }

    /// A `settings:` line (given once), as [`parse_settings`] reads it.
    pub(crate) fn once_settings<T>(&self, slot: &Option<T>) -> Result<Overrides, FormatError> {
        if slot.is_some() {
            return Err(self.error("`settings:` is given twice"));
        }
        parse_settings(self.value).map_err(|m| self.error(m))
    }

    /// The error for a key that is not one of `keys` (the keys of a `what`).
    pub(crate) fn unknown_key(&self, keys: &[&str], what: &str) -> FormatError {
        let hint = scenario::suggest::did_you_mean(self.key, keys.iter().copied());
        self.error(format!(
            "unknown key `{}:`{hint}; {what} has {}",
            self.key,
            keys.join(", ")
        ))
    }
}

/// `--- name argument`, and the lines up to the next section.
#[derive(Debug)]
pub(crate) struct Section<'a> {
    pub(crate) line: u32,
    pub(crate) name: &'a str,
    pub(crate) arg: &'a str,
    /// The body, with each line's number.
    pub(crate) body: Vec<(u32, &'a str)>,
}

impl Section<'_> {
    /// The body as text, without blank lines at its start and end.
    pub(crate) fn text(&self) -> String {
        let lines: Vec<&str> = self.body.iter().map(|(_, l)| *l).collect();
        let start = lines.iter().position(|l| !l.trim().is_empty());
        let end = lines.iter().rposition(|l| !l.trim().is_empty());
        match (start, end) {
            (Some(s), Some(e)) => {
                let mut t = lines[s..=e].join("\n");
                t.push('\n');
                t
            }
            _ => String::new(),
        }
    }

    /// The line of the file where the body's first line is (for mapping program errors).
    #[cfg(feature = "compile")]
    pub(crate) fn first_body_line(&self) -> u32 {
        self.body
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .map_or(self.line + 1, |(n, _)| *n)
    }
}

/// Splits a file into its header and sections.
pub(crate) fn parse_doc(src: &str) -> Result<Doc<'_>, FormatError> {
    let mut doc = Doc {
        header: Vec::new(),
        sections: Vec::new(),
        lines: 0,
    };
    for (i, raw) in src.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        doc.lines = n;
        let line = raw.trim_end();
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            if name.is_empty() {
                return Err(FormatError::new(
                    n,
                    "a section line needs a name after `---`, such as `--- start`",
                ));
            }
            doc.sections.push(Section {
                line: n,
                name,
                arg: arg.trim(),
                body: Vec::new(),
            });
            continue;
        }
        if let Some(section) = doc.sections.last_mut() {
            section.body.push((n, raw));
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let parsed = trimmed.split_once(':').and_then(|(k, v)| {
            let k = k.trim();
            (!k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .then_some((k, v.trim()))
        });
        match parsed {
            Some((key, value)) => doc.header.push(HeaderLine {
                line: n,
                key,
                value,
            }),
            None => {
                return Err(FormatError::new(
                    n,
                    format!(
                        "expected `key: value` or a section line such as `--- start`, found `{}`",
                        shorten(trimmed)
                    ),
                ));
            }
        }
    }
    Ok(doc)
}

/// Text cut to a length that fits in a message.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut s: String = text.chars().take(MAX).collect();
    s.push_str("...");
    s
}

/// Joins wrapped lines into paragraphs: lines are joined with a space, and a blank line
/// starts a new paragraph (paragraphs are separated by `\n\n`).
pub(crate) fn paragraphs<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        out.push_str(t);
    }
    out
}

/// "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Maps a program compile error to the file: `line N: in the PROGRAM: message`.
#[cfg(feature = "compile")]
pub(crate) fn program_error(
    section: &Section<'_>,
    what: &str,
    error: &scenario::Error,
) -> FormatError {
    let offset = section.first_body_line().saturating_sub(1);
    let line = offset + error.span.line.max(1);
    let mut message = format!(
        "in the {what}: {}:{}: {}",
        error.span.line, error.span.col, error.message
    );
    if let Some(h) = &error.hint {
        message.push_str(" (hint: ");
        message.push_str(h);
        message.push(')');
    }
    FormatError::new(line, message)
}
