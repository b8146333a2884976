//! Lists the files under the inputs, in a stable order.
//!
//! Invariants: the same tree gives the same [`Listing`] on every machine and
//! thread count (paths are sorted); hidden entries and symbolic links are
//! passed over unless asked for; a directory that cannot be read is
//! recorded, not fatal. Each file is a text document or a JSON Lines
//! container (`--format`; by default, by its extension), and `-` stands for
//! JSON Lines on standard input.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use walkdir::WalkDir;

use super::compression::Compression;
use super::{DocIssue, Input, WalkIssue};
use crate::error::{Error, Result};
use crate::settings::{GroupBy, InputFormat, WalkSettings};

/// What a listed file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// One document.
    Text,
    /// JSON Lines: one document per record.
    Records,
}

/// A file found by the walk.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Listed {
    /// Its path in the output (and the report).
    pub rel: String,
    pub input: Input,
    /// Its group by path (`--group-by`).
    pub group: String,
    /// Size on disk (0 for standard input).
    pub bytes: u64,
    pub compression: Compression,
    pub kind: Kind,
}

/// The files of a run in their stable order.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Listed>,
    /// Paths that could not be walked.
    pub issues: Vec<WalkIssue>,
}

/// The name standard input's records are listed under.
pub const STDIN_NAME: &str = "stdin.jsonl";

/// A file found by the walk, before its kind is known.
struct Found {
    rel: String,
    source: PathBuf,
    /// Its path inside its input, which globs and groups are taken from.
    inner: String,
    bytes: u64,
}

/// Whether a file of this name holds records.
pub fn kind_of(name: &str, format: InputFormat) -> Kind {
    match format {
        InputFormat::Text => Kind::Text,
        InputFormat::Jsonl => Kind::Records,
        InputFormat::Auto => {
            let lower = name.to_ascii_lowercase();
            let lower = Compression::of_name(&lower).strip(&lower);
            if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
                Kind::Records
            } else {
                Kind::Text
            }
        }
    }
}

/// Walk `inputs` and number their files. With one input directory, relative
/// paths are taken inside it; with several inputs, each input's name prefixes
/// the paths of its files so that they cannot collide.
///
/// The entries at the top of an input directory are listed first; the
/// directories among them are then walked in parallel (listing and `stat`
/// calls dominate on large trees) and their files merged in sorted order.
pub fn walk(inputs: &[PathBuf], settings: &WalkSettings, group_by: GroupBy) -> Result<Listing> {
    let include = glob_set(&settings.include)?;
    let exclude = glob_set(&settings.exclude)?;
    let prefix_with_input_name = inputs.len() > 1;

    let mut found: Vec<Found> = Vec::new();
    let mut issues = Vec::new();
    let mut seen_names = BTreeMap::new();
    let mut stdin = false;

    for input in inputs {
        if input.as_os_str() == "-" {
            if std::mem::replace(&mut stdin, true) {
                return Err(Error::InputNameClash {
                    name: "-".to_string(),
                });
            }
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|_| Error::InputMissing {
            path: input.clone(),
        })?;
        let input_name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".to_string());
        if prefix_with_input_name && seen_names.insert(input_name.clone(), ()).is_some() {
            return Err(Error::InputNameClash { name: input_name });
        }

        if meta.is_file() {
            found.push(Found {
                rel: input_name.clone(),
                source: input.clone(),
                inner: input_name,
                bytes: meta.len(),
            });
            continue;
        }

        let keep = |inner: String, path: PathBuf, bytes: u64| -> Option<Found> {
            if !include.is_empty() && !include.is_match(&inner) {
                return None;
            }
            if exclude.is_match(&inner) {
                return None;
            }
            let rel = if prefix_with_input_name {
                format!("{input_name}/{inner}")
            } else {
                inner.clone()
            };
            Some(Found {
                rel,
                source: path,
                inner,
                bytes,
            })
        };
        let top = list_tree(input, input, settings, Some(1));
        issues.extend(top.issues);
        let mut subdirectories = Vec::new();
        for entry in top.entries {
            if entry.file_type().is_dir() {
                subdirectories.push(entry.into_path());
            } else if entry.file_type().is_file() {
                let inner = relative_slash_path(entry.path(), input);
                let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.extend(keep(inner, entry.into_path(), bytes));
            }
        }
        let walked: Vec<(Vec<Found>, Vec<WalkIssue>)> = subdirectories
            .par_iter()
            .map(|dir| {
                let tree = list_tree(dir, input, settings, None);
                let files = tree
                    .entries
                    .into_iter()
                    .filter(|entry| entry.file_type().is_file())
                    .filter_map(|entry| {
                        let inner = relative_slash_path(entry.path(), input);
                        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
                        keep(inner, entry.into_path(), bytes)
                    })
                    .collect();
                (files, tree.issues)
            })
            .collect();
        for (files, tree_issues) in walked {
            found.extend(files);
            issues.extend(tree_issues);
        }
    }
    if stdin {
        found.push(Found {
            rel: STDIN_NAME.to_string(),
            source: PathBuf::from("-"),
            inner: STDIN_NAME.to_string(),
            bytes: 0,
        });
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.dedup_by(|later, earlier| later.rel == earlier.rel);

    let files = found
        .into_iter()
        .map(|file| {
            let is_stdin = file.source.as_os_str() == "-" && file.rel == STDIN_NAME;
            let (input, compression, kind) = if is_stdin {
                // Compression shows in the stream's first bytes.
                (Input::Stdin, Compression::None, Kind::Records)
            } else {
                (
                    Input::Path(file.source),
                    Compression::of_name(&file.rel),
                    kind_of(&file.rel, settings.format),
                )
            };
            Listed {
                group: group_of(&file.inner, group_by),
                rel: file.rel,
                input,
                bytes: file.bytes,
                compression,
                kind,
            }
        })
        .collect();
    Ok(Listing { files, issues })
}

/// What one walkdir walk found below `dir`.
struct Tree {
    entries: Vec<walkdir::DirEntry>,
    issues: Vec<WalkIssue>,
}

/// Every entry below `dir` (not `dir` itself), down to `max_depth` levels,
/// hidden ones skipped unless asked for.
fn list_tree(dir: &Path, input: &Path, settings: &WalkSettings, max_depth: Option<usize>) -> Tree {
    let mut walker = WalkDir::new(dir)
        .follow_links(settings.follow_symlinks)
        .sort_by_file_name()
        .min_depth(1);
    if let Some(depth) = max_depth {
        walker = walker.max_depth(depth);
    }
    let mut tree = Tree {
        entries: Vec::new(),
        issues: Vec::new(),
    };
    let walker = walker
        .into_iter()
        .filter_entry(|entry| settings.hidden || !is_hidden(entry.path()));
    for entry in walker {
        match entry {
            Ok(entry) => tree.entries.push(entry),
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| input.display().to_string());
                tree.issues.push(WalkIssue {
                    path,
                    issue: DocIssue::Unreadable {
                        message: err.to_string(),
                    },
                });
            }
        }
    }
    tree
}

