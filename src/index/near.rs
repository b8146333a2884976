//! Near-duplicate documents: MinHash signatures banded into LSH buckets,
//! candidate pairs checked on their whole signatures, clusters by
//! union-find, one document kept per cluster.
//!
//! The [`SLOTS`] slots of a signature are cut into [`BANDS`] bands of
//! [`ROWS`] rows. Two documents are a candidate pair when all the rows of
//! one band agree, which happens with probability `1 - (1 - J^8)^16` for
//! Jaccard similarity `J`: 0.07 at 0.5, 0.72 at 0.7, 0.9995 at 0.9. A pair
//! is linked when the share of agreeing slots reaches the threshold
//! (`--near-dup-threshold`, 0.8 by default). Inside a bucket each document
//! is checked against the bucket's first document and the one before it,
//! so a bucket of many costs linear work, and linked pairs chain into
//! clusters.
//!
//! Each cluster keeps one document (`--keep first`: the first in document
//! order; `--keep longest`: the one with the most text outside
//! boilerplate, the first of equals). Every other member whose own
//! signature agrees with the kept one's on at least the threshold share of
//! slots is dropped; a member linked only through a chain stays.

use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::DocId;
use crate::error::{Error, Result};
use crate::fingerprint::minhash::{Signature, SLOTS};

/// Bands of a signature for LSH.
pub const BANDS: usize = 16;
/// Slots per band.
pub const ROWS: usize = SLOTS / BANDS;

/// Which document of a cluster of near-duplicates stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum KeepPolicy {
    /// The first in document order.
    #[default]
    First,
    /// The one with the most text outside boilerplate (the first of equals).
    Longest,
}

/// A document dropped as a near-duplicate of the one its cluster keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NearDuplicate {
    pub kept: DocId,
    /// Signature slots (of [`SLOTS`]) on which the two documents agree:
    /// the estimated Jaccard similarity is `agreeing / SLOTS`.
    pub agreeing: u8,
}

impl NearDuplicate {
    /// The estimated Jaccard similarity with the kept document.
    pub fn similarity(&self) -> f64 {
        f64::from(self.agreeing) / SLOTS as f64
    }
}

/// For each document, the kept document it is a near-duplicate of.
/// `band` gives the (bucket, document) pairs of one band, for the documents
/// with a signature (a document without one is never a near-duplicate);
/// `lengths` is indexed by document id. `signatures` gives the signatures
/// of the documents it is asked for (in ascending order): those that share
/// a bucket with another document, the only ones compared.
pub fn near_duplicates(
    band: impl Fn(usize) -> Result<Vec<(u64, u32)>> + Sync,
    signatures: impl FnOnce(&[usize]) -> Result<Vec<Signature>>,
    lengths: &[u64],
    threshold: f64,
    keep: KeepPolicy,
) -> Result<Vec<Option<NearDuplicate>>> {
    let needed = (threshold * SLOTS as f64).ceil().max(1.0) as u32;
    // Each band's buckets of more than one document, as runs of documents
    // in (key, document) order, one list per band.
    let docs = lengths.len();
    let buckets: Vec<Buckets> = (0..BANDS)
        .into_par_iter()
        .map(|b| -> Result<Buckets> {
            let mut keys = band(b)?;
            keys.sort_unstable();
            let mut buckets = Buckets::default();
            for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
                buckets.docs.extend(bucket.iter().map(|&(_, doc)| doc));
                buckets.ends.push(buckets.docs.len() as u32);
            }
            Ok(buckets)
        })
        .collect::<Result<_>>()?;
    let mut wanted: Vec<usize> = (buckets.iter())
        .flat_map(|band| band.docs.iter().map(|&doc| doc as usize))
        .collect();
    wanted.par_sort_unstable();
    wanted.dedup();
    let loaded = signatures(&wanted)?;
    let signature_of = |doc: usize| {
        let at = wanted
            .binary_search(&doc)
            .expect("a bucketed document is loaded");
        &loaded[at]
    };
    let linked = |a: usize, b: usize| signature_of(a).agreeing(signature_of(b)) >= needed;
    let links: Vec<(usize, usize)> = buckets
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut links = Vec::new();
            for bucket in band.iter() {
                let first = bucket[0] as usize;
                for pair in bucket.windows(2) {
                    let (previous, doc) = (pair[0] as usize, pair[1] as usize);
                    if linked(first, doc) {
                        links.push((first, doc));
                    } else if previous != first && linked(previous, doc) {
                        links.push((previous, doc));
                    }
                }
            }
            links
        })
        .collect();

    let mut clusters = UnionFind::new(docs);
    for (a, b) in links {
        clusters.union(a, b);
    }
    // The kept document of each cluster, by its root.
    let mut kept: Vec<Option<usize>> = vec![None; docs];
    for doc in 0..docs {
        let root = clusters.find(doc);
        let better = match kept[root] {
            None => true,
            Some(current) => keep == KeepPolicy::Longest && lengths[doc] > lengths[current],
        };
        if better {
            kept[root] = Some(doc);
        }
    }
    Ok((0..docs)
        .map(|doc| {
            let keeper = kept[clusters.find(doc)]?;
            if keeper == doc {
                return None;
            }
            // Two documents of a cluster were both in a shared bucket.
            let agreeing = signature_of(doc).agreeing(signature_of(keeper));
            (agreeing >= needed).then_some(NearDuplicate {
                kept: DocId(keeper as u32),
                agreeing: agreeing as u8,
            })
        })
        .collect())
}

