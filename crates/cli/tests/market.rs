//! End-to-end tests of the market commands: `verify` on real prices (from
//! ../shared, skipped when absent) and `study` and the briefs' history on a
//! generated market whose abnormal returns are known.

mod support;

use serde_json::Value;
use support::{shared_data, Dir};

/// Three outlets' takes on MP Materials' Monday, 13 October 2025 (written
/// for this test).
const MONDAY_CLOSE: &str = "---
title: MP Materials leads rare-earth rally
site: Desk A
published: 2025-10-14T11:00:00Z
---
Shares of MP Materials rose 21% on Monday as investors bet that Beijing's new export rules would send buyers to American suppliers.
";

const MONDAY_WRONG: &str = "---
title: Rare earth miners extend gains
site: Desk B
published: 2025-10-14T11:30:00Z
---
MP Materials rose 22% on Monday, its best day in months, while the broader market steadied after Friday's selloff.
";

const MONDAY_MIDDAY: &str = "---
title: Midday movers
site: Desk C
published: 2025-10-13T16:30:00Z
---
MP Materials rose 22% to $95.57 in midday trading, extending a rally that began last week.
";

/// What a command printed after `heading`.
fn after<'a>(out: &'a support::Outcome, heading: &str) -> &'a str {
    out.stdout
        .split_once(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in the output: {out}"))
        .1
}

fn verdicts(lines: &[Value]) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["outlet"].as_str().unwrap_or("").to_string(),
                l["verdict"].as_str().unwrap_or("").to_string(),
                l["basis"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn claims_about_mp_on_13_october_2025_against_real_prices() {
    // Reads ../shared/data/prices-daily (real MP prices).
    let Some(mp) = shared_data("prices-daily/ohlcv_exact_yfinance/MP.csv") else {
        return;
    };
    let dir = Dir::new("verify-mp");
    dir.create("news/a.md", MONDAY_CLOSE);
    dir.create("news/b.md", MONDAY_WRONG);
    dir.create("news/c.md", MONDAY_MIDDAY);
    dir.command()
        .args(["--db", "s.db", "ingest", "news"])
        .run()
        .expect_code(0);
    dir.command()
        .args(["--db", "s.db", "prices", "import"])
        .args([&mp])
        .run()
        .expect_code(0);

    let out = dir
        .command()
        .args(["--db", "s.db", "verify", "--json"])
        .run()
        .expect_code(0);
    let lines = out.json_lines();
    assert_eq!(
        verdicts(&lines),
        [
            ("Desk A".into(), "confirmed".into(), "close".into()),
            ("Desk B".into(), "off".into(), "close".into()),
            ("Desk C".into(), "confirmed".into(), "range".into()),
        ],
        "{out}"
    );
    for line in &lines {
        assert_eq!(line["session"], "2025-10-13", "{line}");
        assert_eq!(line["ticker"], "MP");
        // 78.34 → 95.06.
        let actual = line["actual_pct"].as_f64().unwrap();
        assert!((actual - 21.34).abs() < 0.01, "{line}");
    }
    let midday = lines.iter().find(|l| l["outlet"] == "Desk C").unwrap();
    let range = midday["range_pct"].as_array().unwrap();
    // Low 85.50 and high 98.97 against the 78.34 close.
    assert!((range[0].as_f64().unwrap() - 9.14).abs() < 0.01, "{midday}");
    assert!(
        (range[1].as_f64().unwrap() - 26.33).abs() < 0.01,
        "{midday}"
    );
    let off = lines.iter().find(|l| l["outlet"] == "Desk B").unwrap();
    assert_eq!(off["claimed_pct"], 22.0);

    // The tolerance is the user's: at 0.7 points 22% passes.
    let loose = dir
        .command()
        .args(["--db", "s.db", "verify", "--json", "--tolerance", "0.7"])
        .run()
        .expect_code(0);
    assert!(loose
        .json_lines()
        .iter()
        .all(|l| l["verdict"] == "confirmed"));

    // The table ends with each outlet's record.
    let table = dir
        .command()
        .args(["--db", "s.db", "verify"])
        .run()
        .expect_code(0);
    let desk_b = table
        .stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("Desk B"))
        .unwrap_or_else(|| panic!("no record for Desk B\n{table}"));
    let cells: Vec<&str> = desk_b.split_whitespace().collect();
    assert_eq!(&cells[2..7], ["1", "0", "1", "0", "0%"], "{desk_b}");

    // A fresh brief beside the store: each claimed move carries its check.
    let brief = dir
        .command()
        .args(["--db", "s.db", "analyze", "news/b.md"])
        .run()
        .expect_code(0);
    let check = &brief.json_lines()[0]["price_moves"][0]["check"];
    assert_eq!(check["verdict"], "off", "{brief}");
    assert_eq!(check["session"], "2025-10-13", "{brief}");
    assert_eq!(check["actual_pct"], 21.34, "{brief}");
    let md = dir
        .command()
        .args(["--db", "s.db", "analyze", "--format", "md", "news/a.md"])
        .run()
        .expect_code(0);
    assert!(
        md.stdout.contains("| confirmed: +21.3% on 2025-10-13 |"),
        "{md}"
    );

    // One document: `verify --doc` and `show` check its claim alone.
    let doc = off["doc"].as_i64().unwrap();
    let one = dir
        .command()
        .args([
            "--db",
            "s.db",
            "verify",
            "--json",
            "--doc",
            &doc.to_string(),
        ])
        .run()
        .expect_code(0);
    assert_eq!(
        verdicts(&one.json_lines()),
        [("Desk B".into(), "off".into(), "close".into())]
    );
    let shown = dir
        .command()
        .args(["--db", "s.db", "show", &doc.to_string()])
        .run()
        .expect_code(0);
    let checked = after(&shown, "against the stored prices:");
    assert!(
        checked.contains("MP +22.0% (2025-10-13): off, actual +21.3%"),
        "{shown}"
    );
    let shown = dir
        .command()
        .args(["--db", "s.db", "show", "--json", &doc.to_string()])
        .run()
        .expect_code(0);
    let view: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(view["checks"][0]["verdict"], "off", "{shown}");
    assert_eq!(view["checks"][0]["actual_pct"], 21.34, "{shown}");
}

