//! Daily bars of one ticker.

use jiff::civil::Date;

/// One trading day of one ticker. Only the close is required: many
/// sources give closes alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub date: Date,
    pub open: Option<f64>,
    pub high: Option<f64>,
    pub low: Option<f64>,
    /// The close as traded (what news quotes).
    pub close: f64,
    /// The close adjusted for splits and dividends, when the source gives
    /// it apart from the close (returns over long windows use it).
    pub adj_close: Option<f64>,
    pub volume: Option<f64>,
}

impl Bar {
    /// A bar with a close only.
    pub fn close_only(date: Date, close: f64) -> Bar {
        Bar {
            date,
            open: None,
            high: None,
            low: None,
            close,
            adj_close: None,
            volume: None,
        }
    }

    /// The close to compute total returns from: adjusted when known.
    pub fn total_return_close(&self) -> f64 {
        self.adj_close.unwrap_or(self.close)
    }
}

/// The bars of one ticker, oldest first, one per date.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub ticker: String,
    bars: Vec<Bar>,
}

impl Series {
    /// Sorts the bars by date; of two bars on one date the later given wins.
    pub fn new(ticker: impl Into<String>, mut bars: Vec<Bar>) -> Series {
        // A stable sort keeps input order within a date: the last is kept.
        bars.sort_by_key(|b| b.date);
        let mut unique: Vec<Bar> = Vec::with_capacity(bars.len());
        for bar in bars {
            match unique.last_mut() {
                Some(last) if last.date == bar.date => *last = bar,
                _ => unique.push(bar),
            }
        }
        Series {
            ticker: ticker.into(),
            bars: unique,
        }
    }

    pub fn bars(&self) -> &[Bar] {
        &self.bars
    }

    pub fn is_empty(&self) -> bool {
        self.bars.is_empty()
    }

    /// The position of `date`'s bar.
    pub fn position(&self, date: Date) -> Option<usize> {
        self.bars.binary_search_by_key(&date, |b| b.date).ok()
    }

    /// The bar of `date`.
    pub fn bar(&self, date: Date) -> Option<&Bar> {
        self.position(date).map(|i| &self.bars[i])
    }

    /// The last bar strictly before `date`.
    pub fn before(&self, date: Date) -> Option<&Bar> {
        let i = self.bars.partition_point(|b| b.date < date);
        i.checked_sub(1).map(|i| &self.bars[i])
    }

    pub fn first_date(&self) -> Option<Date> {
        self.bars.first().map(|b| b.date)
    }

    pub fn last_date(&self) -> Option<Date> {
        self.bars.last().map(|b| b.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn bars_are_sorted_and_the_last_of_a_date_wins() {
        let s = Series::new(
            "MP",
            vec![
                Bar::close_only(date(2025, 10, 13), 95.06),
                Bar::close_only(date(2025, 10, 10), 1.0),
                Bar::close_only(date(2025, 10, 10), 78.34),
            ],
        );
        let closes: Vec<f64> = s.bars().iter().map(|b| b.close).collect();
        assert_eq!(closes, [78.34, 95.06]);
        assert_eq!(s.before(date(2025, 10, 13)).unwrap().close, 78.34);
        assert_eq!(s.before(date(2025, 10, 10)), None);
        assert_eq!(s.bar(date(2025, 10, 11)), None);
    }
}
