//! `monazite verify`: the stored claims against the stored prices, and
//! what the market commands share (the calendar, the clock, publications).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use monazite_market::calendar::{is_us_listing, Calendar};
use monazite_market::session::{MarketClock, Published};
use monazite_market::verify::{
    track_records, Claim, Verdict, Verification, Verifier, DEFAULT_TOLERANCE,
};
use monazite_market::Series;
use monazite_report::json::{BriefRecord, MoveCheck};
use monazite_report::wire;
use monazite_store::evidence::StoredClaim;
use monazite_store::Store;
use monazite_types::MoveScope;

use crate::flags::VerifyFlags;
use crate::queries::{open_existing, print_json_lines, print_table};
use crate::table::{opt, Table};

/// A stored publication (`Published`'s text form), `None` when the text is
/// in no known form: history only leaves such a document undated.
pub(crate) fn published(text: &str) -> Option<Published> {
    text.parse().ok()
}

/// The US sessions the stored prices show.
pub(crate) fn us_calendar(store: &Store) -> anyhow::Result<Calendar> {
    let tickers: Vec<String> = store
        .price_tickers()?
        .into_iter()
        .map(|t| t.ticker)
        .filter(|t| is_us_listing(t))
        .collect();
    Ok(Calendar::from_days(store.trading_days(&tickers)?))
}

/// The US calendar, for commands that cannot go on without prices.
pub(crate) fn required_us_calendar(store: &Store, db: &Path) -> anyhow::Result<Calendar> {
    let calendar = us_calendar(store)?;
    if calendar.is_empty() {
        anyhow::bail!(
            "the store {} holds no US prices: run `monazite prices import` first",
            db.display()
        );
    }
    Ok(calendar)
}

/// The New York market clock (time zone data bundled in the binary).
pub(crate) fn clock() -> anyhow::Result<MarketClock> {
    MarketClock::new_york().context("loading the America/New_York time zone")
}

/// Series by ticker, read from the store once each.
#[derive(Debug)]
struct SeriesCache<'a> {
    store: &'a Store,
    loaded: BTreeMap<String, Option<Series>>,
}

impl SeriesCache<'_> {
    fn get(&mut self, ticker: &str) -> anyhow::Result<Option<&Series>> {
        if !self.loaded.contains_key(ticker) {
            let series = self.store.series(ticker)?;
            self.loaded.insert(ticker.to_string(), series);
        }
        Ok(self.loaded[ticker].as_ref())
    }
}

/// Checks claimed moves against the stored prices: the stored claims
/// (`verify`, `show`) and those of fresh briefs (`analyze`).
#[derive(Debug)]
pub(crate) struct MoveChecker<'a> {
    clock: MarketClock,
    calendar: Calendar,
    tolerance: f64,
    series: SeriesCache<'a>,
}

impl<'a> MoveChecker<'a> {
    /// A checker on `calendar`, the US sessions of the store's prices.
    fn new(store: &'a Store, calendar: Calendar, tolerance: f64) -> anyhow::Result<Self> {
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
    pub(crate) fn load(
        store: &'a Store,
        calendar: &Calendar,
    ) -> anyhow::Result<Option<MoveChecker<'a>>> {
        if calendar.is_empty() {
            return Ok(None);
        }
        MoveChecker::new(store, calendar.clone(), DEFAULT_TOLERANCE).map(Some)
    }

    /// The claim against its ticker's prices, read once per ticker; a
    /// claim read back wrong (`Err`: why) is unverifiable for that reason.
    fn verify(&mut self, claim: &Result<Claim, String>) -> anyhow::Result<Verification> {
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

    /// Each stored claim with its verification.
    fn check<'c>(
        &mut self,
        claims: &'c [StoredClaim],
    ) -> anyhow::Result<Vec<(&'c StoredClaim, Verification)>> {
        claims
            .iter()
            .map(|c| Ok((c, self.verify(&claim_of(c))?)))
            .collect()
    }

