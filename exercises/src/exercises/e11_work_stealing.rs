//! Exercise 11 — Work stealing: steal half, lose nothing, duplicate nothing.
//!
//! Goal: the two decisions a worker of a multi-threaded scheduler makes when it looks for
//! work (Tokio's multi-thread scheduler, and runtime-core with `workers > 1`).
//!
//! * `steal_half(victim, thief)`: move the first half of `victim`'s queue — rounded up, so a
//!   queue of one task can be stolen; the oldest tasks, from the front — to the back of
//!   `thief`'s queue, in the same order. Return how many moved.
//! * `find_task(me, locals, inject)`: where worker `me` takes its next task: the front of
//!   its own queue; else the front of the shared inject queue; else it steals half of a
//!   sibling's queue — siblings tried in order `me + 1`, `me + 2`, … wrapping around — into
//!   its own queue and runs the *last* task it stole (as Tokio's `steal_into` does), keeping
//!   the others. `None` if there is no work anywhere.
//!
//! Lesson: `exercises/lessons/e11_work_stealing.md`.
//! Grade:  `cargo run --release -p exercises --bin grade -- e11`

use std::collections::VecDeque;

/// Moves the oldest half (rounded up) of `victim`'s tasks to the back of `thief`'s queue.
pub fn steal_half<T>(victim: &mut VecDeque<T>, thief: &mut VecDeque<T>) -> usize {
    // TODO: how many: `n - n / 2` of the victim's `n`. Move them from the victim's front to
    //       the thief's back, keeping their order (`drain(..count)`).
    todo!("steal_half")
}

/// The next task for worker `me`: own queue, inject queue, then stealing from siblings.
pub fn find_task<T>(me: usize, locals: &mut [VecDeque<T>], inject: &mut VecDeque<T>) -> Option<T> {
    // TODO: own queue's front; else the inject queue's front; else for each sibling
    //       (me+1, me+2, … modulo locals.len(), not me): steal half of it into `locals[me]`
    //       and, if anything was stolen, return the last task stolen (the back of
    //       `locals[me]`, which was empty).
    //       (Two `&mut` into one slice: steal into a temporary VecDeque, then append it.)
    todo!("find_task")
}
