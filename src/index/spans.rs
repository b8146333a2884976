//! Repeats of span fingerprints.
//!
//! Every fingerprint that counts — its k-gram lies in lines the boilerplate
//! rules keep — becomes a 32-byte [`Entry`] (fingerprint, document,
//! position, and the bytes and line it covers), filed by shard of the key
//! space in document order. Each shard then reads its entries in that order
//! with a table of the first place of every fingerprint seen so far: a
//! fingerprint already in the table is a [`SpanMatch`] of its first place
//! (unless it overlaps it in the same document). Each shard's matches are
//! sorted by document and read by pass 2 a chunk at a time
//! ([`MatchCursor`]), beside the document's fingerprints: no lookup in a
//! table of the whole corpus.
//!
//! Counting is exact: 64-bit fingerprints, no probabilistic filter. The
//! entries are gathered in one pass over the sketches, a piece of
//! documents at a time ([`EntryWriter`]). When they fit the memory budget
//! they stay in memory; else the key space is cut into as many partitions
//! as keep one within the budget, each partition's entries go to a file of
//! its own as they are made (where each piece's block lies is kept in
//! memory), and the partitions are read back, in runs of blocks read in
//! parallel, and matched one at a time, the next read while one is matched.
//! An entry carries its place, so matching reads no sketch.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::keymap::{shard_of, KeyMap, SHARDS};
use super::repeat_filter::RepeatFilter;
use super::{file_blocks, partition_files};
use crate::corpus::DocId;
use crate::error::{Error, Result};
use crate::fingerprint::codec::{unzigzag, varint_at, varint_to, zigzag};
use crate::fingerprint::DocSketch;
use crate::scratch::ScratchFile;
use crate::write::{AtomicFile, TEMP_PREFIX};

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

impl SpanMatch {
    /// Where the match stands in document order: by document, then
    /// fingerprint (one key, so that a sort compares once).
    fn order(&self) -> u64 {
        u64::from(self.doc.0) << 32 | u64::from(self.print)
    }
}

/// Every fingerprint of the corpus that repeats an earlier one, as the
/// shards of each partition found them: one list per shard and partition,
/// each sorted by document, then fingerprint. They are never copied into
/// one list of the whole corpus: pass 2, which takes documents in order,
/// gathers each chunk's matches from the lists with a [`MatchCursor`].
#[derive(Debug, Default)]
pub struct SpanMatches {
    lists: Vec<MatchList>,
}

/// One list of matches, sorted by document: in memory, or (when the
/// entries were partitioned to stay within the budget) in a file that is
/// read once, in order, by pass 2.
#[derive(Debug)]
enum MatchList {
    Memory(Vec<SpanMatch>),
    /// A file of the run's own (removed with the matches), or of a part of
    /// a staged job (left in place).
    File {
        path: PathBuf,
        len: usize,
        owned: bool,
    },
}

impl MatchList {
    fn len(&self) -> usize {
        match self {
            MatchList::Memory(list) => list.len(),
            MatchList::File { len, .. } => *len,
        }
    }
}

impl Drop for SpanMatches {
    fn drop(&mut self) {
        for list in &self.lists {
            if let MatchList::File {
                path, owned: true, ..
            } = list
            {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Reads [`SpanMatches`] a chunk of documents at a time, in document order.
pub struct MatchCursor<'a> {
    lists: Vec<ListReader<'a>>,
    /// The lists' matches of the chunk being read, kept for the next one's.
    taken: Vec<SpanMatch>,
}

/// Where a cursor stands in one list.
enum ListReader<'a> {
    Memory {
        list: &'a [SpanMatch],
        read: usize,
    },
    File {
        reader: BufReader<File>,
        left: usize,
        /// The next match, read but not yet taken.
        next: Option<SpanMatch>,
        codec: MatchCodec,
    },
}

impl ListReader<'_> {
    /// Append the matches before document `end` to `out`.
    fn take_before(&mut self, end: usize, out: &mut Vec<SpanMatch>) -> Result<()> {
        match self {
            ListReader::Memory { list, read } => {
                let rest = &list[*read..];
                let taken = rest.partition_point(|m| m.doc.index() < end);
                out.extend_from_slice(&rest[..taken]);
                *read += taken;
            }
            ListReader::File {
                reader,
                left,
                next,
                codec,
            } => {
                if let Some(m) = *next {
                    if m.doc.index() >= end {
                        return Ok(());
                    }
                    out.push(m);
                    *next = None;
                }
                while *left > 0 {
                    let m = codec
                        .decode(reader)
                        .map_err(|e| Error::io("could not read", Path::new("span matches"), e))?;
                    *left -= 1;
                    if m.doc.index() >= end {
                        *next = Some(m);
                        break;
                    }
                    out.push(m);
                }
            }
        }
        Ok(())
    }
}

/// Writes and reads the matches of a file: each as varints of its
/// differences from the match before. Matches come sorted by document,
/// then fingerprint, and consecutive ones mostly point at consecutive
/// places of one first occurrence, so a match takes about 7 bytes where
/// its fields take 24.
#[derive(Default)]
struct MatchCodec {
    last: [u32; 6],
}

impl MatchCodec {
    fn fields(m: &SpanMatch) -> [u32; 6] {
        [
            m.doc.0,
            m.print,
            m.first.doc.0,
            m.first.start,
            m.first.end,
            m.first.line,
        ]
    }

    /// Most bytes of a match: six varints of differences of `u32`s.
    const MAX_BYTES: usize = 30;

    /// Append the encodings of `matches`, in order, to `out`. Room for a
    /// block of them is made at once, and each is written at a cursor
    /// into it, without a check of the vector's length for each field.
    fn encode(&mut self, matches: &[SpanMatch], out: &mut Vec<u8>) {
        for block in matches.chunks(1 << 10) {
            let mut at = out.len();
            out.resize(at + block.len() * Self::MAX_BYTES, 0);
            for m in block {
                at = self.encode_at(m, out, at);
            }
            out.truncate(at);
        }
    }

