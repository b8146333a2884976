//! Fingerprints of a document: what pass 1 keeps of it.
//!
//! A [`DocSketch`] holds one [`LineKey`] per line, one [`SentenceKey`] per
//! sentence of the lines that hold more than one, the winnowed span
//! fingerprints of its token stream ([`winnow`]) and a hash of the whole
//! document; every decision is a function of sketches and the index built
//! from them, so pass 2 only has to re-read a document to write it.

pub mod codec;
pub mod contents;
pub mod line_cache;
pub mod minhash;
pub mod winnow;

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use xxhash_rust::xxh3::Xxh3;

use crate::decide::pack::{self, LineMatcher, PatternId, Zone};
use crate::decide::rules::{line_marker, menu_column, repeated_clause};
use crate::fingerprint::line_cache::LineCache;
use crate::fingerprint::winnow::mix;
use crate::index::keymap::FingerprintHasher;
use crate::normalize::key::{DocTokens, FoldedSentence, KeyFolder, LineKey};
use crate::normalize::script::{is_cjk, with_ascii_digits, writes_no_full_stop};
use crate::normalize::shape;
use crate::segment::{self, Span};

/// The compact form of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Where each span fingerprint of the token stream stands, in order.
    pub spans: Vec<SpanPrint>,
    /// The hash of each of `spans`. Only the index reads them; it drops
    /// them once it has matched them ([`DocSketch::drop_span_hashes`]).
    pub span_hashes: Vec<u64>,
    /// Lines at the head of the document that read as a page title with a
    /// suffix: 'Title - Site name', 'Title | Site', '标题_网站名'.
    pub titles: Vec<TitleLine>,
}

/// A line of the form 'prefix SEPARATOR suffix' at the head of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleLine {
    pub line: u32,
    /// Content key of the text before the last separator.
    pub prefix: u64,
    /// Template key of the text after it.
    pub suffix: u64,
    /// Content key of the heaviest of the parts before the last separator,
    /// where the line has more than one: the page's own title between a
    /// document's number and the site's name ('US11234567B2 - Method and
    /// apparatus for … - Google Patents'); the prefix's otherwise.
    pub heading: u64,
}

/// Lines at the head of a document read for a page title.
pub const TITLE_LINES: usize = 6;

/// What separates a page's own title from the site's name.
const TITLE_SEPARATORS: [&str; 7] = [" - ", " – ", " — ", " | ", " · ", " :: ", "_"];

/// The bytes after a space that open one of [`TITLE_SEPARATORS`] ('-',
/// '|', ':', and the lead bytes of '–', '—' and '·'): most spaces of a
/// title stand between its words, and need no other look.
const SEPARATOR_BYTES_AFTER_A_SPACE: [u8; 5] = [b'-', b'|', b':', 0xC2, 0xE2];

/// The page title and site name of `line`, split at its last separator, if
/// both hold text.
fn title_parts(line: &str) -> Option<(&str, &str)> {
    // One scan back from the end over the bytes a separator can start
    // with, not one search per separator: lines can be long.
    let bytes = line.as_bytes();
    let (at, separator) = memchr::memrchr2_iter(b' ', b'_', bytes).find_map(|at| {
        (TITLE_SEPARATORS.iter())
            .find(|s| bytes[at..].starts_with(s.as_bytes()))
            .map(|s| (at, *s))
    })?;
    let (prefix, suffix) = (&line[..at], &line[at + separator.len()..]);
    (!prefix.trim().is_empty() && !suffix.trim().is_empty()).then_some((prefix, suffix))
}

/// The heaviest of the parts of `prefix` (a title line's text before its
/// last separator) between separators, by its bytes without the spaces
/// around it (the parts are in one script or beside a number: no count of
/// letters is needed), the first of equals: the page's own title beside a
/// number or a section's name. `prefix` itself where it holds no
/// separator.
pub(crate) fn title_heading(prefix: &str) -> &str {
    let weight = |part: &str| part.trim().len();
    let bytes = prefix.as_bytes();
    let mut heaviest = (0, prefix);
    let mut start = 0;
    // A title is short: one pass over its bytes costs less than a search
    // that starts again after each space.
    let mut at = 0;
    while at < bytes.len() {
        let may_separate = bytes[at] == b'_'
            || (bytes[at] == b' '
                && (bytes.get(at + 1)).is_some_and(|b| SEPARATOR_BYTES_AFTER_A_SPACE.contains(b)));
        let separator = may_separate
            .then(|| (TITLE_SEPARATORS.iter()).find(|s| bytes[at..].starts_with(s.as_bytes())))
            .flatten();
        match separator {
            Some(separator) => {
                let part = &prefix[start..at];
                if weight(part) > heaviest.0 {
                    heaviest = (weight(part), part);
                }
                start = at + separator.len();
                at = start;
            }
            None => at += 1,
        }
    }
    if start == 0 {
        return prefix;
    }
    let last = &prefix[start..];
    if weight(last) > heaviest.0 {
        heaviest = (weight(last), last);
    }
    heaviest.1
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

/// Where one span fingerprint stands: the k-gram of tokens starting at
/// token [`SpanPrint::token`], which covers bytes `start..end` of the
/// canonical text (12 bytes; its hash is kept apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanPrint {
    /// The token index, and [`SpanPrint::ANCHOR`] for an anchor.
    token_and_anchor: u32,
    pub start: u32,
    pub end: u32,
}

impl SpanPrint {
    /// Flags a fingerprint kept because it starts or ends a line or a
    /// sentence, not by winnowing.
    const ANCHOR: u32 = 1 << 31;
    /// Tokens past this index of a document get no fingerprint.
    pub const MAX_TOKEN: u32 = Self::ANCHOR - 1;

    pub fn new(token: u32, start: u32, end: u32, anchor: bool) -> SpanPrint {
        debug_assert!(token <= Self::MAX_TOKEN);
        let flag = if anchor { Self::ANCHOR } else { 0 };
        SpanPrint {
            token_and_anchor: token | flag,
            start,
            end,
        }
    }

    /// Index of the k-gram's first token.
    pub fn token(self) -> u32 {
        self.token_and_anchor & !Self::ANCHOR
    }

    pub fn is_anchor(self) -> bool {
        self.token_and_anchor & Self::ANCHOR != 0
    }
}

