//! The most removed blocks: every removed line counted by its template key.
//!
//! A corpus removes a great many distinct lines (every repeated line is
//! one), and the summary shows only the ten most removed. So memory keeps
//! a count and a place for each key (32 bytes), and the text of each key's
//! first removal (its first [`SHOWN_CHARS`] characters) is appended to a
//! scratch file of the report directory, to be read back once at the end.

use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use crate::decide::RuleId;
use crate::error::{Error, Result};
use crate::index::KeyMap;
use crate::scratch::ScratchFile;

use super::summary::TopBlock;

/// Characters of a removed line that the summary shows.
pub const SHOWN_CHARS: usize = 120;

/// Counts removed lines by template key.
pub struct BlockTally {
    counts: KeyMap<Tallied>,
    texts: ScratchFile,
}

/// A key's removals, and where the text of its first is in the scratch
/// file.
#[derive(Debug, Clone, Copy)]
struct Tallied {
    count: u64,
    text_at: u64,
    text_len: u32,
    rule: RuleId,
}

impl BlockTally {
    /// An empty tally whose texts go to a scratch file in `dir`.
    pub fn create(dir: &Path) -> Result<Self> {
        Ok(BlockTally {
            counts: KeyMap::default(),
            texts: ScratchFile::create(dir, "removed-lines")?,
        })
    }

    /// Add `count` removals of the line with key `key`, whose first
    /// removal (the one whose rule and text are kept) may be this one.
    pub fn add(&mut self, key: u64, count: u64, rule: RuleId, text: &str) {
        match self.counts.entry(key) {
            Entry::Occupied(mut tallied) => tallied.get_mut().count += count,
            Entry::Vacant(slot) => {
                let shown = match text.char_indices().nth(SHOWN_CHARS) {
                    Some((end, _)) => &text[..end],
                    None => text,
                };
                let text_at = self.texts.len();
                self.texts.append(shown.as_bytes());
                slot.insert(Tallied {
                    count,
                    text_at,
                    text_len: shown.len() as u32,
                    rule,
                });
            }
        }
    }

    /// Call `each` with every key, its count, and the rule and text of its
    /// first removal, in the order they were first removed.
    pub fn for_each(
        self,
        mut each: impl FnMut(u64, u64, RuleId, &str) -> Result<()>,
    ) -> Result<()> {
        let mut keys: Vec<(u64, Tallied)> = self.counts.into_iter().collect();
        let mut texts = TextReader::of(self.texts, &mut keys)?;
        for (key, tallied) in keys {
            let text = texts.read(&tallied)?;
            each(key, tallied.count, tallied.rule, text)?;
        }
        Ok(())
    }

    /// The `n` most removed, ties broken by text, then key, so that the
    /// order is stable. Only the keys removed at least as often as the
    /// `n`th are sorted and their texts read, and at most `n` are held.
    pub fn top(self, n: usize) -> Result<Vec<TopBlock>> {
        let mut counts: Vec<u64> = self.counts.values().map(|t| t.count).collect();
        let Some(least) = (n > 0 && !counts.is_empty()).then(|| {
            let nth = n.min(counts.len()) - 1;
            *counts
                .select_nth_unstable_by_key(nth, |&count| Reverse(count))
                .1
        }) else {
            return Ok(Vec::new());
        };
        drop(counts);
        let mut contenders: Vec<(u64, Tallied)> = (self.counts.into_iter())
            .filter(|(_, tallied)| tallied.count >= least)
            .collect();
        let mut texts = TextReader::of(self.texts, &mut contenders)?;
        let mut best: BTreeSet<(Reverse<u64>, String, u64, RuleId)> = BTreeSet::new();
        for (key, tallied) in contenders {
            let text = texts.read(&tallied)?.to_string();
            best.insert((Reverse(tallied.count), text, key, tallied.rule));
            if best.len() > n {
                best.pop_last();
            }
        }
        Ok(best
            .into_iter()
            .map(|(Reverse(count), text, _, rule)| TopBlock {
                text,
                rule: rule.as_str(),
                count,
            })
            .collect())
    }
}

/// Reads the texts of a tally back, in the order they were appended,
/// skipping those not asked for.
struct TextReader {
    path: std::path::PathBuf,
    reader: std::io::BufReader<crate::scratch::ClosedAside>,
    /// Where the reader stands in the file.
    at: u64,
    text: Vec<u8>,
}

impl TextReader {
    /// A reader of the texts of `keys`, which it puts in the order their
    /// texts were appended to `texts`.
    fn of(texts: ScratchFile, keys: &mut [(u64, Tallied)]) -> Result<TextReader> {
        keys.sort_unstable_by_key(|(_, tallied)| tallied.text_at);
        let (path, reader, _) = texts.reader()?;
        Ok(TextReader {
            path,
            reader,
            at: 0,
            text: Vec::new(),
        })
    }

