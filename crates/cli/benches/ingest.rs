//! Ingest throughput: documents per second from reader output into a fresh
//! SQLite store on disk, analysis, fingerprints, duplicate checks and
//! storylines included.
//!
//! The corpus is generated here (deterministically): 100,000 articles of
//! 5–9 sentences built from templates about critical-minerals news, one in
//! twenty an exact repeat of an earlier one and one in twenty a lightly
//! edited repeat, so duplicate detection does real work. Set
//! `MONAZITE_BENCH_DOCS` for another corpus size.
//!
//! `cargo bench -p monazite --bench ingest`

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiff::civil::date;
use monazite::pipeline::{Pipeline, Progress};
use monazite_ingest::{Document, Format, Published};
use monazite_pack::Pack;
use monazite_store::fingerprint::SplitMix64;
use monazite_store::Store;

const DEFAULT_DOCS: usize = 100_000;

/// A fixed SplitMix64 stream, so every run ingests the same corpus.
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const COMPANIES: &[&str] = &[
    "MP Materials",
    "USA Rare Earth",
    "Energy Fuels",
    "Albemarle",
    "Lithium Americas",
    "Critical Metals",
    "NioCorp",
    "Ramaco Resources",
    "Lynas Rare Earths",
    "Iluka Resources",
    "Trilogy Metals",
    "The Metals Company",
];
const MATERIALS: &[&str] = &[
    "rare earths",
    "dysprosium",
    "terbium",
    "gallium",
    "germanium",
    "antimony",
    "graphite",
    "lithium",
    "tungsten",
    "cobalt",
];
const ACTORS: &[&str] = &[
    "China",
    "Beijing",
    "the United States",
    "Washington",
    "Japan",
    "the European Union",
    "Australia",
    "Canada",
];
const VERBS_UP: &[&str] = &["rose", "jumped", "climbed", "rallied", "gained"];
const VERBS_DOWN: &[&str] = &["fell", "dropped", "slid", "declined"];
const DAYS: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
];
const OUTLETS: &[&str] = &[
    "Wire",
    "Daily Metals",
    "Market Desk",
    "Mining Weekly",
    "Asia Brief",
];

fn sentence(rng: &mut Rng, n: usize) -> String {
    let company = rng.pick(COMPANIES);
    let material = rng.pick(MATERIALS);
    let actor = rng.pick(ACTORS);
    let pct = 1 + rng.below(30);
    let tenth = rng.below(10);
    match rng.below(8) {
        0 => format!(
            "{actor} said it would restrict exports of {material} from next month, citing national security, in a move analysts numbered {n}."
        ),
        1 => format!(
            "Shares of {company} {} {pct}.{tenth}% {} as investors weighed supply risks.",
            rng.pick(VERBS_UP),
            rng.pick(DAYS)
        ),
        2 => format!(
            "{company} {} {pct}% in early trading after the company cut its {material} guidance for the year.",
            rng.pick(VERBS_DOWN)
        ),
        3 => format!(
            "{actor} threatened tariffs of {}% on imports of {material} products, officials said in statement {n}.",
            25 * (1 + rng.below(4))
        ),
        4 => format!(
            "The Pentagon agreed to buy a ${pct}{tenth}0 million stake in {company} to secure {material} supply."
        ),
        5 => format!(
            "{company} signed an offtake agreement for {material} with a Japanese trading house, its {n}th such contract."
        ),
        6 => format!(
            "Prices of {material} climbed {pct}% this week as buyers in {actor} rebuilt stockpiles."
        ),
        _ => format!(
            "Talks between {actor} and {} on {material} supplies will resume next week, according to people familiar with the matter.",
            rng.pick(ACTORS)
        ),
    }
}

/// The corpus: `count` documents, deterministic.
fn corpus(count: usize) -> Vec<Document> {
    let mut rng = Rng(SplitMix64(0x6d6f_6e61_7a69_7465));
    let mut docs: Vec<Document> = Vec::with_capacity(count);
    for i in 0..count {
        let day = date(2025, 1, 1)
            .checked_add(jiff::Span::new().days(rng.below(365) as i64))
            .unwrap_or(date(2025, 1, 1));
        let repeat = rng.below(20);
        let text = if i > 0 && repeat == 0 {
            // An exact repeat from another outlet.
            docs[rng.below(i as u64) as usize].text.clone()
        } else if i > 0 && repeat == 1 {
            // A lightly edited repeat: a sentence added.
            let earlier = &docs[rng.below(i as u64) as usize].text;
            format!("{earlier} Trading volume was heavy, dealers said.")
        } else {
            let sentences = 5 + rng.below(5) as usize;
            (0..sentences)
                .map(|k| sentence(&mut rng, i * 10 + k))
                .collect::<Vec<_>>()
                .join(" ")
        };
        docs.push(Document {
            origin: format!("generated/{i}"),
            format: Format::Text,
            url: None,
            title: Some(format!("{} news {i}", rng.pick(MATERIALS))),
            site: Some(rng.pick(OUTLETS).to_string()),
            author: None,
            published: Some(Published::Day(day)),
            tickers: Vec::new(),
            text,
        });
    }
    docs
}

fn ingest(c: &mut Criterion) {
    let count = std::env::var("MONAZITE_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_DOCS);
    let pack = Pack::embedded().expect("the bundled pack");
    let docs = corpus(count);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "corpus: {count} documents, {:.1} MB of text",
        bytes as f64 / 1e6
    );
    // All cores, as `monazite ingest` runs by default: analysis is
    // parallel, the store has one writer.
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("a thread pool");
    let dir = std::env::temp_dir().join(format!("monazite-bench-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");

    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(1));
    group.warm_up_time(Duration::from_millis(1));
    group.bench_function(format!("{count} generated articles"), |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for run in 0..iterations {
                let path = dir.join(format!("bench-{run}.db"));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                let mut store = Store::open(&path).expect("a fresh store");
                let start = Instant::now();
                let mut pipeline = Pipeline::new(&pack, &mut store, &pool, Progress::new());
                pipeline.run(docs.iter().cloned().map(Ok)).expect("ingest");
                pipeline.sink().finish();
                total += start.elapsed();
                let tally = pipeline.tally;
                assert_eq!(tally.new + tally.duplicate, count as u64, "{tally}");
            }
            total
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, ingest);
criterion_main!(benches);
