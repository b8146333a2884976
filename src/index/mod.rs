//! The global index built from every document's sketch (between the passes).
//!
//! - exact duplicate documents (first in document order wins);
//! - per group, in how many distinct documents each template key occurs and
//!   in how many of those it stands inside the body;
//! - every later occurrence of a kept line or sentence, with its first
//!   ([`Repeats`]), and of a span fingerprint ([`spans`]).
//!
//! Every count is exact (no sketches with false positives; the one filter,
//! [`repeat_filter`], only spares the span index fingerprints that occur
//! once, and lets some of those through, never a repeated one). Maps are built
//! per shard of the key space, each shard by one task visiting documents in
//! order, so thread scheduling cannot change them.

pub mod keymap;
pub mod near;
pub mod pairs;
pub mod repeat_filter;
pub mod spans;

use std::borrow::Borrow;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{DocId, DocRef};
use crate::error::Result;
use crate::fingerprint::DocSketch;
use crate::scratch::ScratchFile;
use crate::settings::BoilerplateSettings;
pub use keymap::{GroupKeyMap, KeyMap, SHARDS};
pub use near::{near_duplicates, KeepPolicy, NearDuplicate, SignatureFile};
pub use pairs::PairWriter;
pub use repeat_filter::{MarkBuffer, RepeatFilter, RepeatMarks};
pub use spans::{ChunkMatches, Entry, EntryWriter, PieceEntries, SpanAt, SpanMatch, SpanMatches};

/// A line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Occurrence {
    pub doc: DocId,
    /// Zero-based line index in the canonical text.
    pub line: u32,
}

impl Place for Occurrence {
    fn doc(&self) -> DocId {
        self.doc
    }
}

impl FileForm for Occurrence {
    const BYTES: usize = 8;

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
    fn doc(&self) -> DocId {
        self.doc
    }
}

impl FileForm for SentenceAt {
    const BYTES: usize = 12;

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

/// What a (key, value) pair of a partition file ([`pairs`]) holds besides
/// its key, in a fixed number of bytes.
pub trait FileForm: Sized {
    /// Bytes of its file form.
    const BYTES: usize;

    /// Append its file form to `out`.
    fn write(&self, out: &mut Vec<u8>);

    /// Read its file form (`BYTES` bytes).
    fn read(bytes: &[u8]) -> Self;
}

/// A place in a document that [`Repeats`] are kept by.
pub trait Place: FileForm {
    fn doc(&self) -> DocId;
}

/// What a group knows of one template key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyStats {
    /// Distinct documents of the group that carry the key.
    pub docs: u32,
    /// Of those, the documents where it stands inside the body.
    pub in_body: u32,
    /// Of those, the documents where it stands inside the body as an
    /// inserted line ([`inserted_between_paragraphs`]).
    #[serde(default)]
    pub inserted: u32,
}

/// Template-key counts of one group.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GroupTable {
    /// Documents of the group that count (exact duplicates do not).
    pub docs: u32,
    pub keys: KeyMap<KeyStats>,
    /// Of the documents that count, those with body text.
    #[serde(default)]
    pub bodied: u32,
    /// Of those, the ones whose header holds a line of text that is
    /// neither frequent nor a pack rule's ([`keeps_own_header_line`]): a
    /// page's title, where the group's pages have one.
    #[serde(default)]
    pub titled: u32,
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
    /// The lines of near-duplicates that the document kept in their stead
    /// lacks: they stay.
    pub near_new_lines: Places,
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

/// Documents whose content hash (none for a blank or unreadable document)
/// was seen at a lower id, from each document's hash in id order. The
/// hashes are sorted with their ids rather than filed in a hash map: half
/// the memory, and no tables left behind as it grows, at the point where a
/// run's memory peaks (the end of pass 1).
pub fn exact_duplicates(hashes: impl ExactSizeIterator<Item = Option<u64>>) -> Vec<Option<DocId>> {
    let mut duplicate_of = vec![None; hashes.len()];
    let mut by_hash: Vec<(u64, u32)> = (hashes.enumerate())
        .filter_map(|(i, hash)| Some((hash?, i as u32)))
        .collect();
    by_hash.par_sort_unstable();
    for same in by_hash.chunk_by(|a, b| a.0 == b.0) {
        let first = DocId(same[0].1);
        for &(_, copy) in &same[1..] {
            duplicate_of[copy as usize] = Some(first);
        }
    }
    duplicate_of
}

