//! Price-move claims: "MP rallied 20%", "shares of A, B and C surged".
//!
//! A claim is a move verb whose subject is one or more companies. From each
//! move verb we walk left over the subject — company names joined by "and"
//! and commas, tickers in parentheses, "shares", "both", an appositive
//! between commas ("MP Materials, another key player, rallied") — and right
//! to the figure ("over 25%", "to $95.57"). Because the subject must be a
//! company, commodity prices, indices, tariffs, stakes and revenue never
//! become stock moves: "NdPr prices rose 8%" has no company subject, and in
//! "MP's revenue rose 20%" the walk stops at "revenue".

use std::ops::Range;

use jiff::civil::Date;

use crate::brief::{
    Direction, Entity, Mention, MoveScope, PriceMove, Quantity, QuantityKind, Span,
};
use crate::doc::Doc;
use monazite_pack::moves::MoveWord;

/// Direction particles that state a move after a stock: "MP was up 5%",
/// "shares 3% higher". The verbs of moving are the pack's (`markets.toml`).
const PARTICLES_UP: &[&str] = &["up", "higher"];
const PARTICLES_DOWN: &[&str] = &["down", "lower"];

/// Forms of "be" that take a direction particle: "was up 5%", "is 5.3 per
/// cent lower".
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "been", "being", "be", "'s", "remains", "remained", "stays",
    "stayed", "sits", "sat",
];

/// Words that may stand between the subject and its verb.
const FILLERS: &[&str] = &[
    "shares",
    "share",
    "stock",
    "stocks",
    "each",
    "both",
    "all",
    "also",
    "have",
    "has",
    "had",
    "were",
    "was",
    "are",
    "is",
    "which",
    "respectively",
    "collectively",
    "initially",
    "then",
    "had",
    "briefly",
    "sharply",
    "already",
    "s",
    "'",
    "price",
    "prices",
    "been",
    "similarly",
    "likewise",
    "together",
    "more",
    "than",
    "nearly",
    "almost",
    "recently",
    "just",
    "again",
    "later",
    "subsequently",
    "ultimately",
    "finally",
];

/// Nouns that stand for a company named before, after "the" and a few
/// modifiers: "the uranium stock", "the chipmaker's shares", "shares of the
/// Melbourne-based firm".
const COMPANY_NOUNS: &[&str] = &[
    "stock",
    "shares",
    "company",
    "firm",
    "miner",
    "producer",
    "maker",
    "chipmaker",
    "automaker",
    "carmaker",
    "lender",
    "bank",
    "retailer",
    "group",
    "developer",
    "explorer",
    "insurer",
    "giant",
    "operator",
    "supplier",
    "manufacturer",
    "stocks",
    "share",
];
const JOINERS: &[&str] = &["and", "&", ",", "as", "well", "plus"];

/// Words that show a sentence is about trading.
const STOCK_CONTEXT: &[&str] = &[
    "shares",
    "stock",
    "stocks",
    "trading",
    "traded",
    "investors",
    "session",
    "premarket",
    "pre-market",
    "close",
    "closed",
    "intraday",
    "rally",
    "equities",
];

/// Time references, longest first.
const WHEN: &[&[&str]] = &[
    &["year", "to", "date"],
    &["year", "-", "to", "-", "date"],
    &["pre", "-", "market"],
    &["after", "-", "hours"],
    &["premarket"],
    &["intraday"],
    &["midday"],
    &["monday"],
    &["tuesday"],
    &["wednesday"],
    &["thursday"],
    &["friday"],
    &["saturday"],
    &["sunday"],
    &["today"],
    &["yesterday"],
    &["this", "week"],
    &["last", "week"],
    &["this", "year"],
    &["ytd"],
    &["regular", "session"],
    &["after", "the", "close"],
    &["morning", "trading"],
    &["afternoon", "trading"],
    &["early", "trading"],
    &["late", "trading"],
    &["extended", "trading"],
    &["after", "hours"],
    // Periods no session places.
    &["past", "12", "months"],
    &["last", "12", "months"],
    &["past", "twelve", "months"],
    &["past", "six", "months"],
    &["last", "six", "months"],
    &["past", "three", "months"],
    &["past", "two", "years"],
    &["past", "three", "years"],
    &["past", "five", "years"],
    &["last", "five", "years"],
    &["past", "year"],
    &["last", "year"],
    &["past", "month"],
    &["last", "month"],
    &["this", "month"],
];

/// Words before a claim's figure that make it the session's extreme:
/// "rose as much as 25%", "at one point fell 9%".
const PEAK_WORDS: &[&[&str]] = &[
    &["as", "much", "as"],
    &["as", "high", "as"],
    &["as", "low", "as"],
    &["at", "one", "point"],
    &["peaked"],
    &["at", "its", "peak"],
    &["intraday", "high"],
    &["intraday", "low"],
    &["session", "high"],
    &["session", "low"],
];

/// Verbs that take a stock to a record ("hit a 52-week high", "closed at a
/// new all-time high", "touched a record low").
const RECORD_VERBS: &[&str] = &[
    "hit", "hits", "hitting", "reach", "reaches", "reached", "reaching", "touch", "touches",
    "touched", "touching", "set", "sets", "setting", "notch", "notches", "notched", "mark",
    "marks", "marked", "scale", "scales", "scaled", "close", "closes", "closed", "closing", "end",
    "ends", "ended", "finish", "finishes", "finished", "trade", "trades", "traded", "trading",
];

/// Words that make a high or low a record of the stock's price; a
/// hyphenated span ends in one of `RECORD_SPANS` ("52-week", "all-time",
/// "multi-year").
const RECORD_QUALIFIERS: &[&str] = &["record", "multiyear", "lifetime", "decade"];
const RECORD_SPANS: &[&str] = &["week", "month", "year", "time"];

/// How many words a record may stand after its verb ("closed on December
/// 23, 2025, at a new 52-week high").
const RECORD_REACH: usize = 16;

