//! The canonical text form that gleaner writes and reasons about.
//!
//! [`canonicalize`] fixes, line by line: line ends (LF; CRLF, CR, VT, FF, NEL,
//! LS and PS all end a line), invisible and control characters (removed; a tab
//! becomes a space), the Unicode form (NFKC by default), spaces that PDF
//! extraction left between two Han or Kana characters (removed; Hangul keeps
//! its word spaces), trailing spaces, and blank lines at the end.
//!
//! Invariant: line *i* of the canonical text is line *i* of the original (no
//! line is ever merged, split or dropped, except blank lines at the very end),
//! so a report can cite original line numbers from canonical positions.
//!
//! [`key`] folds lines further into hash keys ([`fold_script`] maps
//! Traditional Chinese to Simplified in them); [`shape`] recognises section
//! headings.

pub mod fold_script;
pub mod key;
pub mod script;
pub mod shape;

use std::ops::Range;

use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::settings::NormalForm;
use script::{is_invisible, is_joiner, is_nf_stable_fast, is_unspaced_cjk};

/// The canonical form of a decoded document.
pub fn canonicalize(text: &str, form: NormalForm) -> String {
    canonical_form(text, form, None)
}

/// Where a text's canonical form differs from it, line by line: what
/// makes the canonical form again from the text ([`canonicalize_noting_changes`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineChanges {
    /// Lines of the canonical form.
    pub lines: u32,
    /// Each line of the canonical form that is not the text's line of the
    /// same index ([`lines`]): its index and its bytes in the canonical
    /// form, in order.
    pub changed: Vec<(u32, Range<usize>)>,
}

/// [`canonicalize`], noting which lines the canonical form changes as it
/// makes them.
pub fn canonicalize_noting_changes(text: &str, form: NormalForm) -> (String, LineChanges) {
    let mut changes = LineChanges::default();
    let canonical = canonical_form(text, form, Some(&mut changes));
    (canonical, changes)
}

fn canonical_form(text: &str, form: NormalForm, mut changes: Option<&mut LineChanges>) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut filtered = String::new();
    let mut composed = String::new();
    let mut count = 0u32;
    for line in lines(text) {
        let start = out.len();
        let shape = filter_line(line, form, &mut filtered);
        let normalized = if shape.maybe_unnormalized {
            apply_form(&filtered, form, &mut composed)
        } else {
            &filtered
        };
        if shape.has_wide_space || shape.maybe_unnormalized {
            push_spaced(normalized, &mut out);
        } else if shape.has_whitespace && shape.has_cjk {
            push_spaced_ascii(normalized, &mut out);
        } else if shape.has_whitespace {
            out.push_str(normalized.trim_end_matches(' '));
        } else {
            out.push_str(normalized);
        }
        if let Some(changes) = changes.as_deref_mut() {
            if out[start..] != *line {
                changes.changed.push((count, start..out.len()));
            }
        }
        out.push('\n');
        count += 1;
    }
    let dropped = drop_trailing_blank_lines(&mut out);
    if let Some(changes) = changes {
        changes.lines = count - dropped;
        changes.changed.retain(|(index, _)| *index < changes.lines);
    }
    out
}

/// A text's last line ends with one '\n'; a text of blank lines is empty.
/// Returns how many lines went.
fn drop_trailing_blank_lines(out: &mut String) -> u32 {
    let mut dropped = 0;
    while out.ends_with("\n\n") {
        out.pop();
        dropped += 1;
    }
    if out == "\n" {
        out.clear();
        dropped += 1;
    }
    dropped
}

/// Lines as the report counts them: split at LF, CRLF, CR, VT, FF, NEL, LS, PS.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    // Most texts break lines with LF or CRLF alone; they are split with
    // memchr instead of looking at every byte.
    let lf_or_cr_only = !has_rare_breaks(text);
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let (line_end, break_len) = if lf_or_cr_only {
            match memchr::memchr2(b'\n', b'\r', bytes) {
                Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, 2),
                Some(i) => (i, 1),
                None => (bytes.len(), 0),
            }
        } else {
            next_break(bytes)
        };
        let line = &rest[..line_end];
        rest = &rest[line_end + break_len..];
        Some(line)
    })
}

