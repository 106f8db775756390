//! What a precision audit draws from: every stored event and claim with
//! the place its document was first seen, so that a judged sheet can name
//! each item without carrying the article's text.

use crate::{Result, Store};

/// One stored event or claim, as an audit sheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditItem {
    /// The event's or claim's row id.
    pub id: i64,
    pub doc_id: i64,
    /// Where the document was first seen (`path:LINE`, a URL).
    pub origin: String,
    pub title: Option<String>,
    /// The engine version that made the document's brief.
    pub engine: String,
    /// `event` or `claim`.
    pub item: &'static str,
    /// The event type; `price_move` for claims.
    pub kind: String,
    /// The actor; the ticker for claims.
    pub actor: String,
    pub target: Option<String>,
    pub status: Option<String>,
    /// The magnitude; the percent for claims.
    pub magnitude: Option<String>,
    pub direction: Option<String>,
    pub when: Option<String>,
    pub sentence: String,
}

const ORIGIN: &str = "(SELECT min(origin) FROM sightings g WHERE g.doc_id = d.id),
    (SELECT engine FROM briefs b WHERE b.doc_id = d.id)";

impl Store {
    /// Every stored event, in id order.
    pub fn audit_events(&self) -> Result<Vec<AuditItem>> {
        let sql = format!(
            "SELECT e.id, d.id, {ORIGIN}, d.title, e.type, e.actor, e.target, e.status,
                    e.magnitude, e.direction, e.sentence
             FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.id"
        );
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map([], |row| {
                Ok(AuditItem {
                    id: row.get(0)?,
                    doc_id: row.get(1)?,
                    origin: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    engine: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    title: row.get(4)?,
                    item: "event",
                    kind: row.get(5)?,
                    actor: row.get(6)?,
                    target: row.get(7)?,
                    status: row.get(8)?,
                    magnitude: row.get(9)?,
                    direction: row.get(10)?,
                    when: None,
                    sentence: row.get(11)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every stored price-move claim, in id order.
    pub fn audit_claims(&self) -> Result<Vec<AuditItem>> {
        let sql = format!(
            "SELECT c.id, d.id, {ORIGIN}, d.title, c.ticker, c.direction, c.pct, c.\"when\", c.sentence
             FROM claims c JOIN documents d ON d.id = c.doc_id ORDER BY c.id"
        );
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map([], |row| {
                let pct: Option<f64> = row.get(7)?;
                Ok(AuditItem {
                    id: row.get(0)?,
                    doc_id: row.get(1)?,
                    origin: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    engine: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    title: row.get(4)?,
                    item: "claim",
                    kind: "price_move".into(),
                    actor: row.get(5)?,
                    target: None,
                    status: None,
                    magnitude: pct.map(|p| format!("{p}%")),
                    direction: row.get(6)?,
                    when: row.get(8)?,
                    sentence: row.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
