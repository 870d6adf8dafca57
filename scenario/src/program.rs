//! A checked program: what the interpreter runs.
//!
//! Everything a run needs is resolved here, so the interpreter never looks a name up:
//! variables are slots in a per-task `Vec` ([`Slot`]), channels, oneshots, sockets and tasks
//! are indices ([`ChanId`], ...), durations are microseconds, and futures are a separate
//! tree ([`FutureExpr`]) from values, so "build this leaf future" is one `match`.
//!
//! Each suspension point has an [`AwaitId`] and an entry in [`Program::await_sites`]: its
//! source text for the UI ("parked at `jobs.recv().await`") and the variables in scope
//! there, which are exactly what the state machine rustc would generate for the task must
//! keep alive across that `.await` (the Pin / state-machine panel shows them). Ids are
//! numbered in source order across the program; when one `.await` is nested inside
//! another's arguments, the inner one comes first, as it runs first.
//!
//! Ids are `u32`, never `usize`, so a trace recorded natively and one recorded in wasm32
//! agree byte for byte.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

pub use crate::ast::{BinOp, UnOp};
use crate::span::Span;
use crate::types::Type;

/// Virtual time in microseconds.
pub type Micros = u64;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id!(
    /// A task: an index into [`Program::tasks`], in declaration order.
    TaskId
);
id!(
    /// A bounded channel: an index into [`Program::channels`].
    ChanId
);
id!(
    /// A oneshot: an index into [`Program::oneshots`].
    OneshotId
);
id!(
    /// A socket: an index into [`Program::sockets`].
    SocketId
);
id!(
    /// A variable: an index into its task's [`Task::locals`].
    Slot
);
id!(
    /// A suspension point: an index into [`Program::await_sites`].
    AwaitId
);

/// A checked scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The `config { }` values; `None` where the program leaves the runtime's default.
    pub config: Config,
    /// Channels in declaration order.
    pub channels: Vec<Channel>,
    /// Oneshots in declaration order.
    pub oneshots: Vec<Oneshot>,
    /// Sockets in declaration order.
    pub sockets: Vec<Socket>,
    /// Tasks in declaration order (the order non-lazy tasks start in).
    pub tasks: Vec<Task>,
    /// Every suspension point, indexed by [`AwaitId`].
    pub await_sites: Vec<AwaitSite>,
}

impl Program {
    /// The task with this id.
    pub fn task(&self, id: TaskId) -> &Task {
        &self.tasks[id.index()]
    }

    /// The channel with this id.
    pub fn channel(&self, id: ChanId) -> &Channel {
        &self.channels[id.index()]
    }

    /// The await site with this id.
    pub fn await_site(&self, id: AwaitId) -> &AwaitSite {
        &self.await_sites[id.index()]
    }

    /// The task named `name`.
    pub fn task_id(&self, name: &str) -> Option<TaskId> {
        let i = self.tasks.iter().position(|t| t.name == name)?;
        Some(TaskId(u32::try_from(i).ok()?))
    }

    /// The channel named `name`.
    pub fn channel_id(&self, name: &str) -> Option<ChanId> {
        let i = self.channels.iter().position(|c| c.name == name)?;
        Some(ChanId(u32::try_from(i).ok()?))
    }

    /// The tasks `task` may start, directly or through the tasks it spawns, itself
    /// included, in id order.
    pub fn spawn_closure(&self, task: TaskId) -> Vec<TaskId> {
        let mut seen = vec![false; self.tasks.len()];
        let mut stack = vec![task];
        seen[task.index()] = true;
        while let Some(t) = stack.pop() {
            for &s in &self.task(t).spawns {
                if !seen[s.index()] {
                    seen[s.index()] = true;
                    stack.push(s);
                }
            }
        }
        (0..self.tasks.len())
            .filter(|&i| seen[i])
            .filter_map(|i| u32::try_from(i).ok().map(TaskId))
            .collect()
    }

    /// True if `task`, or a task it may spawn (transitively), sends on `chan`. The runtime
    /// closes a channel for its receivers when no task that is running, or can still be
    /// started, answers yes.
    pub fn may_send(&self, task: TaskId, chan: ChanId) -> bool {
        self.spawn_closure(task)
            .into_iter()
            .any(|t| self.task(t).sends.contains(&chan))
    }

