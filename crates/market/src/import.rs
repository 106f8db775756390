//! Daily price files into `(ticker, Bar)` rows: Yahoo Finance and yfinance
//! downloads, Stooq (the daily download and the bulk `<TICKER>,<PER>,…`
//! format), close-only files and long files with a ticker column.
//!
//! The layout is told by the header alone: names are matched without case,
//! spaces, punctuation or Stooq's angle brackets, in any column order, and
//! columns this module does not know are ignored. Bad rows are counted by
//! reason (the first [`MAX_REPORTED`] with their line numbers) and the rest
//! of the file goes on; only a file that cannot be a price file at all (no
//! date or close column, not text, too large) is an [`ImportError`].
//!
//! Pure: the caller reads the file and hands over its bytes and name.
//! `docs/prices.md` describes the accepted formats for users.
//!
//! ```
//! use monazite_market::import::{parse, Options};
//!
//! let csv = b"Date,Close,High,Low,Open,Volume\n\
//!             2025-10-10,78.34,85.16,77.61,84.38,18963300\n\
//!             2025-10-13,95.06,98.97,85.50,86.80,50204000\n";
//! let parsed = parse("MP.csv", csv, &Options::default()).unwrap();
//! assert_eq!(parsed.rows.len(), 2);
//! let (ticker, bar) = &parsed.rows[1];
//! assert_eq!(ticker, "MP");
//! assert_eq!((bar.open, bar.close), (Some(86.80), 95.06));
//! ```

use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use monazite_types::error_code::{Code, ErrorCode};

use crate::series::Bar;

/// Largest file parsed (512 MiB, some 13 million rows of a long close-only
/// file). Parsed rows take about 100 bytes each in memory until stored.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most columns a header may have. Price files have a dozen at most; a
/// wider file is a wide table of many tickers, which is not supported.
pub const MAX_COLUMNS: usize = 64;

/// Longest ticker accepted, in characters.
pub const MAX_TICKER_CHARS: usize = 32;

/// Skipped rows reported with their line number per file; the others are
/// only counted.
pub const MAX_REPORTED: usize = 5;

/// Longest piece of a bad field quoted in a problem.
const MAX_QUOTED_CHARS: usize = 40;

/// What the caller knows beyond the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The ticker of a single-ticker file, instead of the one its name (or
    /// a yfinance ticker row) gives. Refused for files with a ticker column.
    pub ticker: Option<String>,
    /// Rows before this day are left out.
    pub from: Option<Date>,
    /// Rows after this day are left out.
    pub until: Option<Date>,
}

/// Why a file as a whole cannot be read as prices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is over [`MAX_FILE_BYTES`].
    #[error("{bytes} bytes, over the {} MiB limit for a price file", MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge { bytes: u64 },
    /// The file holds nothing (or only blank space).
    #[error("empty file")]
    Empty,
    /// The file is not UTF-8 text; `line` is where the first bad byte is.
    #[error("not a text file (invalid UTF-8 on line {line})")]
    NotText { line: u64 },
    /// The first line is data, not a header naming the columns.
    #[error(
        "no header: the first line is data; a price file starts with column names \
         such as Date,Close"
    )]
    NoHeader,
    /// The header has more than [`MAX_COLUMNS`] columns.
    #[error(
        "{found} columns, more than the {MAX_COLUMNS} a price file may have \
         (wide tables of many tickers are not supported: use ticker,date,close)"
    )]
    TooManyColumns { found: usize },
    /// Two columns of the header mean the same field ("Close" and "Price").
    #[error("columns {first:?} and {second:?} both give the same field")]
    DuplicateColumn { first: String, second: String },
    /// No column of the header gives the date, or the close (`what`).
    #[error(
        "no {what} column (looked for {}); the header is {:?}",
        looked_for(what),
        header.join(",")
    )]
    Missing {
        what: &'static str,
        header: Vec<String>,
    },
    /// A single-ticker file whose name gives no usable ticker.
    #[error(
        "the file name {file_name:?} gives no ticker and the file has no ticker column; \
         pass --ticker"
    )]
    NoTicker { file_name: String },
    /// The ticker given with [`Options::ticker`] is empty, too long or
    /// holds spaces.
    #[error("{ticker:?} is not a ticker (1 to {MAX_TICKER_CHARS} characters, no spaces)")]
    BadTicker { ticker: String },
    /// [`Options::ticker`] was given for a file with a ticker column.
    #[error("the file has a ticker column; --ticker applies only to files without one")]
    TickerColumn,
    /// A yfinance download of several tickers side by side.
    #[error(
        "a yfinance download of several tickers{}; save one ticker per file",
        listed(tickers)
    )]
    ManyTickers { tickers: Vec<String> },
    /// The CSV reader failed (not expected on bytes in memory).
    #[error("unreadable CSV: {0}")]
    Csv(String),
}

