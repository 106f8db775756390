//! What can be wrong with one input item, and with the CSV options.
//!
//! An [`ItemError`] names the item once, in its `origin` (`path`,
//! `path:LINE`, `path#N`); its [`ItemErrorKind`] says what is wrong without
//! naming the item again.

use std::fmt;

use monazite_html::ExtractError;
use monazite_types::error_code::{Code, ErrorCode};

use crate::Format;

/// A per-item failure: the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct ItemError {
    /// As in [`crate::Document::origin`].
    pub origin: String,
    pub kind: ItemErrorKind,
}

impl ItemError {
    pub fn new(origin: impl Into<String>, kind: ItemErrorKind) -> ItemError {
        ItemError {
            origin: origin.into(),
            kind,
        }
    }

    /// What is wrong, without the origin (as the user reads it after the
    /// origin).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// What is wrong with one item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ItemErrorKind {
    /// The file, the stream or a record of it could not be read.
    #[error("cannot read: {reason}")]
    CannotRead { reason: String },
    /// A folder could not be listed.
    #[error("cannot list folder: {reason}")]
    CannotList { reason: String },
    /// A folder walk could not read an entry: a folder it cannot list, a
    /// broken link, a limit.
    #[error("{0}")]
    NotWalked(crate::walk::SkipReason),
    /// Nothing at all.
    #[error("empty: no text")]
    Empty,
    /// Only blank space.
    #[error("empty: only whitespace")]
    OnlyWhitespace,
    /// A byte-order mark of UTF-16.
    #[error("UTF-16 text is not supported: convert it to UTF-8")]
    Utf16,
    /// A NUL byte at this offset: binary data.
    #[error("binary data (NUL byte at offset {at}), not text")]
    Binary { at: usize },
    /// Not UTF-8; `at` is the first bad byte when known, `declared` an
    /// encoding the input declares that is not read.
    #[error("not valid UTF-8{}{}",
        at.map(|a| format!(" (at byte {a})")).unwrap_or_default(),
        declared.as_ref().map(|d| format!(" and its declared encoding '{d}' is not supported")).unwrap_or_default())]
    NotUtf8 {
        at: Option<usize>,
        declared: Option<String>,
    },
    /// A whole-read input over the limit (JSON Lines and CSV stream).
    #[error(
        "{size} bytes is over the {limit}-byte limit for {format:?} input \
         (only JSON Lines and CSV are read as streams)"
    )]
    FileTooLarge {
        size: u64,
        limit: usize,
        format: Format,
    },
    /// A JSON Lines line or CSV record over the limit; reading goes on at
    /// the next line.
    #[error("over the {limit}-byte limit for one record; skipped to the next line")]
    RecordTooLarge { limit: usize },
    /// The item has no text to analyse.
    #[error("{0}")]
    NoText(NoText),
    /// The HTML extractor found nothing in the page.
    #[error(transparent)]
    Page(#[from] ExtractError),
    /// A JSON Lines record's HTML field gave nothing. (Not a `source`: the
    /// message already says the extractor's reason, on one line.)
    #[error("its html field: {0}")]
    HtmlField(ExtractError),
    /// A JSON Lines line that is not JSON.
    #[error("not valid JSON: {reason}")]
    BadJson { reason: String },
    /// A JSON Lines line that is JSON but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// The CSV header cannot be used (ends the file).
    #[error("{0}")]
    BadHeader(HeaderError),
    /// The XML of a feed breaks at byte `at`.
    #[error("XML error at byte {at}: {reason}; {lost}")]
    BadXml { at: u64, reason: String, lost: Lost },
    /// The feed ends inside an open element.
    #[error("the feed ends before </{open}> (truncated?); {lost}")]
    Truncated { open: String, lost: Lost },
    /// A DOCTYPE that declares entities (entity bombs): refused.
    #[error(
        "the feed's DOCTYPE declares entities; they are not expanded \
         (that is how entity bombs work), so the feed is refused"
    )]
    FeedEntities,
    /// The root element is not `<rss>`, `<rdf:RDF>` or `<feed>`.
    #[error("not an RSS or Atom feed: the root element is <{root}>")]
    NotAFeed { root: String },
    /// The root element is empty (`<rss/>`).
    #[error("the feed is empty")]
    EmptyFeed,
    /// XML without any element.
    #[error("no feed element in the XML")]
    NoFeedElement,
    /// The item could not be fetched (the caller fetched it and gives the
    /// code of its own error).
    #[error("{message}")]
    Fetch { code: Code, message: String },
}

