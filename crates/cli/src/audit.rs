//! `audit draw` and `audit score`: precision measured by a person.
//!
//! `draw` picks events and claims uniformly at random from the store (a
//! seeded shuffle, so the same store and seed give the same sheet) and
//! writes them with their title and sentence into a CSV sheet. A reviewer
//! fills the judgement columns; `score` counts what is fully right and
//! gives each proportion a 95% Wilson interval. The judged sheet, stripped
//! of the article text, is what gets committed: it names each item by its
//! document's origin and the item's row.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use monazite_store::audit::AuditItem;
use monazite_store::fingerprint::SplitMix64;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::flags::{AuditDrawFlags, AuditScoreFlags};
use crate::queries::open_existing;

/// One row of a sheet: the item, its text, and the judgement columns.
///
/// Judgements are `y` or `n` (`-` where the question does not apply, as a
/// target for an event that has none). An event is fully correct when it
/// is a real event of the right type with the right actor; a claim when
/// it is a real claim with the right ticker, direction and figure.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SheetRow {
    n: usize,
    item: String,
    id: i64,
    origin: String,
    engine: String,
    #[serde(rename = "type")]
    kind: String,
    actor: String,
    target: String,
    status: String,
    magnitude: String,
    direction: String,
    when: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    sentence: String,
    /// A real event (or claim) that the text states.
    real: String,
    /// Event: the type is right. Claim: the ticker is right.
    type_or_ticker: String,
    /// Event: the actor is right. Claim: the direction is right.
    actor_or_direction: String,
    /// Event: the target is right. Claim: the figure is right.
    target_or_figure: String,
    /// Event: the status is right.
    status_right: String,
    note: String,
}

impl SheetRow {
    fn new(n: usize, item: AuditItem) -> SheetRow {
        SheetRow {
            n,
            item: item.item.into(),
            id: item.id,
            origin: item.origin,
            engine: item.engine,
            kind: item.kind,
            actor: item.actor,
            target: item.target.unwrap_or_default(),
            status: item.status.unwrap_or_default(),
            magnitude: item.magnitude.unwrap_or_default(),
            direction: item.direction.unwrap_or_default(),
            when: item.when.unwrap_or_default(),
            title: item.title.unwrap_or_default(),
            sentence: item.sentence,
            ..SheetRow::default()
        }
    }

    fn yes(value: &str) -> bool {
        value.trim().eq_ignore_ascii_case("y")
    }

    /// Whether the row is judged at all.
    fn judged(&self) -> bool {
        !self.real.trim().is_empty()
    }

    /// Fully correct, as the module documentation says.
    fn correct(&self) -> bool {
        let core = Self::yes(&self.real)
            && Self::yes(&self.type_or_ticker)
            && Self::yes(&self.actor_or_direction);
        if self.item == "claim" {
            core && Self::yes(&self.target_or_figure)
        } else {
            core
        }
    }
}

pub fn draw(config: &Config, db: &Path, flags: &AuditDrawFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let types = resolve_types(config, &flags.types)?;
    let mut events = store.audit_events()?;
    if !types.is_empty() {
        events.retain(|e| types.contains(&e.kind));
    }
    let claims = store.audit_claims()?;
    let mut rng = SplitMix64(flags.seed);
    let mut drawn = sample(events, flags.events, &mut rng);
    drawn.extend(sample(claims, flags.claims, &mut rng));
    let rows: Vec<SheetRow> = drawn
        .into_iter()
        .enumerate()
        .map(|(i, item)| SheetRow::new(i + 1, item))
        .collect();
    match &flags.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            write_sheet(file, &rows, true)?;
            eprintln!(
                "monazite: {} items drawn into {}",
                rows.len(),
                path.display()
            );
        }
        None => write_sheet(std::io::stdout().lock(), &rows, true)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Type ids from `--type`: ids, or a family of the pack's event types.
fn resolve_types(config: &Config, names: &[String]) -> anyhow::Result<Vec<String>> {
    let known = &config.pack.events.types;
    let mut out = Vec::new();
    for name in names {
        let family: Vec<String> = known
            .iter()
            .filter(|t| t.family == *name)
            .map(|t| t.id.clone())
            .collect();
        if !family.is_empty() {
            out.extend(family);
        } else if known.iter().any(|t| t.id == *name) {
            out.push(name.clone());
        } else {
            anyhow::bail!("--type {name}: no event type or family of that name in the pack");
        }
    }
    Ok(out)
}

