//! Reads one document's bytes, refusing what is not a text file.

use std::io::Read;

use super::{DocIssue, DocRef};

/// The raw bytes of a document, or why it cannot be cleaned. The size the
/// walk saw sizes the buffer, so no second `stat` is needed; a file that
/// grew past the limit since is still caught.
pub fn read_bytes(doc: &DocRef, max_bytes: u64) -> Result<Vec<u8>, DocIssue> {
    let unreadable = |e: std::io::Error| DocIssue::Unreadable {
        message: e.to_string(),
    };
    if doc.bytes > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes: doc.bytes,
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(&doc.source).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(doc.bytes as usize + 1);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(DocIssue::TooLarge {
            bytes: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}
