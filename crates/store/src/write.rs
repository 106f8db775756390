//! Adding documents and their briefs, and reanalysing them.

use std::collections::HashMap;

use jiff::civil::Date;
use monazite_ingest::{Document, Format, Published};
use monazite_report::json::BriefRecord;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::fingerprint::{Fingerprint, Signature, NEAR_DUPLICATE};
use crate::storyline::{self, Candidate, EventKey};
use crate::{Result, Store, StoreError};

/// A document read and fingerprinted, not yet analysed.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub doc: Document,
    /// The text to analyse and store: the title line, a blank line, the
    /// body (see [`Incoming::new`]).
    pub text: String,
    pub fingerprint: Fingerprint,
}

impl Incoming {
    pub fn new(doc: Document) -> Incoming {
        let text = doc.full_text();
        let fingerprint = Fingerprint::of(&text);
        Incoming {
            doc,
            text,
            fingerprint,
        }
    }

    /// The document's publication day (UTC for instants).
    pub fn day(&self) -> Option<Date> {
        self.doc.day()
    }
}

/// A document with its brief, ready to store.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub incoming: Incoming,
    pub brief: BriefRecord,
}

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Added {
    /// Stored; `near_duplicate_of` names the earlier document it nearly
    /// repeats, with the estimated similarity.
    New {
        id: i64,
        near_duplicate_of: Option<(i64, f64)>,
    },
    /// Its content was already stored as `id`; the sighting is recorded.
    Duplicate { id: i64 },
}

