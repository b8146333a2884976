//! What pass 1 made of each document, kept on disk until the run ends: the
//! canonical text pass 2 writes from, a record's other fields, and the
//! document's sketch.
//!
//! Pass 2 needs each document's canonical text again; reading, decoding and
//! canonicalizing it a second time costs as much as pass 1 did, and keeping
//! every text in memory costs the size of the corpus. A record of a file
//! pass 2 can read again is the exception, where the run allows it
//! ([`StateWriter::leave_texts_at_source`]): only the hash of its line and
//! the lines its canonical form changes are kept, and pass 2 reads the
//! line again (`pipeline::reread`). Each worker thread
//! appends what it made to its own data file, in blocks of 1 MiB, and a
//! line naming each document to its own index file once the document's
//! data is written, so that what an index file names is on disk whatever
//! moment the process is killed at (a killed run loses at most a block of
//! documents a thread). Since every sketch of a run passes through the
//! writer, stored or restored, the writer is also where a run's span
//! fingerprints are marked in the repeat filter
//! ([`crate::index::repeat_filter`]), through a buffer in each lane.
//!
//! A run killed before its end leaves its state behind, in
//! `REPORT/.gleaner-state/`. The next run with the same pass-1 settings
//! reads the index files back and takes a document from them instead of
//! decoding, canonicalizing and sketching it again, when the document's
//! key matches: a hash of its path and the hash of its bytes (and, for a
//! text file, of the encoding hint it was decoded with), never a time
//! stamp. Each run writes a new generation of files beside the old ones;
//! the directory goes when a run finishes (unless it is asked to stay, so
//! that a run with other thresholds can skip pass 1), or when a run with
//! other pass-1 settings starts.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::corpus::DocIssue;
use crate::decode::Detection;
use crate::error::{Error, Result};
use crate::fingerprint::codec::{self, Part, Shape};
use crate::fingerprint::DocSketch;
use crate::index::{MarkBuffer, RepeatFilter, RepeatMarks};
use crate::report::Decoding;
use crate::scratch::WRITE_SLICE;

/// The directory of the state, inside the report directory.
pub const STATE_DIR: &str = ".gleaner-state";
const MANIFEST: &str = "state.json";

/// The version of the files' layout and of what the sketches in them hold
/// (a sketch made by other rules of segmenting or folding is not reused).
const VERSION: u32 = 44;

/// Where a piece of a document's state is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateRef {
    file: u32,
    offset: u64,
    len: u32,
}

/// How a document was decoded, as the state keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDecoding {
    /// The encoding's WHATWG name.
    pub encoding: String,
    pub detection: Detection,
    pub malformed: u64,
}

impl From<&Decoding> for StoredDecoding {
    fn from(decoding: &Decoding) -> Self {
        StoredDecoding {
            encoding: decoding.encoding.to_string(),
            detection: decoding.detection,
            malformed: decoding.malformed,
        }
    }
}

/// What pass 1 found out about a document besides its text and sketch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocMeta {
    pub decoding: StoredDecoding,
    pub bytes_in: u64,
    /// A record's id field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A record's group field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Where a document's text, frame and sketch are: one after another in one
/// data file (24 bytes, where three [`StateRef`]s would take 48: pass 2
/// keeps one per document). A document whose text is read again from its
/// input ([`StateWriter::put_at_source`]) has the hash of its input's
/// bytes and the lines its canonical form changes in place of its text,
/// and no frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocAt {
    offset: u64,
    /// The data file's id, and [`DocAt::AT_SOURCE`] for a document whose
    /// text is not kept.
    file_and_source: u32,
    text: u32,
    frame: u32,
    sketch: u32,
}

impl DocAt {
    /// Flags a document whose text is read again from its input.
    const AT_SOURCE: u32 = 1 << 31;

    /// Whether the state keeps the hash of the document's input bytes in
    /// place of its text.
    pub fn at_source(&self) -> bool {
        self.file_and_source & Self::AT_SOURCE != 0
    }

    fn file(&self) -> u32 {
        self.file_and_source & !Self::AT_SOURCE
    }

    /// The canonical text.
    pub fn text(&self) -> StateRef {
        self.piece(0, self.text)
    }

    /// A record's other fields ([`crate::corpus::jsonl::Frame`]); empty for
    /// a text file.
    pub fn frame(&self) -> StateRef {
        self.piece(u64::from(self.text), self.frame)
    }

    /// The encoded sketch ([`State::sketch`] reads it).
    pub fn sketch(&self) -> StateRef {
        self.piece(u64::from(self.text) + u64::from(self.frame), self.sketch)
    }

