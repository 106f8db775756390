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
    match flags.set.as_str() {
        "sentfin" | "fiqa" | "semeval" => return organisations(config, flags),
        "off-topic" => return off_topic(config, flags),
        _ => {}
    }
    let items = match flags.set.as_str() {
        "news-av" => news_av(&flags.file)?,
        "benzinga" => benzinga(config, &flags.file)?,
        other => anyhow::bail!(
            "--set {other}: expected news-av, benzinga, sentfin, fiqa, semeval or off-topic"
        ),
    };
    let pack = &config.pack;
    let predicted: Vec<Vec<String>> = items
        .par_iter()
        .map(|item| {
            let record = monazite::pipeline::brief(pack, &item.id, &item.text, None);
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
    let top: Vec<String> = missed
        .iter()
        .take(20)
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!("most missed: {}", top.join(", "));
    for (id, ticker, title) in recall.examples.iter().take(flags.worst) {
        println!("  {id}  {ticker}  {title}");
    }
    let below = flags.min_recall.is_some_and(|m| recall.recall() < m);
    Ok(if below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// news-av: every item whose tagged ticker has `av_relevance_pct` ≥ 90
/// and whose company name's first word (legal words set aside) stands in
/// its title or summary, once per title and ticker; the text is the
/// title, a blank line and the summary, as the store keeps it.
fn news_av(path: &Path) -> anyhow::Result<Vec<SilverItem>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
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
        let named =
            first_name_word(field(company)).is_some_and(|w| has_word(t, &w) || has_word(s, &w));
        if !relevant || !named || !seen.insert((t.to_string(), field(ticker).to_string())) {
            continue;
        }
        out.push(SilverItem {
            id: format!(
                "{}:{}",
                path.display(),
                record.position().map_or(0, |p| p.line())
            ),
            title: t.to_string(),
            text: format!("{t}\n\n{s}"),
            ticker: field(ticker).to_string(),
        });
    }
    Ok(out)
}

/// benzinga: every headline whose `stock` is a ticker the pack knows and
/// whose company name's first word (legal words set aside) stands in it,
/// once per headline and ticker.
fn benzinga(config: &Config, path: &Path) -> anyhow::Result<Vec<SilverItem>> {
    let pack = &config.pack;
    // The file has a few short records: they are skipped.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name}", path.display()))
    };
    let (title, stock) = (column("title")?, column("stock")?);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: record {}", path.display(), row + 1))?;
        let (Some(t), Some(ticker)) = (record.get(title), record.get(stock)) else {
            continue;
        };
        let Some(id) = pack.company_by_ticker(ticker) else {
            continue;
        };
        let named =
            first_name_word(&pack.companies[id as usize].short).is_some_and(|w| has_word(t, &w));
        if !named || !seen.insert((t.to_string(), ticker.to_string())) {
            continue;
        }
        out.push(SilverItem {
            id: format!(
                "{}:{}",
                path.display(),
                record.position().map_or(0, |p| p.line())
            ),
            title: t.to_string(),
            text: t.to_string(),
            ticker: ticker.to_string(),
        });
    }
    Ok(out)
}

