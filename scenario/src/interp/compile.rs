//! Compiles a task's checked body into bytecode for a small stack machine.
//!
//! Why bytecode rather than walking the tree: a task must stop at any `.await` (even one deep
//! inside an expression) and resume there on its next poll. With bytecode, "where it stopped"
//! is a program counter plus the value stack, which is exactly the state the compiler keeps
//! in the `enum` it generates for an `async fn`; resuming is jumping back to that counter.
//!
//! Invariant: the value stack is empty between statements (expression statements pop their
//! result), so `break`, `continue` and `return` are plain jumps.

use super::value::Value;
use crate::program::{
    AwaitId, BinOp, Block, ChanId, Expr, ExprKind, FmtPart, FutureExpr, FutureKind, OneshotId,
    Pattern, Slot, SocketId, Stmt, StmtKind, TaskId, UnOp,
};
use crate::span::Span;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;

/// One instruction.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Push(Value),
    Load(Slot),
    Store(Slot),
    Pop,
    Unary(UnOp, Span),
    Binary(BinOp, Span),
    /// `&&`: if the top is false, jump (leaving it); else pop it and go on.
    AndShort(u32),
    /// `||`: if the top is true, jump (leaving it); else pop it and go on.
    OrShort(u32),
    WrapSome,
    WrapOk,
    WrapErr,
    /// Pops `n` values (pushed in order) into a tuple.
    MakeTuple(u32),
    Jump(u32),
    JumpIfFalse(u32),
    /// Pops a value; binds the pattern's variables if it matches, else jumps.
    Match(u32, u32),
    /// Pops the future's arguments, makes the future, and awaits it: a suspension point.
    Await(AwaitId, u32),
    /// `select`: pops every branch's arguments, and the preconditions below them; awaits the
    /// branches enabled; the winner's pattern binds and its body runs (the losers are dropped).
    Select(AwaitId, u32),
    /// `let f = FUTURE;`, `f = FUTURE;`: pops the future's arguments, makes it and keeps it in
    /// the variable (dropping the one kept there before), without polling it. The last field
    /// is the future's source text, in [`Code::texts`].
    Keep(Slot, u32, u32),
    Spawn(TaskId),
    Abort,
    OneshotSend(OneshotId, Span),
    Work,
    Print(u32),
    Now,
    /// A loop's back edge: counts iterations without a suspension (the runaway-loop limit).
    LoopBack(u32, Span),
    /// `spawn_blocking { ... }`: spawns a blocking task that runs the ops after this one, up
    /// to its `EndClosure`, with a copy of the task's variables (`captures`: an index into
    /// `Code::captures`, the variables in scope, for the closure's modelled size), then jumps
    /// to `end`, past them.
    SpawnBlocking {
        end: u32,
        captures: u32,
    },
    /// The end of a `spawn_blocking` block: the blocking task's closure returns.
    EndClosure,
    /// The start of `block_in_place { ... }` (the span is the statement's, for the error on
    /// one worker).
    EnterBlockInPlace(Span),
    /// Its end.
    ExitBlockInPlace,
    /// `for`: if `var` has passed `end`, jump out.
    ForCheck {
        var: Slot,
        end: Slot,
        inclusive: bool,
        exit: u32,
    },
    /// `for`: `var += 1`.
    Incr(Slot),
    Return,
}

/// The shape of a future: which leaf, with its arguments popped from the stack (pushed in
/// pre-order: a `timeout`'s duration, then its inner future's arguments).
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    Sleep,
    YieldNow,
    Pending,
    LostWake,
    NoYield,
    Timeout(Box<Shape>),
    Send(ChanId, Span),
    Recv(ChanId),
    OneshotRecv(OneshotId),
    Read(SocketId),
    Join(Span),
    /// `join(a, b, ...)`.
    JoinAll(Vec<Shape>),
    /// The future kept in a variable: lent (`&mut f`) or moved out (`f`).
    Kept {
        slot: Slot,
        lend: bool,
        span: Span,
    },
}

impl Shape {
    /// How many stack values it pops.
    pub(crate) fn args(&self) -> usize {
        match self {
            Shape::Sleep | Shape::Send(..) | Shape::Join(_) => 1,
            Shape::Timeout(inner) => 1 + inner.args(),
            Shape::JoinAll(shapes) => shapes.iter().map(Shape::args).sum(),
            _ => 0,
        }
    }
}

/// One branch of a `select`.
#[derive(Clone, Debug)]
pub(crate) struct Branch {
    pub(crate) shape: Shape,
    /// Whether it has a precondition (`, if COND`), whose bool is on the stack.
    pub(crate) guarded: bool,
    pub(crate) pat: u32,
    pub(crate) body: u32,
}

