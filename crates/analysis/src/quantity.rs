//! Quantities: percents, money with scale, prices per unit, counts in words,
//! durations and dates (relative ones resolved against publication).

use jiff::civil::Date;
use monazite_types::english::{self, parse_number};

use crate::brief::{Quantity, QuantityKind, Span};
use crate::doc::Doc;
use crate::text::TokenKind;

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("dozens", 24.0),
    ("several", 3.0),
];

const UNITS: &[&str] = &[
    "kilogram", "kg", "tonne", "tonnes", "ton", "tons", "pound", "lb", "ounce", "oz", "share",
    "metric",
];

const QUALIFIERS: &[&[&str]] = &[
    &["more", "than"],
    &["less", "than"],
    &["up", "to"],
    &["as", "much", "as"],
    &["as", "high", "as"],
    &["at", "least"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["roughly"],
    &["approximately"],
    &["some"],
    &["over"],
    &["above"],
    &["under"],
    &["just"],
];

/// The qualifier ending right before token `i`, and where it starts.
fn qualifier_before(doc: &Doc<'_>, i: usize) -> Option<(String, usize)> {
    for words in QUALIFIERS {
        let n = words.len();
        if i < n {
            continue;
        }
        if words.iter().enumerate().all(|(k, w)| doc.is(i - n + k, w)) {
            return Some((words.join(" "), i - n));
        }
    }
    None
}

/// Finds every quantity in the document.
pub(crate) fn find(doc: &Doc<'_>, published: Option<Date>) -> Vec<Quantity> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        let consumed = money(doc, i, &mut out)
            .or_else(|| percent(doc, i, &mut out))
            .or_else(|| date(doc, i, published, &mut out))
            .or_else(|| {
                let value = number_at(doc, i)?;
                duration(doc, i, value, &mut out).or_else(|| count(doc, i, value, &mut out))
            });
        i += consumed.unwrap_or(1);
    }
    out
}

fn push(doc: &Doc<'_>, out: &mut Vec<Quantity>, first: usize, last: usize, kind: QuantityKind) {
    let qualifier = qualifier_before(doc, first);
    let start = doc.tokens[first].start as usize;
    out.push(Quantity {
        span: Span::new(start, doc.tokens[last].end as usize),
        kind,
        qualifier: qualifier.map(|(q, _)| q),
        sentence: doc.sentence_at(start),
    });
}

/// "25%", "25 percent", "25 per cent", "60-70%".
fn percent(doc: &Doc<'_>, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
    if doc.tokens[i].kind != TokenKind::Number {
        return None;
    }
    let value = parse_number(doc.tok(i))?;
    let last = if doc.is_punct(i + 1, '%') || doc.is_any(i + 1, &["percent", "pct"]) {
        i + 1
    } else if doc.is(i + 1, "per") && doc.is(i + 2, "cent") {
        i + 2
    } else if doc.is_punct(i + 1, '-')
        && doc
            .tokens
            .get(i + 2)
            .is_some_and(|t| t.kind == TokenKind::Number)
        && doc.is_punct(i + 3, '%')
    {
        // A range: both ends are percents.
        push(doc, out, i, i, QuantityKind::Percent { value });
        return Some(2);
    } else {
        return None;
    };
    push(doc, out, i, last, QuantityKind::Percent { value });
    Some(last + 1 - i)
}

/// Currency marker at token `i`: "$", "US$", "A$", "€", "£", "¥", "EUR", "USD".
fn currency_at(doc: &Doc<'_>, i: usize) -> Option<(String, usize)> {
    let t = doc.tok(i);
    let symbol = match t {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "CNY",
        _ => {
            let code = [
                "USD", "EUR", "GBP", "AUD", "CAD", "CNY", "RMB", "JPY", "HKD",
            ]
            .iter()
            .find(|c| t == **c)?;
            return Some((code.to_string(), 1));
        }
    };
    // "US$", "A$", "C$", "HK$": a prefix word glued to the dollar sign.
    if symbol == "USD" && i > 0 && doc.tokens[i - 1].end == doc.tokens[i].start {
        let prefix = doc.tok(i - 1);
        let code = match prefix {
            "US" => Some("USD"),
            "A" | "AU" => Some("AUD"),
            "C" | "CA" => Some("CAD"),
            "HK" => Some("HKD"),
            _ => None,
        };
        if let Some(code) = code {
            return Some((code.to_string(), 1));
        }
    }
    Some((symbol.to_string(), 1))
}