/// Finds every price-move claim.
pub(crate) fn find(
    doc: &Doc<'_>,
    mentions: &[Mention],
    quantities: &[Quantity],
    published: Option<Date>,
) -> Vec<PriceMove> {
    // Company mentions by the token they end on.
    let companies: Vec<(usize, usize, &Mention)> = mentions
        .iter()
        .filter(|m| {
            matches!(
                m.entity,
                Entity::Company { .. } | Entity::UnknownListing { .. }
            )
        })
        .map(|m| (doc.token_from(m.span.start), doc.token_until(m.span.end), m))
        .collect();
    let mut moves: Vec<PriceMove> = Vec::new();
    for s in 0..doc.sentences.len() as u32 {
        let range = doc.sentence_tokens(s);
        // "Can FICO Stock Rebound From Here?": a question claims nothing;
        // nor does a sentence about short interest ("rising 102.0% to
        // 2,756,858 shares").
        let short_interest = range
            .clone()
            .any(|i| doc.is(i, "short") && doc.is(i + 1, "interest"));
        if (range.end > range.start && doc.is_punct(range.end - 1, '?')) || short_interest {
            continue;
        }
        // Asked only for a verb without a figure, and at most once.
        let stock_context = std::cell::OnceCell::new();
        let stock_context =
            || *stock_context.get_or_init(|| range.clone().any(|i| doc.is_any(i, STOCK_CONTEXT)));
        let mut last_subjects: Vec<&Mention> = Vec::new();
        for v in range.clone() {
            let Some((direction, strong, figure_from)) = move_verb(doc, v) else {
                continue;
            };
            if is_transitive(doc, v) || supposed(doc, v, range.start) {
                continue;
            }
            // "..., outperforming the Nifty IT index, which gained 10.07%": a
            // relative clause moves what it hangs on, a company or nothing.
            if let Some(relative) = relative_before(doc, v, range.start) {
                let hangs_on =
                    relative.checked_sub(usize::from(doc.is_punct(relative.wrapping_sub(1), ',')));
                // "Applovin Corp (NASDAQ:APP), which climbed 7.4%".
                let company_ends = |end: usize| {
                    companies.iter().any(|(_, e, _)| {
                        *e == end || (doc.is_punct(end - 1, ')') && *e < end && end - *e <= 8)
                    })
                };
                if !hangs_on.is_some_and(|end| end > 0 && company_ends(end)) {
                    continue;
                }
            }
            let mut subjects = subjects_before(doc, v, range.start, &companies);
            // "X jumped 18% before closing up 11.4%": the same subject.
            if subjects.is_empty()
                && v > range.start
                && doc.is_any(v - 1, &["after", "before", "while", "then", "and", "to"])
            {
                subjects = last_subjects.clone();
            }
            // "MP Materials was the top gainer, adding 8%": a participle
            // after a comma moves the subject of its sentence.
            if subjects.is_empty()
                && v > range.start
                && doc.is_punct(v - 1, ',')
                && doc.tok(v).ends_with("ing")
            {
                let subject = companies.iter().find(|(first, _, m)| {
                    *first >= range.start
                        && *first < v
                        && (*first == range.start
                            || !doc.is_any(
                                first - 1,
                                &["of", "in", "on", "with", "to", "for", "by", "from"],
                            ))
                        && m.sentence == s
                });
                subjects.extend(subject.map(|(_, _, m)| *m));
            }
            // "The stock slipped 2.4%": the company just named.
            if subjects.is_empty() {
                subjects.extend(stock_anaphor(doc, v, range.start, &companies));
            }
            // "... closed at $45.28, up 1.18%", "yesterday's nearly 8%
            // drubbing": a move said apart from its verb belongs to the
            // subject of its sentence.
            if subjects.is_empty() && (apart_from_verb(doc, v) || is_move_noun(doc, v)) {
                subjects.extend(sentence_subject(doc, s, v, &companies));
            }
            // "Short interest in Norfolk Southern has decreased by 12%",
            // "demand for Albemarle's lithium": a measure of the company
            // moved, not its stock.
            subjects.retain(|m| !measured_company(doc, m));
            // "compared to the Nasdaq Composite's 8.5% rise": an index's move.
            if is_move_noun(doc, v) && index_possessor(doc, v, mentions) {
                continue;
            }
            if subjects.is_empty() {
                continue;
            }
            last_subjects = subjects.clone();
            let mut figures = figures_after(doc, figure_from, range.end, quantities, &companies);
            if figures.pcts.is_empty() {
                let mut buffer = [0u8; 16];
                let multiplier = doc
                    .lower(v, &mut buffer)
                    .and_then(|w| doc.pack.move_words.get(w));
                if let Some(MoveWord::Multiplier { percent }) = multiplier {
                    figures.pcts.push(percent.abs());
                }
            }
            if figures.pcts.is_empty() && figures.price.is_none() && !(strong || stock_context()) {
                continue;
            }
            // A bare "up"/"higher" needs a figure: "set up", "picked up".
            if figures.pcts.is_empty()
                && doc.is_any(
                    v,
                    &[
                        "up", "down", "higher", "lower", "added", "adding", "adds", "add",
                    ],
                )
            {
                continue;
            }
            let when = time_reference(doc, s, v, published);
            let figure_end = doc.token_until(figures.end.max(doc.tokens[v].end as usize));
            let scope = scope(
                doc,
                v.saturating_sub(3).max(range.start)..figure_end + 1,
                range.start..figure_end + 1,
                when.as_ref().map(|(w, _)| w.as_str()),
            );
            let respectively = figures.pcts.len() == subjects.len() && subjects.len() > 1;
            // "erasing CVX rally", "Gives Up Gains": a move undone.
            let direction = if undone(doc, v, range.start) {
                match direction {
                    Direction::Up => Direction::Down,
                    Direction::Down => Direction::Up,
                }
            } else {
                direction
            };
            for (k, subject) in subjects.iter().enumerate() {
                let pct = if respectively {
                    Some(figures.pcts[k])
                } else {
                    figures.pcts.first().copied()
                };
                let (ticker, company) = match &subject.entity {
                    Entity::Company {
                        ticker, company, ..
                    } => (ticker.clone(), Some(*company)),
                    Entity::UnknownListing { ticker, .. } => (ticker.clone(), None),
                    _ => continue,
                };
                let end = figures.end.max(doc.tokens[v].end as usize);
                moves.push(PriceMove {
                    ticker,
                    company,
                    direction,
                    pct,
                    price: figures.price,
                    when: when.as_ref().map(|(w, _)| w.clone()),
                    date: when.as_ref().and_then(|(_, d)| *d),
                    scope,
                    // A subject named in an earlier sentence ("The stock
                    // closed up 5.7%"): the claim's span is its own sentence's.
                    span: Span::new(
                        if subject.sentence == s {
                            subject.span.start
                        } else {
                            doc.sentence_bytes(s).0
                        },
                        end,
                    ),
                    sentence: s,
                });
            }
        }
    }
    moves.extend(widgets(doc, &companies));
    moves.sort_by_key(|m| m.span.start);
    merge_claims(moves)
}

/// Direction of a move verb at `v`, whether it is strong, and where its
/// figure may start.
/// A move verb: its direction, whether it states a move on its own, and the
/// token where its figure may start.
pub(crate) type MoveVerb = (Direction, bool, usize);

/// The move verb at token `v`, as classified when the document was cut up.
pub(crate) fn move_verb(doc: &Doc<'_>, v: usize) -> Option<MoveVerb> {
    doc.move_verbs.get(v).copied().flatten()
}

/// The verb of two words that token `v` (lower case `word`) starts, with
/// the next token as its particle: "gave back", "pulled back".
fn particle_verb(doc: &Doc<'_>, v: usize, word: &str) -> Option<MoveWord> {
    let move_words = &doc.pack.move_words;
    if !move_words.takes_particle(word) {
        return None;
    }
    let mut buffer = [0u8; 16];
    move_words.with_particle(word, doc.lower(v + 1, &mut buffer)?)
}

