//! Runs the two passes of a cleaning job.
//!
//! ```text
//! pass 1 (parallel)   read → decode → canonicalize → segment → sketch
//!                       canonical text → spill file
//! between             index: duplicate documents, group counts, first copies
//! pass 2 (parallel)   spilled text + sketch → decide → removals
//!                       → write cleaned file
//! in document order   report records
//! ```
//!
//! Document ids are fixed before any parallel work, every parallel stage is
//! a pure function of a document and the index, and pass 2 hands its results
//! to the report in id order, chunk by chunk: the output is the same whatever
//! the number of threads. Pass 2 reads no input file again: the sketches stay
//! in memory (each is dropped once its document is written) and the canonical
//! texts come back from the [`spill`](crate::spill).

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::corpus::read::read_bytes;
use crate::corpus::walk::walk;
use crate::corpus::{Corpus, DocId, DocIssue, DocRef};
use crate::decide::{self, removal};
use crate::decode::{decode_in_group, encoding_for_label, is_hintable, Detection};
use crate::error::{Error, Result};
use crate::fingerprint::minhash::Signature;
use crate::fingerprint::{sketch, DocSketch};
use crate::index::{self, Index};
use crate::normalize::{canonicalize, key::KeyFolder};
use crate::report::summary::Summary;
use crate::report::{self, Decoding, DocResult, DocStatus, RenderedDoc, ReportWriter};
use crate::segment;
use crate::settings::Settings;
use crate::spill::{Spill, SpillRef, SpillWriter};
use crate::write;

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
    let forced = match &settings.encoding {
        Some(label) => Some(
            encoding_for_label(label).ok_or_else(|| Error::UnknownEncoding {
                label: label.clone(),
            })?,
        ),
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| Error::ThreadPool {
            threads: settings.threads,
            reason: e.to_string(),
        })?;
    pool.install(|| {
        progress.start(Stage::Walk, 0, 0);
        let corpus = walk(&settings.inputs, &settings.walk, settings.group_by)?;
        progress.finish(Stage::Walk);
        run(&corpus, settings, forced, progress)
    })
}

