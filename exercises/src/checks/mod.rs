//! The graded checks, one module per exercise.
//!
//! Each module defines a `Subject` trait (what the learner writes, as fixed signatures), its
//! implementations for [`crate::Learner`] and [`crate::Solution`], a `Checks<S>` table
//! (`Checks::<S>::ALL`: name, points, function) and a `demo` that records a trace. Known-wrong
//! variants in the tests implement `Subject` too, so one check function grades all of them.

/// Implements a checks module's `Subject` for the learner's code and for the solution, with the
/// module's own `subject!` macro (given the marker and the module the code is in), and declares
/// its `Checks<S>` table type: the lines each module from e11 on would otherwise repeat.
macro_rules! learner_and_solution {
    ($subject:ident) => {
        learner_and_solution!($subject, exercises, solutions);
    };
    ($subject:ident, $learner:ident, $solution:ident) => {
        $subject!(crate::Learner, $learner);
        $subject!(crate::Solution, $solution);

        /// The checks, for code `S`.
        #[derive(Debug)]
        pub struct Checks<S>(core::marker::PhantomData<S>);
    };
}

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
