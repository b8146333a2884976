//! Proves that a run lost nothing: reads the inputs again, decodes and
//! canonicalizes each document as the report says it was, and checks that
//! the cleaned output plus the removed spans of `provenance.jsonl` give
//! back the canonical text byte for byte.
//!
//! What is checked, per document of `documents.jsonl`:
//! - every file the walk finds under the input is listed, and every listed
//!   cleaned or dropped document is found;
//! - the canonical text has the recorded length and malformed count;
//! - the removed spans are in order, do not overlap, fall on character
//!   boundaries, and hold exactly the text the record says;
//! - a cleaned document's output is its canonical text less those spans; a
//!   dropped document has no output and nothing but whitespace outside
//!   them; a skipped document has no output;
//!
//! and the output directory holds no file that no document accounts for.
//! A record of a JSON Lines container is checked the same way against its
//! record in the container's output, whose other fields must equal the
//! input record's; every line of a container must be listed, and its output
//! must hold no record that no cleaned document accounts for. One container
//! is held in memory at a time.
//! Documents are checked in parallel, chunk by chunk in document order, so
//! the first mismatch named is the first in that order whatever the thread
//! count.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::corpus::jsonl::{self, Batch, Line, LineReader, RecordFields};
use crate::corpus::read::read_bytes;
use crate::corpus::walk::{walk, Kind, Listed};
use crate::corpus::Input;
use crate::decode::{decode_as, encoding_for_label, Detection};
use crate::error::{Error, Result};
use crate::normalize::canonicalize;
use crate::report::read::{self, DocumentEntry, JsonLines, OutputRecord, RemovedSpan};
use crate::report::summary::SCHEMA_VERSION;
use crate::report::{DOCUMENTS_FILE, PROVENANCE_FILE, SUMMARY_FILE};
use crate::settings::{GroupBy, NormalForm, WalkSettings};

/// What a successful verification covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verified {
    pub documents: u64,
    pub cleaned: u64,
    pub dropped: u64,
    pub skipped: u64,
    /// Removed spans checked.
    pub spans: u64,
    /// Bytes of canonical text rebuilt.
    pub canonical_bytes: u64,
}

/// The first place where the output and the report do not add up to the
/// input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The document (path relative to the input), or the output file.
    pub path: String,
    pub what: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.what)
    }
}

/// The settings of the run that verification must repeat.
#[derive(Deserialize)]
struct RunSettings {
    normal_form: NormalForm,
    walk: WalkSettings,
    group_by: GroupBy,
}

#[derive(Deserialize)]
struct SummaryHead {
    schema: u32,
    settings: RunSettings,
}

/// Documents checked at a time.
const CHUNK: usize = 512;

