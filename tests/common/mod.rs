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

/// A paragraph that only the copy of [`near_duplicate_pages`] holds.
pub const ADDED_PARAGRAPH: &str = "Correction: an earlier version of this article gave the wrong day for the vote, which was held on Monday and not on Tuesday.";

/// An article and a near-duplicate of it that adds [`ADDED_PARAGRAPH`] as
/// its fifth line, below the same title.
pub fn near_duplicate_pages() -> (String, String) {
    let paragraphs = [
        "The city council approved the new budget for public transport on Monday evening, after a debate that ran for more than three hours.",
        "Under the plan, bus lines in the northern districts will run every ten minutes during rush hours, and night buses will run on weekends.",
        "The tram extension to the university campus is expected to open in the spring of next year, two years later than first planned.",
        "Critics argued that the money would be better spent on repairing the existing roads and bridges of the older neighbourhoods.",
        "Supporters replied that better transport would reduce traffic in the centre and improve the air for everyone who lives there.",
        "A public consultation on the timetable changes will be held in all districts next month, and residents can write to the council.",
    ];
    let mut copy = paragraphs.to_vec();
    copy.insert(3, ADDED_PARAGRAPH);
    let page = |lines: &[&str]| format!("Transport budget\n{}\n", lines.join("\n"));
    (page(&paragraphs), page(&copy))
}
