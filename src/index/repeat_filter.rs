//! Which span fingerprints may occur more than once in the corpus.
//!
//! A fingerprint that occurs once can match nothing, and in a large corpus
//! most do (92 % of the 55 million that count on the 1.1 GB bench corpus):
//! filing them as entries of the span index, in memory or in partition
//! files, is most of what that index costs. Pass 1 marks every span
//! fingerprint of every document in a table of two-bit slots — *marked*,
//! *marked again* — and the index files only the fingerprints whose slot
//! was marked again.
//!
//! The filter is one-sided, so the matches stay exact: a fingerprint that
//! occurs twice always finds its slot marked again; one that occurs once
//! is let through when another fingerprint shares its slot, and then files
//! an entry that matches nothing, as every fingerprint did without the
//! filter. What a slot ends as depends only on how many marks it took, so
//! the filter is the same whatever order the threads mark in.
//!
//! Marks are taken by worker threads a batch at a time: each thread keeps
//! its pending slots by section of the table ([`MarkBuffer`]), and a full
//! section's batch is applied under that section's lock with plain loads
//! and stores, whose cache misses the processor overlaps (an atomic
//! read-modify-write per mark would wait for each).

use std::sync::Mutex;

/// Sections of the table, each behind a lock of its own.
const SECTION_BITS: u32 = 4;
const SECTIONS: usize = 1 << SECTION_BITS;
/// Slots held per section by a thread before they are applied.
const BATCH: usize = 4096;
/// Two-bit slots in a word of the table.
const SLOTS_PER_WORD: u32 = 32;
/// The fewest slots a table has: a word per section.
const MIN_SLOT_BITS: u32 = SECTION_BITS + 5;
/// The most: a table of 1 GiB.
const MAX_SLOT_BITS: u32 = 32;
/// How many marks or lookups ahead a word is fetched: enough to keep as
/// many cache misses in flight as the processor can take.
const PREFETCH_AHEAD: usize = 32;
/// The first bit (*marked*) of every slot.
const FIRST_BITS: u64 = 0x5555_5555_5555_5555;

/// The table while pass 1 marks fingerprints in it.
#[derive(Debug)]
pub struct RepeatMarks {
    slot_bits: u32,
    sections: Vec<Mutex<Words>>,
}

/// One thread's marks not yet applied to the table, by section.
#[derive(Debug, Default)]
pub struct MarkBuffer {
    pending: Vec<Vec<u32>>,
}

/// The finished table: which fingerprints may occur more than once.
#[derive(Debug)]
pub struct RepeatFilter {
    slot_bits: u32,
    sections: Vec<Words>,
}

/// Start fetching the cache line of `word`.
#[inline(always)]
fn prefetch(word: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints; SSE is part of every x86_64.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(word).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = word;
}

/// The slot of `hash` in a table of `1 << slot_bits` slots. Fingerprints
/// are the least hashes of their windows, so their top bits crowd towards
/// zero: the slot is taken from the top of a multiplication that mixes
/// every bit in.
fn slot_of(hash: u64, slot_bits: u32) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - slot_bits)
}

/// The section of a slot of a table of `1 << slot_bits` slots, and the
/// slot's place in it.
fn section_of(slot: u64, slot_bits: u32) -> (usize, u64) {
    let in_section = slot_bits - SECTION_BITS;
    (
        (slot >> in_section) as usize,
        slot & ((1 << in_section) - 1),
    )
}

/// How many bits number the slots of a table of at most `bytes` bytes.
fn slot_bits_for(bytes: u64) -> u32 {
    let slots = bytes.saturating_mul(4).max(1);
    (63 - slots.leading_zeros()).clamp(MIN_SLOT_BITS, MAX_SLOT_BITS)
}

impl RepeatMarks {
    /// A table of at most `bytes` bytes (a power of two, within its bounds).
    pub fn with_bytes(bytes: u64) -> RepeatMarks {
        let slot_bits = slot_bits_for(bytes);
        let words = 1usize << (slot_bits - SECTION_BITS - 5);
        RepeatMarks {
            slot_bits,
            sections: (0..SECTIONS)
                .map(|_| Mutex::new(Words::zeroed(words)))
                .collect(),
        }
    }

    /// Mark each of `hashes` once, through `buffer`.
    pub fn mark(&self, buffer: &mut MarkBuffer, hashes: &[u64]) {
        if buffer.pending.is_empty() {
            buffer.pending = (0..SECTIONS).map(|_| Vec::with_capacity(BATCH)).collect();
        }
        for &hash in hashes {
            let (section, slot) = section_of(slot_of(hash, self.slot_bits), self.slot_bits);
            let pending = &mut buffer.pending[section];
            pending.push(slot as u32);
            if pending.len() == BATCH {
                self.apply(section, pending);
            }
        }
    }