    /// Write the encoding of `m` into `out` from `at`; where it ends.
    #[inline]
    fn encode_at(&mut self, m: &SpanMatch, out: &mut [u8], mut at: usize) -> usize {
        let fields = Self::fields(m);
        let same_doc = fields[0] == self.last[0];
        for (i, &field) in fields.iter().enumerate() {
            // A new document's fingerprints count from 0; the end of a
            // span from its start.
            let base = match i {
                1 if !same_doc => 0,
                4 => fields[3],
                _ => self.last[i],
            };
            at = varint_to(out, at, zigzag(i64::from(field) - i64::from(base)));
        }
        self.last = fields;
        at
    }

    fn decode(&mut self, input: &mut impl BufRead) -> std::io::Result<SpanMatch> {
        // The six varints straight from the reader's buffer when they lie
        // whole in it, else a byte at a time.
        let mut raw = [0u64; 6];
        match varints_in(input.fill_buf()?, &mut raw) {
            Some(used) => input.consume(used),
            None => {
                for value in &mut raw {
                    *value = read_varint(input)?;
                }
            }
        }
        let mut fields = [0u32; 6];
        for i in 0..6 {
            let base = match i {
                1 if fields[0] != self.last[0] => 0,
                4 => fields[3],
                _ => self.last[i],
            };
            let value = i64::from(base).checked_add(unzigzag(raw[i]));
            fields[i] = value
                .and_then(|value| u32::try_from(value).ok())
                .ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "a match out of range")
                })?;
        }
        self.last = fields;
        Ok(SpanMatch {
            doc: DocId(fields[0]),
            print: fields[1],
            first: SpanAt {
                doc: DocId(fields[2]),
                start: fields[3],
                end: fields[4],
                line: fields[5],
            },
        })
    }
}

/// Fill `values` with the varints at the start of `bytes`; how many bytes
/// they took, or `None` if `bytes` ends first or a varint runs too long.
fn varints_in(bytes: &[u8], values: &mut [u64]) -> Option<usize> {
    let mut at = 0;
    for value in values {
        let (read, len) = varint_at(&bytes[at..])?;
        *value = read;
        at += len;
    }
    Some(at)
}

fn read_varint(input: &mut impl BufRead) -> std::io::Result<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        input.read_exact(&mut byte)?;
        value |= u64::from(byte[0] & 0x7F) << shift;
        if byte[0] < 0x80 {
            return Ok(value);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "a varint too long",
    ))
}

/// The matches of a run of consecutive documents.
#[derive(Debug, Default)]
pub struct ChunkMatches {
    first_doc: usize,
    /// Sorted by document; a document's own in no particular order.
    matches: Vec<SpanMatch>,
    /// The matches of document `first_doc + i` are
    /// `matches[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
}

/// A fingerprint of a document that counts, with where it stands: what
/// the matcher sorts (32 bytes in memory, about 15 in a partition file:
/// `EntryCodec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    hash: u64,
    doc: u32,
    print: u32,
    start: u32,
    end: u32,
    line: u32,
}

impl Entry {
    /// The entries of the fingerprints of `eligible` (runs of indices into
    /// `sketch.spans`) of document `doc`.
    fn of<'a>(
        doc: DocId,
        sketch: &'a DocSketch,
        eligible: impl Iterator<Item = u32> + 'a,
    ) -> impl Iterator<Item = Entry> + 'a {
        // Fingerprints come in token order: the line of each is found by
        // walking on from the last one's ([`DocSketch::line_of_token`]).
        let starts = &sketch.line_tokens[..sketch.line_tokens.len().saturating_sub(1)];
        let mut line = 0;
        eligible.map(move |print| {
            let at = sketch.spans[print as usize];
            while line + 1 < starts.len() && starts[line + 1] <= at.token() {
                line += 1;
            }
            debug_assert_eq!(line as u32, sketch.line_of_token(at.token()));
            Entry {
                hash: sketch.span_hashes[print as usize],
                doc: doc.0,
                print,
                start: at.start,
                end: at.end,
                line: line as u32,
            }
        })
    }

    fn place(&self) -> SpanAt {
        SpanAt {
            doc: DocId(self.doc),
            start: self.start,
            end: self.end,
            line: self.line,
        }
    }
}

/// Writes and reads the entries of a block of a partition file: each as
/// its hash, then varints of its fields' differences from the entry before
/// in the block. A block holds a piece's entries of one partition in
/// document order, a document's in the order of its fingerprints, so the
/// next entry is mostly of the same document, a few fingerprints, bytes
/// and lines on: about 15 bytes an entry where its fields take 28, and
/// half the file bytes written and read back.
#[derive(Debug, Default, Clone, Copy)]
struct EntryCodec {
    last: [u32; 5],
    /// Entries written or read so far.
    count: u32,
}

impl EntryCodec {
    /// Most bytes of an entry: its hash and five varints of differences of
    /// `u32`s.
    const MAX_BYTES: usize = 8 + 5 * 5;
    /// Bytes of an entry, about, for the room made for a block.
    const TYPICAL_BYTES: usize = 16;

    fn fields(entry: &Entry) -> [u32; 5] {
        [entry.doc, entry.print, entry.start, entry.end, entry.line]
    }

    /// What field `i` of an entry is a difference from, given the fields
    /// before it: a new document's fingerprints, places and lines count
    /// from 0, the end of a span from its start.
    #[inline]
    fn base(&self, fields: &[u32; 5], i: usize) -> u32 {
        match i {
            3 => fields[2],
            1 | 2 | 4 if fields[0] != self.last[0] => 0,
            _ => self.last[i],
        }
    }

    fn encode(&mut self, entry: &Entry, out: &mut Vec<u8>) {
        let mut bytes = [0u8; Self::MAX_BYTES];
        bytes[..8].copy_from_slice(&entry.hash.to_le_bytes());
        let fields = Self::fields(entry);
        let mut at = 8;
        for (i, &field) in fields.iter().enumerate() {
            let base = self.base(&fields, i);
            at = varint_to(&mut bytes, at, zigzag(i64::from(field) - i64::from(base)));
        }
        out.extend_from_slice(&bytes[..at]);
        self.last = fields;
        self.count += 1;
    }

