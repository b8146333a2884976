//! Reads one text file's bytes, decompressed, refusing what is too large,
//! and lets the kernel drop the pages of large inputs once they are read.
//!
//! A run reads each input once. Its own files (the state, the index's
//! partitions) then need page-cache pages of their own, about three times
//! the corpus: where the input's pages are dropped as they are read, the
//! kernel hands them on at once, instead of finding new memory, which on a
//! virtual machine that returns free memory to its host means faulting it
//! in again (on the 2-core machine of the README, 1.1 GB of JSON Lines
//! cleaned in 15.9-16.4 s with the input dropped, 16.9-18.4 s without:
//! 2.4-3.3 s less system time). Only files of at least [`DROP_MIN_BYTES`]
//! are dropped: one is read again sequentially at the device's bandwidth
//! (the same run with its input read from disk took 17.0 s), while a
//! corpus of small files read again from disk costs a request each
//! (160,000 files of 3 KB: 10 s more), so small files stay cached for the
//! next run.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::compression::Compression;
use super::DocIssue;

/// Files at least this large have their pages dropped from the page cache
/// once read, unless the run keeps them (`--keep-input-cache`).
pub const DROP_MIN_BYTES: u64 = 8 << 20;

/// Bytes read between two drops of a [`ReadOnce`] file's pages.
const DROP_STEP: u64 = 8 << 20;

/// Whether the pages of a file of `bytes` bytes, read once, are dropped
/// as they are read: `keep` is the run's `--keep-input-cache`.
pub fn drops_cache(bytes: u64, keep: bool) -> bool {
    !keep && bytes >= DROP_MIN_BYTES
}

/// Ask the kernel to drop the cached pages of `len` bytes of `file` from
/// `offset`. A hint: where it is not taken, nothing changes but the memory
/// the pages keep.
fn drop_pages(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
            return;
        };
        // SAFETY: posix_fadvise reads no memory of ours; a descriptor
        // that is not open is an error it returns, not undefined behaviour.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), offset, len, libc::POSIX_FADV_DONTNEED);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// A file read once from the start, whose pages are dropped from the page
/// cache as it is read, a few MiB at a time, when asked to.
pub struct ReadOnce {
    file: File,
    read: u64,
    dropped: u64,
    drop: bool,
}

impl ReadOnce {
    pub fn new(file: File, drop: bool) -> Self {
        ReadOnce {
            file,
            read: 0,
            dropped: 0,
            drop,
        }
    }
}

impl Read for ReadOnce {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        let unread = self.read - self.dropped;
        if self.drop && unread > 0 && (unread >= DROP_STEP || n == 0) {
            drop_pages(&self.file, self.dropped, unread);
            self.dropped = self.read;
        }
        Ok(n)
    }
}

/// The raw bytes of a text file of `bytes` bytes on disk, decompressed, or
/// why it cannot be cleaned. The size the walk saw sizes the buffer, so no
/// second `stat` is needed; a file that grew past the limit since is still
/// caught, and so is one that decompresses past it. Unless `keep_cache`,
/// a large file's pages are dropped from the page cache as it is read
/// ([`drops_cache`]).
pub fn read_bytes(
    path: &Path,
    compression: Compression,
    bytes: u64,
    max_bytes: u64,
    keep_cache: bool,
) -> Result<Vec<u8>, DocIssue> {
    let raw = read_raw(path, bytes, max_bytes, keep_cache)?;
    if compression == Compression::None {
        return Ok(raw);
    }
    let text = compression
        .decompress(raw, max_bytes)
        .map_err(|e| DocIssue::Unreadable {
            message: format!("corrupt {} data: {e}", compression.name()),
        })?;
    if text.len() as u64 > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes: text.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(text)
}

