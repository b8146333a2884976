//! The HTML audit page of a run: one self-contained file (no network
//! fetches) with the summary, bytes removed per rule and per group, the most
//! removed blocks, and a document browser that shows a document's text with
//! each removed span highlighted by rule, its evidence on hover or click and
//! a link to the first occurrence it matched.
//!
//! The page stays bounded whatever the run: it lists at most
//! [`MAX_LISTED`] documents (every k-th when there are more, k stated on
//! the page) and embeds the text of at most [`MAX_TEXTS`] of those that
//! have removals, chosen the same way, within [`MAX_TEXT_BYTES`]; every
//! other document is a line of the list, and `gleaner explain` shows it.
//! The data is one JSON object in the page; [`page.html`](self) renders it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::decide::removal::reconstruct;
use crate::decide::RuleId;
use crate::error::{Error, Result};
use crate::report::read::{self, DocumentEntry, JsonLines, RemovedSpan};
use crate::report::{DOCUMENTS_FILE, PROVENANCE_FILE};
use crate::segment::Span;

/// Documents listed at most.
pub const MAX_LISTED: usize = 20_000;
/// Documents whose text the page embeds, at most.
pub const MAX_TEXTS: usize = 300;
/// Bytes of embedded text, at most.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

const TEMPLATE: &str = include_str!("page.html");
const DATA_MARK: &str = "/*GLEANER-DATA*/";

/// What the page's script reads.
#[derive(Serialize)]
struct PageData {
    summary: serde_json::Value,
    rules: Vec<&'static str>,
    groups: Vec<GroupTotals>,
    docs_total: usize,
    docs_stride: usize,
    docs: Vec<ListedDoc>,
    texts: Vec<DocText>,
}

#[derive(Serialize, Default, Clone)]
struct GroupTotals {
    group: String,
    docs: u64,
    canonical: u64,
    removed: u64,
}

#[derive(Serialize)]
struct ListedDoc {
    /// Path.
    p: String,
    /// Group.
    g: String,
    /// Status.
    s: String,
    /// Canonical bytes.
    c: u64,
    /// Bytes removed per rule (index into `rules`).
    r: BTreeMap<usize, u64>,
}

#[derive(Serialize)]
struct DocText {
    /// Index into `docs`.
    doc: usize,
    text: String,
    /// (start, end) in UTF-16 code units of `text`, rule index, evidence,
    /// first occurrence.
    spans: Vec<(usize, usize, usize, String, Option<String>)>,
}

/// Write the audit page of the run whose report is in `report` and
/// cleaned files in `output` to `page`.
pub fn write_page(report: &Path, output: &Path, page: &Path) -> Result<()> {
    let html = render(report, output)?;
    crate::write::write_atomic(page, html.as_bytes())
}

