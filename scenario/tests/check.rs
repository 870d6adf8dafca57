//! What the checker produces for valid programs: config values, inferred types, slots,
//! await ids, desugarings. The interpreter relies on all of it.

use scenario::program::{
    AwaitId, BinOp, Budget, ExprKind, FmtPart, FutureKind, PatKind, Program, Slot, StmtKind,
    TaskId, Wheel,
};
use scenario::{Type, compile, parse};

fn ok(src: &str) -> Program {
    compile(src).unwrap_or_else(|e| panic!("{}\n{src}", e.render("test")))
}

fn local_names(p: &Program, task: usize) -> Vec<(&str, String)> {
    p.tasks[task]
        .locals
        .iter()
        .map(|l| (l.name.as_str(), l.ty.to_string()))
        .collect()
}

#[test]
fn every_config_key() {
    let p = ok(
        "config { event_interval: 7; budget: off; workers: 16; lifo: off; wheel: small; long_poll: 1_500us; }",
    );
    let c = p.config;
    assert_eq!(c.event_interval, Some(7));
    assert_eq!(c.budget, Some(Budget::Off));
    assert_eq!(c.workers, Some(16));
    assert_eq!(c.lifo, Some(false));
    assert_eq!(c.wheel, Some(Wheel::Small));
    assert_eq!(c.long_poll, Some(1_500));
    let p = ok("config { lifo: on; wheel: tokio; budget: 4 }");
    assert_eq!(
        (p.config.lifo, p.config.wheel, p.config.budget),
        (Some(true), Some(Wheel::Tokio), Some(Budget::Units(4)))
    );
    assert_eq!(ok("").config, Default::default());
}

