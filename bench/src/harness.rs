//! The native benchmark harness (see `main.rs`).

use alloc::collections::BTreeMap;
use bench::ours::TraceMemory::ReadBack;
use bench::ours::trace_off;
use bench::{Deadlines, Run, SELF_WAKE_POLLS, SELF_WAKE_TASKS, SPAWN_TASKS, TIMEOUTS, median};
use core::fmt::Write as _;
use core::hint::black_box;
use runtime_core::Config;
use std::time::Instant;

/// A trace buffer handed from run to run (see `bench::ours`).
type TraceBuffer = runtime_core::TraceBuffer;

/// One contender of a group: a label and the job it times.
struct Contender<'a> {
    label: &'static str,
    job: Box<dyn FnMut() -> Run + 'a>,
}

impl<'a> Contender<'a> {
    fn new(label: &'static str, job: impl FnMut() -> Run + 'a) -> Self {
        Contender {
            label,
            job: Box::new(job),
        }
    }
}

/// What the rounds of one contender measured.
#[derive(Clone, Debug)]
struct Measured {
    /// Nanoseconds of each timed round.
    ns: Vec<f64>,
    run: Run,
}

impl Measured {
    fn median(&self) -> f64 {
        median(&mut self.ns.clone())
    }
    fn min(&self) -> f64 {
        self.ns.iter().copied().fold(f64::INFINITY, f64::min)
    }
    fn max(&self) -> f64 {
        self.ns.iter().copied().fold(0.0, f64::max)
    }
}

/// Keeps a finished group, and says so on stderr (a full run takes minutes).
fn keep(groups: &mut Vec<Group>, started: Instant, group: Group) {
    eprintln!(
        "[{:6.1}s] {} done",
        started.elapsed().as_secs_f64(),
        group.key
    );
    groups.push(group);
}

/// Warms every contender up once, then runs `rounds` interleaved rounds.
fn interleave(
    rounds: usize,
    mut contenders: Vec<Contender<'_>>,
) -> BTreeMap<&'static str, Measured> {
    let k = contenders.len();
    let mut results: Vec<Measured> = Vec::new();
    for c in &mut contenders {
        let run = black_box((c.job)());
        results.push(Measured {
            ns: Vec::new(),
            run,
        });
    }
    for round in 0..rounds {
        for i in 0..k {
            let index = (round + i) % k;
            let c = &mut contenders[index];
            let start = Instant::now();
            let run = black_box((c.job)());
            let ns = start.elapsed().as_nanos() as f64;
            results[index].ns.push(ns);
            if run != results[index].run {
                eprintln!(
                    "warning: {} gave {run:?}, then {:?}",
                    c.label, results[index].run
                );
            }
        }
    }
    contenders.iter().map(|c| c.label).zip(results).collect()
}

/// A benchmark group's result: its key, how many units one run does, and each contender.
struct Group {
    key: String,
    title: String,
    units: f64,
    unit: &'static str,
    results: BTreeMap<&'static str, Measured>,
}

impl Group {
    fn new(
        key: impl Into<String>,
        title: impl Into<String>,
        units: f64,
        unit: &'static str,
        results: BTreeMap<&'static str, Measured>,
    ) -> Self {
        Group {
            key: key.into(),
            title: title.into(),
            units,
            unit,
            results,
        }
    }

    fn per_unit(&self, label: &str) -> Option<f64> {
        self.results.get(label).map(|m| m.median() / self.units)
    }
    /// The median over rounds of `a - b` (the two ran in the same round, so a slow spell of
    /// the machine hits both), per unit.
    fn paired_per_unit(&self, a: &str, b: &str) -> Option<f64> {
        let (a, b) = (self.results.get(a)?, self.results.get(b)?);
        let mut d: Vec<f64> = a.ns.iter().zip(&b.ns).map(|(x, y)| x - y).collect();
        Some(median(&mut d) / self.units)
    }
    fn events_per_unit(&self, label: &str) -> Option<f64> {
        self.results
            .get(label)
            .map(|m| m.run.events as f64 / self.units)
    }
}

struct Options {
    rounds: usize,
    only: Option<String>,
    quick: bool,
    wasm: Option<String>,
    profile: Option<String>,
    trace_off: bool,
    recycle: bool,
    runtime: String,
    repeat: usize,
    list: bool,
}