/// The audit page as HTML.
pub fn render(report: &Path, output: &Path) -> Result<String> {
    let summary: serde_json::Value = read::summary(report)?;
    let mut cleaned_texts = read::CleanedTexts::new(output, read::record_fields(report)?);
    let rules: Vec<&'static str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
    let rule_index = |name: &str| rules.iter().position(|r| *r == name);

    let documents = read::all::<DocumentEntry>(&report.join(DOCUMENTS_FILE))?;
    let docs_total = documents.len();
    let docs_stride = docs_total.div_ceil(MAX_LISTED).max(1);
    let with_removals = (documents.iter().step_by(docs_stride))
        .filter(|d| d.removals > 0)
        .count();
    let text_stride = with_removals.div_ceil(MAX_TEXTS).max(1);

    // One pass over the provenance, in document order beside the documents.
    let provenance_path = report.join(PROVENANCE_FILE);
    let mut records = JsonLines::<RemovedSpan>::open(&provenance_path)?;
    let mut groups: BTreeMap<String, GroupTotals> = BTreeMap::new();
    let mut docs = Vec::new();
    let mut texts = Vec::new();
    let mut text_bytes = 0usize;
    let mut removal_rank = 0usize;
    for (i, document) in documents.into_iter().enumerate() {
        let group = document.group.clone().unwrap_or_default();
        let mut own = Vec::with_capacity(document.removals);
        for _ in 0..document.removals {
            let Some(record) = records.next_record()? else {
                return Err(Error::report(
                    &provenance_path,
                    0,
                    format!("ends before the removals of {}", document.doc),
                ));
            };
            if record.doc != document.doc {
                return Err(Error::report(
                    &provenance_path,
                    records.line(),
                    format!(
                        "a record of {} where {DOCUMENTS_FILE} expects one of {}",
                        record.doc, document.doc
                    ),
                ));
            }
            own.push(record);
        }
        let mut per_rule: BTreeMap<usize, u64> = BTreeMap::new();
        for record in &own {
            if let Some(rule) = rule_index(&record.rule) {
                *per_rule.entry(rule).or_default() += (record.bytes[1] - record.bytes[0]) as u64;
            }
        }
        let totals = groups.entry(group.clone()).or_insert_with(|| GroupTotals {
            group: group.clone(),
            ..GroupTotals::default()
        });
        totals.docs += 1;
        totals.canonical += document.bytes_canonical;
        totals.removed += per_rule.values().sum::<u64>();

        if i % docs_stride != 0 {
            continue;
        }
        let listed = docs.len();
        let sampled = !own.is_empty() && {
            removal_rank += 1;
            (removal_rank - 1).is_multiple_of(text_stride)
        };
        if sampled && texts.len() < MAX_TEXTS && text_bytes < MAX_TEXT_BYTES {
            if let Some(text) =
                document_text(&mut cleaned_texts, &document, &own, &rule_index, listed)?
            {
                text_bytes += text.text.len();
                texts.push(text);
            }
        }
        docs.push(ListedDoc {
            p: document.doc,
            g: group,
            s: document.status,
            c: document.bytes_canonical,
            r: per_rule,
        });
    }
    let mut groups: Vec<GroupTotals> = groups.into_values().collect();
    groups.sort_by(|a, b| {
        b.removed
            .cmp(&a.removed)
            .then_with(|| a.group.cmp(&b.group))
    });
    let data = PageData {
        summary,
        rules,
        groups,
        docs_total,
        docs_stride,
        docs,
        texts,
    };
    let json = serde_json::to_string(&data).expect("page data serializes to JSON");
    // Inside a script element, "</" could end it: JSON allows "<\/".
    let json = json.replace("</", "<\\/");
    Ok(TEMPLATE.replacen(DATA_MARK, &json, 1))
}

