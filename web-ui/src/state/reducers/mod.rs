//! The reducer, split by concern: each part applies the actions of one concern to the state.
//! [`crate::state::apply`] sends each action to its part.

pub(super) mod challenge;
pub(super) mod program;
pub(super) mod stepping;
pub(super) mod walkthrough;
