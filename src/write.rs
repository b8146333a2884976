//! Writes output files atomically: a temporary file beside the target,
//! renamed over it once complete. A killed run leaves either the old file or
//! the new one, never half of one; stray temporary files carry the
//! [`TEMP_PREFIX`] and are swept by the next run.
//!
//! Cleaned records go out through the [`RecordWriter`], in document order:
//! each container's output (every container has one, even if all its
//! records were dropped) or standard output. Large files written once — a
//! container's output, the report's JSON Lines — go through a
//! [`DirectFile`], around the page cache.

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::corpus::compression::Compression;
use crate::corpus::{Container, ContainerId};
use crate::error::{Error, Result};

/// Prefix of temporary files, so that a later run can recognise and sweep them.
pub const TEMP_PREFIX: &str = ".gleaner-tmp-";

/// Directories known to exist, so that a tree of many files in few
/// directories does not ask the file system for each file's directory again.
#[derive(Default)]
pub struct Directories {
    made: Mutex<HashSet<PathBuf>>,
}

impl Directories {
    /// Make `dir` and its parents unless this was done before.
    pub fn ensure(&self, dir: &Path) -> Result<()> {
        if self.made.lock().expect("directory set lock").contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("could not create directory", dir, e))?;
        self.made
            .lock()
            .expect("directory set lock")
            .insert(dir.to_path_buf());
        Ok(())
    }
}

/// Write `bytes` to `path` atomically; its directory must exist. A file
/// that already holds exactly `bytes` (the output of an earlier run with
/// the same result) is left as it is: a re-run then creates and deletes no
/// inodes, which on large trees costs more than the cleaning itself.
pub fn write_atomic_in(path: &Path, bytes: &[u8]) -> Result<()> {
    if holds_exactly(path, bytes) {
        return Ok(());
    }
    let mut file = AtomicFile::create_in_existing(path)?;
    file.write_all(bytes)
        .map_err(|e| Error::io("could not write", path, e))?;
    file.commit()
}

/// Whether the file at `path` exists and holds exactly `bytes`.
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let same_size = file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if !same_size {
        return false;
    }
    let mut existing = Vec::with_capacity(bytes.len());
    std::io::Read::read_to_end(&mut file, &mut existing).is_ok() && existing == bytes
}

/// Write `bytes` to `path` atomically, creating parent directories.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| Error::io("could not write", path, e))?;
    file.commit()
}

/// Remove `path` if it exists (a document that is now dropped or skipped
/// must not leave the output of an earlier run behind).
pub fn remove_stale(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("could not remove stale output", path, e)),
    }
}

