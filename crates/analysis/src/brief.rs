//! The brief: what the analysis says about one article.
//!
//! These are domain types, not a wire format: `monazite-report` turns them
//! into the versioned JSON Lines schema and Markdown. Every [`Span`] is a
//! byte range of the article text as given (before normalisation), always on
//! character boundaries.

/// A byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What the text names.
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    /// A listed company, by index into `Pack::companies`.
    Company {
        company: u32,
        ticker: String,
        exchange: String,
    },
    /// A security symbol the pack does not know, from an exchange tag,
    /// with the company's other listings tagged beside it ("(CSE: MAXX)
    /// (OTC: MAXXF)": MAXX, with MAXXF).
    UnknownListing {
        ticker: String,
        exchange: String,
        alternatives: Vec<String>,
    },
    /// An element, mineral or compound, by material id.
    Material { id: String },
    /// A material group id (`rare_earths`).
    Group { id: String },
    /// A country by ISO code.
    Country { code: String },
    /// An organisation (by index into `Pack::organizations`) and the
    /// country it acts for.
    Organization {
        id: u32,
        name: String,
        country: Option<String>,
    },
    /// A person, their role and who they speak for.
    Person {
        name: String,
        role: String,
        speaks_for: Option<String>,
    },
    /// A stock index or benchmark: not a company.
    Index { name: String },
}

/// How the mention was recognised, for explanations and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    Name,
    Alias,
    /// A generic phrase confirmed by company context.
    NameInContext,
    /// A name from the full US securities list.
    ListedName,
    Ticker,
    Cashtag,
    ExchangeTag,
    TickerStrip,
    Demonym,
    Metonym,
}

/// One mention with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub entity: Entity,
    pub evidence: Evidence,
    pub confidence: f32,
    /// Index of the sentence it is in.
    pub sentence: u32,
}

/// The kind of a quantity.
#[derive(Debug, Clone, PartialEq)]
pub enum QuantityKind {
    /// A percentage ("25%", "25 percent").
    Percent { value: f64 },
    /// Money with scale ("$10 billion" = 1e10, currency "USD").
    Money { value: f64, currency: String },
    /// A price level per unit ("$110 per kilogram") or a share price ("to $95.57").
    Price {
        value: f64,
        currency: String,
        unit: Option<String>,
    },
    /// A counted thing ("five additional elements", "10 new minerals").
    Count { value: f64, what: String },
    /// A duration in days ("90-day", "one-year").
    Duration { days: f64 },
    /// A calendar date, resolved against the publication date when relative.
    Date {
        date: Option<jiff::civil::Date>,
        relative: bool,
    },
}

/// A quantity in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub span: Span,
    pub kind: QuantityKind,
    /// "up to", "more than", "around", "about", "over": how the text bounds it.
    pub qualifier: Option<String>,
    pub sentence: u32,
}

// Direction and MoveScope are shared with the market verifier and the
// store, which read them back from briefs: they live in monazite-types.
pub use monazite_types::{Direction, MoveScope};

/// A claimed stock move ("MP rallied 20%").
#[derive(Debug, Clone, PartialEq)]
pub struct PriceMove {
    pub ticker: String,
    pub company: Option<u32>,
    pub direction: Direction,
    /// The claimed percent; `None` when the text gives none (never invented).
    pub pct: Option<f64>,
    /// A price level the text gives ("to $95.57").
    pub price: Option<f64>,
    /// The time reference as written ("Monday", "premarket").
    pub when: Option<String>,
    /// The date `when` resolves to, if the publication date is known.
    pub date: Option<jiff::civil::Date>,
    /// What the claim measures: a session's close, an intraday level, a
    /// peak, premarket trading, the year so far.
    pub scope: MoveScope,
    /// The span of the claim (the mover's name through the figure).
    pub span: Span,
    pub sentence: u32,
}

/// Who acts or is acted upon in an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// A state by ISO code.
    Country(String),
    /// A listed company by primary ticker.
    Company(String),
    /// A material (for commodity prices).
    Material(String),
    /// An organisation outside the pack's states and tickers, by name
    /// (an unlisted broker issuing a rating, a fund).
    Organization(String),
    /// A person by name (an insider, an appointed executive).
    Person(String),
    /// A stock index by name (`S&P 500`).
    Index(String),
}

