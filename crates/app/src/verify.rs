//! Claimed price moves against the stored prices: the stored claims
//! (`verify`, `show`) and those of fresh briefs (`analyze`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use monazite_market::calendar::Calendar;
use monazite_market::session::{MarketClock, Published};
use monazite_market::verify::{Claim, Verification, Verifier, DEFAULT_TOLERANCE};
use monazite_market::Series;
use monazite_report::json::{BriefRecord, MoveCheck};
use monazite_report::wire;
use monazite_store::evidence::StoredClaim;
use monazite_store::Store;
use monazite_types::MoveScope;

use crate::market::{clock, required_us_calendar};
use crate::{AppError, Result};

/// Which stored claims to check, and how strictly.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyRequest {
    /// Only the claims about this ticker.
    pub ticker: Option<String>,
    /// Only the claims of this document.
    pub doc: Option<i64>,
    /// Points of difference a claimed percentage may be off and still be
    /// confirmed.
    pub tolerance: f64,
}

impl Default for VerifyRequest {
    fn default() -> Self {
        VerifyRequest {
            ticker: None,
            doc: None,
            tolerance: DEFAULT_TOLERANCE,
        }
    }
}

impl VerifyRequest {
    /// Refuses a request no store could answer; [`verify`] asks it first,
    /// and a front end may ask before it opens the store.
    pub fn validate(&self) -> Result<()> {
        if !(self.tolerance.is_finite() && self.tolerance >= 0.0) {
            return Err(AppError::BadTolerance(self.tolerance));
        }
        Ok(())
    }
}

/// A stored claim with its check.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub claim: StoredClaim,
    pub verification: Verification,
}

impl Checked {
    /// The wire record (`verify --json`, `show --json`, the server).
    pub fn to_wire(&self) -> wire::CheckedClaim {
        let (c, v) = (&self.claim, &self.verification);
        wire::CheckedClaim {
            schema: wire::schema("checked_claim"),
            claim: c.id,
            doc: c.doc_id,
            ticker: c.ticker.clone(),
            outlet: c.outlet.clone(),
            text: c.text.clone(),
            published: c.published.clone(),
            scope: c.scope.clone().unwrap_or_else(|| "session".into()),
            session: v.session.map(|d| d.to_string()),
            basis: v.basis.map(|b| b.as_str().to_string()),
            claimed_pct: v.claimed_pct.map(|x| wire::rounded(x, 2)),
            actual_pct: v.actual_pct.map(|x| wire::rounded(x, 2)),
            range_pct: v
                .range_pct
                .map(|(l, h)| [wire::rounded(l, 2), wire::rounded(h, 2)]),
            verdict: v.verdict.as_str().to_string(),
            note: v.note.clone(),
        }
    }
}

/// The stored claims the request selects, each with its check, in the
/// store's order. The store must hold US prices.
pub fn verify(store: &Store, request: &VerifyRequest) -> Result<Vec<Checked>> {
    request.validate()?;
    let claims = store.claims_to_verify(request.ticker.as_deref(), request.doc)?;
    let calendar = required_us_calendar(store)?;
    MoveChecker::new(store, calendar, request.tolerance)?.check(claims)
}

/// Series by ticker, read from the store once each.
#[derive(Debug)]
struct SeriesCache<'a> {
    store: &'a Store,
    loaded: BTreeMap<String, Option<Series>>,
}

impl SeriesCache<'_> {
    fn get(&mut self, ticker: &str) -> Result<Option<&Series>> {
        if !self.loaded.contains_key(ticker) {
            let series = self.store.series(ticker)?;
            self.loaded.insert(ticker.to_string(), series);
        }
        Ok(self.loaded[ticker].as_ref())
    }
}

/// Checks claimed moves against the stored prices, reading each ticker's
/// series once.
#[derive(Debug)]
pub struct MoveChecker<'a> {
    clock: MarketClock,
    calendar: Calendar,
    tolerance: f64,
    series: SeriesCache<'a>,
}

impl<'a> MoveChecker<'a> {
    /// A checker on `calendar`, the US sessions of the store's prices.
    fn new(store: &'a Store, calendar: Calendar, tolerance: f64) -> Result<Self> {
        Ok(MoveChecker {
            clock: clock()?,
            calendar,
            tolerance,
            series: SeriesCache {
                store,
                loaded: BTreeMap::new(),
            },
        })
    }