/// The partition files of a table of at most `expected` items of
/// `item_bytes` each, cut so that a partition keeps about `budget` bytes
/// (at most [`spans::MAX_PARTITIONS`]): none when the table fits, so that
/// it stays in memory. Files are named after `name` under `dir`; their
/// write buffers together take no more than `budget` either, down to 4 KiB
/// each.
pub(crate) fn partition_files(
    expected: usize,
    item_bytes: usize,
    budget: usize,
    dir: &Path,
    name: &str,
) -> Result<Vec<std::sync::Mutex<ScratchFile>>> {
    let partitions = (expected * item_bytes)
        .div_ceil(budget.max(item_bytes))
        .clamp(1, spans::MAX_PARTITIONS);
    if partitions == 1 {
        return Ok(Vec::new());
    }
    let buffer = (budget / partitions).clamp(4 << 10, crate::scratch::WRITE_BUFFER);
    (0..partitions)
        .map(|partition| {
            let file = ScratchFile::with_buffer(dir, &format!("{name}-{partition}"), buffer)?;
            Ok(std::sync::Mutex::new(file))
        })
        .collect()
}

/// Give each partition file its block (`append` runs under the file's
/// lock), the files no other thread holds first, then the others. Threads
/// that file pieces at the same time would otherwise walk the partitions
/// in step, one waiting on each lock the other holds. Blocks may reach a
/// file in any order: readers order them by piece, or do not depend on it.
pub(crate) fn file_blocks<F, B>(
    files: &[std::sync::Mutex<F>],
    blocks: impl IntoIterator<Item = B>,
    mut append: impl FnMut(&mut F, B),
) {
    let mut busy = Vec::new();
    for (file, block) in files.iter().zip(blocks) {
        match file.try_lock() {
            Ok(mut file) => append(&mut file, block),
            Err(std::sync::TryLockError::WouldBlock) => busy.push((file, block)),
            Err(std::sync::TryLockError::Poisoned(_)) => {
                panic!("a partition file lock is poisoned")
            }
        }
    }
    for (file, block) in busy {
        append(&mut file.lock().expect("partition file lock"), block);
    }
}

/// The file blocks of a piece's `items`, one per partition of their `key`
/// space, each item appended by `write` in `item_bytes`. Keys spread
/// evenly over partitions: each block has room for an even share and
/// some, so that it seldom grows.
pub(crate) fn partition_blocks<T>(
    items: &[T],
    partitions: usize,
    item_bytes: usize,
    key: impl Fn(&T) -> u64,
    write: impl Fn(&T, &mut Vec<u8>),
) -> Vec<Vec<u8>> {
    let share = items.len() / partitions;
    let room = (share + 4 * share.isqrt() + 4) * item_bytes;
    let mut blocks: Vec<Vec<u8>> = (0..partitions).map(|_| Vec::with_capacity(room)).collect();
    for item in items {
        write(
            item,
            &mut blocks[spans::partition_of(key(item), partitions)],
        );
    }
    blocks
}

/// Documents whose sketches the index reads back from the state at a time.
pub const PIECE: usize = 512;

/// A group, as the place of a template key's (key, group) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct GroupOf(u32);

impl FileForm for GroupOf {
    const BYTES: usize = 4;

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }

    fn read(bytes: &[u8]) -> Self {
        GroupOf(u32_at(bytes, 0))
    }
}