/// Classifies token `v`: is it a move verb, and which.
pub(crate) fn classify(doc: &Doc<'_>, v: usize) -> Option<MoveVerb> {
    if !doc.is_word(v) {
        return None;
    }
    // Every move word is ASCII and short: anything else is not one.
    let mut buffer = [0u8; 16];
    let lower = doc.lower(v, &mut buffer)?;
    let up = Direction::Up;
    let down = Direction::Down;
    if PARTICLES_UP.contains(&lower) || PARTICLES_DOWN.contains(&lower) {
        // "revenue of $191 million, up 25.5%": the revenue's figure.
        let figure = (v + 1..v + 3).find(|&k| {
            doc.tokens
                .get(k)
                .is_some_and(|t| t.kind == crate::text::TokenKind::Number)
        });
        if figure.is_some_and(|k| measures_something_else(doc, k, v)) {
            return None;
        }
        let direction = if PARTICLES_UP.contains(&lower) {
            up
        } else {
            down
        };
        return Some((direction, false, v + 1));
    }
    // Most words are none: the first letter rules them out cheaply.
    if lower.starts_with(['h', 'r', 't', 's', 'n', 'm', 'c', 'e', 'f'])
        && RECORD_VERBS.contains(&lower)
    {
        if let Some(found) = record(doc, v) {
            return Some(found);
        }
    }
    let move_words = &doc.pack.move_words;
    // "gave back 4%", "pulled back": a verb of two words, its figure after
    // the particle.
    let with_particle = particle_verb(doc, v, lower);
    let a_move_word = with_particle.is_some()
        || PARTICLES_UP.contains(&lower)
        || PARTICLES_DOWN.contains(&lower)
        || COPULAS.contains(&lower)
        || move_words.noun(lower).is_some()
        || move_words.get(lower).is_some();
    if !a_move_word {
        return None;
    }
    // "Bolt aims to", "Rally Energy": a capitalised move word inside
    // ordinary prose is a name.
    let range = doc.sentence_tokens(doc.token_sentence[v]);
    if v > range.start
        && doc.tokens[v].is_capitalized(doc.text())
        && !crate::mentions::is_title_case(doc, doc.token_sentence[v])
    {
        return None;
    }
    // "a 9% drop", "an 8.22% decline", "a 160% year-to-date share price
    // surge": a move noun after its figure; the figure starts the claim.
    if let Some(noun_up) = doc.pack.move_words.noun(lower) {
        let figure = figure_before(doc, v);
        if figure.is_some_and(|k| measures_something_else(doc, k, v)) {
            return None;
        }
        // The noun must be the stock's: "an 8.22% drop" after a quote, "a
        // 9% decline in its stock price", not "a 71% gain in revenue".
        let range = doc.sentence_tokens(doc.token_sentence[v]);
        let stock_talk = (range.start..range.end.min(v + 6)).any(|k| {
            doc.is_any(
                k,
                &[
                    "shares",
                    "stock",
                    "share",
                    "closed",
                    "trading",
                    "traded",
                    "session",
                    "shareholders",
                    "rally",
                    "selloff",
                ],
            )
        });
        let other_noun = doc.is_any(v + 1, &["in", "of"])
            && !doc.is_any(v + 2, &["its", "the", "their"])
            && !doc.is_any(v + 2, &["shares", "stock"]);
        // Nouns of markets ("a 98.9% rally", "a 20% selloff") are the
        // stock's without more; "a 6% increase" needs talk of the stock.
        let of_markets = matches!(
            doc.pack.move_words.get(lower),
            Some(MoveWord::Verb { strong: true, .. })
        ) || doc.is_any(v, &["selloff", "sell-off", "drubbing", "pullback"]);
        let as_noun = figure
            .filter(|_| (stock_talk || of_markets) && !other_noun)
            .map(|k| (if noun_up { up } else { down }, true, k));
        // "Nvidia shares rise after earnings", "Energy Fuels stock jumps":
        // without its figure the word is the verb, unless a determiner
        // makes it the noun ("the rise in revenue").
        let determiner = v > 0
            && (doc.is_any(
                v - 1,
                &[
                    "a", "an", "the", "its", "their", "this", "that", "his", "her", "s",
                ],
            ) || doc.is_punct(v - 1, '\''));
        // The verb takes no object: a preposition, a figure, a comma or
        // the line's end follows ("Advances Key U.S. Projects", "Stock
        // Surge: Decoding ..." are not moves).
        let next = v + 1;
        let intransitive = next >= range.end
            || doc.tokens[next].newline_before
            || doc.tokens[next].kind == crate::text::TokenKind::Number
            || doc.is_punct(next, '-')
            || doc.is_any(
                next,
                &[
                    "on",
                    "after",
                    "as",
                    "in",
                    "to",
                    "from",
                    "by",
                    "amid",
                    "following",
                    "at",
                    "for",
                    "with",
                    "over",
                    "despite",
                    "ahead",
                    "before",
                    "today",
                    "sharply",
                    "higher",
                    "lower",
                    "again",
                ],
            );
        // ... and its subject stands right before it: the stock ("Nvidia
        // shares rise") or a company ("Nvidia jumps after ..."), not
        // "demand for copper surges".
        let metric_before = v > range.start && {
            let mut buffer = [0u8; 16];
            doc.lower(v - 1, &mut buffer)
                .is_some_and(|w| doc.pack.move_words.is_metric(w.trim_end_matches('s')))
        };
        let stock_subject = !metric_before
            && v > range.start
            && (doc.is_any(v - 1, &["stock", "stocks", "shares", "share"])
                || doc.is_punct(v - 1, ')')
                // In a headline capitals tell nothing ("AI Gains", "A
                // 2026 Deep Dive"): only the stock's noun will do there.
                || (doc.is_word(v - 1)
                    && doc.tokens[v - 1].is_capitalized(doc.text())
                    && !crate::mentions::is_title_case(doc, doc.token_sentence[v])
                    // "despite record Dow rally": a name inside a noun phrase.
                    && !(v >= 2
                        && doc.is_any(
                            v - 2,
                            &["a", "an", "the", "record", "its", "their", "this", "broad", "broader", "strong"],
                        ))));
        if as_noun.is_some()
            || determiner
            || !intransitive
            || !stock_subject
            || doc.pack.move_words.get(lower).is_none()
        {
            return as_noun;
        }
    }
    let (word, after) = match with_particle {
        Some(word) => (word, v + 2),
        None if COPULAS.contains(&lower) => (MoveWord::Session, v + 1),
        None => (doc.pack.move_words.get(lower)?, v + 1),
    };
    // "Its Recent 8.5% Share Price Jump": a headline's verb after its figure.
    let figure_first = figure_before(doc, v).filter(|&k| !measures_something_else(doc, k, v));
    match word {
        MoveWord::Verb { up: is_up, .. } if figure_first.is_some() => Some((
            if is_up { up } else { down },
            true,
            figure_first.unwrap_or(after),
        )),
        MoveWord::Verb { up: true, strong } => Some((up, strong, after)),
        MoveWord::Verb { up: false, strong } => Some((down, strong, after)),
        MoveWord::Multiplier { percent } => {
            Some((if percent >= 0.0 { up } else { down }, true, v + 1))
        }
        // "HPP is +4.2% after hours": a signed figure after a copula.
        MoveWord::Session
            if COPULAS.contains(&lower)
                && (doc.is_punct(v + 1, '+') || doc.is_punct(v + 1, '-'))
                && doc
                    .tokens
                    .get(v + 2)
                    .is_some_and(|t| t.kind == crate::text::TokenKind::Number)
                && doc.is_punct(v + 3, '%') =>
        {
            Some((
                if doc.is_punct(v + 1, '+') { up } else { down },
                true,
                v + 1,
            ))
        }
        MoveWord::Session => {
            // "closing up 11.4%", "closed 3.1% lower", "was 5.3 per cent lower".
            let particle = |i: usize, words: &[&str]| doc.is_any(i, words);
            let figure_then = |words: &[&str]| {
                (doc.is_punct(v + 2, '%') && particle(v + 3, words))
                    || (doc.is_any(v + 2, &["percent", "pct"]) && particle(v + 3, words))
                    || (doc.is(v + 2, "per") && doc.is(v + 3, "cent") && particle(v + 4, words))
            };
            // "was sharply higher", "closed slightly lower".
            let adverb = doc.is_any(
                v + 1,
                &[
                    "sharply",
                    "slightly",
                    "marginally",
                    "modestly",
                    "significantly",
                    "substantially",
                    "nearly",
                    "almost",
                    "about",
                    "roughly",
                    "solidly",
                    "firmly",
                    "broadly",
                    "also",
                    "still",
                    "now",
                ],
            );
            let next = if adverb { v + 2 } else { v + 1 };
            if particle(next, PARTICLES_UP) {
                Some((up, true, next + 1))
            } else if particle(next, PARTICLES_DOWN) {
                Some((down, true, next + 1))
            } else if figure_then(PARTICLES_UP) {
                Some((up, true, v + 1))
            } else if figure_then(PARTICLES_DOWN) {
                Some((down, true, v + 1))
            } else {
                None
            }
        }
        // "posted gains", "extended losses".
        MoveWord::StockVerb { up: is_up } => {
            let after_stock = (v.saturating_sub(3)..v)
                .any(|k| doc.is_any(k, &["shares", "stock", "price"]))
                && !(v.saturating_sub(3)..v)
                    .any(|k| doc.is_any(k, &["its", "their", "stake", "holdings", "position"]));
            // "UEC has increased by 96.86% in 2025": by a figure, with no
            // object, the subject's stock moved (a company subject is still
            // needed, and no metric may be what rose).
            let by_a_figure = doc.is(v + 1, "by")
                && doc
                    .tokens
                    .get(v + 2)
                    .is_some_and(|t| t.kind == crate::text::TokenKind::Number)
                && (doc.is_punct(v + 3, '%') || doc.is_any(v + 3, &["percent", "pct"]))
                && !measures_something_else(doc, v + 2, v);
            (after_stock || by_a_figure).then_some((if is_up { up } else { down }, false, v + 1))
        }
        MoveWord::Reporting => (v + 1..v + 5).find_map(|k| {
            // "recorded a quarterly loss of 66 cents per share": the
            // accounts' loss, not the stock's.
            if doc.is_any(k, &["loss", "losses"])
                && (doc.is_any(k + 1, &["of", "per"])
                    || doc.is_any(
                        k - 1,
                        &[
                            "net",
                            "quarterly",
                            "operating",
                            "annual",
                            "pre-tax",
                            "adjusted",
                            "gaap",
                        ],
                    ))
            {
                return None;
            }
            let mut buffer = [0u8; 16];
            let noun = doc.lower(k, &mut buffer)?;
            match doc.pack.move_words.noun(noun) {
                Some(true) => Some((up, true, k + 1)),
                Some(false) => Some((down, true, k + 1)),
                None => None,
            }
        }),
    }
}

