//! Which span fingerprints may occur more than once in the corpus.
//!
//! A fingerprint that occurs once can match nothing, and in a large corpus
//! most do (92 % of the 55 million that count on the 1.1 GB bench corpus):
//! filing them as entries of the span index, in memory or in partition
//! files, is most of what that index costs. Pass 1 marks every span
//! fingerprint of every document in two Bloom filters: *seen*, and *seen
//! again*, which takes a fingerprint that *seen* already holds. The index
//! files only the fingerprints *seen again* holds.
//!
//! The filter is one-sided, so the matches stay exact: a fingerprint marked
//! twice is in *seen* from its first mark on, so its second goes to *seen
//! again*, whatever the order of the marks. One marked once is let through
//! only when a filter answers falsely for it (*seen* held its bits, set by
//! others, when it came, or *seen again* holds bits others set), and then
//! files an entry that matches nothing, as every fingerprint did without
//! the filter. Which of those are let through can depend on the order the
//! threads mark in; which entries match cannot, and so neither can the
//! output. Each filter is blocked: a fingerprint's three bits lie in one
//! 64-byte block, so that a mark or a lookup costs one cache miss. At seven
//! bits a fingerprint, the density the tables get on the bench corpora, 4 %
//! of fingerprints said once are let through, where a table of two-bit
//! counters of the same size (a slot each, *marked* and *marked again*) let
//! 24 % through; on the 1.1 GB bench corpus the index filed 17.5 instead
//! of 24.2 million of the 60.4 million fingerprints it asked about (most
//! of those it files repeat in boilerplate lines or copied documents,
//! which pass 1 marks too).
//!
//! Marks are taken by worker threads a batch at a time: each thread keeps
//! its pending fingerprints by section of the tables ([`MarkBuffer`]), and
//! a full section's batch is applied under that section's lock with plain
//! loads and stores, whose cache misses the processor overlaps (an atomic
//! read-modify-write per mark would wait for each).
//!
//! The filter pays only where most fingerprints are said once
//! ([`pays`]). On a corpus whose pages mostly repeat each other it does
//! not, and marking it is then a tenth of pass 1 spent for nothing: the
//! marks taken so far are weighed each time an eighth of those expected
//! has been applied ([`RepeatMarks::weighed_every`]), and once they show
//! that it would not pay, the tables are dropped and no more marks taken.
//! A part of a corpus taken as it comes turns away a larger share of its
//! fingerprints than the whole (a fingerprint said once so far may be
//! said again later, one said twice stays so), so a filter dropped on the
//! marks of a part would not have paid on the whole either. A corpus
//! whose first eighth repeats itself far more than the rest can lose a
//! filter that would have paid: the index then files every fingerprint,
//! as it does without the filter, which costs time, never output.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::fingerprint::winnow::mix;

/// Sections of the tables, each behind a lock of its own.
const SECTION_BITS: u32 = 4;
const SECTIONS: usize = 1 << SECTION_BITS;
/// Marks held per section by a thread before they are applied.
const BATCH: usize = 4096;
/// Words of a block: one cache line.
const BLOCK_WORDS: usize = 8;
/// The part of the tables' bytes that *seen again* takes: it holds only
/// the fingerprints that repeat or that *seen* let through.
const AGAIN_SHARE: u64 = 8;
/// The fewest blocks a section of a filter has.
const MIN_SECTION_BLOCKS: u64 = 1;
/// The most bytes of the tables: 1 GiB.
const MAX_BYTES: u64 = 1 << 30;
/// How many marks or lookups ahead a block is fetched: enough to keep as
/// many cache misses in flight as the processor can take.
const PREFETCH_AHEAD: usize = 32;

/// Bits a fingerprint sets in its block of each filter, each chosen by
/// nine bits of its key (three for the word, six for the bit in it).
const BITS_PER_MARK: u32 = 3;

/// A fingerprint's block in one filter's part of its section, and the key
/// that picks its bits in the block.
#[derive(Debug, Clone, Copy)]
struct Probe {
    block: usize,
    key: u32,
}

impl Probe {
    /// The `k`th bit: its word in the block, and the bit in the word.
    #[inline]
    fn bit(&self, k: u32) -> (usize, u64) {
        let at = self.key >> (9 * k);
        ((at >> 6) as usize & (BLOCK_WORDS - 1), 1 << (at & 63))
    }

