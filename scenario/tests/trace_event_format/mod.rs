//! A checker for Chrome Trace Event JSON (the "JSON Object Format" of the Trace Event Format
//! document), as strict as the lab's exports should be, and a model of how Perfetto reads one
//! (`json_trace_parser`, `slice_tracker`, `flow_tracker` in its trace processor): events sorted
//! by time, at one time slices that last longer first and the rest in file order; a thread's
//! open slices on a stack, popped when a later slice begins after they end (or at their end,
//! unless both last no time); a flow event bound to the top of its thread's stack.
//!
//! Used by the export's tests (`chrome_trace.rs`) and the command line's (`cli.rs`).

#![allow(dead_code)] // each test crate that includes it reads a different part

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// An event of the file, as checked.
#[derive(Clone, Debug)]
pub struct Ev {
    /// Its place in `traceEvents`.
    pub index: usize,
    pub ph: String,
    pub name: String,
    pub cat: String,
    pub tid: u64,
    pub ts: u64,
    pub dur: u64,
    pub args: Value,
}

impl Ev {
    pub fn end(&self) -> u64 {
        self.ts + self.dur
    }
}

/// A flow arrow, with the events Perfetto binds its ends to.
#[derive(Clone, Debug)]
pub struct Flow {
    pub id: u64,
    /// The `s` event.
    pub start: Ev,
    /// What the `s` binds to (an instant or a slice on its thread).
    pub from: Ev,
    /// The slice (a poll) the `f` binds to.
    pub to: Ev,
}

/// What a valid file holds.
#[derive(Debug)]
pub struct Checked {
    /// `process_name`.
    pub process: String,
    /// Every thread's name, by tid.
    pub threads: BTreeMap<u64, String>,
    /// Every event but metadata, in file order.
    pub events: Vec<Ev>,
    /// Every flow, in the order of their `s` events.
    pub flows: Vec<Flow>,
}

impl Checked {
    /// The tid of the thread called `name`.
    pub fn tid(&self, name: &str) -> u64 {
        *self
            .threads
            .iter()
            .find(|(_, n)| *n == name)
            .unwrap_or_else(|| panic!("no thread named {name}: {:?}", self.threads))
            .0
    }

    /// The slices (`X`) of thread `tid`, in file order.
    pub fn slices(&self, tid: u64) -> Vec<&Ev> {
        self.events
            .iter()
            .filter(|e| e.ph == "X" && e.tid == tid)
            .collect()
    }

    /// The flow arrows as (from tid, to tid, the time they land), in file order.
    pub fn arrows(&self) -> Vec<(u64, u64, u64)> {
        self.flows
            .iter()
            .map(|f| (f.from.tid, f.to.tid, f.to.ts))
            .collect()
    }

    /// The flow arrows as (from tid, to tid, the number of the poll they land on).
    pub fn arrows_to_polls(&self) -> Vec<(u64, u64, u64)> {
        self.flows
            .iter()
            .map(|f| (f.from.tid, f.to.tid, f.to.args["poll"].as_u64().unwrap()))
            .collect()
    }
}

fn u(e: &Value, key: &str, i: usize) -> Result<u64, String> {
    e[key]
        .as_u64()
        .ok_or_else(|| format!("event {i}: `{key}` is not a non-negative integer: {e}"))
}

fn s<'a>(e: &'a Value, key: &str, i: usize) -> Result<&'a str, String> {
    e[key]
        .as_str()
        .ok_or_else(|| format!("event {i}: `{key}` is not a string: {e}"))
}

