//! Hash keys: the folded form under which two lines count as the same.
//!
//! Folding drops what does not change what a line says: case, punctuation,
//! symbols and whitespace. Two keys come out of one pass:
//! - the *template key* also folds every run of digits to a single `0`, so
//!   "发布时间: 2021-02-23 10:38" and "发布时间: 2021-3-1 9:12" are one template;
//! - the *content key* keeps digits, because two paragraphs that differ only in
//!   their figures say different things and neither is a copy of the other.

use unicode_normalization::char::is_combining_mark;
use xxhash_rust::xxh3::xxh3_64;

use super::fold_script::ScriptFolding;
use super::script::{
    is_cjk, is_common_punctuation, is_plain_cjk_letter, is_script_clause_mark, is_script_full_stop,
};

/// The folded identity of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineKey {
    /// Hash of the folding with digit runs collapsed (template identity).
    pub template: u64,
    /// Hash of the folding with digits kept (content identity).
    pub content: u64,
    /// How much text the line carries: folded characters, a CJK character
    /// counting two. Zero for a line with no letters or digits.
    pub weight: u32,
    /// The line holds nothing but whitespace.
    pub blank: bool,
    /// The line opens with a section number ([`super::shape`]).
    pub enumerated: bool,
    /// The single-page rule the line matches, 0 for none
    /// ([`crate::decide::pack`]; set when a document is sketched).
    pub pattern: u16,
    /// The line opens with the label of a pack rule (`starts`: 'Next:',
    /// 'Tags:') or is a trail of links ('Docs > Reference > ' and a long
    /// title), and is that rule's line whatever its weight: never body
    /// text ([`crate::index::body_bounds`]).
    pub labelled: bool,
    /// The line ends with terminal punctuation, as a sentence does and a
    /// title or a list item mostly does not ([`crate::decide::pack::ends_as_sentence`];
    /// set when a document is sketched).
    pub ends_sentence: bool,
    /// The last of its sentences may be a notice that a `rest` rule takes
    /// ([`crate::decide::pack::RulePack::may_hold_notice`]): false only
    /// when the sketch found none of those rules' phrases in it, so that
    /// pass 2 looks no further.
    pub notice_tail: bool,
    /// The line may hold a clause said three times in a row
    /// ([`crate::decide::rules::repeated_clause::may_stutter`]; set when a
    /// document is sketched, from the marks folding found): false only when
    /// it cannot, so that pass 2 does not read the line again for marks.
    pub may_stutter: bool,
    /// The line is a title the document's first paragraph opens with: its
    /// tokens are the first of the first line after it that ends as a
    /// sentence ('Lake Bled' over 'Lake Bled (Slovene: …) is a lake…'; set
    /// when a document is sketched, for the lines before that paragraph).
    pub opens_lead: bool,
    /// The line is light and no sentence, and a word of it (of four
    /// letters or more; two CJK characters in a row) stands in a line that
    /// ends as a sentence and that no rule of the pack matched (the text's,
    /// not a notice's such as 'Thanks for reading The Margin Notes!'): an item of a list about the text ('Cereal box',
    /// 'Bird seed' under 'You will need'; a recipe's '鸡蛋 3个' over its
    /// method), which a menu's links mostly are not (set when a document
    /// is sketched).
    pub echoes_body: bool,
    /// The line is light and no sentence, and every word of it, two or
    /// more, stands in the document's sentences (counted as
    /// [`LineKey::echoes_body`] counts them): a title ('Tarn (lake)' over
    /// 'A tarn is a mountain lake…'), which a menu's links are not, but
    /// the one the text is about at most (set when a document is
    /// sketched).
    pub names_the_text: bool,
    /// The line is a person's name and nothing else
    /// ([`crate::decide::pack::name_in_line`]: 'Ana Ruiz'), no rule of the
    /// pack takes it, and no word of it stands in another line of the
    /// document: an author's name, where a title's words are the text's
    /// ('Spring Rain' over 'The rain came softly in the night'; set when a
    /// document is sketched).
    pub reads_as_name: bool,
    /// Of a line that [reads as a name](LineKey::reads_as_name): the name
    /// has an author's role after it ('Severin Carrell Scotland editor',
    /// '김민수 기자'; set when a document is sketched).
    pub names_a_role: bool,
    /// Of a line that [reads as a name](LineKey::reads_as_name): it is a
    /// list of two or more people's names ('Anna Berg, Luis Ortega & Mei
    /// Chen', [`crate::decide::pack::names_in_list`]): a byline without its
    /// 'By' (set when a document is sketched).
    pub lists_names: bool,
    /// The line is light and unlike any menu's link: it reads as a line of
    /// program code ('Ok(())', 'x = 1;', 'fn main() {';
    /// [`crate::decide::rules::menu_column::reads_as_code`]) or ends with
    /// a comma, a clause that the next line goes on with (a verse: '床前明月光,'), or
    /// is a table's row with a measure ('Weight: 1.1kg')
    /// (set when a document is sketched, for lines of a menu item's
    /// weight).
    pub unlike_a_link: bool,
    /// The line holds a digit, which its template key writes as `0`: a
    /// date, a price, a count. Its template key then differs from its
    /// content key, as it also does where `--fold-script` folds a
    /// Traditional character of it, so this flag, not that difference,
    /// says whether a line holds a number.
    pub holds_digits: bool,
    /// The line opens with a letter and ends with its only number, bare or
    /// with up to two letters or one CJK character after it: a label and
    /// its count
    /// ('Issues 41', 'Star 3.4k', '阅读 2.1万'), where a value of a table
    /// opens with its number ('16 GB', '2880 x 1800'), holds it inside ('Up
    /// to 15 hours') or holds two ('Verdict: 4 out of 5').
    pub ends_with_count: bool,
    /// The line is an entry of the document's table of contents: a
    /// section number and a title that stands again below as a line of
    /// its own, the section's heading, in a run of such entries
    /// ([`crate::fingerprint::contents`]; set when a document is
    /// sketched).
    pub lists_a_heading: bool,
    /// The line is a price and nothing else ([`super::shape::is_price`]:
    /// '$485,000', '749,90 TL'; set when a document is sketched, for
    /// lines of a menu item's weight).
    pub reads_as_price: bool,
    /// The line opens with a bracket and closes with its pair, and holds
    /// text, no more than a note's: a note set apart ('（此件公开发布）',
    /// '(Signed)'; set when a document is sketched).
    pub bracketed: bool,
    /// The line is one word in lowercase, no more than a menu item's
    /// weight, of letters, digits and the marks a tag's name holds
    /// (`-._+#`: 'python', 'version-control', 'c++'): a tag set one a
    /// line under a question ([`crate::decide::rules::menu_column`]; set
    /// when a document is sketched).
    pub reads_as_tag: bool,
    /// Of a line a pack rule matched: it holds a time of day
    /// ([`super::shape::holds_time`]: '09:12', '10时38分'), as a post's or
    /// a comment's dateline does and the date under a signature does not
    /// (set when a document is sketched).
    pub holds_time: bool,
    /// The line ends as a sentence with an ellipsis ('…', '...', '⋯'): a
    /// teaser cut short under a related post's title ('本文介绍了…的方法……',
    /// 'The first thing you notice is…'; set when a document is sketched).
    pub trails_off: bool,
}

