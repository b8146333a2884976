//! Splits canonical text into lines (the blocks that rules decide on).
//!
//! Offsets are bytes of the canonical text, half-open, and always fall on
//! character boundaries; a line's span excludes its '\n'.

use serde::Serialize;

/// A byte range `[start, end)` in a document's canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The lines of canonical text (every line of which ends with '\n').
pub fn lines(text: &str) -> Vec<Span> {
    let mut spans = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        spans.push(Span { start, end });
        start = end + 1;
    }
    if start < text.len() {
        spans.push(Span {
            start,
            end: text.len(),
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_exclude_line_ends() {
        let text = "ab\n\n中文\n";
        let spans = lines(text);
        let parts: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(parts, ["ab", "", "中文"]);
        assert!(lines("").is_empty());
        assert_eq!(lines("x").len(), 1);
    }
}
