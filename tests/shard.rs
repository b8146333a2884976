//! A job run in shard stages (fingerprint, merge, apply, report) ends with
//! the outputs and the report of one `gleaner clean` over every shard.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{gleaner, near_duplicate_pages, s, succeed, tree};

fn assert_same_tree(expected: &Path, found: &Path) {
    let (expected_files, found_files) = (tree(expected), tree(found));
    assert_eq!(
        expected_files.keys().collect::<Vec<_>>(),
        found_files.keys().collect::<Vec<_>>(),
        "{} and {} hold different files",
        expected.display(),
        found.display()
    );
    for (name, bytes) in &expected_files {
        assert!(
            bytes == &found_files[name],
            "{name} differs between {} and {}",
            expected.display(),
            found.display()
        );
    }
}

/// Run every stage of a job of `shards` shards over `input` into `out`,
/// each stage with `options` too.
fn run_stages(input: &Path, out: &Path, work: &Path, shards: usize, options: &[&str]) {
    let common = |stage: &str, shard: Option<usize>| -> Vec<String> {
        let mut args: Vec<String> = vec!["shard".into(), stage.into(), "-q".into()];
        match shard {
            Some(k) => args.extend(["--shard".into(), format!("{k}/{shards}")]),
            None => args.extend(["--shards".into(), shards.to_string()]),
        }
        args.extend(["--work".into(), s(work).into(), s(input).into()]);
        args.extend(["-o".into(), s(out).into()]);
        args.extend(options.iter().map(|o| o.to_string()));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        succeed(&args);
    };
    // The fingerprint and apply stages of the shards run in any order.
    for k in (0..shards).rev() {
        run(common("fingerprint", Some(k)));
    }
    run(common("merge", None));
    for k in 0..shards {
        run(common("apply", Some(k)));
    }
    run(common("report", None));
}

/// A sentence of common Chinese characters, different for every `seed`.
fn sentence(seed: u64) -> String {
    const CHARS: &str = "政府工作报告经济发展社会建设城乡居民收入增长农业生产稳定科技创新能力提升生态环境保护教育卫生文化事业改革开放深化基础设施完善";
    let chars: Vec<char> = CHARS.chars().collect();
    let mut n = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut text: String = (0..30)
        .map(|_| {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            chars[(n % chars.len() as u64) as usize]
        })
        .collect();
    text.push('。');
    text
}

/// A site of `pages` GB18030 pages (no declared encoding), with a shared
/// navigation line and footer, and a sentence every page repeats from the
/// page before.
fn gb18030_site(dir: &Path, pages: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..pages {
        let text = format!(
            "首页 | 政务公开 | 办事服务 | 互动交流\n{}\n{}{}\n{}\n主办：某县人民政府办公室\n",
            sentence(i * 10),
            sentence(i * 10 + 1),
            sentence(i * 10 + 2),
            if i > 0 {
                sentence(i * 10 - 7)
            } else {
                String::new()
            },
        );
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        std::fs::write(dir.join(format!("page{i:02}.txt")), &bytes).unwrap();
    }
}

/// Text files of several sites (one in GB18030), a binary file, and JSON
/// Lines containers (one zstd-compressed) whose records are grouped by
/// URL host across containers.
fn mixed_input(root: &Path) -> PathBuf {
    let input = root.join("input");
    let bench = root.join("bench");
    for (size, layout) in [("2M", "text"), ("1M", "jsonl-zst"), ("1M", "jsonl")] {
        succeed(&[
            "bench",
            "--generate-only",
            "--size",
            size,
            "--layout",
            layout,
            "--dir",
            s(&bench),
        ]);
    }
    std::fs::create_dir_all(&input).unwrap();
    for entry in std::fs::read_dir(&bench).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::rename(&path, input.join(path.file_name().unwrap())).unwrap();
        }
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in walkdir::WalkDir::new(&samples) {
        let entry = entry.unwrap();
        let target = input
            .join("samples")
            .join(entry.path().strip_prefix(&samples).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    gb18030_site(&input.join("samples/gb-site"), 12);
    near_duplicate_pair(&input.join("samples/wire"));
    std::fs::write(input.join("samples/blob.bin"), [0u8, 1, 2, 0, 255]).unwrap();
    input
}

/// An article and a near-duplicate of it that adds a paragraph, which
/// stays in the copy.
fn near_duplicate_pair(dir: &Path) {
    let (page, copy) = near_duplicate_pages();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("a.txt"), page).unwrap();
    std::fs::write(dir.join("b.txt"), copy).unwrap();
}

