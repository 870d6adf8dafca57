//! The lab's little async language: Rust-shaped programs that learners write in the
//! browser, checked here and run as real futures on `runtime-core`.
//!
//! ```text
//! source ──tokens()──▶ Vec<Token>        (the editor's highlighting; never fails)
//!        ──parse()───▶ ast::Program      (syntax, first error only)
//!        ──check()───▶ program::Program  (names, types, await points: ready to run)
//! ```
//!
//! Every error is an [`Error`] with a line, a column, what was found and what was expected,
//! and usually a hint; bad input never panics and never overflows the stack (see
//! [`parser::MAX_DEPTH`]). `LANGUAGE.md` beside this crate is the learner's reference.
//!
//! The crate is `no_std` + `alloc`, like `runtime-core`, so the same front end runs natively
//! (tests, the trace command) and in wasm32 (the web UI). Determinism: no hash maps, no
//! clocks; the same source always gives the same program and the same errors.

#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ast;
pub mod check;
pub mod doc;
pub mod error;
pub mod fuzz;
pub mod interp;
#[cfg(feature = "std")]
pub mod json;
pub mod lexer;
pub mod outline;
pub mod parser;
pub mod presets;
pub mod program;
pub mod span;
pub mod suggest;
pub mod template;
pub mod types;
pub mod words;

use alloc::vec::Vec;

pub use error::Error;
pub use interp::{Outcome, RunOptions, RunResult, run};
pub use lexer::{Keyword, Token, TokenClass, TokenKind};
pub use outline::Outline;
pub use program::Program;
pub use span::Span;
pub use types::Type;

/// Every token of `src`, comments included, for highlighting. Never fails: text the lexer
/// cannot make sense of becomes [`TokenKind::Unknown`] (or another error kind) instead.
pub fn tokens(src: &str) -> Vec<Token> {
    lexer::tokenize(src)
}

/// A program file's bytes as text. A file that is not UTF-8 is an error at the line and column
/// of its first bad byte, like every other error in a program (the command line and the page's
/// import both read files through this).
pub fn decode_source(bytes: &[u8]) -> Result<alloc::string::String, Error> {
    match core::str::from_utf8(bytes) {
        Ok(text) => Ok(alloc::string::String::from(text)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8, so the conversion cannot fail.
            let good = core::str::from_utf8(good).unwrap_or_default();
            let line_start = good.rfind('\n').map_or(0, |i| i + 1);
            let line = good.matches('\n').count() + 1;
            let col = good[line_start..].chars().count() + 1;
            let start = e.valid_up_to() as u32;
            let bad = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
            let span = Span::new(start, start + bad as u32, line as u32, col as u32);
            Err(Error::new(
                span,
                alloc::format!(
                    "the file is not UTF-8 text: byte {} (0x{:02X}) is not part of a character",
                    e.valid_up_to() + 1,
                    bytes[e.valid_up_to()]
                ),
            )
            .with_hint("save the program as UTF-8 (an editor's \"Save with encoding\")"))
        }
    }
}

/// Parses `src` into a syntax tree, or returns the first syntax error.
pub fn parse(src: &str) -> Result<ast::Program, Error> {
    parser::parse(src)
}

/// Checks a syntax tree: resolves names, checks types and limits, numbers await points.
pub fn check(ast: &ast::Program) -> Result<Program, Error> {
    check::check(ast)
}

/// [`parse`] then [`check()`].
pub fn compile(src: &str) -> Result<Program, Error> {
    check(&parse(src)?)
}
