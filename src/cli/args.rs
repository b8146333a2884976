//! Command-line flags, and their resolution into [`Settings`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use gleaner::decide::pack::RulePack;
use gleaner::decide::RuleId;
use gleaner::index::KeepPolicy;
use gleaner::settings::{default_report_dir, GroupBy, InputFormat, NormalForm, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "gleaner",
    version,
    about = "Clean scraped text corpora: remove site boilerplate and repeated content, with a report of every removal.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean INPUTs (directories or files) into OUT, and write a report.
    Clean(Box<CleanArgs>),
    /// List the removal rules and what each removes, the single-page pack's
    /// rules included.
    Rules {
        /// Also list the rules of these user packs.
        #[arg(long = "rules", value_name = "FILE")]
        packs: Vec<PathBuf>,
        /// Try every rule on its `examples` and `counterexamples`, and fail
        /// if one is not matched or the other is.
        #[arg(long)]
        check: bool,
    },
    /// Prove that a run lost nothing: every document's output plus the
    /// report's removed spans gives back its canonical text byte for byte.
    /// Exits non-zero and names the first mismatch otherwise.
    Verify {
        /// The input the run cleaned (for a run over several inputs, the
        /// directory that holds them).
        input: PathBuf,
        /// The run's output directory.
        output: PathBuf,
        /// The run's report directory [default: OUTPUT.report].
        report: Option<PathBuf>,
        /// Worker threads; 0 means one per core.
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Write the HTML audit page of a run: one self-contained file with the
    /// summary, bytes removed per rule and per group, the most removed
    /// blocks, and a document browser with every removal highlighted.
    Audit {
        /// The run's report directory.
        report: PathBuf,
        /// The page to write.
        #[arg(long = "html", short = 'o', value_name = "FILE")]
        page: PathBuf,
        /// The run's output directory [default: REPORT without `.report`].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Make a corpus of a chosen size (Chinese and English sites with
    /// templates and duplicates), clean it with `gleaner clean` and with a
    /// simple baseline, and report MB/s, CPU time and peak memory of each.
    Bench(Box<super::bench::BenchArgs>),
    /// Run one stage of a cleaning job cut into shards, so that shards run
    /// on different machines: `fingerprint` (pass 1) and `apply` (pass 2)
    /// once per shard, `merge` (the index) once between them, `report` once
    /// at the end. Every stage takes the INPUTs, -o and options that
    /// `gleaner clean` would, and together they write the same outputs and
    /// report.
    Shard(Box<ShardArgs>),
    /// The baseline of `gleaner bench`: drop every line seen before.
    #[command(hide = true)]
    BenchBaseline { input: PathBuf, output: PathBuf },
    /// Show one document of a run, or one line of it: each removed span
    /// marked with its rule and evidence, and for a kept line why no rule
    /// took it.
    Explain {
        /// The run's report directory.
        report: PathBuf,
        /// A document's path as the report gives it (relative to the
        /// input), with `:LINE` for one line.
        target: String,
        /// The run's output directory [default: REPORT without `.report`].
        #[arg(long, short = 'o', value_name = "DIR")]
        output: Option<PathBuf>,
        /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
        #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
        color: String,
    },
}

#[derive(Debug, Args)]
pub struct ShardArgs {
    /// fingerprint: pass 1 over one shard. merge: the index over every
    /// shard. apply: pass 2 over one shard, writing its outputs. report:
    /// the report of the whole job.
    #[arg(value_enum)]
    pub stage: StageArg,

    /// The shard of a fingerprint or apply stage, as K/N: shard K (from 0)
    /// of N.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,

    /// How many shards the job has (merge and report).
    #[arg(long, value_name = "N")]
    pub shards: Option<usize>,

    /// The directory where the stages leave their files for each other;
    /// every stage of a job must see the same one.
    #[arg(long, value_name = "DIR")]
    pub work: PathBuf,

    #[command(flatten)]
    pub clean: CleanArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    Fingerprint,
    Merge,
    Apply,
    Report,
}

/// `K/N` with K < N.
pub fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let usage = || format!("{text:?} is not a shard: give K/N, shard K (from 0) of N");
    let (k, n) = text.split_once('/').ok_or_else(usage)?;
    let k: usize = k.trim().parse().map_err(|_| usage())?;
    let n: usize = n.trim().parse().map_err(|_| usage())?;
    if n == 0 || k >= n {
        return Err(format!(
            "{text:?}: shards of N are numbered 0 to N-1, with N at least 1"
        ));
    }
    Ok((k, n))
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Directories or files to clean; `-` reads JSON Lines from standard
    /// input (gzip or zstd compressed, or not).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Directory for the cleaned files (mirrors the input tree); `-` writes
    /// every kept document to standard output as a JSON Lines record, in
    /// document order (needs --report).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,

    /// Directory for the report [default: OUT.report beside OUT].
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,

    /// Write only the report, no cleaned files.
    #[arg(long)]
    pub dry_run: bool,

    /// Also write the HTML audit page of the run to FILE (see `gleaner audit`).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// Worker threads [default: one per core].
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 0,
        env = "GLEANER_THREADS"
    )]
    pub threads: usize,

    /// Memory the run may take, about (e.g. 512M, 8G). The documents'
    /// own records are counted first; the index's tables that grow with
    /// the corpus (span entries, the pairs of template keys, lines and
    /// sentences) share the rest. Past its share, a table is cut into
    /// partitions of the key space (at most 256), each written to a file
    /// in the report directory as it is made and reduced on its own. The
    /// result is the same at any size. Without it each table holds 16 MiB
    /// at a time; a budget below what the documents need is reported and
    /// the tables are kept at their smallest.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_memory: Option<u64>,

    /// Keep what pass 1 made of every document (REPORT/.gleaner-state) after
    /// the run, so that a run with other thresholds skips pass 1. Without
    /// it the state is removed when the run ends; a killed run always
    /// leaves it, and its next run takes what it finished from there.
    #[arg(long)]
    pub keep_state: bool,

    /// Leave input files of 8 MiB and more in the page cache once read.
    /// Without it, their pages are dropped as they are read, so that the
    /// run's own files take them over instead of new memory; such a file
    /// is read again from disk at its full bandwidth. Smaller files, which
    /// cost a request each to read again, always stay cached.
    #[arg(long)]
    pub keep_input_cache: bool,

    /// Options file [default: gleaner.toml in the current directory, if any].
    #[arg(long, value_name = "FILE", env = "GLEANER_CONFIG")]
    pub config: Option<PathBuf>,

    /// Print the resolved settings as JSON and exit.
    #[arg(long, hide = true)]
    pub show_settings: bool,

    /// No progress bars and no summary table.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub text: TextArgs,

    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Which files")]
