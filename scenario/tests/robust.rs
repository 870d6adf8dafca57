//! Bad input never crashes anything: for any text, `tokens`, `parse` and `check` return
//! (never panic), tokens tile the source exactly, and every span is inside the source, on
//! char boundaries, with a line and column that agree with its offset.
//!
//! Arbitrary strings rarely get past the first token, so two more generators reach deeper:
//! a soup of the language's own tokens, and the DESIGN.md example with random edits.

use proptest::prelude::*;
use scenario::{Span, check, compile, parse, tokens};

const EXAMPLE: &str = r#"config { event_interval: 61; budget: 128; workers: 1; }
chan jobs: 4;
oneshot done;
io db { 30ms: "row1"; 50ms: "row2"; }
task producer {
    for i in 0..3 {
        sleep(10ms).await;
        jobs.send(i).await;
    }
    done.send("ok");
}
task consumer {
    while let Some(job) = jobs.recv().await {
        work(2ms);
        print("job {job} at {{now}}");
    }
}
lazy task helper { yield_now().await; }
task boss @ 5ms {
    let h = spawn helper;
    let mut n = 0;
    if let Ok(()) = h.await { n += 1; } else if n == 0 { return; } else { n -= 1; }
    let row = db.read().await;
    match_me(); // not a built-in
    select {
        v = jobs.recv() => { print("got {v}"); }
        r = timeout(5ms, done.recv()) => { loop { break; } }
        _ = sleep(20ms) => { print("timed out"); },
    }
}
"#;

/// Fragments the lexer and parser know, to build near-programs from.
const SOUP: &[&str] = &[
    "task",
    "lazy",
    "chan",
    "oneshot",
    "io",
    "config",
    "let",
    "mut",
    "if",
    "else",
    "while",
    "loop",
    "for",
    "in",
    "break",
    "continue",
    "return",
    "select",
    "spawn",
    ".await",
    "true",
    "Some",
    "None",
    "Ok",
    "Err",
    "x",
    "jobs",
    "sleep",
    "timeout",
    "print",
    "work",
    "now",
    "h",
    "0",
    "42",
    "10ms",
    "2s",
    "\"s {x}\"",
    "{",
    "}",
    "(",
    ")",
    ";",
    ":",
    ",",
    ".",
    "..",
    "..=",
    "@",
    "=>",
    "_",
    "=",
    "+=",
    "-=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "!",
    "==",
    "!=",
    "<",
    "<=",
    "&&",
    "||",
    "// c\n",
    "/* c */",
    "\n",
    " ",
    "$",
    "é",
    "\"open",
    "1.5s",
];

fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (u32::try_from(line).unwrap(), u32::try_from(col).unwrap())
}

fn assert_span(src: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= src.len(),
        "{what}: {span:?} outside 0..{}",
        src.len()
    );
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{what}: {span:?} splits a char"
    );
    assert_eq!(
        line_col(src, start),
        (span.line, span.col),
        "{what}: {span:?}"
    );
}

/// Everything the front end promises about any input.
fn holds_for(src: &str) {
    let toks = tokens(src);
    let mut pos = 0;
    for t in &toks {
        assert_span(src, t.span, "token");
        let (start, end) = (t.span.start as usize, t.span.end as usize);
        assert!(
            start >= pos && end > start,
            "tokens overlap or are empty: {t:?}"
        );
        assert!(
            src[pos..start].chars().all(char::is_whitespace),
            "a gap holds more than whitespace"
        );
        pos = end;
    }
    assert!(src[pos..].chars().all(char::is_whitespace));

    match parse(src) {
        Err(e) => assert_span(src, e.span, "parse error"),
        Ok(ast) => match check(&ast) {
            Err(e) => assert_span(src, e.span, "check error"),
            Ok(program) => {
                for site in &program.await_sites {
                    assert_span(src, site.span, "await site");
                }
            }
        },
    }
}

/// The example with a few random edits: a deletion, an insertion, a replacement.
fn mutated() -> impl Strategy<Value = String> {
    let edit = (0..EXAMPLE.len(), 0usize..12, prop::sample::select(SOUP));
    prop::collection::vec(edit, 1..4).prop_map(|edits| {
        let mut src = EXAMPLE.to_string();
        for (at, len, insert) in edits {
            let mut at = at.min(src.len());
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + len).min(src.len());
            while !src.is_char_boundary(end) {
                end += 1;
            }
            src.replace_range(at..end, insert);
        }
        src
    })
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SOUP), 0..60).prop_map(|parts| parts.join(" "))
}

proptest! {
    // 512 cases a property by default; PROPTEST_CASES=100000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_string(src in any::<String>()) {
        holds_for(&src);
    }

    #[test]
    fn any_ascii_text(src in "[ -~\n\t]{0,200}") {
        holds_for(&src);
    }

    #[test]
    fn token_soup(src in soup()) {
        holds_for(&src);
    }

    #[test]
    fn edited_example(src in mutated()) {
        holds_for(&src);
    }
}

#[test]
fn the_unedited_example_compiles_apart_from_its_unknown_function() {
    let err = compile(EXAMPLE).unwrap_err();
    assert_eq!(err.message, "cannot find function `match_me`");
    assert_eq!((err.span.line, err.span.col), (24, 5));
    compile(&EXAMPLE.replace("match_me(); // not a built-in", "")).unwrap();
}

#[test]
fn arbitrary_bytes_lossily_decoded() {
    // The browser hands over UTF-16 converted to a `String`; bytes a file may contain end up
    // as replacement characters. None of it may panic.
    let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    holds_for(&String::from_utf8_lossy(&bytes));
    holds_for("\u{0}\u{feff}\u{202e}task\u{2028}a{}");
}