/// SplitMix64: the same generated market on every run.
struct Rng(u64);

impl Rng {
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

/// Weekdays from 2024-06-03 to 2026-01-30, SPY on a random walk and MP following it
/// with beta 1.2 plus noise, and a 10% jump on 13 October 2025; USAR with beta 0.8
/// and a 4% jump that day.
fn generated_market(dir: &Dir) {
    let mut rng = Rng(7);
    let mut usar_rng = Rng(11);
    let mut usar = 10.0f64;
    let mut usar_csv = String::from("Date,Close\n");
    let mut day = jiff::civil::date(2024, 6, 3);
    let (mut spy, mut mp) = (500.0f64, 20.0f64);
    let mut spy_csv = String::from("Date,Close\n");
    let mut mp_csv = String::from("Date,Close\n");
    while day <= jiff::civil::date(2026, 1, 30) {
        if day.weekday().to_monday_zero_offset() < 5 {
            let market = 0.02 * rng.unit();
            let shock = if day == jiff::civil::date(2025, 10, 13) {
                0.10
            } else {
                0.0
            };
            spy *= 1.0 + market;
            mp *= 1.0 + 0.0005 + 1.2 * market + 0.004 * rng.unit() + shock;
            usar *= 1.0 + 0.8 * market + 0.004 * usar_rng.unit() + 0.4 * shock;
            spy_csv.push_str(&format!("{day},{spy:.6}\n"));
            mp_csv.push_str(&format!("{day},{mp:.6}\n"));
            usar_csv.push_str(&format!("{day},{usar:.6}\n"));
        }
        day = day.tomorrow().unwrap();
    }
    dir.create("prices/SPY.csv", spy_csv);
    dir.create("prices/MP.csv", mp_csv);
    dir.create("prices/USAR.csv", usar_csv);
}

/// A test folder with the generated market's prices and `news` (name,
/// text) under news/, both ingested into the folder's store.
fn market_with_news(name: &str, news: &[(&str, &str)]) -> Dir {
    let dir = Dir::new(name);
    generated_market(&dir);
    for (file, text) in news {
        dir.create(&format!("news/{file}"), *text);
    }
    dir.command().args(["ingest", "news"]).run().expect_code(0);
    dir.command()
        .args(["prices", "import", "prices"])
        .run()
        .expect_code(0);
    dir
}

const FRIDAY_CONTROLS: &str = "China tightens rare earth exports
Published: 10/10/2025 18:05 EDT

China's Ministry of Commerce on Friday expanded its export controls on rare earths, adding five elements to the list. MP Materials, the only American miner and processor of rare earths, is expected to gain.
";

const LATER_CONTROLS: &str = "Beijing adds more curbs
Published: 11/20/2025 08:00 EST

China imposed new export controls on rare earth magnets. MP Materials said its customers were asking for more supply.
";

#[test]
fn a_study_of_generated_prices_finds_the_jump_and_briefs_recall_it() {
    let dir = market_with_news("study", &[("friday.txt", FRIDAY_CONTROLS)]);
    dir.create("later.txt", LATER_CONTROLS);

    let out = dir
        .command()
        .args([
            "study",
            "--type",
            "export_control",
            "--ticker",
            "MP",
            "--window",
            "0,0",
            "--window",
            "-1,1",
            "--format",
            "json",
            "--chart",
            "car.svg",
        ])
        .run()
        .expect_code(0);
    let study: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let events = study["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{out}");
    // Published after Friday's close: day 0 is Monday.
    assert_eq!(events[0]["day0"], "2025-10-13");
    assert_eq!(events[0]["estimation_n"], 240);
    let beta = events[0]["beta"].as_f64().unwrap();
    assert!((beta - 1.2).abs() < 0.05, "{out}");
    let car = events[0]["windows"][0]["car"].as_f64().unwrap();
    assert!((car - 0.10).abs() < 0.01, "{out}");
    let t = events[0]["windows"][0]["t"].as_f64().unwrap();
    assert!(t > 20.0, "a 10% jump on 0.2% noise: {out}");
    assert_eq!(study["windows"][0]["n"], 1);
    // One event: no pair to correlate, no adjusted test.
    assert!(study["windows"][0]["mean_correlation"].is_null(), "{out}");
    assert!(study["windows"][0]["bmp_adjusted_t"].is_null(), "{out}");
    assert_eq!(study["overlapping_pairs"], 0);
    assert_eq!(study["by_ticker"][0]["ticker"], "MP", "{out}");
    assert_eq!(study["by_ticker"][0]["windows"][0]["n"], 1, "{out}");
    let svg = std::fs::read_to_string(dir.path("car.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("<polyline"),
        "{svg}"
    );

    // CSV: one row per event and ticker.
    let csv = dir
        .command()
        .args([
            "study",
            "--type",
            "export_control",
            "--ticker",
            "MP",
            "--format",
            "csv",
        ])
        .run()
        .expect_code(0);
    let rows: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].starts_with(
        "event,doc,label,ticker,date,day0,estimation_n,alpha,beta,sigma,car_-1_1,t_-1_1"
    ));