/// The names looked for a missing column, for [`ImportError::Missing`].
fn looked_for(what: &str) -> &'static str {
    match what {
        "date" => "date, datetime or day",
        _ => "close, price or adj close",
    }
}

/// " (MP, USAR)", or nothing when the tickers are not known.
fn listed(tickers: &[String]) -> String {
    if tickers.is_empty() {
        String::new()
    } else {
        format!(" ({})", tickers.join(", "))
    }
}

impl ErrorCode for ImportError {
    fn code(&self) -> Code {
        match self {
            ImportError::TooLarge { .. } => Code::PricesTooLarge,
            ImportError::Empty => Code::PricesEmpty,
            ImportError::NotText { .. } => Code::PricesNotText,
            ImportError::NoHeader
            | ImportError::TooManyColumns { .. }
            | ImportError::DuplicateColumn { .. }
            | ImportError::Missing { .. } => Code::PricesBadHeader,
            ImportError::NoTicker { .. }
            | ImportError::BadTicker { .. }
            | ImportError::TickerColumn => Code::PricesBadTicker,
            ImportError::ManyTickers { .. } => Code::PricesManyTickers,
            ImportError::Csv(_) => Code::PricesBadCsv,
        }
    }
}

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    /// The date is missing or not `YYYY-MM-DD` / `YYYYMMDD` (a time after
    /// the date is fine).
    BadDate,
    /// The close is missing, empty, `null` or `NaN`.
    NoClose,
    /// A price or the volume is not a number.
    BadNumber,
    /// The close is zero or negative.
    BadClose,
    /// A Stooq row of a period other than daily (`D`).
    NotDaily,
    /// The ticker column is empty, too long or holds spaces.
    BadTicker,
}

impl Skip {
    const ALL: [Skip; 6] = [
        Skip::BadDate,
        Skip::NoClose,
        Skip::BadNumber,
        Skip::BadClose,
        Skip::NotDaily,
        Skip::BadTicker,
    ];

    /// How a count of such rows reads ("3 without a close").
    fn label(self) -> &'static str {
        match self {
            Skip::BadDate => "with a bad date",
            Skip::NoClose => "without a close",
            Skip::BadNumber => "with a non-numeric value",
            Skip::BadClose => "with a close not above zero",
            Skip::NotDaily => "not daily",
            Skip::BadTicker => "with a bad ticker",
        }
    }
}

/// Skipped rows, counted by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    counts: [usize; Skip::ALL.len()],
}

impl Skipped {
    fn add(&mut self, skip: Skip) {
        self.counts[skip as usize] += 1;
    }

    /// Rows skipped for this reason.
    pub fn count(&self, skip: Skip) -> usize {
        self.counts[skip as usize]
    }

    /// Rows skipped for any reason.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// "2 with a bad date, 1 without a close", or "none".
impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = Skip::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {}", self.count(*s), s.label()))
            .collect();
        if parts.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// One skipped row, for the user: its line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row's line in the file, from 1 (the header is line 1).
    pub line: u64,
    pub skip: Skip,
    /// What is wrong, quoting the field (`close "abc" is not a number`).
    pub detail: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.detail)
    }
}

/// What a price file held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The rows kept, sorted by ticker then day, one per ticker and day
    /// (of two rows for one day, the later in the file wins).
    pub rows: Vec<(String, Bar)>,
    /// Distinct tickers among `rows`.
    pub tickers: usize,
    /// Data rows read after the header, whatever became of them.
    pub read: usize,
    /// Rows skipped as bad, by reason.
    pub skipped: Skipped,
    /// The first [`MAX_REPORTED`] skipped rows.
    pub problems: Vec<RowProblem>,
    /// Good rows left out by [`Options::from`] and [`Options::until`].
    pub outside: usize,
    /// Rows that repeated the ticker and day of an earlier row.
    pub repeated: usize,
}

