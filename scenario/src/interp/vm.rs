//! The future each scenario task runs as.
//!
//! A [`TaskVm`] is the state machine rustc would generate for the task's body, made explicit:
//! a program counter, a value stack, the task's variables, and the future it is parked on.
//! Polling runs instructions until an `.await` whose future returns `Pending` (the task is
//! then parked there: that await's label is its state) or until the body ends. It runs on any
//! [`Host`]: runtime-core in the lab, Tokio in the differential test.

use super::compile::{Code, Op, Piece, Shape};
use super::host::Host;
use super::kept::{ByRef, Kept};
use super::value::{JoinRef, Value};
use super::{Ends, Shared};
use crate::program::{AwaitId, BinOp, ChanId, OneshotId, PatKind, Pattern, Slot, TaskId, UnOp};
use crate::span::Span;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt::Write;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use runtime_core::{LabelId, Labeled};

/// What the task is parked on.
enum Waiting<H: Host> {
    Nothing,
    One(AwaitId, H::Leaf),
    /// A `select`: its branches, each enabled (its precondition held) or not, and its future
    /// (`None` once it completed without matching). A disabled branch's future is made all the
    /// same, as in `tokio::select!`, and dropped with the others; it is never polled.
    Select(AwaitId, u32, Vec<(bool, Option<H::Leaf>)>),
}

/// The future kept in one variable, shared with the `&mut f` loans that poll it.
type KeptCell<H> = Rc<RefCell<Kept<<H as Host>::Leaf>>>;

/// A `JoinHandle` of the run: its task's number, the handle until it is awaited, and what
/// aborts the task.
pub(crate) struct JoinEntry<H: Host> {
    pub(crate) join: Option<H::Join>,
    pub(crate) abort: H::Abort,
}

/// One task of a scenario, as a future.
pub struct TaskVm<H: Host> {
    shared: Rc<Shared<H>>,
    task: TaskId,
    code: Rc<Code>,
    pc: u32,
    stack: Vec<Value>,
    locals: Vec<Value>,
    /// The futures kept in variables (`let f = FUTURE;`), by slot: `None` for other slots.
    kept: Vec<Option<KeptCell<H>>>,
    waiting: Waiting<H>,
    /// The ends of the channels this task (or a task it may spawn) sends on / receives from.
    /// Holding them is what keeps a channel open: when the last task that could send ends,
    /// the channel closes for its receivers.
    senders: Vec<Option<H::Sender>>,
    receivers: Vec<Option<H::Receiver>>,
    oneshot_senders: Vec<Option<H::Sender>>,
    oneshot_receivers: Vec<Option<H::Receiver>>,
    /// Loop iterations since the task last really suspended.
    spins: u32,
    done: bool,
    /// The closure of a `spawn_blocking` (see [`TaskVm::step_blocking`]), not a task's body.
    blocking: bool,
    /// `block_in_place` blocks being run (nested ones count too).
    in_place: u32,
}

impl<H: Host> core::fmt::Debug for TaskVm<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TaskVm")
            .field("task", &self.task)
            .field("pc", &self.pc)
            .finish_non_exhaustive()
    }
}

/// The outcome of running instructions.
enum Run {
    /// Reached an await: poll its future.
    Await,
    /// The body ended.
    Done,
    /// A run-time error (the message names the line).
    Fault(String),
    /// The runtime refused a spawn: a limit has stopped the run. The task stays where it is.
    Refused,
    /// A blocking closure did some work: it goes on once that time has passed on its thread.
    Paused,
}

/// The ends of `have` that `uses` marks, cloned.
fn pick<T: Clone>(have: &[Option<T>], uses: &[bool]) -> Vec<Option<T>> {
    have.iter()
        .zip(uses)
        .map(|(end, &used)| if used { end.clone() } else { None })
        .collect()
}

impl<H: Host> TaskVm<H> {
    /// A task whose channel ends are cloned from `ends` for the channels it may use.
    pub(crate) fn new(shared: Rc<Shared<H>>, task: TaskId, ends: &Ends<H>) -> TaskVm<H> {
        let usage = &shared.usage[task.index()];
        let senders = pick(&ends.senders, &usage.sends);
        let receivers = pick(&ends.receivers, &usage.recvs);
        let oneshot_senders = pick(&ends.oneshot_senders, &usage.oneshot_sends);
        let oneshot_receivers = pick(&ends.oneshot_receivers, &usage.oneshot_recvs);
        let code = shared.code[task.index()].clone();
        let n = shared.program.task(task).locals.len();
        let locals = alloc::vec![Value::Unit; n];
        let kept = (0..n).map(|_| None).collect();
        TaskVm {
            shared,
            task,
            code,
            pc: 0,
            stack: Vec::new(),
            locals,
            kept,
            waiting: Waiting::Nothing,
            senders,
            receivers,
            oneshot_senders,
            oneshot_receivers,
            spins: 0,
            done: false,
            blocking: false,
            in_place: 0,
        }
    }

