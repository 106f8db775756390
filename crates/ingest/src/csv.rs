//! CSV (and TSV) archives: one [`Document`] per row, columns found by
//! their header names or named by a [`CsvMapping`].
//!
//! Rows stream: a file of any length is read one record at a time, and a
//! record longer than [`MAX_RECORD_BYTES`] is refused before it is
//! buffered whole (an unclosed quote would otherwise swallow the rest of
//! the file into one field).

use std::io::{BufRead, Read};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::date::parse_published;
use crate::{
    CsvMappingError, Document, Format, HeaderError, ItemError, ItemErrorKind, NoText,
    MAX_RECORD_BYTES,
};

/// Header names tried, in order, for each field when no mapping names the
/// column. Names are compared lower-cased, with spaces and hyphens read as
/// underscores.
const TEXT_NAMES: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "summary",
    "description",
];
const TITLE_NAMES: &[&str] = &["title", "headline"];
const PUBLISHED_NAMES: &[&str] = &[
    "published_utc",
    "published",
    "published_at",
    "date",
    "datetime",
    "time_published",
    "timestamp",
    "pubdate",
    "time",
];
const SOURCE_NAMES: &[&str] = &["source", "publisher", "site", "outlet", "source_name"];
const TICKER_NAMES: &[&str] = &["ticker", "tickers", "symbol", "symbols"];
const URL_NAMES: &[&str] = &["url", "link"];
const AUTHOR_NAMES: &[&str] = &["author", "authors", "byline"];

/// Whether a header name is one the auto-detection knows (format detection
/// uses it to tell a CSV header from a line of prose).
pub fn is_known_column(name: &str) -> bool {
    let n = normalize(name);
    [
        TEXT_NAMES,
        TITLE_NAMES,
        PUBLISHED_NAMES,
        SOURCE_NAMES,
        TICKER_NAMES,
        URL_NAMES,
        AUTHOR_NAMES,
    ]
    .iter()
    .any(|names| names.contains(&n.as_str()))
}

fn normalize(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// Columns named explicitly, overriding the auto-detection field by field.
/// Parsed from the CLI's `--csv-map`: `text=summary,published=published_utc`;
/// several text columns as `text=title+summary` or by repeating `text=`.
/// A field left out is auto-detected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvMapping {
    pub text: Vec<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub ticker: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

impl CsvMapping {
    /// Parses `text=summary,published=published_utc` (see the type).
    pub fn parse(s: &str) -> Result<CsvMapping, CsvMappingError> {
        s.parse()
    }
}

impl FromStr for CsvMapping {
    type Err = CsvMappingError;

    fn from_str(s: &str) -> Result<Self, CsvMappingError> {
        let mut mapping = CsvMapping::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((field, column)) = pair.split_once('=') else {
                return Err(CsvMappingError::NotAPair { pair: pair.into() });
            };
            let column = column.trim();
            if column.is_empty() {
                return Err(CsvMappingError::NoColumn { pair: pair.into() });
            }
            let slot = match field.trim() {
                "text" => {
                    mapping
                        .text
                        .extend(column.split('+').map(|c| c.trim().to_string()));
                    continue;
                }
                "title" => &mut mapping.title,
                "published" => &mut mapping.published,
                "source" | "site" => &mut mapping.source,
                "ticker" | "tickers" => &mut mapping.ticker,
                "url" => &mut mapping.url,
                "author" => &mut mapping.author,
                other => {
                    return Err(CsvMappingError::UnknownField {
                        field: other.into(),
                    })
                }
            };
            *slot = Some(column.to_string());
        }
        Ok(mapping)
    }
}

/// The columns a file's rows are read from, as resolved against its
/// header (header names as written in the file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvColumns {
    /// Joined with blank lines, in this order, empty cells skipped.
    pub text: Vec<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub ticker: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

/// Column indices for [`CsvColumns`].
#[derive(Debug, Clone, Default)]
struct Indices {
    text: Vec<usize>,
    title: Option<usize>,
    published: Option<usize>,
    source: Option<usize>,
    ticker: Option<usize>,
    url: Option<usize>,
    author: Option<usize>,
}

impl CsvColumns {
    /// Resolves `mapping` against a header; fields it leaves out are
    /// auto-detected. Fails when a named column is absent or no text column
    /// can be found, naming the columns the header has.
    pub fn resolve(header: &[&str], mapping: &CsvMapping) -> Result<CsvColumns, HeaderError> {
        Ok(Self::indices(header, mapping)?.0)
    }

