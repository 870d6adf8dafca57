//! The checker: syntax tree to [`Program`], resolving every name, typing every expression
//! and numbering every suspension point.
//!
//! It runs in two stages. Declarations first (config, channels, oneshots, sockets, tasks:
//! one namespace, limits, `io` times), so a task body may use a channel declared below it.
//! Then the task bodies, with Rust's rules where the language has Rust's constructs:
//! block scopes and shadowing, `break` only inside loops, futures that do nothing unless
//! awaited, `.await` only on futures, conditions of type `bool`.
//!
//! A channel's element type is not written anywhere; it is inferred from what is sent.
//! Because a task may send what it received from another channel, and tasks may come in
//! any order, the bodies are checked again until the channel types stop changing (a
//! fixpoint; each pass can only make types more precise, so it takes a pass or two in
//! practice and at most [`max_passes`]). A type that keeps growing (`ch.send(Some(x))` of
//! an `x` received from `ch`) is reported instead of looping.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::ast;
use crate::error::Error;
use crate::program::{
    AwaitId, AwaitSite, BinOp, Block, Budget, ChanId, Channel, Config, Expr, ExprKind, FmtPart,
    FutureExpr, FutureKind, Local, Micros, Oneshot, OneshotId, PatKind, Pattern, Program,
    SelectBranch, Slot, Socket, SocketId, Stmt, StmtKind, Task, TaskId, UnOp, Wheel,
};
use crate::span::Span;
use crate::suggest::closest;
use crate::template::{self, Piece};
use crate::types::{Type, unify};
use crate::words::{duration_code, plural};

// The task bodies' statements and expressions: `impl Checker` continued, one file each.
mod expr;
mod stmt;

/// The most workers the runtime simulates.
pub const MAX_WORKERS: i64 = 16;
/// The largest channel capacity accepted.
pub const MAX_CAPACITY: i64 = 1_000_000;
/// The most variables (slots) one task may have.
pub const MAX_LOCALS: usize = 4096;
/// Inferred types nested deeper than this are reported as growing without end.
pub const MAX_TYPE_DEPTH: u32 = 32;

/// The most futures one `join` takes.
pub const MAX_JOIN: usize = 16;

/// The built-in functions, with how each is called (for hints).
pub const BUILTINS: [(&str, &str); 10] = [
    ("sleep", "sleep(10ms).await"),
    ("yield_now", "yield_now().await"),
    ("pending", "pending().await"),
    ("lost_wake", "lost_wake().await"),
    ("no_yield", "no_yield().await"),
    ("timeout", "timeout(10ms, jobs.recv()).await"),
    ("join", "join(a.recv(), b.recv()).await"),
    ("work", "work(2ms)"),
    ("print", "print(\"job {job}\")"),
    ("now", "now()"),
];

/// The config keys, in the order the docs list them.
pub const CONFIG_KEYS: [&str; 9] = [
    "event_interval",
    "global_queue_interval",
    "budget",
    "workers",
    "lifo",
    "seed",
    "wheel",
    "long_poll",
    "max_blocking_threads",
];

/// How many times the task bodies may be checked before channel types must have settled.
/// Each unsettled pass makes some type strictly more precise, usually by filling an unknown;
/// a type that only grows passes [`MAX_TYPE_DEPTH`] well before this many passes.
pub fn max_passes(channels: usize) -> usize {
    (channels + 1) * (MAX_TYPE_DEPTH as usize + 2)
}

