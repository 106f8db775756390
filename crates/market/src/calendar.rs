//! The trading days of the US market, as the imported prices show them.
//!
//! No holiday table is kept: a day is a session when some US-listed series
//! has a bar on it. Prices of other markets (`PLS.AX`) follow their own
//! calendars and are left out of this one.

use jiff::civil::Date;

use crate::series::Series;

/// Yahoo-style suffixes of listings outside the US (`PLS.AX`, `LYC.AX`,
/// `SHOP.TO`): their days are not US sessions. One- or two-letter share
/// classes (`BRK.B`) are not in the list, so they stay US listings.
const FOREIGN_SUFFIXES: &[&str] = &[
    "AX", "TO", "V", "CN", "NE", "L", "IL", "HK", "SS", "SZ", "T", "KS", "KQ", "DE", "F", "PA",
    "AS", "BR", "MI", "MC", "SW", "ST", "OL", "CO", "HE", "VI", "LS", "IR", "JO", "SA", "MX", "NZ",
    "SI", "BO", "NS", "TW", "TWO", "JK", "BK", "KL",
];

/// Whether a ticker, as spelled in the price data, trades in the US.
pub fn is_us_listing(ticker: &str) -> bool {
    match ticker.rsplit_once('.') {
        Some((_, suffix)) => !FOREIGN_SUFFIXES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix)),
        None => true,
    }
}

/// Trading days, sorted, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: Vec<Date>,
}

impl Calendar {
    /// The union of the days of the US-listed series among `series`.
    pub fn from_series<'a>(series: impl IntoIterator<Item = &'a Series>) -> Calendar {
        let days = series
            .into_iter()
            .filter(|s| is_us_listing(&s.ticker))
            .flat_map(|s| s.bars().iter().map(|b| b.date))
            .collect();
        Calendar::from_days(days)
    }

    pub fn from_days(mut days: Vec<Date>) -> Calendar {
        days.sort_unstable();
        days.dedup();
        Calendar { days }
    }

    pub fn days(&self) -> &[Date] {
        &self.days
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Whether the data span `date` (from the first to the last session):
    /// outside it, a missing day says nothing about holidays.
    pub fn covers(&self, date: Date) -> bool {
        match (self.days.first(), self.days.last()) {
            (Some(first), Some(last)) => *first <= date && date <= *last,
            _ => false,
        }
    }

    pub fn is_session(&self, date: Date) -> bool {
        self.days.binary_search(&date).is_ok()
    }

    /// The last session strictly before `date`.
    pub fn before(&self, date: Date) -> Option<Date> {
        let i = self.days.partition_point(|d| *d < date);
        i.checked_sub(1).map(|i| self.days[i])
    }

    /// The first session strictly after `date`.
    pub fn after(&self, date: Date) -> Option<Date> {
        let i = self.days.partition_point(|d| *d <= date);
        self.days.get(i).copied()
    }

    /// `date` if it is a session, else the last one before it.
    pub fn on_or_before(&self, date: Date) -> Option<Date> {
        let i = self.days.partition_point(|d| *d <= date);
        i.checked_sub(1).map(|i| self.days[i])
    }

    /// `date` if it is a session, else the first one after it.
    pub fn on_or_after(&self, date: Date) -> Option<Date> {
        let i = self.days.partition_point(|d| *d < date);
        self.days.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::Bar;
    use jiff::civil::date;

    fn series(ticker: &str, days: &[Date]) -> Series {
        Series::new(
            ticker,
            days.iter().map(|d| Bar::close_only(*d, 1.0)).collect(),
        )
    }

    #[test]
    fn sessions_are_the_union_of_us_listings() {
        let thu = date(2025, 11, 26);
        let fri = date(2025, 11, 28);
        let mon = date(2025, 12, 1);
        let calendar = Calendar::from_series(&[
            series("MP", &[thu, mon]),
            series("SPY", &[thu, fri, mon]),
            // Sydney trades on US Thanksgiving: not a US session.
            series("PLS.AX", &[date(2025, 11, 27)]),
        ]);
        assert_eq!(calendar.days(), [thu, fri, mon]);
        let thanksgiving = date(2025, 11, 27);
        assert!(!calendar.is_session(thanksgiving));
        assert_eq!(calendar.after(thanksgiving), Some(fri));
        assert_eq!(calendar.on_or_before(thanksgiving), Some(thu));
        assert_eq!(calendar.on_or_after(fri), Some(fri));
        assert_eq!(calendar.before(thu), None);
        assert_eq!(calendar.after(mon), None);
        assert!(calendar.covers(thanksgiving));
        assert!(!calendar.covers(date(2025, 12, 2)));
    }

    #[test]
    fn share_classes_are_us_listings_and_exchange_suffixes_are_not() {
        assert!(is_us_listing("BRK.B"));
        assert!(is_us_listing("MP"));
        assert!(is_us_listing("^TNX"));
        assert!(!is_us_listing("PLS.AX"));
        assert!(!is_us_listing("lyc.ax"));
        assert!(!is_us_listing("FCU.TO"));
    }
}
