//! Totals of a run: the summary JSON and the table printed on stderr.
//!
//! Everything here is deterministic (no timings), so that two runs over the
//! same input with the same settings write identical reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Schema version of the report files; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Serialize, Default)]
pub struct Summary {
    pub schema: u32,
    pub gleaner_version: &'static str,
    /// xxh3 of every input's path and bytes, in document order.
    pub inputs_hash: String,
    /// xxh3 of the settings below.
    pub settings_hash: String,
    pub settings: serde_json::Value,
    pub documents: DocumentCounts,
    pub bytes: ByteCounts,
    /// Malformed byte sequences replaced by U+FFFD, over all documents.
    pub malformed_sequences: u64,
    /// Documents per detected encoding.
    pub encodings: BTreeMap<String, u64>,
    /// Per rule: spans removed and bytes of canonical text removed.
    pub rules: BTreeMap<&'static str, RuleCounts>,
    /// The blocks removed most often.
    pub top_removed: Vec<TopBlock>,
    /// Documents taken from the state an unfinished run left, not read
    /// again (not in `summary.json`: a resumed run's report is the same as
    /// an uninterrupted one's).
    #[serde(skip)]
    pub resumed: u64,
}

#[derive(Debug, Serialize, Deserialize, Default, Clone, Copy)]
pub struct DocumentCounts {
    pub total: u64,
    /// Written with some text left.
    pub cleaned: u64,
    /// Nothing left after cleaning: not written.
    pub dropped: u64,
    /// Binary, too large or unreadable: not cleaned (see documents.jsonl).
    pub skipped: u64,
}

#[derive(Debug, Serialize, Deserialize, Default, Clone, Copy)]
pub struct ByteCounts {
    /// Raw bytes of the documents read.
    pub input: u64,
    /// Bytes of their canonical text.
    pub canonical: u64,
    /// Bytes written.
    pub output: u64,
    /// Canonical bytes removed (canonical = output + removed).
    pub removed: u64,
}

#[derive(Debug, Serialize, Deserialize, Default, Clone, Copy)]
pub struct RuleCounts {
    pub spans: u64,
    pub bytes: u64,
}

#[derive(Debug, Serialize, Clone)]
pub struct TopBlock {
    pub text: String,
    pub rule: &'static str,
    pub count: u64,
}

impl Summary {
    /// The human table for stderr.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let d = &self.documents;
        let b = &self.bytes;
        let share = |part: u64| 100.0 * part as f64 / b.canonical.max(1) as f64;
        out.push_str(&format!(
            "documents  {} read: {} cleaned, {} dropped (nothing left), {} skipped\n",
            d.total, d.cleaned, d.dropped, d.skipped
        ));
        out.push_str(&format!(
            "bytes      {} in, {} canonical, {} out, {} removed ({:.1}%)\n",
            human_bytes(b.input),
            human_bytes(b.canonical),
            human_bytes(b.output),
            human_bytes(b.removed),
            share(b.removed)
        ));
        if self.malformed_sequences > 0 {
            out.push_str(&format!(
                "decoding   {} malformed byte sequences replaced by U+FFFD\n",
                self.malformed_sequences
            ));
        }
        out.push_str("\nrule                          spans        bytes   share\n");
        for (rule, counts) in &self.rules {
            out.push_str(&format!(
                "{rule:<26} {:>8} {:>12} {:>6.1}%\n",
                counts.spans,
                human_bytes(counts.bytes),
                share(counts.bytes)
            ));
        }
        if !self.top_removed.is_empty() {
            out.push_str("\nmost removed blocks\n");
            for block in &self.top_removed {
                let text: String = block.text.chars().take(60).collect();
                out.push_str(&format!("{:>8}×  {:<22} {text}\n", block.count, block.rule));
            }
        }
        out
    }
}

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

impl DocumentCounts {
    /// Add the counts of another part of a run.
    pub fn add(&mut self, other: &DocumentCounts) {
        self.total += other.total;
        self.cleaned += other.cleaned;
        self.dropped += other.dropped;
        self.skipped += other.skipped;
    }
}

impl ByteCounts {
    /// Add the counts of another part of a run.
    pub fn add(&mut self, other: &ByteCounts) {
        self.input += other.input;
        self.canonical += other.canonical;
        self.output += other.output;
        self.removed += other.removed;
    }
}