    /// The stored claims of one document with their verifications.
    pub(crate) fn check_document(
        &mut self,
        doc: i64,
    ) -> anyhow::Result<Vec<(StoredClaim, Verification)>> {
        let claims = self.series.store.claims_to_verify(None, Some(doc))?;
        let checks = claims
            .iter()
            .map(|c| self.verify(&claim_of(c)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(claims.into_iter().zip(checks).collect())
    }

    /// Sets the `check` of each of the brief's price moves, dated by the
    /// brief's publication.
    pub(crate) fn annotate(&mut self, record: &mut BriefRecord) -> anyhow::Result<()> {
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

fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{x:+.1}%"))
}

/// A claim and its check as `verify --json` and `show --json` print it.
pub(crate) fn checked_claim(c: &StoredClaim, v: &Verification) -> wire::CheckedClaim {
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

/// What the claim says: its percentage, else its price, else its
/// direction.
fn claimed_text(c: &StoredClaim, v: &Verification) -> String {
    match (v.claimed_pct, c.price) {
        (Some(_), _) => signed(v.claimed_pct),
        (None, Some(p)) => format!("${p}"),
        (None, None) => c.direction.clone(),
    }
}

/// One line of a check for people: the claim, the verdict and why.
pub(crate) fn verdict_line(c: &StoredClaim, v: &Verification) -> String {
    let claimed = claimed_text(c, v);
    let session = v
        .session
        .map_or_else(|| "no session".into(), |d| d.to_string());
    format!(
        "{} {claimed} ({session}): {}, actual {} — {}",
        c.ticker,
        v.verdict.as_str(),
        signed(v.actual_pct),
        v.note
    )
}

pub fn verify(db: &Path, flags: &VerifyFlags) -> anyhow::Result<ExitCode> {
    if !(flags.tolerance.is_finite() && flags.tolerance >= 0.0) {
        anyhow::bail!(
            "--tolerance must be a number of points ≥ 0, got {}",
            flags.tolerance
        );
    }
    let store = open_existing(db)?;
    let claims = store.claims_to_verify(flags.ticker.as_deref(), flags.doc)?;
    let calendar = required_us_calendar(&store, db)?;
    let checked = MoveChecker::new(&store, calendar, flags.tolerance)?.check(&claims)?;
    if flags.json {
        print_json_lines(checked.iter().map(|(c, v)| checked_claim(c, v)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&[
        "claim", "doc", "session", "ticker", "claimed", "actual", "verdict", "outlet", "why",
    ]);
    for (c, v) in &checked {
        table.row(vec![
            c.id.to_string(),
            c.doc_id.to_string(),
            opt(v.session.map(|d| d.to_string()).as_ref()),
            c.ticker.clone(),
            claimed_text(c, v),
            signed(v.actual_pct),
            v.verdict.as_str().to_string(),
            opt(c.outlet.as_ref()),
            v.note.clone(),
        ]);
    }
    let empty = if flags.ticker.is_some() || flags.doc.is_some() {
        "no stored claims match"
    } else {
        "no claims in the store"
    };
    print_table(&table, empty)?;
    let records = track_records(
        checked
            .iter()
            .map(|(c, v)| (c.outlet.as_deref().unwrap_or("(unknown outlet)"), v)),
    );
    if !records.is_empty() {
        println!();
        let mut table = Table::new(&[
            "outlet",
            "claims",
            "confirmed",
            "off",
            "unverifiable",
            "hit rate",
            "mean error",
        ]);
        for r in &records {
            table.row(vec![
                r.outlet.clone(),
                r.claims.to_string(),
                r.confirmed.to_string(),
                r.off.to_string(),
                r.unverifiable.to_string(),
                r.hit_rate()
                    .map_or_else(|| "-".into(), |h| format!("{:.0}%", h * 100.0)),
                r.mean_error
                    .map_or_else(|| "-".into(), |e| format!("{e:.2} pts")),
            ]);
        }
        print_table(&table, "")?;
    }
    let count = |verdict| checked.iter().filter(|(_, v)| v.verdict == verdict).count();
    eprintln!(
        "claims {}: confirmed {}, off {}, unverifiable {}",
        checked.len(),
        count(Verdict::Confirmed),
        count(Verdict::Off),
        count(Verdict::Unverifiable)
    );
    Ok(ExitCode::SUCCESS)
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
}