/// Whether `text` holds a line break other than LF and CR: VT, FF, NEL
/// (C2 85), LS (E2 80 A8) or PS (E2 80 A9). Sixteen places at a time with
/// SSE2 (part of every x86-64 processor), each tested for all five in one
/// pass, where a search per break would pass over the text four times
/// (and the searches for LS and PS stop at every general punctuation mark
/// of a Chinese text, which shares their first two bytes).
fn has_rare_breaks(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(at..at + 18) {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of every x86_64; the loads read bytes 0 to
        // 15, 1 to 16 and 2 to 17 of `chunk`, unaligned.
        let found = unsafe {
            let byte = |b: u8| _mm_set1_epi8(b as i8);
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let next = _mm_loadu_si128(chunk[1..].as_ptr().cast());
            let third = _mm_loadu_si128(chunk[2..].as_ptr().cast());
            let control =
                _mm_or_si128(_mm_cmpeq_epi8(v, byte(0x0B)), _mm_cmpeq_epi8(v, byte(0x0C)));
            let nel = _mm_and_si128(
                _mm_cmpeq_epi8(v, byte(0xC2)),
                _mm_cmpeq_epi8(next, byte(0x85)),
            );
            let ls_or_ps = _mm_and_si128(
                _mm_and_si128(
                    _mm_cmpeq_epi8(v, byte(0xE2)),
                    _mm_cmpeq_epi8(next, byte(0x80)),
                ),
                _mm_or_si128(
                    _mm_cmpeq_epi8(third, byte(0xA8)),
                    _mm_cmpeq_epi8(third, byte(0xA9)),
                ),
            );
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(nel, ls_or_ps)))
        };
        if found != 0 {
            return true;
        }
        at += 16;
    }
    // A break starting from `at` on lies wholly in the rest.
    let rest = &bytes[at..];
    memchr::memchr2(0x0B, 0x0C, rest).is_some()
        || memchr::memmem::find(rest, "\u{85}".as_bytes()).is_some()
        || memchr::memmem::find(rest, "\u{2028}".as_bytes()).is_some()
        || memchr::memmem::find(rest, "\u{2029}".as_bytes()).is_some()
}

/// Where the first line of `bytes` ends and how long its break is (0 when
/// the line runs to the end).
fn next_break(bytes: &[u8]) -> (usize, usize) {
    for i in 0..bytes.len() {
        let break_len = match bytes[i] {
            b'\n' | 0x0B | 0x0C => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                3
            }
            _ => continue,
        };
        return (i, break_len);
    }
    (bytes.len(), 0)
}

/// What [`filter_line`] saw of a line, so later steps can be skipped.
struct LineShape {
    /// Some character is not known to be stable under the Unicode form.
    maybe_unnormalized: bool,
    has_whitespace: bool,
    /// Some whitespace is not U+0020.
    has_wide_space: bool,
    /// Some character is Han or Kana (only then can a space stand inside a
    /// CJK word).
    has_cjk: bool,
}

/// Whether a zero-width joiner `joiner` after `c` shapes what follows: after
/// a letter, or a letter's vowel sign or virama (the Telugu 'హైదరాబాద్‌లో',
/// whose non-joiner follows a virama, the Persian 'می‌خواهم'), and for the
/// joiner, after an emoji or its presentation selector (the family
/// '👨‍👩‍👧').
fn joins_after(c: char, joiner: char) -> bool {
    c.is_alphabetic()
        || unicode_normalization::char::is_combining_mark(c)
        || (joiner == '\u{200D}' && (is_emoji(c) || c == '\u{FE0F}'))
}

/// Whether a joiner stands before `c` in a sequence it shapes.
fn joins_before(c: char, joiner: char) -> bool {
    c.is_alphabetic() || (joiner == '\u{200D}' && is_emoji(c))
}

/// Pictographs that zero-width joiners combine into one emoji.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F300..=0x1FAFF)
}