fn options() -> Options {
    let mut o = Options {
        rounds: 5,
        only: None,
        quick: false,
        wasm: None,
        profile: None,
        trace_off: false,
        recycle: false,
        runtime: String::from("ours"),
        repeat: 20,
        list: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--rounds" => {
                o.rounds = value("--rounds")
                    .parse()
                    .unwrap_or_else(|_| usage("bad --rounds"))
            }
            "--only" => o.only = Some(value("--only")),
            "--quick" => o.quick = true,
            "--wasm" => o.wasm = Some(value("--wasm")),
            "--profile" => o.profile = Some(value("--profile")),
            "--trace-off" => o.trace_off = true,
            "--recycle" => o.recycle = true,
            "--runtime" => o.runtime = value("--runtime"),
            "--repeat" => {
                o.repeat = value("--repeat")
                    .parse()
                    .unwrap_or_else(|_| usage("bad --repeat"))
            }
            "--list" => o.list = true,
            "--help" | "-h" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if o.quick {
        o.rounds = o.rounds.min(3);
    }
    o
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!(
        "usage: bench [--rounds N] [--only KEY] [--quick] [--wasm FILE] [--list]\n       \
         bench --profile KEY [--runtime ours|tokio|pool] [--trace-off] [--recycle] [--repeat N]"
    );
    std::process::exit(2)
}

/// The timer groups: (concurrent timers, batches per run).
const TIMER_SIZES: [(usize, usize, &str); 4] = [
    (1_000, 100, "1k"),
    (10_000, 10, "10k"),
    (100_000, 1, "100k"),
    (1_000_000, 1, "1M"),
];

fn trace_on() -> Config {
    Config::default()
}

