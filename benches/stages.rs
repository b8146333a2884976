//! Throughput of the per-document stages, on the bundled seed documents.
//!
//!     cargo bench --bench stages

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use gleaner::corpus::jsonl::{self, push_json_string, RecordFields};
use gleaner::decide::pack::RulePack;
use gleaner::decide::{rules::repeated_clause, Decision};
use gleaner::decode::decode;
use gleaner::fingerprint::{codec, minhash::Signature, sketch};
use gleaner::index::{MarkBuffer, RepeatMarks};
use gleaner::normalize::{
    canonicalize,
    key::{KeyFolder, LineKey},
};
use gleaner::segment;
use gleaner::settings::NormalForm;

/// The text files under `samples/DIR`, one after another.
fn samples(dir: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(dir);
    let mut paths: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn seeds() -> String {
    samples("seeds")
}

/// `text` cut at line ends into pages of `fewest` to `most` bytes (their
/// sizes spread by a fixed sequence), each with its lines.
fn pages_of(text: &str, fewest: usize, most: usize) -> Vec<(String, Vec<segment::Span>)> {
    let mut pages = Vec::new();
    let mut rest = text;
    let mut page = 0u64;
    while !rest.is_empty() {
        let size = fewest + (page.wrapping_mul(0x9E37_79B9) as usize) % (most - fewest + 1);
        let newline =
            (rest.as_bytes().get(size..)).and_then(|after| after.iter().position(|&b| b == b'\n'));
        let cut = newline.map_or(rest.len(), |at| size + at + 1);
        let (head, tail) = rest.split_at(cut);
        pages.push((head.to_string(), segment::lines(head)));
        rest = tail;
        page += 1;
    }
    pages
}

fn stages(c: &mut Criterion) {
    let text = seeds();
    let gb18030 = encoding_rs::GB18030.encode(&text).0.into_owned();
    let canonical = canonicalize(&text, NormalForm::Nfkc);
    let lines = segment::lines(&canonical);

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("decode utf-8", |b| {
        b.iter(|| decode(text.as_bytes().to_vec(), None).unwrap())
    });
    group.bench_function("decode gb18030 (detected)", |b| {
        b.iter(|| decode(gb18030.clone(), None).unwrap())
    });
    group.bench_function("canonicalize nfkc", |b| {
        b.iter(|| canonicalize(&text, NormalForm::Nfkc))
    });
    let pack = RulePack::shipped();
    let patterns = pack.matcher(80);
    group.bench_function("segment + sketch", |b| {
        let mut folder = KeyFolder::new(true);
        b.iter(|| {
            sketch(
                &canonical,
                &segment::lines(&canonical),
                &mut folder,
                Some(&patterns),
            )
        })
    });
    group.bench_function("sketch", |b| {
        let mut folder = KeyFolder::new(true);
        b.iter(|| sketch(&canonical, &lines, &mut folder, Some(&patterns)))
    });
    // Pages of 0.5 to 4 KB, as a corpus's are: what a sketch costs besides
    // its text (buffers, the document's own vectors) shows here, where one
    // sketch of the seeds together spreads it over 200 KB.
    let pages = pages_of(&canonical, 512, 4096);
    group.throughput(Throughput::Bytes(canonical.len() as u64));
    group.bench_function(format!("sketch {} pages", pages.len()), |b| {
        let mut folder = KeyFolder::new(true);
        b.iter(|| {
            (pages.iter())
                .map(|(page, lines)| sketch(page, lines, &mut folder, Some(&patterns)))
                .map(|sketch| sketch.spans.len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(text.len() as u64));
    // Pass 1 stores every sketch; the index and pass 2 read them back.
    let sketched = sketch(
        &canonical,
        &lines,
        &mut KeyFolder::new(true),
        Some(&patterns),
    );
    let mut encoded = Vec::new();
    codec::encode(&sketched, &mut encoded);
    group.bench_function("encode sketch", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            out.clear();
            codec::encode(&sketched, &mut out);
            out.len()
        })
    });
    group.bench_function("decode sketch", |b| {
        b.iter(|| codec::decode(&encoded).unwrap())
    });
    group.finish();

    // Chinese and English text, canonical and cut into lines: folding
    // takes different paths on them (runs of Han characters, ASCII words).
    let languages: Vec<(&str, String, Vec<segment::Span>)> = [
        ("chinese", seeds()),
        ("english", samples("riverton-gazette")),
    ]
    .into_iter()
    .map(|(name, text)| {
        let canonical = canonicalize(&text, NormalForm::Nfkc);
        let lines = segment::lines(&canonical);
        (name, canonical, lines)
    })
    .collect();

    // The canonical form of the raw texts.
    let mut group = c.benchmark_group("canonicalize");
    for (name, raw) in [
        ("chinese", seeds()),
        ("english", samples("riverton-gazette")),
    ] {
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_function(name, |b| b.iter(|| canonicalize(&raw, NormalForm::Nfkc)));
    }
    group.finish();

    // Cutting lines into sentences, which sketching does to every line.
    let mut group = c.benchmark_group("sentences");
    for (name, canonical, lines) in &languages {
        group.throughput(Throughput::Bytes(canonical.len() as u64));
        group.bench_function(*name, |b| {
            let mut parts = Vec::new();
            b.iter(|| {
                let cutter = segment::SentenceCutter::new(canonical);
                (lines.iter())
                    .map(|line| {
                        cutter.cut_into(canonical, *line, &mut parts);
                        parts.len()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.finish();

    // Folding keys alone.
    let mut group = c.benchmark_group("fold");
    for (name, canonical, lines) in &languages {
        group.throughput(Throughput::Bytes(canonical.len() as u64));
        // Pass 1 folds Traditional to Simplified by default (`--fold-script`).
        for fold_script in [true, false] {
            let id = if fold_script {
                name.to_string()
            } else {
                format!("{name}, scripts as written")
            };
            group.bench_function(id, |b| {
                let mut folder = KeyFolder::new(fold_script);
                b.iter(|| {
                    (lines.iter())
                        .map(|line| folder.fold(&canonical[line.start..line.end]).content)
                        .fold(0, |a, k| a ^ k)
                })
            });
        }
    }
    group.finish();

    // The single-page pack, which pass 1 asks of every line (its folded
    // template text made beforehand).
    let mut group = c.benchmark_group("pack");
    for (name, canonical, lines) in &languages {
        let mut folder = KeyFolder::default();
        let folded: Vec<(&str, LineKey, String)> = (lines.iter())
            .map(|line| {
                let text = &canonical[line.start..line.end];
                let key = folder.fold(text);
                (text, key, folder.template_text().to_string())
            })
            .collect();
        group.throughput(Throughput::Bytes(canonical.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                (folded.iter())
                    .map(|(line, key, template)| {
                        let mut key = *key;
                        patterns.match_into(line, &mut key, template);
                        u32::from(key.pattern)
                    })
                    .sum::<u32>()
            })
        });
    }
    group.finish();

    // The repeated-clause rule, which pass 2 runs on every kept line (the
    // sketch says on which lines a stutter is possible at all).
    let mut group = c.benchmark_group("repeated clause");
    for (name, canonical, lines) in &languages {
        let mut folder = KeyFolder::default();
        let sketched = sketch(canonical, lines, &mut folder, None);
        group.throughput(Throughput::Bytes(canonical.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let mut decision = Decision {
                    lines: vec![None; lines.len()],
                    ..Decision::default()
                };
                repeated_clause::apply(canonical, lines, &sketched, &mut decision, &mut folder);
                decision.pieces.len()
            })
        });
    }
    group.finish();

    // JSON strings: the cleaned texts of JSON Lines outputs, and the
    // removed texts of the provenance report.
    let mut group = c.benchmark_group("json string");
    for (name, canonical, _) in &languages {
        group.throughput(Throughput::Bytes(canonical.len() as u64));
        group.bench_function(*name, |b| {
            let mut out = Vec::new();
            b.iter(|| {
                out.clear();
                push_json_string(&mut out, canonical);
                out.len()
            })
        });
    }
    group.finish();

    // Records of JSON Lines, taken apart: the seeds as pages of 0.5 to 4 KB,
    // each with the fields a scraped record has around its text.
    let records: Vec<String> = pages_of(&text, 512, 4096)
        .iter()
        .enumerate()
        .map(|(i, (page, _))| {
            let record = serde_json::json!({
                "id": format!("page-{i}"),
                "url": format!("https://example.org/news/{i}.html"),
                "date": "2021-02-23",
                "text": page,
                "lang": "zh",
            });
            record.to_string()
        })
        .collect();
    let mut group = c.benchmark_group("json lines");
    group.throughput(Throughput::Bytes(
        records.iter().map(|r| r.len() as u64).sum(),
    ));
    let fields = RecordFields {
        id: Some("id".to_string()),
        group: Some("url".to_string()),
        ..RecordFields::default()
    };
    group.bench_function(format!("parse {} records", records.len()), |b| {
        b.iter(|| {
            (records.iter())
                .map(|line| jsonl::parse(line, &fields).unwrap().text.len())
                .sum::<usize>()
        })
    });
    group.finish();

    // MinHash signatures, which the index computes for every document.
    let shingles: Vec<u64> = (0..2_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    let mut group = c.benchmark_group("minhash");
    group.throughput(Throughput::Elements(2_000));
    group.bench_function("signature of 2000 shingles", |b| {
        b.iter(|| Signature::of(shingles.iter().copied()))
    });
    // As the index signs a document: runs of its fingerprints, of which
    // the anchors (here about a quarter, wherever they fall) are skipped.
    let anchor = |print: usize| (shingles[print] >> 40) & 3 == 0;
    let runs = [0..900u32, 1_000..2_000];
    group.throughput(Throughput::Elements(1_900));
    group.bench_function("signature of 1900 prints in runs", |b| {
        b.iter(|| Signature::of_runs(&shingles, anchor, &runs))
    });
    // Pages of a corpus, each with shingles of its own: a case that signs
    // one set again and again teaches the processor which of its slots are
    // empty, and a short page's signature is mostly its empty slots.
    for (fewest, most) in [(16, 40), (16, 400)] {
        let pages: Vec<Vec<u64>> = (0..1_000u64)
            .map(|page| {
                let count = fewest + (page * 0x9E37_79B9) % (most - fewest + 1);
                (0..count)
                    .map(|i| (page << 20 | i).wrapping_mul(0x2545_F491_4F6C_DD1D))
                    .collect()
            })
            .collect();
        group.throughput(Throughput::Elements(pages.len() as u64));
        let name = format!("signatures of 1000 pages of {fewest} to {most} shingles");
        group.bench_function(name, |b| {
            b.iter(|| {
                (pages.iter())
                    .filter_map(|page| Signature::of(page.iter().copied()))
                    .map(|signature| signature.0[0])
                    .fold(0, |a, slot| a ^ slot)
            })
        });
    }
    group.finish();

    // Marks and lookups of a corpus's span fingerprints, a document's worth
    // at a time, in a table of the size a 1.1 GB corpus gets.
    let fingerprints: Vec<u64> = (0..1u64 << 20)
        .map(|i| (i % 700_000).wrapping_mul(0x2545_F491_4F6C_DD1D))
        .collect();
    let mut group = c.benchmark_group("repeat filter");
    group.throughput(Throughput::Elements(fingerprints.len() as u64));
    group.sample_size(20);
    let marks = RepeatMarks::with_bytes(64 << 20);
    let mut buffer = MarkBuffer::default();
    group.bench_function("mark 1M in 64 MiB", |b| {
        b.iter(|| {
            for document in fingerprints.chunks(250) {
                marks.mark(&mut buffer, document);
            }
            marks.flush(&mut buffer);
        })
    });
    let filter = marks.finish().expect("a filter not weighed is kept");
    let mut kept = Vec::new();
    group.bench_function("look up 1M in 64 MiB", |b| {
        b.iter(|| {
            let mut count = 0;
            for document in (0..fingerprints.len() as u32)
                .collect::<Vec<_>>()
                .chunks(250)
            {
                kept.clear();
                kept.extend_from_slice(document);
                filter.retain_repeated(&fingerprints, &mut kept);
                count += kept.len();
            }
            count
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
