//! Turns a document's bytes into text, and says how.
//!
//! Order of evidence: a byte-order mark; NUL bytes, which mean UTF-16 without
//! a mark if the code units read as text and a binary file (refused)
//! otherwise; valid UTF-8 (the fast path, no copy); UTF-8 with a few broken sequences; otherwise the legacy
//! encoding that `chardetng` finds most likely. Every malformed sequence is
//! replaced by U+FFFD and counted: nothing is replaced silently.

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use serde::Serialize;

use crate::corpus::DocIssue;

/// How the encoding of a document was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detection {
    /// `--encoding` named it.
    Forced,
    /// A byte-order mark.
    Bom,
    /// The bytes are valid UTF-8 (or UTF-8 with a few malformed sequences).
    Utf8,
    /// UTF-16 code units that read as text, without a byte-order mark.
    Utf16Shape,
    /// Statistical detection of a legacy encoding.
    Detected,
    /// The encoding of the document's group, confirmed by the document's
    /// own bytes.
    Group,
    /// A string of a JSON record (UTF-8 by definition).
    Record,
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Canonical name of the encoding ("UTF-8", "GB18030", "Big5", …).
    pub encoding: &'static str,
    pub detection: Detection,
    /// Number of malformed byte sequences replaced by U+FFFD.
    pub malformed: u64,
}

/// Look up an encoding by its WHATWG label (for `--encoding`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decode `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DocIssue> {
    decode_in_group(bytes, forced, None)
}

/// Whether an encoding is a multi-byte legacy encoding, for which decoding
/// without a malformed sequence is real evidence (a single-byte encoding
/// decodes any bytes at all).
pub fn is_multibyte_legacy(encoding: &'static Encoding) -> bool {
    encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE && !encoding.is_single_byte()
}

/// Single-byte encodings of Latin scripts, whose high bytes are accented
/// letters standing among ASCII ones.
fn is_latin_single_byte(encoding: &'static Encoding) -> bool {
    [
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1254,
        encoding_rs::WINDOWS_1257,
        encoding_rs::ISO_8859_2,
        encoding_rs::ISO_8859_4,
        encoding_rs::ISO_8859_13,
        encoding_rs::ISO_8859_15,
    ]
    .contains(&encoding)
}

/// Whether a group's encoding can be tried on its other documents: one that
/// the bytes of a document can confirm or refute without detection.
pub fn is_hintable(encoding: &'static Encoding) -> bool {
    is_multibyte_legacy(encoding) || is_latin_single_byte(encoding)
}

/// `bytes` taken as they are for a `String` if they are UTF-8, else given
/// back. simdutf8 validates several times faster than `String::from_utf8`
/// on non-ASCII text.
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: simdutf8 has just found the bytes to be UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// [`decode`], trying first `group_hint`, the multi-byte encoding that the
/// document's group was found to use: documents of one site share their
/// encoding, and a strict decode is far cheaper than detection. The hint is
/// kept only if it decodes the document without one malformed sequence.
pub fn decode_in_group(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
    group_hint: Option<&'static Encoding>,
) -> Result<Decoded, DocIssue> {
    if let Some(encoding) = forced {
        let body = match Encoding::for_bom(&bytes) {
            Some((bom_encoding, len)) if same_decoder(bom_encoding, encoding) => &bytes[len..],
            _ => &bytes[..],
        };
        return Ok(decode_with(encoding, body, Detection::Forced));
    }
    if let Some((encoding, len)) = Encoding::for_bom(&bytes) {
        return Ok(decode_with(encoding, &bytes[len..], Detection::Bom));
    }
    // NUL bytes are valid UTF-8, but text never holds them: they mean UTF-16
    // (ASCII-range text) or a binary file.
    if memchr::memchr(0, &bytes).is_some() {
        return match utf16_by_shape(&bytes) {
            Some(encoding) => Ok(decode_with(encoding, &bytes, Detection::Utf16Shape)),
            None => Err(DocIssue::Binary),
        };
    }
    let bytes = match utf8_string(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: UTF_8.name(),
                detection: Detection::Utf8,
                malformed: 0,
            })
        }
        Err(bytes) => bytes,
    };
    if mostly_utf8(&bytes) {
        return Ok(decode_with(UTF_8, &bytes, Detection::Utf8));
    }
    if let Some(hint) = group_hint.filter(|&e| is_hintable(e)) {
        let fits = match structural_fit(hint, &bytes) {
            Some(fits) => fits,
            None => canonical(detect_legacy(&bytes, CONFIRM_SAMPLE)) == hint,
        };
        if fits {
            let decoded = decode_with(hint, &bytes, Detection::Group);
            if decoded.malformed == 0 {
                return Ok(decoded);
            }
        }
    }
    let mut encoding = detect_legacy(&bytes, FULL_SAMPLE);
    // A few high bytes among ASCII are accented letters or typographic
    // punctuation: no Cyrillic, Greek or CJK text looks like that, whatever
    // the detector makes of so little evidence.
    if !is_latin_single_byte(encoding) && high_bytes_stand_alone(&bytes) {
        encoding = encoding_rs::WINDOWS_1252;
    }
    Ok(decode_with(encoding, &bytes, Detection::Detected))
}

