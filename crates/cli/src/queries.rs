//! The query commands: search, events, timeline, storylines, show. Each
//! prints a table (or a readable view) by default and JSON Lines with
//! `--json`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use monazite_app::show::Shown;
use monazite_report::wire;
use monazite_store::figures::Agreement;
use monazite_store::query::{EventFilter, EventRow, StorylineFilter};
use monazite_store::Store;
use serde::Serialize;

use crate::flags::{EventsFlags, SearchFlags, ShowFlags, StorylinesFlags, TimelineFlags};
use crate::table::{opt, Table};

/// Opens the store for reading; a store that does not exist yet is an
/// error rather than an empty file created as a side effect.
pub fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `monazite ingest` first, or pass --db)",
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("opening the store {}", db.display()))
}

/// Prints one JSON object per line: each a wire record
/// (`monazite_report::wire`, docs/wire-schema.md), never a store row.
/// Opens the store for a command that writes to it, creating its folder
/// and the file when they do not exist yet.
pub fn open_for_writing(db: &Path) -> anyhow::Result<Store> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the store's folder {}", dir.display()))?;
    }
    Store::open(db).with_context(|| format!("opening the store {}", db.display()))
}

pub(crate) fn print_json_lines<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for row in rows {
        serde_json::to_writer(&mut out, &row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

pub(crate) fn print_table(table: &Table, empty: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if table.is_empty() {
        writeln!(out, "{empty}")?;
    } else {
        out.write_all(table.render().as_bytes())?;
    }
    Ok(())
}

pub fn search(db: &Path, flags: &SearchFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let hits = store.search(&flags.text.join(" "), flags.output.limit)?;
    if flags.output.json {
        print_json_lines(hits.iter().map(wire::SearchHit::from))?;
    } else {
        let mut table = Table::new(&["id", "day", "site", "title", "match"]);
        for h in &hits {
            table.row(vec![
                h.doc.id.to_string(),
                opt(h.doc.day.as_ref()),
                opt(h.doc.site.as_ref()),
                opt(h.doc.title.as_ref()),
                h.snippet.clone(),
            ]);
        }
        print_table(&table, "no matching documents")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn event_summary(e: &EventRow) -> String {
    let mut s = format!("{} {}", e.kind, e.actor);
    if let Some(t) = &e.target {
        s.push_str(&format!(" → {t}"));
    }
    if let Some(m) = &e.magnitude {
        s.push_str(&format!(" {m}"));
    }
    if !e.materials.is_empty() {
        s.push_str(&format!(" [{}]", e.materials.join(", ")));
    }
    s
}

pub fn events(db: &Path, flags: &EventsFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let filter = EventFilter {
        ticker: flags.ticker.clone(),
        min_relevance: flags.min_relevance,
        storyline: flags.storyline,
        limit: Some(flags.output.limit),
        ..flags.select.filter()
    };
    let rows = store.events(&filter)?;
    if flags.output.json {
        print_json_lines(rows.iter().map(wire::Event::from))?;
    } else {
        let mut table = Table::new(&["day", "event", "status", "story", "doc", "site", "title"]);
        for e in &rows {
            table.row(vec![
                opt(e.doc.day.as_ref()),
                event_summary(e),
                e.status.clone(),
                match (e.storyline, e.first_report) {
                    (Some(s), true) => format!("{s}*"),
                    (Some(s), false) => s.to_string(),
                    (None, _) => "-".into(),
                },
                e.doc.id.to_string(),
                opt(e.doc.site.as_ref()),
                opt(e.doc.title.as_ref()),
            ]);
        }
        print_table(&table, "no matching events")?;
        if !table.is_empty() {
            println!("(* first report of its storyline)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(db: &Path, flags: &TimelineFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let entries = store.timeline(&flags.ticker, flags.output.limit, flags.min_relevance)?;
    if flags.output.json {
        print_json_lines(entries.iter().map(wire::TimelineEntry::from))?;
    } else {
        let mut table = Table::new(&[
            "day",
            "doc",
            "impact",
            "sentiment",
            "claims",
            "events",
            "title",
        ]);
        for t in &entries {
            let claims: Vec<String> = t
                .claims
                .iter()
                .map(|c| {
                    let sign = if c.direction == "down" { "-" } else { "+" };
                    match c.pct {
                        Some(p) => format!("{sign}{p}%"),
                        None => c.direction.clone(),
                    }
                })
                .collect();
            table.row(vec![
                opt(t.doc.day.as_ref()),
                t.doc.id.to_string(),
                t.impact.map_or("-".into(), |i| format!("{i:.2}")),
                format!("{:+.2}", t.sentiment),
                claims.join(" "),
                t.events.join("; "),
                opt(t.doc.title.as_ref()),
            ]);
        }
        print_table(
            &table,
            &format!("no stored document about {}", flags.ticker.to_uppercase()),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn agreement_text(a: &Agreement) -> String {
    match a {
        Agreement::Single { value } => format!("{value:+}%"),
        Agreement::Consensus { value } => format!("{value:+}% (consensus)"),
        Agreement::Conflict { low, high } => format!("{low:+}% to {high:+}% (CONFLICT)"),
    }
}

pub fn storylines(db: &Path, flags: &StorylinesFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let filter = StorylineFilter {
        kind: flags.kind.clone(),
        actor: flags.actor.clone(),
        ticker: flags.ticker.clone(),
        min_documents: flags.min_documents,
        limit: Some(flags.output.limit),
    };
    let rows = store.storylines(&filter)?;
    if flags.output.json {
        print_json_lines(rows.iter().map(wire::Storyline::from))?;
    } else {
        let mut table = Table::new(&[
            "id",
            "days",
            "development",
            "statuses",
            "docs",
            "first report",
            "figures",
        ]);
        for s in &rows {
            let mut development = format!("{} {}", s.kind, s.actor);
            if let Some(t) = &s.target {
                development.push_str(&format!(" → {t}"));
            }
            if !s.materials.is_empty() {
                development.push_str(&format!(" [{}]", s.materials.join(", ")));
            }
            let days = match (&s.first_day, &s.last_day) {
                (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
                (Some(a), _) => a.clone(),
                _ => "-".into(),
            };
            let mut figures: Vec<String> = s
                .moves
                .iter()
                .map(|m| format!("{} {}", m.ticker, agreement_text(&m.agreement)))
                .collect();
            if s.magnitudes.len() > 1 {
                let all: Vec<&str> = s.magnitudes.iter().map(|m| m.magnitude.as_str()).collect();
                figures.push(format!("magnitudes differ: {}", all.join(" / ")));
            }
            table.row(vec![
                s.id.to_string(),
                days,
                development,
                s.statuses.join(", "),
                s.documents.to_string(),
                format!(
                    "{} {}",
                    s.first_report.id,
                    opt(s
                        .first_report
                        .site
                        .as_ref()
                        .or(s.first_report.title.as_ref()))
                ),
                figures.join("; "),
            ]);
        }
        print_table(&table, "no storylines")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: &Path, flags: &ShowFlags) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let Some(shown) = monazite_app::show::show(&store, flags.id)? else {
        eprintln!("monazite: no document {} in {}", flags.id, db.display());
        return Ok(ExitCode::from(2));
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if flags.json {
        serde_json::to_writer(&mut out, &shown.to_wire())?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let Shown {
        view,
        history,
        checks,
    } = shown;
    writeln!(out, "# {} — {}", view.doc.id, opt(view.doc.title.as_ref()))?;
    writeln!(
        out,
        "published {} · site {} · author {} · {}",
        opt(view.published.as_ref()),
        opt(view.doc.site.as_ref()),
        opt(view.author.as_ref()),
        view.format
    )?;
    if let Some(url) = &view.url {
        writeln!(out, "url {url}")?;
    }
    if !view.source_tickers.is_empty() {
        writeln!(out, "tagged {}", view.source_tickers.join(", "))?;
    }
    match (view.near_duplicate_of, view.novelty) {
        (Some((id, sim)), _) => writeln!(out, "near duplicate of {id} (similarity {sim:.2})")?,
        (None, Some(n)) => writeln!(out, "novelty {n:.2} (share of its events it reports first)")?,
        (None, None) => {}
    }
    writeln!(out, "\nseen as:")?;
    for s in &view.sightings {
        writeln!(out, "  {} ({})", s.origin, opt(s.site.as_ref()))?;
    }
    if !view.events.is_empty() {
        writeln!(out, "\nevents:")?;
        for e in &view.events {
            let story = match (e.storyline, e.first_report) {
                (Some(s), true) => format!("storyline {s}, first report"),
                (Some(s), false) => format!("storyline {s}, retelling"),
                (None, _) => "no storyline".into(),
            };
            writeln!(out, "  {} ({}) — {story}", event_summary(e), e.status)?;
        }
    }
    if !view.claims.is_empty() {
        writeln!(out, "\nprice moves claimed:")?;
        for c in &view.claims {
            writeln!(
                out,
                "  {} {} {} {} — {}",
                c.ticker,
                c.direction,
                c.pct.map_or("-".into(), |p| format!("{p}%")),
                opt(c.day.as_ref()),
                c.sentence
            )?;
        }
    }
    if let Some(checks) = checks.filter(|c| !c.is_empty()) {
        writeln!(out, "\nagainst the stored prices:")?;
        for checked in &checks {
            writeln!(out, "  {}", crate::market::verdict_line(checked))?;
        }
    }
    if !history.is_empty() {
        writeln!(
            out,
            "\nwhat happened last time (mean CAR after past first reports, vs {}):",
            history[0].benchmark
        )?;
        for h in &history {
            writeln!(
                out,
                "  {} {} [{:+}, {:+}]: {:+.2}% over {} events (t {}), {} – {}",
                h.kind,
                h.ticker,
                h.window[0],
                h.window[1],
                h.mean_car_pct,
                h.events,
                h.t.map_or("-".into(), |t| format!("{t:.2}")),
                h.first,
                h.last
            )?;
        }
    }
    writeln!(out, "\n{}", view.text.trim_end())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
