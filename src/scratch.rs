//! Files a run writes for itself and reads back once: the partitions of
//! index tables that outgrow `--max-memory`, the MinHash signatures, the
//! texts of the report's most removed blocks. Their names start with
//! [`TEMP_PREFIX`], so that a killed run's are swept by the next one.

use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::write::TEMP_PREFIX;

/// Bytes buffered for each scratch file being appended to, at most: a
/// table's partitions each have one while it is gathered, so they add up
/// (see [`ScratchFile::with_buffer`]); a piece of documents writes its
/// block at once.
pub const WRITE_BUFFER: usize = 64 << 10;

/// A scratch file named after `name` under `dir`, created empty (or
/// emptied) for reading and writing.
pub fn scratch_file(dir: &Path, name: &str) -> Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("could not create directory", dir, e))?;
    let path = dir.join(format!("{TEMP_PREFIX}{name}"));
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .map_err(|e| Error::io("could not create scratch file", &path, e))?;
    Ok((path, file))
}

/// A scratch file that is appended to, then read back once from the start
/// and removed.
pub struct ScratchFile {
    pub path: PathBuf,
    writer: BufWriter<File>,
    /// Bytes appended.
    written: u64,
    /// The first write error, returned when the file is read back.
    failed: Option<std::io::Error>,
}

impl ScratchFile {
    pub fn create(dir: &Path, name: &str) -> Result<Self> {
        Self::with_buffer(dir, name, WRITE_BUFFER)
    }

    /// A scratch file that buffers `buffer` bytes of appends.
    pub fn with_buffer(dir: &Path, name: &str, buffer: usize) -> Result<Self> {
        let (path, file) = scratch_file(dir, name)?;
        Ok(ScratchFile {
            path,
            writer: BufWriter::with_capacity(buffer, file),
            written: 0,
            failed: None,
        })
    }

    /// Append `bytes`; a write error is kept for [`ScratchFile::reader`].
    pub fn append(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            match self.writer.write_all(bytes) {
                Ok(()) => self.written += bytes.len() as u64,
                Err(e) => self.failed = Some(e),
            }
        }
    }

    /// Bytes appended so far: where the next append starts.
    pub fn len(&self) -> u64 {
        self.written
    }

    pub fn is_empty(&self) -> bool {
        self.written == 0
    }

    /// Everything appended, to read from the start, and its length; the
    /// file is removed (it stays readable until the reader is dropped).
    pub fn reader(self) -> Result<(PathBuf, BufReader<File>, u64)> {
        let ScratchFile {
            path,
            writer,
            failed,
            ..
        } = self;
        let bad = |e: std::io::Error| Error::io("could not write scratch file", &path, e);
        if let Some(e) = failed {
            return Err(bad(e));
        }
        let mut file = writer.into_inner().map_err(|e| bad(e.into_error()))?;
        let length = file.seek(SeekFrom::End(0)).map_err(bad)?;
        file.seek(SeekFrom::Start(0)).map_err(bad)?;
        let _ = std::fs::remove_file(&path);
        Ok((path, BufReader::with_capacity(1 << 16, file), length))
    }
}
