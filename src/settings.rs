//! Resolved, validated options for a run: what the library sees.
//!
//! The CLI (or any embedding program) builds one [`Settings`]; no other part
//! of the library knows about flags. Every threshold that decides a removal
//! lives here with its meaning and default, so the report can echo the exact
//! settings a run used.

use std::path::PathBuf;
use std::sync::Arc;

use crate::corpus::jsonl::RecordFields;
use crate::decide::pack::RulePack;
use crate::index::KeepPolicy;

use serde::{Deserialize, Serialize};

/// Default of [`Settings::index_memory`].
pub const DEFAULT_INDEX_MEMORY: u64 = 16 << 20;

/// Unicode form of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NormalForm {
    /// Compatibility composition: full-width forms become ASCII, ligatures split.
    Nfkc,
    /// Canonical composition only: the text keeps its full-width forms.
    Nfc,
    /// No Unicode normalization (line ends, controls and spacing are still fixed).
    None,
}

/// How documents are assigned to groups (sources, sites) for boilerplate counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// The first `n` directory levels of the document's path inside its input.
    Dir(usize),
    /// One group for the whole corpus.
    None,
}

/// How the walker tells text files from JSON Lines containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// By extension: `.jsonl` and `.ndjson` (compressed or not) hold records.
    #[default]
    Auto,
    /// Every file is one document.
    Text,
    /// Every file holds records.
    Jsonl,
}

/// Which documents the walker picks up.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct WalkSettings {
    /// Globs matched against the path relative to its input; empty means all files.
    pub include: Vec<String>,
    /// Globs matched against the path relative to its input; a match is skipped.
    pub exclude: Vec<String>,
    /// Walk into hidden files and directories (names starting with '.').
    pub hidden: bool,
    /// Follow symbolic links (files and directories).
    pub follow_symlinks: bool,
    /// Files (and records) larger than this many bytes are skipped and
    /// reported; for a compressed file, its decompressed size counts.
    pub max_file_bytes: u64,
    #[serde(default)]
    pub format: InputFormat,
    /// The fields of JSON Lines records.
    #[serde(default)]
    pub records: RecordFields,
}

/// Thresholds of the boilerplate rules (template text of a group).
#[derive(Debug, Clone, Serialize)]
pub struct BoilerplateSettings {
    /// Turn the frequency rule (and the footer-run rule built on it) on or off.
    pub enabled: bool,
    /// A line must occur in at least this many documents of its group.
    pub min_docs: u32,
    /// ... and in at least this share of the group's documents.
    pub min_share: f64,
    /// A frequent line that stands inside the body of more than this share of
    /// the documents carrying it is content (a recurring heading), not template.
    pub max_body_share: f64,
    /// Lines at least this heavy that are not frequent are body text ("anchors");
    /// the body of a document runs from its first anchor to its last.
    pub anchor_min_weight: u32,
    /// Remove short lines standing between template lines after the body.
    pub footer_runs: bool,
    /// Apply the single-page rule pack ([`Settings::pack`]).
    pub patterns: bool,
    /// Remove stubs (a '0', a bullet) standing between removed lines
    /// outside the body.
    pub stubs: bool,
    /// Remove columns of short lines outside the body (menus laid out one
    /// link a line).
    pub menu_columns: bool,
    /// Remove the page numbers of a text extracted from printed pages, and
    /// the running heads beside them.
    pub running_heads: bool,
    /// Remove the label of a summary that opens the article and that the
    /// body says again.
    pub summary_labels: bool,
    /// Remove page titles that end in the site's name and repeat a title
    /// line of their document.
    pub site_titles: bool,
    /// Remove frequent lines that stand inside bodies as inserted sentences
    /// (an ad or a prompt between two paragraphs).
    pub inserted: bool,
    /// A frequent line that stands inside the body as an inserted sentence
    /// in at least this share of the documents where it stands inside the
    /// body is inserted text, not content.
    pub min_inserted_share: f64,
}

