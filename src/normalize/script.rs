//! Character classes that the normalizer and the key folder need.
//!
//! Written as ranges here rather than pulled from a script-property crate:
//! only three questions are asked (is it Han or Kana, is it any CJK script,
//! is it an invisible format character), and they sit on the hot path.

/// Han ideographs and Japanese kana: scripts written without spaces between words.
pub fn is_unspaced_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // Hiragana, Katakana
        | 0x31F0..=0x31FF     // Katakana phonetic extensions
        | 0x3400..=0x4DBF     // Han extension A
        | 0x4E00..=0x9FFF     // Han unified
        | 0xF900..=0xFAFF     // Han compatibility
        | 0x20000..=0x3134F   // Han extensions B–G
    )
}

/// Any CJK script character (Han, Kana, Hangul), which carries about as much
/// text as two Latin letters.
pub fn is_cjk(c: char) -> bool {
    is_unspaced_cjk(c) || matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// Invisible characters that scraped text carries by accident: zero-width
/// spaces, word joiners, byte-order marks, soft hyphens.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Zero-width joiners, which are only meaningful between two letters
/// (Persian, Indic scripts, emoji sequences).
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Letters of caseless CJK scripts that are alphabetic, not numeric and
/// NFKC-stable: the bulk of CJK text, which needs no Unicode table lookup.
pub fn is_plain_cjk_letter(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF       // Han unified
        | 0x3400..=0x4DBF     // Han extension A
        | 0x3041..=0x3096     // Hiragana letters
        | 0x30A1..=0x30FA     // Katakana letters
        | 0xAC00..=0xD7A3     // Hangul syllables
    )
}

/// Characters that NFKC and NFC leave alone wherever they stand, checked
/// without a table: ASCII, plain CJK letters and the CJK punctuation that
/// fills Chinese text. Anything else goes through the quick check.
pub fn is_nf_stable_fast(c: char) -> bool {
    c.is_ascii()
        || is_plain_cjk_letter(c)
        || matches!(
            c,
            '\u{3001}' | '\u{3002}' | '\u{300A}'
                ..='\u{3011}'
                    | '\u{2014}'
                    | '\u{2018}'
                    | '\u{2019}'
                    | '\u{201C}'
                    | '\u{201D}'
                    | '\u{00B7}'
        )
}

/// Punctuation blocks that hold no letter and no digit: General Punctuation,
/// the punctuation of CJK Symbols and Punctuation (not its iteration marks
/// and Hangzhou numerals), and CJK compatibility forms. Checked before the
/// Unicode tables, which CJK text would otherwise consult at every comma.
pub fn is_common_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFE30..=0xFE4F)
}