/// The buckets of one band that hold more than one document: bucket `i`
/// is `docs[ends[i - 1]..ends[i]]`, so that a band's buckets take two
/// allocations, not one each.
#[derive(Default)]
struct Buckets {
    docs: Vec<u32>,
    ends: Vec<u32>,
}

impl Buckets {
    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| &self.docs[start as usize..end as usize])
    }
}

/// Signatures and their band keys, kept on disk while the index is built:
/// each signature at its document's place ([`SIGNATURE_BYTES`]), then each
/// band's keys together, so that buckets are found a band at a time and
/// memory never holds every document's keys. Each thread that puts a piece
/// writes to a file of its own (a sparse one: a document's place is the
/// same in every file), since writes to one file wait on its lock; the
/// files go when this is dropped.
pub struct SignatureFile {
    files: Vec<(PathBuf, crate::scratch::ClosedAside)>,
    docs: usize,
    /// Per document, 1 + the file its piece went to (0 while not put),
    /// with [`SIGNED`] set when it has a signature.
    places: Vec<AtomicU8>,
}

/// Bytes of a signature in a [`SignatureFile`].
pub const SIGNATURE_BYTES: usize = SLOTS * 4;

/// Documents whose band keys are read at a time.
const BAND_READ: usize = 1 << 13;

/// A document's place in [`SignatureFile::places`] notes a signature.
const SIGNED: u8 = 0x80;

/// Most files of a [`SignatureFile`]: threads past these share them.
const MOST_FILES: usize = 64;

impl SignatureFile {
    /// New files in `dir` for the signatures of `docs` documents: one for
    /// each thread of the current pool and one for any other thread.
    pub fn create(dir: &Path, docs: usize) -> Result<Self> {
        let count = (rayon::current_num_threads() + 1).min(MOST_FILES);
        let files = (0..count)
            .map(|k| {
                let (path, file) = crate::scratch::scratch_file(dir, &format!("signatures-{k}"))?;
                Ok((path, crate::scratch::ClosedAside::new(file)))
            })
            .collect::<Result<_>>()?;
        Ok(SignatureFile {
            files,
            docs,
            places: (0..docs).map(|_| AtomicU8::new(0)).collect(),
        })
    }

    /// Where the keys of band `band` of document `doc` are.
    fn band_at(&self, band: usize, doc: usize) -> u64 {
        ((self.docs * SIGNATURE_BYTES) + (band * self.docs + doc) * 8) as u64
    }

    /// 1 + the file document `doc`'s piece went to, 0 if it was not put.
    fn file_index(&self, doc: usize) -> u8 {
        self.places[doc].load(Ordering::Relaxed) & !SIGNED
    }

    /// The file of document `doc`, if its piece was put.
    fn file_of(&self, doc: usize) -> Option<&(PathBuf, crate::scratch::ClosedAside)> {
        self.files
            .get(usize::from(self.file_index(doc)).checked_sub(1)?)
    }

