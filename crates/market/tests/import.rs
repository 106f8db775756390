//! Price files into bars: every accepted layout on small files written
//! here, the errors and skipped rows of bad ones, and the real downloads in
//! shared/data/prices-daily beside the workspace (skipped when that folder
//! is absent).

use jiff::civil::{date, Date};
use monazite_market::import::{
    clean_ticker, parse, parse_date, ticker_from_file_name, ImportError, Options, Parsed, Skip,
    MAX_COLUMNS, MAX_REPORTED,
};
use monazite_market::Bar;

fn ok(name: &str, text: &str) -> Parsed {
    parse(name, text.as_bytes(), &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"))
}

fn err(name: &str, bytes: &[u8]) -> ImportError {
    match parse(name, bytes, &Options::default()) {
        Ok(parsed) => panic!("{name} parsed: {parsed:?}"),
        Err(e) => e,
    }
}

/// The bar of `ticker` on `day`.
fn bar<'p>(parsed: &'p Parsed, ticker: &str, day: Date) -> &'p Bar {
    parsed
        .rows
        .iter()
        .find(|(t, b)| t == ticker && b.date == day)
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("no {ticker} bar on {day} in {:?}", parsed.rows))
}

fn tickers(parsed: &Parsed) -> Vec<&str> {
    let mut t: Vec<&str> = parsed.rows.iter().map(|(t, _)| t.as_str()).collect();
    t.dedup();
    t
}

#[test]
fn yahoo_with_adjusted_close_dividends_and_splits() {
    let p = ok(
        "USAR.csv",
        "Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits\n\
         2025-10-10,34.10,35.20,32.00,32.61,32.50,9000000,0.0,0.0\n\
         2025-10-13,38.00,43.98,37.10,38.68,38.55,21000000,0.0,0.0\n",
    );
    assert_eq!((p.read, p.rows.len(), p.tickers), (2, 2, 1));
    assert_eq!(p.skipped.total(), 0);
    let b = bar(&p, "USAR", date(2025, 10, 13));
    assert_eq!(
        *b,
        Bar {
            date: date(2025, 10, 13),
            open: Some(38.00),
            high: Some(43.98),
            low: Some(37.10),
            close: 38.68,
            adj_close: Some(38.55),
            volume: Some(21_000_000.0),
        }
    );
}

#[test]
fn columns_in_any_order_and_any_case() {
    let reordered = ok(
        "MP.csv",
        "Date,Close,High,Low,Open,Volume\n2025-10-13,95.06,98.97,85.50,86.80,50204000\n",
    );
    let lower = ok(
        "MP.csv",
        "date,open,high,low,close,volume\n2025-10-13,86.80,98.97,85.50,95.06,50204000.0\n",
    );
    assert_eq!(reordered.rows, lower.rows);
    let b = &lower.rows[0].1;
    assert_eq!(
        (b.open, b.high, b.low, b.close, b.adj_close),
        (Some(86.80), Some(98.97), Some(85.50), 95.06, None)
    );
}

#[test]
fn close_only_files() {
    let p = ok(
        "SPY.csv",
        "Date,Close\n2025-10-09,671.16\n2025-10-10,653.02\n",
    );
    let b = bar(&p, "SPY", date(2025, 10, 10));
    assert_eq!(*b, Bar::close_only(date(2025, 10, 10), 653.02));
}

#[test]
fn missing_values_are_none_and_a_missing_close_skips_the_row() {
    let p = ok(
        "MP.csv",
        "Date,Open,High,Low,Close,Volume\n\
         2025-10-09,,null,NaN,70.1,\n\
         2025-10-10,80,81,77,null,100\n\
         2025-10-13,86.8,98.97,85.5,NaN,100\n\
         2025-10-14,90,100.25,89,98.65,N/A\n\
         2025-10-15,0,99,-1,97.5,-5\n",
    );
    assert_eq!(p.read, 5);
    assert_eq!(p.skipped.count(Skip::NoClose), 2);
    assert_eq!(p.skipped.total(), 2);
    let lines: Vec<u64> = p.problems.iter().map(|x| x.line).collect();
    assert_eq!(lines, [3, 4]);
    assert_eq!(p.problems[0].to_string(), "line 3: no close");
    let first = bar(&p, "MP", date(2025, 10, 9));
    assert_eq!((first.open, first.high, first.low), (None, None, None));
    assert_eq!((first.close, first.volume), (70.1, None));
    assert_eq!(bar(&p, "MP", date(2025, 10, 14)).volume, None);
    // Zero or negative prices and volumes are gaps in the source.
    let gaps = bar(&p, "MP", date(2025, 10, 15));
    assert_eq!(
        (gaps.open, gaps.high, gaps.low, gaps.volume),
        (None, Some(99.0), None, None)
    );
}

