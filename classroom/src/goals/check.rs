//! Each goal's check: what it reads from the [`Facts`] of a run, and the sentence that says
//! whether the run met it, with the events that show it.

use super::facts::Facts;
use super::*;

/// What checking one goal found: whether the run meets it, the sentence for the learner, and
/// the events that show it (a failure, or the evidence for a pass).
pub(super) struct Checked {
    pub(super) passed: bool,
    pub(super) message: String,
    pub(super) events: Vec<u64>,
}

/// The goal is met; `events` are the evidence.
pub(super) fn pass(message: String, events: Vec<u64>) -> Checked {
    Checked {
        passed: true,
        message,
        events,
    }
}

/// The goal is missed; `events` show where.
pub(super) fn miss(message: String, events: Vec<u64>) -> Checked {
    Checked {
        passed: false,
        message,
        events,
    }
}

/// A goal missed by polls, waits or gaps (`noun`) that were too long: the worst one's
/// `message`, how many there were, and the two ends of each to link to.
pub(super) fn missed_by_too_long(mut message: String, noun: &str, ends: Vec<[u64; 2]>) -> Checked {
    if ends.len() > 1 {
        message += &format!(" ({} were too long)", plural(ends.len() as u64, noun));
    }
    miss(message, ends.concat())
}

/// The goal is missed with no event to show (no such task or channel, say).
pub(super) fn fail(message: String) -> Checked {
    miss(message, Vec::new())
}

pub(super) fn all_finish(f: &Facts<'_>) -> Checked {
    let stop = |kind: fn(&Event) -> bool| -> Vec<u64> {
        f.events
            .iter()
            .filter(|r| kind(&r.event))
            .map(|r| r.seq)
            .collect()
    };
    match f.outcome {
        Outcome::Fault(message) => {
            return miss(
                format!("the program stopped with an error: {message}"),
                stop(|e| matches!(e, Event::Fault { .. })),
            );
        }
        Outcome::Limit(message) => {
            return miss(
                format!("the run never finished: {message}"),
                stop(|e| matches!(e, Event::LimitReached { .. })),
            );
        }
        Outcome::Stalled { .. } | Outcome::Finished => {}
    }
    if f.tasks().is_empty() {
        return fail(String::from(
            "no task ran at all: the program has nothing to finish",
        ));
    }
    let finished = f.finished();
    let mut stuck = Vec::new();
    let mut events = Vec::new();
    for r in f.events {
        if let Event::Stalled { task, reason } = &r.event {
            stuck.push(format!("`{}`: {reason}", f.name(*task)));
            events.push(r.seq);
            // Where it parked: its last poll.
            if let Some(p) = f
                .events
                .iter()
                .rev()
                .find(|p| matches!(p.event, Event::PollEnd { task: t, .. } if t == *task))
            {
                events.push(p.seq);
            }
        }
    }
    let unfinished: Vec<String> = finished
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_none())
        .map(|(i, _)| format!("`{}`", f.name(TaskId(u32::try_from(i).unwrap_or(0)))))
        .collect();
    if !stuck.is_empty() {
        let n = stuck.len() as u64;
        let msg = if n == 1 {
            format!("a task never finished: {}", stuck[0])
        } else {
            format!("{} never finished. {}", plural(n, "task"), stuck.join(". "))
        };
        return miss(msg, events);
    }
    if !unfinished.is_empty() {
        return fail(format!(
            "{} never finished: {}",
            plural(unfinished.len() as u64, "task"),
            and_list(&unfinished)
        ));
    }
    let last = f
        .events
        .iter()
        .rev()
        .find(|r| matches!(r.event, Event::Completed { .. } | Event::Cancelled { .. }));
    let when = last.map_or_else(|| d(0), |r| f.at(r));
    pass(
        if f.tasks().len() == 1 {
            format!("the only task finished, at {when}")
        } else {
            format!("all {} tasks finished, the last at {when}", f.tasks().len())
        },
        last.map(|r| r.seq).into_iter().collect(),
    )
}