/// Checks `file` against the format and Perfetto's reading of it; returns what it holds.
pub fn check(file: &str) -> Result<Checked, String> {
    let root: Value = serde_json::from_str(file).map_err(|e| format!("not JSON: {e}"))?;
    if root["displayTimeUnit"] != "ms" {
        return Err(format!(
            "displayTimeUnit is {}, not \"ms\"",
            root["displayTimeUnit"]
        ));
    }
    let list = root["traceEvents"]
        .as_array()
        .ok_or("traceEvents is not an array")?;
    let mut process = None;
    let mut threads = BTreeMap::new();
    let mut sorted_threads = BTreeSet::new();
    let mut events = Vec::new();
    let mut pids = BTreeSet::new();
    for (i, e) in list.iter().enumerate() {
        if !e.is_object() {
            return Err(format!("event {i} is not an object: {e}"));
        }
        let ph = s(e, "ph", i)?;
        let name = s(e, "name", i)?;
        pids.insert(u(e, "pid", i)?);
        if ph == "M" {
            match name {
                "process_name" => {
                    let n = e["args"]["name"]
                        .as_str()
                        .ok_or("process_name without a name")?;
                    if process.replace(n.to_string()).is_some() {
                        return Err("two process_name events".into());
                    }
                }
                "thread_name" => {
                    let tid = u(e, "tid", i)?;
                    let n = e["args"]["name"]
                        .as_str()
                        .ok_or("thread_name without a name")?;
                    if threads.insert(tid, n.to_string()).is_some() {
                        return Err(format!("tid {tid} is named twice"));
                    }
                }
                "thread_sort_index" => {
                    let tid = u(e, "tid", i)?;
                    e["args"]["sort_index"]
                        .as_i64()
                        .ok_or("thread_sort_index without an integer sort_index")?;
                    sorted_threads.insert(tid);
                }
                other => return Err(format!("event {i}: unknown metadata `{other}`")),
            }
            continue;
        }
        if name.is_empty() {
            return Err(format!("event {i} has an empty name"));
        }
        let ev = Ev {
            index: i,
            ph: ph.to_string(),
            name: name.to_string(),
            cat: s(e, "cat", i)?.to_string(),
            tid: u(e, "tid", i)?,
            ts: u(e, "ts", i)?,
            dur: if ph == "X" { u(e, "dur", i)? } else { 0 },
            args: e["args"].clone(),
        };
        match ph {
            "X" => {
                if !e["args"].is_object() {
                    return Err(format!("slice {i} has no args: {e}"));
                }
            }
            "i" => {
                if !matches!(e["s"].as_str(), Some("t" | "p" | "g")) {
                    return Err(format!("instant {i} has no scope `s`: {e}"));
                }
            }
            "s" | "f" => {
                u(e, "id", i)?;
                if ph == "f" && e["bp"] != "e" {
                    return Err(format!(
                        "flow end {i} does not bind to its enclosing slice: {e}"
                    ));
                }
            }
            other => return Err(format!("event {i}: unexpected phase `{other}`")),
        }
        events.push(ev);
    }
    let process = process.ok_or("no process_name")?;
    if pids.len() != 1 {
        return Err(format!("expected one process, found pids {pids:?}"));
    }
    let used: BTreeSet<u64> = events.iter().map(|e| e.tid).collect();
    for tid in &used {
        if !threads.contains_key(tid) || !sorted_threads.contains(tid) {
            return Err(format!("tid {tid} has no thread_name or thread_sort_index"));
        }
    }
    let unique: BTreeSet<&String> = threads.values().collect();
    if unique.len() != threads.len() {
        return Err(format!("two threads share a name: {threads:?}"));
    }
    check_order(&events)?;
    check_nesting(&events)?;
    let flows = check_flows(&events, list)?;
    Ok(Checked {
        process,
        threads,
        events,
        flows,
    })
}

/// Timestamps never go back on a thread, and the file is already in the order Perfetto sorts
/// it into (so a reader that keeps file order for ties reads the same).
fn check_order(events: &[Ev]) -> Result<(), String> {
    let mut last: BTreeMap<u64, u64> = BTreeMap::new();
    for e in events {
        let prev = last.insert(e.tid, e.ts).unwrap_or(0);
        if e.ts < prev {
            return Err(format!(
                "event {} goes back in time on tid {} ({} < {prev})",
                e.index, e.tid, e.ts
            ));
        }
    }
    let mut sorted: Vec<&Ev> = events.iter().collect();
    sorted.sort_by_key(|e| (e.ts, perfetto_key(e), e.index));
    if let Some((a, b)) = sorted.iter().zip(events).find(|(a, b)| a.index != b.index) {
        return Err(format!(
            "Perfetto reads event {} where the file has event {}",
            a.index, b.index
        ));
    }
    Ok(())
}

/// Perfetto's order for events at one time: slices that last longer first, then the rest.
fn perfetto_key(e: &Ev) -> u64 {
    if e.ph == "X" {
        u64::MAX - e.dur
    } else {
        u64::MAX
    }
}

/// On each thread, two slices are either disjoint or one holds the other.
fn check_nesting(events: &[Ev]) -> Result<(), String> {
    let mut by_tid: BTreeMap<u64, Vec<&Ev>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.ph == "X") {
        by_tid.entry(e.tid).or_default().push(e);
    }
    for (tid, mut slices) in by_tid {
        slices.sort_by_key(|e| (e.ts, u64::MAX - e.dur, e.index));
        let mut stack: Vec<&Ev> = Vec::new();
        for e in slices {
            while stack.last().is_some_and(|top| top.end() <= e.ts) {
                stack.pop();
            }
            if let Some(top) = stack.last()
                && e.end() > top.end()
            {
                return Err(format!(
                    "on tid {tid}, slice {} [{}, {}] overlaps slice {} [{}, {}] without nesting",
                    e.index,
                    e.ts,
                    e.end(),
                    top.index,
                    top.ts,
                    top.end()
                ));
            }
            stack.push(e);
        }
    }
    Ok(())
}