/// `n` items uniformly at random (a partial Fisher–Yates shuffle), in
/// their drawn order.
fn sample(mut items: Vec<AuditItem>, n: usize, rng: &mut SplitMix64) -> Vec<AuditItem> {
    let n = n.min(items.len());
    for i in 0..n {
        let j = i + (rng.next() % (items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items.truncate(n);
    items
}

fn write_sheet(out: impl std::io::Write, rows: &[SheetRow], with_text: bool) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        if with_text {
            writer.serialize(row)?;
        } else {
            let stripped = SheetRow {
                title: String::new(),
                sentence: String::new(),
                ..row.clone()
            };
            writer.serialize(stripped)?;
        }
    }
    writer.flush()?;
    Ok(())
}

pub fn score(flags: &AuditScoreFlags) -> anyhow::Result<ExitCode> {
    let path = &flags.sheet;
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let rows: Vec<SheetRow> = reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("{}: row {}", path.display(), i + 2)))
        .collect::<anyhow::Result<_>>()?;
    for item in ["event", "claim"] {
        let judged: Vec<&SheetRow> = rows
            .iter()
            .filter(|r| r.item == item && r.judged())
            .collect();
        let unjudged = rows
            .iter()
            .filter(|r| r.item == item && !r.judged())
            .count();
        if judged.is_empty() {
            continue;
        }
        let correct = judged.iter().filter(|r| r.correct()).count();
        let (low, high) = wilson(correct, judged.len());
        println!(
            "{item}s: {correct} of {} fully correct = {:.1}% (95% Wilson interval {:.1}–{:.1}%){}",
            judged.len(),
            100.0 * correct as f64 / judged.len() as f64,
            100.0 * low,
            100.0 * high,
            if unjudged > 0 {
                format!(", {unjudged} not judged")
            } else {
                String::new()
            }
        );
        let field = |name: &str, value: fn(&SheetRow) -> &str| {
            let asked: Vec<&&SheetRow> = judged
                .iter()
                .filter(|r| matches!(value(r).trim(), "y" | "Y" | "n" | "N"))
                .collect();
            let right = asked.iter().filter(|r| SheetRow::yes(value(r))).count();
            if !asked.is_empty() {
                println!(
                    "  {name}: {right} of {} ({:.1}%)",
                    asked.len(),
                    100.0 * right as f64 / asked.len() as f64
                );
            }
        };
        let labels = if item == "event" {
            ["real event", "type", "actor", "target", "status"]
        } else {
            ["real claim", "ticker", "direction", "figure", "-"]
        };
        field(labels[0], |r| &r.real);
        field(labels[1], |r| &r.type_or_ticker);
        field(labels[2], |r| &r.actor_or_direction);
        field(labels[3], |r| &r.target_or_figure);
        if item == "event" {
            field(labels[4], |r| &r.status_right);
        }
    }
    if let Some(out) = &flags.strip {
        let file =
            std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
        write_sheet(file, &rows, false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The 95% Wilson score interval of `k` successes in `n` trials.
fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let (n, p) = (n as f64, k as f64 / n as f64);
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_intervals_match_the_textbook_figures() {
        // 27 of 120: 22.5%, interval 15.9% to 30.8% (Wilson 1927; Newcombe 1998).
        let (low, high) = wilson(27, 120);
        assert!((low - 0.1595).abs() < 5e-4, "{low}");
        assert!((high - 0.3076).abs() < 5e-4, "{high}");
        let (low, high) = wilson(0, 10);
        assert_eq!(low, 0.0);
        assert!((high - 0.2775).abs() < 5e-4, "{high}");
    }

    fn item(id: i64) -> AuditItem {
        AuditItem {
            id,
            doc_id: id,
            origin: format!("news.csv:{id}"),
            engine: "t".into(),
            title: None,
            item: "event",
            kind: "tariff".into(),
            actor: "US".into(),
            target: None,
            status: None,
            magnitude: None,
            direction: None,
            when: None,
            sentence: String::new(),
        }
    }

    #[test]
    fn draws_are_reproducible_and_without_repeats() {
        let items: Vec<AuditItem> = (0..50).map(item).collect();
        let a = sample(items.clone(), 10, &mut SplitMix64(7));
        let b = sample(items.clone(), 10, &mut SplitMix64(7));
        let c = sample(items.clone(), 10, &mut SplitMix64(8));
        let ids = |v: &[AuditItem]| v.iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
        let mut unique = ids(&a);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(sample(items, 80, &mut SplitMix64(1)).len(), 50);
    }

    #[test]
    fn an_event_is_correct_with_real_type_and_actor_and_a_claim_needs_its_figure() {
        let mut row = SheetRow {
            item: "event".into(),
            real: "y".into(),
            type_or_ticker: "y".into(),
            actor_or_direction: "Y".into(),
            target_or_figure: "n".into(),
            ..SheetRow::default()
        };
        assert!(
            row.correct(),
            "a wrong target does not undo a correct event"
        );
        row.item = "claim".into();
        assert!(!row.correct(), "a claim with the wrong figure is wrong");
        row.real = "n".into();
        row.item = "event".into();
        assert!(!row.correct());
    }
}
