//! Daily prices in the store: what replacing rows tallies, reading series
//! back, the per-ticker summary, and the real downloads of
//! shared/data/prices-daily beside the workspace (skipped when that folder
//! is absent).

use std::path::Path;

use jiff::civil::{date, Date};
use monazite_market::import::{parse, Options};
use monazite_market::Bar;
use monazite_store::prices::{PriceSummary, CHANGED_CLOSE};
use monazite_store::Store;

fn close(ticker: &str, day: Date, close: f64) -> (String, Bar) {
    (ticker.to_string(), Bar::close_only(day, close))
}

fn ohlc(ticker: &str, day: Date, o: f64, h: f64, l: f64, c: f64) -> (String, Bar) {
    let bar = Bar {
        open: Some(o),
        high: Some(h),
        low: Some(l),
        volume: Some(1000.0),
        ..Bar::close_only(day, c)
    };
    (ticker.to_string(), bar)
}

fn closes(store: &Store, ticker: &str) -> Vec<(Date, f64)> {
    store
        .series(ticker)
        .unwrap()
        .map(|s| s.bars().iter().map(|b| (b.date, b.close)).collect())
        .unwrap_or_default()
}

#[test]
fn new_rows_then_replaced_rows_changed_or_not() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store
        .put_prices(
            "a.csv",
            &[
                close("MP", date(2025, 10, 10), 78.34),
                close("MP", date(2025, 10, 13), 95.06),
                close("SPY", date(2025, 10, 10), 653.02),
                close("SPY", date(2025, 10, 13), 663.04),
            ],
        )
        .unwrap();
    assert_eq!((first.new, first.changed, first.unchanged), (4, 0, 0));
    assert!(first.changes.is_empty());

    // A re-import of MP, one MP close moved within float noise, SPY as a
    // dividend-adjusted source gives it, and one new day.
    let second = store
        .put_prices(
            "b.csv",
            &[
                close(
                    "MP",
                    date(2025, 10, 10),
                    78.34 * (1.0 + CHANGED_CLOSE / 2.0),
                ),
                close("MP", date(2025, 10, 13), 95.06),
                close("SPY", date(2025, 10, 10), 646.05),
                close("SPY", date(2025, 10, 13), 661.40),
                close("SPY", date(2025, 10, 14), 662.0),
            ],
        )
        .unwrap();
    assert_eq!((second.new, second.changed, second.unchanged), (1, 2, 2));
    assert_eq!(second.replaced(), 4);
    assert_eq!(second.changes.len(), 1);
    let spy = &second.changes[0];
    assert_eq!((spy.ticker.as_str(), spy.days), ("SPY", 2));
    assert_eq!(
        (spy.day, spy.old, spy.new),
        (date(2025, 10, 10), 653.02, 646.05)
    );
    assert!((spy.relative() - (653.02 - 646.05) / 653.02).abs() < 1e-12);

    // The last import wins, row by row.
    assert_eq!(
        closes(&store, "SPY"),
        [
            (date(2025, 10, 10), 646.05),
            (date(2025, 10, 13), 661.40),
            (date(2025, 10, 14), 662.0)
        ]
    );
    assert_eq!(store.price_count().unwrap(), 5);
}

#[test]
fn a_day_given_twice_in_one_call_is_stored_once() {
    let mut store = Store::open_in_memory().unwrap();
    let tally = store
        .put_prices(
            "a.csv",
            &[
                close("MP", date(2025, 10, 13), 90.0),
                close("MP", date(2025, 10, 13), 95.06),
            ],
        )
        .unwrap();
    assert_eq!((tally.new, tally.changed, tally.unchanged), (1, 1, 0));
    assert_eq!(closes(&store, "MP"), [(date(2025, 10, 13), 95.06)]);
}

#[test]
fn a_failed_call_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    // SQLite stores NaN as NULL, which the NOT NULL close refuses: the
    // rows before it in the call must not stay.
    let result = store.put_prices(
        "bad.csv",
        &[
            close("MP", date(2025, 10, 10), 78.34),
            close("MP", date(2025, 10, 13), f64::NAN),
        ],
    );
    assert!(result.is_err());
    assert_eq!(store.price_count().unwrap(), 0);
    assert_eq!(store.series("MP").unwrap(), None);
}

#[test]
fn series_summaries_and_all_series_read_back_what_was_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let mp = ohlc("MP", date(2025, 10, 13), 86.8, 98.97, 85.5, 95.06);
    store
        .put_prices(
            "a.csv",
            &[
                close("SPY", date(2025, 10, 14), 662.0),
                mp.clone(),
                close("MP", date(2025, 10, 10), 78.34),
                close("SPY", date(2025, 10, 10), 653.02),
            ],
        )
        .unwrap();
    let series = store.series("MP").unwrap().expect("MP is stored");
    assert_eq!(series.ticker, "MP");
    assert_eq!(series.bars().len(), 2);
    assert_eq!(series.bar(date(2025, 10, 13)), Some(&mp.1));
    assert_eq!(
        store.series("mp").unwrap(),
        None,
        "tickers are stored as given"
    );
    assert_eq!(store.series("ALB").unwrap(), None);

    assert_eq!(
        store.price_tickers().unwrap(),
        [
            PriceSummary {
                ticker: "MP".into(),
                first: date(2025, 10, 10),
                last: date(2025, 10, 13),
                days: 2,
                has_ohlc: true,
                ohlc_days: 1,
            },
            PriceSummary {
                ticker: "SPY".into(),
                first: date(2025, 10, 10),
                last: date(2025, 10, 14),
                days: 2,
                has_ohlc: false,
                ohlc_days: 0,
            },
        ]
    );
    let all = store.all_series().unwrap();
    let names: Vec<&str> = all.iter().map(|s| s.ticker.as_str()).collect();
    assert_eq!(names, ["MP", "SPY"]);
    assert_eq!(all[0], series);
    assert_eq!(all[1].first_date(), Some(date(2025, 10, 10)));
}