fn read_raw(
    path: &Path,
    bytes: u64,
    max_bytes: u64,
    keep_cache: bool,
) -> Result<Vec<u8>, DocIssue> {
    let unreadable = |e: std::io::Error| DocIssue::Unreadable {
        message: e.to_string(),
    };
    if bytes > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes,
            limit: max_bytes,
        });
    }
    let file = File::open(path).map_err(unreadable)?;
    let mut raw = Vec::with_capacity(bytes as usize + 1);
    ReadOnce::new(file, drops_cache(bytes, keep_cache))
        .take(max_bytes + 1)
        .read_to_end(&mut raw)
        .map_err(unreadable)?;
    if raw.len() as u64 > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes: raw.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 131 + i / 4093) as u8).collect()
    }

    fn written(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        let mut file = File::create(&path).unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        // Dirty pages are not dropped: the test's file is on disk, as an
        // input is.
        file.sync_all().unwrap();
        path
    }

    #[test]
    fn a_file_read_once_comes_back_whole_whether_its_pages_are_dropped_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let expected = bytes_of(2 * DROP_STEP as usize + 12_345);
        let path = written(dir.path(), "input", &expected);
        for drop in [false, true] {
            let mut reader = ReadOnce::new(File::open(&path).unwrap(), drop);
            // Reads of an odd size, so that drops fall inside a read.
            let mut buffer = vec![0; 70_001];
            let mut read = Vec::new();
            loop {
                let n = reader.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                read.extend_from_slice(&buffer[..n]);
            }
            assert!(read == expected, "drop {drop}");
        }
    }

    /// How many of the pages of the first `len` bytes of `path` are in the
    /// page cache.
    #[cfg(target_os = "linux")]
    fn cached_pages(path: &Path, len: usize) -> usize {
        use std::os::unix::io::AsRawFd;
        let file = File::open(path).unwrap();
        // SAFETY: a read-only shared mapping of a file that no one changes
        // while it is mapped; mincore writes one byte per page of it into
        // a vector of that many bytes; the mapping is undone before return.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
            let map = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            );
            assert_ne!(map, libc::MAP_FAILED);
            let mut resident = vec![0u8; len.div_ceil(page)];
            assert_eq!(libc::mincore(map, len, resident.as_mut_ptr()), 0);
            libc::munmap(map, len);
            resident.iter().filter(|&&b| b & 1 == 1).count()
        }
    }

    #[cfg(target_os = "linux")]
    fn on_tmpfs(path: &Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: statfs fills the zeroed struct it is given for a
        // NUL-terminated path.
        unsafe {
            let mut stat: libc::statfs = std::mem::zeroed();
            libc::statfs(name.as_ptr(), &mut stat) == 0 && stat.f_type == libc::TMPFS_MAGIC
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn large_inputs_leave_the_page_cache_as_they_are_read_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        if on_tmpfs(dir.path()) {
            // tmpfs pages are the files themselves: nothing to drop.
            eprintln!("skipped: the temporary directory is on tmpfs");
            return;
        }
        let large = bytes_of(3 * DROP_MIN_BYTES as usize);
        let large_path = written(dir.path(), "large", &large);
        let small = bytes_of(DROP_MIN_BYTES as usize / 4);
        let small_path = written(dir.path(), "small", &small);
        let read = |path: &Path, len: usize, keep_cache: bool| {
            let bytes = read_bytes(
                path,
                Compression::None,
                len as u64,
                u64::MAX / 2,
                keep_cache,
            );
            assert_eq!(bytes.unwrap().len(), len);
            cached_pages(path, len)
        };
        // SAFETY: sysconf reads a constant of the system.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let large_pages = large.len().div_ceil(page);
        // Most rather than all: the kernel may reclaim a few pages on its
        // own between the read and the count.
        let most = |pages: usize| pages * 9 / 10;
        assert!(read(&large_path, large.len(), true) >= most(large_pages));
        assert!(read(&large_path, large.len(), false) < large_pages / 4);
        // A small file stays cached for the next run.
        let small_pages = small.len().div_ceil(page);
        assert!(read(&small_path, small.len(), false) >= most(small_pages));
    }

    #[test]
    fn only_large_files_not_kept_are_dropped() {
        assert!(drops_cache(DROP_MIN_BYTES, false));
        assert!(!drops_cache(DROP_MIN_BYTES - 1, false));
        assert!(!drops_cache(DROP_MIN_BYTES, true));
    }
}