    /// Like [`Program::may_send`], for a oneshot.
    pub fn may_send_oneshot(&self, task: TaskId, oneshot: OneshotId) -> bool {
        self.spawn_closure(task)
            .into_iter()
            .any(|t| self.task(t).oneshot_sends.contains(&oneshot))
    }
}

/// The cooperative budget setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Budget {
    /// `budget: off`
    Off,
    /// `budget: 128`: units per poll.
    Units(u32),
}

/// The timer-wheel geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Wheel {
    /// `wheel: tokio`: Tokio's 6 levels of 64 slots.
    Tokio,
    /// `wheel: small`: a wheel small enough to draw.
    Small,
}

/// The values of `config { }`; `None` means "not set: use the runtime's default".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Polls between two turns of the drivers.
    pub event_interval: Option<u32>,
    /// The cooperative budget.
    pub budget: Option<Budget>,
    /// Simulated workers, 1 to 16.
    pub workers: Option<u32>,
    /// Whether the LIFO slot is used.
    pub lifo: Option<bool>,
    /// Ticks between two looks at the inject queue first.
    pub global_queue_interval: Option<u32>,
    /// The seed of the run's random draws (`select`'s first branch, stealing).
    pub seed: Option<u32>,
    /// The timer-wheel geometry.
    pub wheel: Option<Wheel>,
    /// Polls longer than this are reported as long polls.
    pub long_poll: Option<Micros>,
    /// The most threads of the blocking pool (Tokio's `max_blocking_threads`).
    pub max_blocking_threads: Option<u32>,
}

/// `chan NAME: CAP;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    /// The name.
    pub name: String,
    /// How many values fit before `send` waits (at least 1).
    pub capacity: u32,
    /// What it carries, inferred from the sends; [`Type::Unknown`] if nobody sends.
    pub elem: Type,
    /// The declaration.
    pub span: Span,
}

/// `oneshot NAME;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Oneshot {
    /// The name.
    pub name: String,
    /// What it carries, inferred from the sends; [`Type::Unknown`] if nobody sends.
    pub elem: Type,
    /// The declaration.
    pub span: Span,
}

/// `io NAME { ... }`: a virtual socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Socket {
    /// The name.
    pub name: String,
    /// When each chunk becomes readable, strictly increasing, and its data.
    pub chunks: Vec<(Micros, String)>,
    /// The declaration.
    pub span: Span,
}

/// A task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The name.
    pub name: String,
    /// Started only by `spawn`.
    pub lazy: bool,
    /// When a non-lazy task starts (`@ 5ms`); 0 for the others.
    pub start: Micros,
    /// The body.
    pub body: Block,
    /// Every variable of the task, indexed by [`Slot`].
    pub locals: Vec<Local>,
    /// The channels the task itself sends on, sorted.
    pub sends: Vec<ChanId>,
    /// The oneshots the task itself sends on, sorted.
    pub oneshot_sends: Vec<OneshotId>,
    /// The lazy tasks it spawns itself, sorted.
    pub spawns: Vec<TaskId>,
    /// The declaration.
    pub span: Span,
}

/// A variable (one per `let`, pattern binding and loop variable; shadowing makes a new one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Local {
    /// The name, for display.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Where it is declared.
    pub span: Span,
    /// True for a slot the compiler adds (a `for` loop's end bound, named `i.end`): the
    /// learner did not write it, but the task's future keeps it across awaits all the same.
    pub hidden: bool,
}

/// A suspension point.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AwaitSite {
    /// Its id (its index in [`Program::await_sites`]).
    pub id: AwaitId,
    /// The task it is in.
    pub task: TaskId,
    /// The awaited expression, `.await` included (or the whole `select`).
    pub span: Span,
    /// Its source text, e.g. `jobs.recv().await` or `select { jobs.recv(), sleep(20ms) }`.
    pub label: String,
    /// The variables in scope there, outermost first.
    pub locals: Vec<Slot>,
}

/// `{ ... }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The statements in order.
    pub stmts: Vec<Stmt>,
    /// From `{` to `}`.
    pub span: Span,
}

/// A statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    /// What it does.
    pub kind: StmtKind,
    /// Where.
    pub span: Span,
}

