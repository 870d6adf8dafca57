//! Exercise 13 — Cancellation safety: a line reader that loses no data when `select` drops it.
//! (Solution.) The reader you started from kept the line so far in the `ReadLine` future, and
//! only what followed a `\n` in the `LineReader`: correct until a timeout dropped the future at
//! t=5, taking "hel" with it. Here everything read but not yet returned lives in the reader's
//! `buf`, and the future holds only the socket read in progress (itself cancel safe).

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
        let this = &mut *self;
        loop {
            if let Some(end) = this.reader.buf.find('\n') {
                let mut line: String = this.reader.buf.drain(..=end).collect();
                line.pop();
                return Poll::Ready(Some(line));
            }
            let read = this.read.get_or_insert_with(|| this.reader.socket.read());
            match Pin::new(read).poll(cx) {
                Poll::Ready(Some(chunk)) => {
                    // Into the reader, which outlives this future: if a select drops us now,
                    // the next read_line starts from here.
                    this.reader.buf.push_str(&chunk);
                    this.read = None;
                }
                Poll::Ready(None) => {
                    this.read = None;
                    if this.reader.buf.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(core::mem::take(&mut this.reader.buf)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
