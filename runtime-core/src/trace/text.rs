//! The trace as text: one event a line, things called by their names.
//!
//! `@10 poll_end task=consumer worker=0 outcome=pending duration=2 state="Await1"`
//!
//! Used by golden tests, the scenario command line and the UI's event log. [`Names`] learns
//! names from the events that create things (`spawned`, `channel_created`, ...), so a trace
//! printed from its start needs nothing else.

use super::{
    Event, EventRecord, Holder, Limit, PollOutcome, QueueRef, Text, WakeEffect, WakeSource,
};
use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Names of tasks, channels, sockets and labels, learned from a trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    tasks: Vec<Text>,
    channels: Vec<Text>,
    sockets: Vec<Text>,
    labels: Vec<Text>,
}

fn set(v: &mut Vec<Text>, index: usize, name: &Text) {
    if v.len() <= index {
        v.resize(index + 1, Text::from(""));
    }
    v[index] = name.clone();
}

fn get(v: &[Text], index: usize, fallback: impl FnOnce() -> String) -> String {
    match v.get(index) {
        Some(n) if !n.is_empty() => String::from(&**n),
        _ => fallback(),
    }
}

impl Names {
    /// Learns any name the event gives.
    pub fn learn(&mut self, event: &Event) {
        match event {
            Event::Spawned { task, name, .. } => set(&mut self.tasks, task.index(), name),
            Event::ChannelCreated { channel, name, .. } => {
                set(&mut self.channels, channel.index(), name);
            }
            Event::SocketCreated { socket, name } => set(&mut self.sockets, socket.index(), name),
            Event::Label { label, text } => set(&mut self.labels, label.index(), text),
            _ => {}
        }
    }

    /// Names learned from all of `events`.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a EventRecord>) -> Names {
        let mut names = Names::default();
        for r in events {
            names.learn(&r.event);
        }
        names
    }

    /// The same names, except that a task name several tasks share gets each task's id
    /// (`job#3`): twelve tasks all called `job` cannot be told apart on a screen otherwise.
    pub fn with_unique_tasks(&self) -> Names {
        let mut names = self.clone();
        for (i, name) in self.tasks.iter().enumerate() {
            if !name.is_empty() && self.tasks.iter().filter(|n| *n == name).count() > 1 {
                names.tasks[i] = Text::from(format!("{name}#{i}").as_str());
            }
        }
        names
    }

    /// Every task's name, by id (empty for an id the trace has not named).
    pub fn tasks(&self) -> &[Text] {
        &self.tasks
    }

    /// Every channel's name, by id (empty for an id the trace has not named).
    pub fn channels(&self) -> &[Text] {
        &self.channels
    }

    /// Whether the trace has spawned task `id` (ids are dense: every id below a spawned one
    /// was spawned too).
    pub fn knows_task(&self, id: TaskId) -> bool {
        id.index() < self.tasks.len()
    }

    /// A task's name (`task#3` when it has none).
    pub fn task(&self, id: TaskId) -> String {
        get(&self.tasks, id.index(), || format!("{id}"))
    }

    /// A channel's name.
    pub fn channel(&self, id: ChannelId) -> String {
        get(&self.channels, id.index(), || format!("{id}"))
    }

    /// A socket's name.
    pub fn socket(&self, id: SocketId) -> String {
        get(&self.sockets, id.index(), || format!("{id}"))
    }

    /// A label's text.
    pub fn label(&self, id: LabelId) -> String {
        get(&self.labels, id.index(), || format!("{id}"))
    }

    /// Whom a wake came from, in words.
    pub fn source(&self, source: WakeSource) -> String {
        match source {
            WakeSource::Timer(t) => format!("{t}"),
            WakeSource::Io(s) => format!("io:{}", self.socket(s)),
            WakeSource::Channel(c) => format!("chan:{}", self.channel(c)),
            WakeSource::Task(t) => format!("task:{}", self.task(t)),
            WakeSource::Outside => String::from("outside"),
            WakeSource::Defer(w) => format!("defer:{}", w.0),
        }
    }

    /// Who holds a waker, in words.
    pub fn holder(&self, holder: Holder) -> String {
        match holder {
            Holder::Timer(t) => format!("{t}"),
            Holder::ChannelRecv(c) => format!("recv:{}", self.channel(c)),
            Holder::ChannelSend(c) => format!("send:{}", self.channel(c)),
            Holder::Io(s) => format!("io:{}", self.socket(s)),
            Holder::Join(t) => format!("join:{}", self.task(t)),
            Holder::Pending => String::from("pending"),
            Holder::Task(t) => format!("task:{}", self.task(t)),
            Holder::Outside => String::from("outside"),
            Holder::Defer(w) => format!("defer:{}", w.0),
        }
    }
}

