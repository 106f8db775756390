//! What the market use cases share: the US calendar the stored prices
//! show, the New York clock, stored publications read back.

use monazite_market::calendar::{is_us_listing, Calendar};
use monazite_market::session::{MarketClock, Published};
use monazite_store::Store;

use crate::{AppError, Result};

/// A stored publication (`Published`'s text form), `None` when the text is
/// in no known form: history and studies leave such a document undated.
pub fn published(text: &str) -> Option<Published> {
    text.parse().ok()
}

/// The US sessions the stored prices show (empty without US prices).
pub fn us_calendar(store: &Store) -> Result<Calendar> {
    let tickers: Vec<String> = store
        .price_tickers()?
        .into_iter()
        .map(|t| t.ticker)
        .filter(|t| is_us_listing(t))
        .collect();
    Ok(Calendar::from_days(store.trading_days(&tickers)?))
}

/// The US calendar, for the use cases that cannot go on without prices.
pub fn required_us_calendar(store: &Store) -> Result<Calendar> {
    let calendar = us_calendar(store)?;
    if calendar.is_empty() {
        return Err(AppError::NoUsPrices);
    }
    Ok(calendar)
}

/// The New York market clock (time zone data bundled in the binary).
pub fn clock() -> Result<MarketClock> {
    MarketClock::new_york().map_err(AppError::Clock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use monazite_market::Bar;

    #[test]
    fn the_calendar_is_the_days_of_us_prices_only() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(matches!(
            required_us_calendar(&store),
            Err(AppError::NoUsPrices)
        ));
        // A foreign listing's days are not US sessions.
        store
            .put_prices(
                "t.csv",
                &[
                    ("LYC.AX".into(), Bar::close_only(date(2025, 10, 9), 1.0)),
                    ("MP".into(), Bar::close_only(date(2025, 10, 10), 78.34)),
                    ("MP".into(), Bar::close_only(date(2025, 10, 13), 95.06)),
                ],
            )
            .unwrap();
        let calendar = required_us_calendar(&store).unwrap();
        assert_eq!(
            calendar.on_or_after(date(2025, 10, 9)),
            Some(date(2025, 10, 10))
        );
        assert_eq!(
            calendar.on_or_after(date(2025, 10, 11)),
            Some(date(2025, 10, 13))
        );
    }

    #[test]
    fn a_stored_publication_in_no_known_form_is_undated() {
        assert_eq!(
            published("2025-10-14"),
            Some(Published::Day(date(2025, 10, 14)))
        );
        assert_eq!(published("soon"), None);
    }
}