    // The same day from a file of dates.
    dir.create(
        "dates.csv",
        "date,title\n2025-10-11,Weekend notice\n2024-01-02,Before the data\n",
    );
    let dates = dir
        .command()
        .args([
            "study",
            "--dates",
            "dates.csv",
            "--ticker",
            "MP",
            "--window",
            "0,0",
            "--format",
            "json",
        ])
        .run()
        .expect_code(0);
    let dates: Value = serde_json::from_str(&dates.stdout).unwrap();
    assert_eq!(dates["events"][0]["day0"], "2025-10-13");
    assert!(
        dates["events"][1]["skipped"]
            .as_str()
            .unwrap()
            .contains("outside"),
        "{dates}"
    );

    // Two tickers: the table tells each one's own mean CAR.
    let table = dir
        .command()
        .args([
            "study",
            "--dates",
            "dates.csv",
            "--ticker",
            "MP,USAR",
            "--window",
            "0,0",
        ])
        .run()
        .expect_code(0);
    let by_ticker = after(&table, "by ticker");
    let car_of = |ticker: &str| -> f64 {
        let row = by_ticker
            .lines()
            .find(|l| l.starts_with(ticker))
            .unwrap_or_else(|| panic!("no {ticker} row: {table}"));
        row.split_whitespace()
            .nth(2)
            .unwrap()
            .trim_end_matches('%')
            .parse()
            .unwrap()
    };
    assert!((car_of("MP") - 10.0).abs() < 1.0, "{table}");
    assert!((car_of("USAR") - 4.0).abs() < 1.0, "{table}");

