//! Checks for exercise 18: the capstone. The learner's runtime, built from their own
//! `block_on` (e04), executor (e05), `Sleep` (e09) and reactor (e10), runs one small program
//! on the lab's machine (`support::machine`): a task that ticks every 4 ms, four times, and a
//! task that sleeps 5 ms, then reads a socket until the peer closes it; `main` spawns both and
//! waits for them. The data arrives at t=3 (before the read), t=10 (a timer is pending until
//! 12) and the peer closes at t=19 (no timer is pending by then).
//!
//! Before running the program, every check runs the pieces' own checks, and names the first
//! piece that fails: a capstone over a broken piece would fail for reasons the glue cannot fix.
//! Then each check reads one property of the same run: its output, its times, how the thread
//! slept (every `epoll_wait` and `sleep` is recorded) and what was polled without a wake.

use crate::runner::run_nested;
use crate::support::ensure;
use crate::support::machine::{IoEvent, Lab, Line, MAIN, Machine, Wait, WaitKind};
use crate::support::probe::ProbedTask;
use crate::{Check, Learner, Solution, Which};
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use runtime_core::{EventRecord, Tick};

/// One of the exercises the runtime is built from, with its own checks.
#[derive(Clone, Copy, Debug)]
pub struct Piece {
    /// `e05_executor`.
    pub exercise: &'static str,
    /// "executor".
    pub what: &'static str,
    /// Its checks, as they grade this code.
    pub checks: &'static [Check],
}

/// What the learner writes.
pub trait Subject: 'static {
    type Runtime;
    type Handle: Clone + 'static;
    /// The pieces this runtime is built from: their own checks run first.
    const PIECES: &'static [Piece];
    fn new(machine: Machine) -> Self::Runtime;
    fn handle(rt: &Self::Runtime) -> Self::Handle;
    fn spawn(h: &Self::Handle, task: ProbedTask);
    fn sleep(h: &Self::Handle, ticks: Tick) -> Pin<Box<dyn Future<Output = ()>>>;
    fn read(h: &Self::Handle, socket: usize) -> Pin<Box<dyn Future<Output = Option<String>>>>;
    fn block_on<F: Future>(rt: &Self::Runtime, main: F) -> F::Output;
}

macro_rules! pieces {
    ($marker:ty) => {
        &[
            Piece {
                exercise: "e04_block_on",
                what: "block_on",
                checks: crate::checks::e04_block_on::Checks::<$marker>::ALL,
            },
            Piece {
                exercise: "e05_executor",
                what: "executor",
                checks: crate::checks::e05_executor::Checks::<$marker>::ALL,
            },
            Piece {
                exercise: "e09_sleep",
                what: "Sleep",
                checks: crate::checks::e09_sleep::Checks::<$marker>::ALL,
            },
            Piece {
                exercise: "e10_reactor",
                what: "reactor",
                checks: crate::checks::e10_reactor::Checks::<$marker>::ALL,
            },
        ]
    };
}

macro_rules! subject {
    ($marker:ty, $module:ident) => {
        impl Subject for $marker {
            type Runtime = $module::Runtime;
            type Handle = $module::Handle;
            const PIECES: &'static [Piece] = pieces!($marker);
            fn new(machine: Machine) -> Self::Runtime {
                $module::Runtime::new(machine)
            }
            fn handle(rt: &Self::Runtime) -> Self::Handle {
                rt.handle().clone()
            }
            fn spawn(h: &Self::Handle, task: ProbedTask) {
                h.spawn(task);
            }
            fn sleep(h: &Self::Handle, ticks: Tick) -> Pin<Box<dyn Future<Output = ()>>> {
                Box::pin(h.sleep(ticks))
            }
            fn read(
                h: &Self::Handle,
                socket: usize,
            ) -> Pin<Box<dyn Future<Output = Option<String>>>> {
                Box::pin(h.read(socket))
            }
            fn block_on<F: Future>(rt: &Self::Runtime, main: F) -> F::Output {
                rt.block_on(main)
            }
        }
    };
}

mod learner {
    pub use crate::exercises::e18_capstone::{Handle, Runtime};
}
mod solution {
    pub use crate::solutions::e18_capstone::{Handle, Runtime};
}

learner_and_solution!(subject, learner, solution);

impl<S: Subject> Checks<S> {
    pub const ALL: &'static [Check] = &[
        Check {
            name: "runs the program to the end on your pieces",
            points: 2,
            run: to_the_end::<S>,
        },
        Check {
            name: "fires each timer at its deadline",
            points: 2,
            run: timers_on_time::<S>,
        },
        Check {
            name: "delivers I/O while timers are pending",
            points: 2,
            run: io_on_time::<S>,
        },
        Check {
            name: "sleeps when nothing is ready, polls only what was woken",
            points: 2,
            run: no_busy_loop::<S>,
        },
        Check {
            name: "does not lose a wake of block_on's future",
            points: 2,
            run: main_wake::<S>,
        },
    ];
}

