//! Near-duplicate documents: MinHash signatures banded into LSH buckets,
//! candidate pairs checked on their whole signatures, clusters by
//! union-find, one document kept per cluster.
//!
//! The [`SLOTS`] slots of a signature are cut into [`BANDS`] bands of
//! [`ROWS`] rows. Two documents are a candidate pair when all the rows of
//! one band agree, which happens with probability `1 - (1 - J^8)^16` for
//! Jaccard similarity `J`: 0.07 at 0.5, 0.72 at 0.7, 0.9995 at 0.9. A pair
//! is linked when the share of agreeing slots reaches the threshold
//! (`--near-dup-threshold`, 0.8 by default). Inside a bucket each document
//! is checked against the bucket's first document and the one before it,
//! so a bucket of many costs linear work, and linked pairs chain into
//! clusters.
//!
//! Each cluster keeps one document (`--keep first`: the first in document
//! order; `--keep longest`: the one with the most text outside
//! boilerplate, the first of equals). Every other member whose own
//! signature agrees with the kept one's on at least the threshold share of
//! slots is dropped; a member linked only through a chain stays.

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::DocId;
use crate::fingerprint::minhash::{Signature, SLOTS};

/// Bands of a signature for LSH.
pub const BANDS: usize = 16;
/// Slots per band.
pub const ROWS: usize = SLOTS / BANDS;

/// Which document of a cluster of near-duplicates stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum KeepPolicy {
    /// The first in document order.
    #[default]
    First,
    /// The one with the most text outside boilerplate (the first of equals).
    Longest,
}

/// A document dropped as a near-duplicate of the one its cluster keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NearDuplicate {
    pub kept: DocId,
    /// Signature slots (of [`SLOTS`]) on which the two documents agree:
    /// the estimated Jaccard similarity is `agreeing / SLOTS`.
    pub agreeing: u8,
}

impl NearDuplicate {
    /// The estimated Jaccard similarity with the kept document.
    pub fn similarity(&self) -> f64 {
        f64::from(self.agreeing) / SLOTS as f64
    }
}

/// For each document, the kept document it is a near-duplicate of.
/// `signatures` and `lengths` are indexed by document id; a document
/// without a signature is never a near-duplicate.
pub fn near_duplicates(
    signatures: &[Option<Signature>],
    lengths: &[u64],
    threshold: f64,
    keep: KeepPolicy,
) -> Vec<Option<NearDuplicate>> {
    let needed = (threshold * SLOTS as f64).ceil().max(1.0) as u32;
    let linked = |a: usize, b: usize| match (&signatures[a], &signatures[b]) {
        (Some(x), Some(y)) => x.agreeing(y) >= needed,
        _ => false,
    };
    let links: Vec<(usize, usize)> = (0..BANDS)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u64, usize)> = signatures
                .iter()
                .enumerate()
                .filter_map(|(doc, sig)| Some((sig.as_ref()?.band_key(band, BANDS), doc)))
                .collect();
            keys.sort_unstable();
            let mut links = Vec::new();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
                let first = bucket[0].1;
                for pair in bucket.windows(2) {
                    let (previous, doc) = (pair[0].1, pair[1].1);
                    if linked(first, doc) {
                        links.push((first, doc));
                    } else if previous != first && linked(previous, doc) {
                        links.push((previous, doc));
                    }
                }
            }
            links
        })
        .collect();

    let mut clusters = UnionFind::new(signatures.len());
    for (a, b) in links {
        clusters.union(a, b);
    }
    // The kept document of each cluster, by its root.
    let mut kept: Vec<Option<usize>> = vec![None; signatures.len()];
    for doc in 0..signatures.len() {
        let root = clusters.find(doc);
        let better = match kept[root] {
            None => true,
            Some(current) => keep == KeepPolicy::Longest && lengths[doc] > lengths[current],
        };
        if better {
            kept[root] = Some(doc);
        }
    }
    (0..signatures.len())
        .map(|doc| {
            let keeper = kept[clusters.find(doc)]?;
            if keeper == doc {
                return None;
            }
            let agreeing = signatures[doc]
                .as_ref()?
                .agreeing(signatures[keeper].as_ref()?);
            (agreeing >= needed).then_some(NearDuplicate {
                kept: DocId(keeper as u32),
                agreeing: agreeing as u8,
            })
        })
        .collect()
}

/// Disjoint sets of documents, with path halving.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(size: usize) -> Self {
        UnionFind {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Join two sets; the lower root becomes the root, so roots do not
    /// depend on the order of unions.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = (ra.min(rb), ra.max(rb));
            self.parent[high] = low;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::winnow::mix;

    fn signature(range: std::ops::Range<u64>) -> Option<Signature> {
        Signature::of(range.map(|i| mix(i ^ 0xABCD)))
    }

    #[test]
    fn a_lightly_edited_copy_is_dropped_for_the_first_an_unrelated_page_stays() {
        let signatures = vec![
            signature(0..1000),
            signature(5000..6000),
            signature(20..1010),
        ];
        let found = near_duplicates(&signatures, &[1000, 1000, 990], 0.8, KeepPolicy::First);
        assert_eq!(found[0], None);
        assert_eq!(found[1], None);
        let copy = found[2].expect("the edited copy is a near-duplicate");
        assert_eq!(copy.kept, DocId(0));
        assert!(copy.similarity() > 0.85, "{}", copy.similarity());
    }

    #[test]
    fn keep_longest_keeps_the_longer_copy() {
        let signatures = vec![signature(0..1000), signature(0..1040)];
        let first = near_duplicates(&signatures, &[1000, 1040], 0.8, KeepPolicy::First);
        assert_eq!(first[1].map(|n| n.kept), Some(DocId(0)));
        let longest = near_duplicates(&signatures, &[1000, 1040], 0.8, KeepPolicy::Longest);
        assert_eq!(longest[0].map(|n| n.kept), Some(DocId(1)));
        assert_eq!(longest[1], None);
    }

    #[test]
    fn documents_below_the_threshold_or_without_signature_stay() {
        // Jaccard 500 / 1,500 = 0.33.
        let signatures = vec![signature(0..1000), signature(500..1500), None];
        let found = near_duplicates(&signatures, &[1, 1, 1], 0.8, KeepPolicy::First);
        assert_eq!(found, vec![None, None, None]);
    }

    #[test]
    fn a_member_linked_only_through_a_chain_stays() {
        // 0 ~ 1 ~ 2 (Jaccard 0.86), but 0 and 2 only 0.74.
        let signatures = vec![
            signature(0..2000),
            signature(150..2150),
            signature(300..2300),
        ];
        let found = near_duplicates(&signatures, &[1, 1, 1], 0.8, KeepPolicy::First);
        assert_eq!(found[1].map(|n| n.kept), Some(DocId(0)));
        assert_eq!(found[2], None);
    }
}
