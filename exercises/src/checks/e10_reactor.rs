//! Checks for exercise 10: a reactor. An `io driver` task plays the operating system: at
//! scripted virtual times it delivers data to the learner's reactor (or closes the socket).
//! A `reader` task reads; the trace shows when it was polled and who woke it.

use crate::support::{self, Run, ensure};
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::{EventRecord, Handle, Runtime, Tick};

/// What the learner writes.
pub trait Subject: 'static {
    type Reactor: 'static;
    fn new() -> Rc<Self::Reactor>;
    fn add_socket(r: &Self::Reactor) -> usize;
    fn deliver(r: &Self::Reactor, socket: usize, data: String);
    fn close(r: &Self::Reactor, socket: usize);
    fn poll_read(r: &Self::Reactor, socket: usize, cx: &mut Context<'_>) -> Poll<Option<String>>;
}

macro_rules! subject {
    ($marker:ty, $reactor:ty) => {
        impl Subject for $marker {
            type Reactor = $reactor;
            fn new() -> Rc<Self::Reactor> {
                <$reactor>::new()
            }
            fn add_socket(r: &Self::Reactor) -> usize {
                r.add_socket()
            }
            fn deliver(r: &Self::Reactor, socket: usize, data: String) {
                r.deliver(socket, data)
            }
            fn close(r: &Self::Reactor, socket: usize) {
                r.close(socket)
            }
            fn poll_read(
                r: &Self::Reactor,
                socket: usize,
                cx: &mut Context<'_>,
            ) -> Poll<Option<String>> {
                r.poll_read(socket, cx)
            }
        }
    };
}

subject!(Learner, crate::exercises::e10_reactor::Reactor);
subject!(Solution, crate::solutions::e10_reactor::Reactor);

/// The checks, for code `S`.
#[derive(Debug)]
pub struct Checks<S>(PhantomData<S>);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "a reader waits for data and is woken when it arrives",
            points: 3,
            run: later::<S>,
        },
        Check {
            name: "no lost wakeup when the data came first",
            points: 3,
            run: earlier::<S>,
        },
        Check {
            name: "the end of the stream wakes the reader",
            points: 2,
            run: closed::<S>,
        },
        Check {
            name: "every chunk is read once, in order",
            points: 2,
            run: in_order::<S>,
        },
    ];
}

/// What the OS does at a time.
#[derive(Clone, Copy, Debug)]
enum Os {
    Data(&'static str),
    Close,
}

/// Reads the next chunk through the learner's `poll_read`.
struct Read<S: Subject> {
    reactor: Rc<S::Reactor>,
    socket: usize,
}

impl<S: Subject> Future for Read<S> {
    type Output = Option<String>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        S::poll_read(&self.reactor, self.socket, cx)
    }
}

/// A runtime with a reactor, one socket and the `io driver` task playing `script`.
fn setup<S: Subject>(script: &[(Tick, Os)]) -> (Runtime, Handle, Rc<S::Reactor>, usize) {
    let rt = support::runtime(support::config());
    let h = rt.handle().clone();
    let reactor = S::new();
    let socket = S::add_socket(&reactor);
    let (os_h, os_r, script) = (h.clone(), reactor.clone(), script.to_vec());
    rt.spawn("io driver", async move {
        for (at, what) in script {
            os_h.sleep_until(at).await;
            match what {
                Os::Data(d) => {
                    os_h.print(format!("the OS: {d:?} arrives on socket {socket}"));
                    S::deliver(&os_r, socket, d.to_string());
                }
                Os::Close => {
                    os_h.print(format!("the OS: socket {socket} is closed"));
                    S::close(&os_r, socket);
                }
            }
        }
    });
    (rt, h, reactor, socket)
}

/// Reads until the end of the stream, starting at `start`; returns the chunks and when.
fn reader<S: Subject>(
    rt: &Runtime,
    h: &Handle,
    reactor: &Rc<S::Reactor>,
    socket: usize,
    start: Tick,
    until_end: bool,
) -> runtime_core::JoinHandle<Vec<(Tick, Option<String>)>> {
    let (h, reactor) = (h.clone(), reactor.clone());
    rt.spawn("reader", async move {
        h.sleep_until(start).await;
        let mut got = Vec::new();
        loop {
            let chunk = Read::<S> {
                reactor: reactor.clone(),
                socket,
            }
            .await;
            let end = chunk.is_none();
            got.push((h.now(), chunk));
            if end || !until_end {
                return got;
            }
        }
    })
}