impl LineKey {
    /// Whether the line ends as a sentence of the text does: one cut
    /// short by an ellipsis is a teaser under a related post's title
    /// ('…the methods of reading a CSV file in chunks…'), which reads as
    /// the title does.
    pub fn ends_whole_sentence(&self) -> bool {
        self.ends_sentence && !self.trails_off
    }
}

/// `c` lowercased as keys fold it. Turkish 'İ' lowercases to 'i' and a
/// combining dot, which would keep 'İLGİLİ' apart from 'ilgili': it folds
/// to a plain 'i'.
fn fold_case(c: char) -> std::char::ToLowercase {
    if c == 'İ' {
        'i'.to_lowercase()
    } else {
        c.to_lowercase()
    }
}

/// A sentence of a folded line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldedSentence {
    /// Content key, as the sentence folded alone would have.
    pub content: u64,
    pub weight: u32,
    /// Index of its first token among the line's tokens.
    pub first_token: u32,
    /// Where its template text starts in the line's
    /// ([`KeyFolder::template_text`]).
    pub template_start: u32,
}

/// The tokens of a document, gathered as its lines are folded: units of
/// text for span matching, each a Han, Kana or Hangul character, or a word
/// of another script (a run of letters and digits), folded as content keys
/// are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    /// Hash of each folded token (characters and words never collide by
    /// construction: they are hashed in different domains).
    pub hashes: Vec<u64>,
    /// Byte range of each token in the document.
    pub bytes: Vec<(u32, u32)>,
}

/// Collects the tokens of a line while it is folded, into the list of its
/// document's.
#[derive(Default)]
struct Tokens {
    doc: DocTokens,
    /// Where the line's tokens start in the document's list.
    line_first: usize,
    /// Where the line starts in the document.
    offset: usize,
    /// The word being read: its start in the line and running hash.
    word: Option<(usize, u64)>,
}

/// Domain tags, so that a one-letter word and a character never share a hash.
const CHARACTER_DOMAIN: u64 = 1 << 40;
const WORD_SEED: u64 = 0xCBF2_9CE4_8422_2325;
/// FNV-1a's prime: a word's hash takes each folded letter or digit in turn.
const WORD_PRIME: u64 = 0x0100_0000_01B3;

impl Tokens {
    /// Start a line at byte `offset` of the document.
    fn start_line(&mut self, offset: usize) {
        self.line_first = self.doc.hashes.len();
        self.offset = offset;
        self.word = None;
    }

    /// Tokens of the line so far.
    fn len(&self) -> u32 {
        (self.doc.hashes.len() - self.line_first) as u32
    }

    #[inline]
    fn push(&mut self, hash: u64, start: usize, end: usize) {
        self.doc.hashes.push(hash);
        let offset = self.offset;
        (self.doc.bytes).push(((offset + start) as u32, (offset + end) as u32));
    }