/// The group of a document from its path inside its input: its first `n`
/// directories, or "" (the root group) for a file standing higher up.
pub fn group_of(inner: &str, group_by: GroupBy) -> String {
    match group_by {
        GroupBy::None => String::new(),
        GroupBy::Dir(0) => String::new(),
        GroupBy::Dir(n) => {
            // The first n directories, or all of them if there are fewer.
            let end = (inner.match_indices('/').nth(n - 1))
                .map(|(at, _)| at)
                .or_else(|| inner.rfind('/'))
                .unwrap_or(0);
            inner[..end].to_string()
        }
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn relative_slash_path(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut slashed = String::with_capacity(rel.as_os_str().len());
    for component in rel.components() {
        if let Component::Normal(part) = component {
            if !slashed.is_empty() {
                slashed.push('/');
            }
            slashed.push_str(&part.to_string_lossy());
        }
    }
    slashed
}

fn glob_set(globs: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        // A glob without a '/' matches a file name at any depth, as in .gitignore.
        let pattern = if glob.contains('/') {
            glob.clone()
        } else {
            format!("**/{glob}")
        };
        builder.add(Glob::new(&pattern).map_err(|e| Error::Glob {
            glob: glob.clone(),
            reason: e.to_string(),
        })?);
    }
    builder.build().map_err(|e| Error::Glob {
        glob: globs.join(" "),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_leading_directories() {
        assert_eq!(group_of("site01/a/b.txt", GroupBy::Dir(1)), "site01");
        assert_eq!(group_of("site01/a/b.txt", GroupBy::Dir(2)), "site01/a");
        assert_eq!(group_of("site01/a/b.txt", GroupBy::Dir(5)), "site01/a");
        assert_eq!(group_of("top.txt", GroupBy::Dir(1)), "");
        assert_eq!(group_of("site01/a/b.txt", GroupBy::None), "");
    }

    proptest::proptest! {
        #[test]
        fn a_group_is_the_first_directories_joined(inner in "[ab/]{0,12}", n in 0usize..5) {
            let dirs: Vec<&str> = inner.split('/').collect();
            let depth = dirs.len().saturating_sub(1).min(n);
            proptest::prop_assert_eq!(group_of(&inner, GroupBy::Dir(n)), dirs[..depth].join("/"));
        }
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_filtering_globs() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            "b/2.txt",
            "a/1.txt",
            "a/.hidden.txt",
            ".git/x.txt",
            "a/skip.log",
        ] {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "x").unwrap();
        }
        let settings = WalkSettings {
            exclude: vec!["*.log".into()],
            max_file_bytes: 1 << 20,
            ..WalkSettings::default()
        };
        let listing = walk(&[dir.path().to_path_buf()], &settings, GroupBy::Dir(1)).unwrap();
        let rels: Vec<&str> = listing.files.iter().map(|d| d.rel.as_str()).collect();
        assert_eq!(rels, ["a/1.txt", "b/2.txt"]);
        let groups: Vec<&str> = listing.files.iter().map(|d| d.group.as_str()).collect();
        assert_eq!(groups, ["a", "b"]);

        let with_hidden = WalkSettings {
            hidden: true,
            ..settings
        };
        let listing = walk(&[dir.path().to_path_buf()], &with_hidden, GroupBy::Dir(1)).unwrap();
        assert_eq!(listing.files.len(), 4);
    }

    #[test]
    fn json_lines_are_known_by_extension_or_format() {
        assert_eq!(kind_of("a/b.jsonl", InputFormat::Auto), Kind::Records);
        assert_eq!(kind_of("a/b.NDJSON.zst", InputFormat::Auto), Kind::Records);
        assert_eq!(kind_of("a/b.jsonl.gz", InputFormat::Auto), Kind::Records);
        assert_eq!(kind_of("a/b.txt.gz", InputFormat::Auto), Kind::Text);
        assert_eq!(kind_of("a/b.json", InputFormat::Auto), Kind::Text);
        assert_eq!(kind_of("a/b.txt", InputFormat::Jsonl), Kind::Records);
        assert_eq!(kind_of("a/b.jsonl", InputFormat::Text), Kind::Text);
    }
}
