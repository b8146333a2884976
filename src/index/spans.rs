//! Repeats of span fingerprints.
//!
//! Every fingerprint that counts — its k-gram lies in lines the boilerplate
//! rules keep — becomes a 16-byte entry (fingerprint, document, position),
//! filed by shard of the key space in document order. Each shard then reads
//! its entries in that order with a table of the first place of every
//! fingerprint seen so far: a fingerprint already in the table is a
//! [`SpanMatch`] of its first place (unless it overlaps it in the same
//! document). The matches of a shard come out in document order, so they
//! are merged, not sorted, into one list by document. Pass 2 walks a
//! document's fingerprints beside its own matches, both in order: no lookup
//! in a table of the whole corpus.
//!
//! Counting is exact: 64-bit fingerprints, no probabilistic filter. Entries
//! are built and read one partition of the key space at a time, with as
//! many partitions as keep them within a memory budget; a partition costs
//! another read of the fingerprint hashes, not more memory.

use std::ops::Range;

use rayon::prelude::*;

use super::keymap::{shard_of, KeyMap, SHARDS};
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

/// Every fingerprint of the corpus that repeats an earlier one, as the
/// shards of each partition found them: one list per shard and partition,
/// each sorted by document, then fingerprint. They are never copied into
/// one list of the whole corpus: pass 2, which takes documents in order,
/// gathers each chunk's matches from the lists with a [`MatchCursor`].
#[derive(Debug, Default)]
pub struct SpanMatches {
    lists: Vec<Vec<SpanMatch>>,
    /// Matches per document.
    counts: Vec<u32>,
}

/// Reads [`SpanMatches`] a chunk of documents at a time, in document order.
pub struct MatchCursor<'a> {
    lists: &'a [Vec<SpanMatch>],
    /// How far each list has been read.
    read: Vec<usize>,
}

/// The matches of a run of consecutive documents.
#[derive(Debug, Default)]
pub struct ChunkMatches {
    first_doc: usize,
    /// Sorted by document, then fingerprint.
    matches: Vec<SpanMatch>,
    /// The matches of document `first_doc + i` are
    /// `matches[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        let mut lists = Vec::new();
        for partition in 0..partitions {
            lists.extend(find_in_partition(sources, partition, partitions));
        }
        // A shard's matches come bucket by bucket, each bucket in document
        // order: a stable sort finds those runs and merges them.
        lists.par_iter_mut().for_each(|list| {
            list.sort_by_key(|m| (m.doc, m.print));
        });
        let mut counts = vec![0u32; sources.len()];
        for m in lists.iter().flatten() {
            counts[m.doc.index()] += 1;
        }
        SpanMatches { lists, counts }
    }

    /// Whether a document has any match.
    pub fn has_matches(&self, doc: DocId) -> bool {
        self.counts.get(doc.index()).is_some_and(|&c| c > 0)
    }

    /// A cursor at the first document.
    pub fn cursor(&self) -> MatchCursor<'_> {
        MatchCursor {
            lists: &self.lists,
            read: vec![0; self.lists.len()],
        }
    }

    /// The matches of one document, in fingerprint order (for a document
    /// at a time; pass 2 reads them by chunk with [`SpanMatches::cursor`]).
    pub fn of(&self, doc: DocId) -> Vec<SpanMatch> {
        let mut cursor = self.cursor();
        cursor.read = (self.lists.iter())
            .map(|list| list.partition_point(|m| m.doc < doc))
            .collect();
        cursor.chunk(doc.index()..doc.index() + 1).of(doc).to_vec()
    }

    /// Matches held.
    pub fn len(&self) -> usize {
        self.lists.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.iter().all(Vec::is_empty)
    }
}