/// A record the verb at `v` takes the stock to: "hit a 52-week high" is
/// up, "touched an all-time low" down, with no figure of its own (a price
/// after it is the level). A metric before it ("revenue reached a record
/// high") is no stock's.
fn record(doc: &Doc<'_>, v: usize) -> Option<MoveVerb> {
    let range = doc.sentence_tokens(doc.token_sentence[v]);
    let end = range.end.min(v + 1 + RECORD_REACH);
    let extreme = (v + 1..end)
        .take_while(|&k| !doc.is_punct(k, ';') && !doc.is_punct(k, '.'))
        .find(|&k| {
            doc.is_any(k, &["high", "highs", "low", "lows"])
                && (k.saturating_sub(3)..k).any(|q| {
                    doc.is_any(q, RECORD_QUALIFIERS)
                        || (q > 0 && doc.is_any(q, RECORD_SPANS) && doc.is_punct(q - 1, '-'))
                })
        })?;
    // "trades near its 52-week high", "20% below its record high": beside
    // the record, not at it.
    let beside = (v + 1..extreme).any(|k| {
        doc.is_any(
            k,
            &[
                "near",
                "below",
                "under",
                "off",
                "from",
                "within",
                "above",
                "close",
                "approaching",
                "toward",
                "towards",
                "since",
                "shy",
            ],
        )
    });
    if beside {
        return None;
    }
    let words = &doc.pack.move_words;
    let metric = (range.start..v).any(|j| {
        let mut buffer = [0u8; 16];
        doc.lower(j, &mut buffer)
            .is_some_and(|w| words.is_metric(w))
    });
    if metric {
        return None;
    }
    let direction = if doc.is_any(extreme, &["high", "highs"]) {
        Direction::Up
    } else {
        Direction::Down
    };
    Some((direction, true, extreme + 1))
}

/// The relative pronoun that opens the clause of the move verb at `v`
/// ("which gained", "that has since fallen"), if any.
fn relative_before(doc: &Doc<'_>, v: usize, sentence_start: usize) -> Option<usize> {
    let mut k = v.checked_sub(1)?;
    while k > sentence_start && doc.is_any(k, &["has", "have", "had", "also", "since", "then"]) {
        k -= 1;
    }
    doc.is_any(k, &["which", "that", "who"]).then_some(k)
}

/// Words between a move verb and the object that makes it transitive
/// ("is gaining quiet traction", "increasing his total holdings").
const OBJECT_MODIFIERS: &[&str] = &[
    // "decreasing his direct ownership", "adding to institutional ownership".
    "direct",
    "indirect",
    "personal",
    "institutional",
    "to",
    "quiet",
    "significant",
    "strong",
    "new",
    "more",
    "some",
    "further",
    "renewed",
    "growing",
    "the",
    "its",
    "their",
    "investor",
    "investors",
    "interest",
    "rate",
    "market",
    "four",
    "five",
    "six",
    "two",
    "three",
    "several",
    "many",
    "his",
    "her",
    "total",
    "retail",
];

/// Whether the move verb at `v` takes an object that makes it no move of
/// a stock: "is gaining quiet traction", "easing interest rate fears",
/// "adds four advisors".
fn is_transitive(doc: &Doc<'_>, v: usize) -> bool {
    let range = doc.sentence_tokens(doc.token_sentence[v]);
    // "doubled the monthly license fee", "tripled its dividend": a
    // multiplier with a determiner after it has an object.
    let mut buffer = [0u8; 16];
    let multiplier = doc
        .lower(v, &mut buffer)
        .and_then(|w| doc.pack.move_words.get(w))
        .is_some_and(|w| matches!(w, MoveWord::Multiplier { .. }));
    if multiplier && doc.is_any(v + 1, &["the", "its", "their", "a", "an", "his", "her"]) {
        return true;
    }
    let mut k = v + 1;
    while k < range.end
        && k < v + 5
        && (doc.tokens[k].kind == crate::text::TokenKind::Number || doc.is_any(k, OBJECT_MODIFIERS))
    {
        k += 1;
    }
    let mut buffer = [0u8; 16];
    k < range.end
        && doc
            .lower(k, &mut buffer)
            .is_some_and(|w| doc.pack.move_words.is_not_object(w))
}