    /// The entry at `*at` in `bytes`, moving `*at` past it; `None` if the
    /// bytes do not hold one.
    fn decode(&mut self, bytes: &[u8], at: &mut usize) -> Option<Entry> {
        let hash = u64::from_le_bytes(bytes.get(*at..*at + 8)?.try_into().ok()?);
        let mut raw = [0u64; 5];
        let len = varints_in(bytes.get(*at + 8..)?, &mut raw)?;
        let mut fields = [0u32; 5];
        for i in 0..5 {
            let base = self.base(&fields, i);
            fields[i] = u32::try_from(i64::from(base).checked_add(unzigzag(raw[i]))?).ok()?;
        }
        *at += 8 + len;
        self.last = fields;
        self.count += 1;
        let [doc, print, start, end, line] = fields;
        Some(Entry {
            hash,
            doc,
            print,
            start,
            end,
            line,
        })
    }
}

/// Bytes of one entry in memory: what the memory budget is divided by.
pub const ENTRY_BYTES: usize = std::mem::size_of::<Entry>();

/// Gathers the entries of the corpus a piece at a time (consecutive
/// documents, numbered in document order), by partition of the key space:
/// all in memory when they fit the budget, else each partition in a file
/// of its own, read back and matched one at a time.
pub struct EntryWriter {
    partitions: usize,
    /// The pieces' entries, when there is one partition.
    memory: Mutex<Vec<(usize, Vec<Entry>)>>,
    /// One file per partition, when there are several, with where each
    /// piece's block lies in it.
    files: Vec<Mutex<(ScratchFile, Vec<Block>)>>,
}

/// The entries of a piece of documents as they are made.
pub struct PieceEntries {
    filed: Filed,
    /// The fingerprints of a document the repeat filter lets through.
    kept: Vec<u32>,
}

/// Where a piece's entries go: in a list when the entries stay in memory,
/// else straight in the file form of their partitions, without a list to
/// split first.
enum Filed {
    List(Vec<Entry>),
    /// One block per partition, with the codec that writes it.
    Blocks(Vec<(Vec<u8>, EntryCodec)>),
}

impl PieceEntries {
    /// Add the entries of the fingerprints of `eligible` (runs of indices
    /// into `sketch.spans`) of document `doc`, but for those `repeats` (when
    /// given) turns away.
    pub fn extend(
        &mut self,
        doc: DocId,
        sketch: &DocSketch,
        eligible: &[Range<u32>],
        repeats: Option<&RepeatFilter>,
    ) {
        match repeats {
            Some(repeats) => {
                // Run by run: a range extends a vector at once, a flattened
                // iterator of them an element at a time.
                self.kept.clear();
                for run in eligible {
                    self.kept.extend(run.clone());
                }
                repeats.retain_repeated(&sketch.span_hashes, &mut self.kept);
                self.filed
                    .file(Entry::of(doc, sketch, self.kept.iter().copied()));
            }
            None => {
                let eligible = eligible.iter().cloned().flatten();
                self.filed.file(Entry::of(doc, sketch, eligible));
            }
        }
    }
}

impl Filed {
    fn file(&mut self, entries: impl Iterator<Item = Entry>) {
        match self {
            Filed::List(list) => list.extend(entries),
            Filed::Blocks(blocks) => {
                let partitions = blocks.len();
                for entry in entries {
                    let (block, codec) = &mut blocks[partition_of(entry.hash, partitions)];
                    codec.encode(&entry, block);
                }
            }
        }
    }
}

/// Where a piece's entries of one partition lie in the partition's file.
#[derive(Debug, Clone, Copy)]
struct Block {
    piece: u32,
    offset: u64,
    /// Its bytes, and the entries they hold.
    len: u64,
    count: u32,
}

impl EntryWriter {
    /// A writer for at most `expected` entries that keeps about `budget`
    /// bytes of them in memory at a time; partition files go in `dir`.
    pub fn new(expected: usize, budget: usize, dir: &Path) -> Result<EntryWriter> {
        let files = partition_files(expected, ENTRY_BYTES, budget, dir, "entries")?;
        Ok(EntryWriter {
            partitions: files.len().max(1),
            memory: Mutex::new(Vec::new()),
            files: (files.into_iter())
                .map(|file| Mutex::new((file.into_inner().expect("new lock"), Vec::new())))
                .collect(),
        })
    }

    /// The entries of a new piece of about `expected` entries, to fill in
    /// document order and file with [`EntryWriter::push`].
    pub fn piece(&self, expected: usize) -> PieceEntries {
        let filed = |filed| PieceEntries {
            filed,
            kept: Vec::new(),
        };
        if self.partitions == 1 {
            return filed(Filed::List(Vec::with_capacity(expected)));
        }
        // Hashes spread evenly over partitions: each block has room for an
        // even share and some, so that it seldom grows.
        let share = expected / self.partitions;
        let room = (share + 4 * share.isqrt() + 4) * EntryCodec::TYPICAL_BYTES;
        filed(Filed::Blocks(
            (0..self.partitions)
                .map(|_| (Vec::with_capacity(room), EntryCodec::default()))
                .collect(),
        ))
    }

    /// File the entries of piece `piece`. A write error is kept for
    /// [`EntryWriter::finish`].
    pub fn push(&self, piece: usize, entries: PieceEntries) {
        let blocks = match entries.filed {
            Filed::List(list) => {
                self.memory.lock().expect("entry lock").push((piece, list));
                return;
            }
            Filed::Blocks(blocks) => blocks,
        };
        file_blocks(&self.files, blocks, |(file, blocks), (bytes, codec)| {
            blocks.push(Block {
                piece: piece as u32,
                offset: file.len(),
                len: bytes.len() as u64,
                count: codec.count,
            });
            file.append(&bytes);
        });
    }