    /// A folded letter or digit (as a code point) of a word, at byte `at`.
    #[inline]
    fn word_char(&mut self, at: usize, unit: u64) {
        let (_, hash) = self.word.get_or_insert((at, WORD_SEED));
        *hash = (*hash ^ unit).wrapping_mul(WORD_PRIME);
    }

    /// Whatever is not part of a word stands at byte `at`: the word ends.
    #[inline]
    fn end_word(&mut self, at: usize) {
        if let Some((start, hash)) = self.word.take() {
            self.push(crate::fingerprint::winnow::mix(hash), start, at);
        }
    }

    /// The byte ranges of `characters` three-byte characters from byte
    /// `at` of the line.
    #[inline]
    fn three_byte_ranges(&mut self, at: usize, characters: usize) {
        let start = self.offset + at;
        (self.doc.bytes)
            .extend((0..characters).map(|k| ((start + 3 * k) as u32, (start + 3 * k + 3) as u32)));
    }

    /// A run of three-byte Han characters starting at byte `at`, each a
    /// token of its own code point.
    #[inline]
    fn han_run(&mut self, at: usize, run: &[u8]) {
        let characters = run.chunks_exact(3);
        let count = characters.len();
        (self.doc.hashes).extend(characters.map(|c| character_hash(three_byte_code(c))));
        self.three_byte_ranges(at, count);
    }

    /// A CJK character of `len` bytes at `at`, `code` standing for its
    /// folded form.
    #[inline]
    fn character(&mut self, at: usize, len: usize, code: u32) {
        self.push(character_hash(code), at, at + len);
    }
}

/// The content a [`KeyFolder`] folded, as text.
fn whole_characters(content: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(content).is_ok());
    // SAFETY: only whole characters are pushed on the content (see the
    // folder's docs), so it is always UTF-8.
    unsafe { std::str::from_utf8_unchecked(content) }
}

/// Where the run of three-byte Han characters from byte `at` of `bytes`
/// (UTF-8) ends: characters led by E4..E9, less the hexagram symbols
/// U+4DC0..U+4DFF (E4 B7 xx). Five characters at a time with SSE2 (part of
/// every x86-64 processor), then one at a time through the last few.
#[inline]
fn han_run_end(bytes: &[u8], mut at: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(at..at + 16) {
        use std::arch::x86_64::{
            _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8, _mm_srli_si128, _mm_sub_epi8,
        };
        /// Bytes 0, 3, 6, 9 and 12: the leads of five characters of three.
        const LEADS: i32 = 0b1_0010_0100_1001;
        // SAFETY: SSE2 is part of every x86_64; the load reads the sixteen
        // bytes of `chunk`, unaligned.
        let leads = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let from_e5 = _mm_sub_epi8(v, _mm_set1_epi8(0xE5_u8 as i8));
            let e5_to_e9 = _mm_cmpeq_epi8(_mm_min_epu8(from_e5, _mm_set1_epi8(4)), from_e5);
            let e4 = _mm_cmpeq_epi8(v, _mm_set1_epi8(0xE4_u8 as i8));
            let next_b7 = _mm_cmpeq_epi8(_mm_srli_si128::<1>(v), _mm_set1_epi8(0xB7_u8 as i8));
            let han = _mm_or_si128(e5_to_e9, _mm_andnot_si128(next_b7, e4));
            _mm_movemask_epi8(han)
        };
        if leads & LEADS != LEADS {
            break;
        }
        at += 15;
    }
    while match bytes.get(at) {
        Some(0xE4) => bytes[at + 1] != 0xB7,
        Some(0xE5..=0xE9) => true,
        _ => false,
    } {
        at += 3;
    }
    at
}

/// The code point of a three-byte UTF-8 sequence.
#[inline]
fn three_byte_code(c: &[u8]) -> u32 {
    u32::from(c[0] & 0x0F) << 12 | u32::from(c[1] & 0x3F) << 6 | u32::from(c[2] & 0x3F)
}

/// The token hash of a CJK character, `code` standing for its folded form.
#[inline]
fn character_hash(code: u32) -> u64 {
    crate::fingerprint::winnow::mix(CHARACTER_DOMAIN | u64::from(code))
}

/// A script folding, with the token of every character a three-byte Han
/// run can hold (U+4000 to U+9FFF: lead bytes E4 to E9), folded, and
/// whether it folds: looked up rather than folded and hashed for each
/// character (192 KiB of hashes, of which a text touches its few thousand
/// characters').
struct FoldedHan {
    folding: &'static ScriptFolding,
    hashes: Box<[u64]>,
    /// 1 where the character folds, else 0: a byte each (24 KiB, which
    /// stays in the nearest cache), which a run ORs without a shift.
    folds: Box<[u8]>,
}

impl FoldedHan {
    const FIRST: u32 = 0x4000;
    const LAST: u32 = 0x9FFF;

