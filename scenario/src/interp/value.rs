//! Run-time values of the language.
//!
//! Cheap to clone (text and nested values are reference-counted), because every `Load` of a
//! variable copies its value onto the stack, as a Rust `Copy`/`Clone` would.

use crate::program::Micros;
use alloc::rc::Rc;
use core::fmt;

/// A `JoinHandle` value: the task's number and its entry in the run's table of handles (the
/// handle itself lives there, until awaiting moves it out, as in Rust).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JoinRef {
    /// The task's number (runtime-core's task id).
    pub task: u32,
    /// Where the run keeps the handle.
    pub entry: u32,
}

/// A value.
#[derive(Clone)]
pub enum Value {
    /// `()`
    Unit,
    /// An `int` (i64).
    Int(i64),
    /// A `bool`.
    Bool(bool),
    /// A `str`.
    Str(Rc<str>),
    /// A `duration`, in microseconds.
    Dur(Micros),
    /// `Some(v)` / `None`.
    Opt(Option<Rc<Value>>),
    /// `Ok(v)` / `Err(e)`.
    Res(Result<Rc<Value>, Rc<Value>>),
    /// A `JoinHandle`.
    Handle(JoinRef),
    /// `(a, b, ...)`: what `join` gives, one element per future.
    Tuple(Rc<[Value]>),
}

impl Value {
    /// `Some(v)`.
    pub fn some(v: Value) -> Value {
        Value::Opt(Some(Rc::new(v)))
    }

    /// `Ok(v)`.
    pub fn ok(v: Value) -> Value {
        Value::Res(Ok(Rc::new(v)))
    }

    /// `Err(v)`.
    pub fn err(v: Value) -> Value {
        Value::Res(Err(Rc::new(v)))
    }

    /// A `str`.
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// Structural equality (`==` of the language). Handles are equal when they name the same
    /// task (the checker rejects `==` on handles; this only serves patterns).
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Unit, Value::Unit) => true,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Dur(a), Value::Dur(b)) => a == b,
            (Value::Opt(a), Value::Opt(b)) => match (a, b) {
                (Some(a), Some(b)) => a.equals(b),
                (None, None) => true,
                _ => false,
            },
            (Value::Res(a), Value::Res(b)) => match (a, b) {
                (Ok(a), Ok(b)) | (Err(a), Err(b)) => a.equals(b),
                _ => false,
            },
            (Value::Handle(a), Value::Handle(b)) => a.task == b.task,
            (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(y))
            }
            _ => false,
        }
    }
}

/// Writes a duration the way a learner wrote it: `2s`, `10ms`, `1500us`.
pub fn fmt_duration(f: &mut fmt::Formatter<'_>, us: Micros) -> fmt::Result {
    if us != 0 && us.is_multiple_of(1_000_000) {
        write!(f, "{}s", us / 1_000_000)
    } else if us.is_multiple_of(1000) {
        write!(f, "{}ms", us / 1000)
    } else {
        write!(f, "{us}us")
    }
}

/// `print` shows text as it is (like Rust's `Display` for `str`); inside `Some(..)` and the
/// like it is quoted (like `Debug`), so `Some("row1")` reads as it would in Rust.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            other => write!(f, "{other:?}"),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unit => f.write_str("()"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Str(s) => write!(f, "{:?}", &**s),
            Value::Dur(us) => fmt_duration(f, *us),
            Value::Opt(None) => f.write_str("None"),
            Value::Opt(Some(v)) => write!(f, "Some({v:?})"),
            Value::Res(Ok(v)) => write!(f, "Ok({v:?})"),
            Value::Res(Err(v)) => write!(f, "Err({v:?})"),
            Value::Handle(h) => write!(f, "JoinHandle(task#{})", h.task),
            Value::Tuple(vs) => {
                f.write_str("(")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v:?}")?;
                }
                f.write_str(if vs.len() == 1 { ",)" } else { ")" })
            }
        }
    }
}