#[test]
fn yfinance_timestamps_keep_the_exchange_date() {
    let p = ok(
        "MP.csv",
        "Date,Open,High,Low,Close,Volume\n\
         2025-10-13 00:00:00-04:00,86.8,98.97,85.5,95.06,50204000\n\
         2025-10-14T00:00:00-04:00,90,100.25,89,98.65,1\n",
    );
    let days: Vec<Date> = p.rows.iter().map(|(_, b)| b.date).collect();
    assert_eq!(days, [date(2025, 10, 13), date(2025, 10, 14)]);
}

#[test]
fn stooq_daily_download_takes_its_ticker_from_the_file_name() {
    let p = ok(
        "downloads/mp.us.txt",
        "Date,Open,High,Low,Close,Volume\n2025-10-13,86.8,98.97,85.5,95.06,50204000\n",
    );
    assert_eq!(tickers(&p), ["MP"]);
}

#[test]
fn stooq_bulk_format_keeps_daily_rows_and_drops_the_us_suffix() {
    let p = ok(
        "mp.us.txt",
        "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\n\
         MP.US,D,20251010,000000,84.38,85.16,77.61,78.34,18963300,0\n\
         MP.US,D,20251013,000000,86.8,98.97,85.5,95.06,50204000,0\n\
         MP.US,W,20251013,000000,80,99,77,95.06,90000000,0\n\
         PLS.AX,D,20251013,000000,3.1,3.3,3.0,3.2,1000,0\n",
    );
    assert_eq!(tickers(&p), ["MP", "PLS.AX"]);
    assert_eq!(p.skipped.count(Skip::NotDaily), 1);
    assert_eq!(p.problems[0].line, 4);
    let b = bar(&p, "MP", date(2025, 10, 13));
    assert_eq!(
        (b.open, b.close, b.volume),
        (Some(86.8), 95.06, Some(50_204_000.0))
    );
}

#[test]
fn long_files_hold_many_tickers_sorted_and_one_row_per_day() {
    let p = ok(
        "sp500.csv",
        "ticker,date,close_adj\n\
         mp,2025-10-13,95.06\n\
         ALB,2025-10-13,90.0\n\
         MP,2025-10-10,78.34\n\
         MP,2025-10-13,95.07\n",
    );
    assert_eq!((p.read, p.rows.len(), p.tickers, p.repeated), (4, 3, 2, 1));
    assert_eq!(tickers(&p), ["ALB", "MP"]);
    // Only an adjusted close: it is the close, marked as adjusted.
    let b = bar(&p, "MP", date(2025, 10, 13));
    assert_eq!(
        (b.close, b.adj_close),
        (95.07, Some(95.07)),
        "the later row wins"
    );
    let sorted: Vec<Date> = p.rows.iter().map(|(_, b)| b.date).collect();
    assert_eq!(
        sorted,
        [date(2025, 10, 13), date(2025, 10, 10), date(2025, 10, 13)]
    );

    let symbols = ok(
        "x.csv",
        "Symbol,Date,Price\nBRK.B,2025-10-13,480.5\nBF.B,2025-10-13,30\n",
    );
    assert_eq!(tickers(&symbols), ["BF.B", "BRK.B"]);
    let both = ok(
        "x.csv",
        "ticker,date,close,adj_close\nSPY,2025-10-10,653.02,646.05\n",
    );
    let b = &both.rows[0].1;
    assert_eq!((b.close, b.adj_close), (653.02, Some(646.05)));
}