    fn traditional_to_simplified() -> &'static FoldedHan {
        static TABLE: std::sync::OnceLock<FoldedHan> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let script = ScriptFolding::traditional_to_simplified();
            let folded = |code| script.fold_han(code);
            let codes = Self::FIRST..=Self::LAST;
            let hashes = (codes.clone())
                .map(|code| character_hash(folded(code)))
                .collect();
            let folds = codes.map(|code| u8::from(folded(code) != code)).collect();
            FoldedHan {
                folding: script,
                hashes,
                folds,
            }
        })
    }
}

/// Reusable buffers, so that folding allocates nothing per line. They hold
/// UTF-8: whole characters are pushed, never parts of one (the template is
/// a `String`, so the pack reads it without checking it again).
///
/// The template differs from the content only from a line's first digit or
/// script-folded character on: until then it is the content itself, and
/// is neither written apart nor hashed again.
#[derive(Default)]
pub struct KeyFolder {
    /// The line's template, once it is apart from its content.
    template: String,
    template_apart: bool,
    content: Vec<u8>,
    utf8: [u8; 4],
    tokens: Tokens,
    /// Where the last line folded has a clause mark or sentence ender that
    /// can end a piece of a stutter ([`KeyFolder::piece_marks`]).
    piece_marks: Vec<u32>,
    /// Folds Traditional Chinese to Simplified in content keys (template
    /// keys keep the script: a site's template is written in one).
    script: Option<&'static FoldedHan>,
}

impl KeyFolder {
    /// A folder whose content keys fold Traditional Chinese to Simplified
    /// when `fold_script` is set.
    pub fn new(fold_script: bool) -> Self {
        KeyFolder {
            script: fold_script.then(FoldedHan::traditional_to_simplified),
            ..KeyFolder::default()
        }
    }

    /// Whether content keys read Traditional Chinese as Simplified.
    pub fn folds_script(&self) -> bool {
        self.script.is_some()
    }

    pub fn fold(&mut self, line: &str) -> LineKey {
        self.fold_with_sentences(line, &[], &mut Vec::new())
    }

    /// [`KeyFolder::fold`], and in the same pass the content key, weight and
    /// first token of each sentence of the line: `cuts` are the byte offsets
    /// where one sentence ends and the next begins (none for a line of one
    /// sentence). Folding is character by character, so a sentence's key is
    /// that of the sentence folded alone. The line's tokens are then in
    /// [`KeyFolder::tokens`].
    pub fn fold_with_sentences(
        &mut self,
        line: &str,
        cuts: &[usize],
        sentences: &mut Vec<FoldedSentence>,
    ) -> LineKey {
        self.tokens.doc.hashes.clear();
        self.tokens.doc.bytes.clear();
        self.tokens.start_line(0);
        self.fold_line(line, cuts, sentences)
    }

    /// [`KeyFolder::fold_with_sentences`] of a line at byte `offset` of a
    /// document, whose tokens go on the end of the document's `tokens`,
    /// with their byte ranges in the document (sentences count their first
    /// token among the line's, as there).
    pub fn fold_into(
        &mut self,
        line: &str,
        offset: usize,
        cuts: &[usize],
        sentences: &mut Vec<FoldedSentence>,
        tokens: &mut DocTokens,
    ) -> LineKey {
        std::mem::swap(&mut self.tokens.doc, tokens);
        self.tokens.start_line(offset);
        let key = self.fold_line(line, cuts, sentences);
        std::mem::swap(&mut self.tokens.doc, tokens);
        key
    }