pub struct WalkArgs {
    /// Clean only paths matching GLOB (relative to the input; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip paths matching GLOB (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Also walk hidden files and directories.
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links.
    #[arg(long)]
    pub follow_symlinks: bool,

    /// Skip files and records larger than SIZE (e.g. 512M, 2G; of a
    /// compressed file, its decompressed size) and report them.
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// What files hold: `auto` reads `.jsonl` and `.ndjson` files as JSON
    /// Lines (one record per line) and the rest as text, each compressed or
    /// not (`.gz`, `.zst`); `text` and `jsonl` read every file so.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,

    /// JSON Lines: the field holding a record's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// JSON Lines: a field naming each record in the report (`id` in
    /// `documents.jsonl`); with `-o -`, the field text files are named in.
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,

    /// JSON Lines: group records by this field for boilerplate counts (a
    /// URL stands for its host) instead of by their file's directory.
    #[arg(long, value_name = "NAME")]
    pub group_field: Option<String>,

    /// JSON Lines: the key under which each output record gets gleaner's
    /// metadata (its name in the report, bytes removed per rule).
    #[arg(long, value_name = "NAME", default_value = "gleaner")]
    pub meta_field: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Auto,
    Text,
    Jsonl,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Text")]
pub struct TextArgs {
    /// Decode every file with this encoding (a WHATWG label such as gb18030,
    /// big5, shift_jis, windows-1252, utf-16le) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Unicode form of the cleaned text.
    #[arg(long = "normalize", value_enum, default_value_t = FormArg::Nfkc)]
    pub form: FormArg,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Rules")]
pub struct RuleArgs {
    /// Groups for boilerplate counts: `dir:N`, the first N directories of a
    /// path inside its input, or `none` for one group.
    #[arg(long, value_name = "dir:N|none", default_value = "dir:1", value_parser = parse_group_by)]
    pub group_by: GroupBy,

    /// Switch a rule off: a rule such as `duplicate-sentence`, or one rule
    /// of the single-page pack such as `page-share` (repeatable; `gleaner
    /// rules` lists them).
    #[arg(long, value_name = "RULE")]
    pub disable_rule: Vec<String>,