pub(super) fn finish_by(f: &Facts<'_>, by: Micros) -> Checked {
    let Checked {
        passed: ok,
        message,
        events,
    } = all_finish(f);
    if !ok {
        return miss(
            format!(
                "the program never finishes, so it cannot finish by {}: {message}",
                d(by)
            ),
            events,
        );
    }
    let finished = f.finished();
    let last = finished.iter().flatten().max_by_key(|r| (r.at, r.seq));
    let Some(last) = last else {
        return fail(String::from("no task ran at all"));
    };
    let who = last.event.task().map(|t| f.name(t)).unwrap_or_default();
    if f.us(last.at) <= by {
        pass(
            format!(
                "the last task, `{who}`, finished at {}, by {}",
                f.at(last),
                d(by)
            ),
            vec![last.seq],
        )
    } else {
        miss(
            format!(
                "the last task, `{who}`, finished at {} ({}); the goal is to finish by {}",
                f.at(last),
                span(last.seq, last.seq),
                d(by)
            ),
            vec![last.seq],
        )
    }
}

/// Every poll: (task, start record, end record, duration in ticks).
pub(super) fn polls<'a>(f: &Facts<'a>) -> Vec<(TaskId, &'a EventRecord, &'a EventRecord, Tick)> {
    let mut open: BTreeMap<TaskId, &EventRecord> = BTreeMap::new();
    let mut out = Vec::new();
    for r in f.events {
        match r.event {
            Event::PollStart { task, .. } => {
                open.insert(task, r);
            }
            Event::PollEnd { task, duration, .. } => {
                if let Some(s) = open.remove(&task) {
                    out.push((task, s, r, duration));
                }
            }
            _ => {}
        }
    }
    out
}

pub(super) fn max_poll(f: &Facts<'_>, max: Micros, task: Option<&str>) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let all: Vec<_> = polls(f)
        .into_iter()
        .filter(|(t, ..)| f.is(Some(*t), task))
        .collect();
    let too_long: Vec<_> = all.iter().filter(|p| f.us(p.3) > max).collect();
    let longest = all
        .iter()
        .max_by_key(|p| (p.3, core::cmp::Reverse(p.1.seq)));
    let Some(worst) = too_long
        .iter()
        .max_by_key(|p| (p.3, core::cmp::Reverse(p.1.seq)))
    else {
        return match longest {
            Some((t, s, e, dur)) => pass(
                format!(
                    "the longest poll took {} (`{}` at {}), within {}",
                    d(f.us(*dur)),
                    f.name(*t),
                    f.at(s),
                    d(max)
                ),
                vec![s.seq, e.seq],
            ),
            None => pass(String::from("no task was polled"), Vec::new()),
        };
    };
    let (t, s, e, dur) = worst;
    let message = format!(
        "`{}` ran for {} in one poll at {} ({}) without returning to the executor; \
         the goal is at most {} a poll",
        f.name(*t),
        d(f.us(*dur)),
        f.at(s),
        span(s.seq, e.seq),
        d(max)
    );
    let ends = too_long.iter().map(|p| [p.1.seq, p.2.seq]).collect();
    missed_by_too_long(message, "poll", ends)
}