/// Count template keys per group, then where the frequent ones stand.
///
/// `counted` names the documents that count (readable, not exact
/// duplicates); `head_of` reads the head of a counted document's sketch
/// ([`crate::fingerprint::codec::decode_head`]), a piece of documents at a
/// time, twice. Each document's distinct keys are (key, group) pairs,
/// gathered within `budget` bytes (else in partitions of the key space in
/// files under `spill`); a key's documents in a group are the pairs that
/// hold both.
pub fn group_tables<S: Borrow<DocSketch>>(
    docs: &[DocRef],
    group_count: usize,
    counted: &[bool],
    head_of: impl Fn(usize) -> Result<S> + Sync,
    settings: &BoilerplateSettings,
    budget: usize,
    spill: &Path,
) -> Result<Vec<GroupTable>> {
    let mut tables: Vec<GroupTable> = (0..group_count).map(|_| GroupTable::default()).collect();
    for (doc, _) in docs.iter().zip(counted).filter(|(_, &c)| c) {
        tables[doc.group.index()].docs += 1;
    }
    let pieces = docs.len().div_ceil(PIECE);
    let piece_docs = |piece: usize| piece * PIECE..((piece + 1) * PIECE).min(docs.len());

    // Documents per template key: each document's distinct keys, page-title
    // suffixes counted as lines are (a site's name ends many titles of its
    // group).
    // The partition count is planned for 16 distinct keys a document; any
    // count gives the same tables, only a partition's size depends on it.
    let expected = docs.len() * 16;
    let pairs = PairWriter::<GroupOf>::new(expected, budget, spill, "template-keys")?;
    (0..pieces)
        .into_par_iter()
        .try_for_each(|piece| -> Result<()> {
            let mut found = Vec::new();
            for i in piece_docs(piece).filter(|&i| counted[i]) {
                let head = head_of(i)?;
                let sketch = head.borrow();
                let mut keys: Vec<u64> = (sketch.lines.iter())
                    .filter(|line| line.weight > 0)
                    .map(|line| line.template)
                    .chain(sketch.titles.iter().map(|title| title.suffix))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                let group = GroupOf(docs[i].group.0);
                found.extend(keys.into_iter().map(|key| (key, group)));
            }
            pairs.push(found);
            Ok(())
        })?;
    for partition in pairs.into_partitions() {
        let mut partition = partition?;
        partition.par_sort_unstable();
        // A key in fewer documents than `min_docs` can never be template
        // text; most lines of a corpus are such, and need no place here.
        for same in partition.chunk_by(|a, b| a == b) {
            let (key, GroupOf(group)) = same[0];
            let count = same.len() as u32;
            if count >= settings.min_docs {
                let stats = KeyStats {
                    docs: count,
                    ..KeyStats::default()
                };
                tables[group as usize].keys.insert(key, stats);
            }
        }
    }

    // Where the frequent keys stand, and which documents have a body and
    // a header line of their own: per document in parallel, summed after.
    type Standing = (Vec<(u32, u64, bool)>, Vec<(u32, bool)>);
    let in_body: Vec<Standing> = (0..pieces)
        .into_par_iter()
        .map(|piece| -> Result<Standing> {
            let mut found = Vec::new();
            let mut bodies = Vec::new();
            for i in piece_docs(piece).filter(|&i| counted[i]) {
                let head = head_of(i)?;
                let sketch = head.borrow();
                let group = docs[i].group;
                let table = &tables[group.index()];
                let frequent = |line: usize| {
                    table
                        .frequent(sketch.lines[line].template, settings)
                        .is_some()
                };
                let Some((first, last)) = body_bounds(sketch, settings.anchor_min_weight, frequent)
                else {
                    continue;
                };
                bodies.push((group.0, keeps_own_header_line(sketch, first, frequent)));
                let body_text =
                    |line: usize| is_body_text(sketch, line, settings.anchor_min_weight, frequent);
                let mut keys: Vec<(u64, bool)> = (first + 1..last)
                    .filter(|&line| sketch.lines[line].weight > 0 && frequent(line))
                    .map(|line| {
                        let inserted =
                            inserted_between_paragraphs(sketch, line, settings, body_text);
                        (sketch.lines[line].template, inserted)
                    })
                    .collect();
                // A key once a document, inserted if it once stands so.
                keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                keys.dedup_by_key(|(key, _)| *key);
                found.extend(
                    keys.into_iter()
                        .map(|(key, inserted)| (group.0, key, inserted)),
                );
            }
            Ok((found, bodies))
        })
        .collect::<Result<_>>()?;
    for (found, bodies) in in_body {
        for (group, key, inserted) in found {
            if let Some(stats) = tables[group as usize].keys.get_mut(&key) {
                stats.in_body += 1;
                stats.inserted += u32::from(inserted);
            }
        }
        for (group, titled) in bodies {
            tables[group as usize].bodied += 1;
            tables[group as usize].titled += u32::from(titled);
        }
    }
    Ok(tables)
}

