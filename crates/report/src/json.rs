//! The JSON Lines brief, schema version [`crate::SCHEMA_VERSION`].
//!
//! One object per article. Spans are `[start, end)` byte offsets into the
//! article text as read (UTF-8), always on character boundaries. The field
//! names of the facets follow `shared/gold/README.md`: `tickers`,
//! `elements`, `groups`, `countries`, `price_moves`, `events`.

use std::collections::BTreeMap;

use monazite_analysis::{Analysis, Direction, Entity, Party, Polarity, QuantityKind, Span};
use monazite_pack::Pack;
use serde::{Deserialize, Serialize};

/// A span as `[start, end]`.
pub type WireSpan = [usize; 2];

fn wire(span: Span) -> WireSpan {
    [span.start, span.end]
}

/// One line of `monazite analyze` output.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BriefRecord {
    pub schema: String,
    pub engine: String,
    pub pack: String,
    /// The input as given on the command line (`-` for standard input).
    pub path: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub tickers: Vec<TickerItem>,
    /// Listed banks and brokers the article names only as the source of
    /// words or figures ("according to Citi"), not as a company it is about.
    #[serde(default)]
    pub sources: Vec<TickerItem>,
    pub elements: Vec<MaterialItem>,
    pub groups: Vec<MaterialItem>,
    pub countries: Vec<CountryItem>,
    pub organizations: Vec<NamedItem>,
    pub people: Vec<NamedItem>,
    pub indices: Vec<NamedItem>,
    pub price_moves: Vec<PriceMoveItem>,
    pub events: Vec<EventItem>,
    pub quantities: Vec<QuantityItem>,
    pub key_numbers: Vec<String>,
    pub sentiment: SentimentItem,
    pub tension: TensionItem,
    pub categories: Vec<CategoryItem>,
    pub summary: Vec<SummaryItem>,
    pub impact: f64,
    pub ticker_impacts: Vec<TickerImpactItem>,
    pub diagnostics: Vec<String>,
    /// What events of the brief's types did to its exposed tickers before,
    /// when the store holds prices (schema 1.1; absent otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryItem>,
}

