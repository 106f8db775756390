//! Readers: everything a user already has, turned into [`Document`]s.
//!
//! Entry points: [`read_path`] (a file, or a folder recursively, through
//! the folder walk every command shares, [`walk`]),
//! [`read_stdin`] and [`read_bytes`] (a page or feed fetched elsewhere),
//! each an iterator of documents and per-item errors: a bad file, line,
//! row or feed entry is one [`ItemError`] and the rest go on. The format is
//! detected from the content ([`detect`]); the readers for each format are
//! public too, for callers that hold a stream of their own.

mod csv;
mod date;
mod dateline;
mod detect;
mod error;
mod feed;
mod jsonl;
mod source;
mod text;
pub mod walk;

pub use crate::csv::{read_csv, CsvColumns, CsvMapping, CsvRecords};
pub use date::parse_published;
pub use dateline::find_dateline;
pub use detect::{detect, format_of_extension, DETECT_BYTES};
pub use error::{CsvMappingError, HeaderError, ItemError, ItemErrorKind, Lost, NoText};
pub use feed::read_feed;
pub use jsonl::{read_jsonl, JsonlRecords};
pub use monazite_html::Published;
pub use source::{
    read_bytes, read_path, read_response, read_stdin, walk_reads, Documents, ReadOptions,
    FOLDER_EXTENSIONS,
};
pub use text::{day_from_path, read_text};
pub use walk::{Skip, SkipReason, Walk, Walked};

/// Inputs read whole (HTML, feeds, text, Markdown) larger than this are
/// refused: the same bound as the HTML extractor's, and far above any
/// article or feed.
pub const MAX_FILE_BYTES: usize = monazite_html::MAX_HTML_BYTES;

/// A JSON Lines line or CSV record larger than this is refused (that one
/// item; the rest go on) without being buffered whole. Large enough for a
/// record that carries a full HTML page.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The formats the readers know, detected from the content (the extension
/// is only a hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Html,
    Rss,
    Atom,
    Jsonl,
    Csv,
    Markdown,
    Text,
}

/// One article as read, before analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where it came from, precise enough to find it again: a path, a URL,
    /// `path:LINE` for a record of a JSON Lines or CSV file, `path#N` for
    /// the N-th entry of a feed.
    pub origin: String,
    pub format: Format,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The outlet: a site name, a feed's title, a CSV's source column.
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<Published>,
    /// Tickers the source itself attaches to the item (a CSV's ticker column).
    pub tickers: Vec<String>,
    /// The article's text: title excluded, paragraphs separated by blank lines.
    pub text: String,
}

impl Document {
    /// The text to analyse and store: the title line, a blank line, the
    /// body; the body alone when it already opens with the title.
    pub fn full_text(&self) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() && !self.text.trim_start().starts_with(title) => {
                format!("{title}\n\n{}", self.text)
            }
            _ => self.text.clone(),
        }
    }

    /// The publication day: the UTC day of an instant.
    pub fn day(&self) -> Option<jiff::civil::Date> {
        self.published.map(Published::utc_day)
    }
}
