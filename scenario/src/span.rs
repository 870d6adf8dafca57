//! Where a piece of source text is: byte offsets for slicing and underlining, plus the
//! 1-based line and column of its start for messages.
//!
//! Columns count `char`s, not bytes, so `é` is one column, as an editor shows it (rustc
//! does the same). Offsets are `u32`, not `usize`, so a span means the same thing natively
//! and in wasm32; sources are far smaller than 4 GiB (the parser refuses anything over
//! [`crate::parser::MAX_SOURCE_LEN`]).

use core::ops::Range;

/// A half-open byte range `start..end` of the source, with the line and column of `start`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in chars.
    pub col: u32,
}

impl Span {
    /// A span from its parts.
    pub const fn new(start: u32, end: u32, line: u32, col: u32) -> Self {
        Span {
            start,
            end,
            line,
            col,
        }
    }

    /// From the start of `self` to the end of `other` (which must not start before `self`).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            end: other.end.max(self.start),
            ..self
        }
    }

    /// An empty span at the start of `self`.
    #[must_use]
    pub fn shrink_to_start(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }

    /// The byte range, for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// True for a zero-width span (a position, such as end of input).
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}
