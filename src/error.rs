//! Errors that stop a run, each carrying the path involved and the fix.
//!
//! Problems with a single document (binary, unreadable, too large) are not
//! errors: they are recorded in the report as [`crate::corpus::DocIssue`]s and
//! the run goes on. Only what makes the whole run impossible lands here.

use std::path::PathBuf;

/// A failure that ends a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("input {path} does not exist: check the path, or quote a glob so the shell does not expand it")]
    InputMissing { path: PathBuf },

    #[error("output directory {output} is inside input {input}: choose an output outside the input, or the cleaned files would be read back as input")]
    OutputInsideInput { output: PathBuf, input: PathBuf },

    #[error("input {input} is inside output directory {output}: choose another output directory, or the run could overwrite its own input")]
    InputInsideOutput { output: PathBuf, input: PathBuf },

    #[error("two inputs would be written to the same place {name:?} in the output: give inputs with distinct names")]
    InputNameClash { name: String },

    #[error("invalid glob {glob:?}: {reason}")]
    Glob { glob: String, reason: String },

    #[error("unknown encoding {label:?}: use a WHATWG label such as utf-8, gb18030, big5, shift_jis, euc-kr, windows-1251, windows-1252, utf-16le")]
    UnknownEncoding { label: String },

    #[error("{what} {path}")]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("input {path}, line {line}, changed while the run read it ({reason}): run again once nothing writes to it")]
    InputChanged {
        path: PathBuf,
        line: u64,
        reason: &'static str,
    },

    #[error("could not start {threads} worker threads: {reason}")]
    ThreadPool { threads: usize, reason: String },

    #[error("{message}")]
    NotInReport { message: String },

    /// The files of a staged job do not fit together.
    #[error("{message}")]
    Shard { message: String },

    #[error("report file {path}{}: {message}", at_line(*line))]
    Report {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl Error {
    pub(crate) fn io(what: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            what,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn report(path: &std::path::Path, line: usize, message: String) -> Self {
        Error::Report {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

/// ", line N" for a line of a JSON Lines file; nothing for a whole file.
fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(", line {line}")
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
