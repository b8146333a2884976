//! Pass 2's reading of the records whose text the state does not keep.
//!
//! A record from a container read as it is on disk (not compressed, not
//! standard input) is stored without its text and other fields: only the
//! hash of its line's bytes, the lines its canonical form changes
//! ([`patch_of`]), and its sketch
//! ([`crate::state::StateWriter::put_at_source`]), when those lines are
//! few. Keeping the text would
//! write it a second time, into page-cache pages the kernel has to find
//! (on a virtual machine that hands free memory back to its host, new
//! pages cost more than parsing the line again does). Pass 2 takes
//! documents in order, so it reads each such container again from its
//! start, one chunk of documents ahead of the one being cleaned, and each
//! line is checked against its hash before its text is taken again, with
//! the changed lines put back.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::Pass1;
use crate::corpus::jsonl::{self, Batch, Line, LineReader};
use crate::corpus::read::{drops_cache, ReadOnce};
use crate::corpus::{ContainerId, Corpus, DocRef, Input, Source};
use crate::error::{Error, Result};
use crate::normalize;
use crate::settings::Settings;

/// Bytes read from a container at a time.
const READ_BUFFER: usize = 1 << 20;

/// Reads the lines of at-source records in document order.
pub(super) struct SourceReader<'a> {
    corpus: &'a Corpus,
    settings: &'a Settings,
    open: Option<(ContainerId, LineReader<BufReader<ReadOnce>>)>,
}

/// The lines of a chunk's at-source records.
#[derive(Default)]
pub(super) struct ChunkLines {
    batch: Batch,
    /// For each document of the chunk, its line's place in `batch`.
    of_doc: Vec<Option<usize>>,
}

impl ChunkLines {
    /// The line of the `k`th document of the chunk, if it was read again.
    pub(super) fn of(&self, k: usize) -> Option<Line<'_>> {
        let at = (*self.of_doc.get(k)?)?;
        Some(self.batch.line(at).1)
    }
}

/// Whether pass 1 left the document's text at its source.
fn at_source(pass1: &Pass1) -> bool {
    matches!(pass1, Ok(kept) if kept.at.at_source())
}

impl<'a> SourceReader<'a> {
    pub(super) fn new(corpus: &'a Corpus, settings: &'a Settings) -> Self {
        SourceReader {
            corpus,
            settings,
            open: None,
        }
    }

    /// The lines of the at-source records among `docs`, whose pass-1
    /// results are `pass1`. The documents come in order, chunk after chunk.
    pub(super) fn chunk(&mut self, docs: &[DocRef], pass1: &[Pass1]) -> Result<ChunkLines> {
        let bytes = (docs.iter().zip(pass1))
            .filter(|(_, pass1)| at_source(pass1))
            .map(|(doc, _)| doc.bytes as usize + 2)
            .sum();
        let mut lines = ChunkLines {
            batch: Batch::with_capacity(bytes),
            of_doc: Vec::with_capacity(docs.len()),
        };
        for (doc, pass1) in docs.iter().zip(pass1) {
            let (true, Source::Record { container, line }) = (at_source(pass1), &doc.source) else {
                lines.of_doc.push(None);
                continue;
            };
            let path = self.path(*container);
            let reader = self.reader(*container)?;
            let read = reader
                .read_line(*line, &mut lines.batch)
                .map_err(|e| Error::io("could not read input again", path, e))?;
            if !read {
                return Err(changed(path, *line, "it has fewer lines"));
            }
            lines.of_doc.push(Some(lines.batch.len() - 1));
        }
        Ok(lines)
    }

