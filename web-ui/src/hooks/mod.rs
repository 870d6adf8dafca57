//! The page's effects that reach outside the reducer (other windows, timers, storage), as Yew
//! hooks: each one named, with its own module doc, called once by [`crate::App`].

pub mod build_status;
pub mod engine;
pub mod keyboard;
pub mod live;
pub mod persistence;
pub mod play;
pub mod rerun;
pub mod url;