pub(super) fn max_wait(f: &Facts<'_>, task: &str, max: Micros) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    // What "waited" means is replay's, as in the task table (`replay::queue_waits`).
    let at = |seq: u64| {
        let i = f.events.binary_search_by_key(&seq, |r| r.seq);
        &f.events[i.expect("a wait names events of the trace")]
    };
    let waits: Vec<_> = runtime_core::replay::queue_waits(f.events)
        .into_iter()
        .filter(|w| f.is(Some(w.task), Some(task)))
        .map(|w| (at(w.queued), at(w.polled), f.us(w.ticks)))
        .collect();
    let longest = waits
        .iter()
        .max_by_key(|w| (w.2, core::cmp::Reverse(w.0.seq)));
    let bad: Vec<_> = waits.iter().filter(|w| w.2 > max).collect();
    match (bad.first(), longest) {
        (None, None) => fail(format!("`{task}` was never polled")),
        (None, Some((q, p, w))) => pass(
            format!(
                "`{task}` waited at most {} in the ready queue (at {}), within {}",
                d(*w),
                f.at(q),
                d(max)
            ),
            vec![q.seq, p.seq],
        ),
        (Some(_), _) => {
            let (q, p, w) = bad
                .iter()
                .max_by_key(|w| (w.2, core::cmp::Reverse(w.0.seq)))
                .copied()
                .unwrap_or(bad[0]);
            let message = format!(
                "`{task}` waited {} in the ready queue: queued at {}, polled at {} ({}); \
                 the goal is at most {}",
                d(*w),
                f.at(q),
                f.at(p),
                span(q.seq, p.seq),
                d(max)
            );
            let ends = bad.iter().map(|w| [w.0.seq, w.1.seq]).collect();
            missed_by_too_long(message, "wait", ends)
        }
    }
}

pub(super) fn max_gap(f: &Facts<'_>, task: &str, channel: &str, max: Micros) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    // For each task of that name: the last receive (or its spawn).
    let mut last: BTreeMap<TaskId, (&EventRecord, bool)> = BTreeMap::new();
    let mut gaps = Vec::new();
    for r in f.events {
        match r.event {
            Event::Spawned { task: t, .. } if f.is(Some(t), Some(task)) => {
                last.insert(t, (r, false));
            }
            Event::Received {
                channel: c,
                task: Some(t),
                ..
            } if c == chan && f.is(Some(t), Some(task)) => {
                if let Some((prev, received)) = last.insert(t, (r, true)) {
                    gaps.push((prev, r, received, f.us(r.at.saturating_sub(prev.at))));
                }
            }
            _ => {}
        }
    }
    if gaps.is_empty() {
        return fail(format!("`{task}` never received a value from `{channel}`"));
    }
    let key = |g: &&(&EventRecord, &EventRecord, bool, Micros)| (g.3, core::cmp::Reverse(g.0.seq));
    let worst = gaps.iter().max_by_key(key).copied();
    let bad: Vec<_> = gaps.iter().filter(|g| g.3 > max).collect();
    let Some((a, b, received, gap)) = worst else {
        return fail(format!("`{task}` never received a value from `{channel}`"));
    };
    let between = if received {
        format!("between two values from `{channel}`")
    } else {
        format!("for its first value from `{channel}`")
    };
    if bad.is_empty() {
        return pass(
            format!(
                "`{task}` waited at most {} {between} (at {}), within {}",
                d(gap),
                f.at(a),
                d(max)
            ),
            vec![a.seq, b.seq],
        );
    }
    let message = format!(
        "`{task}` waited {} {between}: from {} to {} ({}); the goal is at most {}",
        d(gap),
        f.at(a),
        f.at(b),
        span(a.seq, b.seq),
        d(max)
    );
    let ends = bad.iter().map(|g| [g.0.seq, g.1.seq]).collect();
    missed_by_too_long(message, "gap", ends)
}

