//! Properties of the analysis that must hold for any text: it never
//! panics, every span it reports is a byte range of the text as given on
//! character boundaries, normalisation is idempotent, and the same text
//! gives the same brief.
//!
//! Besides arbitrary strings, the generators mix fragments of financial
//! news (tickers, exchange tags, percents, dates, typographic quotes and
//! dashes, zero-width and case-changing characters, emoji, combining
//! marks), since those are what the matchers and the offset map work hardest on.

use std::sync::LazyLock;

use monazite_analysis::text::Normalized;
use monazite_analysis::{analyze, Analysis, Article, Span};
use monazite_pack::Pack;
use proptest::prelude::*;

/// The bundled pack, compiled once for every case of every property.
static PACK: LazyLock<Pack> =
    LazyLock::new(|| Pack::embedded().expect("the bundled pack compiles"));

/// Pieces of news text, including the characters normalisation rewrites or
/// drops and characters whose case mapping changes their UTF-8 length.
const FRAGMENTS: &[&str] = &[
    "MP",
    "MP Materials",
    "MP MATERİALS",
    "$",
    "$MP",
    "$USAR",
    "(NYSE: ",
    "(NASDAQ: USAR)",
    "(ASX: LYC)",
    "NYSE American: UUUU",
    ")",
    "(",
    "%",
    " percent",
    "U.S.",
    "US",
    "China",
    "China’s",
    "Beijing",
    "Washington",
    "Critical Metals",
    "Lynas Rare Earths",
    "USA Rare Earth",
    "Energy Fuels",
    "rose 20%",
    "fell 4.5%",
    "rallied",
    "slumped",
    "shares",
    "Shares of ",
    "premarket",
    "to $95.57",
    "$10 billion",
    "A$1.65 billion",
    "$110 per kilogram",
    "five additional",
    "90-day",
    "export controls",
    "export ban",
    "tariff of 100%",
    "threatened",
    "will impose",
    "lifted",
    "suspends",
    "said",
    "not",
    "Commerce Ministry",
    "Pentagon",
    "Trump",
    "rare earths",
    "rare earth elements",
    "dysprosium",
    "neodymium",
    "NdPr",
    "gallium",
    "Monday",
    "next November",
    "11/10/2025",
    "2025-11-10",
    "Nov. 10",
    "’",
    "‘",
    "“",
    "”",
    "\"",
    "'",
    "—",
    "–",
    "-",
    "…",
    "...",
    "\u{200B}",
    "\u{FEFF}",
    "\u{00A0}",
    "\u{00AD}",
    "\u{2028}",
    "\u{0085}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    " ",
    "  ",
    ".",
    ",",
    ";",
    ":",
    "?",
    "!",
    "#",
    "## ",
    "* ",
    "- ",
    "> ",
    "|",
    "😀",
    "🇨🇳",
    "👍🏽",
    "e\u{301}",
    "\u{300}",
    "\u{20DD}",
    "ß",
    "ẞ",
    "İ",
    "\u{212A}",
    "\u{2126}",
    "ﬁ",
    "Ⅻ",
    "½",
    "²",
    "٣",
    "０",
    "＄",
    "％",
    "中国",
    "\0",
    "\u{7F}",
];

/// One fragment, a number, or one arbitrary character.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => "[0-9]{1,4}(\\.[0-9]{1,2})?",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text made of news fragments, joined with or without spaces.
fn newsy_text() -> impl Strategy<Value = String> {
    prop::collection::vec((fragment(), any::<bool>()), 0..48).prop_map(|parts| {
        let mut text = String::new();
        for (part, space) in parts {
            text.push_str(&part);
            if space {
                text.push(' ');
            }
        }
        text
    })
}

const SUBJECTS: &[&str] = &[
    "Shares of MP Materials (NYSE: MP)",
    "MP",
    "$USAR",
    "Lynas Rare Earths (ASX: LYC)",
    "Critical Metals Corp (NASDAQ: CRML)",
    "Energy Fuels",
    "China’s Commerce Ministry",
    "Beijing",
    "The U.S. Commerce Department",
    "President Trump",
    "The Pentagon",
];

const VERBS: &[&str] = &[
    "rallied",
    "rose",
    "fell",
    "slumped",
    "jumped",
    "added",
    "threatened",
    "imposed",
    "lifted",
    "announced",
    "will suspend",
    "said it would expand",
];

const OBJECTS: &[&str] = &[
    "on Monday",
    "in premarket trading",
    "five rare earth elements to its export control list",
    "a 100% tariff on Chinese imports from Nov. 1",
    "export controls on gallium and germanium",
    "a $400 million investment in MP Materials",
    "its ban on exports of antimony to the United States",
    "a price floor of $110 per kilogram for NdPr",
    "to $95.57",
    "a 90-day pause",
];

const JOINS: &[&str] = &[". ", " after ", " — ", ", while ", ".\n\n", "; ", "… "];