/// A compiled `select`.
#[derive(Clone, Debug)]
pub(crate) struct SelectCode {
    pub(crate) span: Span,
    /// `biased;`: polled in order, not from a random branch.
    pub(crate) biased: bool,
    pub(crate) branches: Vec<Branch>,
}

/// A task's compiled code.
#[derive(Debug, Default)]
pub(crate) struct Code {
    pub(crate) ops: Vec<Op>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) shapes: Vec<Shape>,
    pub(crate) selects: Vec<SelectCode>,
    /// Each `print`: literal pieces and how many values it pops.
    pub(crate) prints: Vec<Vec<Piece>>,
    /// Each `spawn_blocking`'s captured variables.
    pub(crate) captures: Vec<Vec<Slot>>,
    /// The source text of each kept future (`Op::Keep`), for messages and the Pin view.
    pub(crate) texts: Vec<Rc<str>>,
}

/// A piece of a compiled `print`.
#[derive(Clone, Debug)]
pub(crate) enum Piece {
    Lit(Rc<str>),
    Value,
}

struct Loop {
    /// Where `continue` goes.
    next: u32,
    /// Jumps to patch to the loop's exit.
    breaks: Vec<usize>,
}

/// Compiles one task body.
pub(crate) fn compile(body: &Block) -> Code {
    let mut c = Compiler {
        code: Code::default(),
        loops: Vec::new(),
        closures: Vec::new(),
    };
    c.block(body);
    c.emit(Op::Return);
    c.code
}

struct Compiler {
    code: Code,
    loops: Vec<Loop>,
    /// For each closure block being compiled (innermost last), its `return`s: jumps to patch
    /// to its end (`return` leaves the closure, not the task).
    closures: Vec<Vec<usize>>,
}

impl Compiler {
    fn pc(&self) -> u32 {
        self.code.ops.len() as u32
    }

    fn emit(&mut self, op: Op) -> usize {
        self.code.ops.push(op);
        self.code.ops.len() - 1
    }

    /// Points the jump at `at` to `target`.
    fn patch(&mut self, at: usize, target: u32) {
        match &mut self.code.ops[at] {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::AndShort(t)
            | Op::OrShort(t)
            | Op::Match(_, t)
            | Op::ForCheck { exit: t, .. }
            | Op::SpawnBlocking { end: t, .. } => *t = target,
            other => unreachable!("patching a non-jump: {other:?}"),
        }
    }

    fn block(&mut self, b: &Block) {
        for s in &b.stmts {
            self.stmt(s);
        }
    }

