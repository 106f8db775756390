//! Daily prices: one row per ticker and trading day (`prices`, migration
//! 2), written by `monazite prices import` and read back as
//! [`monazite_market::Series`].
//!
//! An import replaces the rows it brings, row by row: the last import of a
//! ticker and day wins. When the close it brings is the stored one, the
//! fields it lacks keep their stored values (a close-only file imported
//! after an OHLC file keeps the open, high and low); when the close
//! differs, the whole row is replaced, since the stored open, high and low
//! belong to the other source's adjustment. What replacing did is tallied,
//! so that a source adjusted differently from the one before
//! (dividend-adjusted closes over raw ones) shows up as changed closes
//! rather than passing silently.

use std::collections::HashMap;

use jiff::civil::Date;
use monazite_market::{Bar, Series};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use crate::{Result, Store, StoreError};

/// A replaced close that differs from the stored one by more than this,
/// relatively (0.01%), is a changed close. Below it, the difference is
/// float formatting (a close written with 6 or with 16 digits).
pub const CHANGED_CLOSE: f64 = 1e-4;

/// What [`Store::put_prices`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PutTally {
    /// Rows for a ticker and day not stored before.
    pub new: usize,
    /// Rows that replaced a stored row whose close differed by more than
    /// [`CHANGED_CLOSE`].
    pub changed: usize,
    /// Rows that replaced a stored row with the same close (other fields
    /// and the source may still have changed).
    pub unchanged: usize,
    /// The changed closes per ticker, the largest difference first.
    pub changes: Vec<CloseChange>,
}

impl PutTally {
    /// Rows that replaced a stored row.
    pub fn replaced(&self) -> usize {
        self.changed + self.unchanged
    }

    /// Adds another call's tally (the changes of a ticker in both merge).
    pub fn add(&mut self, other: &PutTally) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
        for change in &other.changes {
            match self.changes.iter_mut().find(|c| c.ticker == change.ticker) {
                Some(mine) => mine.merge(change),
                None => self.changes.push(change.clone()),
            }
        }
        sort_changes(&mut self.changes);
    }
}

/// The changed closes of one ticker in one import.
#[derive(Debug, Clone, PartialEq)]
pub struct CloseChange {
    pub ticker: String,
    /// Days whose close changed.
    pub days: usize,
    /// The day of the largest relative difference, the close stored before
    /// and the close imported.
    pub day: Date,
    pub old: f64,
    pub new: f64,
}

impl CloseChange {
    /// `|new - old| / old` on [`CloseChange::day`].
    pub fn relative(&self) -> f64 {
        relative_difference(self.old, self.new)
    }

    fn merge(&mut self, other: &CloseChange) {
        self.days += other.days;
        if other.relative() > self.relative() {
            (self.day, self.old, self.new) = (other.day, other.old, other.new);
        }
    }
}

fn relative_difference(old: f64, new: f64) -> f64 {
    (new - old).abs() / old.abs()
}

fn sort_changes(changes: &mut [CloseChange]) {
    changes.sort_by(|a, b| {
        b.relative()
            .total_cmp(&a.relative())
            .then_with(|| a.ticker.cmp(&b.ticker))
    });
}

/// One ticker's stored prices in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceSummary {
    pub ticker: String,
    pub first: Date,
    pub last: Date,
    /// Days with a price.
    pub days: usize,
    /// Some day has open, high and low.
    pub has_ohlc: bool,
    /// Days with open, high and low.
    pub ohlc_days: usize,
}

const BAR_COLUMNS: &str = "day, open, high, low, close, adj_close, volume";

/// A bar from [`BAR_COLUMNS`] starting at column `at`.
fn bar_of(row: &Row, at: usize) -> Result<Bar> {
    let day: String = row.get(at)?;
    Ok(Bar {
        date: parse_date(&day)?,
        open: row.get(at + 1)?,
        high: row.get(at + 2)?,
        low: row.get(at + 3)?,
        close: row.get(at + 4)?,
        adj_close: row.get(at + 5)?,
        volume: row.get(at + 6)?,
    })
}

