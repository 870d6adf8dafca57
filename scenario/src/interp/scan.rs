//! What the runner works out before a run, by walking the checked program once.

use super::vm::{Usage, chan};
use crate::program::{
    Block, Expr, ExprKind, FutureExpr, FutureKind, Program, Slot, StmtKind, TaskId,
};
use crate::types::Type;
use alloc::vec;
use alloc::vec::Vec;

/// Calls `on_expr` for every expression and `on_future` for every future in `block`.
fn walk_block(b: &Block, v: &mut impl Visitor) {
    for s in &b.stmts {
        match &s.kind {
            StmtKind::Let { value, .. }
            | StmtKind::LetPat { value, .. }
            | StmtKind::Assign { value, .. }
            | StmtKind::Expr(value) => {
                walk_expr(value, v);
            }
            StmtKind::Keep { slot, future, .. } => {
                v.kept(*slot, future);
                walk_future(future, v);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                walk_expr(cond, v);
                walk_block(then, v);
                if let Some(o) = otherwise {
                    walk_block(o, v);
                }
            }
            StmtKind::IfLet {
                value,
                then,
                otherwise,
                ..
            } => {
                walk_expr(value, v);
                walk_block(then, v);
                if let Some(o) = otherwise {
                    walk_block(o, v);
                }
            }
            StmtKind::While { cond: e, body } | StmtKind::WhileLet { value: e, body, .. } => {
                walk_expr(e, v);
                walk_block(body, v);
            }
            StmtKind::Loop(body) | StmtKind::Block(body) | StmtKind::BlockInPlace(body) => {
                walk_block(body, v)
            }
            StmtKind::For {
                start, end, body, ..
            } => {
                walk_expr(start, v);
                walk_expr(end, v);
                walk_block(body, v);
            }
            StmtKind::Select { branches, .. } => {
                for br in branches {
                    if let Some(g) = &br.guard {
                        walk_expr(g, v);
                    }
                    walk_future(&br.future, v);
                    walk_block(&br.body, v);
                }
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Return => {}
        }
    }
}

fn walk_expr(e: &Expr, v: &mut impl Visitor) {
    v.expr(e);
    match &e.kind {
        ExprKind::Unary(_, a)
        | ExprKind::Some(a)
        | ExprKind::Ok(a)
        | ExprKind::Err(a)
        | ExprKind::Abort(a)
        | ExprKind::Work(a) => walk_expr(a, v),
        ExprKind::OneshotSend { value, .. } => walk_expr(value, v),
        ExprKind::Binary(_, a, b) => {
            walk_expr(a, v);
            walk_expr(b, v);
        }
        ExprKind::Await { future, .. } => walk_future(future, v),
        ExprKind::Tuple(items) => items.iter().for_each(|e| walk_expr(e, v)),
        ExprKind::SpawnBlocking { body, .. } => walk_block(body, v),
        _ => {}
    }
}

fn walk_future(f: &FutureExpr, v: &mut impl Visitor) {
    v.future(f);
    match &f.kind {
        FutureKind::Sleep(e) | FutureKind::Join(e) => walk_expr(e, v),
        FutureKind::Send { value, .. } => walk_expr(value, v),
        FutureKind::Timeout { after, future } => {
            walk_expr(after, v);
            walk_future(future, v);
        }
        FutureKind::JoinAll(futures) => futures.iter().for_each(|f| walk_future(f, v)),
        _ => {}
    }
}

trait Visitor {
    fn expr(&mut self, _e: &Expr) {}
    fn future(&mut self, _f: &FutureExpr) {}
    /// `let f = FUTURE;` or `f = FUTURE;` (the future is then walked as any other).
    fn kept(&mut self, _slot: Slot, _f: &FutureExpr) {}
}

/// Which channel ends each task needs: the ones it, or any task it may spawn, uses.
pub(crate) fn usage(p: &Program) -> Vec<Usage> {
    struct Recvs<'a>(&'a mut Vec<bool>, &'a mut Vec<bool>);
    impl Visitor for Recvs<'_> {
        fn future(&mut self, f: &FutureExpr) {
            match &f.kind {
                FutureKind::Recv(c) => self.0[chan(*c)] = true,
                FutureKind::OneshotRecv(o) => self.1[o.index()] = true,
                _ => {}
            }
        }
    }
    let own: Vec<(Vec<bool>, Vec<bool>)> = p
        .tasks
        .iter()
        .map(|t| {
            let mut recvs = vec![false; p.channels.len()];
            let mut os = vec![false; p.oneshots.len()];
            walk_block(&t.body, &mut Recvs(&mut recvs, &mut os));
            (recvs, os)
        })
        .collect();
    (0..p.tasks.len())
        .map(|i| {
            let mut u = Usage {
                sends: vec![false; p.channels.len()],
                recvs: vec![false; p.channels.len()],
                oneshot_sends: vec![false; p.oneshots.len()],
                oneshot_recvs: vec![false; p.oneshots.len()],
            };
            for t in p.spawn_closure(TaskId(i as u32)) {
                let task = p.task(t);
                for c in &task.sends {
                    u.sends[chan(*c)] = true;
                }
                for o in &task.oneshot_sends {
                    u.oneshot_sends[o.index()] = true;
                }
                for (c, r) in own[t.index()].0.iter().enumerate() {
                    u.recvs[c] |= *r;
                }
                for (o, r) in own[t.index()].1.iter().enumerate() {
                    u.oneshot_recvs[o] |= *r;
                }
            }
            u
        })
        .collect()
}