    fn piece(&self, from: u64, len: u32) -> StateRef {
        StateRef {
            file: self.file(),
            offset: self.offset + from,
            len,
        }
    }
}

/// A document's state.
#[derive(Debug, Clone)]
pub struct Stored {
    pub at: DocAt,
    /// For a record, where its text goes in its frame.
    pub head: Option<usize>,
    pub meta: DocMeta,
}

/// One line of an index file.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: u64,
    /// Where the text, the frame and the sketch stand one after another.
    offset: u64,
    text: u32,
    frame: u32,
    head: u32,
    sketch: u32,
    /// Whether the document is a record (has a frame).
    record: bool,
    /// Whether its text is read again from its input: the data holds the
    /// hash of the input's bytes and the changed lines in its place, and
    /// no frame.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    at_source: bool,
    meta: DocMeta,
}

impl Entry {
    /// Where the entry's document is, in data file `file`.
    fn at(&self, file: u32) -> DocAt {
        let source = if self.at_source { DocAt::AT_SOURCE } else { 0 };
        DocAt {
            offset: self.offset,
            file_and_source: file | source,
            text: self.text,
            frame: self.frame,
            sketch: self.sketch,
        }
    }
}

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Manifest {
    version: u32,
    /// Hash of the settings that pass 1 depends on, in hex.
    settings: String,
}

/// What a document's data holds before its sketch.
struct Body<'a> {
    text: &'a [u8],
    frame: &'a [u8],
    head: usize,
    record: bool,
    at_source: bool,
}

/// The state being written by a run, with what earlier runs left.
pub struct StateWriter {
    dir: PathBuf,
    /// Data files of earlier generations, then this run's lanes.
    files: Vec<(PathBuf, File)>,
    /// Earlier documents by key: the file id and the entry.
    previous: HashMap<u64, (u32, Entry)>,
    lanes: Vec<Mutex<Lane>>,
    /// File id of the first lane.
    first_lane: u32,
    keep: bool,
    /// Where the span fingerprints of every sketch put or restored are
    /// marked, when the run asks ([`StateWriter::mark_repeats`]).
    repeats: Option<RepeatMarks>,
    /// Whether documents may be stored without their text, for pass 2 to
    /// read again from their input ([`StateWriter::leave_texts_at_source`]).
    at_source: bool,
}

/// Most bytes of each part of a document the state keeps (its text, a
/// record's other fields, its sketch): their lengths, and every place in a
/// document, are 32-bit.
const MOST_PART_BYTES: u64 = u32::MAX as u64;

/// Whether a document of `text` and `frame` (a record's other fields), and
/// of `sketch` once it is made, can be kept; if not, why it is skipped.
pub fn fits(text: &str, frame: &str, sketch: Option<&DocSketch>) -> Result<(), DocIssue> {
    let sketch_bytes = sketch.map_or(0, codec::encoded_bound);
    fits_within(
        [text.len() as u64, frame.len() as u64, sketch_bytes],
        MOST_PART_BYTES,
    )
}

fn fits_within(parts: [u64; 3], most: u64) -> Result<(), DocIssue> {
    if parts.iter().all(|&bytes| bytes <= most) {
        return Ok(());
    }
    Err(DocIssue::TooLong {
        bytes: parts.iter().sum(),
    })
}

/// A worker thread's data and index files. Data goes to its file in whole
/// blocks of [`LANE_BLOCK`] bytes, and a document's index line only once
/// all of its data is written.
struct Lane {
    data: File,
    data_path: PathBuf,
    index: BufWriter<File>,
    /// Bytes of data put in the lane, written or not.
    put: u64,
    /// Data not written yet: the bytes from `put - pending.len()` on.
    pending: Vec<u8>,
    /// Index lines of the documents not wholly written yet.
    waiting: Vec<u8>,
    /// For each of them: where its data ends in the file, and its line
    /// in `waiting`.
    waiting_ends: std::collections::VecDeque<(u64, usize)>,
    failed: Option<std::io::Error>,
    /// The thread's span fingerprints not yet marked in the repeat filter.
    marks: MarkBuffer,
}

/// Bytes of data a lane writes at a time: one write per document would
/// cost the kernel more (`dd` of 2.1 GB in writes of 6.6 KB, then read and
/// removed: twice the system time of writes of 1 MiB), and a write larger
/// than [`WRITE_SLICE`] more still.
const LANE_BLOCK: usize = WRITE_SLICE;

impl Lane {
    /// Put one document's data and its index line in the lane, and write
    /// what whole blocks there are.
    fn put(&mut self, entry: &Entry, data_len: usize) {
        self.put += data_len as u64;
        if serde_json::to_writer(&mut self.waiting, entry).is_err() {
            unreachable!("an index entry serializes to JSON");
        }
        self.waiting.push(b'\n');
        self.waiting_ends.push_back((self.put, self.waiting.len()));
        let whole = self.pending.len() / LANE_BLOCK * LANE_BLOCK;
        if whole > 0 {
            self.write(whole);
        }
    }

