//! JSON Lines input and output, compressed files, standard input and output.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

mod common;

use common::{gleaner, s, succeed, tree};

/// A word of a made-up language, different for every `n`.
fn word(n: u64) -> String {
    let syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "vu"];
    let mut n = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
    let mut word = String::new();
    for _ in 0..3 {
        word.push_str(syllables[(n % 10) as usize]);
        n /= 10;
    }
    word
}

/// A paragraph no other call makes.
fn paragraph(seed: u64) -> String {
    let words: Vec<String> = (0..40).map(|i| word(seed * 1000 + i)).collect();
    format!("{}.", words.join(" "))
}

/// Eight pages of one site: a navigation bar and a footer on each, a
/// paragraph that page 5 repeats from page 2, and page 7 a copy of page 1.
fn pages() -> Vec<String> {
    (0..8u64)
        .map(|i| {
            let source = if i == 7 { 1 } else { i };
            let mut page = String::from("首页 | 新闻 | 关于我们 | 联系方式\n");
            page.push_str(&format!("第{source}篇报道\n"));
            page.push_str(&paragraph(source * 2));
            page.push('\n');
            if source == 5 {
                page.push_str(&paragraph(2 * 2));
                page.push('\n');
            }
            page.push_str(&paragraph(source * 2 + 1));
            page.push_str("\nCopyright 2024 Example Site. All rights reserved.\n");
            page
        })
        .collect()
}

fn record(i: usize, text: &str) -> Value {
    json!({
        "id": format!("page-{i}"),
        "url": format!("https://www.example.org/news/{i}.html"),
        "text": text,
        "meta": {"fetched": 1_700_000_000 + i, "lang": ["zh", "en"]},
    })
}

/// The pages as records, numbered in order.
fn records_of_pages(pages: &[String]) -> Vec<Value> {
    pages
        .iter()
        .enumerate()
        .map(|(i, p)| record(i, p))
        .collect()
}