fn run(
    corpus: &Corpus,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    progress: &dyn Progress,
) -> Result<Summary> {
    if !settings.dry_run {
        write::sweep_temporaries(&settings.output);
    }
    write::sweep_temporaries(&settings.report);

    // Pass 1.
    progress.start(Stage::Scan, corpus.docs.len() as u64, corpus.total_bytes());
    let spill = SpillWriter::create(&settings.report)?;
    let scanned = scan_corpus(corpus, settings, forced, &spill, progress);
    let spill = spill.finish()?;
    progress.finish(Stage::Scan);

    let mut inputs_hash = Xxh3::new();
    for (doc, scanned) in corpus.docs.iter().zip(&scanned) {
        inputs_hash.update(doc.rel.as_bytes());
        inputs_hash.update(&[0]);
        inputs_hash.update(&scanned.raw_hash.to_le_bytes());
    }

    // Between the passes.
    progress.start(Stage::Index, corpus.docs.len() as u64, 0);
    let mut pass1: Vec<Pass1> = scanned.into_iter().map(|s| s.doc).collect();
    let index = build_index(corpus, &pass1, settings);
    drop_matched_prints(&mut pass1, &index);
    progress.finish(Stage::Index);

    // Pass 2.
    let mut report = ReportWriter::create(&settings.report)?;
    report.walk_issues(&corpus.issues)?;
    report.groups(corpus, &index.groups)?;
    progress.start(Stage::Clean, corpus.docs.len() as u64, corpus.total_bytes());
    let directories = write::Directories::default();
    // The report of one chunk is written while the next chunk is cleaned;
    // records still reach it in document order.
    let context = Pass2 {
        index: &index,
        spill: &spill,
        settings,
        directories: &directories,
    };
    let clean_chunk = |chunk: &[DocRef],
                       pass1: Vec<Pass1>,
                       matches: &index::ChunkMatches|
     -> Vec<Result<RenderedDoc>> {
        chunk
            .par_iter()
            .zip(pass1)
            .map_init(KeyFolder::default, |folder, (doc, pass1)| {
                let result = clean_doc(doc, pass1, matches.of(doc.id), &context, folder);
                progress.advance(1, doc.bytes);
                Ok(report::render(corpus, result?, folder, &settings.pack))
            })
            .collect()
    };
    let mut cleaned: Vec<Result<RenderedDoc>> = Vec::new();
    // Each document's sketch is dropped once its chunk is cleaned; the span
    // matches are gathered a chunk at a time.
    let mut pass1 = pass1.into_iter();
    let mut match_cursor = index.span_matches.cursor();
    // Document ids are positions in `corpus.docs`: chunk k holds these.
    let docs = corpus.docs.len();
    let doc_range = |k: usize| (k * CHUNK).min(docs)..((k + 1) * CHUNK).min(docs);
    let mut matches = match_cursor.chunk(doc_range(0));
    for (k, chunk) in corpus.docs.chunks(CHUNK).enumerate() {
        let done = std::mem::take(&mut cleaned);
        let chunk_pass1 = pass1.by_ref().take(chunk.len()).collect();
        // The next chunk's matches are gathered beside this chunk's
        // cleaning, with the report of the last one.
        let next_docs = doc_range(k + 1);
        let ((recorded, next_matches), next) = rayon::join(
            || (record_all(&mut report, done), match_cursor.chunk(next_docs)),
            || clean_chunk(chunk, chunk_pass1, &matches),
        );
        recorded?;
        cleaned = next;
        matches = next_matches;
    }
    record_all(&mut report, cleaned)?;
    let summary = report.finish(inputs_hash.digest(), settings_for_report(settings));
    progress.finish(Stage::Clean);
    summary
}

fn record_all(report: &mut ReportWriter, rendered: Vec<Result<RenderedDoc>>) -> Result<()> {
    for doc in rendered {
        report.record(&doc?)?;
    }
    Ok(())
}

/// What pass 1 keeps of a document.
struct Scanned {
    doc: Pass1,
    raw_hash: u64,
}

/// What pass 2 needs of a readable document.
struct Pass1Doc {
    sketch: DocSketch,
    decoding: Decoding,
    bytes_in: u64,
    text: SpillRef,
}

/// What pass 2 knows of a document from pass 1, or why it could not be read.
type Pass1 = Result<Pass1Doc, DocIssue>;

/// A document read, decoded and canonicalized.
struct Loaded {
    canonical: String,
    decoding: Decoding,
    bytes_in: u64,
    raw_hash: u64,
}

/// Read, decode (trying the group's encoding first) and canonicalize.
fn load(
    doc: &DocRef,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    group_hint: Option<&'static Encoding>,
) -> Result<Loaded, DocIssue> {
    let bytes = read_bytes(doc, settings.walk.max_file_bytes)?;
    let bytes_in = bytes.len() as u64;
    let raw_hash = xxh3_64(&bytes);
    let decoded = decode_in_group(bytes, forced, group_hint)?;
    Ok(Loaded {
        canonical: canonicalize(&decoded.text, settings.normal_form),
        decoding: Decoding {
            encoding: decoded.encoding,
            detection: decoded.detection,
            malformed: decoded.malformed,
        },
        bytes_in,
        raw_hash,
    })
}

/// Documents of a group that are detected on their own before the group's
/// encoding is taken as a hint for the rest.
const ENCODING_SAMPLE: usize = 8;