#[test]
fn tickers_from_file_names() {
    let cases = [
        ("MP.csv", Some("MP")),
        ("mp.us.txt", Some("MP")),
        ("PLS.AX.csv", Some("PLS.AX")),
        ("^IRX.csv", Some("^IRX")),
        ("data/sub/alb.csv", Some("ALB")),
        ("BRK-B", Some("BRK-B")),
        ("US.csv", Some("US")),
        ("prices 2024.csv", None),
        (".csv", None),
        ("", None),
    ];
    for (name, want) in cases {
        assert_eq!(ticker_from_file_name(name).as_deref(), want, "{name}");
    }
    assert_eq!(clean_ticker(" mp.us ", false).as_deref(), Some("MP.US"));
    assert_eq!(clean_ticker(&"X".repeat(33), false), None);
}

#[test]
fn the_ticker_option_names_single_ticker_files_only() {
    let opts = Options {
        ticker: Some("usar".into()),
        ..Options::default()
    };
    let text = b"Date,Close\n2025-10-13,38.68\n";
    let p = parse("prices 2024.csv", text, &opts).unwrap();
    assert_eq!(tickers(&p), ["USAR"]);
    // Without it, that file name gives no ticker.
    let e = err("prices 2024.csv", text);
    assert_eq!(
        e,
        ImportError::NoTicker {
            file_name: "prices 2024.csv".into()
        }
    );
    assert!(e.to_string().contains("--ticker"), "{e}");
    let long = parse("x.csv", b"ticker,date,close\nMP,2025-10-13,95\n", &opts);
    assert_eq!(long, Err(ImportError::TickerColumn));
    let bad = Options {
        ticker: Some("M P".into()),
        ..Options::default()
    };
    assert!(matches!(
        parse("x.csv", text, &bad),
        Err(ImportError::BadTicker { .. })
    ));
}

#[test]
fn from_and_until_leave_rows_out() {
    let opts = Options {
        from: Some(date(2025, 10, 10)),
        until: Some(date(2025, 10, 13)),
        ..Options::default()
    };
    let text =
        b"Date,Close\n2025-10-09,1\n2025-10-10,2\n2025-10-13,3\n2025-10-14,4\n2025-10-15,oops\n";
    let p = parse("MP.csv", text, &opts).unwrap();
    let closes: Vec<f64> = p.rows.iter().map(|(_, b)| b.close).collect();
    assert_eq!(closes, [2.0, 3.0]);
    assert_eq!((p.outside, p.skipped.total()), (3, 0));
}

#[test]
fn yfinance_multi_level_header() {
    let text = "Price,Close,High,Low,Open,Volume\n\
                Ticker,MP,MP,MP,MP,MP\n\
                Date,,,,,\n\
                2025-10-13,95.06,98.97,85.5,86.8,50204000\n";
    let p = ok("download.csv", text);
    assert_eq!(tickers(&p), ["MP"]);
    assert_eq!((p.read, p.rows[0].1.open), (1, Some(86.8)));
    let many = "Price,Close,Close\nTicker,MP,ALB\nDate,,\n2025-10-13,95.06,90\n";
    let e = err("download.csv", many.as_bytes());
    assert_eq!(e, ImportError::ManyTickers { tickers: vec![] });
    assert!(e.to_string().contains("save one ticker per file"), "{e}");
    // A lone "Price" column is a close, as in `symbol,date,price`.
    let p = ok("MP.csv", "Date,Price\n2025-10-13,95.06\n");
    assert_eq!(p.rows[0].1.close, 95.06);
    assert!(matches!(
        err("MP.csv", b"Price,Volume\n2025-10-13,1\n"),
        ImportError::Missing { what: "date", .. }
    ));
    let many = "Price,Close,High\nTicker,MP,ALB\n2025-10-13,95.06,90\n";
    assert_eq!(
        err("download.csv", many.as_bytes()),
        ImportError::ManyTickers {
            tickers: vec!["ALB".into(), "MP".into()]
        }
    );
}

#[test]
fn byte_order_mark_crlf_quotes_and_blank_lines() {
    let p = ok(
        "MP.csv",
        "\u{feff}\"Date\" , \"Close\"\r\n2025-10-10 , 78.34 \r\n\r\n\"2025-10-13\",\"95.06\"\r\n",
    );
    let closes: Vec<f64> = p.rows.iter().map(|(_, b)| b.close).collect();
    assert_eq!(closes, [78.34, 95.06]);
}

