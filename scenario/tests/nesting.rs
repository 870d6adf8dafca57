//! Hostile nesting gets the depth-limit error, never a stack overflow: 10,000 levels of
//! every construct that recurses. And code nested as deep as real scenarios get still works.

use scenario::compile;
use scenario::parser::MAX_DEPTH;

const N: usize = 10_000;

fn limit_error(src: &str) -> String {
    let err = compile(src).expect_err("should hit the nesting limit");
    assert_eq!(
        err.message,
        format!(
            "too deeply nested: the limit is {MAX_DEPTH} levels of blocks, parentheses and operators"
        ),
        "{src:.80}"
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("split it into smaller pieces, e.g. with `let`")
    );
    err.to_string()
}

/// Runs `f` on a thread with a small stack (as small as a wasm32 module's default of 1 MiB),
/// so the test would fail, not pass by luck, if the parser recursed without a bound.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn ten_thousand_parentheses() {
    on_small_stack(|| {
        let src = format!("task a {{ let x = {}1{}; }}", "(".repeat(N), ")".repeat(N));
        // Depth: the task's block, the `let` value, then one per `(`.
        assert_eq!(
            limit_error(&src),
            "1:81: too deeply nested: the limit is 64 levels of blocks, parentheses and operators\n  hint: split it into smaller pieces, e.g. with `let`"
        );
        // Unclosed, too.
        limit_error(&format!("task a {{ let x = {}", "(".repeat(N)));
    });
}

#[test]
fn ten_thousand_blocks() {
    on_small_stack(|| {
        limit_error(&format!("task a {}{}", "{".repeat(N), "}".repeat(N)));
        limit_error(&format!("task a {{ {} }}", "loop { ".repeat(N)));
        limit_error(&format!("task a {{ {} }}", "if true { ".repeat(N)));
        limit_error(&format!(
            "task a {{ {} }}",
            "while let Some(x) = None { ".repeat(N)
        ));
        limit_error(&format!("task a {{ {} }}", "for i in 0..1 { ".repeat(N)));
        limit_error(&format!(
            "task a {{ {} }}",
            "select { _ = yield_now() => { ".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ if true {{ }} {} }}",
            "else if true { } ".repeat(N)
        ));
    });
}

#[test]
fn ten_thousand_operators() {
    on_small_stack(|| {
        limit_error(&format!("task a {{ let x = {}1; }}", "-".repeat(N)));
        limit_error(&format!("task a {{ let x = {}true; }}", "!".repeat(N)));
        // Left-leaning chains do not recurse in the parser, but the tree they build is as
        // deep as they are long, so they count too.
        limit_error(&format!("task a {{ let x = 1{}; }}", " + 1".repeat(N)));
        limit_error(&format!("task a {{ let x = 1{}; }}", " * 2 + 1".repeat(N)));
        limit_error(&format!(
            "lazy task h {{ }} task a {{ let x = spawn h{}; }}",
            ".await".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let x = {}1{}; }}",
            "Some(".repeat(N),
            ")".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let x = {}1ms{}; }}",
            "timeout(1ms, ".repeat(N),
            ")".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let x = {}sleep(1ms){}.await; }}",
            "join(sleep(1ms), ".repeat(N),
            ")".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let x = {}1{}; }}",
            "(1, ".repeat(N),
            ")".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let f = sleep(1ms); {}f.await; }}",
            "&mut ".repeat(N)
        ));
    });
}

#[test]
fn ten_thousand_nested_patterns() {
    on_small_stack(|| {
        limit_error(&format!(
            "task a {{ if let {}x{} = None {{ }} }}",
            "Some(".repeat(N),
            ")".repeat(N)
        ));
        limit_error(&format!(
            "task a {{ let {}x{} = 1; }}",
            "(y, ".repeat(N),
            ")".repeat(N)
        ));
    });
}

#[test]
fn realistic_depth_is_fine() {
    on_small_stack(|| {
        let parens = format!(
            "task a {{ let x = {}1{}; }}",
            "(".repeat(50),
            ")".repeat(50)
        );
        compile(&parens).unwrap();
        let blocks = format!(
            "task a {{ {} {} }}",
            "loop { if true { ".repeat(15),
            "} } ".repeat(15)
        );
        compile(&blocks).unwrap();
        let chain = format!("task a {{ let x = 1{}; }}", " + 1".repeat(40));
        compile(&chain).unwrap();
        // Joins and tuples nested 20 deep compile, run, and print.
        let joins = format!(
            "task a {{ let x = {}sleep(1ms){}.await; let t = {}1{}; print(\"{{x}} {{t}}\"); }}",
            "join(sleep(1ms), ".repeat(20),
            ")".repeat(20),
            "(1, ".repeat(20),
            ")".repeat(20)
        );
        let run = scenario::run(&compile(&joins).unwrap(), &Default::default());
        assert_eq!(run.outcome, scenario::Outcome::Finished);
        // Many statements or items are a list, not nesting: no limit but the source size.
        let long = format!("task a {{ let mut x = 1; {} }}", "x += 1; ".repeat(N));
        compile(&long).unwrap();
        let tasks: String = (0..2_000)
            .map(|i| format!("task t{i} {{ yield_now().await; }}\n"))
            .collect();
        assert_eq!(compile(&tasks).unwrap().await_sites.len(), 2_000);
    });
}

#[test]
fn a_task_has_at_most_4096_variables() {
    let ok = format!("task a {{ {} }}", "let x = 1; ".repeat(4096));
    assert_eq!(compile(&ok).unwrap().tasks[0].locals.len(), 4096);
    let over = format!("task a {{ {} }}", "let x = 1; ".repeat(4097));
    assert_eq!(
        compile(&over).unwrap_err().to_string(),
        "1:45070: too many variables in task `a`: the limit is 4096"
    );
}

#[test]
fn sources_over_the_size_limit_are_refused() {
    let src = " ".repeat(scenario::parser::MAX_SOURCE_LEN + 1);
    assert_eq!(
        compile(&src).unwrap_err().to_string(),
        "1:1: the program is too long: 1048577 bytes (the limit is 1048576 bytes)"
    );
    // The lexer, for highlighting, still takes it.
    assert!(scenario::tokens(&src).is_empty());
}
