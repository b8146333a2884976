//! Repeats of span fingerprints, found by sorting.
//!
//! Every fingerprint that counts — its k-gram lies in lines the boilerplate
//! rules keep — becomes a 16-byte entry (fingerprint, document, position).
//! The entries of each shard of the key space are sorted; in every run of
//! equal fingerprints the least place is the first occurrence, and each
//! later place that does not overlap it is a [`SpanMatch`]. Pass 2 then
//! walks a document's fingerprints beside its own matches, both in order:
//! no lookup in a table of the whole corpus, and nothing kept of the
//! fingerprints that occur once, which are most of them.
//!
//! Counting is exact: 64-bit fingerprints, no probabilistic filter. The
//! entries are built and sorted one partition of the key space at a time,
//! with as many partitions as keep them within a memory budget; a partition
//! costs another read of the fingerprints, not more memory.

use std::ops::Range;

use rayon::prelude::*;

use super::keymap::{shard_of, SHARDS};
use crate::corpus::DocId;
use crate::fingerprint::DocSketch;

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

/// A fingerprint of a document whose k-gram occurred earlier (24 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanMatch {
    pub doc: DocId,
    /// Index of the fingerprint in the document's sketch.
    pub print: u32,
    /// The first occurrence of the fingerprint.
    pub first: SpanAt,
}

/// What the matcher reads of one document.
#[derive(Debug)]
pub struct SpanSource<'a> {
    pub sketch: &'a DocSketch,
    /// Runs of fingerprint indices that count.
    pub eligible: Vec<Range<u32>>,
}

/// Bytes of one sort entry: what the memory budget is divided by.
pub const ENTRY_BYTES: usize = std::mem::size_of::<Entry>();

/// Every fingerprint of the corpus that repeats an earlier one, by
/// document.
#[derive(Debug, Default)]
pub struct SpanMatches {
    /// Sorted by document, then fingerprint.
    matches: Vec<SpanMatch>,
    /// The matches of document `i` are `matches[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    hash: u64,
    doc: u32,
    print: u32,
}

/// Documents whose entries one task gathers before they are split by shard.
const DOCS_PER_PIECE: usize = 512;

impl SpanMatches {
    /// Match the fingerprints of `sources` (indexed by document id), sorting
    /// at most about `memory_budget` bytes of entries at a time.
    pub fn find(sources: &[Option<SpanSource>], memory_budget: usize) -> SpanMatches {
        let eligible: usize = sources
            .iter()
            .flatten()
            .flat_map(|source| &source.eligible)
            .map(|run| run.len())
            .sum();
        let partitions = (eligible * ENTRY_BYTES)
            .div_ceil(memory_budget.max(ENTRY_BYTES))
            .max(1);
        let mut matches = Vec::new();
        for partition in 0..partitions {
            matches.extend(find_in_partition(sources, partition, partitions));
        }
        matches.par_sort_unstable_by_key(|m| (m.doc, m.print));
        let offsets = (0..=sources.len())
            .map(|doc| matches.partition_point(|m| (m.doc.0 as usize) < doc))
            .collect();
        SpanMatches { matches, offsets }
    }

    /// The matches of one document, in fingerprint order.
    pub fn of(&self, doc: DocId) -> &[SpanMatch] {
        match (self.offsets.get(doc.index()), self.offsets.get(doc.index() + 1)) {
            (Some(&from), Some(&to)) => &self.matches[from..to],
            _ => &[],
        }
    }

    /// Matches held.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }
}

/// The partition of the key space a fingerprint falls in, from its low 32
/// bits. Not from its top bits: winnowing keeps the least hash of every
/// window, so fingerprints crowd the low end of the range, and partitions
/// cut from the top would be far from even. The shard takes bits 32 and up.
fn partition_of(hash: u64, partitions: usize) -> usize {
    ((hash & 0xFFFF_FFFF) * partitions as u64 >> 32) as usize
}

fn find_in_partition(
    sources: &[Option<SpanSource>],
    partition: usize,
    partitions: usize,
) -> Vec<SpanMatch> {
    let pieces: Vec<Vec<Vec<Entry>>> = sources
        .par_chunks(DOCS_PER_PIECE)
        .enumerate()
        .map(|(piece, chunk)| {
            let mut shards: Vec<Vec<Entry>> = vec![Vec::new(); SHARDS];
            for (k, source) in chunk.iter().enumerate() {
                let Some(source) = source else { continue };
                let doc = (piece * DOCS_PER_PIECE + k) as u32;
                for print in source.eligible.iter().cloned().flatten() {
                    let hash = source.sketch.spans[print as usize].hash;
                    if partition_of(hash, partitions) == partition {
                        shards[shard_of(hash)].push(Entry { hash, doc, print });
                    }
                }
            }
            for shard in &mut shards {
                shard.shrink_to_fit();
            }
            shards
        })
        .collect();
    let mut by_shard: Vec<Vec<Vec<Entry>>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for piece in pieces {
        for (shard, entries) in piece.into_iter().enumerate() {
            by_shard[shard].push(entries);
        }
    }
    let per_shard: Vec<Vec<SpanMatch>> = by_shard
        .into_par_iter()
        .map(|parts| {
            let mut entries = Vec::with_capacity(parts.iter().map(Vec::len).sum());
            for part in parts {
                entries.extend_from_slice(&part);
            }
            entries.sort_unstable();
            matches_in_sorted(&entries, sources)
        })
        .collect();
    per_shard.into_iter().flatten().collect()
}

