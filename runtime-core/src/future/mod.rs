//! Small leaf futures: yielding (through the defer list, or by waking yourself), waiting
//! forever, and two deliberately broken ones.
//!
//! The broken ones exist for lessons: [`LostWake`] returns `Pending` without keeping the waker
//! (so its task can never be woken: the runtime reports a lost wakeup), and [`NoYield`] is
//! always ready and ignores the cooperative budget (so a loop over it never gives the executor
//! back: the task blocks every other task on its worker).

mod broken;
mod pending;
mod wake_self;
mod yield_now;

pub use broken::{LostWake, NoYield};
pub use pending::Pending;
pub use wake_self::{WakeSelfOnce, wake_self_once};
pub use yield_now::YieldNow;

impl crate::Handle {
    /// Gives the worker back once: the task comes back after the worker has turned its
    /// drivers (see [`YieldNow`]).
    pub fn yield_now(&self) -> YieldNow {
        YieldNow::new(self.clone())
    }

    /// Never completes (but keeps its waker).
    pub fn pending(&self) -> Pending {
        Pending::new(self.clone())
    }

    /// BROKEN ON PURPOSE: a lost wakeup (see [`LostWake`]).
    pub fn lost_wake(&self) -> LostWake {
        LostWake::default()
    }

    /// BROKEN ON PURPOSE: never yields (see [`NoYield`]).
    pub fn no_yield(&self) -> NoYield {
        NoYield
    }
}