/// Runs every piece's own checks; the first failure, with the piece named.
fn pieces<S: Subject>() -> Result<(), String> {
    for piece in S::PIECES {
        let short = &piece.exercise[..3];
        let number = short[1..].trim_start_matches('0');
        let file = format!("src/exercises/{}.rs", piece.exercise);
        for check in piece.checks {
            let before = format!(
                "this runtime is built from your own pieces, and your {} (exercise {number}, \
                 {file}) fails its own check `{}`: ",
                piece.what, check.name
            );
            let after = format!(
                " Fix exercise {number} first (`cargo run --release -p exercises --bin grade -- \
                 {short}`), then grade e18 again."
            );
            run_nested(check, &before, &after)?;
        }
    }
    Ok(())
}

/// The socket the reader reads.
const SOCKET: usize = 0;
/// How often the ticker ticks, and how many times.
const TICK: Tick = 4;
const TICKS: u32 = 4;
/// How long the reader sleeps before its first read.
const NAP: Tick = 5;

/// What arrives on the socket, and when.
fn script() -> Vec<(Tick, IoEvent)> {
    let data = |data: &str| IoEvent::Readable {
        socket: SOCKET,
        data: data.to_string(),
    };
    vec![
        (3, data("hello")),
        (10, data("world")),
        (19, IoEvent::Closed { socket: SOCKET }),
    ]
}

/// The output a correct runtime prints: (time, task, line).
fn expected() -> Vec<(Tick, &'static str, String)> {
    vec![
        (4, "ticker", String::from("tick 1")),
        (5, "reader", String::from("read \"hello\"")),
        (8, "ticker", String::from("tick 2")),
        (10, "reader", String::from("read \"world\"")),
        (12, "ticker", String::from("tick 3")),
        (16, "ticker", String::from("tick 4")),
        (19, "reader", String::from("socket closed")),
        (19, MAIN, String::from("both tasks done")),
    ]
}

/// Counts down; its waiter wakes when it reaches zero (the program's join).
#[derive(Clone, Debug)]
struct Latch(Rc<RefCell<(u32, Option<Waker>)>>);

impl Latch {
    fn new(n: u32) -> Latch {
        Latch(Rc::new(RefCell::new((n, None))))
    }

