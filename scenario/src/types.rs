//! The static types of the language, Rust-shaped and without generics syntax.
//!
//! There is one wrinkle: a channel's element type is inferred from what is sent on it, and
//! a channel nobody sends on carries [`Type::Unknown`] (shown `_`, as rustc shows a type it
//! could not infer). `Unknown` is compatible with everything; [`unify`] keeps the more
//! precise of two types, which is how a `let mut last = None;` becomes `Option<int>` at the
//! first `last = Some(n);`.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

/// A type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// `i64`.
    Int,
    /// `true` / `false`.
    Bool,
    /// Text.
    Str,
    /// A length of virtual time, in microseconds.
    Duration,
    /// `()`: what statements and most built-ins produce.
    Unit,
    /// `Option<T>`.
    Option(Box<Type>),
    /// `Result<T, E>`.
    Result(Box<Type>, Box<Type>),
    /// `(A, B, ...)`: what `join` produces, one element per future (a 1-tuple is `(A,)`).
    Tuple(Vec<Type>),
    /// What `spawn` returns; awaiting it gives `Result<(), str>`.
    JoinHandle,
    /// A future not yet awaited, with the type it produces.
    Future(Box<Type>),
    /// Not known (yet): compatible with every type.
    Unknown,
}

impl Type {
    /// `Option<t>`.
    pub fn option(t: Type) -> Type {
        Type::Option(Box::new(t))
    }

    /// `Result<t, e>`.
    pub fn result(t: Type, e: Type) -> Type {
        Type::Result(Box::new(t), Box::new(e))
    }

    /// True if `self` can be compared with `==` (futures and handles cannot).
    pub fn is_eq(&self) -> bool {
        match self {
            Type::Int | Type::Bool | Type::Str | Type::Duration | Type::Unit | Type::Unknown => {
                true
            }
            Type::Option(t) => t.is_eq(),
            Type::Result(t, e) => t.is_eq() && e.is_eq(),
            Type::Tuple(ts) => ts.iter().all(Type::is_eq),
            Type::JoinHandle | Type::Future(_) => false,
        }
    }

    /// True if the type has no `Unknown` part.
    pub fn is_known(&self) -> bool {
        match self {
            Type::Unknown => false,
            Type::Option(t) | Type::Future(t) => t.is_known(),
            Type::Result(t, e) => t.is_known() && e.is_known(),
            Type::Tuple(ts) => ts.iter().all(Type::is_known),
            _ => true,
        }
    }

    /// Nesting depth (`int` is 1, `Option<int>` is 2).
    pub fn depth(&self) -> u32 {
        match self {
            Type::Option(t) | Type::Future(t) => 1 + t.depth(),
            Type::Result(t, e) => 1 + t.depth().max(e.depth()),
            Type::Tuple(ts) => 1 + ts.iter().map(Type::depth).max().unwrap_or(0),
            _ => 1,
        }
    }
}

impl Default for Type {
    /// [`Type::Unknown`]: nothing is known yet.
    fn default() -> Self {
        Type::Unknown
    }
}

/// The most precise type compatible with both, or `None` if they conflict.
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Unknown, t) | (t, Type::Unknown) => Some(t.clone()),
        (Type::Option(x), Type::Option(y)) => Some(Type::option(unify(x, y)?)),
        (Type::Future(x), Type::Future(y)) => Some(Type::Future(Box::new(unify(x, y)?))),
        (Type::Result(t1, e1), Type::Result(t2, e2)) => {
            Some(Type::result(unify(t1, t2)?, unify(e1, e2)?))
        }
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => Some(Type::Tuple(
            xs.iter()
                .zip(ys)
                .map(|(x, y)| unify(x, y))
                .collect::<Option<Vec<_>>>()?,
        )),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

/// `int`, `Option<str>`, `Result<(), str>`, `(int, str)`, `_` for unknown.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Int => f.write_str("int"),
            Type::Bool => f.write_str("bool"),
            Type::Str => f.write_str("str"),
            Type::Duration => f.write_str("duration"),
            Type::Unit => f.write_str("()"),
            Type::Option(t) => write!(f, "Option<{t}>"),
            Type::Result(t, e) => write!(f, "Result<{t}, {e}>"),
            Type::Tuple(ts) => {
                f.write_str("(")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(if ts.len() == 1 { ",)" } else { ")" })
            }
            Type::JoinHandle => f.write_str("JoinHandle"),
            Type::Future(t) => write!(f, "Future<{t}>"),
            Type::Unknown => f.write_str("_"),
        }
    }
}