fn parse_date(day: &str) -> Result<Date> {
    day.parse::<Date>()
        .map_err(|e| StoreError::Corrupt(format!("price day {day:?}: {e}")))
}

impl Store {
    /// Stores daily bars from `source` (the file they were read from) in
    /// one transaction. A row for a ticker and day already stored replaces
    /// it. Tickers are stored as given: callers upper-case them.
    pub fn put_prices(&mut self, source: &str, rows: &[(String, Bar)]) -> Result<PutTally> {
        let tx = self.conn.transaction()?;
        let tally = put_rows(&tx, source, rows)?;
        tx.commit()?;
        Ok(tally)
    }

    /// The stored bars of `ticker` (as stored: upper-case), or `None` when
    /// it has none.
    pub fn series(&self, ticker: &str) -> Result<Option<Series>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BAR_COLUMNS} FROM prices WHERE ticker = ?1 ORDER BY day"
        ))?;
        let mut rows = stmt.query([ticker])?;
        let mut bars = Vec::new();
        while let Some(row) = rows.next()? {
            bars.push(bar_of(row, 0)?);
        }
        Ok((!bars.is_empty()).then(|| Series::new(ticker, bars)))
    }

    /// Every stored ticker's bars, by ticker: what panels of many tickers
    /// are built from.
    pub fn all_series(&self) -> Result<Vec<Series>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT ticker, {BAR_COLUMNS} FROM prices ORDER BY ticker, day"
        ))?;
        let mut rows = stmt.query([])?;
        let mut all = Vec::new();
        let mut current: Option<(String, Vec<Bar>)> = None;
        while let Some(row) = rows.next()? {
            let ticker: String = row.get(0)?;
            let bar = bar_of(row, 1)?;
            match &mut current {
                Some((t, bars)) if *t == ticker => bars.push(bar),
                _ => {
                    if let Some((t, bars)) = current.take() {
                        all.push(Series::new(t, bars));
                    }
                    current = Some((ticker, vec![bar]));
                }
            }
        }
        if let Some((t, bars)) = current {
            all.push(Series::new(t, bars));
        }
        Ok(all)
    }

    /// The stored tickers with their first and last day, by ticker.
    pub fn price_tickers(&self) -> Result<Vec<PriceSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT ticker, min(day), max(day), count(*),
                    sum(open IS NOT NULL AND high IS NOT NULL AND low IS NOT NULL)
             FROM prices GROUP BY ticker ORDER BY ticker",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let first: String = row.get(1)?;
            let last: String = row.get(2)?;
            let days: i64 = row.get(3)?;
            let ohlc_days: i64 = row.get(4)?;
            out.push(PriceSummary {
                ticker: row.get(0)?,
                first: parse_date(&first)?,
                last: parse_date(&last)?,
                days: usize::try_from(days).unwrap_or(0),
                has_ohlc: ohlc_days > 0,
                ohlc_days: usize::try_from(ohlc_days).unwrap_or(0),
            });
        }
        Ok(out)
    }

    /// Stored price rows, all tickers together.
    pub fn price_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM prices", [], |r| r.get(0))?)
    }
}

/// What [`Store::put_prices`] knows of one ticker during a call.
#[derive(Debug, Clone, Copy)]
struct TickerState {
    /// The ticker had rows before the call.
    had_rows: bool,
    /// The latest day written for it in this call.
    latest: Option<Date>,
}

