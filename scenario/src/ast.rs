//! The syntax tree: what the learner wrote, every node with its span, names not yet
//! resolved. The checker turns it into a [`crate::program::Program`].
//!
//! Expressions print back as source ([`fmt::Display`]), with the parentheses their
//! precedence needs; the checker uses that for the labels of await points
//! (`jobs.recv().await`), so the UI shows code, not a debug dump.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::span::Span;

/// A whole scenario: its items in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// Items in source order.
    pub items: Vec<Item>,
}

/// A name as written, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `config { key: value; ... }`
    Config(Config),
    /// `chan NAME: CAP;`
    Chan(Chan),
    /// `oneshot NAME;`
    Oneshot(Oneshot),
    /// `io NAME { TIME: "data"; ... }`
    Io(Io),
    /// `task NAME { ... }`, `task NAME @ TIME { ... }`, `lazy task NAME { ... }`
    Task(Task),
}

impl Item {
    /// Where the whole item is.
    pub fn span(&self) -> Span {
        match self {
            Item::Config(c) => c.span,
            Item::Chan(c) => c.span,
            Item::Oneshot(o) => o.span,
            Item::Io(i) => i.span,
            Item::Task(t) => t.span,
        }
    }
}

/// `config { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The entries in source order.
    pub entries: Vec<ConfigEntry>,
    /// The whole item.
    pub span: Span,
}

/// `key: value;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigEntry {
    /// The key.
    pub key: Ident,
    /// The value.
    pub value: ConfigValue,
}

/// A config value: a literal or a word such as `off`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigValue {
    /// What was written.
    pub kind: ConfigValueKind,
    /// Where.
    pub span: Span,
}

/// The forms a config value can take; the checker decides which a key accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigValueKind {
    /// `61`
    Int(i64),
    /// `5ms`, in microseconds.
    Duration(u64),
    /// `off`, `tokio`, ...
    Word(String),
}

/// `chan NAME: CAP;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chan {
    /// The channel's name.
    pub name: Ident,
    /// The capacity as written (the checker requires at least 1).
    pub capacity: i64,
    /// Where the capacity is.
    pub capacity_span: Span,
    /// The whole item.
    pub span: Span,
}

/// `oneshot NAME;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Oneshot {
    /// The oneshot's name.
    pub name: Ident,
    /// The whole item.
    pub span: Span,
}

/// `io NAME { TIME: "data"; ... }`: a virtual socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Io {
    /// The socket's name.
    pub name: Ident,
    /// The chunks in source order.
    pub chunks: Vec<IoChunk>,
    /// The whole item.
    pub span: Span,
}

/// `30ms: "row1";`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoChunk {
    /// When the chunk becomes readable, in microseconds.
    pub at: u64,
    /// Where the time is.
    pub at_span: Span,
    /// The data.
    pub data: String,
    /// The whole entry.
    pub span: Span,
}

/// A task declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The task's name.
    pub name: Ident,
    /// Where `lazy` is, for a lazy task (started only by `spawn`).
    pub lazy: Option<Span>,
    /// `@ TIME`: when the task starts, in microseconds, and where that is written.
    pub start: Option<(u64, Span)>,
    /// The body.
    pub body: Block,
    /// The whole item.
    pub span: Span,
}

/// `{ stmt* }`
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
    /// What it is.
    pub kind: StmtKind,
    /// Where, without the trailing `;`.
    pub span: Span,
}

/// `=`, `+=`, `-=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `x = e`
    Set,
    /// `x += e`
    Add,
    /// `x -= e`
    Sub,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// `let x = e;`, `let mut x = e;`; `name` is `None` for `let _ = e;`.
    Let {
        /// Whether `mut` was written (accepted, not enforced).
        mutable: bool,
        /// The new variable, or `None` for `_`.
        name: Option<Ident>,
        /// The initial value.
        value: Expr,
    },
    /// `x = e;`, `x += e;`, `x -= e;`
    Assign {
        /// The variable assigned to.
        target: Ident,
        /// Which assignment.
        op: AssignOp,
        /// The value.
        value: Expr,
    },
    /// `let (a, b) = e;`: a pattern that always matches (names, `_`, tuples of them).
    LetPat {
        /// The pattern.
        pat: Pattern,
        /// The value destructured.
        value: Expr,
    },
    /// `e;`
    Expr(Expr),
    /// `if ... { } else ...`
    If(If),
    /// `while COND { }`, `while let PAT = e { }`
    While {
        /// The condition.
        cond: Cond,
        /// The body.
        body: Block,
    },
    /// `loop { }`
    Loop(Block),
    /// `for i in a..b { }`, `for i in a..=b { }`
    For {
        /// The loop variable.
        var: Ident,
        /// The first value.
        start: Expr,
        /// The bound.
        end: Expr,
        /// `..=` rather than `..`.
        inclusive: bool,
        /// The body.
        body: Block,
    },
    /// `break;`
    Break,
    /// `continue;`
    Continue,
    /// `return;`
    Return,
    /// `{ ... }`
    Block(Block),
    /// `select { ... }`
    Select(Select),
}

/// `if COND { } [else ...]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct If {
    /// The condition.
    pub cond: Cond,
    /// Runs when the condition holds.
    pub then: Block,
    /// The `else` part.
    pub otherwise: Option<Else>,
    /// From `if` to the end of the last branch.
    pub span: Span,
}

/// What follows `else`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Else {
    /// `else { }`
    Block(Block),
    /// `else if ...`
    If(Box<If>),
}

/// The condition of an `if` or a `while`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// A boolean expression.
    Expr(Expr),
    /// `let PAT = e`
    Let {
        /// The pattern.
        pat: Pattern,
        /// The value matched.
        value: Expr,
    },
}

