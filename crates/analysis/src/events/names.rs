//! Names the pack does not list but the text shows: organisations by the
//! word their name ends with ("Acme Advisors LLC", "Harbourline
//! Securities", "HM Payson & Co."), and people by the office next to
//! them ("director Jane Doe", "Jane Doe, the company's chief financial
//! officer", "Rep. John Q. Public").
//!
//! A name is a run of capitalised words on one line, with "&", "of",
//! "and", "de" and initials inside it, that stops at a verb of the pack
//! ("Acme Advisors LLC Boosts Stake": the run ends before "Boosts"). An
//! organisation's name runs to the last head word of its run and needs a
//! word before the head ("Holdings" alone is no name).

use monazite_pack::events::PartyKind;

use crate::brief::{Entity, Evidence, Mention, Party, Span};
use crate::doc::Doc;
use crate::grammar;

/// A name found in the text, with what it can stand for.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    pub span: Span,
    pub readings: Vec<(Party, PartyKind)>,
}

/// Lower-case words that may stand inside a name.
const NAME_JOINERS: &[&str] = &[
    "&", "of", "and", "de", "du", "la", "von", "van", "der", "for",
];

/// Capitalised words that are not part of a name even in a headline.
const NOT_NAME_WORDS: &[&str] = &[
    "shares",
    "share",
    "stock",
    "stocks",
    "stake",
    "position",
    "positions",
    "price",
    "target",
    "rating",
    "ratings",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "with",
    "as",
    "after",
    "for",
    "new",
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "may",
    "says",
    "said",
    "stock's",
    "company",
    "company's",
    "today",
    "this",
    "that",
    "these",
    "those",
    "q1",
    "q2",
    "q3",
    "q4",
    "inc's",
    "etf",
    "nyse",
    "nasdaq",
    "amex",
    "otc",
    "about",
    "why",
    "how",
    "what",
    "when",
    "where",
    "who",
    "here's",
    "should",
    "buy",
    "sell",
    "hold",
    "top",
    "best",
    "worst",
    "report",
    "reports",
    "up",
    "down",
    "more",
    // "Makes New $1.52 Million Investment in ...": an amount, not a name.
    "thousand",
    "million",
    "billion",
    "trillion",
    // Sentence openers: "While UBS and BMO Capital maintain ...".
    "while",
    "although",
    "though",
    "despite",
    "however",
    "meanwhile",
    "because",
    "since",
    "if",
    "but",
    "and",
    "also",
];

/// Prefixes of people's names that are titles of address.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr", "rep", "sen", "sir", "dame", "prof"];

pub(crate) fn find(doc: &Doc<'_>, mentions: &[Mention]) -> Vec<Name> {
    let mut out = Vec::new();
    organizations(doc, mentions, &mut out);
    people(doc, mentions, &mut out);
    out.sort_by_key(|n| n.span.start);
    out
}

/// Whether token `i` can be a word of a name.
fn name_word(doc: &Doc<'_>, i: usize) -> bool {
    let Some(token) = doc.tokens.get(i) else {
        return false;
    };
    if !token.is_word() || !token.is_capitalized(doc.text()) {
        return false;
    }
    let mut buffer = [0u8; 16];
    let Some(lower) = doc.lower(i, &mut buffer) else {
        return true;
    };
    !NOT_NAME_WORDS.contains(&lower) && doc.pack.cues.verb(lower).is_none()
}

