//! The provenance record of one removed span, as written to `provenance.jsonl`.

use serde::Serialize;

use crate::corpus::jsonl::push_json_string;
use crate::corpus::Corpus;
use crate::decide::pack::RulePack;
use crate::decide::removal::Removal;
use crate::decide::Reason;

/// One line of `provenance.jsonl`.
#[derive(Debug, Serialize)]
pub struct ProvenanceRecord<'a> {
    /// Path of the document, relative to the input (as in the output tree).
    pub doc: &'a str,
    /// First and last line, 1-based and inclusive.
    pub lines: [u32; 2],
    /// Byte range `[start, end)` in the document's canonical text.
    pub bytes: [usize; 2],
    pub rule: &'static str,
    pub evidence: Evidence,
    /// The removed text, exactly: written last, by [`ProvenanceRecord::write_line`].
    #[serde(skip)]
    pub text: &'a str,
}

/// Why the rule fired, in numbers and in words.
#[derive(Debug, Serialize, Default)]
pub struct Evidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Documents of the group that carry the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<u32>,
    /// Documents in the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_docs: Option<u32>,
    /// Of `docs`, those where the line stands inside the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_body: Option<u32>,
    /// The kept first occurrence, as `path:line` (or `path` for a document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    /// Bytes `[start, end)` of the first occurrence of a repeated span, in
    /// that document's canonical text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_bytes: Option<[u32; 2]>,
    /// The document kept of a cluster of near-duplicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
    /// Estimated Jaccard similarity with the kept near-duplicate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The single-page pack rule that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The evidence as a sentence.
    pub summary: String,
}

impl Evidence {
    /// The evidence of a removal from document `doc` (its relative path).
    pub fn of(
        reason: &Reason,
        doc: &str,
        group: &str,
        corpus: &Corpus,
        pack: &RulePack,
    ) -> Evidence {
        let group_label = if group.is_empty() { "(root)" } else { group };
        match *reason {
            Reason::DuplicateDocument { of } => {
                let first = corpus.name(of).into_owned();
                Evidence {
                    summary: format!("the whole document repeats {first}"),
                    first: Some(first),
                    ..Evidence::default()
                }
            }
            Reason::NearDuplicate { of } => {
                let kept = corpus.name(of.kept).into_owned();
                Evidence {
                    summary: format!(
                        "nearly the same content as {kept}, which is kept (estimated Jaccard similarity {:.2}: {} of {} MinHash slots agree)",
                        of.similarity(),
                        of.agreeing,
                        crate::fingerprint::minhash::SLOTS
                    ),
                    kept: Some(kept),
                    similarity: Some(of.similarity()),
                    ..Evidence::default()
                }
            }
            Reason::Boilerplate { stats, group_docs } => Evidence {
                summary: format!(
                    "line found in {} of {} documents of group {group_label}, inside the body in {}",
                    stats.docs, group_docs, stats.in_body
                ),
                group: Some(group.to_string()),
                docs: Some(stats.docs),
                group_docs: Some(group_docs),
                in_body: Some(stats.in_body),
                ..Evidence::default()
            },
            Reason::PagePattern { pattern } => {
                let rule = pack.rule(pattern);
                Evidence {
                    summary: format!("{}: {}", rule.id, rule.description),
                    pattern: Some(rule.id.clone()),
                    ..Evidence::default()
                }
            }
            Reason::SiteTitle { stats, group_docs } => Evidence {
                summary: format!(
                    "page title ending in the site's name, which ends the titles of {} of {} documents of group {group_label}; the title stands again below",
                    stats.docs, group_docs
                ),
                group: Some(group.to_string()),
                docs: Some(stats.docs),
                group_docs: Some(group_docs),
                ..Evidence::default()
            },
            Reason::Stub => Evidence {
                summary: "a stub between removed lines, outside the body".to_string(),
                ..Evidence::default()
            },
            Reason::FooterRun => Evidence {
                summary: format!("after the body, between template lines of group {group_label}"),
                group: Some(group.to_string()),
                ..Evidence::default()
            },
            Reason::RepeatedClause { line } => {
                let at = format!("{doc}:{}", line + 1);
                Evidence {
                    summary: "repeats the clause just before it".to_string(),
                    first: Some(at),
                    ..Evidence::default()
                }
            }
            Reason::DuplicateResidue { copied_from } => {
                let first = corpus.name(copied_from).into_owned();
                Evidence {
                    summary: format!("what is left of a copy of {first}"),
                    first: Some(first),
                    ..Evidence::default()
                }
            }
            Reason::DuplicateSentence { first } => {
                let at = format!("{}:{}", corpus.name(first.doc), first.line + 1);
                Evidence {
                    summary: format!("same sentence first kept at {at} (sentence {} of the line)", first.ordinal + 1),
                    first: Some(at),
                    ..Evidence::default()
                }
            }
            Reason::DuplicateSpan { first } => {
                let at = format!("{}:{}", corpus.name(first.doc), first.line + 1);
                Evidence {
                    summary: format!(
                        "repeats the span first kept at {at} (bytes {}..{})",
                        first.start, first.end
                    ),
                    first: Some(at),
                    first_bytes: Some([first.start, first.end]),
                    ..Evidence::default()
                }
            }
            Reason::DuplicateBlock { first } => {
                let at = format!("{}:{}", corpus.name(first.doc), first.line + 1);
                Evidence {
                    summary: format!("same text first kept at {at}"),
                    first: Some(at),
                    ..Evidence::default()
                }
            }
        }
    }
}

impl<'a> ProvenanceRecord<'a> {
    /// Append the record as a line of JSON. The removed text, most of a
    /// record's bytes, is escaped by [`push_json_string`], not serde_json.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(&mut *out, self).expect("report records serialize to JSON");
        debug_assert_eq!(out.last(), Some(&b'}'));
        out.pop();
        out.extend_from_slice(b",\"text\":");
        push_json_string(out, self.text);
        out.extend_from_slice(b"}\n");
    }

    pub fn new(doc: &'a str, canonical: &'a str, removal: &Removal, evidence: Evidence) -> Self {
        ProvenanceRecord {
            doc,
            lines: [removal.first_line, removal.last_line],
            bytes: [removal.span.start, removal.span.end],
            rule: removal.reason.rule().as_str(),
            evidence,
            text: &canonical[removal.span.start..removal.span.end],
        }
    }
}