/// Where an item's text was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoText {
    /// A text or Markdown file, nothing in it (front matter aside).
    Body,
    /// A Markdown file with a title and nothing after it.
    AfterTitle,
    /// An HTML page whose main content is blank.
    Page,
    /// A JSON Lines record without a text or an html field.
    JsonFields,
    /// A JSON Lines record whose html field holds no text.
    HtmlField,
    /// A CSV row whose text and title cells are empty.
    CsvCells,
    /// A feed entry without content, description, summary or title.
    FeedEntry,
}

impl fmt::Display for NoText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoText::Body => "no text",
            NoText::AfterTitle => "no text after its title",
            NoText::Page => "no text in the page",
            NoText::JsonFields => {
                return write!(
                    f,
                    "no text (looked for {} and {})",
                    crate::jsonl::TEXT.join(", "),
                    crate::jsonl::HTML.join(", ")
                )
            }
            NoText::HtmlField => "its html field has no text",
            NoText::CsvCells => "no text: its text and title cells are empty",
            NoText::FeedEntry => "no text (no content, description, summary or title)",
        })
    }
}

/// What a break in a feed loses, said after the break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// The entry being read (its number) and any after it.
    FromEntry(usize),
    /// Nothing had been read.
    NothingRead,
    /// This many entries were read before the break.
    AfterEntries(usize),
}

impl fmt::Display for Lost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lost::FromEntry(n) => write!(f, "entry {n} and any after it are lost"),
            Lost::NothingRead => f.write_str("no entry was read"),
            Lost::AfterEntries(n) => write!(f, "{n} entries read before it"),
        }
    }
}

/// Why a CSV header cannot be used. `found` lists the header's columns,
/// quoted, for the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("the CSV file has no header line")]
    Missing,
    #[error("the CSV header is not valid UTF-8")]
    NotUtf8,
    /// A column the mapping names is not in the header.
    #[error("no column '{column}' in the header (found {found})")]
    NoColumn { column: String, found: String },
    /// No text column, and the mapping names none.
    #[error(
        "no text column in the header (looked for {looked_for}; found {found}); \
         name one with a mapping such as text=COLUMN"
    )]
    NoTextColumn { looked_for: String, found: String },
}

/// Why a CSV column mapping (`text=summary,published=date`) is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvMappingError {
    #[error("'{pair}' is not FIELD=COLUMN")]
    NotAPair { pair: String },
    #[error("'{pair}' names no column")]
    NoColumn { pair: String },
    #[error(
        "unknown field '{field}' (known: text, title, published, source, ticker, url, author)"
    )]
    UnknownField { field: String },
}

impl ErrorCode for ItemErrorKind {
    fn code(&self) -> Code {
        use ItemErrorKind as K;
        match self {
            K::CannotRead { .. } | K::CannotList { .. } => Code::InputUnreadable,
            K::NotWalked(crate::walk::SkipReason::TooDeep { .. })
            | K::NotWalked(crate::walk::SkipReason::TooManyEntries { .. }) => Code::InputTooLarge,
            K::NotWalked(_) => Code::InputUnreadable,
            K::Empty | K::OnlyWhitespace => Code::InputEmpty,
            K::Utf16 => Code::InputUtf16,
            K::Binary { .. } => Code::InputBinary,
            K::NotUtf8 { .. } => Code::InputNotUtf8,
            K::FileTooLarge { .. } | K::RecordTooLarge { .. } => Code::InputTooLarge,
            K::NoText(_) => Code::InputNoText,
            K::Page(e) | K::HtmlField(e) => e.code(),
            K::BadJson { .. } | K::NotAnObject => Code::InputBadRecord,
            K::BadHeader(e) => e.code(),
            K::BadXml { .. }
            | K::Truncated { .. }
            | K::FeedEntities
            | K::NotAFeed { .. }
            | K::EmptyFeed
            | K::NoFeedElement => Code::InputBadFeed,
            K::Fetch { code, .. } => *code,
        }
    }
}

impl ErrorCode for ItemError {
    fn code(&self) -> Code {
        self.kind.code()
    }
}

impl ErrorCode for HeaderError {
    fn code(&self) -> Code {
        match self {
            HeaderError::NotUtf8 => Code::InputNotUtf8,
            _ => Code::InputBadHeader,
        }
    }
}

impl ErrorCode for CsvMappingError {
    fn code(&self) -> Code {
        Code::InputBadCsvMapping
    }
}
