//! What sketching makes of a line, remembered for the short lines a
//! corpus repeats.
//!
//! A line's part of a sketch — its keys, its sentences' keys, its tokens,
//! and a few judgements of its raw text (the single-page rule it matches,
//! whether it ends as a sentence, may hold a notice or a stutter) — is a
//! function of the line alone, with the rule pack, the anchor weight and
//! the script folding fixed. The short lines of a site's template come
//! again on every page (on the bench corpora two lines in five, a tenth of
//! the bytes), and a light line is tried against every shaped rule of the
//! pack. A thread remembers its last few thousand short lines, keyed by a
//! hash of their bytes and checked against the bytes themselves, so a
//! remembered line is always what folding and judging it again would give.

use xxhash_rust::xxh3::xxh3_64;

use crate::index::keymap::KeyMap;
use crate::normalize::key::{DocTokens, FoldedSentence, LineKey};

/// Longest line remembered, in bytes: template lines are short, and a long
/// line is seldom said twice.
pub const MAX_LINE_BYTES: usize = 192;

/// Lines, and their tokens, remembered before the cache starts again
/// empty.
const CAPACITY: usize = 1 << 13;
const TOKEN_CAPACITY: usize = 1 << 17;

/// Whose lines a cache holds: the rule pack's digest and the anchor weight
/// (`None` without rules), and whether content keys fold the script.
pub type Judge = (Option<(u64, u32)>, bool);

/// Where a remembered line's parts are in the cache's lists.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    key: LineKey,
    text: (u32, u32),
    sentences: (u32, u32),
    tokens: (u32, u32),
}

/// One thread's remembered lines.
#[derive(Debug, Default)]
pub struct LineCache {
    judge: Option<Judge>,
    /// Hash of a line's bytes → its parts.
    lines: KeyMap<Remembered>,
    text: Vec<u8>,
    sentences: Vec<FoldedSentence>,
    /// Each token's hash and bytes, from the start of its line.
    tokens: DocTokens,
}

/// A line's hash, for [`LineCache::get`] and [`LineCache::put`]; `None`
/// for a line too long to remember.
pub fn line_hash(line: &str) -> Option<u64> {
    (line.len() <= MAX_LINE_BYTES).then(|| xxh3_64(line.as_bytes()))
}

fn range<T>(list: &[T], (start, end): (u32, u32)) -> &[T] {
    &list[start as usize..end as usize]
}

impl LineCache {
    /// Forgets everything when `judge` is not the one the cache's lines
    /// came from.
    pub fn judged_by(&mut self, judge: Judge) {
        if self.judge != Some(judge) {
            self.clear();
            self.judge = Some(judge);
        }
    }

    /// The key of `line` (whose [`line_hash`] is `hash`), if it is
    /// remembered: its sentences replace `sentences`, and its tokens go on
    /// the end of `tokens` as those of a line at byte `offset`.
    pub fn get(
        &self,
        line: &str,
        hash: u64,
        offset: usize,
        sentences: &mut Vec<FoldedSentence>,
        tokens: &mut DocTokens,
    ) -> Option<LineKey> {
        let found = self.lines.get(&hash)?;
        if range(&self.text, found.text) != line.as_bytes() {
            return None;
        }
        sentences.clear();
        sentences.extend_from_slice(range(&self.sentences, found.sentences));
        tokens
            .hashes
            .extend_from_slice(range(&self.tokens.hashes, found.tokens));
        let offset = offset as u32;
        let bytes = range(&self.tokens.bytes, found.tokens);
        (tokens.bytes).extend(bytes.iter().map(|&(s, e)| (s + offset, e + offset)));
        Some(found.key)
    }