/// The fields a column can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Ticker,
    Period,
    Open,
    High,
    Low,
    Close,
    AdjClose,
    Volume,
}

const FIELDS: usize = 9;

impl Field {
    /// The field a header name gives, the name already folded by
    /// [`fold_name`]. `price` is yfinance's and other tools' name for a
    /// lone close; `vol` and `per` are Stooq's.
    fn of(folded: &str) -> Option<Field> {
        Some(match folded {
            "date" | "datetime" | "day" => Field::Date,
            "ticker" | "symbol" => Field::Ticker,
            "per" | "period" => Field::Period,
            "open" => Field::Open,
            "high" => Field::High,
            "low" => Field::Low,
            "close" | "price" | "closeprice" => Field::Close,
            "adjclose" | "closeadj" | "adjustedclose" => Field::AdjClose,
            "volume" | "vol" => Field::Volume,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Ticker => "ticker",
            Field::Period => "period",
            Field::Open => "open",
            Field::High => "high",
            Field::Low => "low",
            Field::Close => "close",
            Field::AdjClose => "adj close",
            Field::Volume => "volume",
        }
    }
}

/// A header name lower-cased with everything but letters and digits
/// removed: `<CLOSE>`, `Adj Close`, `adj_close` and `Close*` all fold to
/// what [`Field::of`] knows.
fn fold_name(name: &[u8]) -> String {
    name.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// Where each field is in a row.
#[derive(Debug, Clone)]
struct Columns {
    at: [Option<usize>; FIELDS],
    /// The header has a first column `Price` holding the dates, and may be
    /// followed by yfinance's `Ticker,…` and `Date,,,` rows (yfinance 0.2.51
    /// and later write these three header lines).
    yfinance_levels: bool,
    /// Stooq's bulk format (angle-bracketed names): its tickers end in `.US`.
    stooq: bool,
    /// The header's number of columns.
    width: usize,
}

impl Columns {
    fn get(&self, field: Field) -> Option<usize> {
        self.at[field as usize]
    }

    fn detect(header: &csv::ByteRecord) -> Result<Columns, ImportError> {
        if header.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                found: header.len(),
            });
        }
        let names: Vec<String> = header
            .iter()
            .map(|n| String::from_utf8_lossy(n.trim_ascii()).into_owned())
            .collect();
        if names
            .first()
            .is_some_and(|n| parse_date(n.as_bytes()).is_some())
        {
            return Err(ImportError::NoHeader);
        }
        let mut columns = Columns {
            at: [None; FIELDS],
            yfinance_levels: false,
            stooq: names.iter().any(|n| n.starts_with('<')),
            width: names.len(),
        };
        let folded: Vec<String> = header.iter().map(fold_name).collect();
        let has = |field: Field| folded.iter().any(|f| Field::of(f) == Some(field));
        // yfinance's multi-level header names the date column "Price" over
        // the Close, High, … columns: that "Price" is not a close.
        if folded.first().map(String::as_str) == Some("price")
            && folded[1..]
                .iter()
                .any(|f| Field::of(f) == Some(Field::Close))
            && !has(Field::Date)
        {
            columns.yfinance_levels = true;
            columns.at[Field::Date as usize] = Some(0);
        }
        for (i, name) in folded.iter().enumerate() {
            if columns.yfinance_levels && i == 0 {
                continue;
            }
            let Some(field) = Field::of(name) else {
                continue; // Dividends, Stock Splits, <TIME>, <OPENINT>, …
            };
            if let Some(j) = columns.at[field as usize] {
                if columns.yfinance_levels {
                    // Close, Close, High, High…: one column per ticker,
                    // the tickers named on the next line.
                    return Err(ImportError::ManyTickers {
                        tickers: Vec::new(),
                    });
                }
                return Err(ImportError::DuplicateColumn {
                    first: names[j].clone(),
                    second: names[i].clone(),
                });
            }
            columns.at[field as usize] = Some(i);
        }
        if columns.get(Field::Date).is_none() {
            return Err(ImportError::Missing {
                what: "date",
                header: names,
            });
        }
        if columns.get(Field::Close).is_none() && columns.get(Field::AdjClose).is_none() {
            return Err(ImportError::Missing {
                what: "close",
                header: names,
            });
        }
        Ok(columns)
    }
}

