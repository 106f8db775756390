//! What the query commands read: full-text search, events, a ticker's
//! timeline, storylines with their first report and the outlets' figures,
//! and one document in full.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use crate::figures::{agreement, Agreement, Figure};
use crate::{Result, Store, StoreError};

/// Rows a query returns at most unless told otherwise.
pub const DEFAULT_LIMIT: usize = 50;

/// A document as listed by the queries.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRef {
    pub id: i64,
    pub day: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
}

fn doc_ref(row: &Row, at: usize) -> rusqlite::Result<DocRef> {
    Ok(DocRef {
        id: row.get(at)?,
        day: row.get(at + 1)?,
        site: row.get(at + 2)?,
        title: row.get(at + 3)?,
    })
}

const DOC_COLUMNS: &str = "d.id, d.published_day, d.site, d.title";

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub doc: DocRef,
    /// The matching passage, matches between « and ».
    pub snippet: String,
}

/// One stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub actor: String,
    pub target: Option<String>,
    pub status: String,
    pub magnitude: Option<String>,
    pub date: Option<String>,
    pub materials: Vec<String>,
    pub storyline: Option<i64>,
    /// The document is the storyline's first report.
    pub first_report: bool,
    pub sentence: String,
    pub doc: DocRef,
}

/// Which events to list; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Events of documents that mention the ticker or bear on it.
    pub ticker: Option<String>,
    /// With `ticker`: only documents about it at least this much (0–100,
    /// the brief's relevance), not those that merely bear on it.
    pub min_relevance: Option<u8>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub element: Option<String>,
    /// Events whose actor or target is the country (ISO code).
    pub country: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub storyline: Option<i64>,
    /// Only events of documents that first reported their storyline.
    pub first_reports: bool,
    pub limit: Option<usize>,
}

/// A price-move claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub ticker: String,
    pub direction: String,
    pub pct: Option<f64>,
    pub price: Option<f64>,
    pub when: Option<String>,
    pub day: Option<String>,
    pub sentence: String,
}

/// One document in a ticker's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub doc: DocRef,
    /// The brief's impact on the ticker in [0, 1], when it is exposed.
    pub impact: Option<f64>,
    pub sentiment: f64,
    pub claims: Vec<ClaimRow>,
    pub events: Vec<String>,
}

/// Outlets' figures for one price move (ticker and day).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveFigures {
    pub ticker: String,
    pub day: Option<String>,
    pub agreement: Agreement,
    pub figures: Vec<Figure>,
}

/// Outlets' magnitudes for a storyline's event ("100%" and "50%" tariffs).
#[derive(Debug, Clone, PartialEq)]
pub struct Magnitude {
    pub magnitude: String,
    pub docs: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StorylineRow {
    pub id: i64,
    pub kind: String,
    pub actor: String,
    pub target: Option<String>,
    pub materials: Vec<String>,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub statuses: Vec<String>,
    pub documents: usize,
    pub outlets: Vec<String>,
    pub first_report: DocRef,
    /// Several distinct magnitudes means the outlets disagree.
    pub magnitudes: Vec<Magnitude>,
    pub moves: Vec<MoveFigures>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorylineFilter {
    pub kind: Option<String>,
    pub actor: Option<String>,
    pub ticker: Option<String>,
    /// Storylines told by at least this many documents.
    pub min_documents: usize,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    pub origin: String,
    pub site: Option<String>,
    pub published: Option<String>,
}

/// One document in full.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentView {
    pub doc: DocRef,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub format: String,
    pub source_tickers: Vec<String>,
    pub ingested_at: String,
    pub sightings: Vec<Sighting>,
    pub near_duplicate_of: Option<(i64, f64)>,
    /// Share of the document's events it is the first report of; `None`
    /// without events. A near duplicate is a retelling (0).
    pub novelty: Option<f64>,
    pub events: Vec<EventRow>,
    pub claims: Vec<ClaimRow>,
    pub text: String,
    /// The stored brief (docs/brief-schema.md).
    pub brief: serde_json::Value,
}

/// Where a page of [`Store::briefs`] ended: the last row's publication
/// day and id (the listing's order), so that the next page starts after it
/// however many documents arrive meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefCursor {
    pub day: Option<String>,
    pub id: i64,
}

