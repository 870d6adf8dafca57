//! The checker's statements: `let`, assignment, `if`, loops, `select`, patterns, and the
//! futures a task keeps in a variable across `select` rounds (`let f = ...; (&mut f).await`).

use super::*;

impl<'d> Checker<'d> {
    pub(super) fn stmt(&mut self, s: &ast::Stmt) -> CResult<Stmt> {
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

    pub(super) fn assign(
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
    pub(super) fn assign_future(
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
    pub(super) fn value_or_future(&mut self, e: &ast::Expr) -> CResult<Resolved> {
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
    pub(super) fn keepable(&self, future: &FutureExpr, e: &ast::Expr) -> CResult<()> {
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
    pub(super) fn lent_once(&self, futures: &[&FutureExpr]) -> CResult<()> {
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
    pub(super) fn kept_future(
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

    pub(super) fn condition(&mut self, c: &ast::Expr, what: &str) -> CResult<Expr> {
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

    pub(super) fn if_stmt(&mut self, i: &ast::If) -> CResult<StmtKind> {
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

    pub(super) fn select(&mut self, sel: &ast::Select) -> CResult<StmtKind> {
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

    pub(super) fn pattern(&mut self, p: &ast::Pattern, ty: &Type) -> CResult<Pattern> {
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
}