    /// Match every partition's entries, leaving out those of documents
    /// `skip` names.
    ///
    /// When the entries were partitioned, each partition's matches go to
    /// files too before the partition after next is read, so that no more
    /// than two partitions' entries and one's matches are in memory at a
    /// time.
    pub fn finish(self, skip: impl Fn(u32) -> bool + Sync) -> Result<SpanMatches> {
        let mut found = SpanMatches { lists: Vec::new() };
        if self.partitions == 1 {
            let pieces = self.memory.into_inner().expect("entry lock");
            found.add(match_shards(by_shard(pieces, &skip)), None)?;
        } else {
            // The next partition is read while this one is matched and its
            // matches written.
            let mut files = self.files.into_iter().map(|file| {
                let (file, blocks) = file.into_inner().expect("partition file lock");
                let dir = file.path.parent().map(Path::to_path_buf);
                read_partition(file, blocks, &skip).map(|shards| (shards, dir))
            });
            let mut next = files.next().transpose()?;
            while let Some((by_shard, dir)) = next {
                let (added, read) = rayon::join(
                    || found.add(match_shards(by_shard), dir.as_deref()),
                    || files.next(),
                );
                added?;
                next = read.transpose()?;
            }
        }
        Ok(found)
    }
}

/// The entries of a partition file by shard, leaving out those of
/// documents `skip` names, each shard's as a list of parts in document
/// order; the file is removed. Its `blocks`, appended as pieces were done,
/// are read in piece order, in runs read in parallel, each run's entries
/// going straight to its own part of each shard.
fn read_partition(
    file: ScratchFile,
    mut blocks: Vec<Block>,
    skip: &(impl Fn(u32) -> bool + Sync),
) -> Result<Vec<Vec<Vec<Entry>>>> {
    /// Runs of blocks a partition is read in: enough for the threads to
    /// share them out evenly.
    const RUNS: usize = 8;
    let (path, reader, length) = file.reader()?;
    let bad = |e| Error::io("could not read index file", &path, e);
    let fits = |block: &Block| block.offset.saturating_add(block.len) <= length;
    if !blocks.iter().all(fits) {
        return Err(bad(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a block runs past the end of the file",
        )));
    }
    blocks.sort_unstable_by_key(|block| block.piece);
    let mut runs = Vec::with_capacity(RUNS);
    let mut rest = blocks.as_slice();
    for k in (1..=RUNS).rev() {
        let target = rest.iter().map(|b| b.count as usize).sum::<usize>() / k;
        let mut taken = 0;
        let cut = rest
            .iter()
            .position(|b| {
                taken += b.count as usize;
                taken > target
            })
            .map_or(rest.len(), |at| at + 1);
        let (run, left) = rest.split_at(cut);
        runs.push(run);
        rest = left;
    }
    debug_assert_eq!(runs.iter().flat_map(|run| run.iter()).count(), blocks.len());
    let file = reader.get_ref();
    let parts = runs
        .into_par_iter()
        .map(|run| -> Result<Vec<Vec<Entry>>> {
            let mut shards = shard_lists(run.iter().map(|b| b.count as usize).sum());
            let mut bytes = Vec::new();
            for block in run {
                bytes.resize(block.len as usize, 0);
                file.read_exact_at(&mut bytes, block.offset).map_err(bad)?;
                let mut codec = EntryCodec::default();
                let mut at = 0;
                while codec.count < block.count {
                    let entry = codec.decode(&bytes, &mut at).ok_or_else(|| {
                        bad(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            "a block holds no entry where one was written",
                        ))
                    })?;
                    if !skip(entry.doc) {
                        shards[shard_of(entry.hash)].push(entry);
                    }
                }
                if at != bytes.len() {
                    return Err(bad(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "a block holds more than its entries",
                    )));
                }
            }
            Ok(shards)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut by_shard: Vec<Vec<Vec<Entry>>> = (0..SHARDS)
        .map(|_| Vec::with_capacity(parts.len()))
        .collect();
    for part in parts {
        for (shard, entries) in by_shard.iter_mut().zip(part) {
            shard.push(entries);
        }
    }
    Ok(by_shard)
}

/// One empty list per shard, each with room for an even share of `total`
/// entries and some, so that no entry is copied by growth: hashes spread
/// evenly over shards.
fn shard_lists(total: usize) -> Vec<Vec<Entry>> {
    let share = total / SHARDS;
    let room = share + 4 * share.isqrt() + 16;
    (0..SHARDS).map(|_| Vec::with_capacity(room)).collect()
}

/// The entries of pieces held in memory by shard, each shard's as a list of
/// parts in piece order, leaving out those of documents `skip` names.
fn by_shard(
    mut pieces: Vec<(usize, Vec<Entry>)>,
    skip: &(impl Fn(u32) -> bool + Sync),
) -> Vec<Vec<Vec<Entry>>> {
    pieces.sort_by_key(|(piece, _)| *piece);
    let split: Vec<Vec<Vec<Entry>>> = pieces
        .into_par_iter()
        .map(|(_, entries)| {
            let mut shards = shard_lists(entries.len());
            for entry in entries {
                if !skip(entry.doc) {
                    shards[shard_of(entry.hash)].push(entry);
                }
            }
            shards
        })
        .collect();
    let mut by_shard: Vec<Vec<Vec<Entry>>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for piece in split {
        for (shard, entries) in piece.into_iter().enumerate() {
            by_shard[shard].push(entries);
        }
    }
    by_shard
}

/// The matches of a partition's entries, a list per shard.
fn match_shards(by_shard: Vec<Vec<Vec<Entry>>>) -> Vec<Vec<SpanMatch>> {
    by_shard.into_par_iter().map(shard_matches).collect()
}

/// Runs of documents a partition's matches are merged and encoded in: a
/// few per thread, so that uneven runs even out.
const MERGE_RUNS: usize = 16;