/// Whether the header of a document whose body starts at line `first`
/// holds, before its last template line (one `frequent` or matched by a
/// pack rule), a line of text that is neither, nor a section heading: what
/// stays of the page's own header, its title, once template lines go.
/// Lines after the last template line are left out: the body's headings
/// can stand before its first paragraph.
pub fn keeps_own_header_line(
    sketch: &DocSketch,
    first: usize,
    frequent: impl Fn(usize) -> bool,
) -> bool {
    let text = |line: &usize| sketch.lines[*line].weight > 0;
    let template = |line: usize| sketch.lines[line].pattern != 0 || frequent(line);
    let end = (0..first)
        .filter(text)
        .rfind(|&line| template(line))
        .unwrap_or(0);
    (0..end)
        .filter(text)
        .any(|line| !template(line) && !sketch.lines[line].enumerated)
}

/// Whether `line`, inside the body, stands as text inserted into an
/// article rather than part of it: a sentence too light to be body text
/// ('Tip: press / to search the documentation.', 'Sign up for our
/// newsletter.'), whose nearest lines with text on both sides are body
/// text. The section headings and list items that recur in many articles
/// of a site are not: a heading does not end as a sentence, and a list
/// item stands beside the other items.
pub fn inserted_between_paragraphs(
    sketch: &DocSketch,
    line: usize,
    settings: &BoilerplateSettings,
    body_text: impl Fn(usize) -> bool,
) -> bool {
    let lines = &sketch.lines;
    let key = &lines[line];
    if !key.ends_sentence || key.weight >= settings.anchor_min_weight {
        return false;
    }
    let before = (0..line).rev().find(|&l| lines[l].weight > 0);
    let after = (line + 1..lines.len()).find(|&l| lines[l].weight > 0);
    before.is_some_and(&body_text) && after.is_some_and(&body_text)
}

/// The first and last anchor lines of a document ([`is_body_text`]). The
/// body lies between.
pub fn body_bounds(
    sketch: &DocSketch,
    anchor_min_weight: u32,
    frequent: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let is_anchor = |&line: &usize| is_body_text(sketch, line, anchor_min_weight, &frequent);
    let first = (0..sketch.lines.len()).find(is_anchor)?;
    let last = (first..sketch.lines.len()).rev().find(is_anchor)?;
    Some((first, last))
}

/// Whether `line` is body text, an anchor of the body: heavy enough, and
/// neither a frequent template line nor labelled as a pack rule's line
/// ('Previous article: …').
pub fn is_body_text(
    sketch: &DocSketch,
    line: usize,
    anchor_min_weight: u32,
    frequent: impl Fn(usize) -> bool,
) -> bool {
    let key = &sketch.lines[line];
    key.weight >= anchor_min_weight && !key.labelled && !frequent(line)
}