    /// Whether every bit of the fingerprint is set in its block of `table`.
    #[inline]
    fn held_in(&self, table: &[u64]) -> bool {
        let words = &table[self.block * BLOCK_WORDS..][..BLOCK_WORDS];
        (0..BITS_PER_MARK).fold(true, |all, k| {
            let (word, bit) = self.bit(k);
            all & (words[word] & bit != 0)
        })
    }

    #[inline]
    fn set_in(&self, table: &mut [u64]) {
        let words = &mut table[self.block * BLOCK_WORDS..][..BLOCK_WORDS];
        for k in 0..BITS_PER_MARK {
            let (word, bit) = self.bit(k);
            words[word] |= bit;
        }
    }
}

/// The section of a remixed hash. Every place in the tables is chosen from
/// a fingerprint's hash remixed ([`mix`]): fingerprints are the least
/// hashes of their windows, so their top bits crowd towards zero.
#[inline]
fn section_of(mixed: u64) -> usize {
    (mixed >> (64 - SECTION_BITS)) as usize
}

/// The sizes of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    /// Blocks of *seen* in a section.
    seen_blocks: u64,
    /// Blocks of *seen again* in a section.
    again_blocks: u64,
}

impl Shape {
    /// Tables of at most `bytes` bytes together (and at least a block per
    /// section each).
    fn for_bytes(bytes: u64) -> Shape {
        let blocks = bytes.min(MAX_BYTES) / (BLOCK_WORDS as u64 * 8) / SECTIONS as u64;
        let again_blocks = (blocks / AGAIN_SHARE).max(MIN_SECTION_BLOCKS);
        let seen_blocks = blocks.saturating_sub(again_blocks).max(MIN_SECTION_BLOCKS);
        Shape {
            seen_blocks,
            again_blocks,
        }
    }

    fn bytes(self) -> u64 {
        (self.seen_blocks + self.again_blocks) * SECTIONS as u64 * (BLOCK_WORDS as u64 * 8)
    }

    /// Where a remixed hash stands in *seen*: its block from the 32 bits
    /// below the section's, its bits from the 28 under those.
    #[inline]
    fn seen(self, mixed: u64) -> Probe {
        Probe {
            block: reduce((mixed >> (32 - SECTION_BITS)) as u32, self.seen_blocks),
            key: mixed as u32,
        }
    }

    /// Where a remixed hash stands in *seen again*: the same from a second
    /// remix.
    #[inline]
    fn again(self, mixed: u64) -> Probe {
        let again = mix(mixed);
        Probe {
            block: reduce((again >> 32) as u32, self.again_blocks),
            key: again as u32,
        }
    }
}

/// `x` taken into `0..n` by a multiplication (Lemire's reduction).
#[inline]
fn reduce(x: u32, n: u64) -> usize {
    ((u64::from(x) * n) >> 32) as usize
}

/// One section's part of both filters: *seen again*, then *seen*, in one
/// table, so that only its last few hundred KiB lie outside huge pages
/// (two tables of their own, each starting on a huge page, left the end
/// of each outside: half of *seen* and all of *seen again* on the 1.1 GB
/// bench corpus). *Seen again* comes first, whole in huge pages: it is
/// what the index looks up.
#[derive(Debug)]
struct Section {
    words: Words,
    /// Words of *seen again*, the first of the table.
    again_len: usize,
}

impl Section {
    fn zeroed(shape: Shape) -> Section {
        let seen_len = shape.seen_blocks as usize * BLOCK_WORDS;
        let again_len = shape.again_blocks as usize * BLOCK_WORDS;
        Section {
            words: Words::zeroed(again_len + seen_len),
            again_len,
        }
    }

    fn seen_mut(&mut self) -> &mut [u64] {
        &mut self.words[self.again_len..]
    }

    fn again(&self) -> &[u64] {
        &self.words[..self.again_len]
    }

    fn again_mut(&mut self) -> &mut [u64] {
        &mut self.words[..self.again_len]
    }
}

/// Whether a filter that turns away `turned_away` of `marks` marks is
/// worth asking: a lookup costs about a fifth of what filing an entry
/// does, so it pays when it turns away at least a quarter of them.
pub fn pays(marks: u64, turned_away: u64) -> bool {
    turned_away.saturating_mul(4) >= marks
}

