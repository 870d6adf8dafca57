//! The lab's engine: compiles and runs programs of the lab's language for the page.
//!
//! The compiler and the interpreter (with the runtime they drive) are about a third of what
//! the page would otherwise download before its first screen, and that screen needs neither:
//! it shows a run shipped beside the page. So they live in a wasm module of their own
//! (`src/bin/engine.rs`), which the page loads after its first screen and then calls
//! synchronously, like any function (`web-ui/src/services/engine.rs`).
//!
//! This crate holds both halves of what crosses between the two modules, so each is tested
//! against the other natively: the engine writes ([`compile`], [`run`]), the page reads
//! ([`read_compiled`], [`read_run`]). A compile crosses as JSON (an [`Outline`] or an
//! [`Error`]: small); a run as a JSON header (outcome, labels, settings) and the trace in its
//! packed form (`runtime_core::trace::bytes`), a few bytes an event.

/// Whether the page calls this crate directly instead of loading the engine module (the
/// `linked` feature: the page's browser tests). A constant, so the page's own build, where it
/// is false, links none of the compiler.
pub const LINKED: bool = cfg!(feature = "linked");

use runtime_core::trace::bytes;
use runtime_core::{Config, LabelId};
use scenario::{Error, Outcome, Outline, RunOptions, RunResult};
use serde::{Deserialize, Serialize};

/// Compiles `source`; [`read_compiled`] reads the answer.
pub fn compile(source: &str) -> Vec<u8> {
    let compiled = scenario::compile(source).map(|p| Outline::of(&p));
    serde_json::to_vec(&compiled).expect("an outline or an error serialises")
}

/// Reads what [`compile`] wrote: the program's outline, or its first error.
pub fn read_compiled(reply: &[u8]) -> Result<Result<Outline, Error>, String> {
    serde_json::from_slice(reply).map_err(|e| format!("the engine's compile reply: {e}"))
}

/// What a run sends before its trace.
#[derive(Serialize, Deserialize)]
enum Header {
    Ran {
        outcome: Outcome,
        labels: Vec<LabelId>,
        micros_per_tick: u64,
        config: Config,
    },
    /// The program did not compile.
    Error(Error),
}

/// Compiles and runs `source`; [`read_run`] reads the answer.
pub fn run(source: &str, options: &RunOptions) -> Vec<u8> {
    let (header, events) = match scenario::compile(source) {
        Ok(program) => {
            let r = scenario::run(&program, options);
            let header = Header::Ran {
                outcome: r.outcome,
                labels: r.labels,
                micros_per_tick: r.micros_per_tick,
                config: r.config,
            };
            (header, r.events)
        }
        Err(e) => (Header::Error(e), Vec::new()),
    };
    let header = serde_json::to_vec(&header).expect("a run's header serialises");
    let mut out = Vec::with_capacity(4 + header.len() + 8 * events.len());
    push_part(&mut out, &header);
    out.extend_from_slice(&bytes::to_bytes(&events));
    out
}

/// Appends `part` after its length (4 bytes, little-endian).
fn push_part(out: &mut Vec<u8>, part: &[u8]) {
    out.extend_from_slice(&(part.len() as u32).to_le_bytes());
    out.extend_from_slice(part);
}

/// Splits what [`push_part`] wrote off the front of `bytes`: the part and the rest (`None`
/// when `bytes` is cut short).
fn split_part(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let part = bytes.get(4..4_usize.checked_add(len)?)?;
    Some((part, &bytes[4 + len..]))
}

/// Reads what [`run`] wrote: the run, or the program's first error. The outer error says what
/// is wrong with the reply itself (it is cut off, say).
pub fn read_run(reply: &[u8]) -> Result<Result<RunResult, Error>, String> {
    let (header, trace) =
        split_part(reply).ok_or_else(|| String::from("the engine's run reply is cut off"))?;
    let header: Header =
        serde_json::from_slice(header).map_err(|e| format!("the engine's run reply: {e}"))?;
    match header {
        Header::Error(e) => Ok(Err(e)),
        Header::Ran {
            outcome,
            labels,
            micros_per_tick,
            config,
        } => {
            let events =
                bytes::from_bytes(trace).map_err(|e| format!("the engine's trace: {e}"))?;
            Ok(Ok(RunResult {
                events,
                outcome,
                labels,
                micros_per_tick,
                config,
            }))
        }
    }
}

