//! Exercise 13 — Cancellation safety: a line reader that loses no data when `select` drops it.
//!
//! Goal: `reader.read_line().await` returns the next line of a socket (without its `\n`),
//! or `None` at the end of the stream (a last line without a `\n` is returned before that).
//! The socket delivers chunks that split lines anywhere: "hel", "lo\nwor", "ld\n".
//!
//! The catch: callers put `read_line()` in a `select` or a `timeout`, which *drops* the
//! future when another branch wins — cancellation in Rust is `Drop`. Whatever the dropped
//! `ReadLine` held is gone. So the partial line must live in the `LineReader` (which
//! outlives every `ReadLine`), never in the `ReadLine` future itself. Then the next
//! `read_line()` simply goes on where the last one stopped.
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
    /// Data read from the socket that is not yet part of a returned line.
    buf: String,
}

impl LineReader {
    /// A reader over `socket`.
    pub fn new(socket: Socket) -> LineReader {
        LineReader {
            socket,
            buf: String::new(),
        }
    }

    /// The next line (without its `\n`), or `None` at the end of the stream.
    pub fn read_line(&mut self) -> ReadLine<'_> {
        ReadLine {
            reader: self,
            read: None,
        }
    }
}

/// The future returned by `read_line`.
#[derive(Debug)]
pub struct ReadLine<'a> {
    reader: &'a mut LineReader,
    /// The socket read in progress, if any.
    read: Option<Read>,
}

impl Future for ReadLine<'_> {
    type Output = Option<String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        // TODO: loop:
        //   * a complete line in `self.reader.buf`? take it out (without the `\n`): Ready.
        //   * otherwise poll the socket read (`self.read`, created with
        //     `self.reader.socket.read()` when there is none):
        //       - Ready(Some(chunk)): append the chunk where a dropped ReadLine cannot lose
        //         it; clear `self.read`; go round again;
        //       - Ready(None): the stream ended: return what is left as a last line if it is
        //         not empty, else None;
        //       - Pending: return Pending.
        todo!("ReadLine::poll")
    }
}