    /// The closure of a `spawn_blocking` in `task`: its code from `pc` (the block, up to its
    /// `EndClosure`), with `locals`, a copy of the spawner's variables (a `move` closure), and
    /// `ends`, the channel ends the block uses.
    fn blocking_closure(
        shared: Rc<Shared<H>>,
        task: TaskId,
        code: Rc<Code>,
        pc: u32,
        locals: Vec<Value>,
        ends: Ends<H>,
    ) -> TaskVm<H> {
        // The block cannot await, so it keeps no future (`let f = FUTURE;` is checked out).
        let kept = locals.iter().map(|_| None).collect();
        TaskVm {
            shared,
            task,
            code,
            pc,
            stack: Vec::new(),
            locals,
            waiting: Waiting::Nothing,
            senders: ends.senders,
            receivers: ends.receivers,
            oneshot_senders: ends.oneshot_senders,
            oneshot_receivers: ends.oneshot_receivers,
            spins: 0,
            done: false,
            kept,
            blocking: true,
            in_place: 0,
        }
    }

    /// Runs a blocking closure (`spawn_blocking { ... }`) on, up to its next `work(d)`
    /// (`Pending`: it goes on once `d` has passed on its pool thread) or its end (`Ready`).
    /// Pausing after each stretch of work keeps what the closure does later (a print) at its
    /// own time in the trace. A run-time error is recorded as for a task, and ends it.
    pub fn step_blocking(&mut self) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        match self.run() {
            Run::Paused => Poll::Pending,
            Run::Done | Run::Refused => {
                self.done = true;
                Poll::Ready(())
            }
            Run::Fault(e) => self.fault(e),
            // The checker allows no await in a closure.
            Run::Await => self.fault(String::from(
                "internal: a spawn_blocking block reached an await",
            )),
        }
    }

    /// The ends of the channels the ops from `from` to `to` (a closure's block) use: the
    /// oneshots it sends on, and those of the tasks it spawns. A closure holds only what it
    /// uses, as a Rust closure captures only what it names.
    fn closure_ends(&self, from: u32, to: u32) -> Ends<H> {
        let ops = self
            .code
            .ops
            .get(from as usize..to as usize)
            .unwrap_or_default();
        let program = &self.shared.program;
        let mut uses = Usage {
            sends: alloc::vec![false; program.channels.len()],
            recvs: alloc::vec![false; program.channels.len()],
            oneshot_sends: alloc::vec![false; program.oneshots.len()],
            oneshot_recvs: alloc::vec![false; program.oneshots.len()],
        };
        for op in ops {
            match op {
                Op::OneshotSend(o, _) => uses.oneshot_sends[o.index()] = true,
                Op::Spawn(t) => {
                    let child = &self.shared.usage[t.index()];
                    for (mine, theirs) in [
                        (&mut uses.sends, &child.sends),
                        (&mut uses.recvs, &child.recvs),
                        (&mut uses.oneshot_sends, &child.oneshot_sends),
                        (&mut uses.oneshot_recvs, &child.oneshot_recvs),
                    ] {
                        for (m, t) in mine.iter_mut().zip(theirs) {
                            *m |= *t;
                        }
                    }
                }
                _ => {}
            }
        }
        Ends {
            senders: pick(&self.senders, &uses.sends),
            receivers: pick(&self.receivers, &uses.recvs),
            oneshot_senders: pick(&self.oneshot_senders, &uses.oneshot_sends),
            oneshot_receivers: pick(&self.oneshot_receivers, &uses.oneshot_recvs),
        }
    }

    fn ends(&self) -> Ends<H> {
        Ends {
            senders: self.senders.clone(),
            receivers: self.receivers.clone(),
            oneshot_senders: self.oneshot_senders.clone(),
            oneshot_receivers: self.oneshot_receivers.clone(),
        }
    }

    /// Pushes the handle of a task just spawned (`spawn` or `spawn_blocking`), keeping its join
    /// and abort handles in the program's table.
    fn push_handle(&mut self, task: u32, join: H::Join, abort: H::Abort) {
        let mut joins = self.shared.joins.borrow_mut();
        let entry = joins.len() as u32;
        joins.push(JoinEntry {
            join: Some(join),
            abort,
        });
        self.stack.push(Value::Handle(JoinRef { task, entry }));
    }

    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::Unit)
    }

    fn ticks(&self, us: u64) -> u64 {
        us.div_ceil(self.shared.micros_per_tick)
    }

    /// Builds the future of `shape` from its arguments, which are the last values on the
    /// stack in push order.
    fn make_leaf(&mut self, shape: &Shape) -> Result<H::Leaf, String> {
        let n = shape.args();
        let at = self.stack.len().saturating_sub(n);
        // Taken straight off the stack (moved out while `build` borrows the VM), without
        // collecting them into a `Vec` first; any left over are dropped afterwards, as before.
        let mut stack = core::mem::take(&mut self.stack);
        let leaf = self.build(shape, &mut stack.drain(at..));
        self.stack = stack;
        leaf
    }

    fn build(
        &self,
        shape: &Shape,
        args: &mut impl Iterator<Item = Value>,
    ) -> Result<H::Leaf, String> {
        let h = &self.shared.host;
        Ok(match shape {
            Shape::Sleep => h.sleep(self.ticks(dur(args.next()))),
            Shape::YieldNow => h.yield_now(),
            Shape::Pending => h.pending(),
            Shape::LostWake => h.lost_wake(),
            Shape::NoYield => h.no_yield(),
            Shape::Timeout(inner) => {
                let ticks = self.ticks(dur(args.next()));
                let inner = self.build(inner, args)?;
                h.timeout(ticks, inner)
            }
            Shape::Send(chan, span) => {
                let value = args.next().unwrap_or(Value::Unit);
                let name = &self.shared.program.channel(*chan).name;
                match self.senders.get(chan.index()).and_then(Option::as_ref) {
                    Some(tx) => h.send(tx, value, name, span.line),
                    None => {
                        return Err(format!(
                            "line {}: `{name}` cannot be sent on here",
                            span.line
                        ));
                    }
                }
            }
            Shape::Recv(chan) => match self.receivers.get(chan.index()).and_then(Option::as_ref) {
                Some(rx) => h.recv(rx),
                None => return Err(String::from("internal: receiving on a channel not held")),
            },
            Shape::OneshotRecv(o) => {
                match self
                    .oneshot_receivers
                    .get(o.index())
                    .and_then(Option::as_ref)
                {
                    Some(rx) => h.recv(rx),
                    None => return Err(String::from("internal: receiving on a oneshot not held")),
                }
            }
            Shape::Read(s) => h.read(s.index()),
            Shape::JoinAll(shapes) => {
                let mut futures = Vec::with_capacity(shapes.len());
                for shape in shapes {
                    futures.push(self.build(shape, args)?);
                }
                h.join_all(futures)
            }
            Shape::Kept { slot, lend, span } => {
                let name = &self.shared.program.task(self.task).locals[slot.index()].name;
                let Some(cell) = self.kept.get(slot.index()).and_then(Option::as_ref) else {
                    return Err(format!("internal: `{name}` keeps no future"));
                };
                if *lend {
                    h.lend(ByRef::new(cell.clone(), Rc::from(name.as_str()), span.line))
                } else {
                    cell.borrow_mut().take(name, span.line)?
                }
            }
            Shape::Join(span) => match args.next() {
                Some(Value::Handle(handle)) => {
                    let taken = self.shared.joins.borrow_mut()[handle.entry as usize]
                        .join
                        .take();
                    match taken {
                        Some(join) => h.join(join),
                        None => {
                            return Err(format!(
                                "line {}: this JoinHandle was already awaited; `.await` moves a \
                                 JoinHandle, so it can be awaited once",
                                span.line
                            ));
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "line {}: only a JoinHandle can be awaited here",
                        span.line
                    ));
                }
            },
        })
    }

    /// Matches `value` against `pat`; on a match, binds its variables.
    fn bind(&mut self, pat: &Pattern, value: &Value) -> bool {
        let mut binds = Vec::new();
        if matches(&pat.kind, value, &mut binds) {
            for (slot, v) in binds {
                self.locals[slot.index()] = v;
            }
            true
        } else {
            false
        }
    }

    /// Runs instructions from `pc` until an await, the end, or a fault.
    fn run(&mut self) -> Run {
        let code = self.code.clone();
        loop {
            let Some(op) = code.ops.get(self.pc as usize) else {
                return Run::Done;
            };
            self.pc += 1;
            match op {
                Op::Push(v) => self.stack.push(v.clone()),
                Op::Load(slot) => self.stack.push(self.locals[slot.index()].clone()),
                Op::Store(slot) => {
                    let v = self.pop();
                    self.locals[slot.index()] = v;
                }
                Op::Pop => {
                    self.pop();
                }
                Op::Unary(op, span) => {
                    let v = self.pop();
                    match unary(*op, v, *span) {
                        Ok(v) => self.stack.push(v),
                        Err(e) => return Run::Fault(e),
                    }
                }
                Op::Binary(op, span) => {
                    let b = self.pop();
                    let a = self.pop();
                    match binary(*op, a, b, *span) {
                        Ok(v) => self.stack.push(v),
                        Err(e) => return Run::Fault(e),
                    }
                }
                Op::AndShort(target) | Op::OrShort(target) => {
                    let and = matches!(op, Op::AndShort(_));
                    let top = matches!(self.stack.last(), Some(Value::Bool(true)));
                    if top != and {
                        self.pc = *target;
                    } else {
                        self.pop();
                    }
                }
                Op::WrapSome => {
                    let v = self.pop();
                    self.stack.push(Value::some(v));
                }
                Op::WrapOk => {
                    let v = self.pop();
                    self.stack.push(Value::ok(v));
                }
                Op::WrapErr => {
                    let v = self.pop();
                    self.stack.push(Value::err(v));
                }
                Op::MakeTuple(n) => {
                    let at = self.stack.len().saturating_sub(*n as usize);
                    let items: Rc<[Value]> = self.stack.drain(at..).collect();
                    self.stack.push(Value::Tuple(items));
                }
                Op::Keep(slot, shape, text) => {
                    let shape = &code.shapes[*shape as usize];
                    match self.make_leaf(shape) {
                        Ok(leaf) => {
                            let text = code.texts[*text as usize].clone();
                            let cell = Rc::new(RefCell::new(Kept::new(leaf, text)));
                            // The future kept here before, if any, is dropped: cancelled.
                            self.kept[slot.index()] = Some(cell);
                        }
                        Err(e) => return Run::Fault(e),
                    }
                }
                Op::Jump(t) => self.pc = *t,
                Op::JumpIfFalse(t) => {
                    if !matches!(self.pop(), Value::Bool(true)) {
                        self.pc = *t;
                    }
                }
                Op::Match(p, fail) => {
                    let v = self.pop();
                    let pat = &code.patterns[*p as usize];
                    if !self.bind(pat, &v) {
                        self.pc = *fail;
                    }
                }
                Op::Await(id, shape) => {
                    let shape = &code.shapes[*shape as usize];
                    match self.make_leaf(shape) {
                        Ok(leaf) => {
                            self.waiting = Waiting::One(*id, leaf);
                            return Run::Await;
                        }
                        Err(e) => return Run::Fault(e),
                    }
                }
                Op::Select(id, sel) => {
                    let branches = &code.selects[*sel as usize].branches;
                    // Arguments were pushed branch by branch: take each branch's from the
                    // front of its run.
                    let total: usize = branches.iter().map(|b| b.shape.args()).sum();
                    let at = self.stack.len().saturating_sub(total);
                    let mut stack = core::mem::take(&mut self.stack);
                    let mut args = stack.drain(at..);
                    let mut leaves = Vec::with_capacity(branches.len());
                    let mut fault = None;
                    for b in branches {
                        match self.build(&b.shape, &mut args) {
                            Ok(leaf) => leaves.push((true, Some(leaf))),
                            Err(e) => {
                                fault = Some(e);
                                break;
                            }
                        }
                    }
                    if let Some(e) = fault {
                        // Dropped in the order they always were: the leaves, then the rest.
                        drop(leaves);
                        drop(args);
                        self.stack = stack;
                        return Run::Fault(e);
                    }
                    drop(args);
                    // The preconditions, pushed before the futures' arguments.
                    let guarded = branches.iter().filter(|b| b.guarded).count();
                    let at = stack.len().saturating_sub(guarded);
                    let mut guards = stack.drain(at..);
                    for (b, leaf) in branches.iter().zip(&mut leaves) {
                        if b.guarded {
                            leaf.0 = matches!(guards.next(), Some(Value::Bool(true)));
                        }
                    }
                    drop(guards);
                    self.stack = stack;
                    self.pc -= 1; // resumes at the Select until a branch wins
                    self.waiting = Waiting::Select(*id, *sel, leaves);
                    return Run::Await;
                }
                Op::Spawn(task) => {
                    let child = TaskVm::new(self.shared.clone(), *task, &self.ends());
                    let name = self.shared.program.task(*task).name.clone();
                    let Some((id, join, abort)) = self.shared.host.spawn(&name, child) else {
                        return Run::Refused;
                    };
                    self.push_handle(id, join, abort);
                }
                Op::Abort => {
                    if let Value::Handle(handle) = self.pop() {
                        let joins = self.shared.joins.borrow();
                        self.shared.host.abort(&joins[handle.entry as usize].abort);
                    }
                    self.stack.push(Value::Unit);
                }
                Op::OneshotSend(o, span) => {
                    let v = self.pop();
                    if let Err(e) = self.oneshot_send(*o, v, *span) {
                        return Run::Fault(e);
                    }
                    self.stack.push(Value::Unit);
                }
                Op::Work => {
                    let us = dur(Some(self.pop()));
                    let ticks = self.ticks(us);
                    self.shared.host.work(ticks);
                    self.stack.push(Value::Unit);
                    if self.blocking && ticks > 0 {
                        // A blocking closure's work is time on its thread: it goes on after.
                        self.spins = 0;
                        return Run::Paused;
                    }
                    if self.in_place > 0 && ticks > 0 && self.shared.host.pause_in_place() {
                        // Blocking in place beside its handed-on worker: the poll goes on
                        // once this work has taken its time.
                        self.spins = 0;
                        return Run::Paused;
                    }
                }
                Op::SpawnBlocking { end, captures } => {
                    let start = self.pc;
                    let ends = self.closure_ends(start, *end);
                    let closure = TaskVm::blocking_closure(
                        self.shared.clone(),
                        self.task,
                        code.clone(),
                        start,
                        self.locals.clone(),
                        ends,
                    );
                    let size = self.closure_size(&code.captures[*captures as usize]);
                    let Some((id, join, abort)) = self.shared.host.spawn_blocking(size, closure)
                    else {
                        return Run::Refused;
                    };
                    self.push_handle(id, join, abort);
                    self.pc = *end;
                }
                // Only a blocking closure reaches the end of its block (its task jumps past).
                Op::EndClosure => return Run::Done,
                Op::EnterBlockInPlace(span) => {
                    if let Err(why) = self.shared.host.block_in_place_enter() {
                        return Run::Fault(format!(
                            "line {}, column {}: `block_in_place` cannot run on one worker \
                             (Tokio's current_thread runtime), where Tokio panics: \"{why}\". \
                             There is no other worker thread to hand this worker's tasks to. \
                             Use `spawn_blocking {{ ... }}`, or several workers \
                             (`config {{ workers: 2; }}`).",
                            span.line, span.col
                        ));
                    }
                    self.in_place += 1;
                }
                Op::ExitBlockInPlace => {
                    self.in_place = self.in_place.saturating_sub(1);
                    self.shared.host.block_in_place_exit();
                }
                Op::Print(i) => {
                    let pieces = &code.prints[*i as usize];
                    let n = pieces.iter().filter(|p| matches!(p, Piece::Value)).count();
                    let at = self.stack.len().saturating_sub(n);
                    let mut values = self.stack.split_off(at).into_iter();
                    let mut text = String::new();
                    for p in pieces {
                        match p {
                            Piece::Lit(s) => text.push_str(s),
                            Piece::Value => {
                                let _ = write!(text, "{}", values.next().unwrap_or(Value::Unit));
                            }
                        }
                    }
                    self.shared.host.print(text);
                    self.stack.push(Value::Unit);
                }
                Op::Now => {
                    let us = self.shared.host.now() * self.shared.micros_per_tick;
                    self.stack.push(Value::Dur(us));
                }
                Op::LoopBack(top, span) => {
                    self.spins += 1;
                    let limit = self.shared.max_spins;
                    if self.spins >= limit && self.blocking {
                        return Run::Fault(format!(
                            "line {}: a `spawn_blocking` block went round this loop {limit} times \
                             without doing any work (limit: {limit} loop iterations between two \
                             `work(d)` calls in a blocking closure): is it a loop that never \
                             ends?",
                            span.line
                        ));
                    }
                    if self.spins >= limit {
                        let name = &self.shared.program.task(self.task).name;
                        return Run::Fault(format!(
                            "line {}: task `{name}` went round this loop {limit} times without \
                             awaiting anything that waits (limit: {limit} loop iterations \
                             without a yield). A task that never yields blocks its worker: \
                             nothing else can run. Await something in the loop, or add \
                             `yield_now().await`.",
                            span.line
                        ));
                    }
                    self.pc = *top;
                }
                Op::ForCheck {
                    var,
                    end,
                    inclusive,
                    exit,
                } => {
                    let (Value::Int(v), Value::Int(e)) =
                        (&self.locals[var.index()], &self.locals[end.index()])
                    else {
                        self.pc = *exit;
                        continue;
                    };
                    let past = if *inclusive { v > e } else { v >= e };
                    if past {
                        self.pc = *exit;
                    }
                }
                Op::Incr(var) => {
                    if let Value::Int(v) = &mut self.locals[var.index()] {
                        *v = v.saturating_add(1);
                    }
                }
                Op::Return => return Run::Done,
            }
        }
    }

    /// The modelled size of a `spawn_blocking` closure that captures `captures` (a `move`
    /// closure holds a copy of each), as `scan::sizes` models a task's future.
    fn closure_size(&self, captures: &[Slot]) -> u32 {
        let locals = &self.shared.program.task(self.task).locals;
        let held: u32 = captures
            .iter()
            .map(|s| super::scan::type_size(&locals[s.index()].ty))
            .sum();
        super::scan::round8(held)
    }

    fn oneshot_send(&mut self, o: OneshotId, v: Value, span: Span) -> Result<(), String> {
        let name = &self.shared.program.oneshots[o.index()].name;
        let Some(tx) = self.oneshot_senders.get(o.index()).and_then(Option::as_ref) else {
            return Err(format!(
                "line {}: `{name}` cannot be sent on here",
                span.line
            ));
        };
        self.shared
            .host
            .oneshot_send(o.index(), tx, v)
            .map_err(|_| {
                format!(
                    "line {}: oneshot `{name}` was already sent: a oneshot carries one value",
                    span.line
                )
            })
    }

    /// Records the variables the task's future holds while parked at `site`.
    fn record_locals(&self, site: AwaitId) {
        if !self.shared.record_locals {
            return;
        }
        let site = self.shared.program.await_site(site);
        if site.locals.is_empty() {
            return;
        }
        let task = self.shared.program.task(self.task);
        // Written piece by piece into a buffer the run reuses: the same text as
        // `write!(text, "{} = {:?}", name, value)` for each variable, without the formatting
        // machinery for the common values or a new `String` (this runs at every suspension).
        let mut text = self.shared.text.borrow_mut();
        text.clear();
        for (i, slot) in site.locals.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&task.locals[slot.index()].name);
            text.push_str(" = ");
            match &self.kept[slot.index()] {
                Some(cell) => match cell.try_borrow() {
                    Ok(kept) => kept.describe(&mut text),
                    Err(_) => text.push_str("<being polled>"),
                },
                None => push_debug(&mut text, &self.locals[slot.index()]),
            }
        }
        self.shared.host.record_locals(&text);
    }

    fn fault(&mut self, message: String) -> Poll<()> {
        self.shared.host.record_fault(message.clone());
        *self.shared.fault.borrow_mut() = Some(message);
        self.done = true;
        self.waiting = Waiting::Nothing;
        Poll::Ready(())
    }
}

