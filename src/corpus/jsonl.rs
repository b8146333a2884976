//! JSON Lines containers: one JSON object per line, one of whose fields is a
//! document's text.
//!
//! A record is cleaned like a text file; its output is the same record with
//! the text replaced by the cleaned text, every other field kept in its
//! order with its value byte for byte, and gleaner's metadata added under
//! one key. [`parse`] splits a record into the text and a [`Frame`] (the
//! rest of the record, ready to have the cleaned text put back);
//! [`Frame::render`] puts it back.
//!
//! A text that holds an escaped lone surrogate (`"\ud83d"` without its
//! pair: JSON that JavaScript engines and Python write for broken
//! strings) is valid JSON but no Unicode: each such surrogate becomes
//! U+FFFD and is counted as a malformed sequence of the record, as a
//! decoder counts malformed bytes, and the record is cleaned. A lone
//! surrogate in another field is kept as it is written. So are bytes of a
//! line that are not UTF-8 ([`line_text`]): each run of them becomes
//! U+FFFD, counted, in whichever field it stands.

use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Which fields of a record gleaner reads and writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFields {
    /// The field holding the document's text (a string).
    pub text: String,
    /// The field naming the record in the report; records without it are
    /// named by line number.
    pub id: Option<String>,
    /// The field whose value groups records for boilerplate counts (a URL
    /// stands for its host).
    pub group: Option<String>,
    /// The key gleaner's metadata is written under (replacing one the
    /// record already has).
    pub meta: String,
}

impl Default for RecordFields {
    fn default() -> Self {
        RecordFields {
            text: "text".to_string(),
            id: None,
            group: None,
            meta: "gleaner".to_string(),
        }
    }
}

/// A record taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub text: String,
    /// Lone surrogates of the text replaced by U+FFFD.
    pub malformed: u64,
    /// The id field's value: a string as it reads, anything else as JSON.
    pub id: Option<String>,
    /// The group field's value (the host, for a URL).
    pub group: Option<String>,
    pub frame: Frame,
}

/// A record without its text: the record is `fields[..head]`, the text as
/// a JSON string, `fields[head..]`, then the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    /// `{`, the fields before the text and the text's key; then the fields
    /// after the text, each with its leading comma.
    pub fields: String,
    /// Where the text goes in `fields`.
    pub head: usize,
}

impl Frame {
    /// The frame of a record made for a text file: its id and text fields.
    pub fn for_document(fields: &RecordFields, id: &str) -> Frame {
        let mut head = String::from("{");
        push_key(&mut head, fields.id.as_deref().unwrap_or("id"));
        head.push_str(&json_string(id));
        head.push(',');
        push_key(&mut head, &fields.text);
        Frame {
            head: head.len(),
            fields: head,
        }
    }

    /// The output line: the record with `text` and `meta` under `meta_key`.
    pub fn render(&self, text: &str, meta_key: &str, meta: &impl Serialize) -> Vec<u8> {
        let (head, tail) = self.fields.split_at(self.head);
        // Room for the text's escapes (a line end takes two bytes) and the
        // metadata, so that the line is not copied to grow at its end.
        let room = self.fields.len() + text.len() + text.len() / 16 + meta_key.len() + 256;
        let mut line = Vec::with_capacity(room);
        line.extend_from_slice(head.as_bytes());
        push_json_string(&mut line, text);
        line.extend_from_slice(tail.as_bytes());
        line.push(b',');
        push_json_string(&mut line, meta_key);
        line.push(b':');
        serde_json::to_writer(&mut line, meta).expect("metadata serializes");
        line.extend_from_slice(b"}\n");
        line
    }
}

/// A line of a container as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// Its bytes, without the line end.
    Bytes(&'a [u8]),
    /// Longer than the limit: its length, its bytes not kept.
    TooLong(u64),
}

/// Lines read together, their bytes one after another in one buffer: a
/// buffer of its own for each line would be an allocation for every
/// record, freed by whichever thread scanned it.
#[derive(Debug, Default)]
pub struct Batch {
    bytes: Vec<u8>,
    lines: Vec<(u64, LineAt)>,
}