/// Names a data set tags as entities (SEntFiN's entity dictionaries, FiQA's
/// targets, SemEval's companies), with the headline they stand in: the
/// recall of organisations is the share of them that a company,
/// organisation or listing mention of the brief covers. Names in lower
/// case ("markets") are left out: they name no organisation.
fn organisations(config: &Config, flags: &EvalTickersFlags) -> anyhow::Result<ExitCode> {
    let path = &flags.file;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    match flags.set.as_str() {
        "sentfin" => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for record in reader.records() {
                let record = record.with_context(|| format!("{}: a record", path.display()))?;
                let title = record.get(1).unwrap_or("").to_string();
                let decisions: std::collections::BTreeMap<String, String> =
                    serde_json::from_str(record.get(2).unwrap_or("{}")).unwrap_or_default();
                for entity in decisions.into_keys() {
                    pairs.push((title.clone(), entity));
                }
            }
        }
        "fiqa" => {
            let items: std::collections::BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&text)
                    .with_context(|| format!("{}: not FiQA task 1 JSON", path.display()))?;
            for item in items.values() {
                let sentence = item["sentence"].as_str().unwrap_or("").to_string();
                for info in item["info"].as_array().into_iter().flatten() {
                    if let Some(target) = info["target"].as_str() {
                        pairs.push((sentence.clone(), target.to_string()));
                    }
                }
            }
        }
        _ => {
            let items: Vec<serde_json::Value> = serde_json::from_str(&text)
                .with_context(|| format!("{}: not SemEval 2017 task 5 JSON", path.display()))?;
            for item in &items {
                if let (Some(t), Some(c)) = (item["title"].as_str(), item["company"].as_str()) {
                    pairs.push((t.to_string(), c.to_string()));
                }
            }
        }
    }
    pairs.retain(|(title, entity)| {
        entity.chars().next().is_some_and(char::is_uppercase) && title.contains(entity.as_str())
    });
    pairs.sort();
    pairs.dedup();
    let pack = &config.pack;
    // Found: covered by a company or organisation mention; left out of the
    // count: entities the brief reads as a country or an index, which no
    // organisation recall should ask for ("China", "Sensex").
    let found: Vec<Option<bool>> = pairs
        .par_iter()
        .map(|(title, entity)| {
            use monazite_analysis::Entity;
            let analysis = analyze(pack, &Article::new(title));
            let at = title.find(entity.as_str()).unwrap_or(0);
            let span = (at, at + entity.len());
            let over =
                |m: &&monazite_analysis::Mention| m.span.start < span.1 && span.0 < m.span.end;
            let mentions: Vec<&monazite_analysis::Mention> =
                analysis.brief.mentions.iter().filter(over).collect();
            if mentions
                .iter()
                .any(|m| matches!(m.entity, Entity::Country { .. } | Entity::Index { .. }))
            {
                return None;
            }
            Some(mentions.iter().any(|m| {
                matches!(
                    m.entity,
                    Entity::Company { .. }
                        | Entity::UnknownListing { .. }
                        | Entity::Organization { .. }
                )
            }))
        })
        .collect();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .zip(&found)
        .filter(|(_, f)| f.is_some())
        .map(|(p, _)| p)
        .collect();
    let found: Vec<bool> = found.into_iter().flatten().collect();
    let hits = found.iter().filter(|f| **f).count();
    let recall = hits as f64 / pairs.len().max(1) as f64;
    println!(
        "{}: {} named entities, {} covered by a company or organisation mention = recall {:.3}",
        flags.set,
        pairs.len(),
        hits,
        recall
    );
    for ((title, entity), _) in pairs
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .take(flags.worst)
    {
        println!("  {entity}  |  {title}");
    }
    let below = flags.min_recall.is_some_and(|m| recall < m);
    Ok(if below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// off-topic: Financial PhraseBank sentences (sentence@label, Latin-1). A
/// ticker the brief gives whose company's name (first word) is not in the
/// sentence is a false ticker: the sentences name Finnish firms, seldom a
/// listed company by ticker.
fn off_topic(config: &Config, flags: &EvalTickersFlags) -> anyhow::Result<ExitCode> {
    let path = &flags.file;
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let contents: String = bytes.iter().map(|&b| char::from(b)).collect();
    let (sentences, _) = monazite_eval::phrasebank::parse(&contents);
    let pack = &config.pack;
    let falses: Vec<Vec<String>> = sentences
        .par_iter()
        .map(|s| {
            let record = monazite::pipeline::brief(pack, "-", &s.text, None);
            record
                .tickers
                .into_iter()
                // A ticker the sentence tags ("HEL: MMO1V") or whose
                // company it names is no false one.
                .filter(|t| {
                    let name = t.name.clone().unwrap_or_default();
                    let tagged = t
                        .evidence
                        .iter()
                        .any(|e| e == "exchange_tag" || e == "cashtag");
                    !tagged && !first_name_word(&name).is_some_and(|w| has_word(&s.text, &w))
                })
                .map(|t| t.ticker)
                .collect()
        })
        .collect();
    let items_with = falses.iter().filter(|f| !f.is_empty()).count();
    let total: usize = falses.iter().map(Vec::len).sum();
    println!(
        "off-topic: {} sentences, {} false tickers in {} of them",
        sentences.len(),
        total,
        items_with
    );
    for (s, f) in sentences
        .iter()
        .zip(&falses)
        .filter(|(_, f)| !f.is_empty())
        .take(flags.worst)
    {
        println!("  {}  |  {}", f.join(","), s.text);
    }
    let above = flags.max_false.is_some_and(|m| total > m);
    Ok(if above {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
