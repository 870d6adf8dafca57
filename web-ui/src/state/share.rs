//! Shareable links: the URL fragment holds the program, the settings and the step, so a link
//! opens exactly that view. Pure encode/decode (the `services::url` module reads and writes
//! `location.hash`).
//!
//! `#v=1&preset=NAME&src=BASE64URL&set=ei:61,gqi:31,b:128,w:1,l:0,wh:tokio,s:7&step=42`
//!
//! `src` is omitted when the program is an unchanged preset, so such links stay short. A
//! link that cannot be read gives an error that says why; the caller keeps the current work.

use scenario::interp::Overrides;
use scenario::program::{Budget, Wheel};

/// What a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub source: String,
    pub preset: Option<String>,
    pub overrides: Overrides,
    pub cursor: usize,
    /// A walkthrough and the stop to open it at (its program and settings come with it).
    pub walk: Option<(String, usize)>,
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding and the `+/` alphabet are accepted too).
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => continue,
            _ => return Err(format!("`{}` is not a base64 character", c as char)),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if bits >= 6 {
        return Err("it ends in the middle of a character (was the link cut short?)".into());
    }
    Ok(out)
}

/// The fragment (without `#`) for `shared`.
pub fn encode(shared: &Shared) -> String {
    if let Some((id, stop)) = &shared.walk {
        return format!("v=1&walk={id}&stop={}&step={}", stop + 1, shared.cursor);
    }
    let mut parts = vec!["v=1".to_string()];
    let library = crate::content::library();
    let preset_source = shared
        .preset
        .as_deref()
        .and_then(|name| library.preset(name))
        .filter(|p| p.source == shared.source);
    if let Some(p) = &shared.preset {
        parts.push(format!("preset={p}"));
    }
    if preset_source.is_none() {
        parts.push(format!("src={}", base64_encode(shared.source.as_bytes())));
    }
    let set = encode_overrides(&shared.overrides);
    if !set.is_empty() {
        parts.push(format!("set={set}"));
    }
    parts.push(format!("step={}", shared.cursor));
    parts.join("&")
}

fn encode_overrides(o: &Overrides) -> String {
    let mut s = Vec::new();
    if let Some(v) = o.event_interval {
        s.push(format!("ei:{v}"));
    }
    if let Some(v) = o.global_queue_interval {
        s.push(format!("gqi:{v}"));
    }
    match o.budget {
        Some(Budget::Off) => s.push("b:off".into()),
        Some(Budget::Units(n)) => s.push(format!("b:{n}")),
        None => {}
    }
    if let Some(w) = o.workers {
        s.push(format!("w:{w}"));
    }
    if let Some(l) = o.lifo {
        s.push(format!("l:{}", u8::from(l)));
    }
    match o.wheel {
        Some(Wheel::Tokio) => s.push("wh:tokio".into()),
        Some(Wheel::Small) => s.push("wh:small".into()),
        None => {}
    }
    if let Some(seed) = o.seed {
        s.push(format!("s:{seed}"));
    }
    s.join(",")
}

