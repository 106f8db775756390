//! Which US trading session a piece of news belongs to.
//!
//! The regular session runs 09:30–16:00 in New York. News published after
//! the close, or on a day without a session, first reaches prices at the
//! next session; news published before the open reaches them at that day's
//! open. Early closes (13:00 on the day after Thanksgiving) are not in daily
//! data and count as 16:00.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use crate::calendar::Calendar;

/// The time zone of the US exchanges.
pub const NEW_YORK: &str = "America/New_York";
/// The regular session's opening time in New York.
pub const OPEN: Time = Time::constant(9, 30, 0, 0);
/// The regular session's closing time in New York.
pub const CLOSE: Time = Time::constant(16, 0, 0, 0);

/// When a document was published: an instant, or only the day (the one
/// type of every stage, from monazite-types).
pub use monazite_types::Published;

/// Where in the trading day an instant falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A session day, before 09:30.
    BeforeOpen,
    /// A session day, 09:30 to 16:00.
    Open,
    /// A session day, from 16:00.
    AfterClose,
    /// A day without a session (weekend, holiday).
    NoSession,
}

/// A publication as the market saw it: the New York date and, when the
/// time is known, the phase of the trading day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarketTime {
    pub date: Date,
    /// `None` when only the day is known.
    pub phase: Option<Phase>,
}

/// The clock of the US market: New York time against a trading calendar.
#[derive(Debug, Clone)]
pub struct MarketClock {
    zone: TimeZone,
}

impl MarketClock {
    /// The New York clock, from the time zone data bundled in the binary.
    pub fn new_york() -> Result<MarketClock, jiff::Error> {
        Ok(MarketClock {
            zone: TimeZone::get(NEW_YORK)?,
        })
    }

    /// The New York date and trading phase of a publication.
    pub fn market_time(&self, published: Published, calendar: &Calendar) -> MarketTime {
        match published {
            Published::Day(date) => MarketTime { date, phase: None },
            Published::Instant(at) => {
                let local = at.to_zoned(self.zone.clone()).datetime();
                let date = local.date();
                let phase = if !calendar.is_session(date) {
                    Phase::NoSession
                } else if local.time() < OPEN {
                    Phase::BeforeOpen
                } else if local.time() < CLOSE {
                    Phase::Open
                } else {
                    Phase::AfterClose
                };
                MarketTime {
                    date,
                    phase: Some(phase),
                }
            }
        }
    }

    /// The first session whose prices can reflect news published then: day
    /// 0 of an event study. A day without a time counts as that day's session
    /// (or the next, on a day without one).
    pub fn reaction_session(&self, published: Published, calendar: &Calendar) -> Option<Date> {
        let time = self.market_time(published, calendar);
        match time.phase {
            Some(Phase::AfterClose) => calendar.after(time.date),
            _ => calendar.on_or_after(time.date),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn calendar() -> Calendar {
        // Fri 10 Oct, Mon 13 Oct, Tue 14 Oct 2025.
        Calendar::from_days(vec![
            date(2025, 10, 10),
            date(2025, 10, 13),
            date(2025, 10, 14),
        ])
    }

    fn at(s: &str) -> Published {
        Published::Instant(s.parse().unwrap())
    }

    #[test]
    fn phases_follow_new_york_time_across_daylight_saving() {
        let clock = MarketClock::new_york().unwrap();
        let cal = calendar();
        // 13:29 UTC is 09:29 EDT in October.
        let t = clock.market_time(at("2025-10-13T13:29:00Z"), &cal);
        assert_eq!(t.phase, Some(Phase::BeforeOpen));
        let t = clock.market_time(at("2025-10-13T13:30:00Z"), &cal);
        assert_eq!(t.phase, Some(Phase::Open));
        let t = clock.market_time(at("2025-10-13T20:00:00Z"), &cal);
        assert_eq!(t.phase, Some(Phase::AfterClose));
        // 01:00 UTC on the 14th is still the evening of the 13th in New York.
        let t = clock.market_time(at("2025-10-14T01:00:00Z"), &cal);
        assert_eq!(
            (t.date, t.phase),
            (date(2025, 10, 13), Some(Phase::AfterClose))
        );
        // In December New York is UTC-5: 14:45 UTC is 09:45, open.
        let dec = Calendar::from_days(vec![date(2025, 12, 1)]);
        let t = clock.market_time(at("2025-12-01T14:45:00Z"), &dec);
        assert_eq!(t.phase, Some(Phase::Open));
        let t = clock.market_time(at("2025-10-11T15:00:00Z"), &cal);
        assert_eq!(t.phase, Some(Phase::NoSession));
    }

    #[test]
    fn news_after_the_close_or_on_a_weekend_reaches_the_next_session() {
        let clock = MarketClock::new_york().unwrap();
        let cal = calendar();
        let session = |p| clock.reaction_session(p, &cal);
        assert_eq!(
            session(at("2025-10-10T21:05:00Z")),
            Some(date(2025, 10, 13))
        );
        assert_eq!(
            session(at("2025-10-11T15:00:00Z")),
            Some(date(2025, 10, 13))
        );
        assert_eq!(
            session(at("2025-10-13T11:00:00Z")),
            Some(date(2025, 10, 13))
        );
        assert_eq!(
            session(at("2025-10-13T17:00:00Z")),
            Some(date(2025, 10, 13))
        );
        assert_eq!(
            session(Published::Day(date(2025, 10, 12))),
            Some(date(2025, 10, 13))
        );
        assert_eq!(
            session(Published::Day(date(2025, 10, 14))),
            Some(date(2025, 10, 14))
        );
        // After the last session in the data: not known yet.
        assert_eq!(session(at("2025-10-14T21:00:00Z")), None);
    }
}
