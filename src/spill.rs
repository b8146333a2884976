//! Keeps the canonical texts of pass 1 on disk for pass 2.
//!
//! Pass 2 needs each document's canonical text again. Reading, decoding and
//! canonicalizing it a second time costs as much as pass 1 did; keeping every
//! text in memory costs the size of the corpus. Instead each worker thread
//! appends the texts it made to its own spill file, a few large files written
//! sequentially, and pass 2 reads a text back with one positioned read.
//!
//! The files are temporaries (named with [`TEMP_PREFIX`], so a killed run's
//! leftovers are swept by the next run) and are deleted when the [`Spill`] is
//! dropped. Which file and offset a text lands at depends on scheduling; what
//! is read back does not.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::write::TEMP_PREFIX;

/// Where a text was spilled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpillRef {
    file: u32,
    offset: u64,
    len: u64,
}

/// Spill files being written by the worker threads.
pub struct SpillWriter {
    files: Vec<Mutex<Lane>>,
}

struct Lane {
    path: PathBuf,
    writer: BufWriter<File>,
    written: u64,
    failed: Option<std::io::Error>,
}

/// Buffer of each spill file: large writes, few system calls.
const BUFFER: usize = 1 << 20;

impl SpillWriter {
    /// Create one spill file per worker thread of the current rayon pool in
    /// `dir`, which is made if missing.
    pub fn create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("could not create directory", dir, e))?;
        let lanes = rayon::current_num_threads().max(1);
        let files = (0..lanes)
            .map(|i| {
                let path = dir.join(format!("{TEMP_PREFIX}spill-{i}"));
                let file = File::options()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&path)
                    .map_err(|e| Error::io("could not create spill file", &path, e))?;
                Ok(Mutex::new(Lane {
                    path,
                    writer: BufWriter::with_capacity(BUFFER, file),
                    written: 0,
                    failed: None,
                }))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SpillWriter { files })
    }

    /// Append `text` to the calling thread's spill file. A write error is
    /// kept and returned by [`SpillWriter::finish`]; the reference returned
    /// meanwhile is never read.
    pub fn put(&self, text: &str) -> SpillRef {
        let file = rayon::current_thread_index().unwrap_or(0) % self.files.len();
        let mut lane = self.files[file].lock().expect("spill lane lock");
        let offset = lane.written;
        if lane.failed.is_none() {
            if let Err(e) = lane.writer.write_all(text.as_bytes()) {
                lane.failed = Some(e);
            }
        }
        lane.written += text.len() as u64;
        SpillRef {
            file: file as u32,
            offset,
            len: text.len() as u64,
        }
    }

    /// Flush every file and open the spill for reading.
    pub fn finish(mut self) -> Result<Spill> {
        let lanes = std::mem::take(&mut self.files);
        let mut files = Vec::with_capacity(lanes.len());
        let mut paths = Vec::with_capacity(lanes.len());
        for lane in lanes {
            let lane = lane.into_inner().expect("spill lane lock");
            let path = lane.path;
            if let Some(e) = lane.failed {
                let _ = std::fs::remove_file(&path);
                return Err(Error::io("could not write spill file", path, e));
            }
            let file = lane
                .writer
                .into_inner()
                .map_err(|e| Error::io("could not write spill file", &path, e.into_error()))?;
            files.push(file);
            paths.push(path);
        }
        Ok(Spill { files, paths })
    }
}

/// Spilled texts, readable from any thread.
pub struct Spill {
    files: Vec<File>,
    paths: Vec<PathBuf>,
}

impl Spill {
    /// The text spilled at `at`.
    pub fn get(&self, at: SpillRef) -> Result<String> {
        let path = &self.paths[at.file as usize];
        let mut bytes = vec![0; at.len as usize];
        self.files[at.file as usize]
            .read_exact_at(&mut bytes, at.offset)
            .map_err(|e| Error::io("could not read spill file", path, e))?;
        // simdutf8 validates several times faster than `str::from_utf8` on
        // non-ASCII text; copying the validated bytes costs less still.
        match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(Error::io(
                "spill file changed under the run",
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, "invalid UTF-8"),
            )),
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        for path in &self.paths {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for SpillWriter {
    fn drop(&mut self) {
        for lane in &self.files {
            if let Ok(lane) = lane.lock() {
                let _ = std::fs::remove_file(&lane.path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn texts_come_back_from_any_thread_and_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let texts: Vec<String> = (0..500)
            .map(|i| format!("文档 {i}\n").repeat(i % 7))
            .collect();
        let spill = pool.install(|| {
            let writer = SpillWriter::create(&dir.path().join("report")).unwrap();
            let refs: Vec<SpillRef> = texts.par_iter().map(|t| writer.put(t)).collect();
            let spill = writer.finish().unwrap();
            let back: Vec<String> = refs.par_iter().map(|&r| spill.get(r).unwrap()).collect();
            assert_eq!(back, texts);
            spill
        });
        let spilled = std::fs::read_dir(dir.path().join("report"))
            .unwrap()
            .count();
        assert_eq!(spilled, 3);
        drop(spill);
        let left = std::fs::read_dir(dir.path().join("report"))
            .unwrap()
            .count();
        assert_eq!(left, 0);
    }
}
