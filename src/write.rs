//! Writes output files atomically: a temporary file beside the target,
//! renamed over it once complete. A killed run leaves either the old file or
//! the new one, never half of one; stray temporary files carry the
//! [`TEMP_PREFIX`] and are swept by the next run.
//!
//! Cleaned records go out through the [`RecordWriter`], in document order:
//! each container's output (every container has one, even if all its
//! records were dropped) or standard output.

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

/// Where a cleaned record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTarget {
    /// The output of its container.
    Container(ContainerId),
    /// Standard output (`-o -`): every document, as a record.
    Stdout,
}

/// Consecutive record lines of one chunk for one target, compressed as
/// that target is: one gzip member or zstd frame.
pub struct Segment {
    pub target: RecordTarget,
    pub bytes: Vec<u8>,
}

impl Segment {
    /// Compress `lines` for `target`.
    pub fn compress(
        target: RecordTarget,
        lines: Vec<u8>,
        containers: &[Container],
        output: &Path,
    ) -> Result<Segment> {
        let compression = target_compression(target, containers);
        let bytes = compression.compress(lines).map_err(|e| {
            let path = match target {
                RecordTarget::Container(c) => output.join(&containers[c.index()].rel),
                RecordTarget::Stdout => PathBuf::from("-"),
            };
            Error::io("could not compress records for", path, e)
        })?;
        Ok(Segment { target, bytes })
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
    open: Option<BufWriter<AtomicFile>>,
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
                stdout
                    .write_all(&segment.bytes)
                    .map_err(|e| Error::io("could not write", Path::new("-"), e))
            }
            RecordTarget::Container(c) => {
                self.commit_before(c.index())?;
                let path = self.output.join(&self.containers[c.index()].rel);
                if self.open.is_none() {
                    self.open = Some(BufWriter::with_capacity(
                        1 << 20,
                        AtomicFile::create(&path)?,
                    ));
                }
                let open = self.open.as_mut().expect("opened above");
                open.write_all(&segment.bytes)
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
                Some(writer) => writer
                    .into_inner()
                    .map_err(|e| Error::io("could not write", &path, e.into_error()))?
                    .commit()?,
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
