//! The example program of DESIGN.md ("scenario: async programs without a compiler") parses
//! and checks, and the checker's output is what the interpreter and runtime rely on.

use scenario::program::{AwaitId, Budget, ChanId, ExprKind, FutureKind, StmtKind, TaskId};
use scenario::{Type, compile};

/// Verbatim from DESIGN.md.
const EXAMPLE: &str = r#"
    config { event_interval: 61; budget: 128; workers: 1; }   // optional
    chan jobs: 4;                      // bounded mpsc channel, capacity >= 1
    io db { 30ms: "row1"; 50ms: "row2"; }   // a socket; data readable at those times
    task producer {                    // tasks start at t=0 in declaration order
        for i in 0..3 {
            sleep(10ms).await;
            jobs.send(i).await;
        }
    }                                  // a task's senders drop when it ends
    task consumer {
        while let Some(job) = jobs.recv().await {
            work(2ms);                 // CPU work: the executor is blocked for 2 ms
            print("job {job}");
        }
    }
    lazy task helper { yield_now().await; }   // started only by spawn
    task boss @ 5ms {                  // started at t=5ms
        let h = spawn helper;
        h.await;
        let row = db.read().await;
        select {
            v = jobs.recv() => { print("got {v}"); }
            _ = sleep(20ms) => { print("timed out"); }   // the loser is dropped: cancellation
        }
    }
"#;

#[test]
fn the_design_example_checks() {
    let program = compile(EXAMPLE).unwrap_or_else(|e| panic!("{}", e.render("example")));

    assert_eq!(program.config.event_interval, Some(61));
    assert_eq!(program.config.budget, Some(Budget::Units(128)));
    assert_eq!(program.config.workers, Some(1));
    assert_eq!(program.config.lifo, None);

    assert_eq!(program.channels.len(), 1);
    assert_eq!(program.channels[0].name, "jobs");
    assert_eq!(program.channels[0].capacity, 4);
    assert_eq!(
        program.channels[0].elem,
        Type::Int,
        "inferred from `jobs.send(i)`"
    );

    assert_eq!(program.sockets[0].name, "db");
    assert_eq!(
        program.sockets[0].chunks,
        vec![(30_000, "row1".to_string()), (50_000, "row2".to_string())]
    );

    let names: Vec<_> = program
        .tasks
        .iter()
        .map(|t| (t.name.as_str(), t.lazy, t.start))
        .collect();
    assert_eq!(
        names,
        [
            ("producer", false, 0),
            ("consumer", false, 0),
            ("helper", true, 0),
            ("boss", false, 5_000)
        ]
    );
}

#[test]
fn await_sites_are_numbered_in_source_order_with_their_live_locals() {
    let program = compile(EXAMPLE).unwrap();
    let sites: Vec<_> = program
        .await_sites
        .iter()
        .map(|s| {
            let task = &program.task(s.task);
            let locals: Vec<&str> = s
                .locals
                .iter()
                .map(|l| task.locals[l.index()].name.as_str())
                .collect();
            (
                s.id.0,
                task.name.as_str(),
                s.span.line,
                s.label.as_str(),
                locals,
            )
        })
        .collect();
    assert_eq!(
        sites,
        vec![
            // The loop variable and the loop's hidden end bound live across both awaits.
            (0, "producer", 7, "sleep(10ms).await", vec!["i.end", "i"]),
            (1, "producer", 8, "jobs.send(i).await", vec!["i.end", "i"]),
            // `job` is bound only after the await completes.
            (2, "consumer", 12, "jobs.recv().await", vec![]),
            (3, "helper", 17, "yield_now().await", vec![]),
            (4, "boss", 20, "h.await", vec!["h"]),
            (5, "boss", 21, "db.read().await", vec!["h"]),
            // A whole `select` is one suspension point.
            (
                6,
                "boss",
                22,
                "select { jobs.recv(), sleep(20ms) }",
                vec!["h", "row"]
            ),
        ]
    );
    // Spans point at the awaited expression, `.await` included.
    let site = program.await_site(AwaitId(1));
    assert_eq!(&EXAMPLE[site.span.range()], "jobs.send(i).await");
    assert_eq!(site.span.col, 13);
}

#[test]
fn tasks_record_what_they_send_on_and_spawn() {
    let program = compile(EXAMPLE).unwrap();
    let jobs = program.channel_id("jobs").unwrap();
    let sets: Vec<_> = program
        .tasks
        .iter()
        .map(|t| (t.name.as_str(), t.sends.clone(), t.spawns.clone()))
        .collect();
    assert_eq!(
        sets,
        vec![
            ("producer", vec![ChanId(0)], vec![]),
            ("consumer", vec![], vec![]),
            ("helper", vec![], vec![]),
            ("boss", vec![], vec![TaskId(2)]),
        ]
    );
    // Only the producer can still send on `jobs`: when it ends, `jobs` closes.
    let boss = program.task_id("boss").unwrap();
    let producer = program.task_id("producer").unwrap();
    assert!(program.may_send(producer, jobs));
    assert!(!program.may_send(boss, jobs));
    assert_eq!(program.spawn_closure(boss), vec![TaskId(2), boss]);
}

#[test]
fn the_checked_tree_is_resolved() {
    let program = compile(EXAMPLE).unwrap();
    let consumer = program.task(TaskId(1));
    let StmtKind::WhileLet { value, body, .. } = &consumer.body.stmts[0].kind else {
        panic!(
            "expected `while let`, got {:?}",
            consumer.body.stmts[0].kind
        )
    };
    let ExprKind::Await { id, future } = &value.kind else {
        panic!("expected an await")
    };
    assert_eq!(*id, AwaitId(2));
    assert_eq!(future.kind, FutureKind::Recv(ChanId(0)));
    assert_eq!(value.ty, Type::option(Type::Int));
    assert_eq!(consumer.locals[0].name, "job");
    assert_eq!(consumer.locals[0].ty, Type::Int);
    let StmtKind::Expr(work) = &body.stmts[0].kind else {
        panic!()
    };
    let ExprKind::Work(d) = &work.kind else {
        panic!()
    };
    assert_eq!(
        d.kind,
        ExprKind::Duration(2_000),
        "durations are microseconds"
    );
}
