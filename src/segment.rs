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

/// Characters that end a sentence wherever they stand: CJK full stops, and
/// exclamation and question marks (NFKC turns the full-width '！？' of CJK
/// text into ASCII, which is followed by no space there).
fn is_cjk_ender(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '!' | '?')
}

/// Characters that end a sentence when followed by whitespace or the end
/// of the line (full stops and ellipses, which also stand inside numbers,
/// abbreviations and names).
fn is_latin_ender(c: char) -> bool {
    matches!(c, '.' | '…')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '”' | '’' | '」' | '』' | '）' | '》' | '】'
    )
}

/// The sentences of one line, as spans that tile it exactly: each sentence
/// takes its ender, the closing quotes after it, and the spaces before the
/// next sentence. A line without an ender is one sentence.
pub fn sentences(text: &str, line: Span) -> Vec<Span> {
    let mut spans = Vec::new();
    sentences_into(text, line, &mut spans);
    spans
}

/// [`sentences`], into `spans` (cleared first): for a caller that cuts
/// every line of a text, with one vector.
pub fn sentences_into(text: &str, line: Span, spans: &mut Vec<Span>) {
    spans.clear();
    let body = &text[line.start..line.end];
    let bytes = body.as_bytes();
    let mut start = 0;
    let mut at = 0;
    // Only the bytes that start an ender are looked at: none of them is
    // ever the inside of a character, so `at` lands on a character boundary.
    let mut next = EnderStarts::default();
    while let Some(found) = next.from(bytes, at) {
        at = found;
        let (latin, width) = match (bytes[at], bytes.get(at + 1..at + 3)) {
            (b'.', _) => (true, 1),
            (b'!' | b'?', _) => (false, 1),
            // '。' E3 80 82, '！' EF BC 81, '？' EF BC 9F, '｡' EF BD A1.
            (0xE3, Some([0x80, 0x82])) | (0xEF, Some([0xBC, 0x81 | 0x9F] | [0xBD, 0xA1])) => {
                (false, 3)
            }
            // '…' E2 80 A6.
            (0xE2, Some([0x80, 0xA6])) => (true, 3),
            _ => {
                at += 1;
                continue;
            }
        };
        if latin && !char_at(body, at + width).is_none_or(|n| n.is_whitespace() || is_closer(n)) {
            at += width;
            continue;
        }
        let mut end = at + width;
        while let Some(n) = char_at(body, end) {
            if is_closer(n) || is_cjk_ender(n) || is_latin_ender(n) {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        while let Some(n) = char_at(body, end) {
            if n.is_whitespace() {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        spans.push(Span {
            start: line.start + start,
            end: line.start + end,
        });
        start = end;
        at = end;
    }
    if start < body.len() {
        spans.push(Span {
            start: line.start + start,
            end: line.end,
        });
    }
}

/// The character starting at byte `at`, if there is one.
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Finds the bytes that start an ender: '.', '!', '?', and the lead bytes
/// of '…' (E2), '。' (E3) and '！？｡' (EF), with two vector searches for
/// three bytes each. Each search's last find is kept until the scan passes
/// it: Chinese text has a lead byte at every few characters, and a full
/// stop seldom.
#[derive(Default)]
struct EnderStarts {
    /// Where each search last found a byte (the text's end for none), or
    /// nothing before the first search.
    ascii: Option<usize>,
    lead: Option<usize>,
}

impl EnderStarts {
    /// The first byte at or after `at` that starts an ender.
    fn from(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let search = |last: &mut Option<usize>, [a, b, c]: [u8; 3]| match *last {
            Some(found) if found >= at => found,
            _ => {
                let found =
                    memchr::memchr3(a, b, c, &bytes[at..]).map_or(bytes.len(), |skip| at + skip);
                *last = Some(found);
                found
            }
        };
        let next = search(&mut self.ascii, [b'.', b'!', b'?'])
            .min(search(&mut self.lead, [0xE2, 0xE3, 0xEF]));
        (next < bytes.len()).then_some(next)
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::*;
    use proptest::prelude::*;

    fn split(line: &str) -> Vec<&str> {
        let span = Span {
            start: 0,
            end: line.len(),
        };
        sentences(line, span)
            .iter()
            .map(|s| &line[s.start..s.end])
            .collect()
    }

    #[test]
    fn cjk_and_latin_enders() {
        assert_eq!(
            split("第一句。第二句！“第三句？”尾巴"),
            ["第一句。", "第二句！", "“第三句？”", "尾巴"]
        );
        assert_eq!(
            split("It costs 2.4 million. Is it? Yes!  Done"),
            ["It costs 2.4 million. ", "Is it? ", "Yes!  ", "Done"]
        );
        assert_eq!(split("No ender here"), ["No ender here"]);
        assert_eq!(split("Wait... what?!"), ["Wait... ", "what?!"]);
        assert_eq!(
            split("好!再见?行。"),
            ["好!", "再见?", "行。"],
            "CJK text after NFKC"
        );
        assert!(split("").is_empty());
    }

    /// The plain character-by-character reading the byte scan must match.
    fn sentences_by_chars(text: &str, line: Span) -> Vec<Span> {
        let body = &text[line.start..line.end];
        let mut spans = Vec::new();
        let mut start = 0;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let ends = if is_cjk_ender(c) {
                true
            } else if is_latin_ender(c) {
                chars
                    .peek()
                    .is_none_or(|&(_, n)| n.is_whitespace() || is_closer(n))
            } else {
                false
            };
            if !ends {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if is_closer(n) || is_cjk_ender(n) || is_latin_ender(n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            while let Some(&(j, n)) = chars.peek() {
                if n.is_whitespace() {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            spans.push(Span {
                start: line.start + start,
                end: line.start + end,
            });
            start = end;
        }
        if start < body.len() {
            spans.push(Span {
                start: line.start + start,
                end: line.end,
            });
        }
        spans
    }

    proptest! {
        #[test]
        fn byte_scan_matches_char_scan(line in "[a-z .!?。！？｡…”」\"中文\t 、，“—《｢\u{3000}]{0,60}") {
            let span = Span { start: 0, end: line.len() };
            prop_assert_eq!(sentences(&line, span), sentences_by_chars(&line, span));
        }

        #[test]
        fn sentences_tile_the_line(line in "[a-z .!?。！？”\"中文 ]{0,60}") {
            let span = Span { start: 0, end: line.len() };
            let parts = sentences(&line, span);
            let mut at = 0;
            for part in &parts {
                prop_assert_eq!(part.start, at);
                prop_assert!(part.end > part.start);
                at = part.end;
            }
            prop_assert_eq!(at, line.len());
        }
    }
}