/// Appends `format!("{v:?}")` to `out`: ints, bools and `()` directly, the rest through `Debug`.
fn push_debug(out: &mut String, v: &Value) {
    match v {
        Value::Int(i) => push_int(out, *i),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Unit => out.push_str("()"),
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}

/// Appends `i` in decimal, as `{i}` writes it.
fn push_int(out: &mut String, i: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

fn dur(v: Option<Value>) -> u64 {
    match v {
        Some(Value::Dur(us)) => us,
        Some(Value::Int(i)) => u64::try_from(i).unwrap_or(0),
        _ => 0,
    }
}

impl<H: Host> Future for TaskVm<H> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Every field is `Unpin`: the VM is, so it can be reached through `&mut`.
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(());
        }
        loop {
            match &mut this.waiting {
                Waiting::Nothing => {}
                Waiting::One(id, leaf) => {
                    let id = *id;
                    match Pin::new(leaf).poll(cx) {
                        Poll::Ready(Ok(v)) => {
                            this.waiting = Waiting::Nothing;
                            this.stack.push(v);
                        }
                        Poll::Ready(Err(e)) => return this.fault(e),
                        Poll::Pending => return this.park(id),
                    }
                }
                Waiting::Select(id, sel, _) => {
                    let (id, sel) = (*id, *sel);
                    match this.poll_select(sel, cx) {
                        Ok(true) => {}
                        Ok(false) => return this.park(id),
                        Err(e) => return this.fault(e),
                    }
                }
            }
            match this.run() {
                Run::Await => {}
                Run::Done => {
                    this.done = true;
                    return Poll::Ready(());
                }
                Run::Fault(e) => return this.fault(e),
                Run::Refused => return Poll::Pending,
                // Paused in a `block_in_place` block: the runtime polls again to go on (the
                // same poll, for it), where the ops stopped.
                Run::Paused => return Poll::Pending,
            }
        }
    }
}