pub(super) fn prints(
    f: &Facts<'_>,
    task: Option<&str>,
    text: &str,
    times: Option<u32>,
    after: Option<Micros>,
    by: Option<Micros>,
) -> Checked {
    let matching = match f.prints_matching(task, text) {
        Ok(matching) => matching,
        Err(m) => return fail(m),
    };
    let in_window = |r: &&EventRecord| {
        let at = f.us(r.at);
        after.is_none_or(|a| at >= a) && by.is_none_or(|b| at <= b)
    };
    let inside: Vec<&EventRecord> = matching.iter().copied().filter(in_window).collect();
    let subject = match task {
        Some(t) => format!("`{t}`"),
        None => String::from("a task"),
    };
    let window = match (after, by) {
        (Some(a), Some(b)) => format!(" between {} and {}", d(a), d(b)),
        (Some(a), None) => format!(" at or after {}", d(a)),
        (None, Some(b)) => format!(" by {}", d(b)),
        (None, None) => String::new(),
    };
    let seqs = |v: &[&EventRecord]| v.iter().map(|r| r.seq).collect::<Vec<_>>();
    if matching.is_empty() {
        // Show what the task did print, if anything.
        let printed: Vec<u64> = f
            .events
            .iter()
            .filter(|r| matches!(&r.event, Event::Print { task: t, .. } if f.is(*t, task)))
            .map(|r| r.seq)
            .collect();
        let never = if task.is_some() {
            format!("{subject} never printed \"{text}\"")
        } else {
            format!("no task printed \"{text}\"")
        };
        return miss(format!("{never}; the goal is to print it{window}"), printed);
    }
    if let Some(n) = times {
        let got = inside.len() as u64;
        if got == u64::from(n) {
            return pass(
                format!(
                    "{subject} printed \"{text}\" {}{window}, as required",
                    plural(got, "time")
                ),
                seqs(&inside),
            );
        }
        let extra = if inside.len() != matching.len() {
            format!(" ({} in all)", matching.len())
        } else {
            String::new()
        };
        return miss(
            format!(
                "{subject} printed \"{text}\" {}{window}{extra}; the goal is exactly {}",
                plural(got, "time"),
                plural(u64::from(n), "time")
            ),
            seqs(if inside.is_empty() {
                &matching
            } else {
                &inside
            }),
        );
    }
    if let Some(first) = inside.first() {
        return pass(
            format!(
                "{subject} printed \"{text}\" at {}{}",
                f.at(first),
                if window.is_empty() {
                    String::new()
                } else {
                    format!(" (goal:{window})")
                }
            ),
            vec![first.seq],
        );
    }
    let first = matching[0];
    miss(
        format!(
            "{subject} printed \"{text}\" at {} ({}); the goal is to print it{window}",
            f.at(first),
            span(first.seq, first.seq)
        ),
        seqs(&matching),
    )
}

pub(super) fn no_print(f: &Facts<'_>, task: Option<&str>, text: &str) -> Checked {
    let matching = match f.prints_matching(task, text) {
        Ok(matching) => matching,
        Err(m) => return fail(m),
    };
    match matching.first() {
        None => pass(
            match task {
                Some(t) => format!("`{t}` never printed \"{text}\""),
                None => format!("no task printed \"{text}\""),
            },
            Vec::new(),
        ),
        Some(first) => {
            let name = first.event.task().map(|t| f.name(t)).unwrap_or_default();
            miss(
                format!(
                    "`{name}` printed \"{text}\" at {} ({}); the goal is that it never does",
                    f.at(first),
                    span(first.seq, first.seq)
                ),
                matching.iter().map(|r| r.seq).collect(),
            )
        }
    }
}

/// Sends that were dropped before they finished: the `waker_dropped` of a waker a channel
/// kept for a waiting `send`, when the task kept no other such waker (a future that is polled
/// again clones its new waker before it drops the old one; a dropped `send` drops it first).
pub(super) fn cancelled_sends(f: &Facts<'_>, chan: ChannelId) -> Vec<u64> {
    let mut live: BTreeMap<WakerId, TaskId> = BTreeMap::new();
    let mut out = Vec::new();
    for r in f.events {
        match r.event {
            Event::WakerCloned {
                task,
                waker,
                holder: Holder::ChannelSend(c),
            } if c == chan => {
                live.insert(waker, task);
            }
            Event::WakerDropped { task, waker }
                if live.remove(&waker).is_some() && !live.values().any(|t| *t == task) =>
            {
                out.push(r.seq);
            }
            Event::Woken { waker: Some(w), .. } => {
                live.remove(&w);
            }
            _ => {}
        }
    }
    out
}

