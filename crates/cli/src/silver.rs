//! `eval-tickers`: silver ticker evaluations. Each data set's selection
//! rule is here, in one function per set, and in docs/measurements.md.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use monazite_analysis::{analyze, Article};
use monazite_eval::silver::{first_name_word, has_word, Recall, SilverItem};
use rayon::prelude::*;

use crate::config::Config;
use crate::flags::EvalTickersFlags;

pub fn eval_tickers(config: &Config, flags: &EvalTickersFlags) -> anyhow::Result<ExitCode> {
    let items = match flags.set.as_str() {
        "news-av" => news_av(&flags.file)?,
        other => anyhow::bail!("--set {other}: expected news-av"),
    };
    let pack = &config.pack;
    let predicted: Vec<Vec<String>> = items
        .par_iter()
        .map(|item| {
            let analysis = analyze(pack, &Article::new(&item.text));
            let record = monazite_report::json::BriefRecord::new(&item.id, &item.text, &analysis, pack);
            record.tickers.into_iter().map(|t| t.ticker).collect()
        })
        .collect();
    let mut recall = Recall::default();
    for (item, tickers) in items.iter().zip(&predicted) {
        recall.add(item, tickers);
    }
    println!(
        "{}: {} items, tagged ticker found in {} = recall {:.3}",
        flags.set,
        recall.items,
        recall.found,
        recall.recall()
    );
    let mut missed: Vec<(&String, &usize)> = recall.missed.iter().collect();
    missed.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = missed.iter().take(20).map(|(t, n)| format!("{t} {n}")).collect();
    println!("most missed: {}", top.join(", "));
    for (id, ticker, title) in recall.examples.iter().take(flags.worst) {
        println!("  {id}  {ticker}  {title}");
    }
    let below = flags.min_recall.is_some_and(|m| recall.recall() < m);
    Ok(if below { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// news-av: every item whose tagged ticker has `av_relevance_pct` ≥ 90
/// and whose company name's first word (legal words set aside) stands in
/// its title or summary, once per title and ticker; the text is the
/// title, a blank line and the summary, as the store keeps it.
fn news_av(path: &Path) -> anyhow::Result<Vec<SilverItem>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name}", path.display()))
    };
    let (ticker, company, relevance, title, summary) = (
        column("ticker")?,
        column("company")?,
        column("av_relevance_pct")?,
        column("title")?,
        column("summary")?,
    );
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: record {}", path.display(), row + 1))?;
        let field = |i: usize| record.get(i).unwrap_or("");
        let relevant = field(relevance).parse::<f64>().is_ok_and(|r| r >= 90.0);
        let (t, s) = (field(title), field(summary));
        let named = first_name_word(field(company)).is_some_and(|w| has_word(t, &w) || has_word(s, &w));
        if !relevant || !named || !seen.insert((t.to_string(), field(ticker).to_string())) {
            continue;
        }
        out.push(SilverItem {
            id: format!("{}:{}", path.display(), record.position().map_or(0, |p| p.line())),
            title: t.to_string(),
            text: format!("{t}\n\n{s}"),
            ticker: field(ticker).to_string(),
        });
    }
    Ok(out)
}