    /// Apply what `buffer` holds.
    pub fn flush(&self, buffer: &mut MarkBuffer) {
        for (section, pending) in buffer.pending.iter_mut().enumerate() {
            self.apply(section, pending);
        }
    }

    fn apply(&self, section: usize, pending: &mut Vec<u32>) {
        let mut words = self.sections[section].lock().expect("repeat filter lock");
        for &slot in pending.iter().take(PREFETCH_AHEAD) {
            prefetch(&words[(slot / SLOTS_PER_WORD) as usize]);
        }
        for (i, &slot) in pending.iter().enumerate() {
            if let Some(&ahead) = pending.get(i + PREFETCH_AHEAD) {
                prefetch(&words[(ahead / SLOTS_PER_WORD) as usize]);
            }
            let word = &mut words[(slot / SLOTS_PER_WORD) as usize];
            let marked = 1u64 << (2 * (slot % SLOTS_PER_WORD));
            // Marked again if it was marked before.
            *word |= marked | (*word & marked) << 1;
        }
        pending.clear();
    }

    /// The finished table. Every buffer must have been flushed.
    pub fn finish(self) -> RepeatFilter {
        RepeatFilter {
            slot_bits: self.slot_bits,
            sections: (self.sections.into_iter())
                .map(|section| section.into_inner().expect("repeat filter lock"))
                .collect(),
        }
    }
}

impl RepeatFilter {
    /// Whether `hash` may have been marked more than once: always when it
    /// was, and when it was marked once, only if another hash shares its
    /// slot.
    #[inline]
    pub fn may_repeat(&self, hash: u64) -> bool {
        let (word, shift) = self.word_of(hash);
        word >> shift & 2 != 0
    }

    /// The word that holds `hash`'s slot, and where the slot's bits start.
    #[inline]
    fn word_of(&self, hash: u64) -> (&u64, u32) {
        let (section, slot) = section_of(slot_of(hash, self.slot_bits), self.slot_bits);
        let word = &self.sections[section][(slot / u64::from(SLOTS_PER_WORD)) as usize];
        (word, 2 * (slot % u64::from(SLOTS_PER_WORD)) as u32)
    }

    /// Bytes of the table.
    pub fn bytes(&self) -> u64 {
        1 << (self.slot_bits - 2)
    }

    /// Keep, of `prints` (indices into `hashes`), those that may repeat, in
    /// order.
    pub fn retain_repeated(&self, hashes: &[u64], prints: &mut Vec<u32>) {
        // A loop of nothing but the lookups, without a branch on what they
        // find (each print is moved down, and kept by moving on past it),
        // so that the processor has many of their cache misses in flight.
        for &print in prints.iter().take(PREFETCH_AHEAD) {
            prefetch(self.word_of(hashes[print as usize]).0);
        }
        let mut kept = 0;
        for i in 0..prints.len() {
            if let Some(&ahead) = prints.get(i + PREFETCH_AHEAD) {
                prefetch(self.word_of(hashes[ahead as usize]).0);
            }
            let print = prints[i];
            prints[kept] = print;
            kept += usize::from(self.may_repeat(hashes[print as usize]));
        }
        prints.truncate(kept);
    }

    /// How many marks the filter turns away: the slots marked exactly once.
    pub fn marked_once(&self) -> u64 {
        (self.sections.iter().flat_map(|words| words.iter()))
            .map(|&word| u64::from((word & FIRST_BITS & !(word >> 1)).count_ones()))
            .sum()
    }
}

/// A zeroed table of words in a mapping of its own that starts on a huge
/// page, and asks the kernel for huge pages: marks and lookups land on
/// random words of a table of tens of MiB, and with 4 KiB pages nearly
/// every one would miss the TLB as well as the cache.
struct Words {
    words: std::ptr::NonNull<u64>,
    len: usize,
    mapping: *mut libc::c_void,
    mapped: usize,
}

// A `Words` owns its mapping alone, as a `Box<[u64]>` owns its memory.
unsafe impl Send for Words {}
unsafe impl Sync for Words {}

const HUGE_PAGE: usize = 2 << 20;

