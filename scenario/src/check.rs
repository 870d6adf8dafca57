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

    fn stmt(&mut self, s: &ast::Stmt) -> CResult<Stmt> {
        let kind = match &s.kind {
            ast::StmtKind::Let { name, value: e, .. } => match (name, self.value_or_future(e)?) {
                (Some(n), Resolved::Future(future)) => {
                    self.keepable(&future, e)?;
                    let ty = Type::Future(Box::new(future.output.clone()));
                    let slot = self.declare(&n.name, ty, n.span, false)?;
                    self.kept.push((slot, format!("{e}")));
                    StmtKind::Keep {
                        slot,
                        future,
                        text: format!("{e}"),
                    }
                }
                (None, Resolved::Future(future)) => return Err(never_awaited(e, &future.output)),
                (name, Resolved::Value(value)) => {
                    let slot = match name {
                        Some(n) => Some(self.declare(&n.name, value.ty.clone(), n.span, false)?),
                        None => None,
                    };
                    StmtKind::Let { slot, value }
                }
            },
            ast::StmtKind::LetPat { pat, value: e } => {
                let value = self.expr(e)?;
                if let Some(bad) = refutable(pat) {
                    return Err(Error::new(
                        bad.span,
                        "refutable pattern in `let`: it might not match, and `let` has no `else`",
                    )
                    .with_hint(format!(
                        "`let` takes names, `_` and tuples of them; to test the value, write \
                         `if let PATTERN = {e} {{ ... }}`"
                    )));
                }
                let pat = self.pattern(pat, &value.ty)?;
                StmtKind::LetPat { pat, value }
            }
            ast::StmtKind::Assign { target, op, value } => self.assign(target, *op, value)?,
            ast::StmtKind::Expr(e) => StmtKind::Expr(self.expr(e)?),
            ast::StmtKind::If(i) => self.if_stmt(i)?,
            ast::StmtKind::While {
                cond: ast::Cond::Expr(c),
                body,
            } => {
                let cond = self.condition(c, "while")?;
                StmtKind::While {
                    cond,
                    body: self.in_loop(body)?,
                }
            }
            ast::StmtKind::While {
                cond: ast::Cond::Let { pat, value },
                body,
            } => {
                let value = self.expr(value)?;
                self.open();
                let pat = self.pattern(pat, &value.ty)?;
                let body = self.in_loop(body)?;
                self.close();
                StmtKind::WhileLet { pat, value, body }
            }
            ast::StmtKind::Loop(body) => StmtKind::Loop(self.in_loop(body)?),
            ast::StmtKind::For {
                var,
                start,
                end,
                inclusive,
                body,
            } => {
                let start = self.expr(start)?;
                self.expect(&start, &Type::Int)?;
                let end = self.expr(end)?;
                self.expect(&end, &Type::Int)?;
                self.open();
                let end_slot =
                    self.declare(&format!("{}.end", var.name), Type::Int, end.span, true)?;
                let var_slot = self.declare(&var.name, Type::Int, var.span, false)?;
                let body = self.in_loop(body)?;
                self.close();
                StmtKind::For {
                    var: var_slot,
                    end_slot,
                    start,
                    end,
                    inclusive: *inclusive,
                    body,
                }
            }
            ast::StmtKind::Break | ast::StmtKind::Continue => {
                let word = if s.kind == ast::StmtKind::Break {
                    "break"
                } else {
                    "continue"
                };
                if self.loops == 0
                    && let Some(c) = self.closure.filter(|c| c.outer_loops > 0)
                {
                    return Err(Error::new(
                        s.span,
                        format!(
                            "`{word}` inside `{} {{ ... }}` cannot reach the loop outside it",
                            c.word
                        ),
                    )
                    .with_hint(
                        "the block is the body of a closure, which a `break` or `continue` \
                         cannot leave; put the loop inside the block, or the block inside the \
                         loop's body",
                    ));
                }
                if self.loops == 0 {
                    return Err(Error::new(s.span, format!("`{word}` outside of a loop"))
                        .with_hint(format!("`{word}` works inside `loop`, `while` and `for`")));
                }
                if word == "break" {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                }
            }
            ast::StmtKind::Return => StmtKind::Return,
            ast::StmtKind::Block(b) => StmtKind::Block(self.block(b)?),
            ast::StmtKind::Select(sel) => {
                if let Some(err) = self.await_in_closure(sel.span, "`select`") {
                    return Err(err);
                }
                self.select(sel)?
            }
            ast::StmtKind::BlockInPlace(b) => {
                StmtKind::BlockInPlace(self.closure_body(crate::parser::BLOCK_IN_PLACE, b)?)
            }
        };
        Ok(Stmt { kind, span: s.span })
    }

    fn assign(
        &mut self,
        target: &ast::Ident,
        op: ast::AssignOp,
        value: &ast::Expr,
    ) -> CResult<StmtKind> {
        let name = &target.name;
        let Some(slot) = self.lookup(name) else {
            if let Some(g) = self.d.get(name) {
                return Err(Error::new(
                    target.span,
                    format!("cannot assign to `{name}`: it is a {}", g.kind()),
                ));
            }
            let hint = match self.closest_local(name) {
                Some(c) => format!(
                    "did you mean `{c}`? To make a new variable, write `let mut {name} = ...;`"
                ),
                None => format!("declare it first: `let mut {name} = ...;`"),
            };
            return Err(Error::new(
                target.span,
                format!("cannot assign to `{name}`: no variable `{name}` in scope"),
            )
            .with_hint(hint));
        };
        if let Some(below) = self.closure.and_then(|c| c.copied_below)
            && slot.index() < below
        {
            return Err(Error::new(
                target.span,
                format!(
                    "cannot assign to `{name}` inside `spawn_blocking {{ ... }}`: the block has \
                     its own copy of it"
                ),
            )
            .with_hint(format!(
                "the block is a `move` closure run on another thread, so the task's `{name}` \
                 would not change; make a new variable, `let mut {name} = {name};`, or hand the \
                 result back on a oneshot"
            )));
        }
        if let Type::Future(_) = &self.locals[slot.index()].ty {
            return self.assign_future(slot, target, op, value);
        }
        let value = self.expr(value)?;
        let current = self.locals[slot.index()].ty.clone();
        let value = match op {
            ast::AssignOp::Set => value,
            ast::AssignOp::Add | ast::AssignOp::Sub => {
                let bin = if op == ast::AssignOp::Add {
                    BinOp::Add
                } else {
                    BinOp::Sub
                };
                let lhs = Expr {
                    kind: ExprKind::Local(slot),
                    ty: current.clone(),
                    span: target.span,
                };
                let span = target.span.to(value.span);
                let ty = self.binary_type(bin, &lhs, &value, span)?;
                Expr {
                    kind: ExprKind::Binary(bin, Box::new(lhs), Box::new(value)),
                    ty,
                    span,
                }
            }
        };
        match unify(&current, &value.ty) {
            Some(t) => self.locals[slot.index()].ty = t,
            None => {
                return Err(Error::new(
                    value.span,
                    format!(
                        "mismatched types: `{name}` is {current}, but this value is {}",
                        value.ty
                    ),
                )
                .with_hint_if(int_duration_hint(&current, &value)));
            }
        }
        Ok(StmtKind::Assign { slot, value })
    }

    /// `f = FUTURE;` for a variable that keeps a future: the new future replaces the old,
    /// which is dropped (as `Pin::set` does in Tokio's tutorial).
    fn assign_future(
        &mut self,
        slot: Slot,
        target: &ast::Ident,
        op: ast::AssignOp,
        e: &ast::Expr,
    ) -> CResult<StmtKind> {
        let name = &target.name;
        let current = self.locals[slot.index()].ty.clone();
        if op != ast::AssignOp::Set {
            return Err(Error::new(
                target.span,
                format!("cannot add to or subtract from `{name}`: it keeps a future ({current})"),
            )
            .with_hint(format!("give it a new future: `{name} = ...;`")));
        }
        let future = match self.value_or_future(e)? {
            Resolved::Future(f) => f,
            Resolved::Value(v) => {
                return Err(Error::new(
                    v.span,
                    format!(
                        "mismatched types: `{name}` keeps a future ({current}), but this value is {}",
                        v.ty
                    ),
                )
                .with_hint(format!(
                    "give it a new future, such as `{name} = jobs.recv();`, without `.await`"
                )));
            }
        };
        self.keepable(&future, e)?;
        let ty = Type::Future(Box::new(future.output.clone()));
        match unify(&current, &ty) {
            Some(t) => self.locals[slot.index()].ty = t,
            None => {
                return Err(Error::new(
                    e.span,
                    format!("mismatched types: `{name}` keeps a {current}, but this is a {ty}"),
                )
                .with_hint(format!(
                    "a variable keeps futures of one output type; use another variable for `{e}`"
                )));
            }
        }
        Ok(StmtKind::Keep {
            slot,
            future,
            text: format!("{e}"),
        })
    }

    /// A call or method call that may make a future (kept by `let f = ...;`), or any value.
    fn value_or_future(&mut self, e: &ast::Expr) -> CResult<Resolved> {
        match &e.kind {
            ast::ExprKind::Call { func, args } => self.call(func, args, e.span),
            ast::ExprKind::Method {
                receiver,
                method,
                args,
            } => self.method(receiver, method, args, e.span),
            _ => Ok(Resolved::Value(self.expr(e)?)),
        }
    }

    /// A future kept in a variable may move another kept future in (`timeout(5ms, f)`), but not
    /// borrow one (`&mut g`): the lab's variables hold no references.
    fn keepable(&self, future: &FutureExpr, e: &ast::Expr) -> CResult<()> {
        let mut kept = Vec::new();
        kept_in(future, &mut kept);
        if let Some(&(slot, true, span)) = kept.iter().find(|(_, lend, _)| *lend) {
            let g = &self.locals[slot.index()].name;
            return Err(Error::new(
                span,
                format!("a future kept in a variable cannot hold `&mut {g}`"),
            )
            .with_hint(format!(
                "lend `{g}` where it is polled, e.g. `{e}.await` or in a `select`; or move it in \
                 with `{g}` instead of `&mut {g}`"
            )));
        }
        Ok(())
    }

    /// A future lent twice in one `select` or `join` (`&mut f` and `&mut f`, or `&mut f` and
    /// `f`) is an error, as it is for rustc (E0499, E0382).
    fn lent_once(&self, futures: &[&FutureExpr]) -> CResult<()> {
        let mut kept = Vec::new();
        for f in futures {
            kept_in(f, &mut kept);
        }
        for (i, &(slot, _, span)) in kept.iter().enumerate() {
            if let Some(&(_, _, first)) = kept[..i].iter().find(|(s, _, _)| *s == slot) {
                let name = &self.locals[slot.index()].name;
                return Err(Error::new(
                    span,
                    format!(
                        "`{name}` is polled twice here: a future can be lent to one place at a time"
                    ),
                )
                .with_hint(format!(
                    "it is used first at {}:{}; to wait for two things, keep two futures",
                    first.line, first.col
                )));
            }
        }
        Ok(())
    }

    /// `&mut f` or `f` where a future is wanted: the future kept in variable `f`.
    fn kept_future(
        &mut self,
        inner: &ast::Expr,
        whole: &ast::Expr,
        lend: bool,
    ) -> CResult<FutureExpr> {
        let ast::ExprKind::Name(n) = &inner.kind else {
            let hint = match &inner.kind {
                ast::ExprKind::Call { .. } | ast::ExprKind::Method { .. } => format!(
                    "`{inner}` is made here and dropped when this is over; to keep it across \
                     rounds, make it once before the loop, `let mut f = {inner};`, then lend it: \
                     `&mut f`"
                ),
                _ => "`&mut` lends a future kept in a variable: `let mut f = jobs.recv();`, then `&mut f`"
                    .to_string(),
            };
            return Err(Error::new(
                whole.span,
                format!("`&mut` needs a variable that keeps a future, found `{inner}`"),
            )
            .with_hint(hint));
        };
        let Some(slot) = self.lookup(n) else {
            return Err(self.name(n, inner.span).err().unwrap_or_else(|| {
                Error::new(
                    inner.span,
                    format!("cannot find variable `{n}` in this scope"),
                )
            }));
        };
        let ty = self.locals[slot.index()].ty.clone();
        let Type::Future(output) = ty else {
            let hint = if ty == Type::JoinHandle {
                format!("await the handle itself, `{n}.await` (the lab cannot lend a JoinHandle)")
            } else {
                "only a variable made with `let mut f = FUTURE;` can be lent with `&mut f`"
                    .to_string()
            };
            return Err(Error::new(
                whole.span,
                format!("`&mut {n}` lends a future, but `{n}` is {ty}"),
            )
            .with_hint(hint));
        };
        self.polled.insert(slot);
        Ok(FutureExpr {
            kind: FutureKind::Kept { slot, lend },
            output: *output,
            span: whole.span,
        })
    }

    fn condition(&mut self, c: &ast::Expr, what: &str) -> CResult<Expr> {
        let cond = self.expr(c)?;
        if unify(&cond.ty, &Type::Bool).is_none() {
            let hint = match cond.ty {
                Type::Int => format!("an `{what}` condition is a bool: compare, as in `{c} != 0`"),
                Type::Option(_) => {
                    format!("to test for a value, write `{what} let Some(x) = {c} {{ ... }}`")
                }
                _ => format!("an `{what}` condition is a bool"),
            };
            return Err(Error::new(
                cond.span,
                format!("mismatched types: expected bool, found {}", cond.ty),
            )
            .with_hint(hint));
        }
        Ok(cond)
    }

    fn if_stmt(&mut self, i: &ast::If) -> CResult<StmtKind> {
        let otherwise = |cx: &mut Self| -> CResult<Option<Block>> {
            Ok(match &i.otherwise {
                None => None,
                Some(ast::Else::Block(b)) => Some(cx.block(b)?),
                Some(ast::Else::If(inner)) => {
                    let kind = cx.if_stmt(inner)?;
                    Some(Block {
                        stmts: vec![Stmt {
                            kind,
                            span: inner.span,
                        }],
                        span: inner.span,
                    })
                }
            })
        };
        Ok(match &i.cond {
            ast::Cond::Expr(c) => {
                let cond = self.condition(c, "if")?;
                let then = self.block(&i.then)?;
                StmtKind::If {
                    cond,
                    then,
                    otherwise: otherwise(self)?,
                }
            }
            ast::Cond::Let { pat, value } => {
                let value = self.expr(value)?;
                self.open();
                let pat = self.pattern(pat, &value.ty)?;
                let then = self.block(&i.then)?;
                self.close();
                StmtKind::IfLet {
                    pat,
                    value,
                    then,
                    otherwise: otherwise(self)?,
                }
            }
        })
    }

    fn select(&mut self, sel: &ast::Select) -> CResult<StmtKind> {
        // As `tokio::select!` runs it: the preconditions first, then the futures.
        let mut guards = Vec::with_capacity(sel.branches.len());
        for b in &sel.branches {
            guards.push(match &b.guard {
                Some(g) => Some(self.condition(g, "if")?),
                None => None,
            });
        }
        let mut futures = Vec::with_capacity(sel.branches.len());
        for b in &sel.branches {
            futures.push(self.future(&b.future, FutCtx::Select)?);
        }
        self.lent_once(&futures.iter().collect::<Vec<_>>())?;
        let label = {
            let mut label = String::from("select { ");
            for (i, b) in sel.branches.iter().enumerate() {
                if i > 0 {
                    label.push_str(", ");
                }
                label.push_str(&format!("{}", b.future));
            }
            label.push_str(" }");
            label
        };
        let id = self.await_site(sel.span, label);
        let mut branches = Vec::with_capacity(futures.len());
        for ((b, future), guard) in sel.branches.iter().zip(futures).zip(guards) {
            self.open();
            let pat = self.pattern(&b.pat, &future.output)?;
            let body = self.block(&b.body)?;
            self.close();
            branches.push(SelectBranch {
                pat,
                future,
                guard,
                body,
                span: b.span,
            });
        }
        Ok(StmtKind::Select {
            id,
            biased: sel.biased,
            branches,
        })
    }

    fn pattern(&mut self, p: &ast::Pattern, ty: &Type) -> CResult<Pattern> {
        let mismatch = |found: &str| {
            Error::new(
                p.span,
                format!("mismatched types: expected {ty}, found {found}"),
            )
            .with_hint(format!("this pattern can never match a value of type {ty}"))
        };
        let inner_of = |ty: &Type, want: &str| -> Option<(Type, Type)> {
            match (ty, want) {
                (Type::Unknown, _) => Some((Type::Unknown, Type::Unknown)),
                (Type::Option(t), "Option") => Some(((**t).clone(), Type::Unknown)),
                (Type::Result(t, e), "Result") => Some(((**t).clone(), (**e).clone())),
                _ => None,
            }
        };
        let kind = match &p.kind {
            ast::PatKind::Wild => PatKind::Wild,
            ast::PatKind::Bind(name) => {
                PatKind::Bind(self.declare(name, ty.clone(), p.span, false)?)
            }
            ast::PatKind::Int(v) => {
                unify(ty, &Type::Int).ok_or_else(|| mismatch("int"))?;
                PatKind::Int(*v)
            }
            ast::PatKind::Str(s) => {
                unify(ty, &Type::Str).ok_or_else(|| mismatch("str"))?;
                PatKind::Str(s.clone())
            }
            ast::PatKind::Bool(b) => {
                unify(ty, &Type::Bool).ok_or_else(|| mismatch("bool"))?;
                PatKind::Bool(*b)
            }
            ast::PatKind::Unit => {
                unify(ty, &Type::Unit).ok_or_else(|| mismatch("()"))?;
                PatKind::Unit
            }
            ast::PatKind::None => {
                inner_of(ty, "Option").ok_or_else(|| mismatch("`None`"))?;
                PatKind::None
            }
            ast::PatKind::Some(inner) => {
                let (t, _) = inner_of(ty, "Option").ok_or_else(|| mismatch("`Some(_)`"))?;
                PatKind::Some(Box::new(self.pattern(inner, &t)?))
            }
            ast::PatKind::Ok(inner) => {
                let (t, _) = inner_of(ty, "Result").ok_or_else(|| mismatch("`Ok(_)`"))?;
                PatKind::Ok(Box::new(self.pattern(inner, &t)?))
            }
            ast::PatKind::Err(inner) => {
                let (_, e) = inner_of(ty, "Result").ok_or_else(|| mismatch("`Err(_)`"))?;
                PatKind::Err(Box::new(self.pattern(inner, &e)?))
            }
            ast::PatKind::Tuple(items) => {
                let elems = match ty {
                    Type::Tuple(ts) if ts.len() == items.len() => ts.clone(),
                    Type::Unknown => vec![Type::Unknown; items.len()],
                    _ => {
                        let shape = Type::Tuple(vec![Type::Unknown; items.len()]);
                        return Err(mismatch(&format!("a tuple of {}, `{shape}`", items.len())));
                    }
                };
                let mut pats = Vec::with_capacity(items.len());
                for (item, t) in items.iter().zip(&elems) {
                    pats.push(self.pattern(item, t)?);
                }
                PatKind::Tuple(pats)
            }
        };
        Ok(Pattern { kind, span: p.span })
    }

    // ---- expressions ----------------------------------------------------------------------

    /// Requires `e` to have type `want`.
    fn expect(&self, e: &Expr, want: &Type) -> CResult<()> {
        if unify(&e.ty, want).is_some() {
            return Ok(());
        }
        Err(Error::new(
            e.span,
            format!("mismatched types: expected {want}, found {}", e.ty),
        )
        .with_hint_if(int_duration_hint(want, e)))
    }

    /// An expression whose value is used: a future here is a future never awaited.
    fn expr(&mut self, e: &ast::Expr) -> CResult<Expr> {
        let span = e.span;
        let (kind, ty) = match &e.kind {
            ast::ExprKind::Int(v) => (ExprKind::Int(*v), Type::Int),
            ast::ExprKind::Duration(us, _) => (ExprKind::Duration(*us), Type::Duration),
            ast::ExprKind::Str(s) => (ExprKind::Str(s.value.clone()), Type::Str),
            ast::ExprKind::Bool(b) => (ExprKind::Bool(*b), Type::Bool),
            ast::ExprKind::Unit => (ExprKind::Unit, Type::Unit),
            ast::ExprKind::Name(name) => return self.name(name, span),
            ast::ExprKind::Unary(op, inner) => {
                let inner = self.expr(inner)?;
                let ty = match (op, &inner.ty) {
                    (UnOp::Neg, Type::Int | Type::Unknown) => Type::Int,
                    (UnOp::Not, Type::Bool | Type::Unknown) => Type::Bool,
                    (UnOp::Neg, Type::Duration) => {
                        return Err(Error::new(span, "cannot negate a duration")
                            .with_hint("durations are never negative; subtract instead: `a - b`"));
                    }
                    (UnOp::Neg, t) => {
                        return Err(Error::new(
                            span,
                            format!("cannot negate {t}: `-` needs an int"),
                        ));
                    }
                    (UnOp::Not, t) => {
                        return Err(Error::new(
                            span,
                            format!("cannot apply `!` to {t}: it needs a bool"),
                        ));
                    }
                };
                (ExprKind::Unary(*op, Box::new(inner)), ty)
            }
            ast::ExprKind::Binary(op, l, r) => {
                let l = self.expr(l)?;
                let r = self.expr(r)?;
                let ty = self.binary_type(*op, &l, &r, span)?;
                (ExprKind::Binary(*op, Box::new(l), Box::new(r)), ty)
            }
            ast::ExprKind::Some(inner) => {
                let inner = self.expr(inner)?;
                let ty = Type::option(inner.ty.clone());
                (ExprKind::Some(Box::new(inner)), ty)
            }
            ast::ExprKind::None => (ExprKind::None, Type::option(Type::Unknown)),
            ast::ExprKind::Ok(inner) => {
                let inner = self.expr(inner)?;
                let ty = Type::result(inner.ty.clone(), Type::Unknown);
                (ExprKind::Ok(Box::new(inner)), ty)
            }
            ast::ExprKind::Err(inner) => {
                let inner = self.expr(inner)?;
                let ty = Type::result(Type::Unknown, inner.ty.clone());
                (ExprKind::Err(Box::new(inner)), ty)
            }
            ast::ExprKind::Call { func, args } => match self.call(func, args, span)? {
                Resolved::Value(v) => return Ok(v),
                Resolved::Future(f) => return Err(never_awaited(e, &f.output)),
            },
            ast::ExprKind::Method {
                receiver,
                method,
                args,
            } => match self.method(receiver, method, args, span)? {
                Resolved::Value(v) => return Ok(v),
                Resolved::Future(f) => return Err(never_awaited(e, &f.output)),
            },
            ast::ExprKind::Await(inner) => {
                if let Some(err) = self.await_in_closure(span, "`.await`") {
                    return Err(err);
                }
                let future = self.future(inner, FutCtx::Await)?;
                let id = self.await_site(span, format!("{e}"));
                let ty = future.output.clone();
                (
                    ExprKind::Await {
                        id,
                        future: Box::new(future),
                    },
                    ty,
                )
            }
            ast::ExprKind::Spawn(name) => (ExprKind::Spawn(self.spawn(name)?), Type::JoinHandle),
            ast::ExprKind::SpawnBlocking(b) => {
                let captures = self.scope.clone();
                let body = self.closure_body(crate::parser::SPAWN_BLOCKING, b)?;
                (ExprKind::SpawnBlocking { body, captures }, Type::JoinHandle)
            }
            ast::ExprKind::Tuple(items) => {
                let mut elems = Vec::with_capacity(items.len());
                for item in items {
                    elems.push(self.expr(item)?);
                }
                let ty = Type::Tuple(elems.iter().map(|e| e.ty.clone()).collect());
                (ExprKind::Tuple(elems), ty)
            }
            ast::ExprKind::RefMut(_) => {
                return Err(Error::new(
                    span,
                    format!("`{e}` lends a future, but here it is used as a value"),
                )
                .with_hint(format!(
                    "the lab has no references: `&mut` only lends a kept future where it is \
                     polled, `({e}).await` or `v = {e} => {{ ... }}` in a `select` (or inside \
                     `timeout` and `join`)"
                )));
            }
        };
        Ok(Expr { kind, ty, span })
    }

    fn name(&mut self, name: &str, span: Span) -> CResult<Expr> {
        if let Some(slot) = self.lookup(name) {
            let ty = self.locals[slot.index()].ty.clone();
            if let Type::Future(_) = ty {
                return Err(Error::new(
                    span,
                    format!("`{name}` keeps a future ({ty}): it can only be polled, not used as a value"),
                )
                .with_hint(format!(
                    "await it, `{name}.await`; lend it to a `select`, `v = &mut {name} => {{ ... }}`; \
                     or give it a new future, `{name} = ...;`"
                )));
            }
            return Ok(Expr {
                kind: ExprKind::Local(slot),
                ty,
                span,
            });
        }
        let err = match self.d.get(name) {
            Some(Global::Chan(_)) => {
                Error::new(span, format!("`{name}` is a channel, not a value")).with_hint(format!(
                    "use it through its methods: `{name}.send(v).await`, `{name}.recv().await`"
                ))
            }
            Some(Global::Oneshot(_)) => {
                Error::new(span, format!("`{name}` is a oneshot, not a value")).with_hint(format!(
                    "use it through its methods: `{name}.send(v)`, `{name}.recv().await`"
                ))
            }
            Some(Global::Socket(_)) => {
                Error::new(span, format!("`{name}` is a socket, not a value"))
                    .with_hint(format!("read from it: `{name}.read().await`"))
            }
            Some(Global::Task(t)) => {
                let err = Error::new(span, format!("`{name}` is a task, not a value"));
                if self.d.tasks[t.index()].lazy {
                    err.with_hint(format!("`spawn {name}` starts it and gives its JoinHandle"))
                } else {
                    err.with_hint(format!(
                        "`{name}` starts on its own; only a `lazy task` can be spawned"
                    ))
                }
            }
            None if BUILTINS.iter().any(|(b, _)| *b == name) => {
                let usage = BUILTINS
                    .iter()
                    .find(|(b, _)| *b == name)
                    .map_or("", |(_, u)| u);
                Error::new(span, format!("cannot find variable `{name}` in this scope")).with_hint(
                    format!("`{name}` is a built-in function: call it, as in `{usage}`"),
                )
            }
            None => Error::new(span, format!("cannot find variable `{name}` in this scope"))
                .with_hint_if(
                    self.closest_local(name)
                        .map(|c| format!("did you mean `{c}`?")),
                ),
        };
        Err(err)
    }

    fn spawn(&mut self, name: &ast::Ident) -> CResult<TaskId> {
        let n = &name.name;
        match self.d.get(n) {
            Some(Global::Task(id)) if self.d.tasks[id.index()].lazy => {
                self.spawns.insert(id);
                Ok(id)
            }
            Some(Global::Task(_)) => Err(Error::new(name.span, format!("cannot spawn `{n}`: it is not a lazy task"))
                .with_hint(format!(
                    "`{n}` starts on its own; to start it only with `spawn`, declare it `lazy task {n} {{ ... }}`"
                ))),
            Some(g) => Err(Error::new(name.span, format!("cannot spawn `{n}`: it is a {}, not a task", g.kind()))),
            None => {
                let lazy = self.d.tasks.iter().filter(|t| t.lazy).map(|t| t.name.as_str());
                let hint = match closest(n, lazy) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("declare it: `lazy task {n} {{ ... }}`"),
                };
                Err(Error::new(name.span, format!("cannot find task `{n}`")).with_hint(hint))
            }
        }
    }

    /// Checks `want_args` against the number of arguments given.
    fn arity(
        &self,
        name: &str,
        args: &[ast::Expr],
        want: usize,
        usage: &str,
        span: Span,
    ) -> CResult<()> {
        if args.len() == want {
            return Ok(());
        }
        let given = if args.len() == 1 {
            "1 was given".to_string()
        } else {
            format!("{} were given", args.len())
        };
        Err(Error::new(
            span,
            format!(
                "`{name}` takes {}, but {given}",
                plural(want as u64, "argument")
            ),
        )
        .with_hint(format!("call it like this: `{usage}`")))
    }

    fn call(&mut self, func: &ast::Ident, args: &[ast::Expr], span: Span) -> CResult<Resolved> {
        let name = func.name.as_str();
        let usage = BUILTINS.iter().find(|(b, _)| *b == name).map(|(_, u)| *u);
        if let Some(usage) = usage {
            let want = match name {
                "sleep" | "work" | "print" => 1,
                "timeout" => 2,
                _ => 0,
            };
            if name != "join" {
                self.arity(name, args, want, usage, span)?;
            }
        }
        let future = |kind: FutureKind, output: Type| {
            Ok(Resolved::Future(FutureExpr { kind, output, span }))
        };
        let value = |kind: ExprKind, ty: Type| Ok(Resolved::Value(Expr { kind, ty, span }));
        match name {
            "sleep" => {
                let d = self.expr(&args[0])?;
                self.expect(&d, &Type::Duration)?;
                future(FutureKind::Sleep(d), Type::Unit)
            }
            "yield_now" => future(FutureKind::YieldNow, Type::Unit),
            "pending" => future(FutureKind::Pending, Type::Unit),
            "lost_wake" => future(FutureKind::LostWake, Type::Unit),
            "no_yield" => future(FutureKind::NoYield, Type::Unit),
            "timeout" => {
                let after = self.expr(&args[0])?;
                self.expect(&after, &Type::Duration)?;
                let inner = self.future(&args[1], FutCtx::Timeout(&args[0]))?;
                let output = Type::result(inner.output.clone(), Type::Str);
                future(
                    FutureKind::Timeout {
                        after,
                        future: Box::new(inner),
                    },
                    output,
                )
            }
            "join" => {
                if args.is_empty() || args.len() > MAX_JOIN {
                    let msg = if args.is_empty() {
                        "`join` takes at least one future".to_string()
                    } else {
                        format!(
                            "`join` takes at most {MAX_JOIN} futures, but {} were given",
                            args.len()
                        )
                    };
                    return Err(Error::new(span, msg)
                        .with_hint("call it like this: `join(a.recv(), b.recv()).await`"));
                }
                let mut futures = Vec::with_capacity(args.len());
                for a in args {
                    futures.push(self.future(a, FutCtx::Join)?);
                }
                self.lent_once(&futures.iter().collect::<Vec<_>>())?;
                let output = Type::Tuple(futures.iter().map(|f| f.output.clone()).collect());
                future(FutureKind::JoinAll(futures), output)
            }
            "work" => {
                let d = self.expr(&args[0])?;
                self.expect(&d, &Type::Duration)?;
                value(ExprKind::Work(Box::new(d)), Type::Unit)
            }
            "print" => {
                let ast::ExprKind::Str(lit) = &args[0].kind else {
                    return Err(Error::new(args[0].span, "`print` needs a string literal")
                        .with_hint("put the value in the string: `print(\"x = {x}\")`"));
                };
                let mut parts = Vec::new();
                for piece in template::parse(&lit.raw, args[0].span)? {
                    parts.push(match piece {
                        Piece::Text(t) => FmtPart::Lit(t),
                        Piece::Name(n, at) => match self.name(&n, at)?.kind {
                            ExprKind::Local(slot) => FmtPart::Local(slot),
                            _ => FmtPart::Lit(n),
                        },
                    });
                }
                value(ExprKind::Print(parts), Type::Unit)
            }
            "now" => value(ExprKind::Now, Type::Duration),
            "send" | "recv" | "read" | "abort" => {
                let example = match name {
                    "send" => "`jobs.send(v).await`",
                    "recv" => "`jobs.recv().await`",
                    "read" => "`db.read().await`",
                    _ => "`h.abort()`",
                };
                Err(
                    Error::new(func.span, format!("cannot find function `{name}`"))
                        .with_hint(format!("`{name}` is a method: {example}")),
                )
            }
            _ => {
                let hint = if let Some(Global::Task(_)) = self.d.get(name) {
                    format!(
                        "`{name}` is a task, not a function: start a lazy task with `spawn {name}`"
                    )
                } else if let Some(c) = closest(name, BUILTINS.iter().map(|(b, _)| *b)) {
                    format!("did you mean `{c}`?")
                } else {
                    "the built-in functions are `sleep`, `yield_now`, `pending`, `lost_wake`, `no_yield`, \
                     `timeout`, `join`, `work`, `print` and `now`"
                        .to_string()
                };
                Err(Error::new(func.span, format!("cannot find function `{name}`")).with_hint(hint))
            }
        }
    }

    fn method(
        &mut self,
        receiver: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> CResult<Resolved> {
        let m = method.name.as_str();
        let future = |kind: FutureKind, output: Type| {
            Ok(Resolved::Future(FutureExpr { kind, output, span }))
        };
        if let ast::ExprKind::Name(n) = &receiver.kind
            && self.lookup(n).is_none()
        {
            let no_method = |kind: &str, hint: String| {
                Err(
                    Error::new(method.span, format!("{kind} `{n}` has no method `{m}`"))
                        .with_hint(hint),
                )
            };
            match self.d.get(n) {
                Some(Global::Chan(id)) => match m {
                    "send" => {
                        self.arity("send", args, 1, &format!("{n}.send(v).await"), span)?;
                        let v = self.expr(&args[0])?;
                        self.sent(id.index(), true, n, &v)?;
                        self.sends.insert(id);
                        return future(FutureKind::Send { chan: id, value: v }, Type::Unit);
                    }
                    "recv" => {
                        self.arity("recv", args, 0, &format!("{n}.recv().await"), span)?;
                        let elem = self.chans[id.index()].ty.clone();
                        return future(FutureKind::Recv(id), Type::option(elem));
                    }
                    "read" => {
                        return no_method(
                            "channel",
                            format!("receive from a channel with `{n}.recv().await`"),
                        );
                    }
                    _ => {
                        return no_method(
                            "channel",
                            suggest_method(
                                m,
                                &["send", "recv"],
                                "a channel has `send(v)` and `recv()`",
                            ),
                        );
                    }
                },
                Some(Global::Oneshot(id)) => match m {
                    "send" => {
                        self.arity("send", args, 1, &format!("{n}.send(v)"), span)?;
                        let v = self.expr(&args[0])?;
                        self.sent(id.index(), false, n, &v)?;
                        self.oneshot_sends.insert(id);
                        let kind = ExprKind::OneshotSend {
                            oneshot: id,
                            value: Box::new(v),
                        };
                        return Ok(Resolved::Value(Expr {
                            kind,
                            ty: Type::Unit,
                            span,
                        }));
                    }
                    "recv" => {
                        self.arity("recv", args, 0, &format!("{n}.recv().await"), span)?;
                        let elem = self.oneshots[id.index()].ty.clone();
                        return future(FutureKind::OneshotRecv(id), Type::option(elem));
                    }
                    "read" => {
                        return no_method(
                            "oneshot",
                            format!("receive from a oneshot with `{n}.recv().await`"),
                        );
                    }
                    _ => {
                        return no_method(
                            "oneshot",
                            suggest_method(
                                m,
                                &["send", "recv"],
                                "a oneshot has `send(v)` and `recv()`",
                            ),
                        );
                    }
                },
                Some(Global::Socket(id)) => match m {
                    "read" => {
                        self.arity("read", args, 0, &format!("{n}.read().await"), span)?;
                        return future(FutureKind::Read(id), Type::option(Type::Str));
                    }
                    "recv" => {
                        return no_method(
                            "socket",
                            format!("read from a socket with `{n}.read().await`"),
                        );
                    }
                    _ => {
                        return no_method(
                            "socket",
                            suggest_method(m, &["read"], "a socket has `read()`"),
                        );
                    }
                },
                Some(Global::Task(_)) => {
                    return Err(Error::new(receiver.span, format!("`{n}` is a task, not a JoinHandle"))
                        .with_hint(format!("keep the handle of a spawned task, `let handle = spawn {n};`, then call `handle.{m}()`")));
                }
                None => {
                    let (what, declare) = match m {
                        "send" | "recv" => {
                            ("channel", format!("declare it with `chan {n}: CAPACITY;`"))
                        }
                        "read" => (
                            "socket",
                            format!("declare it with `io {n} {{ 10ms: \"data\"; }}`"),
                        ),
                        _ => ("variable", String::new()),
                    };
                    let candidates: Vec<&str> = match what {
                        "channel" => self
                            .d
                            .channels
                            .iter()
                            .map(|c| c.name.as_str())
                            .chain(self.d.oneshots.iter().map(|o| o.name.as_str()))
                            .collect(),
                        "socket" => self.d.sockets.iter().map(|s| s.name.as_str()).collect(),
                        _ => Vec::new(),
                    };
                    let hint = match closest(n, candidates) {
                        Some(c) => Some(format!("did you mean `{c}`?")),
                        None if what == "variable" => self
                            .closest_local(n)
                            .map(|c| format!("did you mean `{c}`?")),
                        None => Some(declare),
                    };
                    let msg = if what == "variable" {
                        format!("cannot find variable `{n}` in this scope")
                    } else {
                        format!("cannot find {what} `{n}`")
                    };
                    return Err(Error::new(receiver.span, msg).with_hint_if(hint));
                }
            }
        }
        let r = self.expr(receiver)?;
        match (&r.ty, m) {
            (Type::JoinHandle | Type::Unknown, "abort") => {
                self.arity("abort", args, 0, &format!("{receiver}.abort()"), span)?;
                Ok(Resolved::Value(Expr {
                    kind: ExprKind::Abort(Box::new(r)),
                    ty: Type::Unit,
                    span,
                }))
            }
            (Type::JoinHandle, _) => Err(Error::new(
                method.span,
                format!("a JoinHandle has no method `{m}`"),
            )
            .with_hint(format!(
                "a JoinHandle can be awaited, `{receiver}.await`, or aborted, `{receiver}.abort()`"
            ))),
            (ty, _) => Err(Error::new(
                method.span,
                format!("no method `{m}` on `{receiver}`, of type {ty}"),
            )
            .with_hint("only channels, oneshots, sockets and JoinHandles have methods")),
        }
    }

    /// Records a send of `v` on channel (or oneshot) `index`, refining its element type.
    fn sent(&mut self, index: usize, chan: bool, name: &str, v: &Expr) -> CResult<()> {
        let inferred = if chan {
            &mut self.chans[index]
        } else {
            &mut self.oneshots[index]
        };
        match unify(&inferred.ty, &v.ty) {
            Some(t) => {
                if inferred.first.is_none() && t != Type::Unknown {
                    inferred.first = Some(v.span);
                }
                inferred.ty = t;
                Ok(())
            }
            None => {
                let mut err = Error::new(
                    v.span,
                    format!(
                        "mismatched types: `{name}` carries {}, but this sends {}",
                        inferred.ty, v.ty
                    ),
                );
                if let Some(first) = inferred.first {
                    err = err.with_hint(format!(
                        "the send at {}:{} decided that `{name}` carries {}",
                        first.line, first.col, inferred.ty
                    ));
                }
                Err(err)
            }
        }
    }

    /// An expression in a place that takes a future: awaited, a `select` branch, or the
    /// second argument of `timeout`.
    fn future(&mut self, e: &ast::Expr, ctx: FutCtx<'_>) -> CResult<FutureExpr> {
        if let ast::ExprKind::Await(inner) = &e.kind {
            match ctx {
                FutCtx::Timeout(after) => {
                    return Err(Error::new(
                        e.span,
                        format!("`timeout` needs a future, but `{e}` already awaits it"),
                    )
                    .with_hint(format!(
                        "drop the `.await` inside: `timeout({after}, {inner}).await`"
                    )));
                }
                FutCtx::Select => {
                    return Err(Error::new(
                        e.span,
                        format!("a `select` branch takes a future, but `{e}` already awaits it"),
                    )
                    .with_hint(format!(
                        "drop the `.await`: `select` awaits its branches itself, `= {inner} =>`"
                    )));
                }
                FutCtx::Join => {
                    return Err(Error::new(
                        e.span,
                        format!("`join` takes futures, but `{e}` already awaits it"),
                    )
                    .with_hint(format!(
                        "drop the `.await`: `join` awaits its futures itself, `join({inner}, ...)`"
                    )));
                }
                FutCtx::Await => {}
            }
        }
        if let ast::ExprKind::RefMut(inner) = &e.kind {
            return self.kept_future(inner, e, true);
        }
        if let ast::ExprKind::Name(n) = &e.kind
            && let Some(slot) = self.lookup(n)
            && let Type::Future(_) = self.locals[slot.index()].ty
        {
            return self.kept_future(e, e, false);
        }
        let resolved = match &e.kind {
            ast::ExprKind::Call { func, args } => self.call(func, args, e.span)?,
            ast::ExprKind::Method {
                receiver,
                method,
                args,
            } => self.method(receiver, method, args, e.span)?,
            _ => Resolved::Value(self.expr(e)?),
        };
        let value = match resolved {
            Resolved::Future(f) => return Ok(f),
            Resolved::Value(v) => v,
        };
        if matches!(value.ty, Type::JoinHandle | Type::Unknown) {
            let span = value.span;
            return Ok(FutureExpr {
                kind: FutureKind::Join(value),
                output: Type::result(Type::Unit, Type::Str),
                span,
            });
        }
        let ty = &value.ty;
        let (message, hint) = match ctx {
            FutCtx::Await => (format!("`.await` needs a future, but `{e}` is {ty}"), match &e.kind {
                ast::ExprKind::Await(_) => Some("it is awaited already: remove the second `.await`".to_string()),
                ast::ExprKind::Call { func, .. } => {
                    Some(format!("`{}` runs at once and is not a future: remove `.await`", func.name))
                }
                ast::ExprKind::Method { .. } => Some(format!("`{e}` completes at once and is not a future: remove `.await`")),
                _ => Some("only futures, such as `sleep(1ms)` or `jobs.recv()`, and JoinHandles can be awaited".into()),
            }),
            FutCtx::Select => (format!("a `select` branch needs a future, but `{e}` is {ty}"), None),
            FutCtx::Timeout(_) => (format!("`timeout` needs a future as its second argument, but `{e}` is {ty}"), None),
            FutCtx::Join => (format!("`join` needs futures, but `{e}` is {ty}"), None),
        };
        Err(Error::new(e.span, message).with_hint_if(hint))
    }

    /// The type of `l op r`, by the rules in [`RULES`].
    fn binary_type(&self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> CResult<Type> {
        let (lt, rt) = (&l.ty, &r.ty);
        match op {
            BinOp::And | BinOp::Or => {
                for side in [l, r] {
                    if unify(&side.ty, &Type::Bool).is_none() {
                        return Err(Error::new(
                            side.span,
                            format!(
                                "mismatched types: `{}` needs bool operands, found {}",
                                op.as_str(),
                                side.ty
                            ),
                        ));
                    }
                }
                return Ok(Type::Bool);
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ordered = !matches!(op, BinOp::Eq | BinOp::Ne);
                let both = unify(lt, rt);
                let ok = match &both {
                    Some(t) if ordered => {
                        matches!(t, Type::Int | Type::Duration | Type::Str | Type::Unknown)
                    }
                    Some(t) => t.is_eq(),
                    None => false,
                };
                if !ok {
                    let msg = if both.is_none() {
                        format!("cannot compare {lt} with {rt}")
                    } else {
                        format!("cannot compare values of type {lt} with `{}`", op.as_str())
                    };
                    return Err(Error::new(span, msg).with_hint_if(mix_hint(lt, rt)));
                }
                return Ok(Type::Bool);
            }
            _ => {}
        }
        let fits = |want: &Type, have: &Type| *have == Type::Unknown || have == want;
        let mut out: Option<Type> = None;
        let mut any = false;
        let mut many = false;
        for (rop, a, b, o) in RULES {
            if rop == op && fits(&a, lt) && fits(&b, rt) {
                if any && out.as_ref() != Some(&o) {
                    many = true;
                }
                any = true;
                out = Some(o);
            }
        }
        match out {
            Some(_) if many => Ok(Type::Unknown),
            Some(t) => Ok(t),
            None => {
                let forms: Vec<String> = RULES
                    .iter()
                    .filter(|(rop, ..)| *rop == op)
                    .map(|(_, a, b, _)| format!("{a} {} {b}", op.as_str()))
                    .collect();
                let hint = mix_hint(lt, rt)
                    .unwrap_or_else(|| format!("`{}` works on {}", op.as_str(), or_list(&forms)));
                Err(Error::new(
                    span,
                    format!("cannot apply `{}` to {lt} and {rt}", op.as_str()),
                )
                .with_hint(hint))
            }
        }
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
