//! Exercise 13: a line reader that keeps the partial line in the future (lost when a timeout
//! drops it), and one that drops a last line without a newline.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e13_cancel_safety::Subject;
use runtime_core::io::{Read, Socket};

/// Keeps the partial line in the `ReadLine` future.
pub const PARTIAL_IN_FUTURE: u8 = 1;
/// Returns None at the end of the stream even when a last line is left.
pub const NO_TAIL: u8 = 2;

pub struct Reader {
    socket: Socket,
    buf: String,
}

struct ReadLine<'a, const BUG: u8> {
    reader: &'a mut Reader,
    read: Option<Read>,
    /// PARTIAL_IN_FUTURE keeps the data here instead of in the reader.
    partial: String,
}

impl<const BUG: u8> Future for ReadLine<'_, BUG> {
    type Output = Option<String>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        let this = &mut *self;
        loop {
            let buf = if BUG == PARTIAL_IN_FUTURE {
                &mut this.partial
            } else {
                &mut this.reader.buf
            };
            if let Some(end) = buf.find('\n') {
                let mut line: String = buf.drain(..=end).collect();
                line.pop();
                return Poll::Ready(Some(line));
            }
            let socket = &this.reader.socket;
            let read = this.read.get_or_insert_with(|| socket.read());
            match Pin::new(read).poll(cx) {
                Poll::Ready(Some(chunk)) => {
                    this.read = None;
                    if BUG == PARTIAL_IN_FUTURE {
                        this.partial.push_str(&chunk);
                    } else {
                        this.reader.buf.push_str(&chunk);
                    }
                }
                Poll::Ready(None) => {
                    let buf = if BUG == PARTIAL_IN_FUTURE {
                        &mut this.partial
                    } else {
                        &mut this.reader.buf
                    };
                    if buf.is_empty() || BUG == NO_TAIL {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(core::mem::take(buf)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    type Reader = Reader;
    fn new(socket: Socket) -> Self::Reader {
        Reader {
            socket,
            buf: String::new(),
        }
    }
    fn read_line(r: &mut Self::Reader) -> Pin<Box<dyn Future<Output = Option<String>> + '_>> {
        Box::pin(ReadLine::<BUG> {
            reader: r,
            read: None,
            partial: String::new(),
        })
    }
}