    fn fold_line(
        &mut self,
        line: &str,
        cuts: &[usize],
        sentences: &mut Vec<FoldedSentence>,
    ) -> LineKey {
        sentences.clear();
        let mut next_cut = 0;
        let mut mark = (0usize, 0u32, 0u32, 0usize);
        self.template.clear();
        self.template_apart = false;
        self.content.clear();
        self.piece_marks.clear();
        let mut weight = 0u32;
        let mut in_digits = false;
        let mut holds_digits = false;
        let mut opens_with_digit = false;
        let mut weight_at_last_digit = None;
        let mut digit_runs = 0u32;
        let blank = super::script::trim(line).is_empty();
        let bytes = line.as_bytes();
        let mut i = 0;
        // Where the next sentence starts, kept in a local rather than
        // looked up at every byte.
        let cut_at = |next_cut: usize| cuts.get(next_cut).copied().unwrap_or(usize::MAX);
        let mut next_cut_at = cut_at(next_cut);
        while i < bytes.len() {
            while next_cut_at <= i {
                self.tokens.end_word(i);
                sentences.push(self.sentence_since(mark, weight));
                mark = self.mark(weight);
                next_cut += 1;
                next_cut_at = cut_at(next_cut);
            }
            let b = bytes[i];
            if b.is_ascii() {
                if (b | 0x20).is_ascii_lowercase() {
                    let run_start = i;
                    i = self.ascii_letters(bytes, i, next_cut_at.min(bytes.len()));
                    in_digits = false;
                    weight += (i - run_start) as u32;
                    continue;
                } else if b.is_ascii_digit() {
                    opens_with_digit |= weight == 0;
                    digit_runs += u32::from(!in_digits);
                    self.tokens.word_char(i, u64::from(b));
                    if !in_digits {
                        self.set_template_apart();
                        self.template.push('0');
                    }
                    self.content.push(b);
                    in_digits = true;
                    holds_digits = true;
                    weight += 1;
                    weight_at_last_digit = Some(weight);
                } else {
                    if matches!(b, b',' | b';' | b':' | b'.' | b'!' | b'?') {
                        self.piece_marks.push(i as u32);
                    }
                    self.tokens.end_word(i);
                }
                i += 1;
                continue;
            }
            // Runs of Han (3-byte sequences led by E4..E9, less the hexagram
            // symbols U+4DC0..U+4DFF = E4 B7 xx) are letters without case:
            // copied as they are, two weight units a character.
            let run_start = i;
            i = han_run_end(bytes, i);
            if i > run_start {
                let run = &bytes[run_start..i];
                self.tokens.end_word(run_start);
                match self.script {
                    None => {
                        self.content.extend_from_slice(run);
                        self.tokens.han_run(run_start, run);
                    }
                    Some(script) => self.push_folded_han_run(script, run_start, run),
                }
                if self.template_apart {
                    self.template.push_str(&line[run_start..i]);
                }
                weight += 2 * ((i - run_start) / 3) as u32;
                in_digits = false;
                continue;
            }
            let Some(c) = line[i..].chars().next() else {
                break;
            };
            let at = i;
            i += c.len_utf8();
            if is_common_punctuation(c) {
                if matches!(c, '、' | '。') {
                    self.piece_marks.push(at as u32);
                }
                self.tokens.end_word(at);
                continue;
            }
            if is_plain_cjk_letter(c) {
                self.push_cjk(at, c);
                in_digits = false;
                weight += 2;
            } else if c.is_numeric() {
                opens_with_digit |= weight == 0;
                digit_runs += u32::from(!in_digits);
                self.tokens.word_char(at, u64::from(c));
                self.set_template_apart();
                self.push_content(c);
                if !in_digits {
                    self.template.push('0');
                }
                in_digits = true;
                holds_digits = true;
                weight += 1;
                weight_at_last_digit = Some(weight);
            } else if c.is_alphabetic() {
                if is_cjk(c) {
                    self.push_cjk(at, c);
                    weight += 2;
                } else {
                    for lower in fold_case(c) {
                        self.tokens.word_char(at, u64::from(lower));
                        self.push_both(lower);
                    }
                    weight += 1;
                }
                in_digits = false;
            } else if is_combining_mark(c) {
                // A virama, a nukta, a Thai tone mark: not alphabetic, and
                // not in the key, but inside its word ('मुख्य' is one word,
                // not 'मुख' and 'य').
            } else {
                if is_script_clause_mark(c) || is_script_full_stop(c) {
                    self.piece_marks.push(at as u32);
                }
                self.tokens.end_word(at);
            }
        }
        self.tokens.end_word(bytes.len());
        if !cuts.is_empty() {
            for _ in next_cut..cuts.len() {
                sentences.push(self.sentence_since(mark, weight));
                mark = self.mark(weight);
            }
            sentences.push(self.sentence_since(mark, weight));
        }
        let content = xxh3_64(&self.content);
        LineKey {
            template: match self.template_apart {
                true => xxh3_64(self.template.as_bytes()),
                false => content,
            },
            content,
            weight,
            blank,
            enumerated: super::shape::is_enumerated_heading(line),
            pattern: 0,
            labelled: false,
            ends_sentence: false,
            notice_tail: true,
            may_stutter: true,
            opens_lead: false,
            echoes_body: false,
            names_the_text: false,
            reads_as_name: false,
            names_a_role: false,
            lists_names: false,
            unlike_a_link: false,
            holds_digits,
            ends_with_count: !opens_with_digit
                && digit_runs == 1
                && weight_at_last_digit.is_some_and(|at| weight - at <= 2),
            lists_a_heading: false,
            reads_as_price: false,
            bracketed: false,
            reads_as_tag: false,
            holds_time: false,
            trails_off: false,
        }
    }

    /// The run of ASCII letters from byte `at` of the line, up to `end` at
    /// most: lowercased on the content (and the template, once apart) and
    /// into the word being read, in one loop whose hash stays in a
    /// register. Returns where the run ends.
    #[inline]
    fn ascii_letters(&mut self, bytes: &[u8], at: usize, end: usize) -> usize {
        let (start, mut hash) = self.tokens.word.unwrap_or((at, WORD_SEED));
        let content_start = self.content.len();
        self.content.reserve(end - at);
        let mut letters = 0;
        for (&b, slot) in bytes[at..end].iter().zip(self.content.spare_capacity_mut()) {
            // ASCII letters, and no other byte, lowercase to a..z by 0x20.
            let lower = b | 0x20;
            if !lower.is_ascii_lowercase() {
                break;
            }
            hash = (hash ^ u64::from(lower)).wrapping_mul(WORD_PRIME);
            slot.write(lower);
            letters += 1;
        }
        // SAFETY: the loop wrote the first `letters` bytes of the spare
        // capacity.
        unsafe { self.content.set_len(content_start + letters) };
        self.tokens.word = Some((start, hash));
        if self.template_apart {
            (self.template).push_str(whole_characters(&self.content[content_start..]));
        }
        at + letters
    }