/// Which briefs to list; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BriefFilter {
    /// Documents that mention the ticker or bear on it.
    pub ticker: Option<String>,
    /// With `ticker`: only documents about it at least this much (0–100).
    pub min_relevance: Option<u8>,
    /// Documents naming the material (an element or a group id).
    pub material: Option<String>,
    /// Documents naming the country (ISO code).
    pub country: Option<String>,
    /// Documents reporting an event of this type (and `status`, when both
    /// are given: the same event).
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Full-text words, as [`fts_query`] reads them.
    pub text: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Rows after this one in the listing's order.
    pub after: Option<BriefCursor>,
    pub limit: usize,
}

/// A ticker of a listed brief.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefTicker {
    pub ticker: String,
    /// How much the document is about it (0–100); `None` for a brief
    /// stored before relevance was, and for a ticker it only bears on.
    pub relevance: Option<u8>,
    /// The brief's signed impact on it, when it is exposed.
    pub impact: Option<f64>,
}

/// One brief as [`Store::briefs`] lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefRow {
    pub doc: DocRef,
    pub published: Option<String>,
    pub impact: f64,
    pub sentiment: f64,
    pub tickers: Vec<BriefTicker>,
    /// The types of its events, each once, in the order of the text.
    pub event_types: Vec<String>,
}

/// Turns what a user types into an FTS5 query: each word a quoted term
/// (all must match), `"quoted phrases"` kept as phrases, so that FTS5
/// operators and punctuation in the input cannot make the query invalid.
pub fn fts_query(text: &str) -> String {
    let mut terms = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase: Vec<&str> = part
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if !phrase.is_empty() {
                terms.push(format!("\"{}\"", phrase.join(" ")));
            }
        } else {
            for word in part
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                terms.push(format!("\"{word}\""));
            }
        }
    }
    terms.join(" ")
}

/// Material ids stored between commas (",neodymium,dysprosium,").
pub(crate) fn split_materials(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|m| !m.is_empty())
        .map(String::from)
        .collect()
}

fn event_row(row: &Row) -> rusqlite::Result<EventRow> {
    let materials: String = row.get(7)?;
    Ok(EventRow {
        id: row.get(0)?,
        kind: row.get(1)?,
        actor: row.get(2)?,
        target: row.get(3)?,
        status: row.get(4)?,
        magnitude: row.get(5)?,
        date: row.get(6)?,
        materials: split_materials(&materials),
        storyline: row.get(8)?,
        first_report: row.get(9)?,
        sentence: row.get(10)?,
        doc: doc_ref(row, 11)?,
    })
}

const EVENT_SELECT: &str = "SELECT e.id, e.type, e.actor, e.target, e.status, e.magnitude, e.date,
        e.materials, e.storyline_id, coalesce(s.first_doc_id = e.doc_id, 0), e.sentence,
        d.id, d.published_day, d.site, d.title
    FROM events e JOIN documents d ON d.id = e.doc_id
    LEFT JOIN storylines s ON s.id = e.storyline_id";

fn claim_row(row: &Row) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        ticker: row.get(0)?,
        direction: row.get(1)?,
        pct: row.get(2)?,
        price: row.get(3)?,
        when: row.get(4)?,
        day: row.get(5)?,
        sentence: row.get(6)?,
    })
}

