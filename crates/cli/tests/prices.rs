//! End-to-end tests of `monazite prices import` and `monazite prices list`:
//! the real binary on price files written to a fresh temporary folder, and
//! on the downloads in shared/data/prices-daily beside the workspace (those
//! tests skip when the folder is absent).

mod support;

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use support::{Dir, Outcome};

/// The shared downloads, next to the workspace (`/work/shared` beside
/// `/work/main`).
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/prices-daily"
);

/// Whether the shared downloads are here; says so when not.
fn shared_present() -> bool {
    monazite_testdata::shared("data/prices-daily").is_some()
}

/// `monazite --db prices.db prices ARGS…` in `dir`.
fn prices(dir: &Dir, args: &[&str]) -> Outcome {
    dir.command()
        .args(["--db", "prices.db", "prices"])
        .args(args)
        .run()
}

/// One stored row: open, high, low, close, volume.
type Row = (Option<f64>, Option<f64>, Option<f64>, f64, Option<f64>);

fn stored(dir: &Dir, ticker: &str, day: &str) -> Option<Row> {
    Connection::open(dir.path("prices.db"))
        .unwrap()
        .query_row(
            "SELECT open, high, low, close, volume FROM prices WHERE ticker = ?1 AND day = ?2",
            [ticker, day],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .unwrap()
}

fn stored_count(dir: &Dir) -> i64 {
    Connection::open(dir.path("prices.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM prices", [], |r| r.get(0))
        .unwrap()
}

/// `prices list --json`, one object per ticker.
fn listed(dir: &Dir) -> Vec<Value> {
    prices(dir, &["list", "--json"]).expect_code(0).json_lines()
}

fn last_line(outcome: &Outcome) -> &str {
    outcome.stdout.lines().last().unwrap_or("")
}

fn near(x: f64, want: f64) -> bool {
    ((x - want) / want).abs() < 1e-6
}

#[test]
fn a_yfinance_file_imports_with_its_ohlcv_and_a_reimport_changes_nothing() {
    if !shared_present() {
        return;
    }
    let dir = Dir::new("prices-mp");
    let file = format!("{SHARED}/ohlcv_exact_yfinance/MP.csv");
    let first = prices(&dir, &["import", &file]).expect_code(0);
    assert_eq!(
        first.stdout.lines().next(),
        Some(
            format!("{file}: 427 rows, 1 ticker, 0 skipped; new 427, replaced 0, changed close 0")
                .as_str()
        ),
        "{first}"
    );
    assert_eq!(
        last_line(&first),
        "imported 427 rows (new 427, replaced 0, changed close 0) for 1 ticker from 1 file, \
         failed 0"
    );
    let (_, _, _, close, _) = stored(&dir, "MP", "2025-10-10").expect("MP on 2025-10-10");
    assert!(near(close, 78.34), "{close}");
    let (open, high, low, close, volume) =
        stored(&dir, "MP", "2025-10-13").expect("MP on 2025-10-13");
    assert!(near(open.unwrap(), 86.80) && near(high.unwrap(), 98.97));
    assert!(near(low.unwrap(), 85.50) && near(close, 95.06));
    assert!((50.0e6..50.5e6).contains(&volume.unwrap()), "{volume:?}");

    let again = prices(&dir, &["import", &file]).expect_code(0);
    assert!(
        last_line(&again).starts_with("imported 427 rows (new 0, replaced 427, changed close 0)"),
        "{again}"
    );
    assert_eq!(stored_count(&dir), 427);

    let list = listed(&dir);
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0],
        serde_json::json!({"schema": "price_series/1.0", "ticker": "MP", "first": "2024-12-06", "last": "2026-08-21",
                           "days": 427, "ohlc_days": 427, "has_ohlc": true})
    );
    let table = prices(&dir, &["list"]).expect_code(0);
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines[0], "ticker  first       last        days  ohlc");
    assert_eq!(lines[1], "MP      2024-12-06  2026-08-21  427   yes");
}

