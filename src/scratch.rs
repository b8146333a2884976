//! Files a run writes for itself and reads back once: the partitions of
//! index tables that outgrow `--max-memory`, the MinHash signatures, the
//! texts of the report's most removed blocks. Their names start with
//! [`TEMP_PREFIX`], so that a killed run's are swept by the next one.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::write::TEMP_PREFIX;

/// Bytes buffered for each scratch file being appended to, at most: a
/// table's partitions each have one while it is gathered, so they add up
/// (see [`ScratchFile::with_buffer`]); a piece of documents writes its
/// block at once.
pub const WRITE_BUFFER: usize = 64 << 10;

/// The most one write of a run's own files hands the kernel. The page
/// cache gives a write a folio of up to its size, and on a virtual machine
/// that returns free memory to its host, memory for large folios is mostly
/// memory the host has to fault in again: on a 2-core virtual machine with
/// Linux 6.18 and ext4, 1 GB written to a new file in writes of 1 MiB, read
/// back and removed took 1.03 s of system time; in writes of 256 KiB, 0.28 s
/// (64 KiB: 0.34 s, 2 MiB: 2.7 s).
pub const WRITE_SLICE: usize = 256 << 10;

/// Write all of `bytes` to `out`, at most [`WRITE_SLICE`] bytes a write.
pub fn write_sliced(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    bytes
        .chunks(WRITE_SLICE)
        .try_for_each(|slice| out.write_all(slice))
}

/// Write all of `bytes` to `file` at `offset`, at most [`WRITE_SLICE`]
/// bytes a write.
pub fn write_sliced_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut at = offset;
    for slice in bytes.chunks(WRITE_SLICE) {
        file.write_all_at(slice, at)?;
        at += slice.len() as u64;
    }
    Ok(())
}

/// A scratch file named after `name` under `dir`, created empty (or
/// emptied) for reading and writing.
pub fn scratch_file(dir: &Path, name: &str) -> Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("could not create directory", dir, e))?;
    let path = dir.join(format!("{TEMP_PREFIX}{name}"));
    let file =
        create_own(&path).map_err(|e| Error::io("could not create scratch file", &path, e))?;
    Ok((path, file))
}

/// Create (or empty) a file the run makes for itself, for reading and
/// writing, without access times where the system allows it ([`open_own`]).
pub fn create_own(path: &Path) -> std::io::Result<File> {
    open_own(
        File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true),
        path,
    )
}

/// Open a file the run makes for itself, with `options`, and without
/// access times where the system allows it (`O_NOATIME`, for files the
/// process owns): the run reads such files back in many small reads, and
/// each read of a file with access times asks whether its inode's is due
/// (`touch_atime`, 0.4 % of the processor time of a run in `perf`).
pub fn open_own(options: &std::fs::OpenOptions, path: &Path) -> std::io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        match options.clone().custom_flags(libc::O_NOATIME).open(path) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => {}
            opened => return opened,
        }
    }
    options.open(path)
}

/// A file whose last handle is closed on a thread of its own. Closing the
/// last handle of a removed file frees its blocks, and on a file system
/// mounted with `discard` the closing thread then waits for the device to
/// discard them (milliseconds for a partition file, a fifth of a second
/// for a gigabyte): time the workers have better uses for.
#[derive(Debug)]
pub struct ClosedAside(Option<File>);

impl ClosedAside {
    pub fn new(file: File) -> Self {
        ClosedAside(Some(file))
    }
}

impl std::ops::Deref for ClosedAside {
    type Target = File;

    fn deref(&self) -> &File {
        self.0.as_ref().expect("a file is only taken when dropped")
    }
}

impl Read for ClosedAside {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        (&**self).read(buf)
    }
}

impl Seek for ClosedAside {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        (&**self).seek(pos)
    }
}

impl Drop for ClosedAside {
    fn drop(&mut self) {
        if let Some(file) = self.0.take() {
            // Should no thread start, the file is closed here.
            let _ = std::thread::Builder::new()
                .name("gleaner-close".to_string())
                .spawn(move || drop(file));
        }
    }
}