/// Delete temporary files that a killed run left under `dir`.
pub fn sweep_temporaries(dir: &Path) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let is_temp = entry.file_type().is_file()
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX));
        if is_temp {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A file that appears at its path only when committed.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<Self> {
        let parent = parent_of(path);
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("could not create directory", parent, e))?;
        Self::create_in_existing(path)
    }

    /// Like [`AtomicFile::create`], for a path whose directory exists.
    pub fn create_in_existing(path: &Path) -> Result<Self> {
        let parent = parent_of(path);
        // Created as any file is (0666 less the umask), not private as
        // temporary files are: it becomes an output.
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
            .tempfile_in(parent)
            .map_err(|e| Error::io("could not create a temporary file in", parent, e))?;
        Ok(AtomicFile {
            temp,
            target: path.to_path_buf(),
        })
    }

    pub fn commit(mut self) -> Result<()> {
        self.temp
            .flush()
            .map_err(|e| Error::io("could not write", &self.target, e))?;
        self.temp
            .persist(&self.target)
            .map_err(|e| Error::io("could not rename into place", &self.target, e.error))?;
        Ok(())
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

/// An output file written atomically, and around the page cache where the
/// file system allows it (`O_DIRECT`): whole aligned blocks go straight to
/// the device from a thread of the file's own, while the caller fills the
/// next block; the last, partial block goes through the cache at commit.
///
/// A run's outputs and its provenance file are written once and not read
/// again by the run. Through the cache, each of their bytes takes a new
/// page-cache page that the kernel must find, fill and later write back:
/// on the 2-core virtual machine of the README's figures that has cost
/// 0.15 to 2.6 s of system time a gigabyte (`dd` of 1 GiB, on different
/// days), up to what cleaning the bytes costs; written directly, 0.1 s.
pub struct DirectFile {
    file: AtomicFile,
    /// The block being filled, and how much of it is.
    block: AlignedBlock,
    filled: usize,
    /// Where the next full block goes in the file.
    offset: u64,
    writer: Option<BlockWriter>,
}

/// Bytes of one block of a [`DirectFile`].
const DIRECT_BLOCK: usize = 1 << 20;
/// What direct I/O needs buffers, offsets and lengths aligned to (the
/// logical block size of any device: 512 or 4096 bytes).
const DIRECT_ALIGN: usize = 4096;

/// A buffer of [`DIRECT_BLOCK`] bytes starting at an address aligned to
/// [`DIRECT_ALIGN`].
struct AlignedBlock {
    raw: Vec<u8>,
    start: usize,
}

impl AlignedBlock {
    fn new() -> Self {
        let raw = vec![0; DIRECT_BLOCK + DIRECT_ALIGN];
        let start = raw.as_ptr().align_offset(DIRECT_ALIGN);
        AlignedBlock { raw, start }
    }

    fn bytes(&self) -> &[u8] {
        &self.raw[self.start..self.start + DIRECT_BLOCK]
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.raw[self.start..self.start + DIRECT_BLOCK]
    }
}

/// The thread that writes a [`DirectFile`]'s full blocks, and the block it
/// hands back after each.
struct BlockWriter {
    blocks: std::sync::mpsc::SyncSender<(AlignedBlock, u64)>,
    done: std::sync::mpsc::Receiver<std::io::Result<AlignedBlock>>,
    /// Blocks handed to the thread and not yet taken back.
    in_flight: usize,
    thread: std::thread::JoinHandle<()>,
}

/// Full blocks a [`DirectFile`] may have waiting to be written or being
/// written. More than one: the device is shared with the write-back of
/// the run's other files, and a write that waits behind it would hold up
/// the caller where a few blocks queued let it fill the next.
const BLOCKS_IN_FLIGHT: usize = 4;

impl BlockWriter {
    /// A thread writing to `file`'s direct descriptor, or (where the file
    /// system has no direct I/O) through the cache.
    fn start(file: &std::fs::File, path: &Path) -> std::io::Result<Self> {
        let cached = file.try_clone()?;
        let direct = open_direct(path);
        let (blocks, jobs) = std::sync::mpsc::sync_channel::<(AlignedBlock, u64)>(BLOCKS_IN_FLIGHT);
        let (finished, done) = std::sync::mpsc::sync_channel(BLOCKS_IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("gleaner-write".into())
            .spawn(move || {
                let mut direct = direct;
                for (block, offset) in jobs {
                    let result = write_block(&mut direct, &cached, block.bytes(), offset);
                    if finished.send(result.map(|()| block)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(BlockWriter {
            blocks,
            done,
            in_flight: 0,
            thread,
        })
    }

    /// A block to fill: a new one while fewer than [`BLOCKS_IN_FLIGHT`]
    /// are handed out, else the first written, once it is.
    fn free_block(&mut self) -> std::io::Result<AlignedBlock> {
        if self.in_flight < BLOCKS_IN_FLIGHT {
            return Ok(AlignedBlock::new());
        }
        self.take_back()
    }

    /// Wait for the next block handed out to be written, and take it back.
    fn take_back(&mut self) -> std::io::Result<AlignedBlock> {
        self.in_flight -= 1;
        self.done.recv().map_err(|_| stopped())?
    }

    /// Wait for every block handed out; the first error, if any.
    fn finish(mut self) -> std::io::Result<()> {
        let mut result = Ok(());
        while self.in_flight > 0 {
            if let Err(e) = self.take_back() {
                result = result.and(Err(e));
            }
        }
        drop(self.blocks);
        let _ = self.thread.join();
        result
    }
}

/// The error of a [`BlockWriter`] whose thread has gone.
fn stopped() -> std::io::Error {
    std::io::Error::other("the writing thread stopped")
}

/// `path` opened for direct writes, where its file system allows them.
fn open_direct(path: &Path) -> Option<std::fs::File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        (std::fs::OpenOptions::new())
            .write(true)
            .custom_flags(libc::O_DIRECT)
            .open(path)
            .ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        None
    }
}

/// Write `bytes` at `offset`, directly if `direct` is open and takes it;
/// a file system that refuses a direct write gets this one and the rest
/// through the cache.
fn write_block(
    direct: &mut Option<std::fs::File>,
    cached: &std::fs::File,
    bytes: &[u8],
    offset: u64,
) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    if let Some(file) = direct {
        match file.write_all_at(bytes, offset) {
            Ok(()) => return Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => *direct = None,
            Err(e) => return Err(e),
        }
    }
    cached.write_all_at(bytes, offset)
}

impl DirectFile {
    pub fn create(path: &Path) -> Result<Self> {
        let file = AtomicFile::create(path)?;
        Ok(DirectFile {
            file,
            block: AlignedBlock::new(),
            filled: 0,
            offset: 0,
            writer: None,
        })
    }

    /// Hand the full block to the writing thread and take the one it wrote
    /// before (or a new one) to fill.
    fn hand_on(&mut self) -> std::io::Result<()> {
        if self.writer.is_none() {
            let writer = BlockWriter::start(self.file.temp.as_file(), self.file.temp.path())?;
            self.writer = Some(writer);
        }
        let writer = self.writer.as_mut().expect("started above");
        let next = writer.free_block()?;
        let full = std::mem::replace(&mut self.block, next);
        writer
            .blocks
            .send((full, self.offset))
            .map_err(|_| stopped())?;
        writer.in_flight += 1;
        self.offset += DIRECT_BLOCK as u64;
        self.filled = 0;
        Ok(())
    }

    /// Write what is left and move the file into place.
    pub fn commit(mut self) -> Result<()> {
        let failed = |e| Error::io("could not write", &self.file.target, e);
        if let Some(writer) = self.writer.take() {
            writer.finish().map_err(failed)?;
        }
        use std::os::unix::fs::FileExt;
        (self.file.temp.as_file())
            .write_all_at(&self.block.bytes()[..self.filled], self.offset)
            .map_err(failed)?;
        self.file.commit()
    }
}

impl Write for DirectFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(DIRECT_BLOCK - self.filled);
        self.block.bytes_mut()[self.filled..self.filled + n].copy_from_slice(&buf[..n]);
        self.filled += n;
        if self.filled == DIRECT_BLOCK {
            self.hand_on()?;
        }
        Ok(n)
    }

    /// Blocks are written as they fill, the last one at commit.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where a cleaned record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTarget {
    /// The output of its container.
    Container(ContainerId),
    /// Standard output (`-o -`): every document, as a record.
    Stdout,
}

/// Consecutive record lines of one chunk for one target, compressed as
/// that target is: one gzip member or zstd frame. Lines that go out
/// uncompressed stay as they came, one piece a document, and are written
/// one after another: put together they would be copied once more, by
/// the one thread that hands a chunk's output on.
pub struct Segment {
    pub target: RecordTarget,
    pub pieces: Vec<Vec<u8>>,
}

impl Segment {
    /// Compress the record lines `lines` for `target`.
    pub fn compress(
        target: RecordTarget,
        lines: Vec<Vec<u8>>,
        containers: &[Container],
        output: &Path,
    ) -> Result<Segment> {
        let compression = target_compression(target, containers);
        if compression == Compression::None {
            return Ok(Segment {
                target,
                pieces: lines,
            });
        }
        let bytes = compression.compress(lines.concat()).map_err(|e| {
            let path = match target {
                RecordTarget::Container(c) => output.join(&containers[c.index()].rel),
                RecordTarget::Stdout => PathBuf::from("-"),
            };
            Error::io("could not compress records for", path, e)
        })?;
        Ok(Segment {
            target,
            pieces: vec![bytes],
        })
    }
}

fn target_compression(target: RecordTarget, containers: &[Container]) -> Compression {
    match target {
        RecordTarget::Container(c) => Compression::of_name(&containers[c.index()].rel),
        RecordTarget::Stdout => Compression::None,
    }
}

/// Appends segments in document order. A container's output appears, by
/// rename, once every record before the next container's has been
/// appended.
pub struct RecordWriter<'a> {
    containers: &'a [Container],
    output: &'a Path,
    /// Containers before this one are committed.
    next: usize,
    /// The containers it writes end before this one.
    end: usize,
    /// The output of `containers[next]`, once it has a segment.
    open: Option<DirectFile>,
    stdout: Option<BufWriter<std::io::Stdout>>,
}

