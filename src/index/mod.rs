//! The global index built from every document's sketch (between the passes).
//!
//! - exact duplicate documents (first in document order wins);
//! - per group, in how many distinct documents each template key occurs and
//!   in how many of those it stands inside the body;
//! - every later occurrence of a kept line or sentence, with its first
//!   ([`Repeats`]), and of a span fingerprint ([`spans`]).
//!
//! Every count is exact (no sketches with false positives). Maps are built
//! per shard of the key space, each shard by one task visiting documents in
//! order, so thread scheduling cannot change them.

pub mod keymap;
pub mod near;
pub mod pairs;
pub mod spans;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{DocId, DocRef};
use crate::fingerprint::DocSketch;
use crate::settings::BoilerplateSettings;
pub use keymap::{GroupKeyMap, KeyMap, SHARDS};
pub use near::{near_duplicates, KeepPolicy, NearDuplicate};
pub use pairs::PairWriter;
pub use spans::{ChunkMatches, Entry, EntryWriter, SpanAt, SpanMatch, SpanMatches};

/// A line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Occurrence {
    pub doc: DocId,
    /// Zero-based line index in the canonical text.
    pub line: u32,
}

impl Place for Occurrence {
    const BYTES: usize = 8;

    fn doc(&self) -> DocId {
        self.doc
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.doc.0.to_le_bytes());
        out.extend_from_slice(&self.line.to_le_bytes());
    }

    fn read(bytes: &[u8]) -> Self {
        Occurrence {
            doc: DocId(u32_at(bytes, 0)),
            line: u32_at(bytes, 4),
        }
    }
}

/// The little-endian `u32` at `at` of `bytes`.
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// A sentence of a document: its line and its place in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SentenceAt {
    pub doc: DocId,
    pub line: u32,
    pub ordinal: u32,
}

impl Place for SentenceAt {
    const BYTES: usize = 12;

    fn doc(&self) -> DocId {
        self.doc
    }

    fn write(&self, out: &mut Vec<u8>) {
        for field in [self.doc.0, self.line, self.ordinal] {
            out.extend_from_slice(&field.to_le_bytes());
        }
    }

    fn read(bytes: &[u8]) -> Self {
        SentenceAt {
            doc: DocId(u32_at(bytes, 0)),
            line: u32_at(bytes, 4),
            ordinal: u32_at(bytes, 8),
        }
    }
}

/// A place in a document that [`Repeats`] are kept by, with its form in
/// a partition file ([`pairs`]).
pub trait Place {
    /// Bytes of its file form.
    const BYTES: usize;

    fn doc(&self) -> DocId;

    /// Append its file form to `out`.
    fn write(&self, out: &mut Vec<u8>);

    /// Read its file form (`BYTES` bytes).
    fn read(bytes: &[u8]) -> Self;
}

/// What a group knows of one template key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyStats {
    /// Distinct documents of the group that carry the key.
    pub docs: u32,
    /// Of those, the documents where it stands inside the body.
    pub in_body: u32,
}

/// Template-key counts of one group.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct GroupTable {
    /// Documents of the group that count (exact duplicates do not).
    pub docs: u32,
    pub keys: KeyMap<KeyStats>,
}

impl GroupTable {
    /// The key's counts if it occurs often enough to be template text.
    pub fn frequent(&self, key: u64, settings: &BoilerplateSettings) -> Option<KeyStats> {
        let stats = *self.keys.get(&key)?;
        let share = f64::from(stats.docs) / f64::from(self.docs.max(1));
        (stats.docs >= settings.min_docs && share >= settings.min_share).then_some(stats)
    }
}

/// Everything pass 2 needs to decide on a document.
#[derive(Debug, Default)]
pub struct Index {
    /// For each document, the earlier document it exactly duplicates.
    pub duplicate_of: Vec<Option<DocId>>,
    /// For each document, the document kept of its near-duplicates
    /// ([`near`]), unless it is kept itself.
    pub near_duplicate_of: Vec<Option<NearDuplicate>>,
    /// Indexed by group id.
    pub groups: Vec<GroupTable>,
    /// Every line, among those the boilerplate rules keep, whose content
    /// key a kept line had before, with that first occurrence.
    pub line_repeats: Repeats<Occurrence>,
    /// Every sentence, among the lines the boilerplate and duplicate-line
    /// rules keep, whose key stood there before, with its first occurrence.
    pub sentence_repeats: Repeats<SentenceAt>,
    /// Every span fingerprint, among the lines that the boilerplate rules
    /// keep, that repeats an earlier one, with the first occurrence.
    pub span_matches: SpanMatches,
}

