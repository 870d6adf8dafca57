//! A trace as bytes: how a run crosses from the lab's engine (its own wasm module) to the page,
//! and how the page's first run is shipped beside it.
//!
//! It is the recorder's packed form (`packed.rs`: 4 to 8 bytes an event, usually) with its
//! side table of texts, so a run of 100,000 events crosses as about half a megabyte, copied
//! once, where the JSON form would be some 10 MB to write and parse again.
//!
//! Layout, little-endian: `LABT`, then one or more segments of consecutive events (a trace
//! whose numbering has a gap, from events the recorder dropped, has one segment per stretch):
//! the first event's sequence number (8 bytes), the number of texts (4), each text as its
//! length (4) and UTF-8, the number of words (4), the words (4 each).
//!
//! Reading checks every length and every text, so a truncated file is an error, not a panic.
//! The words themselves are trusted: they come from this crate's encoder, in the same build
//! (a file on disk carries a checksum as well: see the page's `services::engine`).

use super::packed::{self, Packed};
use super::{EventRecord, Text};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

const MAGIC: &[u8; 4] = b"LABT";

/// Writes `events` (in trace order) as bytes.
pub fn to_bytes(events: &[EventRecord]) -> Vec<u8> {
    let mut out = Vec::from(&MAGIC[..]);
    let mut rest = events;
    while let Some(first) = rest.first() {
        // The stretch of consecutive sequence numbers starting here.
        let len = rest
            .iter()
            .zip(first.seq..)
            .take_while(|(r, seq)| r.seq == *seq)
            .count();
        let (segment, tail) = rest.split_at(len);
        let mut packed = Packed::default();
        for r in segment {
            packed.push(r.at, r.event.clone());
        }
        out.extend_from_slice(&first.seq.to_le_bytes());
        out.extend_from_slice(&(packed.texts.len() as u32).to_le_bytes());
        for t in &packed.texts {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        out.extend_from_slice(&(packed.words.len() as u32).to_le_bytes());
        for w in &packed.words {
            out.extend_from_slice(&w.to_le_bytes());
        }
        rest = tail;
    }
    out
}

/// Reads what [`to_bytes`] wrote. The error says what is wrong, for a message.
pub fn from_bytes(bytes: &[u8]) -> Result<Vec<EventRecord>, String> {
    let mut r = Bytes { bytes, pos: 0 };
    if r.take(4)? != MAGIC {
        return Err(String::from(
            "not a lab trace (it does not start with LABT)",
        ));
    }
    let mut events = Vec::new();
    while r.pos < bytes.len() {
        let first_seq = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
        let count = r.u32()? as usize;
        let mut texts: Vec<Text> = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            let len = r.u32()? as usize;
            let text = core::str::from_utf8(r.take(len)?)
                .map_err(|_| String::from("a text of the trace is not UTF-8"))?;
            texts.push(Rc::from(text));
        }
        let count = r.u32()? as usize;
        let words: Vec<u32> = r
            .take(count.checked_mul(4).ok_or_else(cut_off)?)?
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes(w.try_into().expect("4 bytes")))
            .collect();
        packed::decode(&words, &texts, first_seq, &mut events);
    }
    Ok(events)
}

fn cut_off() -> String {
    String::from("the trace is cut off")
}

/// A cursor over the input.
struct Bytes<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or_else(cut_off)?;
        let slice = self.bytes.get(self.pos..end).ok_or_else(cut_off)?;
        self.pos = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Event, QueueRef};
    use crate::{TaskId, WorkerId};
    use alloc::vec;

    fn rec(seq: u64, at: u64, event: Event) -> EventRecord {
        EventRecord { seq, at, event }
    }

    #[test]
    fn a_trace_with_a_gap_round_trips() {
        let name: Text = Rc::from("job");
        let events = vec![
            rec(
                0,
                0,
                Event::Spawned {
                    task: TaskId(0),
                    name,
                    parent: None,
                    size: 24,
                },
            ),
            rec(
                1,
                3,
                Event::PollStart {
                    task: TaskId(0),
                    worker: WorkerId(0),
                    from: QueueRef::Local(WorkerId(0)),
                    addr: 1,
                },
            ),
            rec(
                5,
                9,
                Event::Print {
                    task: Some(TaskId(0)),
                    text: Rc::from("héllo"),
                },
            ),
        ];
        let bytes = to_bytes(&events);
        assert_eq!(from_bytes(&bytes).unwrap(), events);
    }

    #[test]
    fn a_truncated_trace_is_an_error() {
        let events = vec![rec(
            0,
            2,
            Event::Print {
                task: None,
                text: Rc::from("hi"),
            },
        )];
        let bytes = to_bytes(&events);
        for len in 0..bytes.len() {
            if len == 4 {
                // Only the magic: a trace of no events.
                assert_eq!(from_bytes(&bytes[..len]), Ok(Vec::new()));
                continue;
            }
            assert!(from_bytes(&bytes[..len]).is_err(), "cut at {len}");
        }
        assert!(from_bytes(b"JSON").is_err());
    }
}