#[test]
fn the_whole_shared_folder_imports_without_a_failure() {
    if !shared_present() {
        return;
    }
    let dir = Dir::new("prices-all");
    let out = prices(&dir, &["import", SHARED]).expect_code(0);
    assert!(
        last_line(&out).ends_with("from 50 files, failed 0"),
        "{out}"
    );
    assert!(!out.stderr.contains("monazite:"), "{out}");
    // SOURCE.md is documentation, not prices.
    assert!(!out.stdout.contains("SOURCE.md"), "{out}");
    let long = out
        .stdout
        .lines()
        .find(|l| l.contains("sp500_union_close_adj"))
        .expect("the S&P 500 long file is imported");
    assert!(
        long.contains(": 585119 rows, 515 tickers, 0 skipped"),
        "{long}"
    );
    // The 13-week bill yield went below zero in 2020: 7 rows skipped.
    assert!(
        out.stdout
            .contains("^IRX.csv: 12518 rows, 1 ticker, 7 skipped"),
        "{out}"
    );
    // The sources disagree where SOURCE.md says they do, and the import
    // says so: SPY dividend-adjusted to another day (-0.248%).
    assert!(
        out.stderr.contains(
            "transcribed/SPY.csv: SPY: close changed on 85 days (by more than 0.01%), \
             most on 2025-09-08"
        ),
        "{out}"
    );

    let list = listed(&dir);
    assert_eq!(list.len(), 548, "515 S&P names and the focus tickers");
    let usar = list
        .iter()
        .find(|t| t["ticker"] == "USAR")
        .expect("USAR is listed");
    assert_eq!(usar["ohlc_days"], 85, "{usar}");
    assert_eq!(usar["first"], "2023-07-17");
    let (open, high, _, close, _) = stored(&dir, "USAR", "2025-10-13").unwrap();
    assert_eq!((open.is_some(), high, close), (true, Some(43.98), 38.68));
}

#[test]
fn bad_files_fail_one_by_one_and_the_batch_goes_on() {
    let dir = Dir::new("prices-bad");
    dir.create(
        "in/a_good.csv",
        "Date,Close\n2025-10-10,78.34\n2025-10-13,95.06\n",
    );
    dir.create(
        "in/b_no_close.csv",
        "Date,Open,High,Low,Volume\n2025-10-13,86.8,98.97,85.5,50204000\n",
    );
    dir.create(
        "in/c_garbage.csv",
        "Date,Open,Close\n2025-10-10,abc,78.34\n2025-10-13,86.8,9x5\n2025-10-14,90,98.65\n",
    );
    dir.create(
        "in/d_all_bad.csv",
        "Date,Close\nyesterday,1\n2025-10-13,-5\n",
    );
    dir.create("in/e_binary.csv", b"Date,Close\n2025-10-13,\xff\xfe95\n");
    dir.create("in/f_empty.csv", "");
    dir.create("in/g_header_only.csv", "Date,Close\n");
    dir.create("in/README.md", "# Prices\n");
    dir.create("in/SOURCE.txt", "From Yahoo.\n");
    dir.create("in/.hidden.csv", "Date,Close\n2025-10-13,1\n");
    dir.create("in/notes.json", "{}");
    dir.create(
        "in/z/deeper/mp.us.txt",
        "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\n\
         MP.US,D,20251014,000000,90,100.25,89,98.65,1000,0\n",
    );
    let out = prices(&dir, &["import", "in", "missing.csv"]).expect_code(2);

    assert!(out
        .error_for("in/b_no_close.csv")
        .contains("no close column (looked for close, price or adj close); the header is \"Date,Open,High,Low,Volume\""));
    assert!(out.error_for("in/d_all_bad.csv").ends_with(
        "no usable rows: all 2 skipped (1 with a bad date, 1 with a close not above zero)"
    ));
    assert!(out
        .error_for("in/e_binary.csv")
        .ends_with("not a text file (invalid UTF-8 on line 2)"));
    assert!(out.error_for("in/f_empty.csv").ends_with("empty file"));
    assert!(out
        .error_for("in/g_header_only.csv")
        .ends_with("no rows after the header"));
    assert!(out.error_for("missing.csv").contains("cannot read"));
    // Bad rows of a good file are reported with their lines, not failed.
    assert!(out
        .stderr
        .contains("in/c_garbage.csv: skipped line 2: open \"abc\" is not a number"));
    assert!(out
        .stderr
        .contains("in/c_garbage.csv: skipped line 3: close \"9x5\" is not a number"));

    // Files in sorted path order; documentation, hidden and other files
    // left out.
    let imported: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(path, _)| path))
        .collect();
    assert_eq!(
        imported,
        ["in/a_good.csv", "in/c_garbage.csv", "in/z/deeper/mp.us.txt"],
        "{out}"
    );
    assert!(out
        .stdout
        .contains("in/c_garbage.csv: 1 row, 1 ticker, 2 skipped;"));
    assert_eq!(
        last_line(&out),
        "imported 4 rows (new 4, replaced 0, changed close 0) for 3 tickers from 3 files, \
         failed 6"
    );
    let list = listed(&dir);
    let tickers: Vec<&str> = list.iter().filter_map(|t| t["ticker"].as_str()).collect();
    assert_eq!(tickers, ["A_GOOD", "C_GARBAGE", "MP"]);
    assert_eq!(stored(&dir, "MP", "2025-10-14").unwrap().1, Some(100.25));
}

