//! Daily simple returns of many tickers on one calendar.
//!
//! A [`Panel`] takes the benchmark's trading dates as the calendar (for US
//! equities the benchmark is SPY, which trades every NYSE session) and
//! holds, for the benchmark and for each ticker, the simple return of each
//! calendar day:
//!
//! ```text
//! R[t] = P[t] / P[t-1] - 1      P = Bar::total_return_close
//! ```
//!
//! where `t - 1` is the previous *calendar* day. When a ticker has no bar on
//! day `t` or on day `t - 1` (not yet listed, halted, delisted, a hole in the
//! source), `R[t]` is `f64::NAN`: unknown. A gap is never bridged by a
//! multi-day return, because an event study compares one day's return with
//! the same day's benchmark return, and a two-day return on a one-day
//! benchmark return would be a wrong abnormal return rather than a missing
//! one. Prices that are not finite and positive make their returns unknown
//! for the same reason. The first calendar day has no return.
//!
//! Returns are stored contiguously per ticker, so an estimation window is
//! one slice of a few hundred `f64`s.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::series::{Bar, Series};

/// Simple daily returns of a benchmark and of tickers on the benchmark's
/// trading calendar.
#[derive(Debug, Clone)]
pub struct Panel {
    benchmark: String,
    dates: Vec<Date>,
    market: Vec<f64>,
    tickers: Vec<String>,
    returns: Vec<Vec<f64>>,
    index: HashMap<String, usize>,
}

impl Panel {
    /// Aligns `series` to `benchmark`'s trading dates.
    ///
    /// Tickers keep the order of `series`; when two series share a ticker,
    /// [`Panel::ticker_index`] finds the first. Bars on dates the benchmark
    /// did not trade are ignored: the calendar is the benchmark's.
    pub fn new(benchmark: &Series, series: &[Series]) -> Panel {
        let dates: Vec<Date> = benchmark.bars().iter().map(|b| b.date).collect();
        let market = calendar_returns(&dates, benchmark.bars());
        let mut tickers = Vec::with_capacity(series.len());
        let mut returns = Vec::with_capacity(series.len());
        let mut index = HashMap::with_capacity(series.len());
        for (i, s) in series.iter().enumerate() {
            index.entry(s.ticker.clone()).or_insert(i);
            tickers.push(s.ticker.clone());
            returns.push(calendar_returns(&dates, s.bars()));
        }
        Panel {
            benchmark: benchmark.ticker.clone(),
            dates,
            market,
            tickers,
            returns,
            index,
        }
    }

    /// The benchmark's ticker.
    pub fn benchmark(&self) -> &str {
        &self.benchmark
    }

    /// The calendar: the benchmark's trading dates, oldest first.
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// Number of calendar days.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether the calendar has no day at all (an empty benchmark).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The tickers, in the order given to [`Panel::new`].
    pub fn tickers(&self) -> &[String] {
        &self.tickers
    }

    /// The position of `ticker` in [`Panel::tickers`].
    pub fn ticker_index(&self, ticker: &str) -> Option<usize> {
        self.index.get(ticker).copied()
    }

    /// The benchmark's returns, one per calendar day (`NAN` when unknown).
    pub fn market(&self) -> &[f64] {
        &self.market
    }

    /// The returns of the ticker at `index`, one per calendar day (`NAN`
    /// when unknown).
    pub fn returns(&self, index: usize) -> Option<&[f64]> {
        self.returns.get(index).map(Vec::as_slice)
    }

    /// Day 0 of an event dated `date`: the first calendar day on or after
    /// it (news on a weekend or after the last close moves the next
    /// session). `None` when `date` is after the last calendar day.
    pub fn day0(&self, date: Date) -> Option<usize> {
        let i = self.dates.partition_point(|d| *d < date);
        (i < self.dates.len()).then_some(i)
    }
}

