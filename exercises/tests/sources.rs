//! What the lab ships cites Tokio, futures-rs, tokio-console and embassy at a fixed version,
//! and says what those files really hold.
//!
//! **Where it looks.** The shipped content: every `.md`, `.walk`, `.challenge`, `.scn`, `.rs`
//! and `.toml` file of the workspace (lessons, walkthroughs, challenges, presets,
//! `LANGUAGE.md`, the READMEs, source comments), except `target/`, `node_modules/`, `e2e/`
//! and `tests/` directories (test fixtures are not shown to learners), plus the hints of
//! `info.toml` as the catalogue holds them.
//!
//! **Links.** Every link into `github.com/tokio-rs/*`, `github.com/embassy-rs/*` or
//! `github.com/rust-lang/futures-rs` names a file (`blob/REF/PATH`), a folder
//! (`tree/REF/PATH`), a commit, a release, an issue or a pull request; `REF` is a tag
//! (`NAME-1.2.3`, `v1.2.3`, `1.2.3`) or a 40-digit commit, never a branch. Into a repository
//! with a crate in `Cargo.lock` (tokio-rs/tokio, rust-lang/futures-rs), the path's first
//! folder is the crate (`tokio/src/time/sleep.rs` is the `tokio` crate's `src/time/sleep.rs`),
//! that crate must be in `Cargo.lock`, `REF` must be the tag of its locked version (Tokio's
//! tags are `tokio-1.54.1`, futures-rs's are `0.3.34`), and the path must exist in cargo's own
//! copy of that crate (`$CARGO_HOME/registry/src/*/NAME-VERSION/`, `$HOME/.cargo` without
//! `CARGO_HOME`; `cargo fetch --locked` puts every locked crate there).
//!
//! **Cited paths.** A path in backticks whose first folder is such a crate
//! (`tokio/src/runtime/scheduler/defer.rs`, `futures-core/src/...`) is a citation too, and must
//! exist in that crate's copy. Any other path in backticks (`runtime-core/src/waker.rs`,
//! `embassy-executor/src/raw/run_queue.rs`) is a citation this test cannot read.
//!
//! **Quoted identifiers: the rule.** A *passage* is a list item or a paragraph (of a Markdown
//! file, of a walkthrough, of a comment block in source), or one hint. In a passage, a
//! citation (a link, or a path in backticks) opens a *quote*, which runs to the end of its
//! sentence (a `.`, `?` or `!` that ends a run of text, or is followed by a space) or to the
//! next citation, whichever comes first. Every identifier inside backticks in a quote from a
//! file of a locked crate (each `[A-Za-z_][A-Za-z0-9_]*` of the code span, except Rust keywords
//! and one-letter names) must occur, as a whole word, in that file. Identifiers before a
//! passage's first citation, in a sentence with no citation, or in a quote from a file this
//! test cannot read (this workspace's, console's, embassy's) are not checked. So write the
//! citation first, then what it holds.

extern crate alloc;

use alloc::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The repositories whose links must be pinned (`owner/` covers every repository of it).
const WATCHED: [&str; 3] = ["tokio-rs/", "embassy-rs/", "rust-lang/futures-rs"];

/// A repository with crates in `Cargo.lock`: its crates (the folders its paths start with)
/// and how it tags a release of one of them.
#[derive(Clone, Copy)]
struct LockedRepo {
    repo: &'static str,
    crates: &'static [&'static str],
    tag: fn(&str, &str) -> String,
}

const LOCKED_REPOS: [LockedRepo; 2] = [
    LockedRepo {
        repo: "tokio-rs/tokio",
        crates: &[
            "tokio",
            "tokio-util",
            "tokio-stream",
            "tokio-macros",
            "tokio-test",
        ],
        tag: |name, version| format!("{name}-{version}"),
    },
    LockedRepo {
        repo: "rust-lang/futures-rs",
        crates: &[
            "futures",
            "futures-channel",
            "futures-core",
            "futures-executor",
            "futures-io",
            "futures-macro",
            "futures-sink",
            "futures-task",
            "futures-test",
            "futures-util",
        ],
        tag: |_, version| version.to_string(),
    },
];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// Where the content and the lock are, and where cargo keeps crate sources.
struct World {
    /// Crate name to its locked registry versions.
    lock: BTreeMap<String, BTreeSet<String>>,
    /// `registry/src/<index>/` folders.
    registry: Vec<PathBuf>,
}

