//! Several workers, on Tokio's `multi_thread` runtime: what must hold, over many runs.
//!
//! Tokio's `multi_thread` runtime cannot pause its clock and its worker threads race, so no
//! two runs are alike and none can be compared with the lab's step by step. What must hold
//! whatever the interleaving: every task prints its own lines in the same order, every task
//! ends the same way, and no task is lost. The lab's interpreter keeps its values in `Rc`s (it
//! is single-threaded on purpose), so it cannot run on worker threads that steal tasks from
//! each other; each multi-worker program the lab ships has a Tokio twin here instead, written
//! from its source. The source is pinned: when a program changes, its twin must be rewritten,
//! and this test says so.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vs_tokio::{End, Observed};

/// Runs per program.
const RUNS: usize = 20;

/// What a run printed, task by task (by name: several tasks may share one, their lines
/// together), and how many tasks ended, each way.
#[derive(Debug, Default, PartialEq, Eq)]
struct MustHold {
    prints: BTreeMap<String, Vec<String>>,
    completed: usize,
    cancelled: usize,
    unfinished: usize,
}

impl MustHold {
    fn of_lab(seen: &Observed) -> MustHold {
        let mut m = MustHold::default();
        for (_, task, text) in &seen.prints {
            m.prints
                .entry(seen.tasks[task].clone())
                .or_default()
                .push(text.clone());
        }
        for task in seen.tasks.keys() {
            match seen.ends.get(task) {
                Some((End::Completed, _)) => m.completed += 1,
                Some((End::Cancelled, _)) => m.cancelled += 1,
                None => m.unfinished += 1,
            }
        }
        m
    }
}

/// What a Tokio twin records.
#[derive(Clone, Default)]
struct Record(Arc<Mutex<MustHold>>);

impl Record {
    fn print(&self, task: &str, text: &str) {
        let mut m = self.0.lock().unwrap();
        m.prints
            .entry(task.to_string())
            .or_default()
            .push(text.to_string());
    }

    fn completed(&self) {
        self.0.lock().unwrap().completed += 1;
    }

    fn take(&self) -> MustHold {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// `work(d)`: the poll holds its worker thread for `d`.
fn work(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

/// Runs `twin` RUNS times on a 4-worker `multi_thread` runtime, each run with a fresh record;
/// returns each run's record.
fn on_tokio<F, Fut>(twin: F) -> Vec<MustHold>
where
    F: Fn(Record) -> Fut,
    Fut: core::future::Future<Output = ()> + Send + 'static,
{
    (0..RUNS)
        .map(|_| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(4)
                .enable_time()
                .build()
                .expect("a multi_thread runtime");
            let record = Record::default();
            runtime.block_on(twin(record.clone()));
            drop(runtime);
            record.take()
        })
        .collect()
}

/// Runs `source` in the lab, with `settings`, and checks that every Tokio run of its twin
/// prints the same lines task by task and ends every task the same way.
fn check(what: &str, source: &str, pinned: &str, settings: &str, runs: Vec<MustHold>) {
    assert_eq!(
        source.trim(),
        pinned.trim(),
        "{what} changed: rewrite its Tokio twin in this file, then pin the new source"
    );
    let program = scenario::compile(source).expect("compiles");
    let options = scenario::interp::RunOptions {
        overrides: classroom::parse_settings(settings).expect("settings"),
        ..Default::default()
    };
    let lab = MustHold::of_lab(&Observed::from_trace(
        &scenario::run(&program, &options).events,
    ));
    assert!(lab.completed > 0, "{what}: nothing ran in the lab");
    for (i, run) in runs.iter().enumerate() {
        assert_eq!(
            *run, lab,
            "{what}: Tokio's multi_thread run {i} differs from the lab on what must hold"
        );
    }
    println!(
        "{what}: {} runs on Tokio's multi_thread runtime (4 workers) print and end as in the \
         lab ({} tasks)",
        runs.len(),
        lab.completed
    );
}

/// Spawns a job (`work(4ms); print("job done")`) that completes.
fn job(record: &Record, print: bool) -> tokio::task::JoinHandle<()> {
    let r = record.clone();
    tokio::spawn(async move {
        work(4);
        if print {
            r.print("job", "job done");
        }
        r.completed();
    })
}

#[test]
fn the_work_stealing_preset() {
    let preset = scenario::presets::find("work_stealing").unwrap();
    let body = preset
        .source
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    check(
        "preset work_stealing",
        &body,
        "config { workers: 4; }

lazy task job {
    work(4ms);
}

task spawner {
    for i in 0..12 {
        spawn job;
    }
    print(\"spawned 12 jobs\");
}",
        "",
        on_tokio(|record| async move {
            let r = record.clone();
            let spawner = tokio::spawn(async move {
                let jobs: Vec<_> = (0..12).map(|_| job(&r, false)).collect();
                r.print("spawner", "spawned 12 jobs");
                r.completed();
                jobs
            });
            for j in spawner.await.unwrap() {
                j.await.unwrap();
            }
        }),
    );
}

#[test]
fn the_work_stealing_challenge() {
    let c = classroom::challenge::find("work-stealing").unwrap();
    let settings = c.settings_text();
    check(
        "challenge work-stealing (start)",
        &c.start,
        "task boss {
    for i in 0..12 {
        work(4ms);
        print(\"job done\");
    }
}",
        &settings,
        on_tokio(|record| async move {
            let r = record.clone();
            tokio::spawn(async move {
                for _ in 0..12 {
                    work(4);
                    r.print("boss", "job done");
                }
                r.completed();
            })
            .await
            .unwrap();
        }),
    );
    check(
        "challenge work-stealing (solution)",
        &c.solution,
        "lazy task job {
    work(4ms);
    print(\"job done\");
}

task boss {
    for i in 0..12 {
        spawn job;
    }
}",
        &settings,
        on_tokio(|record| async move {
            let r = record.clone();
            let boss = tokio::spawn(async move {
                let jobs: Vec<_> = (0..12).map(|_| job(&r, true)).collect();
                r.completed();
                jobs
            });
            for j in boss.await.unwrap() {
                j.await.unwrap();
            }
        }),
    );
}