pub(super) fn delivers(f: &Facts<'_>, channel: &str, count: u32) -> Checked {
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for r in f.events {
        match r.event {
            Event::Sent { channel: c, .. } if c == chan => sent.push(r.seq),
            Event::Received { channel: c, .. } if c == chan => received.push(r.seq),
            _ => {}
        }
    }
    let lost = cancelled_sends(f, chan);
    let (s, n) = (sent.len() as u64, received.len() as u64);
    if n < u64::from(count) {
        let mut message = format!(
            "only {} came out of `{channel}`; the goal is at least {count}",
            plural(n, "value")
        );
        if !lost.is_empty() {
            message += &if lost.len() == 1 {
                format!(
                    ". A `send` was dropped before it finished, and its value with it ({})",
                    span(lost[0], lost[0])
                )
            } else {
                format!(
                    ". {} `send`s were dropped before they finished, and their values with \
                     them (the first at {})",
                    lost.len(),
                    span(lost[0], lost[0])
                )
            };
            return miss(message, lost);
        }
        return miss(message, received);
    }
    if s > n {
        let left: Vec<u64> = sent.iter().skip(received.len()).copied().collect();
        return miss(
            format!(
                "{} went into `{channel}` but only {} came out: {} never received",
                plural(s, "value"),
                n,
                plural(s - n, "value was")
            ),
            left,
        );
    }
    pass(
        format!("all {} sent on `{channel}` came out", plural(n, "value")),
        Vec::new(),
    )
}

pub(super) fn max_buffered(f: &Facts<'_>, channel: &str, max: u32) -> Checked {
    let chan = match f.channel(channel) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let mut fullest: Option<(&EventRecord, u32)> = None;
    let mut over = Vec::new();
    for r in f.events {
        if let Event::Sent {
            channel: c, len, ..
        } = r.event
            && c == chan
        {
            if fullest.is_none_or(|(_, l)| len > l) {
                fullest = Some((r, len));
            }
            if len > max {
                over.push(r.seq);
            }
        }
    }
    match fullest {
        None => pass(format!("nothing was sent on `{channel}`"), Vec::new()),
        Some((r, len)) if len > max => miss(
            format!(
                "`{channel}` held {} at {} ({}); the goal is at most {max}",
                plural(u64::from(len), "value"),
                f.at(r),
                span(r.seq, r.seq)
            ),
            over,
        ),
        Some((r, len)) => pass(
            format!(
                "`{channel}` held at most {} (at {}), within {max}",
                plural(u64::from(len), "value"),
                f.at(r)
            ),
            vec![r.seq],
        ),
    }
}

pub(super) fn workers_share(f: &Facts<'_>, workers: u32, percent: u32) -> Checked {
    if f.workers != workers {
        return fail(format!(
            "the run used {}; the goal needs {workers} (set `workers: {workers}` in `config`)",
            plural(u64::from(f.workers), "worker")
        ));
    }
    let mut per = vec![Vec::new(); workers as usize];
    for r in f.events {
        if let Event::PollStart { worker, .. } = r.event
            && let Some(v) = per.get_mut(worker.index())
        {
            v.push(r.seq);
        }
    }
    let total: u64 = per.iter().map(|v| v.len() as u64).sum();
    if total == 0 {
        return fail(String::from("no task was polled"));
    }
    let shares: Vec<String> = per
        .iter()
        .enumerate()
        .map(|(w, v)| {
            format!(
                "worker {w}: {} ({}%)",
                v.len(),
                v.len() as u64 * 100 / total
            )
        })
        .collect();
    let low: Vec<usize> = (0..per.len())
        .filter(|&w| (per[w].len() as u64) * 100 < u64::from(percent) * total)
        .collect();
    if low.is_empty() {
        return pass(
            format!(
                "polls per worker: {}; each ran at least {percent}% of {total}",
                shares.join(", ")
            ),
            Vec::new(),
        );
    }
    let busiest = (0..per.len()).max_by_key(|&w| (per[w].len(), core::cmp::Reverse(w)));
    let events = busiest.map(|w| per[w].clone()).unwrap_or_default();
    let lows: Vec<String> = low.iter().map(|w| format!("{w}")).collect();
    miss(
        format!(
            "polls per worker: {}; the goal is at least {percent}% each, but {} {} below it",
            shares.join(", "),
            if low.len() == 1 { "worker" } else { "workers" },
            and_list(&lows) + if low.len() == 1 { " is" } else { " are" }
        ),
        events,
    )
}