    fn pattern(&mut self, p: &Pattern) -> u32 {
        self.code.patterns.push(p.clone());
        (self.code.patterns.len() - 1) as u32
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Let { slot, value } => {
                self.expr(value);
                match slot {
                    Some(slot) => self.emit(Op::Store(*slot)),
                    None => self.emit(Op::Pop),
                };
            }
            StmtKind::Assign { slot, value } => {
                self.expr(value);
                self.emit(Op::Store(*slot));
            }
            StmtKind::LetPat { pat, value } => {
                // The pattern always matches (the checker sees to it): the jump goes nowhere.
                self.expr(value);
                let p = self.pattern(pat);
                let m = self.emit(Op::Match(p, 0));
                let next = self.pc();
                self.patch(m, next);
            }
            StmtKind::Keep { slot, future, text } => {
                let shape = self.future(future);
                self.code.shapes.push(shape);
                self.code.texts.push(Rc::from(text.as_str()));
                let s = (self.code.shapes.len() - 1) as u32;
                let t = (self.code.texts.len() - 1) as u32;
                self.emit(Op::Keep(*slot, s, t));
            }
            StmtKind::Expr(e) => {
                self.expr(e);
                self.emit(Op::Pop);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                let jf = self.emit(Op::JumpIfFalse(0));
                self.block(then);
                self.else_part(jf, otherwise.as_ref());
            }
            StmtKind::IfLet {
                pat,
                value,
                then,
                otherwise,
            } => {
                self.expr(value);
                let p = self.pattern(pat);
                let m = self.emit(Op::Match(p, 0));
                self.block(then);
                self.else_part(m, otherwise.as_ref());
            }
            StmtKind::While { cond, body } => {
                let top = self.pc();
                self.expr(cond);
                let jf = self.emit(Op::JumpIfFalse(0));
                self.loop_body(top, top, body, s.span);
                let exit = self.pc();
                self.patch(jf, exit);
                self.end_loop(exit);
            }
            StmtKind::WhileLet { pat, value, body } => {
                let top = self.pc();
                self.expr(value);
                let p = self.pattern(pat);
                let m = self.emit(Op::Match(p, 0));
                self.loop_body(top, top, body, s.span);
                let exit = self.pc();
                self.patch(m, exit);
                self.end_loop(exit);
            }
            StmtKind::Loop(body) => {
                let top = self.pc();
                self.loop_body(top, top, body, s.span);
                let exit = self.pc();
                self.end_loop(exit);
            }
            StmtKind::For {
                var,
                end_slot,
                start,
                end,
                inclusive,
                body,
            } => {
                self.expr(start);
                self.emit(Op::Store(*var));
                self.expr(end);
                self.emit(Op::Store(*end_slot));
                let top = self.pc();
                let check = self.emit(Op::ForCheck {
                    var: *var,
                    end: *end_slot,
                    inclusive: *inclusive,
                    exit: 0,
                });
                // `continue` goes to the increment, which comes after the body.
                self.loops.push(Loop {
                    next: u32::MAX,
                    breaks: Vec::new(),
                });
                let continues_from = self.code.ops.len();
                self.block(body);
                let incr = self.pc();
                self.fix_continues(continues_from, incr);
                self.emit(Op::Incr(*var));
                self.emit(Op::LoopBack(top, s.span));
                let exit = self.pc();
                self.patch(check, exit);
                self.end_loop(exit);
            }
            StmtKind::Break => {
                let at = self.emit(Op::Jump(0));
                if let Some(l) = self.loops.last_mut() {
                    l.breaks.push(at);
                }
            }
            StmtKind::Continue => {
                let next = self.loops.last().map_or(0, |l| l.next);
                self.emit(Op::Jump(next));
            }
            StmtKind::Return => match self.closures.last_mut() {
                Some(_) => {
                    let at = self.emit(Op::Jump(0));
                    if let Some(returns) = self.closures.last_mut() {
                        returns.push(at);
                    }
                }
                None => {
                    self.emit(Op::Return);
                }
            },
            StmtKind::BlockInPlace(body) => {
                self.emit(Op::EnterBlockInPlace(s.span));
                // Its `return`s jump to the exit, which follows.
                self.closure(body);
                self.emit(Op::ExitBlockInPlace);
            }
            StmtKind::Block(b) => self.block(b),
            StmtKind::Select {
                id,
                biased,
                branches,
            } => {
                // The preconditions run first, then the futures are made, as in tokio::select!.
                for b in branches {
                    if let Some(g) = &b.guard {
                        self.expr(g);
                    }
                }
                let mut compiled = Vec::with_capacity(branches.len());
                for b in branches {
                    let shape = self.future(&b.future);
                    let pat = self.pattern(&b.pat);
                    compiled.push(Branch {
                        shape,
                        guarded: b.guard.is_some(),
                        pat,
                        body: 0,
                    });
                }
                self.code.selects.push(SelectCode {
                    span: s.span,
                    biased: *biased,
                    branches: compiled,
                });
                let sel = (self.code.selects.len() - 1) as u32;
                self.emit(Op::Select(*id, sel));
                let mut ends = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    let body = self.pc();
                    self.code.selects[sel as usize].branches[i].body = body;
                    self.block(&b.body);
                    ends.push(self.emit(Op::Jump(0)));
                }
                let end = self.pc();
                for e in ends {
                    self.patch(e, end);
                }
            }
        }
    }

    /// Compiles a closure's block; its `return`s jump to the op that follows it.
    fn closure(&mut self, body: &Block) {
        self.closures.push(Vec::new());
        self.block(body);
        let end = self.pc();
        for at in self.closures.pop().unwrap_or_default() {
            self.patch(at, end);
        }
    }

    fn else_part(&mut self, jump_to_else: usize, otherwise: Option<&Block>) {
        match otherwise {
            Some(b) => {
                let skip = self.emit(Op::Jump(0));
                let else_pc = self.pc();
                self.patch(jump_to_else, else_pc);
                self.block(b);
                let end = self.pc();
                self.patch(skip, end);
            }
            None => {
                let end = self.pc();
                self.patch(jump_to_else, end);
            }
        }
    }

    fn loop_body(&mut self, top: u32, next: u32, body: &Block, span: Span) {
        self.loops.push(Loop {
            next,
            breaks: Vec::new(),
        });
        self.block(body);
        self.emit(Op::LoopBack(top, span));
        let _ = top;
    }

    /// `continue` in a `for` body was emitted before the increment's address was known.
    fn fix_continues(&mut self, from: usize, target: u32) {
        for op in &mut self.code.ops[from..] {
            if let Op::Jump(t) = op
                && *t == u32::MAX
            {
                *t = target;
            }
        }
    }

    fn end_loop(&mut self, exit: u32) {
        let l = self.loops.pop().expect("inside a loop");
        for b in l.breaks {
            self.patch(b, exit);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(i) => {
                self.emit(Op::Push(Value::Int(*i)));
            }
            ExprKind::Bool(b) => {
                self.emit(Op::Push(Value::Bool(*b)));
            }
            ExprKind::Str(s) => {
                self.emit(Op::Push(Value::str(s)));
            }
            ExprKind::Duration(us) => {
                self.emit(Op::Push(Value::Dur(*us)));
            }
            ExprKind::Unit => {
                self.emit(Op::Push(Value::Unit));
            }
            ExprKind::Local(slot) => {
                self.emit(Op::Load(*slot));
            }
            ExprKind::Unary(op, inner) => {
                self.expr(inner);
                self.emit(Op::Unary(*op, e.span));
            }
            ExprKind::Binary(BinOp::And, a, b) | ExprKind::Binary(BinOp::Or, a, b) => {
                let and = matches!(e.kind, ExprKind::Binary(BinOp::And, ..));
                self.expr(a);
                let j = self.emit(if and { Op::AndShort(0) } else { Op::OrShort(0) });
                self.expr(b);
                let end = self.pc();
                self.patch(j, end);
            }
            ExprKind::Binary(op, a, b) => {
                self.expr(a);
                self.expr(b);
                self.emit(Op::Binary(*op, e.span));
            }
            ExprKind::Some(inner) => {
                self.expr(inner);
                self.emit(Op::WrapSome);
            }
            ExprKind::None => {
                self.emit(Op::Push(Value::Opt(None)));
            }
            ExprKind::Ok(inner) => {
                self.expr(inner);
                self.emit(Op::WrapOk);
            }
            ExprKind::Err(inner) => {
                self.expr(inner);
                self.emit(Op::WrapErr);
            }
            ExprKind::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
                self.emit(Op::MakeTuple(items.len() as u32));
            }
            ExprKind::Await { id, future } => {
                let shape = self.future(future);
                self.code.shapes.push(shape);
                let s = (self.code.shapes.len() - 1) as u32;
                self.emit(Op::Await(*id, s));
            }
            ExprKind::Spawn(task) => {
                self.emit(Op::Spawn(*task));
            }
            ExprKind::SpawnBlocking { body, captures } => {
                self.code.captures.push(captures.clone());
                let captures = (self.code.captures.len() - 1) as u32;
                let spawn = self.emit(Op::SpawnBlocking { end: 0, captures });
                // The loops around the spawn are not the closure's: a `break` cannot leave it
                // (the checker says so), and its own loops are pushed and popped inside.
                self.closure(body);
                self.emit(Op::EndClosure);
                let end = self.pc();
                self.patch(spawn, end);
            }
            ExprKind::Abort(h) => {
                self.expr(h);
                self.emit(Op::Abort);
            }
            ExprKind::OneshotSend { oneshot, value } => {
                self.expr(value);
                self.emit(Op::OneshotSend(*oneshot, e.span));
            }
            ExprKind::Work(d) => {
                self.expr(d);
                self.emit(Op::Work);
            }
            ExprKind::Print(parts) => {
                let mut pieces = Vec::with_capacity(parts.len());
                for part in parts {
                    match part {
                        FmtPart::Lit(s) => pieces.push(Piece::Lit(Rc::from(s.as_str()))),
                        FmtPart::Local(slot) => {
                            self.emit(Op::Load(*slot));
                            pieces.push(Piece::Value);
                        }
                    }
                }
                self.code.prints.push(pieces);
                self.emit(Op::Print((self.code.prints.len() - 1) as u32));
            }
            ExprKind::Now => {
                self.emit(Op::Now);
            }
        }
    }

    /// Emits a future's arguments (pre-order) and returns its shape.
    fn future(&mut self, f: &FutureExpr) -> Shape {
        match &f.kind {
            FutureKind::Sleep(d) => {
                self.expr(d);
                Shape::Sleep
            }
            FutureKind::YieldNow => Shape::YieldNow,
            FutureKind::Pending => Shape::Pending,
            FutureKind::LostWake => Shape::LostWake,
            FutureKind::NoYield => Shape::NoYield,
            FutureKind::Timeout { after, future } => {
                self.expr(after);
                Shape::Timeout(Box::new(self.future(future)))
            }
            FutureKind::Send { chan, value } => {
                self.expr(value);
                Shape::Send(*chan, f.span)
            }
            FutureKind::Recv(c) => Shape::Recv(*c),
            FutureKind::OneshotRecv(o) => Shape::OneshotRecv(*o),
            FutureKind::Read(s) => Shape::Read(*s),
            FutureKind::Join(h) => {
                self.expr(h);
                Shape::Join(f.span)
            }
            FutureKind::JoinAll(futures) => {
                Shape::JoinAll(futures.iter().map(|g| self.future(g)).collect())
            }
            FutureKind::Kept { slot, lend } => Shape::Kept {
                slot: *slot,
                lend: *lend,
                span: f.span,
            },
        }
    }
}
