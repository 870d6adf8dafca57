//! Ready-made programs, each with a title and a paragraph of teaching text.
//!
//! A preset file starts with `//!` lines: the first is the title, the rest the teaching text;
//! then comes the program. The files live in `scenario/presets/`: compiled in natively (the
//! `bundled` feature), fetched as data by the page. Every preset's trace is a snapshot test
//! (`tests/presets.rs`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// One preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A short id (the file name without its number and extension), used in links.
    pub name: String,
    /// The first `//!` line.
    pub title: String,
    /// The other `//!` lines, joined into one paragraph.
    pub text: String,
    /// The whole file.
    pub source: String,
}

impl Preset {
    /// Reads a preset file: `file` is its name (`NN_name.scn`, which gives the preset its
    /// name), `source` its text. An error names what is wrong with the file name.
    pub fn from_file(file: &str, source: &str) -> Result<Preset, String> {
        let name = file
            .strip_suffix(".scn")
            .and_then(|stem| stem.split_once('_'))
            .filter(|(number, name)| {
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty()
            })
            .map(|(_, name)| name)
            .ok_or_else(|| {
                format!("`{file}` is not a preset's file name, such as `01_fifo.scn`")
            })?;
        let mut doc = source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l[3..].trim());
        let title = String::from(doc.next().unwrap_or(name));
        let text = doc.collect::<Vec<_>>().join(" ");
        Ok(Preset {
            name: String::from(name),
            title,
            text,
            source: String::from(source),
        })
    }
}

/// The preset files compiled in (`NN_name.scn`), in teaching order. The page does not link
/// them: it fetches the same files as data (see `classroom::Library`).
#[cfg(feature = "bundled")]
pub const FILES: &[(&str, &str)] = {
    macro_rules! files {
        ($($file:literal),* $(,)?) => {
            &[$(($file, include_str!(concat!("../presets/", $file)))),*]
        };
    }
    files![
        "01_fifo.scn",
        "02_yield_now.scn",
        "03_blocking.scn",
        "04_wheel_cascade.scn",
        "05_backpressure.scn",
        "06_select_cancel.scn",
        "07_timeout.scn",
        "08_join_abort.scn",
        "09_lost_waker.scn",
        "10_budget.scn",
        "11_event_interval.scn",
        "12_io_reactor.scn",
        "13_work_stealing.scn",
        "14_thousand_timeouts.scn",
        "15_tour.scn",
        "16_hundred_thousand.scn",
        "17_lifo_slot.scn",
        "18_completion_read.scn",
        "19_spawn_or_join.scn",
        "20_keep_across_select.scn",
    ]
};

/// Every compiled-in preset, in teaching order.
///
/// # Panics
///
/// If a compiled-in file name is not `NN_name.scn` (a test reads every one).
#[cfg(feature = "bundled")]
pub fn all() -> Vec<Preset> {
    FILES
        .iter()
        .map(|(file, source)| Preset::from_file(file, source).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The compiled-in preset called `name`.
#[cfg(feature = "bundled")]
pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}
