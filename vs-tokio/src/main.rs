//! `cargo run -p vs-tokio -- PROGRAM.scn...`: runs each program on the lab's runtime and on
//! Tokio, and says whether they agree (and if not, where they first differ). `--show` prints
//! both runs' polls and prints side by side. `--generated N` compares the first N generated
//! programs (the differential test's) and writes each that differs for no named reason to
//! `target/vs-tokio/SEED.scn`.

use scenario::interp::RunOptions;
use vs_tokio::{Observed, Verdict, compare, run_tokio};

fn main() {
    let mut show = false;
    let mut failed = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--show" {
            show = true;
            continue;
        }
        if arg == "--generated" {
            let n: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
            failed |= generated(n);
            continue;
        }
        let source = match std::fs::read_to_string(&arg) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{arg}: cannot read: {e}");
                std::process::exit(2);
            }
        };
        let program = match scenario::compile(&source) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}", e.render(&arg));
                std::process::exit(2);
            }
        };
        let options = RunOptions::default();
        let verdict = compare(&program, &options);
        println!("{arg}: {verdict:?}");
        failed |= matches!(verdict, Verdict::Differ(_));
        if show {
            let lab = Observed::from_trace(&scenario::run(&program, &options).events);
            let (tokio, _) = run_tokio(&program, &options, lab.polls.len() as u64 + 1);
            let polls = lab.polls.len().max(tokio.polls.len());
            println!("{:>5}  {:<28} {:<28}", "poll", "lab", "tokio");
            for i in 0..polls {
                let cell = |o: &Observed| {
                    o.polls.get(i).map_or(String::new(), |(at, t)| {
                        format!("@{at} {}", o.tasks.get(t).map_or("?", String::as_str))
                    })
                };
                println!("{:>5}  {:<28} {:<28}", i + 1, cell(&lab), cell(&tokio));
            }
            for (who, o) in [("lab", &lab), ("tokio", &tokio)] {
                let prints: Vec<String> = o
                    .prints
                    .iter()
                    .map(|(at, _, t)| format!("@{at} {t}"))
                    .collect();
                println!("{who} prints: {}", prints.join(" | "));
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// Compares the first `n` generated programs; returns whether any differs for no named reason.
fn generated(n: u64) -> bool {
    use scenario::fuzz::{Flavour, program, tape};
    let dir = std::path::Path::new("target/vs-tokio");
    let _ = std::fs::create_dir_all(dir);
    let mut differ = 0;
    for seed in 1..=n {
        let source = program(&tape(seed), Flavour::Tokio);
        let Ok(p) = scenario::compile(&source) else {
            continue;
        };
        if let Verdict::Differ(why) = compare(&p, &vs_tokio::generated_options()) {
            differ += 1;
            println!("{seed}: {why}");
            let _ = std::fs::write(dir.join(format!("{seed}.scn")), &source);
        }
    }
    println!("{differ} of {n} generated programs differ for no named reason");
    differ > 0
}