pub(crate) fn main() {
    let o = options();
    let mut keys = vec![
        String::from("spawn-join"),
        String::from("self-wake"),
        String::from("yield"),
    ];
    for (_, _, size) in TIMER_SIZES {
        for d in [Deadlines::Equal, Deadlines::Random] {
            keys.push(format!("timers-{}-{size}", d.name()));
        }
    }
    keys.push(String::from("timeouts"));
    keys.push(String::from("scenario"));
    if o.list {
        for k in &keys {
            println!("{k}");
        }
        return;
    }
    if let Some(key) = &o.profile {
        profile(key, &o.runtime, o.trace_off, o.recycle, o.repeat);
        return;
    }
    let selected = |key: &str| o.only.as_deref().is_none_or(|only| key.contains(only));
    let on = trace_on();
    let off = trace_off();
    let started = Instant::now();
    let mut groups: Vec<Group> = Vec::new();

    if selected("spawn-join") {
        let n = SPAWN_TASKS;
        // The trace buffer handed from run to run by the "recycled" contender.
        let mut b1 = TraceBuffer::new();
        let results = interleave(
            o.rounds,
            vec![
                Contender::new("ours", || bench::ours::spawn_join(&on, n, None)),
                Contender::new("ours-recycled", move || {
                    bench::ours::spawn_join(&trace_on(), n, Some(&mut b1))
                }),
                Contender::new("ours-read", || bench::ours::spawn_join(&on, n, ReadBack)),
                Contender::new("ours-off", || bench::ours::spawn_join(&off, n, None)),
                Contender::new("tokio", || bench::tokio_rt::spawn_join(n)),
                Contender::new("pool", || bench::pool::spawn_join(n)),
            ],
        );
        let title = "spawn + join, 100k trivial tasks";
        let group = Group::new("spawn-join", title, n as f64, "task", results);
        keep(&mut groups, started, group);
    }

    if selected("self-wake") {
        let (t, p) = (SELF_WAKE_TASKS, SELF_WAKE_POLLS);
        // The trace buffer handed from run to run by the "recycled" contender.
        let mut b1 = TraceBuffer::new();
        let results = interleave(
            o.rounds,
            vec![
                Contender::new("ours", || bench::ours::self_wake(&on, t, p, None)),
                Contender::new("ours-recycled", move || {
                    bench::ours::self_wake(&trace_on(), t, p, Some(&mut b1))
                }),
                Contender::new("ours-read", || bench::ours::self_wake(&on, t, p, ReadBack)),
                Contender::new("ours-off", || bench::ours::self_wake(&off, t, p, None)),
                Contender::new("tokio", || bench::tokio_rt::self_wake(t, p)),
                Contender::new("pool", || bench::pool::self_wake(t, p)),
            ],
        );
        let title = "self-wake polls, 10 tasks x 100k";
        let group = Group::new("self-wake", title, (t * p) as f64, "poll", results);
        keep(&mut groups, started, group);
    }

    if selected("yield") {
        let (t, p) = (SELF_WAKE_TASKS, SELF_WAKE_POLLS);
        let mut b1 = TraceBuffer::new();
        let results = interleave(
            o.rounds,
            vec![
                Contender::new("ours", || bench::ours::yields(&on, t, p, None)),
                Contender::new("ours-recycled", move || {
                    bench::ours::yields(&trace_on(), t, p, Some(&mut b1))
                }),
                Contender::new("ours-off", || bench::ours::yields(&off, t, p, None)),
                Contender::new("tokio", || bench::tokio_rt::yields(t, p)),
            ],
        );
        let title = "yield_now polls (deferred), 10 tasks x 100k";
        let group = Group::new("yield", title, (t * p) as f64, "poll", results);
        keep(&mut groups, started, group);
    }

    for (n, batches, size) in TIMER_SIZES {
        if o.quick && n >= 1_000_000 {
            continue;
        }
        for d in [Deadlines::Equal, Deadlines::Random] {
            let key = format!("timers-{}-{size}", d.name());
            if !selected(&key) {
                continue;
            }
            let rounds = if n >= 1_000_000 {
                o.rounds.min(3)
            } else {
                o.rounds
            };
            // Trace buffers handed from run to run by the "recycled" contenders.
            let (mut b1, mut b2) = (TraceBuffer::new(), TraceBuffer::new());
            let results = interleave(
                rounds,
                vec![
                    Contender::new("ours", move || {
                        bench::ours::timers(&trace_on(), n, batches, d, true, None)
                    }),
                    Contender::new("ours-recycled", move || {
                        bench::ours::timers(&trace_on(), n, batches, d, true, Some(&mut b1))
                    }),
                    Contender::new("ours-off", move || {
                        bench::ours::timers(&trace_off(), n, batches, d, true, None)
                    }),
                    Contender::new("ours-base", move || {
                        bench::ours::timers(&trace_on(), n, batches, d, false, None)
                    }),
                    Contender::new("ours-recycled-base", move || {
                        bench::ours::timers(&trace_on(), n, batches, d, false, Some(&mut b2))
                    }),
                    Contender::new("tokio", move || {
                        bench::tokio_rt::timers(n, batches, d, true)
                    }),
                    Contender::new("tokio-base", move || {
                        bench::tokio_rt::timers(n, batches, d, false)
                    }),
                ],
            );
            check_same(&key, &results, "ours", "tokio");
            let title = if batches > 1 {
                format!(
                    "timers, {} deadlines, {size} at once x {batches} batches",
                    d.name()
                )
            } else {
                format!("timers, {} deadlines, {size} at once", d.name())
            };
            let units = (n * batches) as f64;
            let group = Group::new(key, title, units, "timer", results);
            keep(&mut groups, started, group);
        }
    }

    if selected("timeouts") {
        let n = TIMEOUTS;
        // The trace buffer handed from run to run by the "recycled" contender.
        let mut b1 = TraceBuffer::new();
        let results = interleave(
            o.rounds,
            vec![
                Contender::new("ours", || bench::ours::timeouts(&on, n, None)),
                Contender::new("ours-recycled", move || {
                    bench::ours::timeouts(&trace_on(), n, Some(&mut b1))
                }),
                Contender::new("ours-off", || bench::ours::timeouts(&off, n, None)),
                Contender::new("tokio", || bench::tokio_rt::timeouts(n)),
            ],
        );
        let title = "timeouts registered then cancelled, 100k";
        let group = Group::new("timeouts", title, n as f64, "timeout", results);
        keep(&mut groups, started, group);
    }

    if selected("scenario") {
        let program = bench::scenario_run::compile();
        let (locals, plain) = (
            bench::scenario_run::options(true),
            bench::scenario_run::options(false),
        );
        let results = interleave(
            o.rounds,
            vec![
                Contender::new("scn-locals", || {
                    bench::scenario_run::compile_and_run(&locals)
                }),
                Contender::new("scn-locals-run", || {
                    bench::scenario_run::run(&program, &locals)
                }),
                Contender::new("scn-plain", || bench::scenario_run::compile_and_run(&plain)),
                Contender::new("scn-plain-run", || {
                    bench::scenario_run::run(&program, &plain)
                }),
            ],
        );
        let title = "scenario interpreter, 1M-event program";
        let group = Group::new("scenario", title, 1.0, "run", results);
        keep(&mut groups, started, group);
    }

    let wasm = o.wasm.as_deref().map(read_wasm);
    print!(
        "{}",
        report(
            &groups,
            wasm.as_ref(),
            o.rounds,
            started.elapsed().as_secs_f64()
        )
    );
}

