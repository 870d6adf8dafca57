//! Grading in the browser. The page sends requests ([`protocol`]) to a Web Worker, which runs
//! the exercises' checks on the learner's code ([`worker`], built into the `grader` binary) and
//! replies. Kept apart from the page so that the page (`web-ui`) never links the learner's code:
//! a learner's save rebuilds only the worker, and a panic or an endless loop in a check can only
//! take a worker down, which the page then replaces.

pub mod protocol;
#[cfg(feature = "worker")]
pub mod worker;