/// Checks a parsed program.
pub fn check(ast: &ast::Program) -> Result<Program, Error> {
    let decls = Decls::collect(ast)?;
    let mut chans = vec![Inferred::default(); decls.channels.len()];
    let mut oneshots = vec![Inferred::default(); decls.oneshots.len()];
    let limit = max_passes(chans.len() + oneshots.len());
    let mut changed = None;
    for _ in 0..limit {
        let mut cx = Checker::new(&decls, chans.clone(), oneshots.clone());
        let tasks = cx.tasks(ast)?;
        // The first channel (or oneshot) whose type this pass changed, if any.
        changed = first_change(&cx.chans, &chans, &decls.channels, |c| {
            (c.span, "channel", c.name.as_str())
        })
        .or_else(|| {
            first_change(&cx.oneshots, &oneshots, &decls.oneshots, |o| {
                (o.span, "oneshot", o.name.as_str())
            })
        });
        let Some((span, kind, name, depth)) = &changed else {
            let Checker {
                chans,
                oneshots,
                await_sites,
                ..
            } = cx;
            return Ok(decls.finish(tasks, chans, oneshots, await_sites));
        };
        if *depth > MAX_TYPE_DEPTH {
            return Err(never_settles(*span, kind, name));
        }
        chans = cx.chans;
        oneshots = cx.oneshots;
    }
    let (span, kind, name, _) = changed.unwrap_or((Span::default(), "channel", String::new(), 0));
    Err(never_settles(span, kind, &name))
}

fn first_change<'a, T>(
    now: &[Inferred],
    before: &[Inferred],
    decls: &'a [T],
    describe: impl Fn(&'a T) -> (Span, &'static str, &'a str),
) -> Option<(Span, &'static str, String, u32)> {
    let i = now.iter().zip(before).position(|(a, b)| a.ty != b.ty)?;
    let (span, kind, name) = describe(&decls[i]);
    Some((span, kind, name.to_string(), now[i].ty.depth()))
}

fn never_settles(span: Span, kind: &str, name: &str) -> Error {
    Error::new(
        span,
        format!("cannot infer what {kind} `{name}` carries: its type grows without end"),
    )
    .with_hint(format!(
        "a value received from `{name}` is sent back into it wrapped in `Some`, `Ok` or `Err`"
    ))
}

/// What is known of a channel's element type, and which send first made it known.
#[derive(Clone, Debug, Default)]
struct Inferred {
    ty: Type,
    first: Option<Span>,
}

fn id32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

// ---- declarations ------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Global {
    Chan(ChanId),
    Oneshot(OneshotId),
    Socket(SocketId),
    Task(TaskId),
}

impl Global {
    fn kind(self) -> &'static str {
        match self {
            Global::Chan(_) => "channel",
            Global::Oneshot(_) => "oneshot",
            Global::Socket(_) => "socket",
            Global::Task(_) => "task",
        }
    }
}

struct TaskHead {
    name: String,
    lazy: bool,
    start: Micros,
    span: Span,
}

struct Decls {
    config: Config,
    names: BTreeMap<String, (Global, Span)>,
    channels: Vec<Channel>,
    oneshots: Vec<Oneshot>,
    sockets: Vec<Socket>,
    tasks: Vec<TaskHead>,
}