#[test]
fn ticker_and_date_range_options() {
    let dir = Dir::new("prices-options");
    let text = "Date,Close\n2025-10-09,70\n2025-10-10,78.34\n2025-10-13,95.06\n2025-10-14,98.65\n";
    dir.create("download (3).csv", text);
    dir.create("other.csv", text);
    let out = prices(
        &dir,
        &[
            "import",
            "--ticker",
            "mp",
            "--from",
            "2025-10-10",
            "--until",
            "2025-10-13",
            "download (3).csv",
        ],
    )
    .expect_code(0);
    assert!(
        out.stdout.starts_with(
            "download (3).csv: 2 rows, 1 ticker, 0 skipped; new 2, replaced 0, changed close 0; \
             2 rows outside --from/--until\n"
        ),
        "{out}"
    );
    assert_eq!(stored(&dir, "MP", "2025-10-09"), None);
    assert_eq!(stored(&dir, "MP", "2025-10-13").unwrap().3, 95.06);

    // Without --ticker, that name gives none.
    let out = prices(&dir, &["import", "download (3).csv"]).expect_code(2);
    assert!(
        out.error_for("download (3).csv").contains("pass --ticker"),
        "{out}"
    );
    // One --ticker for many files would give them all one ticker.
    let out = prices(&dir, &["import", "--ticker", "MP", "."]).expect_code(2);
    assert!(
        out.stderr
            .contains("--ticker names the ticker of one file, but 2 files were given"),
        "{out}"
    );
    let out = prices(
        &dir,
        &[
            "import",
            "--from",
            "2025-10-14",
            "--until",
            "2025-10-13",
            "other.csv",
        ],
    )
    .expect_code(2);
    assert!(out
        .stderr
        .contains("--from 2025-10-14 is after --until 2025-10-13"));
    assert_eq!(stored_count(&dir), 2, "the refused commands stored nothing");
}

#[test]
fn a_changed_source_is_reported_per_ticker() {
    let dir = Dir::new("prices-changed");
    dir.create(
        "raw/SPY.csv",
        "Date,Close\n2025-10-09,671.16\n2025-10-10,653.02\n",
    );
    dir.create(
        "adj/SPY.csv",
        "Date,Close\n2025-10-09,669.0\n2025-10-10,646.05\n",
    );
    prices(&dir, &["import", "raw/SPY.csv"]).expect_code(0);
    let out = prices(&dir, &["import", "adj/SPY.csv"]).expect_code(0);
    assert!(
        out.stderr.contains(
            "adj/SPY.csv: SPY: close changed on 2 days (by more than 0.01%), most on 2025-10-10: \
             653.02 → 646.05 (-1.067%)"
        ),
        "{out}"
    );
    assert!(last_line(&out).contains("(new 0, replaced 2, changed close 2)"));
    assert_eq!(stored(&dir, "SPY", "2025-10-10").unwrap().3, 646.05);
}

#[test]
fn list_needs_a_store_and_says_when_it_has_no_prices() {
    let dir = Dir::new("prices-list");
    let out = prices(&dir, &["list"]).expect_code(2);
    assert!(out.stderr.contains("no store at prices.db"), "{out}");
    assert!(!dir.path("prices.db").exists(), "list creates no store");
    // A store made by a failed import holds no prices.
    dir.create("empty.csv", "Date,Close\n");
    prices(&dir, &["import", "empty.csv"]).expect_code(2);
    let out = prices(&dir, &["list"]).expect_code(0);
    assert_eq!(out.stdout, "no prices stored\n");
    assert_eq!(prices(&dir, &["list", "--json"]).expect_code(0).stdout, "");
}
