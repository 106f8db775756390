//! The English the stages share: voice, auxiliaries, clause edges, the
//! words that stand between a verb and its object, prepositions. Knowledge (which words name which events) is in the pack; this
//! module holds only how English marks roles.

use monazite_pack::events::VerbForms;
use monazite_pack::lexicon::VerbForm;

use crate::doc::Doc;

/// Forms of "be" and "get" that make a following participle passive.
const PASSIVE_AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "get", "gets", "got", "gotten",
    "getting", "becomes", "became",
];

/// Forms of "have" that make a following participle a perfect.
const PERFECT_AUXILIARIES: &[&str] = &["has", "have", "had", "having", "'ve"];

/// Words that may stand inside a verb group ("has also raised", "was
/// recently downgraded", "will not be").
pub(crate) const VERB_GROUP_FILLERS: &[&str] = &[
    "also",
    "now",
    "just",
    "recently",
    "already",
    "reportedly",
    "officially",
    "formally",
    "quietly",
    "again",
    "finally",
    "previously",
    "then",
    "further",
    "since",
    "significantly",
    "sharply",
    "not",
    "never",
    "newly",
    "jointly",
    "still",
    "initially",
    "effectively",
    "being",
    "been",
    "partially",
    "fully",
    "slightly",
    "substantially",
    "modestly",
    "materially",
];

/// Words that may stand between a verb and its object noun ("boosts its
/// stake", "sold 150,000 shares", "made a new $2.6 million investment").
const OBJECT_FILLERS: &[&str] = &[
    "a",
    "an",
    "the",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "that",
    "these",
    "those",
    "new",
    "additional",
    "further",
    "fresh",
    "more",
    "another",
    "some",
    "all",
    "total",
    "entire",
    "existing",
    "remaining",
    "first",
    "initial",
    "small",
    "large",
    "significant",
    "substantial",
    "personal",
    "direct",
    "indirect",
    "considerable",
    "modest",
    "controlling",
    "sizable",
    "sizeable",
    "major",
    "minority",
    "majority",
    "strategic",
    "equity",
    "direct",
    "stock",
    "share",
    "position",
    "common",
    "ordinary",
    "preferred",
    "quarterly",
    "annual",
    "full-year",
    "fiscal",
    "special",
    "regular",
    "interim",
    "final",
    "cash",
    "stake",
    "holding",
    "holdings",
    "combined",
    "overall",
    "roughly",
    "about",
    "approximately",
    "nearly",
    "almost",
    "over",
    "more",
    "than",
    "of",
    "worth",
    "its",
    "weighted",
    "per",
    "shares",
    "outlook",
    "price",
    "target",
    "rating",
    "million",
    "billion",
    "thousand",
    "bn",
    "mn",
    "m",
    "k",
    "us",
    "usd",
    "to",
    "from",
    "by",
    "second",
    "third",
    "fourth",
    "quarter",
    "q1",
    "q2",
    "q3",
    "q4",
    "year",
    "monthly",
    "dividend",
    "company",
    "company's",
    "firm's",
    "own",
    "record",
    "senior",
    "unsecured",
    "secured",
    "convertible",
    "public",
    "upsized",
    "underwritten",
    "proposed",
    "previously",
    "announced",
    "expanded",
    "increased",
    "raised",
    "fourth-quarter",
    "third-quarter",
    "second-quarter",
    "first-quarter",
    "revenue",
    "sales",
    "guidance",
    "earnings",
    "consensus",
    "analysts",
    "analyst",
    "wall",
    "street",
    "street's",
    "market",
    "multi-year",
    "multiyear",
    "long-term",
    "up",
    "down",
    "in",
    "on",
];

/// Conjunctions that open a subordinate clause after a comma ("..., while
/// other investors increased their stakes"): the clause names its own
/// subject.
pub(crate) const SUBORDINATORS: &[&str] = &[
    "while", "whereas", "although", "though", "when", "as", "after", "before", "because", "since",
];

/// Openers of relative clauses: a party after one of these, or inside the
/// clause it opens, is not the subject of the main verb.
pub(crate) const RELATIVES: &[&str] = &["which", "who", "whom", "whose", "that", "where"];