    /// Write the signatures of the documents from `first` on, and their
    /// band keys (a document without a signature leaves its places empty).
    pub fn put(&self, first: usize, signatures: &[Option<Signature>]) -> Result<()> {
        // The pool's threads each have a file; any other thread the last
        // (there are at least two files).
        let last = self.files.len() - 1;
        let k = rayon::current_thread_index().map_or(last, |i| i % last);
        let (path, file) = &self.files[k];
        let bad = |e| Error::io("could not write index file", path, e);
        let mut bytes = vec![0u8; signatures.len() * SIGNATURE_BYTES];
        for (signature, place) in signatures
            .iter()
            .zip(bytes.chunks_exact_mut(SIGNATURE_BYTES))
        {
            if let Some(signature) = signature {
                for (slot, out) in signature.0.iter().zip(place.chunks_exact_mut(4)) {
                    out.copy_from_slice(&slot.to_le_bytes());
                }
            }
        }
        crate::scratch::write_sliced_at(file, &bytes, (first * SIGNATURE_BYTES) as u64)
            .map_err(bad)?;
        for band in 0..BANDS {
            bytes.clear();
            for signature in signatures {
                let key = signature.as_ref().map_or(0, |s| s.band_key(band, BANDS));
                bytes.extend_from_slice(&key.to_le_bytes());
            }
            crate::scratch::write_sliced_at(file, &bytes, self.band_at(band, first))
                .map_err(bad)?;
        }
        for (doc, signature) in signatures.iter().enumerate() {
            let signed = if signature.is_some() { SIGNED } else { 0 };
            self.places[first + doc].store((k as u8 + 1) | signed, Ordering::Relaxed);
        }
        Ok(())
    }

    /// The (bucket, document) pairs of band `band`, for every document
    /// with a signature, in document order. Runs of documents put by one
    /// thread are read from its file.
    pub fn band(&self, band: usize) -> Result<Vec<(u64, u32)>> {
        let signed = |doc: usize| self.places[doc].load(Ordering::Relaxed) & SIGNED != 0;
        let mut pairs = Vec::with_capacity((0..self.docs).filter(|&doc| signed(doc)).count());
        let mut bytes = vec![0u8; BAND_READ * 8];
        let mut first = 0;
        while first < self.docs {
            let run_file = self.file_index(first);
            let count = (first..self.docs.min(first + BAND_READ))
                .take_while(|&doc| self.file_index(doc) == run_file)
                .count();
            if let Some((path, file)) = self.file_of(first) {
                let bytes = &mut bytes[..count * 8];
                file.read_exact_at(bytes, self.band_at(band, first))
                    .map_err(|e| Error::io("could not read index file", path, e))?;
                for (i, key) in bytes.chunks_exact(8).enumerate() {
                    if signed(first + i) {
                        let key = u64::from_le_bytes(key.try_into().expect("eight bytes"));
                        pairs.push((key, (first + i) as u32));
                    }
                }
            }
            first += count;
        }
        Ok(pairs)
    }

    /// The signatures of `docs`.
    pub fn read(&self, docs: &[usize]) -> Result<Vec<Signature>> {
        let mut bytes = [0u8; SIGNATURE_BYTES];
        docs.iter()
            .map(|&doc| {
                let (path, file) = self.file_of(doc).ok_or_else(|| {
                    let unput = std::io::Error::other(format!("document {doc} was never put"));
                    Error::io("could not read index file", &self.files[0].0, unput)
                })?;
                file.read_exact_at(&mut bytes, (doc * SIGNATURE_BYTES) as u64)
                    .map_err(|e| Error::io("could not read index file", path, e))?;
                let mut slots = Box::new([0u32; SLOTS]);
                for (slot, place) in slots.iter_mut().zip(bytes.chunks_exact(4)) {
                    *slot = u32::from_le_bytes(place.try_into().expect("four bytes"));
                }
                Ok(Signature(slots))
            })
            .collect()
    }
}

