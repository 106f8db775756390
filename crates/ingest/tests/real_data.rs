//! The two real archives in shared/data must read cleanly. They live
//! outside the repository: without them these tests say so and pass.

use std::path::{Path, PathBuf};

use monazite_ingest::{day_from_path, read_path, Format, Published, ReadOptions};

fn shared(rel: &str) -> Option<PathBuf> {
    monazite_testdata::shared(&format!("data/{rel}"))
}

#[test]
fn press_releases_folder() {
    let Some(dir) = shared("press-releases-critical-minerals") else {
        return;
    };
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for item in read_path(&dir, &ReadOptions::default()) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e.to_string()),
        }
    }
    // SOURCE.md, LICENSE-CC0.txt and index.csv are the folder's own
    // documentation and metadata: not read.
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(docs.len(), 629);
    let mut with_url = 0;
    for doc in &docs {
        assert_eq!(doc.format, Format::Markdown, "{}", doc.origin);
        assert!(doc.origin.contains("/files/"), "{}", doc.origin);
        let title = doc.title.as_deref().unwrap_or_default();
        assert!(
            !title.is_empty() && !title.starts_with('#'),
            "{}",
            doc.origin
        );
        // The release's dateline, when it has one, falls on the day its
        // path names (New York time for the wires' instants).
        let day = day_from_path(Path::new(&doc.origin)).expect("dated path");
        let published = match doc.published {
            Some(Published::Day(d)) => d,
            Some(Published::Instant(t)) => t
                .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
                .date(),
            None => panic!("{}: no publication day", doc.origin),
        };
        assert_eq!(published, day, "{}", doc.origin);
        // The footer of links is dropped, the article kept.
        assert!(!doc.text.contains("Newsramp.com TLDR"), "{}", doc.origin);
        assert!(doc.text.len() > 200, "{}", doc.origin);
        with_url += usize::from(doc.url.is_some());
    }
    assert_eq!(with_url, 629, "each release links its original");
    // Sorted walk: the first file is the earliest wire folder's.
    let ucore = docs
        .iter()
        .filter(|d| d.title.as_deref().unwrap_or_default().contains("UURAF"))
        .count();
    assert!(ucore > 0);
}

#[test]
fn alpha_vantage_news_csv() {
    let Some(path) = shared("news-av-sentiment-dec2025/news_items.csv") else {
        return;
    };
    let mut count = 0usize;
    let mut errors = Vec::new();
    let start = std::time::Instant::now();
    for item in read_path(&path, &ReadOptions::default()) {
        match item {
            Ok(doc) => {
                count += 1;
                assert_eq!(doc.format, Format::Csv);
                assert!(
                    matches!(doc.published, Some(Published::Instant(_))),
                    "{}",
                    doc.origin
                );
                assert!(doc.site.is_some(), "{}", doc.origin);
                assert!(doc.title.is_some(), "{}", doc.origin);
                assert_eq!(doc.tickers.len(), 1, "{}", doc.origin);
                assert!(!doc.text.is_empty(), "{}", doc.origin);
                if count == 1 {
                    assert!(doc.origin.ends_with("news_items.csv:2"), "{}", doc.origin);
                    assert_eq!(doc.tickers, ["WMB"]);
                    assert_eq!(doc.site.as_deref(), Some("MarketBeat"));
                    assert_eq!(
                        doc.published,
                        Some(Published::Instant("2025-11-29T00:00:00Z".parse().unwrap()))
                    );
                    // text is the summary column, not the title.
                    assert!(doc.text.starts_with("The State Board of Administration"));
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    println!("news_items.csv: {count} documents in {:?}", start.elapsed());
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(10)]);
    assert_eq!(count, 41_405);
}