impl World {
    fn new() -> World {
        let root = workspace();
        let lock_text = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
            .expect("neither CARGO_HOME nor HOME is set: cannot find cargo's registry");
        let mut registry: Vec<PathBuf> = std::fs::read_dir(cargo_home.join("registry/src"))
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        registry.sort();
        World {
            lock: parse_lock(&lock_text),
            registry,
        }
    }

    /// Cargo's copy of `name` at `version`, if it has one.
    fn source(&self, name: &str, version: &str) -> Option<PathBuf> {
        self.registry
            .iter()
            .map(|index| index.join(format!("{name}-{version}")))
            .find(|dir| dir.is_dir())
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the exercises crate is in the workspace")
        .to_path_buf()
}

/// The registry packages of a `Cargo.lock`: name to versions.
fn parse_lock(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for block in text.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                l.strip_prefix(key)
                    .and_then(|rest| rest.trim().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_string())
            })
        };
        let (Some(name), Some(version), Some(source)) =
            (field("name "), field("version "), field("source "))
        else {
            continue;
        };
        if source.starts_with("registry+") || source.starts_with("sparse+") {
            out.entry(name).or_default().insert(version);
        }
    }
    out
}

/// A file of the content: its path (for messages) and text.
struct Doc {
    name: String,
    text: String,
}

/// The shipped content, plus one doc per hint.
fn shipped_content() -> Vec<Doc> {
    let root = workspace();
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut docs: Vec<Doc> = files
        .into_iter()
        .map(|path| Doc {
            name: path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        })
        .collect();
    for e in exercises::catalogue() {
        for (i, hint) in e.hints.iter().enumerate() {
            docs.push(Doc {
                name: format!("exercises/info.toml ({} hint {})", e.name, i + 1),
                text: (*hint).to_string(),
            });
        }
    }
    docs
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            let skip = name.starts_with('.')
                || ["target", "node_modules", "tests", "e2e"].contains(&name.as_str());
            if !skip {
                collect(&path, out);
            }
        } else if ["md", "walk", "challenge", "scn", "rs", "toml"]
            .iter()
            .any(|ext| name.ends_with(&format!(".{ext}")))
        {
            out.push(path);
        }
    }
}

/// One piece of a passage.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Code(String),
    Link(String),
}

