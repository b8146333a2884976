//! `gleaner.toml`: every option of `gleaner clean` in a file.
//!
//! Keys are the long flag names (`bp-min-docs = 5`, `include = ["*.txt"]`).
//! The file is `--config FILE`, or `$GLEANER_CONFIG`, or `gleaner.toml` in the
//! current directory if there is one. A value from the file applies where
//! neither a flag nor an environment variable gave one: flag > environment >
//! file > default, resolved in [`apply`] and nowhere else.

use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;

use super::args::CleanArgs;

/// The file looked for in the current directory.
pub const DEFAULT_FILE: &str = "gleaner.toml";

/// The options a config file may set.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    report: Option<PathBuf>,
    threads: Option<usize>,
    max_memory: Option<Size>,
    keep_state: Option<bool>,
    keep_input_cache: Option<bool>,
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    hidden: Option<bool>,
    follow_symlinks: Option<bool>,
    max_file_size: Option<Size>,
    format: Option<String>,
    text_field: Option<String>,
    id_field: Option<String>,
    group_field: Option<String>,
    meta_field: Option<String>,
    encoding: Option<String>,
    normalize: Option<String>,
    group_by: Option<String>,
    disable_rule: Option<Vec<String>>,
    rules: Option<Vec<PathBuf>>,
    bp_min_docs: Option<u32>,
    bp_min_share: Option<f64>,
    bp_max_body_share: Option<f64>,
    bp_min_inserted_share: Option<f64>,
    anchor_min_weight: Option<u32>,
    dup_min_weight: Option<u32>,
    fold_script: Option<bool>,
    near_dup_threshold: Option<f64>,
    keep: Option<String>,
}

/// A size written as bytes (`1048576`) or with a unit (`"512M"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

/// A size from the file, in bytes.
fn size(value: Option<Size>, key: &str) -> Result<Option<u64>, String> {
    match value {
        Some(Size::Bytes(bytes)) => Ok(Some(bytes)),
        Some(Size::Text(text)) => super::args::parse_size(&text)
            .map(Some)
            .map_err(|e| format!("{key}: {e}")),
        None => Ok(None),
    }
}

/// Which file to read: the one named, else `gleaner.toml` here if present.
pub fn locate(named: Option<&Path>) -> Option<PathBuf> {
    match named {
        Some(path) => Some(path.to_path_buf()),
        None => Path::new(DEFAULT_FILE)
            .is_file()
            .then(|| PathBuf::from(DEFAULT_FILE)),
    }
}

pub fn load(path: &Path) -> Result<ConfigFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("could not read config file {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("config file {}: {e}", path.display()))
}

/// Fill every option of `args` that no flag or environment variable set
/// from `file`, parsing values exactly as the flags are parsed.
pub fn apply(file: ConfigFile, matches: &ArgMatches, args: &mut CleanArgs) -> Result<(), String> {
    let unset = |id: &str| {
        matches!(
            matches.value_source(id),
            None | Some(ValueSource::DefaultValue)
        )
    };
    macro_rules! fill {
        ($id:literal, $field:expr, $value:expr) => {
            if let Some(value) = $value {
                if unset($id) {
                    $field = value;
                }
            }
        };
    }
    fill!("report", args.report, file.report.map(Some));
    fill!("threads", args.threads, file.threads);
    fill!(
        "max_memory",
        args.max_memory,
        size(file.max_memory, "max-memory")?.map(Some)
    );
    fill!("keep_state", args.keep_state, file.keep_state);
    fill!(
        "keep_input_cache",
        args.keep_input_cache,
        file.keep_input_cache
    );
    fill!("include", args.walk.include, file.include);
    fill!("exclude", args.walk.exclude, file.exclude);
    fill!("hidden", args.walk.hidden, file.hidden);
    fill!(
        "follow_symlinks",
        args.walk.follow_symlinks,
        file.follow_symlinks
    );
    let max_file_size = size(file.max_file_size, "max-file-size")?;
    fill!("max_file_size", args.walk.max_file_size, max_file_size);
    let format = value_enum(file.format, "format", "auto, text or jsonl")?;
    fill!("format", args.walk.format, format);
    fill!("text_field", args.walk.text_field, file.text_field);
    fill!("id_field", args.walk.id_field, file.id_field.map(Some));
    fill!(
        "group_field",
        args.walk.group_field,
        file.group_field.map(Some)
    );
    fill!("meta_field", args.walk.meta_field, file.meta_field);
    fill!("encoding", args.text.encoding, file.encoding.map(Some));
    let form = value_enum(file.normalize, "normalize", "nfkc, nfc or none")?;
    fill!("form", args.text.form, form);
    let group_by = file
        .group_by
        .map(|v| super::args::parse_group_by(&v).map_err(|e| format!("group-by: {e}")))
        .transpose()?;
    fill!("group_by", args.rules.group_by, group_by);
    fill!("disable_rule", args.rules.disable_rule, file.disable_rule);
    fill!("rules", args.rules.rules, file.rules);
    fill!("bp_min_docs", args.rules.bp_min_docs, file.bp_min_docs);
    fill!("bp_min_share", args.rules.bp_min_share, file.bp_min_share);
    fill!(
        "bp_max_body_share",
        args.rules.bp_max_body_share,
        file.bp_max_body_share
    );
    fill!(
        "bp_min_inserted_share",
        args.rules.bp_min_inserted_share,
        file.bp_min_inserted_share
    );
    fill!(
        "anchor_min_weight",
        args.rules.anchor_min_weight,
        file.anchor_min_weight
    );
    fill!(
        "dup_min_weight",
        args.rules.dup_min_weight,
        file.dup_min_weight
    );
    fill!("fold_script", args.rules.fold_script, file.fold_script);
    fill!(
        "near_dup_threshold",
        args.rules.near_dup_threshold,
        file.near_dup_threshold
    );
    let keep = value_enum(file.keep, "keep", "first or longest")?;
    fill!("keep", args.rules.keep, keep);

    Ok(())
}

/// A file value naming one of a flag's choices (any case).
fn value_enum<T: clap::ValueEnum>(
    value: Option<String>,
    key: &str,
    choices: &str,
) -> Result<Option<T>, String> {
    value
        .map(|v| T::from_str(&v, true).map_err(|_| format!("{key}: {v:?} is not {choices}")))
        .transpose()
}