/// Words a name goes on over although they are verbs or headline words,
/// when another word of the name follows ("Momentum Wealth Planning LLC",
/// "Canada Pension Plan Investment Board", "New York State Common
/// Retirement Fund"), but not before the object of a headline's verb
/// ("Acme Advisors LLC Lifts Holdings in ...").
fn inner_name_word(doc: &Doc<'_>, i: usize) -> bool {
    let Some(token) = doc.tokens.get(i) else {
        return false;
    };
    if !token.is_word() || !token.is_capitalized(doc.text()) || !name_word(doc, i + 1) {
        return false;
    }
    let mut buffer = [0u8; 16];
    match doc.lower(i, &mut buffer) {
        // "Acquires New Investment in ...", "Lifts New Holdings".
        Some("new") => !doc.is_any(
            i + 1,
            &[
                "holdings",
                "holding",
                "interest",
                "investment",
                "investments",
            ],
        ),
        Some(w) => matches!(w, "plan" | "planning" | "trust" | "group" | "state"),
        None => false,
    }
}

/// Whether the word at `i` carries the period right after it: "Co.",
/// "Inc." and initials ("J.") do; a sentence's full stop after
/// "Securities." is no part of a name.
fn carries_period(doc: &Doc<'_>, i: usize) -> bool {
    doc.is_punct(i + 1, '.')
        && doc.tokens[i + 1].start == doc.tokens[i].end
        && (doc.tok(i).len() <= 4 || monazite_pack::names::is_legal_suffix(doc.tok(i)))
}

/// Extends a name run from token `i` to the right: the index one past its
/// last token.
///
/// `known_ends` are the tokens one past the companies and organisations the
/// pack knows, sorted: an "and" after one of them joins two names.
fn run_end(doc: &Doc<'_>, start: usize, limit: usize, known_ends: &[usize]) -> usize {
    let mut end = start;
    let mut i = start;
    while i < limit {
        if i > start && doc.tokens[i].newline_before {
            break;
        }
        if name_word(doc, i) || inner_name_word(doc, i) {
            i += 1;
            end = i;
            if carries_period(doc, i - 1) {
                i += 1;
                end = i;
            }
            continue;
        }
        // "Franklin Resources, Inc.": a comma before a legal suffix.
        if doc.is_punct(i, ',') && grammar::legal_suffix_at(doc, i + 1) && name_word(doc, i + 1) {
            i += 1;
            continue;
        }
        let joiner = doc.is_any(i, NAME_JOINERS) || doc.is_punct(i, '&');
        // "UBS and BMO Capital": two names, not one, when a known one ends
        // before the "and".
        let joins_two = doc.is_any(i, &["and", "&"]) && known_ends.binary_search(&i).is_ok();
        if joiner && !joins_two && i > start && name_word(doc, i + 1) {
            i += 1;
            continue;
        }
        break;
    }
    end
}