/// Warns when two runtimes' runs disagree on what the workload computed (for timers: the
/// virtual time at the end, which is the same only if every timer fired at its deadline).
fn check_same(key: &str, results: &BTreeMap<&'static str, Measured>, a: &str, b: &str) {
    if let (Some(x), Some(y)) = (results.get(a), results.get(b))
        && x.run.check != y.run.check
    {
        eprintln!(
            "warning: {key}: {a} computed {} but {b} computed {}",
            x.run.check, y.run.check
        );
    }
}

/// Runs runtime-core's side of one group `repeat` times (for `perf record`).
fn profile(key: &str, runtime: &str, trace_off: bool, recycle: bool, repeat: usize) {
    let config = if trace_off {
        self::trace_off()
    } else {
        trace_on()
    };
    let unknown = || -> ! { usage(&format!("no {runtime} job for {key} (see --list)")) };
    let start = Instant::now();
    let mut events = 0;
    let mut buffer = TraceBuffer::new();
    for _ in 0..repeat {
        let b = recycle.then_some(&mut buffer);
        let run = match (runtime, key) {
            ("ours", "spawn-join") => bench::ours::spawn_join(&config, SPAWN_TASKS, b),
            ("ours", "self-wake") => {
                bench::ours::self_wake(&config, SELF_WAKE_TASKS, SELF_WAKE_POLLS, b)
            }
            ("ours", "timeouts") => bench::ours::timeouts(&config, TIMEOUTS, b),
            ("ours", "yield") => bench::ours::yields(&config, SELF_WAKE_TASKS, SELF_WAKE_POLLS, b),
            ("tokio", "yield") => bench::tokio_rt::yields(SELF_WAKE_TASKS, SELF_WAKE_POLLS),
            ("tokio", "spawn-join") => bench::tokio_rt::spawn_join(SPAWN_TASKS),
            ("tokio", "self-wake") => bench::tokio_rt::self_wake(SELF_WAKE_TASKS, SELF_WAKE_POLLS),
            ("tokio", "timeouts") => bench::tokio_rt::timeouts(TIMEOUTS),
            ("pool", "spawn-join") => bench::pool::spawn_join(SPAWN_TASKS),
            ("pool", "self-wake") => bench::pool::self_wake(SELF_WAKE_TASKS, SELF_WAKE_POLLS),
            ("ours", "scenario") => {
                bench::scenario_run::compile_and_run(&bench::scenario_run::options(!trace_off))
            }
            (runtime, key) => {
                let Some((n, batches, d)) = timer_key(key) else {
                    unknown()
                };
                match runtime {
                    "ours" => bench::ours::timers(&config, n, batches, d, true, b),
                    "tokio" => bench::tokio_rt::timers(n, batches, d, true),
                    _ => unknown(),
                }
            }
        };
        events += black_box(run).events;
    }
    eprintln!(
        "{runtime} {key}: {repeat} runs in {:.2} s, {events} events",
        start.elapsed().as_secs_f64(),
    );
}

fn timer_key(key: &str) -> Option<(usize, usize, Deadlines)> {
    let rest = key.strip_prefix("timers-")?;
    let (d, size) = rest.split_once('-')?;
    let d = match d {
        "equal" => Deadlines::Equal,
        "random" => Deadlines::Random,
        _ => return None,
    };
    TIMER_SIZES
        .iter()
        .find(|t| t.2 == size)
        .map(|&(n, b, _)| (n, b, d))
}

/// Browser results: lines `wasm-bench KEY NS_PER_UNIT` anywhere in the file.
fn read_wasm(path: &str) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| usage(&format!("{path}: {e}")));
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.split("wasm-bench ").nth(1) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        if let (Some(key), Some(value)) = (words.next(), words.next())
            && let Ok(v) = value.parse::<f64>()
        {
            out.insert(key.to_string(), v);
        }
    }
    if out.is_empty() {
        eprintln!("warning: no `wasm-bench` lines in {path}");
    }
    out
}