/// The historical average abnormal return of one ticker after one type of
/// event: "what happened last time".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HistoryItem {
    /// The event type (`export_control`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub ticker: String,
    /// Trading days relative to day 0, inclusive.
    pub window: [i32; 2],
    /// Past events (first reports, one per storyline and day 0) with a CAR.
    pub events: usize,
    /// Their mean cumulative abnormal return, in percent.
    pub mean_car_pct: f64,
    /// The cross-sectional t statistic of the mean (the event's own t when
    /// there is one event); `None` when it is undefined.
    pub t: Option<f64>,
    /// The first and last day 0 among them.
    pub first: String,
    pub last: String,
    /// The benchmark and model the abnormal returns are measured with.
    pub benchmark: String,
    pub model: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TickerItem {
    pub ticker: String,
    pub exchange: String,
    /// The company's other listings (as tickers), from the pack or tagged
    /// beside this one in the text.
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// How much the article is about the company, 0 (a passing mention)
    /// to 100 (its subject).
    #[serde(default)]
    pub relevance: u8,
    pub name: Option<String>,
    /// Highest confidence over its mentions, in [0, 1].
    pub confidence: f64,
    /// How it was recognised: name, alias, name_in_context, listed_name, ticker, cashtag, exchange_tag, ticker_strip.
    pub evidence: Vec<String>,
    pub spans: Vec<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MaterialItem {
    pub id: String,
    pub spans: Vec<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountryItem {
    pub code: String,
    /// The country acts or is acted upon in an event of the article.
    pub party: bool,
    pub spans: Vec<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NamedItem {
    pub name: String,
    /// Role (people), kind (organisations); country or ticker spoken for.
    pub detail: Option<String>,
    pub acts_for: Option<String>,
    pub spans: Vec<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PriceMoveItem {
    pub ticker: String,
    pub direction: String,
    pub pct: Option<f64>,
    pub price: Option<f64>,
    pub when: Option<String>,
    /// The date `when` resolves to, when the publication date is known.
    pub date: Option<String>,
    /// What the claim measures: `session`, `intraday`, `peak`, `premarket`,
    /// `after_hours`, `year_to_date`, `week`.
    #[serde(default = "session_scope")]
    pub scope: String,
    pub span: WireSpan,
    /// The sentence the claim is in (schema 1.4; `[0, 0]` in older briefs).
    #[serde(default)]
    pub sentence: WireSpan,
    /// The claim against the stored prices, when `analyze` runs beside a
    /// store that holds them (schema 1.2; absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<MoveCheck>,
}

/// What the prices say of a claimed move (see `monazite verify`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MoveCheck {
    /// `confirmed`, `off` or `unverifiable`.
    pub verdict: String,
    /// The session the claim is about, when one was found.
    pub session: Option<String>,
    /// What was compared: `close`, `range`, `high`, `low`, `open`, ….
    pub basis: Option<String>,
    /// The actual move over the session, in percent.
    pub actual_pct: Option<f64>,
    /// Why, in words.
    pub note: String,
}

/// Briefs of schema 1.0 had no scope: their claims read as session moves.
fn session_scope() -> String {
    monazite_analysis::MoveScope::Session.as_str().to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventItem {
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: String,
    pub target: Option<String>,
    pub magnitude: Option<String>,
    pub status: String,
    pub date: Option<String>,
    pub materials: Vec<String>,
    pub direction: Option<String>,
    /// An earlier event the article tells as context, not as its news.
    #[serde(default)]
    pub background: bool,
    pub confidence: f64,
    /// The sentence that states the event.
    pub span: WireSpan,
    pub trigger: WireSpan,
    pub actor_span: Option<WireSpan>,
    pub status_span: Option<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuantityItem {
    pub kind: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub text: String,
    pub span: WireSpan,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentimentItem {
    /// Mean sentence score in [-1, 1].
    pub article: f64,
    pub positive: u32,
    pub neutral: u32,
    pub negative: u32,
    /// Per entity (ticker, ISO code, material id): mean score of the sentences naming it.
    pub entities: BTreeMap<String, f64>,
    pub sentences: Vec<SentenceItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentenceItem {
    pub span: WireSpan,
    pub score: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TensionItem {
    pub score: f64,
    pub escalation: f64,
    pub de_escalation: f64,
    /// Indices into `events`.
    pub events: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CategoryItem {
    pub id: String,
    pub label: String,
    pub score: f64,
    pub spans: Vec<WireSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SummaryItem {
    pub text: String,
    pub span: WireSpan,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TickerImpactItem {
    pub ticker: String,
    pub impact: f64,
    pub named: bool,
    pub reasons: Vec<ReasonItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReasonItem {
    /// Index into `events`.
    pub event: usize,
    pub contribution: f64,
    pub exposure: String,
    pub rule: String,
}

fn round(x: f64) -> f64 {
    crate::wire::rounded(x, 3)
}

fn direction(d: Direction) -> String {
    match d {
        Direction::Up => "up".into(),
        Direction::Down => "down".into(),
    }
}

/// Accumulates spans per key in first-seen order.
#[derive(Default)]
struct Grouped<T> {
    order: Vec<String>,
    items: BTreeMap<String, (T, Vec<WireSpan>)>,
}

impl<T> Grouped<T> {
    fn add(&mut self, key: &str, span: Span, make: impl FnOnce() -> T) -> &mut T {
        if !self.items.contains_key(key) {
            self.order.push(key.to_string());
        }
        let entry = self
            .items
            .entry(key.to_string())
            .or_insert_with(|| (make(), Vec::new()));
        entry.1.push(wire(span));
        &mut entry.0
    }

    fn into_vec<U>(mut self, mut finish: impl FnMut(String, T, Vec<WireSpan>) -> U) -> Vec<U> {
        self.order
            .drain(..)
            .filter_map(|key| {
                self.items
                    .remove(&key)
                    .map(|(item, spans)| finish(key, item, spans))
            })
            .collect()
    }
}

/// What the mentions of one ticker in a document add up to.
#[derive(Default)]
struct TickerFacts {
    exchange: String,
    name: Option<String>,
    /// The highest confidence of its mentions.
    confidence: f32,
    /// How it was named, each way once, in order of first use.
    evidence: Vec<String>,
    /// Its other listings.
    alternatives: Vec<String>,
}

impl TickerFacts {
    fn new(exchange: String, name: Option<String>, alternatives: Vec<String>) -> TickerFacts {
        TickerFacts {
            exchange,
            name,
            confidence: 0.0,
            evidence: Vec::new(),
            alternatives,
        }
    }
}

impl BriefRecord {
    /// Builds the record of `analysis` of `text` (the text the spans point into).
    pub fn new(path: &str, text: &str, analysis: &Analysis, pack: &Pack) -> BriefRecord {
        let brief = &analysis.brief;
        let mut tickers: Grouped<TickerFacts> = Grouped::default();
        let mut elements: Grouped<()> = Grouped::default();
        let mut groups: Grouped<()> = Grouped::default();
        let mut countries: Grouped<()> = Grouped::default();
        let mut organizations: Grouped<(Option<String>, Option<String>)> = Grouped::default();
        let mut people: Grouped<(Option<String>, Option<String>)> = Grouped::default();
        let mut indices: Grouped<()> = Grouped::default();
        for m in &brief.mentions {
            match &m.entity {
                Entity::Company {
                    company,
                    ticker,
                    exchange,
                } => {
                    let entry = pack.companies.get(*company as usize);
                    let name = entry.map(|c| c.short.clone());
                    let alternatives: Vec<String> = entry
                        .map(|c| {
                            let mut other: Vec<String> = c
                                .listings
                                .iter()
                                .map(|(_, symbol)| symbol.clone())
                                .filter(|s| s != ticker)
                                .collect();
                            other.dedup();
                            other
                        })
                        .unwrap_or_default();
                    let item = tickers.add(ticker, m.span, || {
                        TickerFacts::new(exchange.clone(), name, alternatives)
                    });
                    item.confidence = item.confidence.max(m.confidence);
                    let evidence = evidence_name(m.evidence).to_string();
                    if !item.evidence.contains(&evidence) {
                        item.evidence.push(evidence);
                    }
                }
                Entity::UnknownListing {
                    ticker,
                    exchange,
                    alternatives,
                } => {
                    let item = tickers.add(ticker, m.span, || {
                        TickerFacts::new(exchange.clone(), None, Vec::new())
                    });
                    item.confidence = item.confidence.max(m.confidence);
                    let evidence = evidence_name(m.evidence).to_string();
                    if !item.evidence.contains(&evidence) {
                        item.evidence.push(evidence);
                    }
                    for other in alternatives {
                        if !item.alternatives.contains(other) {
                            item.alternatives.push(other.clone());
                        }
                    }
                }
                // Energy commodities are priced like metals but are no
                // materials of the chain: their prices are events only.
                Entity::Material { id }
                    if pack.material_by_id(id).is_some_and(|m| m.kind == "energy") => {}
                Entity::Material { id } => {
                    let material = pack.material_by_id(id);
                    for part in material.map_or_else(|| vec![id.clone()], |m| m.stands_for.clone())
                    {
                        elements.add(&part, m.span, || ());
                    }
                }
                Entity::Group { id } => {
                    groups.add(id, m.span, || ());
                }
                Entity::Country { code } => {
                    countries.add(code, m.span, || ());
                }
                Entity::Organization { name, country, .. } => {
                    organizations.add(name, m.span, || (None, country.clone()));
                }
                Entity::Person {
                    name,
                    role,
                    speaks_for,
                } => {
                    people.add(name, m.span, || (Some(role.clone()), speaks_for.clone()));
                }
                Entity::Index { name } => {
                    indices.add(name, m.span, || ());
                }
            }
        }
        // A listed bank, broker or agency that acts in an event (a rating,
        // a holding) is named as its ticker even when the text names it as
        // an organisation ("Jefferies" → JEF).
        for e in &brief.events {
            for (party, span) in std::iter::once((&e.actor, e.actor_span))
                .chain(e.target.as_ref().map(|t| (t, None)))
            {
                if let (Party::Company(ticker), Some(span)) = (party, span) {
                    let item = tickers.add(ticker, span, || {
                        let company = pack
                            .company_by_ticker(ticker)
                            .map(|id| &pack.companies[id as usize]);
                        TickerFacts::new(
                            company.map_or_else(String::new, |c| c.exchange.clone()),
                            company.map(|c| c.short.clone()),
                            Vec::new(),
                        )
                    });
                    item.confidence = item.confidence.max(f32::min(e.confidence, 0.8));
                    if !item.evidence.iter().any(|x| x == "event_party") && item.evidence.is_empty()
                    {
                        item.evidence.push("event_party".into());
                    }
                }
            }
        }
        let parties: Vec<&str> = brief
            .events
            .iter()
            .flat_map(|e| std::iter::once(&e.actor).chain(e.target.as_ref()))
            .filter_map(|p| match p {
                Party::Country(c) => Some(c.as_str()),
                _ => None,
            })
            .collect();
        let named_item =
            |name: String, (detail, acts_for): (Option<String>, Option<String>), spans| NamedItem {
                name,
                detail,
                acts_for,
                spans,
            };
        let sentences: Vec<SentenceItem> = brief
            .sentences
            .iter()
            .map(|s| SentenceItem {
                span: wire(s.span),
                score: round(s.sentiment),
                label: polarity(s.polarity).into(),
            })
            .collect();
        let count = |p: Polarity| brief.sentences.iter().filter(|s| s.polarity == p).count() as u32;
        let article_sentiment = if brief.sentences.is_empty() {
            0.0
        } else {
            brief.sentences.iter().map(|s| s.sentiment).sum::<f64>() / brief.sentences.len() as f64
        };
        let named_tickers: Vec<String> = tickers.order.clone();
        let source_only = |ticker: &str| {
            brief
                .relevance
                .iter()
                .any(|r| r.ticker == ticker && r.source_only)
        };
        let relevance_of = |ticker: &str| {
            brief
                .relevance
                .iter()
                .find(|r| r.ticker == ticker)
                .map_or(0, |r| r.relevance)
        };
        let named_items: Vec<TickerItem> = tickers.into_vec(|ticker, facts, spans| TickerItem {
            relevance: relevance_of(&ticker),
            ticker,
            exchange: facts.exchange,
            alternatives: facts.alternatives,
            name: facts.name,
            confidence: round(f64::from(facts.confidence)),
            evidence: facts.evidence,
            spans,
        });
        BriefRecord {
            schema: crate::SCHEMA_VERSION.into(),
            engine: crate::ENGINE_VERSION.into(),
            pack: crate::pack_id(pack),
            path: path.into(),
            published: brief.published.map(|d| d.to_string()),
            title: brief.title.map(|s| s.text(text).trim().to_string()),
            tickers: named_items
                .iter()
                .filter(|t| !source_only(&t.ticker))
                .cloned()
                .collect(),
            sources: named_items
                .into_iter()
                .filter(|t| source_only(&t.ticker))
                .collect(),
            elements: elements.into_vec(|id, (), spans| MaterialItem { id, spans }),
            groups: groups.into_vec(|id, (), spans| MaterialItem { id, spans }),
            countries: countries.into_vec(|code, (), spans| CountryItem {
                party: parties.contains(&code.as_str()),
                code,
                spans,
            }),
            organizations: organizations.into_vec(named_item),
            people: people.into_vec(named_item),
            indices: indices.into_vec(|name, (), spans| NamedItem {
                name,
                detail: None,
                acts_for: None,
                spans,
            }),
            price_moves: brief
                .price_moves
                .iter()
                .map(|m| PriceMoveItem {
                    ticker: m.ticker.clone(),
                    direction: direction(m.direction),
                    pct: m.pct,
                    price: m.price,
                    when: m.when.clone(),
                    date: m.date.map(|d| d.to_string()),
                    scope: m.scope.as_str().to_string(),
                    span: wire(m.span),
                    sentence: brief
                        .sentences
                        .get(m.sentence as usize)
                        .map_or([0, 0], |s| wire(s.span)),
                    check: None,
                })
                .collect(),
            events: brief
                .events
                .iter()
                .map(|e| EventItem {
                    kind: e.kind.clone(),
                    actor: e.actor.code().to_string(),
                    target: e.target.as_ref().map(|t| t.code().to_string()),
                    magnitude: e.magnitude.clone(),
                    status: e.status.clone(),
                    date: e.date.map(|d| d.to_string()),
                    materials: e.materials.clone(),
                    direction: e.direction.map(direction),
                    background: e.background,
                    confidence: round(f64::from(e.confidence)),
                    span: wire(e.sentence_span),
                    trigger: wire(e.trigger),
                    actor_span: e.actor_span.map(wire),
                    status_span: e.status_span.map(wire),
                })
                .collect(),
            quantities: brief
                .quantities
                .iter()
                .map(|q| quantity_item(text, q))
                .collect(),
            key_numbers: brief
                .key_numbers
                .iter()
                .filter_map(|&i| brief.quantities.get(i))
                .map(|q| q.span.text(text).to_string())
                .collect(),
            sentiment: SentimentItem {
                article: round(article_sentiment),
                positive: count(Polarity::Positive),
                neutral: count(Polarity::Neutral),
                negative: count(Polarity::Negative),
                entities: brief
                    .entity_sentiment
                    .iter()
                    .map(|e| (e.entity.clone(), round(e.score)))
                    .collect(),
                sentences,
            },
            tension: TensionItem {
                score: round(brief.tension.score),
                escalation: round(brief.tension.escalation),
                de_escalation: round(brief.tension.de_escalation),
                events: brief.tension.events.clone(),
            },
            categories: brief
                .categories
                .iter()
                .map(|c| CategoryItem {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    score: round(c.score),
                    spans: c.cues.iter().map(|s| wire(*s)).collect(),
                })
                .collect(),
            summary: brief
                .summary
                .iter()
                .map(|s| SummaryItem {
                    text: s.text(text).trim().to_string(),
                    span: wire(*s),
                })
                .collect(),
            impact: round(brief.impact),
            ticker_impacts: brief
                .ticker_impacts
                .iter()
                .map(|t| TickerImpactItem {
                    ticker: t.ticker.clone(),
                    impact: round(t.impact),
                    named: named_tickers.contains(&t.ticker),
                    reasons: t
                        .reasons
                        .iter()
                        .map(|r| ReasonItem {
                            event: r.event,
                            contribution: round(r.contribution),
                            exposure: r.exposure.clone(),
                            rule: r.rule.clone(),
                        })
                        .collect(),
                })
                .collect(),
            diagnostics: analysis
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            history: Vec::new(),
        }
    }
}

fn polarity(p: Polarity) -> &'static str {
    match p {
        Polarity::Positive => "positive",
        Polarity::Neutral => "neutral",
        Polarity::Negative => "negative",
    }
}

fn evidence_name(e: monazite_analysis::Evidence) -> &'static str {
    use monazite_analysis::Evidence::*;
    match e {
        Name => "name",
        Alias => "alias",
        NameInContext => "name_in_context",
        ListedName => "listed_name",
        Ticker => "ticker",
        Cashtag => "cashtag",
        ExchangeTag => "exchange_tag",
        TickerStrip => "ticker_strip",
        Demonym => "demonym",
        Metonym => "metonym",
    }
}

fn quantity_item(text: &str, q: &monazite_analysis::Quantity) -> QuantityItem {
    let (kind, value, unit) = match &q.kind {
        QuantityKind::Percent { value } => ("percent", Some(*value), Some("%".to_string())),
        QuantityKind::Money { value, currency } => ("money", Some(*value), Some(currency.clone())),
        QuantityKind::Price {
            value,
            currency,
            unit,
        } => (
            "price",
            Some(*value),
            Some(format!(
                "{currency}{}",
                unit.as_ref().map(|u| format!("/{u}")).unwrap_or_default()
            )),
        ),
        QuantityKind::Count { value, what } => ("count", Some(*value), Some(what.clone())),
        QuantityKind::Duration { days } => ("duration", Some(*days), Some("days".to_string())),
        QuantityKind::Date { date, .. } => ("date", None, date.map(|d| d.to_string())),
    };
    QuantityItem {
        kind: kind.into(),
        value,
        unit,
        qualifier: q.qualifier.clone(),
        text: q.span.text(text).to_string(),
        span: wire(q.span),
    }
}