/// Drop invisible and control characters; under NFKC, map the full-width
/// ASCII block and the ideographic space straight to their targets (their
/// compatibility decompositions are single characters, so this cannot change
/// the NFKC result, and it lets most CJK lines skip normalization).
fn filter_line(line: &str, form: NormalForm, out: &mut String) -> LineShape {
    out.clear();
    let mut shape = LineShape {
        maybe_unnormalized: false,
        has_whitespace: false,
        has_wide_space: false,
        has_cjk: false,
    };
    let bytes = line.as_bytes();
    let mut previous: Option<char> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: copy runs of visible ASCII, of 3-byte
        // sequences led by E4..E9 (U+4000..U+9FFF, the Han block, all of it
        // stable, visible and not space) and of the punctuation that fills
        // Chinese text (stable, visible, not space, not Han) in one go.
        let run_start = i;
        let mut space = false;
        // Latin text, eight bytes at a time while they are visible ASCII.
        while let Some(eight) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            if !is_visible_ascii(word) {
                break;
            }
            space |= crate::swar::bytes_equal(word, b' ') != 0;
            i += 8;
        }
        while let Some(&b) = bytes.get(i) {
            match b {
                0x20..=0x7E => {
                    space |= b == b' ';
                    i += 1;
                }
                0xE4..=0xE9 => {
                    shape.has_cjk = true;
                    i += 3;
                }
                0xE2 | 0xE3 if is_stable_punctuation(&bytes[i..i + 3]) => i += 3,
                _ => break,
            }
        }
        if i > run_start {
            let run = &line[run_start..i];
            out.push_str(run);
            previous = run.chars().next_back();
            shape.has_whitespace |= space;
        }
        // Full-width ASCII (U+FF01..U+FF5E: EF BC 81..EF BD 9E), which NFKC
        // maps to the ASCII it stands for, told by its bytes.
        if form == NormalForm::Nfkc {
            if let Some(&[0xEF, second @ (0xBC | 0xBD), third]) = bytes.get(i..i + 3) {
                let code = 0xFF00 + (u32::from(second & 1) << 6 | u32::from(third & 0x3F));
                if (0xFF01..=0xFF5E).contains(&code) {
                    let ascii = char::from((code - 0xFEE0) as u8);
                    out.push(ascii);
                    previous = Some(ascii);
                    i += 3;
                    continue;
                }
            }
        }
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let kept = match c {
            '\t' => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c if is_joiner(c) => {
                let next = line[i..].chars().next();
                let joins = previous.is_some_and(|p| joins_after(p, c))
                    && next.is_some_and(|n| joins_before(n, c));
                joins.then_some(c)
            }
            // Spaces whose compatibility decomposition is a single U+0020.
            '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
                if form == NormalForm::Nfkc =>
            {
                Some(' ')
            }
            c => Some(c),
        };
        if let Some(k) = kept {
            out.push(k);
            previous = Some(k);
            if k.is_whitespace() {
                shape.has_whitespace = true;
                shape.has_wide_space |= k != ' ';
            }
            shape.maybe_unnormalized |= !is_nf_stable_fast(k);
            shape.has_cjk |= is_unspaced_cjk(k);
        }
    }
    shape
}

/// Whether all eight bytes of `word` are visible ASCII (0x20..=0x7E): none
/// has its high bit set, none falls below 0x20 (taking 0x20 from the lowest
/// that does sets its high bit), none is 0x7F (adding 1 to it does).
fn is_visible_ascii(word: u64) -> bool {
    use crate::swar::{splat, HIGH_BITS};
    (word | word.wrapping_sub(splat(0x20)) | word.wrapping_add(splat(1))) & HIGH_BITS == 0
}

/// Whether the three bytes are one of the punctuation marks of Chinese text
/// that [`is_nf_stable_fast`] knows: '、', '。', '《》「」『』【】' (U+3001,
/// U+3002, U+300A..U+3011) and '—‘’“”' (U+2014, U+2018, U+2019, U+201C,
/// U+201D).
fn is_stable_punctuation(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xE3, 0x80, 0x81 | 0x82 | 0x8A..=0x91] | [0xE2, 0x80, 0x94 | 0x98 | 0x99 | 0x9C | 0x9D]
    )
}

fn apply_form<'a>(line: &'a str, form: NormalForm, scratch: &'a mut String) -> &'a str {
    if line.is_ascii() {
        return line;
    }
    let stable = match form {
        NormalForm::None => return line,
        NormalForm::Nfkc => is_nfkc_quick(line.chars()) == IsNormalized::Yes,
        NormalForm::Nfc => is_nfc_quick(line.chars()) == IsNormalized::Yes,
    };
    if stable {
        return line;
    }
    scratch.clear();
    match form {
        NormalForm::Nfkc => scratch.extend(line.nfkc()),
        NormalForm::Nfc => scratch.extend(line.nfc()),
        NormalForm::None => unreachable!("returned above"),
    }
    scratch
}