fn ns(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 100.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => String::from("—"),
    }
}

/// `yes`, or `NO` and by how much the value misses its bound (`<=` goals).
fn verdict(value: f64, bound: f64) -> String {
    if value <= bound {
        String::from("yes")
    } else {
        format!("**NO** ({:.1}x over)", value / bound)
    }
}

fn report(
    groups: &[Group],
    wasm: Option<&BTreeMap<String, f64>>,
    rounds: usize,
    secs: f64,
) -> String {
    let mut s = String::new();
    let find = |key: &str| groups.iter().find(|g| g.key == key);
    let _ = writeln!(
        s,
        "Median of {rounds} interleaved rounds (3 for 1M timers), after one warm-up run each; \
         ours = runtime-core with `Config::default()` (trace on). {secs:.0} s in all.\n"
    );
    let _ = writeln!(
        s,
        "| benchmark | ours ns/unit | tokio ns/unit | futures LocalPool ns/unit | ratio ours/tokio | goal | met? |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|---|");

    let row = |s: &mut String,
               name: &str,
               ours: Option<f64>,
               tokio: Option<f64>,
               pool: Option<f64>,
               goal: Option<f64>| {
        let ratio = ours.zip(tokio).map(|(a, b)| a / b);
        let (goal_text, met) = match (goal, ratio) {
            (Some(g), Some(r)) => (format!("ratio <= {g}"), verdict(r, g)),
            _ => (String::from("—"), String::from("—")),
        };
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {goal_text} | {met} |",
            ns(ours),
            ns(tokio),
            ns(pool),
            ratio.map_or_else(|| String::from("—"), |r| format!("{r:.2}")),
        );
    };

    // Each ratio twice: a fresh runtime recording into fresh memory (as a program run once),
    // then the same with its trace buffer recycled from the previous run (as a program run
    // again and again; `Runtime::with_trace_buffer`).
    const RECYCLED: &str = " (recycled trace buffer)";
    if let Some(g) = find("spawn-join") {
        for (label, suffix) in [("ours", ""), ("ours-recycled", RECYCLED)] {
            row(
                &mut s,
                &format!("spawn + join, 100k trivial tasks (per task){suffix}"),
                g.per_unit(label),
                g.per_unit("tokio"),
                g.per_unit("pool"),
                Some(1.0),
            );
        }
    }
    if let Some(g) = find("self-wake") {
        for (label, suffix) in [("ours", ""), ("ours-recycled", RECYCLED)] {
            row(
                &mut s,
                &format!("self-wake poll, 10 tasks x 100k (per poll){suffix}"),
                g.per_unit(label),
                g.per_unit("tokio"),
                g.per_unit("pool"),
                Some(1.0),
            );
        }
    }
    if let Some(g) = find("yield") {
        for (label, suffix) in [("ours", ""), ("ours-recycled", RECYCLED)] {
            row(
                &mut s,
                &format!("yield_now poll, deferred, 10 tasks x 100k (per poll){suffix}"),
                g.per_unit(label),
                g.per_unit("tokio"),
                None,
                Some(1.0),
            );
        }
    }
    // Timers: the cost of the timer itself (insert, fire, the wake and the extra poll it
    // causes) is the run with sleeps minus the same run whose tasks finish at once (median of
    // the per-round differences).
    let net = |g: &Group, with: &str, base: &str| g.paired_per_unit(with, base);
    for (_, _, size) in TIMER_SIZES {
        for d in [Deadlines::Equal, Deadlines::Random] {
            if let Some(g) = find(&format!("timers-{}-{size}", d.name())) {
                for (with, base, suffix) in [
                    ("ours", "ours-base", ""),
                    ("ours-recycled", "ours-recycled-base", RECYCLED),
                ] {
                    let name = format!(
                        "timer insert+fire, {} (per timer, net of spawn){suffix}",
                        g.title
                    );
                    row(
                        &mut s,
                        &name,
                        net(g, with, base),
                        net(g, "tokio", "tokio-base"),
                        None,
                        Some(1.0),
                    );
                }
            }
        }
    }
    if let Some(g) = find("timeouts") {
        for (label, suffix) in [("ours", ""), ("ours-recycled", RECYCLED)] {
            row(
                &mut s,
                &format!("timeout registered then cancelled, 100k (per timeout){suffix}"),
                g.per_unit(label),
                g.per_unit("tokio"),
                None,
                Some(1.0),
            );
        }
    }
    // Scaling: the per-timer cost at 1M over that at 1k, equal deadlines.
    if let (Some(big), Some(small)) = (find("timers-equal-1M"), find("timers-equal-1k")) {
        let scale = |with: &str, base: &str| Some(net(big, with, base)? / net(small, with, base)?);
        let (ours, tokio) = (scale("ours", "ours-base"), scale("tokio", "tokio-base"));
        let gross = |label: &str| Some(big.per_unit(label)? / small.per_unit(label)?);
        let _ = writeln!(
            s,
            "| per-timer cost at 1M / at 1k, equal deadlines (net; gross in brackets) | {} ({}) | {} ({}) | — | — | ours <= 1.5x | {} |",
            fmt_x(ours),
            fmt_x(gross("ours")),
            fmt_x(tokio),
            fmt_x(gross("tokio")),
            ours.map_or_else(|| String::from("—"), |r| verdict(r, 1.5)),
        );
    }
    // Trace cost: (trace on - trace off) / events recorded, per workload; with fresh memory,
    // then with the recycled buffer.
    for (label, suffix) in [("ours", ""), ("ours-recycled", RECYCLED)] {
        for g in groups {
            if let (Some(on), Some(diff)) =
                (g.results.get(label), g.paired_per_unit(label, "ours-off"))
            {
                let per_event = diff * g.units / on.run.events as f64;
                let _ = writeln!(
                    s,
                    "| trace cost per event, {} ({:.1} events/{}){suffix} | {per_event:.1} | — | — | — | — (retired: 5 ns/event) | — |",
                    g.title,
                    on.run.events as f64 / g.units,
                    g.unit,
                );
            }
        }
    }
    // Reading the trace back: the runtime records packed words; showing a run decodes them into
    // `EventRecord`s (`Runtime::take_trace`). Not part of the goal (the trace's cost to the
    // runtime), measured so that it is not hidden: (fresh + read back - fresh) / events.
    for g in groups {
        if let (Some(on), Some(diff)) = (
            g.results.get("ours"),
            g.paired_per_unit("ours-read", "ours"),
        ) {
            let _ = writeln!(
                s,
                "| reading the trace back as records, {} | {:.1} ns/event | — | — | — | — (not a goal) | — |",
                g.title,
                diff * g.units / on.run.events as f64,
            );
        }
    }
    if let Some(g) = find("self-wake")
        && let Some(on) = g.results.get("ours")
    {
        let rate = on.run.events as f64 / (on.median() * 1e-9);
        let _ = writeln!(
            s,
            "| events per second, self-wake, trace on | {:.1} M/s | — | — | — | — | — |",
            rate / 1e6
        );
    }
    if let Some(g) = find("self-wake")
        && let Some(on) = g.results.get("ours-recycled")
    {
        let rate = on.run.events as f64 / (on.median() * 1e-9);
        let _ = writeln!(
            s,
            "| events per second, self-wake, trace on{RECYCLED} | {:.1} M/s | — | — | — | — | — |",
            rate / 1e6
        );
    }
    // The scenario interpreter: events per second of a ~1M-event program, natively and (from
    // the browser run) in wasm32.
    if let Some(g) = find("scenario") {
        for (label, what) in SCENARIO_LABELS {
            let Some(m) = g.results.get(label) else {
                continue;
            };
            let rate = m.run.events as f64 / (m.median() * 1e-9);
            let _ = writeln!(
                s,
                "| scenario interpreter, events per second, natively: {what} ({} events) | {:.2} M/s | — | — | — | >= 2 M/s | {} |",
                m.run.events,
                rate / 1e6,
                at_least(rate, 2e6),
            );
        }
    }
    if let Some(wasm) = wasm {
        for (label, what) in SCENARIO_LABELS {
            if let Some(&rate) = wasm.get(&format!("{label}-events-per-s")) {
                let _ = writeln!(
                    s,
                    "| scenario interpreter, events per second, wasm32 in headless Chromium: {what} | {:.2} M/s | — | — | — | >= 1 M/s | {} |",
                    rate / 1e6,
                    at_least(rate, 1e6),
                );
            }
        }
    }
    if let Some(wasm) = wasm {
        for (key, title) in [
            ("self-wake", "self-wake poll"),
            ("spawn-join", "spawn + join"),
        ] {
            let native = find(key).and_then(|g| g.per_unit("ours"));
            let browser = wasm.get(&format!("ours-{key}")).copied();
            let ratio = native.zip(browser).map(|(n, w)| w / n);
            let _ = writeln!(
                s,
                "| {title}, wasm32 in headless Chromium: ours column is wasm ns/unit, ratio column is wasm/native | {} | — | {} | {} | wasm/native <= 2 | {} |",
                ns(browser),
                ns(wasm.get(&format!("pool-{key}")).copied()),
                ratio.map_or_else(|| String::from("—"), |r| format!("{r:.2} (wasm/native)")),
                ratio.map_or_else(|| String::from("—"), |r| verdict(r, 2.0)),
            );
        }
    }

    // Every contender's median, spread and events, for whoever wants to check the arithmetic.
    let _ = writeln!(
        s,
        "\nDetails (ns per unit: median, and min–max over the rounds; events per unit for runtime-core):\n"
    );
    let _ = writeln!(s, "| group | contender | median | min–max | events/unit |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|");
    for g in groups {
        for (label, m) in &g.results {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {}–{} | {} |",
                g.title,
                describe(label),
                ns(Some(m.median() / g.units)),
                ns(Some(m.min() / g.units)),
                ns(Some(m.max() / g.units)),
                g.events_per_unit(label)
                    .filter(|&e| e > 0.0)
                    .map_or_else(|| String::from("—"), |e| format!("{e:.1}")),
            );
        }
    }
    if let Some(wasm) = wasm {
        let _ = writeln!(
            s,
            "\nBrowser (wasm32, release build, headless Chromium, `performance.now()`) beside the \
             native medians above, ns per unit:\n"
        );
        let _ = writeln!(
            s,
            "| workload | contender | wasm32 | native | wasm/native |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|");
        for (key, title) in [
            ("self-wake", "self-wake poll"),
            ("spawn-join", "spawn + join"),
        ] {
            for label in ["ours", "ours-recycled", "ours-off", "pool"] {
                let browser = wasm.get(&format!("{label}-{key}")).copied();
                let native = find(key).and_then(|g| g.per_unit(label));
                let _ = writeln!(
                    s,
                    "| {title} | {} | {} | {} | {} |",
                    describe(label),
                    ns(browser),
                    ns(native),
                    browser
                        .zip(native)
                        .map_or_else(|| String::from("—"), |(w, n)| format!("{:.2}", w / n)),
                );
            }
        }
    }
    s
}

