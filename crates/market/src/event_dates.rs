//! Event days from a CSV file: a calendar of announcements kept outside
//! the store (official notices, a researcher's own list).
//!
//! The header names a `date` column (also `day`, `event_date`); a `ticker`
//! (or `symbol`) column when events concern one company each; every other
//! column is text that describes the event, searched by `--match`. A date
//! cell must start with `YYYY-MM-DD` (`2002-10-14 (issued)` reads as
//! 2002-10-14).

use jiff::civil::Date;
use monazite_types::error_code::{Code, ErrorCode};

/// Rows read at most from one file.
pub const MAX_ROWS: usize = 1_000_000;

/// One dated event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedEvent {
    /// The 1-based line of the row in the file.
    pub line: u64,
    pub date: Date,
    pub ticker: Option<String>,
    /// The row's other cells, joined by " | ": what the event was.
    pub label: String,
}

/// Why a file of event days could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventDatesError {
    /// The header has no date column.
    #[error("no date column (looked for date, day, event_date) in the header {header:?}")]
    NoDateColumn { header: Vec<String> },
    /// A row could not be read (broken quoting, invalid UTF-8).
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    /// More than [`MAX_ROWS`] rows.
    #[error("more than {MAX_ROWS} rows")]
    TooManyRows,
}

impl ErrorCode for EventDatesError {
    fn code(&self) -> Code {
        match self {
            EventDatesError::NoDateColumn { .. } => Code::EventDatesBadHeader,
            EventDatesError::Csv { .. } => Code::EventDatesBadRow,
            EventDatesError::TooManyRows => Code::EventDatesTooMany,
        }
    }
}

/// What was read: the events, and the rows left out with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventDates {
    pub events: Vec<DatedEvent>,
    /// `(line, problem)` of each row without a usable date.
    pub skipped: Vec<(u64, String)>,
}

/// Reads event days from CSV bytes.
pub fn read(bytes: &[u8]) -> Result<EventDates, EventDatesError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| EventDatesError::Csv {
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let date_col =
        find(&["date", "day", "event_date"]).ok_or_else(|| EventDatesError::NoDateColumn {
            header: header.clone(),
        })?;
    let ticker_col = find(&["ticker", "symbol"]);
    let mut out = EventDates::default();
    for (count, record) in reader.records().enumerate() {
        if count >= MAX_ROWS {
            return Err(EventDatesError::TooManyRows);
        }
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(date_col).unwrap_or("");
        let Some(date) = cell.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
            out.skipped.push((
                line,
                format!("{cell:?} does not start with a YYYY-MM-DD date"),
            ));
            continue;
        };
        let ticker = ticker_col
            .and_then(|c| record.get(c))
            .filter(|t| !t.is_empty())
            .map(str::to_uppercase);
        let label = record
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != date_col && Some(*i) != ticker_col && !c.is_empty())
            .map(|(_, c)| c)
            .collect::<Vec<_>>()
            .join(" | ");
        out.events.push(DatedEvent {
            line,
            date,
            ticker,
            label,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_tickers_and_labels() {
        let csv = "\u{feff}Date,category,title,Ticker\n\
                   2025-10-09,controlled_item_change,\"Announcement No. 61, rare earths\",mp\n\
                   2002-10-14 (Issued); 2002-12-01 (Effective),regulation_update,Old rule,\n\
                   soon,x,y,\n";
        let read = read(csv.as_bytes()).unwrap();
        assert_eq!(read.events.len(), 2);
        assert_eq!(read.events[0].date, date(2025, 10, 9));
        assert_eq!(read.events[0].ticker.as_deref(), Some("MP"));
        assert_eq!(
            read.events[0].label,
            "controlled_item_change | Announcement No. 61, rare earths"
        );
        assert_eq!(read.events[0].line, 2);
        assert_eq!(read.events[1].date, date(2002, 10, 14));
        assert_eq!(read.events[1].ticker, None);
        assert_eq!(read.skipped.len(), 1);
        assert_eq!(read.skipped[0].0, 4);
    }

    #[test]
    fn a_header_without_dates_is_refused() {
        let err = read(b"when,what\n2025-01-01,x\n").unwrap_err();
        assert!(err.to_string().contains("no date column"), "{err}");
        assert!(read(b"").is_err());
    }
}