impl Decls {
    fn collect(ast: &ast::Program) -> Result<Decls, Error> {
        let mut d = Decls {
            config: Config::default(),
            names: BTreeMap::new(),
            channels: Vec::new(),
            oneshots: Vec::new(),
            sockets: Vec::new(),
            tasks: Vec::new(),
        };
        let mut config_span: Option<Span> = None;
        for item in &ast.items {
            match item {
                ast::Item::Config(c) => {
                    let keyword = Span {
                        end: c.span.start + 6,
                        ..c.span
                    };
                    if let Some(first) = config_span {
                        return Err(Error::new(keyword, "`config` is given twice").with_hint(
                            format!(
                                "merge it into the first `config {{ ... }}`, at {}:{}",
                                first.line, first.col
                            ),
                        ));
                    }
                    config_span = Some(c.span);
                    d.config = config(c)?;
                }
                ast::Item::Chan(c) => {
                    let id = ChanId(id32(d.channels.len()));
                    d.declare(&c.name, Global::Chan(id))?;
                    if c.capacity < 1 {
                        return Err(Error::new(
                            c.capacity_span,
                            format!("channel capacity must be at least 1, found {}", c.capacity),
                        )
                        .with_hint(format!(
                            "a channel with no room could never take a value; `chan {}: 1;` holds one at a time",
                            c.name.name
                        )));
                    }
                    if c.capacity > MAX_CAPACITY {
                        return Err(Error::new(
                            c.capacity_span,
                            format!(
                                "channel capacity {} is too large: the limit is {MAX_CAPACITY}",
                                c.capacity
                            ),
                        ));
                    }
                    d.channels.push(Channel {
                        name: c.name.name.clone(),
                        capacity: u32::try_from(c.capacity).unwrap_or(u32::MAX),
                        elem: Type::Unknown,
                        span: c.span,
                    });
                }
                ast::Item::Oneshot(o) => {
                    let id = OneshotId(id32(d.oneshots.len()));
                    d.declare(&o.name, Global::Oneshot(id))?;
                    d.oneshots.push(Oneshot {
                        name: o.name.name.clone(),
                        elem: Type::Unknown,
                        span: o.span,
                    });
                }
                ast::Item::Io(io) => {
                    let id = SocketId(id32(d.sockets.len()));
                    d.declare(&io.name, Global::Socket(id))?;
                    let mut chunks: Vec<(Micros, String)> = Vec::new();
                    for chunk in &io.chunks {
                        if let Some(&(prev, _)) = chunks.last()
                            && chunk.at <= prev
                        {
                            return Err(Error::new(
                                chunk.at_span,
                                format!(
                                    "socket `{}`: data at {} must come after the previous chunk, at {}",
                                    io.name.name,
                                    duration_code(chunk.at),
                                    duration_code(prev)
                                ),
                            )
                            .with_hint("list the chunks in strictly increasing time"));
                        }
                        chunks.push((chunk.at, chunk.data.clone()));
                    }
                    d.sockets.push(Socket {
                        name: io.name.name.clone(),
                        chunks,
                        span: io.span,
                    });
                }
                ast::Item::Task(t) => {
                    let id = TaskId(id32(d.tasks.len()));
                    d.declare(&t.name, Global::Task(id))?;
                    if let (Some(_), Some((at, span))) = (t.lazy, t.start) {
                        return Err(Error::new(
                            span,
                            "a lazy task has no start time: it starts when spawned",
                        )
                        .with_hint(format!(
                            "remove `@ {}`, or remove `lazy` to start `{}` on its own at {}",
                            duration_code(at),
                            t.name.name,
                            duration_code(at)
                        )));
                    }
                    d.tasks.push(TaskHead {
                        name: t.name.name.clone(),
                        lazy: t.lazy.is_some(),
                        start: t.start.map_or(0, |(at, _)| at),
                        span: t.span,
                    });
                }
            }
        }
        Ok(d)
    }

    fn declare(&mut self, name: &ast::Ident, global: Global) -> Result<(), Error> {
        if let Some(&(first, span)) = self.names.get(&name.name) {
            return Err(Error::new(name.span, format!("the name `{}` is defined twice", name.name))
                .with_hint(format!(
                    "the first `{}` is a {} at {}:{}; tasks, channels, oneshots and sockets share one namespace",
                    name.name,
                    first.kind(),
                    span.line,
                    span.col
                )));
        }
        self.names.insert(name.name.clone(), (global, name.span));
        Ok(())
    }

    fn get(&self, name: &str) -> Option<Global> {
        self.names.get(name).map(|&(g, _)| g)
    }

    fn finish(
        mut self,
        tasks: Vec<Task>,
        chans: Vec<Inferred>,
        oneshots: Vec<Inferred>,
        await_sites: Vec<AwaitSite>,
    ) -> Program {
        for (c, i) in self.channels.iter_mut().zip(chans) {
            c.elem = i.ty;
        }
        for (o, i) in self.oneshots.iter_mut().zip(oneshots) {
            o.elem = i.ty;
        }
        Program {
            config: self.config,
            channels: self.channels,
            oneshots: self.oneshots,
            sockets: self.sockets,
            tasks,
            await_sites,
        }
    }
}

fn describe_value(v: &ast::ConfigValueKind) -> String {
    match v {
        ast::ConfigValueKind::Int(i) => format!("`{i}`"),
        ast::ConfigValueKind::Duration(us) => format!("the duration `{}`", duration_code(*us)),
        ast::ConfigValueKind::Word(w) => format!("`{w}`"),
    }
}