/// The kinds of statement. `x += e` arrives as `x = x + e`, and `else if` as an `else`
/// block holding the `if`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// `let x = e;` (`slot` is `None` for `let _ = e;`).
    Let {
        /// Where the value goes.
        slot: Option<Slot>,
        /// The value.
        value: Expr,
    },
    /// `x = e;`
    Assign {
        /// The variable.
        slot: Slot,
        /// The new value.
        value: Expr,
    },
    /// `let (a, b) = e;`: destructures with a pattern that always matches.
    LetPat {
        /// The pattern (names, `_` and tuples of them).
        pat: Pattern,
        /// The value.
        value: Expr,
    },
    /// `let f = FUTURE;` or `f = FUTURE;`: keeps a future, not yet polled, in variable `f`
    /// (the future it held before, if any, is dropped: cancelled).
    Keep {
        /// The variable, of type `Future<T>`.
        slot: Slot,
        /// The future.
        future: FutureExpr,
        /// Its source text, for messages (`db.read()`).
        text: String,
    },
    /// `e;`: evaluated for its effect.
    Expr(Expr),
    /// `if cond { } else { }`
    If {
        /// A bool.
        cond: Expr,
        /// Runs when `cond` holds.
        then: Block,
        /// Runs otherwise.
        otherwise: Option<Block>,
    },
    /// `if let pat = value { } else { }`
    IfLet {
        /// The pattern.
        pat: Pattern,
        /// The value matched.
        value: Expr,
        /// Runs when the pattern matches (its bindings are in scope).
        then: Block,
        /// Runs otherwise.
        otherwise: Option<Block>,
    },
    /// `while cond { }`
    While {
        /// A bool, evaluated before each iteration.
        cond: Expr,
        /// The body.
        body: Block,
    },
    /// `while let pat = value { }`
    WhileLet {
        /// The pattern.
        pat: Pattern,
        /// Evaluated before each iteration.
        value: Expr,
        /// The body.
        body: Block,
    },
    /// `loop { }`
    Loop(Block),
    /// `for var in start..end { }` (`..=` when `inclusive`). `end` is evaluated once, into
    /// `end_slot`, before the first iteration.
    For {
        /// The loop variable.
        var: Slot,
        /// The hidden slot holding the bound.
        end_slot: Slot,
        /// The first value.
        start: Expr,
        /// The bound.
        end: Expr,
        /// Whether `end` itself is included.
        inclusive: bool,
        /// The body.
        body: Block,
    },
    /// `break;` out of the innermost loop.
    Break,
    /// `continue;` the innermost loop.
    Continue,
    /// `return;`: the task completes.
    Return,
    /// `{ ... }`
    Block(Block),
    /// `select { ... }`: polls every branch's future until one completes, then drops the
    /// others (cancellation) and runs the winner's body. One suspension point.
    Select {
        /// Its await site.
        id: AwaitId,
        /// `biased;`: polled in order. Otherwise each poll starts at a random branch (drawn
        /// from the run's seed), as `tokio::select!` does.
        biased: bool,
        /// The branches.
        branches: Vec<SelectBranch>,
    },
    /// `block_in_place { ... }`: runs the block in the task's own poll, after telling the
    /// runtime that it blocks (with several workers, the worker's other tasks move to another
    /// thread; with one, a run-time error, as Tokio panics). No await inside.
    BlockInPlace(Block),
}

/// `pat = future => { body }`, or `pat = future, if guard => { body }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectBranch {
    /// Matched against the output.
    pub pat: Pattern,
    /// The future.
    pub future: FutureExpr,
    /// The precondition (a bool), evaluated before the futures are made: false disables the
    /// branch for this `select`.
    pub guard: Option<Expr>,
    /// Runs when this branch wins.
    pub body: Block,
    /// The whole branch.
    pub span: Span,
}

/// A pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// What it matches.
    pub kind: PatKind,
    /// Where.
    pub span: Span,
}

/// The kinds of pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatKind {
    /// `_`
    Wild,
    /// Binds the value to the slot.
    Bind(Slot),
    /// An int literal.
    Int(i64),
    /// A string literal.
    Str(String),
    /// `true` / `false`
    Bool(bool),
    /// `()`
    Unit,
    /// `Some(p)`
    Some(Box<Pattern>),
    /// `None`
    None,
    /// `Ok(p)`
    Ok(Box<Pattern>),
    /// `Err(p)`
    Err(Box<Pattern>),
    /// `(p, q)`
    Tuple(Vec<Pattern>),
}

/// A value expression, with its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type (possibly partly [`Type::Unknown`]).
    pub ty: Type,
    /// Where.
    pub span: Span,
}