/// Verify the run that cleaned `input` into `output` with its report in
/// `report`. `Err` means the check could not be made (a report file is
/// missing or malformed); `Ok(Err(mismatch))` that it was made and failed.
pub fn verify(
    input: &Path,
    output: &Path,
    report: &Path,
) -> Result<std::result::Result<Verified, Mismatch>> {
    let summary_path = report.join(SUMMARY_FILE);
    let summary: SummaryHead = read::summary(report)?;
    if summary.schema != SCHEMA_VERSION {
        return Err(Error::report(
            &summary_path,
            0,
            format!(
                "report schema {} is not the schema {SCHEMA_VERSION} this gleaner reads",
                summary.schema
            ),
        ));
    }
    let settings = summary.settings;
    let listing = walk(&[input.to_path_buf()], &settings.walk, settings.group_by)?;
    let files: HashMap<&str, &Listed> = listing.files.iter().map(|f| (f.rel.as_str(), f)).collect();

    let documents_path = report.join(DOCUMENTS_FILE);
    let documents = read::all::<DocumentEntry>(&documents_path)?;
    let listed: HashSet<&str> = documents.iter().map(|d| d.doc.as_str()).collect();
    if let Some(file) = listing
        .files
        .iter()
        .find(|f| f.kind == Kind::Text && !listed.contains(f.rel.as_str()))
    {
        return Ok(Err(Mismatch {
            path: file.rel.clone(),
            what: format!(
                "found under {} but not in {DOCUMENTS_FILE}",
                input.display()
            ),
        }));
    }

    let provenance_path = report.join(PROVENANCE_FILE);
    let mut provenance = JsonLines::<RemovedSpan>::open(&provenance_path)?;
    let mut verified = Verified::default();
    let mut outputs: HashSet<PathBuf> = HashSet::new();
    let mut containers = Containers::default();
    for chunk in documents.chunks(CHUNK) {
        let mut work = Vec::with_capacity(chunk.len());
        for line in chunk {
            let mut spans = Vec::with_capacity(line.removals);
            for _ in 0..line.removals {
                match provenance.next_record()? {
                    Some(span) => spans.push(span),
                    None => {
                        return Ok(Err(Mismatch {
                            path: line.doc.clone(),
                            what: format!(
                                "{DOCUMENTS_FILE} counts {} removals, {PROVENANCE_FILE} ends before them",
                                line.removals
                            ),
                        }))
                    }
                }
            }
            let source = match files.get(line.doc.as_str()) {
                Some(file) if file.kind == Kind::Text => Found::File(file),
                // A container that could not be read to its end.
                Some(_) => Found::ContainerIssue,
                None => match locate_record(&line.doc, &files) {
                    Some((file, number)) => {
                        if let Err(mismatch) =
                            containers.enter(file, output, &settings.walk.records, &settings)
                        {
                            return Ok(Err(mismatch));
                        }
                        outputs.insert(output.join(&file.rel));
                        Found::Record(containers.take(number, &line.doc))
                    }
                    None => Found::Missing,
                },
            };
            work.push((line, source, spans));
        }
        let checked: Vec<std::result::Result<u64, Mismatch>> = work
            .par_iter()
            .map(|(line, source, spans)| {
                check_document(line, source, spans, output, &settings).map_err(|what| Mismatch {
                    path: line.doc.clone(),
                    what,
                })
            })
            .collect();
        for ((line, source, spans), result) in work.iter().zip(checked) {
            let canonical_bytes = match result {
                Ok(bytes) => bytes,
                Err(mismatch) => return Ok(Err(mismatch)),
            };
            verified.documents += 1;
            verified.spans += spans.len() as u64;
            verified.canonical_bytes += canonical_bytes;
            match line.status.as_str() {
                "cleaned" => {
                    verified.cleaned += 1;
                    if matches!(source, Found::File(_)) {
                        outputs.insert(output.join(&line.doc));
                    }
                }
                "dropped" => verified.dropped += 1,
                _ => verified.skipped += 1,
            }
        }
    }
    if let Err(mismatch) = containers.leave() {
        return Ok(Err(mismatch));
    }
    let unseen: Vec<&Listed> = (listing.files.iter())
        .filter(|f| f.kind == Kind::Records && !containers.seen.contains(&f.rel))
        .collect();
    for file in unseen {
        if let Err(mismatch) = containers.enter(file, output, &settings.walk.records, &settings) {
            return Ok(Err(mismatch));
        }
        if let Err(mismatch) = containers.leave() {
            return Ok(Err(mismatch));
        }
        outputs.insert(output.join(&file.rel));
    }
    if provenance.next_record()?.is_some() {
        return Ok(Err(Mismatch {
            path: provenance_path.display().to_string(),
            what: format!("holds records past the removals {DOCUMENTS_FILE} counts"),
        }));
    }
    if let Some(stray) = stray_output(output, report, &outputs) {
        return Ok(Err(Mismatch {
            path: stray.display().to_string(),
            what: "in the output, but no cleaned document accounts for it".to_string(),
        }));
    }
    Ok(Ok(verified))
}

/// Where a listed document is found in the input.
enum Found<'a> {
    File(&'a Listed),
    Record(RecordFound),
    /// The report's entry for a container it could not read to its end.
    ContainerIssue,
    Missing,
}

/// A record's input and output, as the container check found them.
struct RecordFound {
    /// Canonical text and other fields, or why the line is not a record.
    input: Option<std::result::Result<(String, JsonObject), String>>,
    output: Option<OutputRecord>,
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The container and line number a record's name gives, if that
/// container is listed.
fn locate_record<'a>(doc: &str, files: &HashMap<&str, &'a Listed>) -> Option<(&'a Listed, u64)> {
    let (container, number) = doc.rsplit_once('#')?;
    let file = files.get(container)?;
    let number = number.parse().ok()?;
    (file.kind == Kind::Records).then_some((*file, number))
}

/// The container being checked: its records read from the input and its
/// output, each taken out as its document is checked.
#[derive(Default)]
struct Containers {
    current: Option<String>,
    input: HashMap<u64, std::result::Result<(String, JsonObject), String>>,
    output: HashMap<String, OutputRecord>,
    seen: HashSet<String>,
}