fn config(c: &ast::Config) -> Result<Config, Error> {
    let mut config = Config::default();
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for entry in &c.entries {
        let key = entry.key.name.as_str();
        let value = &entry.value;
        let span = value.span;
        let Some(&key) = CONFIG_KEYS.iter().find(|&&k| k == key) else {
            let hint = match closest(key, CONFIG_KEYS) {
                Some(k) => format!("did you mean `{k}`?"),
                None => {
                    let (last, rest) = CONFIG_KEYS.split_last().expect("keys");
                    let rest: Vec<String> = rest.iter().map(|k| format!("`{k}`")).collect();
                    format!("the keys are {} and `{last}`", rest.join(", "))
                }
            };
            return Err(
                Error::new(entry.key.span, format!("unknown config key `{key}`")).with_hint(hint),
            );
        };
        if let Some(first) = seen.insert(key, entry.key.span) {
            return Err(
                Error::new(entry.key.span, format!("config key `{key}` is set twice"))
                    .with_hint(format!("it is first set at {}:{}", first.line, first.col)),
            );
        }
        let found = describe_value(&value.kind);
        let int = |min: i64, max: i64, what: &str| -> Result<u32, Error> {
            match value.kind {
                ast::ConfigValueKind::Int(v) if (min..=max).contains(&v) => {
                    Ok(u32::try_from(v).unwrap_or(u32::MAX))
                }
                ast::ConfigValueKind::Int(_) => Err(Error::new(
                    span,
                    format!("`{key}` must be {what}, found {found}"),
                )),
                ast::ConfigValueKind::Duration(us) => Err(Error::new(
                    span,
                    format!("`{key}` needs an int, found {found}"),
                )
                .with_hint(format!(
                    "write a count, without a unit: `{}`",
                    duration_code(us).trim_end_matches(char::is_alphabetic)
                ))),
                ast::ConfigValueKind::Word(_) => Err(Error::new(
                    span,
                    format!("`{key}` needs an int, found {found}"),
                )),
            }
        };
        let word = |words: [&str; 2]| -> Result<usize, Error> {
            match &value.kind {
                ast::ConfigValueKind::Word(w) if words.contains(&w.as_str()) => {
                    Ok(words.iter().position(|x| x == w).unwrap_or(0))
                }
                _ => Err(Error::new(
                    span,
                    format!(
                        "`{key}` must be `{}` or `{}`, found {found}",
                        words[0], words[1]
                    ),
                )),
            }
        };
        let max = i64::from(u32::MAX);
        match key {
            "event_interval" => config.event_interval = Some(int(1, max, "at least 1")?),
            "global_queue_interval" => {
                config.global_queue_interval = Some(int(1, max, "at least 1")?)
            }
            "seed" => config.seed = Some(int(0, max, "between 0 and 4294967295")?),
            "budget" => {
                config.budget = Some(match &value.kind {
                    ast::ConfigValueKind::Word(w) if w == "off" => Budget::Off,
                    ast::ConfigValueKind::Word(_) => {
                        return Err(Error::new(
                            span,
                            format!("`budget` must be an int or `off`, found {found}"),
                        ));
                    }
                    _ => Budget::Units(int(1, max, "at least 1 (or `off`)")?),
                });
            }
            "workers" => {
                config.workers = Some(int(
                    1,
                    MAX_WORKERS,
                    &format!("between 1 and {MAX_WORKERS}"),
                )?)
            }
            "lifo" => config.lifo = Some(word(["on", "off"])? == 0),
            "wheel" => config.wheel = Some([Wheel::Tokio, Wheel::Small][word(["tokio", "small"])?]),
            "max_blocking_threads" => {
                config.max_blocking_threads =
                    Some(int(1, max, "at least 1 (Tokio's default is 512)")?)
            }
            _ => {
                config.long_poll = Some(match value.kind {
                    ast::ConfigValueKind::Duration(us) => us,
                    ast::ConfigValueKind::Int(v) => {
                        return Err(Error::new(
                            span,
                            format!("`long_poll` needs a duration, found {found}"),
                        )
                        .with_hint(format!("write it with a unit: `{v}ms`")));
                    }
                    ast::ConfigValueKind::Word(_) => {
                        return Err(Error::new(
                            span,
                            format!("`long_poll` needs a duration, found {found}"),
                        )
                        .with_hint("write it with a unit: `1ms`"));
                    }
                });
            }
        }
    }
    Ok(config)
}

