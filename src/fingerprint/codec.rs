//! A compact binary form of a [`DocSketch`], for sketches kept on disk
//! between the passes or handed from one stage of a job to the next.
//!
//! The head comes first — the content hash, the line keys and the titles,
//! what the boilerplate counts read — so that [`decode_head`] reads it
//! alone, and the span fingerprints last, so that
//! [`decode_without_spans`] stops before them; where the head ends and the
//! spans start is written after the version byte ([`part_len`]), so that a
//! reader reads no more of a sketch than it decodes. Little-endian; counts
//! and positions as LEB128 varints, positions as zigzag deltas from the one
//! before (they mostly ascend, so most take a byte or two), a span
//! fingerprint's anchor flag in the lowest bit of its token's; hashes as
//! fixed eight bytes. The first byte is the
//! format's version. [`decode`] checks every count against the bytes left,
//! so garbage is an error, never a panic or a huge allocation.

use super::{DocSketch, SentenceKey, SpanPrint, TitleLine};
use crate::normalize::key::LineKey;

/// The format's version, the first byte of every encoded sketch.
pub const VERSION: u8 = 21;

/// Bytes of the version and the two section ends that open a sketch.
pub const PREFIX_BYTES: usize = 9;
/// Where the end of the head is written (a `u32`, from the sketch's start).
const HEAD_END_AT: usize = 1;
/// Where the start of the span fingerprints is written.
const SPANS_START_AT: usize = 5;

/// How much of a sketch a reader decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// [`decode_head`].
    Head,
    /// [`decode_without_spans`].
    WithoutSpans,
    /// [`decode_without_hashes`], of a sketch of `prints` span
    /// fingerprints.
    WithoutHashes { prints: u32 },
    /// [`decode`].
    Whole,
}

/// Why bytes are not a sketch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a sketch of format {VERSION}: {0}")]
pub struct DecodeError(&'static str);

/// Append the encoding of `sketch` to `out`.
pub fn encode(sketch: &DocSketch, out: &mut Vec<u8>) {
    let start = out.len();
    out.push(VERSION);
    out.extend_from_slice(&[0; PREFIX_BYTES - 1]);
    let section_end = |out: &mut Vec<u8>, at: usize| {
        let end = (out.len() - start) as u32;
        out[start + at..start + at + 4].copy_from_slice(&end.to_le_bytes());
    };
    out.extend_from_slice(&sketch.content_hash.to_le_bytes());

    varint(out, sketch.lines.len() as u64);
    for line in &sketch.lines {
        // Most lines hold no digits, and their template key is their
        // content key: written once, with a flag.
        let one_key = line.template == line.content;
        let mut record = Record::new(out, LINE_MAX);
        record.put(&line.content.to_le_bytes());
        record.put(&[u8::from(line.blank)
            | u8::from(line.enumerated) << 1
            | u8::from(line.notice_tail) << 2
            | u8::from(line.may_stutter) << 3
            | u8::from(line.labelled) << 4
            | u8::from(line.ends_sentence) << 5
            | u8::from(one_key) << 6
            | u8::from(line.opens_lead) << 7]);
        if !one_key {
            record.put(&line.template.to_le_bytes());
        }
        record.varint(u64::from(line.weight));
        // The last flags ride in the pattern's lowest bits: a rule's number
        // is small, and most lines match none.
        record.varint(
            u64::from(line.pattern) << 14
                | u64::from(line.trails_off) << 13
                | u64::from(line.holds_time) << 12
                | u64::from(line.reads_as_tag) << 11
                | u64::from(line.lists_names) << 10
                | u64::from(line.bracketed) << 9
                | u64::from(line.reads_as_price) << 8
                | u64::from(line.lists_a_heading) << 7
                | u64::from(line.ends_with_count) << 6
                | u64::from(line.holds_digits) << 5
                | u64::from(line.names_a_role) << 4
                | u64::from(line.reads_as_name) << 3
                | u64::from(line.names_the_text) << 2
                | u64::from(line.unlike_a_link) << 1
                | u64::from(line.echoes_body),
        );
    }

    varint(out, sketch.titles.len() as u64);
    for title in &sketch.titles {
        varint(out, u64::from(title.line));
        out.extend_from_slice(&title.prefix.to_le_bytes());
        out.extend_from_slice(&title.suffix.to_le_bytes());
        out.extend_from_slice(&title.heading.to_le_bytes());
    }

    section_end(out, HEAD_END_AT);

    varint(out, sketch.sentences.len() as u64);
    let mut last = (0, 0);
    for sentence in &sketch.sentences {
        let mut record = Record::new(out, SENTENCE_RECORD_MAX);
        record.put(&sentence.content.to_le_bytes());
        record.delta(&mut last.0, sentence.line);
        record.delta(&mut last.1, sentence.first_token);
        record.varint(u64::from(sentence.ordinal));
        record.varint(u64::from(sentence.weight));
    }

    varint(out, sketch.line_tokens.len() as u64);
    let mut last_token = 0;
    for &token in &sketch.line_tokens {
        delta(out, &mut last_token, token);
    }
    section_end(out, SPANS_START_AT);

    varint(out, sketch.spans.len() as u64);
    let mut last = (0, 0);
    for span in &sketch.spans {
        let mut record = Record::new(out, SPAN_RECORD_MAX);
        record.flagged_delta(&mut last.0, span.token(), span.is_anchor());
        record.delta(&mut last.1, span.start);
        record.varint(zigzag(i64::from(span.end) - i64::from(span.start)));
    }

    varint(out, sketch.span_hashes.len() as u64);
    for hash in &sketch.span_hashes {
        out.extend_from_slice(&hash.to_le_bytes());
    }
}

/// How many lines and sentences a sketch holds: what bounds the bytes of
/// its parts ([`part_bound`]), kept in memory where the sketch is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub lines: u32,
    pub sentences: u32,
}

