//! The `gleaner` binary: parse → resolve → run → exit code.

mod cli;

use clap::{CommandFactory, FromArgMatches};

// Cleaning allocates many small, short-lived strings and vectors on every
// worker thread; mimalloc's thread-local heaps serve them with less locking
// and fragmentation than the system allocator.
//
// Transparent huge pages are off (the `no_thp` feature): a 2 MiB page
// stays resident while any of it is in use, which raises the peak memory
// of long runs at no gain in time. Freed memory goes back to the system
// after mimalloc's default second: returned after 100 ms, memory that the
// documents' buffers and the index's tables free and take again a moment
// later was faulted in anew, fresh from a host that takes back what its
// virtual machine frees (1.1 GB of JSON Lines on the AMD EPYC machine of
// docs/measurements.md: about 210,000 page faults against 100,000, 0.75 s
// more system time; 10 to 20 MB less peak memory).
//
// Allocations of an alignment a machine word gives go to mimalloc's plain
// entry points: `mimalloc::MiMalloc` hands every allocation to the aligned
// ones, which serve most blocks over 1 KiB through a slower general path
// (a block of mimalloc is word-aligned whatever its size).
#[global_allocator]
static ALLOCATOR: allocator::WordAligned = allocator::WordAligned;

mod allocator {
    use std::alloc::{GlobalAlloc, Layout};
    use std::ffi::c_void;

    extern "C" {
        fn mi_malloc(size: usize) -> *mut c_void;
        fn mi_zalloc(size: usize) -> *mut c_void;
        fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
    }

    /// The alignment every block of mimalloc has.
    const WORD: usize = std::mem::size_of::<usize>();

    /// mimalloc, through its plain entry points where the alignment asked
    /// for is at most a word's, else through `mimalloc::MiMalloc`.
    pub struct WordAligned;

    // SAFETY: each method keeps `GlobalAlloc`'s contract by passing it on
    // to mimalloc: the plain entry points return blocks aligned to a word
    // at least (what they are used for), `mi_realloc` keeps a block's
    // alignment, and `MiMalloc` (which frees any block of mimalloc with
    // `mi_free`) takes every other case.
    unsafe impl GlobalAlloc for WordAligned {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            match layout.align() <= WORD {
                true => mi_malloc(layout.size()).cast(),
                false => mimalloc::MiMalloc.alloc(layout),
            }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            match layout.align() <= WORD {
                true => mi_zalloc(layout.size()).cast(),
                false => mimalloc::MiMalloc.alloc_zeroed(layout),
            }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            match layout.align() <= WORD {
                true => mi_realloc(ptr.cast(), new_size).cast(),
                false => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn blocks_have_the_alignment_asked_and_keep_their_bytes() {
            let sizes = (1..64)
                .chain((64..20_000).step_by(61))
                .chain([1 << 20, 5 << 20]);
            for size in sizes {
                for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                    let layout = Layout::from_size_align(size, align).unwrap();
                    unsafe {
                        let zeroed = WordAligned.alloc_zeroed(layout);
                        assert_eq!(zeroed as usize % align, 0, "{layout:?}");
                        assert!(std::slice::from_raw_parts(zeroed, size)
                            .iter()
                            .all(|&b| b == 0));
                        WordAligned.dealloc(zeroed, layout);

                        let block = WordAligned.alloc(layout);
                        assert_eq!(block as usize % align, 0, "{layout:?}");
                        for i in 0..size {
                            *block.add(i) = i as u8;
                        }
                        let grown = WordAligned.realloc(block, layout, size * 3);
                        assert_eq!(grown as usize % align, 0, "{layout:?} grown");
                        assert!((0..size).all(|i| *grown.add(i) == i as u8), "{layout:?}");
                        let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                        let shrunk = WordAligned.realloc(grown, grown_layout, size.div_ceil(2));
                        assert_eq!(shrunk as usize % align, 0, "{layout:?} shrunk");
                        assert!((0..size.div_ceil(2)).all(|i| *shrunk.add(i) == i as u8));
                        let shrunk_layout =
                            Layout::from_size_align(size.div_ceil(2), align).unwrap();
                        WordAligned.dealloc(shrunk, shrunk_layout);
                    }
                }
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    let matches = cli::args::Cli::command().get_matches();
    let parsed = match cli::args::Cli::from_arg_matches(&matches) {
        Ok(parsed) => parsed,
        Err(err) => err.exit(),
    };
    match cli::run(parsed, &matches) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // A reader that stopped reading (`gleaner explain … | head`) has
        // what it asked for: the command ends quietly, as `cat` would.
        Err(err) if closed_pipe(&err) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gleaner: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Whether `err` is a write into a pipe whose reader has gone: the only
/// pipe gleaner writes into is standard output.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