/// About how many of `marks` marks a filter turns away when
/// `marked_again` of them went to *seen again*: every mark but those of
/// fingerprints in *seen again*, taken as twice the marks that went there
/// (a fingerprint marked `n > 1` times sent `n - 1` of them, one let
/// through by *seen* sent its one; those let through by *seen again*
/// alone, a few in a hundred, are not counted).
fn turned_away(marks: u64, marked_again: u64) -> u64 {
    marks.saturating_sub(2 * marked_again)
}

/// The tables while pass 1 marks fingerprints in them.
#[derive(Debug)]
pub struct RepeatMarks {
    shape: Shape,
    sections: Vec<Mutex<SectionMarks>>,
    /// Marks applied to the tables, and those of them that went to *seen
    /// again*, over every section.
    applied: AtomicU64,
    applied_again: AtomicU64,
    /// Marks between two weighings of whether the filter pays.
    weigh_every: u64,
    /// The filter was found not to pay: its tables are gone and marks are
    /// no longer taken.
    dropped: AtomicBool,
}

/// A section of the tables while marks are applied to it.
#[derive(Debug)]
struct SectionMarks {
    /// `None` once the filter is dropped.
    tables: Option<Section>,
    /// Marks that went to *seen again*.
    marked_again: u64,
    /// Where the marks of a batch that *seen* held go in *seen again*.
    held: Vec<Probe>,
}

/// One thread's marks not yet applied to the tables, by section: each
/// fingerprint's remixed hash.
#[derive(Debug, Default)]
pub struct MarkBuffer {
    pending: Vec<Vec<u64>>,
}

/// The finished tables: which fingerprints may occur more than once.
#[derive(Debug)]
pub struct RepeatFilter {
    shape: Shape,
    sections: Vec<Section>,
    /// Marks that went to *seen again*.
    marked_again: u64,
}

