//! A small, seeded random number generator: where Tokio draws at random, the lab draws from
//! this, so a run is still the same every time for the same seed.
//!
//! Tokio uses randomness in two places the lab models: `tokio::select!` starts polling at a
//! random branch (`thread_rng_n`, so no branch is favoured), and a multi-thread worker that
//! looks for work to steal starts at a random sibling. Both draw from a `FastRand`: two 32-bit
//! xorshift sequences added together (Marsaglia's shift triplet 17, 7, 16), reduced to `0..n`
//! by a multiply and a shift instead of a division (tokio `util/rand.rs`). This is the same
//! generator, seeded from the `seed` in [`Config`](crate::Config) instead of from the OS.

/// A xorshift64+ generator (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FastRand {
    one: u32,
    two: u32,
}

impl FastRand {
    /// A generator for `seed`. The high and low halves seed the two sequences; an all-zero
    /// state would only ever give zero, so seed 0 starts from (0, 1), as Tokio's `RngSeed`.
    /// (The lab's seeds are `u32`, so that a trace's JSON is exact in JavaScript too.)
    pub fn new(seed: u64) -> FastRand {
        let one = (seed >> 32) as u32;
        let two = seed as u32;
        if one == 0 && two == 0 {
            FastRand { one: 0, two: 1 }
        } else {
            FastRand { one, two }
        }
    }

    /// A generator for one of several streams of the same seed (each worker has its own, as
    /// each Tokio worker thread has its own): the stream number is mixed into the seed.
    pub fn stream(seed: u32, stream: u32) -> FastRand {
        FastRand::new(u64::from(seed) ^ u64::from(stream).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// A number in `0..n` (`n` > 0), nearly uniform.
    pub fn below(&mut self, n: u32) -> u32 {
        let wide = u64::from(self.next_u32()) * u64::from(n);
        (wide >> 32) as u32
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        let mut s1 = self.one;
        let s0 = self.two;
        s1 ^= s1 << 17;
        s1 = s1 ^ s0 ^ (s1 >> 7) ^ (s0 >> 16);
        self.one = s0;
        self.two = s1;
        s0.wrapping_add(s1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws_and_others_differ() {
        let draws = |seed| {
            let mut r = FastRand::new(seed);
            (0..32).map(|_| r.below(3)).collect::<alloc::vec::Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
        assert!(draws(7).iter().all(|&d| d < 3));
        // Every branch of a three-way select is chosen sometimes.
        for b in 0..3 {
            assert!(draws(7).contains(&b), "{b} never drawn");
        }
    }

    #[test]
    fn seed_zero_is_not_stuck_at_zero() {
        let mut r = FastRand::new(0);
        assert!((0..8).any(|_| r.next_u32() != 0));
    }

    #[test]
    fn streams_of_one_seed_differ() {
        let mut a = FastRand::stream(1, 0);
        let mut b = FastRand::stream(1, 1);
        assert_ne!(
            (0..8).map(|_| a.next_u32()).collect::<alloc::vec::Vec<_>>(),
            (0..8).map(|_| b.next_u32()).collect::<alloc::vec::Vec<_>>()
        );
    }
}