    /// Remembers `line` (whose hash is `hash`), at byte `offset`, as
    /// `key`, `sentences` and the tokens of `tokens` from `first_token` on,
    /// in place of any line of the same hash.
    pub fn put(
        &mut self,
        line: &str,
        hash: u64,
        offset: usize,
        key: LineKey,
        sentences: &[FoldedSentence],
        tokens: (&DocTokens, usize),
    ) {
        let (doc, first_token) = tokens;
        if self.lines.len() >= CAPACITY || self.tokens.hashes.len() >= TOKEN_CAPACITY {
            self.clear();
        }
        let at = |len: usize| len as u32;
        let text = (at(self.text.len()), at(self.text.len() + line.len()));
        self.text.extend_from_slice(line.as_bytes());
        let start = self.sentences.len();
        self.sentences.extend_from_slice(sentences);
        let sentences = (at(start), at(self.sentences.len()));
        let start = self.tokens.hashes.len();
        (self.tokens.hashes).extend_from_slice(&doc.hashes[first_token..]);
        let offset = offset as u32;
        let bytes = doc.bytes[first_token..].iter();
        (self.tokens.bytes).extend(bytes.map(|&(s, e)| (s - offset, e - offset)));
        let tokens = (at(start), at(self.tokens.hashes.len()));
        let remembered = Remembered {
            key,
            text,
            sentences,
            tokens,
        };
        self.lines.insert(hash, remembered);
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.text.clear();
        self.sentences.clear();
        self.tokens.hashes.clear();
        self.tokens.bytes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key::KeyFolder;

    /// `line` folded at byte `offset` of a document whose tokens so far
    /// are `before`, through the cache: its key, sentences and tokens, and
    /// whether the cache had it.
    fn through(
        cache: &mut LineCache,
        line: &str,
        offset: usize,
        before: usize,
    ) -> (LineKey, Vec<FoldedSentence>, DocTokens, bool) {
        let mut tokens = DocTokens {
            hashes: vec![0; before],
            bytes: vec![(0, 0); before],
        };
        let mut sentences = vec![];
        let hash = line_hash(line).unwrap();
        if let Some(key) = cache.get(line, hash, offset, &mut sentences, &mut tokens) {
            return (key, sentences, tokens, true);
        }
        let key = KeyFolder::default().fold_into(line, offset, &[], &mut sentences, &mut tokens);
        cache.put(line, hash, offset, key, &sentences, (&tokens, before));
        (key, sentences, tokens, false)
    }

    #[test]
    fn a_remembered_line_is_its_folding_at_its_new_place() {
        let mut cache = LineCache::default();
        cache.judged_by((Some((1, 20)), false));
        let line = "Share: Facebook | Twitter | 微博";
        let first = through(&mut cache, line, 40, 3);
        let again = through(&mut cache, line, 900, 7);
        assert!(!first.3 && again.3);
        let fresh = through(&mut LineCache::default(), line, 900, 7);
        assert_eq!(again.0, fresh.0);
        assert_eq!(again.1, fresh.1);
        assert_eq!(again.2, fresh.2);
        assert_eq!(again.2.bytes[7], (900, 905));
    }

    #[test]
    fn a_line_is_answered_only_for_its_own_bytes() {
        let mut cache = LineCache::default();
        cache.judged_by((None, false));
        let (mut sentences, mut tokens) = (vec![], DocTokens::default());
        through(&mut cache, "Home > News", 0, 0);
        let other = "Home > Sport";
        let hash = line_hash("Home > News").unwrap();
        assert_eq!(cache.get(other, hash, 0, &mut sentences, &mut tokens), None);
        assert!(tokens.hashes.is_empty());
        assert_eq!(line_hash(&"x".repeat(MAX_LINE_BYTES + 1)), None);
    }

    #[test]
    fn another_judge_starts_empty() {
        let mut cache = LineCache::default();
        cache.judged_by((Some((1, 20)), false));
        through(&mut cache, "Home > News", 0, 0);
        cache.judged_by((Some((1, 20)), false));
        assert!(through(&mut cache, "Home > News", 0, 0).3);
        for judge in [
            (Some((2, 20)), false),
            (Some((1, 21)), false),
            (Some((1, 21)), true),
            (None, true),
        ] {
            cache.judged_by(judge);
            assert!(!through(&mut cache, "Home > News", 0, 0).3);
        }
    }

    #[test]
    fn a_full_cache_starts_again() {
        let mut cache = LineCache::default();
        cache.judged_by((None, false));
        for i in 0..CAPACITY + 10 {
            through(&mut cache, &format!("line {i}"), 0, 0);
        }
        assert!(cache.lines.len() <= CAPACITY);
        assert!(cache.text.len() < 16 * CAPACITY);
        assert!(through(&mut cache, &format!("line {}", CAPACITY + 9), 0, 0).3);
        let words = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(3);
        for i in 0..TOKEN_CAPACITY / 50 {
            through(&mut cache, &format!("{words}{i}"), 0, 0);
        }
        assert!(cache.tokens.hashes.len() < TOKEN_CAPACITY + 100);
    }
}