/// Pass 1 over every document, in two phases: the first documents of each
/// group, then the rest with the multi-byte encoding those agreed on as a
/// hint. Both phases are parallel; the hint depends only on which documents
/// come first, so the result does not depend on scheduling.
fn scan_corpus(
    corpus: &Corpus,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    spill: &SpillWriter,
    progress: &dyn Progress,
) -> Vec<Scanned> {
    let mut seen_in_group = vec![0usize; corpus.groups.len()];
    let (sample, rest): (Vec<&DocRef>, Vec<&DocRef>) = corpus.docs.iter().partition(|doc| {
        let seen = &mut seen_in_group[doc.group.index()];
        *seen += 1;
        *seen <= ENCODING_SAMPLE
    });
    let scan_all =
        |docs: &[&DocRef], hints: &[Option<&'static Encoding>]| -> Vec<(DocId, Scanned)> {
            docs.par_iter()
                .map_init(
                    || KeyFolder::new(settings.duplicates.fold_script),
                    |folder, doc| {
                        let hint = hints.get(doc.group.index()).copied().flatten();
                        let scanned = scan(doc, settings, forced, hint, spill, folder);
                        progress.advance(1, doc.bytes);
                        (doc.id, scanned)
                    },
                )
                .collect()
        };
    let first = scan_all(&sample, &[]);
    let hints = group_encodings(corpus, &first);
    let second = scan_all(&rest, &hints);

    let mut scanned: Vec<Option<Scanned>> = (0..corpus.docs.len()).map(|_| None).collect();
    for (id, s) in first.into_iter().chain(second) {
        scanned[id.index()] = Some(s);
    }
    scanned
        .into_iter()
        .map(|s| s.expect("every document is scanned in one of the two phases"))
        .collect()
}

/// Per group, the encoding that most of the legacy-encoded documents of its
/// sample were detected as (at least two, more than half of them), if the
/// bytes of other documents can confirm it ([`is_hintable`]). Every hinted
/// document is still checked on its own bytes, so a wrong majority costs
/// only time.
fn group_encodings(corpus: &Corpus, sample: &[(DocId, Scanned)]) -> Vec<Option<&'static Encoding>> {
    let mut votes: Vec<Vec<(&'static Encoding, usize)>> = vec![Vec::new(); corpus.groups.len()];
    for (id, scanned) in sample {
        let Ok(Pass1Doc { decoding, .. }) = &scanned.doc else {
            continue;
        };
        if decoding.detection != Detection::Detected {
            continue;
        }
        let Some(encoding) = Encoding::for_label(decoding.encoding.as_bytes()) else {
            continue;
        };
        let group = &mut votes[corpus.docs[id.index()].group.index()];
        match group.iter_mut().find(|(e, _)| *e == encoding) {
            Some((_, count)) => *count += 1,
            None => group.push((encoding, 1)),
        }
    }
    votes
        .into_iter()
        .map(|group| {
            let total: usize = group.iter().map(|(_, n)| n).sum();
            let (encoding, count) = group.into_iter().max_by_key(|&(e, n)| (n, e.name()))?;
            (count >= 2 && count * 2 > total && is_hintable(encoding)).then_some(encoding)
        })
        .collect()
}

fn scan(
    doc: &DocRef,
    settings: &Settings,
    forced: Option<&'static Encoding>,
    group_hint: Option<&'static Encoding>,
    spill: &SpillWriter,
    folder: &mut KeyFolder,
) -> Scanned {
    let bp = &settings.boilerplate;
    let patterns = bp
        .patterns
        .then(|| settings.pack.matcher(bp.anchor_min_weight));
    match load(doc, settings, forced, group_hint) {
        Ok(loaded) => Scanned {
            doc: Ok(Pass1Doc {
                sketch: sketch(
                    &loaded.canonical,
                    &segment::lines(&loaded.canonical),
                    folder,
                    patterns.as_ref(),
                ),
                decoding: loaded.decoding,
                bytes_in: loaded.bytes_in,
                text: spill.put(&loaded.canonical),
            }),
            raw_hash: loaded.raw_hash,
        },
        Err(issue) => Scanned {
            doc: Err(issue),
            raw_hash: 0,
        },
    }
}