impl<H: Host> TaskVm<H> {
    /// Parked at `id`: the poll returns `Pending`.
    fn park(&mut self, id: AwaitId) -> Poll<()> {
        self.spins = 0;
        self.record_locals(id);
        Poll::Pending
    }

    /// One poll of the `select` the task waits on, as `tokio::select!` polls: first the
    /// budget (none left: `Pending`, the wake deferred); then each branch not yet disabled,
    /// starting at a random one (the first with `biased;`), until one is ready. A ready branch
    /// whose output does not match its pattern is disabled and the next one is polled. The
    /// winner's pattern binds its variables, the other branches are dropped (cancellation
    /// through `Drop`) and its body runs next. `Ok(true)`: a branch won; `Ok(false)`: every
    /// branch still enabled is pending.
    fn poll_select(&mut self, sel: u32, cx: &mut Context<'_>) -> Result<bool, String> {
        if self.shared.host.poll_budget(cx).is_pending() {
            return Ok(false);
        }
        let code = self.code.clone();
        let select = &code.selects[sel as usize];
        let Waiting::Select(_, _, leaves) = &mut self.waiting else {
            return Ok(false);
        };
        let n = leaves.len();
        let start = if select.biased {
            0
        } else {
            self.shared.host.random_below(n as u32) as usize
        };
        let mut pending = false;
        let mut won = None;
        for i in 0..n {
            let b = (start + i) % n;
            let (true, Some(leaf)) = &mut leaves[b] else {
                continue;
            };
            match Pin::new(leaf).poll(cx) {
                Poll::Pending => pending = true,
                Poll::Ready(Err(e)) => return Err(e),
                Poll::Ready(Ok(v)) => {
                    leaves[b].1 = None;
                    let mut binds = Vec::new();
                    let pat = &code.patterns[select.branches[b].pat as usize];
                    if matches(&pat.kind, &v, &mut binds) {
                        won = Some((b, binds));
                        break;
                    }
                }
            }
        }
        match won {
            Some((b, binds)) => {
                for (slot, v) in binds {
                    self.locals[slot.index()] = v;
                }
                // The losers are dropped here: cancellation through Drop.
                self.waiting = Waiting::Nothing;
                self.pc = select.branches[b].body;
                Ok(true)
            }
            None if pending => Ok(false),
            None => Err(format!(
                "line {}: every branch of this select is disabled (a precondition was false, or \
                 the output did not match the pattern), as tokio::select! would panic (\"all \
                 branches are disabled and there is no else branch\")",
                select.span.line
            )),
        }
    }
}