impl<'a> RecordWriter<'a> {
    /// Writes the outputs of the containers `range` of `containers` under
    /// `output`.
    pub fn to_tree(containers: &'a [Container], range: Range<usize>, output: &'a Path) -> Self {
        RecordWriter {
            containers,
            output,
            next: range.start,
            end: range.end,
            open: None,
            stdout: None,
        }
    }

    /// Writes every record to standard output.
    pub fn to_stdout() -> Self {
        RecordWriter {
            containers: &[],
            output: Path::new("-"),
            next: 0,
            end: 0,
            open: None,
            stdout: Some(BufWriter::with_capacity(1 << 20, std::io::stdout())),
        }
    }

    pub fn append(&mut self, segment: &Segment) -> Result<()> {
        match segment.target {
            RecordTarget::Stdout => {
                let stdout = self
                    .stdout
                    .as_mut()
                    .expect("stdout segments go to a stdout writer");
                (segment.pieces.iter())
                    .try_for_each(|piece| stdout.write_all(piece))
                    .map_err(|e| Error::io("could not write", Path::new("-"), e))
            }
            RecordTarget::Container(c) => {
                self.commit_before(c.index())?;
                let path = self.output.join(&self.containers[c.index()].rel);
                if self.open.is_none() {
                    self.open = Some(DirectFile::create(&path)?);
                }
                let open = self.open.as_mut().expect("opened above");
                (segment.pieces.iter())
                    .try_for_each(|piece| open.write_all(piece))
                    .map_err(|e| Error::io("could not write", &path, e))
            }
        }
    }

