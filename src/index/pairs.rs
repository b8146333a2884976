//! The (key, place) pairs that [`Repeats`] are found from — a line's or a
//! sentence's content key and where it stands — gathered a piece of
//! documents at a time within a memory budget.
//!
//! When the pairs a corpus may have fit the budget they stay in memory;
//! else the key space is cut into as many partitions as keep one within
//! it (at most [`super::spans::MAX_PARTITIONS`]), each piece's pairs are
//! appended to their partition's file as they are made, and the partitions
//! are read back and reduced to their repeats one at a time. A key lies in one partition, and the first place of a
//! key is the least, whatever order the pairs were filed in: the repeats
//! are the same at any budget.

use std::io::Read;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use super::{file_blocks, partition_blocks, partition_files, FileForm, Place, Repeats};
use crate::error::{Error, Result};
use crate::scratch::ScratchFile;

/// Gathers the pairs of every piece of documents.
pub struct PairWriter<V> {
    partitions: usize,
    /// Every piece's pairs, when there is one partition.
    memory: Mutex<Vec<Vec<(u64, V)>>>,
    /// One file per partition, when there are several.
    files: Vec<Mutex<ScratchFile>>,
    _place: PhantomData<V>,
}

impl<V: FileForm + Ord + Copy + Send + Sync> PairWriter<V> {
    /// A writer for at most `expected` pairs that keeps about `budget`
    /// bytes of them in memory; partition files, named after `name`, go in
    /// `dir`.
    pub fn new(expected: usize, budget: usize, dir: &Path, name: &str) -> Result<Self> {
        let in_memory = std::mem::size_of::<(u64, V)>();
        let files = partition_files(expected, in_memory, budget, dir, name)?;
        Ok(PairWriter {
            partitions: files.len().max(1),
            memory: Mutex::new(Vec::new()),
            files,
            _place: PhantomData,
        })
    }

    /// How many partitions the key space is cut into.
    pub fn partitions(&self) -> usize {
        self.partitions
    }

    /// File the pairs of one piece of documents. A write error is kept for
    /// [`PairWriter::finish`].
    pub fn push(&self, pairs: Vec<(u64, V)>) {
        if self.partitions == 1 {
            self.memory.lock().expect("pair lock").push(pairs);
            return;
        }
        let blocks = partition_blocks(
            &pairs,
            self.partitions,
            8 + V::BYTES,
            |&(key, _)| key,
            |(key, place), block| {
                block.extend_from_slice(&key.to_le_bytes());
                place.write(block);
            },
        );
        drop(pairs);
        file_blocks(&self.files, blocks, |file, block| file.append(&block));
    }

    /// Every pair filed, a partition at a time (one, in memory, when they
    /// fit the budget): a key's pairs all lie in one partition. Partition
    /// files are removed as they are read.
    pub fn into_partitions(self) -> impl Iterator<Item = Result<Vec<(u64, V)>>> {
        let memory = (self.partitions == 1).then(|| {
            let pieces = self.memory.into_inner().expect("pair lock");
            // Each piece is freed as it is moved.
            let mut all = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
            for piece in pieces {
                all.extend(piece);
            }
            Ok(all)
        });
        let files = (self.files.into_iter())
            .map(|file| read_partition::<V>(file.into_inner().expect("partition lock")));
        memory.into_iter().chain(files)
    }
}

impl<V: Place + Ord + Copy + Send + Sync> PairWriter<V> {
    /// The repeats among every pair filed, leaving out the places `skip`
    /// names.
    pub fn finish(self, skip: impl Fn(&V) -> bool + Sync) -> Result<Repeats<V>> {
        let mut later = Vec::new();
        for partition in self.into_partitions() {
            let mut pairs = partition?;
            pairs.retain(|(_, place)| !skip(place));
            // Sorted in place: the first place of a key leads its run.
            pairs.par_sort_unstable();
            for same_key in pairs.chunk_by(|a, b| a.0 == b.0) {
                let first = same_key[0].1;
                later.extend(same_key[1..].iter().map(|&(_, place)| (place, first)));
            }
        }
        later.par_sort_unstable();
        Ok(Repeats { later })
    }
}