impl Containers {
    /// Make `file` the current container, reading it if it is not.
    fn enter(
        &mut self,
        file: &Listed,
        output: &Path,
        fields: &RecordFields,
        settings: &RunSettings,
    ) -> std::result::Result<(), Mismatch> {
        if self.current.as_deref() == Some(file.rel.as_str()) {
            return Ok(());
        }
        self.leave()?;
        let mismatch = |what: String| Mismatch {
            path: file.rel.clone(),
            what,
        };
        let Input::Path(path) = &file.input else {
            return Err(mismatch("standard input cannot be read again".to_string()));
        };
        let reader = std::fs::File::open(path)
            .and_then(|f| file.compression.reader(std::io::BufReader::new(f)))
            .map_err(|e| mismatch(format!("could not read the input again: {e}")))?;
        let mut lines = LineReader::new(
            std::io::BufReader::new(reader),
            settings.walk.max_file_bytes,
        );
        let mut batches = Vec::new();
        loop {
            let (batch, error) = lines.batch(1 << 24);
            if batch.is_empty() && error.is_none() {
                break;
            }
            batches.push(batch);
            if error.is_some() {
                break;
            }
        }
        let raw: Vec<(u64, Line)> = batches.iter().flat_map(Batch::lines).collect();
        self.input = raw
            .into_par_iter()
            .filter_map(|(number, line)| {
                let parsed = match line {
                    Line::TooLong(n) => Err(format!("{n} bytes, too long")),
                    Line::Bytes(bytes) => {
                        let (text, _) = jsonl::line_text(bytes, number);
                        if text.trim().is_empty() {
                            return None;
                        }
                        jsonl::parse(&text, fields).map(|record| {
                            let canonical = canonicalize(&record.text, settings.normal_form);
                            (canonical, rest_of(&record.frame, fields))
                        })
                    }
                };
                Some((number, parsed))
            })
            .collect();
        let output_path = output.join(&file.rel);
        self.output = read::output_records(&output_path, fields)
            .map_err(|e| mismatch(format!("its output: {e}")))?;
        self.current = Some(file.rel.clone());
        self.seen.insert(file.rel.clone());
        Ok(())
    }

    /// The input and output of the record on line `number` named `doc`.
    fn take(&mut self, number: u64, doc: &str) -> RecordFound {
        RecordFound {
            input: self.input.remove(&number),
            output: self.output.remove(doc),
        }
    }

    /// Finish the current container: every record listed, every output
    /// record accounted for.
    fn leave(&mut self) -> std::result::Result<(), Mismatch> {
        let Some(rel) = self.current.take() else {
            return Ok(());
        };
        if let Some(number) = self.input.keys().min() {
            return Err(Mismatch {
                path: format!("{rel}#{number}"),
                what: format!("a line of the input that is not in {DOCUMENTS_FILE}"),
            });
        }
        if let Some(doc) = self.output.keys().min() {
            return Err(Mismatch {
                path: rel,
                what: format!(
                    "its output holds a record of {doc}, which is not a cleaned document"
                ),
            });
        }
        Ok(())
    }
}

/// A record's fields other than its text and gleaner's metadata.
fn rest_of(frame: &jsonl::Frame, fields: &RecordFields) -> JsonObject {
    let line = frame.render("", &fields.meta, &serde_json::Value::Null);
    let mut value: JsonObject =
        serde_json::from_slice(&line).expect("a rendered record is a JSON object");
    value.remove(&fields.text);
    value.remove(&fields.meta);
    value
}

/// Check one document; the canonical length on success, what is wrong
/// otherwise.
fn check_document(
    line: &DocumentEntry,
    source: &Found,
    spans: &[RemovedSpan],
    output: &Path,
    settings: &RunSettings,
) -> std::result::Result<u64, String> {
    match source {
        Found::ContainerIssue => Ok(0),
        Found::Missing if line.status == "skipped" => Ok(0),
        Found::Missing => Err(format!(
            "listed as {}, but not found in the input",
            line.status
        )),
        Found::File(file) => check_file(line, file, spans, output, settings),
        Found::Record(record) => check_record(line, record, spans),
    }
}

fn check_record(
    line: &DocumentEntry,
    record: &RecordFound,
    spans: &[RemovedSpan],
) -> std::result::Result<u64, String> {
    let input = match &record.input {
        None => return Err("no such record in the input".to_string()),
        Some(Err(why)) => {
            return match (line.status.as_str(), &record.output) {
                ("skipped", None) => Ok(0),
                ("skipped", Some(_)) => {
                    Err("skipped, but its container's output holds it".to_string())
                }
                _ => Err(format!(
                    "listed as {}, but the line is not a record: {why}",
                    line.status
                )),
            };
        }
        Some(Ok(input)) => input,
    };
    let (canonical, rest) = input;
    if line.status == "skipped" {
        return Err("a record, but listed as skipped".to_string());
    }
    if canonical.len() as u64 != line.bytes_canonical {
        return Err(format!(
            "canonical text is {} bytes, the report says {}",
            canonical.len(),
            line.bytes_canonical
        ));
    }
    if let Some(output) = &record.output {
        if &output.rest != rest {
            return Err("the output record's other fields differ from the input's".to_string());
        }
    }
    let written = record.output.as_ref().map(|r| r.text.as_bytes());
    check_spans(
        line,
        canonical,
        spans,
        written,
        "its record in its container's output",
    )
}

