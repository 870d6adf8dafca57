//! "Did you mean ...?": the closest known name to a misspelt one.
//!
//! Uses the optimal-string-alignment distance (Levenshtein plus swapping two neighbours,
//! so `yeild_now` finds `yield_now` in one step) with rustc's threshold: a third of the
//! name's length, at least one edit.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Edit distance between `a` and `b`, counting insertions, deletions, substitutions and
/// transpositions of adjacent characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the classic table: two back (for transpositions), previous, current.
    let mut before: Vec<usize> = (0..=b.len()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = alloc::vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        core::mem::swap(&mut before, &mut prev);
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `name`, if one is close enough; ties go to the first.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count().max(3)) / 3;
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let d = distance(name, candidate);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `x`?)` when a candidate is close to `name` (see [`closest`]), else nothing:
/// the hint every "unknown ..." message carries.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("slep", "sleep"), 1);
        assert_eq!(distance("yeild_now", "yield_now"), 1);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_respects_the_threshold() {
        let builtins = ["sleep", "yield_now", "timeout", "work"];
        assert_eq!(closest("slep", builtins), Some("sleep"));
        assert_eq!(closest("timout", builtins), Some("timeout"));
        assert_eq!(closest("banana", builtins), None);
        assert_eq!(closest("wrk", builtins), Some("work"));
    }
}