/// A scratch file that is appended to, then read back once from the start
/// and removed.
///
/// Appends are gathered and written in whole blocks of the buffer's size,
/// a power of two, so that every write starts at a multiple of it: the
/// kernel then keeps the file in large page-cache folios, which cost less
/// to fill, read and drop than the small pages of unaligned writes (`dd`
/// of 2.1 GB: 0.39 s of system time in writes of 64 KiB, 0.65 s in writes
/// of 60,000 bytes).
pub struct ScratchFile {
    pub path: PathBuf,
    file: File,
    /// Appended bytes not written yet: less than a block.
    pending: Vec<u8>,
    block: usize,
    /// Bytes appended.
    written: u64,
    /// The first write error, returned when the file is read back.
    failed: Option<std::io::Error>,
}

impl ScratchFile {
    pub fn create(dir: &Path, name: &str) -> Result<Self> {
        Self::with_buffer(dir, name, WRITE_BUFFER)
    }

    /// A scratch file that buffers `buffer` bytes of appends (rounded down
    /// to a power of two, at least 4 KiB).
    pub fn with_buffer(dir: &Path, name: &str, buffer: usize) -> Result<Self> {
        let (path, file) = scratch_file(dir, name)?;
        let block = 1 << buffer.max(4 << 10).ilog2();
        Ok(ScratchFile {
            path,
            file,
            pending: Vec::with_capacity(block),
            block,
            written: 0,
            failed: None,
        })
    }

    /// Append `bytes`; a write error is kept for [`ScratchFile::reader`].
    pub fn append(&mut self, mut bytes: &[u8]) {
        self.written += bytes.len() as u64;
        if self.failed.is_some() {
            return;
        }
        if !self.pending.is_empty() {
            let room = self.block - self.pending.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.pending.extend_from_slice(now);
            bytes = rest;
            if self.pending.len() < self.block {
                return;
            }
            let written = self.file.write_all(&self.pending);
            self.pending.clear();
            if let Err(e) = written {
                self.failed = Some(e);
                return;
            }
        }
        let whole = bytes.len() / self.block * self.block;
        if let Err(e) = write_sliced(&mut self.file, &bytes[..whole]) {
            self.failed = Some(e);
            return;
        }
        self.pending.extend_from_slice(&bytes[whole..]);
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
    pub fn reader(self) -> Result<(PathBuf, BufReader<ClosedAside>, u64)> {
        let ScratchFile {
            path,
            mut file,
            pending,
            failed,
            written,
            ..
        } = self;
        let bad = |e: std::io::Error| Error::io("could not write scratch file", &path, e);
        if let Some(e) = failed {
            return Err(bad(e));
        }
        write_sliced(&mut file, &pending).map_err(bad)?;
        let length = file.seek(SeekFrom::End(0)).map_err(bad)?;
        if length != written {
            return Err(bad(std::io::Error::other(
                "the file does not hold what was appended",
            )));
        }
        file.seek(SeekFrom::Start(0)).map_err(bad)?;
        let _ = std::fs::remove_file(&path);
        Ok((
            path,
            BufReader::with_capacity(1 << 16, ClosedAside::new(file)),
            length,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_of_any_size_come_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = ScratchFile::with_buffer(dir.path(), "t", 5000).unwrap();
        let mut expected = Vec::new();
        for size in [1, 4095, 1, 4096, 9000, 0, 3, 12288, 17] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 + size) as u8).collect();
            file.append(&bytes);
            expected.extend_from_slice(&bytes);
            assert_eq!(file.len(), expected.len() as u64);
        }
        let path = file.path.clone();
        let (_, mut reader, length) = file.reader().unwrap();
        assert_eq!(length, expected.len() as u64);
        let mut read = Vec::new();
        reader.read_to_end(&mut read).unwrap();
        assert_eq!(read, expected);
        assert!(!path.exists());
    }

    #[test]
    fn sliced_writes_write_every_byte_in_place() {
        let dir = tempfile::tempdir().unwrap();
        for size in [
            0,
            1,
            WRITE_SLICE - 1,
            WRITE_SLICE,
            WRITE_SLICE + 1,
            3 * WRITE_SLICE + 5,
        ] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 31 + i / 7) as u8).collect();
            let (path, mut file) = scratch_file(dir.path(), "sliced").unwrap();
            write_sliced(&mut file, &bytes).unwrap();
            write_sliced_at(&file, &bytes, 11 + bytes.len() as u64).unwrap();
            let mut expected = bytes.clone();
            expected.extend_from_slice(&[0; 11]);
            expected.extend_from_slice(&bytes);
            if size == 0 {
                expected.clear();
            }
            assert_eq!(std::fs::read(&path).unwrap(), expected, "{size} bytes");
        }
    }
}