    fn done(&self) {
        let waker = {
            let mut s = self.0.borrow_mut();
            s.0 -= 1;
            if s.0 == 0 { s.1.take() } else { None }
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

impl Future for Latch {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.0.borrow_mut();
        if s.0 == 0 {
            return Poll::Ready(());
        }
        s.1 = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// A finished run of the program.
struct Ran {
    lab: Lab,
    /// What `block_on` returned: the chunks the reader read.
    returned: Vec<String>,
}

/// Runs the pieces' checks, then the program on `S`'s runtime.
fn ran<S: Subject>() -> Result<Ran, String> {
    pieces::<S>()?;
    Ok(program::<S>())
}

fn program<S: Subject>() -> Ran {
    let (lab, machine) = Lab::new(&["peer"], script());
    let rt = S::new(machine);
    let h = S::handle(&rt);
    let out = lab.printer();
    let latch = Latch::new(2);
    let chunks: Rc<RefCell<Vec<String>>> = Rc::default();
    let main = lab.main({
        let (out, latch) = (out.clone(), latch.clone());
        async move {
            latch.await;
            out.print("both tasks done");
        }
    });
    let ticker = lab.task("ticker", {
        let (h, out, latch) = (h.clone(), out.clone(), latch.clone());
        async move {
            for i in 1..=TICKS {
                S::sleep(&h, TICK).await;
                out.print(&format!("tick {i}"));
            }
            latch.done();
        }
    });
    let reader = lab.task("reader", {
        let (h, out, latch, chunks) = (h.clone(), out.clone(), latch.clone(), chunks.clone());
        async move {
            S::sleep(&h, NAP).await;
            while let Some(chunk) = S::read(&h, SOCKET).await {
                out.print(&format!("read {chunk:?}"));
                chunks.borrow_mut().push(chunk);
            }
            out.print("socket closed");
            latch.done();
        }
    });
    let returned = S::block_on(&rt, {
        let chunks = chunks.clone();
        async move {
            // main spawns the two tasks on its first poll, as `tokio::spawn` inside
            // `#[tokio::main]` does.
            S::spawn(&h, ticker);
            S::spawn(&h, reader);
            main.await;
            chunks.borrow().clone()
        }
    });
    Ran { lab, returned }
}

fn show(lines: &[Line]) -> String {
    let shown: Vec<String> = lines
        .iter()
        .map(|l| format!("t={} {}: {}", l.at, l.task, l.text))
        .collect();
    format!("[{}]", shown.join("; "))
}

fn to_the_end<S: Subject>() -> Result<(), String> {
    let ran = ran::<S>()?;
    let output = ran.lab.output();
    let missing: Vec<String> = expected()
        .into_iter()
        .filter(|(_, task, text)| !output.iter().any(|l| l.task == *task && &l.text == text))
        .map(|(_, task, text)| format!("{task}: {text}"))
        .collect();
    ensure(missing.is_empty(), || {
        format!(
            "the program ran, but these lines were never printed: {missing:?}. It printed {}.",
            show(&output)
        )
    })?;
    ensure(ran.returned == ["hello", "world"], || {
        format!(
            "block_on returned {:?}; `main` returns the chunks the reader read, [\"hello\", \
             \"world\"]: return what your exercise-4 block_on returns.",
            ran.returned
        )
    })
}

/// The first wait that slept while tasks were ready.
fn slept_while_ready(waits: &[Wait]) -> Option<Wait> {
    waits.iter().find(|w| w.ready > 0 && w.to > w.from).copied()
}

/// The first wait that slept past a pending timer.
fn overslept(waits: &[Wait]) -> Option<(Wait, Tick)> {
    waits.iter().find_map(|w| {
        w.next_timer
            .filter(|&d| w.to > d && w.from <= d)
            .map(|d| (*w, d))
    })
}

fn call(w: &Wait) -> String {
    match (w.kind, w.timeout) {
        (WaitKind::Epoll, Some(t)) => format!("epoll_wait(Some({t}))"),
        (WaitKind::Epoll, None) => String::from("epoll_wait(None)"),
        (WaitKind::Sleep, t) => format!("sleep({})", t.unwrap_or(0)),
    }
}

/// The first line of `task` that is not what a correct runtime prints, with the time and text
/// the line in its place should have had (or `Err` with a message when the task printed too
/// few lines).
fn first_off(output: &[Line], task: &str) -> Result<Option<(Line, Tick, String)>, String> {
    let printed: Vec<&Line> = output.iter().filter(|l| l.task == task).collect();
    for (i, (at, _, text)) in expected()
        .into_iter()
        .filter(|(_, t, _)| *t == task)
        .enumerate()
    {
        let Some(line) = printed.get(i) else {
            return Err(format!(
                "the {task} printed only {} lines: {}",
                printed.len(),
                show(output)
            ));
        };
        if line.at != at || line.text != text {
            return Ok(Some(((*line).clone(), at, text)));
        }
    }
    Ok(None)
}

fn timers_on_time<S: Subject>() -> Result<(), String> {
    let ran = ran::<S>()?;
    let output = ran.lab.output();
    let Some((line, at, text)) = first_off(&output, "ticker")? else {
        return Ok(());
    };
    if line.text != text {
        return Err(format!(
            "the ticker printed `{}` at t={} where `{text}` was due at t={at}: it prints its \
             lines in order, so a line went missing. The output: {}",
            line.text,
            line.at,
            show(&output)
        ));
    }
    let waits = ran.lab.waits();
    let why = if line.at < at {
        format!(
            " It came early: each tick sleeps {TICK} ms from the moment it starts, so a sleep's \
             deadline is now (`timers.now()`) plus the ticks."
        )
    } else if let Some(w) = slept_while_ready(&waits) {
        format!(
            " The thread slept in `{}` from t={} to t={} while {} task(s) were ready to run: a \
             turn runs the ready tasks first, and only then turns the drivers (the timers those \
             tasks register exist only once they have run).",
            call(&w),
            w.from,
            w.to,
            w.ready
        )
    } else if let Some((w, due)) = overslept(&waits) {
        format!(
            " The thread slept in `{}` from t={} to t={} though a timer was due at t={due}: the \
             timeout must be the time to the next timer (its deadline minus now), as Tokio's \
             time driver computes before it parks in the I/O driver.",
            call(&w),
            w.from,
            w.to
        )
    } else {
        String::from(
            " The thread did wake up in time, but the timer fired only on a later turn: fire \
             the timers right after the thread wakes (`process` after `epoll_wait`), so the \
             tasks they wake run before the next sleep.",
        )
    };
    Err(format!(
        "`{}` was printed at t={}, and should be at t={at}.{why} The output: {}",
        line.text,
        line.at,
        show(&output)
    ))
}

/// Why each of the reader's lines comes when it does.
fn reader_reason(text: &str) -> &'static str {
    match text {
        "read \"hello\"" => "the data arrived at t=3, while the reader napped; it asks at t=5",
        "read \"world\"" => "the data arrived at t=10, while the reader waited for it",
        _ => "the peer closed the socket at t=19, while the reader waited for more",
    }
}

fn io_on_time<S: Subject>() -> Result<(), String> {
    let ran = ran::<S>()?;
    let output = ran.lab.output();
    let Some((line, at, text)) = first_off(&output, "reader")? else {
        return Ok(());
    };
    let waits = ran.lab.waits();
    let head = if line.text == text {
        format!(
            "the reader printed `{text}` at t={}, and should print it at t={at}: {}.",
            line.at,
            reader_reason(&text)
        )
    } else {
        format!(
            "the reader printed `{}` at t={} where `{text}` was due at t={at} ({}): a chunk \
             went missing on its way to the reader.",
            line.text,
            line.at,
            reader_reason(&text)
        )
    };
    let why = if let Ok(Some((tick, tick_at, _))) = first_off(&output, "ticker") {
        format!(
            " The timers are off too (`{}` at t={}, should be t={tick_at}), and the reader's \
             first read waits for its {NAP} ms nap: make the timers fire on time first (the \
             check `fires each timer at its deadline` says how).",
            tick.text, tick.at
        )
    } else if let Some(w) = waits
        .iter()
        .find(|w| w.kind == WaitKind::Sleep && w.io_left.is_some())
    {
        format!(
            " While a timer was pending your runtime slept with `{}` from t={} to t={}: I/O \
             that arrives meanwhile stays in the kernel until the next epoll_wait. Sleep in \
             epoll_wait with the timer's time as its timeout instead: it returns early when I/O \
             comes, and the I/O driver hands it to the reactor at once (Tokio's time driver \
             parks in the I/O driver, `park_timeout`).",
            call(w),
            w.from,
            w.to
        )
    } else {
        String::from(
            " Hand every event epoll_wait returns to the reactor (`deliver` for data, `close` \
             for a closed socket) in the same turn, and sleep in epoll_wait, which returns as \
             soon as I/O comes.",
        )
    };
    Err(format!("{head}{why} The output: {}", show(&output)))
}

/// How many turns the program needs: about one per timer, I/O event and wake of `main`, plus
/// some slack for a runtime that looks for I/O once more after running tasks.
const MAX_TURNS: usize = 24;

fn no_busy_loop<S: Subject>() -> Result<(), String> {
    let ran = ran::<S>()?;
    let unwoken = ran.lab.probe().unwoken_polls();
    ensure(unwoken.is_empty(), || {
        let polls = ran.lab.probe().poll_counts();
        format!(
            "{} polled without a wake ({} time(s)); polls per task: {polls:?}. A future is \
             polled again only after its waker was called: your exercise-4 block_on polls \
             `main` only when its flag is set, and your executor polls a task only when its id \
             comes out of the ready queue. Let them do the polling.",
            unwoken[0],
            unwoken.len()
        )
    })?;
    let waits = ran.lab.waits();
    ensure(waits.len() <= MAX_TURNS, || {
        let idle = waits
            .iter()
            .filter(|w| w.from == w.to && w.events == 0)
            .count();
        format!(
            "your runtime went round its loop {} times ({idle} of them without sleeping and \
             without any I/O) for 5 timers, 3 I/O events and one wake of `main`: 9 turns do \
             it. Sleep whenever no task is ready and `main` was not woken.",
            waits.len()
        )
    })
}

fn main_wake<S: Subject>() -> Result<(), String> {
    let ran = ran::<S>()?;
    let output = ran.lab.output();
    let done = output.iter().find(|l| l.task == MAIN);
    let last = output
        .iter()
        .filter(|l| l.task != MAIN)
        .map(|l| l.at)
        .max()
        .unwrap_or(0);
    ensure(done.is_some_and(|l| l.at == last), || {
        format!(
            "`main` waits for both tasks; the last one finished at t={last}, which woke `main`, \
             so `main` should print at t={last}. It printed {}: after the wake, a turn slept \
             anyway. A turn must not sleep while block_on's future is woken (Tokio checks its \
             `woken` flag before parking, in `has_pending_work`). The output: {}",
            done.map_or_else(|| String::from("nothing"), |l| format!("at t={}", l.at)),
            show(&output)
        )
    })
}

/// The demo: the program, on the learner's runtime or the solution's.
pub fn demo(which: Which) -> Result<Vec<EventRecord>, String> {
    which.call(demo_run::<Learner>, demo_run::<Solution>)
}

fn demo_run<S: Subject>() -> Result<Vec<EventRecord>, String> {
    Ok(ran::<S>()?.lab.trace())
}