/// The percent right before a move word at `v`, with only words of the
/// stock between ("a 9% drop", "a 160% year-to-date share price surge",
/// "8.5% Share Price Jump"): the token of its number.
fn figure_before(doc: &Doc<'_>, v: usize) -> Option<usize> {
    const BETWEEN: &[&str] = &[
        "share",
        "stock",
        "price",
        "year-to-date",
        "ytd",
        "intraday",
        "one-day",
        "single-day",
        "weekly",
        "daily",
        "monthly",
        "annual",
        "overnight",
        "premarket",
        "pre-market",
        "session",
        "-",
        "year",
        "to",
        "date",
        "week",
        "day",
        "month",
        "quarter",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
    ];
    (v.saturating_sub(9)..v).find(|&k| {
        let unit_end = if doc.is_punct(k + 1, '%') || doc.is_any(k + 1, &["percent", "pct"]) {
            k + 2
        } else {
            return false;
        };
        doc.tokens[k].kind == crate::text::TokenKind::Number
            && (unit_end..v).all(|j| {
                doc.is_any(j, BETWEEN)
                    || doc.is_punct(j, '-')
                    || (doc.is_word(j) && doc.tok(j).ends_with("ly"))
                    || doc.is_any(j, &["recent", "sharp", "steep", "big", "massive", "huge"])
            })
    })
}

/// Whether the figure at `k` of the move word at `v` measures something
/// other than a stock: a metric named before it in its clause ("raised its
/// dividend ..., marking a 6.7% rise", "options volume, a 308% increase"),
/// a metric after the noun ("a 62% increase over the typical volume", "a
/// 3.82% increase in shares sold short"), or a forecast ("targeting a
/// 10.5% gain").
fn measures_something_else(doc: &Doc<'_>, k: usize, v: usize) -> bool {
    let words = &doc.pack.move_words;
    let range = doc.sentence_tokens(doc.token_sentence[v]);
    let metric = |j: usize| {
        let mut buffer = [0u8; 16];
        doc.lower(j, &mut buffer)
            .is_some_and(|w| words.is_metric(w))
    };
    // "per share" is a unit, not the stock.
    let stock = |j: usize| {
        doc.is_any(j, &["shares", "stock", "stocks", "share", "price"])
            && !(j > 0 && doc.is(j - 1, "per"))
    };
    // "a 28% Share Price Rise": the stock's, whatever the clause measured.
    if (k..v).any(stock) {
        return false;
    }
    // Back over the clause: the nearest metric or stock word decides.
    let clause_start = (range.start..k)
        .rev()
        .find(|&j| doc.is_punct(j, ';') || doc.is_any(j, &["while", "but", "whereas"]))
        .map_or(range.start, |j| j + 1);
    // A name between ("... food-delivery firm Meituan down 3%") is the
    // figure's subject.
    let title_case = crate::mentions::is_title_case(doc, doc.token_sentence[v]);
    let name = |j: usize| {
        let word = doc.tok(j);
        !title_case
            && j > range.start
            && doc.tokens[j].is_capitalized(doc.text())
            && word.len() > 1
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && !word.chars().all(|c| c.is_ascii_uppercase())
    };
    let before = (clause_start..k)
        .rev()
        .find(|&j| metric(j) || stock(j) || name(j))
        .is_some_and(|j| metric(j) && !(doc.is(j, "price") || doc.is(j + 1, "price")));
    let after = (v + 1..(v + 6).min(range.end)).any(|j| {
        (metric(j) || doc.is(j, "short"))
            && (v + 1..j).all(|b| !doc.is_punct(b, ',') && !doc.is_any(b, &["as", "after", "on"]))
    });
    let forecast = (k.saturating_sub(4).max(range.start)..k).any(|j| {
        doc.is_any(
            j,
            &[
                "targeting",
                "target",
                "targets",
                "potential",
                "upside",
                "could",
                "would",
                "expected",
                "expects",
                "forecast",
                "forecasts",
                "predicts",
                "projected",
                "implied",
                "implies",
                "before",
            ],
        )
    });
    before || after || forecast
}

/// The companies that are the subject of the verb at `v`.
fn subjects_before<'m>(
    doc: &Doc<'_>,
    v: usize,
    sentence_start: usize,
    companies: &[(usize, usize, &'m Mention)],
) -> Vec<&'m Mention> {
    let mut subjects = Vec::new();
    let ending_at = |j: usize| companies.iter().find(|(_, end, _)| *end == j + 1);
    // A legal word is part of the name before it: "Alkane Resources Ltd",
    // "Shenghe Resources Holding Co., Ltd".
    let is_legal = |k: usize| {
        (monazite_pack::names::is_legal_suffix(doc.tok(k))
            && doc.tokens[k].is_capitalized(doc.text()))
            || doc.is_punct(k, '.')
            || doc.is_punct(k, ',')
    };
    let name_ending_at = |j: usize| {
        let mut k = j;
        while k > sentence_start && is_legal(k) && ending_at(k).is_none() {
            k -= 1;
        }
        ending_at(k).map(|found| (k, found))
    };
    let mut j = v as isize - 1;
    let mut skipped_appositive = false;
    while j >= sentence_start as isize {
        let i = j as usize;
        if let Some((first, _, m)) = ending_at(i) {
            subjects.push(*m);
            j = *first as isize - 1;
            continue;
        }
        // A ticker in parentheses after a name: "(CRML)", "(HK:0769)"; a
        // listing inside them is the subject when no name stands before.
        if doc.is_punct(i, ')') {
            if let Some(open) = (i.saturating_sub(8)..i)
                .rev()
                .find(|&k| doc.is_punct(k, '('))
            {
                if open >= sentence_start {
                    let inside = companies
                        .iter()
                        .find(|(first, end, _)| *first > open && *end <= i)
                        .map(|(_, _, m)| *m);
                    let named_before = open.checked_sub(1).and_then(name_ending_at);
                    match (inside, named_before) {
                        // The name before the parentheses is the subject.
                        (_, Some((k, _))) => j = k as isize,
                        (Some(m), None) => {
                            subjects.push(m);
                            j = open as isize - 1;
                        }
                        (None, None) => j = open as isize - 1,
                    }
                    continue;
                }
            }
            break;
        }
        // "Alkane Resources Ltd rose": a legal word after the name.
        if let Some((k, _)) = name_ending_at(i).filter(|(k, _)| *k < i) {
            j = k as isize;
            continue;
        }
        if doc.is_any(i, FILLERS) {
            j -= 1;
            continue;
        }
        // "Lynas Rare Earth jumped": capitalised words that go on from a
        // company's name are the name as this text writes it.
        if subjects.is_empty() && !crate::mentions::is_title_case(doc, doc.token_sentence[i]) {
            let capital = |k: usize| {
                doc.is_word(k)
                    && doc.tokens[k].is_capitalized(doc.text())
                    && !doc.tokens[k].newline_before
            };
            let name_end = (i.saturating_sub(3).max(sentence_start + 1)..=i)
                .rev()
                .take_while(|&k| capital(k))
                .find(|&k| ending_at(k - 1).is_some());
            if let Some(k) = name_end {
                j = k as isize - 1;
                continue;
            }
        }
        if !subjects.is_empty() && (doc.is_any(i, JOINERS) || doc.is_punct(i, ',')) {
            j -= 1;
            continue;
        }
        // An appositive right before the verb: ", another key player,".
        if subjects.is_empty() && !skipped_appositive && doc.is_punct(i, ',') {
            if i > 0 && ending_at(i - 1).is_some() {
                j -= 1;
                continue;
            }
            let open = (i.saturating_sub(10).max(sentence_start)..i)
                .rev()
                .find(|&k| doc.is_punct(k, ',') || doc.is_punct(k, ')'));
            if let Some(open) = open {
                let clean =
                    (open + 1..i).all(|k| ending_at(k).is_none() && move_verb(doc, k).is_none());
                // ", another key player," or, without its first comma, a
                // name's ticker and then the appositive: "Iluka (ASX:ILU)
                // another key Australian player, jumped".
                let opens_after_name = if doc.is_punct(open, ')') {
                    true
                } else {
                    open > 0 && ending_at(open - 1).is_some()
                };
                if clean && opens_after_name {
                    skipped_appositive = true;
                    j = if doc.is_punct(open, ')') {
                        open as isize
                    } else {
                        open as isize - 1
                    };
                    continue;
                }
            }
        }
        break;
    }
    subjects.reverse();
    subjects
}