pub(super) fn no_lost_waker(f: &Facts<'_>) -> Checked {
    let lost: Vec<&EventRecord> = f
        .events
        .iter()
        .filter(|r| matches!(r.event, Event::LostWaker { .. }))
        .collect();
    match lost.first() {
        None => pass(String::from("no waker was lost"), Vec::new()),
        Some(r) => {
            let name = r.event.task().map(|t| f.name(t)).unwrap_or_default();
            let poll = f
                .events
                .iter()
                .rev()
                .find(|p| p.seq < r.seq && matches!(p.event, Event::PollEnd { .. }));
            let mut events: Vec<u64> = lost.iter().map(|r| r.seq).collect();
            events.extend(poll.map(|p| p.seq));
            miss(
                format!(
                    "`{name}` returned Pending at {} and no clone of its waker was kept, so \
                     nothing can ever wake it ({}); the goal is that no waker is lost",
                    f.at(r),
                    span(r.seq, r.seq)
                ),
                events,
            )
        }
    }
}

pub(super) fn cancelled(f: &Facts<'_>, task: &str, want: bool) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let mut cancels = Vec::new();
    let mut completions = Vec::new();
    for r in f.events {
        match r.event {
            Event::Cancelled { task: t } if f.is(Some(t), Some(task)) => cancels.push(r),
            Event::Completed { task: t } if f.is(Some(t), Some(task)) => completions.push(r),
            _ => {}
        }
    }
    match (want, cancels.first(), completions.first()) {
        (true, Some(c), _) => pass(
            format!("`{task}` was cancelled at {}", f.at(c)),
            vec![c.seq],
        ),
        (true, None, Some(done)) => miss(
            format!(
                "`{task}` was never cancelled: it ran to completion at {} ({}); \
                 the goal is to cancel it",
                f.at(done),
                span(done.seq, done.seq)
            ),
            vec![done.seq],
        ),
        (true, None, None) => fail(format!(
            "`{task}` was never cancelled (it was still unfinished when the run ended); \
             the goal is to cancel it"
        )),
        (false, Some(c), _) => miss(
            format!(
                "`{task}` was cancelled at {} ({}) before it could finish; the goal is that \
                 it never is",
                f.at(c),
                span(c.seq, c.seq)
            ),
            cancels.iter().map(|r| r.seq).collect(),
        ),
        (false, None, _) => pass(format!("`{task}` was never cancelled"), Vec::new()),
    }
}

pub(super) fn works(f: &Facts<'_>, task: Option<&str>, at_least: Micros) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let mut total: Tick = 0;
    let mut events = Vec::new();
    for r in f.events {
        // A poll's work, or a blocking task's work on its pool thread.
        if let Event::PollEnd {
            task: t, duration, ..
        }
        | Event::BlockingFinished {
            task: t, duration, ..
        } = r.event
            && f.is(Some(t), task)
            && duration > 0
        {
            total += duration;
            events.push(r.seq);
        }
    }
    let total = f.us(total);
    let subject = match task {
        Some(t) => format!("`{t}` did"),
        None => String::from("the tasks did"),
    };
    if total >= at_least {
        pass(
            format!(
                "{subject} {} of work in all, at least {}",
                d(total),
                d(at_least)
            ),
            Vec::new(),
        )
    } else {
        miss(
            format!(
                "{subject} only {} of work in all; the goal is at least {} (the work must \
                 still be done)",
                d(total),
                d(at_least)
            ),
            events,
        )
    }
}

