//! How the language writes numbers in its own messages: durations as a program writes them
//! (`20ms`, `1500us`, `2s`), and plurals. Parsed and formatted here once: the parser, the
//! checker's errors and the classroom's goal files all read and write durations this way.
//! (Durations for people, `1.5ms` or `250µs`, are `classroom::words::duration`.)

use alloc::format;
use alloc::string::String;

/// The units a duration may have, smallest first, with microseconds in one of each. A suffix
/// is matched in this order, so `ms` is found before `s`.
const UNITS: [(&str, u64); 3] = [("us", 1), ("ms", 1_000), ("s", 1_000_000)];

/// Parses a duration as a program writes it (`20ms`, `500us`, `2s`, `1_000ms`) into
/// microseconds; `None` for anything else, or on overflow.
pub fn parse_duration(text: &str) -> Option<u64> {
    let (digits, factor) = UNITS
        .iter()
        .find_map(|&(unit, factor)| text.strip_suffix(unit).map(|d| (d, factor)))?;
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        n = n.checked_mul(10)?.checked_add(u64::from(c.to_digit(10)?))?;
    }
    n.checked_mul(factor)
}

/// A duration as a program would write it, in the largest unit that is exact: `2s`, `30ms`,
/// `1500us`, `0ms`. [`parse_duration`] reads it back.
pub fn duration_code(us: u64) -> String {
    match UNITS.iter().rev().find(|&&(_, f)| us.is_multiple_of(f)) {
        _ if us == 0 => String::from("0ms"),
        Some(&(unit, factor)) => format!("{}{unit}", us / factor),
        None => format!("{us}us"),
    }
}

/// `1 task`, `2 tasks`, `0 tasks`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_in_the_largest_exact_unit() {
        for (text, us) in [
            ("0ms", 0),
            ("2s", 2_000_000),
            ("30ms", 30_000),
            ("1500us", 1_500),
        ] {
            assert_eq!(duration_code(us), text);
            assert_eq!(parse_duration(text), Some(us));
        }
        assert_eq!(parse_duration("1_000ms"), Some(1_000_000));
        assert_eq!(parse_duration("7us"), Some(7));
        for bad in [
            "",
            "ms",
            "_1ms",
            "1.5ms",
            "10",
            "1 ms",
            "-1ms",
            "99999999999999999999s",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "task"), "1 task");
        assert_eq!(plural(0, "task"), "0 tasks");
        assert_eq!(plural(3, "poll"), "3 polls");
    }
}