/// What the index takes of one document, from its boilerplate verdicts.
#[derive(Default)]
struct Candidates {
    /// Lines that may be first copies of their text.
    lines: Vec<(u64, index::Occurrence)>,
    /// Runs of span fingerprints outside boilerplate lines.
    span_runs: Vec<std::ops::Range<u32>>,
    signature: Option<Signature>,
    /// Weight of the lines outside boilerplate (`--keep longest`).
    content_weight: u64,
}

/// Build the index from what pass 1 kept of every document.
fn build_index(corpus: &Corpus, pass1: &[Pass1], settings: &Settings) -> Index {
    let sketches: Vec<Option<&DocSketch>> = pass1
        .iter()
        .map(|doc| doc.as_ref().ok().map(|doc| &doc.sketch))
        .collect();
    let duplicate_of = if settings.duplicates.documents {
        index::exact_duplicates(&sketches)
    } else {
        vec![None; sketches.len()]
    };
    let groups = index::group_tables(
        &corpus.docs,
        corpus.groups.len(),
        &sketches,
        &duplicate_of,
        &settings.boilerplate,
    );
    // From the same boilerplate verdicts: the lines and span fingerprints
    // that may be first copies, and the MinHash signature of the content.
    let candidates: Vec<Candidates> = (0..sketches.len())
        .into_par_iter()
        .map(|i| match &sketches[i] {
            Some(sketch) if duplicate_of[i].is_none() => {
                let doc = DocId(i as u32);
                let table = &groups[corpus.docs[i].group.index()];
                let verdicts = decide::boilerplate(sketch, table, settings);
                let lines = decide::duplicate_candidates(sketch, &verdicts, settings)
                    .into_iter()
                    .map(|(key, line)| (key, index::Occurrence { doc, line }))
                    .collect();
                let dup = &settings.duplicates;
                let span_runs = if dup.spans || dup.near_documents {
                    decide::span_candidates(sketch, &verdicts)
                } else {
                    Vec::new()
                };
                let shingles = span_runs.iter().cloned().flatten().filter_map(|print| {
                    let print = print as usize;
                    (!sketch.spans[print].is_anchor()).then(|| sketch.span_hashes[print])
                });
                let signature = dup
                    .near_documents
                    .then(|| Signature::of(shingles))
                    .flatten();
                let content_weight = (sketch.lines.iter().zip(&verdicts))
                    .filter(|(_, verdict)| verdict.is_none())
                    .map(|(line, _)| u64::from(line.weight))
                    .sum();
                Candidates {
                    lines,
                    span_runs,
                    signature,
                    content_weight,
                }
            }
            _ => Candidates::default(),
        })
        .collect();
    let mut line_entries = Vec::with_capacity(candidates.len());
    let mut span_runs = Vec::with_capacity(candidates.len());
    let mut signatures = Vec::with_capacity(candidates.len());
    let mut content_weights = Vec::with_capacity(candidates.len());
    for c in candidates {
        line_entries.push(c.lines);
        span_runs.push(c.span_runs);
        signatures.push(c.signature);
        content_weights.push(c.content_weight);
    }
    let dup = &settings.duplicates;
    let near_duplicate_of = if dup.near_documents {
        index::near_duplicates(&signatures, &content_weights, dup.near_threshold, dup.keep)
    } else {
        vec![None; sketches.len()]
    };
    drop(signatures);
    // A document dropped whole is nobody's first copy.
    for (entries, near) in line_entries.iter_mut().zip(&near_duplicate_of) {
        if near.is_some() {
            *entries = Vec::new();
        }
    }
    let first_kept = index::ShardedMap::least_per_key(&line_entries);
    drop(line_entries);
    let span_sources: Vec<Option<index::SpanSource>> = sketches
        .iter()
        .zip(span_runs)
        .zip(&near_duplicate_of)
        .map(|((sketch, eligible), near)| {
            let sketch = (*sketch).filter(|_| dup.spans && near.is_none())?;
            Some(index::SpanSource { sketch, eligible })
        })
        .collect();
    let budget = usize::try_from(settings.index_memory).unwrap_or(usize::MAX);
    let span_matches = index::SpanMatches::find(&span_sources, budget);
    drop(span_sources);
    let mut index = Index {
        duplicate_of,
        near_duplicate_of,
        groups,
        first_kept,
        first_sentence: Default::default(),
        span_matches,
    };
    index.first_sentence = index::first_places(sketches.len(), |doc: DocId| {
        let i = doc.index();
        match &sketches[i] {
            Some(sketch) if !index.is_whole_copy(doc) => {
                let table = &index.groups[corpus.docs[i].group.index()];
                let verdicts = decide::lines_before_sentences(doc, table, sketch, &index, settings);
                decide::sentence_candidates(sketch, &verdicts, settings)
                    .into_iter()
                    .map(|(key, line, ordinal)| (key, index::SentenceAt { doc, line, ordinal }))
                    .collect()
            }
            _ => Vec::new(),
        }
    });
    index
}