    /// Add the single-page rules of a pack file (TOML, in the form of the
    /// shipped rules/pack.toml; repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,

    /// Boilerplate: least number of documents of a group carrying a line.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub bp_min_docs: u32,

    /// Boilerplate: least share of a group's documents carrying a line.
    #[arg(long, value_name = "SHARE", default_value_t = 0.05)]
    pub bp_min_share: f64,

    /// Boilerplate: a frequent line standing inside the body of more than this
    /// share of its documents is content, not template.
    #[arg(long, value_name = "SHARE", default_value_t = 0.25)]
    pub bp_max_body_share: f64,

    /// Boilerplate: a frequent line that stands inside the body, as a lone
    /// sentence between two lines of body text, in at least this share of
    /// the documents where it stands inside the body is inserted text (an
    /// ad, a prompt), not content.
    #[arg(long, value_name = "SHARE", default_value_t = 0.3)]
    pub bp_min_inserted_share: f64,

    /// Weight from which a non-template line is body text (a CJK character
    /// weighs 2, any other letter or digit 1).
    #[arg(long, value_name = "WEIGHT", default_value_t = 80)]
    pub anchor_min_weight: u32,

    /// Duplicates: least weight of a line or sentence removed as a repeat
    /// (shorter ones are headings and list items that legitimately recur).
    #[arg(long, value_name = "WEIGHT", default_value_t = 40)]
    pub dup_min_weight: u32,

    /// Duplicates: read Traditional Chinese as Simplified when comparing
    /// content, so a copy in the other script is found (`--fold-script=false`
    /// to compare scripts as written).
    #[arg(long, value_name = "BOOL", default_value_t = true, num_args = 0..=1,
          default_missing_value = "true", action = clap::ArgAction::Set)]
    pub fold_script: bool,

    /// Near-duplicate documents: least estimated Jaccard similarity (MinHash
    /// over span fingerprints outside boilerplate) for a document to be
    /// dropped as a copy of another.
    #[arg(long, value_name = "SHARE", default_value_t = 0.8)]
    pub near_dup_threshold: f64,

    /// Near-duplicate documents: the copy each cluster keeps, the first in
    /// document order or the one with the most text outside boilerplate.
    #[arg(long, value_enum, default_value_t = KeepPolicy::First)]
    pub keep: KeepPolicy,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormArg {
    Nfkc,
    Nfc,
    None,
}

impl CleanArgs {
    /// Resolve the flags into the library's settings, checking ranges.
    pub fn resolve(&self) -> Result<Settings, String> {
        for (name, share) in [
            ("--bp-min-share", self.rules.bp_min_share),
            ("--bp-max-body-share", self.rules.bp_max_body_share),
            ("--bp-min-inserted-share", self.rules.bp_min_inserted_share),
            ("--near-dup-threshold", self.rules.near_dup_threshold),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(format!("{name} takes a share between 0 and 1, not {share}"));
            }
        }
        let mut settings = Settings::new(self.inputs.clone(), self.output.clone());
        settings.report = match &self.report {
            Some(report) => report.clone(),
            None if settings.writes_stdout() => {
                return Err(
                    "with -o - (records to standard output) the report needs a place: give --report DIR"
                        .to_string(),
                )
            }
            None => default_report_dir(&self.output),
        };
        settings.dry_run = self.dry_run;
        settings.threads = self.threads;
        settings.max_memory = self.max_memory;
        settings.keep_state = self.keep_state;
        settings.keep_input_cache = self.keep_input_cache;
        settings.walk.include = self.walk.include.clone();
        settings.walk.exclude = self.walk.exclude.clone();
        settings.walk.hidden = self.walk.hidden;
        settings.walk.follow_symlinks = self.walk.follow_symlinks;
        settings.walk.max_file_bytes = self.walk.max_file_size;
        settings.walk.format = match self.walk.format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
        };
        let records = &mut settings.walk.records;
        records.text = self.walk.text_field.clone();
        records.id = self.walk.id_field.clone();
        records.group = self.walk.group_field.clone();
        records.meta = self.walk.meta_field.clone();
        if records.meta == records.text {
            return Err(format!(
                "--meta-field and --text-field are both {:?}: give them different names",
                records.meta
            ));
        }
        settings.encoding = self.text.encoding.clone();
        settings.normal_form = match self.text.form {
            FormArg::Nfkc => NormalForm::Nfkc,
            FormArg::Nfc => NormalForm::Nfc,
            FormArg::None => NormalForm::None,
        };
        settings.group_by = self.rules.group_by;