    /// The text of `tallied`, which stands at or after the last one read.
    fn read(&mut self, tallied: &Tallied) -> Result<&str> {
        let bad = |e| Error::io("could not read scratch file", &self.path, e);
        let skip = tallied.text_at - self.at;
        if skip > 0 {
            let skip = i64::try_from(skip).expect("a scratch file fits an i64");
            self.reader.seek_relative(skip).map_err(bad)?;
        }
        self.text.resize(tallied.text_len as usize, 0);
        self.reader.read_exact(&mut self.text).map_err(bad)?;
        self.at = tallied.text_at + u64::from(tallied.text_len);
        std::str::from_utf8(&self.text).map_err(|e| {
            bad(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                e.to_string(),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally_of(lines: &[(u64, &str)]) -> (tempfile::TempDir, BlockTally) {
        let dir = tempfile::tempdir().unwrap();
        let mut tally = BlockTally::create(dir.path()).unwrap();
        for &(key, text) in lines {
            tally.add(key, 1, RuleId::DuplicateBlock, text);
        }
        (dir, tally)
    }

    #[test]
    fn the_most_removed_come_first_with_the_text_of_their_first_removal() {
        let (_dir, tally) = tally_of(&[
            (1, "once"),
            (2, "thrice, first"),
            (3, "twice b"),
            (2, "thrice, second"),
            (4, "twice a"),
            (3, "twice b, again"),
            (2, "thrice, third"),
            (4, "twice a, again"),
        ]);
        let top = tally.top(3).unwrap();
        let shown: Vec<(&str, u64)> = top.iter().map(|b| (b.text.as_str(), b.count)).collect();
        assert_eq!(
            shown,
            [("thrice, first", 3), ("twice a", 2), ("twice b", 2)]
        );
    }

    #[test]
    fn every_key_comes_back_in_the_order_first_removed() {
        let long = "长".repeat(SHOWN_CHARS + 5);
        let (_dir, mut tally) = tally_of(&[(9, "b"), (5, &long), (9, "b again")]);
        tally.add(7, 4, RuleId::BoilerplateFrequency, "from a part");
        let mut seen = Vec::new();
        tally
            .for_each(|key, count, rule, text| {
                seen.push((key, count, rule, text.to_string()));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            seen,
            [
                (9, 2, RuleId::DuplicateBlock, "b".to_string()),
                (5, 1, RuleId::DuplicateBlock, "长".repeat(SHOWN_CHARS)),
                (
                    7,
                    4,
                    RuleId::BoilerplateFrequency,
                    "from a part".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_top_reads_its_texts_past_many_skipped() {
        // Texts of keys removed fewer times than the tenth lie between
        // those read, far past a read buffer's length.
        let mut lines: Vec<(u64, String)> = Vec::new();
        for i in 0..3000u64 {
            let key = i * 7919 % 1000;
            let text = format!("{key:04} {}", "文".repeat((key % 90) as usize));
            lines.push((key, text));
            if key % 97 == 0 {
                lines.push((key, "again".to_string()));
            }
        }
        let borrowed: Vec<(u64, &str)> = lines.iter().map(|(k, t)| (*k, t.as_str())).collect();
        let (_dir, tally) = tally_of(&borrowed);
        let top = tally.top(10).unwrap();
        let mut expected: Vec<(u64, String)> = Vec::new();
        let mut counts = std::collections::HashMap::<u64, u64>::new();
        for (key, text) in &lines {
            let count = counts.entry(*key).or_default();
            if *count == 0 {
                let shown: String = text.chars().take(SHOWN_CHARS).collect();
                expected.push((*key, shown));
            }
            *count += 1;
        }
        expected.sort_by(|a, b| {
            (Reverse(counts[&a.0]), &a.1, a.0).cmp(&(Reverse(counts[&b.0]), &b.1, b.0))
        });
        let expected: Vec<(String, u64)> = (expected.into_iter().take(10))
            .map(|(key, text)| (text, counts[&key]))
            .collect();
        let shown: Vec<(String, u64)> = top.into_iter().map(|b| (b.text, b.count)).collect();
        assert_eq!(shown, expected);
    }

    #[test]
    fn an_empty_tally_has_no_top() {
        let (_dir, tally) = tally_of(&[]);
        assert!(tally.top(10).unwrap().is_empty());
        let (_dir, tally) = tally_of(&[(1, "a")]);
        assert!(tally.top(0).unwrap().is_empty());
    }
}
