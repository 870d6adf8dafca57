//! Channels between tasks: bounded [`mpsc`] and [`oneshot`].

pub mod mpsc;
pub mod oneshot;