    /// Write the first `len` bytes of pending data, then the index lines
    /// of the documents they finish.
    fn write(&mut self, len: usize) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.data.write_all(&self.pending[..len]) {
            self.failed = Some(e);
            return;
        }
        self.pending.drain(..len);
        let written = self.put - self.pending.len() as u64;
        let mut lines_end = 0;
        while let Some(&(end, line_end)) = self.waiting_ends.front() {
            if end > written {
                break;
            }
            lines_end = line_end;
            self.waiting_ends.pop_front();
        }
        if lines_end > 0 {
            if let Err(e) = self.index.write_all(&self.waiting[..lines_end]) {
                self.failed = Some(e);
            }
            self.waiting.drain(..lines_end);
            for (_, line_end) in &mut self.waiting_ends {
                *line_end -= lines_end;
            }
        }
    }

    /// Write what is left, and flush the index.
    fn finish(mut self) -> std::result::Result<(), (PathBuf, std::io::Error)> {
        self.write(self.pending.len());
        if let Some(e) = self.failed {
            return Err((self.data_path, e));
        }
        match self.index.into_inner() {
            Ok(_) => Ok(()),
            Err(e) => Err((self.data_path, e.into_error())),
        }
    }
}

impl StateWriter {
    /// Open the state under `report`: what an unfinished run with the same
    /// pass-1 settings (`settings_hash`) left is read back; any other state
    /// is removed. One lane per worker thread of the current rayon pool.
    pub fn open(report: &Path, settings_hash: u64, keep: bool) -> Result<Self> {
        let dir = report.join(STATE_DIR);
        let manifest = Manifest {
            version: VERSION,
            settings: format!("{settings_hash:016x}"),
        };
        let found: Option<Manifest> = std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        if found.as_ref() != Some(&manifest) {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .map_err(|e| Error::io("could not remove the old state", &dir, e))?;
            }
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::io("could not create directory", &dir, e))?;
            let bytes = serde_json::to_vec(&manifest).expect("the manifest serializes");
            crate::write::write_atomic(&dir.join(MANIFEST), &bytes)?;
        }

        let (files, previous, generation) = read_previous(&dir)?;
        let first_lane = files.len() as u32;
        let mut writer = StateWriter {
            dir: dir.clone(),
            files,
            previous,
            lanes: Vec::new(),
            first_lane,
            keep,
            repeats: None,
            at_source: false,
        };
        for lane in 0..rayon::current_num_threads().max(1) {
            let data_path = dir.join(format!("data-{generation}-{lane}"));
            let index_path = dir.join(format!("index-{generation}-{lane}"));
            let create = |path: &Path| {
                crate::scratch::create_own(path)
                    .map_err(|e| Error::io("could not create state file", path, e))
            };
            let data = create(&data_path)?;
            let index = create(&index_path)?;
            let reader = data
                .try_clone()
                .map_err(|e| Error::io("could not open state file", &data_path, e))?;
            writer.files.push((data_path.clone(), reader));
            writer.lanes.push(Mutex::new(Lane {
                data,
                data_path,
                index: BufWriter::with_capacity(1 << 16, index),
                put: 0,
                pending: Vec::with_capacity(2 * LANE_BLOCK),
                waiting: Vec::new(),
                waiting_ends: Default::default(),
                failed: None,
                marks: MarkBuffer::default(),
            }));
        }
        Ok(writer)
    }

    /// Open the states that finished runs left under each of `parents`
    /// (the fingerprint stages of a sharded job), for reading only: every
    /// document in them can be restored, and none is written. A state made
    /// with other pass-1 settings than `settings_hash` is an error.
    pub fn open_finished(parents: &[PathBuf], settings_hash: u64) -> Result<Self> {
        let expected = Manifest {
            version: VERSION,
            settings: format!("{settings_hash:016x}"),
        };
        let mut files = Vec::new();
        let mut previous = HashMap::new();
        for parent in parents {
            let dir = parent.join(STATE_DIR);
            let found: Option<Manifest> = std::fs::read(dir.join(MANIFEST))
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok());
            if found.as_ref() != Some(&expected) {
                return Err(Error::Shard {
                    message: format!(
                        "{} holds no state made with these settings: run its stage again with the same options",
                        parent.display()
                    ),
                });
            }
            let (dir_files, dir_previous, _) = read_previous(&dir)?;
            let offset = files.len() as u32;
            files.extend(dir_files);
            previous.extend(
                (dir_previous.into_iter())
                    .map(|(key, (file, entry))| (key, (file + offset, entry))),
            );
        }
        Ok(StateWriter {
            dir: parents
                .first()
                .map_or_else(PathBuf::new, |p| p.join(STATE_DIR)),
            first_lane: files.len() as u32,
            files,
            previous,
            lanes: Vec::new(),
            keep: true,
            repeats: None,
            at_source: false,
        })
    }

    /// Mark the span fingerprints of every sketch put or restored from now
    /// on in `marks`, whose filter [`StateWriter::finish`] returns.
    pub fn mark_repeats(&mut self, marks: RepeatMarks) {
        self.repeats = Some(marks);
    }

    /// Let records be stored without their text
    /// ([`StateWriter::put_at_source`]): for a run whose pass 2 can read
    /// its inputs again, where the state is not handed on alone.
    pub fn leave_texts_at_source(&mut self) {
        self.at_source = true;
    }

    /// Whether records may be stored without their text.
    pub fn leaves_texts_at_source(&self) -> bool {
        self.at_source
    }

    /// Mark `sketch`'s span fingerprints through the calling thread's lane.
    fn mark(&self, lane: &mut Lane, sketch: &DocSketch) {
        if let Some(repeats) = &self.repeats {
            repeats.mark(&mut lane.marks, &sketch.span_hashes);
        }
    }

    fn lane_index(&self) -> usize {
        rayon::current_thread_index().unwrap_or(0) % self.lanes.len()
    }

    /// Documents an earlier run left.
    pub fn previous(&self) -> usize {
        self.previous.len()
    }

    /// The document an earlier run stored under `key`, with its sketch, if
    /// it can be read back.
    pub fn restore(&self, key: u64, record: bool) -> Option<(Stored, DocSketch)> {
        let stored = self.stored(key, record)?;
        let sketch = stored.at.sketch();
        let (_, data) = &self.files[sketch.file as usize];
        let mut bytes = vec![0; sketch.len as usize];
        data.read_exact_at(&mut bytes, sketch.offset).ok()?;
        let sketch = codec::decode(&bytes).ok()?;
        if !self.lanes.is_empty() {
            let mut lane = self.lanes[self.lane_index()]
                .lock()
                .expect("state lane lock");
            self.mark(&mut lane, &sketch);
        }
        Some((stored, sketch))
    }

    /// Where the document an earlier run stored under `key` is, without
    /// reading it (for a state whose documents are known to be whole: a
    /// finished fingerprint stage's).
    pub fn stored(&self, key: u64, record: bool) -> Option<Stored> {
        let (file, entry) = self.previous.get(&key)?;
        if entry.record != record || (entry.at_source && !self.at_source) {
            return None;
        }
        Some(Stored {
            at: entry.at(*file),
            head: entry.record.then_some(entry.head as usize),
            meta: entry.meta.clone(),
        })
    }

    /// Store a document under `key` in the calling thread's lane. A write
    /// error is kept and returned by [`StateWriter::finish`]; the reference
    /// returned meanwhile is never read.
    pub fn put(
        &self,
        key: u64,
        text: &str,
        frame: Option<(&str, usize)>,
        sketch: &DocSketch,
        meta: DocMeta,
    ) -> Stored {
        let (frame_text, head) = frame.unwrap_or(("", 0));
        let body = Body {
            text: text.as_bytes(),
            frame: frame_text.as_bytes(),
            head,
            record: frame.is_some(),
            at_source: false,
        };
        self.put_body(key, body, sketch, meta)
    }

    /// Store a record under `key` without its text and other fields, which
    /// pass 2 reads again from its line of the container: only the hash
    /// of the line's bytes, which the line must still have then, what
    /// makes its text canonical (`patch`), and the sketch. `head` is where
    /// the text goes in the record's frame.
    pub fn put_at_source(
        &self,
        key: u64,
        raw_hash: u64,
        patch: &[u8],
        head: usize,
        sketch: &DocSketch,
        meta: DocMeta,
    ) -> Stored {
        debug_assert!(self.at_source, "texts are left at source when allowed");
        let mut source = Vec::with_capacity(8 + patch.len());
        source.extend_from_slice(&raw_hash.to_le_bytes());
        source.extend_from_slice(patch);
        let body = Body {
            text: &source,
            frame: &[],
            head,
            record: true,
            at_source: true,
        };
        self.put_body(key, body, sketch, meta)
    }

    fn put_body(&self, key: u64, body: Body, sketch: &DocSketch, meta: DocMeta) -> Stored {
        assert!(!self.lanes.is_empty(), "a finished state is read only");
        let lane_index = self.lane_index();
        let file = self.first_lane + lane_index as u32;
        let mut guard = self.lanes[lane_index].lock().expect("state lane lock");
        let lane = &mut *guard;
        self.mark(lane, sketch);
        let start = lane.pending.len();
        lane.pending.extend_from_slice(body.text);
        lane.pending.extend_from_slice(body.frame);
        codec::encode(sketch, &mut lane.pending);
        let data_len = lane.pending.len() - start;
        let entry = Entry {
            key,
            offset: lane.put,
            text: body.text.len() as u32,
            frame: body.frame.len() as u32,
            head: body.head as u32,
            sketch: (data_len - body.text.len() - body.frame.len()) as u32,
            record: body.record,
            at_source: body.at_source,
            meta,
        };
        lane.put(&entry, data_len);
        Stored {
            at: entry.at(file),
            head: body.record.then_some(body.head),
            meta: entry.meta,
        }
    }

    /// Flush every lane and open the state for reading, with the repeat
    /// filter of the sketches put and restored if they were marked.
    pub fn finish(self) -> Result<(State, Option<RepeatFilter>)> {
        for lane in self.lanes {
            let mut lane = lane.into_inner().expect("state lane lock");
            if let Some(repeats) = &self.repeats {
                repeats.flush(&mut lane.marks);
            }
            lane.finish()
                .map_err(|(path, e)| Error::io("could not write state file", path, e))?;
        }
        let state = State {
            dir: self.dir,
            files: self.files,
            keep: self.keep,
        };
        Ok((state, self.repeats.and_then(RepeatMarks::finish)))
    }
}

