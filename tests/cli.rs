//! Runs the real `gleaner` binary on temporary directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gleaner::decode::decode;
use gleaner::normalize::canonicalize;
use gleaner::settings::NormalForm;
use serde_json::Value;

mod common;

use common::{gleaner, near_duplicate_pages, tree, ADDED_PARAGRAPH};

fn clean(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "clean",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = gleaner(&args);
    assert!(
        output.status.success(),
        "gleaner failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn report_dir(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap().to_os_string();
    name.push(".report");
    out.with_file_name(name)
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Check that every document's output plus its removed spans gives back its
/// canonical text, byte for byte.
fn assert_nothing_lost(input: &Path, out: &Path) {
    let report = report_dir(out);
    let mut removed: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for record in json_lines(&report.join("provenance.jsonl")) {
        let doc = record["doc"].as_str().unwrap().to_string();
        let start = record["bytes"][0].as_u64().unwrap() as usize;
        let text = record["text"].as_str().unwrap().to_string();
        assert_eq!(
            record["bytes"][1].as_u64().unwrap() as usize - start,
            text.len()
        );
        removed.entry(doc).or_default().push((start, text));
    }
    let docs = json_lines(&report.join("documents.jsonl"));
    assert!(!docs.is_empty());
    for doc in docs {
        let rel = doc["doc"].as_str().unwrap();
        if doc["status"] == "skipped" {
            continue;
        }
        let raw = std::fs::read(input.join(rel)).unwrap();
        let canonical = canonicalize(&decode(raw, None).unwrap().text, NormalForm::Nfkc);
        let cleaned = std::fs::read_to_string(out.join(rel)).unwrap_or_default();
        assert_eq!(doc["status"] == "dropped", cleaned.is_empty(), "{rel}");
        let mut rebuilt = String::new();
        let mut kept = cleaned.as_str();
        for (start, text) in removed.remove(rel).unwrap_or_default() {
            let (head, rest) = kept.split_at(start - rebuilt.len());
            rebuilt.push_str(head);
            rebuilt.push_str(&text);
            kept = rest;
        }
        rebuilt.push_str(kept);
        assert_eq!(
            rebuilt, canonical,
            "{rel}: output + removals differ from the canonical input"
        );
    }
    assert!(
        removed.is_empty(),
        "removals for unknown documents: {:?}",
        removed.keys()
    );
}

#[test]
fn samples_are_cleaned_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = clean(&samples(), &out, &[]);
    let table = String::from_utf8_lossy(&output.stderr);
    assert!(table.contains("boilerplate-frequency"), "{table}");
    assert_nothing_lost(&samples(), &out);

    let summary: Value =
        serde_json::from_slice(&std::fs::read(report_dir(&out).join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["schema"], 2);
    assert_eq!(summary["documents"]["total"], 12);
    let bytes = &summary["bytes"];
    assert_eq!(
        bytes["canonical"].as_u64().unwrap(),
        bytes["output"].as_u64().unwrap() + bytes["removed"].as_u64().unwrap()
    );

    // Template lines go from every page of the site; headings and titles stay.
    let page = std::fs::read_to_string(out.join("qingshui-gov/gzdt/2022/0308.txt")).unwrap();
    assert!(page.starts_with("清水县水利建设稳步推进\n"), "{page}");
    assert!(page.contains("一、主要工作") && page.contains("二、下一步工作"));
    for template in [
        "政务公开",
        "打印本页",
        "分享到",
        "版权所有",
        "相关文章",
        "清水县教育事业发展情况",
    ] {
        assert!(!page.contains(template), "{template} left in {page}");
    }
    // Seed 001's flattened copy loses the attachment label glued to its end.
    let seed = std::fs::read_to_string(out.join("seeds/001_f98f9eb15424a2e3.txt")).unwrap();
    assert!(
        seed.trim_end().ends_with("确保社会平安稳定。"),
        "{}",
        &seed[seed.len() - 60..]
    );
    // The carbon-sink clause that seed 002 says three times in a row stays once.
    let seed = std::fs::read_to_string(out.join("seeds/002_f3f07a138146fecb.txt")).unwrap();
    assert_eq!(seed.matches("推进碳汇和林农碳微汇项目").count(), 1);
    // Its first paragraph loses the continuation marker glued to its head.
    assert!(!seed.contains("紧接") && seed.contains("\n成功创建国家环境空气质量达标城市"));
    assert!(seed.contains("积极开展碳达峰和林农碳微汇项目,推进碳汇和林农碳微汇项目。"));
    let story =
        std::fs::read_to_string(out.join("riverton-gazette/news/2023/04/library-reopens.txt"))
            .unwrap();
    // The page title ending in the site's name goes; the headline stays.
    assert!(story.starts_with("Library reopens after renovation\n"));
    assert!(!story.contains("| The Riverton Gazette"));
    assert!(story.contains("\nBudget\n") && story.contains("\nWhat happens next\n"));
    assert!(!story.contains("Skip to main content") && !story.contains("All rights reserved"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let eight = dir.path().join("eight");
    clean(&samples(), &one, &["--threads", "1", "--quiet"]);
    clean(&samples(), &eight, &["--threads", "8", "--quiet"]);
    assert_eq!(tree(&one), tree(&eight));
    assert_eq!(tree(&report_dir(&one)), tree(&report_dir(&eight)));
}

#[test]
fn a_small_index_memory_changes_how_spans_are_matched_not_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let roomy = dir.path().join("roomy");
    let tight = dir.path().join("tight");
    clean(&samples(), &roomy, &["--quiet"]);
    let run = clean(&samples(), &tight, &["--quiet", "--max-memory", "2K"]);
    // A budget the documents outgrow by themselves is said so, even quiet.
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("warning: --max-memory 2.0 KB is less than"),
        "{said}"
    );
    assert_eq!(tree(&roomy), tree(&tight));
    assert_eq!(tree(&report_dir(&roomy)), tree(&report_dir(&tight)));
    let refused = gleaner(&[
        "clean",
        samples().to_str().unwrap(),
        "-o",
        tight.to_str().unwrap(),
        "--max-memory",
        "lots",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--max-memory"));
}

#[test]
fn repeated_paragraphs_keep_their_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let para = "This paragraph is copied from one page to another and must survive exactly once in the output.";
    write(&input, "site/a.txt", format!("First page\n{para}\n"));
    let own = "Something new is said on this second page, in a paragraph of its own that nobody else wrote before it, and long enough to be body text.";
    write(
        &input,
        "site/b.txt",
        format!("Second page\n{own}\n{para}\n{para}\n"),
    );
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let a = std::fs::read_to_string(out.join("site/a.txt")).unwrap();
    let b = std::fs::read_to_string(out.join("site/b.txt")).unwrap();
    assert!(a.contains(para));
    assert!(!b.contains(para), "{b}");
    assert!(b.contains("Second page") && b.contains(own), "{b}");
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert_eq!(
        records.len(),
        1,
        "one merged removal of both copies: {records:?}"
    );
    assert_eq!(records[0]["rule"], "duplicate-block");
    assert_eq!(records[0]["evidence"]["first"], "site/a.txt:2");
    assert_nothing_lost(&input, &out);
}

#[test]
fn a_copy_in_the_other_script_is_a_copy_unless_scripts_are_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let simplified =
        "坚持稳中求进工作总基调,全面深化改革开放,经济发展稳中向好,人民生活水平持续提高。";
    let traditional =
        "堅持穩中求進工作總基調,全面深化改革開放,經濟發展穩中向好,人民生活水平持續提高。";
    write(&input, "a/page.txt", format!("第一页\n{simplified}\n"));
    write(&input, "b/page.txt", format!("第二頁\n{traditional}\n"));

    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let b = std::fs::read_to_string(out.join("b/page.txt")).unwrap_or_default();
    assert!(!b.contains(traditional), "{b}");
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert!(
        records
            .iter()
            .any(|r| r["rule"] == "duplicate-block" && r["evidence"]["first"] == "a/page.txt:2"),
        "{records:?}"
    );
    assert_nothing_lost(&input, &out);

    let apart = dir.path().join("apart");
    clean(&input, &apart, &["-q", "--fold-script=false"]);
    let b = std::fs::read_to_string(apart.join("b/page.txt")).unwrap();
    assert!(b.contains(traditional), "{b}");
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(
        &input,
        "g/binary.bin",
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0, 0x12],
    );
    write(&input, "g/empty.txt", b"");
    let mut broken = "正常的文字内容在这里,".repeat(10).into_bytes();
    broken.insert(30, 0xFF);
    write(&input, "g/broken-utf8.txt", &broken);
    let gb = encoding_rs::GB18030
        .encode("政府工作报告\n全市上下大力弘扬伟大抗疫精神,决胜全面建成小康社会取得历史性成就。\n")
        .0;
    write(&input, "g/gb18030.txt", &gb);
    let utf16: Vec<u8> = "UTF-16 text without a byte-order mark.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(&input, "g/utf16.txt", &utf16);
    write(&input, "g/large.txt", "x".repeat(5000));
    std::os::unix::fs::symlink(dir.path().join("nowhere"), input.join("g/dangling.txt")).unwrap();

    let out = dir.path().join("out");
    clean(
        &input,
        &out,
        &["-q", "--follow-symlinks", "--max-file-size", "4K"],
    );
    let docs: BTreeMap<String, Value> = json_lines(&report_dir(&out).join("documents.jsonl"))
        .into_iter()
        .map(|d| {
            (
                d["doc"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d,
            )
        })
        .collect();
    assert_eq!(docs["binary.bin"]["status"], "skipped");
    assert!(docs["binary.bin"]["message"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert_eq!(docs["empty.txt"]["status"], "dropped");
    assert_eq!(docs["broken-utf8.txt"]["malformed"], 1);
    assert_eq!(docs["broken-utf8.txt"]["encoding"], "UTF-8");
    assert_eq!(docs["gb18030.txt"]["encoding"], "gb18030");
    assert_eq!(docs["utf16.txt"]["encoding"], "UTF-16LE");
    assert!(docs["large.txt"]["message"]
        .as_str()
        .unwrap()
        .contains("--max-file-size"));
    assert_eq!(docs["dangling.txt"]["status"], "skipped");
    assert!(!out.join("g/binary.bin").exists());
    let gb_out = std::fs::read_to_string(out.join("g/gb18030.txt")).unwrap();
    assert!(gb_out.starts_with("政府工作报告\n"));
    // Each document decodes again as the report says it was decoded.
    let verified = gleaner(&["verify", input.to_str().unwrap(), out.to_str().unwrap()]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
}

/// The documented schema names every rule the binary has, and no other
/// (`scripts/validate_report.py` checks whole reports against it in CI).
#[test]
fn the_report_schema_names_every_rule() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let documented: Vec<&str> = schema["$defs"]["rule"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let rules: Vec<&str> = gleaner::decide::RuleId::ALL
        .iter()
        .map(|r| r.as_str())
        .collect();
    assert_eq!(documented, rules);
    assert_eq!(
        schema["$defs"]["summary"]["properties"]["schema"]["const"],
        2
    );
}

#[test]
fn explain_marks_each_removal_and_says_why_a_line_was_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    clean(&samples(), &out, &["--quiet"]);
    let report = report_dir(&out);
    let explain = |target: &str, extra: &[&str]| {
        let mut args = vec!["explain", report.to_str().unwrap(), target];
        args.extend_from_slice(extra);
        gleaner(&args)
    };
    let page = explain("qingshui-gov/gzdt/2022/0308.txt", &[]);
    assert!(page.status.success());
    let said = String::from_utf8_lossy(&page.stdout);
    assert!(said.contains("     1 - 首页 | 政务公开"), "{said}");
    assert!(
        said.contains(
            "[boilerplate-frequency] line found in 3 of 3 documents of group qingshui-gov"
        ),
        "{said}"
    );
    assert!(said.contains("     3   清水县水利建设稳步推进"), "{said}");
    assert!(!said.contains('\x1b'), "no colour off a terminal");

    let heading = explain("qingshui-gov/gzdt/2022/0308.txt:9", &[]);
    let said = String::from_utf8_lossy(&heading.stdout);
    assert!(said.contains("     9   二、下一步工作"), "{said}");
    assert!(said.contains("kept: seen in 3 of 3 documents of group qingshui-gov, but inside the body in 1 of them, a lone sentence between paragraphs in 0 (under --bp-min-inserted-share 0.3)"), "{said}");
    assert!(said.contains("under --dup-min-weight 40"), "{said}");
    assert!(!said.contains("    10 "), "one line only: {said}");

    // A piece cut out of a kept line is marked in place.
    let clause = explain("seeds/002_f3f07a138146fecb.txt:111", &["--color", "always"]);
    let said = String::from_utf8_lossy(&clause.stdout);
    assert!(
        said.contains("   111 ~ ") && said.contains("[repeated-clause]"),
        "{said}"
    );
    assert!(
        said.contains("\x1b[31m,推进碳汇和林农碳微汇项目,推进碳汇和林农碳微汇项目\x1b[0m"),
        "{said}"
    );

    let dropped = explain("riverton-gazette/news/2023/04/bridge-repairs.txt", &[]);
    let said = String::from_utf8_lossy(&dropped.stdout);
    assert!(said.contains("dropped") && said.contains("[near-duplicate] nearly the same content as riverton-gazette/news/2023/04/bridge-repairs-print.txt"), "{said}");

    for (target, message) in [
        ("nope.txt", "no document \"nope.txt\""),
        ("seeds/002_f3f07a138146fecb.txt:999", "there is no line 999"),
    ] {
        let refused = explain(target, &[]);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains(message));
    }
}

#[test]
fn a_reader_that_stops_reading_ends_explain_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // More lines than a pipe holds: explain still writes when the reader
    // has gone, whichever comes first.
    let long: String = (0..4000)
        .map(|i| format!("Paragraph {i} of a long page that explain lists line by line.\n"))
        .collect();
    write(&input, "site/long.txt", long);
    let out = dir.path().join("out");
    clean(&input, &out, &["--quiet"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args([
            "explain",
            report_dir(&out).to_str().unwrap(),
            "site/long.txt",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let ended = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&ended.stderr);
    assert!(ended.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn the_audit_page_is_written_by_clean_and_by_audit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let page = dir.path().join("audit.html");
    clean(
        &samples(),
        &out,
        &["--quiet", "--html", page.to_str().unwrap()],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    for part in [
        "\"total\":12}",
        "\"docs_total\":12",
        "seeds/002_f3f07a138146fecb.txt",
        "repeats the clause just before it",
    ] {
        assert!(html.contains(part), "{part} not in the page");
    }
    let again = dir.path().join("again.html");
    let written = gleaner(&[
        "audit",
        report_dir(&out).to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert_eq!(std::fs::read_to_string(&again).unwrap(), html);
}

#[test]
fn verify_proves_a_run_and_names_the_first_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    clean(&samples(), &out, &["--quiet"]);
    let verify = || gleaner(&["verify", samples().to_str().unwrap(), out.to_str().unwrap()]);
    let passed = verify();
    assert!(
        passed.status.success(),
        "{}",
        String::from_utf8_lossy(&passed.stderr)
    );
    let said = String::from_utf8_lossy(&passed.stdout);
    assert!(said.starts_with("verified 12 documents"), "{said}");

    let failure = |output: Output| {
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let page = out.join("qingshui-gov/gzdt/2022/0308.txt");
    let original = std::fs::read(&page).unwrap();
    let mut edited = original.clone();
    edited.extend_from_slice(b"one more line\n");
    std::fs::write(&page, &edited).unwrap();
    let said = failure(verify());
    assert!(
        said.contains("qingshui-gov/gzdt/2022/0308.txt") && said.contains("output differs"),
        "{said}"
    );
    std::fs::remove_file(&page).unwrap();
    assert!(failure(verify()).contains("is missing"));
    std::fs::write(&page, &original).unwrap();

    let stray = out.join("qingshui-gov/stray.txt");
    std::fs::write(&stray, "not from the run").unwrap();
    assert!(failure(verify()).contains("stray.txt"));
    std::fs::remove_file(&stray).unwrap();

    let provenance = report_dir(&out).join("provenance.jsonl");
    let records = std::fs::read_to_string(&provenance).unwrap();
    let fewer: String = records.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(&provenance, fewer).unwrap();
    failure(verify());
    let garbled = records.replacen("\"text\":\"", "\"text\":\"x", 1);
    std::fs::write(&provenance, garbled).unwrap();
    assert!(failure(verify()).contains("does not hold the text"));
    std::fs::write(&provenance, &records).unwrap();
    assert!(verify().status.success());
}

#[test]
fn output_inside_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site/a.txt", "text\n");
    let inside = dir.path().join("site/cleaned");
    let output = gleaner(&[
        "clean",
        dir.path().to_str().unwrap(),
        "-o",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("is inside input"), "{message}");
    assert!(!inside.exists());

    let output = gleaner(&[
        "clean",
        dir.path().join("site").to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("inside output"));
}

#[test]
fn dry_run_writes_only_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    clean(&samples(), &out, &["--dry-run", "-q"]);
    assert!(!out.exists());
    // The spilled texts of pass 1 are gone; only the report is left.
    let left: Vec<String> = tree(&report_dir(&out)).into_keys().collect();
    assert_eq!(
        left,
        [
            "documents.jsonl",
            "groups.jsonl",
            "provenance.jsonl",
            "summary.json"
        ]
    );
}

#[test]
fn a_rerun_removes_what_is_no_longer_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let text = "A page that will later be copied word for word onto a second page of the site.\n";
    write(&input, "s/a.txt", text);
    write(
        &input,
        "s/b.txt",
        "A different page with its own words, long enough to count as text.\n",
    );
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    assert!(out.join("s/b.txt").exists());
    write(&input, "s/b.txt", text);
    write(
        &out,
        &format!("s/{}leftover", gleaner::write::TEMP_PREFIX),
        "half a file",
    );
    clean(&input, &out, &["-q"]);
    assert!(
        !out.join("s/b.txt").exists(),
        "b.txt now duplicates a.txt and is dropped"
    );
    assert_eq!(
        tree(&out).len(),
        1,
        "only a.txt remains: {:?}",
        tree(&out).keys()
    );
}

#[test]
fn rules_are_listed_and_can_be_switched_off() {
    let output = gleaner(&["rules"]);
    let listing = String::from_utf8_lossy(&output.stdout);
    for rule in [
        "duplicate-document",
        "boilerplate-frequency",
        "boilerplate-footer-run",
        "duplicate-block",
    ] {
        assert!(listing.contains(rule), "{listing}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    clean(
        &samples(),
        &out,
        &[
            "-q",
            "--disable-rule",
            "boilerplate-frequency",
            "--disable-rule",
            "boilerplate-footer-run",
        ],
    );
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert!(records
        .iter()
        .all(|r| r["rule"] != "boilerplate-frequency" && r["rule"] != "boilerplate-footer-run"));
}

#[test]
fn single_page_rules_clean_the_seeds_and_can_be_extended_or_switched_off() {
    let listing = String::from_utf8_lossy(&gleaner(&["rules"]).stdout).into_owned();
    for rule in [
        "boilerplate-pattern",
        "boilerplate-stub",
        "page-account-bar",
        "page-share",
    ] {
        assert!(listing.contains(rule), "{listing}");
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    clean(&samples(), &out, &["-q"]);
    let seed = |name: &str| {
        let path = std::fs::read_dir(out.join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap();
        std::fs::read_to_string(path).unwrap()
    };
    let s001 = seed("001");
    assert!(s001.starts_with("2021年仙桃市政府工作报告\n"), "{s001}");
    assert!(!s001.contains("登录注册退出") && !s001.contains("加入收藏"));
    assert!(
        !s001.lines().any(|l| l.trim_start().starts_with("相关附件")),
        "the attachment list and what follows it go"
    );
    let s003 = seed("003");
    assert!(!s003.contains("信息来源") && !s003.contains("打印| 关闭") && !s003.ends_with("0\n"));
    assert!(s003.contains("一、2020年国民经济和社会发展计划执行情况"));
    let s004 = seed("004");
    assert!(
        !s004.contains("导航菜单")
            && !s004.contains("本文仅代表作者观点")
            && !s004.contains("验证码")
    );
    assert!(s004.starts_with("兴平市2022年政府工作报告\n"), "{s004}");
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert!(records
        .iter()
        .any(|r| r["rule"] == "boilerplate-pattern"
            && r["evidence"]["pattern"] == "page-account-bar"));

    // A user pack adds a rule; a pack rule can be switched off alone.
    let input = dir.path().join("in");
    write(
        &input,
        "site/page.txt",
        "Today's weather: sunny\nA title\nBy Ana Ruiz | May 2, 2024 | 3 min read\nThis paragraph is the body of the page, and it is long enough to count as body text here.\n",
    );
    let pack = dir.path().join("pack.toml");
    std::fs::write(
        &pack,
        "[[rule]]\nid = \"site-weather\"\ndescription = \"weather strip\"\ncontains = [\"today's weather\"]\n",
    )
    .unwrap();
    let out2 = dir.path().join("out2");
    let pack_arg = pack.to_string_lossy().into_owned();
    clean(
        &input,
        &out2,
        &[
            "-q",
            "--rules",
            &pack_arg,
            "--disable-rule",
            "page-metadata",
            "--disable-rule",
            "page-byline",
        ],
    );
    let page = std::fs::read_to_string(out2.join("site/page.txt")).unwrap();
    assert!(!page.contains("weather"), "{page}");
    assert!(
        page.contains("By Ana Ruiz"),
        "page-metadata and page-byline are off: {page}"
    );
    let records = json_lines(&report_dir(&out2).join("provenance.jsonl"));
    assert_eq!(records[0]["evidence"]["pattern"], "site-weather");

    let checked = gleaner(&["rules", "--check", "--rules", &pack_arg]);
    assert!(checked.status.success());
    std::fs::write(
        &pack,
        "[[rule]]\nid = \"site-weather\"\ndescription = \"weather strip\"\ncontains = [\"today's weather\"]\ncounterexamples = [\"Today's weather was fine\"]\n",
    )
    .unwrap();
    let checked = gleaner(&["rules", "--check", "--rules", &pack_arg]);
    assert!(!checked.status.success());
    assert!(String::from_utf8_lossy(&checked.stderr).contains("counterexample"));

    let bad = gleaner(&[
        "clean",
        "-q",
        &input.to_string_lossy(),
        "-o",
        &dir.path().join("o3").to_string_lossy(),
        "--disable-rule",
        "page-nope",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown rule \"page-nope\""));
}

#[test]
fn bad_flags_get_a_clear_message() {
    let output = gleaner(&["clean", "samples", "-o", "x", "--group-by", "site"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("dir:N"));
    let output = gleaner(&["clean", "/no/such/input", "-o", "/tmp/x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));
}

#[test]
fn options_resolve_flag_then_environment_then_file_then_default() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gleaner.toml");
    std::fs::write(
        &config,
        "bp-min-docs = 7\nthreads = 3\ninclude = [\"*.txt\"]\nmax-file-size = \"1M\"\nnormalize = \"nfc\"\ndisable-rule = [\"duplicate-residue\"]\n",
    )
    .unwrap();
    let show = |extra: &[&str], env: &[(&str, &str)]| -> Value {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gleaner"));
        command
            .args([
                "clean",
                "samples",
                "-o",
                "out",
                "--show-settings",
                "--config",
                config.to_str().unwrap(),
            ])
            .args(extra)
            .env_remove("GLEANER_THREADS");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };

    let from_file = show(&[], &[]);
    assert_eq!(from_file["boilerplate"]["min_docs"], 7);
    assert_eq!(from_file["threads"], 3);
    assert_eq!(from_file["walk"]["include"][0], "*.txt");
    assert_eq!(from_file["walk"]["max_file_bytes"], 1 << 20);
    assert_eq!(from_file["normal_form"], "nfc");
    assert_eq!(from_file["duplicates"]["residue"], false);
    assert_eq!(
        from_file["boilerplate"]["min_share"], 0.05,
        "untouched options keep their defaults"
    );

    let overridden = show(&["--bp-min-docs", "9"], &[("GLEANER_THREADS", "5")]);
    assert_eq!(
        overridden["boilerplate"]["min_docs"], 9,
        "a flag beats the file"
    );
    assert_eq!(overridden["threads"], 5, "the environment beats the file");
    assert_eq!(
        show(&["-j", "2"], &[("GLEANER_THREADS", "5")])["threads"],
        2,
        "a flag beats the environment"
    );

    std::fs::write(&config, "bp-min-doc = 7\n").unwrap();
    let output = gleaner(&[
        "clean",
        "samples",
        "-o",
        "out",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("unknown field `bp-min-doc`") && message.contains("bp-min-docs"),
        "{message}"
    );
}

#[test]
fn an_article_held_twice_keeps_one_copy() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let one = "The council met on Tuesday to discuss the budget for next year in detail.";
    let two = "Members agreed to spend more on roads and less on new office buildings downtown.";
    let three = "A final vote is expected at the next meeting, after the public has had its say.";
    write(
        &input,
        "s/page.txt",
        format!("Council news\n{one} {two} {three}\n\n{one}\n\n{two} {two}\n\n{three}\n"),
    );
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let page = std::fs::read_to_string(out.join("s/page.txt")).unwrap();
    assert_eq!(page, format!("Council news\n{one} {two} {three}\n"));
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert!(
        records.iter().all(|r| r["rule"] == "duplicate-sentence"),
        "{records:?}"
    );
    assert_eq!(records[0]["evidence"]["first"], "s/page.txt:2");
    assert_nothing_lost(&input, &out);
}

#[test]
fn a_sentence_repeated_in_place_goes_in_scripts_with_their_own_full_stops() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // Devanagari ends sentences with a danda, Arabic asks with its own
    // question mark and Urdu stops with its own full stop.
    let hindi = [
        "भारत एक विशाल देश है जिसकी संस्कृति बहुत पुरानी है। ",
        "सरकार ने नई शिक्षा नीति की घोषणा की है जिससे छात्रों को लाभ होगा। ",
        "किसानों के लिए भी नई योजनाएँ शुरू की गई हैं ताकि उनकी आय बढ़ सके।",
    ];
    let arabic = [
        "هل أعلنت الحكومة عن خطة جديدة لتطوير التعليم في جميع المدارس؟ ",
        "قال الوزير إن الخطة ستبدأ في العام المقبل في كل المدن۔ ",
        "ويأمل الجميع أن تنجح هذه الخطة في تحسين مستوى الطلاب.",
    ];
    let with_repeat = |s: [&str; 3]| format!("{}{}{}{}", s[0], s[1], s[1], s[2]);
    write(
        &input,
        "s/hi.txt",
        format!("शीर्षक\n{}\n", with_repeat(hindi)),
    );
    write(
        &input,
        "s/ar.txt",
        format!("عنوان\n{}\n", with_repeat(arabic)),
    );
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let read = |name: &str| std::fs::read_to_string(out.join("s").join(name)).unwrap();
    assert_eq!(read("hi.txt"), format!("शीर्षक\n{}\n", hindi.concat()));
    assert_eq!(read("ar.txt"), format!("عنوان\n{}\n", arabic.concat()));
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(
        records.iter().all(|r| r["rule"] == "duplicate-sentence"),
        "{records:?}"
    );
    assert_nothing_lost(&input, &out);
}

#[test]
fn a_sentence_said_again_alone_among_new_text_stays() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // Each entry of a manual's list ends in the same qualifier.
    let entries = [
        "VJERR  このインタフェースで受信した、破損した、あるいは不正にヘッダが圧縮された TCP パケットの数。 -r オプションが指定されたときは表示されません。",
        "NON-VJ このインタフェースで受信した非 TCP パケットの総数。 -v オプションが指定されたときだけ表示されます。",
        "UBYTE  受信した圧縮パケットの展開後のバイト総数。 -r オプションが指定されたときだけ表示されます。",
        "VJUNC  このインタフェースから送信された、TCP ヘッダを VJ 圧縮していない TCP パケットの数。 -r オプションが指定されたときは表示されません。",
        "VJMISS VJ ヘッダ圧縮パケットのヘッダエントリをキャッシュで探索して失敗した回数。 -v オプションが指定されているときだけ表示されます。",
        "RATIO  使用中のパケット圧縮方法で達成された、圧縮後に対する圧縮前の大きさの比率で表した圧縮率。 -r オプションが指定されたときだけ表示されます。",
    ];
    let manual = format!("統計情報の表示\n\n{}\n", entries.join("\n\n"));
    write(&input, "m/ja.txt", &manual);
    // Each page of a series opens with the same sentence.
    let page = |part: &str, language: &str, more: &str| {
        format!(
            "ISO 8859-{part}\n\nDer Standard ISO 8859 enthält verschiedene 8-Bit-Erweiterungen des ASCII-Zeichensatzes (auch als ISO 646-IRV bekannt). ISO 8859-{part} kodiert die Zeichen, die im {language} verwendet werden.\n\n{more}\n"
        )
    };
    let pages = [
        page(
            "2",
            "Polnischen und Tschechischen",
            "Die Tabelle zeigt die druckbaren Zeichen der Norm mit ihren Namen.",
        ),
        page(
            "9",
            "Türkischen",
            "Sie ersetzt die isländischen Buchstaben der ersten Norm durch türkische.",
        ),
    ];
    write(&input, "m/p2.txt", &pages[0]);
    write(&input, "m/p9.txt", &pages[1]);
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let read = |name: &str| std::fs::read_to_string(out.join("m").join(name)).unwrap();
    assert_eq!(read("ja.txt"), manual);
    assert_eq!(read("p2.txt"), pages[0]);
    assert_eq!(read("p9.txt"), pages[1]);
    assert_nothing_lost(&input, &out);
}

#[test]
fn a_near_duplicate_page_is_dropped_for_the_copy_its_cluster_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let sentences = [
        "The city council approved the new budget for public transport on Monday evening.",
        "Under the plan, bus lines in the northern districts will run every ten minutes during rush hours.",
        "The tram extension to the university campus is expected to open in the spring of next year.",
        "Council members debated the cost of the project for more than three hours before the vote.",
        "Critics argued that the money would be better spent on repairing the existing roads and bridges.",
        "Supporters replied that better transport would reduce traffic and improve the air in the centre.",
        "The mayor said that ticket prices would stay the same for students and pensioners.",
        "A public consultation on the timetable changes will be held in all districts next month.",
        "Residents can also send their comments by post or through the council website until the end of June.",
        "The final timetable will be published in the autumn, after the results of the consultation are known.",
    ];
    let article = sentences.join(" ");
    let edited = article.replace("three hours", "four hours");
    let longer = format!("{edited} Work on the first new stops will begin in August.");
    write(&input, "a/news.txt", format!("Transport news\n{article}\n"));
    write(&input, "b/news.txt", format!("Regional desk\n{longer}\n"));
    write(
        &input,
        "c/other.txt",
        "Weather\nA cold front will bring rain and strong winds to the coast on Friday, \
         with snow expected above eight hundred metres in the mountains over the weekend, \
         and temperatures will fall by ten degrees before rising again early next week.\n",
    );

    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    assert!(
        !out.join("b/news.txt").exists(),
        "the later copy is dropped"
    );
    assert!(out.join("a/news.txt").exists());
    assert!(out.join("c/other.txt").exists());
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    let near: Vec<&Value> = records
        .iter()
        .filter(|r| r["rule"] == "near-duplicate")
        .collect();
    assert!(!near.is_empty(), "{records:?}");
    for record in &near {
        assert_eq!(record["doc"], "b/news.txt");
        assert_eq!(record["evidence"]["kept"], "a/news.txt");
        let similarity = record["evidence"]["similarity"].as_f64().unwrap();
        assert!((0.8..=1.0).contains(&similarity), "{similarity}");
    }
    assert_nothing_lost(&input, &out);

    let longest = dir.path().join("longest");
    clean(&input, &longest, &["-q", "--keep", "longest"]);
    assert!(
        !longest.join("a/news.txt").exists(),
        "the shorter copy goes"
    );
    let kept = std::fs::read_to_string(longest.join("b/news.txt")).unwrap();
    assert!(kept.contains("Work on the first new stops"), "{kept}");

    let without_spans = dir.path().join("without-spans");
    clean(
        &input,
        &without_spans,
        &["-q", "--disable-rule", "duplicate-span"],
    );
    assert!(
        !without_spans.join("b/news.txt").exists(),
        "near-duplicates do not depend on the span rule"
    );

    let off = dir.path().join("off");
    clean(&input, &off, &["-q", "--disable-rule", "near-duplicate"]);
    let records = json_lines(&report_dir(&off).join("provenance.jsonl"));
    assert!(records.iter().all(|r| r["rule"] != "near-duplicate"));
}

#[test]
fn a_near_duplicate_keeps_the_paragraph_its_kept_copy_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let (page, copy) = near_duplicate_pages();
    let added = ADDED_PARAGRAPH;
    write(&input, "a/news.txt", page);
    write(&input, "b/news.txt", copy);
    write(
        &input,
        "c/notes.txt",
        format!("Notes\nThe weather stayed dry all week, and the river fell to its lowest level since the summer of the year before.\n{added}\n"),
    );

    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    assert_eq!(
        std::fs::read_to_string(out.join("b/news.txt")).unwrap(),
        format!("{added}\n"),
        "the copy keeps only what the kept page lacks"
    );
    let notes = std::fs::read_to_string(out.join("c/notes.txt")).unwrap();
    assert!(!notes.contains("Correction"), "{notes}");
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    let block = records
        .iter()
        .find(|r| r["doc"] == "c/notes.txt" && r["rule"] == "duplicate-block")
        .unwrap_or_else(|| panic!("{records:?}"));
    assert_eq!(block["evidence"]["first"], "b/news.txt:5");
    assert!(records
        .iter()
        .filter(|r| r["doc"] == "b/news.txt")
        .all(|r| r["rule"] == "near-duplicate" && r["evidence"]["kept"] == "a/news.txt"));
    assert_nothing_lost(&input, &out);

    let report = report_dir(&out);
    let said = gleaner(&["explain", report.to_str().unwrap(), "b/news.txt:5"]);
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains("near-duplicate of a/news.txt") && said.contains("lacks this paragraph"),
        "{said}"
    );
}

#[test]
fn a_lone_page_loses_its_menu_column_share_buttons_and_labelled_links() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let body = [
        "The city council voted on Tuesday to approve a budget that raises spending on public transport and schools.",
        "The vote followed months of public hearings, in which residents asked for more buses and longer library hours.",
    ];
    let page = [
        "Menu",
        "World",
        "Politics",
        "Business",
        "Entertainment",
        "City council approves new budget after months of debate",
        body[0],
        body[1],
        "Facebook Twitter Email",
        "Previous article: Heavy snow expected across the county this weekend, the weather service says",
        "Tags: budget, city council",
    ];
    write(&input, "news/page.txt", page.join("\n") + "\n");
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let cleaned = std::fs::read_to_string(out.join("news/page.txt")).unwrap();
    assert_eq!(cleaned, format!("{}\n{}\n{}\n", page[5], body[0], body[1]));
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    let rule_of = |text: &str| {
        (records.iter())
            .find(|r| r["text"].as_str().is_some_and(|t| t.contains(text)))
            .map(|r| r["rule"].as_str().unwrap().to_string())
    };
    assert_eq!(rule_of("World").as_deref(), Some("boilerplate-menu-column"));
    assert_eq!(
        rule_of("Previous article").as_deref(),
        Some("boilerplate-pattern")
    );
    assert_nothing_lost(&input, &out);
}

/// The cleaned `path` under `out` is the lines of `page` numbered `kept`.
fn assert_keeps(out: &Path, path: &str, page: &[&str], kept: &[usize]) {
    let cleaned = std::fs::read_to_string(out.join(path)).unwrap();
    let expected: String = kept.iter().map(|&i| format!("{}\n", page[i])).collect();
    assert_eq!(cleaned, expected, "{path}");
}

/// The lines with text of a file, in canonical form (NFKC) and without
/// white space: canonical text drops the spaces between CJK characters and
/// turns tabs into spaces.
fn text_lines(path: &Path) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = std::fs::read_to_string(path).unwrap().nfkc().collect();
    text.lines()
        .map(|line| line.split_whitespace().collect::<String>())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn lone_pages_of_many_kinds_keep_their_gold_and_lose_their_widgets() {
    // tests/pages: pages of shops, documentation, forums, a repository,
    // recipes and reviews, a journal article, a poem, blogs, a tutorial
    // with code, a job posting, an FAQ, an encyclopedia article, a Q&A
    // thread, a link aggregator's thread, a repository's issue and release,
    // a newsletter post, an essay, an event, a government press release, a
    // live blog, a match report, a podcast episode, a dictionary entry, a
    // hotel's reviews, a WeChat article, a Zhihu answer, a Chinese shop, a
    // Japanese recipe, terms of service, an essay without furniture, pages
    // without content (an error page, a login form, a section's list of
    // headlines), a government guidance page, a press conference's
    // transcript, a report extracted from a PDF with its page numbers and
    // running heads, a home's listing, an obituary, a Weibo post, a
    // course's page, a film review, a Russian forum, a Reddit thread, a
    // Stack Overflow question, a Medium post, a mailing list's message,
    // Japanese and Korean government notices, a Turkish shop, a Spanish
    // encyclopedia article and a Chinese one with their tables of
    // contents, a German town's service page, a French forum, a
    // Portuguese blog and an English one with comments, a Japanese Q&A, a
    // university's staff profile, a preprint's abstract page, a shop's
    // reviews, a Chinese forum thread, a fan wiki's article, a journal's
    // article with its declarations, a Discourse topic, a Korean wiki's
    // article, a government press release with its feedback form, a
    // restaurant's page, a university's news story, a wire story on a
    // finance portal, a tradesman's service page, a Spanish WordPress
    // blog with its sidebar, a Polish shop's category, a German Q&A
    // thread, a Thai forum thread, a Brazilian news story, a package's
    // page on a package index, a news gallery, French and Japanese
    // encyclopedia articles, an auction listing, a city's statistical
    // bulletin with its table, a thread on X, an Instagram post, a
    // scripture chapter, a city's reply to a resident's letter, a note.com
    // essay, a flat to let, a used car's listing with its table of data, a
    // drug's page, a Substack post, a handmade shop's listing, a Japanese
    // portal's news, a Polish recipe blog, a help center's article, an
    // architects' page about themselves, a library's catalogue record, an
    // Italian forum thread, a Spanish recipe blog, a Japanese shop's
    // product, a Vietnamese forum thread, a game's store page, a doctor's
    // page, a crowdfunding project, a Turkish recipe blog, a German phpBB
    // thread, a Korean shop's product with its table of measures, a
    // French flat to let, an Arabic recipe, a Spanish job posting, an
    // Indonesian forum thread, a Polish phpBB thread, a Hindi recipe, a
    // Greek shop's product, a Hebrew travel blog with comments, a
    // Tagalog travel blog with comments, a Slovenian forum thread, a
    // hotel's page on a booking site, a conference's call for papers, a
    // clinical trial's record with its table of dates, a Latvian forum
    // thread, a Ukrainian recipe with a comment, a city's calendar of
    // events whose dates head its entries, a Galician hiking blog of short
    // paragraphs with comments, a court's opinion on a case-law site, a
    // Spanish phone review, a British local paper's story with two boxes
    // of links inside it, a wire story, Australian, Indian and American
    // local news, a story with an embedded post and a pull quote, a
    // gardening how-to with its table of contents and questions, a
    // Swedish forum thread, a Portuguese Wikipedia article, a Dutch one, a
    // Russian gardening blog with comments, a Turkish forum thread, a
    // Japanese manual's page with its contents beside it, a Brazilian
    // recipe with comments, an Italian shop's product with reviews, a
    // German job posting, a Spanish Q&A thread, a French travel blog
    // with comments, an event's ticket page, a Korean forum thread, an
    // Italian town's service page, a Vietnamese recipe, a university
    // department's page and
    // news in fifty-six languages (Chinese in both scripts, Hindi, Thai,
    // Persian, Hebrew, Greek, Bengali, Swedish, Czech, Swahili, Tamil,
    // Urdu, Catalan, Croatian, Malay, Telugu, Bulgarian, Slovak, Lithuanian, Danish, Serbian,
    // Estonian, Georgian, Kazakh, Armenian, Azerbaijani, Marathi, Albanian,
    // Macedonian, Uzbek, Nepali, Icelandic, Welsh, Khmer, Norwegian, Malayalam, Punjabi, Basque and Sinhala among them), each with the lines a reader takes for its content
    // (`.gold`: a product's table of specifications among them); each is
    // cleaned as a site of its own, as `scripts/lone_pages.py` does.
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&pages).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            write(
                &input,
                &format!("{name}/page.txt"),
                std::fs::read(&path).unwrap(),
            );
            names.push(name);
        }
    }
    assert!(names.len() >= 10, "{names:?}");
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let mut kept_lines = Vec::new();
    for name in &names {
        // A page left with no text is not written.
        let cleaned = out.join(name).join("page.txt");
        let kept = match cleaned.exists() {
            true => text_lines(&cleaned),
            false => Vec::new(),
        };
        // `NAME.lost`: gold lines the page is known to lose, each a gap
        // the README names; the test fails when one is found again too.
        let known_lost = pages.join(format!("{name}.lost"));
        let known_lost = match known_lost.exists() {
            true => text_lines(&known_lost),
            false => Vec::new(),
        };
        let lost: Vec<String> = text_lines(&pages.join(format!("{name}.gold")))
            .into_iter()
            .filter(|line| !kept.contains(line))
            .collect();
        assert_eq!(lost, known_lost, "{name}: gold lines lost");
        kept_lines.extend(kept);
    }
    // The widgets each kind of page is known by: a trail between slashes
    // and one set a link a line, review votes and ratings, shop buttons
    // and product codes, a forum's labels, paywall notices and gift
    // buttons, a browser notice, a journal's citation links and dates, a
    // byline's e-mail address, a box of links inside an article, an
    // encyclopedia's 'See also', a Q&A page's answer form and counts, a job
    // posting's buttons, a help page's prompt, a forum post's buttons, a
    // Traditional Chinese menu, a government site's banner, comment
    // datelines, counts of likes and followers, an Arabic article's box
    // of links, tags and copyright, bylines and dates in Hindi and Thai,
    // a row of hashtags, a repository's tabs with their counts, a release's
    // dateline, a WeChat article's counters and prompts, dates and
    // copyright lines in Persian and Hebrew, an error page's notice, a login
    // form's fields, an encyclopedia's page tools, categories and licence
    // in German, Romanian share and follow lines, a Hungarian date, a
    // manual's unnumbered table of contents, a comment's head on a news
    // aggregator, a Korean comment prompt, a review page's filters and a
    // reviewer's handle and town among the pack's lines, a forum member's
    // name between buttons, the heads of a blog's comments, a blog's share
    // buttons and labels, a shop's review metadata, a Chinese forum's floor
    // numbers and reply counts, an Indonesian skip link and byline, a
    // Chinese blog's rights notice and the teaser of a related post, an
    // editor's initials, a portal's link home, a newsletter form's terms
    // and a review's photo credit, a Q&A page's list of recommendations and
    // feedback prompt, a university's credit line, French skip links and
    // the Republic's banner, a Japanese blog's follow button, a web
    // serial's chapter links and reading notes, a court's menu of case
    // types, a Spanish forum's counts and a German shop's rating and
    // stock, a post's tags one a line and its comment counter, an app's
    // error notice, a download page's metadata and buttons, an app
    // store's icons' names, a channel's count of subscribers, a buying
    // guide's fact-checker and its notice of affiliate links, a cookie
    // banner's explanation between its heading and its buttons, a
    // newsletter form's heading, a price at a shop under a review, a
    // patent's HTML title over its heading, a wiki's edit links, a
    // channel's views, handles and posts' ages, a post's reactions, a
    // classified ad's contact buttons, a museum's list of more works, a
    // columnist's role under her name, a search box's label, a journal's
    // thanks for the visit before its browser notice and its link to its
    // own page, a gallery's counters and credits, a package index's notice
    // that it needs JavaScript and its footer under the site's credit,
    // French and Japanese encyclopedias' tables of contents and their
    // sections after the text with edit links glued to their headings,
    // and a shop's link back to its results and its copyright line, a
    // social post's counts, sign-up buttons and links to more replies, a
    // government letter box's labels, a blog's prompt for tips, a
    // flat's listing's buttons, a scripture page's cross references and
    // a writer's name over the date that her box under the text says
    // again, a Russian encyclopedia's notes over its lead and a section's
    // link to its main article, a caption credited '(Photo by …)', a
    // byline with the paper's name after the address, a newsletter's
    // promise, notes on writers under their articles that open with the
    // byline's name, a Korean Q&A page's answer labels and vote prompt,
    // a recipe's save and shopping-list buttons, a Spanish government
    // page's skip link, share button, feedback prompt and date of update,
    // a Brazilian paper's font buttons, date of update, newsletter prompt, comments'
    // disclaimer and a menu that says its section twice, a Dutch
    // forum's cookie notice, a drug's page's links under 'More about',
    // a handmade shop's buttons, options and counts, Bulgarian dates of
    // update, credits and links to more, a Japanese portal's date of
    // distribution, an Italian forum's buttons, counts, prompt to log in
    // and similar threads, Polish comment dates, Slovak dates, share
    // buttons, links to more and a photo's credit, a Lithuanian one,
    // Danish share buttons and an advertisement's label, a Vietnamese
    // forum's buttons, ranks and prompt to log in, and a Turkish recipe
    // blog's related recipes, comment count and reply buttons over the
    // comments, which stay, a German phpBB forum's trail that points back
    // and its posts' heads, a Spanish job posting's age, buttons and
    // similar offers, an Arabic recipe's print button, a Korean shop's
    // review votes, an Indonesian forum's related threads, a Serbian
    // byline, link button and photo's credit in Cyrillic, a Polish phpBB
    // post's head, a Hindi recipe's byline, print button and links to
    // more, a Greek shop's product code and review votes, a Hebrew
    // blog's comment buttons, an obituary's flower and tree buttons, a
    // restaurant's booking button, a Polish shop's sort order, bylines and
    // dates in Georgian, Kazakh, Slovenian and Tagalog whose months and
    // words the pack does not know, an Estonian editor's credit, a
    // booking site's buttons and a review's date of stay, a Latvian
    // forum's dates and buttons, Armenian share buttons, links to more in
    // Azerbaijani and Marathi, a Ukrainian recipe's buttons and
    // comment form, the most read headlines between a column of tags and
    // the site's links in Icelandic and Albanian, a Nepali byline and its
    // date in Devanagari digits, links to more in Albanian and Uzbek, a
    // Galician blog's byline of one name, like button and related post,
    // a review's affiliate button, a video player's labels, a local
    // paper's newsletter prompt and reporter's role, a byline's name,
    // source and date between slashes, glued share buttons, a share box's
    // link to the page and a topic's label, and a message board's link to
    // the previous thread.
    for furniture in [
        "Home / Kitchen / Knives / Eight-Inch Chef's Knife",
        "The Python Standard Library »",
        "Data Types »",
        "43 people found this helpful. Was it helpful to you? [Yes] [No]",
        "Rated 5 out of 5",
        "2 reviews for Eight-Inch Chef's Knife",
        "Add to cart",
        "SKU: KN-0812 Category: Knives Tags: chef, steel",
        "Free shipping on all orders over $50 – Shop now",
        "Thread starter lowvolt",
        "Senior member",
        "You must log in or register to reply here.",
        "Il vous reste 72.45% de cet article à lire. La suite est réservée aux abonnés.",
        "Offrir cet article",
        "송고시간 2024-03-01 10:15",
        "You are using a browser version with limited support for CSS. To obtain the best experience, we recommend you use a more up to date browser.",
        "Cite this article",
        "12k Accesses",
        "Received: 02 May 2023",
        "テーマ:料理",
        "Navigation öffnen",
        "minsu@example.co.kr",
        "Mehr zum Thema",
        "Hitzewelle in Südeuropa: Waldbrände auf Rhodos",
        "See also",
        "Post Your Answer",
        "27 Answers",
        "Apply now",
        "Similar jobs",
        "Still have questions?",
        "回复 引用 举报",
        "快速回复",
        "Related crafts",
        "Pine cone feeders",
        "Lecture 3 min.",
        "Internacional España Economía Sociedad Cultura Deportes",
        "정치 경제 사회 세계 문화 스포츠",
        "Teilen mit:",
        "4. September 2023 um 09:12",
        "Explore more on these topics",
        "Create account",
        "Подписывайтесь на наш канал в Telegram",
        "责任编辑:李娜",
        "Ana Ruiz",
        "Иван Петров",
        "A beaver at a release site near Perth. Photograph: Andy Smith/PA",
        "Severin Carrell Scotland editor",
        "김민수 기자",
        "Print subscriptions",
        "The Guardian - Back to homepage",
        "2024年01月04日 08:12 新华网",
        "More songs by The Tidewater Band",
        "Winter Orchard",
        "即時",
        "要聞",
        "An official website of the United States government",
        "A .gov website belongs to an official government organization in the United States.",
        "Here's how you know",
        "mkoval commented Mar 8, 2024",
        "lindqvist 4 hours ago | next [–]",
        "1.4K",
        "312 Followers",
        "Listen",
        "Copia link",
        "اقرأ أيضا",
        "أسعار الذهب تتراجع في ختام التداولات",
        "الكلمات المفتاحية",
        "جميع الحقوق محفوظة © 2024",
        "10/11/2023 09h03 Atualizado há 2 horas",
        "Últimas notícias",
        "Princípios editoriais",
        "Elena Park",
        "Thanks for reading The Margin Notes! Subscribe for free to receive new posts and support my work.",
        "Get it sent to your inbox.",
        "专栏收录该内容",
        "For Immediate Release",
        "Contact: Office of Public Affairs, press@example.gov",
        "###",
        "रिपोर्ट: अमित शर्मा",
        "ये भी पढ़ें: बेंगलुरु मेट्रो में अब डिजिटल टिकट से सफर",
        "8 มี.ค. 2567 10:45 น.",
        "รถไฟฟ้าสายสีชมพูเปิดให้บริการครบทุกสถานี",
        "#경주여행 #황리단길 #당일치기",
        "Issues 41",
        "Star 3.4k",
        "mkovacs released this Mar 4, 2024",
        "点击蓝字关注我们",
        "阅读 2.1万",
        "在看 32",
        "1,024 人赞同了该回答",
        "تاریخ انتشار: ۱۴ اسفند ۱۴۰۲ - ۱۰:۳۰",
        "פורסם: 05.03.24, 11:20",
        "כל הזכויות שמורות © 2024",
        "Sorry, we couldn't find the page you were looking for.",
        "记住我",
        "Hoppa till huvudinnehåll",
        "Publicerad 14 juli 2024 kl. 09.12",
        "Kopiera länk",
        "Läs också: Rekordmånga drunkningar i somras – så badar du säkert",
        "Přeskočit na obsah",
        "3. července 2024 7:05",
        "Metro D: stavba prvního úseku nabrala další zpoždění",
        "Chanzo cha picha, Getty Images",
        "Mada zinazohusiana",
        "இதையும் படிக்கவும்: கோயம்பேட்டில் போக்குவரத்து மாற்றம்",
        "شائع 12 جون 2024 09:15am",
        "نمائندہ خصوصی",
        "Accept analytics cookies",
        "Ответить с цитатой",
        "Сообщений: 3 482",
        "Page 2 of 4",
        "24-6-18 09:42 来自 iPhone客户端",
        "Índice",
        "1 Historia",
        "4 Enlaces externos",
        "↑ Durán Fuentes, Manuel (2004). La construcción de puentes romanos en Hispania. Santiago de Compostela.",
        "1 历史沿革",
        "播报",
        "参考资料",
        "このページの情報は役に立ちましたか?",
        "見つけにくかった",
        "ページ番号1004521",
        "매우 만족",
        "質問日時:2023/11/4 18:22",
        "Kargo Bedava",
        "Tahmini kargoya teslim: 2 gün içinde",
        "level 2",
        "96% Upvoted",
        "Messages : 8 904",
        "Postar comentários (Atom)",
        "Tema Simples. Tecnologia do Blogger.",
        "Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
        "Leichte Sprache",
        "Member-only story",
        "Vés al contingut",
        "Actualitzat el 12 de juny de 2024 a les 10:45",
        "Pročitajte još: Rekordan broj putnika u lipnju",
        "Najčitanije",
        "Oleh Ahmad Faiz",
        "Diterbitkan pada 5 Jul 2024, 9:30 pagi",
        "ఇవి కూడా చదవండి: నగరంలో ట్రాఫిక్ ఆంక్షలు",
        "రచయిత: శ్రీనివాస్ రెడ్డి",
        "benchdog_71",
        "Lucette84, 18 juin 2024",
        "mira_k",
        "Persönliche Werkzeuge",
        "Versionsgeschichte",
        "Kategorien:",
        "Der Text ist unter der Lizenz „Creative-Commons Namensnennung – Weitergabe unter gleichen Bedingungen“ verfügbar; Informationen zu den Urhebern und zum Lizenzstatus eingebundener Mediendateien (etwa Bilder oder Videos) können im Regelfall durch Anklicken dieser abgerufen werden.",
        "Distribuie pe Facebook",
        "Urmărește-ne pe Google News",
        "2024. április 9. kedd 14:20",
        "In this article",
        "mtrask 5 hours ago | root | parent | next [–]",
        "로그인 후 댓글을 작성할 수 있습니다.",
        "Excellent",
        "Marta_L",
        "Porto, Portugal",
        "Gégé du 26",
        "grainchaser",
        "Marta S. disse...",
        "Anonymous said...",
        "BlogThis!",
        "Labels: seeds, tomatoes, windowsill",
        "Reviewed in the United States on February 11, 2024",
        "Color: Black | Verified Purchase",
        "12,408 global ratings",
        "2楼",
        "回复(3)",
        "Langsung ke konten",
        "Diposting oleh Rina Wulandari",
        "于 2023-05-12 21:40:03 发布",
        "版权声明:本文为博主原创文章,遵循 CC 4.0 BY-SA 版权协议,转载请附上原文出处链接和本声明。",
        "本文介绍了使用 pandas 分块读取 CSV 文件的方法......",
        "(责编:张三、李四)",
        "返回搜狐,查看更多",
        "By submitting your email, you agree to our Terms and Privacy Notice.",
        "Photography by Jordan Hale / The Circuit",
        "为你推荐:",
        "你对这个回答的评价是?",
        "(供稿:数学学院 审核:王强 编辑:刘洋)",
        "Aller au menu",
        "République Française",
        "読者になる",
        "下一章",
        "温馨提示:按回车[Enter]键返回书目,按 ←键返回上一页, 按 →键进入下一页,加入书签方便您下次继续阅读。",
        "民事案件",
        "Mensajes: 3.482",
        "4,7 von 5 Sternen",
        "Auf Lager – Lieferzeit 1–3 Werktage",
        "#webdev",
        "Top comments (4)",
        "Something went wrong. Wait a moment and try again.",
        "软件大小:8.6MB",
        "高速下载",
        "more_vert",
        "48.3K subscribers",
        "Fact checked by Owen Hale",
        "We independently evaluate all recommended products and services. If you click on links we provide, we may receive compensation. Learn more.",
        "The cookies on legislation.gov.uk do two things: they remember any settings you've chosen so you don't have to choose them on every page, and they help us understand how people browse our website, so we can make improvements and fix problems.",
        "From Lakeshore Clinic to your inbox",
        "$579 at Amazon",
        "US11234567B2 - Method and apparatus for reducing condensation in ventilated enclosures - Google Patents",
        "[edit]",
        "1.8K views",
        "@rdiaz@hachyderm.io",
        "@severveter",
        "4 Reactions",
        "Report this post",
        "3d",
        "Log in to Patient Account",
        "Dienstleistungen A-Z",
        "This topic was automatically closed 2 days after the last reply. New replies are no longer allowed.",
        "2 Likes",
        "Author information",
        "The authors declare no competing interests.",
        "Yes this page is useful",
        "Don't include personal or financial information like your National Insurance number or credit card details.",
        "(Reporting by Elena Marsh in Chicago; Editing by Sonali Paul)",
        "Elena Marsh",
        "분류: 한국철도공사의 철도 노선",
        "최근 수정 시각: 2024-03-18 21:07:42",
        "Xe buýt điện tại điểm đầu tuyến ở Hà Đông. Ảnh: Thanh Hằng",
        "Trả lời",
        "1 名無しさん@線路沿い 2024/03/02(土) 12:34:56.78 ID:AbCdEf120",
        ">>3",
        "書き込む",
        "Vom Fragesteller als hilfreich ausgezeichnet",
        "Kommentieren",
        "สมาชิกหมายเลข 4521873",
        "ถูกใจ 12",
        "Показать телефон",
        "Написать сообщение",
        "More Artwork",
        "The Courtyard of a House in Delft",
        "Columnist",
        "Search the collection",
        "About the journal",
        "Thank you for visiting nature.com. You are using a browser version with limited support for CSS. To obtain the best experience, we recommend you use a more up to date browser (or turn off compatibility mode in Internet Explorer).",
        "3 of 8",
        "Marco Ricci / Reuters",
        "Some features may not work without JavaScript. Please try enabling it if you encounter problems.",
        "Developed and maintained by the Python community, for the Python community.",
        "Installing packages",
        "Sommaire",
        "1 Géographie",
        "Voir aussi[modifier | modifier le code]",
        "Liste des lacs de France",
        "目次",
        "関連項目",
        "日本の城一覧",
        "Back to search results",
        "Copyright © 1995-2024 eBay Inc. All Rights Reserved. Accessibility, User Agreement, Privacy, Payments Terms of Use, Cookies, Your Privacy Choices and AdChoice",
        "Canon FD Camera Lenses",
        "Views",
        "Reposts",
        "Show more replies",
        "Sign up with Google",
        "New to X?",
        "Sign in with Google",
        "1 Me gusta",
        "Inicia sesión para indicar que te gusta o comentar.",
        "Más publicaciones de panaderia_lamolinera",
        "信件编号:XJ20240418-0032",
        "回复内容:",
        "この記事が気に入ったらサポートをしてみませんか?",
        "チップで応援する",
        "Telefonnummer anzeigen",
        "Objekt melden",
        "Karte anzeigen",
        "Cross references",
        "佐藤ゆかり",
        "Mira Okonkwo",
        "У этого термина существуют и другие значения, см. Байкал (значения).",
        "Текущая версия страницы пока не проверялась опытными участниками и может значительно отличаться от версии, проверенной 12 марта 2024 года; проверки требуют 3 правки.",
        "Основная статья: Гидрология Байкала",
        "Crews work on a broken water main on Elm Street in January. (Photo by Dana Whitfield/Riverside Herald)",
        "By Marcus Delgado | mdelgado@riversideherald.com | Riverside Herald",
        "Get the latest news delivered daily!",
        "Originally Published: March 10, 2024 at 6:02 p.m.",
        "Marcus Delgado covers city government for the Riverside Herald. Reach him at 555-0142.",
        "Priya Natarajan covers animal behavior and evolution for the Science desk.",
        "Dana Whitfield covers city government for the Courier. Reach her at 555-0142.",
        "질문자채택",
        "1번째 답변",
        "도움이 되었다면 UP 눌러주세요!",
        "관련 질문",
        "Rezept speichern",
        "Zutaten in meine Einkaufsliste",
        "Ir al contenido principal",
        "Compartir por WhatsApp",
        "¿Te fue útil esta información?",
        "Última actualización: 4 de marzo de 2024",
        "Diminuir fonte",
        "Atualizado: 12.mar.2024 às 20h05",
        "Receba no seu email as principais notícias do dia.",
        "Os comentários não representam a opinião do jornal; a responsabilidade é do autor da mensagem.",
        "Esporte",
        "Tweakers maakt gebruik van cookies",
        "Drug images",
        "Ibuprofen monograph",
        "Report this item",
        "Oatmeal",
        "Reviews for this item (412)",
        "Обновена: 15.05.2024 13:05",
        "Снимка: Община Пловдив",
        "Вижте още: Нови светофари на бул. „Марица“ от юни",
        "3/15(金) 18:30配信",
        "무릎통증",
        "Rispondi",
        "Messaggi: 2.341",
        "Devi accedere o registrarti per rispondere qui.",
        "Discussioni simili",
        "5 marca 2024 o 19:12",
        "12. mája 2024 o 8:30",
        "Zdieľať",
        "Čítajte tiež: Mesto chystá novú cyklotrasu popri Dunaji",
        "Related/similar drugs",
        "meloxicam",
        "Nuotr. Vilniaus miesto savivaldybės",
        "Ilustračné foto: Archív mesta",
        "Del artikel",
        "Annonce",
        "Báo cáo",
        "Thành viên tích cực",
        "Bạn phải đăng nhập hoặc đăng ký để trả lời ở đây.",
        "Bunları da beğenebilirsiniz",
        "Yorumlar (18)",
        "Cevapla",
        "Back this project",
        "Foren-Übersicht ‹ Technik ‹ Heizung und Sanitär",
        "Registriert: Mo 3. Jan 2022, 18:40",
        "Beitrag von Heizfritze » Di 16. Jan 2024, 21:12",
        "Publicada hace 3 días",
        "Inscribirme en esta oferta",
        "Ofertas similares",
        "طباعة",
        "도움이 돼요 12",
        "Thread Terkait",
        "Аутор: Милан Јовановић",
        "Копирај линк",
        "Фото: Град Нови Сад",
        "Post autor: Halina » 2 sie 2023, 09:31",
        "Rejestracja: 19 sty 2015, 10:02",
        "द्वारा: सुनीता शर्मा",
        "प्रिंट करें",
        "ये भी पढ़ें",
        "Κωδικός: 512.334",
        "Χρήσιμο; Ναι Όχι",
        "השב",
        "כתיבת תגובה",
        "Send Flowers",
        "Reserve a table",
        "Sortuj według: Popularność",
        "15 მაისი, 2024 12:40",
        "ნინო ბერიძე",
        "16 мамыр 2024, 10:15",
        "Айгүл Сейітова",
        "15.04.2024 ob 19:22",
        "Citiraj",
        "Ni Ana Reyes",
        "Marso 19, 2024 sa 8:14 am",
        "Toimetaja: Marko Tooming",
        "See availability",
        "Stayed in April 2024",
        "2024. gada 12. aprīlis, 20:14",
        "Citēt",
        "Կիսվել",
        "Həmçinin oxuyun: Bakıda yeni park açıldı",
        "हेही वाचा: मुंबईत नवीन उड्डाणपूल खुला",
        "Зберегти рецепт",
        "Ваша адреса електронної пошти не буде опублікована.",
        "Veðrið um helgina: bjart og kalt",
        "Çmimet e naftës bien për të dytën javë radhazi",
        "सीता गुरुङ",
        "बैशाख ५, २०८१ १०:२५",
        "Lexo edhe: Tirana dhe Prishtina nënshkruajnë marrëveshje për transportin hekurudhor",
        "Shuningdek o‘qing: Toshkentda yangi metro bekati ochildi",
        "Publicado o 21 de abril de 2024 por Breogán",
        "Gústame Cargando...",
        "Ruta polas fervenzas do Toxa",
        "Ver precio en Amazon",
        "Video Unavailable",
        "The video will auto-play soon8Cancel",
        "Get the biggest daily stories by email",
        "Local Democracy Reporter",
        "Neha Kulkarni / TNN / Updated: May 15, 2024, 08:12 IST",
        "FacebookTwitterLinkedinEMail",
        "abc.net.au/news/hobart-bridge-cycling/103845210",
        "Topic: Cycling",
        "https://example.5ch.net/test/read.cgi/train/1700000000/",
        "Uit Wikipedia, de vrije encyclopedie",
        "Categorieën:",
        "Сохранить моё имя, email и адрес сайта в этом браузере для последующих моих комментариев.",
        "12 комментариев",
        "Konuyu başlatan emre_k",
        "Beğen",
        "Cevap yazmak için giriş yapmalısınız.",
        "API リファレンス",
        "よくある質問",
        "Kari Nordheim",
        "ALSO READ",
        "Content Highlights: Kochi Metro phase two construction to begin next month",
        "Você também vai gostar",
        "Você precisa estar logado para comentar.",
        "Aggiungi alla lista dei desideri",
        "Acquisto verificato",
        "Mejora esta pregunta",
        "preguntada el 2 mar. 2021 a las 10:15",
        "– Ana García",
        "Preguntas relacionadas",
        "2 réflexions sur « Trois jours à Lisbonne sans voiture »",
        "15 avril 2024 à 8 h 12 min",
        "Mobile eTicket",
        "비추천",
        "Quanto sono chiare le informazioni su questa pagina?",
        "ਲੁਧਿਆਣਾ, 18 ਮਈ 2024",
        "ਹਰਪ੍ਰੀਤ ਸਿੰਘ",
        "Donostia, 2024ko apirilaren 9a",
        "Miren Etxeberria",
        "මෙයත් කියවන්න: දුම්රිය ගාස්තු ඉහළ යයි",
        "Bình luận (2)",
    ] {
        assert!(
            !kept_lines
                .iter()
                .any(|line| *line == furniture.split_whitespace().collect::<String>()),
            "{furniture:?} stayed"
        );
    }
    assert_nothing_lost(&input, &out);
}

#[test]
fn lone_pages_in_other_languages_lose_their_bylines_and_share_bars() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let portuguese = [
        "Pular para o conteúdo",
        "Câmara aprova o orçamento depois de meses de debate sobre transporte e escolas da cidade",
        "Por Ana de Souza e Pedro Lima",
        "3 de março de 2021 às 10h12",
        "A câmara municipal aprovou na terça-feira um orçamento que aumenta os gastos com transporte público e escolas.",
        "A votação seguiu meses de audiências públicas, nas quais os moradores pediram mais ônibus e bibliotecas abertas até mais tarde.",
        "Compartilhar",
        "Leia também",
        "Chuva forte fecha três estradas no norte do estado",
        "Todos os direitos reservados.",
    ];
    let korean = [
        "본문 바로가기",
        "로그인 | 회원가입",
        "시의회, 수개월 논의 끝에 대중교통과 학교 예산 증액안 통과",
        "2021년 3월 2일 오후 4:12",
        "시의회는 화요일 대중교통과 학교에 대한 지출을 늘리는 예산안을 승인했다. 주민들은 공청회에서 버스 증편을 요구했다.",
        "표결은 수개월에 걸친 공청회 끝에 이루어졌으며, 주민들은 도서관 운영 시간 연장도 함께 요청했다.",
        "카카오톡 카카오스토리 네이버 밴드",
        "관련기사",
        "폭설로 북부 도로 세 곳 통제",
        "무단전재 및 재배포 금지",
    ];
    write(&input, "pt/page.txt", portuguese.join("\n") + "\n");
    write(&input, "ko/page.txt", korean.join("\n") + "\n");
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    assert_keeps(&out, "pt/page.txt", &portuguese, &[1, 4, 5]);
    assert_keeps(&out, "ko/page.txt", &korean, &[2, 4, 5]);
    assert_nothing_lost(&input, &out);
}

#[test]
fn lone_pages_lose_the_furniture_inside_their_body_and_the_comments_after_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let news = [
        "Sections",
        "World",
        "U.S.",
        "Politics",
        "Business",
        "NASA's lunar rover passes its final cold test before launch",
        "The rover spent two weeks in a vacuum chamber chilled to minus 170 degrees Celsius, engineers said.",
        "By Daniel Park",
        "Published Oct. 4, 2023 Updated Oct. 5, 2023, 9:12 a.m. ET",
        "Share full article",
        "Engineers said on Tuesday that a lunar rover bound for the moon's south pole had passed its last major test.",
        "The rover, which is about the size of a golf cart, is designed to search for water ice in shadowed craters.",
    ];
    let comment = "Made this last night and the whole family loved it, I added some spinach at the end and it was perfect.";
    let blog = [
        "Skip to primary navigation",
        "Easy weeknight chicken curry",
        "This easy chicken curry comes together in about thirty minutes and uses pantry spices you probably already have.",
        "Ingredients",
        "1 large onion, finely chopped",
        "Heat the oil in a large skillet over medium heat and cook the onion until soft and golden, about eight minutes.",
        "Pin Recipe",
        "Rate this Recipe",
        "You might also like",
        "Creamy Tomato Basil Soup",
        "Sarah says",
        "January 16, 2023 at 7:42 pm",
        comment,
        "Reply",
    ];
    let encyclopedia = [
        "Main page",
        "Contents",
        "Current events",
        "Random article",
        "Lake Bled",
        "Deutsch",
        "Español",
        "Français",
        "Italiano",
        "From Wikipedia, the free encyclopedia",
        "Lake Bled (Slovene: Blejsko jezero) is a lake in the Julian Alps of the Upper Carniolan region of northwestern Slovenia.",
    ];
    write(&input, "news/page.txt", news.join("\n") + "\n");
    write(&input, "blog/page.txt", blog.join("\n") + "\n");
    write(&input, "wiki/page.txt", encyclopedia.join("\n") + "\n");
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    assert_keeps(&out, "news/page.txt", &news, &[5, 6, 10, 11]);
    assert_keeps(&out, "blog/page.txt", &blog, &[1, 2, 3, 4, 5]);
    assert_keeps(&out, "wiki/page.txt", &encyclopedia, &[4, 10]);
    assert_nothing_lost(&input, &out);
}

#[test]
fn a_summary_keeps_its_text_and_loses_its_label_unless_the_rule_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let body = [
        "The city council voted on Tuesday to approve a budget that raises spending on public transport.",
        "The vote followed months of public hearings, in which residents asked for more buses.",
    ];
    let summary = format!("{} {}", body[0], body[1]);
    let page = [
        "City council approves new budget",
        "Summary:",
        &summary,
        body[0],
        "Schools get a larger share of the budget than last year, the mayor said after the vote.",
        body[1],
    ];
    write(&input, "news/page.txt", page.join("\n") + "\n");
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let cleaned = std::fs::read_to_string(out.join("news/page.txt")).unwrap();
    assert_eq!(cleaned, format!("{}\n{}\n{}\n", page[0], page[2], page[4]));
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    let label = (records.iter())
        .find(|r| r["text"] == "Summary:\n")
        .expect("the label is reported");
    assert_eq!(label["rule"], "boilerplate-summary-label");
    assert_nothing_lost(&input, &out);

    let kept = dir.path().join("kept");
    clean(
        &input,
        &kept,
        &["-q", "--disable-rule", "boilerplate-summary-label"],
    );
    let cleaned = std::fs::read_to_string(kept.join("news/page.txt")).unwrap();
    assert!(cleaned.contains("Summary:\n"), "{cleaned}");
}

#[test]
fn a_title_at_the_head_of_a_flattened_copy_goes_with_its_paragraphs_copies() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let title = "Council news from the meeting of Tuesday";
    let one = "The council met on Tuesday to discuss the budget for next year in detail.";
    let two = "Members agreed to spend more on roads and less on new office buildings downtown.";
    write(
        &input,
        "s/page.txt",
        format!("{title}\n{title} {one} {two}\n{one}\n{two}\n"),
    );
    let out = dir.path().join("out");
    clean(&input, &out, &["-q"]);
    let page = std::fs::read_to_string(out.join("s/page.txt")).unwrap();
    assert_eq!(page, format!("{title}\n{one} {two}\n"));
    let records = json_lines(&report_dir(&out).join("provenance.jsonl"));
    let head = (records.iter())
        .find(|r| r["text"] == format!("{title} "))
        .expect("the title's copy is reported");
    assert_eq!(head["rule"], "duplicate-span");
    assert_eq!(head["evidence"]["first"], "s/page.txt:1");
    assert_nothing_lost(&input, &out);

    let paragraph = format!("{title} was held in the town hall, as every month.");
    write(&input, "s/page.txt", format!("{title}\n{paragraph}\n"));
    clean(&input, &out, &["-q"]);
    let page = std::fs::read_to_string(out.join("s/page.txt")).unwrap();
    assert_eq!(page, format!("{title}\n{paragraph}\n"), "no copy");
}
