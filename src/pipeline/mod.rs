//! Runs the two passes of a cleaning job.
//!
//! ```text
//! pass 1 (parallel)   read → decode → canonicalize → segment → sketch
//!                       canonical text, sketch → state files
//! between             index: duplicate documents, group counts, first copies
//! pass 2 (parallel)   stored text + sketch → decide → removals
//!                       → write cleaned file
//! in document order   report records
//! ```
//!
//! Document ids follow the sorted listing (a container's records in line
//! order) and are fixed before anything depends on them; every parallel
//! stage is a pure function of a document and the index, and pass 2 hands
//! its results to the report and to the JSON Lines outputs in id order,
//! chunk by chunk: the output is the same whatever the number of threads.
//! Pass 2 reads no input file again: the sketches stay in memory (each is
//! dropped once its document is written) and the canonical texts, with the
//! other fields of records, come back from the [`state`](crate::state),
//! which also lets a killed run be started again without doing its
//! finished pass-1 work twice.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::corpus::compression::Compression;
use crate::corpus::jsonl::{self, Batch, Frame, Line, LineReader};
use crate::corpus::read::{drops_cache, read_bytes, ReadOnce};
use crate::corpus::walk::{walk, Kind, Listed, Listing};
use crate::corpus::{Corpus, CorpusBuilder, DocId, DocIssue, DocRef, Input, Source, WalkIssue};
use crate::decide::{self, removal};
use crate::decode::{decode_in_group, encoding_for_label, is_hintable, Detection};
use crate::error::{Error, Result};
use crate::fingerprint::codec::{Part, Shape};
use crate::fingerprint::minhash::Signature;
use crate::fingerprint::{sketch, DocSketch};
use crate::index::{self, Index, RepeatFilter};
use crate::normalize::{canonicalize, canonicalize_noting_changes, key::KeyFolder};
use crate::report::summary::{human_bytes, Summary};
use crate::report::{self, Decoding, DocResult, DocStatus, RenderedDoc, ReportWriter};
use crate::segment;
use crate::settings::Settings;
use crate::state::{DocAt, DocMeta, Kept, State, StateWriter, Stored, StoredDecoding};
use crate::write::{self, RecordTarget, RecordWriter, Segment};

mod reread;
pub mod shard;

/// The stages a progress display shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Listing the documents under the inputs.
    Walk,
    /// Pass 1: reading and fingerprinting every document.
    Scan,
    /// Building the index between the passes.
    Index,
    /// Pass 2: deciding, writing documents and the report.
    Clean,
}

impl Stage {
    /// The stage's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Walk => "walk",
            Stage::Scan => "scan",
            Stage::Index => "index",
            Stage::Clean => "clean",
        }
    }
}

/// Receives progress; implemented by the CLI's progress bars.
pub trait Progress: Sync {
    fn start(&self, _stage: Stage, _docs: u64, _bytes: u64) {}
    fn advance(&self, _docs: u64, _bytes: u64) {}
    fn finish(&self, _stage: Stage) {}
    /// Something the user should know that does not stop the run.
    fn notice(&self, _message: &str) {}
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {}

/// Documents handed to the report at a time in pass 2: large enough to keep
/// every thread busy, small enough that their texts stay a small buffer.
const CHUNK: usize = 256;

/// Clean the inputs of `settings`, write the output and the report.
pub fn clean(settings: &Settings, progress: &dyn Progress) -> Result<Summary> {
    check_paths(settings)?;
    let forced = forced_encoding(settings)?;
    thread_pool(settings)?.install(|| {
        progress.start(Stage::Walk, 0, 0);
        let listing = walk(&settings.inputs, &settings.walk, settings.group_by)?;
        progress.finish(Stage::Walk);
        run(listing, settings, forced, progress)
    })
}

/// The encoding `--encoding` forces, if any.
fn forced_encoding(settings: &Settings) -> Result<Option<&'static Encoding>> {
    match &settings.encoding {
        Some(label) => Ok(Some(encoding_for_label(label).ok_or_else(|| {
            Error::UnknownEncoding {
                label: label.clone(),
            }
        })?)),
        None => Ok(None),
    }
}

/// The worker threads of a run.
fn thread_pool(settings: &Settings) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| Error::ThreadPool {
            threads: settings.threads,
            reason: e.to_string(),
        })
}

fn run(
    listing: Listing,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    progress: &dyn Progress,
) -> Result<Summary> {
    if !settings.dry_run && !settings.writes_stdout() {
        write::sweep_temporaries(&settings.output);
    }
    write::sweep_temporaries(&settings.report);

    // Pass 1.
    let Listing { files, issues } = listing;
    let listed_bytes = files.iter().map(|f| f.bytes).sum();
    progress.start(Stage::Scan, files.len() as u64, listed_bytes);
    let mut state = StateWriter::open(
        &settings.report,
        pass1_settings_hash(settings),
        settings.keep_state,
    )?;
    state.leave_texts_at_source();
    let (filter_bytes, expected_prints) = repeat_filter_size(settings, &files);
    if filter_bytes > 0 {
        state.mark_repeats(
            index::RepeatMarks::with_bytes(filter_bytes)
                .weighed_every(expected_prints / REPEAT_FILTER_WEIGHINGS),
        );
    }
    let scans = scan_files(&files, 0..files.len(), settings, forced, &state, progress);
    let Assembled {
        corpus,
        pass1,
        inputs_hash,
        resumed,
    } = assemble(issues, files, scans);
    let corpus = &corpus;
    let (state, repeats) = state.finish()?;
    progress.finish(Stage::Scan);

    // Between the passes.
    progress.start(Stage::Index, corpus.docs.len() as u64, 0);
    let held = repeats.as_ref().map_or(0, RepeatFilter::bytes);
    let tables = table_memory(settings, corpus, held, progress);
    let index = build_index(
        corpus,
        &pass1,
        settings,
        &state,
        repeats,
        &settings.report,
        tables,
    )?;
    progress.finish(Stage::Index);

    // Pass 2.
    let mut report = ReportWriter::create(&settings.report)?;
    report.walk_issues(&corpus.issues)?;
    report.groups(corpus, &index.groups)?;
    progress.start(Stage::Clean, corpus.docs.len() as u64, corpus.total_bytes());
    let records = record_writer(settings, corpus, 0..corpus.containers.len());
    let context = Pass2 {
        corpus,
        index: &index,
        state: &state,
        settings,
        directories: &write::Directories::default(),
    };
    clean_docs(
        &context,
        0..corpus.docs.len(),
        pass1,
        &mut report,
        records,
        progress,
    )?;
    let mut summary = report.finish(inputs_hash, settings_for_report(settings))?;
    summary.resumed = resumed;
    state.finish()?;
    progress.finish(Stage::Clean);
    Ok(summary)
}

/// Where pass 2 writes the records of the containers `containers`, unless
/// it writes nothing.
fn record_writer<'a>(
    settings: &'a Settings,
    corpus: &'a Corpus,
    containers: Range<usize>,
) -> Option<RecordWriter<'a>> {
    (!settings.dry_run).then(|| {
        if settings.writes_stdout() {
            RecordWriter::to_stdout()
        } else {
            RecordWriter::to_tree(&corpus.containers, containers, &settings.output)
        }
    })
}

/// xxh3 of every document's path and the hash of its bytes (`raw_hashes`),
/// in document order.
fn inputs_hash(corpus: &Corpus, raw_hashes: &[u64]) -> u64 {
    let mut hash = Xxh3::new();
    for (doc, raw_hash) in corpus.docs.iter().zip(raw_hashes) {
        hash.update(corpus.name(doc.id).as_bytes());
        hash.update(&[0]);
        hash.update(&raw_hash.to_le_bytes());
    }
    hash.digest()
}