    // A later article of the same type recalls what happened last time.
    let brief = dir
        .command()
        .args(["analyze", "--history", "later.txt"])
        .run()
        .expect_code(0);
    let brief = &brief.json_lines()[0];
    let history = brief["history"].as_array().expect("a history");
    let mp = history
        .iter()
        .find(|h| h["type"] == "export_control" && h["ticker"] == "MP" && h["window"][0] == 0)
        .unwrap_or_else(|| panic!("no MP history: {brief}"));
    assert_eq!(mp["events"], 1);
    assert!(mp["mean_car_pct"].as_f64().unwrap() > 8.0, "{mp}");
    assert_eq!(brief["schema"], "1.4");
}

/// The store's folder: each file's name and bytes, sorted.
fn files_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap_or_default();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes,
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn analyze_reads_a_store_only_when_named_and_never_writes_it() {
    // A default store with past events and prices, where $MONAZITE_DB,
    // $XDG_DATA_HOME and $HOME each point.
    let dir = Dir::new("analyze-pure");
    generated_market(&dir);
    dir.create("news/friday.txt", FRIDAY_CONTROLS);
    let db = dir.path("data/monazite/monazite.db");
    let db_env = db.to_str().unwrap();
    dir.command()
        .env("MONAZITE_DB", db_env)
        .args(["ingest", "news"])
        .run()
        .expect_code(0);
    dir.command()
        .env("MONAZITE_DB", db_env)
        .args(["prices", "import", "prices"])
        .run()
        .expect_code(0);
    // Moved under a home folder once written, where $XDG_DATA_HOME and
    // $HOME lead too.
    std::fs::create_dir_all(dir.path("home/.local")).unwrap();
    std::fs::rename(dir.path("data"), dir.path("home/.local/share")).unwrap();
    let db = dir.path("home/.local/share/monazite/monazite.db");
    let store_dir = db.parent().unwrap().to_path_buf();
    assert!(db.exists());
    let articles = [("later.txt", LATER_CONTROLS), ("monday.md", MONDAY_CLOSE)];
    for (name, text) in articles {
        dir.create(name, text);
    }
    let args = ["analyze", "later.txt", "monday.md"];

    // The same inputs beside no store at all.
    let bare = Dir::new("analyze-pure-bare");
    for (name, text) in articles {
        bare.create(name, text);
    }
    let baseline = bare.command().args(args).run().expect_code(0);
    assert!(!baseline.stdout.contains("\"history\""), "{baseline}");
    assert!(!baseline.stdout.contains("\"check\""), "{baseline}");
    assert!(!bare.path("monazite.db").exists());

    let before = files_of(&store_dir);
    assert_eq!(before.len(), 1, "a store at rest is one file");
    let home = dir.path("home");
    let runs = [
        ("MONAZITE_DB", db.clone()),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("HOME", home.clone()),
    ];
    for (var, value) in &runs {
        let out = dir
            .command()
            .env_remove("MONAZITE_DB")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", dir.path("nowhere"))
            .env(var, value)
            .args(args)
            .run()
            .expect_code(0);
        // Compared whole, byte for byte; the message stays short.
        assert!(
            out.stdout == baseline.stdout,
            "{var} made analyze read the store"
        );
        assert_eq!(out.stderr, baseline.stderr);
        assert!(
            files_of(&store_dir) == before,
            "{var}: the store's folder changed"
        );
    }

    // Asked for, past events and price checks come from the store, which
    // keeps its bytes (SQLite may leave its coordination files beside it).
    let check_store = || {
        let after = files_of(&store_dir);
        assert!(
            after.iter().find(|(n, _)| n == "monazite.db") == before.first(),
            "the store file changed"
        );
        for (name, bytes) in &after {
            assert!(
                name == "monazite.db"
                    || name == "monazite.db-shm"
                    || (name == "monazite.db-wal" && bytes.is_empty()),
                "analyze wrote {name} beside the store"
            );
        }
    };
    let named = [
        dir.command()
            .env("MONAZITE_DB", &db)
            .args(["analyze", "--history", "later.txt", "monday.md"])
            .run(),
        dir.command()
            .env_remove("MONAZITE_DB")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", &home)
            .args(["analyze", "--history", "later.txt", "monday.md"])
            .run(),
        dir.command()
            .args([
                "--db",
                db.to_str().unwrap(),
                "analyze",
                "later.txt",
                "monday.md",
            ])
            .run(),
    ];
    for out in named {
        let out = out.expect_code(0);
        let lines = out.json_lines();
        assert!(
            lines[0]["history"]
                .as_array()
                .is_some_and(|h| !h.is_empty()),
            "{out}"
        );
        let check = &lines[1]["price_moves"][0]["check"];
        assert!(check["verdict"].is_string(), "{out}");
        assert!(out.stdout != baseline.stdout);
        check_store();
    }

    // Asked for a store that is not there: an error, and none is made.
    let out = bare
        .command()
        .args(["analyze", "--history", "later.txt"])
        .run()
        .expect_code(2);
    assert!(out.stderr.contains("no store at"), "{out}");
    assert!(!bare.path("monazite.db").exists());
}

