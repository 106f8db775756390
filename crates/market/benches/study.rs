//! Throughput of the event-study unit of work, [`event`]: one ticker and
//! one day 0, the market model over 240 estimation days and the CARs of
//! `[-1, +1]`, `[0, +5]` and `[0, +20]` (the default spec), one thread.
//!
//! The panel is the S&P 500 union in `../shared` (515 tickers with SPY as
//! the benchmark, 2022-01-03 to 2026-07-31), built once outside the timing;
//! when that folder is absent a synthetic panel of the same shape stands in
//! and the bench says so. The events are 2,000 days 0 spread evenly over
//! the days whose estimation and event windows lie within the data, for
//! every ticker: over a million (event, ticker) pairs per iteration.
//!
//! The bench asserts the work it measures: every iteration must give the
//! number of results counted before the timing, and nearly every pair must
//! have one, so a broken engine that skips everything cannot look fast.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use jiff::civil::{date, Date};
use monazite_market::returns::Panel;
use monazite_market::study::{event, EventInput, StudySpec};
use monazite_market::{Bar, Series};

const EVENT_DAYS: usize = 2_000;

/// The S&P 500 panel from `../shared`, or `None` when it is absent.
fn sp500_panel() -> Option<Panel> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/data/prices-daily/sp500_union_close_adj_2022-01-03_2026-07-31_long.csv",
    );
    if !path.exists() {
        return None;
    }
    let mut reader = csv::Reader::from_path(&path).expect("readable panel");
    let mut bars: BTreeMap<String, Vec<Bar>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.expect("well-formed CSV");
        let day: Date = row[1].parse().expect("ISO date");
        let close: f64 = row[2].parse().expect("a number");
        bars.entry(row[0].to_string())
            .or_default()
            .push(Bar::close_only(day, close));
    }
    let spy = Series::new("SPY", bars.remove("SPY").expect("SPY is in the panel"));
    let tickers: Vec<Series> = bars.into_iter().map(|(t, b)| Series::new(t, b)).collect();
    Some(Panel::new(&spy, &tickers))
}

/// A synthetic panel of the same shape: 515 tickers over 1,150 days,
/// `R = α + β·Rm + ε` with a deterministic generator, and a few tickers
/// that start late as real listings do.
fn synthetic_panel() -> Panel {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    // A 64-bit LCG (Knuth's MMIX constants) mapped to (-0.5, 0.5).
    let mut noise = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let days: Vec<Date> = (0..1_150)
        .map(|i| {
            date(2022, 1, 3)
                .checked_add(jiff::Span::new().days(i))
                .unwrap()
        })
        .collect();
    let market: Vec<f64> = days.iter().map(|_| 0.03 * noise()).collect();
    let prices = |returns: &[f64], start: usize| -> Vec<Bar> {
        let mut p = 100.0;
        let mut bars = Vec::new();
        for (i, (&d, &r)) in days.iter().zip(returns).enumerate() {
            p *= 1.0 + r;
            if i >= start {
                bars.push(Bar::close_only(d, p));
            }
        }
        bars
    };
    let spy = Series::new("SPY", prices(&market, 0));
    let tickers: Vec<Series> = (0..515)
        .map(|k| {
            let beta = 0.5 + 1.5 * (noise() + 0.5);
            let r: Vec<f64> = market.iter().map(|m| beta * m + 0.04 * noise()).collect();
            let start = if k % 40 == 0 { 700 } else { 0 };
            Series::new(format!("S{k:03}"), prices(&r, start))
        })
        .collect();
    Panel::new(&spy, &tickers)
}

fn bench_event(c: &mut Criterion) {
    let panel = sp500_panel().unwrap_or_else(|| {
        eprintln!("../shared is absent: benchmarking a synthetic panel instead of the S&P 500");
        synthetic_panel()
    });
    let spec = StudySpec::default();
    // Days 0 whose estimation window and longest event window both lie
    // within the data, 2,000 of them spread evenly (so some repeat).
    let first = 250;
    let last = panel.len() - 21;
    let day0s: Vec<Date> = (0..EVENT_DAYS)
        .map(|k| panel.dates()[first + k * (last - first) / (EVENT_DAYS - 1)])
        .collect();
    let tickers = panel.tickers().len();
    let pairs = tickers * day0s.len();
    assert!(pairs >= 1_000_000, "{pairs} pairs");

    let run_all = |panel: &Panel| {
        let mut ok = 0usize;
        let mut sum = 0.0;
        for ticker in 0..tickers {
            for &day0 in &day0s {
                if let Ok(e) = event(&spec, panel, EventInput { ticker, day0 }) {
                    ok += 1;
                    sum += e.windows[0].map_or(0.0, |w| w.t);
                }
            }
        }
        (ok, sum)
    };
    let (expected, _) = run_all(&panel);
    // Only tickers listed after 2022 (or with holes) lack enough history.
    assert!(
        expected * 100 >= pairs * 90,
        "only {expected} of {pairs} pairs have a result"
    );
    eprintln!(
        "panel: {tickers} tickers × {} days; {pairs} (event, ticker) pairs, {expected} with a result",
        panel.len()
    );

    let mut group = c.benchmark_group("event_study");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Elements(pairs as u64));
    group.bench_function("market_model_default_spec", |b| {
        b.iter(|| {
            let (ok, sum) = run_all(black_box(&panel));
            assert_eq!(ok, expected);
            sum
        })
    });
    group.finish();
}

criterion_group!(benches, bench_event);
criterion_main!(benches);