/// "$10 billion", "$1bn", "EUR 205.5 mn", "$110 per kilogram", "$95.57".
fn money(doc: &Doc<'_>, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
    let (currency, width) = currency_at(doc, i)?;
    let number_at = i + width;
    if doc.tokens.get(number_at)?.kind != TokenKind::Number {
        return None;
    }
    let mut value = parse_number(doc.tok(number_at))?;
    let mut last = number_at;
    if let Some(scale) = english::scale(doc.tok(last + 1)) {
        // "m" and "b" count only when glued: "$10m", not "$10 m".
        let glued = doc.tokens[last + 1].start == doc.tokens[last].end;
        if doc.tok(last + 1).len() > 1 || glued {
            value *= scale;
            last += 1;
        }
    }
    // Price per unit: "$110 per kilogram", "$110/kg", "$110 a tonne".
    let per_unit = (doc.is_any(last + 1, &["per", "a"]) || doc.is_punct(last + 1, '/'))
        && doc.is_any(last + 2, UNITS);
    let unit = if per_unit {
        last += 2;
        Some(doc.tok(last).to_ascii_lowercase())
    } else {
        None
    };
    let first = if i > 0
        && doc.tokens[i - 1].end == doc.tokens[i].start
        && doc.tokens[i - 1].is_word()
        && doc.tok(i - 1).len() <= 2
    {
        i - 1
    } else {
        i
    };
    let kind = match unit {
        Some(unit) => QuantityKind::Price {
            value,
            currency,
            unit: Some(unit),
        },
        None => QuantityKind::Money { value, currency },
    };
    push(doc, out, first, last, kind);
    Some(last + 1 - i)
}

/// The number at token `i`, as digits or a word.
fn number_at(doc: &Doc<'_>, i: usize) -> Option<f64> {
    let t = doc.tokens.get(i)?;
    match t.kind {
        TokenKind::Number => parse_number(doc.tok(i)),
        // Number words are 3 to 9 letters and start with one of these
        // ("a" and "an" count only inside phrases that ask for them).
        TokenKind::Word
            if (3..=9).contains(&(t.end - t.start))
                && matches!(
                    doc.text().as_bytes()[t.start as usize].to_ascii_lowercase(),
                    b'd' | b'e' | b'f' | b'h' | b'n' | b'o' | b's' | b't'
                ) =>
        {
            let mut buffer = [0u8; 16];
            let word = doc.lower(i, &mut buffer)?;
            NUMBER_WORDS
                .iter()
                .find(|(w, _)| *w == word)
                .map(|(_, v)| *v)
        }
        TokenKind::Word => None,
        TokenKind::Punct => None,
    }
}

/// "90-day", "one-year", "six months".
fn duration(doc: &Doc<'_>, i: usize, value: f64, out: &mut Vec<Quantity>) -> Option<usize> {
    let (unit_at, last) = if doc.is_punct(i + 1, '-') {
        (i + 2, i + 2)
    } else {
        (i + 1, i + 1)
    };
    let days = match doc.tok(unit_at).to_ascii_lowercase().as_str() {
        "day" | "days" => 1.0,
        "week" | "weeks" => 7.0,
        "month" | "months" => 30.0,
        "year" | "years" => 365.0,
        _ => return None,
    };
    push(
        doc,
        out,
        i,
        last,
        QuantityKind::Duration { days: value * days },
    );
    Some(last + 1 - i)
}

/// Adjectives allowed between a number and the counted noun.
const COUNT_MODIFIERS: &[&str] = &[
    "additional",
    "new",
    "more",
    "other",
    "further",
    "key",
    "major",
    "critical",
    "rare",
    "earth",
    "heavy",
    "light",
    "strategic",
    "of",
    "the",
    "its",
    "domestic",
    "foreign",
    "chinese",
    "american",
    "u.s.",
    "us",
    "big",
    "large",
    "small",
    "mining",
    "refining",
    "technologies",
];

/// "five additional rare earth elements", "10 new minerals", "dozens of technologies".
fn count(doc: &Doc<'_>, i: usize, value: f64, out: &mut Vec<Quantity>) -> Option<usize> {
    if doc.tokens[i].kind == TokenKind::Number {
        // Years and numbers glued to units are not counts.
        let t = doc.tok(i);
        if t.len() == 4 && (1900.0..2100.0).contains(&value) {
            return None;
        }
    }
    let mut j = i + 1;
    while j < doc.tokens.len() && j <= i + 5 && doc.is_any(j, COUNT_MODIFIERS) {
        j += 1;
    }
    // "five more" stands alone as a count of the thing already named.
    let noun = doc.tok(j);
    let plural_noun = doc.is_word(j)
        && noun.len() > 3
        && noun.ends_with('s')
        && noun.chars().all(char::is_lowercase);
    let last = if plural_noun {
        j
    } else if j > i + 1 && doc.is(j - 1, "more") {
        j - 1
    } else {
        return None;
    };
    let what =
        doc.text()[doc.tokens[i + 1].start as usize..doc.tokens[last].end as usize].to_string();
    push(doc, out, i, last, QuantityKind::Count { value, what });
    Some(last + 1 - i)
}

