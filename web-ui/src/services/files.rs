//! Export and import: a trace as JSON Lines, a program as a `.scn` file. Reading a file is
//! asynchronous (a `FileReader`); what it contains is parsed with care, since a file can be
//! anything: a bad file gives a clear message and changes nothing.

use runtime_core::EventRecord;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Offers `content` as a download named `name`.
pub fn download(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = super::window().document().expect("a document");
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads `file` as text and calls `done` with it (or with an error message). A file that is
/// not UTF-8 is an error at `FILE:LINE:COL` of its first bad byte, as the command line says.
pub fn read_text(file: web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else {
        done(Err("this browser cannot read files".into()));
        return;
    };
    let name = file.name();
    let r = reader.clone();
    let mut done = Some(done);
    let onload = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| {
        let bytes = r
            .result()
            .ok()
            .filter(|v| v.is_instance_of::<js_sys::ArrayBuffer>())
            .map(|v| js_sys::Uint8Array::new(&v).to_vec());
        let text = match bytes {
            Some(bytes) => scenario::decode_source(&bytes).map_err(|e| e.render(&name)),
            None => Err(format!("{name} could not be read")),
        };
        if let Some(done) = done.take() {
            done(text);
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    if reader.read_as_array_buffer(&file).is_err() {
        // `done` was moved into the closure; the reader reports nothing more.
    }
}

/// A trace as JSON Lines (one event per line, the same form as the command line's `--json`
/// minus the names: ids only, which is what import reads back).
pub fn trace_to_jsonl(events: &[EventRecord]) -> String {
    let mut out = String::with_capacity(events.len() * 80);
    for e in events {
        if let Ok(line) = serde_json::to_string(e) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Parses an exported trace. The message of an error names the line.
pub fn trace_from_jsonl(text: &str) -> Result<Vec<EventRecord>, String> {
    let mut events = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let rec: EventRecord = serde_json::from_str(line)
            .map_err(|e| format!("line {} is not an event of a lab trace ({e})", i + 1))?;
        if rec.seq as usize != events.len() {
            return Err(format!(
                "line {}: events are out of order (expected seq {}, found {})",
                i + 1,
                events.len(),
                rec.seq
            ));
        }
        events.push(rec);
    }
    if events.is_empty() {
        return Err("the file has no events".into());
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_round_trip_and_bad_files_say_why() {
        let s = crate::state::AppState::new(&scenario::presets::find("fifo").unwrap().source, None);
        let events = s.run.as_ref().unwrap().replay.events().to_vec();
        let text = trace_to_jsonl(&events);
        assert_eq!(trace_from_jsonl(&text).unwrap(), events);
        assert!(trace_from_jsonl("").unwrap_err().contains("no events"));
        let e = trace_from_jsonl("{\"seq\":0}\n").unwrap_err();
        assert!(
            e.starts_with("line 1 is not an event of a lab trace"),
            "{e}"
        );
        let mut lines: Vec<&str> = text.lines().collect();
        lines.swap(1, 2);
        assert!(
            trace_from_jsonl(&lines.join("\n"))
                .unwrap_err()
                .contains("out of order")
        );
    }
}