fn later<S: Subject>() -> Result<(), String> {
    let (mut rt, h, reactor, socket) = setup::<S>(&[(10, Os::Data("hello"))]);
    let mut join = reader::<S>(&rt, &h, &reactor, socket, 0, false);
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    let task = run.id("reader");
    ensure(
        got == Some(vec![(10, Some(String::from("hello")))]),
        || match &got {
            Some(v) => format!(
                "the reader read at t=0 and \"hello\" arrived at t=10: it should get Some(\"hello\") at t=10; it got {v:?}"
            ),
            None => format!(
                "the reader read at t=0 (nothing there: it must register interest and return \
             Pending), then \"hello\" arrived at t=10 — which must wake it. But {}. `deliver` \
             wakes the registered interest when the buffer goes from empty to not empty.",
                run.fate(task)
            ),
        },
    )?;
    let polls = run.polls(task).len();
    ensure(polls == 2, || {
        format!(
            "the reader should be polled twice (Pending at t=0, Ready at t=10); it was polled {polls} times"
        )
    })
}

fn earlier<S: Subject>() -> Result<(), String> {
    let (mut rt, h, reactor, socket) = setup::<S>(&[(5, Os::Data("early"))]);
    let mut join = reader::<S>(&rt, &h, &reactor, socket, 20, false);
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    ensure(
        got == Some(vec![(20, Some(String::from("early")))]),
        || match &got {
            Some(v) => format!(
                "\"early\" arrived at t=5 and the reader read at t=20: it should get Some(\"early\") at once, at t=20; it got {v:?}"
            ),
            None => format!(
                "\"early\" arrived at t=5, before anyone was interested (its readiness edge woke \
             nobody); the reader read at t=20 and {}. No new edge will ever come for data \
             already there: `poll_read` must look in the buffer before it registers interest.",
                run.fate(run.id("reader"))
            ),
        },
    )
}

fn closed<S: Subject>() -> Result<(), String> {
    let (mut rt, h, reactor, socket) = setup::<S>(&[(8, Os::Close)]);
    let mut join = reader::<S>(&rt, &h, &reactor, socket, 0, false);
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    ensure(got == Some(vec![(8, None)]), || match &got {
        Some(v) => format!(
            "the socket closed at t=8 with no data: the reader should get None at t=8; it got {v:?}"
        ),
        None => format!(
            "the reader waits for data, and at t=8 the socket is closed: the reader must be \
             woken and get None. But {}. `close` must wake the registered interest too.",
            run.fate(run.id("reader"))
        ),
    })
}

fn in_order<S: Subject>() -> Result<(), String> {
    let script = [
        (5, Os::Data("a")),
        (5, Os::Data("b")),
        (7, Os::Data("c")),
        (9, Os::Close),
    ];
    let (mut rt, h, reactor, socket) = setup::<S>(&script);
    let mut join = reader::<S>(&rt, &h, &reactor, socket, 0, true);
    let run = Run::of(&mut rt);
    let got = support::output(&mut join);
    let chunks: Option<Vec<Option<String>>> = got.map(|v| v.into_iter().map(|(_, c)| c).collect());
    let want = vec![
        Some(String::from("a")),
        Some(String::from("b")),
        Some(String::from("c")),
        None,
    ];
    ensure(chunks.as_ref() == Some(&want), || match &chunks {
        Some(v) => format!(
            "\"a\" and \"b\" arrived at t=5, \"c\" at t=7, then the socket closed: reading \
             until None should give [a, b, c, None]; it gave {v:?}. Keep every chunk, oldest \
             first (a queue), and hand out one per read."
        ),
        None => format!(
            "reading until the end of the stream, the reader {}",
            run.fate(run.id("reader")).trim_start_matches("it ")
        ),
    })
}

/// The demo: data before and after the reader is interested, then the end of the stream.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    let script = [(5, Os::Data("GET /")), (10, Os::Data("x")), (20, Os::Close)];
    let (mut rt, h, reactor, socket) = setup::<S>(&script);
    let h2 = h.clone();
    rt.spawn("reader", async move {
        let first = Read::<S> {
            reactor: reactor.clone(),
            socket,
        }
        .await;
        h2.print(format!("read {first:?}"));
        h2.sleep_until(15).await;
        loop {
            let chunk = Read::<S> {
                reactor: reactor.clone(),
                socket,
            }
            .await;
            h2.print(format!("read {chunk:?}"));
            if chunk.is_none() {
                break;
            }
        }
    });
    rt.run();
    Ok(rt.events())
}