/// Where a line of a [`Batch`] is.
#[derive(Debug, Clone, Copy)]
enum LineAt {
    Bytes { start: usize, end: usize },
    TooLong(u64),
}

impl Batch {
    /// An empty batch with room for `bytes` bytes of lines.
    pub fn with_capacity(bytes: usize) -> Self {
        Batch {
            bytes: Vec::with_capacity(bytes),
            lines: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The `k`th line and its number.
    pub fn line(&self, k: usize) -> (u64, Line<'_>) {
        let (number, at) = self.lines[k];
        let line = match at {
            LineAt::Bytes { start, end } => Line::Bytes(&self.bytes[start..end]),
            LineAt::TooLong(length) => Line::TooLong(length),
        };
        (number, line)
    }

    /// The lines and their numbers, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = (u64, Line<'_>)> + '_ {
        (0..self.len()).map(|k| self.line(k))
    }
}

/// Reads a container line by line, keeping no line longer than a limit in
/// memory.
pub struct LineReader<R> {
    reader: R,
    /// Lines read so far.
    line: u64,
    limit: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(reader: R, limit: u64) -> Self {
        LineReader {
            reader,
            line: 0,
            limit,
        }
    }

    /// Append the next line's bytes to `into`: its number (from 1) and
    /// where it is, or `None` at the end. `\n` and `\r\n` end lines; the
    /// last line needs no end.
    fn next_line(&mut self, into: &mut Vec<u8>) -> std::io::Result<Option<(u64, LineAt)>> {
        let start = into.len();
        let mut length = 0u64;
        let mut started = false;
        // The line's last two bytes, to take "\r\n" off a line not kept.
        let mut tail = [0u8; 2];
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    into.truncate(start);
                    return Err(e);
                }
            };
            if available.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let (take, ends) = match memchr::memchr(b'\n', available) {
                Some(at) => (at + 1, true),
                None => (available.len(), false),
            };
            length += take as u64;
            for &byte in &available[take.saturating_sub(2)..take] {
                tail = [tail[1], byte];
            }
            if length <= self.limit.saturating_add(2) {
                into.extend_from_slice(&available[..take]);
            } else {
                into.truncate(start);
            }
            self.reader.consume(take);
            if ends {
                break;
            }
        }
        self.line += 1;
        let ending = match tail {
            [b'\r', b'\n'] if length >= 2 => 2,
            [_, b'\n'] => 1,
            _ => 0,
        };
        length -= ending;
        let line = if length > self.limit {
            into.truncate(start);
            LineAt::TooLong(length)
        } else {
            let kept = (into.len() - start).saturating_sub(ending as usize);
            into.truncate(start + kept);
            LineAt::Bytes {
                start,
                end: start + kept,
            }
        };
        Ok(Some((self.line, line)))
    }

    /// Append line `number` (from 1) to `batch`, reading past the lines
    /// before it: false if the container ends before it, or it was passed.
    pub fn read_line(&mut self, number: u64, batch: &mut Batch) -> std::io::Result<bool> {
        while self.line + 1 < number {
            if !self.skip_line()? {
                return Ok(false);
            }
        }
        if self.line + 1 != number {
            return Ok(false);
        }
        match self.next_line(&mut batch.bytes)? {
            Some((read, line)) => {
                batch.lines.push((read, line));
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Read past the next line without keeping it: false at the end.
    fn skip_line(&mut self) -> std::io::Result<bool> {
        let mut started = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if started {
                    self.line += 1;
                }
                return Ok(started);
            }
            started = true;
            match memchr::memchr(b'\n', available) {
                Some(at) => {
                    self.reader.consume(at + 1);
                    self.line += 1;
                    return Ok(true);
                }
                None => {
                    let all = available.len();
                    self.reader.consume(all);
                }
            }
        }
    }

    /// Lines until about `bytes` bytes are read, and the error that ended
    /// the container early, if one did.
    pub fn batch(&mut self, bytes: usize) -> (Batch, Option<std::io::Error>) {
        let room = bytes.min(BATCH_ROOM);
        let mut batch = Batch {
            bytes: Vec::with_capacity(room + room / 8),
            lines: Vec::new(),
        };
        let mut read = 0;
        while read < bytes {
            match self.next_line(&mut batch.bytes) {
                Ok(Some((number, line))) => {
                    read += match line {
                        LineAt::Bytes { start, end } => end - start + 1,
                        LineAt::TooLong(n) => n as usize,
                    };
                    batch.lines.push((number, line));
                }
                Ok(None) => break,
                Err(e) => return (batch, Some(e)),
            }
        }
        (batch, None)
    }
}