    /// A run of three-byte Han characters at byte `at` of the line, folded
    /// by `table` in the content and the tokens. The tokens are looked up;
    /// the run is copied to the content whole, as the unfolded path does,
    /// unless one of its characters folds, and then a character at a time.
    fn push_folded_han_run(&mut self, table: &FoldedHan, at: usize, run: &[u8]) {
        let characters = run.chunks_exact(3);
        let count = characters.len();
        let mut folds = 0;
        self.tokens.doc.hashes.extend(characters.map(|c| {
            let i = (three_byte_code(c) - FoldedHan::FIRST) as usize;
            folds |= table.folds[i];
            table.hashes[i]
        }));
        self.tokens.three_byte_ranges(at, count);
        if folds == 0 {
            return self.content.extend_from_slice(run);
        }
        self.set_template_apart();
        for c in run.chunks_exact(3) {
            let folded = table.folding.fold_han(three_byte_code(c));
            self.push_content(char::from_u32(folded).expect("a folding is a char"));
        }
    }

    /// Where a sentence starting now starts: content length, weight,
    /// tokens, template length.
    fn mark(&self, weight: u32) -> (usize, u32, u32, usize) {
        (
            self.content.len(),
            weight,
            self.tokens.len(),
            self.template_bytes().len(),
        )
    }

    fn push_content(&mut self, c: char) {
        self.content
            .extend_from_slice(c.encode_utf8(&mut self.utf8).as_bytes());
    }

    /// The sentence that began at `mark` ([`KeyFolder::mark`]).
    fn sentence_since(&self, mark: (usize, u32, u32, usize), weight: u32) -> FoldedSentence {
        FoldedSentence {
            content: xxh3_64(&self.content[mark.0..]),
            weight: weight - mark.1,
            first_token: mark.2,
            template_start: mark.3 as u32,
        }
    }

    /// A caseless CJK letter at byte `at`: as it is in the template,
    /// script-folded in the content, a token of its own.
    fn push_cjk(&mut self, at: usize, c: char) {
        self.tokens.end_word(at);
        let folded = self.script.map_or(c, |script| script.folding.fold(c));
        self.tokens.character(at, c.len_utf8(), folded as u32);
        if folded == c {
            return self.push_both(c);
        }
        self.set_template_apart();
        self.template.push(c);
        self.push_content(folded);
    }

    /// Where the last line folded has `,` `;` `:` `.` `!` `?` `、` `。` or
    /// another script's comma, semicolon, full stop or question mark (bytes
    /// from its start, in order): the marks that can end a piece of a stutter
    /// ([`crate::decide::rules::repeated_clause`]).
    pub fn piece_marks(&self) -> &[u32] {
        &self.piece_marks
    }

    /// The tokens of the last line folded by [`KeyFolder::fold`] or
    /// [`KeyFolder::fold_with_sentences`], in order, with their byte
    /// ranges in the line.
    pub fn tokens(&self) -> &DocTokens {
        &self.tokens.doc
    }

    fn push_both(&mut self, c: char) {
        let encoded = c.encode_utf8(&mut self.utf8).as_bytes();
        self.content.extend_from_slice(encoded);
        self.push_template(c);
    }

    /// `c` goes on the template as it went on the content.
    #[inline]
    fn push_template(&mut self, c: char) {
        if self.template_apart {
            self.template.push(c);
        }
    }

    /// What is pushed next goes on the template otherwise than on the
    /// content: the template so far (the content) is written apart.
    #[inline]
    fn set_template_apart(&mut self) {
        if !self.template_apart {
            self.write_template_apart();
        }
    }

    #[cold]
    #[inline(never)]
    fn write_template_apart(&mut self) {
        self.template.push_str(whole_characters(&self.content));
        self.template_apart = true;
    }

    /// The folded template text of the last line folded (for tests and reports).
    pub fn template_text(&self) -> &str {
        match self.template_apart {
            true => &self.template,
            false => whole_characters(&self.content),
        }
    }