/// Pass 2 over the documents `docs` (all of them, for a whole run), whose
/// pass-1 results `pass1` holds in order: clean each, write its output,
/// and hand its report lines and records on in document order. Documents
/// go in chunks of [`CHUNK`] ids counted from the first document of the
/// corpus, so a part of the corpus is cut into the same chunks (and its
/// compressed records into the same frames) as the whole.
fn clean_docs(
    context: &Pass2,
    docs: Range<usize>,
    pass1: Pass1Docs,
    report: &mut ReportWriter,
    mut records: Option<RecordWriter>,
    progress: &dyn Progress,
) -> Result<()> {
    let Pass2 {
        corpus, settings, ..
    } = *context;
    let target_of = |doc: &DocRef| {
        if settings.writes_stdout() {
            Some(RecordTarget::Stdout)
        } else {
            doc.container().map(RecordTarget::Container)
        }
    };
    let clean_chunk = |chunk: &[DocRef],
                       pass1: Vec<Pass1>,
                       matches: &index::ChunkMatches,
                       sources: &reread::ChunkLines|
     -> Result<Cleaned> {
        let docs: Vec<Result<(RenderedDoc, Option<Vec<u8>>)>> = chunk
            .par_iter()
            .zip(pass1)
            .enumerate()
            .map_init(KeyFolder::default, |folder, (k, (doc, pass1))| {
                let source = sources.of(k);
                let (result, line) =
                    clean_doc(doc, pass1, source, matches.of(doc.id), context, folder)?;
                progress.advance(1, doc.bytes);
                Ok((report::render(corpus, result, folder, &settings.pack), line))
            })
            .collect();
        // Consecutive lines for the same output are compressed together.
        let mut runs: Vec<(RecordTarget, Vec<Vec<u8>>)> = Vec::new();
        let mut rendered = Vec::with_capacity(docs.len());
        for (doc, result) in chunk.iter().zip(docs) {
            let (doc_report, line) = result?;
            rendered.push(doc_report);
            let (Some(line), Some(target)) = (line, target_of(doc)) else {
                continue;
            };
            match runs.last_mut() {
                Some((last, lines)) if *last == target => lines.push(line),
                _ => runs.push((target, vec![line])),
            }
        }
        let segments = runs
            .into_par_iter()
            .map(|(target, lines)| {
                Segment::compress(target, lines, &corpus.containers, &settings.output)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Cleaned { rendered, segments })
    };
    let mut cleaned = Cleaned::default();
    // Each document's sketch is dropped once its chunk is cleaned; the span
    // matches are gathered a chunk at a time.
    let mut pass1 = pass1.into_iter();
    let mut match_cursor = context.index.span_matches.cursor()?;
    let chunk_range = |k: usize| {
        (k * CHUNK).clamp(docs.start, docs.end)..((k + 1) * CHUNK).clamp(docs.start, docs.end)
    };
    let chunks = if docs.is_empty() {
        0..0
    } else {
        docs.start / CHUNK..(docs.end - 1) / CHUNK + 1
    };
    let mut sources = reread::SourceReader::new(corpus, settings);
    let first_docs = chunk_range(chunks.start);
    let mut matches = match_cursor.chunk(first_docs.clone())?;
    let mut chunk_pass1: Vec<Pass1> = pass1.by_ref().take(first_docs.len()).collect();
    let mut lines = sources.chunk(&corpus.docs[first_docs], &chunk_pass1)?;
    for k in chunks {
        let chunk = &corpus.docs[chunk_range(k)];
        let done = std::mem::take(&mut cleaned);
        // The next chunk's matches and records read again are gathered
        // beside this chunk's cleaning, with the report of the last one.
        let next_docs = chunk_range(k + 1);
        let next_pass1: Vec<Pass1> = pass1.by_ref().take(next_docs.len()).collect();
        let this_pass1 = std::mem::take(&mut chunk_pass1);
        let ((recorded, next_matches, next_lines), next) = rayon::join(
            || {
                (
                    record_all(report, records.as_mut(), done),
                    match_cursor.chunk(next_docs.clone()),
                    sources.chunk(&corpus.docs[next_docs], &next_pass1),
                )
            },
            || clean_chunk(chunk, this_pass1, &matches, &lines),
        );
        recorded?;
        cleaned = next?;
        matches = next_matches?;
        lines = next_lines?;
        chunk_pass1 = next_pass1;
    }
    record_all(report, records.as_mut(), cleaned)?;
    if let Some(records) = records {
        records.finish()?;
    }
    Ok(())
}

/// Hash of the settings pass 1 depends on: what a document's state is made
/// with.
fn pass1_settings_hash(settings: &Settings) -> u64 {
    let pass1 = serde_json::json!({
        "normal_form": settings.normal_form,
        "encoding": settings.encoding,
        "walk": settings.walk,
        "fold_script": settings.duplicates.fold_script,
        "patterns": settings.boilerplate.patterns,
        "anchor_min_weight": settings.boilerplate.anchor_min_weight,
        "pack": settings.pack,
        "version": env!("CARGO_PKG_VERSION"),
    });
    xxh3_64(pass1.to_string().as_bytes())
}

/// One chunk of pass 2: its documents' report lines and its record output.
#[derive(Default)]
struct Cleaned {
    rendered: Vec<RenderedDoc>,
    segments: Vec<Segment>,
}

fn record_all(
    report: &mut ReportWriter,
    records: Option<&mut RecordWriter>,
    cleaned: Cleaned,
) -> Result<()> {
    for doc in &cleaned.rendered {
        report.record(doc)?;
    }
    if let Some(records) = records {
        for segment in &cleaned.segments {
            records.append(segment)?;
        }
    }
    Ok(())
}

/// What pass 1 keeps of a text file.
struct Scanned {
    doc: Pass1,
    origin: Origin,
}

impl Scanned {
    fn issue(issue: DocIssue) -> Self {
        Scanned {
            doc: Err(issue),
            origin: Origin::default(),
        }
    }
}

/// Where a document's pass-1 result comes from.
#[derive(Debug, Default, Clone, Copy)]
struct Origin {
    /// The hash of the document's bytes (0 when they could not be read).
    raw_hash: u64,
    /// What the state keeps it under.
    key: u64,
    /// Taken from the state of an unfinished run.
    resumed: bool,
}

/// What pass 2 needs of a readable document.
struct Pass1Doc {
    /// What the index keeps of the sketch in memory ([`SketchSummary::of`]);
    /// the sketch stays in the state, and the index and pass 2 read it back
    /// from `at`, with the text and a record's other fields.
    summary: SketchSummary,
    at: DocAt,
    decoding: Decoding,
    bytes_in: u64,
    /// A record's other fields.
    record: Option<RecordRest>,
}

/// What pass 2 needs to write a record back.
struct RecordRest {
    /// Where the text goes in the record's [`Frame`] (its fields, stored
    /// at `at.frame()`).
    head: usize,
    /// The id field's value.
    id: Option<String>,
}

/// What pass 2 knows of a document from pass 1, or why it could not be read.
type Pass1 = Result<Pass1Doc, DocIssue>;

/// The key a text file's state is kept under: its path, its bytes and the
/// encoding it was decoded with in mind.
fn file_key(rel: &str, raw_hash: u64, hint: Option<&'static Encoding>) -> u64 {
    let mut key = Xxh3::new();
    key.update(b"file\0");
    key.update(rel.as_bytes());
    key.update(&[0]);
    key.update(&raw_hash.to_le_bytes());
    key.update(hint.map_or("", |e| e.name()).as_bytes());
    key.digest()
}

/// The key a record's state is kept under: its file, its line and the hash
/// of its bytes.
fn record_key(container: &str, line: u64, raw_hash: u64) -> u64 {
    let mut key = Xxh3::new();
    key.update(b"record\0");
    key.update(container.as_bytes());
    key.update(&[0]);
    key.update(&line.to_le_bytes());
    key.update(&raw_hash.to_le_bytes());
    key.digest()
}

/// A document's decoding as pass 2 and the report see it, from the state.
fn decoding_of(stored: &StoredDecoding) -> Option<Decoding> {
    // The name must be one of encoding_rs's own (or the records' "utf-8"),
    // so that the report spells it as an uninterrupted run does.
    let encoding = if stored.detection == Detection::Record {
        RECORD_ENCODING
    } else {
        Encoding::for_label(stored.encoding.as_bytes())
            .map(|e| e.name())
            .filter(|name| *name == stored.encoding)?
    };
    Some(Decoding {
        encoding,
        detection: stored.detection,
        malformed: stored.malformed,
    })
}

/// What the index keeps of a document's sketch in memory between the
/// passes: what finds exact duplicates, and the sizes its tables are
/// planned by. Everything else it reads back from the state, a piece of
/// documents at a time.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct SketchSummary {
    /// [`DocSketch::content_hash`], unless the document is blank.
    content_hash: Option<u64>,
    lines: u32,
    /// How many span fingerprints it has.
    prints: u32,
    /// How many sentences its lines of several hold.
    sentences: u32,
}

impl SketchSummary {
    fn shape(&self) -> Shape {
        Shape {
            lines: self.lines,
            sentences: self.sentences,
        }
    }