/// `select { PAT = FUTURE => { ... } ... }`, or `select { biased; ... }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Select {
    /// `biased;`: the branches are polled in order, not from a random one.
    pub biased: bool,
    /// The branches in order.
    pub branches: Vec<SelectBranch>,
    /// From `select` to `}`.
    pub span: Span,
}

/// `PAT = FUTURE => { ... }`, or `PAT = FUTURE, if COND => { ... }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectBranch {
    /// Matched against the future's output.
    pub pat: Pattern,
    /// The future, without `.await`.
    pub future: Expr,
    /// `, if COND`: the precondition; when it is false, the branch is disabled for this
    /// `select` (its future is made but never polled), as in `tokio::select!`.
    pub guard: Option<Expr>,
    /// Runs when this branch wins.
    pub body: Block,
    /// The whole branch.
    pub span: Span,
}

/// A pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// What it is.
    pub kind: PatKind,
    /// Where.
    pub span: Span,
}

/// The kinds of pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatKind {
    /// `_`
    Wild,
    /// `name`: binds the value.
    Bind(String),
    /// `3`, `-1`
    Int(i64),
    /// `"done"`
    Str(String),
    /// `true`, `false`
    Bool(bool),
    /// `()`, as in `Ok(())`
    Unit,
    /// `Some(p)`
    Some(Box<Pattern>),
    /// `None`
    None,
    /// `Ok(p)`
    Ok(Box<Pattern>),
    /// `Err(p)`
    Err(Box<Pattern>),
    /// `(p, q)`, `(p,)`
    Tuple(Vec<Pattern>),
}

/// An expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// A string literal: its value, and its text between the quotes (for `print`'s `{name}`
/// placeholders, whose positions must point into the source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    /// The value, escapes decoded.
    pub value: String,
    /// The source text between the quotes, escapes as written.
    pub raw: String,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-e`
    Neg,
    /// `!e`
    Not,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::And => "&&",
            BinOp::Or => "||",
        }
    }

    /// Binding strength, as in Rust: `*` over `+` over comparisons over `&&` over `||`.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Mul | BinOp::Div | BinOp::Rem => 5,
            BinOp::Add | BinOp::Sub => 4,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne => 3,
            BinOp::And => 2,
            BinOp::Or => 1,
        }
    }

    /// Comparisons do not chain (`a < b < c` is an error, as in Rust).
    pub fn is_comparison(self) -> bool {
        self.precedence() == 3
    }
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// `42`
    Int(i64),
    /// `10ms`: microseconds, and the literal as written.
    Duration(u64, String),
    /// `"text"`
    Str(StrLit),
    /// `true`, `false`
    Bool(bool),
    /// `()`
    Unit,
    /// A name: a variable (or, wrongly, a channel, task, ...).
    Name(String),
    /// `-e`, `!e`
    Unary(UnOp, Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `Some(e)`
    Some(Box<Expr>),
    /// `None`
    None,
    /// `Ok(e)`
    Ok(Box<Expr>),
    /// `Err(e)`
    Err(Box<Expr>),
    /// `f(args)`: a built-in function.
    Call {
        /// The function's name.
        func: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `receiver.method(args)`
    Method {
        /// Usually a channel, oneshot, socket or JoinHandle name.
        receiver: Box<Expr>,
        /// The method's name.
        method: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `e.await`
    Await(Box<Expr>),
    /// `spawn NAME`
    Spawn(Ident),
    /// `(a, b)`, `(a,)`
    Tuple(Vec<Expr>),
    /// `&mut e`: lends the future kept in variable `e` (to `select`, `.await`, `timeout` or
    /// `join`) without giving it up.
    RefMut(Box<Expr>),
}

impl Expr {
    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Binary(op, ..) => op.precedence(),
            ExprKind::Unary(..) | ExprKind::RefMut(_) => 6,
            _ => 7,
        }
    }
}

/// Prints the expression as source, with only the parentheses precedence needs.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn child(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
            if e.precedence() < min {
                write!(f, "({e})")
            } else {
                write!(f, "{e}")
            }
        }
        fn list(f: &mut fmt::Formatter<'_>, args: &[Expr]) -> fmt::Result {
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{a}")?;
            }
            Ok(())
        }
        match &self.kind {
            ExprKind::Int(v) => write!(f, "{v}"),
            ExprKind::Duration(_, text) => f.write_str(text),
            ExprKind::Str(s) => write!(f, "\"{}\"", s.raw),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Unit => f.write_str("()"),
            ExprKind::Name(n) => f.write_str(n),
            ExprKind::Unary(op, e) => {
                f.write_str(match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "!",
                })?;
                child(f, e, 6)
            }
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                child(f, l, p)?;
                write!(f, " {} ", op.as_str())?;
                child(f, r, p + 1)
            }
            ExprKind::Some(e) => write!(f, "Some({e})"),
            ExprKind::None => f.write_str("None"),
            ExprKind::Ok(e) => write!(f, "Ok({e})"),
            ExprKind::Err(e) => write!(f, "Err({e})"),
            ExprKind::Call { func, args } => {
                write!(f, "{}(", func.name)?;
                list(f, args)?;
                f.write_str(")")
            }
            ExprKind::Method {
                receiver,
                method,
                args,
            } => {
                child(f, receiver, 7)?;
                write!(f, ".{}(", method.name)?;
                list(f, args)?;
                f.write_str(")")
            }
            ExprKind::Await(e) => {
                child(f, e, 7)?;
                f.write_str(".await")
            }
            ExprKind::Spawn(name) => write!(f, "spawn {}", name.name),
            ExprKind::Tuple(items) => {
                f.write_str("(")?;
                list(f, items)?;
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            ExprKind::RefMut(e) => {
                f.write_str("&mut ")?;
                child(f, e, 6)
            }
        }
    }
}