/// The data files and entries of earlier generations under `dir`, and the
/// number of the next generation. Index lines that do not parse (the last
/// one of a killed run may be cut) or point past their data file's end are
/// passed over.
#[allow(clippy::type_complexity)]
fn read_previous(dir: &Path) -> Result<(Vec<(PathBuf, File)>, HashMap<u64, (u32, Entry)>, u32)> {
    let mut indexes: Vec<(u32, u32, PathBuf)> = Vec::new();
    let listing = std::fs::read_dir(dir).map_err(|e| Error::io("could not read", dir, e))?;
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("index-") else {
            continue;
        };
        let Some((generation, lane)) = rest.split_once('-') else {
            continue;
        };
        if let (Ok(generation), Ok(lane)) = (generation.parse(), lane.parse()) {
            indexes.push((generation, lane, entry.path()));
        }
    }
    indexes.sort();
    let next_generation = indexes.last().map_or(0, |(g, _, _)| g + 1);
    let mut files = Vec::new();
    let mut previous = HashMap::new();
    let open = |path: &Path| crate::scratch::open_own(File::options().read(true), path);
    for (generation, lane, index_path) in indexes {
        let data_path = dir.join(format!("data-{generation}-{lane}"));
        let (Ok(data), Ok(index)) = (open(&data_path), open(&index_path)) else {
            continue;
        };
        let Ok(length) = data.metadata().map(|m| m.len()) else {
            continue;
        };
        let file = files.len() as u32;
        files.push((data_path, data));
        for line in BufReader::new(index).lines() {
            let Ok(line) = line else { break };
            let Ok(entry) = serde_json::from_str::<Entry>(&line) else {
                continue;
            };
            let end = entry.offset
                + u64::from(entry.text)
                + u64::from(entry.frame)
                + u64::from(entry.sketch);
            if end <= length {
                previous.insert(entry.key, (file, entry));
            }
        }
    }
    Ok((files, previous, next_generation))
}

