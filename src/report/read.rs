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
