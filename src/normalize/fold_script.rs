//! Traditional → Simplified Chinese folding of content keys.
//!
//! A page cross-posted in the other script says the same thing; with
//! `fold_script` on, content keys see every Traditional character as its
//! Simplified form, so the copy's lines, sentences and spans share keys with
//! the original. The mapping is one character to one character (OpenCC's
//! `TSCharacters.txt`, shipped in `data/opencc/` under its Apache-2.0
//! licence, first candidate of each entry): keys are folded character by
//! character and positions must not move. Phrase-level conversion would
//! change a handful of words, which does not matter for a hash key.
//!
//! The table is built once, on first use, as a dense array over the BMP Han
//! blocks (where nearly all of it lies, and where text is looked up at every
//! character) plus a small sorted list for the supplementary planes.

use std::sync::OnceLock;

/// The OpenCC character table, `TRADITIONAL<TAB>SIMPLIFIED [MORE]` per line.
const OPENCC_TS_CHARACTERS: &str = include_str!("../../data/opencc/TSCharacters.txt");

/// First and last code point covered by the dense table (Han extension A
/// through the unified block).
const DENSE_FIRST: u32 = 0x3400;
const DENSE_LAST: u32 = 0x9FFF;

/// Traditional → Simplified, one character to one character.
pub struct ScriptFolding {
    /// Indexed by `c - DENSE_FIRST`; 0 where the character stays.
    dense: Box<[u32]>,
    /// (traditional, simplified) outside the dense range, sorted.
    sparse: Vec<(u32, u32)>,
}

impl ScriptFolding {
    /// The shipped table.
    pub fn traditional_to_simplified() -> &'static ScriptFolding {
        static TABLE: OnceLock<ScriptFolding> = OnceLock::new();
        TABLE.get_or_init(|| ScriptFolding::parse(OPENCC_TS_CHARACTERS))
    }

    fn parse(table: &str) -> ScriptFolding {
        let mut dense = vec![0u32; (DENSE_LAST - DENSE_FIRST + 1) as usize].into_boxed_slice();
        let mut sparse = Vec::new();
        for line in table.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(from), Some(to)) = (fields.next(), fields.next()) else {
                continue;
            };
            let mut from_chars = from.chars();
            let (Some(from), None) = (from_chars.next(), from_chars.next()) else {
                continue;
            };
            let Some(to) = to.split(' ').next().and_then(|t| {
                let mut chars = t.chars();
                chars.next().filter(|_| chars.next().is_none())
            }) else {
                continue;
            };
            if from == to {
                continue;
            }
            let (from, to) = (from as u32, to as u32);
            if (DENSE_FIRST..=DENSE_LAST).contains(&from) {
                dense[(from - DENSE_FIRST) as usize] = to;
            } else {
                sparse.push((from, to));
            }
        }
        sparse.sort_unstable();
        sparse.dedup_by_key(|&mut (from, _)| from);
        ScriptFolding { dense, sparse }
    }

    /// The Simplified form of `c`, or `c` itself.
    #[inline]
    pub fn fold(&self, c: char) -> char {
        let code = c as u32;
        let to = if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
            self.dense[(code - DENSE_FIRST) as usize]
        } else if code > 0xFFFF {
            self.sparse
                .binary_search_by_key(&code, |&(from, _)| from)
                .map_or(0, |i| self.sparse[i].1)
        } else {
            0
        };
        if to == 0 {
            c
        } else {
            char::from_u32(to).unwrap_or(c)
        }
    }

    /// The Simplified form of the code point `code` of a Han character of
    /// the dense table's range (the three-byte Han runs that key folding
    /// reads), or `code` itself.
    #[inline]
    pub fn fold_han(&self, code: u32) -> u32 {
        debug_assert!((DENSE_FIRST..=DENSE_LAST).contains(&code));
        match self.dense[(code - DENSE_FIRST) as usize] {
            0 => code,
            to => to,
        }
    }

    /// Characters the table folds (for tests and the README).
    pub fn len(&self) -> usize {
        self.dense.iter().filter(|&&to| to != 0).count() + self.sparse.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        let table = ScriptFolding::traditional_to_simplified();
        text.chars().map(|c| table.fold(c)).collect()
    }

    #[test]
    fn traditional_text_folds_to_simplified() {
        assert_eq!(fold("政府工作報告"), "政府工作报告");
        assert_eq!(fold("經濟發展穩中向好"), "经济发展稳中向好");
        assert_eq!(fold("關於全面實施"), "关于全面实施");
    }

    #[test]
    fn simplified_and_other_text_stays() {
        let text = "政府工作报告 2021 Roads, ñ, ひらがな";
        assert_eq!(fold(text), text);
    }

    #[test]
    fn the_whole_table_is_loaded() {
        let table = ScriptFolding::traditional_to_simplified();
        assert!(table.len() > 3_500, "{}", table.len());
        assert!(!table.sparse.is_empty(), "supplementary-plane entries");
    }
}
