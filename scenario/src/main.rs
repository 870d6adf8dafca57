//! `scenario`: run a scenario file and print its trace, one event a line.
//!
//! ```text
//! cargo run --release -p scenario -- run FILE [--json] [--max-events N] [--no-locals]
//!                                          [--chrome-trace OUT]
//! cargo run --release -p scenario -- check FILE
//! cargo run --release -p scenario -- presets [NAME]
//! ```
//!
//! Exit status: 0 the run finished; 2 the file has an error (printed to stderr as
//! `FILE:LINE:COL: message`) or the command line is wrong; 3 the run stalled (tasks left that
//! nothing can wake); 4 a limit or a run-time error stopped it. Nothing panics.
//!
//! `--chrome-trace OUT` also writes the run to OUT as Chrome Trace Event JSON, for
//! ui.perfetto.dev or `chrome://tracing` (the trace is printed as usual; a file that cannot be
//! written is an error of the command line, exit status 2).

use scenario::interp::{RunOptions, run};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  scenario run FILE [--json] [--max-events N] [--no-locals]   print the trace of FILE
               [--chrome-trace OUT]                           and write it to OUT for Perfetto
  scenario check FILE                                          check FILE, print nothing if fine
  scenario presets [NAME]                                      list presets, or print one's source

exit status: 0 finished, 2 error in the file or the command line, 3 stalled, 4 stopped by a
limit or a run-time error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn cli(args: &[String]) -> Result<ExitCode, String> {
    let (command, rest) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    match command.as_str() {
        "run" => run_command(rest),
        "check" => {
            let [file] = rest else {
                return Err(USAGE.to_string());
            };
            let source = read(file)?;
            match scenario::compile(&source) {
                Ok(_) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    eprintln!("{}", e.render(file));
                    Ok(ExitCode::from(2))
                }
            }
        }
        "presets" => {
            let out = std::io::stdout();
            let mut out = out.lock();
            match rest {
                [] => {
                    for p in scenario::presets::all() {
                        let _ = writeln!(out, "{:<22} {}", p.name, p.title);
                    }
                }
                [name] => {
                    let p = scenario::presets::find(name).ok_or_else(|| {
                        format!("no preset named `{name}` (try `scenario presets`)")
                    })?;
                    let _ = write!(out, "{}", p.source);
                }
                _ => return Err(USAGE.to_string()),
            }
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn read(file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: cannot read: {e}"))?;
    scenario::decode_source(&bytes).map_err(|e| e.render(file))
}

fn run_command(args: &[String]) -> Result<ExitCode, String> {
    let mut file = None;
    let mut json = false;
    let mut chrome_trace = None;
    let mut options = RunOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--no-locals" => options.record_locals = false,
            "--chrome-trace" => {
                let out = it.next().ok_or("--chrome-trace needs a file to write")?;
                chrome_trace = Some(out.clone());
            }
            "--max-events" => {
                let n = it.next().ok_or("--max-events needs a number")?;
                options.limits.max_events = n
                    .parse()
                    .map_err(|_| format!("--max-events: `{n}` is not a number"))?;
            }
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"));
            }
            f if file.is_none() => file = Some(f.to_string()),
            _ => return Err(USAGE.to_string()),
        }
    }
    let file = file.ok_or_else(|| USAGE.to_string())?;
    let source = read(&file)?;
    let program = match scenario::compile(&source) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", e.render(&file));
            return Ok(ExitCode::from(2));
        }
    };
    let result = run(&program, &options);
    if let Some(out) = &chrome_trace {
        let name = std::path::Path::new(&file)
            .file_stem()
            .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
        let json = runtime_core::trace::chrome::export(&result.events, &name);
        std::fs::write(out, json).map_err(|e| format!("{out}: cannot write: {e}"))?;
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        let mut names = scenario::json::JsonNames::default();
        for rec in &result.events {
            let _ = writeln!(out, "{}", scenario::json::line(rec, &mut names));
        }
    } else {
        let mut names = runtime_core::trace::text::Names::default();
        for rec in &result.events {
            names.learn(&rec.event);
            let _ = writeln!(out, "{}", runtime_core::trace::text::line(rec, &names));
        }
    }
    let _ = out.flush();
    match &result.outcome {
        scenario::Outcome::Finished => eprintln!("{file}: finished"),
        scenario::Outcome::Stalled { tasks } => {
            eprintln!("{file}: stalled: {tasks} task(s) left that nothing can wake")
        }
        scenario::Outcome::Limit(m) | scenario::Outcome::Fault(m) => eprintln!("{file}: {m}"),
    }
    Ok(ExitCode::from(result.outcome.exit_code() as u8))
}
