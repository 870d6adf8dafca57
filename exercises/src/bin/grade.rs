//! The grader: `cargo run --release -p exercises --bin grade -- [OPTIONS] [EXERCISE...]`
//!
//! * no arguments: grades every exercise and prints a table (exercise, check, PASS/FAIL,
//!   points, the message of each failing check), then the totals;
//! * `EXERCISE...`: grades only those (`e01_countdown`, a unique prefix such as `e01`, or the
//!   number); an unknown name prints the list of names and exits with 2;
//! * `--json`: prints one JSON object instead of the table:
//!   `{"exercises":[{"name","score","max","checks":[{"name","passed","points","message"}]}],
//!   "score","max"}`;
//! * `--hint EXERCISE [N]`: prints hint N (1 to 4) of an exercise, a rung of its ladder: idea,
//!   invariant and API, code, go deeper;
//! * `--trace EXERCISE`: prints the demo trace of your code and of the solution, and where
//!   they first differ;
//! * `--list`: lists the exercises.
//!
//! The exit code is 0 only when every graded check passed (1 otherwise, 2 for bad arguments).
//! With `--features solutions` the solutions are graded instead of `src/exercises/`.
//!
//! Each exercise is graded in a child process (this same binary, with a hidden `--child`
//! argument): learner code that overflows its stack or aborts takes down the child, never the
//! grader, and the crash is reported as that check's failure. Within a child every check runs
//! on its own thread with a time limit, and the child ends with `std::process::exit`, so a
//! check stuck in an endless loop cannot keep it alive.

use core::time::Duration;
use exercises::{
    CheckReport, ExerciseInfo, ExerciseReport, GradeReport, HINT_RUNGS, Which, catalogue, find,
};
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio, exit};
use std::time::Instant;

const CHILD: &str = "--child";
const CHILD_CHECK: &str = "--child-check";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some(CHILD) => child(&args[1..]),
        Some(CHILD_CHECK) => child_check(&args[1..]),
        Some("--help" | "-h") => {
            print!("{}", HELP);
            0
        }
        Some("--list") => list(),
        Some("--hint") => hint(&args[1..]),
        Some("--trace") => trace(&args[1..]),
        _ => grade(&args),
    };
    let _ = std::io::stdout().flush();
    // Exit explicitly: a check abandoned after its time limit may still be running.
    exit(code);
}

const HELP: &str = "\
grade: grades the lab's exercises.

USAGE:
    cargo run --release -p exercises --bin grade -- [--json] [EXERCISE...]
    cargo run --release -p exercises --bin grade -- --hint EXERCISE [1|2|3|4]
    cargo run --release -p exercises --bin grade -- --trace EXERCISE
    cargo run --release -p exercises --bin grade -- --list

EXERCISE is a full name (e01_countdown), a unique prefix (e01) or a number (1).
Exit code: 0 when every graded check passes, 1 otherwise, 2 for bad arguments.
Add `--features solutions` (before `--`) to grade the solutions instead of your files.
";

fn usage_error(message: &str) -> i32 {
    eprintln!("{message}");
    eprintln!("(run with --help for usage)");
    2
}

/// The exercises named in `names` (all when empty), or the exit code for a bad name.
fn select(names: &[&String]) -> Result<Vec<&'static ExerciseInfo>, i32> {
    if names.is_empty() {
        return Ok(catalogue().iter().collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        match find(name) {
            Ok(info) => {
                if !chosen.iter().any(|c: &&ExerciseInfo| c.name == info.name) {
                    chosen.push(info);
                }
            }
            Err(e) => {
                eprint!("{e}");
                return Err(2);
            }
        }
    }
    Ok(chosen)
}