/// `bytes` of the state file at `path` as text, taken as they are.
fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    crate::decode::utf8_string(bytes).map_err(|_| {
        Error::io(
            "state file changed under the run",
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "invalid UTF-8"),
        )
    })
}

/// What the state keeps of a document besides its sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Its canonical text, and a record's other fields.
    Text { text: String, frame: String },
    /// The hash of the bytes of its input (a record's line), which pass 2
    /// reads again, and what makes the text canonical.
    AtSource { raw_hash: u64, patch: Vec<u8> },
}

/// The state of a run between its passes, readable from any thread.
pub struct State {
    dir: PathBuf,
    files: Vec<(PathBuf, File)>,
    keep: bool,
}

impl State {
    /// The text stored at `at`.
    pub fn text(&self, at: StateRef) -> Result<String> {
        let (path, file) = &self.files[at.file as usize];
        let mut bytes = vec![0; at.len as usize];
        file.read_exact_at(&mut bytes, at.offset)
            .map_err(|e| Error::io("could not read state file", path, e))?;
        utf8(bytes, path)
    }

    /// The sketch stored at `at`.
    pub fn sketch(&self, at: StateRef) -> Result<DocSketch> {
        self.read_sketch(at, Part::Whole, None)
    }

    /// The head of the sketch of `shape` stored at `at`: its content hash,
    /// line keys and titles ([`codec::decode_head`]).
    pub fn sketch_head(&self, at: StateRef, shape: Shape) -> Result<DocSketch> {
        self.read_sketch(at, Part::Head, Some(shape))
    }

