//! The random stream the synthetic corpus and the synthetic store are drawn from.

/// SplitMix64 (Steele, Lea and Flood, 2014), written out here rather than taken from the `rand`
/// crates: a seed must give the same corpus and store on every platform and every future
/// build, which a dependency's generator does not promise across its versions, and the
/// benchmarks need nothing more than a fast, well-mixed stream.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The stream of `seed`.
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The stream of part `index` (an article, a block of events) of what `seed` draws: a hash
    /// of the two, so each part can be drawn again alone, whatever comes before it.
    pub(crate) fn for_part(seed: u64, index: usize) -> SplitMix64 {
        let mut mix = SplitMix64::new(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        SplitMix64::new(mix.next_u64())
    }

    /// The next 64 bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by the multiply-shift method, which has no modulo
    /// bias worth the name at these sizes.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// A number in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// The index of a random item of `items` that satisfies `keep`, if any.
    pub(crate) fn pick_where<T>(
        &mut self,
        items: &[T],
        keep: impl Fn(&T) -> bool,
    ) -> Option<usize> {
        let count = items.iter().filter(|x| keep(*x)).count();
        if count == 0 {
            return None;
        }
        let nth = self.below(count);
        items
            .iter()
            .enumerate()
            .filter(|(_, x)| keep(*x))
            .nth(nth)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_stream() {
        // The first outputs for seed 1234567 of the reference C implementation
        // (Vigna, splitmix64.c).
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            vec![
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn the_generator_draws_evenly_and_within_bounds() {
        let mut rng = SplitMix64::new(9);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[rng.below(4)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..=1100).contains(&c)),
            "{counts:?}"
        );
        assert!((0..1000).all(|_| (3..=5).contains(&rng.between(3, 5))));
        assert_eq!(rng.below(0), 0);
        // Fixed output: a seed must give the same corpus on every platform and version.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