fn put_rows(tx: &Transaction, source: &str, rows: &[(String, Bar)]) -> Result<PutTally> {
    // Prepared once for the call: the statement cache would hash the SQL
    // text again for every row.
    let mut insert = tx.prepare_cached(
        "INSERT INTO prices (ticker, day, open, high, low, close, adj_close, volume, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (ticker, day) DO UPDATE SET
            open = CASE WHEN abs(excluded.close - close) <= ?10 * abs(close)
                        THEN coalesce(excluded.open, open) ELSE excluded.open END,
            high = CASE WHEN abs(excluded.close - close) <= ?10 * abs(close)
                        THEN coalesce(excluded.high, high) ELSE excluded.high END,
            low = CASE WHEN abs(excluded.close - close) <= ?10 * abs(close)
                       THEN coalesce(excluded.low, low) ELSE excluded.low END,
            adj_close = CASE WHEN abs(excluded.close - close) <= ?10 * abs(close)
                             THEN coalesce(excluded.adj_close, adj_close)
                             ELSE excluded.adj_close END,
            volume = CASE WHEN abs(excluded.close - close) <= ?10 * abs(close)
                          THEN coalesce(excluded.volume, volume) ELSE excluded.volume END,
            close = excluded.close, source = excluded.source",
    )?;
    let mut any_row = tx.prepare_cached("SELECT 1 FROM prices WHERE ticker = ?1 LIMIT 1")?;
    let mut stored_close =
        tx.prepare_cached("SELECT close FROM prices WHERE ticker = ?1 AND day = ?2")?;

    let mut tally = PutTally::default();
    let mut changes: HashMap<&str, CloseChange> = HashMap::new();
    let mut tickers: HashMap<&str, TickerState> = HashMap::new();
    // Rows come grouped by ticker (sorted, from a parser): the state of
    // the ticker at hand is kept out of the map until the ticker changes.
    let mut current: Option<(&str, TickerState)> = None;
    let mut day = String::with_capacity(10);
    for (ticker, bar) in rows {
        let state = match &mut current {
            Some((t, state)) if *t == ticker.as_str() => state,
            _ => {
                if let Some((t, state)) = current.take() {
                    tickers.insert(t, state);
                }
                let state = match tickers.get(ticker.as_str()) {
                    Some(state) => *state,
                    None => TickerState {
                        had_rows: any_row
                            .query_row([ticker], |_| Ok(()))
                            .optional()?
                            .is_some(),
                        latest: None,
                    },
                };
                &mut current.insert((ticker, state)).1
            }
        };
        day.clear();
        write_day(&mut day, bar.date);
        // A ticker new to the store (most rows of most imports) needs no
        // lookup while its days only grow: an earlier day of this call
        // may have been written, so that one is looked up.
        let may_exist = state.had_rows || state.latest.is_some_and(|latest| bar.date <= latest);
        state.latest = state.latest.max(Some(bar.date));
        let old: Option<f64> = if may_exist {
            stored_close
                .query_row(params![ticker, day], |r| r.get(0))
                .optional()?
        } else {
            None
        };
        match old {
            None => tally.new += 1,
            Some(old) if relative_difference(old, bar.close) > CHANGED_CLOSE => {
                tally.changed += 1;
                let change = CloseChange {
                    ticker: ticker.clone(),
                    days: 1,
                    day: bar.date,
                    old,
                    new: bar.close,
                };
                match changes.get_mut(ticker.as_str()) {
                    Some(c) => c.merge(&change),
                    None => {
                        changes.insert(ticker, change);
                    }
                }
            }
            Some(_) => tally.unchanged += 1,
        }
        insert.execute(params![
            ticker,
            day,
            bar.open,
            bar.high,
            bar.low,
            bar.close,
            bar.adj_close,
            bar.volume,
            source,
            CHANGED_CLOSE
        ])?;
    }
    tally.changes = changes.into_values().collect();
    sort_changes(&mut tally.changes);
    Ok(tally)
}

/// `YYYY-MM-DD`, the stored form of a day: what `Date`'s `Display`
/// writes, without its formatting machinery for the common years.
fn write_day(out: &mut String, date: Date) {
    if !(0..=9999).contains(&date.year()) {
        out.push_str(&date.to_string());
        return;
    }
    push_digits(out, i32::from(date.year()), 4);
    out.push('-');
    push_digits(out, i32::from(date.month()), 2);
    out.push('-');
    push_digits(out, i32::from(date.day()), 2);
}

/// The last `width` decimal digits of `n` (not negative), zero-padded.
fn push_digits(out: &mut String, n: i32, width: u32) {
    for i in (0..width).rev() {
        let digit = (n / 10_i32.pow(i)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_are_written_as_dates_display_them() {
        for d in [
            date(2025, 10, 3),
            date(1993, 1, 29),
            date(5, 12, 31),
            date(-1, 1, 1),
        ] {
            let mut out = String::new();
            write_day(&mut out, d);
            assert_eq!(out, d.to_string());
        }
    }
}
