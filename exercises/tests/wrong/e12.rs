//! Exercise 12: budgets that yield without waking, are never refilled, are not put back, or
//! let one item too many through.

use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use exercises::checks::e12_budget::Subject;

/// Returns Pending without waking the task.
pub const NO_WAKE: u8 = 1;
/// Sets the budget only when there is none (so never again after the first poll).
pub const NO_REFILL: u8 = 2;
/// Does not put the previous budget back.
pub const NO_RESTORE: u8 = 3;
/// Lets BUDGET + 1 items through per poll.
pub const ONE_TOO_MANY: u8 = 4;

const BUDGET: u32 = 32;

std::thread_local! {
    static REMAINING: Cell<Option<u32>> = const { Cell::new(None) };
}

pub struct Budgeted<F, const BUG: u8>(Pin<Box<F>>);

impl<F: Future, const BUG: u8> Future for Budgeted<F, BUG> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let previous = REMAINING.with(Cell::get);
        if BUG != NO_REFILL || previous.is_none() {
            let fresh = if BUG == ONE_TOO_MANY {
                BUDGET + 1
            } else {
                BUDGET
            };
            REMAINING.with(|r| r.set(Some(fresh)));
        }
        let result = self.0.as_mut().poll(cx);
        if BUG != NO_RESTORE && BUG != NO_REFILL {
            REMAINING.with(|r| r.set(previous));
        }
        result
    }
}

pub struct Variant<const BUG: u8>;

impl<const BUG: u8> Subject for Variant<BUG> {
    const BUDGET: u32 = BUDGET;
    type Budgeted<F: Future + 'static> = Budgeted<F, BUG>;
    fn budgeted<F: Future + 'static>(future: F) -> Self::Budgeted<F> {
        Budgeted(Box::pin(future))
    }
    fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
        match REMAINING.with(Cell::get) {
            None => Poll::Ready(()),
            Some(0) => {
                if BUG != NO_WAKE {
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
            Some(n) => {
                REMAINING.with(|r| r.set(Some(n - 1)));
                Poll::Ready(())
            }
        }
    }
    fn remaining() -> Option<u32> {
        REMAINING.with(Cell::get)
    }
}