/// Most bytes of an encoded line key (two keys, a weight, the flags, and a
/// pattern with fourteen flags under it: 30 bits, five varint bytes), sentence
/// key and title line, and of a varint of a `u32`.
const LINE_MAX: usize = 8 + 8 + VARINT_U32_MAX + 1 + 5;
/// Fewest bytes of an encoded line key: one key, the flags, a weight and
/// a pattern of a byte each.
const LINE_MIN: usize = 8 + 1 + 1 + 1;
const SENTENCE_MAX: usize = 8 + 2 * VARINT_U32_MAX + 3 + 3;
const TITLE_MAX: usize = VARINT_U32_MAX + 8 + 8 + 8;
const VARINT_U32_MAX: usize = 5;
/// Most bytes of a sentence key and of a span as they are written: their
/// deltas are zigzag varints of up to 33 bits (34 for a span's token, with
/// its anchor flag), five bytes each.
const SENTENCE_RECORD_MAX: usize = 8 + 4 * VARINT_U32_MAX;
const SPAN_RECORD_MAX: usize = 3 * VARINT_U32_MAX;

/// At most how many bytes from its start `part` of a sketch of `shape`
/// takes: what a reader that knows the shape reads of the sketch at once,
/// no more than it decodes by more than the varints' slack.
pub fn part_bound(part: Part, shape: Shape) -> Option<usize> {
    let lines = shape.lines as usize;
    let titles = lines.min(super::TITLE_LINES);
    let head = PREFIX_BYTES + 8 + 2 * VARINT_U32_MAX + lines * LINE_MAX + titles * TITLE_MAX;
    match part {
        Part::Head => Some(head),
        Part::WithoutSpans => Some(
            head + 2 * VARINT_U32_MAX
                + shape.sentences as usize * SENTENCE_MAX
                + (lines + 1) * VARINT_U32_MAX,
        ),
        Part::WithoutHashes { .. } | Part::Whole => None,
    }
}