    fn indices(
        header: &[&str],
        mapping: &CsvMapping,
    ) -> Result<(CsvColumns, Indices), HeaderError> {
        let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
        let found = || {
            header
                .iter()
                .map(|h| format!("'{}'", h.trim_start_matches('\u{feff}')))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let named = |column: &str| -> Result<usize, HeaderError> {
            let want = normalize(column);
            normalized
                .iter()
                .position(|h| *h == want)
                .ok_or_else(|| HeaderError::NoColumn {
                    column: column.to_string(),
                    found: found(),
                })
        };
        let pick =
            |explicit: &Option<String>, names: &[&str]| -> Result<Option<usize>, HeaderError> {
                match explicit {
                    Some(column) => named(column).map(Some),
                    None => Ok(names
                        .iter()
                        .find_map(|n| normalized.iter().position(|h| h == n))),
                }
            };
        let text = if mapping.text.is_empty() {
            pick(&None, TEXT_NAMES)?.into_iter().collect()
        } else {
            mapping
                .text
                .iter()
                .map(|c| named(c))
                .collect::<Result<Vec<_>, _>>()?
        };
        if text.is_empty() {
            return Err(HeaderError::NoTextColumn {
                looked_for: TEXT_NAMES.join(", "),
                found: found(),
            });
        }
        let idx = Indices {
            text,
            title: pick(&mapping.title, TITLE_NAMES)?,
            published: pick(&mapping.published, PUBLISHED_NAMES)?,
            source: pick(&mapping.source, SOURCE_NAMES)?,
            ticker: pick(&mapping.ticker, TICKER_NAMES)?,
            url: pick(&mapping.url, URL_NAMES)?,
            author: pick(&mapping.author, AUTHOR_NAMES)?,
        };
        let name = |i: usize| header[i].trim_start_matches('\u{feff}').to_string();
        let columns = CsvColumns {
            text: idx.text.iter().map(|&i| name(i)).collect(),
            title: idx.title.map(name),
            published: idx.published.map(name),
            source: idx.source.map(name),
            ticker: idx.ticker.map(name),
            url: idx.url.map(name),
            author: idx.author.map(name),
        };
        Ok((columns, idx))
    }
}

/// Reads rows from `reader` (header first) as documents with origin
/// `origin:LINE`. The delimiter is a tab when the header line has one,
/// otherwise a comma. Errors for the header end the file; errors for a row
/// are that row's, and the rest go on.
pub fn read_csv<R: BufRead>(origin: &str, mut reader: R, mapping: &CsvMapping) -> CsvRecords<R> {
    let (delimiter, crlf) = match reader.fill_buf() {
        Ok(buf) => {
            let end = memchr::memchr(b'\n', buf);
            let line = &buf[..end.unwrap_or(buf.len())];
            let tab = memchr::memchr(b'\t', line).is_some();
            (if tab { b'\t' } else { b',' }, line.ends_with(b"\r"))
        }
        Err(_) => (b',', false), // the read error surfaces with the header
    };
    let guard = Guard::new(reader);
    let mut records = CsvRecords {
        origin: origin.to_string(),
        delimiter,
        crlf,
        state: State::Done,
        indices: Indices::default(),
        line_base: 0,
        pending: None,
        tripped: guard.tripped.clone(),
        limit_at: guard.limit_at.clone(),
        delivered: guard.delivered.clone(),
        newlines: guard.newlines.clone(),
    };
    let mut csv = records.builder(true).from_reader(guard);
    let header = csv.byte_headers().cloned();
    match header {
        Ok(h) if h.iter().all(|f| f.is_empty()) => {
            records.pending =
                Some(records.error_at(1, ItemErrorKind::BadHeader(HeaderError::Missing)));
        }
        Ok(h) => {
            let names: Result<Vec<&str>, _> = h.iter().map(std::str::from_utf8).collect();
            match names {
                Err(_) => {
                    records.pending =
                        Some(records.error_at(1, ItemErrorKind::BadHeader(HeaderError::NotUtf8)))
                }
                Ok(names) => match CsvColumns::indices(&names, mapping) {
                    Ok((_, indices)) => {
                        records.indices = indices;
                        records.state = State::Reading(Box::new(csv));
                    }
                    Err(e) => {
                        records.pending = Some(records.error_at(1, ItemErrorKind::BadHeader(e)))
                    }
                },
            }
        }
        Err(e) => records.pending = Some(records.error_at(1, cannot_read(&e))),
    }
    records
}

/// The iterator [`read_csv`] returns.
pub struct CsvRecords<R: BufRead> {
    origin: String,
    delimiter: u8,
    /// Lines end in `\r\n`: the CSV reader ends a record at the `\r`
    /// and counts the `\n` into the next record, whose position then says
    /// the line before its own.
    crlf: bool,
    state: State<R>,
    indices: Indices,
    /// Added to the CSV reader's own line numbers after a resync, which
    /// restarts them at 1.
    line_base: u64,
    pending: Option<ItemError>,
    tripped: Arc<AtomicBool>,
    limit_at: Arc<AtomicU64>,
    delivered: Arc<AtomicU64>,
    newlines: Arc<AtomicU64>,
}

impl<R: BufRead> std::fmt::Debug for CsvRecords<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRecords")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

enum State<R: BufRead> {
    Reading(Box<::csv::Reader<Guard<R>>>),
    Done,
}

impl<R: BufRead> CsvRecords<R> {
    fn builder(&self, headers: bool) -> ::csv::ReaderBuilder {
        let mut b = ::csv::ReaderBuilder::new();
        // Flexible: a short row is read with its missing cells empty, a
        // long one with its extra cells ignored, rather than refused.
        b.has_headers(headers)
            .flexible(true)
            .delimiter(self.delimiter);
        b
    }