    /// With the default tolerance; `None` when the calendar is empty (the
    /// store holds no US prices).
    pub fn load(store: &'a Store, calendar: &Calendar) -> Result<Option<MoveChecker<'a>>> {
        if calendar.is_empty() {
            return Ok(None);
        }
        MoveChecker::new(store, calendar.clone(), DEFAULT_TOLERANCE).map(Some)
    }

    /// The claim against its ticker's prices; a claim read back wrong
    /// (`Err`: why) is unverifiable for that reason.
    fn verify(&mut self, claim: &Result<Claim, String>) -> Result<Verification> {
        let claim = match claim {
            Ok(claim) => claim,
            Err(why) => return Ok(Verification::unverifiable(None, None, why.clone())),
        };
        let verifier = Verifier {
            clock: &self.clock,
            calendar: &self.calendar,
            tolerance: self.tolerance,
        };
        Ok(verifier.verify(claim, self.series.get(&claim.ticker)?))
    }

    /// Each stored claim with its check.
    fn check(&mut self, claims: Vec<StoredClaim>) -> Result<Vec<Checked>> {
        claims
            .into_iter()
            .map(|claim| {
                let verification = self.verify(&claim_of(&claim))?;
                Ok(Checked {
                    claim,
                    verification,
                })
            })
            .collect()
    }

    /// The stored claims of one document with their checks.
    pub fn check_document(&mut self, doc: i64) -> Result<Vec<Checked>> {
        let claims = self.series.store.claims_to_verify(None, Some(doc))?;
        self.check(claims)
    }

    /// Sets the `check` of each of the brief's price moves, dated by the
    /// brief's publication.
    pub fn annotate(&mut self, record: &mut BriefRecord) -> Result<()> {
        let published = record.published.as_deref().map(read_published).transpose();
        for m in &mut record.price_moves {
            let claim = published.clone().and_then(|published| {
                Ok(Claim {
                    ticker: m.ticker.clone(),
                    direction: read(&m.direction)?,
                    pct: m.pct,
                    price: m.price,
                    scope: read(&m.scope)?,
                    date: m.date.as_deref().map(read_day).transpose()?,
                    published,
                })
            });
            let v = self.verify(&claim)?;
            m.check = Some(MoveCheck {
                verdict: v.verdict.as_str().to_string(),
                session: v.session.map(|d| d.to_string()),
                basis: v.basis.map(|b| b.as_str().to_string()),
                actual_pct: v.actual_pct.map(|x| wire::rounded(x, 2)),
                note: v.note,
            });
        }
        Ok(())
    }
}

/// A wire name (a direction, a scope), or the error naming it.
fn read<T: std::str::FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

/// A publication as the store and briefs write it, or the error naming it.
fn read_published(text: &str) -> Result<Published, String> {
    read(text)
}

/// A claim's day, `YYYY-MM-DD`.
fn read_day(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|e| format!("claim day {text:?} is no YYYY-MM-DD date: {e}"))
}

/// A stored claim as the verifier takes it, or why it cannot be checked
/// (a direction, scope, day or publication the store holds in no known
/// form).
fn claim_of(stored: &StoredClaim) -> Result<Claim, String> {
    Ok(Claim {
        ticker: stored.ticker.clone(),
        direction: read(&stored.direction)?,
        pct: stored.pct,
        price: stored.price,
        // Claims stored before scopes have none: they were all read as a
        // session's move (`monazite reanalyze` fills the scope in).
        scope: match stored.scope.as_deref() {
            Some(scope) => read(scope)?,
            None => MoveScope::Session,
        },
        date: stored.day.as_deref().map(read_day).transpose()?,
        published: stored
            .published
            .as_deref()
            .map(read_published)
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use monazite_types::Direction;

    fn stored(direction: &str, scope: Option<&str>, day: &str, published: &str) -> StoredClaim {
        StoredClaim {
            id: 1,
            doc_id: 1,
            ticker: "MP".into(),
            direction: direction.into(),
            pct: Some(21.0),
            price: None,
            when: Some("Monday".into()),
            day: Some(day.into()),
            scope: scope.map(Into::into),
            published: Some(published.into()),
            outlet: None,
            text: "MP rose 21% on Monday".into(),
        }
    }

    #[test]
    fn a_stored_claim_reads_back_with_its_resolved_day() {
        let claim = claim_of(&stored("down", Some("week"), "2025-10-13", "2025-10-14")).unwrap();
        assert_eq!(claim.direction, Direction::Down);
        assert_eq!(claim.scope, MoveScope::Week);
        assert_eq!(claim.date, Some(date(2025, 10, 13)));
        assert_eq!(claim.published, Some(Published::Day(date(2025, 10, 14))));
        // Claims stored before scopes were session moves.
        let claim = claim_of(&stored("up", None, "2025-10-13", "2025-10-14T21:00:00Z")).unwrap();
        assert_eq!(claim.scope, MoveScope::Session);
    }

    #[test]
    fn a_stored_claim_in_no_known_form_is_refused_naming_the_text() {
        let cases = [
            (
                stored("sideways", None, "2025-10-13", "2025-10-14"),
                "\"sideways\"",
            ),
            (
                stored("up", Some("hourly"), "2025-10-13", "2025-10-14"),
                "\"hourly\"",
            ),
            (
                stored("up", None, "13/10/2025", "2025-10-14"),
                "\"13/10/2025\"",
            ),
            (stored("up", None, "2025-10-13", "soon"), "\"soon\""),
        ];
        for (claim, named) in cases {
            let why = claim_of(&claim).unwrap_err();
            assert!(why.contains(named), "{why}");
        }
    }

    #[test]
    fn a_tolerance_that_is_no_number_of_points_is_refused() {
        for tolerance in [-0.5, f64::NAN, f64::INFINITY] {
            let request = VerifyRequest {
                tolerance,
                ..VerifyRequest::default()
            };
            assert!(
                matches!(request.validate(), Err(AppError::BadTolerance(_))),
                "{tolerance}"
            );
        }
        assert!(VerifyRequest::default().validate().is_ok());
    }

    #[test]
    fn verifying_needs_us_prices() {
        let store = Store::open_in_memory().unwrap();
        assert!(matches!(
            verify(&store, &VerifyRequest::default()),
            Err(AppError::NoUsPrices)
        ));
    }
}
