//! Exercise 13 — Cancellation safety: a line reader that loses no data when `select` drops it.
//!
//! Goal: `reader.read_line().await` returns the next line of a socket (without its `\n`),
//! or `None` at the end of the stream (a last line without a `\n` is returned before that),
//! and loses nothing when the `ReadLine` future is dropped before it is done. The socket
//! delivers chunks that split lines anywhere: "hel", "lo\nwor", "ld\n".
//!
//! The reader below already reads every line when nothing interrupts it. But callers put
//! `read_line()` in a `select!` or a `timeout`, which drop the future when another branch
//! wins. Run the checks before you change anything
//! (`cargo run --release -p exercises --bin grade -- e13`): one of them puts each
//! `read_line` under a 5 ms timeout and says what came out. Find out what was lost, and why,
//! then change the reader (any part of it) so that nothing is.
//!
//! `Read` (runtime-core's socket read) is itself cancel-safe: dropping it loses nothing.
//!
//! Lesson: `exercises/lessons/e13_cancel_safety.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e13`

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::io::{Read, Socket};

/// Reads lines from a socket.
#[derive(Debug)]
pub struct LineReader {
    socket: Socket,
    /// What came after the `\n` of the last line returned: the start of the next line.
    rest: String,
}

impl LineReader {
    /// A reader over `socket`.
    pub fn new(socket: Socket) -> LineReader {
        LineReader {
            socket,
            rest: String::new(),
        }
    }

    /// The next line (without its `\n`), or `None` at the end of the stream.
    pub fn read_line(&mut self) -> ReadLine<'_> {
        let line = core::mem::take(&mut self.rest);
        ReadLine {
            reader: self,
            line,
            read: None,
        }
    }
}

/// The future returned by `read_line`.
#[derive(Debug)]
pub struct ReadLine<'a> {
    reader: &'a mut LineReader,
    /// The line so far.
    line: String,
    /// The socket read in progress, if any.
    read: Option<Read>,
}

impl Future for ReadLine<'_> {
    type Output = Option<String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        // TODO: this reads every line when nothing interrupts it. Run the checks first: the
        //       one with a timeout around each `read_line` says which lines came out and when
        //       the timeout fired. Find what was lost and why, then fix the reader.
        let this = &mut *self;
        loop {
            if let Some(end) = this.line.find('\n') {
                // What follows the `\n` starts the next line: the reader keeps it.
                this.reader.rest = this.line.split_off(end + 1);
                this.line.pop();
                return Poll::Ready(Some(core::mem::take(&mut this.line)));
            }
            let read = this.read.get_or_insert_with(|| this.reader.socket.read());
            match Pin::new(read).poll(cx) {
                Poll::Ready(Some(chunk)) => {
                    this.line.push_str(&chunk);
                    this.read = None;
                }
                Poll::Ready(None) => {
                    this.read = None;
                    if this.line.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(core::mem::take(&mut this.line)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