fn grade(args: &[String]) -> i32 {
    let json = args.iter().any(|a| a == "--json");
    if let Some(bad) = args.iter().find(|a| a.starts_with('-') && *a != "--json") {
        return usage_error(&format!("unknown option `{bad}`"));
    }
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let chosen = match select(&names) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if !json {
        let what = if cfg!(feature = "solutions") {
            "the solutions"
        } else {
            "your code"
        };
        println!("Inside Async Rust — the lab: grading {what}\n");
    }
    let mut reports = Vec::new();
    for info in chosen {
        let report = grade_isolated(info);
        if !json {
            print_exercise(info, &report);
            let _ = std::io::stdout().flush();
        }
        reports.push(report);
    }
    let report = GradeReport::new(reports);
    if json {
        println!("{}", report.to_json());
    } else {
        print_totals(&report);
    }
    if report.passed() { 0 } else { 1 }
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

/// `--child NAME`: grades one exercise in this process and prints its report as JSON.
fn child(args: &[String]) -> i32 {
    let Some(name) = args.first() else { return 2 };
    match exercises::grade(name) {
        Ok(report) => {
            println!(
                "{}",
                serde_json::to_string(&report).expect("reports serialise")
            );
            0
        }
        Err(_) => 2,
    }
}

/// `--child-check NAME INDEX`: runs one check and prints its report as JSON.
fn child_check(args: &[String]) -> i32 {
    let (Some(name), Some(index)) = (args.first(), args.get(1).and_then(|i| i.parse().ok())) else {
        return 2;
    };
    match exercises::grade_check(name, index, Which::Learner) {
        Ok(report) => {
            println!(
                "{}",
                serde_json::to_string(&report).expect("reports serialise")
            );
            0
        }
        Err(_) => 2,
    }
}

/// What a child process left behind.
struct ChildOutput {
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
}

/// Runs this binary with `args`, waiting at most `limit`.
fn run_child(args: &[&str], limit: Duration) -> std::io::Result<ChildOutput> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Read both pipes on threads so a chatty child cannot fill one and stall.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(ChildOutput {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// The longest a child grading `checks` checks may take (each has its own time limit).
fn child_limit(checks: usize) -> Duration {
    (exercises::TIME_LIMIT + Duration::from_secs(1)) * checks as u32 + Duration::from_secs(10)
}

/// Grades `info` in a child process; if the child crashes, grades check by check to find
/// which checks crash. Without a usable child (no executable path), grades in this process.
fn grade_isolated(info: &'static ExerciseInfo) -> ExerciseReport {
    let whole = run_child(&[CHILD, info.name], child_limit(info.checks.len()));
    let Ok(whole) = whole else {
        return exercises::grade(info.name).expect("a catalogue name");
    };
    if whole.status.is_some_and(|s| s.success())
        && let Ok(report) = serde_json::from_str::<ExerciseReport>(whole.stdout.trim())
    {
        return report;
    }
    let checks = info
        .checks
        .iter()
        .enumerate()
        .map(|(i, check)| {
            let index = i.to_string();
            match run_child(&[CHILD_CHECK, info.name, &index], child_limit(1)) {
                Ok(out) => match serde_json::from_str::<CheckReport>(out.stdout.trim()) {
                    Ok(report) if out.status.is_some_and(|s| s.success()) => report,
                    _ => CheckReport::from_outcome(check, Err(crash_message(&out))),
                },
                Err(e) => CheckReport::from_outcome(
                    check,
                    Err(format!(
                        "the grader could not start a process for this check: {e}"
                    )),
                ),
            }
        })
        .collect();
    ExerciseReport::new(info.name, checks)
}

fn crash_message(out: &ChildOutput) -> String {
    let detail = out
        .stderr
        .lines()
        .find(|l| l.contains("overflow") || l.contains("panicked") || l.contains("abort"))
        .or_else(|| out.stderr.lines().find(|l| !l.trim().is_empty()))
        .map(|l| format!(" ({})", l.trim()))
        .unwrap_or_default();
    match out.status {
        None => format!(
            "did not finish within {} s: an endless loop, or a future that never completes?",
            exercises::TIME_LIMIT.as_secs()
        ),
        Some(status) => format!(
            "crashed the process it ran in: {status}{detail}. A stack overflow (endless \
             recursion, such as a poll that calls itself) or a panic inside a `Drop` while \
             already panicking does this."
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const WIDTH: usize = 100;

fn print_exercise(info: &ExerciseInfo, report: &ExerciseReport) {
    let mark = if report.passed() { "done" } else { "todo" };
    println!(
        "{:>2}. {:<24} {:<60} {:>3}/{:<3} {mark}",
        info.order, info.name, info.title, report.score, report.max
    );
    for check in &report.checks {
        let result = if check.passed { "PASS" } else { "FAIL" };
        println!(
            "      {result}  {:>2}/{:<2}  {}",
            check.earned(),
            check.points,
            check.name
        );
        if !check.passed {
            for line in wrap(&check.message, WIDTH - 16) {
                println!("                  {line}");
            }
        }
    }
    println!();
}

fn print_totals(report: &GradeReport) {
    let done = report.exercises.iter().filter(|e| e.passed()).count();
    println!(
        "total: {}/{} points; {done} of {} exercises complete",
        report.score,
        report.max,
        report.exercises.len()
    );
    if let Some(next) = report.exercises.iter().find(|e| !e.passed()) {
        if let Some(check) = next.first_failure() {
            println!("next: {} — \"{}\"", next.name, check.name);
        }
        let short = next.name.split('_').next().unwrap_or(&next.name);
        println!("      stuck? cargo run --release -p exercises --bin grade -- --hint {short}");
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(core::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Hints, traces, the list
// ---------------------------------------------------------------------------------------------

fn list() -> i32 {
    for e in catalogue() {
        println!(
            "{:>2}. {:<24} {} ({} points)",
            e.order, e.name, e.title, e.points
        );
    }
    0
}

fn hint(args: &[String]) -> i32 {
    let Some(name) = args.first() else {
        return usage_error("--hint needs an exercise name");
    };
    let info = match find(name) {
        Ok(info) => info,
        Err(e) => {
            eprint!("{e}");
            return 2;
        }
    };
    let n: usize = match args.get(1).map(|s| s.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) if (1..=info.hints.len()).contains(&n) => n,
        Some(_) => return usage_error(&format!("hints are numbered 1 to {}", info.hints.len())),
    };
    println!(
        "{} — hint {n} of {} ({}):\n",
        info.name,
        info.hints.len(),
        HINT_RUNGS[n - 1]
    );
    for line in wrap(&plain_links(info.hints[n - 1]), WIDTH) {
        println!("  {line}");
    }
    if n < info.hints.len() {
        let short = info.name.split('_').next().unwrap_or(info.name);
        println!("\n(next: --hint {short} {}, {})", n + 1, HINT_RUNGS[n]);
    }
    0
}

/// A hint's Markdown links, `[label](url)`, as a terminal shows them: `label (url)`.
fn plain_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let link = rest[open + 1..].split_once("](").and_then(|(label, tail)| {
            let (url, after) = tail.split_once(')')?;
            (!label.contains(']')).then_some((label, url, after))
        });
        match link {
            Some((label, url, after)) => {
                out.push_str(&rest[..open]);
                out.push_str(&format!("{label} ({url})"));
                rest = after;
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn trace(args: &[String]) -> i32 {
    let Some(name) = args.first() else {
        return usage_error("--trace needs an exercise name");
    };
    let info = match find(name) {
        Ok(info) => info,
        Err(e) => {
            eprint!("{e}");
            return 2;
        }
    };
    let mine = exercises::demo_trace(info.name, Which::Learner);
    let theirs = exercises::demo_trace(info.name, Which::Solution);
    let (mine, theirs) = match (mine, theirs) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) => {
            println!("your code's demo did not produce a trace: {e}");
            return 1;
        }
        (_, Err(e)) => {
            println!("the solution's demo did not produce a trace: {e}");
            return 1;
        }
    };
    let diff = exercises::first_difference(&mine, &theirs);
    for (title, events) in [("your code", &mine), ("the solution", &theirs)] {
        println!("── {} demo trace of {title} ──", info.name);
        for (i, line) in exercises::trace_lines(events).iter().enumerate() {
            let mark = if Some(i) == diff { ">>" } else { "  " };
            println!("{mark} {i:>4} {line}");
        }
        println!();
    }
    match diff {
        None => {
            println!("the traces are the same");
            0
        }
        Some(i) => {
            println!("the traces first differ at event {i} (marked >>)");
            1
        }
    }
}
