//! The report of a run, written to its own directory:
//!
//! - `provenance.jsonl`: one record per removed span (document, lines, bytes
//!   of the canonical text, rule, evidence, the removed text);
//! - `documents.jsonl`: one record per document (status, encoding, malformed
//!   sequences, sizes) and per path that could not be walked;
//! - `summary.json`: totals per rule, the most removed blocks, the settings
//!   and hashes of inputs and settings.
//!
//! A document's records are rendered to JSON by [`render`], on any thread;
//! the [`ReportWriter`] appends rendered documents in document order and
//! keeps the totals. Every file appears atomically when the run finishes.
//! The schema is in docs/report.md.

pub mod provenance;
pub mod read;
pub mod summary;
pub mod tally;

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, DocId, DocIssue, WalkIssue};
use crate::decide::pack::RulePack;
use crate::decide::removal::Removal;
use crate::decide::RuleId;
use crate::decode::Detection;
use crate::error::{Error, Result};
use crate::index::{GroupTable, KeyStats};
use crate::normalize::key::KeyFolder;
use crate::segment::Span;
use crate::write::{AtomicFile, DirectFile};
use provenance::{Evidence, ProvenanceRecord};
use summary::{ByteCounts, DocumentCounts, RuleCounts, Summary};
use tally::BlockTally;

pub const PROVENANCE_FILE: &str = "provenance.jsonl";
pub const DOCUMENTS_FILE: &str = "documents.jsonl";
pub const SUMMARY_FILE: &str = "summary.json";
pub const GROUPS_FILE: &str = "groups.jsonl";
/// The totals of a part of a run ([`ReportWriter::finish_part`]).
pub const PART_FILE: &str = "part.json";
/// The removed lines of a part of a run, counted by template key: one
/// JSON array per key (key, count, rule, text of the first removal).
pub const PART_BLOCKS_FILE: &str = "blocks.jsonl";

/// What became of one document.
#[derive(Debug, Clone)]
pub enum DocStatus {
    /// Written, with some text left.
    Cleaned,
    /// Nothing left after cleaning; not written.
    Dropped,
    /// Not cleaned at all.
    Skipped(DocIssue),
}

/// How a document was decoded.
#[derive(Debug, Clone, Copy)]
pub struct Decoding {
    pub encoding: &'static str,
    pub detection: Detection,
    pub malformed: u64,
}

/// Everything the report needs about one cleaned (or skipped) document.
#[derive(Debug, Clone)]
pub struct DocResult {
    pub doc: DocId,
    pub status: DocStatus,
    pub decoding: Option<Decoding>,
    pub bytes_in: u64,
    pub canonical: String,
    pub removals: Vec<Removal>,
    pub bytes_out: u64,
    /// A record's id field.
    pub id: Option<String>,
    /// The template key of each line of `canonical`, as its sketch has it
    /// (empty when the sketch was not read): a removed line's key for the
    /// most removed blocks, which a line removed in part is folded for.
    pub line_templates: Vec<u64>,
}

/// A document's report lines, rendered and ready to append.
#[derive(Debug)]
pub struct RenderedDoc {
    result: DocResult,
    /// Its `provenance.jsonl` lines.
    provenance: Vec<u8>,
    /// Its `documents.jsonl` line.
    document: Vec<u8>,
    /// Each removed line's template key and span, for the most removed blocks.
    removed_lines: Vec<(u64, RuleId, Span)>,
}

/// Render the report lines of one document. Pure: runs on worker threads,
/// so that the ordered append in [`ReportWriter::record`] is only copying.
pub fn render(
    corpus: &Corpus,
    result: DocResult,
    folder: &mut KeyFolder,
    pack: &RulePack,
) -> RenderedDoc {
    let doc = &corpus.docs[result.doc.index()];
    let group = corpus.group_name(doc.group);
    let name = corpus.name(doc.id);
    let mut provenance = Vec::new();
    let mut removed_lines = Vec::new();
    for removal in &result.removals {
        let rule = removal.reason.rule();
        if !matches!(rule, RuleId::DuplicateDocument | RuleId::NearDuplicate) {
            let lines =
                removed_lines_of(&result.canonical, removal, &result.line_templates, folder);
            removed_lines.extend(lines.map(|(key, span)| (key, rule, span)));
        }
        let evidence = Evidence::of(&removal.reason, &name, group, corpus, pack);
        ProvenanceRecord::new(&name, &result.canonical, removal, evidence)
            .write_line(&mut provenance);
    }
    let record = DocumentRecord {
        doc: &name,
        id: result.id.as_deref(),
        group: Some(group),
        status: result.status.name(),
        encoding: result.decoding.map(|d| d.encoding),
        detection: result.decoding.map(|d| d.detection),
        malformed: result.decoding.map_or(0, |d| d.malformed),
        bytes_in: result.bytes_in,
        bytes_canonical: result.canonical.len(),
        bytes_out: result.bytes_out,
        removals: result.removals.len(),
        message: match &result.status {
            DocStatus::Skipped(issue) => Some(issue.message()),
            _ => None,
        },
    };
    // A line of `documents.jsonl` takes 150 to 300 bytes.
    let mut document = Vec::with_capacity(384);
    json_line(&mut document, &record);
    RenderedDoc {
        result,
        provenance,
        document,
        removed_lines,
    }
}