/// A queue, briefly: `local:0`, `lifo:1`, `inject`.
pub fn queue(q: QueueRef) -> String {
    match q {
        QueueRef::Local(w) => format!("local:{}", w.0),
        QueueRef::Lifo(w) => format!("lifo:{}", w.0),
        QueueRef::Inject => String::from("inject"),
    }
}

/// One `key=value` of an event's line. `value` is the value itself (a name, a number, a
/// text); `quoted` says the line writes it in quotes, escaped, because it is free text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The event's field name (`task`, `holder`, ...).
    pub key: &'static str,
    /// The value, things called by their names (`consumer`, `recv:jobs`, `local:0`).
    pub value: String,
    /// Whether the line quotes it (texts and labels).
    pub quoted: bool,
}

/// One line for `record` (without a trailing newline): `@time kind key=value ...`.
pub fn line(record: &EventRecord, names: &Names) -> String {
    format!(
        "@{} {}{}",
        record.at,
        record.event.kind(),
        fields_text(&record.event, names)
    )
}

/// The ` key=value` pairs of `event`'s line (each with a space before it).
pub fn fields_text(event: &Event, names: &Names) -> String {
    write_fields(fields(event, names))
}

fn write_fields(fields: Vec<Field>) -> String {
    let mut s = String::new();
    for f in fields {
        // Writing to a String cannot fail.
        let _ = if f.quoted {
            write!(s, " {}={:?}", f.key, f.value)
        } else {
            write!(s, " {}={}", f.key, f.value)
        };
    }
    s
}

/// How a field's value is written in a line (`None`: left out, as an absent optional task).
trait Shown {
    /// Free text, written in quotes.
    const QUOTED: bool = false;
    fn shown(&self, names: &Names) -> Option<String>;
}

macro_rules! shown_as_number {
    ($($t:ty),*) => {$(
        impl Shown for $t {
            fn shown(&self, _: &Names) -> Option<String> {
                Some(format!("{self}"))
            }
        }
    )*};
}

shown_as_number!(u8, u32, u64, bool);

macro_rules! shown_as_id {
    ($($t:ty),*) => {$(
        impl Shown for $t {
            fn shown(&self, _: &Names) -> Option<String> {
                Some(format!("{}", self.0))
            }
        }
    )*};
}

shown_as_id!(WorkerId, TimerId, WakerId);

impl Shown for TaskId {
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.task(*self))
    }
}

impl Shown for Option<TaskId> {
    fn shown(&self, n: &Names) -> Option<String> {
        self.map(|t| n.task(t))
    }
}

/// The poll's own waker, which has no id, is `cx`.
impl Shown for Option<WakerId> {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(self.map_or_else(|| String::from("cx"), |w| format!("{}", w.0)))
    }
}

/// A budget: `off` when there is none.
impl Shown for Option<u32> {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(self.map_or_else(|| String::from("off"), |b| format!("{b}")))
    }
}

impl Shown for ChannelId {
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.channel(*self))
    }
}

impl Shown for SocketId {
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.socket(*self))
    }
}

impl Shown for LabelId {
    const QUOTED: bool = true;
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.label(*self))
    }
}

impl Shown for Option<LabelId> {
    const QUOTED: bool = true;
    fn shown(&self, n: &Names) -> Option<String> {
        self.map(|l| n.label(l))
    }
}

impl Shown for Text {
    const QUOTED: bool = true;
    fn shown(&self, _: &Names) -> Option<String> {
        Some(String::from(&**self))
    }
}

impl Shown for QueueRef {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(queue(*self))
    }
}

impl Shown for PollOutcome {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(String::from(match self {
            PollOutcome::Pending => "pending",
            PollOutcome::Ready => "ready",
        }))
    }
}