/// The day of a date field: `YYYY-MM-DD` (or with `/`), optionally
/// followed by a time (`2025-10-13 00:00:00-04:00`, `2025-10-13T…`: the
/// exchange's own date as written), or Stooq's `YYYYMMDD`.
pub fn parse_date(field: &[u8]) -> Option<Date> {
    let digits = |s: &[u8]| -> Option<i32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0, |n, d| n * 10 + i32::from(d - b'0')))
    };
    let (y, m, d) = if field.len() == 8 {
        (&field[..4], &field[4..6], &field[6..])
    } else if field.len() >= 10
        && matches!(field[4], b'-' | b'/')
        && field[7] == field[4]
        && (field.len() == 10 || matches!(field[10], b' ' | b'T' | b't'))
    {
        (&field[..4], &field[5..7], &field[8..10])
    } else {
        return None;
    };
    let (y, m, d) = (digits(y)?, digits(m)?, digits(d)?);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// A number field: `Ok(None)` when missing (empty, `null`, `NaN`, `None`,
/// `NA`, `N/A`), an error when present but not a finite number.
fn parse_number(field: &[u8]) -> Result<Option<f64>, ()> {
    if field.is_empty() {
        return Ok(None);
    }
    let text = std::str::from_utf8(field).map_err(|_| ())?;
    for missing in ["null", "nan", "none", "na", "n/a"] {
        if text.eq_ignore_ascii_case(missing) {
            return Ok(None);
        }
    }
    let value: f64 = text.parse().map_err(|_| ())?;
    if value.is_nan() {
        Ok(None)
    } else if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(())
    }
}

/// A field quoted in a problem, cut to a readable length.
fn quoted(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let cut: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < text.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

/// A ticker as stored: trimmed and upper-cased, Stooq's `.US` suffix
/// removed when `stooq`; `None` when empty, over [`MAX_TICKER_CHARS`] or
/// holding spaces or control characters.
pub fn clean_ticker(raw: &str, stooq: bool) -> Option<String> {
    let mut ticker = raw.trim().to_ascii_uppercase();
    if stooq && ticker.len() > 3 && ticker.ends_with(".US") {
        ticker.truncate(ticker.len() - 3);
    }
    let ok = !ticker.is_empty()
        && ticker.chars().count() <= MAX_TICKER_CHARS
        && !ticker.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(ticker)
}

/// The ticker a single-ticker file's name gives: the name without its
/// extension, upper-cased, a Stooq `.us` suffix removed (`MP.csv` → MP,
/// `mp.us.txt` → MP, `PLS.AX.csv` → PLS.AX). Only the last component of a
/// path counts.
pub fn ticker_from_file_name(file_name: &str) -> Option<String> {
    let name = Path::new(file_name).file_name()?.to_str()?;
    let stem = match name.rsplit_once('.') {
        Some((stem, _extension)) => stem,
        None => name,
    };
    clean_ticker(stem, true)
}

/// The line of byte offset `at` (from 1).
fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
}

