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
use crate::ids::{ChannelId, LabelId, SocketId, TaskId, TimerId, WakerId, WorkerId};
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

    fn opt_uint(self, key: &str) -> Result<Option<u64>, String> {
        self.get(key).map(|_| self.uint(key)).transpose()
    }

    fn u32(self, key: &str) -> Result<u32, String> {
        narrow(key, self.uint(key)?)
    }

    fn opt_u32(self, key: &str) -> Result<Option<u32>, String> {
        self.opt_uint(key)?.map(|n| narrow(key, n)).transpose()
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

fn queue_in(f: Fields<'_>, key: &str) -> Result<QueueRef, String> {
    let (name, inner) = f.tagged(key, "queue")?;
    match name {
        "local" => Ok(QueueRef::Local(WorkerId(inner.u32("worker")?))),
        "lifo" => Ok(QueueRef::Lifo(WorkerId(inner.u32("worker")?))),
        "inject" => Ok(QueueRef::Inject),
        _ => Err(unknown("queue", name)),
    }
}

fn source_in(f: Fields<'_>) -> Result<WakeSource, String> {
    let (name, inner) = f.tagged("source", "by")?;
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

fn effect_in(f: Fields<'_>) -> Result<WakeEffect, String> {
    let (name, inner) = f.tagged("effect", "effect")?;
    match name {
        "queued" => Ok(WakeEffect::Queued(queue_in(inner, "queue")?)),
        "already_queued" => Ok(WakeEffect::AlreadyQueued),
        "self_wake" => Ok(WakeEffect::SelfWake),
        "task_finished" => Ok(WakeEffect::TaskFinished),
        _ => Err(unknown("wake effect", name)),
    }
}

fn holder_in(f: Fields<'_>) -> Result<Holder, String> {
    let (name, inner) = f.tagged("holder", "holder")?;
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

fn outcome_in(f: Fields<'_>) -> Result<PollOutcome, String> {
    match f.str("outcome")? {
        "pending" => Ok(PollOutcome::Pending),
        "ready" => Ok(PollOutcome::Ready),
        other => Err(unknown("poll outcome", other)),
    }
}

fn limit_in(f: Fields<'_>) -> Result<Limit, String> {
    match f.str("limit")? {
        "events" => Ok(Limit::Events),
        "tasks" => Ok(Limit::Tasks),
        "time" => Ok(Limit::Time),
        other => Err(unknown("limit", other)),
    }
}

/// Builds the event a record's fields describe.
fn event_in(f: Fields<'_>) -> Result<Event, String> {
    let task = || f.u32("task").map(TaskId);
    let opt_task = || f.opt_u32("task").map(|t| t.map(TaskId));
    let worker = || f.u32("worker").map(WorkerId);
    let timer = || f.u32("timer").map(TimerId);
    let channel = || f.u32("channel").map(ChannelId);
    let socket = || f.u32("socket").map(SocketId);
    let kind = f.str("kind")?;
    let event = match kind {
        "runtime_started" => Event::RuntimeStarted {
            workers: f.u32("workers")?,
            event_interval: f.u32("event_interval")?,
            // Traces written before these were recorded ran with Tokio's current_thread
            // interval and the first seed.
            global_queue_interval: f.opt_u32("global_queue_interval")?.unwrap_or(31),
            budget: f.opt_u32("budget")?,
            lifo_slot: f.bool("lifo_slot")?,
            seed: f.opt_u32("seed")?.unwrap_or(1),
            wheel_levels: f.u8("wheel_levels")?,
            wheel_bits: f.u8("wheel_bits")?,
            micros_per_tick: f.u32("micros_per_tick")?,
        },
        "spawned" => Event::Spawned {
            task: task()?,
            name: f.text("name")?,
            parent: f.opt_u32("parent")?.map(TaskId),
            size: f.u32("size")?,
        },
        "enqueued" => Event::Enqueued {
            task: task()?,
            queue: queue_in(f, "queue")?,
        },
        "poll_start" => Event::PollStart {
            task: task()?,
            worker: worker()?,
            from: queue_in(f, "from")?,
            addr: f.u32("addr")?,
        },
        "poll_end" => Event::PollEnd {
            task: task()?,
            worker: worker()?,
            outcome: outcome_in(f)?,
            duration: f.uint("duration")?,
            state: f.opt_u32("state")?.map(LabelId),
        },
        "waker_cloned" => Event::WakerCloned {
            task: task()?,
            waker: WakerId(f.u32("waker")?),
            holder: holder_in(f)?,
        },
        "waker_dropped" => Event::WakerDropped {
            task: task()?,
            waker: WakerId(f.u32("waker")?),
        },
        "woken" => Event::Woken {
            task: task()?,
            waker: f.opt_u32("waker")?.map(WakerId),
            by_ref: f.bool("by_ref")?,
            source: source_in(f)?,
            effect: effect_in(f)?,
        },
        "timer_registered" => Event::TimerRegistered {
            timer: timer()?,
            task: opt_task()?,
            deadline: f.uint("deadline")?,
            level: f.u8("level")?,
            slot: f.u8("slot")?,
        },
        "timer_cascaded" => Event::TimerCascaded {
            timer: timer()?,
            from_level: f.u8("from_level")?,
            from_slot: f.u8("from_slot")?,
            to_level: f.u8("to_level")?,
            to_slot: f.u8("to_slot")?,
        },
        "timer_fired" => Event::TimerFired {
            timer: timer()?,
            deadline: f.uint("deadline")?,
        },
        "timer_cancelled" => Event::TimerCancelled { timer: timer()? },
        "clock_advanced" => Event::ClockAdvanced {
            from: f.uint("from")?,
            to: f.uint("to")?,
        },
        "driver_turned" => Event::DriverTurned {
            worker: worker()?,
            timers: f.u32("timers")?,
            io: f.u32("io")?,
            remote: f.u32("remote")?,
        },
        "socket_created" => Event::SocketCreated {
            socket: socket()?,
            name: f.text("name")?,
        },
        "io_registered" => Event::IoRegistered {
            socket: socket()?,
            task: opt_task()?,
        },
        "io_ready" => Event::IoReady {
            socket: socket()?,
            bytes: f.u32("bytes")?,
        },
        "budget_exhausted" => Event::BudgetExhausted { task: task()? },
        "deferred" => Event::Deferred {
            task: task()?,
            worker: worker()?,
            duplicate: f.bool("duplicate")?,
        },
        "deferred_woken" => Event::DeferredWoken {
            worker: worker()?,
            count: f.u32("count")?,
        },
        "aborted" => Event::Aborted { task: task()? },
        "completed" => Event::Completed { task: task()? },
        "cancelled" => Event::Cancelled { task: task()? },
        "stolen" => Event::Stolen {
            from: WorkerId(f.u32("from")?),
            to: WorkerId(f.u32("to")?),
            count: f.u32("count")?,
        },
        "overflow" => Event::Overflow {
            worker: worker()?,
            count: f.u32("count")?,
        },
        "channel_created" => Event::ChannelCreated {
            channel: channel()?,
            name: f.text("name")?,
            capacity: f.u32("capacity")?,
        },
        "channel_closed" => Event::ChannelClosed {
            channel: channel()?,
        },
        "sent" => Event::Sent {
            channel: channel()?,
            task: opt_task()?,
            len: f.u32("len")?,
        },
        "received" => Event::Received {
            channel: channel()?,
            task: opt_task()?,
            len: f.u32("len")?,
        },
        "label" => Event::Label {
            label: LabelId(f.u32("label")?),
            text: f.text("text")?,
        },
        "print" => Event::Print {
            task: opt_task()?,
            text: f.text("text")?,
        },
        "long_poll" => Event::LongPoll {
            task: task()?,
            duration: f.uint("duration")?,
            threshold: f.uint("threshold")?,
        },
        "lost_waker" => Event::LostWaker { task: task()? },
        "self_wake_storm" => Event::SelfWakeStorm {
            task: task()?,
            count: f.u32("count")?,
        },
        "stalled" => Event::Stalled {
            task: task()?,
            reason: f.text("reason")?,
        },
        "limit_reached" => Event::LimitReached {
            limit: limit_in(f)?,
            value: f.uint("value")?,
        },
        "fault" => Event::Fault {
            task: opt_task()?,
            message: f.text("message")?,
        },
        "locals" => Event::Locals {
            task: task()?,
            text: f.text("text")?,
        },
        other => return Err(unknown("event kind", other)),
    };
    Ok(event)
}

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
