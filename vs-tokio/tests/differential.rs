//! The differential test: the programs the lab ships (every preset, every challenge's starting
//! and solved program, every walkthrough's program, every example in LANGUAGE.md) and 10,000
//! generated ones run on runtime-core and on Tokio 1.54's `current_thread` runtime, and must
//! agree on every poll and its time, every print, and how each task ends, unless a difference
//! that LANGUAGE.md names explains it.
//!
//! Each test prints its tally (`cargo test -p vs-tokio -- --nocapture`); the README's
//! "Measured" table quotes it.

use classroom::{challenge, walkthrough};
use scenario::fuzz::{self, Flavour};
use scenario::interp::{Overrides, RunOptions};
use std::collections::BTreeMap;
use vs_tokio::{Named, Verdict, compare};

/// Counts of verdicts, and the disagreements no named difference explains.
#[derive(Default)]
struct Tally {
    agree: usize,
    polls: usize,
    excluded: BTreeMap<Named, usize>,
    named: BTreeMap<Named, usize>,
    stopped: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, what: &str, source: &str, options: &RunOptions) {
        let program = scenario::compile(source)
            .unwrap_or_else(|e| panic!("{what} does not compile: {}", e.render(what)));
        match compare(&program, options) {
            Verdict::Agree { polls } => {
                self.agree += 1;
                self.polls += polls;
            }
            Verdict::Excluded(named) => *self.excluded.entry(named).or_default() += 1,
            Verdict::Named(named, _) => *self.named.entry(named).or_default() += 1,
            Verdict::Stopped(_) => self.stopped += 1,
            Verdict::Differ(difference) => self
                .failures
                .push(format!("{what}: {difference}\n{source}")),
        }
    }

    fn compared(&self) -> usize {
        self.agree + self.named.values().sum::<usize>() + self.failures.len()
    }

    fn report(&self, what: &str) {
        let list = |m: &BTreeMap<Named, usize>| {
            m.iter()
                .map(|(n, c)| format!("{c} {}", n.title().to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "{what}: {} compared with Tokio 1.54, {} agree ({} polls), {} differ for a named \
             reason [{}], {} differ for no named reason; {} not run on Tokio [{}], {} stopped \
             by a limit",
            self.compared(),
            self.agree,
            self.polls,
            self.named.values().sum::<usize>(),
            list(&self.named),
            self.failures.len(),
            self.excluded.values().sum::<usize>(),
            list(&self.excluded),
            self.stopped,
        );
        assert!(
            self.failures.is_empty(),
            "{} program(s) behave differently on the lab's runtime and on Tokio, for no \
             named reason:\n\n{}",
            self.failures.len(),
            self.failures.join("\n\n")
        );
    }
}

fn options_with(overrides: Overrides) -> RunOptions {
    RunOptions {
        overrides,
        ..RunOptions::default()
    }
}

#[test]
fn every_program_the_lab_ships_behaves_as_on_tokio() {
    let mut tally = Tally::default();
    for preset in scenario::presets::all() {
        tally.check(
            &format!("preset {}", preset.name),
            &preset.source,
            &RunOptions::default(),
        );
    }
    for c in challenge::all() {
        let options = c.run_options();
        tally.check(&format!("challenge {} (start)", c.id), &c.start, &options);
        tally.check(
            &format!("challenge {} (solution)", c.id),
            &c.solution,
            &options,
        );
    }
    for w in walkthrough::all() {
        tally.check(
            &format!("walkthrough {}", w.id),
            &w.source(),
            &options_with(w.settings),
        );
    }
    for example in scenario::doc::examples() {
        tally.check(
            &format!("LANGUAGE.md line {}", example.line),
            &example.body,
            &RunOptions::default(),
        );
    }
    tally.report("programs the lab ships");
    assert!(tally.agree >= 40, "only {} programs agree", tally.agree);
}

#[test]
fn ten_thousand_generated_programs_behave_as_on_tokio() {
    let mut tally = Tally::default();
    let options = vs_tokio::generated_options();
    let mut seed = 0;
    while tally.compared() < 10_000 {
        seed += 1;
        let source = fuzz::program(&fuzz::tape(seed), Flavour::Tokio);
        if scenario::compile(&source).is_err() {
            continue;
        }
        tally.check(&format!("generated program {seed}"), &source, &options);
        assert!(seed < 20_000, "too few generated programs can be compared");
    }
    tally.report("generated programs");
}

/// The examples the issue was filed with, with Tokio's answers (run on Tokio 1.54.1, paused
/// clock, current_thread): yields come back last-deferred-first, and a timer beside tasks that
/// yield fires as soon as the queue empties, not after `event_interval` polls.
#[test]
fn yields_come_back_reversed_and_do_not_starve_timers() {
    let run = |src: &str| {
        let program = scenario::compile(src).expect("compiles");
        assert_eq!(
            compare(&program, &RunOptions::default()),
            Verdict::Agree {
                polls: vs_tokio::Observed::from_trace(
                    &scenario::run(&program, &RunOptions::default()).events
                )
                .polls
                .len()
            }
        );
        let run = scenario::run(&program, &RunOptions::default());
        vs_tokio::Observed::from_trace(&run.events)
            .prints
            .into_iter()
            .map(|(at, _, text)| format!("{text}@{at}"))
            .collect::<Vec<_>>()
    };
    let three = "task x { print(\"x1\"); yield_now().await; print(\"x2\"); yield_now().await; print(\"x3\"); }
                 task y { print(\"y1\"); yield_now().await; print(\"y2\"); yield_now().await; print(\"y3\"); }
                 task z { print(\"z1\"); yield_now().await; print(\"z2\"); yield_now().await; print(\"z3\"); }";
    assert_eq!(
        run(three),
        [
            "x1@0", "y1@0", "z1@0", "z2@0", "y2@0", "x2@0", "x3@0", "y3@0", "z3@0"
        ]
    );
    let alarm = "task alarm { sleep(5ms).await; print(\"alarm\"); }
                 task a { loop { work(1ms); yield_now().await; } }
                 task b { loop { work(1ms); yield_now().await; } }";
    let alarm = format!("config {{ event_interval: 61; }}\n{alarm}");
    // The spinners never end, so the run is cut at a time limit: compare what came first.
    let program = scenario::compile(&alarm).expect("compiles");
    let options = RunOptions {
        limits: scenario::interp::RunLimits {
            max_time_us: 20_000,
            ..scenario::interp::RunLimits::default()
        },
        ..RunOptions::default()
    };
    let lab = vs_tokio::Observed::from_trace(&scenario::run(&program, &options).events);
    let (tokio, _) = vs_tokio::run_tokio(&program, &options, lab.polls.len() as u64);
    let rings = |o: &vs_tokio::Observed| o.prints.first().map(|p| p.0);
    assert_eq!(rings(&lab), Some(6), "the lab rings at {:?}", rings(&lab));
    assert_eq!(rings(&tokio), Some(6), "Tokio rings at {:?}", rings(&tokio));
}

#[test]
fn every_named_difference_is_in_language_md() {
    let doc = scenario::doc::LANGUAGE;
    let section = doc
        .split("## Where the lab differs from Tokio")
        .nth(1)
        .expect("LANGUAGE.md has a section \"Where the lab differs from Tokio\"");
    for named in Named::ALL {
        assert!(
            section.contains(&format!("**{}.**", named.title())),
            "LANGUAGE.md's list does not name \"{}\" ({})",
            named.title(),
            named.reason()
        );
    }
}

/// The third example: a consumer draining a channel that is always ready runs out of
/// Tokio's budget of 128, and its waker goes to the defer list (Tokio 1.44 and later), so the
/// task beside it gets polls in between. Same prints, times and poll order as Tokio 1.54.
#[test]
fn a_drained_channel_defers_its_consumer_when_the_budget_runs_out() {
    let src = "chan jobs: 300;
        task filler { for i in 0..300 { jobs.send(i).await; } }
        task greedy {
            sleep(1ms).await;
            let mut n = 0;
            while let Some(j) = jobs.recv().await {
                n = n + 1;
                if n % 50 == 0 { print(\"greedy {n}\"); }
            }
            print(\"greedy done\");
        }
        task reporter {
            sleep(1ms).await;
            for i in 0..4 { print(\"reporter {i}\"); yield_now().await; }
        }";
    let program = scenario::compile(src).expect("compiles");
    let run = scenario::run(&program, &RunOptions::default());
    let lab = vs_tokio::Observed::from_trace(&run.events);
    assert_eq!(
        compare(&program, &RunOptions::default()),
        Verdict::Agree {
            polls: lab.polls.len()
        }
    );
    let prints: Vec<&str> = lab.prints.iter().map(|p| p.2.as_str()).collect();
    // At 1 ms the channel holds all 300 (the filler was deferred after 128 sends, twice).
    // greedy receives 128 and is deferred; reporter prints and yields. The defer list is woken
    // last first: reporter, then greedy's next 128; then greedy (deferred last) before
    // reporter. Without the budget, reporter would print only after "greedy done".
    assert_eq!(
        prints,
        [
            "greedy 50",
            "greedy 100",
            "reporter 0",
            "reporter 1",
            "greedy 150",
            "greedy 200",
            "greedy 250",
            "greedy 300",
            "greedy done",
            "reporter 2",
            "reporter 3"
        ],
        "{prints:?}"
    );
    assert!(
        run.events.iter().any(|e| e.event.kind() == "deferred"),
        "the budget's yield is a deferred event in the trace"
    );
}

/// `join` is run as `tokio::join!` on Tokio: three receives from one channel, one value a
/// millisecond. `join!` starts each poll one future further on (`tokio/src/macros/join.rs`,
/// its `Rotator`), so the poll at 1ms starts at the second future, which takes 1; the one at
/// 2ms at the third (2); the one at 3ms at the first (3). Tokio's own answer, and the lab's.
/// And a receive kept across `select` rounds (`&mut r`, a pinned box polled in place on
/// Tokio) takes each value once, at the same times, where a receive in a restarted `join`
/// loses the value the dropped `join` held.
#[test]
fn join_rotates_and_a_kept_future_carries_on_as_on_tokio() {
    let prints = |src: &str| {
        let program = scenario::compile(src).unwrap_or_else(|e| panic!("{}", e.render("test")));
        let options = RunOptions::default();
        let lab = vs_tokio::Observed::from_trace(&scenario::run(&program, &options).events);
        assert_eq!(
            compare(&program, &options),
            Verdict::Agree {
                polls: lab.polls.len()
            }
        );
        let (tokio, _) = vs_tokio::run_tokio(&program, &options, lab.polls.len() as u64 + 1);
        tokio
            .prints
            .into_iter()
            .map(|(at, _, text)| format!("{text}@{at}"))
            .collect::<Vec<_>>()
    };
    let rotation = "chan c: 1;
        task feeder { for i in 1..4 { sleep(1ms).await; c.send(i).await; } }
        task main { let t = join(c.recv(), c.recv(), c.recv()).await; print(\"{t}\"); }";
    assert_eq!(prints(rotation), ["(Some(3), Some(1), Some(2))@3"]);
    let kept = |keep: bool| {
        let (before, branch) = if keep {
            ("let mut both = join(a.recv(), b.recv());", "&mut both")
        } else {
            ("", "join(a.recv(), b.recv())")
        };
        format!(
            "chan a: 1; chan b: 1;
             task fa {{ sleep(15ms).await; a.send(42).await; }}
             task fb {{ sleep(45ms).await; b.send(7).await; }}
             task main {{
                 {before}
                 loop {{
                     select {{
                         (x, y) = {branch} => {{ print(\"{{x}} {{y}}\"); break; }}
                         _ = sleep(10ms) => {{ }}
                     }}
                 }}
             }}"
        )
    };
    assert_eq!(prints(&kept(true)), ["Some(42) Some(7)@45"]);
    assert_eq!(prints(&kept(false)), ["None Some(7)@45"]);
}
