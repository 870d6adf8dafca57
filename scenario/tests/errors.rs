//! Every malformed program the front end must explain, with the exact message it gives.
//!
//! One table, one line of source (or a few) per case, and the rendered error as
//! `LINE:COL: message` plus the `  hint: ...` line where there is one. All mismatches are
//! reported together as one diff, so a change to any message shows up in review. Each case's
//! first field says what it covers.

use scenario::{Error, compile};

struct Case {
    /// What the case covers.
    what: &'static str,
    src: &'static str,
    expected: &'static str,
}

const fn case(what: &'static str, src: &'static str, expected: &'static str) -> Case {
    Case {
        what,
        src,
        expected,
    }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    case(
        "a misspelt item keyword names the keyword",
        "tsak a {\n    print(\"hi\");\n}",
        "1:1: expected an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`), found `tsak`\n  hint: did you mean `task`?",
    ),
    case(
        "a one-letter name at the top level is not taken for `io`",
        "x = 1;",
        "1:1: expected an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`), found `x`\n  hint: statements go inside a task: `task main { ... }`",
    ),
    case(
        "unexpected character",
        "task a { let x = 1 $ 2; }",
        "1:20: unexpected character `$`",
    ),
    case(
        "lone ampersand",
        "task a { if true & false { } }",
        "1:18: unexpected character `&`\n  hint: did you mean `&&`? (`&` on its own only lends a kept future: `&mut f`)",
    ),
    case(
        "unterminated string",
        "task a {\n    print(\"hi);\n}",
        "2:11: unterminated string: the closing `\"` is missing\n  hint: a string ends on the line it starts; write a line break as `\\n`",
    ),
    case(
        "unterminated block comment",
        "/* never closed\ntask a { }",
        "1:1: unterminated block comment: `*/` is missing\n  hint: block comments nest: each `/*` needs its own `*/`",
    ),
    case(
        "fraction",
        "task a { sleep(1.5s).await; }",
        "1:16: numbers with a fraction are not supported: `1.5s`\n  hint: use a whole number, with a smaller unit for durations: `1500ms`, not `1.5s`",
    ),
    case(
        "bad suffix",
        "task a { sleep(10min).await; }",
        "1:16: invalid suffix `min` on number `10min`\n  hint: durations end in `us`, `ms` or `s` (as in `10ms`); ints have no suffix",
    ),
    case(
        "bad escape",
        "task a { print(\"a\\qb\"); }",
        "1:18: unknown escape `\\q` in string\n  hint: the escapes are `\\\"`, `\\\\` and `\\n`",
    ),
    case(
        "int overflow",
        "task a { let x = 99999999999999999999; }",
        "1:18: integer `99999999999999999999` is too large\n  hint: ints go from -9223372036854775808 to 9223372036854775807",
    ),
    case(
        "duration overflow",
        "task a { sleep(99999999999999s).await; }",
        "1:16: duration `99999999999999s` is too large\n  hint: the longest duration is 18446744073709551615us (about 584,000 years)",
    ),
    case(
        "question mark",
        "lazy task h { } task a { let x = (spawn h).await?; }",
        "1:49: unexpected character `?`\n  hint: the lab has no `?` operator: match the value with `if let Ok(v) = ...`",
    ),
    case(
        "non-ascii letter",
        "task a { let café = 1; }",
        "1:17: unexpected character `é`\n  hint: names are written with ASCII letters, digits and `_`",
    ),
    case(
        "missing semicolon before brace",
        "task a { sleep(1ms).await }",
        "1:26: expected `;` after statement, found `}`",
    ),
    case(
        "missing semicolon at end of line",
        "task a {\n    let x = 1\n    let y = 2;\n}",
        "2:14: expected `;` after statement, found keyword `let`",
    ),
    case(
        "statement at top level",
        "let x = 1;",
        "1:1: expected an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`), found keyword `let`\n  hint: statements go inside a task: `task main { ... }`",
    ),
    case(
        "fn at top level",
        "fn main() { }",
        "1:1: expected an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`), found `fn`\n  hint: the lab has no functions: put the code in a task, `task main { ... }`",
    ),
    case(
        "async at top level",
        "async fn main() { }",
        "1:1: expected an item (`task`, `lazy task`, `chan`, `oneshot`, `io` or `config`), found `async`\n  hint: tasks are async already: write `task main { ... }`",
    ),
    case(
        "task without body",
        "task a;",
        "1:7: expected `{` to start the body of task `a`, found `;`\n  hint: every task needs a body: `task a { ... }`",
    ),
    case(
        "task without body at eof",
        "task a",
        "1:7: expected `{` to start the body of task `a`, found end of input\n  hint: every task needs a body: `task a { ... }`",
    ),
    case(
        "lazy without task",
        "lazy chan x: 1;",
        "1:6: expected `task` after `lazy`, found keyword `chan`\n  hint: a lazy task looks like `lazy task helper { ... }`",
    ),
    case(
        "chan missing colon",
        "chan jobs 4;",
        "1:11: expected `:` after the channel name, found `4`\n  hint: a channel looks like `chan jobs: 4;` (4 is its capacity)",
    ),
    case(
        "chan capacity is duration",
        "chan jobs: 4ms;",
        "1:12: expected the channel's capacity (an int such as `4`), found `4ms`\n  hint: a channel looks like `chan jobs: 4;` (4 is its capacity)",
    ),
    case(
        "chan negative capacity",
        "chan jobs: -1;",
        "1:12: channel capacity must be at least 1, found -1\n  hint: a channel with no room could never take a value; `chan jobs: 1;` holds one at a time",
    ),
    case(
        "oneshot missing semicolon",
        "oneshot done\ntask a { }",
        "1:13: expected `;` after the oneshot declaration, found keyword `task`\n  hint: a oneshot looks like `oneshot done;`",
    ),
    case(
        "io time without unit",
        "io db { 30: \"x\"; }",
        "1:9: expected a time such as `30ms` or `}`, found `30`\n  hint: write the time with a unit: `30ms`",
    ),
    case(
        "io data not a string",
        "io db { 30ms: row; }",
        "1:15: expected the chunk's data (a string), found `row`\n  hint: a socket looks like `io db { 30ms: \"row1\"; 50ms: \"row2\"; }`",
    ),
    case(
        "start time without unit",
        "task a @ 5 { }",
        "1:10: expected a start time such as `5ms` after `@`, found `5`\n  hint: write the time with a unit: `5ms`",
    ),
    case(
        "else without if",
        "task a { else { } }",
        "1:10: `else` without an `if`\n  hint: `else` goes right after the `}` that closes an `if` block",
    ),
    case(
        "return with a value",
        "task a { return 5; }",
        "1:17: `return` takes no value: a task produces no result\n  hint: write `return;` to end the task; to hand a value to another task, send it on a channel or a oneshot",
    ),
    case(
        "unclosed block",
        "task a {\n    loop {\n}",
        "3:2: expected `}` to close the block opened at 1:8, found end of input",
    ),
    case(
        "if with assignment",
        "task a { let x = 1; if x = 1 { } }",
        "1:26: expected `{` after the `if` condition, found `=`\n  hint: to compare, write `==`",
    ),
    case(
        "chained comparison",
        "task a { if 1 < 2 < 3 { } }",
        "1:19: comparison operators cannot be chained\n  hint: split it in two: `a < b && b < c`",
    ),
    case(
        "type annotation",
        "task a { let x: int = 1; }",
        "1:15: type annotations are not supported\n  hint: types are inferred: write `let x = ...;`",
    ),
    case(
        "let without value",
        "task a { let x; }",
        "1:15: expected `=` after `let x`, found `;`\n  hint: a variable needs a value: `let x = 0;`",
    ),
    case(
        "empty select",
        "task a { select { } }",
        "1:10: `select` needs at least one branch\n  hint: a branch looks like `v = jobs.recv() => { ... }`",
    ),
    case(
        "select branch without arrow",
        "task a { select { _ = sleep(1ms) { } } }",
        "1:34: expected `=>` after the branch's future, found `{`\n  hint: a branch looks like `v = jobs.recv() => { ... }`",
    ),
    case(
        "select branch body not a block",
        "task a { select { _ = sleep(1ms) => print(\"x\"), } }",
        "1:37: expected `{` after `=>`, found `print`\n  hint: a branch's body is a block: `=> { ... }`",
    ),
    case(
        "if as an expression",
        "task a { let x = if true { 1 } else { 2 }; }",
        "1:18: expected an expression, found keyword `if`\n  hint: `if` is a statement in the lab, not an expression: assign to a variable inside it instead",
    ),
    case(
        "assign to a call",
        "chan jobs: 1; task a { jobs.recv() = 1; }",
        "1:24: cannot assign to `jobs.recv()`\n  hint: only variables can be assigned: `x = ...;`",
    ),
    case(
        "field access",
        "lazy task h { } task a { let j = spawn h; let x = j.len; }",
        "1:56: expected `(` after the method name `len`, found `;`\n  hint: call it: `.len()`; the lab has no fields",
    ),
    case(
        "match",
        "task a { let x = 1; match x { } }",
        "1:21: `match` is not supported in the lab\n  hint: use `if let PATTERN = value { ... } else { ... }`",
    ),
    case(
        "let mut before a tuple pattern",
        "task a { let mut (x, y) = (1, 2); }",
        "1:18: expected a variable name after `let mut`, found `(`\n  hint: `mut` goes on each name of a tuple pattern: `let (mut a, b) = ...;`",
    ),
    case(
        "refutable pattern in let",
        "task a { let (Some(x), y) = join(sleep(1ms), sleep(1ms)).await; }",
        "1:15: refutable pattern in `let`: it might not match, and `let` has no `else`\n  hint: `let` takes names, `_` and tuples of them; to test the value, write `if let PATTERN = join(sleep(1ms), sleep(1ms)).await { ... }`",
    ),
    case(
        "tuple pattern of the wrong size",
        "task a { let (x, y) = join(sleep(1ms)).await; }",
        "1:14: mismatched types: expected ((),), found a tuple of 2, `(_, _)`\n  hint: this pattern can never match a value of type ((),)",
    ),
    case(
        "join as a macro",
        "task a { let r = join!(sleep(1ms), sleep(1ms)); }",
        "1:22: `join!` is a macro, and the lab has no macros\n  hint: `join` is a function in the lab: `join(a, b).await`",
    ),
    case(
        "pin as a macro",
        "task a { let f = sleep(1ms); pin!(f); f.await; }",
        "1:33: `pin!` is a macro, and the lab has no macros\n  hint: no `pin!` is needed: a future kept in a variable never moves (the task's own future is pinned); lend it with `&mut f`",
    ),
    case(
        "select as a macro",
        "task a { select! { _ = sleep(1ms) => { } } }",
        "1:16: expected `{` after `select`, found `!`\n  hint: `select` is built into the lab, not a macro: `select { ... }`",
    ),
    case(
        "join with no future",
        "task a { let r = join().await; }",
        "1:18: `join` takes at least one future\n  hint: call it like this: `join(a.recv(), b.recv()).await`",
    ),
    case(
        "join of a value",
        "task a { let r = join(1, sleep(1ms)).await; }",
        "1:23: `join` needs futures, but `1` is int",
    ),
    case(
        "join of an awaited future",
        "task a { let r = join(sleep(1ms).await).await; }",
        "1:23: `join` takes futures, but `sleep(1ms).await` already awaits it\n  hint: drop the `.await`: `join` awaits its futures itself, `join(sleep(1ms), ...)`",
    ),
    case(
        "join not awaited",
        "task a { join(sleep(1ms), sleep(2ms)); }",
        "1:10: `join(sleep(1ms), sleep(2ms))` is a future (Future<((), ())>) that is never awaited\n  hint: futures do nothing unless awaited: `join(sleep(1ms), sleep(2ms)).await`",
    ),
    case(
        "ampersand without mut",
        "task a { let f = sleep(1ms); f.await; let x = &f; }",
        "1:48: expected `mut` after `&`, found `f`\n  hint: polling a future needs it mutably: lend a kept future with `&mut f`",
    ),
    case(
        "ref mut as a value",
        "task a { let f = sleep(1ms); let g = &mut f; f.await; }",
        "1:38: `&mut f` lends a future, but here it is used as a value\n  hint: the lab has no references: `&mut` only lends a kept future where it is polled, `(&mut f).await` or `v = &mut f => { ... }` in a `select` (or inside `timeout` and `join`)",
    ),
    case(
        "ref mut of a value",
        "task a { let x = 1; select { _ = &mut x => { } } }",
        "1:34: `&mut x` lends a future, but `x` is int\n  hint: only a variable made with `let mut f = FUTURE;` can be lent with `&mut f`",
    ),
    case(
        "ref mut of a JoinHandle",
        "lazy task b { }\ntask a { let h = spawn b; select { _ = &mut h => { } } }",
        "2:40: `&mut h` lends a future, but `h` is JoinHandle\n  hint: await the handle itself, `h.await` (the lab cannot lend a JoinHandle)",
    ),
    case(
        "ref mut of a future made in place",
        "chan c: 1;\ntask a { select { _ = &mut c.recv() => { } } }",
        "2:23: `&mut` needs a variable that keeps a future, found `c.recv()`\n  hint: `c.recv()` is made here and dropped when this is over; to keep it across rounds, make it once before the loop, `let mut f = c.recv();`, then lend it: `&mut f`",
    ),
    case(
        "kept future used as a value",
        "task a { let f = sleep(1ms); f.await; print(\"{f}\"); }",
        "1:47: `f` keeps a future (Future<()>): it can only be polled, not used as a value\n  hint: await it, `f.await`; lend it to a `select`, `v = &mut f => { ... }`; or give it a new future, `f = ...;`",
    ),
    case(
        "add to a kept future",
        "task a { let f = sleep(1ms); f += 1; f.await; }",
        "1:30: cannot add to or subtract from `f`: it keeps a future (Future<()>)\n  hint: give it a new future: `f = ...;`",
    ),
    case(
        "a value into a kept future",
        "task a { let f = sleep(1ms); f = 5; f.await; }",
        "1:34: mismatched types: `f` keeps a future (Future<()>), but this value is int\n  hint: give it a new future, such as `f = jobs.recv();`, without `.await`",
    ),
    case(
        "a future of another output into a kept future",
        "chan c: 1;\ntask a { let f = sleep(1ms); f = c.recv(); f.await; }",
        "2:34: mismatched types: `f` keeps a Future<()>, but this is a Future<Option<_>>\n  hint: a variable keeps futures of one output type; use another variable for `c.recv()`",
    ),
    case(
        "kept future lent twice in a select",
        "task a { let f = sleep(1ms); select { _ = &mut f => { } _ = &mut f => { } } }",
        "1:61: `f` is polled twice here: a future can be lent to one place at a time\n  hint: it is used first at 1:43; to wait for two things, keep two futures",
    ),
    case(
        "kept future holding a loan",
        "task a { let f = sleep(1ms); let g = timeout(5ms, &mut f); g.await; }",
        "1:51: a future kept in a variable cannot hold `&mut f`\n  hint: lend `f` where it is polled, e.g. `timeout(5ms, &mut f).await` or in a `select`; or move it in with `f` instead of `&mut f`",
    ),
    case(
        "precondition without a comma",
        "task a { let f = sleep(1ms); select { _ = &mut f if true => { } } }",
        "1:50: expected `=>` after the branch's future, found keyword `if`\n  hint: a precondition comes after a comma: `v = f, if ready => { ... }`",
    ),
    case(
        "precondition that is not a bool",
        "task a { let f = sleep(1ms); select { _ = &mut f, if 1 => { } } }",
        "1:54: mismatched types: expected bool, found int\n  hint: an `if` condition is a bool: compare, as in `1 != 0`",
    ),
    case(
        "for without range",
        "task a { for i in 5 { } }",
        "1:21: expected `..` or `..=` in the `for` range, found `{`\n  hint: a `for` loop looks like `for i in 0..10 { ... }`",
    ),
    case(
        "keyword as task name",
        "task loop { }",
        "1:6: expected a task name after `task`, found keyword `loop`\n  hint: `loop` is a keyword and cannot be used as a name",
    ),
    case(
        "keyword as variable",
        "task a { let loop = 1; }",
        "1:14: expected a variable name after `let`, found keyword `loop`\n  hint: `loop` is a keyword and cannot be used as a name",
    ),
    case(
        "some without parens",
        "task a { let x = Some 1; }",
        "1:23: expected `(` after `Some`, found `1`",
    ),
    case(
        "else followed by junk",
        "task a { if true { } else 5; }",
        "1:27: expected `{` or `if` after `else`, found `5`",
    ),
    case(
        "missing expression",
        "task a { let x = ; }",
        "1:18: expected an expression, found `;`",
    ),
    case(
        "dot without method",
        "task a { let x = 1; x.5; }",
        "1:23: expected `await` or a method name after `.`, found `5`\n  hint: the lab has no tuple fields: destructure the tuple, `let (a, b) = t;`",
    ),
    case(
        "await written before the future",
        "task a { await sleep(1ms); }",
        "1:10: expected an expression, found keyword `await`\n  hint: `.await` goes after the future, as in `sleep(1ms).await`",
    ),
    case(
        "spawn called like a function",
        "lazy task h { } task a { spawn(h); }",
        "1:31: expected the name of a lazy task after `spawn`, found `(`\n  hint: `spawn` is not a function: write `spawn helper`",
    ),
    case(
        "unknown function near builtin",
        "task a { slep(1ms).await; }",
        "1:10: cannot find function `slep`\n  hint: did you mean `sleep`?",
    ),
    case(
        "unknown function transposed",
        "task a { yeild_now().await; }",
        "1:10: cannot find function `yeild_now`\n  hint: did you mean `yield_now`?",
    ),
    case(
        "unknown function far from builtins",
        "task a { frobnicate(); }",
        "1:10: cannot find function `frobnicate`\n  hint: the built-in functions are `sleep`, `yield_now`, `pending`, `lost_wake`, `no_yield`, `timeout`, `join`, `work`, `print` and `now`",
    ),
    case(
        "method called as function",
        "task a { send(1); }",
        "1:10: cannot find function `send`\n  hint: `send` is a method: `jobs.send(v).await`",
    ),
    case(
        "task called as function",
        "lazy task h { } task a { h(); }",
        "1:26: cannot find function `h`\n  hint: `h` is a task, not a function: start a lazy task with `spawn h`",
    ),
    case(
        "builtin used as variable",
        "task a { let f = sleep; }",
        "1:18: cannot find variable `sleep` in this scope\n  hint: `sleep` is a built-in function: call it, as in `sleep(10ms).await`",
    ),
    case(
        "undeclared channel send",
        "task a { jobs.send(1).await; }",
        "1:10: cannot find channel `jobs`\n  hint: declare it with `chan jobs: CAPACITY;`",
    ),
    case(
        "undeclared channel recv near a channel",
        "chan jobs: 1; task a { jbos.recv().await; }",
        "1:24: cannot find channel `jbos`\n  hint: did you mean `jobs`?",
    ),
    case(
        "undeclared socket",
        "task a { x.read().await; }",
        "1:10: cannot find socket `x`\n  hint: declare it with `io x { 10ms: \"data\"; }`",
    ),
    case(
        "undeclared variable",
        "task a { let job = 1; let x = jbo + 1; }",
        "1:31: cannot find variable `jbo` in this scope\n  hint: did you mean `job`?",
    ),
    case(
        "undeclared variable no hint",
        "task a { let x = y; }",
        "1:18: cannot find variable `y` in this scope",
    ),
    case(
        "undeclared variable in print",
        "task a {\n    let job = 1;\n    print(\"job {jb} done\");\n}",
        "3:17: cannot find variable `jb` in this scope\n  hint: did you mean `job`?",
    ),
    case(
        "future not awaited",
        "task a { sleep(1ms); }",
        "1:10: `sleep(1ms)` is a future (Future<()>) that is never awaited\n  hint: futures do nothing unless awaited: `sleep(1ms).await`",
    ),
    case(
        "future kept in a variable and never polled",
        "task a { let f = yield_now(); }",
        "1:14: `f` keeps a future (Future<()>) that is never polled\n  hint: futures do nothing unless polled: to wait here, `let f = yield_now().await;`; to keep it and wait later, `f.await`, or `&mut f` in a `select`",
    ),
    case(
        "channel send not awaited",
        "chan c: 1; task a { c.send(1); }",
        "1:21: `c.send(1)` is a future (Future<()>) that is never awaited\n  hint: futures do nothing unless awaited: `c.send(1).await`",
    ),
    case(
        "await on an int",
        "task a { let x = 5; x.await; }",
        "1:21: `.await` needs a future, but `x` is int\n  hint: only futures, such as `sleep(1ms)` or `jobs.recv()`, and JoinHandles can be awaited",
    ),
    case(
        "await on work",
        "task a { work(1ms).await; }",
        "1:10: `.await` needs a future, but `work(1ms)` is ()\n  hint: `work` runs at once and is not a future: remove `.await`",
    ),
    case(
        "await twice",
        "task a { sleep(1ms).await.await; }",
        "1:10: `.await` needs a future, but `sleep(1ms).await` is ()\n  hint: it is awaited already: remove the second `.await`",
    ),
    case(
        "await on oneshot send",
        "oneshot done; task a { done.send(1).await; }",
        "1:24: `.await` needs a future, but `done.send(1)` is ()\n  hint: `done.send(1)` completes at once and is not a future: remove `.await`",
    ),
    case(
        "spawn of a non-lazy task",
        "task worker { } task b { spawn worker; }",
        "1:32: cannot spawn `worker`: it is not a lazy task\n  hint: `worker` starts on its own; to start it only with `spawn`, declare it `lazy task worker { ... }`",
    ),
    case(
        "spawn of an unknown task",
        "lazy task helper { } task b { spawn hlper; }",
        "1:37: cannot find task `hlper`\n  hint: did you mean `helper`?",
    ),
    case(
        "spawn of a channel",
        "chan c: 1; task b { spawn c; }",
        "1:27: cannot spawn `c`: it is a channel, not a task",
    ),
    case(
        "channel capacity zero",
        "chan jobs: 0;",
        "1:12: channel capacity must be at least 1, found 0\n  hint: a channel with no room could never take a value; `chan jobs: 1;` holds one at a time",
    ),
    case(
        "channel capacity too large",
        "chan jobs: 2000000;",
        "1:12: channel capacity 2000000 is too large: the limit is 1000000",
    ),
    case(
        "duplicate channel and task",
        "chan jobs: 1;\ntask jobs { }",
        "2:6: the name `jobs` is defined twice\n  hint: the first `jobs` is a channel at 1:6; tasks, channels, oneshots and sockets share one namespace",
    ),
    case(
        "duplicate tasks",
        "task a { }\ntask a { }",
        "2:6: the name `a` is defined twice\n  hint: the first `a` is a task at 1:6; tasks, channels, oneshots and sockets share one namespace",
    ),
    case(
        "add int and str",
        "task a { let x = 1 + \"a\"; }",
        "1:18: cannot apply `+` to int and str\n  hint: `+` works on int + int, duration + duration or str + str",
    ),
    case(
        "add int and duration",
        "task a { let x = 1 + 5ms; }",
        "1:18: cannot apply `+` to int and duration\n  hint: an int is not a duration: give it a unit (`5ms`), or multiply by one (`n * 1ms`)",
    ),
    case(
        "multiply durations",
        "task a { let x = 5ms * 5ms; }",
        "1:18: cannot apply `*` to duration and duration\n  hint: `*` works on int * int, duration * int or int * duration",
    ),
    case(
        "assign a different type",
        "task a { let mut x = 1; x = \"s\"; }",
        "1:29: mismatched types: `x` is int, but this value is str",
    ),
    case(
        "compound assign a different type",
        "task a { let mut d = 1ms; d += 1; }",
        "1:27: cannot apply `+` to duration and int\n  hint: an int is not a duration: give it a unit (`5ms`), or multiply by one (`n * 1ms`)",
    ),
    case(
        "channel sends disagree",
        "chan c: 2;\ntask a {\n    c.send(1).await;\n    c.send(\"x\").await;\n}",
        "4:12: mismatched types: `c` carries int, but this sends str\n  hint: the send at 3:12 decided that `c` carries int",
    ),
    case(
        "break outside a loop",
        "task a { break; }",
        "1:10: `break` outside of a loop\n  hint: `break` works inside `loop`, `while` and `for`",
    ),
    case(
        "continue outside a loop",
        "task a { if true { continue; } }",
        "1:20: `continue` outside of a loop\n  hint: `continue` works inside `loop`, `while` and `for`",
    ),
    case(
        "read on a channel",
        "chan c: 1; task a { c.read().await; }",
        "1:23: channel `c` has no method `read`\n  hint: receive from a channel with `c.recv().await`",
    ),
    case(
        "recv on a socket",
        "io db { 1ms: \"x\"; } task a { db.recv().await; }",
        "1:33: socket `db` has no method `recv`\n  hint: read from a socket with `db.read().await`",
    ),
    case(
        "misspelt channel method",
        "chan c: 1; task a { c.sned(1).await; }",
        "1:23: channel `c` has no method `sned`\n  hint: did you mean `send`?",
    ),
    case(
        "too few arguments",
        "task a { sleep().await; }",
        "1:10: `sleep` takes 1 argument, but 0 were given\n  hint: call it like this: `sleep(10ms).await`",
    ),
    case(
        "too many arguments",
        "task a { sleep(1ms, 2ms).await; }",
        "1:10: `sleep` takes 1 argument, but 2 were given\n  hint: call it like this: `sleep(10ms).await`",
    ),
    case(
        "arguments to yield_now",
        "task a { yield_now(1).await; }",
        "1:10: `yield_now` takes 0 arguments, but 1 was given\n  hint: call it like this: `yield_now().await`",
    ),
    case(
        "config unknown key",
        "config { budgt: 5; }",
        "1:10: unknown config key `budgt`\n  hint: did you mean `budget`?",
    ),
    case(
        "config unknown key far",
        "config { colour: 5; }",
        "1:10: unknown config key `colour`\n  hint: the keys are `event_interval`, `global_queue_interval`, `budget`, `workers`, `lifo`, `seed`, `wheel` and `long_poll`",
    ),
    case(
        "config seed negative",
        "config { seed: -1; }",
        "1:16: `seed` must be between 0 and 4294967295, found `-1`",
    ),
    case(
        "config seed too big",
        "config { seed: 4294967296; }",
        "1:16: `seed` must be between 0 and 4294967295, found `4294967296`",
    ),
    case(
        "config seed a duration",
        "config { seed: 5ms; }",
        "1:16: `seed` needs an int, found the duration `5ms`\n  hint: write a count, without a unit: `5`",
    ),
    case(
        "config global_queue_interval zero",
        "config { global_queue_interval: 0; }",
        "1:33: `global_queue_interval` must be at least 1, found `0`",
    ),
    case(
        "select biased after a branch",
        "task a { select { _ = sleep(1ms) => { } biased; _ = sleep(2ms) => { } } }",
        "1:41: `biased;` must come first in a `select`\n  hint: write it before the first branch: `select { biased; ... }`",
    ),
    case(
        "select biased twice",
        "task a { select { biased; biased; _ = sleep(1ms) => { } } }",
        "1:27: `biased;` must come first in a `select`\n  hint: it is already there: write it once",
    ),
    case(
        "select biased misspelled",
        "task a { select { baised; _ = sleep(1ms) => { } } }",
        "1:19: unknown `select` option `baised`\n  hint: did you mean `biased;`? It comes first: `select { biased; ... }`",
    ),
    case(
        "select biased without a semicolon",
        "task a { select { biased _ = sleep(1ms) => { } } }",
        "1:26: expected `;` after `biased`, found `_`\n  hint: `biased;` makes the select poll its branches in order: `select { biased; ... }`",
    ),
    case(
        "config workers out of range",
        "config { workers: 17; }",
        "1:19: `workers` must be between 1 and 16, found `17`",
    ),
    case(
        "config budget zero",
        "config { budget: 0; }",
        "1:18: `budget` must be at least 1 (or `off`), found `0`",
    ),
    case(
        "config budget word",
        "config { budget: on; }",
        "1:18: `budget` must be an int or `off`, found `on`",
    ),
    case(
        "config lifo bad word",
        "config { lifo: yes; }",
        "1:16: `lifo` must be `on` or `off`, found `yes`",
    ),
    case(
        "config wheel bad word",
        "config { wheel: big; }",
        "1:17: `wheel` must be `tokio` or `small`, found `big`",
    ),
    case(
        "config long_poll without unit",
        "config { long_poll: 5; }",
        "1:21: `long_poll` needs a duration, found `5`\n  hint: write it with a unit: `5ms`",
    ),
    case(
        "config event_interval as duration",
        "config { event_interval: 5ms; }",
        "1:26: `event_interval` needs an int, found the duration `5ms`\n  hint: write a count, without a unit: `5`",
    ),
    case(
        "config given twice",
        "config { workers: 1; }\nconfig { budget: off; }",
        "2:1: `config` is given twice\n  hint: merge it into the first `config { ... }`, at 1:1",
    ),
    case(
        "config key set twice",
        "config { workers: 1; workers: 2; }",
        "1:22: config key `workers` is set twice\n  hint: it is first set at 1:10",
    ),
    case(
        "config entries with commas",
        "config { workers: 1, budget: 2 }",
        "1:20: expected `;` after config entry, found `,`\n  hint: config looks like `config { budget: 128; workers: 2; }`",
    ),
    case(
        "io times not increasing",
        "io db { 50ms: \"a\"; 30ms: \"b\"; }",
        "1:20: socket `db`: data at 30ms must come after the previous chunk, at 50ms\n  hint: list the chunks in strictly increasing time",
    ),
    case(
        "io times equal",
        "io db { 1s: \"a\"; 1000ms: \"b\"; }",
        "1:18: socket `db`: data at 1s must come after the previous chunk, at 1s\n  hint: list the chunks in strictly increasing time",
    ),
    case(
        "timeout around an awaited future",
        "task a { timeout(5ms, sleep(1ms).await).await; }",
        "1:23: `timeout` needs a future, but `sleep(1ms).await` already awaits it\n  hint: drop the `.await` inside: `timeout(5ms, sleep(1ms)).await`",
    ),
    case(
        "timeout of a non-future",
        "task a { timeout(5ms, 3).await; }",
        "1:23: `timeout` needs a future as its second argument, but `3` is int",
    ),
    case(
        "timeout not awaited",
        "task a { let _ = timeout(5ms, sleep(1ms)); }",
        "1:18: `timeout(5ms, sleep(1ms))` is a future (Future<Result<(), str>>) that is never awaited\n  hint: futures do nothing unless awaited: `timeout(5ms, sleep(1ms)).await`",
    ),
    case(
        "select branch awaited",
        "chan c: 1; task a { select { v = c.recv().await => { } } }",
        "1:34: a `select` branch takes a future, but `c.recv().await` already awaits it\n  hint: drop the `.await`: `select` awaits its branches itself, `= c.recv() =>`",
    ),
    case(
        "select branch not a future",
        "task a { select { v = 3 => { } } }",
        "1:23: a `select` branch needs a future, but `3` is int",
    ),
    case(
        "duration where an int is expected",
        "task a { for i in 0..10ms { } }",
        "1:22: mismatched types: expected int, found duration\n  hint: `10ms` is a duration; write a plain number: `10`",
    ),
    case(
        "int literal where a duration is expected",
        "task a { sleep(10).await; }",
        "1:16: mismatched types: expected duration, found int\n  hint: write a duration with a unit: `10ms`",
    ),
    case(
        "int variable where a duration is expected",
        "task a { let n = 5; work(n); }",
        "1:26: mismatched types: expected duration, found int\n  hint: turn an int into a duration by multiplying: `n * 1ms`",
    ),
    case(
        "if condition is an int",
        "task a { if 1 { } }",
        "1:13: mismatched types: expected bool, found int\n  hint: an `if` condition is a bool: compare, as in `1 != 0`",
    ),
    case(
        "while condition is an option",
        "chan c: 1; task a { while c.recv().await { } }",
        "1:27: mismatched types: expected bool, found Option<_>\n  hint: to test for a value, write `while let Some(x) = c.recv().await { ... }`",
    ),
    case(
        "assignment to an undeclared variable",
        "task a { x = 1; }",
        "1:10: cannot assign to `x`: no variable `x` in scope\n  hint: declare it first: `let mut x = ...;`",
    ),
    case(
        "assignment to a channel",
        "chan c: 1; task a { c = 1; }",
        "1:21: cannot assign to `c`: it is a channel",
    ),
    case(
        "variable named like a channel",
        "chan c: 1; task a { let c = 1; }",
        "1:25: cannot name a variable `c`: that is the name of a channel\n  hint: pick another name for the variable",
    ),
    case(
        "channel used as a value",
        "chan c: 1; task a { let x = c; }",
        "1:29: `c` is a channel, not a value\n  hint: use it through its methods: `c.send(v).await`, `c.recv().await`",
    ),
    case(
        "task used as a value",
        "lazy task h { } task a { let x = h; }",
        "1:34: `h` is a task, not a value\n  hint: `spawn h` starts it and gives its JoinHandle",
    ),
    case(
        "lazy task with a start time",
        "lazy task h @ 5ms { }",
        "1:15: a lazy task has no start time: it starts when spawned\n  hint: remove `@ 5ms`, or remove `lazy` to start `h` on its own at 5ms",
    ),
    case(
        "pattern of the wrong shape",
        "chan c: 1; task a { c.send(1).await; if let Ok(x) = c.recv().await { } }",
        "1:45: mismatched types: expected Option<int>, found `Ok(_)`\n  hint: this pattern can never match a value of type Option<int>",
    ),
    case(
        "pattern literal of the wrong type",
        "chan c: 1; task a { c.send(1).await; if let Some(\"x\") = c.recv().await { } }",
        "1:50: mismatched types: expected int, found str\n  hint: this pattern can never match a value of type int",
    ),
    case(
        "abort on an int",
        "task a { let x = 1; x.abort(); }",
        "1:23: no method `abort` on `x`, of type int\n  hint: only channels, oneshots, sockets and JoinHandles have methods",
    ),
    case(
        "abort on a task name",
        "lazy task h { } task a { h.abort(); }",
        "1:26: `h` is a task, not a JoinHandle\n  hint: keep the handle of a spawned task, `let handle = spawn h;`, then call `handle.abort()`",
    ),
    case(
        "unknown JoinHandle method",
        "lazy task h { } task a { let j = spawn h; j.join(); }",
        "1:45: a JoinHandle has no method `join`\n  hint: a JoinHandle can be awaited, `j.await`, or aborted, `j.abort()`",
    ),
    case(
        "print of a non-literal",
        "task a { let s = \"x\"; print(s); }",
        "1:29: `print` needs a string literal\n  hint: put the value in the string: `print(\"x = {x}\")`",
    ),
    case(
        "print with unmatched close brace",
        "task a { print(\"a } b\"); }",
        "1:19: unmatched `}` in the `print` string\n  hint: write `}}` for a literal `}`",
    ),
    case(
        "print with unclosed brace",
        "task a { print(\"a { b\"); }",
        "1:19: `{` is never closed in the `print` string\n  hint: write `{{` for a literal `{`, or close the placeholder: `{name}`",
    ),
    case(
        "print with empty braces",
        "task a { print(\"{}\"); }",
        "1:17: empty `{}` in the `print` string\n  hint: name the variable to print: `{job}`",
    ),
    case(
        "print with a format spec",
        "task a { let x = 1; print(\"{x:?}\"); }",
        "1:29: `{x:?}` is not a variable name\n  hint: only a plain variable name goes inside `{}`: `{job}`",
    ),
    case(
        "print of a channel",
        "chan c: 1; task a { print(\"{c}\"); }",
        "1:29: `c` is a channel, not a value\n  hint: use it through its methods: `c.send(v).await`, `c.recv().await`",
    ),
    case(
        "compare duration with int",
        "task a { if now() > 5 { } }",
        "1:13: cannot compare duration with int\n  hint: an int is not a duration: give it a unit (`5ms`), or multiply by one (`n * 1ms`)",
    ),
    case(
        "compare handles",
        "lazy task h { } task a { let x = spawn h; if x == x { } }",
        "1:46: cannot compare values of type JoinHandle with `==`",
    ),
    case(
        "negate a duration",
        "task a { let d = -5ms; }",
        "1:18: cannot negate a duration\n  hint: durations are never negative; subtract instead: `a - b`",
    ),
    case(
        "not on an int",
        "task a { let b = !1; }",
        "1:18: cannot apply `!` to int: it needs a bool",
    ),
    case(
        "and on ints",
        "task a { let b = 1 && true; }",
        "1:18: mismatched types: `&&` needs bool operands, found int",
    ),
    case(
        "type that never settles",
        "chan c: 1;\ntask a {\n    while let Some(x) = c.recv().await {\n        c.send(Some(x)).await;\n    }\n}",
        "1:1: cannot infer what channel `c` carries: its type grows without end\n  hint: a value received from `c` is sent back into it wrapped in `Some`, `Ok` or `Err`",
    ),
];

