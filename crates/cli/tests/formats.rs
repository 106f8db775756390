//! `analyze` reads what `ingest` reads, through the same readers: a page
//! gives the brief ingesting it stores, the sample pages give the facts of
//! their text versions, a legacy page keeps its characters, and markup or
//! binary data is never briefed as prose. Each test runs the real binary.

mod support;

use serde_json::Value;
use support::{workspace_root, Dir};

/// The sample pages written for the project, beside their text versions.
const PAGES: [&str; 4] = [
    "01-rare-earth-rally-tariff-threat",
    "06-busan-truce-delay",
    "13-energy-fuels-dysprosium",
    "15-china-lifts-gallium-ban",
];

fn page(name: &str) -> String {
    workspace_root()
        .join(format!("examples/pages/{name}.html"))
        .display()
        .to_string()
}

fn text_version(name: &str) -> String {
    workspace_root()
        .join(format!("examples/news/{name}.txt"))
        .display()
        .to_string()
}

/// What a brief says, span positions aside: title, day, tickers, claimed
/// moves, events.
fn facts(brief: &Value) -> Value {
    let list = |key: &str, fields: &[&str]| -> Vec<String> {
        let mut items: Vec<String> = brief[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key} in {brief}"))
            .iter()
            .map(|item| {
                let picked: serde_json::Map<String, Value> = fields
                    .iter()
                    .map(|f| (f.to_string(), item[*f].clone()))
                    .collect();
                Value::Object(picked).to_string()
            })
            .collect();
        items.sort();
        items
    };
    serde_json::json!({
        "title": brief["title"],
        "published": brief["published"],
        "tickers": list("tickers", &["ticker"]),
        "moves": list("price_moves", &["ticker", "direction", "pct"]),
        "events": list("events", &["type", "actor", "target", "status", "magnitude"]),
    })
}

/// Every string in a JSON value.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Fails when a brief holds anything of markup, a script or a style.
fn assert_no_markup(brief: &Value) {
    let mut texts = Vec::new();
    strings(brief, &mut texts);
    for text in texts {
        for bad in ["<", "font-family", "dataLayer", "LAC", "99%", "Privacy"] {
            assert!(!text.contains(bad), "{bad:?} in {text:?} of {brief}");
        }
    }
}

#[test]
fn analyze_of_a_page_gives_the_brief_ingest_stores_and_show_prints() {
    let dir = Dir::new("page-as-ingest");
    let page = page(PAGES[0]);
    let analysed = dir
        .command()
        .args(["analyze", page.as_str()])
        .run()
        .expect_code(0);
    let briefs = analysed.json_lines();
    assert_eq!(briefs.len(), 1, "{analysed}");
    let brief = &briefs[0];
    assert_eq!(brief["path"], page.as_str());

    dir.command()
        .args(["--db", "s.db", "ingest", page.as_str()])
        .run()
        .expect_code(0);
    let shown = dir
        .command()
        .args(["--db", "s.db", "show", "--json", "1"])
        .run()
        .expect_code(0);
    let shown = &shown.json_lines()[0];
    // The whole brief, byte for byte: the same text, date, title and pack.
    assert_eq!(brief, &shown["brief"], "analyze vs show --json");
    // The facts the issue names, said once more for a reader of the test.
    let facts = facts(brief);
    assert_eq!(
        facts["title"],
        "Rare-earth stocks rip higher after Trump's 100% tariff threat"
    );
    assert_eq!(facts["published"], "2025-10-13");
    for ticker in ["MP", "USAR", "CRML", "UUUU"] {
        assert!(
            facts["tickers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t.as_str().unwrap().contains(&format!("\"{ticker}\""))),
            "{ticker} in {facts}"
        );
    }
    // The text analysed is the stored text: title line, then the body.
    let stored = shown["text"].as_str().unwrap();
    assert!(stored.starts_with("Rare-earth stocks rip higher after Trump's 100% tariff threat\n\n"));
    assert!(stored
        .contains("MP Materials, a key supplier to American defense contractors, rallied 20%"));
    assert_no_markup(brief);
}

#[test]
fn the_sample_pages_analyse_to_the_facts_of_their_text_versions() {
    let dir = Dir::new("pages-as-texts");
    let mut args = vec!["analyze".to_string()];
    for name in PAGES {
        args.push(page(name));
        args.push(text_version(name));
    }
    let out = dir.command().args(&args).run().expect_code(0);
    assert!(out.stderr.is_empty(), "{out}");
    let briefs = out.json_lines();
    assert_eq!(briefs.len(), 2 * PAGES.len(), "{out}");
    for (pair, name) in briefs.chunks(2).zip(PAGES) {
        let (from_page, from_text) = (facts(&pair[0]), facts(&pair[1]));
        assert_eq!(from_page, from_text, "{name}: page vs text");
        assert!(
            !from_page["events"].as_array().unwrap().is_empty(),
            "{name}: events to compare"
        );
        assert_no_markup(&pair[0]);
    }
    // The page of a folder is read too, its README left out.
    let folder = workspace_root().join("examples/pages");
    let out = dir
        .command()
        .args(["analyze", folder.to_str().unwrap()])
        .run()
        .expect_code(0);
    assert_eq!(out.json_lines().len(), PAGES.len(), "{out}");
}