#[test]
fn shard_stages_end_as_one_clean_over_every_shard() {
    let dir = tempfile::tempdir().unwrap();
    let input = mixed_input(dir.path());
    let options = ["--group-field", "url", "--id-field", "id", "-j", "2"];

    let one = dir.path().join("one");
    let mut args = vec!["clean", "-q", s(&input), "-o", s(&one)];
    args.extend(options);
    succeed(&args);
    let copy = std::fs::read_to_string(one.join("samples/wire/b.txt")).unwrap();
    assert!(
        copy.starts_with("Correction:") && copy.lines().count() == 1,
        "{copy}"
    );
    let provenance =
        std::fs::read_to_string(dir.path().join("one.report/provenance.jsonl")).unwrap();
    assert!(
        (provenance.lines()).any(|record| record.contains(r#""doc":"samples/wire/b.txt""#)
            && record.contains(r#""rule":"near-duplicate""#)),
        "the copy is a near-duplicate"
    );

    for shards in [1, 3] {
        let out = dir.path().join(format!("staged-{shards}"));
        let work = dir.path().join(format!("work-{shards}"));
        run_stages(&input, &out, &work, shards, &options);
        assert_same_tree(&one, &out);
        assert_same_tree(
            &dir.path().join("one.report"),
            &dir.path().join(format!("staged-{shards}.report")),
        );
    }
    // The stages' files are where the flow says, and nothing is left in
    // the output of a finished job that one run would not leave.
    let work = dir.path().join("work-3");
    for k in 0..3 {
        assert!(work.join(format!("fingerprint-{k}/listing.bin")).is_file());
        assert!(work.join(format!("index/part-{k}.bin")).is_file());
        assert!(work.join(format!("report-{k}/part.json")).is_file());
    }
    assert!(work.join("index/index.bin").is_file());

    // The staged output passes the same check as a run's.
    let staged = dir.path().join("staged-3");
    succeed(&["verify", s(&input), s(&staged)]);
}

#[test]
fn shards_cut_through_a_group_agree_on_its_encoding() {
    // Shards over thirteen files: the first documents of the site, whose
    // detected encoding is the hint for the rest, fall in several shards;
    // with twenty, some shards are empty.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    gb18030_site(&input.join("site"), 13);
    let one = dir.path().join("one");
    succeed(&["clean", "-q", s(&input), "-o", s(&one)]);
    for shards in [5, 20] {
        let out = dir.path().join(format!("staged-{shards}"));
        let work = dir.path().join(format!("work-{shards}"));
        run_stages(&input, &out, &work, shards, &[]);
        assert_same_tree(&one, &out);
        let report = dir.path().join(format!("staged-{shards}.report"));
        assert_same_tree(&dir.path().join("one.report"), &report);
        let summary = std::fs::read_to_string(report.join("summary.json")).unwrap();
        assert!(summary.contains("\"gb18030\"") || summary.contains("\"GB18030\""));
    }
}

#[test]
fn stages_refuse_files_of_another_job() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    gb18030_site(&input.join("site"), 6);
    let out = dir.path().join("out");
    let work = dir.path().join("work");
    let stage = |stage: &str, shard: &str, extra: &[&str]| {
        let mut args = vec![
            "shard",
            stage,
            shard,
            "--work",
            s(&work),
            s(&input),
            "-o",
            s(&out),
        ];
        args.extend(extra);
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| gleaner(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = |output: &Output| String::from_utf8_lossy(&output.stderr).to_string();

    // The merge needs every shard's fingerprints.
    let fingerprint = run(stage("fingerprint", "--shard=0/2", &[]));
    assert!(fingerprint.status.success(), "{}", stderr(&fingerprint));
    let merge = run(stage("merge", "--shards=2", &[]));
    assert!(!merge.status.success());
    assert!(
        stderr(&merge).contains("gleaner shard fingerprint --shard 1/2"),
        "{}",
        stderr(&merge)
    );

    // Fingerprints made with other pass-1 options are refused.
    let other = run(stage("fingerprint", "--shard=1/2", &["--normalize", "nfc"]));
    assert!(other.status.success(), "{}", stderr(&other));
    let merge = run(stage("merge", "--shards=2", &[]));
    assert!(!merge.status.success());
    assert!(
        stderr(&merge).contains("same inputs and options"),
        "{}",
        stderr(&merge)
    );

    // An apply with other thresholds than the merge's is refused.
    assert!(run(stage("fingerprint", "--shard=1/2", &[]))
        .status
        .success());
    assert!(run(stage("merge", "--shards=2", &[])).status.success());
    let apply = run(stage("apply", "--shard=0/2", &["--bp-min-docs", "7"]));
    assert!(!apply.status.success());
    assert!(
        stderr(&apply).contains("another set of options"),
        "{}",
        stderr(&apply)
    );

    // Per-shard stages need their shard, the others the number of shards.
    let apply = run(stage("apply", "--shards=2", &[]));
    assert!(stderr(&apply).contains("--shard K/N"), "{}", stderr(&apply));
    let bad = run(stage("apply", "--shard=2/2", &[]));
    assert!(!bad.status.success());
    let report = run(stage("report", "--shards=2", &[]));
    assert!(!report.status.success());
    assert!(
        stderr(&report).contains("gleaner shard apply --shard 0/2"),
        "{}",
        stderr(&report)
    );
}

#[test]
fn a_stage_run_again_takes_up_its_finished_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    gb18030_site(&input.join("site"), 9);
    let one = dir.path().join("one");
    succeed(&["clean", "-q", s(&input), "-o", s(&one)]);
    let out = dir.path().join("staged");
    let work = dir.path().join("work");
    run_stages(&input, &out, &work, 2, &[]);

    // A fingerprint stage killed before its listing was written leaves its
    // state: run again, it takes its documents from there.
    std::fs::remove_file(work.join("fingerprint-1/listing.bin")).unwrap();
    let again = succeed(&[
        "shard",
        "fingerprint",
        "--shard",
        "1/2",
        "--work",
        s(&work),
        s(&input),
        "-o",
        s(&out),
    ]);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("resumed: "), "{said}");
    // Every later stage run again gives the same result; an apply's
    // outputs are rewritten in place.
    std::fs::remove_dir_all(&out).unwrap();
    run_stages(&input, &out, &work, 2, &[]);
    assert_same_tree(&one, &out);
    assert_same_tree(
        &dir.path().join("one.report"),
        &dir.path().join("staged.report"),
    );
}