/// A passage cut into text, code spans and link addresses (a Markdown link's text is dropped:
/// its address is the citation).
fn pieces(passage: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = passage;
    while let Some(c) = rest.chars().next() {
        if c == '`'
            && let Some(end) = rest[1..].find('`')
        {
            out.push(Piece::Text(core::mem::take(&mut text)));
            out.push(Piece::Code(rest[1..1 + end].to_string()));
            rest = &rest[end + 2..];
            continue;
        }
        // A Markdown link, `[text](address)`, whose text has no `]` of its own.
        if c == '['
            && let Some(mid) = rest.find("](").filter(|&m| !rest[1..m].contains(']'))
            && let Some(close) = rest[mid..].find(')')
        {
            out.push(Piece::Text(core::mem::take(&mut text)));
            out.push(Piece::Link(rest[mid + 2..mid + close].to_string()));
            rest = &rest[mid + close + 1..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || ")>\"'`]".contains(c))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push(Piece::Text(core::mem::take(&mut text)));
            out.push(Piece::Link(url.to_string()));
            rest = &rest[url.len()..];
            continue;
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push(Piece::Text(text));
    out.retain(|p| *p != Piece::Text(String::new()));
    out
}

/// The passages of a file: list items and paragraphs of its prose (its comments, for source).
fn passages(doc: &Doc) -> Vec<String> {
    let prose: String = if doc.name.ends_with(".rs") || doc.name.ends_with(".scn") {
        // Comment lines; any other line ends the passage.
        doc.text
            .lines()
            .map(|l| {
                let t = l.trim_start();
                ["//!", "///", "//"]
                    .iter()
                    .find_map(|m| t.strip_prefix(m))
                    .map_or(String::new(), |c| format!("{}\n", c.trim()))
            })
            .map(|l| if l.is_empty() { "\n".to_string() } else { l })
            .collect()
    } else if doc.name.ends_with(".toml") {
        // A catalogue's prose is its hints, which are docs of their own; its links are still
        // checked by `github_links`.
        return Vec::new();
    } else {
        doc.text.clone()
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut fenced = false;
    for line in prose.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
            out.push(core::mem::take(&mut current));
            continue;
        }
        if fenced {
            continue;
        }
        let item = t.starts_with("* ")
            || t.starts_with("- ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if t.is_empty() || item || t.starts_with("---") || t.starts_with('|') {
            out.push(core::mem::take(&mut current));
        }
        current.push_str(line);
        current.push('\n');
    }
    out.push(current);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// What a link or a cited path points at.
#[derive(Debug)]
enum Target {
    /// A file or folder in a locked crate's copy, which the quote is checked against.
    Locked { dir: PathBuf, path: String },
    /// A file this test cannot read (not a dependency, or not found: reported elsewhere).
    Elsewhere,
}

/// The links into watched repositories anywhere in `text` (prose, code or comments).
fn github_links(text: &str) -> Vec<&str> {
    text.match_indices("https://github.com/")
        .chain(text.match_indices("http://github.com/"))
        .map(|(at, _)| {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| c.is_whitespace() || ")>\"'`]".contains(c))
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches(['.', ',', ';', ':'])
        })
        .collect()
}

/// A GitHub link into a watched repository: the problems with it, and what it points at
/// (`None` for a link this test does not watch).
fn check_link(world: &World, url: &str) -> (Vec<String>, Option<Target>) {
    let Some(rest) = url
        .strip_prefix("https://github.com/")
        .or_else(|| url.strip_prefix("http://github.com/"))
    else {
        return (Vec::new(), None);
    };
    let rest = rest.split(['#', '?']).next().unwrap_or_default();
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return (Vec::new(), None);
    }
    let repo = format!("{}/{}", parts[0], parts[1]);
    if !WATCHED
        .iter()
        .any(|w| repo == *w || (w.ends_with('/') && repo.starts_with(w)))
    {
        return (Vec::new(), None);
    }
    let kind = parts.get(2).copied().unwrap_or_default();
    let immutable = match kind {
        "pull" | "issues" => parts.get(3).is_some_and(|n| n.parse::<u64>().is_ok()),
        "commit" => parts.get(3).is_some_and(|c| is_commit(c)),
        "releases" => parts.get(3) == Some(&"tag") && parts.get(4).is_some_and(|t| is_tag(t)),
        _ => false,
    };
    if immutable {
        return (Vec::new(), Some(Target::Elsewhere));
    }
    if kind != "blob" && kind != "tree" {
        let problem = format!(
            "{url}: link to a file at a tag or commit (`blob/TAG/PATH`), not to the repository as it is today"
        );
        return (vec![problem], Some(Target::Elsewhere));
    }
    let reference = parts.get(3).copied().unwrap_or_default();
    if !is_commit(reference) && !is_tag(reference) {
        let problem =
            format!("{url}: `{reference}` is a branch: pin the link to a tag or a 40-digit commit");
        return (vec![problem], Some(Target::Elsewhere));
    }
    let path = parts.get(4..).map(|p| p.join("/")).unwrap_or_default();
    let crate_name = path.split('/').next().unwrap_or_default();
    let Some(locked) = LOCKED_REPOS
        .iter()
        .find(|l| l.repo == repo && l.crates.contains(&crate_name))
    else {
        // Not a dependency, or not a crate's file: the pinned form is all there is to check.
        return (Vec::new(), Some(Target::Elsewhere));
    };
    let versions = world.lock.get(crate_name).cloned().unwrap_or_default();
    let tagged = versions
        .iter()
        .find(|v| (locked.tag)(crate_name, v) == reference);
    if tagged.is_none() && !versions.is_empty() {
        let tags: Vec<String> = versions
            .iter()
            .map(|v| format!("`{}`", (locked.tag)(crate_name, v)))
            .collect();
        let problem = format!(
            "{url}: `{reference}` is not the locked version of `{crate_name}`: use {}",
            tags.join(" or ")
        );
        return (vec![problem], Some(Target::Elsewhere));
    }
    locked_path(world, locked, &path, tagged.map(String::as_str))
}