/// Whether the bytes have the structure of `hint`, where bytes alone can
/// tell: Big5 characters use second bytes in 0x40..0x7E as often as in
/// 0xA1..0xFE (about two in five fall below 0xA1), GB2312 characters never
/// do (only rare GBK extensions). Both decode each other without a
/// malformed sequence, so this is what keeps a Big5 page copied into a
/// GB18030 site from becoming mojibake. `None`: not decidable this way.
fn structural_fit(hint: &'static Encoding, bytes: &[u8]) -> Option<bool> {
    const LOW_TRAIL_SPLIT: f64 = 0.12;
    const MIN_PAIRS: usize = 40;
    if is_latin_single_byte(hint) {
        return Some(high_bytes_stand_alone(bytes));
    }
    if hint != GB18030 && hint != encoding_rs::BIG5 {
        return None;
    }
    let (mut pairs, mut low) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] < 0x81 {
            i += 1;
            continue;
        }
        let trail = bytes[i + 1];
        if (0x30..=0x39).contains(&trail) {
            i += 4; // a GB18030 four-byte sequence
            continue;
        }
        pairs += 1;
        low += usize::from(trail < 0xA1);
        i += 2;
    }
    if pairs < MIN_PAIRS {
        return None;
    }
    let big5_like = low as f64 / pairs as f64 > LOW_TRAIL_SPLIT;
    Some(big5_like == (hint == encoding_rs::BIG5))
}

/// Latin text in a single-byte encoding has its high bytes (accented
/// letters, typographic quotes) one at a time between ASCII bytes; text in a
/// multi-byte encoding, or in a non-Latin single-byte one, has them in runs.
fn high_bytes_stand_alone(bytes: &[u8]) -> bool {
    let (mut high, mut in_runs) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            high += 1;
            let neighbour_high =
                (i > 0 && bytes[i - 1] >= 0x80) || bytes.get(i + 1).is_some_and(|&n| n >= 0x80);
            in_runs += usize::from(neighbour_high);
        }
    }
    in_runs * 5 <= high
}

/// Bytes of non-ASCII lines the detector sees to decide on its own.
const FULL_SAMPLE: usize = 64 * 1024;
/// Bytes it sees to confirm a group's encoding: a few hundred CJK
/// characters tell GBK from Big5 or Shift_JIS.
const CONFIRM_SAMPLE: usize = 1024;

/// Decode `bytes` as pass 1 found them to be encoded, without detecting again.
pub fn decode_as(bytes: Vec<u8>, encoding: &'static Encoding, detection: Detection) -> Decoded {
    let bom_len = match Encoding::for_bom(&bytes) {
        Some((bom_encoding, len)) if same_decoder(bom_encoding, encoding) => len,
        _ => 0,
    };
    if encoding == UTF_8 && bom_len == 0 {
        return match String::from_utf8(bytes) {
            Ok(text) => Decoded {
                text,
                encoding: UTF_8.name(),
                detection,
                malformed: 0,
            },
            Err(err) => decode_with(UTF_8, err.as_bytes(), detection),
        };
    }
    decode_with(encoding, &bytes[bom_len..], detection)
}