/// The matches of sorted entries: every place after the first of its
/// fingerprint, unless it overlaps the first in the same document. Only the
/// first place of a run, and a later one in the same document, are looked
/// up in their sketch: the others need nothing but the entry.
fn matches_in_sorted(entries: &[Entry], sources: &[Option<SpanSource>]) -> Vec<SpanMatch> {
    let mut matches = Vec::new();
    for group in entries.chunk_by(|a, b| a.hash == b.hash) {
        let [first_entry, later @ ..] = group else {
            continue;
        };
        if later.is_empty() {
            continue;
        }
        let first = place(sources, first_entry);
        for entry in later {
            if entry.doc == first_entry.doc && place(sources, entry).start < first.end {
                continue;
            }
            matches.push(SpanMatch {
                doc: DocId(entry.doc),
                print: entry.print,
                first,
            });
        }
    }
    matches
}

fn place(sources: &[Option<SpanSource>], entry: &Entry) -> SpanAt {
    let sketch = sources[entry.doc as usize]
        .as_ref()
        .expect("entries come from documents with a sketch")
        .sketch;
    let print = sketch.spans[entry.print as usize];
    SpanAt {
        doc: DocId(entry.doc),
        start: print.start,
        end: print.end,
        line: sketch.line_of_token(print.token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::SpanPrint;

    /// A sketch of one line whose fingerprints are `hashes`, each covering
    /// 8 bytes from 10 bytes apart.
    fn sketch(hashes: &[u64]) -> DocSketch {
        DocSketch {
            line_tokens: vec![0, 100],
            spans: hashes
                .iter()
                .enumerate()
                .map(|(i, &hash)| SpanPrint {
                    hash,
                    token: i as u32,
                    start: 10 * i as u32,
                    end: 10 * i as u32 + 8,
                    anchor: false,
                })
                .collect(),
            ..DocSketch::default()
        }
    }

    fn find(sketches: &[DocSketch], budget: usize) -> SpanMatches {
        let sources: Vec<Option<SpanSource>> = sketches
            .iter()
            .map(|sketch| {
                Some(SpanSource {
                    sketch,
                    eligible: vec![0..sketch.spans.len() as u32],
                })
            })
            .collect();
        SpanMatches::find(&sources, budget)
    }

    fn at(doc: u32, print: u32) -> SpanAt {
        SpanAt {
            doc: DocId(doc),
            start: 10 * print,
            end: 10 * print + 8,
            line: 0,
        }
    }

    #[test]
    fn later_places_of_a_repeated_fingerprint_match_its_first_place() {
        let sketches = [sketch(&[7, 9]), sketch(&[7, 11, 9]), sketch(&[9, 13])];
        let found = find(&sketches, 1 << 20);
        assert!(found.of(DocId(0)).is_empty());
        let firsts = |doc| -> Vec<(u32, SpanAt)> {
            found.of(DocId(doc)).iter().map(|m| (m.print, m.first)).collect()
        };
        assert_eq!(firsts(1), vec![(0, at(0, 0)), (2, at(0, 1))]);
        assert_eq!(firsts(2), vec![(0, at(0, 1))]);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn a_repeat_inside_one_document_matches_unless_it_overlaps_the_first() {
        let mut doc = sketch(&[5, 6, 5]);
        let found = find(std::slice::from_ref(&doc), 1 << 20);
        assert_eq!(found.of(DocId(0))[0].first, at(0, 0));
        doc.spans[2].start = 4;
        assert!(find(&[doc], 1 << 20).is_empty());
    }

    #[test]
    fn partitions_change_how_much_is_sorted_at_once_not_the_result() {
        let sketches: Vec<DocSketch> = (0..40u64)
            .map(|d| {
                let hashes: Vec<u64> = (0..50).map(|i| (d * 7 + i * 13) % 90 * 0x9E37_79B9_7F4A_7C15).collect();
                sketch(&hashes)
            })
            .collect();
        let whole = find(&sketches, 1 << 30);
        let parted = find(&sketches, 64 * ENTRY_BYTES);
        assert!(!whole.is_empty());
        assert_eq!(whole.matches, parted.matches);
        assert_eq!(whole.offsets, parted.offsets);
    }

    #[test]
    fn fingerprints_outside_the_eligible_runs_are_not_matched() {
        let sketches = [sketch(&[1, 2, 3]), sketch(&[1, 2, 3])];
        let sources: Vec<Option<SpanSource>> = vec![
            Some(SpanSource {
                sketch: &sketches[0],
                eligible: vec![0..1, 2..3],
            }),
            Some(SpanSource {
                sketch: &sketches[1],
                eligible: vec![0..3],
            }),
        ];
        let found = SpanMatches::find(&sources, 1 << 20);
        let prints: Vec<u32> = found.of(DocId(1)).iter().map(|m| m.print).collect();
        assert_eq!(prints, vec![0, 2]);
    }
}
