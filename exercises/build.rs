//! Reads `info.toml` (the catalogue: names, order, titles, points, hints) and writes
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exercise {
    name: String,
    order: u64,
    title: String,
    points: u64,
    /// The idea, then the API, then the file to read.
    hints: [String; 3],
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
        let [h0, h1, h2] = e.hints.each_ref().map(|h| h.trim_end());
        let _ = writeln!(
            out,
            "    {name} {{ order: {}, title: {:?}, points: {}, hints: [{h0:?}, {h1:?}, {h2:?}] }},",
            e.order, e.title, e.points
        );
    }
    out.push_str("}\n");
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