/// Whether a verb trigger at token `v` is passive: a participle after a
/// form of "be" or "get" ("was downgraded", "has been acquired"); a
/// participle-only form with no "have" before it ("given a new target");
/// or a form that may be a participle followed by an agent ("price target
/// raised to $109 by Acme", "Shares Sold by Acme LLC"), which `agent_after`
/// tells.
pub(crate) fn is_passive(doc: &Doc<'_>, v: usize, forms: VerbForms, agent_after: bool) -> bool {
    if !forms.contains(VerbForm::Participle) {
        return false;
    }
    let before = auxiliary_before(doc, v);
    if before.is_some_and(|a| doc.is_any(a, PASSIVE_AUXILIARIES)) {
        return true;
    }
    if before.is_some_and(|a| doc.is_any(a, PERFECT_AUXILIARIES)) {
        return false;
    }
    let participle_only = !forms.contains(VerbForm::Past);
    participle_only || agent_after || headline_participle(doc, v)
}

/// Whether sentence `s` is a headline: in title case, or the document's
/// first line with no full stop ("Lockheed Martin awarded $1.14 billion
/// contract for F-35 jets").
pub(crate) fn is_headline(doc: &Doc<'_>, s: u32) -> bool {
    if crate::mentions::is_title_case(doc, s) {
        return true;
    }
    let tokens = doc.sentence_tokens(s);
    s == 0
        && !tokens.is_empty()
        && !doc.is_punct(tokens.end - 1, '.')
        && doc.tokens.get(tokens.end).is_none_or(|t| t.newline_before)
}

/// Nouns of worry: an act named after one of them and a preposition is a
/// risk weighed, not an act reported ("a threat to" is the act's status,
/// not one of them).
const RISK_NOUNS: &[&str] = &[
    "impact",
    "impacts",
    "implications",
    "effects",
    "risk",
    "risks",
    "concern",
    "concerns",
    "fear",
    "fears",
    "worry",
    "worries",
    "uncertainty",
    "uncertainties",
    "headwinds",
    "exposure",
];

/// Whether the noun at `c` is named as a risk: "potential risks like China
/// export restrictions", "concerns about tariffs", with at most a few
/// words (a name, "potential", "new") between.
pub(crate) fn named_as_risk(doc: &Doc<'_>, c: usize, sentence_start: usize) -> bool {
    let from = c.saturating_sub(6).max(sentence_start);
    (from..c).rev().any(|k| {
        doc.is_any(k, RISK_NOUNS)
            && doc.is_any(
                k + 1,
                &[
                    "from",
                    "of",
                    "like",
                    "over",
                    "about",
                    "around",
                    "including",
                    "such",
                ],
            )
            && !(k + 1..c).any(|j| doc.is_punct(j, ',') || doc.is_punct(j, ';'))
    })
}

/// Nouns a participle right after modifies, in a reduced relative clause
/// ("a price target cut from $415 to $359", "its guidance raised to $5").
pub(crate) const REDUCED_RELATIVE_HEADS: &[&str] = &[
    "target",
    "targets",
    "objective",
    "rating",
    "ratings",
    "estimate",
    "estimates",
    "forecast",
    "guidance",
    "outlook",
    "dividend",
];

/// Prepositions after a headline's bare participle that show it passive
/// although capitalised: "CarMax Sued For ...", "Acme Fined Over Spills".
const HEADLINE_PASSIVE_NEXT: &[&str] = &[
    "for",
    "over",
    "in",
    "amid",
    "after",
    "following",
    "as",
    "on",
];

