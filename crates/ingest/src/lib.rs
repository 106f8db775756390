//! Readers: everything a user already has, turned into [`Document`]s.
//!
//! SCAFFOLD: the contract below is fixed; the readers are being written.

pub use monazite_html::Published;

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

/// A per-item failure: the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// As in [`Document::origin`].
    pub origin: String,
    pub message: String,
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for ItemError {}