/// Where to cut the document order (as [`SpanMatch::order`] keys) into
/// about `runs` runs holding alike numbers of matches, from the first key
/// to past the last. Fingerprints spread evenly over shards, so the
/// longest list's documents stand for all of them.
fn document_cuts(lists: &[Vec<SpanMatch>], runs: usize) -> Vec<u64> {
    let longest = lists.iter().max_by_key(|list| list.len());
    let mut cuts = vec![0];
    if let Some(list) = longest {
        cuts.extend((1..runs).filter_map(|k| {
            let m = list.get(list.len() * k / runs)?;
            Some(u64::from(m.doc.0) << 32)
        }));
    }
    cuts.push(u64::MAX);
    cuts.dedup();
    cuts
}

/// The matches of sorted `lists` whose keys fall in `run`, merged and
/// encoded into `bytes` as [`MatchCodec`] goes on from the match before
/// them.
fn merge_and_encode(lists: &[Vec<SpanMatch>], run: Range<u64>, bytes: &mut Vec<u8>) {
    let mut parts = Vec::with_capacity(lists.len());
    let mut before: Option<SpanMatch> = None;
    for list in lists {
        let from = list.partition_point(|m| m.order() < run.start);
        let to = list.partition_point(|m| m.order() < run.end);
        parts.push(&list[from..to]);
        if let Some(m) = from.checked_sub(1).map(|i| list[i]) {
            if before.is_none_or(|b| b.order() < m.order()) {
                before = Some(m);
            }
        }
    }
    let merged = merged_in_order(&parts);
    let mut codec = MatchCodec {
        last: before.as_ref().map_or([0; 6], MatchCodec::fields),
    };
    bytes.clear();
    codec.encode(&merged, bytes);
}

/// The matches of `parts`, each sorted by document then fingerprint, as
/// one list in that order. A document holds a few matches of a partition:
/// they are put in document order by counting, then each document's few
/// sorted, instead of merging the parts, which moves every match once a
/// level, with as many levels as the log of the parts. Sorting is what is
/// left where the parts' documents lie too sparse for counting.
fn merged_in_order(parts: &[&[SpanMatch]]) -> Vec<SpanMatch> {
    let total: usize = parts.iter().map(|part| part.len()).sum();
    let first = parts
        .iter()
        .filter_map(|part| part.first())
        .map(|m| m.doc.index());
    let last = parts
        .iter()
        .filter_map(|part| part.last())
        .map(|m| m.doc.index());
    let (Some(first), Some(last)) = (first.min(), last.max()) else {
        return Vec::new();
    };
    if last - first >= 4 * total + 1024 {
        let mut merged = parts.concat();
        merged.sort_by_key(SpanMatch::order);
        return merged;
    }
    let (mut merged, offsets) = by_document(parts, first..last + 1);
    by_fingerprint_within_documents(&mut merged, &offsets);
    merged
}

/// Sort each document's part of `matches` (those of the `i`th document
/// are `matches[offsets[i]..offsets[i + 1]]`) by fingerprint.
fn by_fingerprint_within_documents(matches: &mut [SpanMatch], offsets: &[usize]) {
    for doc in offsets.windows(2) {
        if doc[1] - doc[0] > 1 {
            // A (document, fingerprint) is matched once: no ties.
            matches[doc[0]..doc[1]].sort_unstable_by_key(|m| m.print);
        }
    }
}

impl SpanMatches {
    /// Take one partition's lists: sorted, counted, and written to files in
    /// `spill` if given.
    fn add(&mut self, mut lists: Vec<Vec<SpanMatch>>, spill: Option<&Path>) -> Result<()> {
        let Some(dir) = spill else {
            // A shard's matches come bucket by bucket, each bucket in
            // document order: a stable sort finds those runs and merges them.
            lists.par_iter_mut().for_each(|list| {
                list.sort_by_key(SpanMatch::order);
            });
            self.lists.extend(lists.into_iter().map(MatchList::Memory));
            return Ok(());
        };
        // A partition's matches go to one file, so that pass 2 holds one
        // file open per partition; each shard's list is freed as it is
        // moved, and the file written as it is encoded.
        let total = lists.iter().map(Vec::len).sum();
        if total == 0 {
            return Ok(());
        }
        // Each shard's list is runs in document order, which a stable sort
        // merges (a shard per thread).
        lists.par_iter_mut().for_each(|list| {
            list.sort_by_key(SpanMatch::order);
        });
        let path = dir.join(format!("{TEMP_PREFIX}matches-{}", self.lists.len()));
        let bad = |e| Error::io("could not write index file", &path, e);
        let mut file = File::create(&path).map_err(bad)?;
        // The shards' lists are merged and encoded a run of documents per
        // task, the runs written in order: no list of the whole partition
        // is made, and no thread waits on one merging it. Each task of a
        // wave encodes into a buffer of its own, kept for the next wave.
        let cuts = document_cuts(&lists, MERGE_RUNS);
        let runs: Vec<Range<u64>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
        let mut buffers = vec![Vec::new(); rayon::current_num_threads().max(1)];
        for wave in runs.chunks(buffers.len()) {
            (buffers.par_iter_mut().zip(wave))
                .for_each(|(bytes, run)| merge_and_encode(&lists, run.clone(), bytes));
            for bytes in &buffers[..wave.len()] {
                crate::scratch::write_sliced(&mut file, bytes).map_err(bad)?;
            }
        }
        self.lists.push(MatchList::File {
            path,
            len: total,
            owned: true,
        });
        Ok(())
    }

