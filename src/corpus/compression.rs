//! Reads and writes gzip and zstd files transparently.
//!
//! A file's compression is named by its extension (`.gz`, `.zst`), and an
//! output keeps the compression of its input. Compressed outputs are written
//! as a series of independent members (gzip) or frames (zstd), one per
//! chunk of documents, each compressed on a worker thread: both formats
//! define a file of several members as the concatenation of their contents,
//! and every common reader (zcat, zstdcat, Python's gzip and zstandard)
//! reads it as one stream.

use std::io::{Read, Write};

/// How a file's bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// zstd's level: its default, fast to write and read.
const ZSTD_LEVEL: i32 = 3;

impl Compression {
    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// The compression a file name's extension names.
    pub fn of_name(name: &str) -> Compression {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".gz") {
            Compression::Gzip
        } else if lower.ends_with(".zst") {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The compression the first bytes of a stream show (for standard input).
    pub fn of_magic(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The name without the compression's extension.
    pub fn strip(self, name: &str) -> &str {
        let extension = match self {
            Compression::None => return name,
            Compression::Gzip => 3,
            Compression::Zstd => 4,
        };
        &name[..name.len() - extension]
    }

    /// A reader of the decompressed bytes of `reader`. gzip members are read
    /// one after another, as zstd frames are.
    pub fn reader<'a>(
        self,
        reader: impl Read + Send + 'a,
    ) -> std::io::Result<Box<dyn Read + Send + 'a>> {
        Ok(match self {
            Compression::None => Box::new(reader),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(reader)?),
        })
    }

    /// `bytes` as one complete member or frame (the bytes themselves when
    /// uncompressed).
    pub fn compress(self, bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
        match self {
            Compression::None => Ok(bytes),
            Compression::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(bytes.len() / 3),
                    flate2::Compression::default(),
                );
                encoder.write_all(&bytes)?;
                encoder.finish()
            }
            Compression::Zstd => zstd::bulk::compress(&bytes, ZSTD_LEVEL),
        }
    }

    /// Decompress all of `bytes` (given back as they are when uncompressed),
    /// reading at most `limit` bytes of output (one more shows that there
    /// was more).
    pub fn decompress(self, bytes: Vec<u8>, limit: u64) -> std::io::Result<Vec<u8>> {
        if self == Compression::None {
            return Ok(bytes);
        }
        let mut out = Vec::with_capacity(bytes.len().saturating_mul(3));
        self.reader(&bytes[..])?
            .take(limit.saturating_add(1))
            .read_to_end(&mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_magic_agree() {
        for compression in [Compression::Gzip, Compression::Zstd, Compression::None] {
            let packed = compression.compress(b"some text\n".to_vec()).unwrap();
            assert_eq!(Compression::of_magic(&packed), compression);
        }
        assert_eq!(Compression::of_name("a/b.jsonl.GZ"), Compression::Gzip);
        assert_eq!(Compression::of_name("b.txt.zst"), Compression::Zstd);
        assert_eq!(Compression::of_name("b.txt"), Compression::None);
        assert_eq!(Compression::Zstd.strip("b.jsonl.zst"), "b.jsonl");
        assert_eq!(Compression::None.strip("b.jsonl"), "b.jsonl");
    }

    #[test]
    fn concatenated_members_read_as_one_stream() {
        for compression in [Compression::Gzip, Compression::Zstd] {
            let mut file = compression.compress(b"first chunk\n".to_vec()).unwrap();
            file.extend(compression.compress(Vec::new()).unwrap());
            file.extend(
                compression
                    .compress("第二块\n".as_bytes().to_vec())
                    .unwrap(),
            );
            let text = compression.decompress(file, 1 << 20).unwrap();
            assert_eq!(text, "first chunk\n第二块\n".as_bytes(), "{compression:?}");
        }
    }

    #[test]
    fn the_limit_stops_a_bomb() {
        let zeros = Compression::Zstd.compress(vec![b'a'; 1 << 20]).unwrap();
        let out = Compression::Zstd.decompress(zeros, 1000).unwrap();
        assert_eq!(out.len(), 1001);
    }

    proptest::proptest! {
        /// Any bytes, read as gzip or zstd: an error or bytes, no panic.
        #[test]
        fn any_bytes_decompress_or_fail(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), zstd in proptest::prelude::any::<bool>()) {
            let compression = if zstd { Compression::Zstd } else { Compression::Gzip };
            let mut framed = if zstd { vec![0x28, 0xb5, 0x2f, 0xfd] } else { vec![0x1f, 0x8b, 8, 0] };
            framed.extend_from_slice(&bytes);
            let _ = compression.decompress(bytes, 1 << 16);
            let _ = compression.decompress(framed, 1 << 16);
        }
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        let mut packed = Compression::Gzip.compress(b"hello world".to_vec()).unwrap();
        let middle = packed.len() / 2;
        packed.truncate(middle);
        assert!(Compression::Gzip.decompress(packed, 1 << 20).is_err());
        assert!(Compression::Zstd
            .decompress(b"\x28\xb5\x2f\xfdgarbage".to_vec(), 1 << 20)
            .is_err());
    }
}