        let mut disabled: Vec<RuleId> = Vec::new();
        let mut disabled_patterns: Vec<String> = Vec::new();
        for name in &self.rules.disable_rule {
            match <RuleId as clap::ValueEnum>::from_str(name, false) {
                Ok(rule) => disabled.push(rule),
                Err(_) => disabled_patterns.push(name.clone()),
            }
        }
        // The settings hold the shipped pack already: it is compiled again
        // only with other packs or without some of its rules.
        if !self.rules.rules.is_empty() || !disabled_patterns.is_empty() {
            let pack =
                RulePack::load(&self.rules.rules, &disabled_patterns).map_err(|e| e.to_string())?;
            if let Some(unknown) = disabled_patterns.iter().find(|id| !pack.defines(id)) {
                return Err(format!(
                    "--disable-rule: unknown rule {unknown:?} (see `gleaner rules`)"
                ));
            }
            settings.pack = std::sync::Arc::new(pack);
        }
        let bp = &mut settings.boilerplate;
        bp.patterns = !disabled.contains(&RuleId::BoilerplatePattern);
        bp.stubs = !disabled.contains(&RuleId::BoilerplateStub);
        bp.menu_columns = !disabled.contains(&RuleId::BoilerplateMenuColumn);
        bp.running_heads = !disabled.contains(&RuleId::BoilerplateRunningHead);
        bp.summary_labels = !disabled.contains(&RuleId::BoilerplateSummaryLabel);
        bp.site_titles = !disabled.contains(&RuleId::BoilerplateSiteTitle);
        bp.enabled = !disabled.contains(&RuleId::BoilerplateFrequency);
        bp.footer_runs = !disabled.contains(&RuleId::BoilerplateFooterRun);
        bp.min_docs = self.rules.bp_min_docs.max(1);
        bp.min_share = self.rules.bp_min_share;
        bp.max_body_share = self.rules.bp_max_body_share;
        bp.inserted = !disabled.contains(&RuleId::BoilerplateInserted);
        bp.min_inserted_share = self.rules.bp_min_inserted_share;
        bp.anchor_min_weight = self.rules.anchor_min_weight;
        let dup = &mut settings.duplicates;
        dup.documents = !disabled.contains(&RuleId::DuplicateDocument);
        dup.blocks = !disabled.contains(&RuleId::DuplicateBlock);
        dup.sentences = !disabled.contains(&RuleId::DuplicateSentence);
        dup.clauses = !disabled.contains(&RuleId::RepeatedClause);
        dup.residue = !disabled.contains(&RuleId::DuplicateResidue);
        dup.spans = !disabled.contains(&RuleId::DuplicateSpan);
        dup.block_min_weight = self.rules.dup_min_weight;
        dup.fold_script = self.rules.fold_script;
        dup.near_documents = !disabled.contains(&RuleId::NearDuplicate);
        dup.near_threshold = self.rules.near_dup_threshold;
        dup.keep = self.rules.keep;
        Ok(settings)
    }
}

pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| {
        format!("{text:?} is not a size: write a number with an optional K, M or G")
    })?;
    let factor: u64 = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        other => return Err(format!("unknown size unit {other:?}: use K, M, G or T")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("{text:?} is too large"))
}

pub fn parse_group_by(text: &str) -> Result<GroupBy, String> {
    let bad = || format!("{text:?}: write dir:N (N ≥ 0) or none");
    match text.trim() {
        "none" => Ok(GroupBy::None),
        other => {
            let depth = other.strip_prefix("dir:").ok_or_else(bad)?;
            depth.parse().map(GroupBy::Dir).map_err(|_| bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse() {
        assert_eq!(parse_shard("0/1"), Ok((0, 1)));
        assert_eq!(parse_shard("3/16"), Ok((3, 16)));
        for bad in ["1/1", "0/0", "3", "a/2", "-1/2", "2/"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_and_groups_parse() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("12Q").is_err());
        assert_eq!(parse_group_by("dir:2"), Ok(GroupBy::Dir(2)));
        assert_eq!(parse_group_by("none"), Ok(GroupBy::None));
        assert!(parse_group_by("site").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