impl MatchCursor<'_> {
    /// The matches of documents `docs`, which must follow those of the
    /// last chunk read.
    pub fn chunk(&mut self, docs: Range<usize>) -> ChunkMatches {
        let mut matches = Vec::new();
        for (list, read) in self.lists.iter().zip(&mut self.read) {
            let rest = &list[*read..];
            let taken = rest.partition_point(|m| m.doc.index() < docs.end);
            matches.extend_from_slice(&rest[..taken]);
            *read += taken;
        }
        // Each list's part is sorted: a stable sort merges the runs.
        matches.sort_by_key(|m| (m.doc, m.print));
        let offsets = (docs.start..=docs.end)
            .map(|doc| matches.partition_point(|m| m.doc.index() < doc))
            .collect();
        ChunkMatches {
            first_doc: docs.start,
            matches,
            offsets,
        }
    }
}

impl ChunkMatches {
    /// The matches of a document of the chunk, in fingerprint order.
    pub fn of(&self, doc: DocId) -> &[SpanMatch] {
        let Some(i) = doc.index().checked_sub(self.first_doc) else {
            return &[];
        };
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.matches[from..to],
            _ => &[],
        }
    }
}

/// The partition of the key space a fingerprint falls in, from its low 32
/// bits. Not from its top bits: winnowing keeps the least hash of every
/// window, so fingerprints crowd the low end of the range, and partitions
/// cut from the top would be far from even. The shard takes bits 32 and up.
fn partition_of(hash: u64, partitions: usize) -> usize {
    (((hash & 0xFFFF_FFFF) * partitions as u64) >> 32) as usize
}

