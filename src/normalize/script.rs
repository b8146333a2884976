//! Character classes that the normalizer and the key folder need.
//!
//! Written as ranges here rather than pulled from a script-property crate:
//! only three questions are asked (is it Han or Kana, is it any CJK script,
//! is it an invisible format character), and they sit on the hot path. So
//! does [`trim`], which tells by their end bytes that most texts need none.

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

/// The full stops and question marks of scripts that have their own,
/// which end a sentence wherever they stand: the danda and double danda
/// of Devanagari and Bengali, the Arabic question mark and the Urdu full
/// stop, the Armenian full stop, the Ethiopic full stop and question mark,
/// the Myanmar and Khmer full stops.
pub fn is_script_full_stop(c: char) -> bool {
    matches!(
        c,
        '\u{0964}'
            | '\u{0965}'
            | '\u{061F}'
            | '\u{06D4}'
            | '\u{0589}'
            | '\u{1362}'
            | '\u{1367}'
            | '\u{104B}'
            | '\u{17D4}'
    )
}

/// Whether `c` is of a script that marks no end of a sentence, setting a
/// space between sentences and nothing else: Thai and Lao.
pub fn writes_no_full_stop(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF)
}

/// The clause marks of scripts that have their own: the Arabic comma and
/// semicolon (Arabic, Persian, Urdu), the Armenian comma, the Ethiopic
/// comma and semicolon. NFKC leaves them as they are.
pub fn is_script_clause_mark(c: char) -> bool {
    matches!(
        c,
        '\u{060C}' | '\u{061B}' | '\u{055D}' | '\u{1363}' | '\u{1364}'
    )
}

/// The zeros of the decimal digits of scripts that write numbers with
/// their own (NFKC keeps them): Arabic-Indic, Extended Arabic-Indic (Persian,
/// Urdu), NKo, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
/// Kannada, Malayalam, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer and
/// Mongolian; each script's digits follow its zero.
const SCRIPT_ZEROS: [u32; 19] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810,
];

/// The ASCII digit that `c`, a decimal digit of a script of its own, writes
/// ('५' of Devanagari, '٣' of Arabic): none for any other character.
pub fn script_digit(c: char) -> Option<char> {
    let code = c as u32;
    if !(0x0660..=0x1819).contains(&code) {
        return None;
    }
    let zero = SCRIPT_ZEROS
        .partition_point(|&zero| zero <= code)
        .checked_sub(1)?;
    let value = code - SCRIPT_ZEROS[zero];
    (value < 10).then(|| char::from(b'0' + value as u8))
}

/// `text` with the digits of scripts of their own written as ASCII
/// digits ('बैशाख ५, २०८१' as 'बैशाख 5, 2081'), for the readers of dates,
/// times and numbers, which read ASCII digits; none where it holds no
/// such digit.
pub fn with_ascii_digits(text: &str) -> Option<String> {
    if text.is_ascii() || !text.chars().any(|c| script_digit(c).is_some()) {
        return None;
    }
    Some(text.chars().map(|c| script_digit(c).unwrap_or(c)).collect())
}

/// [`str::trim`], with a quick answer for a text that needs none: one whose
/// first byte can start no whitespace character and whose last can end
/// none is returned as it is, without decoding a character at either end.
/// (White space is U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680,
/// U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.)
pub fn trim(text: &str) -> &str {
    let opens = |b: u8| matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let closes =
        |b: u8| matches!(b, b'\t'..=b'\r' | b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF);
    match text.as_bytes() {
        [first, .., last] if !opens(*first) && !closes(*last) => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digits_of_scripts_read_as_ascii_digits() {
        assert_eq!(
            with_ascii_digits("बैशाख ५, २०८१ १०:२५").as_deref(),
            Some("बैशाख 5, 2081 10:25")
        );
        assert_eq!(
            with_ascii_digits("০৯ মার্চ ২০২৪").as_deref(),
            Some("09 মার্চ 2024")
        );
        assert_eq!(
            with_ascii_digits("۱۴۰۳/۰۲/۲۵").as_deref(),
            Some("1403/02/25")
        );
        assert_eq!(with_ascii_digits("១៥ ឧសភា").as_deref(), Some("15 ឧសភា"));
        assert_eq!(with_ascii_digits("15 April 2024"), None);
        assert_eq!(
            with_ascii_digits("二〇二四年五月"),
            None,
            "numerals, not digits"
        );
        for c in [
            '\u{065F}', '\u{066A}', '\u{0965}', '\u{0970}', '\u{17DF}', '\u{17EA}', 'ক',
        ] {
            assert_eq!(script_digit(c), None, "{c:?}");
        }
        for zero in SCRIPT_ZEROS {
            for value in 0..10u32 {
                let digit = char::from_u32(zero + value).unwrap();
                assert!(digit.is_numeric(), "{digit:?}");
                assert_eq!(script_digit(digit), char::from_digit(value, 10));
            }
        }
    }

    proptest! {
        #[test]
        fn trim_is_str_trim(
            chars in proptest::collection::vec(
                prop_oneof![
                    // Every white space character: the last is U+3000.
                    proptest::sample::select(
                        ('\0'..='\u{3000}').filter(|c| c.is_whitespace()).collect::<Vec<_>>()
                    ),
                    proptest::sample::select(vec!['a', '中', '。', '\u{85}', '\u{2027}', '\u{3001}', 'é']),
                    any::<char>(),
                ],
                0..6,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(trim(&text), text.trim());
        }
    }
}
