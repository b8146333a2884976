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
    /// Of `in_body`, those where it stands as a lone sentence between two
    /// lines of body text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inserted: Option<u32>,
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

/// A JSON object being written: its fields, in the order given.
struct JsonObject<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    fn open(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        JsonObject { out, empty: true }
    }

    fn key(&mut self, name: &str) {
        if !std::mem::replace(&mut self.empty, false) {
            self.out.push(b',');
        }
        push_json_string(self.out, name);
        self.out.push(b':');
    }

    fn string(&mut self, name: &str, value: &str) {
        self.key(name);
        push_json_string(self.out, value);
    }

    fn number(&mut self, name: &str, value: u64) {
        self.key(name);
        self.push_number(value);
    }

    fn numbers(&mut self, name: &str, values: &[u64]) {
        self.key(name);
        self.out.push(b'[');
        for (i, &value) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.push_number(value);
        }
        self.out.push(b']');
    }

    fn push_number(&mut self, value: u64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

impl Evidence {
    /// Append the evidence as a JSON object, as serde_json writes it.
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut json = JsonObject::open(out);
        if let Some(group) = &self.group {
            json.string("group", group);
        }
        let counts = [
            ("docs", self.docs),
            ("group_docs", self.group_docs),
            ("in_body", self.in_body),
            ("inserted", self.inserted),
        ];
        for (name, count) in counts {
            if let Some(count) = count {
                json.number(name, u64::from(count));
            }
        }
        if let Some(first) = &self.first {
            json.string("first", first);
        }
        if let Some(bytes) = self.first_bytes {
            json.numbers("first_bytes", &bytes.map(u64::from));
        }
        if let Some(kept) = &self.kept {
            json.string("kept", kept);
        }
        if let Some(similarity) = self.similarity {
            json.key("similarity");
            serde_json::to_writer(&mut *json.out, &similarity).expect("a number serializes");
        }
        if let Some(pattern) = &self.pattern {
            json.string("pattern", pattern);
        }
        json.string("summary", &self.summary);
        json.close();
    }

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
            Reason::Inserted { stats, group_docs } => Evidence {
                summary: format!(
                    "line found in {} of {} documents of group {group_label}, inside the body in {}, as a lone sentence between two lines of body text in {} of those",
                    stats.docs, group_docs, stats.in_body, stats.inserted
                ),
                group: Some(group.to_string()),
                docs: Some(stats.docs),
                group_docs: Some(group_docs),
                in_body: Some(stats.in_body),
                inserted: Some(stats.inserted),
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
            Reason::TitleHeading { heading } => Evidence {
                summary: format!(
                    "page title with a suffix no other title of group {group_label} ends in; its own title stands again alone at {doc}:{}",
                    heading + 1
                ),
                group: Some(group.to_string()),
                first: Some(format!("{doc}:{}", heading + 1)),
                ..Evidence::default()
            },
            Reason::Stub => Evidence {
                summary: "a stub between removed lines, outside the body".to_string(),
                ..Evidence::default()
            },
            Reason::PageNumber { first, pages } => Evidence {
                summary: format!(
                    "one of {pages} page numbers of a text extracted from printed pages, the first at {doc}:{}",
                    first + 1
                ),
                first: Some(format!("{doc}:{}", first + 1)),
                ..Evidence::default()
            },
            Reason::RunningHead { first } => {
                let at = format!("{doc}:{}", first + 1);
                Evidence {
                    summary: format!(
                        "running head beside the page numbers of a text extracted from printed pages, first kept at {at}"
                    ),
                    first: Some(at),
                    ..Evidence::default()
                }
            }
            Reason::MenuColumn => Evidence {
                summary: "one of a column of short lines outside the body: a menu".to_string(),
                ..Evidence::default()
            },
            Reason::Masthead => Evidence {
                summary: "the site's name or motto at the head of the page, above its navigation: a page's title follows the navigation".to_string(),
                ..Evidence::default()
            },
            Reason::EchoedName { other } => Evidence {
                summary: format!(
                    "a short line outside the body that the page says again at {doc}:{}, on the other side of its text: the site's or the writer's name",
                    other + 1
                ),
                ..Evidence::default()
            },
            Reason::Tag => Evidence {
                summary: "one of a column of tags, a lowercase word a line, over a line taken as the site's".to_string(),
                ..Evidence::default()
            },
            Reason::ContentsEntry => Evidence {
                summary: "an entry of the page's table of contents, or its label: the entries' titles stand again below as headings".to_string(),
                ..Evidence::default()
            },
            Reason::SummaryLabel { summary } => Evidence {
                summary: format!(
                    "labels the summary at {doc}:{}, which opens the article and which its body says again",
                    summary + 1
                ),
                ..Evidence::default()
            },
            Reason::FooterRun => Evidence {
                summary: format!(
                    "after the body, between lines removed as the template of group {group_label} or by the page's rules"
                ),
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
    /// Append the record as a line of JSON: the bytes serde_json writes
    /// for the record, with the removed text last, but without its
    /// serializer, whose escaping of strings a byte at a time was most of
    /// the cost of the report (strings go through [`push_json_string`]).
    pub fn write_line(&self, out: &mut Vec<u8>) {
        let mut json = JsonObject::open(out);
        json.string("doc", self.doc);
        json.numbers("lines", &self.lines.map(|n| n as u64));
        json.numbers("bytes", &self.bytes.map(|n| n as u64));
        json.string("rule", self.rule);
        json.key("evidence");
        self.evidence.write_json(json.out);
        json.string("text", self.text);
        json.close();
        out.push(b'\n');
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        "[a-z0-9 \"\\\\/:\u{0}-\u{1f}\u{7f}é中文\u{2028}\u{FFFF}😀]{0,24}"
    }

    proptest! {
        #[test]
        fn records_are_written_as_serde_json_writes_them(
            doc in any_text(),
            text in any_text(),
            numbers in any::<[u32; 4]>(),
            strings in proptest::collection::vec(proptest::option::of(any_text()), 5),
            counts in any::<[Option<u32>; 4]>(),
            first_bytes in any::<Option<[u32; 2]>>(),
            similarity in proptest::option::of(0.0f64..=1.0),
        ) {
            let evidence = Evidence {
                group: strings[0].clone(),
                docs: counts[0],
                group_docs: counts[1],
                in_body: counts[2],
                inserted: counts[3],
                first: strings[1].clone(),
                first_bytes,
                kept: strings[2].clone(),
                similarity,
                pattern: strings[3].clone(),
                summary: strings[4].clone().unwrap_or_default(),
            };
            let record = ProvenanceRecord {
                doc: &doc,
                lines: [numbers[0], numbers[1]],
                bytes: [numbers[2] as usize, numbers[3] as usize],
                rule: "duplicate-span",
                evidence,
                text: &text,
            };
            let mut expected = serde_json::to_vec(&record).unwrap();
            expected.pop();
            expected.extend_from_slice(b",\"text\":");
            expected.extend_from_slice(&serde_json::to_vec(&text).unwrap());
            expected.extend_from_slice(b"}\n");
            let mut written = b"before".to_vec();
            record.write_line(&mut written);
            prop_assert_eq!(
                String::from_utf8_lossy(&written[6..]),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}