/// The pairs of a partition file, which is then removed.
fn read_partition<V: FileForm>(file: ScratchFile) -> Result<Vec<(u64, V)>> {
    let (path, mut reader, length) = file.reader()?;
    let pair_bytes = 8 + V::BYTES;
    // Read a block at a time into pairs, so that the file's bytes are
    // never held whole beside them.
    let mut pairs = Vec::with_capacity(length as usize / pair_bytes);
    let mut block = vec![0u8; pair_bytes * 4096];
    let mut left = length as usize;
    while left > 0 {
        let take = left.min(block.len());
        reader
            .read_exact(&mut block[..take])
            .map_err(|e| Error::io("could not read index file", &path, e))?;
        pairs.extend(block[..take].chunks_exact(pair_bytes).map(|pair| {
            let key = u64::from_le_bytes(pair[..8].try_into().expect("eight bytes"));
            (key, V::read(&pair[8..]))
        }));
        left -= take;
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocId;
    use crate::index::{Occurrence, SentenceAt};

    fn pieces() -> Vec<Vec<(u64, SentenceAt)>> {
        (0..40u32)
            .map(|doc| {
                (0..30u32)
                    .map(|line| {
                        let key = u64::from((doc * 7 + line * 13) % 97).wrapping_mul(0x9E37_79B9);
                        (
                            key,
                            SentenceAt {
                                doc: DocId(doc),
                                line,
                                ordinal: line % 3,
                            },
                        )
                    })
                    .collect()
            })
            .collect()
    }

    fn repeats_at(budget: usize, skip: u32) -> (usize, Vec<(SentenceAt, SentenceAt)>) {
        let dir = tempfile::tempdir().unwrap();
        let writer = PairWriter::new(1200, budget, dir.path(), "pairs").unwrap();
        let partitions = writer.partitions();
        // Pieces filed in any order give the same repeats.
        for piece in pieces().into_iter().rev() {
            writer.push(piece);
        }
        let repeats = writer.finish(|place| place.doc.0 == skip).unwrap();
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
        (partitions, repeats.later)
    }

    #[test]
    fn repeats_are_the_same_in_memory_and_in_partitions() {
        let (one, whole) = repeats_at(1 << 20, u32::MAX);
        let (many, parted) = repeats_at(2_000, u32::MAX);
        assert_eq!(one, 1);
        assert!(many > 5);
        assert!(!whole.is_empty());
        assert_eq!(whole, parted);
        // Every place of a key after its least, with the least.
        let mut by_key: std::collections::BTreeMap<u64, Vec<SentenceAt>> = Default::default();
        for (key, place) in pieces().into_iter().flatten() {
            by_key.entry(key).or_default().push(place);
        }
        let mut naive: Vec<(SentenceAt, SentenceAt)> = (by_key.into_values())
            .flat_map(|mut places| {
                places.sort();
                let first = places[0];
                places.into_iter().skip(1).map(move |place| (place, first))
            })
            .collect();
        naive.sort();
        assert_eq!(whole, naive);
        // A skipped document is nobody's first place, nor a repeat.
        let (_, skipped) = repeats_at(2_000, 0);
        assert!(skipped.iter().all(|(a, b)| a.doc.0 != 0 && b.doc.0 != 0));
        assert_eq!(skipped, repeats_at(1 << 20, 0).1);
    }

    #[test]
    fn places_come_back_from_their_file_form() {
        let at = SentenceAt {
            doc: DocId(7),
            line: 1 << 20,
            ordinal: 3,
        };
        let mut bytes = Vec::new();
        at.write(&mut bytes);
        assert_eq!(bytes.len(), SentenceAt::BYTES);
        assert_eq!(SentenceAt::read(&bytes), at);
        let line = Occurrence {
            doc: DocId(u32::MAX),
            line: 9,
        };
        let mut bytes = Vec::new();
        line.write(&mut bytes);
        assert_eq!(Occurrence::read(&bytes), line);
    }
}
