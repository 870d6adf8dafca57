//! The one error type of the front end: where, what, and how to fix it.
//!
//! Shaped after rustc's diagnostics: the message says what was found and what was expected
//! ("expected `;` after statement, found `}`"), and an optional hint says what to write
//! instead. Only the first error is reported: a learner fixes one thing at a time, and a
//! single precise message beats a cascade of guesses.

use alloc::format;
use alloc::string::String;
use core::fmt;

use crate::span::Span;

/// A lexing, parsing or checking error.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Error {
    /// Where the problem is; the editor underlines it.
    pub span: Span,
    /// What was found and what was expected.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Error {
    /// An error without a hint.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Error {
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds (or replaces) the hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the hint unless there is one already (a more specific one, usually).
    #[must_use]
    pub fn or_hint(mut self, hint: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }

    /// `FILE:LINE:COL: message`, plus `  hint: ...` on a second line when there is a hint.
    pub fn render(&self, file_name: &str) -> String {
        format!("{file_name}:{self}")
    }
}

/// `LINE:COL: message`, plus `  hint: ...` on a second line when there is a hint.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.span.line, self.span.col, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}