    /// The sketch of `shape` stored at `at` without its span fingerprints
    /// ([`codec::decode_without_spans`]).
    pub fn sketch_without_spans(&self, at: StateRef, shape: Shape) -> Result<DocSketch> {
        self.read_sketch(at, Part::WithoutSpans, Some(shape))
    }

    /// What pass 2 reads of a document: its canonical text and its frame
    /// ([`DocAt::frame`]), or the hash of its input's bytes and the lines
    /// its canonical form changes, and the `part` of its sketch of `shape`. They lie one after another, so
    /// that one read takes them, where three would cost a system call each.
    pub fn document(&self, at: DocAt, part: Part, shape: Shape) -> Result<(Kept, DocSketch)> {
        let lead = at.text as usize + at.frame as usize;
        let (bytes, sketch) = self.read_after(at.sketch(), lead, part, Some(shape))?;
        let path = &self.files[at.file() as usize].0;
        if at.at_source() {
            let hash = bytes.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok());
            let hash = hash.ok_or_else(|| {
                let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "bad input hash");
                Error::io("state file changed under the run", path, e)
            })?;
            let kept = Kept::AtSource {
                raw_hash: u64::from_le_bytes(hash),
                patch: bytes[8..].to_vec(),
            };
            return Ok((kept, sketch));
        }
        // The text keeps the buffer it was read into; the frame (a record's
        // other fields, if any) is the part copied.
        let mut text = bytes;
        let frame = text.split_off(at.text as usize);
        let kept = Kept::Text {
            text: utf8(text, path)?,
            frame: utf8(frame, path)?,
        };
        Ok((kept, sketch))
    }

    /// Read `part` of the sketch at `at`, and little more: the most that
    /// part of a sketch of `shape` can take ([`codec::part_bound`]). The
    /// index reads every head twice and most sketches without their spans
    /// once; reading the whole sketch instead, or a fixed length, would
    /// copy three or four times the bytes decoded.
    fn read_sketch(&self, at: StateRef, part: Part, shape: Option<Shape>) -> Result<DocSketch> {
        Ok(self.read_after(at, 0, part, shape)?.1)
    }

    /// [`State::read_sketch`], reading in the same read the `lead` bytes
    /// before the sketch, returned as they are.
    fn read_after(
        &self,
        at: StateRef,
        lead: usize,
        part: Part,
        shape: Option<Shape>,
    ) -> Result<(Vec<u8>, DocSketch)> {
        let (path, file) = &self.files[at.file as usize];
        let start = at.offset - lead as u64;
        let read = |bytes: &mut Vec<u8>, len: usize, from: usize| {
            append_at(file, bytes, len, start + from as u64)
                .map_err(|e| Error::io("could not read state file", path, e))
        };
        let changed = |e: codec::DecodeError| {
            Error::io(
                "state file changed under the run",
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        };
        let total = at.len as usize;
        let bound = (codec::known_len(part, total))
            .or_else(|| shape.and_then(|shape| codec::part_bound(part, shape)));
        // The prefix says where the parts end, should the bound fall short.
        let first = bound.map_or(total, |bound| total.min(bound.max(codec::PREFIX_BYTES)));
        let mut bytes = Vec::new();
        read(&mut bytes, lead + first, 0)?;
        let len = codec::part_len(&bytes[lead..], part, total).map_err(changed)?;
        if len > first {
            read(&mut bytes, len - first, lead + first)?;
        }
        let sketch = codec::decode_part(&bytes[lead..lead + len], part).map_err(changed)?;
        bytes.truncate(lead);
        Ok((bytes, sketch))
    }

    /// The run is over: remove the state, unless it is to be kept.
    pub fn finish(self) -> Result<()> {
        if self.keep {
            return Ok(());
        }
        // Each data file is removed by a thread of its own: freeing a
        // file's blocks waits on the device where the file system discards
        // them (a quarter of a second a gigabyte), and so the waits overlap.
        let paths: Vec<PathBuf> = self.files.into_iter().map(|(path, _)| path).collect();
        std::thread::scope(|scope| {
            for path in &paths {
                scope.spawn(move || std::fs::remove_file(path));
            }
        });
        std::fs::remove_dir_all(&self.dir)
            .map_err(|e| Error::io("could not remove the state", &self.dir, e))
    }
}