impl DocSketch {
    /// Whether the document carries any text at all.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.weight == 0)
    }

    /// Free the fingerprint hashes: pass 2 needs only where they stand.
    pub fn drop_span_hashes(&mut self) {
        self.span_hashes = Vec::new();
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
        self.sentences_in(line, from..to)
    }

    /// Where the sentences of each line start in `sentences`, and their
    /// count last: the sentences of line `l` are `sentences[at[l]..at[l +
    /// 1]]`, for [`DocSketch::sentences_in`] without a search.
    pub fn sentence_starts(&self) -> Vec<usize> {
        let lines = self.line_tokens.len().saturating_sub(1);
        let mut at = 0;
        (0..=lines)
            .map(|line| {
                while (self.sentences.get(at)).is_some_and(|s| (s.line as usize) < line) {
                    at += 1;
                }
                at
            })
            .collect()
    }

    /// [`DocSketch::sentences_of`] `line`, whose sentences are
    /// `sentences[range]`.
    pub fn sentences_in(
        &self,
        line: u32,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (&SentenceKey, u32, u32)> {
        let parts = &self.sentences[range];
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
    SCRATCH.with_borrow_mut(|scratch| {
        let sketch = sketch_with(text, lines, folder, patterns, scratch);
        if scratch.tokens.hashes.capacity() > KEPT_TOKENS
            || scratch.vocabulary.capacity() > KEPT_TOKENS
        {
            *scratch = SketchScratch::default();
        }
        sketch
    })
}

/// What a sketch needs only while it is made: the token stream, its
/// k-gram hashes and the line's sentences. Each thread keeps its own from
/// one document to the next: made anew for each, their growth (a copy at
/// each doubling, and for a long document fresh pages to fault in) was a
/// ninth of the cost of sketching pages of 0.5 to 4 KB and a third of
/// sketching one of 200 KB.
#[derive(Default)]
struct SketchScratch {
    cuts: Vec<usize>,
    parts: Vec<Span>,
    folded_sentences: Vec<FoldedSentence>,
    tokens: DocTokens,
    selected: Vec<winnow::Selected>,
    anchors: Vec<usize>,
    unit_starts: Vec<u32>,
    line_cache: LineCache,
    /// The words of a document's sentences ([`mark_body_echoes`]).
    vocabulary: Vocabulary,
}

/// Most tokens a thread's [`SketchScratch`] keeps room for between
/// documents (16 MiB): a longer document's is let go once it is sketched.
const KEPT_TOKENS: usize = 1 << 20;

thread_local! {
    static SCRATCH: std::cell::RefCell<SketchScratch> = Default::default();
}

fn sketch_with(
    text: &str,
    lines: &[Span],
    folder: &mut KeyFolder,
    patterns: Option<&LineMatcher>,
    scratch: &mut SketchScratch,
) -> DocSketch {
    let SketchScratch {
        cuts,
        parts,
        folded_sentences,
        tokens,
        selected,
        anchors,
        unit_starts,
        line_cache,
        vocabulary,
    } = scratch;
    line_cache.judged_by((patterns.map(|p| p.identity()), folder.folds_script()));
    tokens.hashes.clear();
    tokens.bytes.clear();
    let mut whole = Xxh3::new();
    let mut sentences = Vec::new();
    let mut line_tokens = Vec::with_capacity(lines.len() + 1);
    let mut titles = Vec::new();
    let cutter = segment::SentenceCutter::new(text);
    let mut closing = ClosingNotice::window(lines.len(), patterns);
    let mut keys: Vec<LineKey> = lines
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let line = &text[span.start..span.end];
            let first_token = tokens.hashes.len() as u32;
            line_tokens.push(first_token);
            let hash = line_cache::line_hash(line);
            let remembered = hash
                .and_then(|hash| line_cache.get(line, hash, span.start, folded_sentences, tokens));
            let key = remembered.unwrap_or_else(|| {
                sentence_cuts(&cutter, text, *span, parts, cuts);
                let mut key = folder.fold_into(line, span.start, cuts, folded_sentences, tokens);
                judge_line(line, &mut key, folder, folded_sentences, patterns);
                if closing.holds(i, &key) {
                    closing.keep(i, folder.template_text());
                }
                if let Some(patterns) = patterns.filter(|_| key.pattern == 0) {
                    key.pattern = match_before_edit_link(line, folder, patterns);
                }
                if let Some(hash) = hash {
                    let line_tokens = (&*tokens, first_token as usize);
                    line_cache.put(line, hash, span.start, key, folded_sentences, line_tokens);
                }
                key
            });
            if closing.holds(i, &key) {
                closing.last = Some(i);
            }
            if i < TITLE_LINES && key.weight > 0 {
                if let Some((prefix_text, suffix)) = title_parts(line) {
                    let suffix = folder.fold(suffix);
                    let prefix = folder.fold(prefix_text);
                    if suffix.weight > 0 && prefix.weight > 0 {
                        let heading = title_heading(prefix_text);
                        let heading = if heading.len() == prefix_text.len() {
                            prefix.content
                        } else {
                            folder.fold(heading).content
                        };
                        titles.push(TitleLine {
                            line: i as u32,
                            prefix: prefix.content,
                            suffix: suffix.template,
                            heading,
                        });
                    }
                }
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
    line_tokens.push(tokens.hashes.len() as u32);
    closing.mark(&mut keys, lines, text, folder);
    if let Some(patterns) = patterns {
        mark_writer_notes(&mut keys, lines, text, patterns);
    }
    mark_lead_title(&mut keys, lines, &line_tokens, tokens, text);
    let menu_rule = patterns.and_then(LineMatcher::menu_rule);
    mark_body_echoes(
        &mut keys,
        lines,
        &line_tokens,
        tokens,
        text,
        vocabulary,
        menu_rule,
    );
    // A table's label is a menu's ('Contents', 'In this article'), not
    // any link of the navigation ('Sign in').
    contents::mark_contents(&mut keys, lines, &line_tokens, tokens, text, |key| {
        Some(key.pattern) == menu_rule && key.weight <= contents::MAX_LABEL_WEIGHT
    });
    // Line starts and sentence starts, each in order: merged, not sorted.
    let sentence_starts = sentences.iter().map(|s: &SentenceKey| s.first_token);
    unit_starts.clear();
    unit_starts.extend(merge_sorted_by_key(
        line_tokens.iter().copied(),
        sentence_starts,
        |&t| t,
    ));
    unit_starts.dedup();
    let (spans, span_hashes) = span_prints(
        &mut tokens.hashes,
        &tokens.bytes,
        unit_starts,
        selected,
        anchors,
    );
    DocSketch {
        content_hash: whole.digest(),
        lines: keys,
        sentences,
        line_tokens,
        spans,
        span_hashes,
        titles,
    }
}

/// How many of a document's last lines [`ClosingNotice`] reads.
const CLOSING_LINES: usize = 16;

/// The last line among a document's last [`CLOSING_LINES`] that is too
/// heavy for the pack to have tried, given the pack's `rest` rule whose
/// phrase it holds: a licence or a disclaimer of a few long sentences,
/// over the site's last links ('Der Text ist unter der Lizenz
/// „Creative-Commons …“ verfügbar; Informationen zu den Urhebern …').
/// Such a notice would otherwise be the body's last line, and keep the
/// references, categories and edit date above it as body. Only that one
/// line is searched, so the pack's weight bound still spares every other
/// paragraph the search; the folded text of the window's heavy lines is
/// kept as they are folded, so that it need not be folded again.
struct ClosingNotice<'p> {
    patterns: Option<&'p LineMatcher<'p>>,
    /// The window's first line.
    first: usize,
    /// The last heavy line seen in the window.
    last: Option<usize>,
    /// The last heavy line of the window folded here (a line the cache
    /// remembered was not), and its template text.
    folded: Option<(usize, String)>,
}

impl<'p> ClosingNotice<'p> {
    fn window(lines: usize, patterns: Option<&'p LineMatcher<'p>>) -> Self {
        ClosingNotice {
            patterns,
            first: lines.saturating_sub(CLOSING_LINES),
            last: None,
            folded: None,
        }
    }

    /// Whether line `i` of key `key` is a heavy line of the window.
    fn holds(&self, i: usize, key: &LineKey) -> bool {
        self.patterns
            .is_some_and(|patterns| i >= self.first && key.weight > patterns.max_weight())
    }

    /// Keeps the template text of heavy line `i`, just folded.
    fn keep(&mut self, i: usize, template: &str) {
        let (line, text) = self.folded.get_or_insert_with(|| (i, String::new()));
        *line = i;
        text.clear();
        text.push_str(template);
    }

    /// Sets the pattern of the window's last heavy line, folding it again
    /// if the cache remembered it.
    fn mark(self, keys: &mut [LineKey], lines: &[Span], text: &str, folder: &mut KeyFolder) {
        let (Some(line), Some(patterns)) = (self.last, self.patterns) else {
            return;
        };
        keys[line].pattern = match &self.folded {
            Some((folded_line, template)) if *folded_line == line => {
                patterns.match_heavy_notice(template)
            }
            _ => {
                folder.fold(&text[lines[line].start..lines[line].end]);
                patterns.match_heavy_notice(folder.template_text())
            }
        };
    }
}

/// The lightest title [`LineKey::opens_lead`] marks: 'Python', '长江'.
const MIN_LEAD_TITLE_WEIGHT: u32 = 4;
/// The longest word that may stand before the title in the first
/// paragraph: an article ('The', 'Le', 'El', 'Der').
const MAX_ARTICLE_CHARS: usize = 3;
/// The fewest words of a title that the lead says after an article.
const MIN_TITLE_WORDS_AFTER_ARTICLE: usize = 2;

/// Marks the lines before the document's first paragraph (its first line
/// that ends as a sentence, is no question as light as a link and no rule
/// of the pack matched: 'What is ibuprofen?' heads the paragraph that
/// opens 'Ibuprofen is a…') whose tokens
/// are the first of that paragraph's, or, two or more, follow its first
/// word when that word is as short as an article ('Eiffel Tower' over 'The
/// Eiffel Tower is…', "Lac d'Annecy" over "Le lac d'Annecy est…"): the
/// page's title, which a lead such as an encyclopedia's opens with,
/// wherever the navigation around it puts it.
fn mark_lead_title(
    keys: &mut [LineKey],
    lines: &[Span],
    line_tokens: &[u32],
    tokens: &DocTokens,
    text: &str,
) {
    let heading_question = |line: usize, key: &LineKey| {
        key.weight <= menu_column::MAX_LINKED_ITEM_WEIGHT
            && text[lines[line].start..lines[line].end]
                .trim_end()
                .ends_with('?')
    };
    // A sentence the pack matched is furniture ('From Wikipedia, the free
    // encyclopedia.'), not the lead.
    let Some(lead) = (keys.iter().enumerate()).position(|(line, key)| {
        key.ends_sentence && key.pattern == 0 && !heading_question(line, key)
    }) else {
        return;
    };
    let range_of = |line: usize| line_tokens[line] as usize..line_tokens[line + 1] as usize;
    let lead_range = range_of(lead);
    let lead_tokens = &tokens.hashes[lead_range.clone()];
    let after_article = lead_tokens.get(1..).filter(|_| {
        let (start, end) = tokens.bytes[lead_range.start];
        let word = &text[start as usize..end as usize];
        word.chars().all(char::is_alphabetic) && word.chars().count() <= MAX_ARTICLE_CHARS
    });
    let word = |token: usize| {
        let (start, end) = tokens.bytes[token];
        &text[start as usize..end as usize]
    };
    for (line, key) in keys[..lead].iter_mut().enumerate() {
        let own_range = range_of(line);
        let own = &tokens.hashes[own_range.clone()];
        let opens = |tokens: &[u64]| own.len() < tokens.len() && tokens.starts_with(own);
        // One word after an article is as often a section's name that the
        // text's first words use ('Science' over 'The science of …'),
        // unless the lead writes it as the line does, capitalised: a name
        // ('Afsluitdijk' over 'De Afsluitdijk is …').
        let one_name = || {
            own.len() == 1 && {
                let own_word = word(own_range.start);
                own_word.starts_with(char::is_uppercase) && own_word == word(lead_range.start + 1)
            }
        };
        let after = |tokens: &[u64]| {
            opens(tokens) && (own.len() >= MIN_TITLE_WORDS_AFTER_ARTICLE || one_name())
        };
        key.opens_lead = key.weight >= MIN_LEAD_TITLE_WEIGHT
            && (opens(lead_tokens) || after_article.is_some_and(after));
    }
}

/// Words by their mixed token hashes, which serve as their own hashes.
type Vocabulary = HashSet<u64, BuildHasherDefault<FingerprintHasher>>;

/// The heaviest line [`LineKey::echoes_body`] marks: an item of a menu
/// column, which the flag tells from a list about the text.
const MAX_ECHO_WEIGHT: u32 = menu_column::MAX_LINKED_ITEM_WEIGHT;
/// The fewest light lines (no heavier than a menu column's items that no
/// navigation leads) a document needs for any to be marked: as many as a
/// menu column needs items.
const MIN_ECHO_LINES: usize = menu_column::MIN_ITEMS;
/// The fewest letters of a word that counts as an echo: shorter ones are
/// mostly a language's own small words ('the', 'und', 'les').
const MIN_ECHO_WORD_CHARS: usize = 4;

/// The fewest characters of a katakana word that counts as an echo: one
/// alone is a sound ('ス').
const MIN_KATAKANA_WORD_CHARS: usize = 2;

/// The two kana scripts, which [`mark_body_echoes`] reads apart from Han.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kana {
    Hiragana,
    Katakana,
}

