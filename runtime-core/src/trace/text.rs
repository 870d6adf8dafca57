//! The trace as text: one event a line, things called by their names.
//!
//! `@10 poll_end task=consumer outcome=pending duration=2 state=label#3`
//!
//! Used by golden tests, the scenario command line and the UI's event log. [`Names`] learns
//! names from the events that create things (`spawned`, `channel_created`, ...), so a trace
//! printed from its start needs nothing else.

use super::{Event, EventRecord, Holder, QueueRef, Text, WakeEffect, WakeSource};
use crate::ids::{ChannelId, LabelId, SocketId, TaskId};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Names of tasks, channels, sockets and labels, learned from a trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    tasks: Vec<Text>,
    channels: Vec<Text>,
    sockets: Vec<Text>,
    labels: Vec<Text>,
}

fn set(v: &mut Vec<Text>, index: usize, name: &Text) {
    if v.len() <= index {
        v.resize(index + 1, Text::from(""));
    }
    v[index] = name.clone();
}

fn get(v: &[Text], index: usize, fallback: impl FnOnce() -> String) -> String {
    match v.get(index) {
        Some(n) if !n.is_empty() => String::from(&**n),
        _ => fallback(),
    }
}

impl Names {
    /// Learns any name the event gives.
    pub fn learn(&mut self, event: &Event) {
        match event {
            Event::Spawned { task, name, .. } => set(&mut self.tasks, task.index(), name),
            Event::ChannelCreated { channel, name, .. } => {
                set(&mut self.channels, channel.index(), name);
            }
            Event::SocketCreated { socket, name } => set(&mut self.sockets, socket.index(), name),
            Event::Label { label, text } => set(&mut self.labels, label.index(), text),
            _ => {}
        }
    }

    /// Names learned from all of `events`.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a EventRecord>) -> Names {
        let mut names = Names::default();
        for r in events {
            names.learn(&r.event);
        }
        names
    }

    /// The same names, except that a task name several tasks share gets each task's id
    /// (`job#3`): twelve tasks all called `job` cannot be told apart on a screen otherwise.
    pub fn with_unique_tasks(&self) -> Names {
        let mut names = self.clone();
        for (i, name) in self.tasks.iter().enumerate() {
            if !name.is_empty() && self.tasks.iter().filter(|n| *n == name).count() > 1 {
                names.tasks[i] = Text::from(format!("{name}#{i}").as_str());
            }
        }
        names
    }

    pub fn task(&self, id: TaskId) -> String {
        get(&self.tasks, id.index(), || format!("{id}"))
    }

    pub fn channel(&self, id: ChannelId) -> String {
        get(&self.channels, id.index(), || format!("{id}"))
    }

    pub fn socket(&self, id: SocketId) -> String {
        get(&self.sockets, id.index(), || format!("{id}"))
    }

    pub fn label(&self, id: LabelId) -> String {
        get(&self.labels, id.index(), || format!("{id}"))
    }

    /// Whom a wake came from, in words.
    pub fn source(&self, source: WakeSource) -> String {
        match source {
            WakeSource::Timer(t) => format!("{t}"),
            WakeSource::Io(s) => format!("io:{}", self.socket(s)),
            WakeSource::Channel(c) => format!("chan:{}", self.channel(c)),
            WakeSource::Task(t) => format!("task:{}", self.task(t)),
            WakeSource::Outside => String::from("outside"),
            WakeSource::Defer(w) => format!("defer:{}", w.0),
        }
    }

    /// Who holds a waker, in words.
    pub fn holder(&self, holder: Holder) -> String {
        match holder {
            Holder::Timer(t) => format!("{t}"),
            Holder::ChannelRecv(c) => format!("recv:{}", self.channel(c)),
            Holder::ChannelSend(c) => format!("send:{}", self.channel(c)),
            Holder::Io(s) => format!("io:{}", self.socket(s)),
            Holder::Join(t) => format!("join:{}", self.task(t)),
            Holder::Pending => String::from("pending"),
            Holder::Task(t) => format!("task:{}", self.task(t)),
            Holder::Outside => String::from("outside"),
            Holder::Defer(w) => format!("defer:{}", w.0),
        }
    }
}