/// The publication in its one text form (`Published`'s `Display`, which
/// the market commands read back with its `FromStr`).
fn published_text(published: Option<Published>) -> Option<String> {
    published.map(|p| p.to_string())
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Rss => "rss",
        Format::Atom => "atom",
        Format::Jsonl => "jsonl",
        Format::Csv => "csv",
        Format::Markdown => "markdown",
        Format::Text => "text",
    }
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// The stored document with this exact content, if any.
    pub fn find_exact(&self, fingerprint: &Fingerprint) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE content_hash = ?1",
                [&fingerprint.exact[..]],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records that `doc` was seen again as the stored document `id`.
    pub fn add_sightings(&mut self, seen: &[(i64, &Document)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, doc) in seen {
            record_sighting(&tx, *id, doc)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores a batch of analysed documents in one transaction. A document
    /// whose content is already stored (by an earlier batch or earlier in
    /// this one) becomes a sighting of it.
    pub fn add_batch(&mut self, batch: &[Analysed]) -> Result<Vec<Added>> {
        let tx = self.conn.transaction()?;
        let mut added = Vec::with_capacity(batch.len());
        for item in batch {
            added.push(add_one(&tx, item, self.storyline_types.as_ref())?);
        }
        tx.commit()?;
        Ok(added)
    }

    /// Documents whose brief was made by another engine or pack version
    /// (all documents with `all`), in id order.
    pub fn stale_documents(&self, engine: &str, pack: &str, all: bool) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id FROM documents d LEFT JOIN briefs b ON b.doc_id = d.id
             WHERE ?3 OR b.doc_id IS NULL OR b.engine != ?1 OR b.pack != ?2 ORDER BY d.id",
        )?;
        let ids = stmt
            .query_map(params![engine, pack, all], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// The stored text and publication day of a document, to analyse again.
    pub fn document_text(&self, id: i64) -> Result<Option<(String, Option<Date>)>> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT text, published_day FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(text, day)| Ok((text, parse_day(day.as_deref())?)))
            .transpose()
    }

    /// Replaces the briefs of documents (and what they found) in one
    /// transaction. Their events leave the storylines until
    /// [`Store::rebuild_storylines`] runs.
    pub fn replace_briefs(&mut self, briefs: &[(i64, BriefRecord)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, brief) in briefs {
            let (text, day): (String, Option<String>) = row(
                &tx,
                "SELECT text, published_day FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            for table in ["briefs", "mentions", "claims", "impacts", "events"] {
                exec(&tx, &format!("DELETE FROM {table} WHERE doc_id = ?1"), [id])?;
            }
            insert_brief(&tx, *id, &text, parse_day(day.as_deref())?, brief, None)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Runs a statement through the connection's statement cache: the writes
/// repeat the same few statements for every document.
fn exec(tx: &Transaction, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(tx.prepare_cached(sql)?.execute(params)?)
}

/// One row of a cached statement.
fn row<T>(
    tx: &Transaction,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    tx.prepare_cached(sql)?.query_row(params, f)
}

pub(crate) fn parse_day(day: Option<&str>) -> Result<Option<Date>> {
    day.map(|d| {
        d.parse::<Date>()
            .map_err(|e| StoreError::Corrupt(format!("day {d:?}: {e}")))
    })
    .transpose()
}

fn record_sighting(tx: &Transaction, id: i64, doc: &Document) -> Result<()> {
    exec(
        tx,
        "INSERT OR IGNORE INTO sightings (origin, doc_id, site, published, first_seen)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            doc.origin,
            id,
            doc.site,
            published_text(doc.published),
            now()
        ],
    )?;
    if !doc.tickers.is_empty() {
        let stored: String = row(
            tx,
            "SELECT source_tickers FROM documents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut tickers: Vec<String> = serde_json::from_str(&stored)
            .map_err(|e| StoreError::Corrupt(format!("source_tickers of {id}: {e}")))?;
        let before = tickers.len();
        for t in &doc.tickers {
            if !tickers.contains(t) {
                tickers.push(t.clone());
            }
        }
        if tickers.len() != before {
            exec(
                tx,
                "UPDATE documents SET source_tickers = ?2 WHERE id = ?1",
                params![id, json(&tickers)],
            )?;
        }
    }
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// Event types that join storylines; `None`: all.
type StorylineTypes = std::collections::HashSet<String>;

fn add_one(
    tx: &Transaction,
    item: &Analysed,
    storylines: Option<&StorylineTypes>,
) -> Result<Added> {
    let incoming = &item.incoming;
    let doc = &incoming.doc;
    let fingerprint = &incoming.fingerprint;
    if let Some(id) = row(
        tx,
        "SELECT id FROM documents WHERE content_hash = ?1",
        [&fingerprint.exact[..]],
        |r| r.get(0),
    )
    .optional()?
    {
        record_sighting(tx, id, doc)?;
        return Ok(Added::Duplicate { id });
    }
    let near = nearest_duplicate(tx, &fingerprint.signature)?;
    let day = incoming.day();
    // A plain-text article carries its headline as its first line: the
    // analysis found it.
    let title = doc.title.as_ref().or(item.brief.title.as_ref());
    exec(
        tx,
        "INSERT INTO documents (content_hash, url, title, site, author, published, published_day,
             format, source_tickers, text, minhash, near_duplicate_of, similarity, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            &fingerprint.exact[..],
            doc.url,
            title,
            doc.site,
            doc.author,
            published_text(doc.published),
            day.map(|d| d.to_string()),
            format_name(doc.format),
            json(&doc.tickers),
            incoming.text,
            fingerprint.signature.to_bytes(),
            near.map(|n| n.0),
            near.map(|n| n.1),
            now(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    exec(
        tx,
        "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
        params![id, title, incoming.text],
    )?;
    record_sighting(tx, id, doc)?;
    let mut band_insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO minhash_bands (band, bucket, doc_id) VALUES (?1, ?2, ?3)",
    )?;
    for (band, bucket) in fingerprint.signature.bands().iter().enumerate() {
        band_insert.execute(params![band as i64, bucket, id])?;
    }
    insert_brief(tx, id, &incoming.text, day, &item.brief, Some(storylines))?;
    Ok(Added::New {
        id,
        near_duplicate_of: near,
    })
}

/// Rows read from one band bucket (the earliest documents in it).
const MAX_BUCKET_ROWS: i64 = 64;
/// Stored signatures compared per new document.
const MAX_CANDIDATES: usize = 32;

/// The most similar stored document at or above [`NEAR_DUPLICATE`], among
/// those sharing a band bucket.
fn nearest_duplicate(tx: &Transaction, signature: &Signature) -> Result<Option<(i64, f64)>> {
    // Documents sharing more bands are likelier near duplicates: count the
    // shared bands, then compare signatures of the best candidates only.
    // Both the rows read per bucket and the signatures compared are capped,
    // so a bucket crowded by boilerplate cannot make the check quadratic.
    let mut shared: HashMap<i64, u32> = HashMap::new();
    let mut lookup = tx.prepare_cached(
        "SELECT doc_id FROM minhash_bands WHERE band = ?1 AND bucket = ?2
         ORDER BY doc_id LIMIT ?3",
    )?;
    for (band, bucket) in signature.bands().iter().enumerate() {
        let ids = lookup.query_map(params![band as i64, bucket, MAX_BUCKET_ROWS], |r| {
            r.get::<_, i64>(0)
        })?;
        for id in ids {
            *shared.entry(id?).or_default() += 1;
        }
    }
    let mut candidates: Vec<(u32, i64)> = shared.into_iter().map(|(id, n)| (n, id)).collect();
    candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates.truncate(MAX_CANDIDATES);
    let mut best: Option<(i64, f64)> = None;
    let mut read = tx.prepare_cached("SELECT minhash FROM documents WHERE id = ?1")?;
    for (_, id) in candidates {
        let bytes: Vec<u8> = read.query_row([id], |r| r.get(0))?;
        let stored = Signature::from_bytes(&bytes)
            .ok_or_else(|| StoreError::Corrupt(format!("minhash of document {id}")))?;
        let similarity = signature.similarity(&stored);
        // The earliest stored document wins ties: it is the one repeated.
        if similarity >= NEAR_DUPLICATE
            && best.is_none_or(|(b, s)| similarity > s || (similarity == s && id < b))
        {
            best = Some((id, similarity));
        }
    }
    Ok(best)
}

fn insert_brief(
    tx: &Transaction,
    id: i64,
    text: &str,
    day: Option<Date>,
    brief: &BriefRecord,
    // `Some`: assign storylines now, to events of these types (all with
    // `Some(None)`); `None`: a rebuild assigns them later.
    assign_storylines: Option<Option<&StorylineTypes>>,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO briefs (doc_id, engine, pack, schema, impact, sentiment, tension, brief)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            brief.engine,
            brief.pack,
            brief.schema,
            brief.impact,
            brief.sentiment.article,
            brief.tension.score,
            json(brief)
        ],
    )?;
    let mut mention = tx.prepare_cached(
        "INSERT OR REPLACE INTO mentions (doc_id, kind, key, count) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut ticker_mention = tx.prepare_cached(
        "INSERT OR REPLACE INTO mentions (doc_id, kind, key, count, relevance)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for t in &brief.tickers {
        ticker_mention.execute(params![
            id,
            "ticker",
            t.ticker,
            t.spans.len() as i64,
            i64::from(t.relevance)
        ])?;
    }
    for t in &brief.sources {
        ticker_mention.execute(params![
            id,
            "source",
            t.ticker,
            t.spans.len() as i64,
            i64::from(t.relevance)
        ])?;
    }
    let mut add =
        |kind: &str, key: &str, count: usize| mention.execute(params![id, kind, key, count as i64]);
    for m in &brief.elements {
        add("element", &m.id, m.spans.len())?;
    }
    for m in &brief.groups {
        add("group", &m.id, m.spans.len())?;
    }
    for c in &brief.countries {
        add("country", &c.code, c.spans.len())?;
    }
    for (kind, items) in [
        ("organization", &brief.organizations),
        ("person", &brief.people),
        ("index", &brief.indices),
    ] {
        for n in items {
            add(kind, &n.name, n.spans.len())?;
        }
    }
    let sentence = |span: [usize; 2]| text.get(span[0]..span[1]).unwrap_or("").trim().to_string();
    let mut claim = tx.prepare_cached(
        "INSERT INTO claims (doc_id, ordinal, ticker, direction, pct, price, \"when\", day, sentence,
             scope)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (ordinal, m) in brief.price_moves.iter().enumerate() {
        let claim_day = m.date.clone().or_else(|| day.map(|d| d.to_string()));
        claim.execute(params![
            id,
            ordinal as i64,
            m.ticker,
            m.direction,
            m.pct,
            m.price,
            m.when,
            claim_day,
            // The claim's sentence; a brief older than schema 1.4 gives
            // only the claim's own words.
            sentence(if m.sentence[1] > m.sentence[0] {
                m.sentence
            } else {
                m.span
            }),
            m.scope
        ])?;
    }
    let mut impact = tx.prepare_cached(
        "INSERT OR REPLACE INTO impacts (doc_id, ticker, impact, named) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in &brief.ticker_impacts {
        impact.execute(params![id, t.ticker, t.impact, t.named])?;
    }
    let mut event = tx.prepare_cached(
        "INSERT INTO events (doc_id, ordinal, type, actor, target, status, magnitude, date, day,
             materials, direction, confidence, sentence, background)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (ordinal, e) in brief.events.iter().enumerate() {
        let event_day = day.map(|d| d.to_string()).or_else(|| e.date.clone());
        event.execute(params![
            id,
            ordinal as i64,
            e.kind,
            e.actor,
            e.target,
            e.status,
            e.magnitude,
            e.date,
            event_day,
            materials_text(&e.materials),
            e.direction,
            e.confidence,
            sentence(e.span),
            e.background
        ])?;
        let joins = |types: Option<&StorylineTypes>| {
            !e.background && types.is_none_or(|t| t.contains(&e.kind))
        };
        if assign_storylines.is_some_and(joins) {
            let event_id = tx.last_insert_rowid();
            assign_storyline(tx, event_id)?;
        }
    }
    Ok(())
}

fn materials_text(materials: &[String]) -> String {
    if materials.is_empty() {
        String::new()
    } else {
        format!(",{},", materials.join(","))
    }
}

/// Puts a stored event into the storyline it continues, or a new one.
fn assign_storyline(tx: &Transaction, event_id: i64) -> Result<()> {
    let (doc_id, kind, actor, target, materials, day): (
        i64,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
    ) = row(
        tx,
        "SELECT doc_id, type, actor, target, materials, day FROM events WHERE id = ?1",
        [event_id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let materials = crate::query::split_materials(&materials);
    let day = parse_day(day.as_deref())?;
    let mut candidates = Vec::new();
    {
        // Storylines within the window of the event's day, and undated
        // ones, each found through the (type, actor, last_day, first_day)
        // index without reading other storylines of the same actor. An
        // undated event may continue any of them.
        const DATED: &str = "SELECT id, target, materials, first_day, last_day FROM storylines
             WHERE type = ?1 AND actor = ?2
               AND last_day >= date(?3, '-' || ?4 || ' days')
               AND first_day <= date(?3, '+' || ?4 || ' days')
             UNION ALL
             SELECT id, target, materials, first_day, last_day FROM storylines
             WHERE type = ?1 AND actor = ?2 AND last_day IS NULL";
        const UNDATED: &str = "SELECT id, target, materials, first_day, last_day FROM storylines
             WHERE type = ?1 AND actor = ?2";
        type Row = (i64, Option<String>, String, Option<String>, Option<String>);
        fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        }
        let mut stmt = tx.prepare_cached(if day.is_some() { DATED } else { UNDATED })?;
        let rows: Vec<Row> = match day {
            Some(d) => stmt
                .query_map(
                    params![kind, actor, d.to_string(), storyline::WINDOW_DAYS],
                    read,
                )?
                .collect::<rusqlite::Result<_>>()?,
            None => stmt
                .query_map(params![kind, actor], read)?
                .collect::<rusqlite::Result<_>>()?,
        };
        for (id, target, materials, first, last) in rows {
            candidates.push(Candidate {
                id,
                target,
                materials: crate::query::split_materials(&materials),
                first_day: parse_day(first.as_deref())?,
                last_day: parse_day(last.as_deref())?,
            });
        }
    }
    let key = EventKey {
        target: target.as_deref(),
        materials: &materials,
        day,
    };
    let storyline_id = match storyline::best_match(&key, &candidates) {
        Some(id) => {
            let Some(stored) = candidates.iter().find(|c| c.id == id) else {
                return Err(StoreError::Corrupt(format!("storyline {id}")));
            };
            let mut union = stored.materials.clone();
            for m in &materials {
                if !union.contains(m) {
                    union.push(m.clone());
                }
            }
            let earlier = match (day, stored.first_day) {
                (Some(d), Some(first)) => d < first,
                (Some(_), None) => true,
                _ => false,
            };
            exec(
                tx,
                "UPDATE storylines SET
                    target = coalesce(target, ?2),
                    materials = ?3,
                    first_day = CASE WHEN ?4 THEN ?5 ELSE first_day END,
                    last_day = CASE WHEN ?5 IS NOT NULL AND (last_day IS NULL OR ?5 > last_day)
                               THEN ?5 ELSE last_day END,
                    first_doc_id = CASE WHEN ?4 THEN ?6 ELSE first_doc_id END
                 WHERE id = ?1",
                params![
                    id,
                    target,
                    materials_text(&union),
                    earlier,
                    day.map(|d| d.to_string()),
                    doc_id
                ],
            )?;
            id
        }
        None => {
            exec(
                tx,
                "INSERT INTO storylines (type, actor, target, materials, first_day, last_day,
                     first_doc_id) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                params![
                    kind,
                    actor,
                    target,
                    materials_text(&materials),
                    day.map(|d| d.to_string()),
                    doc_id
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    exec(
        tx,
        "UPDATE events SET storyline_id = ?2 WHERE id = ?1",
        params![event_id, storyline_id],
    )?;
    Ok(())
}

/// Rebuilds every storyline from the stored events, in publication order
/// (undated last), so the result does not depend on the order documents
/// were ingested in.
pub(crate) fn rebuild_storylines(tx: &Transaction, types: Option<&StorylineTypes>) -> Result<()> {
    exec(tx, "UPDATE events SET storyline_id = NULL", [])?;
    exec(tx, "DELETE FROM storylines", [])?;
    let ids: Vec<(i64, String)> = tx
        .prepare(
            "SELECT id, type FROM events WHERE background = 0
             ORDER BY day IS NULL, day, doc_id, ordinal",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, kind) in ids {
        if types.is_none_or(|t| t.contains(&kind)) {
            assign_storyline(tx, id)?;
        }
    }
    Ok(())
}

impl Store {
    /// Rebuilds the storylines in publication order, as ingest would have
    /// built them had the articles arrived in that order.
    pub fn rebuild_storylines(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        rebuild_storylines(&tx, self.storyline_types.as_ref())?;
        tx.commit()?;
        Ok(())
    }
}
