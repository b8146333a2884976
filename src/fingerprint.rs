//! Fingerprints of a document: what pass 1 keeps of it.
//!
//! A [`DocSketch`] holds one [`LineKey`] per line and a hash of the whole
//! document; every decision is a function of sketches and the index built
//! from them, so pass 2 only has to re-read a document to write it.

use xxhash_rust::xxh3::Xxh3;

use crate::normalize::key::{KeyFolder, LineKey};
use crate::segment::Span;

/// The compact form of one document.
#[derive(Debug, Clone, Default)]
pub struct DocSketch {
    /// Hash of the document's sequence of content keys: equal for documents
    /// that differ only in case, punctuation, spacing and blank lines.
    pub content_hash: u64,
    /// One key per line of the canonical text (blank lines have weight 0).
    pub lines: Vec<LineKey>,
}

impl DocSketch {
    /// Whether the document carries any text at all.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.weight == 0)
    }
}

/// Fingerprint the lines of a canonical text.
pub fn sketch(text: &str, lines: &[Span], folder: &mut KeyFolder) -> DocSketch {
    let mut whole = Xxh3::new();
    let keys: Vec<LineKey> = lines
        .iter()
        .map(|span| {
            let key = folder.fold(&text[span.start..span.end]);
            if key.weight > 0 {
                whole.update(&key.content.to_le_bytes());
            }
            key
        })
        .collect();
    DocSketch {
        content_hash: whole.digest(),
        lines: keys,
    }
}