// ---- task bodies -------------------------------------------------------------------------

/// Where a future appears, for the messages about it.
#[derive(Clone, Copy)]
enum FutCtx<'a> {
    /// `future.await`
    Await,
    /// A `select` branch.
    Select,
    /// `timeout(after, future)`
    Timeout(&'a ast::Expr),
    /// An argument of `join(...)`.
    Join,
}

/// A call or method call resolves to a future or to a plain value.
enum Resolved {
    Future(FutureExpr),
    Value(Expr),
}

struct Checker<'d> {
    d: &'d Decls,
    chans: Vec<Inferred>,
    oneshots: Vec<Inferred>,
    await_sites: Vec<AwaitSite>,
    // The task being checked:
    task: TaskId,
    locals: Vec<Local>,
    /// Visible slots, innermost last; `marks` are where each open block's begin.
    scope: Vec<Slot>,
    marks: Vec<usize>,
    loops: u32,
    sends: BTreeSet<ChanId>,
    oneshot_sends: BTreeSet<OneshotId>,
    spawns: BTreeSet<TaskId>,
    /// The variables `let f = FUTURE;` made in this task, and those polled (`&mut f`, `f`):
    /// a kept future that is never polled is an error, as an unawaited one is.
    kept: Vec<(Slot, String)>,
    polled: BTreeSet<Slot>,
    /// The `spawn_blocking { }` or `block_in_place { }` block being checked, innermost.
    closure: Option<Closure>,
}

/// A block that is the body of a synchronous closure (`spawn_blocking`, `block_in_place`):
/// nothing in it can be awaited, and `break` and `continue` cannot leave it.
#[derive(Clone, Copy)]
struct Closure {
    /// `spawn_blocking` or `block_in_place`.
    word: &'static str,
    /// Loops open outside it (a `break` in it cannot reach them).
    outer_loops: u32,
    /// The task's variables below this slot are captured by copy (`spawn_blocking`'s `move`
    /// closure): assigning one inside would change only the copy. `None`: none are (the
    /// closure `block_in_place` runs borrows them).
    copied_below: Option<usize>,
}

type CResult<T> = Result<T, Error>;

impl<'d> Checker<'d> {
    fn new(d: &'d Decls, chans: Vec<Inferred>, oneshots: Vec<Inferred>) -> Self {
        Checker {
            d,
            chans,
            oneshots,
            await_sites: Vec::new(),
            task: TaskId(0),
            locals: Vec::new(),
            scope: Vec::new(),
            marks: Vec::new(),
            loops: 0,
            sends: BTreeSet::new(),
            oneshot_sends: BTreeSet::new(),
            spawns: BTreeSet::new(),
            closure: None,
            kept: Vec::new(),
            polled: BTreeSet::new(),
        }
    }

    fn tasks(&mut self, ast: &ast::Program) -> CResult<Vec<Task>> {
        let mut tasks = Vec::new();
        let asts = ast.items.iter().filter_map(|i| match i {
            ast::Item::Task(t) => Some(t),
            _ => None,
        });
        for (i, (t, head)) in asts.zip(&self.d.tasks).enumerate() {
            self.task = TaskId(id32(i));
            self.locals.clear();
            self.scope.clear();
            self.marks.clear();
            self.loops = 0;
            self.kept.clear();
            self.polled.clear();
            let body = self.block(&t.body)?;
            if let Some((slot, text)) = self.kept.iter().find(|(s, _)| !self.polled.contains(s)) {
                let local = &self.locals[slot.index()];
                return Err(Error::new(
                    local.span,
                    format!(
                        "`{}` keeps a future ({}) that is never polled",
                        local.name, local.ty
                    ),
                )
                .with_hint(format!(
                    "futures do nothing unless polled: to wait here, `let {0} = {text}.await;`; \
                     to keep it and wait later, `{0}.await`, or `&mut {0}` in a `select`",
                    local.name
                )));
            }
            tasks.push(Task {
                name: head.name.clone(),
                lazy: head.lazy,
                start: head.start,
                body,
                locals: core::mem::take(&mut self.locals),
                sends: core::mem::take(&mut self.sends).into_iter().collect(),
                oneshot_sends: core::mem::take(&mut self.oneshot_sends)
                    .into_iter()
                    .collect(),
                spawns: core::mem::take(&mut self.spawns).into_iter().collect(),
                span: head.span,
            });
        }
        Ok(tasks)
    }

