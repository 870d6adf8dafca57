//! Checks for exercise 13: cancellation safety. A runtime-core socket delivers chunks that
//! split lines; a `reader` task reads lines, once plainly and once with every `read_line`
//! wrapped in a 5 ms `timeout` (which drops the `ReadLine` future when it fires).

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use core::future::Future;
use core::pin::Pin;
use runtime_core::io::Socket;
use runtime_core::trace::Event;
use runtime_core::{EventRecord, Runtime, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    type Reader: 'static;
    fn new(socket: Socket) -> Self::Reader;
    fn read_line(r: &mut Self::Reader) -> Pin<Box<dyn Future<Output = Option<String>> + '_>>;
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            type Reader = crate::$module::e13_cancel_safety::LineReader;
            fn new(socket: Socket) -> Self::Reader {
                Self::Reader::new(socket)
            }
            fn read_line(
                r: &mut Self::Reader,
            ) -> Pin<Box<dyn Future<Output = Option<String>> + '_>> {
                Box::pin(r.read_line())
            }
        }
    };
}

learner_and_solution!(subject);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "reads whole lines from split chunks",
            points: 3,
            run: lines::<S>,
        },
        Check {
            name: "loses nothing when a timeout drops it",
            points: 5,
            run: cancel_safe::<S>,
        },
        Check {
            name: "returns a last line without a newline",
            points: 2,
            run: tail::<S>,
        },
    ];
}

const CHUNKS: [(Tick, &str); 3] = [(2, "hel"), (8, "lo\nwor"), (12, "ld\n")];

fn socket(rt: &Runtime, tail: bool) -> Socket {
    let mut script: Vec<(Tick, String)> = CHUNKS.iter().map(|&(t, s)| (t, s.to_string())).collect();
    if tail {
        script.push((30, String::from("tail")));
    }
    rt.handle().socket("sock", script)
}

/// Reads every line, plainly (`timeout: None`) or each under a timeout; returns the lines
/// and how many timeouts fired.
fn read_all<S: Subject>(tail: bool, timeout: Option<Tick>) -> (Run, Option<(Vec<String>, u32)>) {
    let mut rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let mut reader = S::new(socket(&rt, tail));
    let mut join = rt.spawn("reader", async move {
        let (mut lines, mut timeouts) = (Vec::new(), 0);
        loop {
            let line = match timeout {
                None => S::read_line(&mut reader).await,
                Some(t) => match h.timeout(t, S::read_line(&mut reader)).await {
                    Ok(line) => line,
                    Err(_) => {
                        timeouts += 1;
                        h.print("timeout: the read_line future is dropped");
                        continue;
                    }
                },
            };
            match line {
                Some(l) => {
                    h.print(format!("line {l:?}"));
                    lines.push(l);
                }
                None => return (lines, timeouts),
            }
        }
    });
    let run = Run::of(&mut rt);
    let out = support::output(&mut join);
    (run, out)
}

fn lines<S: Subject>() -> Result<(), String> {
    let (run, out) = read_all::<S>(false, None);
    let got = out.map(|(l, _)| l);
    ensure(
        got.as_deref() == Some(&["hello".to_string(), "world".to_string()][..]),
        || match &got {
            Some(l) => format!(
                "the socket delivers \"hel\" (t=2), \"lo\\nwor\" (t=8), \"ld\\n\" (t=12): reading lines \
             until None should give [\"hello\", \"world\"]; it gave {l:?}. Keep appending chunks \
             until the buffer holds a `\\n`, and return the line without it."
            ),
            None => format!(
                "reading lines until None, the reader {}",
                run.fate(run.id("reader")).trim_start_matches("it ")
            ),
        },
    )
}

fn cancel_safe<S: Subject>() -> Result<(), String> {
    let (run, out) = read_all::<S>(true, Some(5));
    let want = ["hello", "world", "tail"].map(String::from);
    let (got, timeouts) = match out {
        Some(o) => o,
        None => {
            return Err(format!(
                "reading lines with a 5 ms timeout around each read_line, the reader {}",
                run.fate(run.id("reader")).trim_start_matches("it ")
            ));
        }
    };
    let first_timeout = run
        .find(|r| matches!(&r.event, Event::Print { text, .. } if text.starts_with("timeout")))
        .map(|i| run.quote(i))
        .unwrap_or_default();
    ensure(got == want, || {
        format!(
            "with a 5 ms timeout around each read_line, the lines should still be {want:?}; they \
             were {got:?}. At t=5 the timeout fired ({first_timeout}) while \"hel\" had been read \
             but no whole line: the ReadLine future was dropped, and with it whatever it held. \
             A future dropped at a Pending must lose nothing (that is what cancel safe means): \
             what did this one hold, and what lives longer than any one read_line? (The hints \
             lead there, one rung at a time.)"
        )
    })?;
    ensure(timeouts >= 2, || {
        format!("expected the timeouts to fire at least twice; they fired {timeouts} times")
    })
}

fn tail<S: Subject>() -> Result<(), String> {
    let (run, out) = read_all::<S>(true, None);
    let got = out.map(|(l, _)| l);
    let want = ["hello", "world", "tail"].map(String::from);
    ensure(got.as_deref() == Some(&want[..]), || match &got {
        Some(l) => format!(
            "after \"hello\" and \"world\" the socket delivers \"tail\" (no newline) and ends: \
             read_line should return \"tail\" as a last line, then None; the lines were {l:?}."
        ),
        None => format!(
            "reading lines until None, the reader {}",
            run.fate(run.id("reader")).trim_start_matches("it ")
        ),
    })
}

/// The demo: lines read with a 5 ms timeout around each read_line.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    let run = match which {
        Which::Learner => read_all::<Learner>(true, Some(5)).0,
        Which::Solution => read_all::<Solution>(true, Some(5)).0,
    };
    Ok(run.events)
}