/// The most likely legacy encoding. The detector is shown only the lines
/// that hold non-ASCII bytes, about `limit` bytes of them: lines of pure
/// ASCII carry no evidence about the encoding, and skipping them is what
/// makes detection cheap on mostly-English text. A line longer than the
/// limit is cut after a byte below 0x40, which no legacy encoding uses as
/// the second byte of a character.
fn detect_legacy(bytes: &[u8], limit: usize) -> &'static Encoding {
    let mut sample = Vec::with_capacity(bytes.len().min(limit));
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if !line.iter().any(|&b| b >= 0x80) {
            continue;
        }
        let room = limit.saturating_sub(sample.len());
        if line.len() <= room {
            sample.extend_from_slice(line);
        } else {
            let cut = line[..room.max(1).min(line.len())]
                .iter()
                .rposition(|&b| b < 0x40)
                .map_or(0, |i| i + 1);
            sample.extend_from_slice(&line[..cut]);
        }
        if sample.len() >= limit {
            break;
        }
    }
    if sample.is_empty() {
        sample.extend_from_slice(&bytes[..bytes.len().min(limit)]);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&sample, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// GBK and GB18030 share one decoder; GB18030 is the name of the whole set.
fn canonical(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

fn same_decoder(a: &'static Encoding, b: &'static Encoding) -> bool {
    canonical(a) == canonical(b)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], detection: Detection) -> Decoded {
    let encoding = canonical(encoding);
    let (text, malformed) = decode_counting(encoding, bytes);
    Decoded {
        text,
        encoding: encoding.name(),
        detection,
        malformed,
    }
}

/// `bytes` as UTF-8, each malformed sequence replaced by U+FFFD and
/// counted, as a file's are.
pub fn utf8_counting(bytes: &[u8]) -> (String, u64) {
    decode_counting(UTF_8, bytes)
}

/// Decode without BOM handling, replacing and counting malformed sequences.
fn decode_counting(encoding: &'static Encoding, mut bytes: &[u8]) -> (String, u64) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut malformed = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
        bytes = &bytes[read..];
        match result {
            DecoderResult::InputEmpty => return (text, malformed),
            DecoderResult::OutputFull => text.reserve(bytes.len().max(16) * 3),
            DecoderResult::Malformed(_, _) => {
                malformed += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
}

/// UTF-8 with only a few broken sequences (a truncated or patched file) is
/// still UTF-8: at most one malformed sequence per twenty valid multi-byte ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let mut malformed = 0usize;
    let mut multibyte = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += count_leads(valid.as_bytes());
                break;
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                multibyte += count_leads(valid);
                malformed += 1;
                let skip = err.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
                if malformed * 20 > multibyte + 20 * 64 {
                    return false;
                }
            }
        }
    }
    malformed * 20 <= multibyte
}