/// The most room a batch's buffer is made with at first (with an eighth
/// more for the line that ends it): a batch of 4 MiB grows at most once.
const BATCH_ROOM: usize = 4 << 20;

/// The text of a container's line `number` (from 1), without the byte
/// order mark a first line may start with, and the sequences of it that
/// were not UTF-8, each replaced by U+FFFD (as a text file's malformed
/// bytes are: a stray byte in a scraped page's record costs that byte,
/// not the record).
pub fn line_text(bytes: &[u8], number: u64) -> (Cow<'_, str>, u64) {
    let bytes = match number {
        1 => bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes),
        _ => bytes,
    };
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), 0),
        Err(_) => {
            let (text, malformed) = crate::decode::utf8_counting(bytes);
            (Cow::Owned(text), malformed)
        }
    }
}

/// Take one line of a container apart, or say why it is not a record.
pub fn parse(line: &str, fields: &RecordFields) -> Result<Record, String> {
    let entries = |lossy: bool| {
        let seed = EntriesSeed {
            text_key: &fields.text,
            lossy,
        };
        let mut deserializer = serde_json::Deserializer::from_str(line);
        serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
            .and_then(|entries| deserializer.end().map(|()| entries))
    };
    // A lone surrogate fails the fast reading, which takes the text as a
    // string: only then is the text read again as bytes.
    let parsed = entries(false).or_else(|e| match holds_surrogate_escape(line) {
        true => entries(true).map_err(|_| e),
        false => Err(e),
    });
    let Entries {
        entries,
        text,
        malformed,
    } = parsed.map_err(|e| {
        let message = e.to_string();
        match message.rfind(" at line ") {
            // The position is a column of this line: give only that.
            Some(at) if e.column() > 0 => format!(
                "not a JSON object: {} (column {})",
                &message[..at],
                e.column()
            ),
            Some(at) => format!("not a JSON object: {}", &message[..at]),
            None => format!("not a JSON object: {message}"),
        }
    })?;
    let text = match text {
        Some(TextValue::String(text)) => Some(text),
        Some(TextValue::Other) => return Err(format!("field {:?} is not a string", fields.text)),
        None => None,
    };
    let mut id = None;
    let mut group = None;
    let mut frame = String::from("{");
    let mut head = None;
    for (key, value) in &entries {
        let Some(value) = value else {
            // The text, in its place.
            push_key(&mut frame, key);
            head = Some(frame.len());
            continue;
        };
        if *key == fields.text || *key == fields.meta {
            continue;
        }
        if fields.id.as_ref() == Some(key) && id.is_none() {
            id = Some(scalar(value));
        }
        if fields.group.as_ref() == Some(key) && group.is_none() {
            group = Some(site_of(&scalar(value)));
        }
        // Before the text a field ends with a comma, after it one starts so.
        if head.is_some() {
            frame.push(',');
        }
        push_key(&mut frame, key);
        frame.push_str(value.get());
        if head.is_none() {
            frame.push(',');
        }
    }
    let (Some(text), Some(head)) = (text, head) else {
        return Err(format!("no {:?} field", fields.text));
    };
    Ok(Record {
        text,
        malformed,
        id,
        group,
        frame: Frame {
            fields: frame,
            head,
        },
    })
}

/// A value as text: a string as it reads, anything else as its JSON.
fn scalar(value: &RawValue) -> String {
    serde_json::from_str::<String>(value.get()).unwrap_or_else(|_| value.get().to_string())
}

/// The site a group value names: the host of a URL, the value otherwise.
pub fn site_of(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_string();
    };
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        return value.to_string();
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.to_ascii_lowercase()
}

fn push_key(out: &mut String, key: &str) {
    out.push_str(&json_string(key));
    out.push(':');
}

