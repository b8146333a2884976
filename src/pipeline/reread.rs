//! Pass 2's reading of the records whose text the state does not keep.
//!
//! A record whose canonical form is its text as it stands (the case of
//! most text that needs no normalizing), from a container read as it is on
//! disk (not compressed, not standard input), is stored without its text
//! and other fields: only the hash of its line's bytes, and its sketch
//! ([`crate::state::StateWriter::put_at_source`]). Keeping the text would
//! write it a second time, into page-cache pages the kernel has to find
//! (on a virtual machine that hands free memory back to its host, new
//! pages cost more than parsing the line again does). Pass 2 takes
//! documents in order, so it reads each such container again from its
//! start, one chunk of documents ahead of the one being cleaned, and each
//! line is checked against its hash before its text is taken again.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::Pass1;
use crate::corpus::jsonl::{self, Batch, Line, LineReader};
use crate::corpus::read::{drops_cache, ReadOnce};
use crate::corpus::{ContainerId, Corpus, DocRef, Input, Source};
use crate::error::{Error, Result};
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
        match &self.corpus.containers[container.index()].input {
            Input::Path(path) => path,
            Input::Stdin => unreachable!("a record of standard input keeps its text"),
        }
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

/// The canonical text and other fields of the record on line `number` of
/// the container at `path`, taken again from `line`, whose bytes pass 1
/// hashed to `raw_hash` and found canonical ([`is_canonical`]).
pub(super) fn record_again(
    path: &Path,
    number: u64,
    line: Option<Line>,
    raw_hash: u64,
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
    let text = super::record_text(bytes, number)
        .map_err(|_| changed(path, number, "it is no longer UTF-8"))?;
    let record = jsonl::parse(text, &settings.walk.records)
        .map_err(|_| changed(path, number, "it no longer parses"))?;
    let mut canonical = record.text;
    if !canonical.ends_with('\n') {
        canonical.push('\n');
    }
    Ok((canonical, record.frame.fields))
}

/// Whether `canonical`, the canonical form of a record's `text`, is the
/// text as it stands, with the line end a canonical form always ends
/// with: only then does pass 2 take the text from the record's line again
/// ([`record_again`]).
pub(super) fn is_canonical(text: &str, canonical: &str) -> bool {
    canonical
        .strip_suffix('\n')
        .is_some_and(|head| head == text.strip_suffix('\n').unwrap_or(text))
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
    use crate::decode::Detection;
    use crate::fingerprint::DocSketch;
    use crate::pipeline::{Pass1Doc, RecordRest, SketchSummary, RECORD_ENCODING};
    use crate::report::Decoding;
    use crate::state::{DocMeta, StateWriter, StoredDecoding};

    #[test]
    fn a_record_is_canonical_when_its_text_is_its_canonical_form() {
        assert!(is_canonical("a\nb", "a\nb\n"));
        assert!(is_canonical("a\nb\n", "a\nb\n"));
        assert!(!is_canonical("a \nb", "a\nb\n"));
        assert!(!is_canonical("a\n\n", "a\n"));
        assert!(!is_canonical("ＡＢ", "AB\n"));
        assert!(!is_canonical("a", "a"));
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
            let decoding = Decoding {
                encoding: RECORD_ENCODING,
                detection: Detection::Record,
                malformed: 0,
            };
            let meta = DocMeta {
                decoding: StoredDecoding::from(&decoding),
                bytes_in: line.len() as u64,
                id: None,
                group: None,
            };
            let sketch = DocSketch::default();
            let stored = writer.put_at_source(number, xxh3_64(line.as_bytes()), 0, &sketch, meta);
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
                    let raw_hash = xxh3_64(lines[line as usize - 1].as_bytes());
                    record_again(&path, line, chunk.of(k), raw_hash, &settings)
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