/// The run a page shows before the engine has loaded: `source` (the first preset) compiled
/// and run with the default settings, as one file the build writes beside the page
/// (`content/first-run.bin`, by `scripts/content-bundle.mjs`, which calls this in the engine
/// module itself). [`read_first_run`] reads it back.
///
/// Layout: `LABF`, a checksum of the rest (64-bit FNV-1a, so a damaged file is refused
/// before its trace is decoded), then the source, the compile reply and the run reply, each
/// but the last after its length.
pub fn first_run(source: &str) -> Vec<u8> {
    let mut body = Vec::new();
    push_part(&mut body, source.as_bytes());
    push_part(&mut body, &compile(source));
    body.extend_from_slice(&run(source, &RunOptions::default()));
    let mut out = Vec::from(&b"LABF"[..]);
    out.extend_from_slice(&fnv1a(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// A first run, read back: the program, its outline and its run.
#[derive(Debug)]
pub struct FirstRun {
    /// The program (the first preset's whole file).
    pub source: String,
    /// Its outline.
    pub outline: Outline,
    /// Its run with the default settings.
    pub run: RunResult,
}

/// Reads what [`first_run`] wrote; the error says what is wrong with the file.
pub fn read_first_run(file: &[u8]) -> Result<FirstRun, String> {
    let damaged = || String::from("the file is damaged");
    if file.get(..4) != Some(&b"LABF"[..]) {
        return Err(String::from(
            "not a first-run file (it does not start with LABF)",
        ));
    }
    let sum = file.get(4..12).ok_or_else(damaged)?;
    let body = &file[12..];
    if u64::from_le_bytes(sum.try_into().expect("8 bytes")) != fnv1a(body) {
        return Err(damaged());
    }
    let (source, rest) = split_part(body).ok_or_else(damaged)?;
    let (compiled, rest) = split_part(rest).ok_or_else(damaged)?;
    let source = String::from_utf8(source.to_vec()).map_err(|_| damaged())?;
    let outline = read_compiled(compiled)?.map_err(|e| format!("its program: {e}"))?;
    let run = read_run(rest)?.map_err(|e| format!("its program: {e}"))?;
    Ok(FirstRun {
        source,
        outline,
        run,
    })
}

/// 64-bit FNV-1a: a checksum that catches a damaged file, not a forged one (the file comes
/// from the same server as the page).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every preset crosses whole: the page sees the run the engine made.
    #[test]
    fn every_preset_crosses_unchanged() {
        for preset in scenario::presets::all() {
            let program = scenario::compile(&preset.source).unwrap();
            let options = RunOptions::default();
            let direct = scenario::run(&program, &options);
            let crossed = read_run(&run(&preset.source, &options)).unwrap().unwrap();
            assert_eq!(crossed.events, direct.events, "{}", preset.name);
            assert_eq!(crossed.outcome, direct.outcome, "{}", preset.name);
            assert_eq!(crossed.labels, direct.labels, "{}", preset.name);
            assert_eq!(crossed.micros_per_tick, direct.micros_per_tick);
            assert_eq!(crossed.config, direct.config, "{}", preset.name);
            let outline = read_compiled(&compile(&preset.source)).unwrap().unwrap();
            assert_eq!(outline, Outline::of(&program), "{}", preset.name);
        }
    }

    #[test]
    fn an_error_crosses_with_its_place() {
        let source = "task main {\n    sleep(5ms).await\n";
        let direct = scenario::compile(source).unwrap_err();
        assert_eq!(
            read_compiled(&compile(source)).unwrap(),
            Err(direct.clone())
        );
        let ran = read_run(&run(source, &RunOptions::default())).unwrap();
        assert_eq!(ran.unwrap_err(), direct);
    }

    #[test]
    fn settings_cross() {
        let preset = scenario::presets::find("fifo").unwrap();
        let mut options = RunOptions::default();
        options.overrides.workers = Some(2);
        options.overrides.seed = Some(7);
        let json = serde_json::to_string(&options).unwrap();
        let back: RunOptions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, options);
        let ran = read_run(&run(&preset.source, &back)).unwrap().unwrap();
        assert_eq!(ran.config.workers, 2);
    }

    #[test]
    fn the_first_run_reads_back_and_a_damaged_one_is_refused() {
        let preset = scenario::presets::find("tour").unwrap();
        let file = first_run(&preset.source);
        let back = read_first_run(&file).unwrap();
        assert_eq!(back.source, preset.source);
        let program = scenario::compile(&preset.source).unwrap();
        assert_eq!(back.outline, Outline::of(&program));
        let direct = scenario::run(&program, &RunOptions::default());
        assert_eq!(back.run.events, direct.events);
        for cut in [0, 3, 11, 12, file.len() / 2, file.len() - 1] {
            assert!(read_first_run(&file[..cut]).is_err(), "cut at {cut}");
        }
        for at in [12, file.len() / 2, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 0x20;
            assert_eq!(read_first_run(&bad).unwrap_err(), "the file is damaged");
        }
    }

    #[test]
    fn a_damaged_reply_is_an_error() {
        let preset = scenario::presets::find("fifo").unwrap();
        let reply = run(&preset.source, &RunOptions::default());
        assert!(read_run(&reply[..2]).is_err());
        assert!(read_run(&reply[..reply.len() - 3]).is_err());
        assert!(read_compiled(b"{").is_err());
    }
}
