//! Lists the documents under the inputs, in a stable order.
//!
//! Invariants: the same tree gives the same [`Corpus`] on every machine and
//! thread count (paths are sorted before ids are given); hidden entries and
//! symbolic links are passed over unless asked for; a directory that cannot
//! be read is recorded, not fatal.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use super::{Corpus, DocId, DocIssue, DocRef, GroupId, WalkIssue};
use crate::error::{Error, Result};
use crate::settings::{GroupBy, WalkSettings};

/// Walk `inputs` and number their files. With one input directory, relative
/// paths are taken inside it; with several inputs, each input's name prefixes
/// the paths of its files so that they cannot collide.
pub fn walk(inputs: &[PathBuf], settings: &WalkSettings, group_by: GroupBy) -> Result<Corpus> {
    let include = glob_set(&settings.include)?;
    let exclude = glob_set(&settings.exclude)?;
    let prefix_with_input_name = inputs.len() > 1;

    let mut found: BTreeMap<String, (PathBuf, String, u64)> = BTreeMap::new();
    let mut issues = Vec::new();
    let mut seen_names = BTreeMap::new();

    for input in inputs {
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
            let rel = input_name.clone();
            found.insert(rel.clone(), (input.clone(), rel, meta.len()));
            continue;
        }

        let walker = WalkDir::new(input)
            .follow_links(settings.follow_symlinks)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                settings.hidden || entry.depth() == 0 || !is_hidden(entry.path())
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| input.display().to_string());
                    issues.push(WalkIssue {
                        path,
                        issue: DocIssue::Unreadable {
                            message: err.to_string(),
                        },
                    });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let inner = relative_slash_path(entry.path(), input);
            if !include.is_empty() && !include.is_match(&inner) {
                continue;
            }
            if exclude.is_match(&inner) {
                continue;
            }
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            let rel = if prefix_with_input_name {
                format!("{input_name}/{inner}")
            } else {
                inner.clone()
            };
            found.insert(rel.clone(), (entry.into_path(), inner, bytes));
        }
    }

    let mut corpus = Corpus {
        issues,
        ..Corpus::default()
    };
    let mut group_ids: BTreeMap<String, GroupId> = BTreeMap::new();
    // Group names are numbered in first-seen order of the sorted paths, which
    // is itself stable.
    for (index, (rel, (source, inner, bytes))) in found.into_iter().enumerate() {
        let group_name = group_of(&inner, group_by);
        let next = GroupId(group_ids.len() as u32);
        let group = *group_ids.entry(group_name.clone()).or_insert_with(|| {
            corpus.groups.push(group_name);
            next
        });
        corpus.docs.push(DocRef {
            id: DocId(index as u32),
            source,
            rel,
            group,
            bytes,
        });
    }
    Ok(corpus)
}

/// The group of a document from its path inside its input: its first `n`
/// directories, or "" (the root group) for a file standing higher up.
pub fn group_of(inner: &str, group_by: GroupBy) -> String {
    match group_by {
        GroupBy::None => String::new(),
        GroupBy::Dir(n) => {
            let dirs: Vec<&str> = inner.split('/').collect();
            let depth = dirs.len().saturating_sub(1).min(n);
            dirs[..depth].join("/")
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
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
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
        let corpus = walk(&[dir.path().to_path_buf()], &settings, GroupBy::Dir(1)).unwrap();
        let rels: Vec<&str> = corpus.docs.iter().map(|d| d.rel.as_str()).collect();
        assert_eq!(rels, ["a/1.txt", "b/2.txt"]);
        assert_eq!(corpus.groups, ["a", "b"]);

        let with_hidden = WalkSettings {
            hidden: true,
            ..settings
        };
        let corpus = walk(&[dir.path().to_path_buf()], &with_hidden, GroupBy::Dir(1)).unwrap();
        assert_eq!(corpus.docs.len(), 4);
    }
}
