//! The `gleaner` command line: flags → settings → run → exit code.

pub mod args;
pub mod bench;
pub mod config;
pub mod progress;

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::Context;

use args::{CleanArgs, Cli, Command, ShardArgs, StageArg};
use gleaner::decide::pack::RulePack;
use gleaner::decide::RuleId;
use gleaner::report::summary::human_bytes;
use gleaner::settings::default_report_dir;

/// Run a parsed command line; `matches` tells which options were given.
pub fn run(cli: Cli, matches: &clap::ArgMatches) -> anyhow::Result<()> {
    match cli.command {
        Command::Clean(mut args) => {
            let clean_matches = matches
                .subcommand_matches("clean")
                .expect("the clean subcommand was parsed");
            if let Some(path) = config::locate(args.config.as_deref()) {
                let file = config::load(&path).map_err(anyhow::Error::msg)?;
                config::apply(file, clean_matches, &mut args).map_err(anyhow::Error::msg)?;
            }
            clean(&args)
        }
        Command::Rules { packs, check } => {
            let mut stdout = std::io::stdout().lock();
            for rule in RuleId::ALL {
                writeln!(stdout, "{:<24} {}", rule.as_str(), rule.description())?;
            }
            let pack = RulePack::load(&packs, &[]).map_err(anyhow::Error::msg)?;
            writeln!(
                stdout,
                "\nsingle-page rules (boilerplate-pattern), first match wins:"
            )?;
            for rule in pack.rules() {
                writeln!(
                    stdout,
                    "{:<24} {} [{}{}]",
                    rule.id,
                    rule.description,
                    rule.zone.name(),
                    if rule.rest {
                        ", with the rest of the footer"
                    } else {
                        ""
                    }
                )?;
            }
            stdout.flush()?;
            if check {
                let failures = pack.check_examples();
                for failure in &failures {
                    eprintln!("{failure}");
                }
                if !failures.is_empty() {
                    anyhow::bail!("{} example(s) of the rule packs failed", failures.len());
                }
                eprintln!("every example and counterexample of the packs holds");
            }
            Ok(())
        }
        Command::Verify {
            input,
            output,
            report,
            threads,
        } => verify(&input, &output, report, threads),
        Command::Explain {
            report,
            target,
            output,
            color,
        } => explain(&report, &target, output, &color),
        Command::Bench(args) => bench::bench(&args),
        Command::Shard(mut args) => {
            let shard_matches = matches
                .subcommand_matches("shard")
                .expect("the shard subcommand was parsed");
            if let Some(path) = config::locate(args.clean.config.as_deref()) {
                let file = config::load(&path).map_err(anyhow::Error::msg)?;
                config::apply(file, shard_matches, &mut args.clean).map_err(anyhow::Error::msg)?;
            }
            shard(&args)
        }
        Command::BenchBaseline { input, output } => bench::baseline(&input, &output),
        Command::Audit {
            report,
            page,
            output,
        } => {
            let output = match output {
                Some(output) => output,
                None => output_beside(&report)?,
            };
            gleaner::audit::write_page(&report, &output, &page).context("gleaner audit failed")?;
            eprintln!("audit page written to {}", page.display());
            Ok(())
        }
    }
}

/// The output directory of a report named `OUT.report`.
fn output_beside(report: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let name = report.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.strip_suffix(".report") {
        Some(stem) if !stem.is_empty() => Ok(report.with_file_name(stem)),
        _ => anyhow::bail!(
            "{} is not named OUT.report: give the output directory with --output",
            report.display()
        ),
    }
}