impl Words {
    fn zeroed(len: usize) -> Words {
        let bytes = len * std::mem::size_of::<u64>();
        // Room to start on a huge page, for a table that fills one.
        let huge = bytes >= HUGE_PAGE;
        let alignment = if huge { HUGE_PAGE } else { 1 };
        let mapped = bytes + if huge { HUGE_PAGE } else { 0 };
        // SAFETY: a new private anonymous mapping, checked below; it is
        // zeroed by the kernel, and only ever unmapped by `drop`.
        let mapping = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapped,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if mapping == libc::MAP_FAILED {
            let layout = std::alloc::Layout::from_size_align(mapped, alignment)
                .expect("a table's size fits a layout");
            std::alloc::handle_alloc_error(layout);
        }
        let skip = (mapping as usize).next_multiple_of(alignment) - mapping as usize;
        // SAFETY: `skip + bytes <= mapped`, inside the mapping.
        let start = unsafe { mapping.cast::<u8>().add(skip) };
        // Advice only: without huge pages the table works the same.
        #[cfg(target_os = "linux")]
        if huge {
            // SAFETY: the range lies inside the mapping.
            unsafe { libc::madvise(start.cast(), bytes, libc::MADV_HUGEPAGE) };
        }
        Words {
            words: std::ptr::NonNull::new(start.cast()).expect("a mapping is not at address 0"),
            len,
            mapping,
            mapped,
        }
    }
}

impl std::ops::Deref for Words {
    type Target = [u64];
    fn deref(&self) -> &[u64] {
        // SAFETY: `len` zero-initialised words, aligned, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.words.as_ptr(), self.len) }
    }
}

impl std::ops::DerefMut for Words {
    fn deref_mut(&mut self) -> &mut [u64] {
        // SAFETY: as for `deref`, and `&mut self` makes the borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.words.as_ptr(), self.len) }
    }
}

impl Drop for Words {
    fn drop(&mut self) {
        // SAFETY: the mapping `zeroed` made, unmapped once.
        unsafe { libc::munmap(self.mapping, self.mapped) };
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Words({} words)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn filled(bytes: u64, marks: &[Vec<u64>]) -> RepeatFilter {
        let table = RepeatMarks::with_bytes(bytes);
        std::thread::scope(|scope| {
            for hashes in marks {
                let table = &table;
                scope.spawn(move || {
                    let mut buffer = MarkBuffer::default();
                    for document in hashes.chunks(7) {
                        table.mark(&mut buffer, document);
                    }
                    table.flush(&mut buffer);
                });
            }
        });
        table.finish()
    }

    fn counts(marks: &[Vec<u64>]) -> HashMap<u64, usize> {
        let mut counts = HashMap::new();
        for &hash in marks.iter().flatten() {
            *counts.entry(hash).or_default() += 1;
        }
        counts
    }

    proptest! {
        #[test]
        fn a_fingerprint_marked_twice_by_any_threads_may_repeat(
            bytes in 0u64..4096,
            marks in proptest::collection::vec(
                proptest::collection::vec(0u64..3000, 0..3000), 1..4),
        ) {
            let filter = filled(bytes, &marks);
            let counts = counts(&marks);
            for (&hash, &count) in &counts {
                if count > 1 {
                    prop_assert!(filter.may_repeat(hash), "{hash} marked {count} times");
                }
            }
            // A slot marked once stands for one mark of one hash alone.
            let mut by_slot: HashMap<u64, usize> = HashMap::new();
            for (&hash, &count) in &counts {
                *by_slot.entry(slot_of(hash, filter.slot_bits)).or_default() += count;
            }
            let alone = by_slot.values().filter(|&&marks| marks == 1).count() as u64;
            prop_assert_eq!(filter.marked_once(), alone);
            for (&hash, &count) in &counts {
                let shared = by_slot[&slot_of(hash, filter.slot_bits)] > 1;
                if count == 1 {
                    prop_assert_eq!(filter.may_repeat(hash), shared);
                }
            }
        }
    }

    #[test]
    fn a_roomy_table_turns_away_fingerprints_said_once() {
        let once: Vec<u64> = (0..10_000u64)
            .map(|i| i.wrapping_mul(0x2545_F491_4F6C_DD1D))
            .collect();
        let twice: Vec<u64> = (0..1_000u64).map(|i| i << 40 | 7).collect();
        let marks = vec![once.clone(), twice.clone(), twice.clone()];
        // Small sections, and sections of huge pages.
        for bytes in [1 << 20, 64 << 20] {
            let filter = filled(bytes, &marks);
            assert!(twice.iter().all(|&hash| filter.may_repeat(hash)));
            let let_through = once.iter().filter(|&&hash| filter.may_repeat(hash)).count();
            assert!(let_through < 20, "{let_through} of 10,000 let through");
            assert_eq!(filter.marked_once(), 10_000 - let_through as u64);
        }
        let huge = Words::zeroed(HUGE_PAGE / 8);
        assert_eq!(huge.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(huge.iter().all(|&word| word == 0));
    }

    #[test]
    fn the_table_keeps_within_its_bounds() {
        assert_eq!(
            RepeatMarks::with_bytes(0).finish().bytes(),
            1 << (MIN_SLOT_BITS - 2)
        );
        assert_eq!(RepeatMarks::with_bytes(5 << 20).finish().bytes(), 4 << 20);
        assert_eq!(slot_bits_for(u64::MAX), MAX_SLOT_BITS);
    }
}