fn count_leads(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// Recognise UTF-16 without a byte-order mark, in a file that holds NUL bytes
/// (UTF-16 text with a line break or a space always does: `0A 00`, `20 00`;
/// only a single unspaced line of pure CJK text has none, and is left to
/// detection). Nearly every code unit of the first 64 KiB must be a
/// character of a common script, and surrogates must pair. Text in legacy double-byte encodings read as UTF-16 lands in
/// surrogates and private use far too often to pass.
fn utf16_by_shape(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    // ASCII read in the wrong byte order lands in the Han block, so both
    // orders can look like text; the right one is then the one that yields
    // ASCII code units.
    let score = |unit: fn([u8; 2]) -> u16| {
        let ascii = sample
            .chunks_exact(2)
            .filter(|p| unit([p[0], p[1]]) < 0x80)
            .count();
        (plausible_utf16_share(sample, unit), ascii)
    };
    let le = score(u16::from_le_bytes);
    let be = score(u16::from_be_bytes);
    const MIN_SHARE: f64 = 0.98;
    if le.0 >= MIN_SHARE && le > be {
        Some(UTF_16LE)
    } else if be.0 >= MIN_SHARE && be > le {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn plausible_utf16_share(sample: &[u8], unit: fn([u8; 2]) -> u16) -> f64 {
    let units: Vec<u16> = sample
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    let mut plausible = 0usize;
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if (0xD800..0xDC00).contains(&u) {
            match units.get(i + 1) {
                Some(low) if (0xDC00..0xE000).contains(low) => {
                    plausible += 2;
                    i += 2;
                    continue;
                }
                None => plausible += 1, // cut at the sample's end
                _ => {}
            }
        } else if plausible_bmp_unit(u) {
            plausible += 1;
        }
        i += 1;
    }
    plausible as f64 / units.len().max(1) as f64
}

fn plausible_bmp_unit(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0D
        | 0x20..=0x7E
        | 0xA0..=0x24F      // Latin-1 and Latin Extended
        | 0x370..=0x52F     // Greek, Cyrillic
        | 0x590..=0x6FF     // Hebrew, Arabic
        | 0x900..=0xE7F     // Indic scripts, Thai
        | 0x1E00..=0x1FFF   // Latin Extended Additional, Greek Extended
        | 0x2000..=0x22FF   // punctuation, symbols, arrows, math
        | 0x2460..=0x27BF   // enclosed alphanumerics, boxes, dingbats
        | 0x3000..=0x33FF   // CJK punctuation, kana, compatibility
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF // Han
        | 0xAC00..=0xD7A3   // Hangul syllables
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF // CJK compatibility forms, full-width
        | 0xFEFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if little_endian {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    const ZH: &str = "政府工作报告\n2020年是极不平凡、极不容易、极其难忘的一年。面对世纪疫情与罕见汛情的叠加冲击,全市上下大力弘扬伟大抗疫精神。\n";
    const ZH_HANT: &str = "政府工作報告\n2020年是極不平凡、極不容易、極其難忘的一年。面對世紀疫情與罕見汛情的疊加衝擊,全市上下大力弘揚偉大抗疫精神。\n";

    #[test]
    fn utf8_fast_path() {
        let d = decode(ZH.as_bytes().to_vec(), None).unwrap();
        assert_eq!(d.text, ZH);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.malformed, 0);
    }

    #[test]
    fn boms_are_sniffed_and_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(ZH.as_bytes());
        let d = decode(bytes, None).unwrap();
        assert_eq!((d.text.as_str(), d.detection), (ZH, Detection::Bom));

        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            bytes.extend(utf16(ZH, le));
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.text, ZH);
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        for (text, le) in [(ZH, true), (ZH, false), ("plain English text\n", true)] {
            let d = decode(utf16(text, le), None).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.detection, Detection::Utf16Shape);
        }
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let cases: [(&'static Encoding, &str); 6] = [
            (GB18030, ZH),
            (encoding_rs::BIG5, ZH_HANT),
            (encoding_rs::SHIFT_JIS, "日本語の文章です。これはテストのための文書であり、ひらがなとカタカナを含みます。東京都の天気は晴れです。\n"),
            (encoding_rs::EUC_KR, "대한민국 정부는 오늘 새로운 경제 정책을 발표했습니다. 이 정책은 국민의 생활을 개선하기 위한 것입니다.\n"),
            (encoding_rs::WINDOWS_1251, "Правительство сообщило сегодня о новых мерах поддержки экономики и граждан страны.\n"),
            (encoding_rs::WINDOWS_1252, "Le café était fermé à cause de la grève générale. Où est passé le garçon? Ça m'étonne beaucoup.\n"),
        ];
        for (encoding, text) in cases {
            let d = decode(encode(encoding, text), None).unwrap();
            assert_eq!(d.encoding, encoding.name(), "{text}");
            assert_eq!(d.text, text);
            assert_eq!(d.malformed, 0);
        }
    }

    #[test]
    fn ascii_heavy_legacy_text_is_not_utf16() {
        let text = "The key is evaluated before the value: it\u{2019}s based on the Application.\nSecond line.\n";
        let d = decode(encode(encoding_rs::WINDOWS_1252, text), None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, text);
    }

    #[test]
    fn decoding_again_as_detected_gives_the_same_text() {
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(ZH.as_bytes());
        let cases = [
            encode(GB18030, ZH),
            utf16(ZH, true),
            with_bom,
            ZH.as_bytes().to_vec(),
        ];
        for bytes in cases {
            let first = decode(bytes.clone(), None).unwrap();
            let encoding = Encoding::for_label(first.encoding.as_bytes()).unwrap();
            let again = decode_as(bytes, encoding, first.detection);
            assert_eq!(
                (again.text, again.encoding, again.malformed),
                (first.text, first.encoding, first.malformed)
            );
        }
    }

    #[test]
    fn a_group_hint_is_used_only_where_it_fits() {
        let gb = encode(GB18030, ZH);
        let d = decode_in_group(gb.clone(), None, Some(GB18030)).unwrap();
        assert_eq!((d.text.as_str(), d.detection), (ZH, Detection::Group));

        // Big5 bytes decode as GB18030 without one malformed sequence; the
        // detector's confirmation is what keeps the hint from winning.
        let big5 = encode(encoding_rs::BIG5, ZH_HANT);
        let d = decode_in_group(big5, None, Some(GB18030)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (ZH_HANT, "Big5"));

        // The other way round, and with texts long enough for the byte test.
        let long_hans = ZH.repeat(3);
        let long_hant = ZH_HANT.repeat(3);
        let d =
            decode_in_group(encode(GB18030, &long_hans), None, Some(encoding_rs::BIG5)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (long_hans.as_str(), "gb18030")
        );
        let d =
            decode_in_group(encode(encoding_rs::BIG5, &long_hant), None, Some(GB18030)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (long_hant.as_str(), "Big5"));
        let d = decode_in_group(
            encode(encoding_rs::BIG5, &long_hant),
            None,
            Some(encoding_rs::BIG5),
        )
        .unwrap();
        assert_eq!(d.detection, Detection::Group);

        // Single-byte hints are never taken: they decode anything.
        let latin = encode(
            encoding_rs::WINDOWS_1252,
            "Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e, d\u{e9}j\u{e0} vu.\n",
        );
        let d = decode_in_group(latin, None, Some(encoding_rs::WINDOWS_1251)).unwrap();
        assert_eq!(d.detection, Detection::Detected);
    }

    #[test]
    fn sparse_high_bytes_in_english_are_windows_1252() {
        let text = "Last updated: 2021-10-17 \u{b7} Edit this page\nIt\u{2019}s a list \u{2014} of values.\n";
        let d = decode(encode(encoding_rs::WINDOWS_1252, text), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "windows-1252"));
    }

    #[test]
    fn binary_is_refused() {
        let bytes = vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0x00, 0x12, 0x9A];
        assert!(matches!(decode(bytes, None), Err(DocIssue::Binary)));
    }

    #[test]
    fn broken_utf8_is_replaced_and_counted() {
        let mut bytes = ZH.as_bytes().to_vec();
        bytes.insert(9, 0xFF); // a stray byte between two characters
        bytes.push(0xE4); // truncated sequence at the end
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.malformed, 2);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 2);
    }

    #[test]
    fn forced_encoding_wins() {
        let bytes = encode(GB18030, ZH);
        let d = decode(bytes, encoding_for_label("gbk")).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.detection),
            (ZH, "gb18030", Detection::Forced)
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode(bytes, None);
        }

        #[test]
        fn valid_utf8_round_trips(text in "\\PC{0,200}") {
            let d = decode(text.clone().into_bytes(), None).unwrap();
            proptest::prop_assert_eq!(d.text, text);
        }
    }
}