/// At most how many bytes the encoding of `sketch` takes, counted without
/// encoding it.
pub fn encoded_bound(sketch: &DocSketch) -> u64 {
    let records = [
        (sketch.lines.len(), LINE_MAX),
        (sketch.titles.len(), TITLE_MAX),
        (sketch.sentences.len(), SENTENCE_RECORD_MAX),
        (sketch.line_tokens.len(), VARINT_U32_MAX),
        (sketch.spans.len(), SPAN_RECORD_MAX),
        (sketch.span_hashes.len(), 8),
    ];
    // Each list is led by its count, a varint of up to ten bytes.
    let lists: u64 = (records.iter())
        .map(|&(count, most)| 10 + count as u64 * most as u64)
        .sum();
    (PREFIX_BYTES + 8) as u64 + lists
}

/// How many bytes from its start `part` of a sketch of `total` bytes
/// takes, where that is known without reading it: the span hashes, last,
/// take eight bytes each after their count.
pub fn known_len(part: Part, total: usize) -> Option<usize> {
    match part {
        Part::WithoutHashes { prints } => total.checked_sub(hashes_len(prints)),
        Part::Whole => Some(total),
        Part::Head | Part::WithoutSpans => None,
    }
}

/// Bytes of the span hashes of a sketch of `prints` span fingerprints, and
/// of their count.
fn hashes_len(prints: u32) -> usize {
    let count_len = (64 - u64::from(prints | 1).leading_zeros() as usize).div_ceil(7);
    8 * prints as usize + count_len
}

/// How many bytes from its start `part` of a sketch takes, from its first
/// [`PREFIX_BYTES`] (or fewer, if that is all the sketch has).
pub fn part_len(prefix: &[u8], part: Part, total: usize) -> Result<usize, DecodeError> {
    let end_at = |at: usize| -> Result<usize, DecodeError> {
        let bytes = prefix.get(at..at + 4).ok_or(DecodeError("cut short"))?;
        let end = u32::from_le_bytes(bytes.try_into().expect("four bytes")) as usize;
        (end <= total)
            .then_some(end)
            .ok_or(DecodeError("section end"))
    };
    if prefix.first() != Some(&VERSION) {
        return Err(DecodeError("unknown version"));
    }
    match part {
        Part::Head => end_at(HEAD_END_AT),
        Part::WithoutSpans => end_at(SPANS_START_AT),
        Part::WithoutHashes { .. } => {
            let spans_start = end_at(SPANS_START_AT)?;
            (known_len(part, total))
                .filter(|&len| len >= spans_start)
                .ok_or(DecodeError("span count"))
        }
        Part::Whole => Ok(total),
    }
}

/// `part` of the sketch `bytes` encode, `bytes` being that part
/// ([`part_len`]).
pub fn decode_part(bytes: &[u8], part: Part) -> Result<DocSketch, DecodeError> {
    match part {
        Part::Head => decode_head(bytes),
        Part::WithoutSpans => decode_without_spans(bytes),
        Part::WithoutHashes { .. } => decode_without_hashes(bytes),
        Part::Whole => decode(bytes),
    }
}

/// The sketch `bytes` encode.
pub fn decode(bytes: &[u8]) -> Result<DocSketch, DecodeError> {
    let mut r = Reader::new(bytes);
    let mut sketch = head(&mut r)?;
    rest(&mut r, &mut sketch)?;
    if r.at != bytes.len() {
        return Err(DecodeError("bytes after the sketch"));
    }
    Ok(sketch)
}

/// The head of the sketch `bytes` encode: its content hash, line keys and
/// titles, what the boilerplate counts read; the rest is left empty.
pub fn decode_head(bytes: &[u8]) -> Result<DocSketch, DecodeError> {
    head(&mut Reader::new(bytes))
}

/// The sketch `bytes` encode without its span fingerprints, which come
/// last and take most of its bytes: what every rule but span matching
/// reads.
pub fn decode_without_spans(bytes: &[u8]) -> Result<DocSketch, DecodeError> {
    let mut r = Reader::new(bytes);
    let mut sketch = head(&mut r)?;
    lines_and_sentences(&mut r, &mut sketch)?;
    Ok(sketch)
}