#[test]
fn the_market_commands_say_what_is_missing() {
    let dir = Dir::new("market-missing");
    dir.create("news/friday.txt", FRIDAY_CONTROLS);
    dir.command().args(["ingest", "news"]).run().expect_code(0);
    let out = dir.command().args(["verify"]).run().expect_code(2);
    assert!(out.stderr.contains("no US prices"), "{out}");
    let out = dir
        .command()
        .args(["study", "--window", "-5,-10"])
        .run()
        .expect_code(2);
    assert!(out.stderr.contains("ends before it starts"), "{out}");
    let out = dir
        .command()
        .args(["study", "--window", "-20,0"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr.contains("overlaps the estimation window"),
        "{out}"
    );
    // Without the benchmark's prices.
    dir.create("MP.csv", "Date,Close\n2025-10-10,78.34\n2025-10-13,95.06\n");
    dir.command()
        .args(["prices", "import", "MP.csv"])
        .run()
        .expect_code(0);
    let out = dir.command().args(["study"]).run().expect_code(2);
    assert!(
        out.stderr.contains("no prices for the benchmark SPY"),
        "{out}"
    );
}

/// The JSON values `out` printed: lines, or one pretty-printed object.
fn json_values(out: &support::Outcome) -> Vec<Value> {
    let values: Vec<Value> = serde_json::Deserializer::from_str(&out.stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON ({e}): {out}"));
    assert!(!values.is_empty(), "no JSON: {out}");
    values
}

/// Every line of `out`'s JSON with what changes from run to run (the
/// ingestion time, engine and pack versions) redacted, pretty-printed.
fn redacted_json(out: &support::Outcome) -> String {
    fn redact(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if matches!(key.as_str(), "ingested_at" | "engine" | "pack") {
                        *v = Value::String(format!("[{key}]"));
                    } else {
                        redact(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(redact),
            _ => {}
        }
    }
    let mut lines = json_values(out);
    for line in &mut lines {
        redact(line);
    }
    lines
        .iter()
        .map(|l| serde_json::to_string_pretty(l).expect("JSON encodes"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_json_output_is_as_reviewed() {
    // The wire records of docs/wire-schema.md, whole: a change to any of
    // them shows up as a snapshot diff to review.
    let dir = market_with_news(
        "wire",
        &[
            ("friday.txt", FRIDAY_CONTROLS),
            ("close.md", MONDAY_CLOSE),
            ("wrong.md", MONDAY_WRONG),
        ],
    );
    let outputs: [(&str, &[&str]); 9] = [
        ("search", &["search", "--json", "rare earths"]),
        ("events", &["events", "--json"]),
        ("timeline", &["timeline", "--json", "MP"]),
        ("storylines", &["storylines", "--json"]),
        ("show", &["show", "--json", "2"]),
        ("extract", &["extract", "news/close.md"]),
        ("prices-list", &["prices", "list", "--json"]),
        ("verify", &["verify", "--json"]),
        (
            "study",
            &[
                "study",
                "--type",
                "export_control",
                "--ticker",
                "MP",
                "--window",
                "0,0",
                "--format",
                "json",
            ],
        ),
    ];
    for (name, args) in outputs {
        let out = dir.command().args(args).run().expect_code(0);
        let json = redacted_json(&out);
        for line in json_values(&out) {
            let schema = line["schema"].as_str().unwrap_or_default();
            assert!(
                schema.ends_with(&format!("/{}", monazite_report::wire::WIRE_VERSION)),
                "{name}: every record names its schema: {line}"
            );
        }
        insta::assert_snapshot!(format!("wire-{name}"), json);
    }
}