fn run(case: &Case) -> Result<Error, String> {
    match compile(case.src) {
        Ok(_) => Err(format!("{}: compiled, but should fail", case.what)),
        Err(e) => Ok(e),
    }
}

/// 1-based line and column (in chars) of byte `offset` of `src`.
fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

#[test]
fn every_case_gives_its_exact_message() {
    let mut expected = String::new();
    let mut actual = String::new();
    for case in CASES {
        let got = run(case).map_or_else(|e| e, |e| e.to_string());
        // Only the cases that differ, so the failure is a short diff.
        if got != case.expected {
            expected.push_str(&format!(
                "## {}\n{}\n{}\n\n",
                case.what, case.src, case.expected
            ));
            actual.push_str(&format!("## {}\n{}\n{got}\n\n", case.what, case.src));
        }
    }
    assert!(
        actual == expected,
        "messages changed:\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn spans_agree_with_their_line_and_column() {
    for case in CASES {
        let err = run(case).unwrap_or_else(|e| panic!("{e}"));
        let span = err.span;
        assert!(
            span.start <= span.end && span.end as usize <= case.src.len(),
            "{}: {span:?}",
            case.what
        );
        assert!(
            case.src.is_char_boundary(span.start as usize),
            "{}",
            case.what
        );
        assert!(
            case.src.is_char_boundary(span.end as usize),
            "{}",
            case.what
        );
        assert_eq!(
            line_col(case.src, span.start as usize),
            (span.line, span.col),
            "{}",
            case.what
        );
    }
}

#[test]
fn there_are_many_distinct_cases() {
    let mut whats: Vec<_> = CASES.iter().map(|c| c.what).collect();
    whats.sort_unstable();
    whats.dedup();
    assert_eq!(whats.len(), CASES.len(), "case names must be unique");
    let mut messages: Vec<_> = CASES
        .iter()
        .map(|c| c.expected.lines().next().unwrap_or(""))
        .collect();
    messages.sort_unstable();
    messages.dedup();
    assert!(
        messages.len() >= 100,
        "only {} distinct messages",
        messages.len()
    );
}

#[test]
fn render_prefixes_the_file_name() {
    let err = compile("task a {\n    sleep(1ms);\n}").unwrap_err();
    assert_eq!(
        err.render("lesson.lab"),
        "lesson.lab:2:5: `sleep(1ms)` is a future (Future<()>) that is never awaited\n  hint: futures do nothing unless awaited: `sleep(1ms).await`"
    );
    let err = compile("task a { let x = 1 $ 2; }").unwrap_err();
    assert_eq!(err.render("x.lab"), "x.lab:1:20: unexpected character `$`");
}