/// Start fetching the cache line at `at`.
#[inline(always)]
fn prefetch(at: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints; SSE is part of every x86_64.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(at).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// The fewest marks between two weighings: fewer say too little of a
/// corpus.
const LEAST_WEIGHED: u64 = 1 << 16;

impl RepeatMarks {
    /// Tables of at most `bytes` bytes together (within their bounds).
    pub fn with_bytes(bytes: u64) -> RepeatMarks {
        let shape = Shape::for_bytes(bytes);
        RepeatMarks {
            shape,
            sections: (0..SECTIONS)
                .map(|_| {
                    Mutex::new(SectionMarks {
                        tables: Some(Section::zeroed(shape)),
                        marked_again: 0,
                        held: Vec::new(),
                    })
                })
                .collect(),
            applied: AtomicU64::new(0),
            applied_again: AtomicU64::new(0),
            weigh_every: u64::MAX,
            dropped: AtomicBool::new(false),
        }
    }

    /// Weigh whether the filter pays each time `marks` more marks (never
    /// fewer than 65,536) have been applied, and drop it once it does not.
    pub fn weighed_every(mut self, marks: u64) -> RepeatMarks {
        self.weigh_every = marks.max(LEAST_WEIGHED);
        self
    }

    /// Mark each of `hashes` once, through `buffer`.
    pub fn mark(&self, buffer: &mut MarkBuffer, hashes: &[u64]) {
        if self.dropped.load(Ordering::Relaxed) {
            return;
        }
        if buffer.pending.is_empty() {
            buffer.pending = (0..SECTIONS).map(|_| Vec::with_capacity(BATCH)).collect();
        }
        for &hash in hashes {
            let mixed = mix(hash);
            let section = section_of(mixed);
            let pending = &mut buffer.pending[section];
            pending.push(mixed);
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

    fn apply(&self, section: usize, pending: &mut Vec<u64>) {
        let shape = self.shape;
        let mut guard = self.sections[section].lock().expect("repeat filter lock");
        let SectionMarks {
            tables,
            marked_again,
            held,
        } = &mut *guard;
        let Some(tables) = tables else {
            pending.clear();
            return;
        };
        // First every mark's block of *seen*, then the blocks of *seen
        // again* of those it already held: two loops whose every block is
        // fetched ahead. A fingerprint twice in the batch finds its own
        // bits the second time, as it would a mark at a time.
        let seen_word = |mixed: u64| shape.seen(mixed).block * BLOCK_WORDS;
        let seen_table = tables.seen_mut();
        for &mixed in pending.iter().take(PREFETCH_AHEAD) {
            prefetch(&seen_table[seen_word(mixed)]);
        }
        held.clear();
        for (i, &mixed) in pending.iter().enumerate() {
            if let Some(&ahead) = pending.get(i + PREFETCH_AHEAD) {
                prefetch(&seen_table[seen_word(ahead)]);
            }
            let seen = shape.seen(mixed);
            if seen.held_in(seen_table) {
                held.push(shape.again(mixed));
            } else {
                seen.set_in(seen_table);
            }
        }
        let again_table = tables.again_mut();
        for probe in held.iter().take(PREFETCH_AHEAD) {
            prefetch(&again_table[probe.block * BLOCK_WORDS]);
        }
        for (i, probe) in held.iter().enumerate() {
            if let Some(ahead) = held.get(i + PREFETCH_AHEAD) {
                prefetch(&again_table[ahead.block * BLOCK_WORDS]);
            }
            probe.set_in(again_table);
        }
        *marked_again += held.len() as u64;
        let (applied, again) = (pending.len() as u64, held.len() as u64);
        pending.clear();
        drop(guard);
        self.weigh(applied, again);
    }

    /// Count a batch of `applied` marks, `again` of which went to *seen
    /// again*, and when they take the count past a weighing, drop the
    /// filter if the marks so far show that it does not pay.
    fn weigh(&self, applied: u64, again: u64) {
        let again = self.applied_again.fetch_add(again, Ordering::Relaxed) + again;
        let before = self.applied.fetch_add(applied, Ordering::Relaxed);
        let marks = before + applied;
        if before / self.weigh_every == marks / self.weigh_every
            || pays(marks, turned_away(marks, again))
            || self.dropped.swap(true, Ordering::Relaxed)
        {
            return;
        }
        for section in &self.sections {
            section.lock().expect("repeat filter lock").tables = None;
        }
    }

    /// The finished tables, unless the filter was dropped. Every buffer
    /// must have been flushed.
    pub fn finish(self) -> Option<RepeatFilter> {
        let mut marked_again = 0;
        let sections = (self.sections.into_iter())
            .map(|section| {
                let marks = section.into_inner().expect("repeat filter lock");
                marked_again += marks.marked_again;
                marks.tables
            })
            .collect::<Option<_>>()?;
        Some(RepeatFilter {
            shape: self.shape,
            sections,
            marked_again,
        })
    }
}

impl RepeatFilter {
    /// Whether `hash` may have been marked more than once: always when it
    /// was, and when it was marked once, only if the filters answer falsely
    /// for it.
    #[inline]
    pub fn may_repeat(&self, hash: u64) -> bool {
        let mixed = mix(hash);
        let section = &self.sections[section_of(mixed)];
        self.shape.again(mixed).held_in(section.again())
    }

    /// Bytes of the tables.
    pub fn bytes(&self) -> u64 {
        self.shape.bytes()
    }

    /// Keep, of `prints` (indices into `hashes`), those that may repeat, in
    /// order.
    pub fn retain_repeated(&self, hashes: &[u64], prints: &mut Vec<u32>) {
        // A loop of nothing but the lookups, without a branch on what they
        // find (each print is moved down, and kept by moving on past it),
        // so that the processor has many of their cache misses in flight;
        // each lookup's place is found once, in a first loop.
        let places: Vec<(usize, Probe)> = (prints.iter())
            .map(|&print| {
                let mixed = mix(hashes[print as usize]);
                (section_of(mixed), self.shape.again(mixed))
            })
            .collect();
        let first_word = |(section, probe): &(usize, Probe)| {
            &self.sections[*section].again()[probe.block * BLOCK_WORDS]
        };
        for place in places.iter().take(PREFETCH_AHEAD) {
            prefetch(first_word(place));
        }
        let mut kept = 0;
        for (i, (section, probe)) in places.iter().enumerate() {
            if let Some(ahead) = places.get(i + PREFETCH_AHEAD) {
                prefetch(first_word(ahead));
            }
            prints[kept] = prints[i];
            kept += usize::from(probe.held_in(self.sections[*section].again()));
        }
        prints.truncate(kept);
    }

    /// About how many of `marks` marks the filter turns away: every mark
    /// but twice those that went to *seen again*.
    pub fn turned_away(&self, marks: u64) -> u64 {
        turned_away(marks, self.marked_again)
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
        table.finish().expect("a filter not weighed is kept")
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
            bytes in 0u64..16384,
            marks in proptest::collection::vec(
                proptest::collection::vec(0u64..3000, 0..3000), 1..4),
        ) {
            let filter = filled(bytes, &marks);
            let counts = counts(&marks);
            let mut repeated_marks = 0;
            for (&hash, &count) in &counts {
                if count > 1 {
                    prop_assert!(filter.may_repeat(hash), "{hash} marked {count} times");
                    repeated_marks += count as u64;
                }
            }
            // What it says it turns away leaves every mark of a fingerprint
            // marked more than once.
            let all = marks.iter().map(|m| m.len() as u64).sum::<u64>();
            prop_assert!(filter.turned_away(all) <= all - repeated_marks);
            // Looked up a list at a time, it says the same.
            let hashes: Vec<u64> = counts.keys().copied().collect();
            let mut prints: Vec<u32> = (0..hashes.len() as u32).collect();
            filter.retain_repeated(&hashes, &mut prints);
            let expected: Vec<u32> = (0..hashes.len() as u32)
                .filter(|&i| filter.may_repeat(hashes[i as usize]))
                .collect();
            prop_assert_eq!(prints, expected);
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
            assert_eq!(filter.turned_away(12_000), 10_000);
        }
        let huge = Words::zeroed(HUGE_PAGE / 8);
        assert_eq!(huge.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(huge.iter().all(|&word| word == 0));
    }

    #[test]
    fn at_seven_bits_a_fingerprint_few_said_once_are_let_through() {
        // The density the tables get on the bench corpora; minimums of
        // windows, as fingerprints are, with their top bits crowded.
        let count = 400_000u64;
        let once: Vec<u64> = (0..count).map(|i| mix(i) >> (i % 5)).collect();
        let filter = filled(count * 7 / 8, std::slice::from_ref(&once));
        let let_through = once.iter().filter(|&&hash| filter.may_repeat(hash)).count();
        assert!(
            (let_through as u64) < count * 6 / 100,
            "{let_through} of {count} let through"
        );
    }

    #[test]
    fn a_filter_weighed_is_dropped_once_its_marks_mostly_repeat() {
        let weigh = |marks: &[u64]| {
            let table = RepeatMarks::with_bytes(1 << 20).weighed_every(LEAST_WEIGHED);
            let mut buffer = MarkBuffer::default();
            for document in marks.chunks(100) {
                table.mark(&mut buffer, document);
            }
            table.flush(&mut buffer);
            table.finish()
        };
        let n = 4 * LEAST_WEIGHED;
        let said_once: Vec<u64> = (0..n).map(mix).collect();
        assert!(weigh(&said_once).is_some());
        // Pages that copy each other: each fingerprint said twice, then a
        // tail of new ones that would have paid had it come first.
        let mut copied: Vec<u64> = (0..n).map(|i| mix(i / 2)).collect();
        copied.extend((n..3 * n).map(mix));
        assert!(weigh(&copied).is_none());
        // Fewer marks than one weighing takes: kept, to be judged whole.
        assert!(weigh(&copied[..LEAST_WEIGHED as usize - 1]).is_some());
        // A third of the marks said once: enough to pay, so it is kept.
        let mut mixed: Vec<u64> = (0..n).map(|i| mix(i / 2)).collect();
        for (i, mark) in mixed.iter_mut().enumerate().step_by(3) {
            *mark = mix(n + i as u64);
        }
        assert!(weigh(&mixed).is_some());
    }

    #[test]
    fn the_tables_keep_within_their_bounds() {
        let least = (SECTIONS * 2 * BLOCK_WORDS * 8) as u64;
        assert_eq!(RepeatMarks::with_bytes(0).finish().unwrap().bytes(), least);
        let five = RepeatMarks::with_bytes(5 << 20).finish().unwrap().bytes();
        assert!(five <= 5 << 20 && five > (5 << 20) - least, "{five}");
        assert!(Shape::for_bytes(u64::MAX).bytes() <= MAX_BYTES);
    }
}