    fn path(&self, container: ContainerId) -> &'a Path {
        container_path(self.corpus, container)
    }

    /// The reader of `container`, opened at its start if another was open.
    fn reader(&mut self, container: ContainerId) -> Result<&mut LineReader<BufReader<ReadOnce>>> {
        if !matches!(&self.open, Some((open, _)) if *open == container) {
            let path = self.path(container);
            let file =
                File::open(path).map_err(|e| Error::io("could not open input again", path, e))?;
            let listed = &self.corpus.containers[container.index()];
            let drop = drops_cache(listed.bytes, self.settings.keep_input_cache);
            let lines = LineReader::new(
                BufReader::with_capacity(READ_BUFFER, ReadOnce::new(file, drop)),
                self.settings.walk.max_file_bytes,
            );
            self.open = Some((container, lines));
        }
        Ok(&mut self.open.as_mut().expect("opened above").1)
    }
}

/// Where a container whose records were left at their source is read from.
pub(super) fn container_path(corpus: &Corpus, container: ContainerId) -> &Path {
    match &corpus.containers[container.index()].input {
        Input::Path(path) => path,
        Input::Stdin => unreachable!("a record of standard input keeps its text"),
    }
}

/// The canonical text and other fields of the record on line `number` of
/// the container at `path`, made again from `line`, whose bytes pass 1
/// hashed to `raw_hash`, and the `patch` of its text ([`patch_of`]).
pub(super) fn record_again(
    path: &Path,
    number: u64,
    line: Option<Line>,
    raw_hash: u64,
    patch: &[u8],
    settings: &Settings,
) -> Result<(String, String)> {
    let bytes = match line {
        Some(Line::Bytes(bytes)) => bytes,
        Some(Line::TooLong(_)) => return Err(changed(path, number, "it grew too long")),
        None => return Err(changed(path, number, "it was not read again")),
    };
    if xxh3_64(bytes) != raw_hash {
        return Err(changed(path, number, "its bytes differ"));
    }
    // The bytes pass 1 took apart, unless two lines share a 64-bit hash.
    let (text, _) = jsonl::line_text(bytes, number);
    let record = jsonl::parse(&text, &settings.walk.records)
        .map_err(|_| changed(path, number, "it no longer parses"))?;
    let canonical = patched(&record.text, patch)
        .ok_or_else(|| changed(path, number, "its state no longer fits it"))?;
    Ok((canonical, record.frame.fields))
}

/// The most bytes of changed lines a patch may hold, as a share of the
/// text: past it the text itself is kept.
const MOST_PATCH_SHARE: usize = 4;

/// What turns `text` into `canonical`, its canonical form, line by line,
/// from the `changes` canonicalization noted
/// ([`normalize::canonicalize_noting_changes`]): the number of lines of
/// the canonical form, then each line that is not the text's line of the
/// same index (lines as [`normalize::lines`] cuts them), as its index, its
/// length and its bytes (32-bit, little-endian). `None` when the changed
/// lines hold more than a quarter of the text. The canonical form is made
/// line by line, so most texts need few: on the 1.1 GB bench corpus, a
/// page's metadata line, whose spaces between Han characters go.
pub(super) fn patch_of(
    text: &str,
    canonical: &str,
    changes: &normalize::LineChanges,
) -> Option<Vec<u8>> {
    let most = text.len() / MOST_PATCH_SHARE;
    let mut patch = changes.lines.to_le_bytes().to_vec();
    for (index, range) in &changes.changed {
        let line = &canonical[range.clone()];
        if patch.len() + 8 + line.len() > most {
            return None;
        }
        patch.extend_from_slice(&index.to_le_bytes());
        patch.extend_from_slice(&(line.len() as u32).to_le_bytes());
        patch.extend_from_slice(line.as_bytes());
    }
    Some(patch)
}

/// The canonical form of `text` from its `patch` ([`patch_of`]), or `None`
/// if the patch does not fit the text.
pub(super) fn patched(text: &str, patch: &[u8]) -> Option<String> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(patch.get(at..at + 4)?.try_into().ok()?))
    };
    let count = u32_at(0)?;
    let mut at = 4;
    let mut next_changed = u32_at(at);
    let mut raw_lines = normalize::lines(text);
    let mut canonical = String::with_capacity(text.len() + 1);
    for index in 0..count {
        let raw = raw_lines.next();
        if next_changed == Some(index) {
            let len = u32_at(at + 4)? as usize;
            let line = patch.get(at + 8..at + 8 + len)?;
            canonical.push_str(std::str::from_utf8(line).ok()?);
            at += 8 + len;
            next_changed = u32_at(at);
        } else {
            canonical.push_str(raw?);
        }
        canonical.push('\n');
    }
    (at == patch.len()).then_some(canonical)
}

