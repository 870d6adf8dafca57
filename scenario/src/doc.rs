//! The language reference (LANGUAGE.md) as data: its fenced examples are compiled by this
//! crate's tests and run on Tokio by the differential test (`vs-tokio`), so every example a
//! learner reads is known to be valid and to behave as Tokio does.

use alloc::string::String;
use alloc::vec::Vec;

/// LANGUAGE.md.
pub const LANGUAGE: &str = include_str!("../LANGUAGE.md");

/// A fenced block of LANGUAGE.md.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Its info string: `scenario`, `scenario-error`, `text`, ...
    pub info: &'static str,
    /// Its text.
    pub body: String,
    /// The line of its opening fence (from 1).
    pub line: usize,
}

/// Every fenced block, in order.
///
/// # Panics
///
/// If a block is never closed (the crate's tests read the file).
pub fn blocks() -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in LANGUAGE.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Block {
                    info: info.trim(),
                    body: String::new(),
                    line: i + 1,
                });
            }
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some(block), None) => {
                block.body.push_str(line);
                block.body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "LANGUAGE.md has an unclosed code block");
    out
}

/// The programs among them (```` ```scenario ```` blocks).
pub fn examples() -> Vec<Block> {
    blocks()
        .into_iter()
        .filter(|b| b.info == "scenario")
        .collect()
}
