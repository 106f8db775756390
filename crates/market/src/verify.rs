//! Checking a claimed stock move against daily prices.
//!
//! A claim is first placed on a session: the earlier day its time
//! reference names, as the analysis resolved it (the brief's `date`: "on
//! Monday" is the latest Monday on or before the publication day), else
//! the session its publication time points at, the publication day being
//! today (news of a weekend or of the morning before the open speaks of the
//! last close; news during the session of that session so far). The English
//! of the reference is not read again here. Then it is compared
//! with the figure it speaks of, in percentage points of the previous
//! close:
//!
//! | scope | compared with |
//! |---|---|
//! | session, after the close | the close-to-close return |
//! | session, while open; intraday | the session's range: the claimed level must lie between low and high |
//! | peak ("as much as") | the high (up) or low (down) against the previous close |
//! | year to date | the close against the last close of the previous year |
//! | week | the close against the last close before the week |
//! | premarket | the open: confirms a match, cannot refute (premarket trades are not in daily bars) |
//! | after hours | nothing in daily bars: unverifiable |
//!
//! A claimed price level ("to $95.57") is checked the same way, against the
//! close or the range.

use jiff::civil::Date;
use monazite_types::{Direction, MoveScope};

use crate::calendar::Calendar;
use crate::series::{Bar, Series};
use crate::session::{MarketClock, MarketTime, Phase, Published};

/// The default largest gap, in percentage points, between a claimed and an
/// actual move that still confirms the claim: news rounds 21.3% to 21%.
pub const DEFAULT_TOLERANCE: f64 = 0.5;

/// Why a move over months or years is not checked.
const PERIOD_NOTE: &str = "a move over months or years, which no session places";

/// A claim as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub ticker: String,
    pub direction: Direction,
    /// The claimed move in percent, unsigned as written (`direction` gives
    /// the sign).
    pub pct: Option<f64>,
    /// A claimed price level.
    pub price: Option<f64>,
    pub scope: MoveScope,
    /// The day the claim's time reference names, as the analysis resolved
    /// it against the publication day ("Monday", "yesterday"); `None`, or
    /// the publication day itself, when it names none: the publication is
    /// then today and its time places the claim.
    pub date: Option<Date>,
    pub published: Option<Published>,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Confirmed,
    Off,
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Off => "off",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// The figure a claim was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Close,
    Range,
    High,
    Low,
    Open,
    YearToDate,
    Week,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Close => "close",
            Basis::Range => "range",
            Basis::High => "high",
            Basis::Low => "low",
            Basis::Open => "open",
            Basis::YearToDate => "year_to_date",
            Basis::Week => "week",
        }
    }
}

/// What the prices say of one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub verdict: Verdict,
    /// The session the claim was placed on.
    pub session: Option<Date>,
    pub basis: Option<Basis>,
    /// The claimed move, signed, in percent.
    pub claimed_pct: Option<f64>,
    /// The actual figure on the basis, signed, in percent (for a range, the
    /// close-to-close return).
    pub actual_pct: Option<f64>,
    /// The session's low and high against the previous close, in percent.
    pub range_pct: Option<(f64, f64)>,
    /// Why, in a few words: what was compared, or what was missing.
    pub note: String,
}

impl Verification {
    /// A claim that could not be checked, and why (the caller's reasons
    /// too: a claim whose stored direction is unknown).
    pub fn unverifiable(
        session: Option<Date>,
        claimed: Option<f64>,
        note: impl Into<String>,
    ) -> Self {
        Verification {
            verdict: Verdict::Unverifiable,
            session,
            basis: None,
            claimed_pct: claimed,
            actual_pct: None,
            range_pct: None,
            note: note.into(),
        }
    }

    /// |claimed − actual| in points, where both are known on a single figure.
    pub fn error_points(&self) -> Option<f64> {
        match (self.claimed_pct, self.actual_pct, self.basis) {
            (Some(c), Some(a), Some(b)) if b != Basis::Range => Some((c - a).abs()),
            _ => None,
        }
    }
}

/// Checks claims against prices on one calendar and clock.
#[derive(Debug, Clone)]
pub struct Verifier<'a> {
    pub clock: &'a MarketClock,
    pub calendar: &'a Calendar,
    /// Points of the previous close (see [`DEFAULT_TOLERANCE`]).
    pub tolerance: f64,
}

