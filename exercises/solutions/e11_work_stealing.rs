//! Exercise 11 — Work stealing: steal half, lose nothing, duplicate nothing. (Solution.)

use std::collections::VecDeque;

/// Moves the oldest half (rounded up) of `victim`'s tasks to the back of `thief`'s queue.
pub fn steal_half<T>(victim: &mut VecDeque<T>, thief: &mut VecDeque<T>) -> usize {
    let n = victim.len();
    // Rounded up, as Tokio's `steal_into2` (`n - n / 2`): a lone task can still be stolen,
    // and the victim keeps the newer half, which it would reach last anyway.
    let count = n - n / 2;
    thief.extend(victim.drain(..count));
    count
}

/// The next task for worker `me`: own queue, inject queue, then stealing from siblings.
pub fn find_task<T>(me: usize, locals: &mut [VecDeque<T>], inject: &mut VecDeque<T>) -> Option<T> {
    if let Some(task) = locals[me].pop_front() {
        return Some(task);
    }
    if let Some(task) = inject.pop_front() {
        return Some(task);
    }
    let n = locals.len();
    for offset in 1..n {
        let victim = (me + offset) % n;
        let mut stolen = VecDeque::new();
        if steal_half(&mut locals[victim], &mut stolen) > 0 {
            // Tokio's `steal_into` runs the last task of the batch at once and leaves the
            // others in the thief's queue (own queue was empty: they are all it holds).
            let last = stolen.pop_back();
            locals[me].append(&mut stolen);
            return last;
        }
    }
    None
}