impl<H: Host> Labeled for TaskVm<H> {
    fn state_label(&self) -> Option<LabelId> {
        match &self.waiting {
            Waiting::One(id, _) | Waiting::Select(id, _, _) => {
                self.shared.labels.get(id.index()).copied()
            }
            Waiting::Nothing => None,
        }
    }

    fn future_size(&self) -> u32 {
        self.shared.sizes[self.task.index()]
    }
}

fn matches(p: &PatKind, v: &Value, binds: &mut Vec<(Slot, Value)>) -> bool {
    match (p, v) {
        (PatKind::Wild, _) => true,
        (PatKind::Bind(slot), v) => {
            binds.push((*slot, v.clone()));
            true
        }
        (PatKind::Int(i), Value::Int(j)) => i == j,
        (PatKind::Str(s), Value::Str(t)) => s.as_str() == &**t,
        (PatKind::Bool(a), Value::Bool(b)) => a == b,
        (PatKind::Unit, Value::Unit) => true,
        (PatKind::Some(p), Value::Opt(Some(v))) => matches(&p.kind, v, binds),
        (PatKind::None, Value::Opt(None)) => true,
        (PatKind::Ok(p), Value::Res(Ok(v))) | (PatKind::Err(p), Value::Res(Err(v))) => {
            matches(&p.kind, v, binds)
        }
        (PatKind::Tuple(ps), Value::Tuple(vs)) => {
            ps.len() == vs.len()
                && ps
                    .iter()
                    .zip(vs.iter())
                    .all(|(p, v)| matches(&p.kind, v, binds))
        }
        _ => false,
    }
}

