//! The global index built from every document's sketch (between the passes).
//!
//! - exact duplicate documents (first in document order wins);
//! - per group, in how many distinct documents each template key occurs and
//!   in how many of those it stands inside the body;
//! - the first kept occurrence of each content key.
//!
//! Every count is exact (no sketches with false positives) and is built by
//! commutative merges of per-thread partial maps, so thread scheduling cannot
//! change it.

pub mod keymap;

use rayon::prelude::*;

use crate::corpus::{DocId, DocRef};
use crate::fingerprint::DocSketch;
use crate::settings::BoilerplateSettings;
pub use keymap::{GroupKeyMap, KeyMap, ShardedMap};

/// A line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub doc: DocId,
    /// Zero-based line index in the canonical text.
    pub line: u32,
}

/// A sentence of a document: its line and its place in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SentenceAt {
    pub doc: DocId,
    pub line: u32,
    pub ordinal: u32,
}

/// What a group knows of one template key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyStats {
    /// Distinct documents of the group that carry the key.
    pub docs: u32,
    /// Of those, the documents where it stands inside the body.
    pub in_body: u32,
}

/// Template-key counts of one group.
#[derive(Debug, Default)]
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
    /// Indexed by group id.
    pub groups: Vec<GroupTable>,
    /// The first occurrence of each content key among the lines that are kept
    /// by the boilerplate rules.
    pub first_kept: ShardedMap<Occurrence>,
    /// The first occurrence of each sentence among the lines that the
    /// boilerplate and duplicate-line rules keep.
    pub first_sentence: ShardedMap<SentenceAt>,
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

    let doc_counts = per_group_fold(docs, group_count, |i, add| {
        if let Some(sketch) = counted(i) {
            let keys = sketch
                .lines
                .iter()
                .filter(|l| l.weight > 0)
                .map(|l| l.template);
            add_once_each(
                keys,
                KeyStats {
                    docs: 1,
                    in_body: 0,
                },
                add,
            );
        }
    });
    for (table, mut keys) in tables.iter_mut().zip(doc_counts) {
        // A key in fewer documents than `min_docs` can never be template
        // text; most lines of a corpus are such, and need no place here.
        keys.retain(|_, stats| stats.docs >= settings.min_docs);
        keys.shrink_to_fit();
        table.keys = keys;
    }

    let body_counts = per_group_fold(docs, group_count, |i, add| {
        let Some(sketch) = counted(i) else { return };
        let table = &tables[docs[i].group.index()];
        let frequent = |line: usize| {
            table
                .frequent(sketch.lines[line].template, settings)
                .is_some()
        };
        let Some((first, last)) = body_bounds(sketch, settings.anchor_min_weight, frequent) else {
            return;
        };
        let keys = (first + 1..last)
            .filter(|&line| sketch.lines[line].weight > 0 && frequent(line))
            .map(|line| sketch.lines[line].template);
        add_once_each(
            keys,
            KeyStats {
                docs: 0,
                in_body: 1,
            },
            add,
        );
    });
    for (table, counts) in tables.iter_mut().zip(body_counts) {
        for (key, stats) in counts {
            if let Some(entry) = table.keys.get_mut(&key) {
                entry.in_body += stats.in_body;
            }
        }
    }
    tables
}

/// Add `stats` once for each distinct key: a document counts once however
/// often it repeats a line.
fn add_once_each(
    keys: impl Iterator<Item = u64>,
    stats: KeyStats,
    add: &mut dyn FnMut(u64, KeyStats),
) {
    let mut keys: Vec<u64> = keys.collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        add(key, stats);
    }
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

/// The first place of every key among the (key, place) pairs that
/// `eligible` yields for each document: lines for whole-line duplicates,
/// sentences for sentence duplicates. "First" is the least place, so the
/// order in which documents are visited cannot change it.
pub fn first_places<V, F>(doc_count: usize, eligible: F) -> ShardedMap<V>
where
    V: Ord + Copy + Send + Sync,
    F: Fn(DocId) -> Vec<(u64, V)> + Sync,
{
    let entries: Vec<Vec<(u64, V)>> = (0..doc_count)
        .into_par_iter()
        .map(|i| eligible(DocId(i as u32)))
        .collect();
    ShardedMap::least_per_key(&entries)
}

/// Run `visit` over every document in parallel, summing what it adds per
/// group and key.
fn per_group_fold<F>(docs: &[DocRef], group_count: usize, visit: F) -> Vec<KeyMap<KeyStats>>
where
    F: Fn(usize, &mut dyn FnMut(u64, KeyStats)) + Sync,
{
    let add_stats = |a: &mut KeyStats, b: KeyStats| {
        a.docs += b.docs;
        a.in_body += b.in_body;
    };
    let totals = docs
        .par_iter()
        .enumerate()
        .fold(
            GroupKeyMap::default,
            |mut map: GroupKeyMap<KeyStats>, (i, doc)| {
                visit(i, &mut |key, stats| {
                    add_stats(map.entry((doc.group.0, key)).or_default(), stats)
                });
                map
            },
        )
        .reduce(GroupKeyMap::default, |a, b| {
            keymap::merge_into(a, b, add_stats)
        });
    let mut per_group: Vec<KeyMap<KeyStats>> =
        (0..group_count).map(|_| KeyMap::default()).collect();
    for ((group, key), stats) in totals {
        per_group[group as usize].insert(key, stats);
    }
    per_group
}
