//! MinHash signatures of documents, for finding near-duplicate documents.
//!
//! The shingles of a document are its winnowed span fingerprints outside
//! boilerplate lines: k-grams of [`super::winnow::K`] tokens (characters for
//! Han, Kana and Hangul, words elsewhere), sampled by content, so two
//! documents share about the same share of them as of all their k-grams.
//!
//! A signature has [`SLOTS`] slots, filled by one permutation hashing (Li,
//! Owen and Zhang, 2012): each shingle is remixed with [`SEED`], its top 7
//! bits choose a slot and its low 32 bits compete for that slot's minimum.
//! A slot no shingle fell into borrows the value of another slot chosen by a
//! fixed sequence of its own (optimal densification, Shrivastava 2017), so
//! that two documents agree on a slot with probability equal to their
//! Jaccard similarity. The share of agreeing slots estimates it, within
//! about ±0.04 at 0.8 (one standard deviation over 128 slots).

use super::winnow::mix;

/// Slots of a signature: 128 minima of one permutation.
pub const SLOTS: usize = 128;
/// Documents with fewer shingles get no signature: too little text for an
/// estimate to mean anything.
pub const MIN_SHINGLES: usize = 16;
/// Remixes shingles so that slots do not depend on how winnowing chose them.
pub const SEED: u64 = 0x5851_F42D_4C95_7F2D;

/// A document's MinHash signature (512 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Box<[u32; SLOTS]>);

impl Signature {
    /// The signature of a set of shingles (a repeat changes nothing), or
    /// none for fewer than [`MIN_SHINGLES`] of them, repeats included.
    pub fn of(shingles: impl IntoIterator<Item = u64>) -> Option<Signature> {
        let mut slots = Box::new([u32::MAX; SLOTS]);
        let mut filled = [false; SLOTS];
        let mut count = 0usize;
        for shingle in shingles {
            let value = mix(shingle ^ SEED);
            let slot = (value >> 57) as usize;
            slots[slot] = slots[slot].min(value as u32);
            filled[slot] = true;
            count += 1;
        }
        Self::densified(slots, &filled, count)
    }

    /// The signature of the shingles of a document's span fingerprints:
    /// the hashes of `runs` (ranges of fingerprint indices) whose `skip`
    /// is false. The same as [`Signature::of`] those hashes; without a
    /// branch on `skip`, which follows no pattern a processor could learn
    /// (anchors fall wherever lines and sentences start and end).
    pub fn of_runs(
        hashes: &[u64],
        skip: impl Fn(usize) -> bool,
        runs: &[std::ops::Range<u32>],
    ) -> Option<Signature> {
        let mut slots = Box::new([u32::MAX; SLOTS]);
        let mut filled = [false; SLOTS];
        let mut count = 0usize;
        for run in runs {
            let (start, end) = (run.start as usize, run.end as usize);
            for (print, &hash) in (start..end).zip(&hashes[start..end]) {
                let skipped = skip(print);
                let value = mix(hash ^ SEED);
                let slot = (value >> 57) as usize;
                // A skipped shingle competes with the largest value, which
                // changes no minimum, and fills nothing.
                let competing = value as u32 | (u32::from(skipped)).wrapping_neg();
                slots[slot] = slots[slot].min(competing);
                filled[slot] |= !skipped;
                count += usize::from(!skipped);
            }
        }
        Self::densified(slots, &filled, count)
    }

    /// A signature from the minima of its filled slots, or none for fewer
    /// than [`MIN_SHINGLES`] shingles.
    fn densified(
        mut slots: Box<[u32; SLOTS]>,
        filled: &[bool; SLOTS],
        count: usize,
    ) -> Option<Signature> {
        if count < MIN_SHINGLES {
            return None;
        }
        let unfilled = Unfilled::of(filled);
        for slot in 0..SLOTS {
            if !filled[slot] {
                slots[slot] = slots[unfilled.lender(slot, filled)];
            }
        }
        Some(Signature(slots))
    }

