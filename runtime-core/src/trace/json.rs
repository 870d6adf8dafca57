//! Reading a trace back from its JSON form, by hand.
//!
//! Writing uses serde's derive (`{"seq":3,"at":10,"kind":"poll_end","task":1,...}`: the event
//! is internally tagged by `kind` and flattened into its record). Reading that shape with the
//! derive costs a lot of code: serde buffers every field of the record, then buffers them again
//! for the tag, then runs a generic decoder per variant; in the browser build that was 35 KB of
//! the site's 407 KB of compressed wasm, for a feature (importing a trace file, receiving a
//! trace from the grading worker) that reads a few thousand lines. So a record is read here
//! once into a small tree of [`Json`] values, and each event is built from it by its `kind`.
//! Same JSON, same round trip (tested against every variant), and errors that name the field.

use super::{
    Event, EventRecord, Holder, Limit, PollOutcome, QueueRef, Text, WakeEffect, WakeSource,
};
use crate::ids::{ChannelId, LabelId, SocketId, TaskId, Tick, TimerId, WakerId, WorkerId};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value, as much of one as a trace needs.
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Uint(u64),
    /// Anything a trace never holds (a negative or fractional number, an array), kept only to
    /// say what was found.
    Other(&'static str),
    Str(String),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Uint(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(u64::try_from(v).map_or(Json::Other("a negative number"), Json::Uint))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
        Ok(Json::Other("a fractional number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.into()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        while seq.next_element::<Json>()?.is_some() {}
        Ok(Json::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields = Vec::new();
        while let Some(entry) = map.next_entry::<String, Json>()? {
            fields.push(entry);
        }
        Ok(Json::Object(fields))
    }
}

impl Json {
    /// What this value is, for an error message.
    fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("{b}"),
            Json::Uint(n) => format!("{n}"),
            Json::Other(what) => (*what).into(),
            Json::Str(s) => format!("\"{s}\""),
            Json::Object(_) => "an object".into(),
        }
    }

    fn fields(&self, what: &str) -> Result<Fields<'_>, String> {
        match self {
            Json::Object(fields) => Ok(Fields(fields)),
            other => Err(format!(
                "expected {what} (an object), found {}",
                other.describe()
            )),
        }
    }
}

/// The fields of one JSON object, read by name.
#[derive(Clone, Copy)]
struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    /// The value of `key`; a missing key and `null` are both `None`.
    fn get(self, key: &str) -> Option<&'a Json> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Json::Null))
    }

    fn required(self, key: &str) -> Result<&'a Json, String> {
        self.get(key)
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    fn uint(self, key: &str) -> Result<u64, String> {
        match self.required(key)? {
            Json::Uint(n) => Ok(*n),
            other => Err(format!(
                "`{key}` should be a whole number, found {}",
                other.describe()
            )),
        }
    }

    fn u32(self, key: &str) -> Result<u32, String> {
        narrow(key, self.uint(key)?)
    }

    fn u8(self, key: &str) -> Result<u8, String> {
        narrow(key, self.uint(key)?)
    }

    fn bool(self, key: &str) -> Result<bool, String> {
        match self.required(key)? {
            Json::Bool(b) => Ok(*b),
            other => Err(format!(
                "`{key}` should be true or false, found {}",
                other.describe()
            )),
        }
    }

    fn str(self, key: &str) -> Result<&'a str, String> {
        match self.required(key)? {
            Json::Str(s) => Ok(s),
            other => Err(format!(
                "`{key}` should be a string, found {}",
                other.describe()
            )),
        }
    }

    fn text(self, key: &str) -> Result<Text, String> {
        self.str(key).map(Text::from)
    }

    /// An enum written as `{ tag: "variant", content: ... }` (serde's adjacent tagging):
    /// the variant's name and the fields to read its content from.
    fn tagged(self, key: &str, tag: &str) -> Result<(&'a str, Fields<'a>), String> {
        let inner = self.required(key)?.fields(&format!("`{key}`"))?;
        Ok((inner.str(tag)?, inner))
    }
}

fn narrow<T: TryFrom<u64>>(key: &str, n: u64) -> Result<T, String> {
    T::try_from(n).map_err(|_| format!("`{key}` is out of range: {n}"))
}

fn unknown(what: &str, name: &str) -> String {
    format!("unknown {what} `{name}`")
}

/// A field's value, read from a record's fields by its key.
trait FromJson: Sized {
    fn read(f: Fields<'_>, key: &str) -> Result<Self, String>;
}

impl FromJson for u64 {
    fn read(f: Fields<'_>, key: &str) -> Result<u64, String> {
        f.uint(key)
    }
}

impl FromJson for u32 {
    fn read(f: Fields<'_>, key: &str) -> Result<u32, String> {
        f.u32(key)
    }
}

impl FromJson for u8 {
    fn read(f: Fields<'_>, key: &str) -> Result<u8, String> {
        f.u8(key)
    }
}

impl FromJson for bool {
    fn read(f: Fields<'_>, key: &str) -> Result<bool, String> {
        f.bool(key)
    }
}

impl FromJson for Text {
    fn read(f: Fields<'_>, key: &str) -> Result<Text, String> {
        f.text(key)
    }
}

/// A missing key and `null` are both `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn read(f: Fields<'_>, key: &str) -> Result<Option<T>, String> {
        f.get(key).map(|_| T::read(f, key)).transpose()
    }
}

macro_rules! id_from_json {
    ($($id:ident),*) => {$(
        impl FromJson for $id {
            fn read(f: Fields<'_>, key: &str) -> Result<$id, String> {
                f.u32(key).map($id)
            }
        }
    )*};
}