impl Kana {
    fn of(c: char) -> Option<Kana> {
        match c as u32 {
            0x3040..=0x309F => Some(Kana::Hiragana),
            0x30A0..=0x30FF | 0x31F0..=0x31FF => Some(Kana::Katakana),
            _ => None,
        }
    }
}

/// Marks the light lines that are no sentence and share a word with the
/// document's sentences ([`LineKey::echoes_body`]) or have all their words
/// there ([`LineKey::names_the_text`]) — the sentences of lines no rule of
/// the pack matched: a notice that names the site is the page's
/// furniture, not its text — and the lines of a person's name
/// that share none ([`LineKey::reads_as_name`]), and gives the rule of
/// the pack's `menu` shape (`menu_rule`) to the [word rows](pack::is_word_row)
/// that no rule took and whose words the sentences use one of at most: a
/// menu of words between single spaces, where a title set in capitals
/// shares its words with the text. Words are compared by their token
/// hashes; two CJK characters in a row count as one word, since one
/// character alone is shared by most texts. Only documents with a
/// sentence, and enough light lines to hold a menu column, a word row or
/// a name, are read.
fn mark_body_echoes(
    keys: &mut [LineKey],
    lines: &[Span],
    line_tokens: &[u32],
    tokens: &DocTokens,
    text: &str,
    vocabulary: &mut Vocabulary,
    menu_rule: Option<PatternId>,
) {
    let Some(first_sentence) = keys.iter().position(|key| key.ends_sentence) else {
        return;
    };
    let lighter_than = |key: &LineKey, max_weight: u32| {
        !key.ends_sentence && key.weight > 0 && key.weight <= max_weight
    };
    let is_item = |key: &LineKey| lighter_than(key, MAX_ECHO_WEIGHT);
    // A column needs light items, whatever heavier links the navigation
    // leads to among them.
    let items = (keys.iter())
        .filter(|key| lighter_than(key, menu_column::MAX_ITEM_WEIGHT))
        .count()
        >= MIN_ECHO_LINES;
    // Lines of a word row or of a name: few, found once.
    let rows_and_names: Vec<(usize, RowOrName)> = (keys.iter().zip(lines).enumerate())
        .filter(|(_, (key, span))| {
            key.pattern == 0
                && key.weight > 0
                && (!key.ends_sentence || pack::ends_with_initial(&text[span.start..span.end]))
        })
        .filter_map(|(line, (_, span))| {
            let text = &text[span.start..span.end];
            if menu_rule.is_some() && pack::is_word_row(text) {
                Some((line, RowOrName::Row))
            } else {
                let name = |end: usize| RowOrName::Name {
                    end: span.start + end,
                    role: end < text.trim_end().len(),
                    list: false,
                };
                let list = || RowOrName::Name {
                    end: span.end,
                    role: false,
                    list: true,
                };
                (pack::name_in_line(text).map(name))
                    .or_else(|| pack::names_in_list(text).then(list))
                    .map(|found| (line, found))
            }
        })
        .collect();
    if !items && rows_and_names.is_empty() {
        return;
    }
    // The words of a line, of its text before byte `until` of the
    // document, each with whether it is a word of its own or the overlap
    // of a run of CJK characters' pairs: '发布会' gives two pairs, and
    // is one word, '新闻发布' two. Kana spell sounds, not words: a run of
    // katakana is one word ('リファレンス' shares nothing with 'ファイル'),
    // and hiragana, a sentence's endings and particles, is none.
    let words_until = |line: usize, until: usize, each: &mut dyn FnMut(u64, bool)| {
        let range = line_tokens[line] as usize..line_tokens[line + 1] as usize;
        let mut previous_cjk: Option<(u64, u32)> = None;
        let mut pairs_in_run = 0usize;
        // The katakana run so far: its hash, end and length.
        let mut katakana: Option<(u64, u32, usize)> = None;
        let end_katakana = |katakana: &mut Option<(u64, u32, usize)>,
                            each: &mut dyn FnMut(u64, bool)| {
            if let Some((hash, _, chars)) = katakana.take() {
                if chars >= MIN_KATAKANA_WORD_CHARS {
                    each(mix(hash), true);
                }
            }
        };
        for t in range {
            let (start, end) = tokens.bytes[t];
            if end as usize > until {
                break;
            }
            let word = &text[start as usize..end as usize];
            let mut chars = word.chars();
            let one_char = match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            };
            let kana = one_char.and_then(Kana::of);
            if kana != Some(Kana::Katakana) || katakana.is_some_and(|(_, at, _)| at != start) {
                end_katakana(&mut katakana, each);
            }
            if let Some(kana) = kana {
                if kana == Kana::Katakana {
                    let hash = tokens.hashes[t];
                    katakana = Some(match katakana {
                        Some((run, _, chars)) => (mix(run ^ hash.rotate_left(17)), end, chars + 1),
                        None => (hash, end, 1),
                    });
                }
                previous_cjk = None;
                pairs_in_run = 0;
                continue;
            }
            let one_cjk = one_char.is_some_and(is_cjk);
            if one_cjk {
                if let Some((hash, previous_end)) = previous_cjk {
                    if previous_end == start {
                        each(
                            mix(hash ^ tokens.hashes[t].rotate_left(17)),
                            pairs_in_run.is_multiple_of(2),
                        );
                        pairs_in_run += 1;
                    } else {
                        pairs_in_run = 0;
                    }
                }
                previous_cjk = Some((tokens.hashes[t], end));
            } else {
                previous_cjk = None;
                pairs_in_run = 0;
                if word.chars().count() >= MIN_ECHO_WORD_CHARS {
                    each(mix(tokens.hashes[t]), true);
                }
            }
        }
        end_katakana(&mut katakana, each);
    };
    let words_of =
        |line: usize, each: &mut dyn FnMut(u64, bool)| words_until(line, usize::MAX, each);
    vocabulary.clear();
    let rows = (rows_and_names.iter()).any(|&(_, found)| found == RowOrName::Row);
    for (line, key) in keys.iter().enumerate().skip(first_sentence) {
        if key.ends_sentence && key.pattern == 0 && (items || rows) {
            words_of(line, &mut |word, _| {
                vocabulary.insert(word);
            });
        }
    }
    // A line's words (CJK pairs each), how many of them the sentences
    // hold, and how many words of their own it has.
    let echoes_of = |line: usize| {
        let (mut words, mut echoes, mut own) = (0, 0, 0);
        words_of(line, &mut |word, new_word| {
            words += 1;
            own += usize::from(new_word);
            echoes += usize::from(vocabulary.contains(&word));
        });
        (words, echoes, own)
    };
    if items {
        for (line, key) in keys.iter_mut().enumerate() {
            if is_item(key) {
                let (words, echoes, own) = echoes_of(line);
                key.echoes_body = echoes > 0;
                key.names_the_text = own >= MIN_NAMING_WORDS && echoes == words;
            }
        }
    }
    // How often each word stands in the document, for the names: counted
    // once, so that a page of many names is read twice, not once a name.
    let mut counts: HashMap<u64, u32, BuildHasherDefault<FingerprintHasher>> = HashMap::default();
    if (rows_and_names.iter()).any(|&(_, found)| found != RowOrName::Row) {
        // A line the pack matched is the page's furniture, not its text:
        // an author's name in its copyright line or its 'More from' link
        // does not make the name one the text talks about.
        for line in (0..keys.len()).filter(|&line| keys[line].pattern == 0) {
            words_of(line, &mut |word, _| *counts.entry(word).or_default() += 1);
        }
    }
    // The words of each name, and how many lines say each name alone: the
    // name again on a line of its own (a poster's over their post and
    // under their comment) is no more the text's than the first.
    let names: Vec<(usize, Vec<u64>)> = (rows_and_names.iter())
        .filter_map(|&(line, found)| match found {
            RowOrName::Name { end, .. } => {
                let mut name = Vec::new();
                words_until(line, end, &mut |word, _| name.push(word));
                Some((line, name))
            }
            RowOrName::Row => None,
        })
        .collect();
    for (line, found) in rows_and_names {
        match (found, menu_rule) {
            (RowOrName::Row, Some(menu)) => {
                let (words, echoes, _) = echoes_of(line);
                if words >= MIN_ROW_CHECKED_WORDS && echoes <= MAX_ROW_ECHOES {
                    keys[line].pattern = menu;
                }
            }
            (RowOrName::Row, None) => {}
            (RowOrName::Name { role, list, .. }, _) => {
                let Ok(at) = names.binary_search_by_key(&line, |&(at, _)| at) else {
                    continue;
                };
                let name = &names[at].1;
                let said_alone = names.iter().filter(|(_, other)| other == name).count();
                let elsewhere = (name.iter()).any(|word| {
                    let in_name = name.iter().filter(|&other| other == word).count();
                    counts[word] as usize > in_name * said_alone
                });
                keys[line].reads_as_name = !elsewhere;
                keys[line].names_a_role = !elsewhere && role;
                keys[line].lists_names = !elsewhere && list;
            }
        }
    }
}

