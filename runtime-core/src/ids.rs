//! Fixed-width identifiers.
//!
//! Every id is a `u32` handed out in order and never reused, so a trace recorded natively is
//! byte-identical to one recorded in wasm32 (no `usize`, no addresses), and an id in an old
//! event never silently starts meaning a newer object.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(pub u32);

        impl $name {
            /// The id as a plain index (ids start at 0 and grow by one).
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A spawned task.
    TaskId, "task#"
);
id_type!(
    /// A timer registered in the wheel (one per `Sleep` registration).
    TimerId, "timer#"
);
id_type!(
    /// One clone of a task's waker. The waker a task receives in its `Context` has no id:
    /// it is borrowed from the executor for the length of the poll.
    WakerId, "waker#"
);
id_type!(
    /// A simulated worker thread. Worker 0 is the only one unless `Config::workers` > 1.
    WorkerId, "worker#"
);
id_type!(
    /// A channel (mpsc or oneshot).
    ChannelId, "chan#"
);
id_type!(
    /// A virtual socket served by the simulated reactor.
    SocketId, "socket#"
);
id_type!(
    /// An interned label for a future's state (the await point it is parked at).
    LabelId, "label#"
);

/// Virtual time, in ticks (1 tick = 1 ms unless `Config::micros_per_tick` says otherwise).
pub type Tick = u64;