    /// Slots on which two signatures agree.
    pub fn agreeing(&self, other: &Signature) -> u32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count() as u32
    }

    /// The slots of band `band` of `bands`, as one key.
    pub fn band_key(&self, band: usize, bands: usize) -> u64 {
        let rows = SLOTS / bands;
        let mut bytes = [0u8; 4 * SLOTS];
        for (i, value) in self.0[band * rows..(band + 1) * rows].iter().enumerate() {
            bytes[4 * i..4 * i + 4].copy_from_slice(&value.to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64_with_seed(&bytes[..4 * rows], band as u64)
    }
}

/// The `attempt`-th slot of the sequence an empty `slot` borrows along.
const fn candidate(slot: usize, attempt: u64) -> usize {
    (mix((slot as u64) << 32 | attempt) % SLOTS as u64) as usize
}

/// Attempts of each slot's sequence listed in [`RANKS`]: with the fewest
/// shingles a signature has ([`MIN_SHINGLES`], about 15 slots filled), an
/// empty slot runs past this many about once in 3,000.
const LISTED_ATTEMPTS: usize = 64;

/// The slots of a signature that no shingle fell into, as a mask to lay
/// over a slot's [`RANKS`]: `i16::MAX` for an empty slot, 0 for a filled one.
struct Unfilled([i16; SLOTS]);

impl Unfilled {
    fn of(filled: &[bool; SLOTS]) -> Unfilled {
        Unfilled(std::array::from_fn(
            |slot| {
                if filled[slot] {
                    0
                } else {
                    i16::MAX
                }
            },
        ))
    }

    /// The filled slot the empty `slot` borrows from: the first filled slot
    /// of a sequence of pseudo-random slots that depends only on the empty
    /// one. Among the listed attempts it is the filled slot of least rank,
    /// found by a vector minimum without a branch on which slots are filled
    /// (a search along the sequence stops at a place no processor
    /// predicts); past them, by walking the rest of the sequence.
    fn lender(&self, slot: usize, filled: &[bool; SLOTS]) -> usize {
        let first = (RANKS[slot].iter().zip(&self.0))
            .map(|(&rank, &unfilled)| rank | unfilled)
            .min()
            .unwrap_or(i16::MAX);
        if first >> 8 < LISTED_ATTEMPTS as i16 {
            (first & 0xFF) as usize
        } else {
            lender_past_listed(slot, filled)
        }
    }
}

/// For each slot, each slot's place in its listed sequence (the first
/// attempt that lands on it, [`LISTED_ATTEMPTS`] for none) above the slot
/// itself: the least of these among filled slots names the first of them
/// the sequence reaches.
static RANKS: [[i16; SLOTS]; SLOTS] = {
    let mut table = [[0i16; SLOTS]; SLOTS];
    let mut slot = 0;
    while slot < SLOTS {
        let mut other = 0;
        while other < SLOTS {
            table[slot][other] = ((LISTED_ATTEMPTS as i16) << 8) | other as i16;
            other += 1;
        }
        let mut attempt = LISTED_ATTEMPTS;
        while attempt > 0 {
            attempt -= 1;
            let other = candidate(slot, attempt as u64);
            table[slot][other] = ((attempt as i16) << 8) | other as i16;
        }
        slot += 1;
    }
    table
};

/// The first filled slot of the empty `slot`'s sequence after its listed
/// attempts, none of which is filled ([`Unfilled::lender`]).
fn lender_past_listed(slot: usize, filled: &[bool; SLOTS]) -> usize {
    for attempt in LISTED_ATTEMPTS as u64..(64 * SLOTS as u64) {
        let candidate = candidate(slot, attempt);
        if filled[candidate] {
            return candidate;
        }
    }
    // Not reached with any filled slot in practice; the next filled slot
    // to the right keeps the function total.
    (1..SLOTS)
        .map(|step| (slot + step) % SLOTS)
        .find(|&candidate| filled[candidate])
        .unwrap_or(slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(range: std::ops::Range<u64>) -> impl DoubleEndedIterator<Item = u64> {
        range.map(|i| mix(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }

    #[test]
    fn agreeing_slots_estimate_jaccard_similarity() {
        // 1,000 shingles each, 800 shared: Jaccard 800 / 1,200 = 0.667.
        let a = Signature::of(shingles(0..1000)).unwrap();
        let b = Signature::of(shingles(200..1200)).unwrap();
        let estimate = f64::from(a.agreeing(&b)) / SLOTS as f64;
        assert!((estimate - 0.667).abs() < 0.15, "{estimate}");
        assert_eq!(a.agreeing(&a), SLOTS as u32);
        let far = Signature::of(shingles(5000..6000)).unwrap();
        assert!(a.agreeing(&far) < 10);
    }

    #[test]
    fn order_and_repeats_do_not_change_a_signature() {
        let forward = Signature::of(shingles(0..300)).unwrap();
        let backward: Vec<u64> = shingles(0..300).rev().chain(shingles(0..50)).collect();
        assert_eq!(Signature::of(backward).unwrap(), forward);
    }

    /// The slot an empty one borrows from, by definition: the first filled
    /// slot of its whole sequence.
    fn by_sequence(slot: usize, filled: &[bool; SLOTS]) -> Option<usize> {
        (0..64 * SLOTS as u64)
            .map(|attempt| candidate(slot, attempt))
            .find(|&c| filled[c])
    }

    #[test]
    fn empty_slots_borrow_as_the_whole_sequence_does() {
        // One filled slot makes most empty ones go past the listed attempts.
        for filled_count in [1, 2, 15, 64, 127] {
            let mut filled = [false; SLOTS];
            for k in 0..filled_count {
                filled[(mix(k as u64 + 1) % SLOTS as u64) as usize] = true;
            }
            let unfilled = Unfilled::of(&filled);
            for slot in (0..SLOTS).filter(|&s| !filled[s]) {
                assert_eq!(
                    Some(unfilled.lender(slot, &filled)),
                    by_sequence(slot, &filled)
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn empty_slots_borrow_by_rank_as_by_the_sequence(
            slots in proptest::collection::btree_set(0..SLOTS, 1..SLOTS),
        ) {
            // From one filled slot (most empty ones then borrow past the
            // listed attempts) to all but one.
            let mut filled = [false; SLOTS];
            for slot in slots {
                filled[slot] = true;
            }
            let unfilled = Unfilled::of(&filled);
            for slot in (0..SLOTS).filter(|&s| !filled[s]) {
                proptest::prop_assert_eq!(
                    Some(unfilled.lender(slot, &filled)),
                    by_sequence(slot, &filled)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_with_skips_sign_as_the_kept_shingles_do(
            skips in proptest::collection::vec(proptest::bool::ANY, 0..300),
            cuts in proptest::collection::vec(0u32..300, 0..6),
        ) {
            let hashes: Vec<u64> = shingles(0..skips.len() as u64).collect();
            let mut bounds: Vec<u32> = cuts.into_iter().filter(|&c| c as usize <= skips.len()).collect();
            bounds.push(0);
            bounds.push(skips.len() as u32);
            bounds.sort_unstable();
            bounds.dedup();
            // Every other stretch between bounds is a run.
            let runs: Vec<std::ops::Range<u32>> =
                bounds.windows(2).step_by(2).map(|w| w[0]..w[1]).collect();
            let kept = (runs.iter().cloned().flatten())
                .map(|print| print as usize)
                .filter(|&print| !skips[print])
                .map(|print| hashes[print]);
            proptest::prop_assert_eq!(
                Signature::of_runs(&hashes, |print| skips[print], &runs),
                Signature::of(kept)
            );
        }
    }

    #[test]
    fn few_shingles_give_no_signature_sparse_ones_are_densified() {
        assert!(Signature::of(shingles(0..(MIN_SHINGLES as u64 - 1))).is_none());
        let sparse = Signature::of(shingles(0..20)).unwrap();
        assert!(sparse.0.iter().all(|&v| v != u32::MAX));
        assert_eq!(sparse, Signature::of(shingles(0..20)).unwrap());
    }
}