impl Index {
    /// The document goes whole, as an exact or a near duplicate (the
    /// tables are empty when their rules are off).
    pub fn is_whole_copy(&self, doc: DocId) -> bool {
        let exact = self.duplicate_of.get(doc.index()).copied().flatten();
        let near = self.near_duplicate_of.get(doc.index()).copied().flatten();
        exact.is_some() || near.is_some()
    }
}

/// Documents whose content hash was seen at a lower id.
pub fn exact_duplicates(sketches: &[Option<&DocSketch>]) -> Vec<Option<DocId>> {
    let mut first: KeyMap<DocId> = KeyMap::default();
    sketches
        .iter()
        .enumerate()
        .map(|(i, sketch)| {
            let sketch = sketch.as_ref().filter(|s| !s.is_blank())?;
            let id = DocId(i as u32);
            let first = *first.entry(sketch.content_hash).or_insert(id);
            (first != id).then_some(first)
        })
        .collect()
}

/// Count template keys per group, then where the frequent ones stand.
pub fn group_tables(
    docs: &[DocRef],
    group_count: usize,
    sketches: &[Option<&DocSketch>],
    duplicate_of: &[Option<DocId>],
    settings: &BoilerplateSettings,
) -> Vec<GroupTable> {
    let counted = |i: usize| sketches[i].as_ref().filter(|_| duplicate_of[i].is_none());

    let mut tables: Vec<GroupTable> = (0..group_count).map(|_| GroupTable::default()).collect();
    for (i, doc) in docs.iter().enumerate() {
        if counted(i).is_some() {
            tables[doc.group.index()].docs += 1;
        }
    }

    // Documents per template key. Each shard of the key space is counted by
    // one task over all documents, so no partial maps are merged; a
    // document counts once per key because each count remembers the last
    // document it counted.
    let shards: Vec<Vec<(u32, u64, u32)>> = (0..keymap::SHARDS)
        .into_par_iter()
        .map(|shard| {
            let mut counts: GroupKeyMap<(u32, u32)> = GroupKeyMap::default();
            for (i, doc) in docs.iter().enumerate() {
                let Some(sketch) = counted(i) else { continue };
                // Page-title suffixes count as lines do: a site's name
                // ends many titles of its group.
                let keys = (sketch.lines.iter())
                    .filter(|line| line.weight > 0)
                    .map(|line| line.template)
                    .chain(sketch.titles.iter().map(|title| title.suffix));
                for key in keys {
                    if keymap::shard_of(key) != shard {
                        continue;
                    }
                    let (count, last) = counts.entry((doc.group.0, key)).or_insert((0, u32::MAX));
                    if *last != i as u32 {
                        *count += 1;
                        *last = i as u32;
                    }
                }
            }
            // A key in fewer documents than `min_docs` can never be template
            // text; most lines of a corpus are such, and need no place here.
            counts
                .into_iter()
                .filter(|&(_, (count, _))| count >= settings.min_docs)
                .map(|((group, key), (count, _))| (group, key, count))
                .collect()
        })
        .collect();
    for (group, key, docs) in shards.into_iter().flatten() {
        tables[group as usize]
            .keys
            .insert(key, KeyStats { docs, in_body: 0 });
    }

    // Where the frequent keys stand: per document in parallel, summed after.
    let in_body: Vec<Vec<u64>> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let Some(sketch) = counted(i) else {
                return Vec::new();
            };
            let table = &tables[doc.group.index()];
            let frequent = |line: usize| {
                table
                    .frequent(sketch.lines[line].template, settings)
                    .is_some()
            };
            let Some((first, last)) = body_bounds(sketch, settings.anchor_min_weight, frequent)
            else {
                return Vec::new();
            };
            let mut keys: Vec<u64> = (first + 1..last)
                .filter(|&line| sketch.lines[line].weight > 0 && frequent(line))
                .map(|line| sketch.lines[line].template)
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        })
        .collect();
    for (doc, keys) in docs.iter().zip(in_body) {
        let table = &mut tables[doc.group.index()];
        for key in keys {
            if let Some(stats) = table.keys.get_mut(&key) {
                stats.in_body += 1;
            }
        }
    }
    tables
}

