//! The trace as JSON Lines, for the command line's `--json` (a contract other tools rely on).
//!
//! Each line is one object: `seq`, `at` (ticks), `kind` (snake_case), then the event's fields.
//! Things are called by name where a reader wants names: `task` and `parent` are task names
//! (their ids are kept as `task_id` and `parent_id`), `channel` and `socket` are names (with
//! `channel_id`, `socket_id`), and a `poll_end` state gets its text as `state_label`.

use alloc::string::String;
use runtime_core::EventRecord;
use runtime_core::trace::text::Names;
use serde_json::{Map, Value};

/// Names learned so far in a trace.
#[derive(Debug, Default)]
pub struct JsonNames {
    names: Names,
}

/// One JSON line for `rec` (without the newline).
pub fn line(rec: &EventRecord, names: &mut JsonNames) -> String {
    names.names.learn(&rec.event);
    let n = &names.names;
    let mut value = serde_json::to_value(rec).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        name_field(obj, "task", "task_id", |id| {
            n.task(runtime_core::TaskId(id))
        });
        name_field(obj, "parent", "parent_id", |id| {
            n.task(runtime_core::TaskId(id))
        });
        name_field(obj, "channel", "channel_id", |id| {
            n.channel(runtime_core::ChannelId(id))
        });
        name_field(obj, "socket", "socket_id", |id| {
            n.socket(runtime_core::SocketId(id))
        });
        if let Some(id) = obj.get("state").and_then(Value::as_u64) {
            let text = n.label(runtime_core::LabelId(id as u32));
            obj.insert("state_label".into(), Value::String(text));
        }
    }
    serde_json::to_string(&value).unwrap_or_default()
}

/// Replaces a numeric id field by its name, keeping the id under `id_key`.
fn name_field(obj: &mut Map<String, Value>, key: &str, id_key: &str, name: impl Fn(u32) -> String) {
    if let Some(id) = obj.get(key).and_then(Value::as_u64) {
        let id = id as u32;
        obj.insert(key.into(), Value::String(name(id)));
        obj.insert(id_key.into(), Value::from(id));
    }
}