/// Reads a fragment (with or without `#`). `Ok(None)` for an empty fragment.
pub fn decode(fragment: &str) -> Result<Option<Shared>, String> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.is_empty() {
        return Ok(None);
    }
    let mut shared = Shared {
        source: String::new(),
        preset: None,
        overrides: Overrides::default(),
        cursor: 0,
        walk: None,
    };
    let mut have_source = false;
    let mut version = None;
    let mut walk: Option<String> = None;
    let mut stop: usize = 1;
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` has no `=`"))?;
        match key {
            "v" => version = Some(value.to_string()),
            "preset" => shared.preset = Some(value.to_string()),
            "src" => {
                let bytes = base64_decode(value)
                    .map_err(|e| format!("the program part is damaged: {e}"))?;
                shared.source = String::from_utf8(bytes)
                    .map_err(|_| "the program part is not valid text".to_string())?;
                have_source = true;
            }
            "set" => shared.overrides = decode_overrides(value)?,
            "step" => {
                shared.cursor = value
                    .parse()
                    .map_err(|_| format!("the step `{value}` is not a number"))?;
            }
            "walk" => walk = Some(value.to_string()),
            "stop" => {
                stop = value
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("the stop `{value}` is not a number from 1"))?;
            }
            other => return Err(format!("it has an unknown part `{other}`")),
        }
    }
    if version.as_deref() != Some("1") {
        return Err("it was not made by this version of the lab (no `v=1`)".into());
    }
    if let Some(id) = walk {
        let library = crate::content::library();
        let w = library
            .walkthrough(&id)
            .ok_or_else(|| format!("there is no walkthrough `{id}`"))?;
        if stop > w.stops.len() {
            return Err(format!(
                "the walkthrough `{id}` has {} stops, not {stop}",
                w.stops.len()
            ));
        }
        shared.source = w.source();
        shared.overrides = w.settings;
        shared.walk = Some((id, stop - 1));
        return Ok(Some(shared));
    }
    if !have_source {
        let name = shared
            .preset
            .as_deref()
            .ok_or("it has no program and no preset")?;
        let library = crate::content::library();
        let preset = library
            .preset(name)
            .ok_or_else(|| format!("there is no preset `{name}`"))?;
        shared.source = preset.source.clone();
    }
    Ok(Some(shared))
}

fn decode_overrides(text: &str) -> Result<Overrides, String> {
    let mut o = Overrides::default();
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = item
            .split_once(':')
            .ok_or_else(|| format!("setting `{item}` has no `:`"))?;
        let bad = || format!("setting `{item}` is not valid");
        match k {
            "ei" => o.event_interval = Some(v.parse().ok().filter(|&n| n >= 1).ok_or_else(bad)?),
            "gqi" => {
                o.global_queue_interval = Some(v.parse().ok().filter(|&n| n >= 1).ok_or_else(bad)?)
            }
            "b" if v == "off" => o.budget = Some(Budget::Off),
            "b" => {
                o.budget = Some(Budget::Units(
                    v.parse().ok().filter(|&n| n >= 1).ok_or_else(bad)?,
                ))
            }
            "w" => {
                o.workers = Some(
                    v.parse()
                        .ok()
                        .filter(|n| (1..=16).contains(n))
                        .ok_or_else(bad)?,
                )
            }
            "l" => o.lifo = Some(v == "1"),
            "wh" if v == "tokio" => o.wheel = Some(Wheel::Tokio),
            "wh" if v == "small" => o.wheel = Some(Wheel::Small),
            "s" => o.seed = Some(v.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        for n in 0..70 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)).unwrap(), bytes, "{n}");
        }
    }

    #[test]
    fn links_round_trip() {
        let shared = Shared {
            walk: None,
            source: "task a { print(\"héllo & bye\"); }\n".into(),
            preset: None,
            overrides: Overrides {
                event_interval: Some(7),
                global_queue_interval: Some(5),
                budget: Some(Budget::Off),
                workers: Some(4),
                lifo: Some(true),
                wheel: Some(Wheel::Small),
                seed: Some(4_000_000_000),
            },
            cursor: 42,
        };
        assert_eq!(decode(&encode(&shared)).unwrap(), Some(shared));
    }

    #[test]
    fn an_unchanged_preset_gives_a_short_link() {
        let p = scenario::presets::find("fifo").unwrap();
        let shared = Shared {
            source: p.source,
            preset: Some("fifo".into()),
            overrides: Overrides::default(),
            cursor: 3,
            walk: None,
        };
        let link = encode(&shared);
        assert_eq!(link, "v=1&preset=fifo&step=3");
        assert_eq!(decode(&link).unwrap(), Some(shared));
    }

    #[test]
    fn corrupt_links_say_why() {
        for (link, why) in [
            (
                "#v=1&src=%%%",
                "the program part is damaged: `%` is not a base64 character",
            ),
            ("#v=1&src=QUJD&step=x", "the step `x` is not a number"),
            (
                "#src=QUJD",
                "it was not made by this version of the lab (no `v=1`)",
            ),
            ("#v=1&preset=nope", "there is no preset `nope`"),
            ("#v=1&src=QUJD&set=w:99", "setting `w:99` is not valid"),
            ("#v=1&src=_w", "the program part is not valid text"),
            ("#v=1&what", "`what` has no `=`"),
            (
                "#v=1&src=QUJDR",
                "the program part is damaged: it ends in the middle of a character (was the link cut short?)",
            ),
        ] {
            assert_eq!(decode(link).unwrap_err(), why, "{link}");
        }
        assert_eq!(decode("").unwrap(), None);
    }
}