/// The move in percent from `from` to `to`.
fn pct(from: f64, to: f64) -> f64 {
    (to / from - 1.0) * 100.0
}

impl Verifier<'_> {
    /// Checks one claim against the ticker's prices (`None`: none imported).
    pub fn verify(&self, claim: &Claim, series: Option<&Series>) -> Verification {
        let claimed = claim.pct.map(|p| match claim.direction {
            Direction::Up => p.abs(),
            Direction::Down => -p.abs(),
        });
        let Some(series) = series.filter(|s| !s.is_empty()) else {
            return Verification::unverifiable(
                None,
                claimed,
                format!("no prices for {}", claim.ticker),
            );
        };
        if claim.scope == MoveScope::Period {
            return Verification::unverifiable(None, claimed, PERIOD_NOTE);
        }
        let placed = match self.session(claim) {
            Ok(p) => p,
            Err(why) => return Verification::unverifiable(None, claimed, why),
        };
        let first = self.check_on(claim, claimed, series, placed.session, placed.still_open);
        // Known only by its day, news may speak of that day's session or
        // of the one before (a morning story about yesterday's close): the
        // closer of the two is the one it speaks of.
        let Some(other) = placed.or_before else {
            return first;
        };
        let second = self.check_on(claim, claimed, series, other, false);
        let rank = |v: &Verification| match v.verdict {
            Verdict::Confirmed => (0, 0.0),
            Verdict::Off => (1, v.error_points().unwrap_or(f64::MAX)),
            Verdict::Unverifiable => (2, 0.0),
        };
        let (a, b) = (rank(&first), rank(&second));
        let mut best = if b.0 < a.0 || (b.0 == a.0 && b.1 < a.1) {
            second
        } else {
            first
        };
        best.note
            .push_str("; published on a day without a time: that session or the one before");
        best
    }

    /// Checks a claim against one session's bar.
    fn check_on(
        &self,
        claim: &Claim,
        claimed: Option<f64>,
        series: &Series,
        session: Date,
        still_open: bool,
    ) -> Verification {
        let Some(bar) = series.bar(session) else {
            return Verification::unverifiable(
                Some(session),
                claimed,
                format!("no {} bar on {session}", claim.ticker),
            );
        };
        let check = Check {
            claim,
            claimed,
            session,
            bar,
            series,
            tolerance: self.tolerance,
        };
        match claim.scope {
            MoveScope::Session if still_open => check.range(),
            MoveScope::Session => check.close(),
            MoveScope::Intraday => check.range(),
            MoveScope::Peak => check.peak(),
            MoveScope::Premarket => check.premarket(),
            MoveScope::AfterHours => Verification::unverifiable(
                Some(session),
                claimed,
                "after-hours trades are not in daily bars",
            ),
            MoveScope::Period => Verification::unverifiable(Some(session), claimed, PERIOD_NOTE),
            MoveScope::YearToDate => {
                let start = Date::new(session.year(), 1, 1).ok();
                check.since(start, Basis::YearToDate)
            }
            MoveScope::Week => {
                let monday = session
                    .checked_sub(jiff::Span::new().days(session.weekday().to_monday_zero_offset()))
                    .ok();
                check.since(monday, Basis::Week)
            }
        }
    }

    /// The session a claim speaks of, whether it was still trading when the
    /// claim was published, and the session before when the publication
    /// has no time.
    fn session(&self, claim: &Claim) -> Result<Placement, String> {
        let time = claim
            .published
            .map(|p| self.clock.market_time(p, self.calendar))
            .ok_or("the publication date is unknown")?;
        // Only a day before the New York publication day is another
        // session's. The analysis dates "today" (and words it takes for
        // today, such as "premarket") by the publication's UTC day, which
        // in the New York evening is already tomorrow: that too is today.
        let day = claim.date.filter(|d| *d < time.date);
        let session = match day {
            // A week's move ("last week") ends at that week's last session.
            Some(d) if claim.scope == MoveScope::Week => self.calendar.on_or_before(d),
            Some(d) if self.calendar.is_session(d) => Some(d),
            Some(d) if self.calendar.covers(d) => {
                return Err(format!("no US session on {d}"));
            }
            Some(d) => return Err(format!("{d} is outside the imported prices")),
            None => self.implied_session(claim.scope, time),
        };
        let session = session.ok_or_else(|| {
            format!(
                "no session in the imported prices for news of {}",
                time.date
            )
        })?;
        let still_open = time.phase == Some(Phase::Open) && time.date == session;
        let or_before = match (day, time.phase, claim.scope) {
            (None, None, MoveScope::Session) => self.calendar.before(session),
            _ => None,
        };
        Ok(Placement {
            session,
            still_open,
            or_before,
        })
    }

    /// The session a claim without a named day speaks of: the last one to
    /// trade when it was published, or today's for premarket news.
    fn implied_session(&self, scope: MoveScope, time: MarketTime) -> Option<Date> {
        let today = self.calendar.is_session(time.date);
        match (scope, time.phase) {
            (MoveScope::Premarket, _) if today => Some(time.date),
            (MoveScope::Premarket, _) => self.calendar.after(time.date),
            (_, Some(Phase::BeforeOpen)) => self.calendar.before(time.date),
            _ => self.calendar.on_or_before(time.date),
        }
    }
}