struct Figures {
    pcts: Vec<f64>,
    price: Option<f64>,
    end: usize,
}

/// Percents and a price level right after the verb, in its clause.
fn figures_after(
    doc: &Doc<'_>,
    from: usize,
    sentence_end: usize,
    quantities: &[Quantity],
    companies: &[(usize, usize, &Mention)],
) -> Figures {
    let mut figures = Figures {
        pcts: Vec::new(),
        price: None,
        end: 0,
    };
    let limit = sentence_end.min(from + 12);
    let mut k = from;
    while k < limit {
        if companies.iter().any(|(first, _, _)| *first == k)
            || doc.is_punct(k, ';')
            || (k > from && move_verb(doc, k).is_some() && !doc.is_any(k, &["up", "higher"]))
        {
            break;
        }
        // ", while", ", and" end the clause once a figure is in hand.
        let number_at = |k: usize| {
            doc.tokens
                .get(k)
                .is_some_and(|t| t.kind == crate::text::TokenKind::Number)
        };
        // A comma before another figure ("3%, 4% and 5%") or before
        // "respectively" still lists this verb's figures.
        let lists_on = doc.is(k + 1, "respectively")
            || number_at(k + 1)
            || (doc.is(k + 1, "and") && number_at(k + 2));
        if doc.is_punct(k, ',') && !figures.pcts.is_empty() && !lists_on {
            break;
        }
        let at = doc.tokens[k].start as usize;
        if let Some(q) = quantities
            .iter()
            .find(|q| q.span.start == at || (q.span.start < at && at < q.span.end))
        {
            // "rebounding from yesterday's nearly 8% drubbing": a figure
            // of a move noun is that noun's claim, not this verb's.
            let after = doc.token_until(q.span.end);
            let of_a_noun = k > from && (after..after + 2).any(|n| is_move_noun(doc, n));
            if of_a_noun {
                break;
            }
            match q.kind {
                // "a 5% stake", "a 10% share", not "a 28% share price rise"
                // or "a 168% share gain".
                QuantityKind::Percent { value }
                    if !doc.is_any(after, &["stake", "share", "tariff", "tariffs", "of"])
                        || (doc.is(after, "share")
                            && (doc.is(after + 1, "price") || is_move_noun(doc, after + 1))) =>
                {
                    figures.pcts.push(value);
                    figures.end = q.span.end;
                }
                QuantityKind::Money { value, .. }
                    if doc.is(k.wrapping_sub(1), "to") || doc.is(k.wrapping_sub(1), "at") =>
                {
                    figures.price = Some(value);
                    figures.end = q.span.end;
                }
                _ => {}
            }
            k = doc.token_until(q.span.end).max(k + 1);
            continue;
        }
        k += 1;
    }
    figures
}

/// The time reference of a claim: in its clause (from the verb to the
/// next move verb), else earlier in its sentence, else in the two sentences
/// before (a paragraph often says "on Monday" once).
fn time_reference(
    doc: &Doc<'_>,
    s: u32,
    verb: usize,
    published: Option<Date>,
) -> Option<(String, Option<Date>)> {
    let range = doc.sentence_tokens(s);
    // "closed 11% lower on Tuesday": a direction word after the figure
    // belongs to this claim, not to the next.
    let clause_end = (verb + 1..range.end)
        .find(|&i| {
            move_verb(doc, i).is_some() && !doc.is_any(i, &["up", "down", "higher", "lower"])
        })
        .unwrap_or(range.end);
    let mut spans = vec![verb..clause_end, range.start..verb];
    for sentence in (s.saturating_sub(2)..s).rev() {
        spans.push(doc.sentence_tokens(sentence));
    }
    for span in spans {
        // Every reference in the span: "premarket trading on Friday" is one
        // time reference, dated by its weekday.
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut i = span.start;
        while i < span.end {
            let hit = WHEN.iter().find(|words| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| i + k < span.end && doc.is(i + k, w))
            });
            match hit {
                Some(words) => {
                    found.push((i, i + words.len() - 1));
                    i += words.len();
                }
                None => i += 1,
            }
        }
        let Some(first) = found.first() else {
            continue;
        };
        // References a few words apart are one: "premarket trading on
        // Friday"; a later one belongs to another claim.
        // Only words of a session may stand between them.
        let joins = |a: &(usize, usize), b: &(usize, usize)| {
            b.0 <= a.1 + 4
                && (a.1 + 1..b.0).all(|k| {
                    doc.is_any(
                        k,
                        &["on", "in", "trading", "the", "session", "early", "late"],
                    )
                })
        };
        let last = found
            .iter()
            .zip(found.iter().skip(1))
            .take_while(|(a, b)| joins(a, b))
            .last()
            .map_or(first, |(_, b)| b);
        let found = &found[..=found.iter().position(|f| f == last).unwrap_or(0)];
        let text = doc.text()[doc.tokens[first.0].start as usize..doc.tokens[last.1].end as usize]
            .to_string();
        let piece = |(a, b): &(usize, usize)| {
            &doc.text()[doc.tokens[*a].start as usize..doc.tokens[*b].end as usize]
        };
        let date = published.and_then(|p| {
            let weekday = found
                .iter()
                .find(|f| monazite_types::english::weekday(piece(f)).is_some());
            resolve_when(piece(weekday.unwrap_or(first)), p)
        });
        return Some((text, date));
    }
    None
}