fn organizations(doc: &Doc<'_>, mentions: &[Mention], out: &mut Vec<Name>) {
    let heads = &doc.pack.organization_heads;
    let mut known_ends: Vec<usize> = mentions
        .iter()
        .filter(|m| {
            matches!(
                m.entity,
                Entity::Company { .. } | Entity::Organization { .. }
            )
        })
        .map(|m| doc.token_until(m.span.end))
        .collect();
    known_ends.sort_unstable();
    for s in 0..doc.sentences.len() as u32 {
        let range = doc.sentence_tokens(s);
        let mut i = range.start;
        while i < range.end {
            // "1832 Asset Management L.P.": a firm's name may open with a number.
            // "$815,000 Investment" is a sum, not a firm.
            let number_opens = doc.tokens[i].kind == crate::text::TokenKind::Number
                && !(i > 0 && doc.is_punct(i - 1, '$'))
                && !doc.tok(i).contains([',', '.'])
                && name_word(doc, i + 1);
            let starts_run = (name_word(doc, i) || inner_name_word(doc, i) || number_opens)
                && !(i > range.start && !doc.tokens[i].newline_before && name_word(doc, i - 1));
            if !starts_run {
                i += 1;
                continue;
            }
            let end = if number_opens {
                run_end(doc, i + 1, range.end, &known_ends)
            } else {
                run_end(doc, i, range.end, &known_ends)
            };
            // The run's last head word ends the name.
            let mut buffer = [0u8; 16];
            let last_head = (i..end).rev().find_map(|k| {
                let lower = doc.lower(k, &mut buffer)?;
                heads
                    .get(lower.trim_end_matches('.'))
                    .map(|kind| (k, *kind))
            });
            // "Dodge & Cox", "Fayez Sarofim & Co": capitalised names joined
            // by "&" make a firm's name, with no head word.
            let ampersand = (i + 1..end.saturating_sub(1)).find(|&k| doc.is_punct(k, '&'));
            let last_head =
                last_head.or_else(|| ampersand.map(|_| (end - 1, PartyKind::Organization)));
            if let Some((head, kind)) = last_head {
                let mut first = i;
                // A leading "The" is no part of the name.
                if doc.is(first, "the") {
                    first += 1;
                }
                let named_words = usize::from(number_opens)
                    + (first..head)
                        .filter(|&k| doc.is_word(k) && doc.tokens[k].is_capitalized(doc.text()))
                        .filter(|&k| {
                            let mut b = [0u8; 16];
                            doc.lower(k, &mut b).is_none_or(|w| !heads.contains_key(w))
                        })
                        .count();
                let mut last = head;
                if carries_period(doc, head) {
                    last = head + 1;
                }
                // "National Bank of Canada FI", "Bank of Nova Scotia": a
                // head with its "of" runs to the end of the name.
                let of_a_place = doc.is(head + 1, "of") && head + 2 < end;
                if of_a_place {
                    last = end - 1;
                }
                // A name of ordinary words ("Strategic Mineral Investments"
                // heading a bullet) needs a legal suffix to be a name.
                let core =
                    &doc.text()[doc.tokens[first].start as usize..doc.tokens[head].start as usize];
                let legal = monazite_pack::names::is_legal_suffix(doc.tok(head));
                let ordinary = crate::mentions::made_of_common_words(core) && !legal && !of_a_place;
                if named_words > 0 && first < head && !ordinary {
                    let span = Span::new(
                        doc.tokens[first].start as usize,
                        doc.tokens[last].end as usize,
                    );
                    if let Some(name) = organization(doc, mentions, span, kind) {
                        out.push(name);
                    }
                }
            }
            i = end.max(i + 1);
        }
    }
}

/// The organisation a name makes, unless a mention at its start already
/// names it (a listed company, a known organisation).
///
/// A known organisation of another kind that only opens the name
/// ("Congress" in "Congress Asset Management Co.") does not: the firm is
/// named for it.
fn organization(doc: &Doc<'_>, mentions: &[Mention], span: Span, kind: PartyKind) -> Option<Name> {
    let starts_with_known = mentions.iter().any(|m| {
        m.span.start == span.start
            && match m.entity {
                // "The Southern Company Foundation" gives on its own account.
                Entity::Company { .. } => {
                    !opens_another_firm(doc, m, span) && !names_a_foundation(doc, span)
                }
                Entity::Person { .. } | Entity::Index { .. } => true,
                Entity::Organization { .. } => {
                    m.span.end >= span.end || kind == PartyKind::Organization
                }
                _ => false,
            }
    });
    if starts_with_known {
        return None;
    }
    let name = doc.text()[span.start..span.end].to_string();
    // A name of a listed company ("Daiwa Securities") is that company.
    if let Some(id) = doc.pack.company_by_name(&name) {
        let ticker = doc.pack.companies[id as usize].ticker.clone();
        let kind = if kind == PartyKind::Organization {
            PartyKind::Company
        } else {
            kind
        };
        let party = Party::Company(ticker);
        let readings = if kind == PartyKind::Company {
            vec![(party, kind)]
        } else {
            // "Daiwa Securities" rates and holds as a broker, and is a
            // listed company too.
            vec![(party.clone(), kind), (party, PartyKind::Company)]
        };
        return Some(Name { span, readings });
    }
    Some(Name {
        span,
        readings: vec![(Party::Organization(name), kind)],
    })
}