/// Thresholds of the duplicate rules (content seen before).
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateSettings {
    /// Remove documents whose whole normalized text was seen before.
    pub documents: bool,
    /// Remove lines whose text was seen before.
    pub blocks: bool,
    /// Remove sentences whose text was seen before.
    pub sentences: bool,
    /// Remove a clause that repeats the clause just before it.
    pub clauses: bool,
    /// Remove lines and sentences covered by a repeated span.
    pub spans: bool,
    /// Remove what is left of a document that is mostly a copy.
    pub residue: bool,
    /// A repeated line is removed only if its weight reaches this
    /// (shorter lines are headings and list items that legitimately recur).
    pub block_min_weight: u32,
    /// Content keys fold Traditional Chinese to Simplified, so a copy in the
    /// other script is a copy.
    pub fold_script: bool,
    /// Drop documents whose content is nearly that of another
    /// ([`crate::index::near`]).
    pub near_documents: bool,
    /// Least estimated Jaccard similarity of two near-duplicates.
    pub near_threshold: f64,
    /// Which document of a cluster of near-duplicates stays.
    pub keep: KeepPolicy,
}

/// Everything a cleaning run needs to know.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Files or directories to clean.
    pub inputs: Vec<PathBuf>,
    /// Directory that receives the cleaned mirror of the inputs.
    pub output: PathBuf,
    /// Directory that receives the provenance report.
    pub report: PathBuf,
    /// Write only the report, no cleaned files.
    pub dry_run: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Bytes each of the index's growing tables (span entries, the pairs
    /// of template keys, lines and sentences) holds at a time; past it, a
    /// table is partitioned by key and spilled to files in the report
    /// directory, and reduced one partition at a time. Changes how much
    /// memory the index takes, never its result.
    pub index_memory: u64,
    /// Memory the whole run may take, about, if bounded (`--max-memory`):
    /// the index's tables then share what the documents' own records leave
    /// of it instead of holding `index_memory` each.
    pub max_memory: Option<u64>,
    /// Keep the state of pass 1 ([`crate::state`]) after the run, so that
    /// a run with other pass-2 thresholds can skip pass 1.
    pub keep_state: bool,
    /// Leave the pages of large inputs in the page cache once read
    /// ([`crate::corpus::read::drops_cache`]). Changes what the machine
    /// caches after the run, never the result.
    pub keep_input_cache: bool,
    pub walk: WalkSettings,
    /// Decode every file with this WHATWG encoding label instead of detecting.
    pub encoding: Option<String>,
    pub normal_form: NormalForm,
    pub group_by: GroupBy,
    pub boilerplate: BoilerplateSettings,
    pub duplicates: DuplicateSettings,
    /// The single-page rules: the shipped pack, user packs, minus the rules
    /// switched off.
    pub pack: Arc<RulePack>,
}

impl Default for BoilerplateSettings {
    fn default() -> Self {
        BoilerplateSettings {
            enabled: true,
            min_docs: 3,
            min_share: 0.05,
            max_body_share: 0.25,
            anchor_min_weight: 80,
            footer_runs: true,
            patterns: true,
            stubs: true,
            summary_labels: true,
            menu_columns: true,
            running_heads: true,
            site_titles: true,
            inserted: true,
            min_inserted_share: 0.3,
        }
    }
}

impl Default for DuplicateSettings {
    fn default() -> Self {
        DuplicateSettings {
            documents: true,
            blocks: true,
            sentences: true,
            clauses: true,
            spans: true,
            residue: true,
            block_min_weight: 40,
            fold_script: true,
            near_documents: true,
            near_threshold: 0.8,
            keep: KeepPolicy::First,
        }
    }
}

impl Settings {
    /// Whether the output is standard output (`-o -`): every document then
    /// goes out as a JSON Lines record.
    pub fn writes_stdout(&self) -> bool {
        self.output.as_os_str() == "-"
    }

    /// Settings with every default, for the given inputs and output.
    pub fn new(inputs: Vec<PathBuf>, output: PathBuf) -> Self {
        let report = default_report_dir(&output);
        Settings {
            inputs,
            output,
            report,
            dry_run: false,
            threads: 0,
            index_memory: DEFAULT_INDEX_MEMORY,
            max_memory: None,
            keep_state: false,
            keep_input_cache: false,
            walk: WalkSettings {
                max_file_bytes: 512 * 1024 * 1024,
                ..WalkSettings::default()
            },
            encoding: None,
            normal_form: NormalForm::Nfkc,
            group_by: GroupBy::Dir(1),
            boilerplate: BoilerplateSettings::default(),
            duplicates: DuplicateSettings::default(),
            pack: Arc::new(RulePack::shipped()),
        }
    }
}

/// `OUT.report` beside `OUT`, so the output holds nothing but the cleaned mirror.
pub fn default_report_dir(output: &std::path::Path) -> PathBuf {
    let mut name = output
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "gleaner-out".into());
    name.push(".report");
    output.with_file_name(name)
}
