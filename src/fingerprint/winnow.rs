//! Span fingerprints: a rolling hash over the tokens of a document, winnowed.
//!
//! Tokens are what a reader would compare: each Han, Kana or Hangul
//! character, and each word of other scripts, folded as content keys are
//! ([`crate::normalize::key`]). Every run of [`K`] consecutive tokens (a
//! k-gram) gets a polynomial rolling hash; winnowing (Schleimer, Wilkerson
//! and Aiken, 2003) keeps, of every window of [`W`] consecutive k-gram
//! hashes, the least (the rightmost of equals). Two guarantees follow:
//!
//! - any run of at least `W + K - 1` tokens shared by two texts yields at
//!   least one fingerprint they share, whatever surrounds it;
//! - a text keeps about `2 / (W + 1)` of its k-grams, whatever it says.
//!
//! Selection depends only on the window's content, so a copied run selects
//! the same fingerprints in the copy as in the original.

/// Tokens in a k-gram.
pub const K: usize = 8;
/// K-grams in a winnowing window.
pub const W: usize = 8;
/// Shortest shared run of tokens that is sure to share a fingerprint.
pub const GUARANTEE: usize = W + K - 1;

/// Multiplier of the polynomial rolling hash (odd, so invertible mod 2^64).
const BASE: u64 = 0x100_0000_01B3;

