//! A cleaning job cut into stages that run apart, each on its own machine
//! if need be, and whose result is the same as one `gleaner clean`.
//!
//! ```text
//! fingerprint K/N   pass 1 over shard K of the listing
//!                     → WORK/fingerprint-K/  state (canonical texts,
//!                       records' fields, sketches) and listing.bin
//! merge             the index over every shard's sketches
//!                     → WORK/index/  index.bin (the corpus, whole-document
//!                       duplicates, group tables), part-K.bin (shard K's
//!                       line and sentence repeats), matches-K (its span
//!                       matches)
//! apply K/N         pass 2 over shard K: fingerprint-K + index.bin +
//!                     part-K.bin + matches-K → its outputs, and
//!                     WORK/report-K/ (its report lines and totals)
//! report            index.bin + every report-K → the report
//! ```
//!
//! Every stage walks or reads only what its line names, writes only its
//! own files (a finished stage's last file appears by rename, so a killed
//! stage is run again), and holds nothing between runs: the stages are
//! what a job array or a distributed engine runs on many machines. Shard K
//! is a run of consecutive files of the sorted listing, cut so that the
//! shards hold about as many bytes; document ids are the same as in one
//! run over every shard, so "first occurrence" means the same thing. Every
//! stage is given the same inputs and options; the files of each stage
//! carry hashes of the listing and of the settings, and a stage refuses
//! files made from another listing or with other settings.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::*;
use crate::index::{NearDuplicate, Occurrence, Places, Repeats, SentenceAt, SpanMatches};

/// The layout version of the files the stages exchange.
const FORMAT: u32 = 8;

/// The stages of a sharded job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardStage {
    /// Pass 1 over one shard.
    Fingerprint,
    /// The index over every shard.
    Merge,
    /// Pass 2 over one shard.
    Apply,
    /// The report of the whole job from the shards' parts.
    Report,
}

impl ShardStage {
    /// The stage's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ShardStage::Fingerprint => "fingerprint",
            ShardStage::Merge => "merge",
            ShardStage::Apply => "apply",
            ShardStage::Report => "report",
        }
    }
}

/// Which stage to run, on which shard, with which work directory.
#[derive(Debug, Clone)]
pub struct ShardJob {
    pub stage: ShardStage,
    /// The shard of a per-shard stage (fingerprint, apply).
    pub shard: usize,
    /// How many shards the job has.
    pub shards: usize,
    /// Where the stages leave their files for each other.
    pub work: PathBuf,
}

/// What a stage did, for the command line to print.
#[derive(Debug, Default)]
pub struct StageDone {
    /// Documents the stage went through.
    pub documents: u64,
    /// Bytes of input those documents held.
    pub bytes: u64,
    /// Bytes of the files the stage wrote into the work directory.
    pub written: u64,
    /// Documents taken from the state a killed fingerprint stage left.
    pub resumed: u64,
    /// The summary of the whole job (the report stage).
    pub summary: Option<Summary>,
}

/// Run one stage of a sharded job.
pub fn run_stage(
    settings: &Settings,
    job: &ShardJob,
    progress: &dyn Progress,
) -> Result<StageDone> {
    if job.shards == 0 || job.shard >= job.shards {
        return Err(shard_error(format!(
            "shard {} of {} does not exist: shards are numbered 0 to N-1",
            job.shard, job.shards
        )));
    }
    if settings.inputs.iter().any(|i| i.as_os_str() == "-") {
        return Err(shard_error(
            "standard input cannot be cut into shards: give files or directories".to_string(),
        ));
    }
    check_paths(settings)?;
    check_work(settings, &job.work)?;
    thread_pool(settings)?.install(|| match job.stage {
        ShardStage::Fingerprint => fingerprint(settings, job, progress),
        ShardStage::Merge => merge(settings, job, progress),
        ShardStage::Apply => apply(settings, job, progress),
        ShardStage::Report => report_stage(settings, job, progress),
    })
}

fn shard_error(message: String) -> Error {
    Error::Shard { message }
}