#[test]
fn declarations_in_any_order() {
    let p = ok(r#"
        task user { let r = db.read().await; tx.send(1); jobs.send(r).await; }
        io db { 0ms: "a"; 1s: "b"; 1_000_001us: "c"; }
        chan jobs: 2;
        oneshot tx;
        task late @ 2s { }
    "#);
    assert_eq!(
        p.sockets[0].chunks.iter().map(|c| c.0).collect::<Vec<_>>(),
        [0, 1_000_000, 1_000_001]
    );
    assert_eq!(p.channels[0].elem, Type::option(Type::Str));
    assert_eq!(p.oneshots[0].elem, Type::Int);
    assert_eq!(p.tasks[0].oneshot_sends.len(), 1);
    assert_eq!(p.tasks[1].start, 2_000_000);
}

#[test]
fn channel_types_flow_between_tasks_declared_in_any_order() {
    // `fwd` forwards from `a` to `b` before `src` (declared after it) says what `a` carries:
    // a second pass settles it.
    let p = ok(r#"
        chan a: 1; chan b: 1; chan unused: 1;
        task fwd { while let Some(x) = a.recv().await { b.send(Some(x)).await; } }
        task sink { while let Some(Some(s)) = b.recv().await { print("{s}"); } }
        task src { a.send("hi").await; }
        task idle { if let Some(v) = unused.recv().await { let w = v; } }
    "#);
    let elems: Vec<String> = p.channels.iter().map(|c| c.elem.to_string()).collect();
    assert_eq!(elems, ["str", "Option<str>", "_"]);
    assert_eq!(local_names(&p, 1), [("s", "str".to_string())]);
    // Nobody sends on `unused`: what it would carry stays unknown, and that is fine.
    assert_eq!(
        local_names(&p, 3),
        [("v", "_".to_string()), ("w", "_".to_string())]
    );
}

#[test]
fn a_long_forwarding_chain_in_reverse_order_settles() {
    // Each pass learns one more link: c5 <- c4 <- ... <- c0 <- "text".
    let mut src = String::new();
    for i in 0..6 {
        src.push_str(&format!("chan c{i}: 1;\n"));
    }
    for i in (0..5).rev() {
        let next = i + 1;
        src.push_str(&format!("task f{i} {{ while let Some(x) = c{i}.recv().await {{ c{next}.send(Ok(x)).await; }} }}\n"));
    }
    src.push_str("task source { c0.send(\"text\").await; }\n");
    let p = ok(&src);
    assert_eq!(
        p.channels[5].elem.to_string(),
        "Result<Result<Result<Result<Result<str, _>, _>, _>, _>, _>"
    );
}

#[test]
fn assignment_refines_a_variable_of_unknown_type() {
    let p = ok("task a { let mut last = None; last = Some(3); let e = Err(\"x\"); }");
    assert_eq!(
        local_names(&p, 0),
        [
            ("last", "Option<int>".to_string()),
            ("e", "Result<_, str>".to_string())
        ]
    );
}

#[test]
fn shadowing_makes_new_slots_and_scopes_end_with_blocks() {
    let p = ok(r#"
        task a {
            let x = 1;
            let x = "two";
            { let y = x; yield_now().await; }
            let z = x + "!";
            sleep(1ms).await;
        }
    "#);
    assert_eq!(
        local_names(&p, 0),
        [
            ("x", "int".into()),
            ("x", "str".into()),
            ("y", "str".into()),
            ("z", "str".into())
        ]
    );
    // The shadowed `x` is still alive (as in rustc's generated future); `y` is not.
    assert_eq!(p.await_sites[0].locals, [Slot(0), Slot(1), Slot(2)]);
    assert_eq!(p.await_sites[1].locals, [Slot(0), Slot(1), Slot(3)]);
}

#[test]
fn await_ids_follow_source_order_inner_first() {
    let p = ok(r#"
        chan a: 1; chan b: 1;
        task t {
            b.send(1).await;
            a.send(b.recv().await).await;
            let r = timeout(5ms, a.recv()).await;
            select {
                v = b.recv() => { yield_now().await; }
                Ok(()) = timeout(1ms, pending()) => { }
                Err(e) = timeout(1ms, lost_wake()) => { print("{e}"); }
                _ = no_yield() => { }
            }
        }
    "#);
    let labels: Vec<(u32, &str)> = p
        .await_sites
        .iter()
        .map(|s| (s.id.0, s.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (0, "b.send(1).await"),
            (1, "b.recv().await"),
            (2, "a.send(b.recv().await).await"),
            (3, "timeout(5ms, a.recv()).await"),
            (
                4,
                "select { b.recv(), timeout(1ms, pending()), timeout(1ms, lost_wake()), no_yield() }"
            ),
            (5, "yield_now().await"),
        ]
    );
    assert_eq!(
        local_names(&p, 0)[0],
        ("r", "Result<Option<Option<int>>, str>".to_string())
    );
    assert_eq!(p.channels[0].elem, Type::option(Type::Int));
}

#[test]
fn futures_are_resolved_to_their_leaf_kinds() {
    let p = ok(r#"
        chan c: 1; oneshot o; io s { 1ms: "x"; }
        lazy task h { }
        task t {
            let j = spawn h;
            let r = timeout(2ms, j).await;
            let x = o.recv().await;
            let y = s.read().await;
            let z = c.recv().await;
            let w = (spawn h).await;
        }
    "#);
    let kinds: Vec<String> = p.await_sites.iter().map(|s| s.label.clone()).collect();
    assert_eq!(
        kinds,
        [
            "timeout(2ms, j).await",
            "o.recv().await",
            "s.read().await",
            "c.recv().await",
            "spawn h.await"
        ]
    );
    let StmtKind::Let { value, .. } = &p.tasks[1].body.stmts[1].kind else {
        panic!()
    };
    let ExprKind::Await { id, future } = &value.kind else {
        panic!()
    };
    assert_eq!(*id, AwaitId(0));
    let FutureKind::Timeout {
        after,
        future: inner,
    } = &future.kind
    else {
        panic!()
    };
    assert_eq!(after.kind, ExprKind::Duration(2_000));
    assert!(matches!(inner.kind, FutureKind::Join(_)));
    assert_eq!(value.ty.to_string(), "Result<Result<(), str>, str>");
    let types: Vec<_> = local_names(&p, 1).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        types,
        [
            "JoinHandle",
            "Result<Result<(), str>, str>",
            "Option<_>",
            "Option<str>",
            "Option<_>",
            "Result<(), str>"
        ]
    );
}

#[test]
fn arithmetic_types() {
    let p = ok(r#"
        task t {
            let a = 2 * 10ms;
            let b = 10ms * 2;
            let c = 10ms / 2 + 1s - 5us;
            let d = "a" + "b";
            let e = 7 % 3 - -2;
            let f = now() >= 1ms && !(1 == 2) || "a" < "b";
            let g = now() % 10ms;
            let h = -9223372036854775808;
            let i = Some(1) == None;
        }
    "#);
    let types: Vec<_> = local_names(&p, 0).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        types,
        [
            "duration", "duration", "duration", "str", "int", "bool", "duration", "int", "bool"
        ]
    );
    let StmtKind::Let { value, .. } = &p.tasks[0].body.stmts[7].kind else {
        panic!()
    };
    assert_eq!(value.kind, ExprKind::Int(i64::MIN));
}

#[test]
fn assignment_without_mut_is_allowed() {
    // `mut` is accepted and recorded, but not enforced: the lab is about async, not borrows.
    ok("task t { let x = 1; x = 2; x += 1; }");
}

#[test]
fn compound_assignment_and_else_if_are_desugared() {
    let p = ok(
        "task t { let mut n = 1; n += 2; n -= 1; if n == 0 { } else if n == 1 { n = 5; } else { } }",
    );
    let stmts = &p.tasks[0].body.stmts;
    let StmtKind::Assign { slot, value } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(*slot, Slot(0));
    let ExprKind::Binary(BinOp::Add, l, _) = &value.kind else {
        panic!("{value:?}")
    };
    assert_eq!(l.kind, ExprKind::Local(Slot(0)));
    let StmtKind::If {
        otherwise: Some(b), ..
    } = &stmts[3].kind
    else {
        panic!()
    };
    assert!(matches!(
        b.stmts[0].kind,
        StmtKind::If {
            otherwise: Some(_),
            ..
        }
    ));
}

#[test]
fn loops_and_their_slots() {
    let p = ok(
        "task t { for i in 0..=3 { if i == 2 { continue; } if i > 2 { break; } } while false { } loop { break; } return; }",
    );
    let StmtKind::For {
        var,
        end_slot,
        inclusive,
        ..
    } = &p.tasks[0].body.stmts[0].kind
    else {
        panic!()
    };
    assert!(*inclusive);
    assert_eq!((*end_slot, *var), (Slot(0), Slot(1)));
    assert!(p.tasks[0].locals[0].hidden && !p.tasks[0].locals[1].hidden);
    assert_eq!(p.tasks[0].locals[0].name, "i.end");
}

#[test]
fn print_strings_are_split_into_parts() {
    let p = ok(r#"task t { let job = 3; print("job {job}: {{literal}} \"q\" {job}\n"); }"#);
    let StmtKind::Expr(e) = &p.tasks[0].body.stmts[1].kind else {
        panic!()
    };
    let ExprKind::Print(parts) = &e.kind else {
        panic!()
    };
    assert_eq!(
        parts,
        &[
            FmtPart::Lit("job ".into()),
            FmtPart::Local(Slot(0)),
            FmtPart::Lit(": {literal} \"q\" ".into()),
            FmtPart::Local(Slot(0)),
            FmtPart::Lit("\n".into()),
        ]
    );
}

#[test]
fn patterns() {
    let p = ok(r#"
        chan c: 1;
        task t {
            c.send(Ok(3)).await;
            while let Some(Ok(n)) = c.recv().await { }
            if let Some(Err("boom")) = c.recv().await { }
            if let Some(Ok(-1)) = c.recv().await { }
            if let Some(_) = c.recv().await { }
            if let None = c.recv().await { }
            let b = true;
            if let true = b { }
        }
    "#);
    assert_eq!(p.channels[0].elem.to_string(), "Result<int, _>");
    let StmtKind::WhileLet { pat, .. } = &p.tasks[0].body.stmts[1].kind else {
        panic!()
    };
    let PatKind::Some(inner) = &pat.kind else {
        panic!()
    };
    let PatKind::Ok(n) = &inner.kind else {
        panic!()
    };
    assert_eq!(n.kind, PatKind::Bind(Slot(0)));
}

#[test]
fn spawn_sets_and_transitive_senders() {
    let p = ok(r#"
        chan c: 1;
        lazy task leaf { c.send(1).await; }
        lazy task mid { let h = spawn leaf; h.abort(); }
        task root { spawn mid; let x = c.recv().await; }
        task other { }
    "#);
    let (leaf, mid, root, other) = (TaskId(0), TaskId(1), TaskId(2), TaskId(3));
    let chan = p.channel_id("c").unwrap();
    assert_eq!(p.task(root).spawns, [mid]);
    assert_eq!(p.task(mid).spawns, [leaf]);
    assert!(p.task(root).sends.is_empty());
    assert!(
        p.may_send(root, chan),
        "root may start mid, which may start leaf, which sends"
    );
    assert!(!p.may_send(other, chan));
    assert_eq!(p.spawn_closure(root), [leaf, mid, root]);
}

#[test]
fn semicolons_after_block_statements_are_optional_and_commas_between_branches_too() {
    ok(
        "task t { if true { }; loop { break; }; ;; select { _ = yield_now() => { }, _ = pending() => { } } select { _ = sleep(1ms) => { } _ = sleep(2ms) => { }, } }",
    );
    ok("lazy task h { } task t { let _ = (spawn h).await; let _ = spawn h.await; }");
}

#[test]
fn comments_are_ignored_by_the_parser() {
    ok("// a\ntask /* b /* nested */ */ t { /* c */ yield_now() /* d */ .await; // e\n }");
}

#[test]
fn expressions_print_back_as_source() {
    let src = "task t { let x = (1 + 2) * 3 - (4 - 5) - -(6 % 2) + f(a.b(1, \"s\\n\").await, !(c && d), Some(e)); }";
    let ast = parse(src).unwrap();
    let scenario::ast::Item::Task(t) = &ast.items[0] else {
        panic!()
    };
    let scenario::ast::StmtKind::Let { value, .. } = &t.body.stmts[0].kind else {
        panic!()
    };
    assert_eq!(
        value.to_string(),
        "(1 + 2) * 3 - (4 - 5) - -(6 % 2) + f(a.b(1, \"s\\n\").await, !(c && d), Some(e))"
    );
}

#[test]
fn type_display() {
    assert_eq!(
        Type::result(Type::Unit, Type::Str).to_string(),
        "Result<(), str>"
    );
    assert_eq!(
        Type::Future(Box::new(Type::option(Type::Unknown))).to_string(),
        "Future<Option<_>>"
    );
    assert_eq!(Type::JoinHandle.to_string(), "JoinHandle");
}