/// Records as lines, with their fields in this order: id, url, text, meta.
fn jsonl(records: &[Value]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for record in records {
        let fields: Vec<String> = ["id", "url", "text", "meta"]
            .iter()
            .filter(|key| !record[**key].is_null())
            .map(|key| format!("\"{key}\": {}", record[*key]))
            .collect();
        bytes.extend_from_slice(format!("{{{}}}\n", fields.join(", ")).as_bytes());
    }
    bytes
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn records_of(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect()
}

fn documents(report: &Path) -> Vec<Value> {
    records_of(&std::fs::read(report.join("documents.jsonl")).unwrap())
}

#[test]
fn records_are_cleaned_as_the_same_texts_in_files_would_be() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages();
    let records = records_of_pages(&pages);
    let texts = dir.path().join("texts");
    for (i, page) in pages.iter().enumerate() {
        write(&texts.join(format!("site/p{i}.txt")), page.as_bytes());
    }
    let plain = dir.path().join("plain");
    write(&plain.join("site/part-0.jsonl"), &jsonl(&records));
    let packed = dir.path().join("packed");
    write(
        &packed.join("site/part-0.jsonl.gz"),
        &gzip(&jsonl(&records)),
    );
    let zstd = dir.path().join("zstd");
    write(
        &zstd.join("site/part-0.jsonl.zst"),
        &zstd::encode_all(&jsonl(&records)[..], 3).unwrap(),
    );

    let out = |name: &str| dir.path().join(format!("{name}-out"));
    for input in [&texts, &plain, &packed, &zstd] {
        let name = input.file_name().unwrap().to_str().unwrap();
        succeed(&[
            "clean",
            s(input),
            "-o",
            s(&out(name)),
            "-q",
            "--id-field",
            "id",
        ]);
    }

    let expected: BTreeMap<usize, String> = (0..pages.len())
        .filter_map(|i| {
            let text = std::fs::read_to_string(out("texts").join(format!("site/p{i}.txt")));
            text.ok().map(|t| (i, t))
        })
        .collect();
    // The template went, page 7 (a copy) was dropped, page 5 lost its repeat.
    assert_eq!(expected.len(), 7);
    assert!(expected
        .values()
        .all(|t| !t.contains("首页") && !t.contains("Copyright")));
    assert!(!expected[&5].contains(&paragraph(4)));

    let outputs = [
        (
            "part-0.jsonl",
            std::fs::read(out("plain").join("site/part-0.jsonl")).unwrap(),
        ),
        (
            "part-0.jsonl.gz",
            gunzip(&std::fs::read(out("packed").join("site/part-0.jsonl.gz")).unwrap()),
        ),
        (
            "part-0.jsonl.zst",
            zstd::decode_all(
                &std::fs::read(out("zstd").join("site/part-0.jsonl.zst")).unwrap()[..],
            )
            .unwrap(),
        ),
    ];
    for (container, output) in outputs {
        // Fields keep their order.
        for line in String::from_utf8(output.clone()).unwrap().lines() {
            let at = |key: &str| line.find(&format!("\"{key}\":")).unwrap();
            assert!(at("id") < at("url") && at("url") < at("text") && at("text") < at("meta"));
            assert!(at("meta") < at("gleaner"));
        }
        let cleaned = records_of(&output);
        assert_eq!(cleaned.len(), expected.len());
        for (record, (i, text)) in cleaned.iter().zip(&expected) {
            assert_eq!(record["text"], text.as_str(), "record {i}");
            // Every other field is kept, in its order, and the metadata added.
            assert_eq!(record["id"], format!("page-{i}"));
            assert_eq!(record["meta"], records[*i]["meta"]);
            assert_eq!(
                record["gleaner"]["doc"],
                format!("site/{container}#{}", i + 1)
            );
            assert!(record["gleaner"]["removed"]["boilerplate-frequency"].as_u64() > Some(0));
        }
    }

    let report = dir.path().join("zstd-out.report");
    let docs = documents(&report);
    assert_eq!(docs.len(), pages.len());
    assert_eq!(docs[7]["status"], "dropped");
    assert_eq!(docs[7]["id"], "page-7");
    assert_eq!(docs[7]["doc"], "site/part-0.jsonl.zst#8");
    let verified = succeed(&["verify", s(&zstd), s(&out("zstd"))]);
    assert!(String::from_utf8_lossy(&verified.stdout).contains("verified 8 documents"));
    let explained = succeed(&["explain", s(&report), "site/part-0.jsonl.zst#6"]);
    assert!(String::from_utf8_lossy(&explained.stdout).contains("duplicate"));
    // A record may be named by its id too.
    let by_id = succeed(&["explain", s(&report), "site/part-0.jsonl.zst#page-5"]);
    assert_eq!(by_id.stdout, explained.stdout);
    succeed(&["audit", s(&report), "-o", s(&dir.path().join("audit.html"))]);

    // Verify notices a changed record.
    let path = out("plain").join("site/part-0.jsonl");
    let changed = String::from_utf8(std::fs::read(&path).unwrap())
        .unwrap()
        .replacen("\"text\":\"第1篇报道", "\"text\":\"第9篇报道", 1);
    std::fs::write(&path, changed).unwrap();
    let failed = gleaner(&["verify", s(&plain), s(&out("plain"))]);
    assert!(!failed.status.success());
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("site/part-0.jsonl#2"),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
}