/// Reads a price file's bytes. `file_name` is the file's name or path; a
/// single-ticker file's ticker comes from it unless [`Options::ticker`]
/// gives one.
pub fn parse(file_name: &str, bytes: &[u8], options: &Options) -> Result<Parsed, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(ImportError::Empty);
    }
    // A NUL never occurs in text: it marks a binary file (a spreadsheet,
    // an archive) even when it happens to be valid UTF-8.
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(ImportError::NotText {
            line: line_of(bytes, at),
        });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(ImportError::NotText {
            line: line_of(bytes, e.valid_up_to()),
        });
    }
    let ticker_flag = match &options.ticker {
        Some(t) => Some(
            clean_ticker(t, false).ok_or_else(|| ImportError::BadTicker { ticker: t.clone() })?,
        ),
        None => None,
    };

    // Fields are trimmed by hand and rows may have any number of fields:
    // a short row is a row without a close, not a broken file.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let csv_error = |e: csv::Error| ImportError::Csv(e.to_string());
    if !reader.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(ImportError::Empty);
    }
    let columns = Columns::detect(&record)?;
    if columns.get(Field::Ticker).is_some() && ticker_flag.is_some() {
        return Err(ImportError::TickerColumn);
    }

    let mut state = Rows {
        columns,
        options,
        file_ticker: ticker_flag.clone(),
        last_raw_ticker: Vec::new(),
        last_ticker: None,
        parsed: Parsed::default(),
    };
    let mut in_header = state.columns.yfinance_levels;
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        if in_header {
            match yfinance_header_row(&record)? {
                Some(row_ticker) => {
                    // --ticker wins over what the file says.
                    if ticker_flag.is_none() {
                        state.file_ticker = row_ticker.or(state.file_ticker.take());
                    }
                    continue;
                }
                None => in_header = false,
            }
        }
        if state.columns.get(Field::Ticker).is_none() && state.file_ticker.is_none() {
            state.file_ticker =
                Some(
                    ticker_from_file_name(file_name).ok_or_else(|| ImportError::NoTicker {
                        file_name: file_name.to_string(),
                    })?,
                );
        }
        state.row(&record);
    }
    Ok(state.finish())
}

/// For a row right after a yfinance multi-level header: `Some` when it is
/// one of the header's `Ticker,MP,MP,…` or `Date,,,…` lines (with the
/// ticker the first names), `None` when it is data.
fn yfinance_header_row(record: &csv::ByteRecord) -> Result<Option<Option<String>>, ImportError> {
    let first = record.get(0).map(fold_name).unwrap_or_default();
    let rest = || record.iter().skip(1).map(<[u8]>::trim_ascii);
    match first.as_str() {
        "ticker" => {
            let mut tickers: Vec<String> = rest()
                .filter(|t| !t.is_empty())
                .map(|t| String::from_utf8_lossy(t).to_ascii_uppercase())
                .collect();
            tickers.sort();
            tickers.dedup();
            if tickers.len() > 1 {
                return Err(ImportError::ManyTickers { tickers });
            }
            Ok(Some(tickers.pop().and_then(|t| clean_ticker(&t, false))))
        }
        "date" if rest().all(<[u8]>::is_empty) => Ok(Some(None)),
        _ => Ok(None),
    }
}

/// The rows of one file as they are read.
struct Rows<'o> {
    columns: Columns,
    options: &'o Options,
    /// The ticker of a file without a ticker column.
    file_ticker: Option<String>,
    /// The ticker field of the previous row as written and as cleaned: long
    /// files repeat a ticker for thousands of rows in a run.
    last_raw_ticker: Vec<u8>,
    last_ticker: Option<String>,
    parsed: Parsed,
}

