//! Throughput of the whole analysis on the sample articles of
//! `examples/news/`, one thread, pack compiled once outside the loop.
//!
//! The benchmark asserts the work it measures: every article must yield a
//! brief with mentions, so a broken pack cannot make it fast.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use monazite_analysis::{analyze, Article};
use monazite_pack::Pack;

fn sample_articles() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/news exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("README.md")
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("sample article is UTF-8"))
        .collect()
}

fn bench_analyze(c: &mut Criterion) {
    let pack = Pack::embedded().expect("bundled pack compiles");
    let articles = sample_articles();
    assert!(articles.len() >= 12, "expected the sample articles");
    let bytes: usize = articles.iter().map(String::len).sum();
    for text in &articles {
        let brief = analyze(&pack, &Article::new(text)).brief;
        assert!(
            !brief.mentions.is_empty(),
            "every sample article names something"
        );
    }
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("sample_articles", |b| {
        b.iter(|| {
            let mut events = 0;
            for text in &articles {
                events += analyze(&pack, &Article::new(text)).brief.events.len();
            }
            events
        })
    });
    group.finish();
}

/// Real press releases from `../shared` (read at run time, never copied into
/// the repository); skipped when that folder is absent.
fn press_releases() -> Vec<String> {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/press-releases-critical-minerals/files"
    );
    let mut paths = Vec::new();
    let mut folders = vec![std::path::PathBuf::from(root)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn bench_press_releases(c: &mut Criterion) {
    let articles = press_releases();
    if articles.is_empty() {
        eprintln!("../shared/data/press-releases-critical-minerals is absent: press_releases benchmark skipped");
        return;
    }
    let pack = Pack::embedded().expect("bundled pack compiles");
    let bytes: usize = articles.iter().map(String::len).sum();
    let named = articles
        .iter()
        .filter(|t| !analyze(&pack, &Article::new(t)).brief.mentions.is_empty())
        .count();
    assert!(
        named * 10 >= articles.len() * 9,
        "most press releases name something"
    );
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("press_releases", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|t| analyze(&pack, &Article::new(t)).brief.events.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_pack(c: &mut Criterion) {
    c.bench_function("pack_compile", |b| {
        b.iter(|| Pack::embedded().expect("bundled pack compiles"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_analyze, bench_press_releases, bench_pack
}
criterion_main!(benches);