/// What a claim measures: the session's extreme when words around its verb
/// and figure say so, else what its time reference names.
fn scope(
    doc: &Doc<'_>,
    tokens: Range<usize>,
    sentence: Range<usize>,
    when: Option<&str>,
) -> MoveScope {
    let peak = tokens.clone().any(|i| {
        PEAK_WORDS.iter().any(|words| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| i + k < tokens.end && doc.is(i + k, w))
        })
    });
    if peak {
        return MoveScope::Peak;
    }
    // "a significant decline in 2025, falling over 50%": a year named up
    // to the figure makes the move a period's, unless a day is named too.
    let year = sentence.clone().any(|i| {
        i + 1 < sentence.end
            && doc.is_any(i, &["in", "during", "since", "for"])
            && doc.tok(i + 1).len() == 4
            && doc.tok(i + 1).starts_with(['1', '2'])
            && doc.tok(i + 1).bytes().all(|b| b.is_ascii_digit())
    });
    let Some(when) = when else {
        return if year {
            MoveScope::Period
        } else {
            MoveScope::Session
        };
    };
    let when = when.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| when.contains(w));
    if has(&["premarket", "pre-market", "pre market"]) {
        MoveScope::Premarket
    } else if has(&[
        "after-hours",
        "after hours",
        "after the close",
        "extended trading",
    ]) {
        MoveScope::AfterHours
    } else if has(&["year to date", "year-to-date", "ytd", "this year"]) {
        MoveScope::YearToDate
    } else if has(&["this week", "last week"]) {
        MoveScope::Week
    } else if has(&["month", "year"]) {
        MoveScope::Period
    } else if has(&[
        "intraday",
        "midday",
        "morning",
        "afternoon",
        "early trading",
        "late trading",
    ]) {
        MoveScope::Intraday
    } else {
        MoveScope::Session
    }
}

/// "The stock", "its shares", "the uranium stock", "the company's shares",
/// "shares of the Melbourne-based firm", "It has dropped": the last company
/// named before the verb, in this sentence or the five before.
fn stock_anaphor<'m>(
    doc: &Doc<'_>,
    v: usize,
    sentence_start: usize,
    companies: &[(usize, usize, &'m Mention)],
) -> Option<&'m Mention> {
    let mut j = v;
    while j > sentence_start
        && (doc.is_any(j - 1, FILLERS) || doc.is_any(j - 1, &["has", "have", "had", "is", "was"]))
        && !doc.is_any(j - 1, COMPANY_NOUNS)
    {
        j -= 1;
    }
    let pronoun = j > sentence_start
        && doc.is_any(j - 1, &["it", "its"])
        && (j - 1 == sentence_start
            || doc.is_punct(j - 2, ',')
            || doc.is_any(j - 2, &["and", "but"]));
    let described = j >= sentence_start + 2 && doc.is_any(j - 1, COMPANY_NOUNS) && {
        // "the [two modifiers] noun", or "the company's shares".
        (2..=6).any(|back| {
            j >= sentence_start + back
                // "AAON, whose shares were trading up 2.15%".
                && doc.is_any(j - back, &["the", "its", "their", "whose"])
                && (j - back + 1..j - 1)
                    .all(|k| doc.is_word(k) || doc.is_punct(k, '\'') || doc.is_punct(k, '-'))
                && (j - back + 1..j - 1).all(|k| !companies.iter().any(|(f, _, _)| *f == k))
        })
    };
    if !(pronoun || described) {
        return None;
    }
    let window_start =
        doc.sentences[doc.token_sentence[v].saturating_sub(5) as usize].first_token as usize;
    let nearest = companies
        .iter()
        .rev()
        .find(|(first, _, _)| *first < j && *first >= window_start)
        .map(|(_, _, m)| *m)?;
    // In an earlier sentence "it" is that sentence's subject, the first
    // company it names ("Vici Properties outperformed peers like EPR.
    // Its stock ..." is Vici's), not the last.
    if nearest.sentence == doc.token_sentence[v] {
        return Some(nearest);
    }
    companies
        .iter()
        .find(|(_, _, m)| m.sentence == nearest.sentence)
        .map(|(_, _, m)| *m)
}

/// Whether the move at `v` is only supposed: a modal before its verb
/// ("catalysts that could drive the stock up by 25%", "shares may fall")
/// or a target missed ("fell short of quarterly EPS").
fn supposed(doc: &Doc<'_>, v: usize, sentence_start: usize) -> bool {
    let from = v.saturating_sub(4).max(sentence_start);
    let modal = (from..v).any(|k| {
        doc.is_any(k, &["could", "would", "might", "may", "should", "can"])
            && !(k + 1..v).any(|j| doc.is_punct(j, ',') || doc.is_punct(j, ';'))
    });
    modal || doc.is(v + 1, "short")
}

/// Whether the company mention `m` is what a metric before it measures:
/// "Short interest in Norfolk Southern", "demand for Albemarle", "Pre-tax
/// profits at Bristol Myers Squibb".
fn measured_company(doc: &Doc<'_>, m: &Mention) -> bool {
    let first = doc.token_from(m.span.start);
    first >= 2 && doc.is_any(first - 1, &["in", "of", "for", "at"]) && {
        let mut buffer = [0u8; 16];
        let word = doc.lower(first - 2, &mut buffer).unwrap_or("");
        doc.pack.move_words.is_metric(word.trim_end_matches('s'))
    }
}

/// Whether the move noun at `v` is an index's: its figure or the noun
/// follows an index's possessive ("the Nasdaq Composite's 8.5% rise").
fn index_possessor(doc: &Doc<'_>, v: usize, mentions: &[Mention]) -> bool {
    let from = v.saturating_sub(5);
    // "the broader market's 16% gain", "the sector's 4% drop".
    let market = (from..v).any(|k| {
        doc.is_any(
            k,
            &[
                "market",
                "index",
                "benchmark",
                "sector",
                "industry",
                "peers",
                "nasdaq",
                "dow",
                "dowi",
            ],
        ) && doc.is_punct(k + 1, '\'')
    });
    market
        || mentions.iter().any(|m| {
            matches!(m.entity, Entity::Index { .. }) && {
                let end = doc.token_until(m.span.end);
                end >= from && end < v && doc.is_punct(end, '\'') && doc.is(end + 1, "s")
            }
        })
}