/// The heaviest name alone over its date that [`mark_writer_notes`] reads
/// as a byline: four words of a name.
const MAX_NAME_OVER_DATE_WEIGHT: u32 = 40;

/// Gives the pack's rule of notes on the writer
/// ([`crate::decide::pack::PackRule::writer_notes`]) to the lines no rule
/// took that open with a name a line the pack took gives after its words
/// that lead one ([`crate::decide::pack::PackRule::names_led`]: 'By Marcus
/// Delgado | …') or that stands alone over a date a rule of dates took
/// ('Priya Raman' over 'May 16, 2024'; its note must stand past a line the
/// pack took after the text, where the page's furniture is), then a comma
/// or a word in lowercase: 'Marcus Delgado
/// covers city government for the Herald.' under the text. A note follows
/// the text: a paragraph of body weight stands between the byline and
/// it, and the line above it is no heading of its own (a line that no
/// rule took and that ends no sentence, 'Why trust us', with no such line
/// above it: the last title of a list of related stories is none). A line that
/// opens the text under its byline ('Helen Marsh wrote this poem after…'
/// over the poem) is the text's. A writer's box under the text, the
/// byline's name again in any case over a note that opens with its last
/// word ('MARY CLARKSON' over 'Clarkson covers agriculture…', under 'By
/// MARY CLARKSON'), takes the rule whole. Where a note may go is the
/// rule's zone.
fn mark_writer_notes(keys: &mut [LineKey], lines: &[Span], text: &str, patterns: &LineMatcher) {
    let anchor_min_weight = patterns.anchor_min_weight();
    let Some(note_rule) = patterns.writer_note_rule() else {
        return;
    };
    // Each name with its line, and whether a word such as 'By' led it.
    let mut names: Vec<(usize, &str, bool)> = Vec::new();
    let dated = |key: &LineKey| {
        key.pattern != 0 && key.holds_digits && patterns.rule(key.pattern).dates_the_page()
    };
    let mut next_text = keys.len();
    for i in (0..keys.len()).rev() {
        let key = &keys[i];
        let line = &text[lines[i].start..lines[i].end];
        if key.pattern != 0 {
            names.extend(
                patterns
                    .rule(key.pattern)
                    .names_led(line)
                    .into_iter()
                    .map(|name| (i, name, true)),
            );
        } else if next_text < keys.len()
            && dated(&keys[next_text])
            && key.weight <= MAX_NAME_OVER_DATE_WEIGHT
            && pack::name_in_line(line).is_some_and(|end| end == line.trim_end().len())
        {
            // A byline without 'By': a name alone over its date.
            names.push((i, line.trim(), false));
        }
        if key.weight > 0 {
            next_text = i;
        }
    }
    names.reverse();
    if names.is_empty() {
        return;
    }
    // What follows a name at the head of a note: a comma, or a word in
    // lowercase.
    let goes_on_as_note = |rest: &str| {
        let mut chars = rest.chars();
        match chars.next() {
            Some(',') => true,
            Some(' ') => chars.next().is_some_and(char::is_lowercase),
            _ => false,
        }
    };
    let opens_with = |line: &str, name: &str| line.strip_prefix(name).is_some_and(goes_on_as_note);
    let paragraph =
        |key: &LineKey| key.pattern == 0 && key.ends_sentence && key.weight >= anchor_min_weight;
    let text_of = |i: usize| text[lines[i].start..lines[i].end].trim();
    let mut above: Option<usize> = None;
    let mut above_that: Option<usize> = None;
    // Whether a line the pack took stands since the last paragraph: a
    // name alone over its date is read as a byline only by a note past
    // the text's end, where the page's furniture is ('Elena Park runs the
    // reading room…' right after the text may be the text's).
    let mut past_the_text = false;
    for i in 0..keys.len() {
        let key = keys[i];
        if key.weight == 0 {
            continue;
        }
        if paragraph(&key) {
            past_the_text = false;
        }
        let line = text_of(i);
        // A heading stands alone: the last of a list of titles above (a
        // list of related stories) is none.
        let untitled = |j: usize| keys[j].pattern == 0 && !keys[j].ends_sentence;
        let under_a_heading = above.is_some_and(untitled) && !above_that.is_some_and(untitled);
        let follows_text = |byline: usize| byline < i && keys[byline + 1..i].iter().any(paragraph);
        let note = key.pattern == 0
            && !under_a_heading
            && names.iter().any(|&(byline, name, led)| {
                (led || past_the_text) && follows_text(byline) && opens_with(line, name)
            });
        // A writer's box: the name again over the note, which may open
        // with the surname ('MARY CLARKSON' over 'Clarkson covers…').
        let boxed = key.pattern == 0
            && under_a_heading
            && above.is_some_and(|j| {
                let heading = text_of(j);
                names.iter().any(|&(byline, name, led)| {
                    (led || past_the_text)
                        && follows_text(byline)
                        && byline < j
                        && heading.to_lowercase() == name.to_lowercase()
                        && name.rsplit(' ').next().is_some_and(|surname| {
                            (line.get(..surname.len()))
                                .is_some_and(|head| head.to_lowercase() == surname.to_lowercase())
                                && goes_on_as_note(&line[surname.len()..])
                        })
                })
            });
        if note || boxed {
            keys[i].pattern = note_rule;
        }
        if boxed {
            if let Some(j) = above {
                keys[j].pattern = note_rule;
            }
        }
        past_the_text |= key.pattern != 0;
        above_that = above;
        above = Some(i);
    }
}

/// What [`mark_body_echoes`] found a line to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowOrName {
    /// A [word row](pack::is_word_row).
    Row,
    /// A person's name ([`pack::name_in_line`]) that ends at byte `end` of
    /// the document, with a byline's `role` after it or not, or a `list`
    /// of names ([`pack::names_in_list`]).
    Name { end: usize, role: bool, list: bool },
}

/// The fewest words of a line that [names the text](LineKey::names_the_text):
/// one word alone may be a section of the site that the text is about.
/// A run of CJK characters counts a word for each two of them ('发布会',
/// a section, is one; '新闻发布会', two).
const MIN_NAMING_WORDS: usize = 2;
/// The fewest words of a word row long enough to compare with the text
/// (of [`MIN_ECHO_WORD_CHARS`] letters, or two CJK characters) that make
/// it a menu: most of its words.
const MIN_ROW_CHECKED_WORDS: usize = 3;
/// The most words a menu's row shares with the text: one section may be
/// the article's subject ('Science' over an article about science); a
/// title shares its subject and more.
const MAX_ROW_ECHOES: usize = 1;

