//! Main-content extraction from news pages.
//!
//! SCAFFOLD: the contract below is fixed; the implementation is being written.

use jiff::civil::Date;
use jiff::Timestamp;

/// When a page says it was published: an instant when a time is given,
/// otherwise the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Instant(Timestamp),
    Day(Date),
}

/// What a page yields: its main text and the metadata found in meta tags,
/// JSON-LD and visible datelines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<Published>,
    /// The canonical URL the page declares, if any.
    pub url: Option<String>,
    /// Main content as plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Why a page yielded nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The page has no main content that could be found.
    NoContent,
    /// The page is larger than [`MAX_HTML_BYTES`].
    TooLarge { bytes: usize },
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::NoContent => f.write_str("no main content found in the page"),
            ExtractError::TooLarge { bytes } => write!(
                f,
                "page of {bytes} bytes is over the {MAX_HTML_BYTES}-byte limit"
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Pages above this size are refused rather than parsed.
pub const MAX_HTML_BYTES: usize = 16 << 20;

/// Extracts the main content and metadata of one HTML page.
pub fn extract(html: &str) -> Result<Extracted, ExtractError> {
    if html.len() > MAX_HTML_BYTES {
        return Err(ExtractError::TooLarge { bytes: html.len() });
    }
    Err(ExtractError::NoContent)
}

/// Plain text of an HTML fragment (a feed item's description or content):
/// tags dropped, entities decoded, block elements separated by blank lines.
/// No boilerplate removal: the fragment is taken as content.
pub fn fragment_to_text(html: &str) -> String {
    html.to_string()
}
