//! `print` strings: text with `{name}` placeholders, `{{` and `}}` for literal braces, as in
//! Rust's `format!` (without format specs: a learner prints variables, nothing more).
//!
//! Works on the literal's raw source text, so every placeholder keeps its exact position
//! and an unknown name is reported where it is written. The lexer guarantees string
//! literals are on one line, so a position is the literal's column plus a char count.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Error;
use crate::span::Span;

/// A piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text (escapes and doubled braces decoded).
    Text(String),
    /// `{name}`, with the span of `name`.
    Name(String, Span),
}

/// Splits the raw text of a string literal (between its quotes) into pieces. `lit` is the
/// span of the whole literal, quotes included.
pub fn parse(raw: &str, lit: Span) -> Result<Vec<Piece>, Error> {
    // Position of byte `i` of `raw`, which is `c` chars into it.
    let at = |i: usize, chars: u32, len: usize| {
        let start = lit.start + 1 + u32::try_from(i).unwrap_or(0);
        Span::new(
            start,
            start + u32::try_from(len).unwrap_or(0),
            lit.line,
            lit.col + 1 + chars,
        )
    };
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = raw.char_indices().peekable();
    let mut col = 0u32;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    text.push(if e == 'n' { '\n' } else { e });
                    col += 1;
                }
            }
            '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                chars.next();
                text.push('{');
                col += 1;
            }
            '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                chars.next();
                text.push('}');
                col += 1;
            }
            '}' => {
                return Err(
                    Error::new(at(i, col, 1), "unmatched `}` in the `print` string")
                        .with_hint("write `}}` for a literal `}`"),
                );
            }
            '{' => {
                let Some(close) = raw[i + 1..].find('}') else {
                    return Err(Error::new(
                        at(i, col, 1),
                        "`{` is never closed in the `print` string",
                    )
                    .with_hint(
                        "write `{{` for a literal `{`, or close the placeholder: `{name}`",
                    ));
                };
                let name = &raw[i + 1..i + 1 + close];
                let name_chars = u32::try_from(name.chars().count()).unwrap_or(0);
                if name.is_empty() {
                    return Err(
                        Error::new(at(i, col, 2), "empty `{}` in the `print` string")
                            .with_hint("name the variable to print: `{job}`"),
                    );
                }
                let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(Error::new(
                        at(i + 1, col + 1, close),
                        format!("`{{{name}}}` is not a variable name"),
                    )
                    .with_hint("only a plain variable name goes inside `{}`: `{job}`"));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(core::mem::take(&mut text)));
                }
                pieces.push(Piece::Name(name.into(), at(i + 1, col + 1, close)));
                for _ in 0..=close {
                    chars.next();
                }
                col += name_chars + 1;
            }
            c => text.push(c),
        }
        col += 1;
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}