/// A document's canonical text (its output with the removed spans put
/// back) and its spans in the page's terms, or `None` when its output
/// cannot be read.
fn document_text(
    texts: &mut read::CleanedTexts,
    document: &DocumentEntry,
    records: &[RemovedSpan],
    rule_index: &dyn Fn(&str) -> Option<usize>,
    listed: usize,
) -> Result<Option<DocText>> {
    let cleaned = match texts.get(&document.doc)? {
        Some(text) => text,
        None if document.status == "dropped" => String::new(),
        None => return Ok(None),
    };
    let pieces: Vec<(Span, &str)> = records
        .iter()
        .map(|r| {
            let span = Span {
                start: r.bytes[0],
                end: r.bytes[1],
            };
            (span, r.text.as_str())
        })
        .collect();
    let text = reconstruct(&cleaned, &pieces);
    // Byte offsets to UTF-16 offsets, walking the text once.
    let mut spans = Vec::with_capacity(records.len());
    let (mut byte, mut unit) = (0usize, 0usize);
    let mut to_unit = |target: usize| -> usize {
        let target = target.min(text.len());
        if target > byte {
            unit += text[byte..target].encode_utf16().count();
            byte = target;
        }
        unit
    };
    for record in records {
        let Some(rule) = rule_index(&record.rule) else {
            continue;
        };
        let start = to_unit(record.bytes[0]);
        let end = to_unit(record.bytes[1]);
        let first = record
            .evidence
            .first
            .clone()
            .or(record.evidence.kept.clone());
        spans.push((start, end, rule, record.evidence.summary.clone(), first));
    }
    Ok(Some(DocText {
        doc: listed,
        text,
        spans,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of `docs` documents, every `removed`-th with one removal,
    /// and their cleaned files.
    fn fake_run(
        dir: &Path,
        docs: usize,
        removed: usize,
    ) -> (std::path::PathBuf, std::path::PathBuf) {
        let report = dir.join("out.report");
        let output = dir.join("out");
        std::fs::create_dir_all(&report).unwrap();
        std::fs::create_dir_all(&output).unwrap();
        let mut documents = String::new();
        let mut provenance = String::new();
        for i in 0..docs {
            let doc = format!("d{i:06}.txt");
            let removals = usize::from(i % removed == 0);
            documents.push_str(&format!(
                "{{\"doc\":\"{doc}\",\"group\":\"g{}\",\"status\":\"cleaned\",\"bytes_canonical\":12,\"removals\":{removals}}}\n",
                i % 3
            ));
            if removals == 1 {
                provenance.push_str(&format!(
                    "{{\"doc\":\"{doc}\",\"lines\":[1,1],\"bytes\":[0,5],\"rule\":\"duplicate-block\",\"evidence\":{{\"first\":\"d000000.txt:1\",\"summary\":\"same text first kept at d000000.txt:1\"}},\"text\":\"</b>\\n\"}}\n"
                ));
                std::fs::write(output.join(&doc), "kept.\n").unwrap();
            }
        }
        std::fs::write(report.join(DOCUMENTS_FILE), documents).unwrap();
        std::fs::write(report.join(PROVENANCE_FILE), provenance).unwrap();
        std::fs::write(
            report.join(crate::report::SUMMARY_FILE),
            r#"{"schema":1,"gleaner_version":"0","rules":{},"top_removed":[]}"#,
        )
        .unwrap();
        (report, output)
    }

    fn page_data(html: &str) -> serde_json::Value {
        let start = html
            .find("<script id=\"data\" type=\"application/json\">")
            .unwrap();
        let json_start = html[start..].find('>').unwrap() + start + 1;
        let json_end = html[json_start..].find("</script>").unwrap() + json_start;
        serde_json::from_str(&html[json_start..json_end]).unwrap()
    }

    #[test]
    fn a_large_run_is_listed_by_stride_and_sampled_for_texts() {
        let dir = tempfile::tempdir().unwrap();
        let (report, output) = fake_run(dir.path(), 45_000, 10);
        let html = render(&report, &output).unwrap();
        let data = page_data(&html);
        assert_eq!(data["docs_total"], 45_000);
        assert_eq!(data["docs_stride"], 3);
        assert_eq!(data["docs"].as_array().unwrap().len(), 15_000);
        let texts = data["texts"].as_array().unwrap();
        assert!(
            !texts.is_empty() && texts.len() <= MAX_TEXTS,
            "{}",
            texts.len()
        );
        // Each embedded text is its output with the removal put back, and
        // the removal's span is given in UTF-16 units of that text.
        assert_eq!(texts[0]["text"], "</b>\nkept.\n");
        assert_eq!(texts[0]["spans"][0][0], 0);
        assert_eq!(texts[0]["spans"][0][1], 5);
        // A removed "</" cannot end the data's script element early.
        assert!(!html[html.find("application/json").unwrap()..].starts_with("</b>"));
        assert_eq!(html.matches("</script>").count(), 2);
        let groups = data["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 3);
        assert!(html.len() < 8 << 20, "{} bytes", html.len());
    }

    #[test]
    fn the_page_fetches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (report, output) = fake_run(dir.path(), 10, 2);
        let html = render(&report, &output).unwrap();
        for fetch in ["src=", "<link", "http://", "https://", "@import", "fetch("] {
            assert!(!html.contains(fetch), "{fetch}");
        }
    }
}
