//! The lab's phrasebook: how the page, the event explanations, the predictions and the goals
//! say the same things, written once. Durations for people, plurals, where a queued task
//! goes, who holds a waker, who woke a task.
//!
//! Two registers are kept apart on purpose. These are the words of sentences a learner reads
//! ("it goes to the back of worker 1's local queue"); the trace's own short forms
//! (`local:1`, `recv:jobs`, `defer:0`) are field values of its text and JSON lines, part of
//! their contract, and live with them in `runtime_core::trace::text`. Durations as a program
//! writes them (`1500us`) are the language's: `scenario::words`.

use alloc::format;
use alloc::string::String;
use runtime_core::trace::text::Names;
use runtime_core::trace::{Holder, QueueRef, WakeSource};
use runtime_core::{TaskId, WorkerId};

pub use scenario::words::{duration_code, parse_duration, plural};

/// A duration for people, as Rust's `Duration` prints it: `0ms`, `20ms`, `1.5ms`, `250µs`,
/// `2s`.
pub fn duration(us: u64) -> String {
    if us == 0 {
        String::from("0ms")
    } else if us.is_multiple_of(1_000_000) {
        format!("{}s", us / 1_000_000)
    } else if us >= 1_000 {
        let fraction = format!("{:03}", us % 1_000);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            format!("{}ms", us / 1_000)
        } else {
            format!("{}.{fraction}ms", us / 1_000)
        }
    } else {
        format!("{us}µs")
    }
}

/// A queue's name: `the ready queue` (one worker), `worker 1's local queue`, `the LIFO slot`
/// (one worker), `worker 1's LIFO slot`, `the inject queue`.
pub fn queue(q: QueueRef, workers: usize) -> String {
    let single = workers <= 1;
    match q {
        QueueRef::Local(_) if single => String::from("the ready queue"),
        QueueRef::Local(w) => format!("worker {}'s local queue", w.0),
        QueueRef::Lifo(_) if single => String::from("the LIFO slot"),
        QueueRef::Lifo(w) => format!("worker {}'s LIFO slot", w.0),
        QueueRef::Inject => String::from("the inject queue"),
    }
}

/// Where a task being queued goes, to end "it goes …": `to the back of the ready queue`,
/// `into worker 0's LIFO slot, to be polled next`, `to the back of the inject queue`.
pub fn goes_to(q: QueueRef, workers: usize) -> String {
    match q {
        QueueRef::Lifo(_) => format!("into {}, to be polled next", queue(q, workers)),
        _ => format!("to the back of {}", queue(q, workers)),
    }
}

/// Where a worker takes a task from to poll it, to end "takes it from …": `the front of the
/// ready queue` (one worker), `the front of its local queue` (the polling worker's own),
/// `the front of worker 1's local queue`, `its LIFO slot`, `the inject queue`.
pub fn taken_from(q: QueueRef, worker: WorkerId, workers: usize) -> String {
    match q {
        QueueRef::Lifo(_) => String::from("its LIFO slot"),
        QueueRef::Inject => queue(q, workers),
        QueueRef::Local(w) if workers > 1 && w == worker => {
            String::from("the front of its local queue")
        }
        QueueRef::Local(_) => format!("the front of {}", queue(q, workers)),
    }
}

/// Who holds a waker: `timer 3`, ``channel `jobs` (waiting to receive)``, `worker 0's defer
/// list`.
pub fn holder(names: &Names, h: Holder) -> String {
    match h {
        Holder::Timer(t) => format!("timer {}", t.0),
        Holder::ChannelRecv(c) => format!("channel `{}` (waiting to receive)", names.channel(c)),
        Holder::ChannelSend(c) => {
            format!("channel `{}` (waiting for room to send)", names.channel(c))
        }
        Holder::Io(s) => format!("the reactor, for socket `{}`", names.socket(s)),
        Holder::Join(t) => format!("the JoinHandle of `{}`", names.task(t)),
        Holder::Pending => String::from("pending(), which never wakes it"),
        Holder::Task(t) => format!("a future inside `{}`", names.task(t)),
        Holder::Outside => String::from("code outside the runtime"),
        Holder::Defer(w) => format!("worker {}'s defer list", w.0),
    }
}

/// Who woke `task`, to end "its waker is woken …": `by the timer driver (its timer fired)`,
/// `from inside its own poll`, ``by `producer`, during its poll``.
pub fn woken_by(names: &Names, task: TaskId, source: WakeSource) -> String {
    match source {
        WakeSource::Timer(_) => String::from("by the timer driver (its timer fired)"),
        WakeSource::Io(s) => format!(
            "by the reactor (socket `{}` became readable)",
            names.socket(s)
        ),
        WakeSource::Channel(c) => format!("by channel `{}`", names.channel(c)),
        WakeSource::Task(t) if t == task => String::from("from inside its own poll"),
        WakeSource::Task(t) => format!("by `{}`, during its poll", names.task(t)),
        WakeSource::Outside => String::from("from outside the runtime"),
        WakeSource::Defer(_) => String::from(
            "from the defer list, after the drivers turned (it had yielded or run out of budget)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runtime_core::WorkerId;

    #[test]
    fn durations_for_people() {
        for (us, text) in [
            (0, "0ms"),
            (20_000, "20ms"),
            (1_500, "1.5ms"),
            (1_050, "1.05ms"),
            (250, "250µs"),
            (2_000_000, "2s"),
            (2_500_000, "2500ms"),
        ] {
            assert_eq!(duration(us), text);
        }
    }

    #[test]
    fn queues_are_named_by_how_many_workers_there_are() {
        let w1 = WorkerId(1);
        assert_eq!(
            goes_to(QueueRef::Local(WorkerId(0)), 1),
            "to the back of the ready queue"
        );
        assert_eq!(
            goes_to(QueueRef::Local(w1), 4),
            "to the back of worker 1's local queue"
        );
        assert_eq!(
            goes_to(QueueRef::Lifo(w1), 4),
            "into worker 1's LIFO slot, to be polled next"
        );
        assert_eq!(
            goes_to(QueueRef::Lifo(WorkerId(0)), 1),
            "into the LIFO slot, to be polled next"
        );
        assert_eq!(
            goes_to(QueueRef::Inject, 4),
            "to the back of the inject queue"
        );
        assert_eq!(
            taken_from(QueueRef::Local(WorkerId(0)), WorkerId(0), 1),
            "the front of the ready queue"
        );
        assert_eq!(
            taken_from(QueueRef::Local(w1), w1, 4),
            "the front of its local queue"
        );
        assert_eq!(
            taken_from(QueueRef::Local(w1), WorkerId(2), 4),
            "the front of worker 1's local queue"
        );
        assert_eq!(taken_from(QueueRef::Lifo(w1), w1, 4), "its LIFO slot");
        assert_eq!(taken_from(QueueRef::Inject, w1, 4), "the inject queue");
    }
}