/// The kinds of value expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// An int literal.
    Int(i64),
    /// `true` / `false`
    Bool(bool),
    /// A string literal.
    Str(String),
    /// A duration literal, in microseconds.
    Duration(Micros),
    /// `()`
    Unit,
    /// A variable.
    Local(Slot),
    /// `-e` (int), `!e` (bool).
    Unary(UnOp, Box<Expr>),
    /// `a op b`; `&&` and `||` short-circuit. The operand types are on the operands
    /// (`duration * int`, `str + str`, ...).
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `Some(e)`
    Some(Box<Expr>),
    /// `None`
    None,
    /// `Ok(e)`
    Ok(Box<Expr>),
    /// `Err(e)`
    Err(Box<Expr>),
    /// `(a, b)`
    Tuple(Vec<Expr>),
    /// `future.await`: a suspension point.
    Await {
        /// Its await site.
        id: AwaitId,
        /// What is awaited.
        future: Box<FutureExpr>,
    },
    /// `spawn NAME`: starts a lazy task, gives its JoinHandle.
    Spawn(TaskId),
    /// `spawn_blocking { ... }`: runs the block on a thread of the blocking pool, with a copy
    /// of the task's variables (a `move` closure), and gives its JoinHandle. No await inside.
    SpawnBlocking {
        /// The closure's body.
        body: Block,
        /// The task's variables in scope where it is spawned: what the closure captures.
        captures: Vec<Slot>,
    },
    /// `h.abort()`: cancels the task behind the handle.
    Abort(Box<Expr>),
    /// `ONESHOT.send(v)`: completes at once.
    OneshotSend {
        /// Which oneshot.
        oneshot: OneshotId,
        /// The value.
        value: Box<Expr>,
    },
    /// `work(d)`: CPU work that blocks the executor for `d`.
    Work(Box<Expr>),
    /// `print("...")`, placeholders resolved.
    Print(Vec<FmtPart>),
    /// `now()`: the virtual time.
    Now,
}

/// A piece of a `print` string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FmtPart {
    /// Text, escapes and `{{` `}}` decoded.
    Lit(String),
    /// `{name}`: the variable's value.
    Local(Slot),
}

/// A future, before it is awaited, with the type it produces. (`FutureExpr`, not `Future`:
/// the checker and the interpreter also use `core::future::Future`.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FutureExpr {
    /// Which leaf future (or combinator).
    pub kind: FutureKind,
    /// What awaiting it produces.
    pub output: Type,
    /// Where, without `.await`.
    pub span: Span,
}

/// The futures of the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FutureKind {
    /// `sleep(d)`
    Sleep(Expr),
    /// `yield_now()`: Pending once, waking itself.
    YieldNow,
    /// `pending()`: never completes.
    Pending,
    /// `lost_wake()`: deliberately broken, Pending and drops its waker.
    LostWake,
    /// `no_yield()`: deliberately broken, always Ready, ignores the budget.
    NoYield,
    /// `timeout(d, future)`: `Ok(output)`, or `Err("elapsed")` after `d`.
    Timeout {
        /// The time limit.
        after: Expr,
        /// The inner future (dropped when the time runs out).
        future: Box<FutureExpr>,
    },
    /// `CH.send(v)`: waits while the channel is full.
    Send {
        /// Which channel.
        chan: ChanId,
        /// The value.
        value: Expr,
    },
    /// `CH.recv()`: `Some(v)`, or `None` once the channel is closed and empty.
    Recv(ChanId),
    /// `ONESHOT.recv()`: `Some(v)`, or `None` if nobody can send any more.
    OneshotRecv(OneshotId),
    /// `SOCKET.read()`: the next chunk, `None` at the end of the data.
    Read(SocketId),
    /// Awaiting a JoinHandle: `Ok(())`, or `Err("cancelled")` if the task was aborted.
    Join(Expr),
    /// `join(a, b, ...)`: polls every future in one task until all have completed, as
    /// `tokio::join!` does; gives the tuple of their outputs.
    JoinAll(Vec<FutureExpr>),
    /// The future kept in variable `slot` (by `let f = FUTURE;`): lent with `&mut f` (`lend`:
    /// it stays in `f`, and carries on next time it is polled), or moved out with `f` (it is
    /// the awaiting future's from then on, and dropped with it).
    Kept {
        /// The variable.
        slot: Slot,
        /// `&mut f` rather than `f`.
        lend: bool,
    },
}