    /// Write the matches of each run of documents in `parts` (consecutive
    /// runs from the first document on) to the file `path_of` names, in
    /// document order, delta-coded: what one shard of a staged job
    /// reads back with [`SpanMatches::from_part`]. Returns how many matches
    /// each file holds.
    pub fn write_parts(
        &self,
        parts: &[Range<usize>],
        path_of: impl Fn(usize) -> PathBuf,
    ) -> Result<Vec<usize>> {
        /// Documents whose matches are gathered at a time.
        const STEP: usize = 1 << 12;
        let mut cursor = self.cursor()?;
        let mut counts = Vec::with_capacity(parts.len());
        for (k, docs) in parts.iter().enumerate() {
            let path = path_of(k);
            let mut file =
                BufWriter::with_capacity(crate::scratch::WRITE_SLICE, AtomicFile::create(&path)?);
            let mut count = 0;
            let mut bytes = Vec::new();
            let mut codec = MatchCodec::default();
            for start in docs.clone().step_by(STEP) {
                let mut chunk = cursor.chunk(start..(start + STEP).min(docs.end))?;
                // In the order the index writes: consecutive matches of a
                // document then differ by little.
                by_fingerprint_within_documents(&mut chunk.matches, &chunk.offsets);
                bytes.clear();
                codec.encode(&chunk.matches, &mut bytes);
                count += chunk.matches.len();
                file.write_all(&bytes)
                    .map_err(|e| Error::io("could not write", &path, e))?;
            }
            file.into_inner()
                .map_err(|e| Error::io("could not write", &path, e.into_error()))?
                .commit()?;
            counts.push(count);
        }
        Ok(counts)
    }

    /// The `len` matches of a file that [`SpanMatches::write_parts`]
    /// wrote; the file is read by the cursor, and left in place.
    pub fn from_part(path: PathBuf, len: usize) -> SpanMatches {
        SpanMatches {
            lists: vec![MatchList::File {
                path,
                len,
                owned: false,
            }],
        }
    }

