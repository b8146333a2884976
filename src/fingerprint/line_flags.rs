//! What sketching reads of a line beyond its keys, remembered for the
//! short lines a corpus repeats.
//!
//! Each line's sketch carries a few judgements of its raw text: the
//! single-page rule it matches, whether it ends as a sentence, whether it
//! may hold a notice or a stutter. Each is a function of the line alone
//! (with the rule pack, the anchor weight and the script folding fixed),
//! and the short lines of a site's template come again on every page: a
//! light line is tried against every shaped rule of the pack, the most
//! costly of those judgements. A thread remembers them for its last few
//! thousand short lines, keyed by the content key folding already made and
//! checked against the line's bytes, so a remembered answer is always the
//! one the line would get.

use crate::index::keymap::KeyMap;
use crate::normalize::key::LineKey;

/// Longest line remembered, in bytes: template lines are short, and a long
/// line is seldom said twice.
pub const MAX_LINE_BYTES: usize = 192;

/// Lines remembered before the cache starts again empty.
const CAPACITY: usize = 1 << 13;

/// The judgements of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFlags {
    pub pattern: u16,
    pub labelled: bool,
    pub notice_tail: bool,
    pub may_stutter: bool,
    pub ends_sentence: bool,
}

impl LineFlags {
    /// The flags `key` carries.
    pub fn of(key: &LineKey) -> LineFlags {
        LineFlags {
            pattern: key.pattern,
            labelled: key.labelled,
            notice_tail: key.notice_tail,
            may_stutter: key.may_stutter,
            ends_sentence: key.ends_sentence,
        }
    }

    /// Sets them on `key`.
    pub fn set_on(self, key: &mut LineKey) {
        key.pattern = self.pattern;
        key.labelled = self.labelled;
        key.notice_tail = self.notice_tail;
        key.may_stutter = self.may_stutter;
        key.ends_sentence = self.ends_sentence;
    }
}

/// Whose judgements a cache holds: the rule pack's digest and the anchor
/// weight (`None` without rules), and whether content keys fold the script.
pub type Judge = (Option<(u64, u32)>, bool);

/// One thread's remembered lines.
#[derive(Debug, Default)]
pub struct LineFlagsCache {
    judge: Option<Judge>,
    /// Content key → where the line's bytes are in `text`, and its flags.
    lines: KeyMap<(u32, u32, LineFlags)>,
    text: Vec<u8>,
}

impl LineFlagsCache {
    /// Forgets everything when `judge` is not the one the cache's answers
    /// came from.
    pub fn judged_by(&mut self, judge: Judge) {
        if self.judge != Some(judge) {
            self.clear();
            self.judge = Some(judge);
        }
    }

    /// The flags remembered for `line`, whose content key is `content`.
    pub fn get(&self, line: &str, content: u64) -> Option<LineFlags> {
        let &(start, len, flags) = self.lines.get(&content)?;
        let kept = &self.text[start as usize..][..len as usize];
        (kept == line.as_bytes()).then_some(flags)
    }

    /// Remembers `flags` for `line` (at most [`MAX_LINE_BYTES`] long),
    /// in place of any line of the same content key.
    pub fn put(&mut self, line: &str, content: u64, flags: LineFlags) {
        debug_assert!(line.len() <= MAX_LINE_BYTES);
        if self.lines.len() >= CAPACITY {
            self.clear();
        }
        let start = self.text.len() as u32;
        self.text.extend_from_slice(line.as_bytes());
        self.lines
            .insert(content, (start, line.len() as u32, flags));
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(pattern: u16) -> LineFlags {
        LineFlags {
            pattern,
            labelled: false,
            notice_tail: true,
            may_stutter: false,
            ends_sentence: true,
        }
    }

    #[test]
    fn a_line_is_answered_only_for_its_own_bytes() {
        let mut cache = LineFlagsCache::default();
        cache.judged_by((Some((1, 20)), false));
        cache.put("Share: Facebook | Twitter", 7, flags(3));
        assert_eq!(cache.get("Share: Facebook | Twitter", 7), Some(flags(3)));
        // The same content key from other bytes (case, punctuation).
        assert_eq!(cache.get("share facebook twitter", 7), None);
        cache.put("share facebook twitter", 7, flags(0));
        assert_eq!(cache.get("share facebook twitter", 7), Some(flags(0)));
        assert_eq!(cache.get("Share: Facebook | Twitter", 7), None);
    }

    #[test]
    fn another_judge_starts_empty() {
        let mut cache = LineFlagsCache::default();
        cache.judged_by((Some((1, 20)), false));
        cache.put("Home > News", 9, flags(2));
        cache.judged_by((Some((1, 20)), false));
        assert_eq!(cache.get("Home > News", 9), Some(flags(2)));
        for judge in [
            (Some((2, 20)), false),
            (Some((1, 21)), false),
            (Some((1, 21)), true),
            (None, true),
        ] {
            cache.put("Home > News", 9, flags(2));
            cache.judged_by(judge);
            assert_eq!(cache.get("Home > News", 9), None);
        }
    }

    #[test]
    fn a_full_cache_starts_again() {
        let mut cache = LineFlagsCache::default();
        cache.judged_by((None, false));
        for i in 0..CAPACITY as u64 + 10 {
            cache.put(&format!("line {i}"), i, flags(1));
        }
        assert!(cache.lines.len() <= CAPACITY);
        assert!(cache.text.len() < 16 * CAPACITY);
        let last = CAPACITY as u64 + 9;
        assert_eq!(cache.get(&format!("line {last}"), last), Some(flags(1)));
    }
}