/// The repeats among the (key, place) pairs that `eligible` yields for
/// each document, gathered in memory: what the tests of the rules that
/// look repeats up build their index with.
#[cfg(test)]
pub(crate) fn first_places<V, F>(doc_count: usize, eligible: F) -> Repeats<V>
where
    V: Place + Ord + Copy + Send + Sync,
    F: Fn(DocId) -> Vec<(u64, V)>,
{
    // No pairs are expected and the budget is unbounded: no file is made.
    let pairs = PairWriter::new(0, usize::MAX, Path::new("."), "first-places")
        .expect("pairs in memory make no file");
    for doc in 0..doc_count {
        pairs.push(eligible(DocId(doc as u32)));
    }
    pairs
        .finish(|_| false)
        .expect("pairs in memory are read back")
}

/// The repeats at places of one document ([`Repeats::in_doc`]).
#[derive(Debug, Clone, Copy)]
pub struct DocRepeats<'a, V>(&'a [(V, V)]);

impl<V: Ord + Copy> DocRepeats<'_, V> {
    /// The first place of the key at `place`, if `place` is not the first.
    pub fn first_of(&self, place: V) -> Option<V> {
        let at = self.0.binary_search_by(|(v, _)| v.cmp(&place)).ok()?;
        Some(self.0[at].1)
    }
}

/// A set of lines, in order: lookups by document and by line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    sorted: Vec<Occurrence>,
}

impl Places {
    pub fn new(mut places: Vec<Occurrence>) -> Places {
        places.sort_unstable();
        places.dedup();
        Places { sorted: places }
    }

    /// The lines of document `doc`, in order.
    pub fn in_doc(&self, doc: DocId) -> impl Iterator<Item = u32> + '_ {
        let from = self.sorted.partition_point(|place| place.doc < doc);
        (self.sorted[from..].iter())
            .take_while(move |place| place.doc == doc)
            .map(|place| place.line)
    }

    pub fn contains(&self, place: Occurrence) -> bool {
        self.sorted.binary_search(&place).is_ok()
    }

    /// The lines of the documents `docs` (what a shard of the corpus looks
    /// up).
    pub fn part(&self, docs: std::ops::Range<usize>) -> Places {
        let from = (self.sorted).partition_point(|place| place.doc.index() < docs.start);
        let to = (self.sorted).partition_point(|place| place.doc.index() < docs.end);
        Places {
            sorted: self.sorted[from..to].to_vec(),
        }
    }
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
    /// The repeats at places of document `doc`: a rule looks up every line
    /// or sentence of a document, each in its document's few repeats
    /// instead of all of the corpus's.
    pub fn in_doc(&self, doc: DocId) -> DocRepeats<'_, V>
    where
        V: Place,
    {
        let from = self.later.partition_point(|(v, _)| v.doc() < doc);
        let to = from + self.later[from..].partition_point(|(v, _)| v.doc() == doc);
        DocRepeats(&self.later[from..to])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_repeats_are_found_among_its_own_alone() {
        let at = |doc, line| Occurrence {
            doc: DocId(doc),
            line,
        };
        // Key 1 at 0:0, 2:3 and 5:1; key 2 at 2:0 and 2:1; key 3 at 5:0 and 6:2.
        let repeats = first_places(7, |doc| match doc.0 {
            0 => vec![(1, at(0, 0))],
            2 => vec![(2, at(2, 0)), (2, at(2, 1)), (1, at(2, 3))],
            5 => vec![(3, at(5, 0)), (1, at(5, 1))],
            6 => vec![(3, at(6, 2))],
            _ => Vec::new(),
        });
        let first = |doc, line| repeats.in_doc(DocId(doc)).first_of(at(doc, line));
        assert_eq!(first(0, 0), None);
        assert_eq!(first(2, 0), None);
        assert_eq!(first(2, 1), Some(at(2, 0)));
        assert_eq!(first(2, 3), Some(at(0, 0)));
        assert_eq!(first(5, 0), None);
        assert_eq!(first(5, 1), Some(at(0, 0)));
        assert_eq!(first(6, 2), Some(at(5, 0)));
        // A place is looked up in its own document's repeats only.
        assert_eq!(repeats.in_doc(DocId(2)).first_of(at(5, 1)), None);
        assert_eq!(first(1, 0), None);
        assert_eq!(first(3, 0), None);
    }
}
