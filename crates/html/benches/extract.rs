//! Throughput of `extract` over the article-extraction benchmark's 181
//! real news pages (read from the shared data folder; nothing is measured
//! when it is absent).

use std::io::Read;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn pages() -> Option<Vec<String>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/article-extraction-benchmark/html");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).ok()?)
            .read_to_end(&mut bytes)
            .ok()?;
        out.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    (!out.is_empty()).then_some(out)
}

/// The least article text, in bytes, that counts as an extraction.
const MIN_TEXT: usize = 200;

fn bench(c: &mut Criterion) {
    let Some(pages) = pages() else {
        eprintln!("article-extraction-benchmark not found under ../shared: nothing to measure");
        return;
    };
    // What is timed must be real work: pages that all came back empty
    // would only look fast. Every benchmark page holds an article.
    let empty: Vec<usize> = (0..pages.len())
        .filter(|&i| !monazite_html::extract(&pages[i]).is_ok_and(|a| a.text.len() >= MIN_TEXT))
        .collect();
    assert!(
        empty.is_empty(),
        "{} of {} pages gave no article text (pages {empty:?})",
        empty.len(),
        pages.len()
    );
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("181 benchmark pages", |b| {
        b.iter(|| {
            for p in &pages {
                let _ = std::hint::black_box(monazite_html::extract(std::hint::black_box(p)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
