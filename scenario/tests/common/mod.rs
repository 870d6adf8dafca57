//! What the interpreter's tests share: compiling a program (a compile error fails the test with
//! its rendered message) and running it.

use scenario::RunResult;
use scenario::interp::RunOptions;

/// Compiles `src` and runs it with `options`.
pub fn run_with(src: &str, options: &RunOptions) -> RunResult {
    let program = scenario::compile(src).unwrap_or_else(|e| panic!("{}", e.render("test")));
    scenario::run(&program, options)
}

/// Compiles `src` and runs it with the default options.
pub fn run(src: &str) -> RunResult {
    run_with(src, &RunOptions::default())
}