/// Where a claim was placed.
#[derive(Debug, Clone, Copy)]
struct Placement {
    session: Date,
    still_open: bool,
    /// The session before, when the publication's time is unknown.
    or_before: Option<Date>,
}

/// One claim against one bar.
struct Check<'a> {
    claim: &'a Claim,
    claimed: Option<f64>,
    session: Date,
    bar: &'a Bar,
    series: &'a Series,
    tolerance: f64,
}

impl Check<'_> {
    fn result(
        &self,
        verdict: Verdict,
        basis: Basis,
        actual: Option<f64>,
        range: Option<(f64, f64)>,
        note: String,
    ) -> Verification {
        Verification {
            verdict,
            session: Some(self.session),
            basis: Some(basis),
            claimed_pct: self.claimed,
            actual_pct: actual,
            range_pct: range,
            note,
        }
    }

    fn unverifiable(&self, note: impl Into<String>) -> Verification {
        Verification::unverifiable(Some(self.session), self.claimed, note)
    }

    fn previous_close(&self) -> Option<f64> {
        self.series.before(self.session).map(|b| b.close)
    }

    /// The close before the session, or the verdict that without it the
    /// claim cannot be checked.
    fn close_before(&self) -> Result<f64, Verification> {
        self.previous_close().ok_or_else(|| {
            self.unverifiable(format!(
                "no {} close before {}",
                self.claim.ticker, self.session
            ))
        })
    }

    /// Close to close: the claimed figure within the tolerance of the
    /// actual one, a claimed level within the tolerance of the close, a bare
    /// direction on the right side.
    fn close(&self) -> Verification {
        let previous = match self.close_before() {
            Ok(close) => close,
            Err(unverifiable) => return unverifiable,
        };
        let actual = pct(previous, self.bar.close);
        self.against(actual, self.bar.close, Basis::Close)
    }

    /// A single reference figure (`actual`, reached at price `level`).
    ///
    /// A claimed percentage decides; a claimed level decides only without
    /// one, since adjusted closes (the only closes many sources give) sit
    /// below the prices traded. A bare direction is off only when the
    /// price moved the other way by more than the tolerance.
    fn against(&self, actual: f64, level: f64, basis: Basis) -> Verification {
        let within = |points: f64| points.abs() <= self.tolerance;
        let (verdict, claim) = match (self.claimed, self.claim.price) {
            (Some(claimed), _) => (
                Some(within(claimed - actual)),
                format!("claimed {claimed:+.1}%"),
            ),
            (None, Some(price)) => (
                Some(within(pct(level, price))),
                format!("claimed level {price}, actual {level:.2}"),
            ),
            (None, None) => {
                let signed = match self.claim.direction {
                    Direction::Up => actual,
                    Direction::Down => -actual,
                };
                let verdict = if signed > 0.0 {
                    Some(true)
                } else if signed < -self.tolerance {
                    Some(false)
                } else {
                    None
                };
                (verdict, "claimed a direction".to_string())
            }
        };
        let mut note = format!("{} {:+.1}% ({claim})", basis.as_str(), actual);
        if let (Some(_), Some(price)) = (self.claimed, self.claim.price) {
            if !within(pct(level, price)) {
                note.push_str(&format!(
                    "; the stated level {price} differs from {level:.2} (adjusted prices?)"
                ));
            }
        }
        match verdict {
            Some(true) => self.result(Verdict::Confirmed, basis, Some(actual), None, note),
            Some(false) => self.result(Verdict::Off, basis, Some(actual), None, note),
            None => self.result(
                Verdict::Unverifiable,
                basis,
                Some(actual),
                None,
                format!("{note}: a move this small cannot tell a direction"),
            ),
        }
    }

    /// Within the session's range: the claimed level between the low and
    /// the high, widened by the tolerance.
    fn range(&self) -> Verification {
        let (Some(low), Some(high)) = (self.bar.low, self.bar.high) else {
            return self.unverifiable(format!(
                "an intraday claim, and the {} prices have no high and low",
                self.claim.ticker
            ));
        };
        let previous = match self.close_before() {
            Ok(close) => close,
            Err(unverifiable) => return unverifiable,
        };
        let (low_pct, high_pct) = (pct(previous, low), pct(previous, high));
        let inside = |p: f64| low_pct - self.tolerance <= p && p <= high_pct + self.tolerance;
        // As for a close: the percentage decides, else the level, else the
        // direction.
        let ok = match (self.claimed, self.claim.price) {
            (Some(claimed), _) => inside(claimed),
            (None, Some(price)) => inside(pct(previous, price)),
            (None, None) => match self.claim.direction {
                Direction::Up => high_pct > 0.0,
                Direction::Down => low_pct < 0.0,
            },
        };
        let verdict = if ok { Verdict::Confirmed } else { Verdict::Off };
        let close = pct(previous, self.bar.close);
        let note = format!(
            "range {low_pct:+.1}% to {high_pct:+.1}% (low {low:.2}, high {high:.2}), close {close:+.1}%"
        );
        self.result(
            verdict,
            Basis::Range,
            Some(close),
            Some((low_pct, high_pct)),
            note,
        )
    }

    /// The session's extreme in the claim's direction.
    fn peak(&self) -> Verification {
        let (extreme, basis) = match self.claim.direction {
            Direction::Up => (self.bar.high, Basis::High),
            Direction::Down => (self.bar.low, Basis::Low),
        };
        let Some(extreme) = extreme else {
            return self.unverifiable(format!(
                "a claim about the session's extreme, and the {} prices have no high and low",
                self.claim.ticker
            ));
        };
        let previous = match self.close_before() {
            Ok(close) => close,
            Err(unverifiable) => return unverifiable,
        };
        self.against(pct(previous, extreme), extreme, basis)
    }

    /// Premarket trades are not in daily bars; the open agreeing with the
    /// claim confirms it, an open elsewhere does not refute it.
    fn premarket(&self) -> Verification {
        let (Some(open), Some(previous)) = (self.bar.open, self.previous_close()) else {
            return self.unverifiable("a premarket claim, and no open to compare with");
        };
        let checked = self.against(pct(previous, open), open, Basis::Open);
        if checked.verdict == Verdict::Confirmed {
            return checked;
        }
        Verification {
            verdict: Verdict::Unverifiable,
            note: format!(
                "premarket trades are not in daily bars; the session opened {:+.1}%",
                pct(previous, open)
            ),
            ..checked
        }
    }

    /// From the last close before `start` to the session's close.
    fn since(&self, start: Option<Date>, basis: Basis) -> Verification {
        let Some(base) = start.and_then(|d| self.series.before(d)) else {
            return self.unverifiable(format!(
                "no {} close before {}",
                self.claim.ticker,
                start.map_or_else(|| self.session.to_string(), |d| d.to_string())
            ));
        };
        let actual = pct(base.close, self.bar.close);
        let mut checked = self.against(actual, self.bar.close, basis);
        checked.note = format!("{} since the close of {}", checked.note, base.date);
        checked
    }
}