#[test]
fn a_close_only_row_with_the_same_close_keeps_the_range_and_another_close_drops_it() {
    let mut store = Store::open_in_memory().unwrap();
    let day = date(2025, 10, 13);
    store
        .put_prices("ohlc.csv", &[ohlc("MP", day, 86.8, 98.97, 85.5, 95.06)])
        .unwrap();
    // The same close from a close-only file: the range stays.
    let same = store
        .put_prices("closes.csv", &[close("MP", day, 95.060001)])
        .unwrap();
    assert_eq!((same.new, same.changed, same.unchanged), (0, 0, 1));
    let bar = *store.series("MP").unwrap().unwrap().bar(day).unwrap();
    assert_eq!(
        (bar.open, bar.high, bar.low),
        (Some(86.8), Some(98.97), Some(85.5))
    );
    assert_eq!(bar.volume, Some(1000.0));
    assert_eq!(bar.close, 95.060001);
    // Another close (another adjustment): the old range goes with it.
    let other = store
        .put_prices("adjusted.csv", &[close("MP", day, 94.8)])
        .unwrap();
    assert_eq!(other.changed, 1);
    let bar = *store.series("MP").unwrap().unwrap().bar(day).unwrap();
    assert_eq!(
        (bar.open, bar.high, bar.low, bar.close),
        (None, None, None, 94.8)
    );
}

#[test]
fn an_empty_store_has_no_prices() {
    let store = Store::open_in_memory().unwrap();
    assert!(store.price_tickers().unwrap().is_empty());
    assert!(store.all_series().unwrap().is_empty());
    assert_eq!(store.series("MP").unwrap(), None);
}

// ---------------------------------------------------------------------------
// The real downloads (see shared/data/prices-daily/SOURCE.md).

/// The shared downloads, next to the workspace (`/work/shared` beside
/// `/work/main`).
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/prices-daily"
);

fn shared_rows(rel: &str) -> Vec<(String, Bar)> {
    let path = Path::new(SHARED).join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(rel, &bytes, &Options::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .rows
}

#[test]
fn shared_sources_agree_or_show_their_adjustment() {
    if monazite_testdata::shared("data/prices-daily").is_none() {
        return;
    }
    let mut store = Store::open_in_memory().unwrap();
    let history = shared_rows("close_adj_full_history/MP.csv");
    let first = store
        .put_prices("close_adj_full_history/MP.csv", &history)
        .unwrap();
    assert_eq!(first.new, history.len());

    // yfinance's MP closes are the same adjusted closes (SOURCE.md): the
    // overlap replaces rows without changing a close, but for the dsturdy
    // file's last row, a snapshot taken before the close.
    let ohlcv = shared_rows("ohlcv_exact_yfinance/MP.csv");
    let tally = store
        .put_prices("ohlcv_exact_yfinance/MP.csv", &ohlcv)
        .unwrap();
    assert_eq!(tally.new + tally.replaced(), 427);
    assert!(tally.unchanged > 400, "{tally:?}");
    assert_eq!(tally.changed, 1, "{:?}", tally.changes);
    let snapshot = &tally.changes[0];
    assert_eq!(
        (snapshot.day, snapshot.old, snapshot.new),
        (date(2026, 8, 3), 43.47990036010742, 43.84000015258789)
    );
    let mp = store.series("MP").unwrap().unwrap();
    let b = mp.bar(date(2025, 10, 13)).unwrap();
    assert!((b.close - 95.06).abs() < 1e-4 && b.open.is_some(), "{b:?}");

    // The transcribed SPY is dividend-adjusted to another date: a constant
    // 0.99752 of the dsturdy close on all its 85 days.
    let spy = shared_rows("close_adj_full_history/SPY.csv");
    store
        .put_prices("close_adj_full_history/SPY.csv", &spy)
        .unwrap();
    let window = shared_rows("ohlcv_2025-09_to_2025-12_transcribed/SPY.csv");
    let tally = store
        .put_prices("ohlcv_2025-09_to_2025-12_transcribed/SPY.csv", &window)
        .unwrap();
    assert_eq!((tally.new, tally.changed), (0, 85), "{tally:?}");
    let change = &tally.changes[0];
    assert_eq!((change.ticker.as_str(), change.days), ("SPY", 85));
    assert!((0.0024..0.0026).contains(&change.relative()), "{change:?}");
}