    fn error_at(&self, line: u64, kind: ItemErrorKind) -> ItemError {
        ItemError::new(format!("{}:{line}", self.origin), kind)
    }

    /// After an over-long record: drops the CSV reader's buffer, skips the
    /// raw input to the next line and starts a header-less reader there.
    fn resync(&mut self, csv: ::csv::Reader<Guard<R>>) -> Result<(), ItemError> {
        let mut guard = csv.into_inner();
        guard.tripped.store(false, Ordering::Relaxed);
        guard.limit_at.store(u64::MAX, Ordering::Relaxed);
        let mut skipped_newline = false;
        while !skipped_newline {
            let buf = match guard.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) => {
                    return Err(
                        self.error_at(self.newlines.load(Ordering::Relaxed) + 1, cannot_read(&e))
                    )
                }
            };
            if buf.is_empty() {
                break;
            }
            let used = match memchr::memchr(b'\n', buf) {
                Some(i) => {
                    skipped_newline = true;
                    i + 1
                }
                None => buf.len(),
            };
            guard.inner.consume(used);
        }
        // Every newline the old reader was handed now lies before the
        // resync point, read or dropped.
        let newlines = self.newlines.load(Ordering::Relaxed) + u64::from(skipped_newline);
        self.line_base = newlines;
        self.delivered.store(0, Ordering::Relaxed);
        if skipped_newline {
            self.state = State::Reading(Box::new(self.builder(false).from_reader(guard)));
        }
        Ok(())
    }

    fn document(&self, line: u64, record: &::csv::ByteRecord) -> Result<Document, ItemError> {
        let cell = |i: Option<usize>| -> Result<Option<&str>, ItemError> {
            let Some(bytes) = i.and_then(|i| record.get(i)) else {
                return Ok(None);
            };
            let s = std::str::from_utf8(bytes)
                .map_err(|_| {
                    self.error_at(
                        line,
                        ItemErrorKind::NotUtf8 {
                            at: None,
                            declared: None,
                        },
                    )
                })?
                .trim();
            Ok((!s.is_empty()).then_some(s))
        };
        let mut text = String::new();
        for &i in &self.indices.text {
            if let Some(part) = cell(Some(i))? {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(part);
            }
        }
        let title = cell(self.indices.title)?;
        if text.is_empty() {
            // A headline-only row (news exports have a few) is read as its
            // headline rather than lost.
            match title {
                Some(t) => text.push_str(t),
                None => return Err(self.error_at(line, ItemErrorKind::NoText(NoText::CsvCells))),
            }
        }
        let tickers = match cell(self.indices.ticker)? {
            Some(s) => split_tickers(s),
            None => Vec::new(),
        };
        Ok(Document {
            origin: format!("{}:{line}", self.origin),
            format: Format::Csv,
            url: cell(self.indices.url)?.map(str::to_string),
            title: title.map(str::to_string),
            site: cell(self.indices.source)?.map(str::to_string),
            author: cell(self.indices.author)?.map(str::to_string),
            published: cell(self.indices.published)?.and_then(parse_published),
            tickers,
            text,
        })
    }
}