/// Whether a one-word listed name only opens the name of another firm:
/// "Orion" in "Orion Portfolio Solutions LLC" has words of its own before
/// the head, where "Lazard" in "Lazard Asset Management LLC" has only
/// head words after it, and "Viking" (a cruise line) in "Viking Fund
/// Management LLC" finance words it does not do.
fn opens_another_firm(doc: &Doc<'_>, m: &Mention, name: Span) -> bool {
    let first = doc.token_from(m.span.start);
    let after = doc.token_until(m.span.end);
    if m.evidence != Evidence::ListedName || after != first + 1 {
        return false;
    }
    // "Viking Fund Management LLC": a cruise line runs no fund; a listed
    // company outside finance before finance words opens another firm.
    let finance_company = match &m.entity {
        Entity::Company {
            ticker, company, ..
        } => super::parties::finance_company(doc.pack, ticker, Some(*company)),
        _ => true,
    };
    let finance_words = (after..doc.token_until(name.end)).any(|k| {
        doc.pack
            .finance_heads
            .contains(&doc.tok(k).to_ascii_lowercase())
    });
    if !finance_company && finance_words {
        return true;
    }
    let heads = &doc.pack.organization_heads;
    (after..doc.token_until(name.end)).any(|k| {
        let mut buffer = [0u8; 16];
        doc.is_word(k)
            && doc.tokens[k].is_capitalized(doc.text())
            && doc
                .lower(k, &mut buffer)
                .is_some_and(|w| !heads.contains_key(w.trim_end_matches('.')))
            && !monazite_pack::names::is_legal_suffix(doc.tok(k))
            && !doc
                .pack
                .finance_heads
                .contains(&doc.tok(k).to_ascii_lowercase())
    })
}

/// Whether the name of `span` ends in "Foundation": a company's charity.
fn names_a_foundation(doc: &Doc<'_>, span: Span) -> bool {
    let last = doc.token_until(span.end).saturating_sub(1);
    doc.is_any(last, &["foundation", "foundations"])
}

