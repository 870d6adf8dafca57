//! The command line's contract: arguments, JSON Lines fields, exit codes.

mod trace_event_format;

use std::process::Command;

fn scenario(args: &[&str], source: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("scenario-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("p{}.scn", args.len() + source.len()));
    std::fs::write(&file, source).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scenario"));
    for a in args {
        cmd.arg(if *a == "FILE" {
            file.to_str().unwrap()
        } else {
            a
        });
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The records `scenario run FILE --json` prints for `source`, which must run to its end.
fn run_json(source: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = scenario(&["run", "FILE", "--json"], source);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_have_the_contract_fields() {
    let src = "chan c: 1;\ntask producer { sleep(10ms).await; c.send(1).await; }\ntask consumer { let v = c.recv().await; print(\"got {v}\"); }\n";
    let events = run_json(src);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"], i as u64);
        assert!(e["at"].is_u64() && e["kind"].is_string(), "{e}");
    }
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for k in [
        "spawned",
        "poll_start",
        "poll_end",
        "woken",
        "timer_registered",
        "timer_fired",
        "completed",
        "print",
    ] {
        assert!(kinds.contains(&k), "no {k}");
    }
    let spawned = events.iter().find(|e| e["kind"] == "spawned").unwrap();
    assert_eq!(spawned["task"], "producer");
    assert_eq!(spawned["task_id"], 0);
    let ends: Vec<&serde_json::Value> = events.iter().filter(|e| e["kind"] == "poll_end").collect();
    assert!(
        ends.iter().any(|e| e["outcome"] == "pending")
            && ends.iter().any(|e| e["outcome"] == "ready")
    );
    let print = events.iter().find(|e| e["kind"] == "print").unwrap();
    assert_eq!(print["text"], "got Some(1)");
    assert_eq!(print["task"], "consumer");
    let woken = events.iter().find(|e| e["kind"] == "woken").unwrap();
    assert!(woken["task"].is_string());
}

#[test]
fn stalled_runs_exit_3_with_one_stalled_event_per_task() {
    let (code, out, err) = scenario(
        &["run", "--json", "FILE"],
        "task a { lost_wake().await; }\ntask b { pending().await; }\n",
    );
    assert_eq!(code, 3, "{err}");
    let stalled: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["kind"] == "stalled")
        .collect();
    assert_eq!(stalled.len(), 2);
    assert_eq!(stalled[0]["task"], "a");
    assert!(
        stalled[0]["reason"]
            .as_str()
            .unwrap()
            .contains("lost wakeup")
    );
    assert_eq!(stalled[1]["task"], "b");
}

#[test]
fn errors_go_to_stderr_with_file_line_col_and_exit_2() {
    let (code, out, err) = scenario(&["run", "FILE"], "task a {\n    slep(1ms).await;\n}\n");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let first = err.lines().next().unwrap();
    assert!(first.contains(".scn:2:5: "), "{err}");
    assert!(
        err.contains("sleep"),
        "the hint names the closest function: {err}"
    );
}

#[test]
fn text_output_and_other_exit_codes() {
    let (code, out, err) = scenario(&["run", "FILE"], "task a { print(\"hi\"); }\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l == "@0 print task=a text=\"hi\""),
        "{out}"
    );
    let (code, _, err) = scenario(&["run", "FILE"], "task a {\n    loop { }\n}\n");
    assert_eq!(code, 4);
    assert!(err.contains("line 2:") && err.contains("limit"), "{err}");
    let (code, _, err) = scenario(&["run"], "");
    assert_eq!(code, 2);
    assert!(err.starts_with("usage:"), "{err}");
    let (code, _, err) = scenario(&["run", "/nonexistent/file.scn"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = scenario(&["run", "FILE", "--bogus"], "task a { }");
    assert_eq!(code, 2);
}

/// `--chrome-trace OUT` writes the run for Perfetto as well, and changes nothing else: the
/// same output, the same exit status (a stalled run still exits 3 and still writes its file).
#[test]
fn chrome_trace_writes_a_file_for_perfetto_and_changes_nothing_else() {
    let dir = std::env::temp_dir().join(format!("scenario-cli-chrome-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = "chan c: 1;\ntask producer { sleep(10ms).await; c.send(1).await; }\ntask consumer { let v = c.recv().await; print(\"got {v}\"); }\n";
    let out_file = dir.join("run.trace.json");
    let out_path = out_file.to_str().unwrap();
    for json in [false, true] {
        let mut plain = vec!["run", "FILE"];
        if json {
            plain.push("--json");
        }
        let mut with = plain.clone();
        with.extend(["--chrome-trace", out_path]);
        let (code, out, err) = scenario(&with, src);
        assert_eq!(code, 0, "{err}");
        let (plain_code, plain_out, plain_err) = scenario(&plain, src);
        assert_eq!((code, out), (plain_code, plain_out));
        // The file the helper writes is named after the arguments' count: compare the rest.
        let status = |e: &str| e.rsplit(": ").next().unwrap().to_string();
        assert_eq!(status(&err), status(&plain_err));
        let file = std::fs::read_to_string(&out_file).unwrap();
        std::fs::remove_file(&out_file).unwrap();
        let c = trace_event_format::check(&file).unwrap();
        // Named after the program's file (`p<N>.scn` here).
        assert!(c.process.starts_with('p'), "{}", c.process);
        let producer = c.tid("producer");
        let consumer = c.tid("consumer");
        let arrows: Vec<(u64, u64)> = c.flows.iter().map(|f| (f.from.tid, f.to.tid)).collect();
        let driver = c.tid("runtime driver");
        assert_eq!(arrows, [(driver, producer), (producer, consumer)]);
        let print = c.events.iter().find(|e| e.name == "print").unwrap();
        assert_eq!(print.args["text"], "got Some(1)");
        assert_eq!(print.tid, consumer);
    }

    let stalled = dir.join("stalled.trace.json");
    let (code, _, _) = scenario(
        &["run", "FILE", "--chrome-trace", stalled.to_str().unwrap()],
        "task a { lost_wake().await; }\n",
    );
    assert_eq!(code, 3);
    let c = trace_event_format::check(&std::fs::read_to_string(&stalled).unwrap()).unwrap();
    assert!(
        c.events
            .iter()
            .any(|e| e.name == "stalled" && e.tid == c.tid("a"))
    );
    assert!(c.events.iter().any(|e| e.name == "lost_waker"));

    let (code, _, err) = scenario(&["run", "FILE", "--chrome-trace"], "task a { }");
    assert_eq!(code, 2);
    assert!(err.contains("--chrome-trace needs a file"), "{err}");
    let (code, _, err) = scenario(
        &["run", "FILE", "--chrome-trace", "/nonexistent/dir/x.json"],
        "task a { }",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The examples of Tokio's rules a learner is most often surprised by, as the JSON a tool
/// reads: yields come back last-deferred-first (`deferred`, then `woken` from the defer list,
/// in reverse), and a timer beside tasks that yield fires as soon as the queue runs dry. (The
/// differential test checks the same programs against Tokio itself.)
#[test]
fn json_shows_deferred_yields_and_their_reversed_wakes() {
    let src = "task x { print(\"x1\"); yield_now().await; print(\"x2\"); }\n\
               task y { print(\"y1\"); yield_now().await; print(\"y2\"); }\n\
               task z { print(\"z1\"); yield_now().await; print(\"z2\"); }\n";
    let events = run_json(src);
    let of_kind = |kind: &str| -> Vec<&serde_json::Value> {
        events.iter().filter(|e| e["kind"] == kind).collect()
    };
    let deferred: Vec<&str> = of_kind("deferred")
        .iter()
        .map(|e| e["task"].as_str().unwrap())
        .collect();
    assert_eq!(deferred, ["x", "y", "z"]);
    assert_eq!(of_kind("deferred_woken")[0]["count"], 3);
    let from_defer: Vec<&str> = of_kind("woken")
        .iter()
        .filter(|e| e["source"]["by"] == "defer")
        .map(|e| e["task"].as_str().unwrap())
        .collect();
    assert_eq!(from_defer, ["z", "y", "x"]);
    let prints: Vec<&str> = of_kind("print")
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(prints, ["x1", "y1", "z1", "z2", "y2", "x2"]);

    let alarm = "config { event_interval: 61; }\n\
                 task alarm { sleep(5ms).await; print(\"alarm\"); }\n\
                 task a { for i in 0..10 { work(1ms); yield_now().await; } }\n\
                 task b { for i in 0..10 { work(1ms); yield_now().await; } }\n";
    let (code, out, _) = scenario(&["run", "FILE", "--json"], alarm);
    assert_eq!(code, 0);
    let rang = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["kind"] == "print")
        .unwrap();
    assert_eq!(rang["at"], 6, "Tokio rings at 6 ms, not after 61 polls");

    // A consumer of an always-ready channel spends Tokio's budget of 128 and is deferred as a
    // yield is (the `deferred` event names it), so the reporter beside it prints in between.
    let budget = "chan jobs: 300;\n\
                  task filler { for i in 0..300 { jobs.send(i).await; } }\n\
                  task greedy { sleep(1ms).await; let mut n = 0;\n\
                      while let Some(j) = jobs.recv().await { n = n + 1; }\n\
                      print(\"greedy {n}\"); }\n\
                  task reporter { sleep(1ms).await; print(\"reporter\"); }\n";
    let events = run_json(budget);
    let greedy_deferred = events
        .iter()
        .filter(|e| e["kind"] == "deferred" && e["task"] == "greedy")
        .count();
    assert_eq!(
        greedy_deferred, 2,
        "300 receives and a None: deferred at 128 and 256"
    );
    let prints: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "print")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(prints, ["reporter", "greedy 300"]);
}

/// A program file that is not UTF-8 is an error at the line and column of its first bad
/// byte, like any other error in a program (exit status 2).
#[test]
fn a_file_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
    let dir = std::env::temp_dir().join(format!("scenario-cli-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Latin-1 `é` (0xE9) on line 2, after `    print("caf`: column 15.
    let file = dir.join("latin1.scn");
    std::fs::write(&file, b"task a {\n    print(\"caf\xE9\");\n}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scenario"))
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let expected = format!(
        "{}:2:15: the file is not UTF-8 text: byte 24 (0xE9) is not part of a character",
        file.display()
    );
    assert!(err.starts_with(&expected), "{err}");
    assert!(err.contains("hint: save the program as UTF-8"), "{err}");
    // Columns count characters: a `é` written in UTF-8 before the bad byte is one column.
    std::fs::write(&file, "task a {\n    print(\"é\u{0}".as_bytes()).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.pop();
    bytes.push(0xFF);
    let e = scenario::decode_source(&bytes).unwrap_err();
    assert_eq!((e.span.line, e.span.col, e.span.start), (2, 13, 22));
    let _ = std::fs::remove_dir_all(&dir);
}