    // ---- scopes ---------------------------------------------------------------------------

    fn open(&mut self) {
        self.marks.push(self.scope.len());
    }

    fn close(&mut self) {
        let mark = self.marks.pop().unwrap_or(0);
        self.scope.truncate(mark);
    }

    fn lookup(&self, name: &str) -> Option<Slot> {
        self.scope.iter().rev().copied().find(|s| {
            let local = &self.locals[s.index()];
            !local.hidden && local.name == name
        })
    }

    /// The closest visible variable name, innermost first.
    fn closest_local(&self, name: &str) -> Option<String> {
        let names: Vec<&str> = self
            .scope
            .iter()
            .rev()
            .map(|s| &self.locals[s.index()])
            .filter(|l| !l.hidden)
            .map(|l| l.name.as_str())
            .collect();
        closest(name, names).map(ToString::to_string)
    }

    fn declare(&mut self, name: &str, ty: Type, span: Span, hidden: bool) -> CResult<Slot> {
        if !hidden
            && let Some(g @ (Global::Chan(_) | Global::Oneshot(_) | Global::Socket(_))) =
                self.d.get(name)
        {
            return Err(Error::new(
                span,
                format!(
                    "cannot name a variable `{name}`: that is the name of a {}",
                    g.kind()
                ),
            )
            .with_hint("pick another name for the variable"));
        }
        if self.locals.len() >= MAX_LOCALS {
            return Err(Error::new(
                span,
                format!(
                    "too many variables in task `{}`: the limit is {MAX_LOCALS}",
                    self.d.tasks[self.task.index()].name
                ),
            ));
        }
        let slot = Slot(id32(self.locals.len()));
        self.locals.push(Local {
            name: name.into(),
            ty,
            span,
            hidden,
        });
        self.scope.push(slot);
        Ok(slot)
    }

    fn await_site(&mut self, span: Span, label: String) -> AwaitId {
        let id = AwaitId(id32(self.await_sites.len()));
        self.await_sites.push(AwaitSite {
            id,
            task: self.task,
            span,
            label,
            locals: self.scope.clone(),
        });
        id
    }

    // ---- statements -----------------------------------------------------------------------

    fn block(&mut self, b: &ast::Block) -> CResult<Block> {
        self.open();
        let mut stmts = Vec::with_capacity(b.stmts.len());
        for s in &b.stmts {
            stmts.push(self.stmt(s)?);
        }
        self.close();
        Ok(Block {
            stmts,
            span: b.span,
        })
    }

    /// Checks `b` as the body of a `word` closure (`spawn_blocking` or `block_in_place`).
    fn closure_body(&mut self, word: &'static str, b: &ast::Block) -> CResult<Block> {
        let copied_below = if word == crate::parser::SPAWN_BLOCKING {
            Some(self.locals.len())
        } else {
            self.closure.and_then(|c| c.copied_below)
        };
        let outer = self.closure.replace(Closure {
            word,
            outer_loops: self.loops,
            copied_below,
        });
        let loops = core::mem::replace(&mut self.loops, 0);
        let body = self.block(b);
        self.loops = loops;
        self.closure = outer;
        body
    }

    /// The error for awaiting (`what`: `.await` or `select`) inside a closure's block.
    fn await_in_closure(&self, span: Span, what: &str) -> Option<Error> {
        let c = self.closure?;
        let err = Error::new(
            span,
            format!(
                "{what} inside `{} {{ ... }}`: its block is the body of a synchronous closure, \
                 which cannot await",
                c.word
            ),
        );
        Some(if c.word == crate::parser::SPAWN_BLOCKING {
            err.with_hint(
                "the block runs on a thread of the blocking pool; await in the task instead, \
                 before it, or after it: `let h = spawn_blocking { ... }; h.await;`",
            )
        } else {
            err.with_hint("end the block first, then await what you need after it")
        })
    }