impl<R: BufRead> Iterator for CsvRecords<R> {
    type Item = Result<Document, ItemError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.take() {
            return Some(Err(e));
        }
        let State::Reading(csv) = &mut self.state else {
            return None;
        };
        let start = csv.position().clone();
        // The reader may hold up to its buffer of bytes past the record it
        // is reading; the slack covers that.
        let limit = (MAX_RECORD_BYTES + 64 * 1024) as u64;
        // Positions, like the guard's count, restart at a resync.
        self.limit_at.store(start.byte() + limit, Ordering::Relaxed);
        let mut record = ::csv::ByteRecord::new();
        let read = csv.read_byte_record(&mut record);
        let line = self.line_base + start.line();
        match read {
            Ok(false) => {
                self.state = State::Done;
                None
            }
            Ok(true) => {
                let pos = record.position().unwrap_or(&start);
                // After a resync the reader starts past a `\n` (byte 0).
                let pending_newline = u64::from(self.crlf && pos.byte() > 0);
                let line = self.line_base + pos.line() + pending_newline;
                Some(self.document(line, &record))
            }
            Err(_) if self.tripped.load(Ordering::Relaxed) => {
                let State::Reading(csv) = std::mem::replace(&mut self.state, State::Done) else {
                    return None;
                };
                let error = self.error_at(
                    line,
                    ItemErrorKind::RecordTooLarge {
                        limit: MAX_RECORD_BYTES,
                    },
                );
                if let Err(e) = self.resync(*csv) {
                    self.pending = Some(e);
                }
                Some(Err(error))
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(self.error_at(line, cannot_read(&e))))
            }
        }
    }
}

fn cannot_read(e: &dyn std::fmt::Display) -> ItemErrorKind {
    ItemErrorKind::CannotRead {
        reason: e.to_string(),
    }
}