/// Every `s` has exactly one `f` with its id, name and cat; each end lies in a slice of its
/// thread; and read as Perfetto reads them, the `s` binds to the wake on its thread and the
/// `f` to a poll that starts at its time.
fn check_flows(events: &[Ev], list: &[Value]) -> Result<Vec<Flow>, String> {
    let id_of = |e: &Ev| list[e.index]["id"].as_u64().expect("checked");
    let mut starts: BTreeMap<u64, &Ev> = BTreeMap::new();
    let mut ends: BTreeMap<u64, &Ev> = BTreeMap::new();
    for e in events {
        let map = match e.ph.as_str() {
            "s" => &mut starts,
            "f" => &mut ends,
            _ => continue,
        };
        if map.insert(id_of(e), e).is_some() {
            return Err(format!("flow {} has two `{}` events", id_of(e), e.ph));
        }
    }
    // Per thread: its slices by start, and the times of its instants and slice starts.
    let mut slices: BTreeMap<u64, Vec<(u64, u64)>> = BTreeMap::new();
    let mut instants = BTreeSet::new();
    let mut slice_starts = BTreeSet::new();
    for e in events {
        match e.ph.as_str() {
            "X" => {
                slices.entry(e.tid).or_default().push((e.ts, e.end()));
                slice_starts.insert((e.tid, e.ts));
            }
            "i" => {
                instants.insert((e.tid, e.ts));
            }
            _ => {}
        }
    }
    for list in slices.values_mut() {
        list.sort_unstable();
    }
    let in_a_slice = |tid: u64, ts: u64| {
        slices.get(&tid).is_some_and(|list| {
            let after = list.partition_point(|&(start, _)| start <= ts);
            list[..after].iter().rev().any(|&(_, end)| end >= ts)
        })
    };
    for (id, start) in &starts {
        let end = ends
            .get(id)
            .ok_or_else(|| format!("flow {id} starts but never ends"))?;
        if (&start.name, &start.cat) != (&end.name, &end.cat) {
            return Err(format!("flow {id}: its ends differ in name or cat"));
        }
        if end.ts < start.ts {
            return Err(format!("flow {id} ends before it starts"));
        }
        if !in_a_slice(start.tid, start.ts) && !instants.contains(&(start.tid, start.ts)) {
            return Err(format!(
                "flow {id} starts outside any slice of tid {}",
                start.tid
            ));
        }
        if !slice_starts.contains(&(end.tid, end.ts)) {
            return Err(format!(
                "flow {id} ends at {} on tid {}, where no slice starts",
                end.ts, end.tid
            ));
        }
    }
    if let Some(id) = ends.keys().find(|id| !starts.contains_key(id)) {
        return Err(format!("flow {id} ends but never starts"));
    }
    // Perfetto's reading: the file's order (checked to be its sorted order), a stack per
    // thread.
    let mut stacks: BTreeMap<u64, Vec<&Ev>> = BTreeMap::new();
    let mut from: BTreeMap<u64, &Ev> = BTreeMap::new();
    let mut to: BTreeMap<u64, &Ev> = BTreeMap::new();
    for e in events {
        let stack = stacks.entry(e.tid).or_default();
        match e.ph.as_str() {
            "X" | "i" => {
                while let Some(top) = stack.last() {
                    let before = top.end() < e.ts;
                    let same_end = top.end() == e.ts && !(top.dur == 0 && e.dur == 0);
                    if before || same_end {
                        stack.pop();
                    } else {
                        break;
                    }
                }
                stack.push(e);
            }
            "s" => {
                let top = stack
                    .last()
                    .ok_or_else(|| format!("flow {} starts with no open slice", id_of(e)))?;
                if !(top.ph == "i" && top.name == "woken" && top.ts == e.ts) {
                    return Err(format!(
                        "flow {} binds to event {} ({} {:?}), not to its wake",
                        id_of(e),
                        top.index,
                        top.ph,
                        top.name
                    ));
                }
                from.insert(id_of(e), top);
            }
            "f" => {
                let top = stack
                    .last()
                    .ok_or_else(|| format!("flow {} ends with no open slice", id_of(e)))?;
                if !(top.ph == "X" && top.cat == "poll" && top.ts == e.ts) {
                    return Err(format!(
                        "flow {} binds to event {} ({} {:?}), not to the poll it woke",
                        id_of(e),
                        top.index,
                        top.ph,
                        top.name
                    ));
                }
                to.insert(id_of(e), top);
            }
            _ => {}
        }
    }
    let mut flows: Vec<Flow> = starts
        .iter()
        .map(|(id, start)| Flow {
            id: *id,
            start: (*start).clone(),
            from: from[id].clone(),
            to: to[id].clone(),
        })
        .collect();
    flows.sort_by_key(|f| f.start.index);
    Ok(flows)
}
