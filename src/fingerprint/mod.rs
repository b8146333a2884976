//! Fingerprints of a document: what pass 1 keeps of it.
//!
//! A [`DocSketch`] holds one [`LineKey`] per line, one [`SentenceKey`] per
//! sentence of the lines that hold more than one, the winnowed span
//! fingerprints of its token stream ([`winnow`]) and a hash of the whole
//! document; every decision is a function of sketches and the index built
//! from them, so pass 2 only has to re-read a document to write it.

pub mod winnow;

use xxhash_rust::xxh3::Xxh3;

use crate::decide::pack::LineMatcher;
use crate::normalize::key::{KeyFolder, LineKey};
use crate::segment::{self, Span};
use winnow::Selected;

/// The compact form of one document.
#[derive(Debug, Clone, Default)]
pub struct DocSketch {
    /// Hash of the document's sequence of content keys: equal for documents
    /// that differ only in case, punctuation, spacing and blank lines.
    pub content_hash: u64,
    /// One key per line of the canonical text (blank lines have weight 0).
    pub lines: Vec<LineKey>,
    /// The sentences of lines with more than one, in text order (a line of
    /// one sentence is its own sentence: its [`LineKey`] stands for it).
    pub sentences: Vec<SentenceKey>,
    /// Index of the first token of each line in the document's token
    /// stream, and the number of tokens last (one more entry than lines).
    pub line_tokens: Vec<u32>,
    /// The winnowed fingerprints of the token stream, in order.
    pub spans: Vec<SpanPrint>,
}

/// The folded identity of one sentence inside a line (24 bytes: the
/// sketches of a corpus hold one per sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceKey {
    /// Content key, folded as line keys are.
    pub content: u64,
    pub line: u32,
    /// Index of its first token in the document's token stream.
    pub first_token: u32,
    /// Position of the sentence in its line ([`segment::sentences`] order);
    /// sentences after the 65,535th of a line are not sketched.
    pub ordinal: u16,
    /// Weight, saturating at 65,535 (it is only compared with thresholds).
    pub weight: u16,
}

/// One span fingerprint: the hash of the k-gram of tokens starting at
/// token `token`, which covers bytes `start..end` of the canonical text
/// (24 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanPrint {
    pub hash: u64,
    pub token: u32,
    pub start: u32,
    pub end: u32,
    /// Kept because it starts or ends a line or sentence, not by winnowing.
    pub anchor: bool,
}

impl DocSketch {
    /// Whether the document carries any text at all.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.weight == 0)
    }

    /// The line a token stands on: the last line starting at or before it.
    pub fn line_of_token(&self, token: u32) -> u32 {
        let starts = &self.line_tokens[..self.line_tokens.len().saturating_sub(1)];
        starts.partition_point(|&t| t <= token).saturating_sub(1) as u32
    }

    /// The sentences of a line that holds several (none otherwise), each
    /// with the range of tokens it spans.
    pub fn sentences_of(&self, line: u32) -> impl Iterator<Item = (&SentenceKey, u32, u32)> {
        let from = self.sentences.partition_point(|s| s.line < line);
        let to = self.sentences.partition_point(|s| s.line <= line);
        let parts = &self.sentences[from..to];
        let line_end = self.line_tokens.get(line as usize + 1).copied();
        parts.iter().enumerate().map(move |(k, part)| {
            let end = parts
                .get(k + 1)
                .map(|next| next.first_token)
                .or(line_end)
                .unwrap_or(part.first_token);
            (part, part.first_token, end)
        })
    }
}

