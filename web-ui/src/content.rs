//! The lab's content (presets, challenges, walkthroughs): fetched once as the page starts
//! (`services::content`, from the bundle the build writes), then read everywhere through
//! [`library`]. It does not change while the page is open, so it is held here, beside the
//! reducer's state rather than in it: reducers and views read it as they would a constant.
//! The page's wasm holds none of it (it was 20 KB of the compressed page).

use classroom::Library;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static LIBRARY: RefCell<Option<Rc<Library>>> = const { RefCell::new(None) };
    static PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
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