impl Rows<'_> {
    fn row(&mut self, record: &csv::ByteRecord) {
        self.parsed.read += 1;
        let line = record.position().map_or(0, |p| p.line());
        match self.bar(record) {
            Ok(Some((ticker, bar))) => self.parsed.rows.push((ticker, bar)),
            Ok(None) => self.parsed.outside += 1,
            Err((skip, detail)) => {
                self.parsed.skipped.add(skip);
                if self.parsed.problems.len() < MAX_REPORTED {
                    self.parsed.problems.push(RowProblem { line, skip, detail });
                }
            }
        }
    }

    /// The field of a column, trimmed; empty when the row is too short.
    fn field<'r>(&self, record: &'r csv::ByteRecord, field: Field) -> Option<&'r [u8]> {
        let at = self.columns.get(field)?;
        Some(record.get(at).unwrap_or_default().trim_ascii())
    }

    fn ticker(&mut self, record: &csv::ByteRecord) -> Result<String, (Skip, String)> {
        let Some(raw) = self.field(record, Field::Ticker) else {
            // A file without a ticker column: `parse` set the file's.
            return Ok(self.file_ticker.clone().unwrap_or_default());
        };
        if let Some(last) = &self.last_ticker {
            if raw == self.last_raw_ticker.as_slice() {
                return Ok(last.clone());
            }
        }
        let cleaned = std::str::from_utf8(raw)
            .ok()
            .and_then(|t| clean_ticker(t, self.columns.stooq))
            .ok_or_else(|| {
                (
                    Skip::BadTicker,
                    format!("ticker {} is not a ticker", quoted(raw)),
                )
            })?;
        self.last_raw_ticker.clear();
        self.last_raw_ticker.extend_from_slice(raw);
        self.last_ticker = Some(cleaned.clone());
        Ok(cleaned)
    }

    /// The row's ticker and bar; `None` when outside the requested days.
    fn bar(&mut self, record: &csv::ByteRecord) -> Result<Option<(String, Bar)>, (Skip, String)> {
        if let Some(period) = self.field(record, Field::Period) {
            if !period.eq_ignore_ascii_case(b"d") {
                return Err((
                    Skip::NotDaily,
                    format!("period {} is not D", quoted(period)),
                ));
            }
        }
        let date_field = self.field(record, Field::Date).unwrap_or_default();
        let date = parse_date(date_field).ok_or_else(|| {
            (
                Skip::BadDate,
                format!("date {} is not YYYY-MM-DD or YYYYMMDD", quoted(date_field)),
            )
        })?;
        if self.options.from.is_some_and(|from| date < from)
            || self.options.until.is_some_and(|until| date > until)
        {
            return Ok(None);
        }
        let number = |field: Field| -> Result<Option<f64>, (Skip, String)> {
            let Some(text) = self.field(record, field) else {
                return Ok(None);
            };
            parse_number(text).map_err(|()| {
                (
                    Skip::BadNumber,
                    format!("{} {} is not a number", field.name(), quoted(text)),
                )
            })
        };
        // Prices at or below zero are gaps in the source (Yahoo writes 0
        // for an open it does not have), not prices.
        let price = |field: Field| -> Result<Option<f64>, (Skip, String)> {
            Ok(number(field)?.filter(|v| *v > 0.0))
        };
        let adj_close = price(Field::AdjClose)?;
        let close = if self.columns.get(Field::Close).is_some() {
            number(Field::Close)?
        } else {
            // Only an adjusted close: it is the close we have, and stays
            // marked as adjusted.
            number(Field::AdjClose)?
        };
        let close = match close {
            None => {
                let detail = if record.len() < self.columns.width {
                    format!(
                        "no close (the row has {} fields, the header {})",
                        record.len(),
                        self.columns.width
                    )
                } else {
                    "no close".to_string()
                };
                return Err((Skip::NoClose, detail));
            }
            Some(c) if c <= 0.0 => {
                return Err((Skip::BadClose, format!("close {c} is not above zero")));
            }
            Some(c) => c,
        };
        let bar = Bar {
            date,
            open: price(Field::Open)?,
            high: price(Field::High)?,
            low: price(Field::Low)?,
            close,
            adj_close,
            volume: number(Field::Volume)?.filter(|v| *v >= 0.0),
        };
        let ticker = self.ticker(record)?;
        Ok(Some((ticker, bar)))
    }

    fn finish(self) -> Parsed {
        let mut parsed = self.parsed;
        let in_order = parsed
            .rows
            .windows(2)
            .all(|w| (&w[0].0, w[0].1.date) < (&w[1].0, w[1].1.date));
        if !in_order {
            // Stable: of two rows for one ticker and day, the later stays
            // later and wins below.
            parsed
                .rows
                .sort_by(|a, b| a.0.cmp(&b.0).then(a.1.date.cmp(&b.1.date)));
            let mut unique: Vec<(String, Bar)> = Vec::with_capacity(parsed.rows.len());
            for row in parsed.rows {
                match unique.last_mut() {
                    Some(last) if last.0 == row.0 && last.1.date == row.1.date => {
                        *last = row;
                        parsed.repeated += 1;
                    }
                    _ => unique.push(row),
                }
            }
            parsed.rows = unique;
        }
        parsed.tickers = parsed
            .rows
            .iter()
            .enumerate()
            .filter(|(i, row)| *i == 0 || parsed.rows[i - 1].0 != row.0)
            .count();
        parsed
    }
}