/// Each non-blank line a removal takes from `canonical`, trimmed, with its
/// template key: the one `line_templates` holds for a line taken whole,
/// else its text folded.
fn removed_lines_of<'a>(
    canonical: &'a str,
    removal: &'a Removal,
    line_templates: &'a [u64],
    folder: &'a mut KeyFolder,
) -> impl Iterator<Item = (u64, Span)> + 'a {
    let text = canonical.as_bytes();
    let mut start = removal.span.start;
    let removed = &canonical[removal.span.start..removal.span.end];
    let first = (removal.first_line as usize).saturating_sub(1);
    (first..)
        .zip(removed.split_inclusive('\n'))
        .filter_map(move |(number, line)| {
            let line_start = start;
            let end = start + line.len();
            start = end;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                return None;
            }
            let whole = (line_start == 0 || text[line_start - 1] == b'\n')
                && (line.ends_with('\n') || end == text.len() || text[end] == b'\n');
            let known = whole.then(|| line_templates.get(number)).flatten();
            let key = match known {
                Some(&key) => key,
                None => folder.fold(trimmed).template,
            };
            let offset = line_start + (trimmed.as_ptr() as usize - line.as_ptr() as usize);
            Some((
                key,
                Span {
                    start: offset,
                    end: offset + trimmed.len(),
                },
            ))
        })
}

fn json_line(out: &mut Vec<u8>, record: &impl Serialize) {
    serde_json::to_writer(&mut *out, record).expect("report records serialize to JSON");
    out.push(b'\n');
}

impl DocStatus {
    /// The status as `documents.jsonl` spells it.
    pub fn name(&self) -> &'static str {
        match self {
            DocStatus::Cleaned => "cleaned",
            DocStatus::Dropped => "dropped",
            DocStatus::Skipped(_) => "skipped",
        }
    }
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    doc: &'a str,
    /// A record's id field.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    /// The group its boilerplate was counted in (none for a path the walk
    /// could not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detection: Option<Detection>,
    malformed: u64,
    bytes_in: u64,
    bytes_canonical: usize,
    bytes_out: u64,
    removals: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// What a part of a run adds to the summary.
#[derive(Serialize, Deserialize)]
struct PartTotals {
    documents: DocumentCounts,
    bytes: ByteCounts,
    malformed_sequences: u64,
    encodings: BTreeMap<String, u64>,
    rules: BTreeMap<String, RuleCounts>,
}

/// Streams the report files of one run.
pub struct ReportWriter {
    dir: PathBuf,
    provenance: DirectFile,
    documents: DirectFile,
    groups: DirectFile,
    summary: Summary,
    tally: BlockTally,
}

/// One line of `groups.jsonl`: a group, its documents, and the template keys
/// found in enough of them to be weighed as template text (`--bp-min-docs`),
/// each as (key, documents, documents where it stands inside the body).
/// What `gleaner explain` reads to say why a line was kept.
#[derive(Serialize)]
struct GroupRecord<'a> {
    group: &'a str,
    docs: u32,
    bodied: u32,
    titled: u32,
    keys: Vec<(String, u32, u32, u32)>,
}

