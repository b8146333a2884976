//! Reads a run's report back, for the tools that audit a run (`verify`,
//! `explain`, the audit page): the records of `provenance.jsonl` and
//! `documents.jsonl` as owned values, `summary.json` into whatever part of
//! it a tool needs, and JSON Lines files one record at a time, so that a
//! report larger than memory can be walked.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::SUMMARY_FILE;
use crate::corpus::compression::Compression;
use crate::corpus::jsonl::RecordFields;
use crate::error::{Error, Result};

/// One line of `provenance.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct RemovedSpan {
    pub doc: String,
    pub lines: [u32; 2],
    pub bytes: [usize; 2],
    pub rule: String,
    pub evidence: RecordedEvidence,
    pub text: String,
}

/// The parts of a record's evidence the tools show.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordedEvidence {
    pub summary: String,
    /// The first occurrence, `path:line` or `path`.
    #[serde(default)]
    pub first: Option<String>,
    /// The document a near-duplicate's cluster keeps.
    #[serde(default)]
    pub kept: Option<String>,
}

/// One line of `documents.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct DocumentEntry {
    pub doc: String,
    /// A record's id field.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    pub status: String,
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default)]
    pub malformed: u64,
    #[serde(default)]
    pub bytes_canonical: u64,
    #[serde(default)]
    pub bytes_out: u64,
    #[serde(default)]
    pub removals: usize,
    #[serde(default)]
    pub message: Option<String>,
}

/// `summary.json` of the report in `report`, read as `T` (a tool declares
/// the fields it needs).
pub fn summary<T: DeserializeOwned>(report: &Path) -> Result<T> {
    let path = report.join(SUMMARY_FILE);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("could not read", &path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::report(&path, 0, e.to_string()))
}

/// Every record of a JSON Lines file.
pub fn all<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let mut lines = JsonLines::open(path)?;
    let mut records = Vec::new();
    while let Some(record) = lines.next_record()? {
        records.push(record);
    }
    Ok(records)
}

/// The records of a JSON Lines file that `keep` selects, which stand
/// together (the records of one document do): reading stops after them.
pub fn run_of<T: DeserializeOwned>(path: &Path, keep: impl Fn(&T) -> bool) -> Result<Vec<T>> {
    let mut lines = JsonLines::open(path)?;
    let mut found = Vec::new();
    while let Some(record) = lines.next_record()? {
        if keep(&record) {
            found.push(record);
        } else if !found.is_empty() {
            break;
        }
    }
    Ok(found)
}

/// The records of a JSON Lines file, read one at a time; blank lines are
/// passed over, a malformed one is an error naming its line.
pub struct JsonLines<T> {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    buffer: String,
    _record: PhantomData<T>,
}

impl<T: DeserializeOwned> JsonLines<T> {
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io("could not read", path, e))?;
        Ok(JsonLines {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 20, file),
            line: 0,
            buffer: String::new(),
            _record: PhantomData,
        })
    }

    /// The next record, `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<T>> {
        loop {
            self.buffer.clear();
            self.line += 1;
            let read = self
                .reader
                .read_line(&mut self.buffer)
                .map_err(|e| Error::io("could not read", &self.path, e))?;
            if read == 0 {
                return Ok(None);
            }
            if self.buffer.trim().is_empty() {
                continue;
            }
            return serde_json::from_str(&self.buffer)
                .map(Some)
                .map_err(|e| Error::report(&self.path, self.line, e.to_string()));
        }
    }

    /// The line number of the record last read.
    pub fn line(&self) -> usize {
        self.line
    }
}

/// The record fields a run read and wrote (`--text-field` and the rest).
pub fn record_fields(report: &Path) -> Result<RecordFields> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        settings: HeadSettings,
    }
    #[derive(Deserialize, Default)]
    struct HeadSettings {
        #[serde(default)]
        walk: HeadWalk,
    }
    #[derive(Deserialize, Default)]
    struct HeadWalk {
        #[serde(default)]
        records: RecordFields,
    }
    let head: Head = summary(report)?;
    Ok(head.settings.walk.records)
}

/// A cleaned record as its output holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRecord {
    pub text: String,
    /// Its other fields, without gleaner's metadata.
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// The records of a container's output, by the document name in their
/// metadata.
pub fn output_records(
    path: &Path,
    fields: &RecordFields,
) -> Result<std::collections::HashMap<String, OutputRecord>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("could not read", path, e))?;
    let compression = Compression::of_name(&path.to_string_lossy());
    let reader = compression
        .reader(BufReader::new(file))
        .map_err(|e| Error::io("could not read", path, e))?;
    let mut records = std::collections::HashMap::new();
    for (number, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|e| Error::io("could not read", path, e))?;
        let bad = |message: String| Error::report(path, number + 1, message);
        let serde_json::Value::Object(mut rest) =
            serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?
        else {
            return Err(bad("not a JSON object".to_string()));
        };
        let doc = rest
            .remove(&fields.meta)
            .and_then(|meta| meta.get("doc").and_then(|d| d.as_str().map(str::to_string)))
            .ok_or_else(|| bad(format!("no {:?}.doc field", fields.meta)))?;
        let text = match rest.remove(&fields.text) {
            Some(serde_json::Value::String(text)) => text,
            _ => return Err(bad(format!("no {:?} string", fields.text))),
        };
        records.insert(doc, OutputRecord { text, rest });
    }
    Ok(records)
}

/// The cleaned texts of a run's documents, read from their output files
/// or, for records, from their containers' outputs (the last container
/// read is kept, so documents asked for in order read each container once).
pub struct CleanedTexts<'a> {
    output: &'a Path,
    fields: RecordFields,
    container: Option<(PathBuf, std::collections::HashMap<String, OutputRecord>)>,
}

impl<'a> CleanedTexts<'a> {
    pub fn new(output: &'a Path, fields: RecordFields) -> Self {
        CleanedTexts {
            output,
            fields,
            container: None,
        }
    }

    /// The cleaned text of `doc`, `None` if the output holds none.
    pub fn get(&mut self, doc: &str) -> Result<Option<String>> {
        let path = self.output.join(doc);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let compression = Compression::of_name(doc);
                let bytes = compression
                    .decompress(bytes, u64::MAX)
                    .map_err(|e| Error::io("could not read", &path, e))?;
                return Ok(Some(String::from_utf8_lossy(&bytes).into_owned()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("could not read", &path, e)),
        }
        let Some((container, _line)) = doc.rsplit_once('#') else {
            return Ok(None);
        };
        let container = self.output.join(container);
        if !container.is_file() {
            return Ok(None);
        }
        if self.container.as_ref().map(|(p, _)| p) != Some(&container) {
            let records = output_records(&container, &self.fields)?;
            self.container = Some((container, records));
        }
        let records = &self.container.as_ref().expect("loaded above").1;
        Ok(records.get(doc).map(|r| r.text.clone()))
    }
}