/// Fingerprint the lines of a canonical text, noting the single-page rule
/// each line matches when `patterns` is given.
pub fn sketch(
    text: &str,
    lines: &[Span],
    folder: &mut KeyFolder,
    patterns: Option<&LineMatcher>,
) -> DocSketch {
    let mut whole = Xxh3::new();
    let mut sentences = Vec::new();
    let mut cuts = Vec::new();
    let mut folded_sentences = Vec::new();
    let mut line_tokens = Vec::with_capacity(lines.len() + 1);
    let mut token_hashes: Vec<u64> = Vec::new();
    let mut token_bytes: Vec<(u32, u32)> = Vec::new();
    let keys: Vec<LineKey> = lines
        .iter()
        .enumerate()
        .map(|(i, span)| {
            cuts.clear();
            let parts = segment::sentences(text, *span);
            cuts.extend(
                parts
                    .iter()
                    .take(parts.len().saturating_sub(1))
                    .map(|p| p.end - span.start),
            );
            let line = &text[span.start..span.end];
            let mut key = folder.fold_with_sentences(line, &cuts, &mut folded_sentences);
            let first_token = token_hashes.len() as u32;
            line_tokens.push(first_token);
            let offset = span.start as u32;
            for token in folder.tokens() {
                token_hashes.push(token.hash);
                token_bytes.push((offset + token.start, offset + token.end));
            }
            if let Some(patterns) = patterns {
                key.pattern = patterns.match_line(line, &key, folder.template_text());
            }
            if key.weight > 0 {
                whole.update(&key.content.to_le_bytes());
                let capped = folded_sentences.iter().take(usize::from(u16::MAX) + 1);
                for (ordinal, folded) in capped.enumerate() {
                    sentences.push(SentenceKey {
                        content: folded.content,
                        line: i as u32,
                        first_token: first_token + folded.first_token,
                        ordinal: ordinal as u16,
                        weight: folded.weight.min(u32::from(u16::MAX)) as u16,
                    });
                }
            }
            key
        })
        .collect();
    line_tokens.push(token_hashes.len() as u32);
    let mut unit_starts: Vec<u32> = line_tokens
        .iter()
        .copied()
        .chain(sentences.iter().map(|s: &SentenceKey| s.first_token))
        .collect();
    unit_starts.sort_unstable();
    unit_starts.dedup();
    DocSketch {
        content_hash: whole.digest(),
        lines: keys,
        sentences,
        line_tokens,
        spans: span_prints(&token_hashes, &token_bytes, &unit_starts),
    }
}

/// The winnowed fingerprints of a token stream, with the bytes each covers.
///
/// Besides the winnowed ones, the k-grams that start or end a line or a
/// sentence (`unit_starts`, token indices) are *anchors*: a copy of a whole
/// sentence then matches exactly at its edges, where winnowing alone would
/// prove it only up to `W - 1` tokens short.
fn span_prints(tokens: &[u64], bytes: &[(u32, u32)], unit_starts: &[u32]) -> Vec<SpanPrint> {
    let mut hashes = Vec::new();
    let mut selected = Vec::new();
    winnow::kgram_hashes(tokens, winnow::K, &mut hashes);
    winnow::winnow(&hashes, winnow::W, &mut selected);
    let print = |pos: usize, anchor: bool| SpanPrint {
        hash: hashes[pos],
        token: pos as u32,
        start: bytes[pos].0,
        end: bytes[pos + winnow::K - 1].1,
        anchor,
    };
    let mut prints: Vec<SpanPrint> = selected
        .iter()
        .map(|&Selected { pos, .. }| print(pos as usize, false))
        .collect();
    if hashes.is_empty() {
        return prints;
    }
    // Unit starts are in order; each unit's end is the next unit's start.
    let mut anchors: Vec<usize> = Vec::new();
    for pair in unit_starts.windows(2) {
        let (start, end) = (pair[0] as usize, pair[1] as usize);
        if end >= start + winnow::K {
            anchors.push(start);
            anchors.push(end - winnow::K);
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    let winnowed = prints.len();
    for pos in anchors {
        let at = prints[..winnowed].partition_point(|p| (p.token as usize) < pos);
        if prints.get(at).is_none_or(|p| p.token as usize != pos) {
            prints.push(print(pos, true));
        }
    }
    prints.sort_unstable_by_key(|p| p.token);
    prints
}

/// Every sentence of a document as (content key, weight, where), lines of
/// one sentence included, in text order.
pub fn sentence_units(sketch: &DocSketch) -> impl Iterator<Item = (u64, u32, u32, u32)> + '_ {
    let mut multi = sketch.sentences.iter().peekable();
    sketch.lines.iter().enumerate().flat_map(move |(i, line)| {
        let mut units = Vec::new();
        while let Some(s) = multi.next_if(|s| s.line == i as u32) {
            units.push((s.content, u32::from(s.weight), s.line, u32::from(s.ordinal)));
        }
        if units.is_empty() && line.weight > 0 {
            units.push((line.content, line.weight, i as u32, 0));
        }
        units
    })
}
