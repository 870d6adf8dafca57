//! The checker's expressions: names, operators and their types, calls of the built-in
//! functions, methods on channels, handles and sockets, and the futures they make.

use super::*;

impl<'d> Checker<'d> {
    /// Requires `e` to have type `want`.
    pub(super) fn expect(&self, e: &Expr, want: &Type) -> CResult<()> {
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
    pub(super) fn expr(&mut self, e: &ast::Expr) -> CResult<Expr> {
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

    pub(super) fn name(&mut self, name: &str, span: Span) -> CResult<Expr> {
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

    pub(super) fn spawn(&mut self, name: &ast::Ident) -> CResult<TaskId> {
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
    pub(super) fn arity(
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

    pub(super) fn call(
        &mut self,
        func: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> CResult<Resolved> {
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

    pub(super) fn method(
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
    pub(super) fn sent(&mut self, index: usize, chan: bool, name: &str, v: &Expr) -> CResult<()> {
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
    pub(super) fn future(&mut self, e: &ast::Expr, ctx: FutCtx<'_>) -> CResult<FutureExpr> {
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
    pub(super) fn binary_type(&self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> CResult<Type> {
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