/// The sketch `bytes` encode but for its span hashes, which come last:
/// what pass 2's span rule reads (the index has matched the hashes). The
/// bytes end where the hashes start ([`known_len`]).
pub fn decode_without_hashes(bytes: &[u8]) -> Result<DocSketch, DecodeError> {
    let mut r = Reader::new(bytes);
    let mut sketch = head(&mut r)?;
    lines_and_sentences(&mut r, &mut sketch)?;
    sketch.spans = spans(&mut r)?;
    if r.at != bytes.len() {
        return Err(DecodeError("bytes after the spans"));
    }
    Ok(sketch)
}

fn head(r: &mut Reader) -> Result<DocSketch, DecodeError> {
    if r.byte()? != VERSION {
        return Err(DecodeError("unknown version"));
    }
    let head_end = r.u32()? as usize;
    r.spans_start = r.u32()? as usize;
    let content_hash = r.u64()?;

    let count = r.count(LINE_MIN)?;
    let mut lines = Vec::with_capacity(count);
    for _ in 0..count {
        let content = r.u64()?;
        let flags = r.byte()?;
        let template = match flags & 64 != 0 {
            true => content,
            false => r.u64()?,
        };
        let weight = r.small()?;
        let flagged_pattern = r.varint()?;
        let pattern = u16::try_from(flagged_pattern >> 14).map_err(|_| DecodeError("pattern"))?;
        lines.push(LineKey {
            template,
            content,
            weight,
            blank: flags & 1 != 0,
            enumerated: flags & 2 != 0,
            pattern,
            labelled: flags & 16 != 0,
            ends_sentence: flags & 32 != 0,
            notice_tail: flags & 4 != 0,
            may_stutter: flags & 8 != 0,
            opens_lead: flags & 128 != 0,
            echoes_body: flagged_pattern & 1 != 0,
            unlike_a_link: flagged_pattern & 2 != 0,
            names_the_text: flagged_pattern & 4 != 0,
            reads_as_name: flagged_pattern & 8 != 0,
            names_a_role: flagged_pattern & 16 != 0,
            holds_digits: flagged_pattern & 32 != 0,
            ends_with_count: flagged_pattern & 64 != 0,
            lists_a_heading: flagged_pattern & 128 != 0,
            reads_as_price: flagged_pattern & 256 != 0,
            bracketed: flagged_pattern & 512 != 0,
            lists_names: flagged_pattern & 1024 != 0,
            reads_as_tag: flagged_pattern & 2048 != 0,
            holds_time: flagged_pattern & 4096 != 0,
            trails_off: flagged_pattern & 8192 != 0,
        });
    }

    let count = r.count(17)?;
    let mut titles = Vec::with_capacity(count);
    for _ in 0..count {
        let line = r.small()?;
        let prefix = r.u64()?;
        let suffix = r.u64()?;
        let heading = r.u64()?;
        titles.push(TitleLine {
            line,
            prefix,
            suffix,
            heading,
        });
    }
    if r.at != head_end {
        return Err(DecodeError("head end"));
    }
    Ok(DocSketch {
        content_hash,
        lines,
        titles,
        ..DocSketch::default()
    })
}

/// The sentences, tokens and span fingerprints after the head.
fn rest(r: &mut Reader, sketch: &mut DocSketch) -> Result<(), DecodeError> {
    lines_and_sentences(r, sketch)?;
    sketch.spans = spans(r)?;

    let count = r.count(8)?;
    let hashes = (r.bytes.get(r.at..r.at + 8 * count)).ok_or(DecodeError("cut short"))?;
    r.at += 8 * count;
    sketch.span_hashes = (hashes.chunks_exact(8))
        .map(|hash| u64::from_le_bytes(hash.try_into().expect("eight bytes")))
        .collect();
    Ok(())
}

/// The span fingerprints' places, after the sentences.
fn spans(r: &mut Reader) -> Result<Vec<SpanPrint>, DecodeError> {
    // A place takes three varints, a byte each at least.
    let count = r.count(3)?;
    let mut spans = Vec::with_capacity(count);
    let mut last = (0, 0);
    for _ in 0..count {
        let (token, anchor) = r.flagged_delta(&mut last.0)?;
        if token > SpanPrint::MAX_TOKEN {
            return Err(DecodeError("token"));
        }
        let start = r.delta(&mut last.1)?;
        let end = i64::from(start) + unzigzag(r.varint()?);
        let end = u32::try_from(end).map_err(|_| DecodeError("span end"))?;
        spans.push(SpanPrint::new(token, start, end, anchor));
    }
    Ok(spans)
}

