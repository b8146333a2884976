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
//! Documents are checked in parallel, chunk by chunk in document order, so
//! the first mismatch named is the first in that order whatever the thread
//! count.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::corpus::read::read_bytes;
use crate::corpus::walk::walk;
use crate::corpus::DocRef;
use crate::decode::{decode_as, encoding_for_label, Detection};
use crate::error::{Error, Result};
use crate::normalize::canonicalize;
use crate::report::read::{self, DocumentEntry, JsonLines, RemovedSpan};
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
    let corpus = walk(&[input.to_path_buf()], &settings.walk, settings.group_by)?;

    let documents_path = report.join(DOCUMENTS_FILE);
    let documents = read::all::<DocumentEntry>(&documents_path)?;
    let listed: HashSet<&str> = documents.iter().map(|d| d.doc.as_str()).collect();
    if let Some(doc) = corpus
        .docs
        .iter()
        .find(|d| !listed.contains(d.rel.as_str()))
    {
        return Ok(Err(Mismatch {
            path: doc.rel.clone(),
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
            let source = corpus
                .docs
                .binary_search_by(|d| d.rel.as_str().cmp(&line.doc))
                .ok()
                .map(|i| &corpus.docs[i]);
            work.push((line, source, spans));
        }
        let checked: Vec<std::result::Result<u64, Mismatch>> = work
            .par_iter()
            .map(|(line, source, spans)| {
                check_document(line, *source, spans, output, &settings).map_err(|what| Mismatch {
                    path: line.doc.clone(),
                    what,
                })
            })
            .collect();
        for ((line, _, spans), result) in work.iter().zip(checked) {
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
                    outputs.insert(output.join(&line.doc));
                }
                "dropped" => verified.dropped += 1,
                _ => verified.skipped += 1,
            }
        }
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

/// Check one document; the canonical length on success, what is wrong
/// otherwise.
fn check_document(
    line: &DocumentEntry,
    source: Option<&DocRef>,
    spans: &[RemovedSpan],
    output: &Path,
    settings: &RunSettings,
) -> std::result::Result<u64, String> {
    let output_path = output.join(&line.doc);
    let written = match std::fs::read(&output_path) {
        Ok(bytes) => Some(bytes),
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
    let Some(source) = source else {
        return Err(format!(
            "listed as {}, but not found in the input",
            line.status
        ));
    };
    let label = line.encoding.as_deref().unwrap_or("utf-8");
    let encoding =
        encoding_for_label(label).ok_or_else(|| format!("unknown encoding {label:?}"))?;
    let bytes = read_bytes(source, settings.walk.max_file_bytes)
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
        ("cleaned", Some(written)) => match first_difference(kept.as_bytes(), &written) {
            None => Ok(canonical.len() as u64),
            Some(offset) => Err(format!(
                "output differs from the canonical text less its removals at byte {offset} of the output (line {})",
                1 + written[..offset.min(written.len())].iter().filter(|&&b| b == b'\n').count()
            )),
        },
        ("cleaned", None) => Err(format!("cleaned, but {} is missing", output_path.display())),
        ("dropped", None) if kept.trim().is_empty() => Ok(canonical.len() as u64),
        ("dropped", None) => Err(
            "dropped, but text is left outside its removed spans".to_string(),
        ),
        ("dropped", Some(_)) => Err(format!(
            "dropped, but {} exists in the output",
            output_path.display()
        )),
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
