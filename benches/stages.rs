//! Throughput of the per-document stages, on the bundled seed documents.
//!
//!     cargo bench --bench stages

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use gleaner::decide::pack::RulePack;
use gleaner::decode::decode;
use gleaner::fingerprint::sketch;
use gleaner::normalize::{canonicalize, key::KeyFolder};
use gleaner::segment;
use gleaner::settings::NormalForm;

fn seeds() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
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
        let mut folder = KeyFolder::default();
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
        let mut folder = KeyFolder::default();
        b.iter(|| sketch(&canonical, &lines, &mut folder, Some(&patterns)))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