fn explain(
    report: &std::path::Path,
    target: &str,
    output: Option<std::path::PathBuf>,
    color: &str,
) -> anyhow::Result<()> {
    let output = match output {
        Some(output) => output,
        None => output_beside(report)?,
    };
    // A path may itself hold a colon; only a number after the last one is a line.
    let (doc, line) = match target.rsplit_once(':') {
        Some((doc, line)) if !doc.is_empty() && line.parse::<u32>().is_ok() => {
            (doc, line.parse::<u32>().ok())
        }
        _ => (target, None),
    };
    let colour = match color {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = if colour {
        gleaner::explain::Style::Colour
    } else {
        gleaner::explain::Style::Plain
    };
    let text = gleaner::explain::explain(report, &output, doc, line, style)
        .context("gleaner explain failed")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn verify(
    input: &std::path::Path,
    output: &std::path::Path,
    report: Option<std::path::PathBuf>,
    threads: usize,
) -> anyhow::Result<()> {
    let report = report.unwrap_or_else(|| default_report_dir(output));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("could not start the worker threads")?;
    let verified = pool
        .install(|| gleaner::verify::verify(input, output, &report))
        .context("gleaner verify could not check the run")?;
    match verified {
        Ok(v) => {
            writeln!(
                std::io::stdout(),
                "verified {} documents ({} cleaned, {} dropped, {} skipped): {} removed spans and the output give back {} of canonical text",
                v.documents,
                v.cleaned,
                v.dropped,
                v.skipped,
                v.spans,
                human_bytes(v.canonical_bytes)
            )?;
            Ok(())
        }
        Err(mismatch) => anyhow::bail!("verification failed: {mismatch}"),
    }
}

fn clean(args: &CleanArgs) -> anyhow::Result<()> {
    let settings = args.resolve().map_err(anyhow::Error::msg)?;
    if args.show_settings {
        writeln!(
            std::io::stdout(),
            "{}",
            serde_json::to_string_pretty(&settings)?
        )?;
        return Ok(());
    }
    let show = !args.quiet && std::io::stderr().is_terminal();
    let bars = progress::Bars::new(show);
    let started = Instant::now();
    let summary = gleaner::pipeline::clean(&settings, &bars).context("gleaner clean failed")?;
    let seconds = started.elapsed().as_secs_f64();
    if !args.quiet {
        if summary.resumed > 0 {
            eprintln!(
                "resumed: {} documents taken from the state an unfinished run left",
                summary.resumed
            );
        }
        eprint!("{}", summary.table());
        eprintln!(
            "\n{} in {:.2} s ({:.1} MB/s){}; report in {}",
            human_bytes(summary.bytes.input),
            seconds,
            summary.bytes.input as f64 / 1e6 / seconds.max(1e-9),
            if settings.dry_run {
                ", dry run: nothing written"
            } else {
                ""
            },
            settings.report.display()
        );
        let stages: Vec<String> = bars
            .timings()
            .iter()
            .map(|(stage, took)| format!("{} {:.2} s", stage.name(), took.as_secs_f64()))
            .collect();
        eprintln!("stages: {}", stages.join(" · "));
    }
    if let Some(page) = &args.html {
        gleaner::audit::write_page(&settings.report, &settings.output, page)
            .context("could not write the audit page")?;
        if !args.quiet {
            eprintln!("audit page in {}", page.display());
        }
    }
    Ok(())
}

fn shard(args: &ShardArgs) -> anyhow::Result<()> {
    use gleaner::pipeline::shard::{run_stage, ShardJob, ShardStage};
    let settings = args.clean.resolve().map_err(anyhow::Error::msg)?;
    let stage = match args.stage {
        StageArg::Fingerprint => ShardStage::Fingerprint,
        StageArg::Merge => ShardStage::Merge,
        StageArg::Apply => ShardStage::Apply,
        StageArg::Report => ShardStage::Report,
    };
    let per_shard = matches!(stage, ShardStage::Fingerprint | ShardStage::Apply);
    let (shard, shards) = match (per_shard, args.shard, args.shards) {
        (true, Some((k, n)), None) => (k, n),
        (false, None, Some(n)) => (0, n),
        (true, _, _) => anyhow::bail!(
            "gleaner shard {} runs on one shard: give --shard K/N",
            stage.name()
        ),
        (false, _, _) => anyhow::bail!(
            "gleaner shard {} runs over every shard: give --shards N",
            stage.name()
        ),
    };
    let job = ShardJob {
        stage,
        shard,
        shards,
        work: args.work.clone(),
    };
    let show = !args.clean.quiet && std::io::stderr().is_terminal();
    let bars = progress::Bars::new(show);
    let started = Instant::now();
    let done = run_stage(&settings, &job, &bars)
        .with_context(|| format!("gleaner shard {} failed", stage.name()))?;
    let seconds = started.elapsed().as_secs_f64();
    if let (Some(page), Some(_)) = (&args.clean.html, &done.summary) {
        gleaner::audit::write_page(&settings.report, &settings.output, page)
            .context("could not write the audit page")?;
    }
    if args.clean.quiet {
        return Ok(());
    }
    let which = if per_shard {
        format!("{} {shard}/{shards}", stage.name())
    } else {
        stage.name().to_string()
    };
    if let Some(summary) = &done.summary {
        eprint!("{}", summary.table());
        eprintln!(
            "\n{which}: report of {} documents in {}",
            summary.documents.total,
            settings.report.display()
        );
    } else {
        if done.resumed > 0 {
            eprintln!(
                "resumed: {} documents taken from the state an unfinished run of this stage left",
                done.resumed
            );
        }
        eprintln!(
            "{which}: {} documents, {} in {:.2} s ({:.1} MB/s); {} written to {}",
            done.documents,
            human_bytes(done.bytes),
            seconds,
            done.bytes as f64 / 1e6 / seconds.max(1e-9),
            human_bytes(done.written),
            args.work.display()
        );
    }
    if let (Some(page), Some(_)) = (&args.clean.html, &done.summary) {
        eprintln!("audit page in {}", page.display());
    }
    Ok(())
}
