//! `gleaner bench`: make a corpus of a chosen size, clean it with `gleaner
//! clean` and with a simple baseline in the same run, and report wall time,
//! MB/s, CPU time, peak memory and memory per document of each.
//!
//! Both run as child processes of the bench, so that each one's peak
//! resident memory is its own (`wait4`'s resource usage).

pub mod generate;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;
use xxhash_rust::xxh3::xxh3_64;

use generate::{generate, Layout, Made};
use gleaner::corpus::compression::Compression;
use gleaner::report::summary::human_bytes;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Size of the corpus to make (text bytes, e.g. 500M, 1G, 4G).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = super::args::parse_size)]
    pub size: u64,

    /// How the corpus is stored.
    #[arg(long, value_enum, default_value_t = Layout::Jsonl)]
    pub layout: Layout,

    /// Where the corpus and the outputs go; a corpus made before with the
    /// same size, layout and seed is used again.
    #[arg(long, value_name = "DIR", default_value = "target/bench")]
    pub dir: PathBuf,

    /// Seed of the corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Only make the corpus.
    #[arg(long)]
    pub generate_only: bool,

    /// Skip the baseline.
    #[arg(long)]
    pub no_baseline: bool,

    /// Further options of `gleaner clean` (after `--`).
    #[arg(last = true, value_name = "CLEAN OPTIONS")]
    pub clean: Vec<String>,
}

/// What one measured run took.
struct Measured {
    wall: Duration,
    user: Duration,
    system: Duration,
    /// Peak resident memory, bytes.
    peak: u64,
}

pub fn bench(args: &BenchArgs) -> anyhow::Result<()> {
    let name = format!(
        "corpus-{}-{}-seed{}",
        format!("{:?}", args.layout).to_lowercase(),
        args.size,
        args.seed
    );
    let corpus = args.dir.join(&name);
    let marker = args.dir.join(format!(".{name}.made"));
    let made = match std::fs::read_to_string(&marker) {
        Ok(text) => {
            let mut numbers = text.split_whitespace().map(str::parse::<u64>);
            match (numbers.next(), numbers.next()) {
                (Some(Ok(documents)), Some(Ok(bytes))) => Some(Made { documents, bytes }),
                _ => None,
            }
        }
        Err(_) => None,
    };
    let made = match made {
        Some(made) => {
            eprintln!("using the corpus in {}", corpus.display());
            made
        }
        None => {
            let _ = std::fs::remove_dir_all(&corpus);
            eprintln!(
                "making a {} corpus in {} ...",
                human_bytes(args.size),
                corpus.display()
            );
            let started = Instant::now();
            let made = generate(&corpus, args.size, args.layout, args.seed)
                .with_context(|| format!("could not make the corpus in {}", corpus.display()))?;
            std::fs::write(&marker, format!("{} {}\n", made.documents, made.bytes))
                .with_context(|| format!("could not write {}", marker.display()))?;
            eprintln!(
                "made {} documents, {} of text, in {:.1} s",
                made.documents,
                human_bytes(made.bytes),
                started.elapsed().as_secs_f64()
            );
            made
        }
    };
    if args.generate_only {
        return Ok(());
    }
    let exe = std::env::current_exe().context("could not find the gleaner binary")?;
    let mut rows = Vec::new();
    if !args.no_baseline {
        let out = args.dir.join("out-baseline");
        let _ = std::fs::remove_dir_all(&out);
        let mut command = Command::new(&exe);
        command.arg("bench-baseline").arg(&corpus).arg(&out);
        rows.push((
            "baseline: drop every line seen before, one thread",
            measure(&mut command)?,
        ));
    }
    let out = args.dir.join("out-gleaner");
    let _ = std::fs::remove_dir_all(&out);
    let mut command = Command::new(&exe);
    command
        .arg("clean")
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .arg("-q");
    if args.layout != Layout::Text {
        command.args(["--group-field", "url"]);
    }
    command.args(&args.clean);
    rows.push(("gleaner clean, every rule on", measure(&mut command)?));

    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "corpus: {} documents, {} of text ({:?}, seed {}), {} bytes per document",
        made.documents,
        human_bytes(made.bytes),
        args.layout,
        args.seed,
        made.bytes / made.documents.max(1)
    )?;
    writeln!(
        stdout,
        "{:<52} {:>9} {:>8} {:>9} {:>9} {:>10} {:>8} {:>10}",
        "run", "wall s", "MB/s", "user s", "sys s", "peak RSS", "of input", "RSS/doc"
    )?;
    for (name, m) in rows {
        writeln!(
            stdout,
            "{:<52} {:>9.2} {:>8.1} {:>9.2} {:>9.2} {:>10} {:>7.0}% {:>10}",
            name,
            m.wall.as_secs_f64(),
            made.bytes as f64 / 1e6 / m.wall.as_secs_f64().max(1e-9),
            m.user.as_secs_f64(),
            m.system.as_secs_f64(),
            human_bytes(m.peak),
            100.0 * m.peak as f64 / made.bytes.max(1) as f64,
            format!("{} B", m.peak / made.documents.max(1)),
        )?;
    }
    Ok(())
}

/// Run `command` to its end and measure it.
fn measure(command: &mut Command) -> anyhow::Result<Measured> {
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("could not run {command:?}"))?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the child is ours
    // and reaped here once (std's `Child` is not waited on afterwards).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped < 0 {
        bail!(
            "could not wait for {command:?}: {}",
            std::io::Error::last_os_error()
        );
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{command:?} failed (wait status {status})");
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Measured {
        wall,
        user: time(usage.ru_utime),
        system: time(usage.ru_stime),
        peak: usage.ru_maxrss as u64 * 1024,
    })
}

/// The baseline: every file in sorted path order, on one thread; a line
/// (of a text, or of a record's `text`) whose exact text was seen before is
/// dropped. What the simplest exact-dedup cleaner does.
pub fn baseline(input: &Path, output: &Path) -> anyhow::Result<()> {
    let mut seen: HashSet<u64> = HashSet::new();
    let mut keep = |text: &str| -> String {
        let mut kept = String::with_capacity(text.len());
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || seen.insert(xxh3_64(trimmed.as_bytes())) {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        kept
    };
    for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(input)?;
        let name = rel.to_string_lossy();
        let compression = Compression::of_name(&name);
        let target = output.join(rel);
        std::fs::create_dir_all(target.parent().unwrap_or(output))?;
        let reader = compression.reader(BufReader::new(std::fs::File::open(entry.path())?))?;
        let mut cleaned = Vec::new();
        if compression.strip(&name).ends_with(".jsonl") {
            for line in BufReader::new(reader).lines() {
                let mut record: serde_json::Value = serde_json::from_str(&line?)?;
                if let Some(text) = record["text"].as_str() {
                    record["text"] = keep(text).into();
                }
                serde_json::to_writer(&mut cleaned, &record)?;
                cleaned.push(b'\n');
            }
        } else {
            let mut text = String::new();
            BufReader::new(reader).read_to_string(&mut text)?;
            cleaned = keep(&text).into_bytes();
        }
        let packed = compression.compress(cleaned)?;
        std::fs::File::create(&target)?.write_all(&packed)?;
    }
    Ok(())
}
