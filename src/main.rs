//! The `gleaner` binary: parse → resolve → run → exit code.

mod cli;

use clap::{CommandFactory, FromArgMatches};

// Cleaning allocates many small, short-lived strings and vectors on every
// worker thread; mimalloc's thread-local heaps serve them with less locking
// and fragmentation than the system allocator.
//
// Two of mimalloc's defaults are changed, for the peak memory of long runs,
// at no cost in time: transparent huge pages are off (the `no_thp`
// feature: a 2 MiB page stays resident while any of it is in use), and
// freed memory goes back to the system after 100 ms instead of a second
// (the index frees tables and makes the next ones faster than that, and
// memory not yet returned counts in the peak as if it were in use).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in the `mi_option_t` enum of mimalloc 3's
    /// `mimalloc.h` (the version libmimalloc-sys builds by default).
    pub const PURGE_DELAY: c_int = 15;

    /// Milliseconds before freed memory is returned.
    pub const PURGE_DELAY_MS: c_long = 100;

    extern "C" {
        #[cfg(test)]
        pub fn mi_option_get(option: c_int) -> c_long;
        pub fn mi_option_set(option: c_int, value: c_long);
    }

    pub fn configure() {
        // SAFETY: setting an option is a plain store mimalloc reads at its
        // next purge; any value is valid.
        unsafe { mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_option_set_is_the_purge_delay() {
            // mimalloc 3 documents a purge delay of 1000 ms by default; no
            // option near it in the enum has that default.
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
        }
    }
}

fn main() -> std::process::ExitCode {
    allocator::configure();
    let matches = cli::args::Cli::command().get_matches();
    let parsed = match cli::args::Cli::from_arg_matches(&matches) {
        Ok(parsed) => parsed,
        Err(err) => err.exit(),
    };
    match cli::run(parsed, &matches) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gleaner: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