#[test]
fn headers_without_a_date_or_close_are_errors_that_say_so() {
    let e = err(
        "MP.csv",
        b"Date,Open,High,Low,Volume\n2025-10-13,1,2,0.5,10\n",
    );
    assert!(matches!(e, ImportError::Missing { what: "close", .. }));
    let message = e.to_string();
    assert!(
        message.starts_with("no close column") && message.contains("Date,Open,High,Low,Volume"),
        "{message}"
    );
    let e = err("MP.csv", b"When,Close\n2025-10-13,1\n");
    assert!(e.to_string().starts_with("no date column"), "{e}");
    assert_eq!(err("MP.csv", b"2025-10-13,95.06\n"), ImportError::NoHeader);
    let e = err("MP.csv", b"Date,Close,Price\n2025-10-13,1,1\n");
    assert_eq!(
        e,
        ImportError::DuplicateColumn {
            first: "Close".into(),
            second: "Price".into()
        }
    );
    let wide = format!("Date,{}\n", vec!["X"; MAX_COLUMNS].join(","));
    assert_eq!(
        err("w.csv", wide.as_bytes()),
        ImportError::TooManyColumns {
            found: MAX_COLUMNS + 1
        }
    );
}

#[test]
fn empty_and_binary_files_are_errors() {
    assert_eq!(err("MP.csv", b""), ImportError::Empty);
    assert_eq!(err("MP.csv", b" \n\r\n"), ImportError::Empty);
    assert_eq!(err("MP.csv", b"\xEF\xBB\xBF"), ImportError::Empty);
    assert_eq!(
        err("MP.csv", b"Date,Close\n2025-10-13,9\xff5.06\n"),
        ImportError::NotText { line: 2 }
    );
    assert_eq!(
        err("MP.xlsx", b"PK\x03\x04\x00\x00"),
        ImportError::NotText { line: 1 }
    );
}

#[test]
fn bad_rows_are_counted_reported_with_their_lines_and_the_rest_kept() {
    let p = ok(
        "MP.csv",
        "Date,Open,Close\n\
         2025-10-06,1,70\n\
         10/07/2025,1,71\n\
         2025-10-08,abc,72\n\
         2025-10-09,1,seventy\n\
         2025-10-10,1,-78.34\n\
         2025-10-11,1,0\n\
         2025-02-30,1,1\n\
         2025-10-12,1,inf\n\
         2025-10-13\n\
         2025-10-14,1,98.65\n",
    );
    assert_eq!(p.read, 10);
    let closes: Vec<f64> = p.rows.iter().map(|(_, b)| b.close).collect();
    assert_eq!(closes, [70.0, 98.65]);
    assert_eq!(p.skipped.count(Skip::BadDate), 2);
    assert_eq!(p.skipped.count(Skip::BadNumber), 3);
    assert_eq!(p.skipped.count(Skip::BadClose), 2);
    assert_eq!(p.skipped.count(Skip::NoClose), 1);
    assert_eq!(p.skipped.total(), 8);
    assert_eq!(
        p.skipped.to_string(),
        "2 with a bad date, 1 without a close, 3 with a non-numeric value, \
         2 with a close not above zero"
    );
    assert_eq!(p.problems.len(), MAX_REPORTED);
    let shown: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "line 3: date \"10/07/2025\" is not YYYY-MM-DD or YYYYMMDD",
            "line 4: open \"abc\" is not a number",
            "line 5: close \"seventy\" is not a number",
            "line 6: close -78.34 is not above zero",
            "line 7: close 0 is not above zero",
        ]
    );
    let short = ok("MP.csv", "Date,Open,Close\n2025-10-13,5\n");
    assert_eq!(
        short.problems[0].to_string(),
        "line 2: no close (the row has 2 fields, the header 3)"
    );
}

#[test]
fn dates() {
    let cases: [(&str, Option<Date>); 9] = [
        ("2025-10-13", Some(date(2025, 10, 13))),
        ("20251013", Some(date(2025, 10, 13))),
        ("2025/10/13", Some(date(2025, 10, 13))),
        ("2025-10-13 00:00:00-04:00", Some(date(2025, 10, 13))),
        ("2025-10-13T15:59:00Z", Some(date(2025, 10, 13))),
        ("2025-13-01", None),
        ("2025-10-1", None),
        ("2025-10/13", None),
        ("13.10.2025", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_date(text.as_bytes()), want, "{text}");
    }
}