/// The returns of `bars` on each day of `dates` (both sorted, unique), by a
/// merge walk: `NAN` unless both that day and the calendar day before have a
/// usable price.
fn calendar_returns(dates: &[Date], bars: &[Bar]) -> Vec<f64> {
    let mut out = vec![f64::NAN; dates.len()];
    let mut j = 0;
    let mut previous = f64::NAN;
    for (i, date) in dates.iter().enumerate() {
        while j < bars.len() && bars[j].date < *date {
            j += 1;
        }
        let price = match bars.get(j) {
            Some(bar) if bar.date == *date => usable(bar.total_return_close()),
            _ => f64::NAN,
        };
        // NaN propagates: a missing price today or yesterday gives NaN.
        let r = price / previous - 1.0;
        if r.is_finite() {
            out[i] = r;
        }
        previous = price;
    }
    out
}

/// The price, or `NAN` when it cannot give a return (zero, negative, not a
/// number).
fn usable(price: f64) -> f64 {
    if price.is_finite() && price > 0.0 {
        price
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn series(ticker: &str, rows: &[(Date, f64)]) -> Series {
        Series::new(
            ticker,
            rows.iter().map(|&(d, c)| Bar::close_only(d, c)).collect(),
        )
    }

    #[test]
    fn returns_follow_the_benchmark_calendar_and_gaps_are_unknown() {
        let d = [
            date(2025, 10, 6),
            date(2025, 10, 7),
            date(2025, 10, 8),
            date(2025, 10, 9),
            date(2025, 10, 10),
        ];
        let spy = series(
            "SPY",
            &[
                (d[0], 100.0),
                (d[1], 101.0),
                (d[2], 99.99),
                (d[3], 100.0),
                (d[4], 97.3),
            ],
        );
        // No bar on d[2]; a Saturday bar outside the calendar is ignored.
        let mp = series(
            "MP",
            &[
                (d[0], 10.0),
                (d[1], 11.0),
                (d[3], 12.0),
                (d[4], 9.0),
                (date(2025, 10, 11), 50.0),
            ],
        );
        let panel = Panel::new(&spy, &[mp]);
        assert_eq!(panel.dates(), &d);
        let m = panel.market();
        assert!(m[0].is_nan());
        assert!((m[1] - 0.01).abs() < 1e-15);
        assert!((m[4] - (97.3 / 100.0 - 1.0)).abs() < 1e-15);
        let r = panel.returns(panel.ticker_index("MP").unwrap()).unwrap();
        assert!(r[0].is_nan());
        assert!((r[1] - 0.1).abs() < 1e-15);
        assert!(r[2].is_nan(), "no bar on the day");
        assert!(
            r[3].is_nan(),
            "no bar on the day before: not a two-day return"
        );
        assert_eq!(r[4], 9.0 / 12.0 - 1.0);
    }

    #[test]
    fn day0_is_the_first_session_on_or_after_the_date() {
        let spy = series(
            "SPY",
            &[(date(2025, 10, 10), 1.0), (date(2025, 10, 13), 1.0)],
        );
        let panel = Panel::new(&spy, &[]);
        assert_eq!(panel.day0(date(2025, 10, 1)), Some(0));
        assert_eq!(panel.day0(date(2025, 10, 10)), Some(0));
        assert_eq!(panel.day0(date(2025, 10, 11)), Some(1));
        assert_eq!(panel.day0(date(2025, 10, 14)), None);
        assert_eq!(panel.ticker_index("MP"), None);
    }

    #[test]
    fn odd_prices_and_empty_series_give_unknown_returns() {
        let d = [
            date(2025, 1, 2),
            date(2025, 1, 3),
            date(2025, 1, 6),
            date(2025, 1, 7),
        ];
        let spy = series("SPY", &[(d[0], 1.0), (d[1], 1.0), (d[2], 1.0), (d[3], 1.0)]);
        let odd = series(
            "ODD",
            &[(d[0], 0.0), (d[1], 2.0), (d[2], f64::NAN), (d[3], 3.0)],
        );
        let empty = series("EMPTY", &[]);
        let panel = Panel::new(&spy, &[odd, empty]);
        assert!(panel.returns(0).unwrap().iter().all(|r| r.is_nan()));
        assert!(panel.returns(1).unwrap().iter().all(|r| r.is_nan()));
        assert_eq!(panel.returns(2), None);
        let none = Panel::new(&series("SPY", &[]), &[]);
        assert!(none.is_empty());
        assert_eq!(none.day0(d[0]), None);
    }
}
