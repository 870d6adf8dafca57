//! Helpers shared by the integration tests (each test file includes what it uses).
#![allow(dead_code)]

pub mod events;