/// Whether `line` ends with a comma of any script: a clause that goes on
/// in the next line.
fn ends_with_comma(line: &str) -> bool {
    line.trim_end().ends_with([',', '，', '、', '،'])
}

/// The lightest paragraph of a script that marks no sentence's end: a
/// headline of Thai runs to some forty letters, a paragraph's line to more.
const UNPUNCTUATED_PARAGRAPH_WEIGHT: u32 = 60;

/// Whether `line` is a paragraph of a script that ends its sentences with
/// a space and nothing else (Thai, Lao): heavy, its last letter of that
/// script. Such a line ends as a sentence, as a paragraph of other scripts
/// ends with a full stop.
fn reads_as_unpunctuated_paragraph(line: &str, weight: u32) -> bool {
    weight >= UNPUNCTUATED_PARAGRAPH_WEIGHT
        && line
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(writes_no_full_stop)
}

/// A row of a table set on one line: a label of one to three words
/// without digits, a colon, and a measure, a number and its unit
/// ('Weight: 1.1kg', '용량: 1.7L', 'Surface : 48 m²', which NFKC makes
/// 'm2'). A menu's link is
/// never one; a count after its label ('浏览:1024次', 'Posts: 214') is no
/// measure.
fn reads_as_measured_field(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else {
        return false;
    };
    let words = label.split_whitespace().count();
    let value = value.trim();
    let unit = value
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
        .trim();
    (1..=3).contains(&words)
        && !label.contains(|c: char| c.is_numeric())
        && value.starts_with(|c: char| c.is_ascii_digit())
        && (1..=3).contains(&unit.chars().count())
        && unit.starts_with(|c: char| c.is_alphabetic() && !is_cjk(c))
        && unit
            .chars()
            .all(|c| c.is_alphanumeric() && !is_cjk(c) || matches!(c, '²' | '³'))
}

/// Sets the flags of `key` that read the raw `line`, just folded by
/// `folder` into `sentences`: its pack rule, whether it ends as a
/// sentence, is unlike a link, may hold a notice or a stutter.
fn judge_line(
    line: &str,
    key: &mut LineKey,
    folder: &KeyFolder,
    sentences: &[FoldedSentence],
    patterns: Option<&LineMatcher>,
) {
    key.may_stutter = repeated_clause::may_stutter(line, folder.piece_marks());
    key.ends_sentence =
        pack::ends_as_sentence(line) || reads_as_unpunctuated_paragraph(line, key.weight);
    key.trails_off = key.ends_sentence && trails_off(line);
    let item_weight = key.weight <= menu_column::MAX_LINKED_ITEM_WEIGHT;
    key.unlike_a_link = item_weight
        && (menu_column::reads_as_code(line, key.weight)
            || ends_with_comma(line)
            || (key.holds_digits && reads_as_measured_field(line)));
    key.reads_as_price = item_weight && key.holds_digits && shape::is_price(line);
    if key.reads_as_price {
        // Prices fold to the template of any bare number ('$485,000' and
        // '¥299.00' both to '0'), which a count or a page number of every
        // page shares: a price is a template only where its amount is too.
        key.template = key.content;
    }
    key.bracketed = (1..=MAX_BRACKETED_WEIGHT).contains(&key.weight) && is_bracketed(line);
    key.reads_as_tag = item_weight && key.weight > 0 && reads_as_tag(line);
    if let Some(patterns) = patterns {
        // Dates and times are read in ASCII digits.
        let ascii_digits = key.holds_digits.then(|| with_ascii_digits(line)).flatten();
        let line = ascii_digits.as_deref().unwrap_or(line);
        patterns.match_into(line, key, folder.template_text());
        key.holds_time = key.pattern != 0 && key.holds_digits && shape::holds_time(line);
        if let [_, .., last] = sentences {
            let from = (last.template_start as usize).saturating_sub(1);
            key.notice_tail =
                patterns.may_hold_notice(&folder.template_bytes()[from..], last.content);
        }
    }
}

/// The rule of the pack that takes what `line` says before an edit link
/// glued to its end, where a rule for lines that cannot be content takes
/// the link ('Voir aussi[modifier | modifier le code]', '関連項目[編集]'):
/// a wiki's section heading, which the pack knows without its link. 0 for
/// any other line, and for a line that does not end with a square bracket,
/// which is not folded again.
#[inline]
fn match_before_edit_link(line: &str, folder: &mut KeyFolder, patterns: &LineMatcher) -> PatternId {
    if !line.trim_end().ends_with(']') {
        return 0;
    }
    let Some((before, _)) = line_marker::tail_marker(line) else {
        return 0;
    };
    let matched = |text: &str, folder: &mut KeyFolder| {
        let mut key = folder.fold(text);
        patterns.match_into(text, &mut key, folder.template_text());
        key.pattern
    };
    let link = matched(line[before..].trim(), folder);
    if link == 0 || patterns.rule(link).zone != Zone::Anywhere {
        return 0;
    }
    matched(&line[..before], folder)
}

/// Whether `line` ends with an ellipsis, closing quotes and brackets aside.
fn trails_off(line: &str) -> bool {
    let text = (line.trim_end()).trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', '）']);
    text.ends_with("...") || text.ends_with(['…', '⋯'])
}

/// Whether `line`, trimmed, is one word that opens with a lowercase letter
/// and holds nothing but lowercase letters, digits and - . _ + #.
fn reads_as_tag(line: &str) -> bool {
    let mut chars = line.trim().chars();
    chars.next().is_some_and(char::is_lowercase)
        && chars.all(|c| {
            c.is_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | '+' | '#')
        })
}

/// The heaviest line [`LineKey::bracketed`] marks: a note, not a
/// paragraph in brackets.
const MAX_BRACKETED_WEIGHT: u32 = 60;

/// Whether `line`, trimmed, opens with a round bracket (ASCII or
/// full-width) and closes with one.
fn is_bracketed(line: &str) -> bool {
    let line = line.trim();
    (line.starts_with('(') || line.starts_with('（'))
        && (line.ends_with(')') || line.ends_with('）'))
}

/// Where the sentences of the line at `span` of `text` end, as offsets in
/// the line, into `cuts` (none for a line of one sentence).
fn sentence_cuts(
    cutter: &segment::SentenceCutter,
    text: &str,
    span: Span,
    parts: &mut Vec<Span>,
    cuts: &mut Vec<usize>,
) {
    cuts.clear();
    cutter.cut_into(text, span, parts);
    let ends = parts.iter().take(parts.len().saturating_sub(1));
    cuts.extend(ends.map(|p| p.end - span.start));
}

/// The tokens of a canonical text, as [`sketch`] counts them: the k-gram of
/// a span fingerprint at token `t` is `tokens.hashes[t..t + K]`. The tests'
/// whole-document form of [`line_tokens_into`].
#[cfg(test)]
pub(crate) fn tokens_of(text: &str, lines: &[Span], folder: &mut KeyFolder) -> DocTokens {
    let cutter = segment::SentenceCutter::new(text);
    let mut tokens = DocTokens::default();
    for span in lines {
        line_tokens_into(&cutter, text, *span, folder, &mut tokens);
    }
    let counted = tokens.hashes.len().min(SpanPrint::MAX_TOKEN as usize);
    tokens.hashes.truncate(counted);
    tokens.bytes.truncate(counted);
    tokens
}

/// The tokens of the line at `span` of `text`, as [`sketch`] counts them,
/// on the end of `tokens` (their bytes in the whole text): a line's tokens
/// do not depend on the lines around it, so a document's can be folded
/// again a line at a time.
pub fn line_tokens_into(
    cutter: &segment::SentenceCutter,
    text: &str,
    span: Span,
    folder: &mut KeyFolder,
    tokens: &mut DocTokens,
) {
    let (mut parts, mut cuts, mut sentences) = (Vec::new(), Vec::new(), Vec::new());
    sentence_cuts(cutter, text, span, &mut parts, &mut cuts);
    let line = &text[span.start..span.end];
    folder.fold_into(line, span.start, &cuts, &mut sentences, tokens);
}