/// The first and last anchor lines of a document: lines heavy enough to be
/// body text that are not frequent template lines. The body lies between.
pub fn body_bounds(
    sketch: &DocSketch,
    anchor_min_weight: u32,
    frequent: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let is_anchor =
        |&line: &usize| sketch.lines[line].weight >= anchor_min_weight && !frequent(line);
    let first = (0..sketch.lines.len()).find(is_anchor)?;
    let last = (first..sketch.lines.len()).rev().find(is_anchor)?;
    Some((first, last))
}

/// The repeats among the (key, place) pairs that `eligible` yields for
/// each document: lines for whole-line duplicates, sentences for sentence
/// duplicates. "First" is the least place, so the order in which documents
/// are visited cannot change it.
pub fn first_places<V, F>(doc_count: usize, eligible: F) -> Repeats<V>
where
    V: Ord + Copy + Send + Sync,
    F: Fn(DocId) -> Vec<(u64, V)> + Sync,
{
    let entries: Vec<Vec<(u64, V)>> = (0..doc_count)
        .into_par_iter()
        .map(|i| eligible(DocId(i as u32)))
        .collect();
    Repeats::of(entries)
}

/// Every place of a key after its first, with the first: what the
/// duplicate rules look up, by place. A key seen once (most of them: most
/// lines and sentences are said once) takes no room, where a table of
/// first places would hold every key.
#[derive(Debug, Serialize, Deserialize)]
pub struct Repeats<V> {
    /// (later place, first place), by later place.
    pub(crate) later: Vec<(V, V)>,
}

impl<V> Default for Repeats<V> {
    fn default() -> Self {
        Repeats { later: Vec::new() }
    }
}

impl<V: Ord + Copy + Send + Sync> Repeats<V> {
    /// The repeats among each document's (key, place) pairs.
    pub fn of(entries: Vec<Vec<(u64, V)>>) -> Self {
        // Moved into key shards, each document's pairs freed as they go, so
        // that they are held once; each shard is then sorted on its own.
        let total: usize = entries.iter().map(Vec::len).sum();
        let room = total / SHARDS + 4 * (total / SHARDS).isqrt() + 16;
        let mut shards: Vec<Vec<(u64, V)>> =
            (0..SHARDS).map(|_| Vec::with_capacity(room)).collect();
        for doc in entries {
            for pair in doc {
                shards[keymap::shard_of(pair.0)].push(pair);
            }
        }
        let mut later: Vec<(V, V)> = shards
            .into_par_iter()
            .flat_map_iter(|mut shard| {
                shard.sort_unstable();
                let mut later = Vec::new();
                for same_key in shard.chunk_by(|a, b| a.0 == b.0) {
                    let first = same_key[0].1;
                    later.extend(same_key[1..].iter().map(|&(_, place)| (place, first)));
                }
                later
            })
            .collect();
        later.par_sort_unstable();
        Repeats { later }
    }

    /// The first place of the key at `place`, if `place` is not the first.
    pub fn first_of(&self, place: V) -> Option<V> {
        let at = self.later.binary_search_by(|(v, _)| v.cmp(&place)).ok()?;
        Some(self.later[at].1)
    }

    /// The repeats at places of the documents `docs` (what a shard of the
    /// corpus looks up).
    pub fn part(&self, docs: std::ops::Range<usize>) -> Self
    where
        V: Place,
    {
        let from = self
            .later
            .partition_point(|(v, _)| v.doc().index() < docs.start);
        let to = self
            .later
            .partition_point(|(v, _)| v.doc().index() < docs.end);
        Repeats {
            later: self.later[from..to].to_vec(),
        }
    }

    /// Places that repeat an earlier one.
    pub fn len(&self) -> usize {
        self.later.len()
    }

    pub fn is_empty(&self) -> bool {
        self.later.is_empty()
    }
}