    /// The same, as bytes, to be cut anywhere.
    pub fn template_bytes(&self) -> &[u8] {
        self.template_text().as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl KeyFolder {
        fn fold_and_template(&mut self, line: &str) -> String {
            self.fold(line);
            self.template_text().to_string()
        }
    }

    fn key(line: &str) -> LineKey {
        KeyFolder::default().fold(line)
    }

    #[test]
    fn templates_with_other_dates_share_a_key() {
        let a = key("发布时间: 2021-02-23 10:38");
        let b = key("发布时间:2021-3-1 9:12");
        assert_eq!(a.template, b.template);
        assert_ne!(a.content, b.content);
    }

    #[test]
    fn a_line_holds_digits_when_it_has_a_number_not_when_its_script_is_folded() {
        let mut folding = KeyFolder::new(true);
        let traditional = folding.fold("即時新聞");
        assert_ne!(traditional.template, traditional.content);
        assert!(!traditional.holds_digits);
        assert!(folding.fold("2024年3月1日").holds_digits);
        assert!(folding.fold("Top 10").holds_digits);
        assert!(
            folding.fold("第٣章").holds_digits,
            "a digit of another script"
        );
        assert!(
            !folding.fold("第三章").holds_digits,
            "a numeral written as a word"
        );
        assert!(!key("Contact us").holds_digits);
    }

    #[test]
    fn a_count_ends_a_label_a_value_opens_with_its_number() {
        for line in [
            "Issues 41",
            "Star 3.4k",
            "赞 86",
            "阅读 2.1万",
            "Fork (212)",
        ] {
            assert!(key(line).ends_with_count, "{line}");
        }
        for line in [
            "16 GB",
            " (2019 - 2024)",
            "٣ كغ",
            "Up to 15 hours",
            "Contact us",
            "2880 x 1800",
        ] {
            assert!(!key(line).ends_with_count, "{line}");
        }
    }

    #[test]
    fn a_combining_mark_stays_inside_its_word() {
        let mut folder = KeyFolder::default();
        folder.fold("मुख्य सामग्री");
        assert_eq!(folder.tokens().bytes.len(), 2, "a virama splits no word");
        folder.fold("ข่าวที่เกี่ยวข้อง");
        assert_eq!(folder.tokens().bytes.len(), 1, "nor does a Thai tone mark");
    }

    #[test]
    fn a_turkish_dotted_capital_folds_to_a_plain_i() {
        assert_eq!(
            key("İLGİLİ HABERLER").content,
            key("ilgili haberler").content
        );
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_count() {
        assert_eq!(
            key("Skip to  main content!").content,
            key("skip to main content").content
        );
        assert_eq!(
            key("一、2020年工作回顾").content,
            key("一 2020年 工作回顾。").content
        );
    }

    /// The plain definition, character by character.
    fn oracle(line: &str) -> (String, String, u32) {
        oracle_folding(line, |c| c)
    }

    fn oracle_folding(line: &str, fold: impl Fn(char) -> char) -> (String, String, u32) {
        let (mut template, mut content, mut weight, mut in_digits) =
            (String::new(), String::new(), 0, false);
        for c in line.chars() {
            if c.is_numeric() {
                content.push(c);
                if !in_digits {
                    template.push('0');
                }
                in_digits = true;
                weight += 1;
            } else if c.is_alphabetic() {
                if is_cjk(c) {
                    content.push(fold(c));
                } else {
                    content.extend(fold_case(c));
                }
                template.extend(fold_case(c));
                in_digits = false;
                weight += if is_cjk(c) { 2 } else { 1 };
            }
        }
        (template, content, weight)
    }

    proptest::proptest! {
        #[test]
        fn script_folding_matches_the_oracle(line in "[\\PC一-龥㐀-䶵𠀀-𪛖0-9a-zA-Z ,。]*") {
            let script = ScriptFolding::traditional_to_simplified();
            let mut folder = KeyFolder::new(true);
            let key = folder.fold(&line);
            let (template, content, weight) = oracle_folding(&line, |c| script.fold(c));
            proptest::prop_assert_eq!(folder.template_text(), template.as_str());
            proptest::prop_assert_eq!(key.content, xxh3_64(content.as_bytes()));
            proptest::prop_assert_eq!(key.weight, weight);
        }
    }

    /// Tokens by definition: (byte range, folded text).
    fn tokens_oracle(line: &str, fold: impl Fn(char) -> char) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        let mut word: Option<(usize, String)> = None;
        let end_word = |word: &mut Option<(usize, String)>, at: usize, out: &mut Vec<_>| {
            if let Some((start, text)) = word.take() {
                out.push((start as u32, at as u32, text));
            }
        };
        for (at, c) in line.char_indices() {
            let cjk_letter =
                is_plain_cjk_letter(c) || (!c.is_numeric() && c.is_alphabetic() && is_cjk(c));
            if !c.is_alphanumeric() && is_combining_mark(c) {
                continue;
            }
            if is_common_punctuation(c) || !(c.is_alphanumeric() || cjk_letter) {
                end_word(&mut word, at, &mut out);
            } else if cjk_letter {
                end_word(&mut word, at, &mut out);
                out.push((at as u32, (at + c.len_utf8()) as u32, fold(c).to_string()));
            } else {
                let text = &mut word.get_or_insert_with(|| (at, String::new())).1;
                if c.is_numeric() {
                    text.push(c)
                } else {
                    text.extend(fold_case(c))
                }
            }
        }
        end_word(&mut word, line.len(), &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_characters_and_words(
            line in "[\\PC一-龥㐀-䶵𠀀-𪛖0-9a-cA-C ,。]*",
            fold_script in proptest::bool::ANY,
        ) {
            let script = ScriptFolding::traditional_to_simplified();
            let mut folder = KeyFolder::new(fold_script);
            folder.fold(&line);
            let expected = tokens_oracle(&line, |c| if fold_script { script.fold(c) } else { c });
            let tokens = folder.tokens();
            let expected_ranges: Vec<(u32, u32)> = expected.iter().map(|e| (e.0, e.1)).collect();
            proptest::prop_assert_eq!(&tokens.bytes, &expected_ranges);
            for (a, ta) in tokens.hashes.iter().zip(&expected) {
                for (b, tb) in tokens.hashes.iter().zip(&expected) {
                    proptest::prop_assert_eq!(a == b, ta.2 == tb.2);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn script_folded_tokens_are_those_of_the_folded_text(
            line in "[關於實施經濟發展穩報告關于实施经济发展稳报告\\PC一-龥㐀-䶵𠀀-𪛖0-9a-c ,。]*",
        ) {
            let script = ScriptFolding::traditional_to_simplified();
            let folded: String = line.chars().map(|c| script.fold(c)).collect();
            let hashes = |folder: &mut KeyFolder, text: &str| {
                folder.fold(text);
                folder.tokens().hashes.clone()
            };
            proptest::prop_assert_eq!(
                hashes(&mut KeyFolder::new(true), &line),
                hashes(&mut KeyFolder::new(false), &folded)
            );
        }
    }

    #[test]
    fn a_traditional_copy_shares_the_content_key_not_the_template() {
        let simplified = KeyFolder::new(true).fold("关于全面实施市场准入负面清单制度的公告");
        let traditional = KeyFolder::new(true).fold("關於全面實施市場準入負面清單制度的公告");
        assert_eq!(simplified.content, traditional.content);
        assert_ne!(simplified.template, traditional.template);
        let unfolded = KeyFolder::new(false).fold("關於全面實施市場準入負面清單制度的公告");
        assert_ne!(unfolded.content, traditional.content);
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_match_the_oracle(line in "[\\PC一-龥䷀-䷿㐀-䶵0-9０-９a-zA-ZÀ-ÿ ,。、〇々〡-〩\\u{2000}-\\u{206F}]*") {
            let mut folder = KeyFolder::default();
            let key = folder.fold(&line);
            let (template, content, weight) = oracle(&line);
            proptest::prop_assert_eq!(folder.template_text(), template.as_str());
            proptest::prop_assert_eq!(key.content, xxh3_64(content.as_bytes()));
            proptest::prop_assert_eq!(key.weight, weight);
        }
    }

    proptest::proptest! {
        #[test]
        fn sentences_fold_as_if_alone(line in "[a-z0-9 .!?。一-龥,]{0,80}") {
            let span = crate::segment::Span { start: 0, end: line.len() };
            let parts = crate::segment::sentences(&line, span);
            let cuts: Vec<usize> = parts.iter().take(parts.len().saturating_sub(1)).map(|p| p.end).collect();
            let mut folder = KeyFolder::default();
            let mut sentences = Vec::new();
            let key = folder.fold_with_sentences(&line, &cuts, &mut sentences);
            proptest::prop_assert_eq!(key, KeyFolder::default().fold(&line));
            if parts.len() > 1 {
                let alone: Vec<(u64, u32)> = parts
                    .iter()
                    .map(|p| {
                        let k = KeyFolder::default().fold(&line[p.start..p.end]);
                        (k.content, k.weight)
                    })
                    .collect();
                let folded: Vec<(u64, u32)> = sentences.iter().map(|s| (s.content, s.weight)).collect();
                proptest::prop_assert_eq!(folded, alone);
                // Each sentence's first token is the first token at or after its start.
                let tokens = &folder.tokens().bytes;
                for (sentence, part) in sentences.iter().zip(&parts) {
                    let first = tokens.iter().position(|t| t.0 as usize >= part.start).unwrap_or(tokens.len());
                    proptest::prop_assert_eq!(sentence.first_token as usize, first);
                    // Its template starts where the template of the line
                    // up to it ends.
                    let before = KeyFolder::default().fold_and_template(&line[..part.start]);
                    proptest::prop_assert_eq!(sentence.template_start as usize, before.len());
                    proptest::prop_assert!(folder.template_text().starts_with(&before));
                }
            } else {
                proptest::prop_assert!(sentences.is_empty());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn han_runs_end_where_a_character_is_not_han(
            text in "[一-龥䷀-䷿㐀-䶵가-힣a-z。、]{0,40}",
        ) {
            let bytes = text.as_bytes();
            for (at, _) in text.char_indices() {
                let mut end = at;
                while text[end..].chars().next().is_some_and(|c| {
                    let lead = c.to_string().as_bytes()[0];
                    c.len_utf8() == 3 && (0xE4..=0xE9).contains(&lead) && !('\u{4DC0}'..='\u{4DFF}').contains(&c)
                }) {
                    end += 3;
                }
                proptest::prop_assert_eq!(han_run_end(bytes, at), end, "from {}", at);
            }
        }
    }

    #[test]
    fn cjk_weighs_double() {
        assert_eq!(key("工作回顾").weight, 8);
        assert_eq!(key("abc 12").weight, 5);
        assert_eq!(key(" :: | ").weight, 0);
    }
}