fn json_string(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    push_json_string(&mut out, text);
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// Append `text` as a JSON string, escaped byte for byte as serde_json
/// escapes it: `"` and `\`, and control characters, as `\b \t \n \f \r`
/// or else `\u00xx`. Many bytes at a time are checked for any that needs
/// escaping (sixteen where SSE2 is), and runs that need none copied whole:
/// the output's texts are most of what a run writes, and serde_json looks
/// at each byte alone.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while let Some(next) = next_to_escape(bytes, at) {
        at = next;
        let byte = bytes[at];
        out.extend_from_slice(&bytes[copied..at]);
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            _ => 0,
        };
        if short != 0 {
            out.extend_from_slice(&[b'\\', short]);
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]);
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
        }
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Where the first byte from `at` on that JSON escapes is: sixteen bytes
/// at a time with SSE2 (part of every x86-64 processor), then eight at a
/// time in a word, then byte by byte through the last few.
#[inline]
fn next_to_escape(bytes: &[u8], mut at: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(at..at + 16) {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of every x86_64; the load reads the sixteen
        // bytes of `chunk`, unaligned.
        let marks = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let last_control = _mm_set1_epi8(0x1F);
            let control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
        };
        if marks != 0 {
            return Some(at + marks.trailing_zeros() as usize);
        }
        at += 16;
    }
    use crate::swar::{bytes_below, bytes_equal};
    while let Some(word) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let marks = bytes_below(word, 0x20) | bytes_equal(word, b'"') | bytes_equal(word, b'\\');
        if marks != 0 {
            return Some(at + marks.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    (bytes[at..].iter())
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|offset| at + offset)
}

/// A record's fields in order, each as its JSON, but for the first text
/// field, whose string is unescaped as the line is read (taking it as raw
/// JSON first, then unescaping it, would read the text twice): it stands
/// in the list without a value, where it was.
struct Entries<'a> {
    entries: Vec<(String, Option<&'a RawValue>)>,
    text: Option<TextValue>,
    /// Lone surrogates of the text replaced.
    malformed: u64,
}

/// Whether `line` holds the escape of a surrogate (`\uD800` to `\uDFFF`,
/// either case), paired or not.
fn holds_surrogate_escape(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memmem::find_iter(bytes, b"\\u").any(|at| {
        matches!(bytes.get(at + 2), Some(b'd' | b'D'))
            && matches!(
                bytes.get(at + 3),
                Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            )
    })
}

/// The text of a JSON string `raw` whose escapes may hold lone
/// surrogates, each replaced by U+FFFD, and how many were.
fn lossy_string(raw: &str) -> Result<(String, u64), serde_json::Error> {
    struct Bytes;
    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON string")
        }
        fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }
    }
    // serde_json gives a string's bytes with each lone surrogate written
    // as UTF-8 would write its code point (WTF-8): ED, then A0 to BF.
    let wtf8 = serde_json::Deserializer::from_str(raw).deserialize_bytes(Bytes)?;
    let mut text = Vec::with_capacity(wtf8.len());
    let mut malformed = 0;
    let mut at = 0;
    while at < wtf8.len() {
        if wtf8[at] == 0xED && matches!(wtf8.get(at + 1), Some(0xA0..=0xBF)) {
            text.extend_from_slice("\u{FFFD}".as_bytes());
            malformed += 1;
            at += 3;
        } else {
            text.push(wtf8[at]);
            at += 1;
        }
    }
    let text = String::from_utf8(text).map_err(serde::de::Error::custom)?;
    Ok((text, malformed))
}

/// The first value of the text field.
enum TextValue {
    String(String),
    /// Not a string.
    Other,
}

/// Reads a record's fields knowing which is the text.
struct EntriesSeed<'k> {
    text_key: &'k str,
    /// Read the text as bytes, its lone surrogates replaced.
    lossy: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Entries<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Entries<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
        let mut text = None;
        let mut malformed = 0;
        while let Some(key) = map.next_key::<String>()? {
            if text.is_none() && key == self.text_key {
                text = Some(match self.lossy {
                    false => map.next_value::<TextValue>()?,
                    true => {
                        let raw = map.next_value::<&'de RawValue>()?;
                        match raw.get().starts_with('"') {
                            true => {
                                let (string, replaced) =
                                    lossy_string(raw.get()).map_err(serde::de::Error::custom)?;
                                malformed = replaced;
                                TextValue::String(string)
                            }
                            false => TextValue::Other,
                        }
                    }
                });
                entries.push((key, None));
            } else {
                let value = map.next_value::<&'de RawValue>()?;
                entries.push((key, Some(value)));
            }
        }
        Ok(Entries {
            entries,
            text,
            malformed,
        })
    }
}

