//! Spawning past the task limit: `try_spawn` says why (`SpawnError`), the run stops with the
//! limit recorded, and `spawn` panics as `tokio::spawn` does outside a runtime. No handle with
//! a made-up task id is ever given out.

use runtime_core::trace::{Event, Limit};
use runtime_core::{Config, Limits, RunOutcome, Runtime, SpawnError, TaskId};

fn limited(max_tasks: u32) -> Runtime {
    let config = Config {
        limits: Limits {
            max_tasks,
            ..Limits::default()
        },
        ..Config::default()
    };
    Runtime::new(config).expect("valid config")
}

#[test]
fn try_spawn_past_the_limit_is_an_error_and_stops_the_run() {
    let mut rt = limited(2);
    let h = rt.handle().clone();
    let a = h.try_spawn("a", async {}).expect("under the limit");
    let b = h.try_spawn("b", async {}).expect("under the limit");
    assert_eq!((a.id(), b.id()), (TaskId(0), TaskId(1)));
    assert_eq!(
        h.try_spawn("c", async {}).map(|j| j.id()),
        Err(SpawnError { max_tasks: 2 })
    );
    assert_eq!(
        SpawnError { max_tasks: 2 }.to_string(),
        "the task limit (2) was reached"
    );
    let limits: Vec<_> = rt
        .events()
        .into_iter()
        .filter_map(|r| match r.event {
            Event::LimitReached { limit, value } => Some((limit, value)),
            _ => None,
        })
        .collect();
    assert_eq!(limits, [(Limit::Tasks, 2)], "recorded once");
    assert_eq!(rt.run(), RunOutcome::Limit(Limit::Tasks));
}

#[test]
fn a_refused_future_is_dropped_at_once() {
    let mut rt = limited(1);
    let h = rt.handle().clone();
    h.try_spawn("a", async {}).expect("under the limit");
    let dropped = std::rc::Rc::new(std::cell::Cell::new(false));
    struct Flag(std::rc::Rc<std::cell::Cell<bool>>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let flag = Flag(dropped.clone());
    let refused = h.try_spawn("b", async move {
        let _keep = flag;
    });
    assert!(refused.is_err());
    assert!(dropped.get(), "the refused future was dropped, not leaked");
    let _ = rt.run();
}

#[test]
#[should_panic(expected = "the task limit (1) was reached")]
fn spawn_past_the_limit_panics() {
    let rt = limited(1);
    rt.spawn("a", async {});
    rt.spawn("b", async {});
}
