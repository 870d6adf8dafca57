//! Ready-made programs, each with a title and a paragraph of teaching text.
//!
//! A preset file starts with `//!` lines: the first is the title, the rest the teaching text;
//! then comes the program. The files live in `scenario/presets/` and are compiled in, so the
//! browser has them without a server. Every preset's trace is a snapshot test
//! (`tests/presets.rs`).

use alloc::string::String;
use alloc::vec::Vec;

/// One preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A short id (the file name without its number and extension), used in links.
    pub name: &'static str,
    /// The first `//!` line.
    pub title: String,
    /// The other `//!` lines, joined into one paragraph.
    pub text: String,
    /// The whole file.
    pub source: &'static str,
}

macro_rules! presets {
    ($($name:literal => $file:literal),* $(,)?) => {
        const FILES: &[(&str, &str)] = &[$(($name, include_str!(concat!("../presets/", $file)))),*];
    };
}

presets! {
    "fifo" => "01_fifo.scn",
    "yield_now" => "02_yield_now.scn",
    "blocking" => "03_blocking.scn",
    "wheel_cascade" => "04_wheel_cascade.scn",
    "backpressure" => "05_backpressure.scn",
    "select_cancel" => "06_select_cancel.scn",
    "timeout" => "07_timeout.scn",
    "join_abort" => "08_join_abort.scn",
    "lost_waker" => "09_lost_waker.scn",
    "budget" => "10_budget.scn",
    "event_interval" => "11_event_interval.scn",
    "io_reactor" => "12_io_reactor.scn",
    "work_stealing" => "13_work_stealing.scn",
    "thousand_timeouts" => "14_thousand_timeouts.scn",
    "tour" => "15_tour.scn",
    "hundred_thousand" => "16_hundred_thousand.scn",
}

fn parse(name: &'static str, source: &'static str) -> Preset {
    let mut doc = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l[3..].trim());
    let title = String::from(doc.next().unwrap_or(name));
    let text = doc.collect::<Vec<_>>().join(" ");
    Preset {
        name,
        title,
        text,
        source,
    }
}

/// Every preset, in teaching order.
pub fn all() -> Vec<Preset> {
    FILES.iter().map(|(n, s)| parse(n, s)).collect()
}

/// The preset called `name`.
pub fn find(name: &str) -> Option<Preset> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, s)| parse(n, s))
}
