//! Reads `info.toml` (the catalogue: names, order, titles, points, hints) and writes
//! `$OUT_DIR/catalogue.rs`, which `src/catalogue.rs` includes.
//!
//! The build script has no dependencies, so it reads the small subset of TOML the catalogue
//! uses: `[[exercises]]` tables, `key = value` with basic strings (`"..."`), multi-line basic
//! strings (`"""..."""`, with a line-ending backslash joining lines), integers and arrays of
//! strings, and `#` comments. Anything else is an error that names the line, so a typo in a
//! hint fails the build instead of reaching a learner.

use core::fmt::Write as _;
use std::env;
use std::fs;
use std::path::Path;

#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Int(u64),
    Array(Vec<Value>),
}

#[derive(Debug, Default)]
struct Table {
    line: usize,
    entries: Vec<(String, Value, usize)>,
}

impl Table {
    fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v)
    }
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
}

type Res<T> = Result<T, String>;

impl Parser<'_> {
    fn err<T>(&self, what: &str) -> Res<T> {
        Err(format!("info.toml:{}: {what}", self.line))
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos..].starts_with(s.as_bytes())
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Skips spaces, newlines and comments.
    fn skip(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.bump();
                }
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }

    fn key(&mut self) -> Res<String> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            self.bump();
        }
        if start == self.pos {
            return self.err("expected a key");
        }
        Ok(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
    }

    fn value(&mut self) -> Res<Value> {
        self.skip();
        if self.starts_with("\"\"\"") {
            self.pos += 3;
            return self.multiline().map(Value::Str);
        }
        match self.peek() {
            Some(b'"') => {
                self.bump();
                self.basic().map(Value::Str)
            }
            Some(b'[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip();
                    if self.peek() == Some(b']') {
                        self.bump();
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.skip();
                    match self.bump() {
                        Some(b',') => {}
                        Some(b']') => return Ok(Value::Array(items)),
                        _ => return self.err("expected `,` or `]` in an array"),
                    }
                }
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'_') {
                    self.bump();
                }
                let text: String =
                    String::from_utf8_lossy(&self.src[start..self.pos]).replace('_', "");
                text.parse()
                    .map(Value::Int)
                    .or_else(|_| self.err("bad integer"))
            }
            _ => self.err("expected a string, an integer or an array"),
        }
    }

    fn escape(&mut self, out: &mut String) -> Res<()> {
        match self.bump() {
            Some(b'"') => out.push('"'),
            Some(b'\\') => out.push('\\'),
            Some(b'n') => out.push('\n'),
            Some(b't') => out.push('\t'),
            _ => return self.err("unknown escape (use \\\" \\\\ \\n \\t)"),
        }
        Ok(())
    }

    fn basic(&mut self) -> Res<String> {
        let mut bytes = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\n') => return self.err("unterminated string"),
                Some(b'"') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    self.bump();
                    let mut s = String::new();
                    self.escape(&mut s)?;
                    bytes.extend_from_slice(s.as_bytes());
                }
                Some(c) => {
                    self.bump();
                    bytes.push(c);
                }
            }
        }
        String::from_utf8(bytes).or_else(|_| self.err("invalid UTF-8"))
    }

    fn multiline(&mut self) -> Res<String> {
        // A newline right after the opening quotes is not part of the string.
        if self.starts_with("\r\n") {
            self.bump();
        }
        if self.peek() == Some(b'\n') {
            self.bump();
        }
        let mut bytes = Vec::new();
        loop {
            if self.starts_with("\"\"\"") {
                self.pos += 3;
                break;
            }
            match self.peek() {
                None => return self.err("unterminated multi-line string"),
                Some(b'\\') => {
                    self.bump();
                    // A line-ending backslash joins the lines, dropping the whitespace between.
                    let mut look = self.pos;
                    while matches!(self.src.get(look), Some(b' ' | b'\t' | b'\r')) {
                        look += 1;
                    }
                    if self.src.get(look) == Some(&b'\n') {
                        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                            self.bump();
                        }
                    } else {
                        let mut s = String::new();
                        self.escape(&mut s)?;
                        bytes.extend_from_slice(s.as_bytes());
                    }
                }
                Some(c) => {
                    self.bump();
                    bytes.push(c);
                }
            }
        }
        String::from_utf8(bytes).or_else(|_| self.err("invalid UTF-8"))
    }

    fn parse(&mut self) -> Res<Vec<Table>> {
        let mut tables: Vec<Table> = Vec::new();
        loop {
            self.skip();
            if self.peek().is_none() {
                return Ok(tables);
            }
            if self.starts_with("[[") {
                self.pos += 2;
                let name = self.key()?;
                if name != "exercises" || !self.starts_with("]]") {
                    return self.err("expected `[[exercises]]`");
                }
                self.pos += 2;
                tables.push(Table {
                    line: self.line,
                    entries: Vec::new(),
                });
                continue;
            }
            let line = self.line;
            let key = self.key()?;
            self.skip();
            if self.bump() != Some(b'=') {
                return self.err("expected `=` after a key");
            }
            let value = self.value()?;
            match tables.last_mut() {
                Some(t) => {
                    if t.get(&key).is_some() {
                        return Err(format!("info.toml:{line}: `{key}` given twice"));
                    }
                    t.entries.push((key, value, line));
                }
                None => {
                    return Err(format!(
                        "info.toml:{line}: a key before the first [[exercises]]"
                    ));
                }
            }
        }
    }
}