    /// Commit the containers before `end`; one without records gets an
    /// empty output.
    fn commit_before(&mut self, end: usize) -> Result<()> {
        while self.next < end {
            let container = &self.containers[self.next];
            let path = self.output.join(&container.rel);
            match self.open.take() {
                Some(writer) => writer.commit()?,
                None => {
                    let empty = target_compression(
                        RecordTarget::Container(ContainerId(self.next as u32)),
                        self.containers,
                    )
                    .compress(Vec::new())
                    .map_err(|e| Error::io("could not write", &path, e))?;
                    write_atomic(&path, &empty)?;
                }
            }
            self.next += 1;
        }
        Ok(())
    }

    /// Commit every container's output and flush standard output.
    pub fn finish(mut self) -> Result<()> {
        self.commit_before(self.end)?;
        if let Some(mut stdout) = self.stdout.take() {
            stdout
                .flush()
                .map_err(|e| Error::io("could not write", Path::new("-"), e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");

        let stray = dir.path().join("a").join(format!("{TEMP_PREFIX}x"));
        std::fs::write(&stray, b"half").unwrap();
        sweep_temporaries(dir.path());
        assert!(!stray.exists());
        assert!(path.exists());

        // The same bytes again leave the file (and its inode) alone.
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        let before = inode(&path);
        write_atomic_in(&path, b"two").unwrap();
        assert_eq!(inode(&path), before);
        write_atomic_in(&path, b"tw2").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"tw2");
        assert_ne!(inode(&path), before);

        remove_stale(&path).unwrap();
        remove_stale(&path).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn direct_files_hold_what_was_written_whatever_its_size() {
        // Direct I/O where the temporary directory's file system takes it;
        // tmpfs, where there is one, may refuse it (then the cache is used).
        let dirs: Vec<tempfile::TempDir> = [Some(std::env::temp_dir()), Some("/dev/shm".into())]
            .into_iter()
            .flatten()
            .filter_map(|dir| tempfile::tempdir_in(dir).ok())
            .collect();
        assert!(!dirs.is_empty());
        for dir in &dirs {
            for total in [
                0,
                1,
                DIRECT_ALIGN - 1,
                DIRECT_ALIGN,
                DIRECT_BLOCK - 1,
                DIRECT_BLOCK,
                DIRECT_BLOCK + 1,
                3 * DIRECT_BLOCK + 12_345,
                // Blocks written come back to be filled again.
                (BLOCKS_IN_FLIGHT + 3) * DIRECT_BLOCK + 12_345,
            ] {
                let bytes: Vec<u8> = (0..total).map(|i| (i * 31 % 251) as u8).collect();
                let path = dir.path().join(format!("out/{total}.jsonl"));
                let mut file = DirectFile::create(&path).unwrap();
                for piece in bytes.chunks(7_919) {
                    file.write_all(piece).unwrap();
                }
                assert!(!path.exists(), "a file appears only when committed");
                file.commit().unwrap();
                assert_eq!(std::fs::read(&path).unwrap(), bytes, "{total} bytes");
            }
            // One never committed leaves nothing behind.
            let path = dir.path().join("dropped");
            let mut file = DirectFile::create(&path).unwrap();
            file.write_all(&vec![7; 2 * DIRECT_BLOCK]).unwrap();
            drop(file);
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(left.len(), 1, "only the committed files' directory");
        }
    }

    #[test]
    fn outputs_are_readable_as_files_made_any_other_way() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.txt");
        let plain = dir.path().join("plain.txt");
        write_atomic(&ours, b"x").unwrap();
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| {
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
        };
        assert_eq!(mode(&ours), mode(&plain));
    }
}