/// A queue, briefly: `local:0`, `lifo:1`, `inject`.
pub fn queue(q: QueueRef) -> String {
    match q {
        QueueRef::Local(w) => format!("local:{}", w.0),
        QueueRef::Lifo(w) => format!("lifo:{}", w.0),
        QueueRef::Inject => String::from("inject"),
    }
}

/// One line for `record` (without a trailing newline).
pub fn line(record: &EventRecord, names: &Names) -> String {
    let mut s = format!("@{} {}", record.at, record.event.kind());
    fields(&mut s, &record.event, names);
    s
}

/// Appends ` key=value` pairs describing `event`.
pub fn fields(s: &mut String, event: &Event, n: &Names) {
    use Event::*;
    // Writing to a String cannot fail.
    let _ = match event {
        RuntimeStarted {
            workers,
            event_interval,
            global_queue_interval,
            budget,
            lifo_slot,
            seed,
            wheel_levels,
            wheel_bits,
            micros_per_tick,
        } => {
            let budget = budget.map_or_else(|| String::from("off"), |b| format!("{b}"));
            write!(
                s,
                " workers={workers} event_interval={event_interval} \
                 global_queue_interval={global_queue_interval} budget={budget} \
                 lifo={lifo_slot} seed={seed} wheel={wheel_levels}x{} tick_us={micros_per_tick}",
                1u32 << wheel_bits
            )
        }
        Spawned {
            task, parent, size, ..
        } => {
            let _ = write!(s, " task={}", n.task(*task));
            if let Some(p) = parent {
                let _ = write!(s, " parent={}", n.task(*p));
            }
            write!(s, " size={size}")
        }
        Enqueued { task, queue: q } => write!(s, " task={} queue={}", n.task(*task), queue(*q)),
        PollStart {
            task,
            worker,
            from,
            addr,
        } => write!(
            s,
            " task={} worker={} from={} addr=#{addr}",
            n.task(*task),
            worker.0,
            queue(*from)
        ),
        PollEnd {
            task,
            outcome,
            duration,
            state,
            ..
        } => {
            let outcome = match outcome {
                super::PollOutcome::Pending => "pending",
                super::PollOutcome::Ready => "ready",
            };
            let _ = write!(
                s,
                " task={} outcome={outcome} duration={duration}",
                n.task(*task)
            );
            match state {
                Some(l) => write!(s, " state={:?}", n.label(*l)),
                None => Ok(()),
            }
        }
        WakerCloned {
            task,
            waker,
            holder,
        } => {
            write!(
                s,
                " task={} waker={} holder={}",
                n.task(*task),
                waker.0,
                n.holder(*holder)
            )
        }
        WakerDropped { task, waker } => write!(s, " task={} waker={}", n.task(*task), waker.0),
        Woken {
            task,
            waker,
            by_ref,
            source,
            effect,
        } => {
            let _ = write!(s, " task={}", n.task(*task));
            match waker {
                Some(w) => {
                    let _ = write!(s, " waker={}", w.0);
                }
                None => s.push_str(" waker=cx"),
            }
            let effect = match effect {
                WakeEffect::Queued(q) => format!("queued:{}", queue(*q)),
                WakeEffect::AlreadyQueued => String::from("already_queued"),
                WakeEffect::SelfWake => String::from("self_wake"),
                WakeEffect::TaskFinished => String::from("task_finished"),
            };
            write!(
                s,
                " by_ref={by_ref} source={} effect={effect}",
                n.source(*source)
            )
        }
        TimerRegistered {
            timer,
            task,
            deadline,
            level,
            slot,
        } => {
            let _ = write!(s, " timer={}", timer.0);
            if let Some(t) = task {
                let _ = write!(s, " task={}", n.task(*t));
            }
            write!(s, " deadline={deadline} level={level} slot={slot}")
        }
        TimerCascaded {
            timer,
            from_level,
            from_slot,
            to_level,
            to_slot,
        } => write!(
            s,
            " timer={} from={from_level}/{from_slot} to={to_level}/{to_slot}",
            timer.0
        ),
        TimerFired { timer, deadline } => write!(s, " timer={} deadline={deadline}", timer.0),
        TimerCancelled { timer } => write!(s, " timer={}", timer.0),
        ClockAdvanced { from, to } => write!(s, " from={from} to={to}"),
        DriverTurned {
            worker,
            timers,
            io,
            remote,
        } => {
            write!(
                s,
                " worker={} timers={timers} io={io} remote={remote}",
                worker.0
            )
        }
        SocketCreated { socket, name } => write!(s, " socket={} name={name}", socket.0),
        IoRegistered { socket, task } => {
            let _ = write!(s, " socket={}", n.socket(*socket));
            match task {
                Some(t) => write!(s, " task={}", n.task(*t)),
                None => Ok(()),
            }
        }
        IoReady { socket, bytes } => write!(s, " socket={} bytes={bytes}", n.socket(*socket)),
        BudgetExhausted { task }
        | Completed { task }
        | Cancelled { task }
        | LostWaker { task }
        | Aborted { task } => write!(s, " task={}", n.task(*task)),
        Deferred {
            task,
            worker,
            duplicate,
        } => write!(
            s,
            " task={} worker={} duplicate={duplicate}",
            n.task(*task),
            worker.0
        ),
        DeferredWoken { worker, count } => write!(s, " worker={} count={count}", worker.0),
        Stolen { from, to, count } => write!(s, " from={} to={} count={count}", from.0, to.0),
        Overflow { worker, count } => write!(s, " worker={} count={count}", worker.0),
        ChannelCreated {
            channel,
            name,
            capacity,
        } => {
            write!(s, " channel={} name={name} capacity={capacity}", channel.0)
        }
        ChannelClosed { channel } => write!(s, " channel={}", n.channel(*channel)),
        Sent { channel, task, len } | Received { channel, task, len } => {
            let _ = write!(s, " channel={}", n.channel(*channel));
            if let Some(t) = task {
                let _ = write!(s, " task={}", n.task(*t));
            }
            write!(s, " len={len}")
        }
        Label { label, text } => write!(s, " label={} text={text:?}", label.0),
        Print { task, text } => {
            if let Some(t) = task {
                let _ = write!(s, " task={}", n.task(*t));
            }
            write!(s, " text={text:?}")
        }
        LongPoll {
            task,
            duration,
            threshold,
        } => {
            write!(
                s,
                " task={} duration={duration} threshold={threshold}",
                n.task(*task)
            )
        }
        SelfWakeStorm { task, count } => write!(s, " task={} count={count}", n.task(*task)),
        Stalled { task, reason } => write!(s, " task={} reason={reason:?}", n.task(*task)),
        LimitReached { limit, value } => write!(s, " limit={limit:?} value={value}"),
        Fault { task, message } => {
            if let Some(t) = task {
                let _ = write!(s, " task={}", n.task(*t));
            }
            write!(s, " message={message:?}")
        }
        Locals { task, text } => write!(s, " task={} {text}", n.task(*task)),
    };
}

/// Every event of `events` as text, one line each.
pub fn lines(events: &[EventRecord]) -> Vec<String> {
    let mut names = Names::default();
    events
        .iter()
        .map(|r| {
            names.learn(&r.event);
            line(r, &names)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_task_names_get_ids_and_unique_ones_stay() {
        let spawned = |i: u32, name: &str| Event::Spawned {
            task: TaskId(i),
            name: Text::from(name),
            parent: None,
            size: 8,
        };
        let mut names = Names::default();
        for (i, name) in ["main", "job", "job", "", "job"].iter().enumerate() {
            names.learn(&spawned(i as u32, name));
        }
        let shown = names.with_unique_tasks();
        let all: Vec<String> = (0..5).map(|i| shown.task(TaskId(i))).collect();
        assert_eq!(all, ["main", "job#1", "job#2", "task#3", "job#4"]);
        // The trace's own names are untouched.
        assert_eq!(names.task(TaskId(1)), "job");
    }
}