    fn in_loop(&mut self, b: &ast::Block) -> CResult<Block> {
        self.loops += 1;
        let body = self.block(b);
        self.loops -= 1;
        body
    }
}

/// The arithmetic of the language: operator, left, right, result.
const RULES: [(BinOp, Type, Type, Type); 12] = [
    (BinOp::Add, Type::Int, Type::Int, Type::Int),
    (BinOp::Add, Type::Duration, Type::Duration, Type::Duration),
    (BinOp::Add, Type::Str, Type::Str, Type::Str),
    (BinOp::Sub, Type::Int, Type::Int, Type::Int),
    (BinOp::Sub, Type::Duration, Type::Duration, Type::Duration),
    (BinOp::Mul, Type::Int, Type::Int, Type::Int),
    (BinOp::Mul, Type::Duration, Type::Int, Type::Duration),
    (BinOp::Mul, Type::Int, Type::Duration, Type::Duration),
    (BinOp::Div, Type::Int, Type::Int, Type::Int),
    (BinOp::Div, Type::Duration, Type::Int, Type::Duration),
    (BinOp::Rem, Type::Int, Type::Int, Type::Int),
    (BinOp::Rem, Type::Duration, Type::Duration, Type::Duration),
];

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The hint for mixing ints and durations.
fn mix_hint(a: &Type, b: &Type) -> Option<String> {
    let mixed = matches!(
        (a, b),
        (Type::Int, Type::Duration) | (Type::Duration, Type::Int)
    );
    mixed.then(|| {
        "an int is not a duration: give it a unit (`5ms`), or multiply by one (`n * 1ms`)"
            .to_string()
    })
}

/// The hint when an int is given where a duration is wanted, or the other way round.
fn int_duration_hint(want: &Type, found: &Expr) -> Option<String> {
    match (want, &found.ty, &found.kind) {
        (Type::Duration, Type::Int, ExprKind::Int(n)) => {
            Some(format!("write a duration with a unit: `{n}ms`"))
        }
        (Type::Duration, Type::Int, _) => {
            Some("turn an int into a duration by multiplying: `n * 1ms`".into())
        }
        (Type::Int, Type::Duration, ExprKind::Duration(us)) => {
            let text = duration_code(*us);
            Some(format!(
                "`{text}` is a duration; write a plain number: `{}`",
                text.trim_end_matches(char::is_alphabetic)
            ))
        }
        (Type::Int, Type::Duration, _) => {
            Some("a duration is not an int; keep the count in an int variable".into())
        }
        _ => None,
    }
}

fn suggest_method(m: &str, methods: &[&str], fallback: &str) -> String {
    match closest(m, methods.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

/// The first part of `p` that might not match (`let` needs patterns that always do).
fn refutable(p: &ast::Pattern) -> Option<&ast::Pattern> {
    match &p.kind {
        ast::PatKind::Wild | ast::PatKind::Bind(_) | ast::PatKind::Unit => None,
        ast::PatKind::Tuple(items) => items.iter().find_map(refutable),
        _ => Some(p),
    }
}

/// The kept futures `f` polls, in order: the variable, whether it is lent (`&mut f`), where.
fn kept_in(f: &FutureExpr, out: &mut Vec<(Slot, bool, Span)>) {
    match &f.kind {
        FutureKind::Kept { slot, lend } => out.push((*slot, *lend, f.span)),
        FutureKind::Timeout { future, .. } => kept_in(future, out),
        FutureKind::JoinAll(futures) => futures.iter().for_each(|g| kept_in(g, out)),
        _ => {}
    }
}

fn never_awaited(e: &ast::Expr, output: &Type) -> Error {
    let ty = Type::Future(Box::new(output.clone()));
    Error::new(
        e.span,
        format!("`{e}` is a future ({ty}) that is never awaited"),
    )
    .with_hint(format!("futures do nothing unless awaited: `{e}.await`"))
}

trait HintIf {
    fn with_hint_if(self, hint: Option<String>) -> Self;
}

impl HintIf for Error {
    fn with_hint_if(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }
}