fn fmt_x(v: Option<f64>) -> String {
    v.map_or_else(|| String::from("—"), |v| format!("{v:.2}x"))
}

/// The scenario contenders and what each measures.
const SCENARIO_LABELS: [(&str, &str); 4] = [
    ("scn-locals", "compile + run, record_locals on (as the UI)"),
    ("scn-locals-run", "run only, record_locals on"),
    ("scn-plain", "compile + run, record_locals off"),
    ("scn-plain-run", "run only, record_locals off"),
];

/// `yes`, or `NO` and by how much the value falls short (`>=` goals).
fn at_least(value: f64, bound: f64) -> String {
    if value >= bound {
        String::from("yes")
    } else {
        format!("**NO** ({:.1}x short)", bound / value)
    }
}

fn describe(label: &str) -> &'static str {
    match label {
        "ours" => "runtime-core, trace on",
        "ours-recycled" => "runtime-core, trace on, recycled trace buffer",
        "ours-off" => "runtime-core, trace off",
        "ours-read" => "runtime-core, trace on, then read back as records",
        "ours-base" => "runtime-core, trace on, baseline (tasks finish at once)",
        "ours-recycled-base" => {
            "runtime-core, trace on, recycled trace buffer, baseline (tasks finish at once)"
        }
        "scn-locals" => "scenario, compile + run, record_locals on",
        "scn-locals-run" => "scenario, run only, record_locals on",
        "scn-plain" => "scenario, compile + run, record_locals off",
        "scn-plain-run" => "scenario, run only, record_locals off",
        "tokio" => "tokio current_thread",
        "tokio-base" => "tokio, baseline (tasks finish at once)",
        "pool" => "futures LocalPool",
        _ => "?",
    }
}