fn check_file(
    line: &DocumentEntry,
    file: &Listed,
    spans: &[RemovedSpan],
    output: &Path,
    settings: &RunSettings,
) -> std::result::Result<u64, String> {
    let output_path = output.join(&line.doc);
    let written = match std::fs::read(&output_path) {
        Ok(bytes) => Some(
            file.compression
                .decompress(bytes, u64::MAX)
                .map_err(|e| format!("could not read {}: {e}", output_path.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("could not read {}: {e}", output_path.display())),
    };
    if line.status == "skipped" {
        return match written {
            Some(_) => Err(format!(
                "skipped, but {} exists in the output",
                output_path.display()
            )),
            None => Ok(0),
        };
    }
    let label = line.encoding.as_deref().unwrap_or("utf-8");
    let encoding =
        encoding_for_label(label).ok_or_else(|| format!("unknown encoding {label:?}"))?;
    let Input::Path(path) = &file.input else {
        return Err("standard input cannot be read again".to_string());
    };
    // Verifying writes nothing that would take the input's pages over.
    let bytes = read_bytes(
        path,
        file.compression,
        file.bytes,
        settings.walk.max_file_bytes,
        true,
    )
    .map_err(|issue| format!("could not read the input again: {}", issue.message()))?;
    let decoded = decode_as(bytes, encoding, Detection::Forced);
    if decoded.malformed != line.malformed {
        return Err(format!(
            "decodes as {label} with {} malformed sequences, the report says {}",
            decoded.malformed, line.malformed
        ));
    }
    let canonical = canonicalize(&decoded.text, settings.normal_form);
    if canonical.len() as u64 != line.bytes_canonical {
        return Err(format!(
            "canonical text is {} bytes, the report says {}",
            canonical.len(),
            line.bytes_canonical
        ));
    }
    let place = output_path.display().to_string();
    check_spans(line, &canonical, spans, written.as_deref(), &place)
}

/// Check the removed spans of a document against its canonical text and
/// its output (`written`, found at `place`).
fn check_spans(
    line: &DocumentEntry,
    canonical: &str,
    spans: &[RemovedSpan],
    written: Option<&[u8]>,
    place: &str,
) -> std::result::Result<u64, String> {
    let mut kept = String::with_capacity(canonical.len());
    let mut at = 0;
    for span in spans {
        let [start, end] = span.bytes;
        if span.doc != line.doc {
            return Err(format!(
                "a removal of this document is recorded under {}",
                span.doc
            ));
        }
        if start < at || end < start || end > canonical.len() {
            return Err(format!(
                "removed span {start}..{end} is out of order or out of bounds"
            ));
        }
        let Some(removed) = canonical.get(start..end) else {
            return Err(format!("removed span {start}..{end} splits a character"));
        };
        if removed != span.text {
            return Err(format!(
                "removed span {start}..{end} does not hold the text the report gives"
            ));
        }
        kept.push_str(&canonical[at..start]);
        at = end;
    }
    kept.push_str(&canonical[at..]);
    match (line.status.as_str(), written) {
        ("cleaned", Some(written)) => match first_difference(kept.as_bytes(), written) {
            None => Ok(canonical.len() as u64),
            Some(offset) => Err(format!(
                "output differs from the canonical text less its removals at byte {offset} of the output (line {})",
                1 + written[..offset.min(written.len())].iter().filter(|&&b| b == b'\n').count()
            )),
        },
        ("cleaned", None) => Err(format!("cleaned, but {place} is missing")),
        ("dropped", None) if kept.trim().is_empty() => Ok(canonical.len() as u64),
        ("dropped", None) => Err(
            "dropped, but text is left outside its removed spans".to_string(),
        ),
        ("dropped", Some(_)) => Err(format!("dropped, but {place} exists")),
        (status, _) => Err(format!("unknown status {status:?}")),
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (common < a.len().max(b.len())).then_some(common)
}

/// A file under `output` (outside `report`) that is not a cleaned document.
fn stray_output(output: &Path, report: &Path, outputs: &HashSet<PathBuf>) -> Option<PathBuf> {
    if !output.is_dir() {
        return None;
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_file() && !entry.path().starts_with(report))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files.into_iter().find(|path| !outputs.contains(path))
}