/// "November 1", "Nov. 1, 2025", "1 November 2025", "11/10/2025",
/// "2025-11-10", "Monday".
fn date(
    doc: &Doc<'_>,
    i: usize,
    published: Option<Date>,
    out: &mut Vec<Quantity>,
) -> Option<usize> {
    if let Some((date, last)) = absolute_date(doc, i, published) {
        push(
            doc,
            out,
            i,
            last,
            QuantityKind::Date {
                date,
                relative: false,
            },
        );
        return Some(last + 1 - i);
    }
    let word = doc.tok(i);
    let weekday = english::weekday(word).filter(|_| word.starts_with(char::is_uppercase))?;
    let date = published.and_then(|p| english::most_recent(p, weekday));
    push(
        doc,
        out,
        i,
        i,
        QuantityKind::Date {
            date,
            relative: true,
        },
    );
    Some(1)
}

/// Parses an absolute date starting at token `i`.
pub(crate) fn absolute_date(
    doc: &Doc<'_>,
    i: usize,
    published: Option<Date>,
) -> Option<(Option<Date>, usize)> {
    // Dates start with a number or a capitalised month.
    let first = doc.tokens.get(i)?;
    if first.kind == TokenKind::Punct
        || (first.kind == TokenKind::Word && !first.is_capitalized(doc.text()))
    {
        return None;
    }
    let number = |k: usize| -> Option<i64> {
        (doc.tokens.get(k)?.kind == TokenKind::Number)
            .then(|| doc.tok(k).parse().ok())
            .flatten()
    };
    // ISO: 2025-11-10.
    if let (Some(y), true, Some(m), true, Some(d)) = (
        number(i),
        doc.is_punct(i + 1, '-'),
        number(i + 2),
        doc.is_punct(i + 3, '-'),
        number(i + 4),
    ) {
        if doc.tok(i).len() == 4 {
            return Some((Date::new(y as i16, m as i8, d as i8).ok(), i + 4));
        }
    }
    // US numeric: 11/10/2025.
    if let (Some(m), true, Some(d), true, Some(y)) = (
        number(i),
        doc.is_punct(i + 1, '/'),
        number(i + 2),
        doc.is_punct(i + 3, '/'),
        number(i + 4),
    ) {
        let y = if y < 100 { 2000 + y } else { y };
        return Some((Date::new(y as i16, m as i8, d as i8).ok(), i + 4));
    }
    // Month day[, year]: "November 1", "Nov. 1, 2025".
    if doc.tokens.get(i)?.is_capitalized(doc.text()) {
        if let Some(month) = english::month(doc.tok(i)) {
            let mut k = i + 1;
            if doc.is_punct(k, '.') {
                k += 1;
            }
            if let Some(day) = number(k).filter(|d| (1..=31).contains(d)) {
                let mut last = k;
                let year = if doc.is_punct(k + 1, ',') && number(k + 2).is_some_and(|y| y > 1900) {
                    last = k + 2;
                    number(k + 2)
                } else if number(k + 1).is_some_and(|y| y > 1900) {
                    last = k + 1;
                    number(k + 1)
                } else {
                    published.map(|p| i64::from(p.year()))
                };
                let date = year.and_then(|y| Date::new(y as i16, month, day as i8).ok());
                return Some((date, last));
            }
        }
    }
    // Day Month [year]: "1 November 2025".
    if let Some(day) = number(i).filter(|d| (1..=31).contains(d)) {
        if doc.tokens.get(i + 1)?.is_capitalized(doc.text()) {
            if let Some(month) = english::month(doc.tok(i + 1)) {
                let (year, last) = match number(i + 2).filter(|y| *y > 1900) {
                    Some(y) => (Some(y), i + 2),
                    None => (published.map(|p| i64::from(p.year())), i + 1),
                };
                let date = year.and_then(|y| Date::new(y as i16, month, day as i8).ok());
                return Some((date, last));
            }
        }
    }
    None
}

/// A publication date stated near the top: "Published: 11/10/2025",
/// "November 10, 2025", "2025-11-10". Without a publication date to lean
/// on, only dates that state their year resolve, which is what we want.
pub(crate) fn find_dateline(doc: &Doc<'_>) -> Option<Date> {
    let limit = doc.tokens.len().min(120);
    (0..limit).find_map(|i| absolute_date(doc, i, None).and_then(|(date, _)| date))
}