impl Shown for Holder {
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.holder(*self))
    }
}

impl Shown for WakeSource {
    fn shown(&self, n: &Names) -> Option<String> {
        Some(n.source(*self))
    }
}

impl Shown for WakeEffect {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(match self {
            WakeEffect::Queued(q) => format!("queued:{}", queue(*q)),
            WakeEffect::AlreadyQueued => String::from("already_queued"),
            WakeEffect::SelfWake => String::from("self_wake"),
            WakeEffect::TaskFinished => String::from("task_finished"),
        })
    }
}

impl Shown for Limit {
    fn shown(&self, _: &Names) -> Option<String> {
        Some(String::from(match self {
            Limit::Events => "events",
            Limit::Tasks => "tasks",
            Limit::Time => "time",
        }))
    }
}

/// Expands the event table (`for_each_event` in `mod.rs`) into [`fields`]: every field in the
/// table's order, by its name, except those marked `[skip]`.
macro_rules! show_events {
    (
        $at:ident;
        $(
            $(#[$doc:meta])*
            $name:ident $kind:literal {
                $( $(#[$fdoc:meta])* $field:ident: $ty:ty => $codec:ident($($arg:expr),*) $([$($opt:tt)*])?, )*
            }
        )*
    ) => {
        /// The fields of `event`, as its line writes them and a walkthrough's filter reads them.
        pub fn fields(event: &Event, names: &Names) -> Vec<Field> {
            let mut out = Vec::new();
            match event {
                $( Event::$name { $($field),* } => {
                    $( show_field!(out, names, $field: $ty $(, $($opt)*)?); )*
                } )*
            }
            out
        }
    };
}

/// Adds a field to a line's fields (one function, not one copy an event: the page's size).
#[inline(never)]
fn push_field(out: &mut Vec<Field>, key: &'static str, value: Option<String>, quoted: bool) {
    if let Some(value) = value {
        out.push(Field { key, value, quoted });
    }
}

macro_rules! show_field {
    ($out:ident, $names:ident, $field:ident: $ty:ty, skip) => {
        let _ = $field;
    };
    ($out:ident, $names:ident, $field:ident: $ty:ty $(, $($opt:tt)*)?) => {
        push_field(
            &mut $out,
            stringify!($field),
            <$ty as Shown>::shown($field, $names),
            <$ty as Shown>::QUOTED,
        );
    };
}

for_each_event!(show_events);

/// [`line`] without the fields that depend on the target and the compiler (a future's
/// `size`): the same program gives the same portable lines natively and in wasm32, and from one
/// compiler version to the next, so golden traces and graded checks compare these.
pub fn portable_line(record: &EventRecord, names: &Names) -> String {
    let mut fields = fields(&record.event, names);
    fields.retain(|f| f.key != "size");
    format!(
        "@{} {}{}",
        record.at,
        record.event.kind(),
        write_fields(fields)
    )
}

/// Every event of `events` as [`portable_line`]s.
pub fn portable_lines(events: &[EventRecord]) -> Vec<String> {
    let mut names = Names::default();
    events
        .iter()
        .map(|r| {
            names.learn(&r.event);
            portable_line(r, &names)
        })
        .collect()
}

/// Every event of `events` as text, one line each.
pub fn lines(events: &[EventRecord]) -> Vec<String> {
    let mut names = Names::default();
    events
        .iter()
        .map(|r| {
            names.learn(&r.event);
            line(r, &names)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_task_names_get_ids_and_unique_ones_stay() {
        let spawned = |i: u32, name: &str| Event::Spawned {
            task: TaskId(i),
            name: Text::from(name),
            parent: None,
            size: 8,
        };
        let mut names = Names::default();
        for (i, name) in ["main", "job", "job", "", "job"].iter().enumerate() {
            names.learn(&spawned(i as u32, name));
        }
        let shown = names.with_unique_tasks();
        let all: Vec<String> = (0..5).map(|i| shown.task(TaskId(i))).collect();
        assert_eq!(all, ["main", "job#1", "job#2", "task#3", "job#4"]);
        // The trace's own names are untouched.
        assert_eq!(names.task(TaskId(1)), "job");
    }
}
