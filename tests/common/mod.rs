//! Helpers the integration tests share: running the `gleaner` binary and
//! reading the trees it writes.

// Each test binary uses its own subset of these.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Run `gleaner` with `args`.
pub fn gleaner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .output()
        .expect("gleaner runs")
}

/// Run `gleaner` with `args`, failing the test with its stderr unless it
/// succeeds.
pub fn succeed(args: &[&str]) -> Output {
    let output = gleaner(args);
    assert!(
        output.status.success(),
        "gleaner {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree_skipping(dir, |_| false)
}

/// Every file under `dir`, by relative path, but for the directories
/// `skip` names and what they hold.
pub fn tree_skipping(dir: &Path, skip: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !(e.file_type().is_dir() && skip(&e.file_name().to_string_lossy())))
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