fn changed(path: &Path, line: u64, reason: &'static str) -> Error {
    Error::InputChanged {
        path: path.to_path_buf(),
        line,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::compression::Compression;
    use crate::corpus::CorpusBuilder;
    use crate::fingerprint::DocSketch;
    use crate::pipeline::{Pass1Doc, RecordRest, SketchSummary, RECORD_DECODING};
    use crate::state::{DocMeta, StateWriter, StoredDecoding};
    use proptest::prelude::*;

    fn canonical(text: &str) -> String {
        crate::normalize::canonicalize(text, crate::settings::NormalForm::Nfkc)
    }

    /// The patch of `text`, from the changes its canonicalization noted.
    fn patch_by_noting(text: &str) -> Option<Vec<u8>> {
        let form = crate::settings::NormalForm::Nfkc;
        let (canonical, changes) = crate::normalize::canonicalize_noting_changes(text, form);
        patch_of(text, &canonical, &changes)
    }

    /// The changed lines found the plain way: each line of the canonical
    /// form against the text's line of the same index.
    fn changes_by_comparing(text: &str, canonical: &str) -> normalize::LineChanges {
        let mut changes = normalize::LineChanges::default();
        let mut raw_lines = normalize::lines(text);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', canonical.as_bytes()) {
            if raw_lines.next() != Some(&canonical[start..end]) {
                changes.changed.push((changes.lines, start..end));
            }
            changes.lines += 1;
            start = end + 1;
        }
        changes
    }

    #[test]
    fn a_patch_holds_the_lines_the_canonical_form_changes() {
        let body = "正文一段,写得足够长。".repeat(10);
        let text = &format!("首页 | 新闻\n来源:本网 字号:[大 中 小]\n{body}\n\n\n");
        let patch = patch_by_noting(text).unwrap();
        // The count of lines, and the one changed line.
        assert_eq!(patch.len(), 4 + 8 + "来源:本网字号:[大中小]".len());
        assert_eq!(patched(text, &patch).unwrap(), canonical(text));
        // A text already canonical needs only the count.
        let plain = "A line.\nAnother.";
        assert_eq!(patch_by_noting(plain).unwrap().len(), 4);
        // Most lines changed: the text is kept instead.
        let wide = "ＡＢＣＤＥＦ\nＧＨＩＪＫＬ\n";
        assert_eq!(patch_by_noting(wide), None);
        // A patch that does not fit its text is refused.
        assert_eq!(patched("one\n", &patch), None);
        assert_eq!(patched(text, &patch[..patch.len() - 1]), None);
    }

    proptest! {
        /// Any text: canonicalization notes the lines found changed by
        /// comparing them, and its patch, where it has one, gives back its
        /// canonical form; and no bytes
        /// taken for a patch make it panic.
        #[test]
        fn a_patch_gives_back_the_canonical_form(
            lines in proptest::collection::vec(
                prop_oneof![
                    // Lines the canonical form keeps, long enough that a
                    // text has room for a patch.
                    3 => Just("正文一段,写得足够长。".repeat(12)),
                    1 => Just("来源:本网 字号:[大 中 小]".to_string()),
                    1 => Just("ＡＢＣ  def\t".to_string()),
                    1 => Just("\r".to_string()),
                    1 => Just("\u{2028}".to_string()),
                    1 => Just(String::new()),
                    // Blank once canonical, so that a text can end in
                    // changed lines the canonical form drops.
                    1 => Just(" \t\u{3000}".to_string()),
                    1 => "\\PC{0,30}",
                ],
                0..12,
            ),
            noise in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            let text = lines.join("\n");
            let canonical = canonical(&text);
            let (noted, changes) = normalize::canonicalize_noting_changes(&text, crate::settings::NormalForm::Nfkc);
            prop_assert_eq!(&noted, &canonical);
            prop_assert_eq!(&changes, &changes_by_comparing(&text, &canonical));
            if let Some(patch) = patch_of(&text, &canonical, &changes) {
                prop_assert_eq!(patched(&text, &patch), Some(canonical));
            }
            let _ = patched(&text, &noise);
        }
    }

    /// Records on lines 1 and 3 of a container at `path` (line 2 blank),
    /// stored without their texts, as pass 1 leaves them.
    fn stored_records(dir: &Path, path: &Path, lines: &[&str]) -> (Corpus, Vec<Pass1>) {
        let mut builder = CorpusBuilder::new(Vec::new());
        let bytes = std::fs::metadata(path).unwrap().len();
        builder.container(
            "a.jsonl".into(),
            Input::Path(path.into()),
            Compression::None,
            bytes,
        );
        let mut writer = StateWriter::open(dir, 1, false).unwrap();
        writer.leave_texts_at_source();
        let mut pass1 = Vec::new();
        for number in [1u64, 3] {
            let line = lines[number as usize - 1];
            builder.record(number, "", line.len() as u64);
            let decoding = RECORD_DECODING;
            let meta = DocMeta {
                decoding: StoredDecoding::from(&decoding),
                bytes_in: line.len() as u64,
                id: None,
                group: None,
            };
            let sketch = DocSketch::default();
            let raw_hash = xxh3_64(line.as_bytes());
            let stored = writer.put_at_source(number, raw_hash, &[], 0, &sketch, meta);
            pass1.push(Ok(Pass1Doc {
                summary: SketchSummary::of(&sketch),
                at: stored.at,
                decoding,
                bytes_in: line.len() as u64,
                record: Some(RecordRest { head: 0, id: None }),
            }));
        }
        (builder.finish(), pass1)
    }

    #[test]
    fn records_are_taken_again_from_their_lines_and_a_changed_line_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let lines = [
            r#"{"id": 1, "text": "第一行。\nSecond line."}"#,
            "",
            r#"{"text": "three", "url": "https://example.org/3"}"#,
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let (corpus, pass1) = stored_records(dir.path(), &path, &lines);
        let settings = Settings::new(vec![path.clone()], dir.path().join("out"));
        let again = |corpus: &Corpus| -> Result<Vec<(String, String)>> {
            let mut reader = SourceReader::new(corpus, &settings);
            let chunk = reader.chunk(&corpus.docs, &pass1)?;
            (corpus.docs.iter().enumerate())
                .map(|(k, doc)| {
                    let Source::Record { line, .. } = doc.source else {
                        unreachable!()
                    };
                    let stored = lines[line as usize - 1];
                    let text = jsonl::parse(stored, &settings.walk.records).unwrap().text;
                    let patch = patch_by_noting(&text).unwrap();
                    let raw_hash = xxh3_64(stored.as_bytes());
                    record_again(&path, line, chunk.of(k), raw_hash, &patch, &settings)
                })
                .collect()
        };
        let records = again(&corpus).unwrap();
        assert_eq!(records[0].0, "第一行。\nSecond line.\n");
        assert_eq!(records[1].0, "three\n");
        assert!(
            records[1].1.contains("https://example.org/3"),
            "{}",
            records[1].1
        );

        // The same line with other bytes: the run stops and says where.
        std::fs::write(
            &path,
            [lines[0], "", &lines[2].replace("three", "THREE")].join("\n"),
        )
        .unwrap();
        let error = again(&corpus).unwrap_err().to_string();
        assert!(error.contains("a.jsonl, line 3, changed") && error.contains("bytes differ"));
        // Lines gone.
        std::fs::write(&path, lines[0]).unwrap();
        let error = again(&corpus).unwrap_err().to_string();
        assert!(
            error.contains("line 3") && error.contains("fewer lines"),
            "{error}"
        );
    }
}