/// Whether the move word at `v` is the object of a verb that undoes it,
/// or that verb itself: "erasing CVX rally", "Gives Up Gains" ("pared its
/// gains" may still close up: no undoing).
fn undone(doc: &Doc<'_>, v: usize, sentence_start: usize) -> bool {
    const UNDOING: &[&str] = &[
        "erase",
        "erases",
        "erased",
        "erasing",
        "wipe",
        "wipes",
        "wiped",
        "wiping",
        "reverse",
        "reverses",
        "reversed",
        "reversing",
        "surrender",
        "surrenders",
        "surrendered",
        "surrendering",
    ];
    let from = v.saturating_sub(4).max(sentence_start);
    // The word itself when it is the undoing verb ("pared its gains"),
    // unless with its particle it is a move of its own: "gave back 4%" is
    // a fall, "gave back its gains" undoes a rise.
    let mut buffer = [0u8; 16];
    let own_move = doc
        .lower(v, &mut buffer)
        .and_then(|word| particle_verb(doc, v, word))
        .is_some();
    let to = if own_move { v } else { v + 1 };
    (from..to).any(|k| {
        let undoes = doc.is_any(k, UNDOING)
            || (doc.is_any(
                k,
                &[
                    "give", "gives", "gave", "giving", "hand", "hands", "handed", "handing",
                ],
            ) && doc.is_any(k + 1, &["up", "back"]));
        undoes && (k..v).all(|j| !doc.is_punct(j, ',') && !doc.is_punct(j, ';'))
    })
}

/// A direction word after a comma ("closed at $45.28, up 1.18%").
fn apart_from_verb(doc: &Doc<'_>, v: usize) -> bool {
    v > 0 && doc.is_punct(v - 1, ',') && doc.is_any(v, &["up", "down", "higher", "lower"])
}

/// A move noun after its figure: "a 9% drop", "an 8.22% decline".
fn is_move_noun(doc: &Doc<'_>, v: usize) -> bool {
    let mut buffer = [0u8; 16];
    doc.lower(v, &mut buffer)
        .is_some_and(|w| doc.pack.move_words.noun(w).is_some())
}

/// The subject of sentence `s` before token `v`: its first company that is
/// no object of a preposition, or the company a description stands for.
fn sentence_subject<'m>(
    doc: &Doc<'_>,
    s: u32,
    v: usize,
    companies: &[(usize, usize, &'m Mention)],
) -> Option<&'m Mention> {
    let range = doc.sentence_tokens(s);
    let in_sentence =
        |first: usize, m: &Mention| first >= range.start && first < v && m.sentence == s;
    // "Morgan Stanley has downgraded HCA, causing a 2% drop in its share
    // price": a bank that rates is not the stock that moves when the
    // company it rates is named too.
    let adviser = |m: &Mention| match m.entity {
        Entity::Company { company, .. } => doc.pack.companies[company as usize]
            .stages
            .iter()
            .any(|st| st == "finance"),
        _ => false,
    };
    let rated = companies
        .iter()
        .any(|(first, _, m)| in_sentence(*first, m) && !adviser(m));
    companies
        .iter()
        .find(|(first, _, m)| {
            in_sentence(*first, m)
                && !(rated && adviser(m))
                && (*first == range.start
                    || !doc.is_any(
                        first - 1,
                        &[
                            "of", "in", "on", "with", "to", "for", "by", "from", "than", "at",
                        ],
                    )
                    || rated && !adviser(m))
        })
        .map(|(_, _, m)| *m)
}

/// Quote widgets: the day's change printed right after a company's ticker
/// or name: "Uber UBER, +1.72%", "(BAH -0.93%)", "COIN +7.77%",
/// "(NYSE:ALB) +4.2%", "(MP 11.04%)", "Kia Motors (3.51%)". A signed figure
/// gives its direction; an unsigned one inside the ticker's own
/// parentheses is a rise; one in parentheses after a name takes the
/// direction of its sentence's move verb.
fn widgets(doc: &Doc<'_>, companies: &[(usize, usize, &Mention)]) -> Vec<PriceMove> {
    let mut out = Vec::new();
    for &(first, end, m) in companies {
        let mut k = end;
        // "(NYSE:ALB) +4.2%": the tag's own parenthesis closes first.
        let in_parens = first > 0 && doc.is_punct(first - 1, '(');
        if in_parens
            && doc.is_punct(k, ')')
            && (doc.is_punct(k + 1, '+') || doc.is_punct(k + 1, '-'))
        {
            k += 1;
        }
        if doc.is_punct(k, ',') || doc.is_punct(k, '|') {
            k += 1;
        }
        let opens = !in_parens && doc.is_punct(k, '(');
        if opens {
            k += 1;
        }
        let sign = if doc.is_punct(k, '+') {
            Some(Direction::Up)
        } else if doc.is_punct(k, '-') || doc.tok(k) == "−" {
            Some(Direction::Down)
        } else {
            None
        };
        let number = if sign.is_some() { k + 1 } else { k };
        let is_number = doc
            .tokens
            .get(number)
            .is_some_and(|t| t.kind == crate::text::TokenKind::Number);
        if !is_number || !doc.is_punct(number + 1, '%') {
            continue;
        }
        let Ok(pct) = doc.tok(number).replace(',', "").parse::<f64>() else {
            continue;
        };
        let closes = doc.is_punct(number + 2, ')');
        let direction = match sign {
            Some(d) => d,
            None if in_parens && closes => Direction::Up,
            None if opens && closes => {
                let s = doc.token_sentence[number];
                match doc.sentence_tokens(s).find_map(|v| move_verb(doc, v)) {
                    Some((d, _, _)) => d,
                    None => continue,
                }
            }
            None => continue,
        };
        // A widget stands apart: no move verb takes this figure.
        if (end..number).any(|v| move_verb(doc, v).is_some()) {
            continue;
        }
        let (ticker, company) = match &m.entity {
            Entity::Company {
                ticker, company, ..
            } => (ticker.clone(), Some(*company)),
            Entity::UnknownListing { ticker, .. } => (ticker.clone(), None),
            _ => continue,
        };
        out.push(PriceMove {
            ticker,
            company,
            direction,
            pct: Some(pct),
            price: None,
            when: None,
            date: None,
            scope: MoveScope::Session,
            span: Span::new(m.span.start, doc.tokens[number + 1].end as usize),
            sentence: doc.token_sentence[number],
        });
    }
    out
}

/// The session date a time reference points to, given the publication date.
fn resolve_when(when: &str, published: Date) -> Option<Date> {
    let lower = when.to_ascii_lowercase();
    if let Some(weekday) = monazite_types::english::weekday(&lower) {
        return monazite_types::english::most_recent(published, weekday);
    }
    match lower.as_str() {
        "today" | "premarket" | "pre-market" | "intraday" | "midday" | "after-hours" => {
            Some(published)
        }
        "yesterday" => published.yesterday().ok(),
        _ => None,
    }
}

/// One claim per ticker, direction and figure: a figure beats none (the
/// headline says "surges", the body "25%"), while two different figures are
/// two claims ("as much as 18%" intraday, "closing up 11.4%").
fn merge_claims(moves: Vec<PriceMove>) -> Vec<PriceMove> {
    let mut out: Vec<PriceMove> = Vec::new();
    for m in moves {
        let same_claim = |o: &PriceMove| match (o.pct, m.pct) {
            (Some(a), Some(b)) => (a - b).abs() < 0.5,
            _ => true,
        };
        match out
            .iter_mut()
            .find(|o| o.ticker == m.ticker && o.direction == m.direction && same_claim(o))
        {
            Some(existing) => {
                if existing.pct.is_none() && m.pct.is_some() {
                    *existing = m;
                } else if existing.price.is_none() {
                    existing.price = m.price;
                }
            }
            None => out.push(m),
        }
    }
    out
}
