//! The Markdown brief: what a person reads in the morning.

use std::fmt::Write;

use crate::json::{BriefRecord, HistoryItem, MoveCheck};

/// Renders one brief as Markdown. Built from the wire record so that both
/// formats always say the same thing.
pub fn render(record: &BriefRecord) -> String {
    let mut out = String::new();
    let title = record.title.clone().unwrap_or_else(|| record.path.clone());
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "`{}` · published {} · impact **{:.2}** · tension {:+.2} · sentiment {:+.2}\n",
        record.path,
        record.published.as_deref().unwrap_or("unknown"),
        record.impact,
        record.tension.score,
        record.sentiment.article,
    );
    if !record.summary.is_empty() {
        let _ = writeln!(out, "## Summary\n");
        for s in &record.summary {
            let _ = writeln!(out, "- {}", s.text);
        }
        out.push('\n');
    }
    if !record.ticker_impacts.is_empty() {
        let _ = writeln!(
            out,
            "## Exposed tickers\n\n| ticker | impact | why |\n|---|---:|---|"
        );
        for t in record.ticker_impacts.iter().take(12) {
            let why = t
                .reasons
                .iter()
                .take(2)
                .map(|r| {
                    let event = record.events.get(r.event).map_or(String::new(), |e| {
                        format!("{} {} ({})", e.actor, e.kind, e.status)
                    });
                    format!("{event}: {} [{}]", r.rule, r.exposure)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let named = if t.named { "" } else { " (not named)" };
            let _ = writeln!(
                out,
                "| {}{named} | {:+.2} | {} |",
                t.ticker,
                t.impact,
                escape(&why)
            );
        }
        out.push('\n');
    }
    if !record.events.is_empty() {
        let _ = writeln!(
            out,
            "## Events\n\n| type | actor | target | magnitude | status |\n|---|---|---|---|---|"
        );
        for e in &record.events {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.kind,
                e.actor,
                e.target.as_deref().unwrap_or("—"),
                escape(e.magnitude.as_deref().unwrap_or("—")),
                e.status
            );
        }
        out.push('\n');
    }
    if !record.price_moves.is_empty() {
        // The prices' column only when prices were there to check against.
        let checked = record.price_moves.iter().any(|m| m.check.is_some());
        let _ = writeln!(
            out,
            "## Claimed moves\n\n| ticker | move | price | when | measures |{}\n|---|---|---|---|---|{}",
            if checked { " prices say |" } else { "" },
            if checked { "---|" } else { "" }
        );
        for m in &record.price_moves {
            let pct = m.pct.map_or("no figure".to_string(), |p| format!("{p}%"));
            let _ = write!(
                out,
                "| {} | {} {} | {} | {} | {} |",
                m.ticker,
                m.direction,
                pct,
                m.price.map_or("—".to_string(), |p| format!("{p}")),
                m.when.as_deref().unwrap_or("—"),
                m.scope.replace('_', " ")
            );
            if checked {
                let _ = write!(
                    out,
                    " {} |",
                    m.check.as_ref().map_or("—".into(), check_cell)
                );
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !record.history.is_empty() {
        history(&mut out, &record.history);
    }
    let mut facts = Vec::new();
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join(", ")
        }
    };
    facts.push(format!(
        "**Companies:** {}",
        list(
            record
                .tickers
                .iter()
                .map(|t| format!("{} ({})", t.name.as_deref().unwrap_or(&t.ticker), t.ticker))
                .collect()
        )
    ));
    facts.push(format!(
        "**Materials:** {}",
        list(
            record
                .elements
                .iter()
                .chain(&record.groups)
                .map(|m| m.id.replace('_', " "))
                .collect()
        )
    ));
    facts.push(format!(
        "**Countries:** {}",
        list(record.countries.iter().map(|c| c.code.clone()).collect())
    ));
    facts.push(format!(
        "**People:** {}",
        list(record.people.iter().map(|p| p.name.clone()).collect())
    ));
    facts.push(format!(
        "**Key numbers:** {}",
        list(record.key_numbers.clone())
    ));
    facts.push(format!(
        "**Categories:** {}",
        list(record.categories.iter().map(|c| c.label.clone()).collect())
    ));
    let _ = writeln!(out, "## Facts\n");
    for f in facts {
        let _ = writeln!(out, "- {f}");
    }
    if !record.diagnostics.is_empty() {
        let _ = writeln!(out, "\n## Notes\n");
        for d in &record.diagnostics {
            let _ = writeln!(out, "- {d}");
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// "What happened last time": one row per event type and ticker, one
/// column per window.
/// "confirmed: +21.3% on 2025-10-13", "unverifiable: why".
fn check_cell(c: &MoveCheck) -> String {
    match (c.actual_pct, &c.session) {
        (Some(actual), Some(session)) if c.verdict != "unverifiable" => {
            format!("{}: {actual:+.1}% on {session}", c.verdict)
        }
        _ => format!("{}: {}", c.verdict, escape(&c.note)),
    }
}

fn history(out: &mut String, items: &[HistoryItem]) {
    let mut windows: Vec<[i32; 2]> = Vec::new();
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for h in items {
        if !windows.contains(&h.window) {
            windows.push(h.window);
        }
        if !rows.contains(&(h.kind.as_str(), h.ticker.as_str())) {
            rows.push((&h.kind, &h.ticker));
        }
    }
    let _ = writeln!(
        out,
        "## What happened last time\n\nMean abnormal return after past first reports of the \
         same type ({}, vs {}), with its t statistic.\n",
        items[0].model, items[0].benchmark
    );
    let _ = write!(out, "| event | ticker | events |");
    for w in &windows {
        let _ = write!(out, " CAR [{:+}, {:+}] |", w[0], w[1]);
    }
    let _ = writeln!(out, "\n|---|---|---:|{}", "---:|".repeat(windows.len()));
    for (kind, ticker) in rows {
        let of = |w: &[i32; 2]| {
            items
                .iter()
                .find(|h| h.kind == kind && h.ticker == ticker && h.window == *w)
        };
        let events = windows
            .iter()
            .filter_map(of)
            .map(|h| h.events)
            .max()
            .unwrap_or(0);
        let _ = write!(out, "| {kind} | {ticker} | {events} |");
        for w in &windows {
            let cell = of(w).map_or("—".to_string(), |h| {
                format!(
                    "{:+.2}% ({})",
                    h.mean_car_pct,
                    h.t.map_or("—".to_string(), |t| format!("t {t:.2}"))
                )
            });
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out.push('\n');
}