/// Refuse a work directory inside an input, where the next walk would read
/// it as input.
fn check_work(settings: &Settings, work: &Path) -> Result<()> {
    let work_abs = absolute(work);
    for input in &settings.inputs {
        let input_abs = std::fs::canonicalize(input).map_err(|_| Error::InputMissing {
            path: input.clone(),
        })?;
        if input_abs.is_dir() && work_abs.starts_with(&input_abs) {
            return Err(Error::OutputInsideInput {
                output: work.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    Ok(())
}

fn fingerprint_dir(work: &Path, shard: usize) -> PathBuf {
    work.join(format!("fingerprint-{shard}"))
}

fn index_dir(work: &Path) -> PathBuf {
    work.join("index")
}

fn part_report_dir(work: &Path, shard: usize) -> PathBuf {
    work.join(format!("report-{shard}"))
}

const LISTING_FILE: &str = "listing.bin";
const INDEX_FILE: &str = "index.bin";

fn index_part_file(work: &Path, shard: usize) -> PathBuf {
    index_dir(work).join(format!("part-{shard}.bin"))
}

fn matches_file(work: &Path, shard: usize) -> PathBuf {
    index_dir(work).join(format!("matches-{shard}"))
}

/// The shards of a listing: runs of consecutive files holding about as
/// many bytes each (a file goes to the shard its middle byte falls in).
pub fn shard_bounds(files: &[Listed], shards: usize) -> Vec<Range<usize>> {
    let total: u64 = files.iter().map(|f| f.bytes).sum();
    let mut before = 0u64;
    let shard_of: Vec<usize> = (files.iter().enumerate())
        .map(|(i, file)| {
            let shard = if total == 0 {
                i * shards / files.len().max(1)
            } else {
                let middle = u128::from(before) + u128::from(file.bytes) / 2;
                (middle * shards as u128 / u128::from(total)) as usize
            };
            before += file.bytes;
            shard.min(shards - 1)
        })
        .collect();
    (0..shards)
        .map(|k| {
            let start = shard_of.partition_point(|&s| s < k);
            let end = shard_of.partition_point(|&s| s <= k);
            start..end
        })
        .collect()
}

/// A hash of the listing every stage must agree on: each file's path,
/// size, kind and group, and the paths that could not be walked.
fn listing_hash(listing: &Listing) -> u64 {
    let mut hash = Xxh3::new();
    for file in &listing.files {
        hash.update(file.rel.as_bytes());
        hash.update(&[0]);
        hash.update(&file.bytes.to_le_bytes());
        hash.update(&[file.kind as u8]);
        hash.update(file.group.as_bytes());
        hash.update(&[0]);
    }
    for issue in &listing.issues {
        hash.update(issue.path.as_bytes());
        hash.update(&[0]);
    }
    hash.digest()
}

/// Hash of every setting that changes what a run writes.
fn settings_hash(settings: &Settings) -> u64 {
    xxh3_64(settings_for_report(settings).to_string().as_bytes())
}

/// What the fingerprint stage of a shard leaves for the others, beside its
/// state.
#[derive(Serialize, Deserialize)]
struct ShardListing {
    format: u32,
    shard: usize,
    shards: usize,
    listing: u64,
    pass1: u64,
    /// The paths the walk could not read (the same for every shard).
    issues: Vec<WalkIssue>,
    /// The shard's files, with where the state keeps each document.
    files: Vec<(Listed, FileEntry)>,
}

/// A scanned file as the state keeps it.
#[derive(Serialize, Deserialize)]
enum FileEntry {
    Text(DocEntry),
    Container {
        compression: Compression,
        records: Vec<RecordEntry>,
        issue: Option<DocIssue>,
    },
}

/// A document: the hash of its bytes, and its key in the state with the
/// summary of its sketch (so that it is not read to be summed up again),
/// or why it could not be read.
#[derive(Serialize, Deserialize)]
struct DocEntry {
    raw_hash: u64,
    stored: Result<(u64, SketchSummary), DocIssue>,
}

#[derive(Serialize, Deserialize)]
struct RecordEntry {
    line: u64,
    bytes: u64,
    doc: DocEntry,
}

impl DocEntry {
    fn of(doc: &Pass1, origin: Origin) -> Self {
        DocEntry {
            raw_hash: origin.raw_hash,
            stored: match doc {
                Ok(doc) => Ok((origin.key, doc.summary)),
                Err(issue) => Err(issue.clone()),
            },
        }
    }

    /// The document as pass 1 left it, read back from `state`.
    fn restore(
        self,
        state: &StateWriter,
        record: bool,
        name: &str,
    ) -> Result<(Scanned, Option<String>)> {
        let (key, summary) = match self.stored {
            Ok(stored) => stored,
            Err(issue) => {
                let mut scanned = Scanned::issue(issue);
                scanned.origin.raw_hash = self.raw_hash;
                return Ok((scanned, None));
            }
        };
        let found = state.stored(key, record);
        let (doc, group) = found.and_then(|stored| pass1_doc(stored, summary)).ok_or_else(|| {
            shard_error(format!(
                "the fingerprint state has no readable copy of {name}: run the fingerprint stage of its shard again"
            ))
        })?;
        let scanned = Scanned {
            doc: Ok(doc),
            origin: Origin {
                raw_hash: self.raw_hash,
                key,
                resumed: false,
            },
        };
        Ok((scanned, group))
    }
}

impl FileEntry {
    fn of(scan: &FileScan) -> Self {
        match scan {
            FileScan::Text(scanned) => FileEntry::Text(DocEntry::of(&scanned.doc, scanned.origin)),
            FileScan::Container(container) => FileEntry::Container {
                compression: container.compression,
                records: (container.records.iter().zip(&container.docs))
                    .map(|(record, doc)| RecordEntry {
                        line: record.line,
                        bytes: record.bytes,
                        doc: DocEntry::of(doc, record.origin),
                    })
                    .collect(),
                issue: container.issue.clone(),
            },
        }
    }

    /// Documents the file holds.
    fn documents(&self) -> usize {
        match self {
            FileEntry::Text(_) => 1,
            FileEntry::Container { records, .. } => records.len(),
        }
    }

    fn restore(self, state: &StateWriter, rel: &str) -> Result<FileScan> {
        match self {
            FileEntry::Text(doc) => Ok(FileScan::Text(doc.restore(state, false, rel)?.0)),
            FileEntry::Container {
                compression,
                records,
                issue,
            } => {
                let records = (records.into_par_iter())
                    .map(|record| {
                        let name = format!("{rel}#{}", record.line);
                        let (scanned, group) = record.doc.restore(state, true, &name)?;
                        let record = ScannedRecord {
                            line: record.line,
                            group,
                            bytes: record.bytes,
                            origin: scanned.origin,
                        };
                        Ok((record, scanned.doc))
                    })
                    .collect::<Result<Vec<_>>>()?;
                let (records, docs) = records.into_iter().unzip();
                Ok(FileScan::Container(ContainerScan {
                    compression,
                    records,
                    docs,
                    issue,
                }))
            }
        }
    }
}

/// The files of a shard listing with what pass 1 made of each, read back
/// from `state`.
fn restore_files(
    files: Vec<(Listed, FileEntry)>,
    state: &StateWriter,
) -> Result<(Vec<Listed>, Vec<FileScan>)> {
    let restored = (files.into_par_iter())
        .map(|(listed, entry)| {
            let scan = entry.restore(state, &listed.rel)?;
            Ok((listed, scan))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(restored.into_iter().unzip())
}

/// Write `value` to `path` atomically; returns the bytes written.
fn write_file(path: &Path, value: &impl Serialize) -> Result<u64> {
    let bytes = postcard::to_stdvec(value).map_err(|e| {
        Error::io(
            "could not encode",
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })?;
    write::write_atomic(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// Read what [`write_file`] wrote; `missing` says which stage makes it.
fn read_file<T: DeserializeOwned>(path: &Path, missing: impl FnOnce() -> String) -> Result<T> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(shard_error(format!(
                "{} is missing: {}",
                path.display(),
                missing()
            )))
        }
        Err(e) => return Err(Error::io("could not read", path, e)),
    };
    postcard::from_bytes(&bytes).map_err(|e| {
        shard_error(format!(
            "{} cannot be read ({e}): it was made by another version of gleaner, or damaged; run the stage that makes it again",
            path.display()
        ))
    })
}

/// Check that a file of another stage was made for this job.
fn check_same(what: &str, path: &Path, found: u64, expected: u64) -> Result<()> {
    if found == expected {
        return Ok(());
    }
    Err(shard_error(format!(
        "{} was made with another {what}: give every stage the same inputs and options, and run the stages after a change again",
        path.display()
    )))
}

/// Pass 1 over the files of one shard.
fn fingerprint(settings: &Settings, job: &ShardJob, progress: &dyn Progress) -> Result<StageDone> {
    let forced = forced_encoding(settings)?;
    progress.start(Stage::Walk, 0, 0);
    let listing = walk(&settings.inputs, &settings.walk, settings.group_by)?;
    progress.finish(Stage::Walk);
    let listing_id = listing_hash(&listing);
    let part = shard_bounds(&listing.files, job.shards)[job.shard].clone();
    let dir = fingerprint_dir(&job.work, job.shard);
    write::sweep_temporaries(&dir);
    let bytes: u64 = listing.files[part.clone()].iter().map(|f| f.bytes).sum();
    progress.start(Stage::Scan, part.len() as u64, bytes);
    let pass1 = pass1_settings_hash(settings);
    // The state is kept: it is what this stage hands on. A killed run of
    // the stage takes what it finished from there.
    let state = StateWriter::open(&dir, pass1, true)?;
    let scans = scan_files(
        &listing.files,
        part.clone(),
        settings,
        forced,
        &state,
        progress,
    );
    state.finish()?;
    progress.finish(Stage::Scan);
    let mut done = StageDone {
        bytes,
        ..StageDone::default()
    };
    let files: Vec<(Listed, FileEntry)> = (listing.files[part].iter().cloned())
        .zip(&scans)
        .map(|(listed, scan)| (listed, FileEntry::of(scan)))
        .collect();
    for (_, scan) in files.iter().zip(&scans) {
        let resumed = |origin: Origin| u64::from(origin.resumed);
        done.resumed += match scan {
            FileScan::Text(s) => resumed(s.origin),
            FileScan::Container(c) => c.records.iter().map(|r| resumed(r.origin)).sum(),
        };
    }
    done.documents = files.iter().map(|(_, f)| f.documents() as u64).sum();
    let manifest = ShardListing {
        format: FORMAT,
        shard: job.shard,
        shards: job.shards,
        listing: listing_id,
        pass1,
        issues: listing.issues,
        files,
    };
    write_file(&dir.join(LISTING_FILE), &manifest)?;
    done.written = dir_bytes(&dir);
    Ok(done)
}

/// Bytes of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// The index of the whole job, as the merge stage writes it: what every
/// shard's pass 2 and the report need of the corpus.
#[derive(Serialize, Deserialize)]
struct IndexFile {
    format: u32,
    shards: usize,
    listing: u64,
    settings: u64,
    inputs_hash: u64,
    corpus: Corpus,
    /// Per shard: its documents and its containers.
    docs: Vec<Range<usize>>,
    containers: Vec<Range<usize>>,
    duplicate_of: Vec<Option<DocId>>,
    near_duplicate_of: Vec<Option<NearDuplicate>>,
    groups: Vec<index::GroupTable>,
}

/// What pass 2 of one shard looks up besides the [`IndexFile`].
#[derive(Serialize, Deserialize)]
struct IndexPart {
    format: u32,
    shard: usize,
    settings: u64,
    near_new_lines: Places,
    line_repeats: Repeats<Occurrence>,
    sentence_repeats: Repeats<SentenceAt>,
    /// Span matches in the matches file.
    matches: usize,
}

/// The shard listings of every fingerprint stage, checked against each
/// other and against this stage's settings.
fn read_listings(settings: &Settings, job: &ShardJob) -> Result<Vec<ShardListing>> {
    let pass1 = pass1_settings_hash(settings);
    let listings: Vec<ShardListing> = (0..job.shards)
        .map(|k| {
            let path = fingerprint_dir(&job.work, k).join(LISTING_FILE);
            let listing: ShardListing = read_file(&path, || {
                format!("run `gleaner shard fingerprint --shard {k}/{}` first", job.shards)
            })?;
            if listing.format != FORMAT || listing.shard != k || listing.shards != job.shards {
                return Err(shard_error(format!(
                    "{} is shard {}/{} of a job, not {k}/{}: give every stage the same --shards and --work",
                    path.display(),
                    listing.shard,
                    listing.shards,
                    job.shards
                )));
            }
            check_same("set of pass-1 options", &path, listing.pass1, pass1)?;
            Ok(listing)
        })
        .collect::<Result<_>>()?;
    for (k, listing) in listings.iter().enumerate() {
        let path = fingerprint_dir(&job.work, k).join(LISTING_FILE);
        check_same(
            "listing of the inputs",
            &path,
            listing.listing,
            listings[0].listing,
        )?;
    }
    Ok(listings)
}

/// The index over every shard's sketches.
fn merge(settings: &Settings, job: &ShardJob, progress: &dyn Progress) -> Result<StageDone> {
    let listings = read_listings(settings, job)?;
    let dirs: Vec<PathBuf> = (0..job.shards)
        .map(|k| fingerprint_dir(&job.work, k))
        .collect();
    let state = StateWriter::open_finished(&dirs, pass1_settings_hash(settings))?;
    let listing_id = listings[0].listing;
    let mut docs = Vec::with_capacity(job.shards);
    let mut containers = Vec::with_capacity(job.shards);
    let (mut doc_count, mut container_count) = (0, 0);
    for listing in &listings {
        let shard_docs: usize = listing.files.iter().map(|(_, f)| f.documents()).sum();
        let shard_containers = (listing.files.iter())
            .filter(|(_, f)| matches!(f, FileEntry::Container { .. }))
            .count();
        docs.push(doc_count..doc_count + shard_docs);
        containers.push(container_count..container_count + shard_containers);
        doc_count += shard_docs;
        container_count += shard_containers;
    }
    progress.start(Stage::Index, doc_count as u64, 0);
    let mut issues = None;
    let (mut files, mut scans) = (Vec::new(), Vec::new());
    for listing in listings {
        issues.get_or_insert(listing.issues);
        let (shard_files, shard_scans) = restore_files(listing.files, &state)?;
        files.extend(shard_files);
        scans.extend(shard_scans);
    }
    let Assembled {
        corpus,
        pass1,
        inputs_hash,
        ..
    } = assemble(issues.unwrap_or_default(), files, scans);
    let (state, _) = state.finish()?;
    let bytes = corpus.total_bytes();
    let out = index_dir(&job.work);
    std::fs::create_dir_all(&out).map_err(|e| Error::io("could not create directory", &out, e))?;
    write::sweep_temporaries(&out);
    let tables = table_memory(settings, &corpus, 0, progress);
    let index = build_index(&corpus, &pass1, settings, &state, None, &out, tables)?;
    drop(pass1);
    let settings_id = settings_hash(settings);
    let Index {
        duplicate_of,
        near_duplicate_of,
        near_new_lines,
        groups,
        line_repeats,
        sentence_repeats,
        span_matches,
    } = index;
    let match_counts = span_matches.write_parts(&docs, |k| matches_file(&job.work, k))?;
    let mut written = 0;
    for (k, shard_docs) in docs.iter().enumerate() {
        let part = IndexPart {
            format: FORMAT,
            shard: k,
            settings: settings_id,
            near_new_lines: near_new_lines.part(shard_docs.clone()),
            line_repeats: line_repeats.part(shard_docs.clone()),
            sentence_repeats: sentence_repeats.part(shard_docs.clone()),
            matches: match_counts[k],
        };
        written += write_file(&index_part_file(&job.work, k), &part)?;
    }
    drop(span_matches);
    let index_file = IndexFile {
        format: FORMAT,
        shards: job.shards,
        listing: listing_id,
        settings: settings_id,
        inputs_hash,
        corpus,
        docs,
        containers,
        duplicate_of,
        near_duplicate_of,
        groups,
    };
    written += write_file(&out.join(INDEX_FILE), &index_file)?;
    written += (0..job.shards)
        .filter_map(|k| std::fs::metadata(matches_file(&job.work, k)).ok())
        .map(|m| m.len())
        .sum::<u64>();
    progress.finish(Stage::Index);
    Ok(StageDone {
        documents: doc_count as u64,
        bytes,
        written,
        ..StageDone::default()
    })
}

/// The index file, checked against this stage's settings and shards.
fn read_index(settings: &Settings, job: &ShardJob) -> Result<IndexFile> {
    let path = index_dir(&job.work).join(INDEX_FILE);
    let index: IndexFile = read_file(&path, || {
        "run `gleaner shard merge` once every fingerprint stage has finished".to_string()
    })?;
    if index.format != FORMAT || index.shards != job.shards {
        return Err(shard_error(format!(
            "{} is the index of a job of {} shards, not {}: give every stage the same --shards and --work",
            path.display(),
            index.shards,
            job.shards
        )));
    }
    check_same(
        "set of options",
        &path,
        index.settings,
        settings_hash(settings),
    )?;
    Ok(index)
}

/// Pass 2 over the documents of one shard.
fn apply(settings: &Settings, job: &ShardJob, progress: &dyn Progress) -> Result<StageDone> {
    let k = job.shard;
    let head = read_index(settings, job)?;
    let part_path = index_part_file(&job.work, k);
    let part: IndexPart = read_file(&part_path, || "run `gleaner shard merge` again".to_string())?;
    if part.format != FORMAT || part.shard != k {
        return Err(shard_error(format!(
            "{} is not the index part of shard {k}: run `gleaner shard merge` again",
            part_path.display()
        )));
    }
    check_same("set of options", &part_path, part.settings, head.settings)?;
    let fingerprints = fingerprint_dir(&job.work, k);
    let listing_path = fingerprints.join(LISTING_FILE);
    let listing: ShardListing = read_file(&listing_path, || {
        format!(
            "run `gleaner shard fingerprint --shard {k}/{}` first",
            job.shards
        )
    })?;
    check_same(
        "listing of the inputs",
        &listing_path,
        listing.listing,
        head.listing,
    )?;
    let state = StateWriter::open_finished(&[fingerprints], pass1_settings_hash(settings))?;
    let (files, scans) = restore_files(listing.files, &state)?;
    let Assembled {
        corpus: shard_corpus,
        pass1,
        ..
    } = assemble(Vec::new(), files, scans);
    let (state, _) = state.finish()?;
    let IndexFile {
        corpus,
        docs,
        containers,
        duplicate_of,
        near_duplicate_of,
        groups,
        ..
    } = head;
    let doc_range = docs[k].clone();
    let names_agree = shard_corpus.docs.len() == doc_range.len()
        && (shard_corpus.docs.iter())
            .zip(&corpus.docs[doc_range.clone()])
            .all(|(ours, theirs)| shard_corpus.name(ours.id) == corpus.name(theirs.id));
    if !names_agree {
        return Err(shard_error(format!(
            "the documents of {} are not those the index holds for shard {k}: run its fingerprint stage and the merge again",
            listing_path.display()
        )));
    }
    let index = Index {
        duplicate_of,
        near_duplicate_of,
        near_new_lines: part.near_new_lines,
        groups,
        line_repeats: part.line_repeats,
        sentence_repeats: part.sentence_repeats,
        span_matches: SpanMatches::from_part(matches_file(&job.work, k), part.matches),
    };
    let report_dir = part_report_dir(&job.work, k);
    let mut report = ReportWriter::create(&report_dir)?;
    let bytes: u64 = corpus.docs[doc_range.clone()].iter().map(|d| d.bytes).sum();
    progress.start(Stage::Clean, doc_range.len() as u64, bytes);
    let records = record_writer(settings, &corpus, containers[k].clone());
    let context = Pass2 {
        corpus: &corpus,
        index: &index,
        state: &state,
        settings,
        directories: &write::Directories::default(),
    };
    clean_docs(
        &context,
        doc_range.clone(),
        pass1,
        &mut report,
        records,
        progress,
    )?;
    report.finish_part()?;
    progress.finish(Stage::Clean);
    Ok(StageDone {
        documents: doc_range.len() as u64,
        bytes,
        written: dir_bytes(&report_dir),
        ..StageDone::default()
    })
}

/// The report of the whole job, from the index and every shard's part.
fn report_stage(settings: &Settings, job: &ShardJob, progress: &dyn Progress) -> Result<StageDone> {
    let head = read_index(settings, job)?;
    let parts: Vec<PathBuf> = (0..job.shards)
        .map(|k| part_report_dir(&job.work, k))
        .collect();
    for (k, part) in parts.iter().enumerate() {
        if !part.join(report::PART_FILE).is_file() {
            return Err(shard_error(format!(
                "{} holds no finished report part: run `gleaner shard apply --shard {k}/{}` first",
                part.display(),
                job.shards
            )));
        }
    }
    progress.start(Stage::Clean, head.corpus.docs.len() as u64, 0);
    if !settings.dry_run && !settings.writes_stdout() {
        // Every apply stage is over: what a killed one left can go.
        write::sweep_temporaries(&settings.output);
    }
    write::sweep_temporaries(&settings.report);
    let mut report = ReportWriter::create(&settings.report)?;
    report.walk_issues(&head.corpus.issues)?;
    report.groups(&head.corpus, &head.groups)?;
    for part in &parts {
        report.add_part(part)?;
    }
    let summary = report.finish(head.inputs_hash, settings_for_report(settings))?;
    progress.finish(Stage::Clean);
    Ok(StageDone {
        documents: summary.documents.total,
        bytes: summary.bytes.input,
        summary: Some(summary),
        ..StageDone::default()
    })
}