#[test]
fn an_undeclared_windows_1252_page_keeps_its_quotes_and_dashes() {
    let page = page("06-busan-truce-delay");
    let bytes = std::fs::read(&page).unwrap();
    // The sample is what the test needs: windows-1252 bytes (0x97 is an em
    // dash there, invalid alone in UTF-8) and no declaration.
    assert!(bytes.contains(&0x97) && std::str::from_utf8(&bytes).is_err());
    assert!(!String::from_utf8_lossy(&bytes)
        .to_ascii_lowercase()
        .contains("charset"));

    let dir = Dir::new("cp1252");
    let extracted = dir
        .command()
        .args(["extract", page.as_str()])
        .run()
        .expect_code(0);
    let text = extracted.json_lines()[0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.starts_with("BUSAN/NEW YORK \u{2014} Shares of American"),
        "{text}"
    );
    assert!(
        text.contains('\u{201C}') && text.contains('\u{201D}'),
        "{text}"
    );
    assert!(!text.contains('\u{FFFD}'), "{text}");

    let analysed = dir
        .command()
        .args(["analyze", page.as_str()])
        .run()
        .expect_code(0);
    let brief = &analysed.json_lines()[0];
    // The brief was made of that text (title line, then body): its spans
    // fall on it, and its sentences keep the dashes and quotes.
    let title = extracted.json_lines()[0]["title"]
        .as_str()
        .unwrap()
        .to_string();
    let analysed_text = format!("{title}\n\n{text}");
    let span_text = |span: &Value| {
        let (a, b) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
        analysed_text[a as usize..b as usize].to_string()
    };
    for item in brief["summary"].as_array().unwrap() {
        assert_eq!(
            span_text(&item["span"]).trim(),
            item["text"].as_str().unwrap()
        );
    }
    let sentences: Vec<String> = brief["sentiment"]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| span_text(&s["span"]))
        .collect();
    assert!(
        sentences[1].contains("draining \u{2014} at least for now \u{2014} the"),
        "{sentences:?}"
    );
    assert!(!analysed.stdout.contains('\u{FFFD}'), "{analysed}");
}

#[test]
fn markup_and_binary_data_are_read_as_what_they_are_never_as_prose() {
    let dir = Dir::new("not-prose");
    let page_bytes = std::fs::read(page(PAGES[0])).unwrap();
    // A page saved under a text name, and one piped in: read as pages.
    dir.create("saved-page.txt", &page_bytes);
    // Markup with no article in it: refused, not briefed.
    dir.create(
        "widget.md",
        "<div><style>p { color: red }</style><script>var MP = 'rose 20%';</script></div>\n",
    );
    // Binary data, whatever its name.
    dir.create("logo.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.create("blob.txt", b"\x7fELF\x02\x01\x01\0\0\0");
    // A JSON Lines archive whose record carries a page: its html is
    // extracted, and the brief is named by its line.
    let record = serde_json::json!({ "html": String::from_utf8(page_bytes.clone()).unwrap() });
    dir.create("archive.jsonl", format!("{record}\n"));

    let out = dir
        .command()
        .args([
            "analyze",
            "saved-page.txt",
            "widget.md",
            "logo.html",
            "blob.txt",
            "archive.jsonl",
            "-",
        ])
        .stdin(page_bytes)
        .run()
        .expect_code(2);
    let briefs = out.json_lines();
    let paths: Vec<&str> = briefs.iter().map(|b| b["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["saved-page.txt", "archive.jsonl:1", "-"], "{out}");
    let expected = facts(&briefs[0]);
    for brief in &briefs {
        assert_no_markup(brief);
        assert_eq!(facts(brief), expected, "every copy of the page alike");
    }
    assert_eq!(
        expected["title"],
        "Rare-earth stocks rip higher after Trump's 100% tariff threat"
    );
    for (name, problem, code) in [
        ("widget.md", "no main content", "input_no_text"),
        (
            "logo.html",
            "binary data (NUL byte at offset 8)",
            "input_binary",
        ),
        (
            "blob.txt",
            "binary data (NUL byte at offset 7)",
            "input_binary",
        ),
    ] {
        let line = out.error_for(name);
        assert!(
            line.contains(problem) && line.ends_with(&format!("(error {code})")),
            "{name}: {line}"
        );
    }
    assert!(
        out.stderr.ends_with("monazite: 3 of 6 inputs failed\n"),
        "{out}"
    );
}

#[test]
fn a_csv_archive_is_read_with_its_column_map() {
    let dir = Dir::new("csv-map");
    dir.create(
        "wire.csv",
        "headline,body,when\n\
         Lynas slips,Lynas Rare Earths (ASX: LYC) fell 4% on Tuesday after it cut its forecast.,2025-10-14\n\
         USA Rare Earth gains,USA Rare Earth (NASDAQ: USAR) jumped 12% after a supply deal.,2025-10-15\n",
    );
    let out = dir
        .command()
        .args([
            "analyze",
            "--csv-map",
            "title=headline,text=body,published=when",
            "wire.csv",
        ])
        .run()
        .expect_code(0);
    let briefs = out.json_lines();
    let got: Vec<(String, String, String)> = briefs
        .iter()
        .map(|b| {
            (
                b["path"].as_str().unwrap().to_string(),
                b["published"].as_str().unwrap_or("none").to_string(),
                b["tickers"][0]["ticker"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("wire.csv:2".into(), "2025-10-14".into(), "LYC".into()),
            ("wire.csv:3".into(), "2025-10-15".into(), "USAR".into()),
        ],
        "{out}"
    );
    // --published takes the place of the date a record gives.
    let out = dir
        .command()
        .args([
            "analyze",
            "--csv-map",
            "title=headline,text=body,published=when",
            "--published",
            "2025-12-01",
            "wire.csv",
        ])
        .run()
        .expect_code(0);
    for brief in out.json_lines() {
        assert_eq!(brief["published"], "2025-12-01", "{brief}");
    }
    // A mapping that is not one is a usage error naming it.
    let out = dir
        .command()
        .args(["analyze", "--csv-map", "bogus", "wire.csv"])
        .run()
        .expect_code(2);
    assert!(out.stderr.contains("--csv-map \"bogus\""), "{out}");
}