    fn of(sketch: &DocSketch) -> Self {
        SketchSummary {
            content_hash: (!sketch.is_blank()).then_some(sketch.content_hash),
            lines: sketch.lines.len() as u32,
            prints: sketch.spans.len() as u32,
            sentences: sketch.sentences.len() as u32,
        }
    }
}

/// The encoding the report gives records (JSON text is UTF-8).
const RECORD_ENCODING: &str = "utf-8";

/// How every record is decoded.
const RECORD_DECODING: Decoding = Decoding {
    encoding: RECORD_ENCODING,
    detection: Detection::Record,
    malformed: 0,
};

/// What pass 1 keeps of a document it took from the state of an unfinished
/// run, if that can be read.
fn restored(state: &StateWriter, key: u64, record: bool) -> Option<(Pass1Doc, Option<String>)> {
    let (stored, sketch) = state.restore(key, record)?;
    pass1_doc(stored, SketchSummary::of(&sketch))
}

/// What pass 1 keeps of a document stored in the state, with the summary
/// of its sketch, and its group field.
fn pass1_doc(stored: Stored, summary: SketchSummary) -> Option<(Pass1Doc, Option<String>)> {
    let decoding = decoding_of(&stored.meta.decoding)?;
    let record = (stored.head).map(|head| RecordRest {
        head,
        id: stored.meta.id,
    });
    let doc = Pass1Doc {
        summary,
        at: stored.at,
        decoding,
        bytes_in: stored.meta.bytes_in,
        record,
    };
    Some((doc, stored.meta.group))
}

/// Documents of a group that are detected on their own before the group's
/// encoding is taken as a hint for the rest.
const ENCODING_SAMPLE: usize = 8;

/// What pass 1 made of one listed file.
// Most files are text files; boxing their variant would cost an allocation
// each to save room on the few containers.
#[allow(clippy::large_enum_variant)]
enum FileScan {
    Text(Scanned),
    Container(ContainerScan),
}

/// Pass 1 over the listed files in `part` (all of them, for a whole run):
/// the text files in two phases (the first documents of each group, then
/// the rest with the multi-byte encoding those agreed on as a hint), the
/// containers record by record. Every phase is parallel; the hint depends
/// only on which documents of the whole listing come first, so the result
/// depends neither on scheduling nor on where a part is cut (the first
/// documents of a group outside the part are decoded for their vote only).
fn scan_files(
    files: &[Listed],
    part: Range<usize>,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    state: &StateWriter,
    progress: &dyn Progress,
) -> Vec<FileScan> {
    let mut seen_in_group: HashMap<&str, usize> = HashMap::new();
    let texts: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].kind == Kind::Text)
        .collect();
    let (sample, rest): (Vec<usize>, Vec<usize>) = texts.iter().partition(|&&i| {
        let seen = seen_in_group.entry(files[i].group.as_str()).or_default();
        *seen += 1;
        *seen <= ENCODING_SAMPLE
    });
    let inside = |i: &usize| part.contains(i);
    let groups_inside: std::collections::HashSet<&str> = files[part.clone()]
        .iter()
        .map(|f| f.group.as_str())
        .collect();
    let scan_all = |indices: &[usize], hints: &HashMap<&str, &'static Encoding>| {
        indices
            .par_iter()
            .map_init(
                || KeyFolder::new(settings.duplicates.fold_script),
                |folder, &i| {
                    let file = &files[i];
                    let hint = hints.get(file.group.as_str()).copied();
                    let scanned = scan(file, settings, forced, hint, state, folder);
                    progress.advance(1, file.bytes);
                    (i, scanned)
                },
            )
            .collect::<Vec<_>>()
    };
    let sample_inside: Vec<usize> = sample.iter().copied().filter(inside).collect();
    let first = scan_all(&sample_inside, &HashMap::new());
    let voters_outside: Vec<(usize, Option<Decoding>)> = sample
        .par_iter()
        .filter(|&i| !inside(i) && groups_inside.contains(files[*i].group.as_str()))
        .map(|&i| (i, detect(&files[i], settings, forced)))
        .collect();
    let votes = (first.iter())
        .map(|(i, scanned)| (*i, scanned.doc.as_ref().ok().map(|doc| doc.decoding)))
        .chain(voters_outside);
    let hints = group_encodings(files, votes);
    let rest_inside: Vec<usize> = rest.into_iter().filter(inside).collect();
    let second = scan_all(&rest_inside, &hints);
    let mut by_file: Vec<Option<Scanned>> = part.clone().map(|_| None).collect();
    for (i, scanned) in first.into_iter().chain(second) {
        by_file[i - part.start] = Some(scanned);
    }
    let containers: Vec<(usize, ContainerScan)> = part
        .clone()
        .filter(|&i| files[i].kind == Kind::Records)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| (i, scan_container(&files[i], settings, state, progress)))
        .collect();
    let mut containers = containers.into_iter();
    let first_file = part.start;
    part.map(|i| match files[i].kind {
        Kind::Text => FileScan::Text(
            by_file[i - first_file]
                .take()
                .expect("every text file is scanned"),
        ),
        Kind::Records => {
            let (at, container) = containers.next().expect("every container is scanned");
            debug_assert_eq!(at, i);
            FileScan::Container(container)
        }
    })
    .collect()
}

/// The scanned files as a corpus, with what pass 1 made of each document.
struct Assembled {
    corpus: Corpus,
    pass1: Pass1Docs,
    /// [`inputs_hash`] of the documents.
    inputs_hash: u64,
    /// How many documents were taken from the state of an unfinished run.
    resumed: u64,
}

/// Number the documents of the scanned files, in listing order. Each
/// document's [`Scanned`] goes into a list of pass-1 results made to size
/// as its file's scan is freed, so that no second list of every document
/// is ever held.
fn assemble(issues: Vec<WalkIssue>, files: Vec<Listed>, scans: Vec<FileScan>) -> Assembled {
    let docs = (scans.iter())
        .map(|scan| match scan {
            FileScan::Text(_) => 1,
            FileScan::Container(container) => container.records.len(),
        })
        .sum();
    let mut builder = CorpusBuilder::with_capacity(issues, docs);
    let mut pass1 = Pass1Docs::default();
    let mut raw_hashes = Vec::with_capacity(docs);
    let mut resumed = 0;
    let mut take = |origin: Origin| {
        raw_hashes.push(origin.raw_hash);
        resumed += u64::from(origin.resumed);
    };
    for (file, scan) in files.into_iter().zip(scans) {
        match scan {
            FileScan::Text(scanned) => {
                builder.file(file.compression, file.rel, &file.group, file.bytes);
                take(scanned.origin);
                pass1.push(scanned.doc);
            }
            FileScan::Container(container) => {
                let rel = file.rel.clone();
                builder.container(file.rel, file.input, container.compression, file.bytes);
                for record in container.records {
                    let group = record.group.as_deref().unwrap_or(&file.group);
                    builder.record(record.line, group, record.bytes);
                    take(record.origin);
                }
                pass1.push_part(container.docs);
                if let Some(issue) = container.issue {
                    builder.issue(WalkIssue { path: rel, issue });
                }
            }
        }
    }
    let corpus = builder.finish();
    Assembled {
        inputs_hash: inputs_hash(&corpus, &raw_hashes),
        corpus,
        pass1,
        resumed,
    }
}

/// What pass 1 made of every document, by id, in the vectors the scan
/// made: a container's records stay in the vector they were scanned into,
/// and text files go into one vector for each run of them between
/// containers. Gathered into one vector, every record was held twice at
/// the end of pass 1, where a run's memory peaks, the first copy not yet
/// given back to the system (51 MB on 1.1 GB of JSON Lines; 7 MB now).
#[derive(Default)]
struct Pass1Docs {
    parts: Vec<Vec<Pass1>>,
    /// The id of each part's first document.
    starts: Vec<usize>,
    len: usize,
    /// The last part holds text files (and takes the next one).
    texts_last: bool,
}

impl Pass1Docs {
    fn push(&mut self, doc: Pass1) {
        if !self.texts_last {
            self.starts.push(self.len);
            self.parts.push(Vec::new());
            self.texts_last = true;
        }
        self.parts.last_mut().expect("a part was opened").push(doc);
        self.len += 1;
    }

    /// A container's documents, the vector kept as it is.
    fn push_part(&mut self, docs: Vec<Pass1>) {
        self.texts_last = false;
        if docs.is_empty() {
            return;
        }
        self.starts.push(self.len);
        self.len += docs.len();
        self.parts.push(docs);
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = &Pass1> {
        self.parts.iter().flatten()
    }
}

impl std::ops::Index<usize> for Pass1Docs {
    type Output = Pass1;

