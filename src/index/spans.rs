//! First occurrences of span fingerprints.
//!
//! A fingerprint found at one place only can never mark a repeat, and most
//! fingerprints of a corpus are such; the table keeps the fingerprints found
//! at two places or more, each with its first place. Each shard of the key
//! space sorts its (fingerprint, place) pairs and keeps one entry per
//! repeated fingerprint in a hash table keyed by the fingerprint itself
//! (24 bytes an entry plus the table's slack; exact, no probabilistic
//! filter). Pass 2 looks up every fingerprint of every document, so a
//! lookup must cost one or two cache misses, not a binary search's twenty.

use rayon::prelude::*;

use super::keymap::{shard_of, KeyMap, SHARDS};
use crate::corpus::DocId;

/// Where a span fingerprint stands: its document, the line its k-gram
/// starts on, and the bytes it covers in the canonical text. Ordered by
/// document, then position, so the least is the first occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpanAt {
    pub doc: DocId,
    pub start: u32,
    pub end: u32,
    pub line: u32,
}

/// The first place of every span fingerprint that occurs at least twice.
#[derive(Debug, Default)]
pub struct SpanIndex {
    shards: Vec<KeyMap<SpanAt>>,
}

impl SpanIndex {
    /// Build from every document's eligible (fingerprint, place) pairs.
    pub fn build(entries: &[Vec<(u64, SpanAt)>]) -> SpanIndex {
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                let mut pairs: Vec<(u64, SpanAt)> = entries
                    .iter()
                    .flatten()
                    .filter(|(key, _)| shard_of(*key) == shard)
                    .copied()
                    .collect();
                pairs.sort_unstable();
                let mut firsts: KeyMap<SpanAt> = KeyMap::default();
                for (i, &(key, at)) in pairs.iter().enumerate() {
                    let starts_group = i == 0 || pairs[i - 1].0 != key;
                    let repeated = pairs.get(i + 1).is_some_and(|next| next.0 == key);
                    if starts_group && repeated {
                        firsts.insert(key, at);
                    }
                }
                firsts.shrink_to_fit();
                firsts
            })
            .collect();
        SpanIndex { shards }
    }

    /// The first place of a fingerprint found at two places or more.
    pub fn first(&self, key: u64) -> Option<SpanAt> {
        self.shards.get(shard_of(key))?.get(&key).copied()
    }

    /// Fingerprints held.
    pub fn len(&self) -> usize {
        self.shards.iter().map(KeyMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: u32, start: u32) -> SpanAt {
        SpanAt {
            doc: DocId(doc),
            start,
            end: start + 8,
            line: 0,
        }
    }

    #[test]
    fn repeated_fingerprints_keep_their_first_place_single_ones_are_dropped() {
        let entries = vec![
            vec![(7, at(0, 10)), (9, at(0, 20))],
            vec![(7, at(1, 5)), (11, at(1, 9)), (9, at(1, 30))],
            vec![(9, at(2, 0)), (13, at(2, 4))],
        ];
        let index = SpanIndex::build(&entries);
        assert_eq!(index.first(7), Some(at(0, 10)));
        assert_eq!(index.first(9), Some(at(0, 20)));
        assert_eq!(index.first(11), None);
        assert_eq!(index.first(13), None);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn a_fingerprint_repeated_inside_one_document_counts() {
        let index = SpanIndex::build(&[vec![(5, at(0, 40)), (5, at(0, 3))]]);
        assert_eq!(index.first(5), Some(at(0, 3)));
    }
}