/// A path in a locked repository (`tokio/src/...`): its crate must be in `Cargo.lock`, and the
/// path must exist in cargo's copy of it (of `version`, or of any locked version).
fn locked_path(
    world: &World,
    locked: &LockedRepo,
    path: &str,
    version: Option<&str>,
) -> (Vec<String>, Option<Target>) {
    let (name, inner) = path.split_once('/').unwrap_or((path, ""));
    let Some(versions) = world.lock.get(name) else {
        let problem = format!(
            "`{path}`: `{name}` ({}) is not in Cargo.lock, so cargo has no copy to check it against",
            locked.repo
        );
        return (vec![problem], Some(Target::Elsewhere));
    };
    let mut problems = Vec::new();
    for v in versions.iter().filter(|v| version.is_none_or(|w| w == *v)) {
        let Some(dir) = world.source(name, v) else {
            problems.push(format!(
                "`{path}`: cargo has no copy of {name}-{v} in {:?}: run `cargo fetch --locked`",
                world.registry
            ));
            continue;
        };
        if dir.join(inner).exists() {
            let target = Target::Locked {
                dir,
                path: inner.to_string(),
            };
            return (Vec::new(), Some(target));
        }
        problems.push(format!("`{path}`: no `{inner}` in {name}-{v}"));
    }
    (problems, Some(Target::Elsewhere))
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `1.2.3`, `v1.2.3`, `name-1.2.3`, `name-v1.2.3`: a release tag, not a branch (`tokio-1.38.x`
/// and `master` are branches).
fn is_tag(s: &str) -> bool {
    let version = s.rsplit_once('-').map_or(s, |(_, v)| v);
    let version = version.strip_prefix('v').unwrap_or(version);
    let numbers: Vec<&str> = version.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A code span that is a path (`tokio/src/time/sleep.rs`, `runtime-core/src/lib.rs`): `Some`,
/// with the locked repository whose crate it is in, if any.
fn cited_path(code: &str) -> Option<Option<&'static LockedRepo>> {
    let file = [".rs", ".md", ".toml"].iter().any(|e| code.ends_with(e));
    let looks_like_path = (code.contains("/src/") || (file && code.contains('/')))
        && !code.contains(char::is_whitespace)
        && code.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    if !looks_like_path {
        return None;
    }
    let first = code.split('/').next().unwrap_or_default();
    Some(LOCKED_REPOS.iter().find(|l| l.crates.contains(&first)))
}

fn identifiers(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in code.char_indices().chain([(code.len(), ' ')]) {
        let word = c.is_ascii_alphanumeric() || c == '_';
        match (start, word) {
            (None, true) if !c.is_ascii_digit() => start = Some(i),
            (Some(s), false) => {
                out.push(&code[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    out.retain(|w| w.len() > 1 && !KEYWORDS.contains(w));
    out
}

fn occurs_as_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_word)
            && !text[at + word.len()..].chars().next().is_some_and(is_word)
    })
}

/// Whether a run of text (between code spans and links) ends a sentence.
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '?', '!'])
        || [". ", ".\n", "? ", "?\n", "! ", "!\n"]
            .iter()
            .any(|e| text.contains(e))
}