impl Store {
    /// Documents matching all words of `text`, best first.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let query = fts_query(text);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DOC_COLUMNS}, snippet(documents_fts, 1, '«', '»', '…', 16)
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1 ORDER BY rank, d.id LIMIT ?2"
        ))?;
        let hits = stmt
            .query_map(params![query, limit as i64], |r| {
                Ok(SearchHit {
                    doc: doc_ref(r, 0)?,
                    snippet: r.get::<_, String>(4)?.replace('\n', " "),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(hits)
    }

    /// Events matching the filter, newest first.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        let mut conditions = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut bind = |condition: &str, value: Value| {
            values.push(value);
            conditions.push(condition.replace('?', &format!("?{}", values.len())));
        };
        match (&filter.ticker, filter.min_relevance) {
            (Some(t), Some(min)) => bind(
                &format!(
                    "e.doc_id IN (SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = ? AND relevance >= {min})"
                ),
                Value::Text(t.to_uppercase()),
            ),
            (Some(t), None) => bind(
                "(e.doc_id IN (SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = ?)
                  OR e.doc_id IN (SELECT doc_id FROM impacts WHERE ticker = ?))",
                Value::Text(t.to_uppercase()),
            ),
            (None, _) => {}
        }
        if let Some(k) = &filter.kind {
            bind("e.type = ?", Value::Text(k.clone()));
        }
        if let Some(s) = &filter.status {
            bind("e.status = ?", Value::Text(s.clone()));
        }
        if let Some(m) = &filter.element {
            bind(
                "instr(e.materials, ?) > 0",
                Value::Text(format!(",{},", m.to_lowercase())),
            );
        }
        if let Some(c) = &filter.country {
            bind(
                "(e.actor = ? OR e.target = ?)",
                Value::Text(c.to_uppercase()),
            );
        }
        if let Some(d) = filter.from {
            bind("e.day >= ?", Value::Text(d.to_string()));
        }
        if let Some(d) = filter.to {
            bind("e.day <= ?", Value::Text(d.to_string()));
        }
        if let Some(s) = filter.storyline {
            bind("e.storyline_id = ?", Value::Integer(s));
        }
        if filter.first_reports {
            conditions.push("s.first_doc_id = e.doc_id".into());
        }
        let mut sql = EVENT_SELECT.to_string();
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(&format!(
            " ORDER BY e.day IS NULL, e.day DESC, e.doc_id DESC, e.ordinal LIMIT {}",
            filter.limit.map_or(i64::MAX, |l| l as i64)
        ));
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(values), event_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Documents about a ticker (mentioning it or exposing it), oldest
    /// first, with the claims about it and the events they report.
    ///
    /// With `min_relevance`, only documents about the ticker at least that
    /// much (0–100), not those that merely bear on it.
    pub fn timeline(
        &self,
        ticker: &str,
        limit: usize,
        min_relevance: Option<u8>,
    ) -> Result<Vec<TimelineEntry>> {
        let ticker = ticker.to_uppercase();
        let about = match min_relevance {
            Some(min) => format!(
                "SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = ?1 AND relevance >= {min}"
            ),
            None => "SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = ?1
                     UNION SELECT doc_id FROM impacts WHERE ticker = ?1"
                .to_string(),
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DOC_COLUMNS}, i.impact, b.sentiment FROM documents d
             JOIN briefs b ON b.doc_id = d.id
             LEFT JOIN impacts i ON i.doc_id = d.id AND i.ticker = ?1
             WHERE d.id IN ({about})
             ORDER BY d.published_day IS NULL, d.published_day, d.id LIMIT ?2"
        ))?;
        let docs: Vec<(DocRef, Option<f64>, f64)> = stmt
            .query_map(params![ticker, limit as i64], |r| {
                Ok((doc_ref(r, 0)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut claims = self.conn.prepare(
            "SELECT ticker, direction, pct, price, \"when\", day, sentence FROM claims
             WHERE doc_id = ?1 AND ticker = ?2 ORDER BY ordinal",
        )?;
        let mut events = self.conn.prepare(
            "SELECT type || ' ' || actor || coalesce(' → ' || target, '') || ' (' || status || ')'
             FROM events WHERE doc_id = ?1 ORDER BY ordinal",
        )?;
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, impact, sentiment) in docs {
            entries.push(TimelineEntry {
                claims: claims
                    .query_map(params![doc.id, ticker], claim_row)?
                    .collect::<Result<_, _>>()?,
                events: events
                    .query_map([doc.id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
                doc,
                impact,
                sentiment,
            });
        }
        Ok(entries)
    }

    /// Storylines, the most recent first.
    pub fn storylines(&self, filter: &StorylineFilter) -> Result<Vec<StorylineRow>> {
        let mut sql = String::from(
            "SELECT s.id, s.type, s.actor, s.target, s.materials, s.first_day, s.last_day,
                    d.id, d.published_day, d.site, d.title,
                    (SELECT count(DISTINCT doc_id) FROM events WHERE storyline_id = s.id) AS n
             FROM storylines s JOIN documents d ON d.id = s.first_doc_id WHERE n >= ?1",
        );
        let mut values: Vec<Value> = vec![Value::Integer(filter.min_documents as i64)];
        if let Some(k) = &filter.kind {
            values.push(Value::Text(k.clone()));
            sql.push_str(&format!(" AND s.type = ?{}", values.len()));
        }
        if let Some(a) = &filter.actor {
            values.push(Value::Text(a.clone()));
            sql.push_str(&format!(" AND s.actor = ?{}", values.len()));
        }
        if let Some(t) = &filter.ticker {
            values.push(Value::Text(t.to_uppercase()));
            sql.push_str(&format!(
                " AND s.id IN (SELECT e.storyline_id FROM events e WHERE e.doc_id IN
                   (SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = ?{0}
                    UNION SELECT doc_id FROM impacts WHERE ticker = ?{0}))",
                values.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY s.last_day IS NULL, s.last_day DESC, s.id DESC LIMIT {}",
            filter.limit.unwrap_or(DEFAULT_LIMIT)
        ));
        // The heads first, then what each storyline gathers.
        let mut rows: Vec<StorylineRow> = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(values), |r| {
                Ok(StorylineRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    actor: r.get(2)?,
                    target: r.get(3)?,
                    materials: split_materials(&r.get::<_, String>(4)?),
                    first_day: r.get(5)?,
                    last_day: r.get(6)?,
                    first_report: doc_ref(r, 7)?,
                    documents: r.get::<_, i64>(11)? as usize,
                    statuses: Vec::new(),
                    outlets: Vec::new(),
                    magnitudes: Vec::new(),
                    moves: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        for row in &mut rows {
            row.statuses = self.storyline_statuses(row.id)?;
            row.outlets = self.storyline_outlets(row.id)?;
            row.magnitudes = self.storyline_magnitudes(row.id)?;
            row.moves = self.storyline_moves(row.id)?;
        }
        Ok(rows)
    }

    fn storyline_statuses(&self, id: i64) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT e.status FROM events e JOIN documents d ON d.id = e.doc_id
                 WHERE e.storyline_id = ?1 GROUP BY e.status
                 ORDER BY min(coalesce(d.published_day, '9999')), e.status",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn storyline_outlets(&self, id: i64) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT DISTINCT d.site FROM events e JOIN documents d ON d.id = e.doc_id
                 WHERE e.storyline_id = ?1 AND d.site IS NOT NULL ORDER BY d.site",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn storyline_magnitudes(&self, id: i64) -> Result<Vec<Magnitude>> {
        let pairs: Vec<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT magnitude, doc_id FROM events
                 WHERE storyline_id = ?1 AND magnitude IS NOT NULL ORDER BY magnitude, doc_id",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut grouped: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (magnitude, doc) in pairs {
            grouped.entry(magnitude).or_default().push(doc);
        }
        Ok(grouped
            .into_iter()
            .map(|(magnitude, docs)| Magnitude { magnitude, docs })
            .collect())
    }

    /// The price moves the storyline's documents claim, per ticker and day,
    /// with the outlets' agreement.
    fn storyline_moves(&self, id: i64) -> Result<Vec<MoveFigures>> {
        let mut grouped: BTreeMap<(String, Option<String>), Vec<Figure>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.ticker, c.day, d.id, d.site,
                    CASE c.direction WHEN 'down' THEN -abs(c.pct) ELSE abs(c.pct) END
             FROM claims c JOIN documents d ON d.id = c.doc_id
             WHERE c.pct IS NOT NULL AND d.near_duplicate_of IS NULL
               AND c.doc_id IN (SELECT doc_id FROM events WHERE storyline_id = ?1)
             ORDER BY c.ticker, c.day, d.id",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let figure = Figure {
                doc_id: r.get(2)?,
                site: r.get(3)?,
                value: r.get(4)?,
            };
            let figures = grouped.entry((r.get(0)?, r.get(1)?)).or_default();
            // One figure per document: its first claim for the move.
            if !figures.iter().any(|f| f.doc_id == figure.doc_id) {
                figures.push(figure);
            }
        }
        Ok(grouped
            .into_iter()
            .filter_map(|((ticker, day), figures)| {
                agreement(&figures).map(|agreement| MoveFigures {
                    ticker,
                    day,
                    agreement,
                    figures,
                })
            })
            .collect())
    }

    /// Briefs matching the filter, the most recently published first
    /// (then by id, descending; documents without a day last), at most
    /// `filter.limit`, starting after `filter.after`.
    pub fn briefs(&self, filter: &BriefFilter) -> Result<Vec<BriefRow>> {
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        // Binds a value and gives its placeholder (`?3`).
        fn arg(values: &mut Vec<Value>, value: Value) -> String {
            values.push(value);
            format!("?{}", values.len())
        }
        match (&filter.ticker, filter.min_relevance) {
            (Some(t), Some(min)) => {
                let t = arg(&mut values, Value::Text(t.to_uppercase()));
                conditions.push(format!(
                    "d.id IN (SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = {t} AND relevance >= {min})"
                ));
            }
            (Some(t), None) => {
                let t = arg(&mut values, Value::Text(t.to_uppercase()));
                conditions.push(format!(
                    "(d.id IN (SELECT doc_id FROM mentions WHERE kind = 'ticker' AND key = {t})
                      OR d.id IN (SELECT doc_id FROM impacts WHERE ticker = {t}))"
                ));
            }
            (None, _) => {}
        }
        if let Some(m) = &filter.material {
            let m = arg(&mut values, Value::Text(m.to_lowercase()));
            conditions.push(format!(
                "d.id IN (SELECT doc_id FROM mentions WHERE kind IN ('element', 'group') AND key = {m})"
            ));
        }
        if let Some(c) = &filter.country {
            let c = arg(&mut values, Value::Text(c.to_uppercase()));
            conditions.push(format!(
                "d.id IN (SELECT doc_id FROM mentions WHERE kind = 'country' AND key = {c})"
            ));
        }
        let mut event = Vec::new();
        if let Some(k) = &filter.kind {
            event.push(format!(
                "type = {}",
                arg(&mut values, Value::Text(k.clone()))
            ));
        }
        if let Some(s) = &filter.status {
            event.push(format!(
                "status = {}",
                arg(&mut values, Value::Text(s.clone()))
            ));
        }
        if !event.is_empty() {
            conditions.push(format!(
                "d.id IN (SELECT doc_id FROM events WHERE {})",
                event.join(" AND ")
            ));
        }
        if let Some(text) = &filter.text {
            let query = fts_query(text);
            if query.is_empty() {
                return Ok(Vec::new());
            }
            let q = arg(&mut values, Value::Text(query));
            conditions.push(format!(
                "d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH {q})"
            ));
        }
        if let Some(day) = filter.from {
            let d = arg(&mut values, Value::Text(day.to_string()));
            conditions.push(format!("d.published_day >= {d}"));
        }
        if let Some(day) = filter.to {
            let d = arg(&mut values, Value::Text(day.to_string()));
            conditions.push(format!("d.published_day <= {d}"));
        }
        // Keyset: rows after the cursor in (day DESC, id DESC) order, where
        // SQLite sorts NULL below every day, so undated documents come last.
        match &filter.after {
            Some(BriefCursor { day: Some(day), id }) => {
                let d = arg(&mut values, Value::Text(day.clone()));
                let i = arg(&mut values, Value::Integer(*id));
                conditions.push(format!(
                    "(d.published_day < {d} OR (d.published_day = {d} AND d.id < {i})
                      OR d.published_day IS NULL)"
                ));
            }
            Some(BriefCursor { day: None, id }) => {
                let i = arg(&mut values, Value::Integer(*id));
                conditions.push(format!("(d.published_day IS NULL AND d.id < {i})"));
            }
            None => {}
        }
        let mut sql = format!(
            "SELECT {DOC_COLUMNS}, d.published, b.impact, b.sentiment
             FROM documents d JOIN briefs b ON b.doc_id = d.id"
        );
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(&format!(
            " ORDER BY d.published_day DESC, d.id DESC LIMIT {}",
            filter.limit
        ));
        let mut rows: Vec<BriefRow> = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(values), |r| {
                Ok(BriefRow {
                    doc: doc_ref(r, 0)?,
                    published: r.get(4)?,
                    impact: r.get(5)?,
                    sentiment: r.get(6)?,
                    tickers: Vec::new(),
                    event_types: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        // Each row's tickers (mentioned or exposed) and event types.
        let mut tickers = self.conn.prepare_cached(
            "SELECT t.ticker, m.relevance, i.impact FROM
               (SELECT key AS ticker FROM mentions WHERE doc_id = ?1 AND kind = 'ticker'
                UNION SELECT ticker FROM impacts WHERE doc_id = ?1) t
             LEFT JOIN mentions m ON m.doc_id = ?1 AND m.kind = 'ticker' AND m.key = t.ticker
             LEFT JOIN impacts i ON i.doc_id = ?1 AND i.ticker = t.ticker
             ORDER BY m.relevance IS NULL, m.relevance DESC, abs(i.impact) DESC, t.ticker",
        )?;
        let mut types = self.conn.prepare_cached(
            "SELECT type FROM events WHERE doc_id = ?1 GROUP BY type ORDER BY min(ordinal)",
        )?;
        for row in &mut rows {
            row.tickers = tickers
                .query_map([row.doc.id], |r| {
                    Ok(BriefTicker {
                        ticker: r.get(0)?,
                        relevance: r.get::<_, Option<i64>>(1)?.map(|v| v.clamp(0, 100) as u8),
                        impact: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            row.event_types = types
                .query_map([row.doc.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(rows)
    }

    /// One storyline, or `None` when there is no such id.
    pub fn storyline(&self, id: i64) -> Result<Option<StorylineRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT s.id, s.type, s.actor, s.target, s.materials, s.first_day, s.last_day,
                        d.id, d.published_day, d.site, d.title,
                        (SELECT count(DISTINCT doc_id) FROM events WHERE storyline_id = s.id)
                 FROM storylines s JOIN documents d ON d.id = s.first_doc_id WHERE s.id = ?1",
                [id],
                |r| {
                    Ok(StorylineRow {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        actor: r.get(2)?,
                        target: r.get(3)?,
                        materials: split_materials(&r.get::<_, String>(4)?),
                        first_day: r.get(5)?,
                        last_day: r.get(6)?,
                        first_report: doc_ref(r, 7)?,
                        documents: r.get::<_, i64>(11)? as usize,
                        statuses: Vec::new(),
                        outlets: Vec::new(),
                        magnitudes: Vec::new(),
                        moves: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut row) = row else {
            return Ok(None);
        };
        row.statuses = self.storyline_statuses(row.id)?;
        row.outlets = self.storyline_outlets(row.id)?;
        row.magnitudes = self.storyline_magnitudes(row.id)?;
        row.moves = self.storyline_moves(row.id)?;
        Ok(Some(row))
    }

    /// One document in full, or `None` when there is no such id.
    pub fn show(&self, id: i64) -> Result<Option<DocumentView>> {
        let head = self
            .conn
            .query_row(
                &format!(
                    "SELECT {DOC_COLUMNS}, d.url, d.author, d.published, d.format,
                        d.source_tickers, d.ingested_at, d.near_duplicate_of, d.similarity,
                        d.text, b.brief
                     FROM documents d LEFT JOIN briefs b ON b.doc_id = d.id WHERE d.id = ?1"
                ),
                [id],
                |r| {
                    Ok((
                        doc_ref(r, 0)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, Option<i64>>(10)?,
                        r.get::<_, Option<f64>>(11)?,
                        r.get::<_, String>(12)?,
                        r.get::<_, Option<String>>(13)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            doc,
            url,
            author,
            published,
            format,
            tickers,
            ingested_at,
            near,
            similarity,
            text,
            brief,
        )) = head
        else {
            return Ok(None);
        };
        let sightings = self
            .conn
            .prepare("SELECT origin, site, published FROM sightings WHERE doc_id = ?1 ORDER BY first_seen, origin")?
            .query_map([id], |r| {
                Ok(Sighting {
                    origin: r.get(0)?,
                    site: r.get(1)?,
                    published: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let events: Vec<EventRow> = self
            .conn
            .prepare(&format!(
                "{EVENT_SELECT} WHERE e.doc_id = ?1 ORDER BY e.ordinal"
            ))?
            .query_map([id], event_row)?
            .collect::<Result<_, _>>()?;
        let claims = self
            .conn
            .prepare(
                "SELECT ticker, direction, pct, price, \"when\", day, sentence FROM claims
                 WHERE doc_id = ?1 ORDER BY ordinal",
            )?
            .query_map([id], claim_row)?
            .collect::<Result<_, _>>()?;
        let near_duplicate_of = near.map(|n| (n, similarity.unwrap_or(0.0)));
        let novelty = if near_duplicate_of.is_some() {
            Some(0.0)
        } else if events.is_empty() {
            None
        } else {
            Some(events.iter().filter(|e| e.first_report).count() as f64 / events.len() as f64)
        };
        fn parse<T: serde::de::DeserializeOwned>(id: i64, what: &str, s: &str) -> Result<T> {
            serde_json::from_str(s)
                .map_err(|e| StoreError::Corrupt(format!("{what} of document {id}: {e}")))
        }
        Ok(Some(DocumentView {
            doc,
            url,
            author,
            published,
            format,
            source_tickers: parse(id, "source tickers", &tickers)?,
            ingested_at,
            sightings,
            near_duplicate_of,
            novelty,
            events,
            claims,
            text,
            brief: match brief {
                Some(b) => parse(id, "brief", &b)?,
                None => serde_json::Value::Null,
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_quoted_terms_and_phrases() {
        assert_eq!(fts_query("rare earth"), "\"rare\" \"earth\"");
        assert_eq!(
            fts_query("\"export controls\" MP"),
            "\"export controls\" \"MP\""
        );
        assert_eq!(
            fts_query("NEAR(a OR b) -c *"),
            "\"NEAR\" \"a\" \"OR\" \"b\" \"c\""
        );
        assert_eq!(fts_query("  \"\" !! "), "");
    }
}
