//! The corpus: which documents there are, in what order, in which group.
//!
//! [`walk`] lists the inputs in sorted order of their relative paths: text
//! files, each one document, and JSON Lines containers
//! ([`jsonl`]), each a series of records. Pass 1 reads the containers; the
//! [`CorpusBuilder`] then numbers the documents in listing order, a
//! container's records in line order, so every [`DocId`] is fixed before
//! anything depends on it and "first occurrence" never depends on which
//! thread finished first. [`read`] loads one text file's bytes;
//! [`compression`] reads and writes gzip and zstd.

pub mod compression;
pub mod jsonl;
pub mod read;
pub mod walk;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use compression::Compression;

/// Position of a document in the stable corpus order (sorted relative path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocId(pub u32);

/// A group of documents that share a template (by default, a site directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// Position of a JSON Lines container in [`Corpus::containers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ContainerId(pub u32);

impl ContainerId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a document's text comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// A text file, compressed or not. Pass 1 reads it from its listing;
    /// after that its text comes from the state.
    File {
        compression: Compression,
        /// Its path in the output tree and in the report, with '/'
        /// separators.
        rel: Box<str>,
    },
    /// The record on a line (from 1) of a container.
    Record { container: ContainerId, line: u64 },
}

/// Where a listed file is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

/// A JSON Lines file whose records are documents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Container {
    /// Its path in the output (and the report), with '/' separators.
    pub rel: String,
    pub input: Input,
    pub compression: Compression,
    /// Size on disk when walked.
    pub bytes: u64,
    /// Its records' documents.
    pub docs: Range<u32>,
}

/// One document to clean.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRef {
    pub id: DocId,
    /// Where it comes from, which gives its name ([`Corpus::name`]).
    pub source: Source,
    pub group: GroupId,
    /// Size on disk when walked; for a record, the length of its line.
    pub bytes: u64,
}

impl DocRef {
    /// The container of a record.
    pub fn container(&self) -> Option<ContainerId> {
        match self.source {
            Source::Record { container, .. } => Some(container),
            Source::File { .. } => None,
        }
    }
}

/// Why a path was not cleaned. Recorded in the report; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocIssue {
    /// The file holds NUL bytes and is not UTF-16 text.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge { bytes: u64, limit: u64 },
    /// Its text and fingerprints, `bytes` in all, are more than a document
    /// can hold: places in a document are 32-bit.
    TooLong { bytes: u64 },
    /// A line of a container that is not a record.
    Malformed { message: String },
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
            DocIssue::TooLong { bytes } => format!(
                "its text and fingerprints come to {bytes} bytes, more than the 4 GiB a document can hold: skipped"
            ),
            DocIssue::Unreadable { message } => format!("unreadable: {message}"),
            DocIssue::Malformed { message } => format!("malformed record: {message}"),
        }
    }
}

/// A path the walker could not list, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkIssue {
    pub path: String,
    pub issue: DocIssue,
}

/// The documents of a run in their stable order, and their groups.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Corpus {
    pub docs: Vec<DocRef>,
    /// Group names, indexed by [`GroupId`].
    pub groups: Vec<String>,
    /// The JSON Lines files, indexed by [`ContainerId`].
    pub containers: Vec<Container>,
    /// Paths that could not be walked or read to their end.
    pub issues: Vec<WalkIssue>,
}

impl Corpus {
    /// The name of document `id` in the report: a text file's path in the
    /// output tree, with '/' separators; for a record, its container's
    /// path, '#' and its line number. A record's name is made when asked
    /// for, so that a corpus of records holds no string per record.
    pub fn name(&self, id: DocId) -> Cow<'_, str> {
        match &self.docs[id.index()].source {
            Source::File { rel, .. } => Cow::Borrowed(rel),
            Source::Record { container, line } => Cow::Owned(format!(
                "{}#{line}",
                self.containers[container.0 as usize].rel
            )),
        }
    }
}

/// Numbers documents, groups and containers in the order they are added.
#[derive(Default)]
pub struct CorpusBuilder {
    corpus: Corpus,
    group_ids: HashMap<String, GroupId>,
    /// Whether records are being added to the last container.
    open: bool,
}

impl CorpusBuilder {
    pub fn new(issues: Vec<WalkIssue>) -> Self {
        Self::with_capacity(issues, 0)
    }

    /// A builder with room for `docs` documents.
    pub fn with_capacity(issues: Vec<WalkIssue>, docs: usize) -> Self {
        CorpusBuilder {
            corpus: Corpus {
                docs: Vec::with_capacity(docs),
                issues,
                ..Corpus::default()
            },
            group_ids: HashMap::new(),
            open: false,
        }
    }

    /// Groups are numbered in the order their first documents were added.
    fn group(&mut self, name: &str) -> GroupId {
        if let Some(&id) = self.group_ids.get(name) {
            return id;
        }
        let id = GroupId(self.corpus.groups.len() as u32);
        self.corpus.groups.push(name.to_string());
        self.group_ids.insert(name.to_string(), id);
        id
    }

    /// Add a text file; its id is the next one.
    pub fn file(
        &mut self,
        compression: Compression,
        rel: String,
        group: &str,
        bytes: u64,
    ) -> DocId {
        self.close_container();
        let source = Source::File {
            compression,
            rel: rel.into_boxed_str(),
        };
        self.document(source, group, bytes)
    }

    fn document(&mut self, source: Source, group: &str, bytes: u64) -> DocId {
        let id = DocId(self.corpus.docs.len() as u32);
        let group = self.group(group);
        self.corpus.docs.push(DocRef {
            id,
            source,
            group,
            bytes,
        });
        id
    }

    /// Open a container: the documents added until the next one is opened
    /// are its records.
    pub fn container(
        &mut self,
        rel: String,
        input: Input,
        compression: Compression,
        bytes: u64,
    ) -> ContainerId {
        self.close_container();
        self.open = true;
        let next = self.corpus.docs.len() as u32;
        self.corpus.containers.push(Container {
            rel,
            input,
            compression,
            bytes,
            docs: next..next,
        });
        ContainerId(self.corpus.containers.len() as u32 - 1)
    }

    fn close_container(&mut self) {
        if std::mem::take(&mut self.open) {
            let end = self.corpus.docs.len() as u32;
            if let Some(last) = self.corpus.containers.last_mut() {
                last.docs.end = end;
            }
        }
    }

    /// A record of the container opened last.
    pub fn record(&mut self, line: u64, group: &str, bytes: u64) -> DocId {
        assert!(self.open, "records are added to an open container");
        let container = ContainerId(self.corpus.containers.len() as u32 - 1);
        self.document(Source::Record { container, line }, group, bytes)
    }

    /// A path that could not be read to its end.
    pub fn issue(&mut self, issue: WalkIssue) {
        self.corpus.issues.push(issue);
    }

    pub fn finish(mut self) -> Corpus {
        self.close_container();
        self.corpus
    }
}

impl Corpus {
    pub fn total_bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.bytes).sum()
    }

    pub fn group_name(&self, group: GroupId) -> &str {
        &self.groups[group.index()]
    }
}