/// Whether the past form at `v` is a headline's passive with its
/// auxiliary dropped: a title-case line, no perfect auxiliary before, and
/// no object name after ("Widget Sued - Contact ...", but "Acme Acquired
/// Widget" is active).
fn headline_participle(doc: &Doc<'_>, v: usize) -> bool {
    let Some(&s) = doc.token_sentence.get(v) else {
        return false;
    };
    if !is_headline(doc, s)
        || auxiliary_before(doc, v).is_some_and(|a| doc.is_any(a, PERFECT_AUXILIARIES))
    {
        return false;
    }
    // Headlines tell past acts in the present ("Army Awards Acme ..."): a
    // bare past form is the passive ("Lockheed Martin Awarded $1.1 Billion
    // Contract"), unless a name follows as its object.
    let next = v + 1;
    if next >= doc.sentence_tokens(s).end || doc.tokens[next].newline_before {
        return true;
    }
    let object_name = doc.is_word(next)
        && doc.tokens[next].is_capitalized(doc.text())
        && !doc.is_any(next, HEADLINE_PASSIVE_NEXT)
        && !doc.is_any(next, &["a", "an", "new", "first", "record", "by"]);
    !object_name
}

/// The auxiliary right before token `v`, over adverbs and "not".
fn auxiliary_before(doc: &Doc<'_>, v: usize) -> Option<usize> {
    let mut i = v;
    while i > 0 {
        i -= 1;
        if doc.is_any(i, VERB_GROUP_FILLERS) && !doc.is_any(i, &["been", "being"]) {
            continue;
        }
        return doc.is_word(i).then_some(i);
    }
    None
}

/// Whether a word may stand between a verb and its object noun.
pub(crate) fn is_object_filler(doc: &Doc<'_>, i: usize) -> bool {
    let token = doc.tokens[i];
    match token.kind {
        crate::text::TokenKind::Number => true,
        crate::text::TokenKind::Punct => {
            doc.is_punct(i, '$')
                || doc.is_punct(i, '%')
                || doc.is_punct(i, '-')
                || doc.is_punct(i, '.')
                // 'a "Hold" rating', "a ‘Buy’ rating".
                || is_quote(doc, i)
        }
        crate::text::TokenKind::Word => {
            doc.is_any(i, OBJECT_FILLERS)
                || doc.tok(i).len() <= 2 && doc.tok(i).chars().all(|c| c.is_ascii_uppercase())
        }
    }
}

/// Whether token `i` is a quotation mark, straight or curly.
pub(crate) fn is_quote(doc: &Doc<'_>, i: usize) -> bool {
    ['"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']
        .iter()
        .any(|&q| doc.is_punct(i, q))
}

/// Whether token `i` is a company's legal suffix after a comma
/// ("Franklin Resources, Inc."): capitalised, and not one of the words of
/// share classes the pack also strips from names ("a", "the", "common").
pub(crate) fn legal_suffix_at(doc: &Doc<'_>, i: usize) -> bool {
    doc.is_word(i)
        && doc.tokens[i].is_capitalized(doc.text())
        && doc.tok(i).len() > 1
        && !doc.is_any(
            i,
            &["the", "class", "common", "stock", "shares", "ordinary"],
        )
        && monazite_pack::names::is_legal_suffix(doc.tok(i))
}

/// Whether a trigger at token `c` opens a phrase that goes on telling the
/// act of the clause before it, with that clause's subject: a participle
/// after a comma or "by" (", acquiring 715,663 more shares", "by
/// purchasing 97,945 shares", ", thereby raising its stake"), an
/// appositive noun (", an investment valued at $7.38 million"), or an
/// infinitive of purpose after a figure ("715,663 shares to raise its
/// holdings"), or a verb coordinated with "and" ("... and raised its
/// target"). `gerund` says whether the trigger can be an -ing form.
pub(crate) fn continues_clause(doc: &Doc<'_>, c: usize, verb: bool, gerund: bool) -> bool {
    let Some(mut before) = c.checked_sub(1) else {
        return false;
    };
    if verb && gerund {
        // Over one adverb: ", significantly increasing", ", thereby raising".
        if before > 0
            && (doc.is_any(before, &["thereby", "further", "also", "effectively"])
                || (doc.is_word(before) && doc.tok(before).ends_with("ly")))
        {
            before -= 1;
        }
        // ", adding 103,241 shares and making the stock its largest position".
        return doc.is_punct(before, ',') || doc.is_any(before, &["by", "thereby", "and"]);
    }
    if verb && doc.is(before, "and") {
        // "increased its EPS estimates ... and raised its price target".
        return true;
    }
    if verb {
        // "to raise" after a number or its unit.
        return doc.is(before, "to")
            && before > 0
            && (doc.tokens[before - 1].kind == crate::text::TokenKind::Number
                || doc.is_any(before - 1, &["shares", "units", "stock"]));
    }
    // ", an investment valued at ...".
    before > 0 && doc.is_any(before, &["a", "an"]) && doc.is_punct(before - 1, ',')
}

