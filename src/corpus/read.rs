//! Reads one text file's bytes, decompressed, refusing what is too large.

use std::io::Read;
use std::path::Path;

use super::compression::Compression;
use super::DocIssue;

/// The raw bytes of a text file of `bytes` bytes on disk, decompressed, or
/// why it cannot be cleaned. The size the walk saw sizes the buffer, so no
/// second `stat` is needed; a file that grew past the limit since is still
/// caught, and so is one that decompresses past it.
pub fn read_bytes(
    path: &Path,
    compression: Compression,
    bytes: u64,
    max_bytes: u64,
) -> Result<Vec<u8>, DocIssue> {
    let raw = read_raw(path, bytes, max_bytes)?;
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

fn read_raw(path: &Path, bytes: u64, max_bytes: u64) -> Result<Vec<u8>, DocIssue> {
    let unreadable = |e: std::io::Error| DocIssue::Unreadable {
        message: e.to_string(),
    };
    if bytes > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes,
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut raw = Vec::with_capacity(bytes as usize + 1);
    file.take(max_bytes + 1)
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