/// Sentences built from news slots, so that mentions, moves and events are
/// actually found, with noise fragments inserted at random places.
fn templated_text() -> impl Strategy<Value = String> {
    let clause = (
        prop::sample::select(SUBJECTS),
        prop::sample::select(VERBS),
        prop::option::of(1u32..300),
        prop::sample::select(OBJECTS),
        prop::sample::select(JOINS),
    )
        .prop_map(|(subject, verb, pct, object, join)| {
            let pct = pct.map_or(String::new(), |p| format!(" {p}%"));
            format!("{subject} {verb}{pct} {object}{join}")
        });
    (
        prop::collection::vec(clause, 1..6),
        prop::collection::vec((any::<prop::sample::Index>(), fragment()), 0..6),
    )
        .prop_map(|(clauses, noise)| {
            let mut text = clauses.concat();
            for (at, piece) in noise {
                let boundaries: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(text.len()))
                    .collect();
                text.insert_str(*at.get(&boundaries), &piece);
            }
            text
        })
}

/// Arbitrary strings (any scalar values, controls included), newsy text and
/// templated sentences.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..160).prop_map(|c| c.into_iter().collect()),
        3 => newsy_text(),
        3 => templated_text(),
    ]
}

/// A publication date, sometimes.
fn published() -> impl Strategy<Value = Option<jiff::civil::Date>> {
    prop::option::of(
        (1900i16..2100, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| jiff::civil::Date::new(y, m, d).expect("a valid calendar date")),
    )
}

fn run(text: &str, date: Option<jiff::civil::Date>) -> Analysis {
    let mut article = Article::new(text);
    article.published = date;
    analyze(&PACK, &article)
}

/// Every span of the analysis, named by where it comes from.
fn all_spans(analysis: &Analysis) -> Vec<(String, Span)> {
    let brief = &analysis.brief;
    let mut spans = Vec::new();
    if let Some(title) = brief.title {
        spans.push(("title".to_string(), title));
    }
    for (i, m) in brief.mentions.iter().enumerate() {
        spans.push((format!("mentions[{i}] {:?}", m.entity), m.span));
    }
    for (i, q) in brief.quantities.iter().enumerate() {
        spans.push((format!("quantities[{i}] {:?}", q.kind), q.span));
    }
    for (i, m) in brief.price_moves.iter().enumerate() {
        spans.push((format!("price_moves[{i}] {}", m.ticker), m.span));
    }
    for (i, e) in brief.events.iter().enumerate() {
        spans.push((format!("events[{i}].trigger {}", e.kind), e.trigger));
        spans.push((
            format!("events[{i}].sentence_span {}", e.kind),
            e.sentence_span,
        ));
        if let Some(s) = e.actor_span {
            spans.push((format!("events[{i}].actor_span {}", e.kind), s));
        }
        if let Some(s) = e.status_span {
            spans.push((format!("events[{i}].status_span {}", e.kind), s));
        }
    }
    for (i, s) in brief.sentences.iter().enumerate() {
        spans.push((format!("sentences[{i}]"), s.span));
    }
    for (i, s) in brief.summary.iter().enumerate() {
        spans.push((format!("summary[{i}]"), *s));
    }
    for c in &brief.categories {
        for (i, s) in c.cues.iter().enumerate() {
            spans.push((format!("categories[{}].cues[{i}]", c.id), *s));
        }
    }
    for (i, d) in analysis.diagnostics.iter().enumerate() {
        if let Some(s) = d.span {
            spans.push((format!("diagnostics[{i}]"), s));
        }
    }
    spans
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn analyze_never_panics(text in any_text(), date in published()) {
        let _ = run(&text, date);
    }

    #[test]
    fn every_span_is_a_char_range_of_the_text(text in any_text(), date in published()) {
        let analysis = run(&text, date);
        for (at, span) in all_spans(&analysis) {
            prop_assert!(
                span.start <= span.end && span.end <= text.len(),
                "{at}: span {}..{} out of order or past the end ({} bytes) of {text:?}",
                span.start, span.end, text.len()
            );
            prop_assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{at}: span {}..{} is not on character boundaries of {text:?}",
                span.start, span.end
            );
        }
        for (i, &k) in analysis.brief.key_numbers.iter().enumerate() {
            prop_assert!(
                k < analysis.brief.quantities.len(),
                "key_numbers[{i}] = {k} but there are {} quantities in {text:?}",
                analysis.brief.quantities.len()
            );
        }
    }

    #[test]
    fn normalisation_is_idempotent(text in any_text()) {
        let once = Normalized::new(&text);
        let twice = Normalized::new(once.as_str());
        prop_assert_eq!(twice.as_str(), once.as_str());
    }

    #[test]
    fn normalised_spans_map_back_inside_the_text(text in any_text()) {
        let n = Normalized::new(&text);
        let (start, end) = n.original_span(0, n.as_str().len());
        prop_assert!(start <= end && end <= text.len());
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }

    #[test]
    fn analysis_is_deterministic(text in any_text(), date in published()) {
        let first = run(&text, date);
        let second = run(&text, date);
        prop_assert_eq!(&first.brief, &second.brief);
        prop_assert_eq!(&first.diagnostics, &second.diagnostics);
    }
}
