//! Main-content extraction from news pages.
//!
//! The page is tokenized by html5gum (a WHATWG tokenizer) into a flat tree
//! (module `dom`), metadata is read from JSON-LD, meta tags, microdata and
//! visible bylines/datelines (module `metadata`), and the article is the
//! subtree whose paragraphs weigh most once boilerplate is left out
//! (module `content`). Every walk is iterative, so deeply nested or truncated
//! markup costs time in proportion to its size and no stack.
//!
//! [`decode`] turns a page's bytes into the text [`extract`] reads, choosing
//! the encoding as browsers do (byte-order mark, transport, `<meta>`,
//! detection with the windows-1252 fallback).

mod content;
mod date;
mod dom;
mod encoding;
mod hints;
mod metadata;
mod text;

use monazite_types::error_code::{Code, ErrorCode};

/// A page's bytes into text, its encoding chosen as browsers choose it.
pub use encoding::{decode, ChosenBy, Decoded};

/// When a page says it was published: an instant when a time is given,
/// otherwise the day (one type for every stage, from monazite-types).
pub use monazite_types::Published;

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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The page has no main content that could be found.
    #[error("no main content found in the page")]
    NoContent,
    /// The page is larger than [`MAX_HTML_BYTES`].
    #[error("page of {bytes} bytes is over the {MAX_HTML_BYTES}-byte limit")]
    TooLarge { bytes: usize },
}

impl ErrorCode for ExtractError {
    fn code(&self) -> Code {
        match self {
            ExtractError::NoContent => Code::InputNoText,
            ExtractError::TooLarge { .. } => Code::InputTooLarge,
        }
    }
}

/// Pages above this size are refused rather than parsed.
pub const MAX_HTML_BYTES: usize = 16 << 20;

/// Extracts the main content and metadata of one HTML page.
pub fn extract(html: &str) -> Result<Extracted, ExtractError> {
    if html.len() > MAX_HTML_BYTES {
        return Err(ExtractError::TooLarge { bytes: html.len() });
    }
    let doc = dom::Doc::parse(html);
    let meta = metadata::read(&doc);
    let paragraphs = content::main_blocks(&doc, meta.article_body.as_deref());
    if paragraphs.is_empty() {
        return Err(ExtractError::NoContent);
    }
    Ok(Extracted {
        title: meta.title,
        site: meta.site,
        author: meta.author,
        published: meta.published,
        url: meta.url,
        text: text::join(&paragraphs),
    })
}

/// Plain text of an HTML fragment (a feed item's description or content):
/// tags dropped, entities decoded, block elements separated by blank lines.
/// No boilerplate removal: the fragment is taken as content.
pub fn fragment_to_text(html: &str) -> String {
    // Feed items are small, but a hostile feed could send anything: past
    // the page limit only the head is read.
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let doc = dom::Doc::parse(&html[..end]);
    let blocks = text::blocks(&doc, dom::Doc::ROOT, |id| {
        if matches!(
            doc.tag(id),
            dom::Tag::Script | dom::Tag::Style | dom::Tag::Template | dom::Tag::Head
        ) {
            text::Visit::Skip
        } else {
            text::Visit::Enter
        }
    });
    text::join(blocks.iter().map(|b| b.text.as_str()))
}
