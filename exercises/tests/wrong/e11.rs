//! Exercise 11: steals that round down or take the newest tasks, a search that tries the
//! siblings before the inject queue, and a thief that runs the first task it stole.

use exercises::checks::e11_work_stealing::Subject;
use runtime_core::TaskId;
use std::collections::VecDeque;

/// Steals `n / 2`: a queue of one task is never stolen from.
pub const ROUND_DOWN: u8 = 1;
/// Steals the newest half, from the back.
pub const FROM_BACK: u8 = 2;
/// Looks at the siblings before the inject queue.
pub const INJECT_LAST: u8 = 3;
/// Runs the first task it stole, not the last.
pub const RUNS_FIRST: u8 = 4;

fn steal<T, const BUG: u8>(victim: &mut VecDeque<T>, thief: &mut VecDeque<T>) -> usize {
    let n = victim.len();
    let count = if BUG == ROUND_DOWN { n / 2 } else { n - n / 2 };
    if BUG == FROM_BACK {
        let keep = n - count;
        thief.extend(victim.drain(keep..));
    } else {
        thief.extend(victim.drain(..count));
    }
    count
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    fn steal_half(victim: &mut VecDeque<String>, thief: &mut VecDeque<String>) -> usize {
        steal::<String, BUG>(victim, thief)
    }
    fn steal_ids(victim: &mut VecDeque<TaskId>, thief: &mut VecDeque<TaskId>) -> usize {
        steal::<TaskId, BUG>(victim, thief)
    }
    fn find_task(
        me: usize,
        locals: &mut [VecDeque<String>],
        inject: &mut VecDeque<String>,
    ) -> Option<String> {
        if let Some(t) = locals[me].pop_front() {
            return Some(t);
        }
        if BUG != INJECT_LAST
            && let Some(t) = inject.pop_front()
        {
            return Some(t);
        }
        let n = locals.len();
        for offset in 1..n {
            let v = (me + offset) % n;
            let mut stolen = VecDeque::new();
            if steal::<String, BUG>(&mut locals[v], &mut stolen) > 0 {
                let run = if BUG == RUNS_FIRST {
                    stolen.pop_front()
                } else {
                    stolen.pop_back()
                };
                locals[me].append(&mut stolen);
                return run;
            }
        }
        inject.pop_front()
    }
}
