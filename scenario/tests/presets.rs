//! Every preset's trace is a snapshot: any change in runtime or interpreter behaviour shows up
//! as a reviewable diff in `tests/snapshots/NAME.trace`. After a deliberate change, review the
//! diff and regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p scenario --test presets`.
//!
//! A trace longer than `FULL_LIMIT` lines is stored as its length, a 64-bit FNV-1a hash of the
//! whole text, and its first and last lines, so the repository stays small while any change
//! still fails the test.

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)] // tests run with std

use runtime_core::trace::text;
use std::path::PathBuf;

const FULL_LIMIT: usize = 5_000;
const EDGE: usize = 60;

fn snapshot_of(lines: &[String]) -> String {
    if lines.len() <= FULL_LIMIT {
        return lines.join("\n") + "\n";
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for b in line.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut s = format!(
        "# {} events, fnv1a64 {hash:016x}; first and last {EDGE} shown\n",
        lines.len()
    );
    s += &lines[..EDGE].join("\n");
    s += "\n...\n";
    s += &lines[lines.len() - EDGE..].join("\n");
    s + "\n"
}

#[test]
fn preset_traces_match_their_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    let presets = scenario::presets::all();
    assert!(presets.len() >= 14);
    for preset in presets {
        let program = scenario::compile(preset.source)
            .unwrap_or_else(|e| panic!("preset {}: {}", preset.name, e.render(preset.name)));
        assert!(
            !preset.title.is_empty() && preset.text.len() > 100,
            "{} needs teaching text",
            preset.name
        );
        let result = scenario::run(&program, &scenario::RunOptions::default());
        let got = snapshot_of(&text::lines(&result.events));
        let path = dir.join(format!("{}.trace", preset.name));
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let first = got.lines().zip(want.lines()).position(|(a, b)| a != b);
            failures.push(format!(
                "{}: trace differs from {} (first difference at line {:?}); review, then \
                 regenerate with UPDATE_SNAPSHOTS=1",
                preset.name,
                path.display(),
                first.map(|i| i + 1)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