/// Company mentions that only open the name of another firm ("Orion" in
/// "Orion Portfolio Solutions LLC"): the firm is not that company; nor is
/// a person's surname ("Kirby" in "CEO J. Scott Kirby").
pub(crate) fn inside_other_firms(mentions: &[Mention], names: &[Name]) -> Vec<usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.entity, Entity::Company { .. }))
        .filter(|(_, m)| {
            names.iter().any(|n| {
                n.span.start <= m.span.start
                    && m.span.end <= n.span.end
                    && n.span != m.span
                    && matches!(
                        n.readings.first(),
                        Some((Party::Organization(_) | Party::Person(_), _))
                    )
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn people(doc: &Doc<'_>, mentions: &[Mention], out: &mut Vec<Name>) {
    let titles = &doc.pack.titles;
    // A listed company inside the name is the person's surname ("CEO J.
    // Scott Kirby", "John H. Tyson, Chairman of the Board"): it does not
    // make the name known.
    let known = |start: usize, end: usize| {
        mentions.iter().any(|m| {
            let surname = matches!(m.entity, Entity::Company { .. })
                && start < m.span.start
                && m.span.end <= end;
            m.span.start < end && start < m.span.end && !surname
        })
    };
    let push = |first: usize, end: usize, out: &mut Vec<Name>| {
        let (start, stop) = (
            doc.tokens[first].start as usize,
            doc.tokens[end - 1].end as usize,
        );
        let words = (first..end).filter(|&k| doc.is_word(k)).count();
        if words < 1
            || known(start, stop)
            || out
                .iter()
                .any(|n: &Name| n.span.start < stop && start < n.span.end)
        {
            return;
        }
        let name = doc.text()[start..stop].to_string();
        out.push(Name {
            span: Span::new(start, stop),
            readings: vec![(Party::Person(name), PartyKind::Person)],
        });
    };
    for s in 0..doc.sentences.len() as u32 {
        let range = doc.sentence_tokens(s);
        for i in range.clone() {
            // "director Jane Doe", "CFO Robert P. Fishman", "Rep. John Doe".
            let mut buffer = [0u8; 16];
            let title_end = title_at(doc, i, titles).or_else(|| {
                let lower = doc.lower(i, &mut buffer)?;
                HONORIFICS.contains(&lower).then(|| {
                    if doc.is_punct(i + 1, '.') {
                        i + 2
                    } else {
                        i + 1
                    }
                })
            });
            if let Some(after) = title_end {
                let end = person_end(doc, after, range.end);
                if end > after + 1 || (end == after + 1 && surname_alone(doc, after)) {
                    push(after, end, out);
                }
            }
            // "Jane Doe, a director of", "Jane Doe, the company's CFO".
            if doc.is_punct(i, ',') && i > range.start {
                let mut k = i + 1;
                while doc.is_any(
                    k,
                    &[
                        "a", "an", "the", "its", "their", "who", "is", "was", "senior", "former",
                        "interim", "acting", "chief",
                    ],
                ) {
                    k += 1;
                }
                if k > i + 1 && doc.is_punct(k + 1, '\'') {
                    k += 3;
                }
                let title = title_at(doc, k, titles).is_some()
                    || title_at(doc, k.saturating_sub(1), titles).is_some();
                if title {
                    let mut first = i;
                    while first > range.start && person_word(doc, first - 1) {
                        first -= 1;
                    }
                    if i - first >= 2 && i - first <= 4 {
                        push(first, i, out);
                    }
                }
            }
        }
    }
}

/// The end of a title that starts at token `i` (longest match), if any.
fn title_at(doc: &Doc<'_>, i: usize, titles: &rustc_hash::FxHashSet<String>) -> Option<usize> {
    let mut buffer = [0u8; 16];
    if !doc
        .lower(i, &mut buffer)
        .is_some_and(|w| doc.pack.title_first_words.contains(w))
    {
        return None;
    }
    let mut phrase = String::new();
    let mut best = None;
    for k in i..(i + 5).min(doc.tokens.len()) {
        if !doc.is_word(k) && !doc.is_punct(k, '.') && !doc.is_punct(k, '%') {
            break;
        }
        if !phrase.is_empty() && !doc.is_punct(k, '.') {
            phrase.push(' ');
        }
        phrase.push_str(&doc.tok(k).to_ascii_lowercase());
        if titles.contains(&phrase) {
            best = Some(k + 1);
        }
    }
    best
}

/// A capitalised word of a person's name, or an initial ("P.").
fn person_word(doc: &Doc<'_>, i: usize) -> bool {
    let Some(token) = doc.tokens.get(i) else {
        return false;
    };
    if doc.is_punct(i, '.') {
        return i > 0 && doc.tok(i - 1).len() == 1 && token.start == doc.tokens[i - 1].end;
    }
    token.is_word()
        && token.is_capitalized(doc.text())
        && !doc
            .tok(i)
            .chars()
            .all(|c| c.is_ascii_uppercase() && doc.tok(i).len() > 1)
        && name_word(doc, i)
}

/// One past the last token of a person's name starting at `i`: up to four
/// words with initials, and a trailing "Jr." or "III".
fn person_end(doc: &Doc<'_>, i: usize, limit: usize) -> usize {
    let mut end = i;
    let mut words = 0;
    while end < limit && person_word(doc, end) && words < 5 {
        if doc.is_word(end) {
            words += 1;
        }
        end += 1;
    }
    end
}

/// A single capitalised word after a title ("director Rodgers") is a
/// surname when a verb or a possessive follows it.
fn surname_alone(doc: &Doc<'_>, i: usize) -> bool {
    let next = i + 1;
    let mut buffer = [0u8; 16];
    doc.lower(next, &mut buffer)
        .is_some_and(|w| doc.pack.cues.verb(w).is_some())
        || doc.is_punct(next, '\'')
}
