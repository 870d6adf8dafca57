//! What the grading worker does with a request: a thin layer over the `exercises` crate's
//! grading API (kept here, not in the worker's `main`, so it is tested natively).

use crate::protocol::{CheckInfo, CheckResult, ExerciseInfo, MorningStep, Reply, Request, Which};

fn which(w: Which) -> exercises::Which {
    match w {
        Which::Learner => exercises::Which::Learner,
        Which::Solution => exercises::Which::Solution,
    }
}

fn morning_step(step: &exercises::MorningStep) -> MorningStep {
    let minutes = step.minutes;
    match step.item {
        exercises::MorningItem::Exercise(name) => MorningStep::Exercise {
            name: name.into(),
            minutes,
        },
        exercises::MorningItem::Walkthrough(id) => MorningStep::Walkthrough {
            id: id.into(),
            minutes,
        },
        exercises::MorningItem::Reading { name, title, html } => MorningStep::Reading {
            name: name.into(),
            title: title.into(),
            html: html.into(),
            minutes,
        },
    }
}

/// Serves one request.
pub fn serve(request: Request) -> Reply {
    match request {
        Request::Catalogue { id } => Reply::Catalogue {
            id,
            exercises: exercises::catalogue()
                .iter()
                .map(|e| ExerciseInfo {
                    name: e.name.into(),
                    order: e.order,
                    title: e.title.into(),
                    points: e.points,
                    minutes: e.minutes,
                    file: e.file.into(),
                    lesson_html: e.lesson_html.into(),
                    hints: e.hints.iter().map(|h| (*h).to_string()).collect(),
                    checks: e
                        .checks
                        .iter()
                        .map(|c| CheckInfo {
                            name: c.name.into(),
                            points: c.points,
                        })
                        .collect(),
                })
                .collect(),
            morning: exercises::morning().iter().map(morning_step).collect(),
        },
        Request::Check {
            id,
            exercise,
            index,
            which: w,
        } => match exercises::grade_check(&exercise, index, which(w)) {
            Ok(r) => Reply::Check {
                id,
                result: CheckResult {
                    name: r.name,
                    passed: r.passed,
                    points: r.points,
                    message: r.message,
                },
            },
            Err(e) => Reply::Error {
                id,
                message: e.to_string(),
            },
        },
        Request::Demo {
            id,
            exercise,
            which: w,
        } => Reply::Demo {
            id,
            events: exercises::demo_trace(&exercise, which(w)),
        },
    }
}

/// What a learner reads when their code panics (the same words as in the terminal:
/// `exercises::describe_panic`).
pub fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let place = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()));
    exercises::describe_panic(info.payload(), place)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reports a `todo!()` in the same words as the terminal, message and all
    /// (it once kept only the message's first word: "(write)" for "(write poll)").
    #[test]
    #[allow(clippy::todo)] // the point of the test
    fn a_todo_reads_as_in_the_terminal() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let previous = std::panic::take_hook();
        {
            let seen = seen.clone();
            std::panic::set_hook(Box::new(move |info| {
                *seen.lock().unwrap() = panic_message(info);
            }));
        }
        let result = std::panic::catch_unwind(|| -> u32 { todo!("write poll") });
        std::panic::set_hook(previous);
        assert!(result.is_err());
        let message = seen.lock().unwrap().clone();
        assert!(
            message.starts_with("not written yet: reached `todo!()` (write poll) at "),
            "{message}"
        );
        assert!(message.contains("worker.rs"), "{message}");
    }

    #[test]
    fn the_worker_grades_the_learner_and_the_solution() {
        let Reply::Catalogue {
            exercises: list, ..
        } = serve(Request::Catalogue { id: 1 })
        else {
            panic!()
        };
        assert!(list.len() >= 16);
        // Every exercise sends its whole ladder, one hint per rung the page labels.
        assert_eq!(exercises::HINT_RUNGS, crate::protocol::HINT_RUNGS);
        assert!(
            list.iter()
                .all(|e| e.hints.len() == crate::protocol::HINT_RUNGS.len())
        );
        let first = &list[0];
        assert!(
            !first.hints.is_empty()
                && !first.checks.is_empty()
                && first.lesson_html.starts_with("<h3>")
        );
        let grade = |w| {
            (0..first.checks.len())
                .map(|index| {
                    match serve(Request::Check {
                        id: 2,
                        exercise: first.name.clone(),
                        index,
                        which: w,
                    }) {
                        Reply::Check { result, .. } => result.passed,
                        other => panic!("{other:?}"),
                    }
                })
                .collect::<Vec<_>>()
        };
        assert!(
            grade(Which::Solution).iter().all(|p| *p),
            "the solution passes"
        );
        assert!(
            grade(Which::Learner).iter().any(|p| !*p),
            "the shipped file fails a check"
        );
        let Reply::Demo { events, .. } = serve(Request::Demo {
            id: 3,
            exercise: first.name.clone(),
            which: Which::Solution,
        }) else {
            panic!()
        };
        assert!(!events.unwrap().is_empty());
        assert!(matches!(
            serve(Request::Check {
                id: 4,
                exercise: "nope".into(),
                index: 0,
                which: Which::Learner
            }),
            Reply::Error { .. }
        ));
    }
}