impl Party {
    /// The code used in briefs and gold labels (`US`, `MP`, `neodymium`).
    pub fn code(&self) -> &str {
        match self {
            Party::Country(c)
            | Party::Company(c)
            | Party::Material(c)
            | Party::Organization(c)
            | Party::Person(c)
            | Party::Index(c) => c,
        }
    }
}

/// An event the article reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Event type id from the pack (`export_control`).
    pub kind: String,
    pub actor: Party,
    pub actor_span: Option<Span>,
    pub target: Option<Party>,
    /// The magnitude as written ("100%", "$10 billion", "five additional rare earth elements").
    pub magnitude: Option<String>,
    pub magnitude_value: Option<QuantityKind>,
    /// Status id from the pack (`threatened`, `announced`).
    pub status: String,
    /// The cue that set the status, if any.
    pub status_span: Option<Span>,
    /// Effective or reported date.
    pub date: Option<jiff::civil::Date>,
    /// Materials the event concerns (ids, groups included).
    pub materials: Vec<String>,
    /// Direction for commodity prices and analyst ratings.
    pub direction: Option<Direction>,
    /// An earlier event told as context ("Beijing, which restricted
    /// gallium in 2023, ..."): storylines, novelty and studies leave it out.
    pub background: bool,
    /// The cue phrase that names the event.
    pub trigger: Span,
    /// The sentence that states it.
    pub sentence: u32,
    pub sentence_span: Span,
    pub confidence: f32,
}

/// Sentiment label.
pub use crate::sentiment::Polarity;

/// One sentence with its sentiment.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceInfo {
    pub span: Span,
    pub sentiment: f64,
    pub polarity: Polarity,
}

/// Sentiment towards one entity: the mean of the sentences naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySentiment {
    /// Ticker, ISO code or material id.
    pub entity: String,
    pub score: f64,
    pub sentences: u32,
}

/// Escalation versus de-escalation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tension {
    /// In [-1, 1]: positive escalates, negative calms.
    pub score: f64,
    pub escalation: f64,
    pub de_escalation: f64,
    /// The event indices that drove it.
    pub events: Vec<usize>,
}

/// A topic category with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub score: f64,
    pub cues: Vec<Span>,
}

/// The impact of the article on one exposed ticker.
#[derive(Debug, Clone, PartialEq)]
pub struct TickerImpact {
    pub ticker: String,
    /// In [-1, 1].
    pub impact: f64,
    /// Each contribution: which event, which rule, through which exposure.
    pub reasons: Vec<ImpactReason>,
}

/// One path from an event to a ticker.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactReason {
    pub event: usize,
    pub contribution: f64,
    /// The exposure walked: "stage mining, material rare_earths, operates outside CN".
    pub exposure: String,
    pub rule: String,
}

/// Something the analysis noticed about the input that is not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
}

/// How much the article is about one company it names (see `relevance.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRelevance {
    pub ticker: String,
    /// 0 (a passing mention) to 100 (the article's subject).
    pub relevance: u8,
    /// Named only as the source of words or figures (a bank's economists).
    pub source_only: bool,
}

/// The brief of one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Brief {
    pub published: Option<jiff::civil::Date>,
    pub title: Option<Span>,
    pub mentions: Vec<Mention>,
    /// Per company named, how much the article is about it.
    pub relevance: Vec<CompanyRelevance>,
    pub quantities: Vec<Quantity>,
    pub price_moves: Vec<PriceMove>,
    pub events: Vec<Event>,
    pub sentences: Vec<SentenceInfo>,
    pub entity_sentiment: Vec<EntitySentiment>,
    pub tension: Tension,
    pub categories: Vec<Category>,
    /// Up to three sentences, in text order.
    pub summary: Vec<Span>,
    /// Indices into `quantities` of the figures that matter most.
    pub key_numbers: Vec<usize>,
    /// In [0, 1].
    pub impact: f64,
    pub ticker_impacts: Vec<TickerImpact>,
}