/// The sentences and the first token of each line, after the head.
fn lines_and_sentences(r: &mut Reader, sketch: &mut DocSketch) -> Result<(), DecodeError> {
    let count = r.count(12)?;
    let mut sentences = Vec::with_capacity(count);
    let mut last = (0, 0);
    for _ in 0..count {
        let content = r.u64()?;
        let line = r.delta(&mut last.0)?;
        let first_token = r.delta(&mut last.1)?;
        let ordinal = u16::try_from(r.varint()?).map_err(|_| DecodeError("ordinal"))?;
        let weight = u16::try_from(r.varint()?).map_err(|_| DecodeError("weight"))?;
        sentences.push(SentenceKey {
            content,
            line,
            first_token,
            ordinal,
            weight,
        });
    }

    let count = r.count(1)?;
    let mut line_tokens = Vec::with_capacity(count);
    let mut last_token = 0;
    for _ in 0..count {
        line_tokens.push(r.delta(&mut last_token)?);
    }

    if r.at != r.spans_start {
        return Err(DecodeError("spans start"));
    }
    sketch.sentences = sentences;
    sketch.line_tokens = line_tokens;
    Ok(())
}

/// Append `value` as a varint: seven bits a byte, low first, the high bit
/// of every byte but the last set.
pub(crate) fn varint(out: &mut Vec<u8>, value: u64) {
    if value < 0x80 {
        return out.push(value as u8);
    }
    Record::new(out, 10).varint(value);
}

/// One record (a line key, a sentence, a span, an index entry) written at
/// the end of a vector: room for the most it can take is zeroed at once,
/// the fields are written into it, and the vector is cut back to them
/// when the record is dropped. That costs less than a check for room at
/// every field, and unlike gathering the bytes on the stack and copying
/// them, it never reads back in one wide load what was just stored a byte
/// at a time (a load the processor cannot forward from the stores).
pub(crate) struct Record<'a> {
    out: &'a mut Vec<u8>,
    at: usize,
}

impl<'a> Record<'a> {
    /// A record of at most `max` bytes at the end of `out`.
    #[inline]
    pub(crate) fn new(out: &'a mut Vec<u8>, max: usize) -> Self {
        let at = out.len();
        out.resize(at + max, 0);
        Record { out, at }
    }

    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        self.out[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    #[inline]
    pub(crate) fn varint(&mut self, value: u64) {
        self.at = varint_to(self.out, self.at, value);
    }

    /// `value` as the zigzag varint of its difference from `last`, which
    /// becomes `value`.
    #[inline]
    pub(crate) fn delta(&mut self, last: &mut u32, value: u32) {
        self.varint(zigzag(i64::from(value) - i64::from(*last)));
        *last = value;
    }

    /// [`Record::delta`] with `flag` in the lowest bit of the varint.
    #[inline]
    pub(crate) fn flagged_delta(&mut self, last: &mut u32, value: u32, flag: bool) {
        self.varint(zigzag(i64::from(value) - i64::from(*last)) << 1 | u64::from(flag));
        *last = value;
    }
}

impl Drop for Record<'_> {
    #[inline]
    fn drop(&mut self) {
        self.out.truncate(self.at);
    }
}

/// Write `value` as a varint into `bytes` from `at`, where there must be
/// room for it (ten bytes at most); where it ends. Records and span
/// matches make room for several at once ([`Record`]), so that no byte
/// checks for room in the vector.
pub(crate) fn varint_to(bytes: &mut [u8], mut at: usize, mut value: u64) -> usize {
    while value >= 0x80 {
        bytes[at] = value as u8 | 0x80;
        at += 1;
        value >>= 7;
    }
    bytes[at] = value as u8;
    at + 1
}