/// 1000 (a tick is a millisecond) when every time the program writes is a whole number of
/// milliseconds; otherwise 1 (a tick is a microsecond), so `500us` means what it says.
pub(crate) fn micros_per_tick(p: &Program) -> u64 {
    struct Durations(bool);
    impl Visitor for Durations {
        fn expr(&mut self, e: &Expr) {
            if let ExprKind::Duration(us) = e.kind {
                self.0 &= us % 1000 == 0;
            }
        }
    }
    let mut d = Durations(true);
    for t in &p.tasks {
        d.0 &= t.start % 1000 == 0;
        walk_block(&t.body, &mut d);
    }
    for s in &p.sockets {
        d.0 &= s.chunks.iter().all(|(us, _)| us % 1000 == 0);
    }
    if let Some(lp) = p.config.long_poll {
        d.0 &= lp % 1000 == 0;
    }
    if d.0 { 1000 } else { 1 }
}

/// A model of the size of each task's future, as rustc would lay out the state machine on a
/// 64-bit target: a discriminant, the variables kept across awaits, and the largest future
/// it awaits. A variable that keeps a future (`let f = db.read();`) is as large as the largest
/// future it keeps: the future lives inside the task's, which is why it never moves. A model,
/// not a measurement: it is the same on every target, so traces are too.
pub(crate) fn sizes(p: &Program) -> Vec<u32> {
    struct Largest {
        awaited: u32,
        /// The size of each variable that keeps a future, by slot (0 for the others).
        kept: Vec<u32>,
    }
    impl Visitor for Largest {
        fn future(&mut self, f: &FutureExpr) {
            self.awaited = self.awaited.max(future_size(f));
        }
        fn kept(&mut self, slot: Slot, f: &FutureExpr) {
            let size = &mut self.kept[slot.index()];
            *size = (*size).max(future_size(f));
        }
    }
    p.tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut largest = Largest {
                awaited: 0,
                kept: vec![0; t.locals.len()],
            };
            walk_block(&t.body, &mut largest);
            let size_of = |slot: &Slot| match largest.kept[slot.index()] {
                0 => type_size(&t.locals[slot.index()].ty),
                kept => kept,
            };
            let kept: u32 = p
                .await_sites
                .iter()
                .filter(|s| s.task.index() == i)
                .map(|s| s.locals.iter().map(size_of).sum::<u32>())
                .max()
                .unwrap_or(0);
            round8(8 + kept + largest.awaited)
        })
        .collect()
}

pub(crate) fn round8(n: u32) -> u32 {
    n.div_ceil(8) * 8
}

pub(crate) fn type_size(t: &Type) -> u32 {
    match t {
        Type::Unit => 0,
        Type::Bool => 1,
        Type::Int | Type::JoinHandle | Type::Unknown => 8,
        Type::Duration => 16,
        Type::Str => 24,
        Type::Option(inner) => round8(type_size(inner) + 8),
        Type::Result(a, b) => round8(type_size(a).max(type_size(b)) + 8),
        Type::Future(inner) => round8(type_size(inner) + 16),
        Type::Tuple(items) => round8(items.iter().map(type_size).sum()),
    }
}

fn future_size(f: &FutureExpr) -> u32 {
    match &f.kind {
        FutureKind::Sleep(_) => 24,
        FutureKind::YieldNow | FutureKind::LostWake => 16,
        FutureKind::Pending | FutureKind::Recv(_) | FutureKind::OneshotRecv(_) => 24,
        FutureKind::NoYield => 8,
        FutureKind::Timeout { future, .. } => 24 + future_size(future),
        FutureKind::Send { value, .. } => 32 + type_size(&value.ty),
        FutureKind::Read(_) => 24,
        FutureKind::Join(_) => 16,
        // Tokio's `join!`: a rotator, and each future in a `MaybeDone` (the future, or once it
        // is done its output, and a discriminant).
        FutureKind::JoinAll(futures) => {
            8 + futures
                .iter()
                .map(|f| round8(future_size(f).max(type_size(&f.output)) + 8))
                .sum::<u32>()
        }
        // `&mut f` is a reference; `f` moved out is counted in the variable it came from.
        FutureKind::Kept { .. } => 8,
    }
}