#[test]
fn malformed_lines_are_reported_with_their_line_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut bytes = jsonl(&[json!({"text": "A first record with enough words to stay."})]);
    bytes.extend_from_slice(b"{\"text\": \"cut short\n");
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(b"{\"body\": \"no text field\"}\n");
    bytes.extend_from_slice(b"{\"text\": \"\xff\xfe not UTF-8\"}\n");
    bytes.extend_from_slice(b"[\"an array\"]\n");
    bytes.extend_from_slice(b"{\"text\": 42}\r\n");
    bytes.extend_from_slice(b"{\"text\": \"The last record, without a line end.\"}");
    write(&input.join("a.jsonl"), &bytes);
    write(&input.join("empty.jsonl"), b"");
    write(
        &input.join("broken.jsonl.gz"),
        &gzip(b"{\"text\":\"x\"}\n")[..12],
    );
    let out = dir.path().join("out");
    succeed(&["clean", s(&input), "-o", s(&out), "-q"]);

    let docs = documents(&dir.path().join("out.report"));
    let status: BTreeMap<String, (String, String)> = docs
        .iter()
        .map(|d| {
            (
                d["doc"].as_str().unwrap().to_string(),
                (
                    d["status"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect();
    let skipped = |doc: &str, says: &str| {
        let (state, message) = status
            .get(doc)
            .unwrap_or_else(|| panic!("{doc} in {status:?}"));
        assert_eq!(state, "skipped", "{doc}");
        assert!(message.contains(says), "{doc}: {message}");
    };
    assert_eq!(status["a.jsonl#1"].0, "cleaned");
    skipped("a.jsonl#2", "column");
    assert!(
        !status.contains_key("a.jsonl#3"),
        "a blank line is no record"
    );
    skipped("a.jsonl#4", "no \"text\" field");
    // Bytes that are not UTF-8 cost themselves, not the record.
    assert_eq!(status["a.jsonl#5"].0, "cleaned");
    let malformed = docs.iter().find(|d| d["doc"] == "a.jsonl#5").unwrap();
    assert_eq!(malformed["malformed"], 2);
    skipped("a.jsonl#6", "JSON object");
    skipped("a.jsonl#7", "not a string");
    assert_eq!(status["a.jsonl#8"].0, "cleaned");
    skipped("broken.jsonl.gz", "gzip");

    let kept = records_of(&std::fs::read(out.join("a.jsonl")).unwrap());
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[1]["text"], "\u{FFFD}\u{FFFD} not UTF-8\n");
    // Canonical text ends its last line.
    assert_eq!(kept[2]["text"], "The last record, without a line end.\n");
    assert_eq!(std::fs::read(out.join("empty.jsonl")).unwrap(), b"");
    succeed(&["verify", s(&input), s(&out)]);
}

#[test]
fn lone_surrogates_in_a_text_are_replaced_counted_and_the_record_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // As JavaScript and Python write a string cut inside a surrogate pair;
    // the title's lone surrogate is another field's, kept as written.
    let line = r#"{"title": "cut \ud83d", "text": "A smile \ud83d\ude00 and half of one \ud83d, then a stray \udc00 end."}"#;
    write(&input.join("a.jsonl"), format!("{line}\n").as_bytes());
    let out = dir.path().join("out");
    succeed(&["clean", s(&input), "-o", s(&out), "-q"]);

    let written = std::fs::read_to_string(out.join("a.jsonl")).unwrap();
    assert!(
        written.starts_with(r#"{"title":"cut \ud83d","#),
        "{written}"
    );
    // (serde_json reads no lone surrogate into a `Value`: the line is read
    // as text.)
    assert!(
        written.contains(
            "\"text\":\"A smile \u{1F600} and half of one \u{FFFD}, then a stray \u{FFFD} end.\\n\""
        ),
        "{written}"
    );
    let docs = documents(&dir.path().join("out.report"));
    assert_eq!(docs[0]["status"], "cleaned");
    assert_eq!(docs[0]["malformed"], 2);
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out.report/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["malformed_sequences"], 2, "{summary}");
}

#[test]
fn standard_input_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages();
    let records = records_of_pages(&pages);
    let stream = zstd::encode_all(&jsonl(&records)[..], 3).unwrap();
    let input = dir.path().join("in/site.jsonl");
    write(&input, &jsonl(&records));
    let out = dir.path().join("out");
    succeed(&["clean", s(&input), "-o", s(&out), "-q"]);
    let from_files = records_of(&std::fs::read(out.join("site.jsonl")).unwrap());

    let report = dir.path().join("piped.report");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(["clean", "-", "-o", "-", "--report", s(&report), "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&stream).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let piped = records_of(&output.stdout);
    assert_eq!(piped.len(), from_files.len());
    for (a, b) in piped.iter().zip(&from_files) {
        assert_eq!(a["text"], b["text"]);
        assert_eq!(a["url"], b["url"]);
    }
    assert_eq!(documents(&report)[0]["doc"], "stdin.jsonl#1");

    // Text files go to standard output as records too.
    let texts = dir.path().join("texts");
    write(&texts.join("s/a.txt"), pages[0].as_bytes());
    let output = succeed(&[
        "clean",
        s(&texts),
        "-o",
        "-",
        "--report",
        s(&dir.path().join("texts.report")),
        "-q",
        "--id-field",
        "name",
    ]);
    let records = records_of(&output.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["name"], "s/a.txt");
    assert!(records[0]["text"].as_str().unwrap().contains("第0篇报道"));

    let refused = gleaner(&["clean", s(&texts), "-o", "-"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--report"));
}

#[test]
fn compressed_outputs_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut records = Vec::new();
    for round in 0..60 {
        for (i, page) in pages().iter().enumerate() {
            let text = format!("{page}{}\n", paragraph(100 + round * 8 + i as u64));
            records.push(record(round as usize * 8 + i, &text));
        }
    }
    // Enough records for several chunks, and a text file among containers.
    write(
        &input.join("a/part-0.jsonl.zst"),
        &zstd::encode_all(&jsonl(&records[..300])[..], 3).unwrap(),
    );
    write(
        &input.join("a/part-1.jsonl.gz"),
        &gzip(&jsonl(&records[300..])),
    );
    write(&input.join("a/page.txt.gz"), &gzip(pages()[3].as_bytes()));
    let run = |threads: &str| {
        let out = dir.path().join(format!("out-{threads}"));
        succeed(&["clean", s(&input), "-o", s(&out), "-q", "-j", threads]);
        let files = tree(&out);
        succeed(&["verify", s(&input), s(&out)]);
        files
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one.len(), 3);
    let page = gunzip(&one["a/page.txt.gz"]);
    assert!(String::from_utf8(page).unwrap().contains("第3篇报道"));
    let part = gunzip(&one["a/part-1.jsonl.gz"]);
    assert!(records_of(&part).len() > 100);
}

#[test]
fn records_are_grouped_by_site_with_a_group_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // Two sites mixed in one file: each has its own footer, in half the records.
    let mut records = Vec::new();
    for i in 0..12u64 {
        let site = if i % 2 == 0 { "a.example" } else { "b.example" };
        let footer = format!("© {site} · terms · privacy");
        let text = format!("{}\n{}\n{footer}\n", paragraph(500 + i), paragraph(600 + i));
        records.push(json!({"url": format!("https://{site}/{i}"), "text": text}));
    }
    write(&input.join("mixed.jsonl"), &jsonl(&records));
    let grouped = dir.path().join("grouped");
    succeed(&[
        "clean",
        s(&input),
        "-o",
        s(&grouped),
        "-q",
        "--group-field",
        "url",
    ]);
    let kept = records_of(&std::fs::read(grouped.join("mixed.jsonl")).unwrap());
    assert_eq!(kept.len(), 12);
    assert!(kept
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains('©')));
    let docs = documents(&dir.path().join("grouped.report"));
    assert_eq!(docs[0]["group"], "a.example");
    assert_eq!(docs[1]["group"], "b.example");
}

#[test]
fn the_bench_command_makes_a_corpus_and_measures_both_runs() {
    let dir = tempfile::tempdir().unwrap();
    for layout in ["jsonl-zst", "text"] {
        let output = succeed(&[
            "bench",
            "--size",
            "2M",
            "--layout",
            layout,
            "--dir",
            s(dir.path()),
        ]);
        let table = String::from_utf8(output.stdout).unwrap();
        assert!(
            table.contains("baseline") && table.contains("gleaner clean"),
            "{table}"
        );
        assert!(
            table.contains("MB/s") && table.contains("peak RSS"),
            "{table}"
        );
    }
    // The corpus is made once and used again.
    let bench = |extra: &str| {
        let output = succeed(&["bench", "--size", "2M", "--dir", s(dir.path()), extra]);
        String::from_utf8(output.stderr).unwrap()
    };
    assert!(bench("--generate-only").contains("making"));
    assert!(bench("--no-baseline").contains("using the corpus"));
    let cleaned = dir.path().join("out-gleaner");
    assert!(std::fs::read_dir(&cleaned).unwrap().count() > 0);
}

#[test]
fn dropping_large_inputs_from_the_page_cache_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // A shard past the size whose pages are dropped as it is read (8 MiB),
    // compressed and not, and small files beside it.
    let mut records = Vec::new();
    let mut bytes = 0;
    let mut round = 0u64;
    while bytes < 9 << 20 {
        for (i, page) in pages().iter().enumerate() {
            let text = format!("{page}{}\n", paragraph(100 + round * 8 + i as u64));
            bytes += text.len();
            records.push(record(records.len(), &text));
        }
        round += 1;
    }
    let shard = jsonl(&records);
    write(&input.join("a/part-0.jsonl"), &shard);
    write(
        &input.join("a/part-1.jsonl.zst"),
        &zstd::encode_all(&shard[..], 3).unwrap(),
    );
    write(&input.join("a/page.txt"), pages()[3].as_bytes());
    let before = std::fs::read(input.join("a/part-0.jsonl")).unwrap();
    let run = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec!["clean", s(&input), "-o", s(&out), "-q"];
        args.extend_from_slice(extra);
        succeed(&args);
        succeed(&["verify", s(&input), s(&out)]);
        let report = dir.path().join(format!("{name}.report"));
        [out, report].map(|root| tree(&root))
    };
    let dropped = run("dropped", &[]);
    let kept = run("kept", &["--keep-input-cache"]);
    assert_eq!(dropped, kept);
    assert_eq!(dropped[0].len(), 3);
    assert_eq!(std::fs::read(input.join("a/part-0.jsonl")).unwrap(), before);
    // The setting says where pages go, not what the run makes: the report's
    // settings do not name it.
    let summary = String::from_utf8(dropped[1]["summary.json"].clone()).unwrap();
    assert!(!summary.contains("input_cache"), "{summary}");
}