/// The matches of one partition, a list per shard.
fn find_in_partition(
    sources: &[Option<SpanSource>],
    partition: usize,
    partitions: usize,
) -> Vec<Vec<SpanMatch>> {
    let pieces: Vec<Vec<Vec<Entry>>> = sources
        .par_chunks(DOCS_PER_PIECE)
        .enumerate()
        .map(|(piece, chunk)| {
            // Sized for an even share and some, so that no entry is copied
            // by growth: hashes spread evenly over partitions and shards.
            let eligible: usize = chunk
                .iter()
                .flatten()
                .flat_map(|source| &source.eligible)
                .map(|run| run.len())
                .sum();
            let share = eligible / (partitions * SHARDS);
            let room = share + 4 * share.isqrt() + 16;
            let mut shards: Vec<Vec<Entry>> =
                (0..SHARDS).map(|_| Vec::with_capacity(room)).collect();
            for (k, source) in chunk.iter().enumerate() {
                let Some(source) = source else { continue };
                let doc = (piece * DOCS_PER_PIECE + k) as u32;
                for print in source.eligible.iter().cloned().flatten() {
                    let hash = source.sketch.span_hashes[print as usize];
                    if partition_of(hash, partitions) == partition {
                        shards[shard_of(hash)].push(Entry { hash, doc, print });
                    }
                }
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
    by_shard
        .into_par_iter()
        .map(|parts| shard_matches(parts, sources))
        .collect()
}

/// The first place of a fingerprint: where its entry stands until a
/// repeat needs the place itself, read once from the sketch.
#[derive(Clone, Copy)]
enum First {
    Entry { doc: u32, print: u32 },
    Place(SpanAt),
}

/// Entries read with one table: few enough that it stays in cache.
const ENTRIES_PER_TABLE: usize = 1 << 14;

/// The matches among the entries of one shard, which come in document
/// order: every place after the first of its fingerprint, unless it
/// overlaps the first in the same document. The entries are first split
/// by fingerprint into buckets small enough that each is read with a table
/// that stays in cache; order within a bucket is kept, so the first place
/// of a fingerprint is still the first one read.
fn shard_matches(parts: Vec<Vec<Entry>>, sources: &[Option<SpanSource>]) -> Vec<SpanMatch> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let buckets = total.div_ceil(ENTRIES_PER_TABLE).next_power_of_two();
    let mut split: Vec<Vec<Entry>> = (0..buckets)
        .map(|_| Vec::with_capacity(total / buckets + total / buckets / 4))
        .collect();
    for part in parts {
        for entry in part {
            split[bucket_of(entry.hash, buckets)].push(entry);
        }
    }
    let mut firsts: KeyMap<First> = KeyMap::default();
    // Room for every entry to match: pages never written cost nothing,
    // while growing by doubling would copy and touch twice the memory.
    let mut matches = Vec::with_capacity(total);
    for bucket in split {
        firsts.clear();
        for entry in bucket {
            let slot = firsts.entry(entry.hash).or_insert(First::Entry {
                doc: entry.doc,
                print: entry.print,
            });
            let first = match *slot {
                First::Entry { doc, print } if doc == entry.doc && print == entry.print => continue,
                First::Entry { doc, print } => {
                    let place = place(sources, doc, print);
                    *slot = First::Place(place);
                    place
                }
                First::Place(place) => place,
            };
            if first.doc.0 == entry.doc && place(sources, entry.doc, entry.print).start < first.end
            {
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

/// The bucket of a fingerprint within its shard: bits that neither the
/// shard (32 to 35), nor the partition (low 32), nor the table (low bits
/// for the slot, top 7 for its tag) read.
fn bucket_of(hash: u64, buckets: usize) -> usize {
    (hash >> 36) as usize & (buckets - 1)
}

fn place(sources: &[Option<SpanSource>], doc: u32, print: u32) -> SpanAt {
    let sketch = sources[doc as usize]
        .as_ref()
        .expect("entries come from documents with a sketch")
        .sketch;
    let print = sketch.spans[print as usize];
    SpanAt {
        doc: DocId(doc),
        start: print.start,
        end: print.end,
        line: sketch.line_of_token(print.token()),
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
            spans: (0..hashes.len() as u32)
                .map(|i| SpanPrint::new(i, 10 * i, 10 * i + 8, false))
                .collect(),
            span_hashes: hashes.to_vec(),
            ..DocSketch::default()
        }
    }

    fn find(sketches: &[DocSketch], budget: usize) -> SpanMatches {
        let sources: Vec<Option<SpanSource>> = sketches
            .iter()
            .map(|sketch| {
                Some(SpanSource {
                    sketch,
                    eligible: std::iter::once(0..sketch.spans.len() as u32).collect(),
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
            found
                .of(DocId(doc))
                .iter()
                .map(|m| (m.print, m.first))
                .collect()
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
        doc.spans[2] = SpanPrint::new(2, 4, 12, false);
        assert!(find(&[doc], 1 << 20).is_empty());
    }

    #[test]
    fn partitions_change_how_much_is_sorted_at_once_not_the_result() {
        let sketches: Vec<DocSketch> = (0..40u64)
            .map(|d| {
                let hashes: Vec<u64> = (0..50)
                    .map(|i| ((d * 7 + i * 13) % 90).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                    .collect();
                sketch(&hashes)
            })
            .collect();
        let whole = find(&sketches, 1 << 30);
        let parted = find(&sketches, 64 * ENTRY_BYTES);
        assert!(!whole.is_empty());
        assert!(parted.lists.len() > whole.lists.len());
        assert_eq!(whole.len(), parted.len());
        // Read by chunks of any size, or a document at a time: the same.
        let mut cursor = parted.cursor();
        for start in (0..sketches.len()).step_by(7) {
            let end = (start + 7).min(sketches.len());
            let chunk = cursor.chunk(start..end);
            for doc in start..end {
                let doc = DocId(doc as u32);
                assert_eq!(chunk.of(doc), &whole.of(doc)[..]);
                assert_eq!(whole.has_matches(doc), !chunk.of(doc).is_empty());
                assert!(chunk.of(doc).is_sorted_by_key(|m| m.print));
            }
        }
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
                eligible: vec![0..1, 1..3],
            }),
        ];
        let found = SpanMatches::find(&sources, 1 << 20);
        let prints: Vec<u32> = found.of(DocId(1)).iter().map(|m| m.print).collect();
        assert_eq!(prints, vec![0, 2]);
    }
}