/// The winnowed fingerprints of a token stream, with the bytes each covers.
///
/// Besides the winnowed ones, the k-grams that start or end a line or a
/// sentence (`unit_starts`, token indices) are *anchors*: a copy of a whole
/// sentence then matches exactly at its edges, where winnowing alone would
/// prove it only up to `W - 1` tokens short.
fn span_prints(
    hashes: &mut Vec<u64>,
    bytes: &[(u32, u32)],
    unit_starts: &[u32],
    selected: &mut Vec<winnow::Selected>,
    anchors: &mut Vec<usize>,
) -> (Vec<SpanPrint>, Vec<u64>) {
    hashes.truncate(SpanPrint::MAX_TOKEN as usize);
    let token_count = hashes.len();
    winnow::kgram_hashes_in_place(hashes, winnow::K);
    winnow::winnow(hashes, winnow::W, selected);
    // Unit starts are in order; each unit's end is the next unit's start,
    // so the anchors come out in order too.
    anchors.clear();
    for pair in unit_starts.windows(2) {
        let (start, end) = (pair[0] as usize, pair[1] as usize);
        if end >= start + winnow::K && end <= token_count {
            anchors.push(start);
            anchors.push(end - winnow::K);
        }
    }
    debug_assert!(anchors.is_sorted());
    anchors.dedup();
    let mut prints = Vec::with_capacity(selected.len() + anchors.len());
    let mut print_hashes = Vec::with_capacity(selected.len() + anchors.len());
    // The two lists merged by position, each ascending; a k-gram both
    // winnowed and an anchor is one fingerprint, winnowed.
    let (mut w, mut a) = (0, 0);
    loop {
        let (pos, anchor) = match (selected.get(w), anchors.get(a)) {
            (Some(s), Some(&q)) if q < s.pos as usize => {
                a += 1;
                (q, true)
            }
            (Some(s), next) => {
                w += 1;
                a += usize::from(next == Some(&(s.pos as usize)));
                (s.pos as usize, false)
            }
            (None, Some(&q)) => {
                a += 1;
                (q, true)
            }
            (None, None) => break,
        };
        let (start, end) = (bytes[pos].0, bytes[pos + winnow::K - 1].1);
        prints.push(SpanPrint::new(pos as u32, start, end, anchor));
        print_hashes.push(hashes[pos]);
    }
    (prints, print_hashes)
}

