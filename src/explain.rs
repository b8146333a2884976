//! Explains one document of a run, or one line of it: the canonical text
//! with every removed span marked by its rule and evidence, and for a kept
//! line, why no rule took it.
//!
//! Everything comes from the run's own files: the canonical text is the
//! cleaned output with the report's removed spans put back (the
//! reconstruction `gleaner verify` proves), the evidence is the report's,
//! and why a line was kept is worked out from the settings in
//! `summary.json` and the group's frequent template keys in `groups.jsonl`
//! — the counts the boilerplate rules weighed.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::decide::removal::reconstruct;
use crate::error::{Error, Result};
use crate::normalize::key::KeyFolder;
use crate::report::read::{self, DocumentEntry, RemovedSpan};
use crate::report::{DOCUMENTS_FILE, GROUPS_FILE, PROVENANCE_FILE};
use crate::segment::{self, Span};

/// How the explanation is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// ANSI colours: removed text red, rule names yellow, evidence dim.
    Colour,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        match self {
            Style::Plain => text.to_string(),
            Style::Colour => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

#[derive(Deserialize)]
struct Summary {
    settings: Settings,
}

#[derive(Deserialize)]
struct Settings {
    boilerplate: Boilerplate,
    duplicates: Duplicates,
}

#[derive(Deserialize)]
struct Boilerplate {
    enabled: bool,
    min_docs: u32,
    min_share: f64,
    max_body_share: f64,
    #[serde(default)]
    inserted: bool,
    #[serde(default)]
    min_inserted_share: f64,
}

#[derive(Deserialize)]
struct Duplicates {
    blocks: bool,
    block_min_weight: u32,
}

#[derive(Deserialize)]
struct GroupLine {
    group: String,
    docs: u32,
    /// Documents with body text, and of those, documents that keep a
    /// header line of their own (absent before they were recorded).
    #[serde(default)]
    bodied: u32,
    #[serde(default)]
    titled: u32,
    keys: Vec<KeyRow>,
}

/// A template key's counts in `groups.jsonl`: key, documents, documents
/// with it inside the body and, since schema 2, inserted there.
#[derive(Deserialize)]
#[serde(untagged)]
enum KeyRow {
    Inserted(String, u32, u32, u32),
    Counted(String, u32, u32),
}

impl KeyRow {
    fn key(&self) -> &str {
        match self {
            KeyRow::Inserted(key, ..) | KeyRow::Counted(key, ..) => key,
        }
    }

    /// Documents, inside the body, inserted.
    fn counts(&self) -> (u32, u32, u32) {
        match *self {
            KeyRow::Inserted(_, docs, in_body, inserted) => (docs, in_body, inserted),
            KeyRow::Counted(_, docs, in_body) => (docs, in_body, 0),
        }
    }
}

/// Explain document `doc` (its path relative to the input, as the report
/// gives it) of the run whose report is in `report` and cleaned files in
/// `output`; only line `line` (1-based) when given.
/// The entry of `documents.jsonl` named `target`: a document's name, or
/// for a record, its file, '#' and its id field's value.
fn find_document(documents: &Path, target: &str) -> Result<Option<DocumentEntry>> {
    let by_id = target.rsplit_once('#');
    let mut lines = read::JsonLines::<DocumentEntry>::open(documents)?;
    let mut found_by_id = None;
    while let Some(entry) = lines.next_record()? {
        if entry.doc == target {
            return Ok(Some(entry));
        }
        if let Some((file, id)) = by_id {
            let in_file = entry
                .doc
                .rsplit_once('#')
                .is_some_and(|(container, _)| container == file);
            if found_by_id.is_none() && in_file && entry.id.as_deref() == Some(id) {
                found_by_id = Some(entry);
            }
        }
    }
    Ok(found_by_id)
}

pub fn explain(
    report: &Path,
    output: &Path,
    doc: &str,
    line: Option<u32>,
    style: Style,
) -> Result<String> {
    let summary: Summary = read::summary(report)?;
    let documents_path = report.join(DOCUMENTS_FILE);
    let document = find_document(&documents_path, doc)?.ok_or_else(|| Error::NotInReport {
        message: format!(
            "no document {doc:?} in {} (paths are relative to the input, as documents.jsonl gives them; a record is FILE#LINE, or FILE#ID with its --id-field value)",
            documents_path.display()
        ),
    })?;
    let doc = document.doc.as_str();
    let mut out = String::new();
    let group = document.group.as_deref().unwrap_or("");
    let _ = writeln!(
        out,
        "{} — {}; group {}; {} bytes of canonical text, {} kept",
        style.paint("1", doc),
        document.status,
        if group.is_empty() { "(root)" } else { group },
        document.bytes_canonical,
        document.bytes_out
    );
    if document.status == "skipped" {
        let _ = writeln!(
            out,
            "not cleaned: {}",
            document.message.as_deref().unwrap_or("no reason recorded")
        );
        return Ok(out);
    }
    let records = read::run_of::<RemovedSpan>(&report.join(PROVENANCE_FILE), |r| r.doc == doc)?;
    let mut texts = read::CleanedTexts::new(output, read::record_fields(report)?);
    let cleaned = match texts.get(doc)? {
        Some(text) => text,
        None if document.status == "dropped" => String::new(),
        None => {
            return Err(Error::NotInReport {
                message: format!(
                    "the output {} holds no cleaned text of {doc:?}",
                    output.display()
                ),
            })
        }
    };
    let pieces: Vec<(Span, &str)> = records
        .iter()
        .map(|r| {
            (
                Span {
                    start: r.bytes[0],
                    end: r.bytes[1],
                },
                r.text.as_str(),
            )
        })
        .collect();
    let canonical = reconstruct(&cleaned, &pieces);
    let lines = segment::lines(&canonical);
    if let Some(n) = line {
        if n == 0 || n as usize > lines.len() {
            return Err(Error::NotInReport {
                message: format!("{doc} has {} lines; there is no line {n}", lines.len()),
            });
        }
    }
    let group_line = read::run_of::<GroupLine>(&report.join(GROUPS_FILE), |g| g.group == group)?
        .into_iter()
        .next();
    let mut folder = KeyFolder::default();
    for (i, span) in lines.iter().enumerate() {
        let number = i as u32 + 1;
        if line.is_some_and(|n| n != number) {
            continue;
        }
        let text = &canonical[span.start..span.end];
        let touching: Vec<&RemovedSpan> = records
            .iter()
            .filter(|r| r.lines[0] <= number && number <= r.lines[1])
            .collect();
        let whole = touching
            .iter()
            .any(|r| r.bytes[0] <= span.start && span.end <= r.bytes[1]);
        if whole {
            let _ = writeln!(out, "{number:>6} - {}", style.paint("31", text));
        } else if touching.is_empty() {
            let _ = writeln!(out, "{number:>6}   {text}");
        } else {
            let _ = writeln!(
                out,
                "{number:>6} ~ {}",
                mark_pieces(text, *span, &touching, style)
            );
        }
        for record in touching.iter().filter(|r| r.lines[0] == number) {
            let _ = writeln!(
                out,
                "         {} {}",
                style.paint("33", &format!("[{}]", record.rule)),
                style.paint("2", &record.evidence.summary)
            );
        }
        if line.is_some() && !whole {
            let near_kept = (records.iter())
                .find(|r| r.rule == "near-duplicate")
                .and_then(|r| r.evidence.kept.as_deref());
            if let Some(kept_doc) = near_kept {
                let _ = writeln!(
                    out,
                    "         {} the document is a near-duplicate of {kept_doc}, which is kept, but that copy lacks this paragraph (near-duplicate keeps what the kept copy does not hold)",
                    style.paint("32", "kept:")
                );
            }
            let kept = why_kept(
                text,
                &summary.settings,
                group,
                group_line.as_ref(),
                &mut folder,
            );
            for reason in kept {
                let _ = writeln!(out, "         {} {reason}", style.paint("32", "kept:"));
            }
        }
    }
    if line.is_none() {
        let _ = writeln!(
            out,
            "{} lines, {} removed spans; `gleaner explain {} {doc}:LINE` says why a line was kept",
            lines.len(),
            records.len(),
            report.display()
        );
    }
    Ok(out)
}

/// A line with its removed pieces marked `[-…-]` (or in red).
fn mark_pieces(text: &str, span: Span, records: &[&RemovedSpan], style: Style) -> String {
    let mut marked = String::new();
    let mut at = span.start;
    for record in records {
        let start = record.bytes[0].clamp(span.start, span.end);
        let end = record.bytes[1].clamp(span.start, span.end);
        if start < at || start == end {
            continue;
        }
        marked.push_str(&text[at - span.start..start - span.start]);
        let piece = &text[start - span.start..end - span.start];
        match style {
            Style::Plain => {
                let _ = write!(marked, "[-{piece}-]");
            }
            Style::Colour => marked.push_str(&style.paint("31", piece)),
        }
        at = end;
    }
    marked.push_str(&text[at - span.start..]);
    marked
}

/// Why no rule removed a line, in the terms of the rules' thresholds.
fn why_kept(
    text: &str,
    settings: &Settings,
    group: &str,
    table: Option<&GroupLine>,
    folder: &mut KeyFolder,
) -> Vec<String> {
    let key = folder.fold(text);
    if key.blank || key.weight == 0 {
        return vec!["no letters or digits: nothing for a rule to weigh".to_string()];
    }
    let mut reasons = Vec::new();
    let bp = &settings.boilerplate;
    let group_label = if group.is_empty() { "(root)" } else { group };
    if !bp.enabled {
        reasons.push("the frequency rule is off".to_string());
    } else {
        let group_docs = table.map_or(0, |t| t.docs);
        let stats = table.and_then(|t| {
            let hex = format!("{:016x}", key.template);
            t.keys
                .binary_search_by(|row| row.key().cmp(&hex))
                .ok()
                .map(|i| t.keys[i].counts())
        });
        reasons.push(match stats {
            None => format!(
                "seen in fewer than {} of {group_docs} documents of group {group_label}: under the boilerplate threshold",
                bp.min_docs
            ),
            Some((docs, in_body, inserted)) => {
                let share = f64::from(docs) / f64::from(group_docs.max(1));
                let body_share = f64::from(in_body) / f64::from(docs.max(1));
                if docs < bp.min_docs || share < bp.min_share {
                    format!(
                        "seen in {docs} of {group_docs} documents of group {group_label}, under the boilerplate threshold ({} documents and {:.0} % of the group)",
                        bp.min_docs,
                        100.0 * bp.min_share
                    )
                } else if body_share > bp.max_body_share {
                    let lone = if !bp.inserted {
                        " (boilerplate-inserted is off)".to_string()
                    } else {
                        format!(
                            ", a lone sentence between paragraphs in {inserted} (under --bp-min-inserted-share {})",
                            bp.min_inserted_share
                        )
                    };
                    format!(
                        "seen in {docs} of {group_docs} documents of group {group_label}, but inside the body in {in_body} of them{lone}: shared content, not template"
                    )
                } else if key.enumerated {
                    format!(
                        "seen in {docs} of {group_docs} documents of group {group_label}, mostly outside the body, but it opens with a section number: a heading wherever it stands"
                    )
                } else {
                    let (titled, bodied) = table.map_or((0, 0), |t| (t.titled, t.bodied));
                    format!(
                        "seen in {docs} of {group_docs} documents of group {group_label}, mostly outside the body, but it is this page's title: no other line of its header stays, where {titled} of the group's {bodied} pages with a body keep one (a series title: its number aside, it heads other pages)"
                    )
                }
            }
        });
    }
    let dup = &settings.duplicates;
    reasons.push(if !dup.blocks {
        "the duplicate-block rule is off".to_string()
    } else if key.weight < dup.block_min_weight {
        format!(
            "weight {} under --dup-min-weight {}: short lines such as headings may recur",
            key.weight, dup.block_min_weight
        )
    } else {
        format!(
            "weight {}: no earlier kept line has its text (duplicate-block)",
            key.weight
        )
    });
    reasons
}