fn string(t: &Table, key: &str) -> Res<String> {
    match t.get(key) {
        Some(Value::Str(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(format!(
            "info.toml:{}: the exercise needs a non-empty string `{key}`",
            t.line
        )),
    }
}

fn int(t: &Table, key: &str) -> Res<u64> {
    match t.get(key) {
        Some(Value::Int(n)) => Ok(*n),
        _ => Err(format!(
            "info.toml:{}: the exercise needs an integer `{key}`",
            t.line
        )),
    }
}

fn generate(manifest: &Path, text: &str) -> Res<String> {
    let tables = Parser {
        src: text.as_bytes(),
        pos: 0,
        line: 1,
    }
    .parse()?;
    let mut out = String::from("exercises! {\n");
    for (i, t) in tables.iter().enumerate() {
        for (key, _, line) in &t.entries {
            if !matches!(
                key.as_str(),
                "name" | "order" | "title" | "points" | "hints"
            ) {
                return Err(format!("info.toml:{line}: unknown key `{key}`"));
            }
        }
        let name = string(t, "name")?;
        if !name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        {
            return Err(format!(
                "info.toml:{}: `{name}` is not a snake_case name",
                t.line
            ));
        }
        let order = int(t, "order")?;
        if order != i as u64 + 1 {
            return Err(format!(
                "info.toml:{}: `{name}` has order {order} but is entry {}: keep the file in order",
                t.line,
                i + 1
            ));
        }
        let title = string(t, "title")?;
        let points = int(t, "points")?;
        let hints = match t.get("hints") {
            Some(Value::Array(items)) if items.len() == 3 => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) if !s.trim().is_empty() => Ok(s.trim_end().to_string()),
                    _ => Err(format!(
                        "info.toml:{}: every hint of `{name}` must be text",
                        t.line
                    )),
                })
                .collect::<Res<Vec<String>>>()?,
            _ => {
                return Err(format!(
                    "info.toml:{}: `{name}` needs exactly 3 hints (idea, API, the file to read)",
                    t.line
                ));
            }
        };
        for (path, what) in [
            (format!("src/exercises/{name}.rs"), "the learner's file"),
            (format!("solutions/{name}.rs"), "the solution"),
            (format!("lessons/{name}.md"), "the lesson"),
            (format!("src/checks/{name}.rs"), "the checks"),
        ] {
            if !manifest.join(&path).is_file() {
                return Err(format!(
                    "info.toml:{}: `{name}` has no {what} at {path}",
                    t.line
                ));
            }
        }
        let _ = writeln!(
            out,
            "    {name} {{ order: {order}, title: {title:?}, points: {points}, hints: [{:?}, {:?}, {:?}] }},",
            hints[0], hints[1], hints[2]
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
            let out =
                Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
            fs::write(out, code).expect("OUT_DIR is writable");
        }
        Err(message) => {
            println!("cargo::error={message}");
        }
    }
}
