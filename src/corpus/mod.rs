//! The corpus: which documents there are, in what order, in which group.
//!
//! [`walk`] lists the inputs and fixes every document's [`DocId`] from its
//! sorted relative path before any parallel work starts, so "first
//! occurrence" never depends on which thread finished first. [`read`] loads
//! one document's bytes.

pub mod read;
pub mod walk;

use std::path::PathBuf;

use serde::Serialize;

/// Position of a document in the stable corpus order (sorted relative path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DocId(pub u32);

/// A group of documents that share a template (by default, a site directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GroupId(pub u32);

impl DocId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl GroupId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One document to clean.
#[derive(Debug, Clone)]
pub struct DocRef {
    pub id: DocId,
    /// Where to read it.
    pub source: PathBuf,
    /// Its path in the output tree and in the report, with '/' separators.
    pub rel: String,
    pub group: GroupId,
    /// Size on disk when walked.
    pub bytes: u64,
}

/// Why a path was not cleaned. Recorded in the report; the run goes on.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DocIssue {
    /// The file holds NUL bytes and is not UTF-16 text.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge { bytes: u64, limit: u64 },
    /// The file or a directory could not be read.
    Unreadable { message: String },
}

impl DocIssue {
    pub fn message(&self) -> String {
        match self {
            DocIssue::Binary => "binary file (NUL bytes), skipped".to_string(),
            DocIssue::TooLarge { bytes, limit } => format!(
                "{bytes} bytes, over the limit of {limit}: skipped (raise --max-file-size to clean it)"
            ),
            DocIssue::Unreadable { message } => format!("unreadable: {message}"),
        }
    }
}

/// A path the walker could not list, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct WalkIssue {
    pub path: String,
    pub issue: DocIssue,
}

/// The documents of a run in their stable order, and their groups.
#[derive(Debug, Default)]
pub struct Corpus {
    pub docs: Vec<DocRef>,
    /// Group names, indexed by [`GroupId`].
    pub groups: Vec<String>,
    /// Paths that could not be walked.
    pub issues: Vec<WalkIssue>,
}

impl Corpus {
    pub fn total_bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.bytes).sum()
    }

    pub fn group_name(&self, group: GroupId) -> &str {
        &self.groups[group.index()]
    }
}