id_from_json!(
    TaskId, WorkerId, TimerId, WakerId, ChannelId, SocketId, LabelId
);

/// `{"queue": "local", "worker": 0}` (serde's adjacent tagging).
impl FromJson for QueueRef {
    fn read(f: Fields<'_>, key: &str) -> Result<QueueRef, String> {
        let (name, inner) = f.tagged(key, "queue")?;
        match name {
            "local" => Ok(QueueRef::Local(WorkerId(inner.u32("worker")?))),
            "lifo" => Ok(QueueRef::Lifo(WorkerId(inner.u32("worker")?))),
            "inject" => Ok(QueueRef::Inject),
            _ => Err(unknown("queue", name)),
        }
    }
}

impl FromJson for WakeSource {
    fn read(f: Fields<'_>, key: &str) -> Result<WakeSource, String> {
        let (name, inner) = f.tagged(key, "by")?;
        let id = || inner.u32("id");
        match name {
            "timer" => Ok(WakeSource::Timer(TimerId(id()?))),
            "io" => Ok(WakeSource::Io(SocketId(id()?))),
            "channel" => Ok(WakeSource::Channel(ChannelId(id()?))),
            "task" => Ok(WakeSource::Task(TaskId(id()?))),
            "outside" => Ok(WakeSource::Outside),
            "defer" => Ok(WakeSource::Defer(WorkerId(id()?))),
            _ => Err(unknown("wake source", name)),
        }
    }
}

impl FromJson for WakeEffect {
    fn read(f: Fields<'_>, key: &str) -> Result<WakeEffect, String> {
        let (name, inner) = f.tagged(key, "effect")?;
        match name {
            "queued" => Ok(WakeEffect::Queued(QueueRef::read(inner, "queue")?)),
            "already_queued" => Ok(WakeEffect::AlreadyQueued),
            "self_wake" => Ok(WakeEffect::SelfWake),
            "task_finished" => Ok(WakeEffect::TaskFinished),
            _ => Err(unknown("wake effect", name)),
        }
    }
}

impl FromJson for Holder {
    fn read(f: Fields<'_>, key: &str) -> Result<Holder, String> {
        let (name, inner) = f.tagged(key, "holder")?;
        let id = || inner.u32("id");
        match name {
            "timer" => Ok(Holder::Timer(TimerId(id()?))),
            "channel_recv" => Ok(Holder::ChannelRecv(ChannelId(id()?))),
            "channel_send" => Ok(Holder::ChannelSend(ChannelId(id()?))),
            "io" => Ok(Holder::Io(SocketId(id()?))),
            "join" => Ok(Holder::Join(TaskId(id()?))),
            "pending" => Ok(Holder::Pending),
            "task" => Ok(Holder::Task(TaskId(id()?))),
            "outside" => Ok(Holder::Outside),
            "defer" => Ok(Holder::Defer(WorkerId(id()?))),
            _ => Err(unknown("waker holder", name)),
        }
    }
}

impl FromJson for PollOutcome {
    fn read(f: Fields<'_>, key: &str) -> Result<PollOutcome, String> {
        match f.str(key)? {
            "pending" => Ok(PollOutcome::Pending),
            "ready" => Ok(PollOutcome::Ready),
            other => Err(unknown("poll outcome", other)),
        }
    }
}

impl FromJson for Limit {
    fn read(f: Fields<'_>, key: &str) -> Result<Limit, String> {
        match f.str(key)? {
            "events" => Ok(Limit::Events),
            "tasks" => Ok(Limit::Tasks),
            "time" => Ok(Limit::Time),
            other => Err(unknown("limit", other)),
        }
    }
}

/// Expands the event table (`for_each_event` in `mod.rs`) into [`event_in`]: each field read
/// by its name, as its type reads itself; a field marked `[or N]` may be missing (a trace
/// written before it existed) and is then `N`.
macro_rules! read_events {
    (
        $at:ident;
        $(
            $(#[$doc:meta])*
            $name:ident $kind:literal {
                $( $(#[$fdoc:meta])* $field:ident: $ty:ty => $codec:ident($($arg:expr),*) $([$($opt:tt)*])?, )*
            }
        )*
    ) => {
        /// Builds the event a record's fields describe.
        fn event_in(f: Fields<'_>) -> Result<Event, String> {
            Ok(match f.str("kind")? {
                $( $kind => Event::$name {
                    $( $field: read_field!(f, $field: $ty $(, $($opt)*)?), )*
                }, )*
                other => return Err(unknown("event kind", other)),
            })
        }
    };
}

macro_rules! read_field {
    ($f:ident, $field:ident: $ty:ty, or $default:expr) => {
        Option::<$ty>::read($f, stringify!($field))?.unwrap_or($default)
    };
    ($f:ident, $field:ident: $ty:ty $(, $($opt:tt)*)?) => {
        <$ty>::read($f, stringify!($field))?
    };
}

for_each_event!(read_events);

fn record_in(json: &Json) -> Result<EventRecord, String> {
    let f = json.fields("an event")?;
    let seq = f.uint("seq")?;
    let at = f.uint("at")?;
    let event = event_in(f).map_err(|e| match f.str("kind") {
        Ok(kind) => format!("in a `{kind}` event: {e}"),
        Err(_) => e,
    })?;
    Ok(EventRecord { seq, at, event })
}

impl<'de> Deserialize<'de> for EventRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        record_in(&Json::deserialize(d)?).map_err(de::Error::custom)
    }
}