/// Spreads a value over all 64 bits (the splitmix64 finalizer): token
/// values and k-gram sums are mixed so that winnowing's minima are uniform.
#[inline]
pub const fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A winnowed fingerprint: the hash of the k-gram starting at token `pos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    pub hash: u64,
    pub pos: u32,
}

/// Replace `tokens` by the hash of each of their k-grams, in order (none
/// for fewer than `k` tokens), with a rolling hash: each step removes the
/// leaving token and adds the entering one. In place: a document's tokens
/// are read for nothing else, and a long one's take as much memory as its
/// text.
pub fn kgram_hashes_in_place(tokens: &mut Vec<u64>, k: usize) {
    if k == 0 || tokens.len() < k {
        tokens.clear();
        return;
    }
    let top = (1..k).fold(1u64, |power, _| power.wrapping_mul(BASE));
    let mut rolling = tokens[..k]
        .iter()
        .fold(0u64, |h, &t| h.wrapping_mul(BASE).wrapping_add(t));
    let kgrams = tokens.len() - k + 1;
    // The hash of the k-gram at `at` takes the place of its first token,
    // which only the next step still needs (as the one leaving): every
    // token after it is read before its own place is written.
    for at in 0..kgrams - 1 {
        let leaving = tokens[at];
        tokens[at] = mix(rolling);
        rolling = rolling
            .wrapping_sub(leaving.wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(tokens[at + k]);
    }
    tokens[kgrams - 1] = mix(rolling);
    tokens.truncate(kgrams);
}

/// Winnow `hashes` with windows of `w`: the least hash of every window (the
/// rightmost of equal ones), each position once, in order. A text with
/// fewer than `w` hashes keeps its least one.
pub fn winnow(hashes: &[u64], w: usize, out: &mut Vec<Selected>) {
    out.clear();
    if hashes.is_empty() || w == 0 {
        return;
    }
    let w = w.min(hashes.len());
    // The least of the current window, rightmost on ties. When it slides
    // out, the new window is scanned whole: that happens about every w / 2
    // steps and costs w comparisons, so a step costs about three. Which
    // hash of a scan is least is a coin toss for the branch predictor:
    // the scan selects without branching.
    let (mut least, mut least_hash) = (0, hashes[0]);
    let mut last_out = usize::MAX;
    for end in w - 1..hashes.len() {
        let start = end + 1 - w;
        if end == w - 1 || least < start {
            (least, least_hash) = (start, hashes[start]);
            for (j, &hash) in hashes.iter().enumerate().take(end + 1).skip(start + 1) {
                let take = hash <= least_hash;
                least = std::hint::select_unpredictable(take, j, least);
                least_hash = std::hint::select_unpredictable(take, hash, least_hash);
            }
        } else if hashes[end] <= least_hash {
            (least, least_hash) = (end, hashes[end]);
        }
        if least != last_out {
            last_out = least;
            out.push(Selected {
                hash: least_hash,
                pos: least as u32,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kgrams_naive(tokens: &[u64], k: usize) -> Vec<u64> {
        if tokens.len() < k {
            return Vec::new();
        }
        tokens
            .windows(k)
            .map(|gram| {
                let mut h = 0u64;
                for &t in gram {
                    h = h.wrapping_mul(BASE).wrapping_add(t);
                }
                mix(h)
            })
            .collect()
    }

    fn winnow_naive(hashes: &[u64], w: usize) -> Vec<Selected> {
        let w = w.min(hashes.len());
        let mut out: Vec<Selected> = Vec::new();
        if w == 0 {
            return out;
        }
        for start in 0..=hashes.len() - w {
            let window = &hashes[start..start + w];
            let least = *window.iter().min().unwrap();
            let at = start + window.iter().rposition(|&h| h == least).unwrap();
            if out.last().is_none_or(|s| s.pos as usize != at) {
                out.push(Selected {
                    hash: least,
                    pos: at as u32,
                });
            }
        }
        out
    }

    fn fingerprints(tokens: &[u64]) -> Vec<Selected> {
        let (mut hashes, mut out) = (tokens.to_vec(), Vec::new());
        kgram_hashes_in_place(&mut hashes, K);
        winnow(&hashes, W, &mut out);
        out
    }

    /// Tokens from a small alphabet, so that texts repeat themselves.
    fn text(max: usize) -> impl Strategy<Value = Vec<u64>> {
        proptest::collection::vec((0u64..6).prop_map(|t| mix(t + 1)), 0..max)
    }

    proptest! {
        #[test]
        fn rolling_hashes_equal_direct_ones(tokens in text(60), k in 1usize..10) {
            let mut rolled = tokens.clone();
            kgram_hashes_in_place(&mut rolled, k);
            prop_assert_eq!(rolled, kgrams_naive(&tokens, k));
        }

        #[test]
        fn winnowing_equals_the_window_by_window_definition(
            hashes in proptest::collection::vec(0u64..20, 0..80),
            w in 1usize..12,
        ) {
            let mut fast = Vec::new();
            winnow(&hashes, w, &mut fast);
            prop_assert_eq!(fast, winnow_naive(&hashes, w));
        }

        #[test]
        fn a_shared_run_of_the_guaranteed_length_shares_a_fingerprint(
            before_a in text(40),
            after_a in text(40),
            before_b in text(40),
            after_b in text(40),
            shared in proptest::collection::vec(any::<u64>(), GUARANTEE..GUARANTEE + 30),
        ) {
            let a: Vec<u64> = [before_a, shared.clone(), after_a].concat();
            let b: Vec<u64> = [before_b, shared, after_b].concat();
            let in_a: std::collections::HashSet<u64> =
                fingerprints(&a).iter().map(|s| s.hash).collect();
            prop_assert!(fingerprints(&b).iter().any(|s| in_a.contains(&s.hash)));
        }

        #[test]
        fn every_window_holds_a_fingerprint(tokens in text(200)) {
            let selected = fingerprints(&tokens);
            let grams = tokens.len().saturating_sub(K - 1);
            for start in 0..grams.saturating_sub(W - 1) {
                prop_assert!(selected
                    .iter()
                    .any(|s| (start..start + W).contains(&(s.pos as usize))));
            }
        }
    }

    #[test]
    fn density_is_about_two_in_w_plus_one() {
        let tokens: Vec<u64> = (0..100_000u64).map(|t| mix(t * 7919 % 5003)).collect();
        let selected = fingerprints(&tokens).len() as f64 / tokens.len() as f64;
        let expected = 2.0 / (W as f64 + 1.0);
        assert!(
            (selected - expected).abs() < 0.03,
            "{selected} vs {expected}"
        );
    }
}
