//! The solutions, mirroring `src/exercises/`. Built in as `exercises::solutions` (for the demo
//! traces and the tests) and, with `--features solutions`, as `exercises::exercises` too.

// Learner-facing code uses the `std` paths learners know (`std::rc::Rc`, `std::sync::Arc`),
// not the `core`/`alloc` paths the workspace asks of library code.
pub mod e01_countdown;
pub mod e02_state_machine;
pub mod e03_counting_waker;
pub mod e04_block_on;
pub mod e05_executor;
pub mod e06_join_handle;
pub mod e07_wheel_math;
pub mod e08_timer_wheel;
pub mod e09_sleep;
pub mod e10_reactor;
pub mod e11_work_stealing;
pub mod e12_budget;
pub mod e13_cancel_safety;
pub mod e14_blocking_detector;
pub mod e15_lost_waker_hunt;
pub mod e16_pin_projection;
pub mod e17_instrumented;
pub mod e18_capstone;
