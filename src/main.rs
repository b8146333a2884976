//! The `gleaner` binary: parse → resolve → run → exit code.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let parsed = cli::args::Cli::parse();
    match cli::run(parsed) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gleaner: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