/// Append `line` without trailing whitespace and without the whitespace that
/// stands between two Han/Kana characters.
fn push_spaced(line: &str, out: &mut String) {
    let mut pending_space: Option<usize> = None;
    let mut previous: Option<char> = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            pending_space.get_or_insert(i);
            continue;
        }
        if let Some(start) = pending_space.take() {
            let inside_cjk_word = previous.is_some_and(is_unspaced_cjk) && is_unspaced_cjk(c);
            if !inside_cjk_word {
                out.push_str(&line[start..i]);
            }
        }
        out.push(c);
        previous = Some(c);
    }
}

/// [`push_spaced`] for a line whose only whitespace is U+0020: copies the
/// text between spaces in whole runs.
fn push_spaced_ascii(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b' ', &bytes[pos..]) {
        let space_start = pos + offset;
        out.push_str(&line[pos..space_start]);
        let space_end = bytes[space_start..]
            .iter()
            .position(|&b| b != b' ')
            .map_or(bytes.len(), |n| space_start + n);
        if space_end == bytes.len() {
            return;
        }
        let before = line[..space_start].chars().next_back();
        let after = line[space_end..].chars().next();
        let inside_cjk_word =
            before.is_some_and(is_unspaced_cjk) && after.is_some_and(is_unspaced_cjk);
        if !inside_cjk_word {
            out.push_str(&line[space_start..space_end]);
        }
        pos = space_end;
    }
    out.push_str(&line[pos..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain byte-by-byte splitter the memchr path must match.
    /// Lines as the report counts them: split at LF, CRLF, CR, VT, FF, NEL, LS, PS.
    fn lines_byte_by_byte(text: &str) -> impl Iterator<Item = &str> {
        let mut rest = text;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let bytes = rest.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let (break_len, line_end) = match bytes[i] {
                    b'\n' | 0x0B | 0x0C => (1, i),
                    b'\r' => (
                        if bytes.get(i + 1) == Some(&b'\n') {
                            2
                        } else {
                            1
                        },
                        i,
                    ),
                    0xC2 if bytes.get(i + 1) == Some(&0x85) => (2, i),
                    0xE2 if bytes.get(i + 1) == Some(&0x80)
                        && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                    {
                        (3, i)
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                let line = &rest[..line_end];
                rest = &rest[line_end + break_len..];
                return Some(line);
            }
            let line = rest;
            rest = "";
            Some(line)
        })
    }

    proptest! {
        #[test]
        fn line_splitting_matches_byte_by_byte(text in "[a-z中\n\r\u{b}\u{c}\u{85}\u{2028}\u{2029}\u{2026} ]{0,40}") {
            let fast: Vec<&str> = lines(&text).collect();
            let plain: Vec<&str> = lines_byte_by_byte(&text).collect();
            prop_assert_eq!(fast, plain);
        }
    }

    proptest! {
        #[test]
        fn rare_breaks_are_found_wherever_they_stand(
            // Near misses: characters that share a rare break's first
            // bytes (U+2026, U+2027, U+202A; U+00B7, U+00A9), or its last.
            text in "[a-z中\n\r\u{2026}\u{2027}\u{202a}\u{b7}\u{a9}\u{a8}]{0,60}",
            rare in proptest::option::of(prop_oneof![
                Just('\u{b}'), Just('\u{c}'), Just('\u{85}'), Just('\u{2028}'), Just('\u{2029}')
            ]),
            at in any::<proptest::sample::Index>(),
        ) {
            let mut text = text;
            if let Some(rare) = rare {
                let places: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                text.insert(*at.get(&places), rare);
            }
            let expected = text.contains(['\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}']);
            prop_assert_eq!(has_rare_breaks(&text), expected);
        }
    }

    fn nfkc(text: &str) -> String {
        canonicalize(text, NormalForm::Nfkc)
    }

    #[test]
    fn fixes_line_ends_controls_and_trailing_space() {
        assert_eq!(nfkc("a\r\nb\rc  \n\td\u{0007}\n\n\n"), "a\nb\nc\n d\n");
        assert_eq!(nfkc("导航\u{200B}菜单\u{FEFF}\n"), "导航菜单\n");
        assert_eq!(nfkc(""), "");
        assert_eq!(nfkc("\n\n  \n"), "");
    }

    #[test]
    fn joiners_that_shape_a_word_or_an_emoji_stay() {
        for kept in [
            "హైదరాబాద్\u{200C}లో",
            "می\u{200C}خواهم",
            "क्\u{200D}ष",
            "👨\u{200D}👩\u{200D}👧",
            "❤\u{FE0F}\u{200D}🔥",
        ] {
            assert_eq!(nfkc(kept), format!("{kept}\n"), "{kept:?}");
        }
        assert_eq!(nfkc("\u{200C}word\u{200D} 1\u{200C}2"), "word 12\n");
    }

    #[test]
    fn keeps_line_count_except_trailing_blanks() {
        let text = "\n\nA\r\n\r\nB\u{2028}C\n\n";
        assert_eq!(nfkc(text), "\n\nA\n\nB\nC\n");
        assert_eq!(lines(text).count(), 7);
    }

    #[test]
    fn nfkc_folds_full_width_forms() {
        assert_eq!(
            nfkc("ＡＢＣ１２３，发布时间：２０２１"),
            "ABC123,发布时间:2021\n"
        );
        assert_eq!(nfkc("ｶﾞｷﾞ"), "ガギ\n");
        assert_eq!(canonicalize("ＡＢＣ，", NormalForm::Nfc), "ＡＢＣ，\n");
    }

    #[test]
    fn removes_pdf_spaces_inside_cjk_words_only() {
        assert_eq!(nfkc("疫后重  振态势强劲"), "疫后重振态势强劲\n");
        assert_eq!(nfkc("产　业建设"), "产业建设\n");
        assert_eq!(nfkc("  2020中国 2021践行"), "  2020中国 2021践行\n");
        assert_eq!(nfkc("대한민국 정부"), "대한민국 정부\n");
        assert_eq!(nfkc("word  word"), "word  word\n");
    }

    /// The plain definition, without the fast paths.
    fn oracle(text: &str) -> String {
        let mut out = String::new();
        for line in lines(text) {
            let mut filtered = String::new();
            filter_line(line, NormalForm::None, &mut filtered);
            let composed: String = filtered.nfkc().collect();
            push_spaced(&composed, &mut out);
            out.push('\n');
        }
        drop_trailing_blank_lines(&mut out);
        out
    }

    #[test]
    fn every_ascii_byte_anywhere_in_a_latin_line() {
        // The word-at-a-time path must stop at any byte it cannot copy
        // (controls, tab, DEL) wherever it stands in a word.
        for byte in (0..0x80u8).filter(|b| !(0x0A..=0x0D).contains(b)) {
            for at in 0..20 {
                let mut line = b"Plain words  in a Latin line".to_vec();
                line[at] = byte;
                let text = String::from_utf8(line.clone()).expect("ASCII");
                match byte {
                    b'\t' => line[at] = b' ',
                    0x20..=0x7E => {}
                    _ => _ = line.remove(at),
                }
                line.push(b'\n');
                let expected = String::from_utf8(line).expect("ASCII");
                assert_eq!(nfkc(&text), expected, "byte {byte:#04x} at {at}");
            }
        }
        // Spaces read a word at a time are trailing spaces all the same.
        let spaced = format!("Eight characters then spaces{}", " ".repeat(12));
        assert_eq!(nfkc(&spaced), "Eight characters then spaces\n");
    }

    #[test]
    fn punctuation_and_full_width_forms_match_the_oracle() {
        // Every character of the blocks the byte runs and the full-width
        // step take whole, between Han characters and between letters.
        let blocks = [
            '\u{2000}'..='\u{206F}',
            '\u{3000}'..='\u{303F}',
            '\u{FF00}'..='\u{FFEF}',
        ];
        for c in blocks.into_iter().flatten() {
            let text = format!("中{c}文 a{c}b {c}\n");
            assert_eq!(nfkc(&text), oracle(&text), "U+{:04X}", c as u32);
        }
    }

    proptest! {
        #[test]
        fn fast_paths_match_the_oracle(text in "(\\PC|[\\u{FF00}-\\u{FF9F}\\u{3000}-\\u{3012}\\u{2000}-\\u{2027}\\u{00A0}\\u{202F}一中文カ한 \\n\\r\\t])*") {
            prop_assert_eq!(nfkc(&text), oracle(&text));
        }

        #[test]
        fn is_idempotent(text in "\\PC*") {
            let once = nfkc(&text);
            prop_assert_eq!(nfkc(&once), once.clone());
        }
    }
}