impl Drop for SignatureFile {
    fn drop(&mut self) {
        for (path, _) in &self.files {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Disjoint sets of documents, with path halving.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(size: usize) -> Self {
        UnionFind {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Join two sets; the lower root becomes the root, so roots do not
    /// depend on the order of unions.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = (ra.min(rb), ra.max(rb));
            self.parent[high] = low;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::winnow::mix;

    fn signature(range: std::ops::Range<u64>) -> Option<Signature> {
        Signature::of(range.map(|i| mix(i ^ 0xABCD)))
    }

    /// [`near_duplicates`] of signatures in memory, checking that only
    /// documents sharing a bucket are asked for.
    fn near_duplicates(
        signatures: &[Option<Signature>],
        lengths: &[u64],
        threshold: f64,
        keep: KeepPolicy,
    ) -> Vec<Option<NearDuplicate>> {
        let band = |b: usize| {
            Ok((signatures.iter().enumerate())
                .filter_map(|(doc, s)| Some((s.as_ref()?.band_key(b, BANDS), doc as u32)))
                .collect())
        };
        let load = |docs: &[usize]| {
            Ok(docs
                .iter()
                .map(|&doc| {
                    signatures[doc]
                        .clone()
                        .expect("asked for a signed document")
                })
                .collect())
        };
        super::near_duplicates(band, load, lengths, threshold, keep).unwrap()
    }

    #[test]
    fn signatures_come_back_from_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = SignatureFile::create(dir.path(), 9).unwrap();
        let signatures = vec![signature(0..100), None, signature(50..300)];
        file.put(4, &signatures).unwrap();
        file.put(8, &[signature(7..70)]).unwrap();
        let read = file.read(&[4, 6]).unwrap();
        assert_eq!(Some(&read[0]), signatures[0].as_ref());
        assert_eq!(Some(&read[1]), signatures[2].as_ref());
        for band in [0, BANDS - 1] {
            let key = |s: &Option<Signature>| s.as_ref().unwrap().band_key(band, BANDS);
            assert_eq!(
                file.band(band).unwrap(),
                [
                    (key(&signatures[0]), 4),
                    (key(&signatures[2]), 6),
                    (key(&signature(7..70)), 8)
                ]
            );
        }
        drop(file);
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn signatures_put_by_several_threads_come_back_in_document_order() {
        let dir = tempfile::tempdir().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        // Pieces of four documents, every third without a signature.
        let piece = |k: usize| -> Vec<Option<Signature>> {
            (0..4)
                .map(|i| {
                    let doc = 4 * k + i;
                    let doc = doc as u64;
                    (doc % 3 != 1).then(|| signature(doc..doc + 60).unwrap())
                })
                .collect()
        };
        let file = pool.install(|| SignatureFile::create(dir.path(), 16).unwrap());
        // One piece from each of the pool's threads, one from this thread.
        pool.broadcast(|context| {
            file.put(4 * context.index(), &piece(context.index()))
                .unwrap()
        });
        file.put(12, &piece(3)).unwrap();
        let written = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(written, 4, "a file per pool thread and one for others");
        let all: Vec<Option<Signature>> = (0..4).flat_map(piece).collect();
        let signed: Vec<usize> = (0..16).filter(|&doc| all[doc].is_some()).collect();
        let read = file.read(&signed).unwrap();
        assert!(signed
            .iter()
            .zip(&read)
            .all(|(&doc, s)| all[doc].as_ref() == Some(s)));
        for band in 0..BANDS {
            let expected: Vec<(u64, u32)> = (signed.iter())
                .map(|&doc| (all[doc].as_ref().unwrap().band_key(band, BANDS), doc as u32))
                .collect();
            assert_eq!(file.band(band).unwrap(), expected);
        }
        drop(file);
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn a_lightly_edited_copy_is_dropped_for_the_first_an_unrelated_page_stays() {
        let signatures = vec![
            signature(0..1000),
            signature(5000..6000),
            signature(20..1010),
        ];
        let found = near_duplicates(&signatures, &[1000, 1000, 990], 0.8, KeepPolicy::First);
        assert_eq!(found[0], None);
        assert_eq!(found[1], None);
        let copy = found[2].expect("the edited copy is a near-duplicate");
        assert_eq!(copy.kept, DocId(0));
        assert!(copy.similarity() > 0.85, "{}", copy.similarity());
    }

    #[test]
    fn keep_longest_keeps_the_longer_copy() {
        let signatures = vec![signature(0..1000), signature(0..1040)];
        let first = near_duplicates(&signatures, &[1000, 1040], 0.8, KeepPolicy::First);
        assert_eq!(first[1].map(|n| n.kept), Some(DocId(0)));
        let longest = near_duplicates(&signatures, &[1000, 1040], 0.8, KeepPolicy::Longest);
        assert_eq!(longest[0].map(|n| n.kept), Some(DocId(1)));
        assert_eq!(longest[1], None);
    }

    #[test]
    fn documents_below_the_threshold_or_without_signature_stay() {
        // Jaccard 500 / 1,500 = 0.33.
        let signatures = vec![signature(0..1000), signature(500..1500), None];
        let found = near_duplicates(&signatures, &[1, 1, 1], 0.8, KeepPolicy::First);
        assert_eq!(found, vec![None, None, None]);
    }

    #[test]
    fn a_member_linked_only_through_a_chain_stays() {
        // 0 ~ 1 ~ 2 (Jaccard 0.86), but 0 and 2 only 0.74.
        let signatures = vec![
            signature(0..2000),
            signature(150..2150),
            signature(300..2300),
        ];
        let found = near_duplicates(&signatures, &[1, 1, 1], 0.8, KeepPolicy::First);
        assert_eq!(found[1].map(|n| n.kept), Some(DocId(0)));
        assert_eq!(found[2], None);
    }
}