impl ReportWriter {
    pub fn create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("could not create report directory", dir, e))?;
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            provenance: DirectFile::create(&dir.join(PROVENANCE_FILE))?,
            documents: DirectFile::create(&dir.join(DOCUMENTS_FILE))?,
            groups: DirectFile::create(&dir.join(GROUPS_FILE))?,
            summary: Summary::default(),
            tally: BlockTally::create(dir)?,
        })
    }

    /// Record the frequent template keys of every group, in key order.
    pub fn groups(&mut self, corpus: &Corpus, tables: &[GroupTable]) -> Result<()> {
        for (name, table) in corpus.groups.iter().zip(tables) {
            let mut keys: Vec<(u64, KeyStats)> = (table.keys.iter())
                .map(|(&key, &stats)| (key, stats))
                .collect();
            keys.sort_unstable_by_key(|&(key, _)| key);
            let record = GroupRecord {
                group: name,
                docs: table.docs,
                bodied: table.bodied,
                titled: table.titled,
                keys: (keys.into_iter())
                    .map(|(key, s)| (format!("{key:016x}"), s.docs, s.in_body, s.inserted))
                    .collect(),
            };
            let mut line = Vec::new();
            json_line(&mut line, &record);
            self.groups
                .write_all(&line)
                .map_err(|e| Error::io("could not write", self.dir.join(GROUPS_FILE), e))?;
        }
        Ok(())
    }

    /// Record the paths the walker could not read.
    pub fn walk_issues(&mut self, issues: &[WalkIssue]) -> Result<()> {
        for issue in issues {
            let record = DocumentRecord {
                id: None,
                doc: &issue.path,
                group: None,
                status: "skipped",
                encoding: None,
                detection: None,
                malformed: 0,
                bytes_in: 0,
                bytes_canonical: 0,
                bytes_out: 0,
                removals: 0,
                message: Some(issue.issue.message()),
            };
            let mut line = Vec::new();
            json_line(&mut line, &record);
            self.documents
                .write_all(&line)
                .map_err(|e| Error::io("could not write", self.dir.join(DOCUMENTS_FILE), e))?;
            self.summary.documents.skipped += 1;
        }
        Ok(())
    }

    /// Append one rendered document; documents must arrive in id order.
    pub fn record(&mut self, rendered: &RenderedDoc) -> Result<()> {
        let result = &rendered.result;
        let counts = &mut self.summary;
        counts.documents.total += 1;
        counts.bytes.input += result.bytes_in;
        counts.bytes.canonical += result.canonical.len() as u64;
        counts.bytes.output += result.bytes_out;
        match &result.status {
            DocStatus::Cleaned => counts.documents.cleaned += 1,
            DocStatus::Dropped => counts.documents.dropped += 1,
            DocStatus::Skipped(_) => counts.documents.skipped += 1,
        }
        if let Some(decoding) = result.decoding {
            counts.malformed_sequences += decoding.malformed;
            *counts
                .encodings
                .entry(decoding.encoding.to_string())
                .or_default() += 1;
        }
        for removal in &result.removals {
            let bytes = removal.span.len() as u64;
            let rule_counts = counts
                .rules
                .entry(removal.reason.rule().as_str())
                .or_default();
            rule_counts.spans += 1;
            rule_counts.bytes += bytes;
            counts.bytes.removed += bytes;
        }
        for &(key, rule, span) in &rendered.removed_lines {
            self.tally
                .add(key, 1, rule, &result.canonical[span.start..span.end]);
        }
        let io = |file: &str, e| Error::io("could not write", self.dir.join(file), e);
        self.provenance
            .write_all(&rendered.provenance)
            .map_err(|e| io(PROVENANCE_FILE, e))?;
        self.documents
            .write_all(&rendered.document)
            .map_err(|e| io(DOCUMENTS_FILE, e))
    }

    /// Move the report lines of a part of a run (`gleaner shard apply`)
    /// into place, with its totals, for [`ReportWriter::add_part`].
    pub fn finish_part(self) -> Result<()> {
        let counts = self.summary;
        let totals = PartTotals {
            documents: counts.documents,
            bytes: counts.bytes,
            malformed_sequences: counts.malformed_sequences,
            encodings: counts.encodings,
            rules: (counts.rules.into_iter())
                .map(|(rule, counts)| (rule.to_string(), counts))
                .collect(),
        };
        let blocks_path = self.dir.join(PART_BLOCKS_FILE);
        let bad = |e| Error::io("could not write", &blocks_path, e);
        let mut blocks = BufWriter::with_capacity(1 << 16, AtomicFile::create(&blocks_path)?);
        let mut line = Vec::new();
        self.tally.for_each(|key, count, rule, text| {
            line.clear();
            json_line(&mut line, &(key, count, rule, text));
            blocks.write_all(&line).map_err(bad)
        })?;
        blocks
            .into_inner()
            .map_err(|e| bad(e.into_error()))?
            .commit()?;
        self.provenance.commit()?;
        self.documents.commit()?;
        drop(self.groups);
        let json = serde_json::to_vec(&totals).expect("totals serialize to JSON");
        crate::write::write_atomic(&self.dir.join(PART_FILE), &json)
    }

    /// Append the report lines and add the totals of a part of the run that
    /// [`ReportWriter::finish_part`] wrote in `dir`; parts must come in
    /// document order.
    pub fn add_part(&mut self, dir: &Path) -> Result<()> {
        let part_path = dir.join(PART_FILE);
        let bytes =
            std::fs::read(&part_path).map_err(|e| Error::io("could not read", &part_path, e))?;
        let totals: PartTotals = serde_json::from_slice(&bytes)
            .map_err(|e| Error::report(&part_path, 0, e.to_string()))?;
        let rule_id = |name: &str| {
            (RuleId::ALL.iter())
                .find(|rule| rule.as_str() == name)
                .copied()
                .ok_or_else(|| Error::report(&part_path, 0, format!("unknown rule {name:?}")))
        };
        let summary = &mut self.summary;
        summary.documents.add(&totals.documents);
        summary.bytes.add(&totals.bytes);
        summary.malformed_sequences += totals.malformed_sequences;
        for (encoding, count) in totals.encodings {
            *summary.encodings.entry(encoding).or_default() += count;
        }
        for (rule, counts) in totals.rules {
            let total = summary.rules.entry(rule_id(&rule)?.as_str()).or_default();
            total.spans += counts.spans;
            total.bytes += counts.bytes;
        }
        let blocks_path = dir.join(PART_BLOCKS_FILE);
        let bad = |e| Error::io("could not read", &blocks_path, e);
        let blocks = std::fs::File::open(&blocks_path).map_err(bad)?;
        for (number, line) in std::io::BufReader::new(blocks).lines().enumerate() {
            let line = line.map_err(bad)?;
            let (key, count, rule, text): (u64, u64, String, String) = serde_json::from_str(&line)
                .map_err(|e| Error::report(&blocks_path, number + 1, e.to_string()))?;
            self.tally.add(key, count, rule_id(&rule)?, &text);
        }
        for (name, writer) in [
            (PROVENANCE_FILE, &mut self.provenance),
            (DOCUMENTS_FILE, &mut self.documents),
        ] {
            let path = dir.join(name);
            let mut file =
                std::fs::File::open(&path).map_err(|e| Error::io("could not read", &path, e))?;
            std::io::copy(&mut file, writer).map_err(|e| Error::io("could not copy", &path, e))?;
        }
        Ok(())
    }

    /// Write the summary and move every file into place.
    pub fn finish(mut self, inputs_hash: u64, settings: serde_json::Value) -> Result<Summary> {
        let settings_text = serde_json::to_string(&settings).expect("settings serialize to JSON");
        self.summary.schema = summary::SCHEMA_VERSION;
        self.summary.gleaner_version = env!("CARGO_PKG_VERSION");
        self.summary.inputs_hash = format!("{inputs_hash:016x}");
        self.summary.settings_hash = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(settings_text.as_bytes())
        );
        self.summary.settings = settings;
        self.summary.top_removed = self.tally.top(10)?;

        for writer in [self.provenance, self.documents, self.groups] {
            writer.commit()?;
        }
        let mut json =
            serde_json::to_vec_pretty(&self.summary).expect("summary serializes to JSON");
        json.push(b'\n');
        crate::write::write_atomic(&self.dir.join(SUMMARY_FILE), &json)?;
        Ok(self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::Reason;

    #[test]
    fn removed_lines_take_their_sketch_key_when_whole_and_are_folded_when_cut() {
        let canonical = "Home | News\n  Share: Weibo WeChat  \nBody text. Read more\nlast";
        let lines = crate::segment::lines(canonical);
        let mut folder = KeyFolder::default();
        let templates: Vec<u64> = (lines.iter())
            .map(|line| folder.fold(&canonical[line.start..line.end]).template)
            .collect();
        let removal = |start: usize, end: usize, first_line: u32| Removal {
            span: Span { start, end },
            first_line,
            last_line: first_line,
            reason: Reason::Stub,
        };
        let body = canonical.find("Body").unwrap();
        let read_more = canonical.find("Read more").unwrap();
        for removal in [
            // The first two lines whole, with their line ends.
            removal(0, body, 1),
            // A piece of the third line.
            removal(read_more, body + "Body text. Read more".len(), 3),
            // The last line, which has no line end.
            removal(canonical.len() - 4, canonical.len(), 4),
        ] {
            // Keys no sketch gave, for the lines taken whole: used only there.
            let marked: Vec<u64> = templates.iter().map(|key| key ^ 1).collect();
            let folded: Vec<(u64, Span)> =
                removed_lines_of(canonical, &removal, &[], &mut folder).collect();
            let known: Vec<(u64, Span)> =
                removed_lines_of(canonical, &removal, &marked, &mut folder).collect();
            assert_eq!(folded.len(), known.len());
            for ((folded_key, folded_span), (key, span)) in folded.iter().zip(&known) {
                assert_eq!(folded_span, span);
                let text = &canonical[span.start..span.end];
                let line = lines
                    .iter()
                    .position(|l| l.start <= span.start && span.end <= l.end)
                    .unwrap();
                let whole = canonical[lines[line].start..lines[line].end].trim() == text;
                assert_eq!(*folded_key, folder.fold(text).template);
                if whole {
                    assert_eq!(*key, marked[line], "{text:?} is a whole line");
                } else {
                    assert_eq!(key, folded_key, "{text:?} is a piece of a line");
                }
            }
        }
    }
}