    /// A cursor at the first document.
    pub fn cursor(&self) -> Result<MatchCursor<'_>> {
        let lists = (self.lists.iter())
            .map(|list| match list {
                MatchList::Memory(list) => Ok(ListReader::Memory { list, read: 0 }),
                MatchList::File { path, len, .. } => {
                    let file = File::open(path)
                        .map_err(|e| Error::io("could not read index file", path, e))?;
                    Ok(ListReader::File {
                        reader: BufReader::with_capacity(1 << 16, file),
                        left: *len,
                        next: None,
                        codec: MatchCodec::default(),
                    })
                }
            })
            .collect::<Result<_>>()?;
        Ok(MatchCursor {
            lists,
            taken: Vec::new(),
        })
    }

    /// The matches of one document, in fingerprint order (for a document
    /// at a time; pass 2 reads them by chunk with [`SpanMatches::cursor`]).
    pub fn of(&self, doc: DocId) -> Vec<SpanMatch> {
        let mut cursor = self.cursor().expect("the match lists can be read");
        let _ = cursor
            .chunk(0..doc.index())
            .expect("the match lists can be read");
        let chunk = cursor
            .chunk(doc.index()..doc.index() + 1)
            .expect("the match lists can be read");
        let mut matches = chunk.of(doc).to_vec();
        matches.sort_unstable_by_key(|m| m.print);
        matches
    }

    /// Matches held.
    pub fn len(&self) -> usize {
        self.lists.iter().map(MatchList::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl MatchCursor<'_> {
    /// The matches of documents `docs`, which must follow those of the
    /// last chunk read.
    pub fn chunk(&mut self, docs: Range<usize>) -> Result<ChunkMatches> {
        let taken = &mut self.taken;
        taken.clear();
        for list in &mut self.lists {
            list.take_before(docs.end, taken)?;
        }
        // The lists' parts, one after another, are put in document order
        // by a count of each document's matches: a merge of the lists (one
        // a partition) would move every match once a level, with as many
        // levels as the log of the lists. A document's own matches stay in
        // list order: the span rule places each at its fingerprint.
        taken.retain(|m| m.doc.index() >= docs.start);
        let (matches, offsets) = by_document(&[taken], docs.clone());
        Ok(ChunkMatches {
            first_doc: docs.start,
            matches,
            offsets,
        })
    }
}

/// The matches of `parts`, all of documents `docs`, put in document order
/// by a count of each document's (a document's own in the order of the
/// parts), with where each document's start: those of document
/// `docs.start + i` are `matches[offsets[i]..offsets[i + 1]]`.
fn by_document(parts: &[&[SpanMatch]], docs: Range<usize>) -> (Vec<SpanMatch>, Vec<usize>) {
    let mut offsets = vec![0; docs.len() + 1];
    let all = || parts.iter().flat_map(|part| part.iter());
    for m in all() {
        offsets[m.doc.index() - docs.start + 1] += 1;
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let mut matches = match all().next() {
        Some(&filler) => vec![filler; offsets[docs.len()]],
        None => Vec::new(),
    };
    let mut next = offsets.clone();
    for &m in all() {
        let at = &mut next[m.doc.index() - docs.start];
        matches[*at] = m;
        *at += 1;
    }
    (matches, offsets)
}

impl ChunkMatches {
    /// The matches of a document of the chunk, in no particular order.
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
pub(crate) fn partition_of(hash: u64, partitions: usize) -> usize {
    (((hash & 0xFFFF_FFFF) * partitions as u64) >> 32) as usize
}

/// Most partitions the key space is cut into, whatever the budget: each
/// has a file open while the index is built, and its matches one while
/// pass 2 reads them. Past it, a partition holds more than the budget.
pub const MAX_PARTITIONS: usize = 256;

/// Entries read with one table: few enough that it stays in cache.
const ENTRIES_PER_TABLE: usize = 1 << 14;

/// The matches among the entries of one shard, which come in document
/// order: every place after the first of its fingerprint, unless it
/// overlaps the first in the same document. The entries are first split
/// by fingerprint into buckets small enough that each is read with a table
/// that stays in cache; order within a bucket is kept, so the first place
/// of a fingerprint is still the first one read.
fn shard_matches(parts: Vec<Vec<Entry>>) -> Vec<SpanMatch> {
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
    // Room for a bucket's distinct fingerprints from the start: a table
    // grown from nothing for each shard would be rehashed a dozen times.
    let mut firsts: KeyMap<SpanAt> = KeyMap::with_capacity_and_hasher(
        split.iter().map(Vec::len).max().unwrap_or(0),
        Default::default(),
    );
    // Room for every entry to match: pages never written cost nothing,
    // while growing by doubling would copy and touch twice the memory.
    let mut matches = Vec::with_capacity(total);
    for bucket in split {
        firsts.clear();
        for entry in bucket {
            let place = entry.place();
            let first = *firsts.entry(entry.hash).or_insert(place);
            if first == place || (first.doc.0 == entry.doc && entry.start < first.end) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::SpanPrint;
    use crate::index::{MarkBuffer, RepeatMarks};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_sorted_matches_come_back_from_their_file_form(
            mut fields in proptest::collection::vec(any::<[u32; 6]>(), 0..200),
            garbage in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            fields.sort_by_key(|f| (f[0], f[1]));
            let matches: Vec<SpanMatch> = fields
                .iter()
                .map(|f| SpanMatch {
                    doc: DocId(f[0]),
                    print: f[1],
                    first: SpanAt { doc: DocId(f[2]), start: f[3], end: f[4], line: f[5] },
                })
                .collect();
            let mut bytes = Vec::new();
            // In two calls, so that the codec's state carries over.
            let (head, tail) = matches.split_at(matches.len() / 2);
            let mut codec = MatchCodec::default();
            codec.encode(head, &mut bytes);
            codec.encode(tail, &mut bytes);
            let mut input = &bytes[..];
            let mut codec = MatchCodec::default();
            for m in &matches {
                prop_assert_eq!(&codec.decode(&mut input).unwrap(), m);
            }
            prop_assert!(input.is_empty());
            // Read through a buffer smaller than a match, matches straddle
            // its refills.
            let mut input = std::io::BufReader::with_capacity(5, &bytes[..]);
            let mut codec = MatchCodec::default();
            for m in &matches {
                prop_assert_eq!(&codec.decode(&mut input).unwrap(), m);
            }
            prop_assert!(input.fill_buf().unwrap().is_empty());
            // Damaged files are errors, not panics.
            let mut input = &garbage[..];
            let mut codec = MatchCodec::default();
            while codec.decode(&mut input).is_ok() {}
        }
    }

    proptest! {
        #[test]
        fn any_entries_come_back_from_their_block_form(
            entries in proptest::collection::vec((any::<u64>(), any::<[u32; 5]>(), 0u32..4), 0..200),
            cut in any::<prop::sample::Index>(),
        ) {
            // Documents mostly repeat from one entry to the next, as in a
            // block; the fields are any, in any order.
            let entries: Vec<Entry> = entries
                .iter()
                .map(|&(hash, [doc, print, start, end, line], same)| Entry {
                    hash,
                    doc: if same > 0 { 7 } else { doc },
                    print,
                    start,
                    end,
                    line,
                })
                .collect();
            let mut bytes = Vec::new();
            let mut codec = EntryCodec::default();
            for entry in &entries {
                codec.encode(entry, &mut bytes);
            }
            prop_assert_eq!(codec.count as usize, entries.len());
            prop_assert!(bytes.len() <= entries.len() * EntryCodec::MAX_BYTES);
            let mut codec = EntryCodec::default();
            let mut at = 0;
            for entry in &entries {
                prop_assert_eq!(&codec.decode(&bytes, &mut at).unwrap(), entry);
            }
            prop_assert_eq!(at, bytes.len());
            prop_assert!(codec.decode(&bytes, &mut at).is_none());
            // A block cut short is an error, not a panic.
            let short = &bytes[..cut.index(bytes.len() + 1)];
            let mut codec = EntryCodec::default();
            let mut at = 0;
            let mut read = 0;
            while codec.decode(short, &mut at).is_some() {
                read += 1;
            }
            prop_assert!(read <= entries.len());
            prop_assert!(at <= short.len());
        }
    }

    #[test]
    fn a_documents_entries_take_their_hash_and_a_byte_a_field() {
        let entries: Vec<Entry> = (0..100u32)
            .map(|i| Entry {
                hash: u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                doc: 5,
                print: 3 * i,
                start: 50 * i,
                end: 50 * i + 24,
                line: i / 4,
            })
            .collect();
        let mut bytes = Vec::new();
        let mut codec = EntryCodec::default();
        for entry in &entries {
            codec.encode(entry, &mut bytes);
        }
        // The first entry's document and the later ones' places differ by
        // less than 64, a byte each as zigzag varints.
        assert_eq!(bytes.len(), 100 * (8 + 5));
    }

    proptest! {
        #[test]
        fn parts_merged_by_counting_or_sorting_come_in_order(
            keys in proptest::collection::vec((any::<u32>(), 0u32..40, 0usize..6), 0..300),
            dense in any::<bool>(),
        ) {
            let mut parts = vec![Vec::new(); 6];
            let mut seen = std::collections::HashSet::new();
            for &(doc, print, part) in &keys {
                // Documents close together are counted, far apart sorted.
                let doc = if dense { doc % 50 } else { doc };
                if seen.insert((doc, print)) {
                    let first = SpanAt { doc: DocId(0), start: doc, end: print, line: 0 };
                    parts[part].push(SpanMatch { doc: DocId(doc), print, first });
                }
            }
            for part in &mut parts {
                part.sort_by_key(SpanMatch::order);
            }
            let mut expected = parts.concat();
            expected.sort_by_key(SpanMatch::order);
            let parts: Vec<&[SpanMatch]> = parts.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(merged_in_order(&parts), expected);
        }
    }

    proptest! {
        #[test]
        fn lists_merged_by_runs_of_documents_encode_as_one_list(
            fields in proptest::collection::vec((0u32..60, 0u32..40, any::<[u32; 4]>(), 0usize..5), 0..300),
            runs in 1usize..20,
        ) {
            let mut lists = vec![Vec::new(); 5];
            let mut seen = std::collections::HashSet::new();
            for &(doc, print, [a, b, c, d], list) in &fields {
                // A (document, fingerprint) is matched once, in one list.
                if seen.insert((doc, print)) {
                    let first = SpanAt { doc: DocId(a), start: b, end: c, line: d };
                    lists[list].push(SpanMatch { doc: DocId(doc), print, first });
                }
            }
            for list in &mut lists {
                list.sort_by_key(SpanMatch::order);
            }
            let mut all: Vec<SpanMatch> = lists.concat();
            all.sort_by_key(SpanMatch::order);
            let mut whole = Vec::new();
            MatchCodec::default().encode(&all, &mut whole);
            let cuts = document_cuts(&lists, runs);
            prop_assert!(cuts.is_sorted() && cuts.len() <= runs + 1);
            let mut merged = Vec::new();
            let mut bytes = Vec::new();
            for w in cuts.windows(2) {
                merge_and_encode(&lists, w[0]..w[1], &mut bytes);
                merged.extend_from_slice(&bytes);
            }
            prop_assert_eq!(merged, whole);
        }
    }

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

    /// Match `sketches` with the runs `eligible` gives each, a piece of
    /// three documents at a time, pieces pushed in reverse order.
    fn find_runs(
        sketches: &[DocSketch],
        eligible: impl Fn(usize) -> Vec<Range<u32>>,
        budget: usize,
    ) -> (SpanMatches, tempfile::TempDir) {
        find_filtered(sketches, eligible, budget, None)
    }

    /// As [`find_runs`], the fingerprints `repeats` turns away left out.
    fn find_filtered(
        sketches: &[DocSketch],
        eligible: impl Fn(usize) -> Vec<Range<u32>>,
        budget: usize,
        repeats: Option<&RepeatFilter>,
    ) -> (SpanMatches, tempfile::TempDir) {
        // Returned: the match lists may be files in it.
        let dir = tempfile::tempdir().unwrap();
        let expected = sketches.iter().map(|s| s.spans.len()).sum();
        let writer = EntryWriter::new(expected, budget, dir.path()).unwrap();
        let pieces: Vec<usize> = (0..sketches.len().div_ceil(3)).collect();
        for &piece in pieces.iter().rev() {
            let mut entries = writer.piece(0);
            for (doc, sketch) in sketches.iter().enumerate().skip(piece * 3).take(3) {
                entries.extend(DocId(doc as u32), sketch, &eligible(doc), repeats);
            }
            writer.push(piece, entries);
        }
        let found = writer.finish(|_| false).unwrap();
        // The partition files are gone; what is left holds the matches.
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        let spilled = (found.lists.iter())
            .filter(|l| matches!(l, MatchList::File { .. }))
            .count();
        assert_eq!(left, spilled);
        (found, dir)
    }

    fn find(sketches: &[DocSketch], budget: usize) -> (SpanMatches, tempfile::TempDir) {
        let whole = |doc: usize| std::iter::once(0..sketches[doc].spans.len() as u32).collect();
        find_runs(sketches, whole, budget)
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
        let (found, _dir) = find(&sketches, 1 << 20);
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
        let (found, _dir) = find(std::slice::from_ref(&doc), 1 << 20);
        assert_eq!(found.of(DocId(0))[0].first, at(0, 0));
        doc.spans[2] = SpanPrint::new(2, 4, 12, false);
        assert!(find(&[doc], 1 << 20).0.is_empty());
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
        let (whole, _dir) = find(&sketches, 1 << 30);
        let (parted, _parted_dir) = find(&sketches, 64 * ENTRY_BYTES);
        assert!(!whole.is_empty());
        assert!(parted
            .lists
            .iter()
            .any(|l| matches!(l, MatchList::File { .. })));
        assert!(parted.lists.len() > whole.lists.len());
        assert_eq!(whole.len(), parted.len());
        // Read by chunks of any size, or a document at a time: the same.
        let mut cursor = parted.cursor().unwrap();
        for start in (0..sketches.len()).step_by(7) {
            let end = (start + 7).min(sketches.len());
            let chunk = cursor.chunk(start..end).unwrap();
            for doc in start..end {
                let doc = DocId(doc as u32);
                let mut matches = chunk.of(doc).to_vec();
                matches.sort_unstable_by_key(|m| m.print);
                assert_eq!(matches, whole.of(doc));
            }
        }
    }

    proptest! {
        #[test]
        fn the_repeat_filter_changes_what_is_filed_not_the_matches(
            docs in proptest::collection::vec(
                proptest::collection::vec(0u64..400, 0..60), 1..12),
            filter_bytes in 0u64..2048,
            budget in prop_oneof![Just(1usize << 20), Just(16 * ENTRY_BYTES)],
        ) {
            let sketches: Vec<DocSketch> = (docs.iter())
                .map(|hashes| {
                    let hashes: Vec<u64> =
                        hashes.iter().map(|h| h.wrapping_mul(0x2545_F491_4F6C_DD1D)).collect();
                    sketch(&hashes)
                })
                .collect();
            let marks = RepeatMarks::with_bytes(filter_bytes);
            let mut buffer = MarkBuffer::default();
            for sketch in &sketches {
                marks.mark(&mut buffer, &sketch.span_hashes);
            }
            marks.flush(&mut buffer);
            let filter = marks.finish().expect("a filter not weighed is kept");
            let whole = |doc: usize| std::iter::once(0..sketches[doc].spans.len() as u32).collect();
            let (all, _dir) = find_runs(&sketches, whole, budget);
            let (filtered, _filtered_dir) =
                find_filtered(&sketches, whole, budget, Some(&filter));
            prop_assert_eq!(all.len(), filtered.len());
            for doc in 0..sketches.len() {
                let doc = DocId(doc as u32);
                prop_assert_eq!(all.of(doc), filtered.of(doc));
            }
        }
    }

    #[test]
    fn fingerprints_outside_the_eligible_runs_are_not_matched() {
        let sketches = [sketch(&[1, 2, 3]), sketch(&[1, 2, 3])];
        let runs = [vec![0..1, 2..3], vec![0..1, 1..3]];
        let (found, _dir) = find_runs(&sketches, |doc| runs[doc].clone(), 1 << 20);
        let prints: Vec<u32> = found.of(DocId(1)).iter().map(|m| m.print).collect();
        assert_eq!(prints, vec![0, 2]);
    }
}