    fn index(&self, doc: usize) -> &Pass1 {
        let part = self.starts.partition_point(|&start| start <= doc) - 1;
        &self.parts[part][doc - self.starts[part]]
    }
}

impl IntoIterator for Pass1Docs {
    type Item = Pass1;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<Pass1>>>;

    /// The documents in order; each part's vector is freed once it is
    /// gone through.
    fn into_iter(self) -> Self::IntoIter {
        self.parts.into_iter().flatten()
    }
}

/// How a text file decodes on its own (an encoding vote of a group's first
/// documents that another part of the corpus holds).
fn detect(
    file: &Listed,
    settings: &Settings,
    forced: Option<&'static Encoding>,
) -> Option<Decoding> {
    let Input::Path(path) = &file.input else {
        return None;
    };
    // Pass 1 reads the file again: its pages stay cached.
    let bytes = read_bytes(
        path,
        file.compression,
        file.bytes,
        settings.walk.max_file_bytes,
        true,
    )
    .ok()?;
    let decoded = decode_in_group(bytes, forced, None).ok()?;
    Some(Decoding {
        encoding: decoded.encoding,
        detection: decoded.detection,
        malformed: decoded.malformed,
    })
}

/// What pass 1 made of a container.
struct ContainerScan {
    /// As its bytes show (for standard input) or its name says.
    compression: Compression,
    /// Its records, in line order.
    records: Vec<ScannedRecord>,
    /// What pass 1 made of each of `records`. Kept apart from them, this
    /// vector becomes the container's part of [`Pass1Docs`] as it is.
    docs: Vec<Pass1>,
    /// Why it could not be read to its end.
    issue: Option<DocIssue>,
}

/// Where a line of a container is, and where what pass 1 made of it came
/// from.
struct ScannedRecord {
    line: u64,
    /// The group field's value.
    group: Option<String>,
    bytes: u64,
    origin: Origin,
}

/// Bytes of lines read from a container at a time; one batch is scanned
/// in parallel while the next is read.
const BATCH_BYTES: usize = 4 << 20;

/// Counts the bytes read through it (for progress on compressed input).
struct Counted<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

fn scan_container(
    file: &Listed,
    settings: &Settings,
    state: &StateWriter,
    progress: &dyn Progress,
) -> ContainerScan {
    let unreadable = |e: std::io::Error| DocIssue::Unreadable {
        message: e.to_string(),
    };
    let mut scan = ContainerScan {
        compression: file.compression,
        records: Vec::new(),
        docs: Vec::new(),
        issue: None,
    };
    let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let raw: Box<dyn Read + Send> = match &file.input {
        Input::Path(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(ReadOnce::new(
                f,
                drops_cache(file.bytes, settings.keep_input_cache),
            )),
            Err(e) => {
                scan.issue = Some(unreadable(e));
                return scan;
            }
        },
        Input::Stdin => Box::new(std::io::stdin()),
    };
    let mut raw = BufReader::with_capacity(
        1 << 20,
        Counted {
            inner: raw,
            count: count.clone(),
        },
    );
    if file.input == Input::Stdin {
        match raw.fill_buf() {
            Ok(head) => scan.compression = Compression::of_magic(head),
            Err(e) => {
                scan.issue = Some(unreadable(e));
                return scan;
            }
        }
    }
    let decoder: Box<dyn Read + Send> = match scan.compression.reader(raw) {
        Ok(decoder) => decoder,
        Err(e) => {
            scan.issue = Some(unreadable(e));
            return scan;
        }
    };
    let mut lines = LineReader::new(
        BufReader::with_capacity(1 << 20, decoder),
        settings.walk.max_file_bytes,
    );
    // A file read as it is on disk can be read again in pass 2, which
    // makes its records' texts again instead of reading them from the
    // state, where the run lets the state leave them out.
    let at_source = state.leaves_texts_at_source()
        && matches!(file.input, Input::Path(_))
        && scan.compression == Compression::None;
    let bp = &settings.boilerplate;
    let patterns = bp
        .patterns
        .then(|| settings.pack.matcher(bp.anchor_min_weight));
    let scan_batch = |batch: Batch| -> Vec<(ScannedRecord, Pass1)> {
        (0..batch.len())
            .into_par_iter()
            .map_init(
                || KeyFolder::new(settings.duplicates.fold_script),
                |folder, k| {
                    let (number, line) = batch.line(k);
                    scan_record(
                        &file.rel,
                        number,
                        line,
                        at_source,
                        settings,
                        patterns.as_ref(),
                        state,
                        folder,
                    )
                },
            )
            .flatten()
            .collect()
    };
    let mut reported = 0;
    let mut read_batch = || {
        let (batch, error) = lines.batch(BATCH_BYTES);
        let issue = error.map(|e| DocIssue::Unreadable {
            message: format!(
                "{} data is corrupt or cut short after line {}: {e}",
                scan.compression.name(),
                batch
                    .len()
                    .checked_sub(1)
                    .map_or(0, |last| batch.line(last).0)
            ),
        });
        (batch, issue)
    };
    let (mut batch, mut issue) = read_batch();
    loop {
        let last = batch.is_empty() || issue.is_some();
        let (records, next) = rayon::join(
            || scan_batch(std::mem::take(&mut batch)),
            || (!last).then(&mut read_batch),
        );
        scan.records.reserve(records.len());
        scan.docs.reserve(records.len());
        for (record, doc) in records {
            scan.records.push(record);
            scan.docs.push(doc);
        }
        let read = count.load(std::sync::atomic::Ordering::Relaxed);
        progress.advance(0, read.saturating_sub(reported));
        reported = read;
        match next {
            Some(next) => (batch, issue) = next,
            None => break,
        }
    }
    scan.issue = issue;
    progress.advance(1, 0);
    scan
}

/// Scan one line of a container: where it is, and what pass 1 made of it;
/// `None` for a blank line. A record stored
/// `at_source` keeps in the state only its line's hash and the lines its
/// canonical form changes, not its text ([`reread`]).
#[allow(clippy::too_many_arguments)]
fn scan_record(
    container: &str,
    number: u64,
    line: Line,
    at_source: bool,
    settings: &Settings,
    patterns: Option<&crate::decide::pack::LineMatcher<'_>>,
    state: &StateWriter,
    folder: &mut KeyFolder,
) -> Option<(ScannedRecord, Pass1)> {
    let skipped = |issue: DocIssue, bytes: u64| {
        let record = ScannedRecord {
            line: number,
            group: None,
            bytes,
            origin: Origin::default(),
        };
        (record, Err(issue))
    };
    let bytes = match line {
        Line::Bytes(bytes) => bytes,
        Line::TooLong(length) => {
            let issue = DocIssue::TooLarge {
                bytes: length,
                limit: settings.walk.max_file_bytes,
            };
            return Some(skipped(issue, length));
        }
    };
    let length = bytes.len() as u64;
    let malformed = |message: String| skipped(DocIssue::Malformed { message }, length);
    let (text, not_utf8) = jsonl::line_text(bytes, number);
    if text.trim().is_empty() {
        return None;
    }
    let raw_hash = xxh3_64(bytes);
    let key = record_key(container, number, raw_hash);
    if let Some((doc, group)) = restored(state, key, true) {
        let origin = Origin {
            raw_hash,
            key,
            resumed: true,
        };
        return Some((
            ScannedRecord {
                line: number,
                group,
                bytes: length,
                origin,
            },
            Ok(doc),
        ));
    }
    let record = match jsonl::parse(&text, &settings.walk.records) {
        Ok(record) => record,
        Err(message) => return Some(malformed(message)),
    };
    // A record left at its source keeps, in place of its canonical form,
    // the lines that form changes, noted as they are made.
    let (canonical, changes) = match at_source {
        true => {
            let (canonical, changes) =
                canonicalize_noting_changes(&record.text, settings.normal_form);
            (canonical, Some(changes))
        }
        false => (canonicalize(&record.text, settings.normal_form), None),
    };
    let Frame {
        fields: frame,
        head,
    } = record.frame;
    if let Err(issue) = crate::state::fits(&canonical, &frame, None) {
        return Some(skipped(issue, length));
    }
    let sketch = sketch(&canonical, &segment::lines(&canonical), folder, patterns);
    if let Err(issue) = crate::state::fits(&canonical, &frame, Some(&sketch)) {
        return Some(skipped(issue, length));
    }
    let decoding = Decoding {
        malformed: not_utf8 + record.malformed,
        ..RECORD_DECODING
    };
    let meta = DocMeta {
        decoding: StoredDecoding::from(&decoding),
        bytes_in: length,
        id: record.id,
        group: record.group,
    };
    let patch = changes.and_then(|changes| reread::patch_of(&record.text, &canonical, &changes));
    let stored = match patch {
        Some(patch) => state.put_at_source(key, raw_hash, &patch, head, &sketch, meta),
        None => state.put(key, &canonical, Some((&frame, head)), &sketch, meta),
    };
    let summary = SketchSummary::of(&sketch);
    drop(sketch);
    let origin = Origin {
        raw_hash,
        key,
        resumed: false,
    };
    let record = ScannedRecord {
        line: number,
        group: stored.meta.group,
        bytes: length,
        origin,
    };
    let doc = Pass1Doc {
        summary,
        at: stored.at,
        decoding,
        bytes_in: length,
        record: Some(RecordRest {
            head,
            id: stored.meta.id,
        }),
    };
    Some((record, Ok(doc)))
}

/// Per group, the encoding that most of the legacy-encoded documents of its
/// sample were detected as (at least two, more than half of them), if the
/// bytes of other documents can confirm it ([`is_hintable`]). Every hinted
/// document is still checked on its own bytes, so a wrong majority costs
/// only time.
fn group_encodings(
    files: &[Listed],
    sample: impl Iterator<Item = (usize, Option<Decoding>)>,
) -> HashMap<&str, &'static Encoding> {
    let mut votes: HashMap<&str, Vec<(&'static Encoding, usize)>> = HashMap::new();
    for (i, decoding) in sample {
        let Some(decoding) = decoding else {
            continue;
        };
        if decoding.detection != Detection::Detected {
            continue;
        }
        let Some(encoding) = Encoding::for_label(decoding.encoding.as_bytes()) else {
            continue;
        };
        let group = votes.entry(files[i].group.as_str()).or_default();
        match group.iter_mut().find(|(e, _)| *e == encoding) {
            Some((_, count)) => *count += 1,
            None => group.push((encoding, 1)),
        }
    }
    votes
        .into_iter()
        .filter_map(|(name, group)| {
            let total: usize = group.iter().map(|(_, n)| n).sum();
            let (encoding, count) = group.into_iter().max_by_key(|&(e, n)| (n, e.name()))?;
            (count >= 2 && count * 2 > total && is_hintable(encoding)).then_some((name, encoding))
        })
        .collect()
}

/// Pass 1 over one text file: read it, and take it from the state of an
/// unfinished run, or decode, canonicalize, sketch and store it.
fn scan(
    file: &Listed,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    group_hint: Option<&'static Encoding>,
    state: &StateWriter,
    folder: &mut KeyFolder,
) -> Scanned {
    let Input::Path(path) = &file.input else {
        unreachable!("standard input is listed as records")
    };
    let bytes = match read_bytes(
        path,
        file.compression,
        file.bytes,
        settings.walk.max_file_bytes,
        settings.keep_input_cache,
    ) {
        Ok(bytes) => bytes,
        Err(issue) => return Scanned::issue(issue),
    };
    let bytes_in = bytes.len() as u64;
    let raw_hash = xxh3_64(&bytes);
    let key = file_key(&file.rel, raw_hash, group_hint);
    if let Some((doc, _)) = restored(state, key, false) {
        return Scanned {
            doc: Ok(doc),
            origin: Origin {
                raw_hash,
                key,
                resumed: true,
            },
        };
    }
    let decoded = match decode_in_group(bytes, forced, group_hint) {
        Ok(decoded) => decoded,
        Err(issue) => return Scanned::issue(issue),
    };
    let canonical = canonicalize(&decoded.text, settings.normal_form);
    drop(decoded.text);
    if let Err(issue) = crate::state::fits(&canonical, "", None) {
        return Scanned::issue(issue);
    }
    let bp = &settings.boilerplate;
    let patterns = bp
        .patterns
        .then(|| settings.pack.matcher(bp.anchor_min_weight));
    let sketch = sketch(
        &canonical,
        &segment::lines(&canonical),
        folder,
        patterns.as_ref(),
    );
    if let Err(issue) = crate::state::fits(&canonical, "", Some(&sketch)) {
        return Scanned::issue(issue);
    }
    let decoding = Decoding {
        encoding: decoded.encoding,
        detection: decoded.detection,
        malformed: decoded.malformed,
    };
    let meta = DocMeta {
        decoding: StoredDecoding::from(&decoding),
        bytes_in,
        id: None,
        group: None,
    };
    let stored = state.put(key, &canonical, None, &sketch, meta);
    let summary = SketchSummary::of(&sketch);
    drop(sketch);
    Scanned {
        doc: Ok(Pass1Doc {
            summary,
            at: stored.at,
            decoding,
            bytes_in,
            record: None,
        }),
        origin: Origin {
            raw_hash,
            key,
            resumed: false,
        },
    }
}

/// What the index takes of one document, from its boilerplate verdicts,
/// besides the lines and fingerprints that may be first copies (which go
/// to their writers a piece at a time).
#[derive(Default)]
struct Candidates {
    signature: Option<Signature>,
    /// Weight of the lines outside boilerplate (`--keep longest`).
    content_weight: u64,
}

/// Documents whose index candidates one task takes, and whose span
/// entries are filed together.
const INDEX_PIECE: usize = index::PIECE;

/// The part of `--max-memory` the program itself, its threads' buffers and
/// the rule pack take, and what the index keeps whatever the corpus.
const BASE_MEMORY: u64 = 64 << 20;
/// Bytes per document besides its records and its name: the index's lists
/// by document, the signatures of near-duplicate candidates, the
/// allocator's rounding.
const DOC_OVERHEAD: u64 = 224;
/// Bytes per text file besides its names (its relative path, and while
/// pass 1 runs its listing's copy of it and its full path): its listing
/// entry and the allocator's rounding.
const FILE_OVERHEAD: u64 = 256;
/// How many shares of the tables' memory are held at once at most: the
/// entries of the partition being matched and of the next one being read,
/// its matches, and the pairs of another table.
const TABLE_SHARES: u64 = 4;
/// The smallest share a table gets.
const MIN_TABLE_MEMORY: u64 = 1 << 10;

/// Bytes each table of the index that grows with the corpus holds at a
/// time. Without `--max-memory`, [`Settings::index_memory`]; with it, an
/// even share of what the documents' records and the `held` bytes of the
/// repeat filter leave of the budget: the records are counted first (their
/// size, [`DOC_OVERHEAD`], and for a text file its paths and
/// [`FILE_OVERHEAD`]), with [`BASE_MEMORY`]. The constants are
/// set, with a margin, from the peaks of runs with the smallest tables on
/// the bench corpora: 1.1 and 4.4 GB of JSON Lines, 160,000 text files.
/// A budget that leaves nothing is reported to `progress`, and the tables
/// get [`MIN_TABLE_MEMORY`].
pub(crate) fn table_memory(
    settings: &Settings,
    corpus: &Corpus,
    held: u64,
    progress: &dyn Progress,
) -> usize {
    let Some(budget) = settings.max_memory else {
        return usize::try_from(settings.index_memory).unwrap_or(usize::MAX);
    };
    let records = (std::mem::size_of::<Pass1>() + std::mem::size_of::<DocRef>()) as u64;
    let longest_input = (settings.inputs.iter())
        .map(|input| input.as_os_str().len() as u64 + 1)
        .max()
        .unwrap_or(0);
    let names: u64 = (corpus.docs.iter())
        .map(|doc| match &doc.source {
            Source::File { rel, .. } => 3 * rel.len() as u64 + longest_input + FILE_OVERHEAD,
            Source::Record { .. } => 0,
        })
        .sum();
    let documents = corpus.docs.len() as u64;
    let needed = BASE_MEMORY + documents * (records + DOC_OVERHEAD) + names + held;
    let share = budget.saturating_sub(needed) / TABLE_SHARES;
    if share < MIN_TABLE_MEMORY {
        progress.notice(&format!(
            "--max-memory {} is less than these {documents} documents need: about {} ({} and {} bytes a document); the index's tables are kept at their smallest, and the run takes more",
            human_bytes(budget),
            human_bytes(needed + TABLE_SHARES * MIN_TABLE_MEMORY),
            human_bytes(BASE_MEMORY),
            records + DOC_OVERHEAD + names / documents.max(1),
        ));
    }
    usize::try_from(share.max(MIN_TABLE_MEMORY)).unwrap_or(usize::MAX)
}

/// Bytes of text a span fingerprint stands for, about (12 to 15 on the
/// bench corpora).
const TEXT_BYTES_PER_PRINT: u64 = 13;
/// Bytes of input per byte of the repeat filter: its two Bloom filters get
/// about seven bits a fingerprint, where 4 % of those said once are let
/// through.
const BYTES_PER_FILTER_BYTE: u64 = 16;
/// How much more text than its own size a compressed file is counted as.
const COMPRESSED_TEXT_RATIO: u64 = 4;
/// How many times, over the marks expected, pass 1 weighs whether the
/// repeat filter pays ([`index::RepeatMarks::weighed_every`]).
const REPEAT_FILTER_WEIGHINGS: u64 = 8;

/// Bytes of the table that marks the span fingerprints said more than once
/// ([`index::repeat_filter`]), from the size of the listed inputs, within
/// `--max-memory` as a share of the index's tables, and about how many
/// fingerprints it will be asked to mark; none when spans are not matched.
fn repeat_filter_size(settings: &Settings, files: &[Listed]) -> (u64, u64) {
    if !settings.duplicates.spans {
        return (0, 0);
    }
    let text: u64 = (files.iter())
        .map(|file| match file.compression {
            Compression::None => file.bytes,
            _ => file.bytes.saturating_mul(COMPRESSED_TEXT_RATIO),
        })
        .sum();
    let bytes = text / BYTES_PER_FILTER_BYTE;
    let bytes = match settings.max_memory {
        Some(budget) => bytes.min(budget / TABLE_SHARES / 2),
        None => bytes,
    };
    (bytes, text / TEXT_BYTES_PER_PRINT)
}

/// Build the index from what pass 1 kept of every document. Each table
/// that grows with the corpus holds `budget` bytes at a time
/// ([`table_memory`]); past it, its partitions go to files in `spill`.
fn build_index(
    corpus: &Corpus,
    pass1: &Pass1Docs,
    settings: &Settings,
    state: &State,
    repeats: Option<RepeatFilter>,
    spill: &Path,
    budget: usize,
) -> Result<Index> {
    let duplicate_of = if settings.duplicates.documents {
        let hash = |doc: &Pass1| doc.as_ref().ok()?.summary.content_hash;
        index::exact_duplicates((0..pass1.len()).map(|i| hash(&pass1[i])))
    } else {
        vec![None; pass1.len()]
    };
    let counted: Vec<bool> = (pass1.iter().zip(&duplicate_of))
        .map(|(doc, dup)| doc.is_ok() && dup.is_none())
        .collect();
    let sketch_at = |i: usize| match &pass1[i] {
        Ok(doc) => (doc.at.sketch(), doc.summary.shape()),
        Err(_) => unreachable!("only readable documents are read back"),
    };
    let groups = index::group_tables(
        &corpus.docs,
        corpus.groups.len(),
        &counted,
        |i| {
            let (at, shape) = sketch_at(i);
            state.sketch_head(at, shape)
        },
        &settings.boilerplate,
        budget,
        spill,
    )?;
    // From the same boilerplate verdicts: the lines and span fingerprints
    // that may be first copies, and the MinHash signature of the content.
    // The sketches are read back from the state a piece of documents at a
    // time, and the lines' and fingerprints' entries filed as they are made.
    let dup = &settings.duplicates;
    let counted_docs = || (0..pass1.len()).filter(|&i| counted[i]);
    let summary = |i: usize| match &pass1[i] {
        Ok(doc) => doc.summary,
        Err(_) => unreachable!("only readable documents are counted"),
    };
    // Fingerprints the repeat filter turns away file no entry: at most every
    // fingerprint but those, of every document, are filed. When the filter
    // would not pay (a corpus whose pages mostly repeat each other; pass 1
    // may have dropped it already), every fingerprint is filed unasked.
    let counted_prints: usize = counted_docs().map(|i| summary(i).prints as usize).sum();
    let all_prints: u64 = (pass1.iter().flatten())
        .map(|doc| u64::from(doc.summary.prints))
        .sum();
    let turned_away = repeats.as_ref().map_or(0, |r| r.turned_away(all_prints));
    let repeats = repeats.filter(|_| index::repeat_filter::pays(all_prints, turned_away));
    let expected = match &repeats {
        Some(_) => {
            let let_through = all_prints.saturating_sub(turned_away);
            counted_prints.min(usize::try_from(let_through).unwrap_or(usize::MAX))
        }
        None => counted_prints,
    };
    let entry_share = |prints: usize| match counted_prints {
        0 => 0,
        all => (prints as u128 * expected as u128 / all as u128) as usize,
    };
    let entries = index::EntryWriter::new(if dup.spans { expected } else { 0 }, budget, spill)?;
    let expected_lines = counted_docs().map(|i| summary(i).lines as usize).sum();
    let line_pairs = index::PairWriter::new(expected_lines, budget, spill, "lines")?;
    let candidates_of = |i: usize,
                         entries: &mut index::PieceEntries,
                         lines: &mut Vec<(u64, index::Occurrence)>|
     -> Result<Candidates> {
        if !counted[i] {
            return Ok(Candidates::default());
        }
        let id = DocId(i as u32);
        let prints = summary(i).prints;
        let fingerprints = (dup.spans || dup.near_documents) && prints > 0;
        let (at, shape) = sketch_at(i);
        let sketch = if fingerprints {
            state.sketch(at)?
        } else {
            state.sketch_head(at, shape)?
        };
        let table = &groups[corpus.docs[i].group.index()];
        let verdicts = decide::boilerplate(&sketch, table, settings);
        lines.extend(
            decide::duplicate_candidates(&sketch, &verdicts, settings)
                .into_iter()
                .map(|(key, line)| (key, index::Occurrence { doc: id, line })),
        );
        let mut signature = None;
        if fingerprints {
            let span_runs = decide::span_candidates(&sketch, &verdicts);
            if dup.spans {
                entries.extend(id, &sketch, &span_runs, repeats.as_ref());
            }
            signature = dup
                .near_documents
                .then(|| {
                    let anchor = |print: usize| sketch.spans[print].is_anchor();
                    Signature::of_runs(&sketch.span_hashes, anchor, &span_runs)
                })
                .flatten();
        }
        let content_weight = (sketch.lines.iter().zip(&verdicts))
            .filter(|(_, verdict)| verdict.is_none())
            .map(|(line, _)| u64::from(line.weight))
            .sum();
        Ok(Candidates {
            signature,
            content_weight,
        })
    };
    let docs = pass1.len();
    let pieces = docs.div_ceil(INDEX_PIECE);
    let piece_docs = |piece: usize| piece * INDEX_PIECE..((piece + 1) * INDEX_PIECE).min(docs);
    // A piece's signatures and their band keys go to a file as soon as it
    // is done.
    let signature_file = dup
        .near_documents
        .then(|| index::SignatureFile::create(spill, docs))
        .transpose()?;
    let per_piece: Vec<Vec<u64>> = (0..pieces)
        .into_par_iter()
        .map(|piece| -> Result<Vec<u64>> {
            let piece_prints = (piece_docs(piece).filter(|&i| dup.spans && counted[i]))
                .map(|i| summary(i).prints as usize)
                .sum();
            let mut piece_entries = entries.piece(entry_share(piece_prints));
            let mut piece_lines = Vec::new();
            let found = piece_docs(piece)
                .map(|i| candidates_of(i, &mut piece_entries, &mut piece_lines))
                .collect::<Result<Vec<_>>>()?;
            entries.push(piece, piece_entries);
            line_pairs.push(piece_lines);
            let (signatures, weights): (Vec<Option<Signature>>, Vec<u64>) = (found.into_iter())
                .map(|c| (c.signature, c.content_weight))
                .unzip();
            if let Some(file) = &signature_file {
                file.put(piece * INDEX_PIECE, &signatures)?;
            }
            Ok(weights)
        })
        .collect::<Result<_>>()?;
    drop(repeats);
    let content_weights: Vec<u64> = per_piece.concat();
    let near_duplicate_of = match &signature_file {
        Some(file) => index::near_duplicates(
            |band| file.band(band),
            |docs| file.read(docs),
            &content_weights,
            dup.near_threshold,
            dup.keep,
        )?,
        None => vec![None; docs],
    };
    drop((content_weights, signature_file));
    let near_new_lines = near_duplicate_new_lines(
        corpus,
        &near_duplicate_of,
        &groups,
        settings,
        |i| {
            let (at, shape) = sketch_at(i);
            state.sketch_head(at, shape)
        },
        |i| state.sketch(sketch_at(i).0),
    )?;
    let mut index = Index {
        duplicate_of,
        near_duplicate_of,
        near_new_lines,
        groups,
        line_repeats: Default::default(),
        sentence_repeats: Default::default(),
        span_matches: Default::default(),
    };
    // A document dropped whole is nobody's first copy.
    let near_duplicate_of = &index.near_duplicate_of;
    let whole_copy = |doc: usize| near_duplicate_of[doc].is_some();
    let near_new_lines = &index.near_new_lines;
    index.line_repeats = line_pairs
        .finish(|&line| whole_copy(line.doc.index()) && !near_new_lines.contains(line))?;
    // Sentences and the lines around them, from the line verdicts of the
    // finished line index: built while the span entries are matched (the
    // two read different tables), each filling the cores the other leaves
    // idle between its steps.
    let sentence_index = || -> Result<index::Repeats<index::SentenceAt>> {
        let expected_sentences = counted_docs()
            .filter(|&i| !index.is_whole_copy(DocId(i as u32)))
            .map(|i| (summary(i).sentences + summary(i).lines) as usize)
            .sum();
        let sentence_pairs =
            index::PairWriter::new(expected_sentences, budget, spill, "sentences")?;
        (0..pieces)
            .into_par_iter()
            .try_for_each(|piece| -> Result<()> {
                let mut pairs = Vec::new();
                for i in piece_docs(piece) {
                    let doc = DocId(i as u32);
                    if !counted[i] || index.is_whole_copy(doc) {
                        continue;
                    }
                    let (at, shape) = sketch_at(i);
                    let sketch = state.sketch_without_spans(at, shape)?;
                    let table = &index.groups[corpus.docs[i].group.index()];
                    let verdicts =
                        decide::lines_before_sentences(doc, table, &sketch, &index, settings);
                    pairs.extend(
                        decide::sentence_candidates(&sketch, &verdicts, settings)
                            .into_iter()
                            .map(|(key, line, ordinal)| {
                                (key, index::SentenceAt { doc, line, ordinal })
                            }),
                    );
                }
                sentence_pairs.push(pairs);
                Ok(())
            })?;
        sentence_pairs.finish(|_| false)
    };
    let (span_matches, sentence_repeats) = rayon::join(
        || entries.finish(|doc| whole_copy(doc as usize)),
        sentence_index,
    );
    index.span_matches = span_matches?;
    index.sentence_repeats = sentence_repeats?;
    Ok(index)
}

/// The lines of near-duplicate documents that the documents kept in their
/// stead lack, each copy weighed against its kept document's sketch: the
/// heads first, and the whole sketches only where a line of the copy's
/// body is not a line of the kept document.
fn near_duplicate_new_lines(
    corpus: &Corpus,
    near_duplicate_of: &[Option<index::NearDuplicate>],
    groups: &[index::GroupTable],
    settings: &Settings,
    head_of: impl Fn(usize) -> Result<DocSketch> + Sync,
    sketch_of: impl Fn(usize) -> Result<DocSketch> + Sync,
) -> Result<index::Places> {
    use decide::rules::near_duplicate::{may_hold_new_lines, new_lines};
    let min_weight = settings.boilerplate.anchor_min_weight;
    let copies: Vec<(usize, usize)> = (near_duplicate_of.iter().enumerate())
        .filter_map(|(i, of)| Some((i, of.as_ref()?.kept.index())))
        .collect();
    let found = (copies.par_iter())
        .map(|&(copy, kept)| -> Result<Vec<index::Occurrence>> {
            let copy_head = head_of(copy)?;
            let table = &groups[corpus.docs[copy].group.index()];
            let verdicts = decide::boilerplate(&copy_head, table, settings);
            if !may_hold_new_lines(&head_of(kept)?, &copy_head, &verdicts, min_weight) {
                return Ok(Vec::new());
            }
            let (copy_sketch, kept_sketch) = (sketch_of(copy)?, sketch_of(kept)?);
            let doc = DocId(copy as u32);
            Ok(new_lines(&kept_sketch, &copy_sketch, &verdicts, min_weight)
                .into_iter()
                .map(|line| index::Occurrence { doc, line })
                .collect())
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(index::Places::new(found.concat()))
}

/// What every document of pass 2 reads.
struct Pass2<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    state: &'a State,
    settings: &'a Settings,
    directories: &'a write::Directories,
}

/// Clean one document: its report and, when it goes out as a JSON Lines
/// record, its line. A text file's output is written here.
fn clean_doc(
    doc: &DocRef,
    pass1: Pass1,
    line: Option<Line>,
    span_matches: &[index::SpanMatch],
    context: &Pass2,
    folder: &mut KeyFolder,
) -> Result<(DocResult, Option<Vec<u8>>)> {
    let Pass2 {
        corpus,
        index,
        state,
        settings,
        directories,
    } = *context;
    // A text file's output, written here.
    let file_output = match &doc.source {
        Source::File {
            rel, compression, ..
        } if !settings.dry_run && !settings.writes_stdout() => {
            Some((settings.output.join(&**rel), *compression))
        }
        _ => None,
    };
    let kept = match pass1 {
        Ok(kept) => kept,
        Err(issue) => {
            if let Some((output_path, _)) = &file_output {
                write::remove_stale(output_path)?;
            }
            let result = DocResult {
                doc: doc.id,
                status: DocStatus::Skipped(issue),
                decoding: None,
                bytes_in: 0,
                canonical: String::new(),
                removals: Vec::new(),
                bytes_out: 0,
                id: None,
                line_templates: Vec::new(),
            };
            return Ok((result, None));
        }
    };
    // Only span matching reads a sketch's span fingerprints, and not
    // their hashes: the matches name them.
    let part = if span_matches.is_empty() {
        Part::WithoutSpans
    } else {
        Part::WithoutHashes {
            prints: kept.summary.prints,
        }
    };
    let (kept_text, sketch) = state.document(kept.at, part, kept.summary.shape())?;
    let (canonical, fields) = match (kept_text, &doc.source) {
        (Kept::Text { text, frame }, _) => (text, frame),
        (
            Kept::AtSource { raw_hash, patch },
            Source::Record {
                container,
                line: number,
            },
        ) => {
            let path = reread::container_path(corpus, *container);
            reread::record_again(path, *number, line, raw_hash, &patch, settings)?
        }
        (Kept::AtSource { .. }, Source::File { .. }) => {
            unreachable!("only records are read again")
        }
    };
    let lines = segment::lines(&canonical);
    let table = &index.groups[doc.group.index()];
    let mut own = decide::OwnText::new(&canonical, &lines, folder);
    let mut verdicts = decide::decide(
        doc.id,
        table,
        &sketch,
        &mut own,
        index,
        span_matches,
        settings,
    );
    decide::pieces(
        doc.id,
        &canonical,
        &lines,
        &sketch,
        settings,
        &mut verdicts,
        folder,
    );
    let line_templates = sketch.lines.iter().map(|line| line.template).collect();
    drop(sketch);
    let cleaned = removal::apply(&canonical, &lines, &verdicts);
    let has_text = cleaned.text.chars().any(|c| !c.is_whitespace());
    if let Some((output_path, compression)) = &file_output {
        if has_text {
            if let Some(dir) = output_path.parent() {
                directories.ensure(dir)?;
            }
            if *compression == Compression::None {
                write::write_atomic_in(output_path, cleaned.text.as_bytes())?;
            } else {
                let packed = compression
                    .compress(cleaned.text.as_bytes().to_vec())
                    .map_err(|e| Error::io("could not compress", output_path, e))?;
                write::write_atomic_in(output_path, &packed)?;
            }
        } else {
            write::remove_stale(output_path)?;
        }
    }
    let record = kept.record;
    let line = if has_text && !settings.dry_run && (settings.writes_stdout() || record.is_some()) {
        let name = corpus.name(doc.id);
        let frame = match &record {
            Some(rest) => Frame {
                fields,
                head: rest.head,
            },
            None => Frame::for_document(&settings.walk.records, &name),
        };
        let meta = RecordMeta::of(&name, &canonical, &cleaned.removals);
        Some(frame.render(&cleaned.text, &settings.walk.records.meta, &meta))
    } else {
        None
    };
    let result = DocResult {
        doc: doc.id,
        status: if has_text {
            DocStatus::Cleaned
        } else {
            DocStatus::Dropped
        },
        decoding: Some(kept.decoding),
        bytes_in: kept.bytes_in,
        bytes_out: if has_text {
            cleaned.text.len() as u64
        } else {
            0
        },
        canonical,
        removals: cleaned.removals,
        id: record.and_then(|r| r.id),
        line_templates,
    };
    Ok((result, line))
}

/// What a cleaned record carries under the metadata key.
#[derive(serde::Serialize)]
struct RecordMeta<'a> {
    /// The document's name in the report.
    doc: &'a str,
    bytes_canonical: usize,
    /// Bytes removed, per rule.
    removed: std::collections::BTreeMap<&'static str, usize>,
}

impl<'a> RecordMeta<'a> {
    fn of(doc: &'a str, canonical: &str, removals: &[removal::Removal]) -> Self {
        let mut removed = std::collections::BTreeMap::new();
        for removal in removals {
            *removed.entry(removal.reason.rule().as_str()).or_default() += removal.span.len();
        }
        RecordMeta {
            doc,
            bytes_canonical: canonical.len(),
            removed,
        }
    }
}

/// The settings as the report records them: what changes the result, without
/// paths and thread counts, so equal runs on other machines hash equal.
fn settings_for_report(settings: &Settings) -> serde_json::Value {
    let mut value = serde_json::to_value(settings).expect("settings serialize to JSON");
    if let Some(map) = value.as_object_mut() {
        for key in [
            "inputs",
            "output",
            "report",
            "threads",
            "dry_run",
            "index_memory",
            "max_memory",
            "keep_state",
            "keep_input_cache",
        ] {
            map.remove(key);
        }
    }
    value
}

/// Refuse an output or report directory that overlaps an input.
fn check_paths(settings: &Settings) -> Result<()> {
    for input in settings.inputs.iter().filter(|i| i.as_os_str() != "-") {
        let input_abs = std::fs::canonicalize(input).map_err(|_| Error::InputMissing {
            path: input.clone(),
        })?;
        let output = (!settings.writes_stdout()).then_some(&settings.output);
        for target in output.into_iter().chain([&settings.report]) {
            let target_abs = absolute(target);
            if input_abs.is_dir() && target_abs.starts_with(&input_abs) {
                return Err(Error::OutputInsideInput {
                    output: target.clone(),
                    input: input.clone(),
                });
            }
            if input_abs.starts_with(&target_abs) {
                return Err(Error::InputInsideOutput {
                    output: target.clone(),
                    input: input.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The absolute form of a path that may not exist yet: its deepest existing
/// ancestor resolved (symbolic links included), the rest appended.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(resolved, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode;
    use crate::settings::NormalForm;
    use proptest::prelude::*;

    /// A pass-1 result that names its document.
    fn named(doc: usize) -> Pass1 {
        Err(DocIssue::Malformed {
            message: doc.to_string(),
        })
    }

    fn name(pass1: &Pass1) -> String {
        match pass1 {
            Err(DocIssue::Malformed { message }) => message.clone(),
            _ => unreachable!("every document is named"),
        }
    }

    #[test]
    fn pass1_docs_are_found_by_id_across_parts() {
        let mut pass1 = Pass1Docs::default();
        pass1.push(named(0));
        pass1.push(named(1));
        pass1.push_part(vec![named(2), named(3), named(4)]);
        pass1.push_part(Vec::new());
        pass1.push(named(5));
        pass1.push_part(vec![named(6)]);
        pass1.push(named(7));
        pass1.push(named(8));
        assert_eq!(pass1.len(), 9);
        for doc in 0..9 {
            assert_eq!(name(&pass1[doc]), doc.to_string());
        }
        let in_order: Vec<String> = pass1.iter().map(name).collect();
        let owned: Vec<String> = pass1.into_iter().map(|doc| name(&doc)).collect();
        let expected: Vec<String> = (0..9).map(|doc| doc.to_string()).collect();
        assert_eq!(in_order, expected);
        assert_eq!(owned, expected);
    }

    /// Lines that documents share, so that every rule has something to do.
    const SHARED: [&str; 4] = [
        "首页 | 新闻 | 关于我们",
        "A paragraph that several documents carry word for word, long enough to be a duplicate block.",
        "一、主要工作",
        "Copyright 2024 Example Site",
    ];

    fn document() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            4 => (0..SHARED.len()).prop_map(|i| SHARED[i].as_bytes().to_vec()),
            3 => "\\PC{0,80}".prop_map(String::into_bytes),
            1 => proptest::collection::vec(any::<u8>(), 0..60),
        ];
        proptest::collection::vec(line, 0..12).prop_map(|lines| {
            let mut bytes = Vec::new();
            for line in lines {
                bytes.extend_from_slice(&line);
                bytes.push(b'\n');
            }
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// On any bytes: no panic, and every document's output plus its
        /// removed spans gives back its canonical text.
        #[test]
        fn any_corpus_is_cleaned_without_loss(docs in proptest::collection::vec(document(), 1..8)) {
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("in");
            for (i, bytes) in docs.iter().enumerate() {
                let path = input.join(format!("g{}/d{i}.txt", i % 2));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            let mut settings = Settings::new(vec![input.clone()], dir.path().join("out"));
            settings.boilerplate.min_docs = 2;
            settings.threads = 2;
            let summary = clean(&settings, &Silent).unwrap();
            prop_assert_eq!(summary.bytes.canonical, summary.bytes.output + summary.bytes.removed);

            let provenance = std::fs::read_to_string(settings.report.join(crate::report::PROVENANCE_FILE)).unwrap();
            let records: Vec<serde_json::Value> = provenance.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            for (i, bytes) in docs.iter().enumerate() {
                let rel = format!("g{}/d{i}.txt", i % 2);
                let Ok(decoded) = decode(bytes.clone(), None) else { continue };
                let canonical = canonicalize(&decoded.text, NormalForm::Nfkc);
                let cleaned = std::fs::read_to_string(settings.output.join(&rel)).unwrap_or_default();
                let pieces: Vec<(crate::segment::Span, &str)> = records
                    .iter()
                    .filter(|r| r["doc"] == rel.as_str())
                    .map(|r| {
                        let start = r["bytes"][0].as_u64().unwrap() as usize;
                        let text = r["text"].as_str().unwrap();
                        (crate::segment::Span { start, end: start + text.len() }, text)
                    })
                    .collect();
                prop_assert_eq!(removal::reconstruct(&cleaned, &pieces), canonical, "{}", rel);
            }
        }
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Notices(Mutex<Vec<String>>);

    impl Progress for Notices {
        fn notice(&self, message: &str) {
            self.0.lock().unwrap().push(message.to_string());
        }
    }

    fn records(count: u64) -> Corpus {
        let mut builder = CorpusBuilder::new(Vec::new());
        builder.container("a.jsonl".into(), Input::Stdin, Compression::None, 0);
        for line in 1..=count {
            builder.record(line, "", 0);
        }
        builder.finish()
    }

    #[test]
    fn the_tables_share_what_the_documents_leave_of_the_budget() {
        let corpus = records(1000);
        let mut settings = Settings::new(vec![], "out".into());
        let quiet = Notices::default();
        assert_eq!(
            table_memory(&settings, &corpus, 0, &quiet),
            settings.index_memory as usize
        );
        let per_doc =
            (std::mem::size_of::<Pass1>() + std::mem::size_of::<DocRef>()) as u64 + DOC_OVERHEAD;
        let needed = BASE_MEMORY + 1000 * per_doc;
        settings.max_memory = Some(needed + (40 << 20));
        assert_eq!(
            table_memory(&settings, &corpus, 0, &quiet),
            (10 << 20) as usize
        );
        // What the repeat filter holds is taken first.
        assert_eq!(
            table_memory(&settings, &corpus, 8 << 20, &quiet),
            (8 << 20) as usize
        );
        assert!(quiet.0.lock().unwrap().is_empty());
        // A budget the documents alone outgrow: the smallest tables, and a
        // notice that says what the corpus needs.
        settings.max_memory = Some(needed / 2);
        let told = Notices::default();
        assert_eq!(
            table_memory(&settings, &corpus, 0, &told),
            MIN_TABLE_MEMORY as usize
        );
        let notices = told.0.lock().unwrap();
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("1000 documents"), "{}", notices[0]);
    }
}
