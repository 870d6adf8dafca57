//! Reads `info.toml` (the catalogue: names, order, titles, points, time estimates, hints, and
//! the workshop morning's path) and writes
//! `$OUT_DIR/catalogue.rs`, which `src/catalogue.rs` includes. A typo in the catalogue (an
//! unknown key, a missing hint, an exercise out of order or without its files) fails the
//! build with the line it is on, instead of reaching a learner.
//!
//! It also renders each lesson's Markdown to HTML (`$OUT_DIR/lessons/NAME.html`), here at
//! build time rather than in the page: the grading worker sends it, and the page shows it as
//! it is. Only what the lessons use is rendered, and nothing a lesson holds becomes markup of
//! its own (raw HTML in a lesson is shown as text; a link that is not `https://` is shown as
//! its text and address, not followed).

use core::fmt::Write as _;
use serde::Deserialize;
use std::env;
use std::fs;
use std::path::Path;
use toml::Spanned;

#[path = "lesson_html.rs"]
mod lesson_html;
use lesson_html::lesson_html;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    exercises: Vec<Spanned<Exercise>>,
    morning: Vec<Spanned<MorningStep>>,
}

/// One step of the workshop morning: exactly one of an exercise, a walkthrough the
/// instructors show, or a reading (a lesson with no exercise).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MorningStep {
    exercise: Option<String>,
    walkthrough: Option<String>,
    reading: Option<String>,
    /// A reading's title (an exercise or a walkthrough has its own).
    title: Option<String>,
    /// A walkthrough's or a reading's time (an exercise has its own).
    minutes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exercise {
    name: String,
    order: u64,
    title: String,
    points: u64,
    /// About how long a learner new to the internals takes, from the lesson and hints.
    minutes: u64,
    /// The ladder: the idea, the invariant and the API, the code, the source to read
    /// (`HINT_RUNGS` in `src/catalogue.rs`; `tests/catalogue.rs` checks each rung).
    hints: [String; 4],
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn generate(manifest: &Path, text: &str) -> Result<String, String> {
    let catalogue: Catalogue =
        toml::from_str(text).map_err(|e| format!("info.toml: {}", e.to_string().trim()))?;
    let mut out = String::from("exercises! {\n");
    let mut previous = 0;
    for entry in &catalogue.exercises {
        let line = line_of(text, entry.span().start);
        let e = entry.get_ref();
        let at = |what: String| format!("info.toml:{line}: {what}");
        let name = &e.name;
        if name.is_empty()
            || !name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        {
            return Err(at(format!("`{name}` is not a snake_case name")));
        }
        // Orders increase down the file. A gap is allowed: exercises written on separate
        // branches keep the numbers they will have once merged.
        if e.order <= previous {
            return Err(at(format!(
                "`{name}` has order {} after an entry with order {previous}: keep the file in \
                 order",
                e.order
            )));
        }
        previous = e.order;
        if !name.starts_with(&format!("e{:02}_", e.order)) {
            return Err(at(format!(
                "`{name}` has order {}: its name starts with `e{:02}_`",
                e.order, e.order
            )));
        }
        if e.title.trim().is_empty() {
            return Err(at(format!("`{name}` needs a title")));
        }
        if e.minutes == 0 || e.minutes > 90 {
            return Err(at(format!(
                "`{name}` needs `minutes`, an estimate from 1 to 90 (found {})",
                e.minutes
            )));
        }
        if e.hints.iter().any(|h| h.trim().is_empty()) {
            return Err(at(format!("every hint of `{name}` must be text")));
        }
        for (path, what) in [
            (format!("src/exercises/{name}.rs"), "the learner's file"),
            (format!("solutions/{name}.rs"), "the solution"),
            (format!("lessons/{name}.md"), "the lesson"),
            (format!("src/checks/{name}.rs"), "the checks"),
        ] {
            if !manifest.join(&path).is_file() {
                return Err(at(format!("`{name}` has no {what} at {path}")));
            }
        }
        let [h0, h1, h2, h3] = e.hints.each_ref().map(|h| h.trim_end());
        let _ = writeln!(
            out,
            "    {name} {{ order: {}, title: {:?}, points: {}, minutes: {}, hints: [{h0:?}, {h1:?}, {h2:?}, {h3:?}] }},",
            e.order, e.title, e.points, e.minutes
        );
    }
    out.push_str("}\n");
    out.push_str(&morning(manifest, text, &catalogue)?);
    Ok(out)
}

/// The morning's steps as `static MORNING: &[MorningStep]`, each checked: one kind, a known
/// exercise (each at most once), a reading with its lesson file, a title and time for the
/// steps that are not exercises. (Walkthrough ids are checked against the classroom by a
/// test: this crate does not link it.)
fn morning(manifest: &Path, text: &str, catalogue: &Catalogue) -> Result<String, String> {
    let mut out = String::from("static MORNING: &[MorningStep] = &[\n");
    let mut seen = Vec::new();
    for entry in &catalogue.morning {
        let at = |what: String| format!("info.toml:{}: {what}", line_of(text, entry.span().start));
        let s = entry.get_ref();
        let item = match (&s.exercise, &s.walkthrough, &s.reading) {
            (Some(name), None, None) => {
                let Some(e) = catalogue
                    .exercises
                    .iter()
                    .find(|e| &e.get_ref().name == name)
                else {
                    return Err(at(format!(
                        "the morning names `{name}`, which is not an exercise"
                    )));
                };
                if seen.contains(name) {
                    return Err(at(format!("`{name}` is on the morning twice")));
                }
                if s.title.is_some() || s.minutes.is_some() {
                    return Err(at(format!(
                        "`{name}` has its own title and minutes: leave them out here"
                    )));
                }
                seen.push(name.clone());
                format!(
                    "MorningItem::Exercise({name:?}), minutes: {}",
                    e.get_ref().minutes
                )
            }
            (None, Some(id), None) => {
                let (None, Some(minutes)) = (&s.title, s.minutes) else {
                    return Err(at(format!(
                        "the walkthrough `{id}` needs `minutes` (and no `title`: it has its own)"
                    )));
                };
                format!("MorningItem::Walkthrough({id:?}), minutes: {minutes}")
            }
            (None, None, Some(name)) => {
                let (Some(title), Some(minutes)) = (&s.title, s.minutes) else {
                    return Err(at(format!(
                        "the reading `{name}` needs a `title` and `minutes`"
                    )));
                };
                if !manifest.join(format!("lessons/{name}.md")).is_file() {
                    return Err(at(format!("the reading `{name}` has no lessons/{name}.md")));
                }
                format!(
                    "MorningItem::Reading {{ name: {name:?}, title: {title:?}, html: include_str!(concat!(env!(\"OUT_DIR\"), \"/lessons/{name}.html\")) }}, minutes: {minutes}"
                )
            }
            _ => {
                return Err(at(
                    "a morning step is one of `exercise`, `walkthrough` or `reading`".into(),
                ));
            }
        };
        let _ = writeln!(out, "    MorningStep {{ item: {item} }},");
    }
    out.push_str("];\n");
    Ok(out)
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let manifest = Path::new(&manifest);
    println!("cargo::rerun-if-changed=info.toml");
    println!("cargo::rerun-if-changed=lessons");
    let text = fs::read_to_string(manifest.join("info.toml")).expect("exercises/info.toml exists");
    match generate(manifest, &text) {
        Ok(code) => {
            let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
            fs::write(out.join("catalogue.rs"), code).expect("OUT_DIR is writable");
            fs::create_dir_all(out.join("lessons")).expect("OUT_DIR is writable");
            for entry in fs::read_dir(manifest.join("lessons")).expect("exercises/lessons exists") {
                let path = entry.expect("a lesson").path();
                if path.extension().is_some_and(|e| e == "md") {
                    let markdown = fs::read_to_string(&path).expect("a lesson is text");
                    let name = path.file_stem().expect("a file name").to_string_lossy();
                    fs::write(
                        out.join("lessons").join(format!("{name}.html")),
                        lesson_html(&markdown),
                    )
                    .expect("OUT_DIR is writable");
                }
            }
        }
        Err(message) => {
            // One line: cargo shows each `cargo::error` line as its own error.
            println!("cargo::error={}", message.replace('\n', " "));
        }
    }
}
