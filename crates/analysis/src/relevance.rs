//! How much an article is about each company it names, 0 to 100, like the
//! vendors' relevance scores: a passing mention scores low, the article's
//! subject high.
//!
//! The score adds what shows a company is the subject, each part capped:
//!
//! | evidence | points |
//! |---|---|
//! | named in the title | 40 |
//! | named in the first two sentences after it | 15 |
//! | each mention, up to three | 8 |
//! | acts or is acted upon in an event | 15 |
//! | its stock's move is claimed | 15 |
//! | named by ticker, cashtag or exchange tag | 10 |
//!
//! capped at 100. A bank or broker named only as a source ("Goldman Sachs
//! economists expect", "according to Bank of America") and in no event or
//! move is a *source*: it scores at most 10 and briefs list it apart from
//! the companies the article is about.

use crate::brief::{CompanyRelevance, Entity, Event, Evidence, Mention, Party, PriceMove, Span};
use crate::doc::Doc;

const TITLE: u32 = 40;
const LEAD: u32 = 15;
const PER_MENTION: u32 = 8;
const MENTIONS_COUNTED: u32 = 3;
const EVENT_PARTY: u32 = 15;
const MOVER: u32 = 15;
const TICKER: u32 = 10;
const SOURCE_CAP: u8 = 10;

/// Words after a name that make it a source: "Goldman Sachs economists
/// expect", "Citi said", "Morgan Stanley data".
const SOURCE_AFTER: &[&str] = &[
    "said",
    "says",
    "expects",
    "expect",
    "expected",
    "forecasts",
    "forecast",
    "sees",
    "see",
    "estimates",
    "estimated",
    "predicts",
    "projects",
    "projected",
    "warned",
    "warns",
    "noted",
    "notes",
    "wrote",
    "writes",
    "analysts",
    "analyst",
    "economists",
    "economist",
    "strategists",
    "strategist",
    "research",
    "data",
    "estimate",
    "survey",
    "report",
    "reported",
    "index",
];

/// Words before a name that make it a source: "according to Citi",
/// "analysts at Barclays", "data from FactSet".
const SOURCE_BEFORE: &[&str] = &["according", "at", "from", "per", "by", "via"];

pub(crate) fn score(
    doc: &Doc<'_>,
    mentions: &[Mention],
    events: &[Event],
    moves: &[PriceMove],
    title: Option<Span>,
) -> Vec<CompanyRelevance> {
    let mut order: Vec<&str> = Vec::new();
    for m in mentions {
        if let Some(ticker) = ticker_of(m) {
            if !order.contains(&ticker) {
                order.push(ticker);
            }
        }
    }
    let lead_end = title
        .map(|t| doc.sentence_at(t.start) + 1)
        .unwrap_or(0)
        .saturating_add(2);
    order
        .into_iter()
        .map(|ticker| {
            let own: Vec<&Mention> = mentions
                .iter()
                .filter(|m| ticker_of(m) == Some(ticker))
                .collect();
            let in_title = title.is_some_and(|t| {
                own.iter()
                    .any(|m| m.span.start >= t.start && m.span.end <= t.end)
            });
            let in_lead = own.iter().any(|m| m.sentence < lead_end);
            let tagged = own.iter().any(|m| {
                matches!(
                    m.evidence,
                    Evidence::Ticker
                        | Evidence::Cashtag
                        | Evidence::ExchangeTag
                        | Evidence::TickerStrip
                )
            });
            let party = |p: &Party| matches!(p, Party::Company(t) if t == ticker);
            let acts = events
                .iter()
                .any(|e| party(&e.actor) || e.target.as_ref().is_some_and(party));
            let moves_named = moves.iter().any(|m| m.ticker == ticker);
            let mut points = u32::from(in_title) * TITLE
                + u32::from(in_lead) * LEAD
                + (own.len() as u32).min(MENTIONS_COUNTED) * PER_MENTION
                + u32::from(acts) * EVENT_PARTY
                + u32::from(moves_named) * MOVER
                + u32::from(tagged) * TICKER;
            let source_only = !acts
                && !moves_named
                && is_finance(doc, ticker)
                && own.iter().all(|m| is_source(doc, m));
            if source_only {
                points = points.min(u32::from(SOURCE_CAP));
            }
            CompanyRelevance {
                ticker: ticker.to_string(),
                relevance: points.min(100) as u8,
                source_only,
            }
        })
        .collect()
}

fn ticker_of(m: &Mention) -> Option<&str> {
    match &m.entity {
        Entity::Company { ticker, .. } | Entity::UnknownListing { ticker, .. } => Some(ticker),
        _ => None,
    }
}

/// A bank, broker or asset manager: the pack's finance stage.
fn is_finance(doc: &Doc<'_>, ticker: &str) -> bool {
    let pack = doc.pack;
    pack.company_by_ticker(ticker).is_some_and(|id| {
        pack.companies[id as usize]
            .stages
            .iter()
            .any(|s| s == "finance" || s == "fund")
    }) || pack
        .organizations
        .iter()
        .any(|o| o.ticker.as_deref() == Some(ticker) && o.kind == "broker")
}

/// Whether a mention names its company as a source of words or figures.
fn is_source(doc: &Doc<'_>, m: &Mention) -> bool {
    let first = doc.token_from(m.span.start);
    let mut after = doc.token_until(m.span.end);
    // "Goldman Sachs' analysts", "Citi's economists".
    if doc.is_punct(after, '\'') {
        after += if doc.is(after + 1, "s") { 2 } else { 1 };
    }
    let said_after = (after..after + 2).any(|k| doc.is_any(k, SOURCE_AFTER));
    let cited_before = (first.saturating_sub(3)..first).any(|k| {
        doc.is_any(k, SOURCE_BEFORE)
            && (k + 1..first).all(|j| {
                doc.is_any(
                    j,
                    &["to", "the", "analysts", "economists", "strategists", "data"],
                ) || j == k + 1
            })
    });
    said_after || cited_before
}