/// Every prefix of a file and every single-byte corruption of it parses or
/// fails cleanly: no input panics.
#[test]
fn no_input_panics() {
    let text = b"\xEF\xBB\xBF<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>\n\
                 MP.US,D,20251013,000000,86.8,98.97,85.5,95.06,50204000\n\
                 \"MP.US\",D,2025-10-14 00:00:00,0,90,100.25,89,98.65,1e7\n";
    let replacements = [
        b'\0', b'"', b',', b'\n', b'\r', b'<', b'-', b'9', 0xff, 0xc3,
    ];
    for cut in 0..=text.len() {
        let _ = parse("mp.us.txt", &text[..cut], &Options::default());
        for (i, r) in replacements.iter().enumerate() {
            let mut bytes = text.to_vec();
            if cut < bytes.len() {
                bytes[cut] = *r;
                let _ = parse("mp.us.txt", &bytes, &Options::default());
                let _ = parse(&format!("{i}"), &bytes, &Options::default());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The real downloads (see shared/data/prices-daily/SOURCE.md).

/// The shared downloads, next to the workspace (`/work/shared` beside
/// `/work/main`).
/// A shared file parsed, or `None` (with a note) on machines without it.
fn shared(rel: &str) -> Option<Parsed> {
    let path = monazite_testdata::shared("data/prices-daily")?.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(parse(rel, &bytes, &Options::default()).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

#[test]
fn shared_yfinance_ohlcv_of_mp() {
    let Some(p) = shared("ohlcv_exact_yfinance/MP.csv") else {
        return;
    };
    assert_eq!((p.rows.len(), p.tickers, p.skipped.total()), (427, 1, 0));
    // The file holds float32 values written as float64 (78.33999633789062):
    // equal to the quoted prices within a relative 1e-6.
    let near = |x: f64, want: f64| ((x - want) / want).abs() < 1e-6;
    let value = |x: Option<f64>| x.expect("a value");
    assert!(near(bar(&p, "MP", date(2025, 10, 10)).close, 78.34));
    let b = bar(&p, "MP", date(2025, 10, 13));
    assert!(near(value(b.open), 86.80), "{b:?}");
    assert!(near(value(b.high), 98.97), "{b:?}");
    assert!(near(value(b.low), 85.50), "{b:?}");
    assert!(near(b.close, 95.06), "{b:?}");
    let volume = b.volume.expect("a volume");
    assert!((50.0e6..50.5e6).contains(&volume), "{b:?}");
}

#[test]
fn shared_long_sp500_file() {
    let Some(p) = shared("sp500_union_close_adj_2022-01-03_2026-07-31_long.csv") else {
        return;
    };
    assert_eq!((p.read, p.rows.len()), (585_119, 585_119));
    assert_eq!((p.tickers, p.skipped.total(), p.repeated), (515, 0, 0));
    assert!(tickers(&p).contains(&"BRK.B"));
    let spy: Vec<&Bar> = p
        .rows
        .iter()
        .filter(|(t, _)| t == "SPY")
        .map(|(_, b)| b)
        .collect();
    assert_eq!(spy.first().map(|b| b.date), Some(date(2022, 1, 3)));
    assert_eq!(spy.last().map(|b| b.date), Some(date(2026, 7, 31)));
    assert!(spy.iter().all(|b| b.adj_close == Some(b.close)));
}

#[test]
fn shared_transcribed_ohlcv_and_yields() {
    let Some(usar) = shared("ohlcv_2025-09_to_2025-12_transcribed/USAR.csv") else {
        return;
    };
    assert_eq!((usar.rows.len(), usar.skipped.total()), (85, 0));
    let b = bar(&usar, "USAR", date(2025, 10, 13));
    assert_eq!((b.close, b.high), (38.68, Some(43.98)));
    assert!(usar.rows.iter().all(|(_, b)| b.open.is_some()
        && b.high.is_some()
        && b.low.is_some()
        && b.adj_close.is_some()));
    // The 13-week bill yield went below zero in March 2020: not a price,
    // and skipped as one.
    let irx = shared("close_adj_full_history/^IRX.csv").expect("the folder is there");
    assert_eq!(tickers(&irx), ["^IRX"]);
    assert_eq!(irx.skipped.count(Skip::BadClose), 7);
    assert!(
        irx.problems[0].detail.starts_with("close -0.028"),
        "{:?}",
        irx.problems
    );
}