pub(super) fn timers_late(f: &Facts<'_>, max: Micros, task: Option<&str>) -> Checked {
    if let Err(m) = f.require_task(task) {
        return fail(m);
    }
    let mut owner: BTreeMap<u32, (Option<TaskId>, u64)> = BTreeMap::new();
    let mut late = Vec::new();
    let mut fired = 0u64;
    let mut latest: Option<(u64, u64, Micros)> = None;
    for r in f.events {
        match r.event {
            Event::TimerRegistered { timer, task: t, .. } => {
                owner.insert(timer.0, (t, r.seq));
            }
            Event::TimerFired { timer, deadline } => {
                let (t, reg) = owner.get(&timer.0).copied().unwrap_or((None, r.seq));
                if !f.is(t, task) {
                    continue;
                }
                fired += 1;
                let by = f.us(r.at.saturating_sub(deadline));
                if latest.is_none_or(|l| by > l.2) {
                    latest = Some((reg, r.seq, by));
                }
                if by > max {
                    late.push((reg, r.seq, by, t));
                }
            }
            _ => {}
        }
    }
    let whose = |t: Option<TaskId>| match t {
        Some(t) => format!("a timer of `{}`", f.name(t)),
        None => String::from("a timer"),
    };
    let Some((reg, seq, by)) = latest else {
        return pass(String::from("no timer fired"), Vec::new());
    };
    if late.is_empty() {
        return pass(
            format!(
                "{} fired, the latest {} after its deadline, within {}",
                plural(fired, "timer"),
                d(by),
                d(max)
            ),
            vec![reg, seq],
        );
    }
    let worst = late
        .iter()
        .max_by_key(|l| (l.2, core::cmp::Reverse(l.1)))
        .copied()
        .unwrap_or(late[0]);
    let (wreg, wseq, wby, wt) = worst;
    let (due, fired_at) = f
        .events
        .iter()
        .find(|r| r.seq == wseq)
        .and_then(|r| match r.event {
            Event::TimerFired { deadline, .. } => Some((deadline, r.at)),
            _ => None,
        })
        .unwrap_or((0, 0));
    let mut message = format!(
        "{} fired {} late: due at {}, fired at {} ({}); the goal is at most {}",
        whose(wt),
        d(wby),
        d(f.us(due)),
        d(f.us(fired_at)),
        span(wreg, wseq),
        d(max)
    );
    if late.len() > 1 {
        message += &format!(" ({} were too late)", plural(late.len() as u64, "timer"));
    }
    miss(message, late.iter().flat_map(|l| [l.0, l.1]).collect())
}

pub(super) fn max_polls(f: &Facts<'_>, task: &str, max: u32) -> Checked {
    if let Err(m) = f.require_task(Some(task)) {
        return fail(m);
    }
    let mut per: BTreeMap<TaskId, Vec<u64>> = BTreeMap::new();
    for r in f.events {
        if let Event::PollStart { task: t, .. } = r.event
            && f.is(Some(t), Some(task))
        {
            per.entry(t).or_default().push(r.seq);
        }
    }
    let most = per
        .values()
        .max_by_key(|v| v.len())
        .cloned()
        .unwrap_or_default();
    let n = most.len() as u64;
    if n <= u64::from(max) {
        pass(
            format!("`{task}` was polled {}, at most {max}", plural(n, "time")),
            most,
        )
    } else {
        miss(
            format!(
                "`{task}` was polled {} (first at {}); the goal is at most {}",
                plural(n, "time"),
                span(most[0], most[0]),
                plural(u64::from(max), "time")
            ),
            most,
        )
    }
}
