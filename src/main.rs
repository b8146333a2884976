//! The `gleaner` binary: parse → resolve → run → exit code.

mod cli;

use clap::{CommandFactory, FromArgMatches};

// Cleaning allocates many small, short-lived strings and vectors on every
// worker thread; mimalloc's thread-local heaps serve them with less locking
// and fragmentation than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
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
