//! Known-wrong variants of every exercise: the bugs learners write, each implementing the
//! exercise's `Subject` trait so the real checks grade it. `wrong_variants.rs` asserts that
//! each one fails the check meant to catch it, with the message a learner should see.

#![allow(dead_code)]
// Written as learners write: with the `std` paths they know.
pub mod e01;
pub mod e02;
pub mod e03;
pub mod e04;
pub mod e05;
pub mod e06;
pub mod e07;
pub mod e08;
pub mod e09;
pub mod e10;
pub mod e11;
pub mod e12;
pub mod e13;
pub mod e14;
pub mod e15;
pub mod e16;
pub mod e17;
pub mod e18;