/// The varint at the start of `bytes`, and how many bytes it takes; `None`
/// if `bytes` ends before it does, or it runs past ten bytes.
pub(crate) fn varint_at(bytes: &[u8]) -> Option<(u64, usize)> {
    // Most varints of sketches and match files are differences under 128.
    if let Some(&byte) = bytes.first() {
        if byte < 0x80 {
            return Some((u64::from(byte), 1));
        }
    }
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().take(10).enumerate() {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some((value, i + 1));
        }
    }
    None
}

pub(crate) fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

pub(crate) fn unzigzag(value: u64) -> i64 {
    (value >> 1) as i64 ^ -((value & 1) as i64)
}

fn delta(out: &mut Vec<u8>, last: &mut u32, value: u32) {
    varint(out, zigzag(i64::from(value) - i64::from(*last)));
    *last = value;
}

/// `last` moved on by the zigzag difference `delta`; its new value.
fn moved_on(last: &mut u32, delta: u64) -> Result<u32, DecodeError> {
    let value = i64::from(*last) + unzigzag(delta);
    *last = u32::try_from(value).map_err(|_| DecodeError("position"))?;
    Ok(*last)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Where the span fingerprints start, as the sketch says.
    spans_start: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            at: 0,
            spans_start: 0,
        }
    }

    /// The next `N` bytes.
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let bytes = (self.bytes.get(self.at..self.at + N)).ok_or(DecodeError("cut short"))?;
        self.at += N;
        Ok(bytes.try_into().expect("N bytes"))
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        self.array().map(u32::from_le_bytes)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let byte = *self.bytes.get(self.at).ok_or(DecodeError("cut short"))?;
        self.at += 1;
        Ok(byte)
    }

    fn u64(&mut self) -> Result<u64, DecodeError> {
        self.array().map(u64::from_le_bytes)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        // Most varints of a sketch are deltas of one byte.
        if let Some(&byte) = self.bytes.get(self.at) {
            if byte < 0x80 {
                self.at += 1;
                return Ok(u64::from(byte));
            }
        }
        let rest = &self.bytes[self.at.min(self.bytes.len())..];
        let (value, len) = varint_at(rest).ok_or(DecodeError("varint cut short or too long"))?;
        self.at += len;
        Ok(value)
    }

    fn small(&mut self) -> Result<u32, DecodeError> {
        u32::try_from(self.varint()?).map_err(|_| DecodeError("value over 32 bits"))
    }

    /// A count of items of at least `min_bytes` each: no more than the
    /// bytes left can hold.
    fn count(&mut self, min_bytes: usize) -> Result<usize, DecodeError> {
        let count = usize::try_from(self.varint()?).map_err(|_| DecodeError("count"))?;
        if count > (self.bytes.len() - self.at) / min_bytes {
            return Err(DecodeError("count larger than the bytes left"));
        }
        Ok(count)
    }

    fn delta(&mut self, last: &mut u32) -> Result<u32, DecodeError> {
        let value = self.varint()?;
        moved_on(last, value)
    }

    /// What [`Record::flagged_delta`] wrote: the value and the flag.
    fn flagged_delta(&mut self, last: &mut u32) -> Result<(u32, bool), DecodeError> {
        let tagged = self.varint()?;
        Ok((moved_on(last, tagged >> 1)?, tagged & 1 == 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key::KeyFolder;
    use crate::segment;
    use proptest::prelude::*;

    fn sketch_of(text: &str) -> DocSketch {
        let mut folder = KeyFolder::default();
        super::super::sketch(text, &segment::lines(text), &mut folder, None)
    }

    #[test]
    fn real_sketches_come_back_whole_and_smaller() {
        let text = "首页 | 新闻 - 某某市人民政府\n一、主要工作\n今年以来,全市上下推进碳汇和林农碳微汇项目,取得明显成效。第二句话在这里。\n\nA paragraph in English, with two sentences. The second one is here.\n";
        let sketch = sketch_of(text);
        let mut bytes = Vec::new();
        encode(&sketch, &mut bytes);
        assert_eq!(decode(&bytes).unwrap(), sketch);
        let in_memory = sketch.lines.len() * 32
            + sketch.sentences.len() * 24
            + sketch.line_tokens.len() * 4
            + sketch.spans.len() * 20;
        assert!(bytes.len() < in_memory, "{} >= {in_memory}", bytes.len());
    }

    #[test]
    fn a_line_without_digits_writes_its_one_key_once() {
        let sketch = sketch_of("A line without digits.\nA line with 2 digits.\n");
        let [plain, numbered] = [&sketch.lines[0], &sketch.lines[1]];
        assert_eq!(plain.template, plain.content);
        assert_ne!(numbered.template, numbered.content);
        let size = |lines: &[LineKey]| {
            let mut bytes = Vec::new();
            let sketch = DocSketch {
                lines: lines.to_vec(),
                ..DocSketch::default()
            };
            encode(&sketch, &mut bytes);
            assert_eq!(decode(&bytes).unwrap(), sketch);
            bytes.len()
        };
        let numbered_as_plain = LineKey {
            template: numbered.content,
            ..*numbered
        };
        assert_eq!(size(&[*numbered]), size(&[numbered_as_plain]) + 8);
    }

    fn any_sketch() -> impl Strategy<Value = DocSketch> {
        let line = (
            any::<[u64; 2]>(),
            any::<bool>(),
            any::<u32>(),
            any::<u16>(),
            any::<[bool; 21]>(),
        )
            .prop_map(
                |([template, content], one_key, weight, pattern, flags)| LineKey {
                    template: if one_key { content } else { template },
                    content,
                    weight,
                    pattern,
                    blank: flags[0],
                    enumerated: flags[1],
                    notice_tail: flags[2],
                    may_stutter: flags[3],
                    labelled: flags[4],
                    ends_sentence: flags[5],
                    opens_lead: flags[6],
                    echoes_body: flags[7],
                    unlike_a_link: flags[8],
                    names_the_text: flags[9],
                    reads_as_name: flags[10],
                    names_a_role: flags[11],
                    holds_digits: flags[12],
                    ends_with_count: flags[13],
                    lists_a_heading: flags[14],
                    reads_as_price: flags[15],
                    bracketed: flags[16],
                    lists_names: flags[17],
                    reads_as_tag: flags[18],
                    holds_time: flags[19],
                    trails_off: flags[20],
                },
            );
        let sentence = (
            any::<u64>(),
            any::<u32>(),
            any::<u32>(),
            any::<u16>(),
            any::<u16>(),
        )
            .prop_map(
                |(content, line, first_token, ordinal, weight)| SentenceKey {
                    content,
                    line,
                    first_token,
                    ordinal,
                    weight,
                },
            );
        let span = (
            0..=SpanPrint::MAX_TOKEN,
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
        )
            .prop_map(|(token, start, end, anchor)| SpanPrint::new(token, start, end, anchor));
        let title = (any::<u32>(), any::<u64>(), any::<u64>(), any::<u64>()).prop_map(
            |(line, prefix, suffix, heading)| TitleLine {
                line,
                prefix,
                suffix,
                heading,
            },
        );
        (
            any::<u64>(),
            proptest::collection::vec(line, 0..8),
            proptest::collection::vec(sentence, 0..8),
            proptest::collection::vec(any::<u32>(), 0..8),
            proptest::collection::vec((span, any::<u64>()), 0..8),
            proptest::collection::vec(title, 0..3),
        )
            .prop_map(
                |(content_hash, lines, sentences, line_tokens, spans, titles)| {
                    let (spans, span_hashes) = spans.into_iter().unzip();
                    DocSketch {
                        content_hash,
                        lines,
                        sentences,
                        line_tokens,
                        spans,
                        span_hashes,
                        titles,
                    }
                },
            )
    }

    #[test]
    fn the_hashes_take_eight_bytes_each_after_their_count() {
        for prints in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut count = Vec::new();
            varint(&mut count, u64::from(prints));
            assert_eq!(
                hashes_len(prints),
                8 * prints as usize + count.len(),
                "{prints}"
            );
        }
    }

    /// LEB128 by definition: seven bits a byte, low first.
    fn naive_varint(mut value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let byte = (value & 0x7F) as u8;
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    }

    proptest! {
        #[test]
        fn varints_are_leb128_whatever_their_length_and_what_follows(
            value in any::<u64>(),
            shift in 0u32..64,
            before in proptest::collection::vec(any::<u8>(), 0..4),
            after in proptest::collection::vec(any::<u8>(), 0..12),
        ) {
            let value = value >> shift;
            let expected = naive_varint(value);
            let mut out = before.clone();
            varint(&mut out, value);
            prop_assert_eq!(&out[before.len()..], &expected[..]);
            let mut bytes = expected.clone();
            bytes.extend_from_slice(&after);
            prop_assert_eq!(varint_at(&bytes), Some((value, expected.len())));
            prop_assert_eq!(varint_at(&expected[..expected.len() - 1]), None);
        }
    }

    proptest! {
        #[test]
        fn the_head_of_any_sketch_reads_alone(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            let head = decode_head(&bytes).unwrap();
            let head_len = part_len(&bytes[..PREFIX_BYTES], Part::Head, bytes.len()).unwrap();
            prop_assert_eq!(&decode_head(&bytes[..head_len]).unwrap(), &head);
            prop_assert_eq!(head, DocSketch {
                content_hash: sketch.content_hash,
                lines: sketch.lines.clone(),
                titles: sketch.titles.clone(),
                ..DocSketch::default()
            });
        }

        #[test]
        fn any_sketch_reads_without_its_hashes(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            let part = Part::WithoutHashes { prints: sketch.spans.len() as u32 };
            let len = known_len(part, bytes.len()).unwrap();
            prop_assert_eq!(part_len(&bytes[..PREFIX_BYTES], part, bytes.len()).unwrap(), len);
            prop_assert_eq!(decode_without_hashes(&bytes[..len]).unwrap(), DocSketch {
                span_hashes: Vec::new(),
                ..sketch
            });
        }

        #[test]
        fn any_sketch_reads_without_its_spans(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            let len = part_len(&bytes[..PREFIX_BYTES], Part::WithoutSpans, bytes.len()).unwrap();
            prop_assert_eq!(decode_without_spans(&bytes[..len]).unwrap(), DocSketch {
                spans: Vec::new(),
                span_hashes: Vec::new(),
                ..sketch
            });
        }

        #[test]
        fn no_part_outgrows_its_bound(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            // A real sketch has its titles among its lines, and one line
            // token more than lines.
            let lines = (sketch.lines.len())
                .max(sketch.titles.len())
                .max(sketch.line_tokens.len().saturating_sub(1));
            let shape = Shape {
                lines: lines as u32,
                sentences: sketch.sentences.len() as u32,
            };
            for part in [Part::Head, Part::WithoutSpans] {
                let len = part_len(&bytes[..PREFIX_BYTES], part, bytes.len()).unwrap();
                prop_assert!(len <= part_bound(part, shape).unwrap(), "{:?}", part);
            }
        }

        #[test]
        fn no_sketch_outgrows_its_encoded_bound(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            prop_assert!(bytes.len() as u64 <= encoded_bound(&sketch));
        }

        #[test]
        fn any_sketch_round_trips(sketch in any_sketch()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            prop_assert_eq!(decode(&bytes).unwrap(), sketch);
        }

        #[test]
        fn garbage_is_an_error_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
            let _ = decode_without_spans(&bytes);
            let _ = decode_without_hashes(&bytes);
            let _ = part_len(&bytes, Part::WithoutSpans, bytes.len());
        }

        #[test]
        fn a_cut_or_changed_sketch_never_panics(sketch in any_sketch(), cut in any::<usize>(), flip in any::<(usize, u8)>()) {
            let mut bytes = Vec::new();
            encode(&sketch, &mut bytes);
            let mut changed = bytes.clone();
            if !changed.is_empty() {
                let at = flip.0 % changed.len();
                changed[at] ^= flip.1;
            }
            let _ = decode(&changed);
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = decode(&bytes);
        }
    }
}