/// Pass 2 reads where span fingerprints stand only in documents that have
/// matches, and never their hashes: free what it will not read.
fn drop_matched_prints(pass1: &mut [Pass1], index: &Index) {
    pass1.par_iter_mut().enumerate().for_each(|(i, doc)| {
        if let Ok(doc) = doc {
            doc.sketch.drop_span_hashes();
            if !index.span_matches.has_matches(DocId(i as u32)) {
                doc.sketch.spans = Vec::new();
            }
        }
    });
}

/// What every document of pass 2 reads.
struct Pass2<'a> {
    index: &'a Index,
    spill: &'a Spill,
    settings: &'a Settings,
    directories: &'a write::Directories,
}

fn clean_doc(
    doc: &DocRef,
    pass1: Pass1,
    span_matches: &[index::SpanMatch],
    context: &Pass2,
    folder: &mut KeyFolder,
) -> Result<DocResult> {
    let Pass2 {
        index,
        spill,
        settings,
        directories,
    } = *context;
    let output_path = settings.output.join(&doc.rel);
    let kept = match pass1 {
        Ok(kept) => kept,
        Err(issue) => {
            if !settings.dry_run {
                write::remove_stale(&output_path)?;
            }
            return Ok(DocResult {
                doc: doc.id,
                status: DocStatus::Skipped(issue),
                decoding: None,
                bytes_in: 0,
                canonical: String::new(),
                removals: Vec::new(),
                bytes_out: 0,
            });
        }
    };
    let canonical = spill.get(kept.text)?;
    let lines = segment::lines(&canonical);
    let table = &index.groups[doc.group.index()];
    let mut verdicts = decide::decide(doc.id, table, &kept.sketch, index, span_matches, settings);
    decide::pieces(
        &canonical,
        &lines,
        &kept.sketch,
        settings,
        &mut verdicts,
        folder,
    );
    drop(kept.sketch);
    let cleaned = removal::apply(&canonical, &lines, &verdicts);
    let has_text = cleaned.text.chars().any(|c| !c.is_whitespace());
    if !settings.dry_run {
        if has_text {
            if let Some(dir) = output_path.parent() {
                directories.ensure(dir)?;
            }
            write::write_atomic_in(&output_path, cleaned.text.as_bytes())?;
        } else {
            write::remove_stale(&output_path)?;
        }
    }
    Ok(DocResult {
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
    })
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
        ] {
            map.remove(key);
        }
    }
    value
}

/// Refuse an output or report directory that overlaps an input.
fn check_paths(settings: &Settings) -> Result<()> {
    for input in &settings.inputs {
        let input_abs = std::fs::canonicalize(input).map_err(|_| Error::InputMissing {
            path: input.clone(),
        })?;
        for target in [&settings.output, &settings.report] {
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