/// Two sequences ascending by `key` as one.
fn merge_sorted_by_key<T, K: Ord>(
    a: impl IntoIterator<Item = T>,
    b: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> impl Iterator<Item = T> {
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if key(y) < key(x) => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Every sentence of a document as (content key, weight, where), lines of
/// one sentence included, in text order.
pub fn sentence_units(sketch: &DocSketch) -> impl Iterator<Item = (u64, u32, u32, u32)> + '_ {
    let sentences = &sketch.sentences;
    let mut next = 0;
    sketch.lines.iter().enumerate().flat_map(move |(i, line)| {
        let first = next;
        while sentences.get(next).is_some_and(|s| s.line == i as u32) {
            next += 1;
        }
        let parts = &sentences[first..next];
        let alone = (parts.is_empty() && line.weight > 0).then_some((
            line.content,
            line.weight,
            i as u32,
            0,
        ));
        (parts.iter())
            .map(|s| (s.content, u32::from(s.weight), s.line, u32::from(s.ordinal)))
            .chain(alone)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_title_separator_opens_as_the_heading_scan_looks_for_it() {
        for separator in TITLE_SEPARATORS {
            let bytes = separator.as_bytes();
            assert!(
                bytes == b"_"
                    || (bytes[0] == b' ' && SEPARATOR_BYTES_AFTER_A_SPACE.contains(&bytes[1])),
                "{separator:?}"
            );
        }
    }

    /// The last separator by one search per separator.
    fn title_parts_by_search(line: &str) -> Option<(&str, &str)> {
        let (at, separator) = (TITLE_SEPARATORS.iter())
            .filter_map(|s| line.rfind(s).map(|at| (at, *s)))
            .max_by_key(|&(at, _)| at)?;
        let (prefix, suffix) = (&line[..at], &line[at + separator.len()..]);
        (!prefix.trim().is_empty() && !suffix.trim().is_empty()).then_some((prefix, suffix))
    }

    #[test]
    fn a_title_splits_at_its_last_separator() {
        assert_eq!(
            title_parts("Budget 2021 - Ministry of Finance | Gov"),
            Some(("Budget 2021 - Ministry of Finance", "Gov"))
        );
        assert_eq!(title_parts("市政府_首页"), Some(("市政府", "首页")));
        assert_eq!(title_parts("No separator here"), None);
        assert_eq!(title_parts("Trailing - "), None);
    }

    #[test]
    fn a_title_the_lead_opens_with_is_marked() {
        let marked = |text: &str| marks(text, |line| line.opens_lead);
        let page = "Main page\nLake Bled\nDeutsch\nLake Bled (Slovene: Blejsko jezero) is a lake.\nLake Bled\n";
        assert_eq!(marked(page), [false, true, false, false, false]);
        let page = "首页\n长江\n长江,古称江水、大江,是亚洲第一长河。\n";
        assert_eq!(marked(page), [false, true, false]);
        let page = "The\nBled lake\nNear the Bled lake is a town.\n";
        assert_eq!(
            marked(page),
            [false, false, false],
            "too light; not its start, nor after an article"
        );
        let page = "Menu\nEiffel Tower\nThe Eiffel Tower is a tower in Paris.\n";
        assert_eq!(marked(page), [false, true, false], "after an article");
        let page = "Menu\nAfsluitdijk\nDe Afsluitdijk is een dijk in Nederland.\n";
        assert_eq!(
            marked(page),
            [false, true, false],
            "a name after an article"
        );
        let page = "Home\nScience\nThe science of cooking is simple.\n";
        assert_eq!(
            marked(page),
            [false, false, false],
            "one word the lead writes in lowercase: a section's name"
        );
        let page = "Ibuprofen\nWhat is ibuprofen?\nIbuprofen is a drug that reduces pain.\n";
        assert_eq!(
            marked(page),
            [true, false, false],
            "a question as light as a link heads the lead"
        );
        assert_eq!(
            marked("Lake Bled\nLake Bled\n"),
            [false, false],
            "no paragraph"
        );
    }

    #[test]
    fn a_heading_the_pack_knows_is_known_with_its_edit_link() {
        let pack = crate::decide::pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let mut folder = KeyFolder::default();
        let mut matched = |line: &str| {
            let pattern = match_before_edit_link(line, &mut folder, &matcher);
            (pattern != 0).then(|| pack.rule(pattern).id.clone())
        };
        for line in [
            "Voir aussi[modifier | modifier le code]",
            "関連項目[編集]",
            "See also [edit]",
        ] {
            assert_eq!(matched(line).as_deref(), Some("page-related"), "{line}");
        }
        for line in [
            "Géographie[modifier | modifier le code]",
            "See also [1]",
            "See also",
            "Voir aussi (modifier)",
        ] {
            assert_eq!(matched(line), None, "{line}");
        }
    }

    #[test]
    fn the_lead_is_no_sentence_the_pack_matched() {
        let text = "Lac d'Annecy\nUn article de Wikipédia, l'encyclopédie libre.\n\
            Le lac d'Annecy est un lac des Alpes françaises.\n";
        let pack = crate::decide::pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let lines = segment::lines(text);
        let doc = sketch(text, &lines, &mut KeyFolder::default(), Some(&matcher));
        let marked: Vec<bool> = doc.lines.iter().map(|line| line.opens_lead).collect();
        assert_eq!(marked, [true, false, false]);
        let doc = sketch(text, &lines, &mut KeyFolder::default(), None);
        assert!(
            !doc.lines[0].opens_lead,
            "without the pack, the notice leads"
        );
    }

    #[test]
    fn light_lines_after_the_text_that_share_its_words_are_marked() {
        let marked = |text: &str| marks(text, |line| line.echoes_body);
        let page = "プロジェクトの設定ファイルでビルドの動作を変更できます。\nリファレンス\n設定ファイル\nブログ\nできます\n";
        assert_eq!(
            marked(page),
            [false, false, true, false, false],
            "katakana words whole; hiragana no word"
        );
        let page = "Paint the cereal box and hang it with string.\nCereal box\nScissors\nString\nKids\nSeasonal\n";
        assert_eq!(marked(page), [false, true, false, true, false, false]);
        let page = "市民可以在政务服务中心办理业务。\n政务服务\n新闻动态\n首页\n联系我们\n";
        assert_eq!(
            marked(page),
            [false, true, false, false, false],
            "two CJK characters in a row, not one alone"
        );
        let page = "Cut the box with the scissors.\nThe box\nScissors\n";
        assert_eq!(
            marked(page),
            [false; 3],
            "too few light lines to hold a menu"
        );
        let page = "Cut the box with the scissors.\nAnd the\nOn the\nOf the\nThe cut\n";
        assert_eq!(marked(page), [false; 5], "short words are no echo");
    }

    #[test]
    fn a_note_on_the_writer_under_the_text_takes_the_note_rule() {
        let pack = pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let note_rule = pack.writer_note_rule().expect("the shipped pack has one");
        let notes = |text: &str| -> Vec<bool> {
            let lines = segment::lines(text);
            let mut scratch = SketchScratch::default();
            let mut folder = KeyFolder::new(true);
            let sketch = sketch_with(text, &lines, &mut folder, Some(&matcher), &mut scratch);
            (sketch.lines.iter())
                .map(|line| line.pattern == note_rule)
                .collect()
        };
        let body = "The city council voted on Tuesday to replace thirty miles of cast-iron water mains, some of them laid before 1940.";
        let page = format!(
            "Council approves plan to replace water mains\nBy Marcus Delgado | mdelgado@example.com | Riverside Herald\n{body}\nMarcus Delgado covers city government for the Riverside Herald.\n"
        );
        assert_eq!(notes(&page), [false, false, false, true]);
        let page = format!("By Marcus Delgado\n{body}\nMarcus Delgado, Riverside Herald\n");
        assert_eq!(notes(&page), [false, false, true], "a comma after the name");
        let page = format!(
            "Field at Dusk\nby Helen Marsh\nHelen Marsh wrote this poem after a summer on her grandmother's farm.\n{body}\n"
        );
        assert_eq!(
            notes(&page),
            [false; 4],
            "a line that opens the text under its byline"
        );
        let page = format!("By Marcus Delgado\n{body}\nWhy trust us\nMarcus Delgado has written about water for nine years.\n");
        assert_eq!(notes(&page), [false; 4], "under a heading of its own");
        let page = format!(
            "By MARY CLARKSON and DAVID OKAFOR\n{body}\nMARY CLARKSON\nClarkson covers agriculture and rural policy for The Associated Press.\n"
        );
        assert_eq!(
            notes(&page),
            [false, false, true, true],
            "a writer's box: the byline's name in capitals over a note that opens with the surname"
        );
        let page = format!(
            "Priya Raman\nMay 16, 2024\n{body}\nMore from Environment\nStorm damage closes coastal path\nVolunteers collect two tonnes of plastic\nPriya Raman is the environment reporter for The Coastal Times.\n"
        );
        assert_eq!(
            notes(&page),
            [false, false, false, false, false, false, true],
            "a name alone over its date is a byline; a list of titles above the note is no heading"
        );
        let page = format!(
            "Priya Raman\nMay 16, 2024\n{body}\nPriya Raman is the environment reporter for The Coastal Times.\n"
        );
        assert_eq!(
            notes(&page),
            [false; 4],
            "right after the text, without 'By': the text's own line"
        );
        let page = format!(
            "Priya Raman\n{body}\nPriya Raman is the environment reporter for The Coastal Times.\n"
        );
        assert_eq!(notes(&page), [false; 3], "a name with no date under it");
        let page = format!(
            "By MARY CLARKSON\n{body}\nWhy trust us\nClarkson covers agriculture and rural policy for The Associated Press.\n"
        );
        assert_eq!(
            notes(&page),
            [false; 4],
            "the surname alone under another heading"
        );
        let page = format!("By Marcus Delgado\n{body}\nMarcus Delgado: the mains will be replaced.\nMarcus Delgado Park reopens.\n");
        assert_eq!(
            notes(&page),
            [false; 4],
            "no lowercase word or comma after the name"
        );
    }

    #[test]
    fn dates_in_a_scripts_own_digits_are_read_as_dates() {
        let pack = pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let patterns = |text: &str| -> Vec<PatternId> {
            let lines = segment::lines(text);
            let mut scratch = SketchScratch::default();
            let mut folder = KeyFolder::new(true);
            let sketch = sketch_with(text, &lines, &mut folder, Some(&matcher), &mut scratch);
            sketch.lines.iter().map(|line| line.pattern).collect()
        };
        let body = "Pokhara saw forty thousand visitors from abroad in one month, the tourism office said.\n";
        let ascii = patterns(&format!("बैशाख 5, 2081 10:25\n{body}"));
        let own = patterns(&format!("बैशाख ५, २०८१ १०:२५\n{body}"));
        assert_ne!(ascii[0], 0, "a date in a month the pack does not know");
        assert_eq!(own, ascii);
        let range = patterns(&format!("२०२० – २०२४\n{body}"));
        assert_eq!(range, patterns(&format!("2020 – 2024\n{body}")));
    }

    #[test]
    fn words_of_the_packs_sentences_are_no_echo() {
        let pack = pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let marked = |text: &str| -> Vec<(bool, bool)> {
            let lines = segment::lines(text);
            let mut scratch = SketchScratch::default();
            let mut folder = KeyFolder::new(true);
            let sketch = sketch_with(text, &lines, &mut folder, Some(&matcher), &mut scratch);
            (sketch.lines.iter())
                .map(|line| (line.echoes_body, line.names_the_text))
                .collect()
        };
        let text = "The county library kept its wooden card cabinets in the reading room for another decade.";
        let page = format!(
            "The Margin Notes\nArchive\nAbout\nSearch\n{text}\nThanks for reading The Margin Notes! Subscribe for free to receive new posts.\n"
        );
        assert_eq!(
            marked(&page)[0],
            (false, false),
            "the newsletter's name stands in a sentence the pack took alone"
        );
        let page = format!("Card cabinets\nArchive\nAbout\nSearch\n{text}\n");
        assert_eq!(
            marked(&page)[0],
            (true, true),
            "the text's words still count"
        );
    }

    #[test]
    fn a_row_of_words_the_text_does_not_use_is_a_menu() {
        let pack = pack::RulePack::shipped();
        let menu = pack
            .matcher(80)
            .menu_rule()
            .expect("the pack has a menu rule");
        let patterns = |text: &str| -> Vec<bool> {
            let lines = segment::lines(text);
            let mut scratch = SketchScratch::default();
            let mut folder = KeyFolder::new(true);
            let matcher = pack.matcher(80);
            let sketch = sketch_with(text, &lines, &mut folder, Some(&matcher), &mut scratch);
            sketch
                .lines
                .iter()
                .map(|line| line.pattern == menu)
                .collect()
        };
        let article = "El Ayuntamiento ampliará el horario de las bibliotecas municipales durante los exámenes.";
        let page = format!("Internacional España Economía Sociedad Cultura Deportes\n{article}\n");
        assert_eq!(patterns(&page), [true, false]);
        let page = "정치 경제 사회 세계 문화 스포츠\n서울시는 다음 달부터 지하철 기본요금을 150원 인상한다고 밝혔다.\n";
        assert_eq!(patterns(page), [true, false]);
        let title = "Soil Microbes Respond Faster To Drought Than Plants";
        let article =
            "Soil microbes slowed within days of the drought, while the plants declined later.";
        assert_eq!(
            patterns(&format!("{title}\n{article}\n")),
            [false, false],
            "a title in capitals shares the text's words"
        );
        let row = "World Politics Science Climate Health";
        let article = "Climate scientists say the science of the ocean is settled.";
        assert_eq!(
            patterns(&format!("{row}\n{article}\n")),
            [false, false],
            "two sections the text names"
        );
        assert_eq!(
            patterns(&format!("{row}\nNo sentence here\n")),
            [false, false],
            "a page without sentences"
        );
        let row = "Home News Sport Weather Culture";
        assert_eq!(
            patterns(&format!("{row}\n{article}\n{row}\n")),
            [true, false, true]
        );
    }

    #[test]
    fn light_lines_whose_words_all_stand_in_the_text_name_it() {
        let marked = |text: &str| marks(text, |line| line.names_the_text);
        let page = "Home\nTarn (lake)\nTalk\nRead\nA tarn is a mountain lake formed in a cirque.\n";
        assert_eq!(marked(page), [false, true, false, false, false]);
        let page = "Science\nClimate Desk\nLake Bled\nNews\nScience says the lake is warming.\n";
        assert_eq!(
            marked(page),
            [false, false, false, false, false],
            "one word alone; one word of two"
        );
        let page = "首页\n新闻发布会\n发布会\n政策\n服务\n今天的新闻发布会到此结束。\n";
        assert_eq!(
            marked(page),
            [false, true, false, false, false, false],
            "three CJK characters are one word, five are two"
        );
    }

    #[test]
    fn a_name_whose_words_stand_in_no_other_line_reads_as_one() {
        let marked = |text: &str| marks(text, |line| line.reads_as_name);
        let sentence = "The council heard from Ruiz about the library hours on Monday.";
        let page = format!("Ana Ruiz\nLena Park\n{sentence}\n");
        assert_eq!(marked(&page), [false, true, false]);
        // Many names, one of them twice: a name's words are counted over
        // the page, its own lines' aside: a name said alone again (a
        // poster's over their post and under their comment) reads as one.
        let mut lines: Vec<String> = [
            "Olga Brandt",
            "Ivan Petrov",
            "Lena Park",
            "Omar Haddad",
            "Sara Lindqvist",
            "Kenji Watanabe",
            "Marta Novak",
            "Pedro Lima",
            "Nina Kowalski",
            "Hugo Martin",
        ]
        .map(String::from)
        .to_vec();
        lines.extend([
            "Ana Ruiz".into(),
            "Tom Baker".into(),
            "Tom Baker".into(),
            sentence.into(),
        ]);
        let mut expected = vec![true; 10];
        expected.extend([false, true, true, false]);
        assert_eq!(marked(&(lines.join("\n") + "\n")), expected);
        let page = format!("Ana García\n– Ana García\nLena Park\n{sentence}\n");
        assert_eq!(
            marked(&page),
            [true, true, true, false],
            "a comment's signature"
        );
        let page = format!("Tom Baker\nTom Baker\nTom Baker said so.\n{sentence}\n");
        assert_eq!(
            marked(&page),
            [false, false, false, false],
            "a name the text says"
        );
    }

    #[test]
    fn a_paragraph_of_a_script_without_full_stops_ends_as_a_sentence() {
        let ends = |text: &str| marks(text, |line| line.ends_sentence);
        let page = "กรุงเทพฯ เตรียมเปิดสวนสาธารณะแห่งใหม่\n\
                    ผู้ว่าราชการกรุงเทพมหานครกล่าวว่าเมืองต้องการพื้นที่สีเขียวเพิ่มขึ้นเพื่อช่วยลดความร้อนในช่วงฤดูร้อน\n\
                    A heavy line of English without a full stop at its end, as long as that one\n";
        assert_eq!(ends(page), [false, true, false]);
    }

    /// A flag of each line of `text` sketched alone.
    fn marks(text: &str, flag: fn(&LineKey) -> bool) -> Vec<bool> {
        sketch_alone(text).lines.iter().map(flag).collect()
    }

    fn sketch_alone(text: &str) -> DocSketch {
        let lines = segment::lines(text);
        let mut scratch = SketchScratch::default();
        sketch_with(text, &lines, &mut KeyFolder::new(true), None, &mut scratch)
    }

    fn sketch_after(earlier: &str, text: &str) -> DocSketch {
        let mut folder = KeyFolder::new(true);
        sketch(earlier, &segment::lines(earlier), &mut folder, None);
        sketch(text, &segment::lines(text), &mut folder, None)
    }

    proptest! {
        /// Winnowed k-grams and anchors come out once each, by position,
        /// a k-gram that is both counted winnowed.
        #[test]
        fn prints_merge_winnowed_kgrams_and_anchors(
            tokens in proptest::collection::vec(0u64..4, 0..120),
            cuts in proptest::collection::btree_set(0u32..120, 0..12),
        ) {
            let mut hashes: Vec<u64> = tokens.iter().map(|&t| winnow::mix(t + 1)).collect();
            let bytes: Vec<(u32, u32)> = (0..tokens.len() as u32).map(|t| (t, t + 1)).collect();
            let mut units: Vec<u32> = cuts.into_iter().filter(|&c| (c as usize) < tokens.len()).collect();
            units.insert(0, 0);
            units.push(tokens.len() as u32);
            units.dedup();
            let (mut selected, mut anchors) = (Vec::new(), Vec::new());
            let (prints, print_hashes) =
                span_prints(&mut hashes, &bytes, &units, &mut selected, &mut anchors);
            let mut expected = std::collections::BTreeMap::new();
            for s in &selected {
                expected.insert(s.pos as usize, false);
            }
            for &a in &anchors {
                expected.entry(a).or_insert(true);
            }
            let got: Vec<(usize, bool)> =
                prints.iter().map(|p| (p.token() as usize, p.is_anchor())).collect();
            prop_assert_eq!(got, expected.into_iter().collect::<Vec<_>>());
            let at_prints: Vec<u64> = prints.iter().map(|p| hashes[p.token() as usize]).collect();
            prop_assert_eq!(print_hashes, at_prints);
        }
    }

    proptest! {
        #[test]
        fn any_line_splits_as_a_search_for_each_separator_would(
            line in "([a-z长 _|:·–—-]){0,40}"
        ) {
            prop_assert_eq!(title_parts(&line), title_parts_by_search(&line));
        }

        /// Any text sketches, whatever its characters, and only light lines
        /// that are no sentence, of a text that has one, echo its words.
        #[test]
        fn echo_marks_fall_only_on_light_lines_that_are_no_sentence(
            text in "(((garden|string|paint|seed|长江|政务|\\PC{1,3}) ?){1,8}[.。]?\n){1,30}",
        ) {
            let sketch = sketch_alone(&text);
            let first = sketch.lines.iter().position(|line| line.ends_sentence);
            for (i, line) in sketch.lines.iter().enumerate() {
                if line.echoes_body {
                    prop_assert!(first.is_some_and(|first| i != first));
                    prop_assert!(!line.ends_sentence && line.weight > 0);
                    prop_assert!(line.weight <= MAX_ECHO_WEIGHT);
                }
            }
        }

        #[test]
        fn a_sketch_owes_nothing_to_the_documents_sketched_before_it(
            earlier in "([a-z]{1,7}|[一-龥]{1,5}|[,.!。,!] ?|\n\n?| ){0,400}",
            text in "([a-z]{1,7}|[一-龥]{1,5}|[,.!。,!] ?|\n\n?| ){0,400}",
        ) {
            prop_assert_eq!(sketch_after(&earlier, &text), sketch_alone(&text));
        }
    }

    proptest! {
        /// The tokens pass 2 folds again are those the sketch counted: each
        /// fingerprint's k-gram hashes as it did, over the bytes it covers.
        #[test]
        fn a_document_folded_again_gives_its_sketchs_tokens(
            text in "([a-zA-Z]{1,7}|[一-龥]{1,5}|[0-9]{1,3}|[,.!。,!?] ?|\n\n?| ){0,300}",
            fold_script in any::<bool>(),
        ) {
            let lines = segment::lines(&text);
            let sketch = sketch(&text, &lines, &mut KeyFolder::new(fold_script), None);
            let mut tokens = tokens_of(&text, &lines, &mut KeyFolder::new(fold_script));
            prop_assert_eq!(tokens.hashes.len() as u32, *sketch.line_tokens.last().unwrap());
            let bytes = tokens.bytes.clone();
            winnow::kgram_hashes_in_place(&mut tokens.hashes, winnow::K);
            for (print, &hash) in sketch.spans.iter().zip(&sketch.span_hashes) {
                let t = print.token() as usize;
                prop_assert_eq!(tokens.hashes[t], hash);
                prop_assert_eq!((bytes[t].0, bytes[t + winnow::K - 1].1), (print.start, print.end));
            }
        }
    }

    #[test]
    fn remembered_lines_are_those_of_the_matcher_at_hand() {
        let pack = pack::RulePack::shipped();
        let text = "Share this article\nHome › News › Local\n\
                    正文第一段,这里有足够多的文字,说完了一件事。\n\
                    Share this article\nHome › News › Local\n";
        let lines = segment::lines(text);
        let alone = |matcher: Option<&LineMatcher>, fold_script: bool| {
            let mut scratch = SketchScratch::default();
            let mut folder = KeyFolder::new(fold_script);
            sketch_with(text, &lines, &mut folder, matcher, &mut scratch)
        };
        let matchers = [
            Some(pack.matcher(20)),
            None,
            Some(pack.matcher(u32::MAX)),
            Some(pack.matcher(20)),
        ];
        for matcher in &matchers {
            for fold_script in [false, true, false] {
                let mut folder = KeyFolder::new(fold_script);
                // The second sketch of the page, and its fourth and fifth
                // lines, read remembered lines.
                for _ in 0..2 {
                    let sketched = sketch(text, &lines, &mut folder, matcher.as_ref());
                    assert_eq!(sketched, alone(matcher.as_ref(), fold_script));
                }
            }
        }
        let pattern = |sketch: DocSketch| sketch.lines[0].pattern;
        assert_ne!(pattern(alone(matchers[0].as_ref(), false)), 0);
        assert_eq!(pattern(alone(None, false)), 0);
    }

    #[test]
    fn a_very_long_documents_scratch_is_let_go() {
        let long = "word ".repeat(KEPT_TOKENS + 1);
        let short = "a few words, and then some more words.\n";
        assert_eq!(sketch_after(&long, short), sketch_alone(short));
        let kept = SCRATCH.with_borrow(|scratch| scratch.tokens.hashes.capacity());
        assert!(kept <= KEPT_TOKENS, "{kept} tokens' room kept");
        // A long text whose list after it makes its words a vocabulary.
        let many_words: String = (0..KEPT_TOKENS).map(|i| format!("word{i} ")).collect();
        let long_words = format!("{many_words}.\nOne\nTwo\nThree\nFour\n");
        assert_eq!(sketch_after(&long_words, short), sketch_alone(short));
        let kept = SCRATCH.with_borrow(|scratch| scratch.vocabulary.capacity());
        assert!(kept <= KEPT_TOKENS, "{kept} words' room kept");
    }
}