/// Whether token `i` ends a clause for the purpose of finding a verb's
/// object: a semicolon, a colon, a sentence-internal dash pair, or a comma
/// followed by a conjunction or a relative.
pub(crate) fn ends_clause(doc: &Doc<'_>, i: usize) -> bool {
    // "(NYSE:BXP)", "(NYSE: BXP)": an exchange tag's colon ends nothing.
    let tag_colon = i >= 2
        && (doc.is_punct(i - 2, '(')
            || doc.tokens[i].start == doc.tokens[i - 1].end
                && doc
                    .tokens
                    .get(i + 1)
                    .is_some_and(|n| n.start == doc.tokens[i].end));
    doc.is_punct(i, ';')
        || (doc.is_punct(i, ':') && !tag_colon)
        || (doc.is_punct(i, ',')
            && (doc.is_any(
                i + 1,
                &[
                    "and", "but", "while", "as", "after", "before", "which", "who", "when",
                    "although", "though", "whereas",
                ],
            )))
}

/// Whether token `i` is a preposition that makes the party after it an
/// object rather than a subject.
pub(crate) fn preposition_before(doc: &Doc<'_>, first: usize) -> Option<&'static str> {
    const PREPOSITIONS: &[&str] = &[
        "on",
        "against",
        "with",
        "to",
        "from",
        "into",
        "in",
        "for",
        "at",
        "of",
        "toward",
        "towards",
        "over",
        "like",
        "by",
        "including",
        "across",
        "near",
        "outside",
        "inside",
        "through",
        "via",
        "among",
        "between",
        "and",
        "as",
        "than",
        "versus",
        "vs",
    ];
    let mut i = first;
    // Skip determiners and titles: "on the United States", "with President Xi".
    while i > 0
        && doc.is_any(
            i - 1,
            &[
                "the",
                "a",
                "an",
                "president",
                "prime",
                "minister",
                "chinese",
                "leader",
                "shares",
                "stock",
                "its",
                "their",
            ],
        )
        && i - 1 != first
    {
        i -= 1;
    }
    // "to Brazilian private equity firm Patria Investments", "by Japanese
    // carmaker Toyota": over the firm's description.
    if i > 0
        && !doc.tokens[i - 1].is_capitalized(doc.text())
        && !doc.is_any(i - 1, PREPOSITIONS)
        && doc.is_any(i - 1, FIRM_NOUNS)
    {
        let mut k = i - 1;
        let mut words = 0;
        while k > 0 && words < 5 && doc.is_word(k - 1) && !doc.is_any(k - 1, PREPOSITIONS) {
            k -= 1;
            words += 1;
        }
        if k > 0 && doc.is_any(k - 1, PREPOSITIONS) {
            i = k;
        }
    }
    if i == 0 {
        return None;
    }
    PREPOSITIONS.iter().copied().find(|p| doc.is(i - 1, p))
}

/// Nouns of firms a description ends with: "private equity firm Patria
/// Investments", "the Japanese carmaker Toyota".
pub(crate) const FIRM_NOUNS: &[&str] = &[
    "firm",
    "company",
    "group",
    "bank",
    "lender",
    "insurer",
    "miner",
    "producer",
    "maker",
    "carmaker",
    "automaker",
    "chipmaker",
    "startup",
    "conglomerate",
    "fund",
    "investor",
    "operator",
    "utility",
    "retailer",
    "refiner",
    "manufacturer",
    "supplier",
    "developer",
    "giant",
    "subsidiary",
    "unit",
    "brand",
];