/// Every problem with the links, cited paths and quoted identifiers of `docs`.
fn problems(world: &World, docs: &[Doc]) -> Vec<String> {
    let mut out = Vec::new();
    let mut sources: BTreeMap<PathBuf, String> = BTreeMap::new();
    for doc in docs {
        for url in github_links(&doc.text) {
            let (p, _) = check_link(world, url);
            out.extend(p.into_iter().map(|p| format!("{}: {p}", doc.name)));
        }
        for passage in passages(doc) {
            // The citation the current quote is from, and the file it names.
            let mut quote: Option<(String, PathBuf)> = None;
            for piece in pieces(&passage) {
                match piece {
                    Piece::Link(url) => {
                        quote = match check_link(world, &url).1 {
                            Some(Target::Locked { dir, path }) => Some((url, dir.join(path))),
                            _ => None,
                        };
                    }
                    Piece::Code(code) => {
                        if let Some(locked) = cited_path(&code) {
                            quote = None;
                            let Some(locked) = locked else { continue };
                            let (p, target) = locked_path(world, locked, &code, None);
                            out.extend(p.into_iter().map(|p| format!("{}: {p}", doc.name)));
                            if let Some(Target::Locked { dir, path }) = target {
                                quote = Some((code.clone(), dir.join(path)));
                            }
                            continue;
                        }
                        let Some((cited, file)) = &quote else {
                            continue;
                        };
                        if file.is_dir() {
                            continue;
                        }
                        let source = sources.entry(file.clone()).or_insert_with(|| {
                            std::fs::read_to_string(file)
                                .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                        });
                        for word in identifiers(&code) {
                            if !occurs_as_word(source, word) {
                                out.push(format!(
                                    "{}: `{word}` (in `{code}`) is quoted as from {cited}, which has no `{word}`",
                                    doc.name
                                ));
                            }
                        }
                    }
                    Piece::Text(text) => {
                        if ends_sentence(&text) {
                            quote = None;
                        }
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn links_are_pinned_and_true_to_the_locked_sources() {
    let world = World::new();
    let docs = shipped_content();
    let lessons = docs
        .iter()
        .filter(|d| d.name.starts_with("exercises/lessons/"))
        .count();
    // One per exercise, and the readings of the morning (lessons with no exercise).
    let readings = exercises::morning()
        .iter()
        .filter(|s| matches!(s.item, exercises::MorningItem::Reading { .. }))
        .count();
    assert_eq!(
        lessons,
        exercises::catalogue().len() + readings,
        "the lessons (one an exercise, and the morning's readings) were not found"
    );
    let problems = problems(&world, &docs);
    assert!(
        problems.is_empty(),
        "{} problem(s) with the links and citations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The test can fail: each of these is a mistake it must report.
#[test]
fn a_branch_a_wrong_tag_a_wrong_path_and_a_wrong_identifier_are_caught() {
    let world = World::new();
    let tokio = world
        .lock
        .get("tokio")
        .and_then(|v| v.iter().next_back())
        .expect("tokio is in Cargo.lock")
        .clone();
    let futures = world
        .lock
        .get("futures-core")
        .and_then(|v| v.iter().next_back())
        .expect("futures-core is in Cargo.lock")
        .clone();
    let doc = |text: String| Doc {
        name: "sample.md".to_string(),
        text,
    };
    let cases = [
        (
            "* [tokio-rs/tokio `tokio/src/task/yield_now.rs`](https://github.com/tokio-rs/tokio/blob/master/tokio/src/task/yield_now.rs) — `yield_now`.".to_string(),
            "is a branch",
        ),
        (
            "* [x](https://github.com/tokio-rs/tokio/blob/tokio-1.0.0/tokio/src/task/yield_now.rs)".to_string(),
            "is not the locked version",
        ),
        (
            format!("* [x](https://github.com/tokio-rs/tokio/blob/tokio-{tokio}/tokio/src/task/yield_later.rs)"),
            "no `src/task/yield_later.rs`",
        ),
        (
            format!("* [x](https://github.com/rust-lang/futures-rs/blob/{futures}/futures-test/src/future/assert_unmoved.rs)"),
            "no `src/future/assert_unmoved.rs`",
        ),
        (
            format!("* [x](https://github.com/tokio-rs/tokio/blob/tokio-{tokio}/tokio/src/task/yield_now.rs) — it is a `YieldNow` struct."),
            "has no `YieldNow`",
        ),
        (
            "Read tokio-rs/tokio `tokio/src/runtime/time/entry.rs`: `Drop for TimerEntry` cancels.".to_string(),
            "has no `Drop`",
        ),
        (
            "See `tokio/src/runtime/scheduler/deferred.rs`.".to_string(),
            "no `src/runtime/scheduler/deferred.rs`",
        ),
        (
            "[console](https://github.com/tokio-rs/console/blob/main/tokio-console/src/warnings.rs)".to_string(),
            "is a branch",
        ),
        (
            "// https://github.com/embassy-rs/embassy/tree/main/embassy-executor".to_string(),
            "is a branch",
        ),
        (
            "[tokio](https://github.com/tokio-rs/tokio)".to_string(),
            "not to the repository as it is today",
        ),
    ];
    for (text, expected) in cases {
        let found = problems(&world, &[doc(text.clone())]);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{text}\nshould be reported ({expected}), got: {found:?}"
        );
    }
    // And these are fine: a pinned link whose quote holds, a sentence that ends the quote,
    // a commit, a tag of a repository that is not a dependency.
    let fine = format!(
        "* [x](https://github.com/tokio-rs/tokio/blob/tokio-{tokio}/tokio/src/task/yield_now.rs) — `yield_now` calls `context::defer`. Not from it: `Handle::spawn`.\n\n\
         * [x](https://github.com/embassy-rs/embassy/blob/177d8774cca900806b76882fda5a692d24b79dc3/embassy-executor/src/raw/mod.rs) — `anything`.\n\n\
         * [x](https://github.com/tokio-rs/console/tree/tokio-console-v0.1.13/tokio-console) — `anything`."
    );
    assert_eq!(problems(&world, &[doc(fine)]), Vec::<String>::new());
}

#[test]
fn tags_and_commits_are_told_from_branches() {
    for tag in ["tokio-1.54.1", "0.3.34", "v0.1.13", "tokio-console-v0.1.13"] {
        assert!(is_tag(tag), "{tag}");
    }
    for branch in ["master", "main", "tokio-1.38.x", "v1.x", "release-0.3"] {
        assert!(!is_tag(branch) && !is_commit(branch), "{branch}");
    }
    assert!(is_commit("177d8774cca900806b76882fda5a692d24b79dc3"));
}
