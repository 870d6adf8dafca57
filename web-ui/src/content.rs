//! The lab's content (presets, challenges, walkthroughs): fetched once as the page starts
//! (`services::content`, from the bundle the build writes), then read everywhere through
//! [`library`]. It does not change while the page is open, so it is held here, beside the
//! reducer's state rather than in it: reducers and views read it as they would a constant.
//! The page's wasm holds none of it (it was 20 KB of the compressed page).

use crate::state::RunData;
use classroom::Library;
use scenario::Outline;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static LIBRARY: RefCell<Option<Rc<Library>>> = const { RefCell::new(None) };
    static PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
    static FIRST_RUN: RefCell<Option<Rc<FirstRun>>> = const { RefCell::new(None) };
}

/// The run the first screen shows before the engine has loaded (`content/first-run.bin`: the
/// first preset, run with the default settings by the engine at build time).
#[derive(Debug)]
pub struct FirstRun {
    /// The program it is a run of.
    pub source: Rc<str>,
    /// The program's outline.
    pub outline: Rc<Outline>,
    /// The run, indexed.
    pub run: Rc<RunData>,
}

/// The first run, if it was fetched and read.
pub fn first_run() -> Option<Rc<FirstRun>> {
    FIRST_RUN.with(|f| f.borrow().clone())
}

/// Keeps `first` for the first screen.
pub fn install_first_run(first: engine::FirstRun) {
    let outline = Rc::new(first.outline);
    let run = Rc::new(RunData::from_run(first.run, outline.clone()));
    let first = FirstRun {
        source: Rc::from(first.source),
        outline,
        run,
    };
    FIRST_RUN.with(|f| *f.borrow_mut() = Some(Rc::new(first)));
}

/// The content; empty until [`install`] (or after a failed load: see [`problem`]). Tests of
/// this crate read the compiled-in content.
pub fn library() -> Rc<Library> {
    LIBRARY.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| Rc::new(fallback()))
            .clone()
    })
}

#[cfg(test)]
fn fallback() -> Library {
    Library::bundled()
}

#[cfg(not(test))]
fn fallback() -> Library {
    Library::default()
}

/// Makes `library` the content every view and reducer reads.
pub fn install(library: Library) {
    LIBRARY.with(|l| *l.borrow_mut() = Some(Rc::new(library)));
}

/// The content could not be loaded: the page goes on without it and says `why`.
pub fn failed(why: String) {
    install(Library::default());
    PROBLEM.with(|p| *p.borrow_mut() = Some(why));
}

/// Why the content is missing, if it is.
pub fn problem() -> Option<String> {
    PROBLEM.with(|p| p.borrow().clone())
}