/// Append the `len` bytes of `file` at `offset` to `bytes`, read straight
/// into its spare room: pass 2 reads every document's state, and zeroing
/// the room first would touch each byte once more.
fn append_at(file: &File, bytes: &mut Vec<u8>, len: usize, offset: u64) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    bytes.reserve(len);
    let mut done = 0;
    while done < len {
        let room = &mut bytes.spare_capacity_mut()[done..len];
        // SAFETY: `room` is `len - done` bytes of the vector's reserved,
        // unused capacity; pread writes at most that many into it.
        let read = unsafe {
            libc::pread(
                file.as_raw_fd(),
                room.as_mut_ptr().cast(),
                room.len(),
                (offset + done as u64) as libc::off_t,
            )
        };
        match read {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n if n > 0 => done += n as usize,
            _ => {
                let error = std::io::Error::last_os_error();
                if error.kind() != std::io::ErrorKind::Interrupted {
                    return Err(error);
                }
            }
        }
    }
    // SAFETY: pread initialized the `len` bytes after the old length.
    unsafe { bytes.set_len(bytes.len() + len) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key::KeyFolder;
    use rayon::prelude::*;

    #[test]
    fn a_document_fits_while_each_part_is_within_the_most() {
        assert_eq!(fits_within([10, 0, 10], 10), Ok(()));
        assert_eq!(
            fits_within([11, 0, 10], 10),
            Err(DocIssue::TooLong { bytes: 21 })
        );
        assert_eq!(
            fits_within([1, 2, 11], 10),
            Err(DocIssue::TooLong { bytes: 14 })
        );
        let sketch = DocSketch::default();
        assert_eq!(fits("text", "", Some(&sketch)), Ok(()));
    }

    fn sketch_of(text: &str) -> DocSketch {
        crate::fingerprint::sketch(
            text,
            &crate::segment::lines(text),
            &mut KeyFolder::default(),
            None,
        )
    }

    fn meta() -> DocMeta {
        DocMeta {
            decoding: StoredDecoding {
                encoding: "UTF-8".to_string(),
                detection: Detection::Utf8,
                malformed: 0,
            },
            bytes_in: 9,
            id: None,
            group: Some("site".to_string()),
        }
    }

    #[test]
    fn documents_come_back_in_the_next_run_and_the_state_goes_when_done() {
        let dir = tempfile::tempdir().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let texts: Vec<String> = (0..300)
            .map(|i| format!("文档 {i} 的一行字。\n").repeat(1 + i % 5))
            .collect();
        pool.install(|| {
            let writer = StateWriter::open(dir.path(), 7, false).unwrap();
            assert_eq!(writer.previous(), 0);
            let stored: Vec<Stored> = texts
                .par_iter()
                .enumerate()
                .map(|(i, t)| {
                    let frame = (i % 2 == 0).then_some(("{\"text\":,\"x\":1", 8));
                    writer.put(i as u64, t, frame, &sketch_of(t), meta())
                })
                .collect();
            let state = writer.finish().unwrap().0;
            for (i, (stored, text)) in stored.iter().zip(&texts).enumerate() {
                assert_eq!(&state.text(stored.at.text()).unwrap(), text);
                // Pass 2's one read: text, frame and a part of the sketch.
                let sketch = sketch_of(text);
                let shape = Shape {
                    lines: sketch.lines.len() as u32,
                    sentences: sketch.sentences.len() as u32,
                };
                let prints = sketch.spans.len() as u32;
                for part in [Part::WithoutSpans, Part::WithoutHashes { prints }] {
                    let (kept, read_sketch) = state.document(stored.at, part, shape).unwrap();
                    let expected_frame = if i % 2 == 0 { "{\"text\":,\"x\":1" } else { "" };
                    let expected_kept = Kept::Text {
                        text: text.clone(),
                        frame: expected_frame.to_string(),
                    };
                    assert_eq!(kept, expected_kept);
                    let mut encoded = Vec::new();
                    codec::encode(&sketch, &mut encoded);
                    let len = codec::part_len(&encoded, part, encoded.len()).unwrap();
                    let expected = match part {
                        Part::WithoutSpans => codec::decode_without_spans(&encoded[..len]),
                        _ => codec::decode_without_hashes(&encoded[..len]),
                    };
                    assert_eq!(read_sketch, expected.unwrap(), "{part:?}");
                }
            }
            // Killed here: the next run finds every document.
            std::mem::forget(state);

            let writer = StateWriter::open(dir.path(), 7, false).unwrap();
            assert_eq!(writer.previous(), texts.len());
            let (stored, sketch) = writer.restore(4, true).unwrap();
            assert!(writer.restore(4, false).is_none());
            assert_eq!(sketch, sketch_of(&texts[4]));
            assert_eq!(stored.head, Some(8));
            assert_eq!(stored.meta.group.as_deref(), Some("site"));
            let state = writer.finish().unwrap().0;
            assert_eq!(state.text(stored.at.text()).unwrap(), texts[4]);
            assert_eq!(state.sketch(stored.at.sketch()).unwrap(), sketch);
            assert_eq!(state.text(stored.at.frame()).unwrap(), "{\"text\":,\"x\":1");
            state.finish().unwrap();
        });
        assert!(!dir.path().join(STATE_DIR).exists());
    }

    #[test]
    fn a_record_left_at_source_keeps_its_input_hash_and_comes_back_only_where_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let text = "一行字。\nA second line.\n";
        let sketch = sketch_of(text);
        let shape = Shape {
            lines: sketch.lines.len() as u32,
            sentences: sketch.sentences.len() as u32,
        };
        let mut writer = StateWriter::open(dir.path(), 5, true).unwrap();
        writer.leave_texts_at_source();
        let at_source = writer.put_at_source(1, 0xDEAD_BEEF_0123_4567, b"pq", 8, &sketch, meta());
        let kept = writer.put(2, text, Some(("{\"text\":}", 8)), &sketch, meta());
        assert!(at_source.at.at_source() && !kept.at.at_source());
        assert_eq!(at_source.head, Some(8));
        let state = writer.finish().unwrap().0;
        let (read, read_sketch) = state
            .document(at_source.at, Part::WithoutSpans, shape)
            .unwrap();
        let expected = Kept::AtSource {
            raw_hash: 0xDEAD_BEEF_0123_4567,
            patch: b"pq".to_vec(),
        };
        assert_eq!(read, expected);
        assert_eq!(
            read_sketch,
            codec::decode_without_spans(&{
                let mut encoded = Vec::new();
                codec::encode(&sketch, &mut encoded);
                encoded
            })
            .unwrap()
        );
        assert_eq!(state.sketch(at_source.at.sketch()).unwrap(), sketch);
        std::mem::forget(state);

        // A later run that may read its inputs again takes it back as it
        // was; one that may not (a stage whose state is handed on) makes it
        // again.
        let mut writer = StateWriter::open(dir.path(), 5, true).unwrap();
        assert!(writer.restore(1, true).is_none());
        assert!(writer.restore(2, true).is_some());
        writer.leave_texts_at_source();
        let (restored, _) = writer.restore(1, true).unwrap();
        assert!(restored.at.at_source());
        assert_eq!(restored.head, Some(8));
    }

    #[test]
    fn a_run_stopped_before_its_end_leaves_the_documents_of_its_written_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let texts: Vec<String> = (0..400)
            .map(|i| format!("第 {i} 段文字,写满一行。\n").repeat(300))
            .collect();
        let writer = StateWriter::open(dir.path(), 3, true).unwrap();
        for (i, text) in texts.iter().enumerate() {
            writer.put(i as u64, text, None, &sketch_of(text), meta());
        }
        // Stopped without finishing: the last, partial block is not written.
        drop(writer);
        let writer = StateWriter::open(dir.path(), 3, true).unwrap();
        let restored = writer.previous();
        assert!(restored > 0 && restored < texts.len(), "{restored}");
        let state = writer.finish().unwrap().0;
        let reopened = StateWriter::open(dir.path(), 3, true).unwrap();
        for (i, text) in texts.iter().enumerate().take(restored) {
            let (stored, sketch) = reopened.restore(i as u64, false).unwrap();
            assert_eq!(sketch, sketch_of(text));
            assert_eq!(&state.text(stored.at.text()).unwrap(), text);
        }
        assert!(reopened.restore(restored as u64, false).is_none());
    }

    #[test]
    fn other_settings_or_a_cut_index_start_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let writer = StateWriter::open(dir.path(), 1, true).unwrap();
        let text = "one line\n";
        writer.put(1, text, None, &sketch_of(text), meta());
        writer.put(2, text, None, &sketch_of(text), meta());
        writer.finish().unwrap().0.finish().unwrap();
        // A cut last line is passed over.
        let state = dir.path().join(STATE_DIR);
        let index = std::fs::read_dir(&state)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with("index-")
            })
            .unwrap();
        let lines = std::fs::read_to_string(&index).unwrap();
        std::fs::write(&index, &lines[..lines.len() - 10]).unwrap();
        assert_eq!(
            StateWriter::open(dir.path(), 1, true).unwrap().previous(),
            1
        );
        // Other settings: nothing is taken.
        assert_eq!(
            StateWriter::open(dir.path(), 2, true).unwrap().previous(),
            0
        );
    }
}
