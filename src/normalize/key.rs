//! Hash keys: the folded form under which two lines count as the same.
//!
//! Folding drops what does not change what a line says: case, punctuation,
//! symbols and whitespace. Two keys come out of one pass:
//! - the *template key* also folds every run of digits to a single `0`, so
//!   "发布时间: 2021-02-23 10:38" and "发布时间: 2021-3-1 9:12" are one template;
//! - the *content key* keeps digits, because two paragraphs that differ only in
//!   their figures say different things and neither is a copy of the other.

use xxhash_rust::xxh3::xxh3_64;

use super::fold_script::ScriptFolding;
use super::script::{is_cjk, is_common_punctuation, is_plain_cjk_letter};

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
}

/// Reusable buffers, so that folding allocates nothing per line. They hold
/// UTF-8: whole characters are pushed, never parts of one.
#[derive(Default)]
pub struct KeyFolder {
    template: Vec<u8>,
    content: Vec<u8>,
    utf8: [u8; 4],
    /// Folds Traditional Chinese to Simplified in content keys (template
    /// keys keep the script: a site's template is written in one).
    script: Option<&'static ScriptFolding>,
}

impl KeyFolder {
    /// A folder whose content keys fold Traditional Chinese to Simplified
    /// when `fold_script` is set.
    pub fn new(fold_script: bool) -> Self {
        KeyFolder {
            script: fold_script.then(ScriptFolding::traditional_to_simplified),
            ..KeyFolder::default()
        }
    }

    pub fn fold(&mut self, line: &str) -> LineKey {
        self.fold_with_sentences(line, &[], &mut Vec::new())
    }

    /// [`KeyFolder::fold`], and in the same pass the content key and weight
    /// of each sentence of the line: `cuts` are the byte offsets where one
    /// sentence ends and the next begins (none for a line of one sentence).
    /// Folding is character by character, so a sentence's key is that of the
    /// sentence folded alone.
    pub fn fold_with_sentences(
        &mut self,
        line: &str,
        cuts: &[usize],
        sentences: &mut Vec<(u64, u32)>,
    ) -> LineKey {
        sentences.clear();
        let mut next_cut = 0;
        let mut mark = (0usize, 0u32);
        self.template.clear();
        self.content.clear();
        let mut weight = 0u32;
        let mut in_digits = false;
        let blank = line.trim().is_empty();
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while cuts.get(next_cut).is_some_and(|&cut| cut <= i) {
                sentences.push((xxh3_64(&self.content[mark.0..]), weight - mark.1));
                mark = (self.content.len(), weight);
                next_cut += 1;
            }
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_digit() {
                    self.content.push(b);
                    if !in_digits {
                        self.template.push(b'0');
                    }
                    in_digits = true;
                    weight += 1;
                } else if b.is_ascii_alphabetic() {
                    let lower = b.to_ascii_lowercase();
                    self.content.push(lower);
                    self.template.push(lower);
                    in_digits = false;
                    weight += 1;
                }
                i += 1;
                continue;
            }
            // Runs of Han (3-byte sequences led by E4..E9, less the hexagram
            // symbols U+4DC0..U+4DFF = E4 B7 xx) are letters without case:
            // copied as they are, two weight units a character.
            let run_start = i;
            while match bytes.get(i) {
                Some(0xE4) => bytes[i + 1] != 0xB7,
                Some(0xE5..=0xE9) => true,
                _ => false,
            } {
                i += 3;
            }
            if i > run_start {
                let run = &bytes[run_start..i];
                match self.script {
                    None => self.content.extend_from_slice(run),
                    Some(script) => {
                        for c in line[run_start..i].chars() {
                            let folded = script.fold(c);
                            self.content
                                .extend_from_slice(folded.encode_utf8(&mut self.utf8).as_bytes());
                        }
                    }
                }
                self.template.extend_from_slice(run);
                weight += 2 * ((i - run_start) / 3) as u32;
                in_digits = false;
                continue;
            }
            let Some(c) = line[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if is_common_punctuation(c) {
                continue;
            }
            if is_plain_cjk_letter(c) {
                self.push_cjk(c);
                in_digits = false;
                weight += 2;
            } else if c.is_numeric() {
                self.push_content(c);
                if !in_digits {
                    self.template.push(b'0');
                }
                in_digits = true;
                weight += 1;
            } else if c.is_alphabetic() {
                if is_cjk(c) {
                    self.push_cjk(c);
                    weight += 2;
                } else {
                    for lower in c.to_lowercase() {
                        self.push_both(lower);
                    }
                    weight += 1;
                }
                in_digits = false;
            }
        }
        if !cuts.is_empty() {
            for _ in next_cut..cuts.len() {
                sentences.push((xxh3_64(&self.content[mark.0..]), weight - mark.1));
                mark = (self.content.len(), weight);
            }
            sentences.push((xxh3_64(&self.content[mark.0..]), weight - mark.1));
        }
        LineKey {
            template: xxh3_64(&self.template),
            content: xxh3_64(&self.content),
            weight,
            blank,
            enumerated: super::shape::is_enumerated_heading(line),
            pattern: 0,
        }
    }

    fn push_content(&mut self, c: char) {
        self.content
            .extend_from_slice(c.encode_utf8(&mut self.utf8).as_bytes());
    }

    /// A caseless CJK letter: as it is in the template, script-folded in
    /// the content.
    fn push_cjk(&mut self, c: char) {
        let Some(script) = self.script else {
            return self.push_both(c);
        };
        self.template
            .extend_from_slice(c.encode_utf8(&mut self.utf8).as_bytes());
        self.push_content(script.fold(c));
    }

    fn push_both(&mut self, c: char) {
        let encoded = c.encode_utf8(&mut self.utf8).as_bytes();
        self.content.extend_from_slice(encoded);
        self.template.extend_from_slice(encoded);
    }

    /// The folded template text of the last line folded (for tests and reports).
    pub fn template_text(&self) -> &str {
        std::str::from_utf8(&self.template).expect("only whole characters are pushed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    content.extend(c.to_lowercase());
                }
                template.extend(c.to_lowercase());
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
                proptest::prop_assert_eq!(sentences, alone);
            } else {
                proptest::prop_assert!(sentences.is_empty());
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
