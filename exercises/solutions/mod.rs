//! The solutions, mirroring `src/exercises/`. Built in as `exercises::solutions` (for the demo
//! traces and the tests) and, with `--features solutions`, as `exercises::exercises` too.

pub mod e01_countdown;
