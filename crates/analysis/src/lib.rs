//! monazite's analysis: one article in, one explainable brief out.
//!
//! [`analyze`] takes the article text (and its publication date, when the
//! caller knows it) with a compiled [`monazite_pack::Pack`], and returns an
//! [`Analysis`]: the [`Brief`] plus diagnostics. The stages run in order on
//! one document cut up once (normalised text, tokens, sentences):
//!
//! 1. `mentions` links names and tickers to the pack, with context;
//! 2. `quantity` reads percents, money, counts, durations and dates;
//! 3. `moves` finds claimed stock moves;
//! 4. `events` finds events with actor, target, magnitude and status;
//! 5. [`sentiment`] scores sentences; `scoring` derives tension,
//!    categories, entity sentiment, the summary and key numbers;
//! 6. `impact` walks exposures from events to tickers.
//!
//! Everything here is pure: no I/O, no clock, no global state. The same
//! text and pack give the same brief, byte for byte.
//!
//! ```
//! let pack = monazite_pack::Pack::embedded().unwrap();
//! let text = "Shares of MP Materials rallied 20% on Monday after China expanded its export controls on rare earths.";
//! let analysis = monazite_analysis::analyze(&pack, &monazite_analysis::Article::new(text));
//! let brief = &analysis.brief;
//! assert_eq!(brief.price_moves[0].ticker, "MP");
//! assert_eq!(brief.price_moves[0].pct, Some(20.0));
//! assert_eq!(brief.events[0].kind, "export_control");
//! assert_eq!(brief.events[0].actor.code(), "CN");
//! ```

pub mod brief;
mod doc;
mod events;
mod grammar;
mod impact;
mod mentions;
mod moves;
mod quantity;
mod relevance;
mod scoring;
pub mod sentiment;
pub mod text;

pub use brief::*;
use jiff::civil::Date;
use monazite_pack::Pack;

/// The largest text analysed, in bytes. Longer texts are cut at a character
/// boundary and the brief says so; span offsets stay within `u32`.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// One article to analyse.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    pub text: &'a str,
    /// The publication date, when the caller knows it; otherwise the
    /// analysis looks for a dateline near the top.
    pub published: Option<Date>,
}

impl<'a> Article<'a> {
    pub fn new(text: &'a str) -> Article<'a> {
        Article {
            text,
            published: None,
        }
    }

    pub fn published(mut self, date: Date) -> Article<'a> {
        self.published = Some(date);
        self
    }
}

/// The brief and what the analysis noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub brief: Brief,
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyses one article. Never fails: odd input yields a thinner brief and
/// diagnostics.
pub fn analyze(pack: &Pack, article: &Article<'_>) -> Analysis {
    let mut diagnostics = Vec::new();
    let mut text = article.text;
    if text.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        diagnostics.push(Diagnostic {
            span: Some(Span::new(cut, article.text.len())),
            message: format!(
                "text longer than {MAX_TEXT_BYTES} bytes: analysed the first {cut} bytes only"
            ),
        });
    }
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic {
            span: None,
            message: "the text is empty".into(),
        });
    }
    let doc = doc::Doc::new(pack, text);
    let published = article.published.or_else(|| quantity::find_dateline(&doc));

    let mut mentions = mentions::find(&doc);
    let names = events::unlisted_names(&doc, &mentions);
    events::drop_openers_of_other_firms(&names, &mut mentions);
    let quantities = quantity::find(&doc, published);
    let price_moves = moves::find(&doc, &mentions, &quantities, published);
    let mut cue_hits = Vec::with_capacity(doc.text().len() / 32);
    pack.cues.find_all(doc.text(), &mut cue_hits);
    let events = events::find(&doc, &cue_hits, &mentions, &names, &quantities, published);
    let sentences: Vec<SentenceInfo> = (0..doc.sentences.len() as u32)
        .map(|s| {
            let range = doc.sentence_tokens(s);
            let scored = sentiment::score_sentence(doc.text(), &doc.tokens[range], &pack.sentiment);
            let (start, end) = doc.sentence_bytes(s);
            SentenceInfo {
                span: Span::new(start, end),
                sentiment: scored.score,
                polarity: scored.label,
            }
        })
        .collect();
    let entity_sentiment = scoring::entity_sentiment(&mentions, &sentences);
    let tension = scoring::tension(&doc, &events);
    let categories = scoring::categories(&doc, &cue_hits, &events);
    let summary = scoring::summary(&doc, &mentions, &quantities, &price_moves, &events)
        .into_iter()
        .map(|s| sentences[s as usize].span)
        .collect();
    let key_numbers = scoring::key_numbers(&quantities, &price_moves, &events);
    let (impact, ticker_impacts) = impact::compute(pack, &events, &mentions);
    let title = title(&doc);
    let relevance = relevance::score(&doc, &mentions, &events, &price_moves, title);

    let mut brief = Brief {
        published,
        title,
        mentions,
        relevance,
        quantities,
        price_moves,
        events,
        sentences,
        entity_sentiment,
        tension,
        categories,
        summary,
        key_numbers,
        impact,
        ticker_impacts,
    };
    remap_spans(&mut brief, &doc.norm);
    Analysis { brief, diagnostics }
}

/// The first line, when it reads like a title (short, no final period).
/// The first of the opening lines that reads like a title: a line of its
/// own, short, without a final period, and of four words or more, so that
/// page chrome such as "Back to News" is passed over.
fn title(doc: &doc::Doc<'_>) -> Option<Span> {
    doc.sentences.iter().take(5).find_map(|s| {
        let (start, end) = s.byte_range(&doc.tokens);
        let line = &doc.text()[start..end];
        let own_line = doc
            .tokens
            .get(s.end_token as usize)
            .is_none_or(|t| t.newline_before);
        let words = s.tokens(&doc.tokens).iter().filter(|t| t.is_word()).count();
        (line.len() <= 200 && !line.ends_with('.') && own_line && words >= 4)
            .then(|| Span::new(start, end))
    })
}

/// Moves every span from normalised to original offsets.
fn remap_spans(brief: &mut Brief, norm: &text::Normalized) {
    let map = |span: &mut Span| {
        let (start, end) = norm.original_span(span.start, span.end);
        *span = Span::new(start, end);
    };
    brief.title.iter_mut().for_each(map);
    brief.mentions.iter_mut().for_each(|m| map(&mut m.span));
    brief.quantities.iter_mut().for_each(|q| map(&mut q.span));
    brief.price_moves.iter_mut().for_each(|m| map(&mut m.span));
    for e in &mut brief.events {
        e.actor_span.iter_mut().for_each(map);
        e.status_span.iter_mut().for_each(map);
        map(&mut e.trigger);
        map(&mut e.sentence_span);
    }
    brief.sentences.iter_mut().for_each(|s| map(&mut s.span));
    for c in &mut brief.categories {
        c.cues.iter_mut().for_each(map);
    }
    brief.summary.iter_mut().for_each(map);
}