impl<'de> Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = TextValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, value: &str) -> Result<TextValue, E> {
                Ok(TextValue::String(value.to_owned()))
            }
            fn visit_string<E>(self, value: String) -> Result<TextValue, E> {
                Ok(TextValue::String(value))
            }
            fn visit_bool<E>(self, _: bool) -> Result<TextValue, E> {
                Ok(TextValue::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<TextValue, E> {
                Ok(TextValue::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<TextValue, E> {
                Ok(TextValue::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<TextValue, E> {
                Ok(TextValue::Other)
            }
            fn visit_unit<E>(self) -> Result<TextValue, E> {
                Ok(TextValue::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TextValue, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(TextValue::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextValue, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(TextValue::Other)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> RecordFields {
        RecordFields {
            id: Some("id".to_string()),
            group: Some("url".to_string()),
            ..RecordFields::default()
        }
    }

    #[test]
    fn a_record_comes_back_with_its_fields_in_order() {
        let line = r#"{"id": 17, "url": "https://News.Example.com:8080/a?b", "text": "首页\nBody \"quoted\"", "meta": {"lang": ["zh", 1.50]}, "gleaner": {"old": 1}}"#;
        let record = parse(line, &fields()).unwrap();
        assert_eq!(record.text, "首页\nBody \"quoted\"");
        assert_eq!(record.id.as_deref(), Some("17"));
        assert_eq!(record.group.as_deref(), Some("news.example.com"));
        let out = record
            .frame
            .render("Body", "gleaner", &serde_json::json!({"n": 1}));
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "{\"id\":17,\"url\":\"https://News.Example.com:8080/a?b\",\"text\":\"Body\",\"meta\":{\"lang\": [\"zh\", 1.50]},\"gleaner\":{\"n\":1}}\n"
        );
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["meta"]["lang"][1], serde_json::json!(1.5));
    }

    #[test]
    fn a_line_is_text_with_its_bytes_that_are_not_utf8_replaced() {
        assert_eq!(
            line_text(b"{\"text\": \"ok\"}", 2),
            (Cow::Borrowed("{\"text\": \"ok\"}"), 0)
        );
        assert_eq!(line_text("\u{feff}{}".as_bytes(), 1).0, "{}");
        assert_eq!(line_text("\u{feff}{}".as_bytes(), 2).0, "\u{feff}{}");
        let (text, malformed) = line_text(
            b"\xef\xbb\xbf{\"text\": \"caf\xe9 \xff\xfe ok \xe4\xbd\"}",
            1,
        );
        assert_eq!(
            text,
            "{\"text\": \"caf\u{FFFD} \u{FFFD}\u{FFFD} ok \u{FFFD}\"}"
        );
        assert_eq!(malformed, 4);
        let record = parse(&text, &fields()).unwrap();
        assert_eq!(record.text, "caf\u{FFFD} \u{FFFD}\u{FFFD} ok \u{FFFD}");
    }

    #[test]
    fn lone_surrogates_of_the_text_become_replacement_characters() {
        for (text, expected, malformed) in [
            (r"\ud83d", "\u{FFFD}", 1),
            (r"a\udc00b", "a\u{FFFD}b", 1),
            (r"\ud83c\u0061", "\u{FFFD}a", 1),
            (r"\ud83d\ud83d\ude00", "\u{FFFD}\u{1F600}", 1),
            (r"\uD83D\uDE00 \uDFFF", "\u{1F600} \u{FFFD}", 1),
            (r"\ud800\ud800", "\u{FFFD}\u{FFFD}", 2),
        ] {
            let line = format!(r#"{{"id": "\ud800", "text": "{text}"}}"#);
            let record = parse(&line, &fields()).unwrap();
            assert_eq!(record.text, expected, "{line}");
            assert_eq!(record.malformed, malformed, "{line}");
            assert_eq!(record.id.as_deref(), Some(r#""\ud800""#), "kept as written");
        }
        let paired = parse(r#"{"text": "\ud83d\ude00"}"#, &fields()).unwrap();
        assert_eq!((paired.text.as_str(), paired.malformed), ("\u{1F600}", 0));
        for broken in [r#"{"text": "\ud83"}"#, r#"{"text": 5, "x": "\ud800"}"#] {
            assert!(parse(broken, &fields()).is_err(), "{broken}");
        }
    }

    #[test]
    fn the_text_may_come_first_or_last() {
        for line in [
            r#"{"text":"a"}"#,
            r#"{"text":"a","x":1}"#,
            r#"{"x":1,"text":"a"}"#,
        ] {
            let record = parse(line, &RecordFields::default()).unwrap();
            let out = record.frame.render("b", "g", &0);
            let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(value["text"], "b", "{line}");
            assert_eq!(value["g"], 0);
        }
    }

    #[test]
    fn what_is_not_a_record_says_why() {
        let f = RecordFields::default();
        assert!(parse("[1,2]", &f).unwrap_err().contains("JSON object"));
        assert!(parse(r#"{"text": "a""#, &f).unwrap_err().contains("column"));
        assert_eq!(
            parse(r#"{"body": "a"}"#, &f).unwrap_err(),
            "no \"text\" field"
        );
        assert!(parse(r#"{"text": null}"#, &f)
            .unwrap_err()
            .contains("not a string"));
        assert!(parse("", &f).is_err());
    }

    #[test]
    fn a_text_file_becomes_a_record() {
        let frame = Frame::for_document(&RecordFields::default(), "site/a \"b\".txt");
        let out = frame.render("kept\n", "gleaner", &serde_json::json!({}));
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["id"], "site/a \"b\".txt");
        assert_eq!(value["text"], "kept\n");
    }

    #[test]
    fn lines_are_read_with_their_numbers_and_long_ones_are_not_kept() {
        let input = b"{\"a\":1}\r\n\nxxxxxxxxxxxxxxxxxxxx\nlast";
        let mut reader = LineReader::new(std::io::BufReader::with_capacity(4, &input[..]), 10);
        let (batch, error) = reader.batch(usize::MAX);
        assert!(error.is_none());
        assert_eq!(
            batch.lines().collect::<Vec<_>>(),
            [
                (1, Line::Bytes(b"{\"a\":1}")),
                (2, Line::Bytes(b"")),
                (3, Line::TooLong(20)),
                (4, Line::Bytes(b"last")),
            ]
        );
        let mut reader = LineReader::new(&b"a\nb\nc\n"[..], 10);
        let (first, error) = reader.batch(3);
        assert!(error.is_none());
        assert_eq!(first.len(), 2);
        let (second, _) = reader.batch(100);
        assert_eq!(second.lines().collect::<Vec<_>>(), [(3, Line::Bytes(b"c"))]);
        assert!(reader.batch(100).0.is_empty());
    }

    use proptest::prelude::*;

    fn fields_with_id() -> RecordFields {
        RecordFields {
            id: Some("id".to_string()),
            ..RecordFields::default()
        }
    }

    /// A JSON string with each escape of a lone surrogate written as the
    /// escape of U+FFFD instead.
    fn lone_surrogates_escaped_as_replacements(json: &str) -> String {
        let chars: Vec<char> = json.chars().collect();
        let unit_at = |at: usize| -> Option<u32> {
            let hex: String = chars.get(at + 2..at + 6)?.iter().collect();
            (chars[at] == '\\' && chars[at + 1] == 'u')
                .then(|| u32::from_str_radix(&hex, 16).ok())
                .flatten()
        };
        let (mut out, mut at) = (String::new(), 0);
        while at < chars.len() {
            if chars[at] != '\\' {
                out.push(chars[at]);
                at += 1;
                continue;
            }
            match unit_at(at) {
                Some(0xD800..=0xDBFF) if matches!(unit_at(at + 6), Some(0xDC00..=0xDFFF)) => {
                    out.extend(&chars[at..at + 12]);
                    at += 12;
                }
                Some(0xD800..=0xDFFF) => {
                    out.push_str("\\ufffd");
                    at += 6;
                }
                _ => {
                    out.extend(chars.get(at..at + 2).unwrap_or(&chars[at..]));
                    at += 2;
                }
            }
        }
        out
    }

    /// The record as every field taken as raw JSON, then the first text
    /// field unescaped, its lone surrogates as U+FFFD, reads it.
    fn parse_field_by_field(line: &str, fields: &RecordFields) -> Result<Record, String> {
        struct Raw<'a>(Vec<(String, &'a RawValue)>);
        impl<'de> Deserialize<'de> for Raw<'de> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Raw<'de>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Raw<'de>, A::Error> {
                        let mut out = Vec::new();
                        while let Some(e) = m.next_entry::<String, &'de RawValue>()? {
                            out.push(e);
                        }
                        Ok(Raw(out))
                    }
                }
                d.deserialize_map(V)
            }
        }
        let Raw(entries) = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let mut text = None;
        let mut id = None;
        let mut frame = String::from("{");
        let mut head = None;
        for (key, value) in &entries {
            if *key == fields.text && text.is_none() {
                let escaped = lone_surrogates_escaped_as_replacements(value.get());
                text = Some(serde_json::from_str::<String>(&escaped).map_err(|e| e.to_string())?);
                push_key(&mut frame, key);
                head = Some(frame.len());
                continue;
            }
            if *key == fields.text || *key == fields.meta {
                continue;
            }
            if fields.id.as_ref() == Some(key) && id.is_none() {
                id = Some(scalar(value));
            }
            if text.is_some() {
                frame.push(',');
            }
            push_key(&mut frame, key);
            frame.push_str(value.get());
            if text.is_none() {
                frame.push(',');
            }
        }
        let (Some(text), Some(head)) = (text, head) else {
            return Err("no text".to_string());
        };
        Ok(Record {
            text,
            malformed: 0,
            id,
            group: None,
            frame: Frame {
                fields: frame,
                head,
            },
        })
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            "\\PC{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Strings come out escaped exactly as serde_json escapes them,
        /// control characters, quotes and backslashes in any place of a
        /// word of eight bytes included.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            text in "[a-z\\x00-\\x1f\\x7f\"\\\\é中😀 ]{0,40}",
        ) {
            let mut ours = Vec::new();
            push_json_string(&mut ours, &text);
            prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&text).unwrap());
        }

        /// Any line: an error or a record, never a panic.
        #[test]
        fn any_line_parses_or_says_why(line in "\\PC{0,80}") {
            let _ = parse(&line, &RecordFields::default());
        }

        /// The text is unescaped as the line is read: the record is the
        /// one that taking every field as raw JSON, then unescaping the
        /// first text field, gives (texts that are not strings, repeated
        /// text fields, escapes and lone surrogates included), and the
        /// error, if any, the same.
        #[test]
        fn a_record_is_read_as_its_fields_read_one_by_one(
            fields in proptest::collection::vec(
                (prop_oneof![Just("text".to_string()), Just("id".to_string()), "[a-z]{1,4}"],
                 prop_oneof![
                     json_value().prop_map(|v| v.to_string()),
                     Just(r#""a\u00e9\n\"b\\""#.to_string()),
                     Just(r#""\ud800x""#.to_string()),
                     Just(r#""\ud83d\ude00""#.to_string()),
                 ]),
                0..5),
        ) {
            let line = format!(
                "{{{}}}",
                fields.iter().map(|(k, v)| format!("{k:?}: {v}")).collect::<Vec<_>>().join(", ")
            );
            let settings = fields_with_id();
            let ours = parse(&line, &settings);
            let theirs = parse_field_by_field(&line, &settings);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.text, b.text);
                    prop_assert_eq!(a.id, b.id);
                    prop_assert_eq!(a.frame.fields, b.frame.fields);
                    prop_assert_eq!(a.frame.head, b.frame.head);
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?} against {:?}", a.map(|r| r.text), b.map(|r| r.text)),
            }
        }

        /// A record with any fields comes back with every field but its
        /// text as it was, and the new text and metadata added.
        #[test]
        fn records_keep_every_other_field(
            fields in proptest::collection::vec(("[a-z]{1,5}", json_value()), 0..5),
            at in 0usize..6,
            text in "\\PC{0,40}",
            cleaned in "\\PC{0,40}",
        ) {
            let mut entries: Vec<(String, serde_json::Value)> = fields
                .into_iter()
                .filter(|(k, _)| k != "text" && k != "gleaner")
                .collect();
            entries.dedup_by(|a, b| a.0 == b.0);
            let mut seen = std::collections::HashSet::new();
            entries.retain(|(k, _)| seen.insert(k.clone()));
            let at = at.min(entries.len());
            entries.insert(at, ("text".to_string(), serde_json::Value::from(text.clone())));
            let line = format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap(), v))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let record = parse(&line, &RecordFields::default()).unwrap();
            prop_assert_eq!(&record.text, &text);
            let out = record.frame.render(&cleaned, "gleaner", &7);
            let closed = out.ends_with(b"}\n");
            prop_assert!(closed);
            let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let object = value.as_object().unwrap();
            prop_assert_eq!(object.len(), entries.len() + 1);
            for (k, v) in &entries {
                if k == "text" {
                    prop_assert_eq!(&object[k], &serde_json::Value::from(cleaned.clone()));
                } else {
                    prop_assert_eq!(&object[k], v);
                }
            }
            prop_assert_eq!(&object["gleaner"], &serde_json::Value::from(7));
        }

        /// Any bytes, any buffer size, any limit: the lines read back are
        /// the input, split at its line ends, each numbered in turn.
        #[test]
        fn the_line_reader_gives_back_its_input(
            bytes in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>()], 0..200),
            capacity in 1usize..16,
            limit in 0u64..40,
        ) {
            let mut reader = LineReader::new(std::io::BufReader::with_capacity(capacity, &bytes[..]), limit);
            let mut expected: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            // A '\r' goes only before a '\n': the last piece has none after it.
            let unended = expected.pop().filter(|last| !last.is_empty());
            let ended = expected.len();
            expected.extend(unended);
            // Batches of one line, or of a few, share their buffer.
            let mut number = 0;
            loop {
                let (batch, error) = reader.batch(capacity);
                prop_assert!(error.is_none());
                if batch.is_empty() {
                    break;
                }
                for (n, line) in batch.lines() {
                    number += 1;
                    prop_assert_eq!(n, number);
                    let want = expected[number as usize - 1];
                    let want = if (number as usize) <= ended {
                        want.strip_suffix(b"\r").unwrap_or(want)
                    } else {
                        want
                    };
                    match line {
                        Line::Bytes(got) => prop_assert_eq!(got, want),
                        Line::TooLong(length) => {
                            prop_assert!(length > limit);
                            prop_assert_eq!(length, want.len() as u64);
                        }
                    }
                }
            }
            prop_assert_eq!(number as usize, expected.len());
        }

        /// Lines read by number, skipping those between, are the lines a
        /// reading of every line finds; a number past the end, or one
        /// already passed, finds none.
        #[test]
        fn lines_read_by_number_are_the_lines_read_in_turn(
            bytes in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>()], 0..200),
            capacity in 1usize..16,
            limit in 0u64..40,
            wanted in proptest::collection::vec(1u64..60, 0..12),
        ) {
            let mut every = LineReader::new(&bytes[..], limit);
            let (all, _) = every.batch(usize::MAX);
            let mut reader = LineReader::new(std::io::BufReader::with_capacity(capacity, &bytes[..]), limit);
            let mut batch = Batch::default();
            let mut passed = 0;
            for number in wanted {
                let read = reader.read_line(number, &mut batch).unwrap();
                let exists = number as usize <= all.len();
                prop_assert_eq!(read, exists && number > passed);
                if read {
                    prop_assert_eq!(batch.line(batch.len() - 1), all.line(number as usize - 1));
                }
                passed = passed.max(number.min(all.len() as u64 + 1));
            }
        }
    }

    #[test]
    fn sites_of_urls() {
        assert_eq!(site_of("http://user@Host.org/x"), "host.org");
        assert_eq!(site_of("https://[::1]:80/"), "[::1]");
        assert_eq!(site_of("news-site"), "news-site");
        assert_eq!(site_of("a b://c"), "a b://c");
    }
}