fn unary(op: UnOp, v: Value, span: Span) -> Result<Value, String> {
    match (op, v) {
        (UnOp::Neg, Value::Int(i)) => i
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| format!("line {}: integer overflow in -{i}", span.line)),
        (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (op, v) => Err(format!("line {}: cannot apply {op:?} to {v:?}", span.line)),
    }
}

fn binary(op: BinOp, a: Value, b: Value, span: Span) -> Result<Value, String> {
    use Value::{Bool, Dur, Int, Str};
    let line = span.line;
    let overflow = || {
        format!(
            "line {line}: integer overflow in {a:?} {} {b:?}",
            op.as_str()
        )
    };
    let zero = || {
        format!(
            "line {line}: division by zero in {a:?} {} {b:?}",
            op.as_str()
        )
    };
    let v = match (op, &a, &b) {
        (BinOp::Eq, _, _) => Bool(a.equals(&b)),
        (BinOp::Ne, _, _) => Bool(!a.equals(&b)),
        (BinOp::Add, Int(x), Int(y)) => Int(x.checked_add(*y).ok_or_else(overflow)?),
        (BinOp::Sub, Int(x), Int(y)) => Int(x.checked_sub(*y).ok_or_else(overflow)?),
        (BinOp::Mul, Int(x), Int(y)) => Int(x.checked_mul(*y).ok_or_else(overflow)?),
        (BinOp::Div, Int(x), Int(y)) => {
            if *y == 0 {
                return Err(zero());
            }
            Int(x.checked_div(*y).ok_or_else(overflow)?)
        }
        (BinOp::Rem, Int(x), Int(y)) => {
            if *y == 0 {
                return Err(zero());
            }
            Int(x.checked_rem(*y).ok_or_else(overflow)?)
        }
        (BinOp::Add, Dur(x), Dur(y)) => Dur(x.checked_add(*y).ok_or_else(overflow)?),
        (BinOp::Sub, Dur(x), Dur(y)) => Dur(x.checked_sub(*y).ok_or_else(|| {
            format!("line {line}: a duration cannot be negative ({a:?} - {b:?})")
        })?),
        (BinOp::Mul, Dur(d), Int(n)) | (BinOp::Mul, Int(n), Dur(d)) => {
            let n = u64::try_from(*n).map_err(|_| {
                format!("line {line}: a duration cannot be negative ({a:?} * {b:?})")
            })?;
            Dur(d.checked_mul(n).ok_or_else(overflow)?)
        }
        (BinOp::Div, Dur(d), Int(n)) => {
            let n = u64::try_from(*n).map_err(|_| {
                format!("line {line}: a duration cannot be negative ({a:?} / {b:?})")
            })?;
            if n == 0 {
                return Err(zero());
            }
            Dur(d / n)
        }
        (BinOp::Rem, Dur(x), Dur(y)) => {
            if *y == 0 {
                return Err(zero());
            }
            Dur(x % y)
        }
        (BinOp::Add, Str(x), Str(y)) => {
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Value::str(&s)
        }
        (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, _, _) => {
            let ord = match (&a, &b) {
                (Int(x), Int(y)) => x.cmp(y),
                (Dur(x), Dur(y)) => x.cmp(y),
                (Str(x), Str(y)) => x.cmp(y),
                (Bool(x), Bool(y)) => x.cmp(y),
                _ => return Err(format!("line {line}: cannot compare {a:?} and {b:?}")),
            };
            Bool(match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        _ => {
            return Err(format!(
                "line {line}: cannot apply `{}` to {a:?} and {b:?}",
                op.as_str()
            ));
        }
    };
    Ok(v)
}

/// Which channel ends each task needs (itself and every task it may spawn).
#[derive(Clone, Debug, Default)]
pub(crate) struct Usage {
    pub(crate) sends: Vec<bool>,
    pub(crate) recvs: Vec<bool>,
    pub(crate) oneshot_sends: Vec<bool>,
    pub(crate) oneshot_recvs: Vec<bool>,
}

/// Used by `Usage` computation: a channel id as an index.
pub(crate) fn chan(c: ChanId) -> usize {
    c.index()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `push_debug` writes exactly what `{:?}` writes (it replaces it in `locals` events).
    #[test]
    fn push_debug_is_debug() {
        let mut values = alloc::vec![
            Value::Unit,
            Value::Bool(true),
            Value::Bool(false),
            Value::str("a \"b\"\n"),
            Value::Dur(1_500),
            Value::some(Value::Int(-3)),
            Value::Opt(None),
            Value::ok(Value::Unit),
            Value::err(Value::str("elapsed")),
        ];
        let edges = [0, 1, 9, 10, 99, 100, -1, -10, 12_345_678];
        for i in edges.into_iter().chain([i64::MAX, i64::MIN, i64::MIN + 1]) {
            values.push(Value::Int(i));
        }
        for k in 0..64 {
            let p = (1u64 << k) as i64;
            values.push(Value::Int(p));
            values.push(Value::Int(p.wrapping_neg()));
            values.push(Value::Int(p.wrapping_sub(1)));
        }
        for v in &values {
            let mut s = String::from("x = ");
            push_debug(&mut s, v);
            assert_eq!(s, format!("x = {v:?}"));
        }
    }
}
