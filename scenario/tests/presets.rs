//! Every preset's trace is a snapshot (insta): any change in runtime or interpreter behaviour
//! shows up as a reviewable diff in `tests/snapshots/presets__NAME.snap`. After a deliberate
//! change, review the diff and accept it with `INSTA_UPDATE=always cargo test -p scenario
//! --test presets` (or `cargo insta review`, where cargo-insta is installed).
//!
//! A trace longer than `FULL_LIMIT` lines (the 100,000-event preset: 7 MB of text) is stored
//! as its length, a 64-bit FNV-1a hash of the whole text, how many events of each kind it has,
//! and its first and last lines: small enough to keep in the repository, and a change in its
//! middle still shows as a changed count or, at least, a changed hash.

use runtime_core::trace::text;

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
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for line in lines {
        let kind = line.split(' ').nth(1).unwrap_or("?");
        *kinds.entry(kind).or_default() += 1;
    }
    let mut s = format!(
        "# {} events, fnv1a64 {hash:016x}; first and last {EDGE} shown\n# kinds:",
        lines.len()
    );
    for (kind, n) in kinds {
        s += &format!(" {kind}={n}");
    }
    s += "\n";
    s += &lines[..EDGE].join("\n");
    s += "\n...\n";
    s += &lines[lines.len() - EDGE..].join("\n");
    s + "\n"
}

#[test]
fn preset_traces_match_their_snapshots() {
    let presets = scenario::presets::all();
    assert!(presets.len() >= 14);
    let mut failures = Vec::new();
    for preset in presets {
        let program = scenario::compile(&preset.source)
            .unwrap_or_else(|e| panic!("preset {}: {}", preset.name, e.render(&preset.name)));
        assert!(
            !preset.title.is_empty() && preset.text.len() > 100,
            "{} needs teaching text",
            preset.name
        );
        let result = scenario::run(&program, &scenario::RunOptions::default());
        let got = snapshot_of(&text::lines(&result.events));
        // Every preset is checked (insta prints each diff), then the failures are listed.
        let checked = std::panic::catch_unwind(|| {
            insta::with_settings!({ snapshot_path => "snapshots", omit_expression => true }, {
                insta::assert_snapshot!(preset.name.as_str(), got);
            });
        });
        if checked.is_err() {
            failures.push(preset.name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "these presets' traces changed: {failures:?}; review the diffs above, then accept them \
         with INSTA_UPDATE=always"
    );
}