/// How one outlet's claims fared.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRecord {
    pub outlet: String,
    pub claims: usize,
    pub confirmed: usize,
    pub off: usize,
    pub unverifiable: usize,
    /// Mean |claimed − actual| in points over claims checked on one figure.
    pub mean_error: Option<f64>,
}

impl TrackRecord {
    /// Confirmed over checked (confirmed + off).
    pub fn hit_rate(&self) -> Option<f64> {
        let checked = self.confirmed + self.off;
        (checked > 0).then(|| self.confirmed as f64 / checked as f64)
    }
}

/// Track records per outlet, most claims first, then by name.
pub fn track_records<'a>(
    checked: impl IntoIterator<Item = (&'a str, &'a Verification)>,
) -> Vec<TrackRecord> {
    let mut by_outlet: std::collections::BTreeMap<&str, (TrackRecord, f64, usize)> =
        Default::default();
    for (outlet, v) in checked {
        let (record, error_sum, errors) = by_outlet.entry(outlet).or_insert_with(|| {
            (
                TrackRecord {
                    outlet: outlet.to_string(),
                    claims: 0,
                    confirmed: 0,
                    off: 0,
                    unverifiable: 0,
                    mean_error: None,
                },
                0.0,
                0,
            )
        });
        record.claims += 1;
        match v.verdict {
            Verdict::Confirmed => record.confirmed += 1,
            Verdict::Off => record.off += 1,
            Verdict::Unverifiable => record.unverifiable += 1,
        }
        if let Some(e) = v.error_points() {
            *error_sum += e;
            *errors += 1;
        }
    }
    let mut records: Vec<TrackRecord> = by_outlet
        .into_values()
        .map(|(mut r, sum, n)| {
            r.mean_error = (n > 0).then(|| sum / n as f64);
            r
        })
        .collect();
    records.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.outlet.cmp(&b.outlet)));
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// MP around the October 2025 rally, as Yahoo has it.
    fn mp() -> Series {
        let bar = |d, o, h, l, c| Bar {
            date: d,
            open: Some(o),
            high: Some(h),
            low: Some(l),
            close: c,
            adj_close: None,
            volume: None,
        };
        Series::new(
            "MP",
            vec![
                Bar::close_only(date(2024, 12, 31), 15.60),
                bar(date(2025, 10, 6), 70.0, 72.0, 69.0, 71.0),
                bar(date(2025, 10, 10), 74.0, 80.0, 73.5, 78.34),
                bar(date(2025, 10, 13), 86.80, 98.97, 85.50, 95.06),
                bar(date(2025, 10, 14), 97.0, 100.25, 94.0, 98.65),
            ],
        )
    }

    fn calendar() -> Calendar {
        Calendar::from_series([&mp()])
    }

    /// A claim about MP, `date` as the analysis resolved its time reference.
    fn claim(pct: Option<f64>, date: Option<&str>, published: &str) -> Claim {
        Claim {
            ticker: "MP".into(),
            direction: Direction::Up,
            pct,
            price: None,
            scope: MoveScope::Session,
            date: date.map(|d| d.parse().unwrap()),
            published: Some(if published.len() == 10 {
                Published::Day(published.parse().unwrap())
            } else {
                Published::Instant(published.parse().unwrap())
            }),
        }
    }

    fn check(claim: &Claim) -> Verification {
        check_against(claim, Some(&mp()))
    }

    /// The claim against `series` on the test calendar, default tolerance.
    fn check_against(claim: &Claim, series: Option<&Series>) -> Verification {
        let clock = MarketClock::new_york().unwrap();
        let calendar = calendar();
        let verifier = Verifier {
            clock: &clock,
            calendar: &calendar,
            tolerance: DEFAULT_TOLERANCE,
        };
        verifier.verify(claim, series)
    }

    #[test]
    fn a_rounded_close_to_close_figure_is_confirmed_and_a_wrong_one_is_off() {
        let v = check(&claim(Some(21.0), Some("2025-10-13"), "2025-10-14"));
        assert_eq!(v.session, Some(date(2025, 10, 13)));
        assert_eq!(v.verdict, Verdict::Confirmed, "{v:?}");
        let actual = v.actual_pct.unwrap();
        assert!((actual - (95.06 / 78.34 - 1.0) * 100.0).abs() < 1e-9);
        let v = check(&claim(Some(22.0), Some("2025-10-13"), "2025-10-14"));
        assert_eq!(v.verdict, Verdict::Off);
        assert!((v.error_points().unwrap() - (22.0 - actual)).abs() < 1e-9);
    }

    #[test]
    fn a_midday_level_is_checked_against_the_range() {
        let mut c = claim(Some(22.0), Some("2025-10-13"), "2025-10-13");
        c.scope = MoveScope::Intraday;
        c.price = Some(95.57);
        let v = check(&c);
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::Range))
        );
        let (low, high) = v.range_pct.unwrap();
        assert!(low < 22.0 && 22.0 < high);
        // Beyond the high: off.
        c.pct = Some(30.0);
        c.price = None;
        assert_eq!(check(&c).verdict, Verdict::Off);
    }

    #[test]
    fn news_published_while_the_session_is_open_speaks_of_the_range() {
        // 17:00 UTC is 13:00 in New York: the close was not known.
        let v = check(&claim(Some(22.0), None, "2025-10-13T17:00:00Z"));
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::Range))
        );
        // The same words after the close speak of the close: off.
        let v = check(&claim(Some(22.0), None, "2025-10-13T21:00:00Z"));
        assert_eq!((v.verdict, v.basis), (Verdict::Off, Some(Basis::Close)));
        // Before the open, the last close is Friday's session.
        let v = check(&claim(Some(22.0), None, "2025-10-13T12:00:00Z"));
        assert_eq!(v.session, Some(date(2025, 10, 10)));
    }

    #[test]
    fn peaks_premarket_year_to_date_and_after_hours() {
        let mut c = claim(Some(26.0), Some("2025-10-13"), "2025-10-14");
        c.scope = MoveScope::Peak;
        let v = check(&c);
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::High))
        );

        let mut c = claim(Some(10.8), Some("2025-10-13"), "2025-10-13T12:00:00Z");
        c.scope = MoveScope::Premarket;
        let v = check(&c);
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::Open))
        );
        c.pct = Some(5.0);
        assert_eq!(check(&c).verdict, Verdict::Unverifiable);

        let mut c = claim(Some(509.0), None, "2025-10-13T21:00:00Z");
        c.scope = MoveScope::YearToDate;
        let v = check(&c);
        assert_eq!(v.basis, Some(Basis::YearToDate));
        assert!((v.actual_pct.unwrap() - (95.06 / 15.60 - 1.0) * 100.0).abs() < 1e-9);
        assert_eq!(v.verdict, Verdict::Confirmed, "{v:?}");

        let mut c = claim(Some(3.0), Some("2025-10-13"), "2025-10-13T21:00:00Z");
        c.scope = MoveScope::AfterHours;
        assert_eq!(check(&c).verdict, Verdict::Unverifiable);
    }

    #[test]
    fn missing_data_is_unverifiable_with_a_reason() {
        let v = check(&claim(Some(5.0), Some("2025-12-08"), "2025-12-09"));
        assert_eq!(v.verdict, Verdict::Unverifiable);
        assert!(v.note.contains("outside the imported prices"), "{}", v.note);
        let mut c = claim(Some(5.0), None, "2025-10-14");
        c.published = None;
        assert!(check(&c).note.contains("publication date is unknown"));
        let v = check_against(&claim(Some(5.0), None, "2025-10-14"), None);
        assert_eq!(v.note, "no prices for MP");
        // A weekday that was no session inside the data.
        let v = check(&claim(Some(5.0), Some("2025-10-08"), "2025-10-09"));
        assert!(v.note.contains("no US session on 2025-10-08"), "{}", v.note);
    }

    #[test]
    fn a_bare_direction_is_checked_by_its_sign() {
        let v = check(&claim(None, Some("2025-10-13"), "2025-10-14"));
        assert_eq!(v.verdict, Verdict::Confirmed);
        let mut c = claim(None, Some("2025-10-13"), "2025-10-14");
        c.direction = Direction::Down;
        assert_eq!(check(&c).verdict, Verdict::Off);
    }

    #[test]
    fn a_day_without_a_time_may_speak_of_the_session_before() {
        // Published Tuesday, day only: Monday's +21.3% is what it claims.
        let v = check(&claim(Some(21.0), None, "2025-10-14"));
        assert_eq!(v.session, Some(date(2025, 10, 13)), "{v:?}");
        assert_eq!(v.verdict, Verdict::Confirmed);
        assert!(v.note.contains("without a time"), "{}", v.note);
        // Tuesday's own +3.8% fits a 4% claim better.
        let v = check(&claim(Some(4.0), None, "2025-10-14"));
        assert_eq!(v.session, Some(date(2025, 10, 14)), "{v:?}");
        assert_eq!(v.verdict, Verdict::Confirmed);
    }

    #[test]
    fn a_percentage_decides_over_a_level_from_adjusted_prices() {
        let mut c = claim(Some(21.0), Some("2025-10-13"), "2025-10-14");
        c.price = Some(96.50);
        let v = check(&c);
        assert_eq!(v.verdict, Verdict::Confirmed, "{v:?}");
        assert!(v.note.contains("differs from 95.06"), "{}", v.note);
        // A level alone decides.
        c.pct = None;
        assert_eq!(check(&c).verdict, Verdict::Off);
        c.price = Some(95.10);
        assert_eq!(check(&c).verdict, Verdict::Confirmed);
    }

    #[test]
    fn a_bare_direction_against_a_tiny_move_is_unverifiable_and_periods_too() {
        // Tuesday 14 Oct: +3.8%. "Fell" is off; on a flat day it could not tell.
        let mut c = claim(None, Some("2025-10-14"), "2025-10-15");
        c.direction = Direction::Down;
        assert_eq!(check(&c).verdict, Verdict::Off);
        let flat = Series::new(
            "MP",
            vec![
                Bar::close_only(date(2025, 10, 10), 78.34),
                Bar::close_only(date(2025, 10, 13), 78.30),
            ],
        );
        let mut up = claim(None, Some("2025-10-13"), "2025-10-14");
        up.direction = Direction::Up;
        assert_eq!(
            check_against(&up, Some(&flat)).verdict,
            Verdict::Unverifiable
        );
        let mut period = claim(Some(98.0), None, "2025-10-14");
        period.scope = MoveScope::Period;
        assert_eq!(check(&period).verdict, Verdict::Unverifiable);
    }

    #[test]
    fn a_date_on_the_publication_day_is_today_and_the_time_places_it() {
        // "today", dated by the analysis, before the open: the last close
        // is Friday's, as for a claim without a date.
        let v = check(&claim(
            Some(22.0),
            Some("2025-10-13"),
            "2025-10-13T12:00:00Z",
        ));
        assert_eq!(v.session, Some(date(2025, 10, 10)), "{v:?}");
        // Monday 21:00 in New York is Tuesday in UTC, the day the analysis
        // dated "today" by: still Monday's session, after its close.
        let v = check(&claim(
            Some(21.0),
            Some("2025-10-14"),
            "2025-10-14T01:00:00Z",
        ));
        assert_eq!(v.session, Some(date(2025, 10, 13)), "{v:?}");
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::Close))
        );
    }

    #[test]
    fn an_earlier_date_names_its_session_whatever_the_publication_time() {
        // "on Monday", published Tuesday during the session: Monday's close.
        let v = check(&claim(
            Some(21.0),
            Some("2025-10-13"),
            "2025-10-14T17:00:00Z",
        ));
        assert_eq!(v.session, Some(date(2025, 10, 13)), "{v:?}");
        assert_eq!(
            (v.verdict, v.basis),
            (Verdict::Confirmed, Some(Basis::Close))
        );
        // A week dated by its Sunday ends at its Friday session.
        let mut c = claim(Some(5.0), Some("2025-10-12"), "2025-10-14");
        c.scope = MoveScope::Week;
        let v = check(&c);
        assert_eq!(
            (v.session, v.basis),
            (Some(date(2025, 10, 10)), Some(Basis::Week))
        );
    }

    #[test]
    fn track_records_count_verdicts_and_errors_per_outlet() {
        let good = check(&claim(Some(21.0), Some("2025-10-13"), "2025-10-14"));
        let bad = check(&claim(Some(22.0), Some("2025-10-13"), "2025-10-14"));
        let none = check(&claim(Some(5.0), Some("2025-12-08"), "2025-12-09"));
        let records = track_records([("a", &good), ("a", &bad), ("b", &none)]);
        assert_eq!(records[0].outlet, "a");
        assert_eq!((records[0].confirmed, records[0].off), (1, 1));
        assert_eq!(records[0].hit_rate(), Some(0.5));
        let expected = (good.error_points().unwrap() + bad.error_points().unwrap()) / 2.0;
        assert!((records[0].mean_error.unwrap() - expected).abs() < 1e-12);
        assert_eq!((records[1].unverifiable, records[1].hit_rate()), (1, None));
    }
}