/// Tickers from a cell: `MP`, `MP, USAR`, `$MP;$USAR`, `MP|USAR`.
fn split_tickers(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in cell.split([',', ';', '|', ' ', '\t']) {
        let t = t.trim().trim_start_matches('$');
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// Counts what the CSV reader is handed and refuses to hand it more than
/// the current record's limit, so that memory stays bounded whatever the
/// record.
struct Guard<R> {
    inner: R,
    delivered: Arc<AtomicU64>,
    newlines: Arc<AtomicU64>,
    limit_at: Arc<AtomicU64>,
    tripped: Arc<AtomicBool>,
}

impl<R> Guard<R> {
    fn new(inner: R) -> Self {
        Guard {
            inner,
            delivered: Arc::new(AtomicU64::new(0)),
            newlines: Arc::new(AtomicU64::new(0)),
            limit_at: Arc::new(AtomicU64::new(u64::MAX)),
            tripped: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let delivered = self.delivered.load(Ordering::Relaxed);
        let room = self
            .limit_at
            .load(Ordering::Relaxed)
            .saturating_sub(delivered);
        if room == 0 {
            self.tripped.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other("record over the limit"));
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.delivered.fetch_add(n as u64, Ordering::Relaxed);
        self.newlines.fetch_add(
            memchr::memchr_iter(b'\n', &buf[..n]).count() as u64,
            Ordering::Relaxed,
        );
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, mapping: &CsvMapping) -> Vec<Result<Document, ItemError>> {
        read_csv("t.csv", input.as_bytes(), mapping).collect()
    }

    #[test]
    fn rows_with_auto_detected_columns() {
        let input = "published_utc,ticker,company,source,title,summary\n\
            20251218T120000,MP,MP Materials,Reuters,\"MP rises, again\",\"MP Materials rose.\nA second line.\"\n\
            20251219T000000,\"UUUU, MP\",Energy Fuels,Wire,Second,Energy Fuels fell.\n";
        let docs = read(input, &CsvMapping::default());
        assert_eq!(docs.len(), 2);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.origin, "t.csv:2");
        assert_eq!(first.title.as_deref(), Some("MP rises, again"));
        assert_eq!(first.site.as_deref(), Some("Reuters"));
        assert_eq!(first.tickers, vec!["MP"]);
        assert_eq!(first.text, "MP Materials rose.\nA second line.");
        assert_eq!(
            first.published,
            Some(crate::Published::Instant(
                "2025-12-18T12:00:00Z".parse().unwrap()
            ))
        );
        // The quoted newline makes the second record start on line 4.
        let second = docs[1].as_ref().unwrap();
        assert_eq!(second.origin, "t.csv:4");
        assert_eq!(second.tickers, vec!["UUUU", "MP"]);
    }

    #[test]
    fn mapping_overrides_and_joins_text_columns() {
        let mapping: CsvMapping = "text=lede+body, published=when ,source=outlet"
            .parse()
            .unwrap();
        let input = "when,outlet,lede,body,summary\n2025-12-18,Mining Weekly,Lede.,Body.,Ignored\n";
        let docs = read(input, &mapping);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, "Lede.\n\nBody.");
        assert_eq!(doc.site.as_deref(), Some("Mining Weekly"));
        assert_eq!(
            doc.published,
            Some(crate::Published::Day(jiff::civil::date(2025, 12, 18)))
        );
        assert!("text".parse::<CsvMapping>().is_err());
        assert!("colour=red".parse::<CsvMapping>().is_err());
    }

    #[test]
    fn header_without_text_column_is_one_clear_error() {
        let docs = read(
            "date,ticker,price\n2025-01-01,MP,20\n",
            &CsvMapping::default(),
        );
        assert_eq!(docs.len(), 1);
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(e.origin, "t.csv:1");
        assert!(e.message().contains("no text column"), "{e}");
        assert!(e.message().contains("'date', 'ticker', 'price'"), "{e}");
        let mapping: CsvMapping = "text=body".parse().unwrap();
        let docs = read("date,summary\n", &mapping);
        assert!(docs[0]
            .as_ref()
            .unwrap_err()
            .message()
            .contains("no column 'body'"));
    }

    #[test]
    fn bad_rows_are_errors_and_the_rest_go_on() {
        let mut input = b"title,text\n,\nB,\xff\xfe\nshort\nC,Good text.\n".to_vec();
        input.extend_from_slice(b"D,Also good.\n");
        let docs: Vec<_> = read_csv("t.csv", &input[..], &CsvMapping::default()).collect();
        assert_eq!(docs.len(), 5);
        assert!(docs[0].as_ref().unwrap_err().message().contains("no text"));
        assert_eq!(docs[1].as_ref().unwrap_err().origin, "t.csv:3");
        assert!(docs[1].as_ref().unwrap_err().message().contains("UTF-8"));
        // A headline-only row is read as its headline.
        assert_eq!(docs[2].as_ref().unwrap().text, "short");
        assert_eq!(docs[3].as_ref().unwrap().text, "Good text.");
        assert_eq!(docs[4].as_ref().unwrap().origin, "t.csv:6");
    }

    #[test]
    fn an_over_long_record_is_refused_in_bounded_memory() {
        // 40 MB in one unquoted cell, then a good row: the long one is an
        // error, the good one still comes out with its true line number.
        let head = std::io::Cursor::new(b"title,text\nLong,".to_vec());
        let long = std::io::repeat(b'a').take(40 << 20);
        let tail = std::io::Cursor::new(b"\nShort,Fine.\n".to_vec());
        let reader = std::io::BufReader::new(head.chain(long).chain(tail));
        let docs: Vec<_> = read_csv("t.csv", reader, &CsvMapping::default()).collect();
        assert_eq!(docs.len(), 2, "{docs:?}");
        let e = docs[0].as_ref().unwrap_err();
        assert_eq!(e.origin, "t.csv:2");
        assert!(e.message().contains("over the"), "{e}");
        let doc = docs[1].as_ref().unwrap();
        assert_eq!(
            (doc.origin.as_str(), doc.text.as_str()),
            ("t.csv:3", "Fine.")
        );
    }

    #[test]
    fn crlf_line_numbers() {
        let docs = read(
            "title,text\r\nA,\"Two\r\nlines\"\r\nB,One\r\n",
            &CsvMapping::default(),
        );
        let origins: Vec<&str> = docs
            .iter()
            .map(|d| d.as_ref().unwrap().origin.as_str())
            .collect();
        assert_eq!(origins, ["t.csv:2", "t.csv:4"]);
    }

    #[test]
    fn tab_separated() {
        let docs = read("headline\tbody\nA\tText here.\n", &CsvMapping::default());
        assert_eq!(docs[0].as_ref().unwrap().title.as_deref(), Some("A"));
    }
}
