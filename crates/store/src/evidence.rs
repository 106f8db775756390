//! What the market commands read: the claims to check against prices and
//! the events to study, each with its document's publication and outlet.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::query::{EventFilter, EventRow};
use crate::{Result, Store};

/// A stored price-move claim with what its check needs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClaim {
    pub id: i64,
    pub doc_id: i64,
    pub ticker: String,
    /// `up` or `down`.
    pub direction: String,
    pub pct: Option<f64>,
    pub price: Option<f64>,
    pub when: Option<String>,
    /// The day the claim is about, `YYYY-MM-DD`: the date its time
    /// reference resolved to, else the document's day (UTC).
    pub day: Option<String>,
    /// `session`, `intraday`, …; `None` for claims stored before scopes.
    pub scope: Option<String>,
    /// The document's publication as found: an RFC 3339 instant or a day.
    pub published: Option<String>,
    /// The outlet: the site, else the URL's host.
    pub outlet: Option<String>,
    /// The words of the claim.
    pub text: String,
}

/// An event with the tickers its document bears on.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyEvent {
    pub event: EventRow,
    /// The document's publication as found.
    pub published: Option<String>,
    /// Tickers the document's brief scores, strongest first:
    /// `(ticker, signed impact, named in the text)`.
    pub exposed: Vec<(String, f64, bool)>,
}

/// The host of a URL, without a leading `www.`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(host))
}

impl Store {
    /// Every stored claim, optionally about one ticker or of one
    /// document, in document order.
    pub fn claims_to_verify(
        &self,
        ticker: Option<&str>,
        doc: Option<i64>,
    ) -> Result<Vec<StoredClaim>> {
        let mut sql = String::from(
            "SELECT c.id, c.doc_id, c.ticker, c.direction, c.pct, c.price, c.\"when\", c.scope,
                    d.published, d.site, d.url, c.sentence, c.day
             FROM claims c JOIN documents d ON d.id = c.doc_id",
        );
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        if let Some(t) = ticker {
            values.push(Value::Text(t.to_uppercase()));
            conditions.push(format!("c.ticker = ?{}", values.len()));
        }
        if let Some(doc) = doc {
            values.push(Value::Integer(doc));
            conditions.push(format!("c.doc_id = ?{}", values.len()));
        }
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY d.published_day IS NULL, d.published_day, c.doc_id, c.ordinal");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |r| {
            let site: Option<String> = r.get(9)?;
            let url: Option<String> = r.get(10)?;
            Ok(StoredClaim {
                id: r.get(0)?,
                doc_id: r.get(1)?,
                ticker: r.get(2)?,
                direction: r.get(3)?,
                pct: r.get(4)?,
                price: r.get(5)?,
                when: r.get(6)?,
                day: r.get(12)?,
                scope: r.get(7)?,
                published: r.get(8)?,
                outlet: site
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| url.as_deref().and_then(host).map(str::to_string)),
                text: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The days on which any of `tickers` has a price: the sessions of their
    /// market.
    pub fn trading_days(&self, tickers: &[String]) -> Result<Vec<jiff::civil::Date>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT day FROM prices WHERE ticker = ?1")?;
        let mut days = Vec::new();
        for ticker in tickers {
            for day in stmt.query_map([ticker], |r| r.get::<_, String>(0))? {
                let day = day?;
                days.push(day.parse().map_err(|_| {
                    crate::StoreError::Corrupt(format!("price day {day:?} of {ticker}"))
                })?);
            }
        }
        days.sort_unstable();
        days.dedup();
        Ok(days)
    }

    /// Events matching the filter, oldest first, with their documents'
    /// publication and exposed tickers.
    pub fn study_events(&self, filter: &EventFilter) -> Result<Vec<StudyEvent>> {
        let mut events = self.events(filter)?;
        events.reverse();
        let mut published = self
            .conn
            .prepare_cached("SELECT published FROM documents WHERE id = ?1")?;
        let mut impacts = self.conn.prepare_cached(
            "SELECT ticker, impact, named FROM impacts WHERE doc_id = ?1
             ORDER BY abs(impact) DESC, ticker",
        )?;
        let mut out = Vec::with_capacity(events.len());
        for event in events {
            let doc = event.doc.id;
            let published: Option<String> = published.query_row([doc], |r| r.get(0))?;
            let exposed = impacts
                .query_map([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            out.push(StudyEvent {
                event,
                published,
                exposed,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn outlets_from_urls() {
        assert_eq!(
            host("https://www.reuters.com/markets/x"),
            Some("reuters.com")
        );
        assert_eq!(
            host("http://user@news.example:8080/a?b"),
            Some("news.example")
        );
        assert_eq!(host("not a url"), None);
        assert_eq!(host("file:///tmp/a.html"), None);
    }
}
