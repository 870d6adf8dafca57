//! The lab's content in one value: the presets, the challenges and the walkthroughs, read
//! from their files.
//!
//! Natively the files are compiled in ([`Library::bundled`], the `bundled` feature). The page
//! does not link them (they were 20 KB of its compressed wasm): it fetches one bundle,
//! `content/library.txt`, that `scripts/content-bundle.mjs` writes at build time, and reads it
//! with [`Library::from_bundle`]. The bundle is the files themselves, each after a header line
//! that gives its length, so a file cut short or changed on the way is named, not misread:
//!
//! ```text
//! lab-content 1
//! --- presets/01_fifo.scn 1234
//! (1234 bytes: the file)
//! --- challenges/01_lost_waker.challenge 2345
//! ...
//! --- end 39
//! ```

use crate::challenge::Challenge;
use crate::walkthrough::Walkthrough;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use scenario::presets::Preset;

/// The first line of a bundle: its format and version.
pub const BUNDLE_MAGIC: &str = "lab-content 1";

/// The folders a bundle's files come from, in the order they are read (walkthroughs name
/// presets, so presets come first).
pub const FOLDERS: [&str; 3] = ["presets", "challenges", "walkthroughs"];

/// The presets, challenges and walkthroughs, in teaching order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    /// Ready-made programs.
    pub presets: Vec<Preset>,
    /// Challenges a learner solves in the page.
    pub challenges: Vec<Challenge>,
    /// Walkthroughs an instructor steps through.
    pub walkthroughs: Vec<Walkthrough>,
}

impl Library {
    /// Reads the files of each folder (`(file name, text)`, in teaching order). An error names
    /// the file, and the line where the file has one.
    pub fn from_files(
        presets: &[(&str, &str)],
        challenges: &[(&str, &str)],
        walkthroughs: &[(&str, &str)],
    ) -> Result<Library, String> {
        let presets = presets
            .iter()
            .map(|(file, text)| Preset::from_file(file, text).map_err(|e| format!("presets/{e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let challenges = challenges
            .iter()
            .map(|(file, text)| {
                Challenge::parse(text).map_err(|e| format!("challenges/{file}, {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let walkthroughs = walkthroughs
            .iter()
            .map(|(file, text)| {
                Walkthrough::parse(text, &presets).map_err(|e| format!("walkthroughs/{file}, {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Library {
            presets,
            challenges,
            walkthroughs,
        })
    }

    /// Reads a bundle (see the module's doc). An error says what is wrong and where: a
    /// missing or unknown header, a file cut short, a file that does not parse.
    pub fn from_bundle(bundle: &str) -> Result<Library, String> {
        let files = split_bundle(bundle)?;
        let folder = |name: &str| -> Vec<(&str, &str)> {
            files
                .iter()
                .filter(|(f, _, _)| *f == name)
                .map(|(_, file, text)| (*file, *text))
                .collect()
        };
        Library::from_files(
            &folder("presets"),
            &folder("challenges"),
            &folder("walkthroughs"),
        )
    }

    /// The files compiled into this build.
    ///
    /// # Panics
    ///
    /// If a compiled-in file does not parse (the crate's tests read every one).
    #[cfg(feature = "bundled")]
    pub fn bundled() -> Library {
        Library::from_files(
            scenario::presets::FILES,
            crate::challenge::FILES,
            crate::walkthrough::FILES,
        )
        .unwrap_or_else(|e| panic!("a compiled-in file: {e}"))
    }

    /// The compiled-in files as a bundle, as `scripts/content-bundle.mjs` writes it (a test
    /// compares the two).
    #[cfg(feature = "bundled")]
    pub fn bundled_text() -> String {
        let mut out = String::from(BUNDLE_MAGIC);
        out.push('\n');
        let folders: [&[(&str, &str)]; 3] = [
            scenario::presets::FILES,
            crate::challenge::FILES,
            crate::walkthrough::FILES,
        ];
        for (folder, files) in FOLDERS.iter().zip(folders) {
            for (file, text) in files {
                out.push_str(&format!("--- {folder}/{file} {}\n", text.len()));
                out.push_str(text);
            }
        }
        let count: usize = folders.iter().map(|f| f.len()).sum();
        out.push_str(&format!("--- end {count}\n"));
        out
    }

    /// The preset called `name`.
    pub fn preset(&self, name: &str) -> Option<&Preset> {
        self.presets.iter().find(|p| p.name == name)
    }

    /// The challenge with this id.
    pub fn challenge(&self, id: &str) -> Option<&Challenge> {
        self.challenges.iter().find(|c| c.id == id)
    }

    /// The walkthrough with this id.
    pub fn walkthrough(&self, id: &str) -> Option<&Walkthrough> {
        self.walkthroughs.iter().find(|w| w.id == id)
    }
}

/// The files of a bundle: `(folder, file name, text)`, in order.
fn split_bundle(bundle: &str) -> Result<Vec<(&str, &str, &str)>, String> {
    let Some(rest) = bundle
        .strip_prefix(BUNDLE_MAGIC)
        .and_then(|r| r.strip_prefix('\n'))
    else {
        let first = bundle.lines().next().unwrap_or("");
        let first: String = first.chars().take(40).collect();
        return Err(format!(
            "it does not start with `{BUNDLE_MAGIC}` (it starts with `{first}`): it is not the \
             lab's content, or it is from another version of the lab"
        ));
    };
    let mut files = Vec::new();
    let mut rest = rest;
    loop {
        if rest.is_empty() {
            let last = files.last().map_or("its first line", |(_, file, _)| *file);
            return Err(format!(
                "it stops after {last}, without its last line `--- end N`: the file was cut short"
            ));
        }
        let (header, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if let Some(count) = header.strip_prefix("--- end ") {
            if count.parse() != Ok(files.len()) || !after.is_empty() {
                return Err(format!(
                    "it ends with `{header}` after {} files: the file was changed",
                    files.len()
                ));
            }
            return Ok(files);
        }
        let bad = || {
            format!("`{header}` should be a file's header, such as `--- presets/01_fifo.scn 1234`")
        };
        let (path, len) = header
            .strip_prefix("--- ")
            .and_then(|h| h.rsplit_once(' '))
            .ok_or_else(bad)?;
        let len: usize = len.parse().map_err(|_| bad())?;
        let (folder, file) = path
            .split_once('/')
            .filter(|_| !path.contains(' '))
            .ok_or_else(bad)?;
        if !FOLDERS.contains(&folder) {
            return Err(format!(
                "`{path}` is not in one of the folders {}",
                FOLDERS.join(", ")
            ));
        }
        if after.len() < len {
            return Err(format!(
                "it ends {} bytes into `{path}`, which has {len}: the file was cut short",
                after.len()
            ));
        }
        if !after.is_char_boundary(len) {
            return Err(format!(
                "`{path}` does not end where its header says ({len} bytes): the file was changed"
            ));
        }
        let (text, next) = after.split_at(len);
        files.push((folder, file, text));
        rest = next;
    }
}
