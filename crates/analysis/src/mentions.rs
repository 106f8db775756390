//! Mentions: names and tickers linked to pack entries, with context deciding.
//!
//! Three sources feed this stage:
//!
//! 1. the pack's gazetteer, which returns every overlapping reading of every
//!    name ("USA Rare Earth", "USA", "Rare Earth");
//! 2. ticker shapes found on tokens: cashtags (`$MP`), exchange tags
//!    (`(NYSE American: UUUU)`), tickers in parentheses after a name, bare
//!    capitals that are pack tickers, and run-together ticker strips
//!    (`USARCRMLMP`);
//! 3. context rules that accept or reject readings: a company name that is
//!    also an ordinary phrase ("Critical Metals") counts only with company
//!    context, and a short ticker that is also a word ("MP") only in ticker
//!    context.
//!
//! Accepted readings are then resolved leftmost-longest, so "MP Materials"
//! wins over "MP" and "Lithium Americas" over "lithium".

use monazite_pack::gazetteer::{Entity as PackEntity, NameForm, NameHit};
use monazite_pack::{CompanySource, Pack};

use crate::brief::{Entity, Evidence, Mention, Span};
use crate::doc::Doc;
use crate::text::TokenKind;

/// Words right after a name that show it is a company.
const COMPANY_FOLLOWERS: &[&str] = &[
    "shares",
    "share",
    "stock",
    "stocks",
    "shot",
    "rose",
    "surged",
    "soared",
    "gained",
    "jumped",
    "climbed",
    "rallied",
    "fell",
    "dropped",
    "slid",
    "tumbled",
    "plunged",
    "sank",
    "declined",
    "rebounded",
    "said",
    "says",
    "announced",
    "announces",
    "signed",
    "reported",
    "posted",
    "agreed",
    "plans",
    "ceo",
    "chief",
    "executive",
    "shareholders",
    "investors",
    "inc",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "plc",
    "co",
    "has",
    "have",
    "is",
    "was",
    "will",
    "also",
    "added",
    "closed",
    "traded",
    "rising",
    "falling",
    "gaining",
    "jumping",
    "surging",
    "recorded",
    "expects",
    "raised",
    "secured",
    "received",
    "won",
    "each",
    "both",
    "respectively",
    "led",
];

/// Words before a name that show it is a company.
const COMPANY_LEADERS: &[&str] = &[
    "of",
    "in",
    "at",
    "for",
    "like",
    "including",
    "as",
    "from",
    "with",
    "by",
    "such",
];

/// Nouns after a generic name that show it is the ordinary phrase.
const GENERIC_FOLLOWERS: &[&str] = &[
    "market",
    "markets",
    "sector",
    "sectors",
    "industry",
    "industries",
    "supply",
    "supplies",
    "space",
    "prices",
    "price",
    "demand",
    "chain",
    "chains",
    "production",
    "projects",
    "deposits",
    "reserves",
    "sources",
    "list",
];

/// Words before a bare "MP" that make it a politician, not a ticker.
const NOT_TICKER_LEADERS: &[&str] = &[
    "an",
    "the",
    "british",
    "labour",
    "tory",
    "conservative",
    "liberal",
    "opposition",
    "local",
    "senior",
    "backbench",
    "former",
    "independent",
    "one",
    "another",
    "fellow",
    "democrat",
];

pub(crate) fn find(doc: &Doc<'_>) -> Vec<Mention> {
    let text = doc.text();
    // Overlapping readings come thick (a hit every few words): reserve.
    let mut hits = Vec::with_capacity(doc.text().len() / 4);
    doc.pack.names.find_all(text, &mut hits);

    let mut accepted: Vec<Mention> = Vec::with_capacity(hits.len());
    let mut generic: Vec<NameHit> = Vec::new();
    let mut listed_words: Vec<NameHit> = Vec::new();
    let mut in_lists: Vec<NameHit> = Vec::new();
    // One-word names without context of their own, good only for a
    // company the article names in full ("Honeywell International Inc.
    // ... Honeywell has increased its dividend").
    let mut repeated: Vec<NameHit> = Vec::new();
    for hit in &hits {
        match hit.target.form {
            NameForm::Generic => generic.push(*hit),
            NameForm::InList => in_lists.push(*hit),
            NameForm::ListedWord => {
                if has_strong_company_context(doc, hit, false) {
                    listed_words.push(*hit);
                } else {
                    repeated.push(*hit);
                }
            }
            NameForm::ListedShort => {
                if has_strong_company_context(doc, hit, true) {
                    listed_words.push(*hit);
                } else {
                    repeated.push(*hit);
                }
            }
            _ => {
                if let Some(m) = accept_name(doc, hit) {
                    accepted.push(m);
                }
            }
        }
    }
    find_tickers(doc, &mut accepted);
    group_listings(doc, &mut accepted);
    // Generic names look at the companies already found around them, and a
    // company confirmed anywhere in the article vouches for its other mentions.
    let confirmed: Vec<u32> = accepted
        .iter()
        .filter(|m| m.confidence >= 0.8)
        .filter_map(|m| match m.entity {
            Entity::Company { company, .. } => Some(company),
            _ => None,
        })
        .collect();
    let mut pending = generic;
    pending.extend(listed_words);
    loop {
        let before = pending.len();
        pending.retain(
            |hit| match generic_in_context(doc, hit, &accepted, &confirmed) {
                Some(m) => {
                    accepted.push(m);
                    false
                }
                None => true,
            },
        );
        if pending.len() == before {
            break;
        }
    }
    let repeated: Vec<Mention> = repeated
        .iter()
        .filter_map(|hit| repeated_name(doc, hit, &confirmed))
        .collect();
    accepted.extend(repeated);
    // "US$50 million": a currency, not the country.
    accepted.retain(|m| {
        !(matches!(m.entity, Entity::Country { .. }) && text[m.span.end..].starts_with('$'))
    });
    let materials_in_list: Vec<Mention> = in_lists
        .iter()
        .filter_map(|hit| material_in_list(doc, hit, &accepted))
        .collect();
    accepted.extend(materials_in_list);
    resolve_overlaps(doc.pack, accepted)
}

fn span_of(hit: &NameHit) -> Span {
    Span::new(hit.start as usize, hit.end as usize)
}

/// A material name that is also an ordinary word ("lead") counts when a
/// material stands right before or after it in a list: "silicon, lead,
/// rhenium", "zinc and lead".
fn material_in_list(doc: &Doc<'_>, hit: &NameHit, accepted: &[Mention]) -> Option<Mention> {
    const LIST: &[&str] = &["and", "or", "&"];
    let first = doc.token_from(hit.start as usize);
    let after = doc.token_from(hit.end as usize);
    let is_material = |m: &Mention| matches!(m.entity, Entity::Material { .. });
    let joined = |k: usize| doc.is_punct(k, ',') || doc.is_any(k, LIST);
    let before = first.checked_sub(2).filter(|_| joined(first - 1));
    let next = joined(after).then_some(after + 1);
    let listed = accepted.iter().filter(|m| is_material(m)).any(|m| {
        before.is_some_and(|b| doc.token_until(m.span.end) == b + 1)
            || next.is_some_and(|n| doc.token_from(m.span.start) == n)
    });
    if !listed {
        return None;
    }
    accept_name(doc, hit)
}

/// Turns a non-generic gazetteer hit into a mention.
fn accept_name(doc: &Doc<'_>, hit: &NameHit) -> Option<Mention> {
    let pack = doc.pack;
    // "Nasdaq-listed", "NYSE-traded": the venue, not the company.
    let after = doc.token_from(hit.end as usize);
    if matches!(hit.target.entity, PackEntity::Company(_))
        && doc.is_punct(after, '-')
        && doc.is_any(after + 1, &["listed", "traded", "quoted"])
    {
        return None;
    }
    let sentence = doc.sentence_at(hit.start as usize);
    let (entity, evidence, confidence) = match hit.target.entity {
        PackEntity::Company(id) => {
            let listed = hit.target.form == NameForm::Listed;
            if listed && !listed_name_plausible(doc, hit) {
                return None;
            }
            let (evidence, confidence) = match hit.target.form {
                NameForm::Listed if has_company_context(doc, hit) => (Evidence::ListedName, 0.8),
                // "Quantum Computing", "Energy Transfer": names made only of
                // ordinary business words need context.
                NameForm::Listed
                    if made_of_common_words(&doc.text()[hit.start as usize..hit.end as usize]) =>
                {
                    return None
                }
                NameForm::Listed => (Evidence::ListedName, 0.6),
                NameForm::Name => (Evidence::Name, 0.95),
                _ => (Evidence::Alias, 0.9),
            };
            (company_entity(pack, id), evidence, confidence)
        }
        PackEntity::Material(id) => (
            Entity::Material {
                id: pack.materials[id as usize].id.clone(),
            },
            Evidence::Name,
            0.9,
        ),
        PackEntity::Group(id) => (
            Entity::Group {
                id: pack.groups[id as usize].id.clone(),
            },
            Evidence::Name,
            0.9,
        ),
        PackEntity::Country(id) => {
            let evidence = match hit.target.form {
                NameForm::Demonym => Evidence::Demonym,
                NameForm::Metonym => Evidence::Metonym,
                _ => Evidence::Name,
            };
            (
                Entity::Country {
                    code: pack.countries[id as usize].code.clone(),
                },
                evidence,
                0.9,
            )
        }
        PackEntity::Organization(id) => {
            let org = &pack.organizations[id as usize];
            (
                Entity::Organization {
                    id,
                    name: org.name.clone(),
                    country: org.country.clone(),
                },
                Evidence::Name,
                0.9,
            )
        }
        PackEntity::Person(id) => {
            let p = &pack.people[id as usize];
            let entity = Entity::Person {
                name: p.name.clone(),
                role: p.role.clone(),
                speaks_for: p.speaks_for.clone(),
            };
            (entity, Evidence::Name, 0.9)
        }
        PackEntity::Index(id) => (
            Entity::Index {
                name: pack.indices[id as usize].name.clone(),
            },
            Evidence::Name,
            0.9,
        ),
    };
    Some(Mention {
        span: span_of(hit),
        entity,
        evidence,
        confidence,
        sentence,
    })
}

fn company_entity(pack: &Pack, id: u32) -> Entity {
    let c = &pack.companies[id as usize];
    // An exchange-traded fund is a benchmark, not a company.
    if c.source == CompanySource::Fund {
        return Entity::Index {
            name: c.name.clone(),
        };
    }
    Entity::Company {
        company: id,
        ticker: c.ticker.clone(),
        exchange: c.exchange.clone(),
    }
}

/// Ordinary words of company names: a listed name made only of these needs
/// company context to count.
const COMMON_NAME_WORDS: &[&str] = &[
    "american",
    "america",
    "united",
    "states",
    "national",
    "international",
    "global",
    "general",
    "first",
    "new",
    "energy",
    "power",
    "resources",
    "resource",
    "mining",
    "metals",
    "minerals",
    "mineral",
    "materials",
    "critical",
    "rare",
    "earth",
    "earths",
    "gold",
    "silver",
    "copper",
    "lithium",
    "uranium",
    "nuclear",
    "capital",
    "financial",
    "technologies",
    "technology",
    "systems",
    "solutions",
    "services",
    "group",
    "holdings",
    "partners",
    "industries",
    "quantum",
    "computing",
    "data",
    "digital",
    "health",
    "bio",
    "pharma",
    "therapeutics",
    "motors",
    "transfer",
    "security",
    "defense",
    "strategic",
    "supply",
    "chain",
    "clean",
    "green",
    "solar",
    "water",
    "western",
    "eastern",
    "northern",
    "southern",
    "pacific",
    "atlantic",
    "trust",
    "fund",
    "income",
    "growth",
    "value",
    "world",
    "one",
    "street",
    "bank",
    "investors",
    "partners",
    "trade",
    "market",
    "markets",
    "magnets",
    "magnet",
    "battery",
    "batteries",
    "electric",
    "vehicles",
    "mobility",
    "advanced",
    "innovations",
    "ventures",
    "royalty",
    "royalties",
];

pub(crate) fn made_of_common_words(name: &str) -> bool {
    name.split([' ', '-']).filter(|w| !w.is_empty()).all(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        w.is_empty() || COMMON_NAME_WORDS.contains(&w.as_str()) || w.len() <= 2
    })
}

/// A name from the uncurated US list is only plausible when it is not the
/// start of a title-case headline fragment made of ordinary words: we accept
/// it when it has company context, or when its line is ordinary prose.
fn listed_name_plausible(doc: &Doc<'_>, hit: &NameHit) -> bool {
    if has_company_context(doc, hit) {
        return true;
    }
    let sentence = doc.sentence_at(hit.start as usize);
    let name = &doc.text()[hit.start as usize..hit.end as usize];
    // In a headline capitals tell nothing: a name of ordinary words
    // ("General Motors Plant") needs context, a distinctive one ("Coca-Cola
    // Makes Donations", "Kroger Slashes Prices") stands.
    if is_title_case(doc, sentence) {
        return !made_of_common_words(name);
    }
    // The start of a longer proper name: "Ames National Laboratory".
    let after = doc.token_from(hit.end as usize);
    let continues = doc.is_word(after)
        && doc.tokens[after].is_capitalized(doc.text())
        && !doc.tokens[after].newline_before
        && !monazite_pack::names::is_legal_suffix(doc.tok(after));
    !continues
}

/// Most words of the sentence are capitalised: a headline, where capitals
/// tell nothing.
pub(crate) fn is_title_case(doc: &Doc<'_>, sentence: u32) -> bool {
    doc.title_case
        .get(sentence as usize)
        .copied()
        .unwrap_or_else(|| title_case_of(doc, sentence))
}

/// Counts the sentence's capitals: what [`is_title_case`] answers from.
pub(crate) fn title_case_of(doc: &Doc<'_>, sentence: u32) -> bool {
    let (mut words, mut capitals) = (0, 0);
    for i in doc.sentence_tokens(sentence) {
        if doc.is_word(i) && doc.tok(i).len() > 3 {
            words += 1;
            capitals += usize::from(doc.tokens[i].is_capitalized(doc.text()));
        }
    }
    words < 3 || capitals * 10 >= words * 7
}

/// Company context right around a name: a legal suffix, a ticker in
/// parentheses, a company verb or noun after it, "shares of" before it, or a
/// possessive.
fn has_company_context(doc: &Doc<'_>, hit: &NameHit) -> bool {
    let first = doc.token_from(hit.start as usize);
    let after = doc.token_from(hit.end as usize);
    if doc.is_punct(after, '(') {
        let inner = doc.tok(after + 1);
        if inner.len() <= 12
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
        {
            return true;
        }
    }
    if (doc.is_any(after, COMPANY_FOLLOWERS) || crate::moves::move_verb(doc, after).is_some())
        && !doc.is_any(after, GENERIC_FOLLOWERS)
    {
        return true;
    }
    // A cashtag in parentheses: "USA Rare Earth ($USAR)".
    if doc.is_punct(after, '(') && doc.is_punct(after + 1, '$') {
        return true;
    }
    // Possessive: "Critical Metals' shares", "Energy Fuels's CEO".
    if doc.is_punct(after, '\'')
        && (doc.is(after + 1, "s") || doc.is_any(after + 1, COMPANY_FOLLOWERS))
    {
        return true;
    }
    if first >= 2
        && doc.is_any(first - 1, &["of", "in"])
        && doc.is_any(
            first - 2,
            &["shares", "stake", "stock", "ceo", "investors", "owner"],
        )
    {
        return true;
    }
    false
}

/// Context that leaves no doubt, for one-word names from the US list:
/// a legal suffix, a ticker or exchange tag, "shares of X", "stake in X",
/// "X shares", "X stock".
fn has_strong_company_context(doc: &Doc<'_>, hit: &NameHit, acts: bool) -> bool {
    let first = doc.token_from(hit.start as usize);
    let after = doc.token_from(hit.end as usize);
    // "Price Target Raised": a compound of its own.
    if first > 0 && doc.is_any(first - 1, &["price", "share", "stock"]) {
        return false;
    }
    let suffix = doc.is_word(after)
        && monazite_pack::names::is_legal_suffix(doc.tok(after))
        && doc.tok(after).len() > 1;
    let tag = doc.is_punct(after, '(')
        && doc
            .tok(after + 1)
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '$');
    let noun_after = doc.is_any(after, &["shares", "stock"]);
    // "Hologic's shares", "Intel's CEO".
    let possessive = doc.is_punct(after, '\'')
        && doc.is(after + 1, "s")
        && doc.is_any(
            after + 2,
            &["shares", "stock", "ceo", "board", "chief", "stake"],
        );
    // A verb only a company does: "Citi raised", "Intel said".
    let company_verb = doc.is_any(
        after,
        &[
            "said",
            "says",
            "announced",
            "announces",
            "reported",
            "upgraded",
            "downgraded",
            "raised",
            "agreed",
            "signed",
            "posted",
            "reiterated",
            "initiated",
        ],
    );
    // "shares of Deckers", "a Buy rating on Valero", "coverage of Howmet".
    let leader = first >= 2
        && doc.is_any(first - 1, &["of", "in", "on", "for"])
        && doc.is_any(
            first - 2,
            &[
                "shares",
                "stake",
                "stakes",
                "stock",
                "rating",
                "ratings",
                "target",
                "targets",
                "coverage",
                "position",
                "upgrade",
                "downgrade",
            ],
        );
    // A verb of the pack's triggers right after it: "Costco topped
    // estimates", "Target raised its outlook".
    let mut buffer = [0u8; 16];
    // In a headline the verb is capitalised too: "Agilent Reaffirms".
    let trigger_verb = acts
        && doc
            .lower(after, &mut buffer)
            .is_some_and(|w| doc.pack.cues.verb(w).is_some())
        && (!doc.tokens[after].is_capitalized(doc.text())
            || is_title_case(doc, doc.sentence_at(hit.start as usize)));
    suffix
        || tag
        || noun_after
        || possessive
        || company_verb
        || leader
        || trigger_verb
        || moves_with_figure(doc, after)
}

/// Accepts a generic company name ("Critical Metals") in company context or
/// next to other companies; rejects "the critical metals market".
fn generic_in_context(
    doc: &Doc<'_>,
    hit: &NameHit,
    accepted: &[Mention],
    confirmed: &[u32],
) -> Option<Mention> {
    let PackEntity::Company(id) = hit.target.entity else {
        return None;
    };
    let first = doc.token_from(hit.start as usize);
    let after = doc.token_from(hit.end as usize);
    if doc.is_any(after, GENERIC_FOLLOWERS) {
        return None;
    }
    let led_by_article = first > 0
        && doc.tokens[first - 1].is_word()
        && !doc.tokens[first - 1].newline_before
        && doc.tok(first - 1).chars().all(char::is_lowercase)
        && doc.is_any(first - 1, &["the", "a", "an", "our", "its", "their"]);
    if led_by_article {
        return None;
    }
    let in_list = next_to_company(doc, first, after, accepted);
    let vouched =
        confirmed.contains(&id) && !is_title_case(doc, doc.sentence_at(hit.start as usize));
    // One-word listed names come here only with strong context already.
    let contextual = has_company_context(doc, hit)
        || matches!(
            hit.target.form,
            NameForm::ListedWord | NameForm::ListedShort
        )
        || (first > 0 && doc.is_any(first - 1, COMPANY_LEADERS) && in_list);
    if !(contextual || in_list || vouched) {
        return None;
    }
    Some(Mention {
        span: span_of(hit),
        entity: company_entity(doc.pack, id),
        evidence: Evidence::NameInContext,
        confidence: 0.85,
        sentence: doc.sentence_at(hit.start as usize),
    })
}

/// A one-word name of a company the article confirms elsewhere, in prose,
/// capitalised, not after an article ("the Honeywell thermostat" is still
/// the company's, "an apple" never comes here).
fn repeated_name(doc: &Doc<'_>, hit: &NameHit, confirmed: &[u32]) -> Option<Mention> {
    let PackEntity::Company(id) = hit.target.entity else {
        return None;
    };
    let first = doc.token_from(hit.start as usize);
    let after = doc.token_from(hit.end as usize);
    let sentence = doc.sentence_at(hit.start as usize);
    let fits = confirmed.contains(&id)
        && !is_title_case(doc, sentence)
        && doc.tokens[first].is_capitalized(doc.text())
        && !doc.is_any(after, GENERIC_FOLLOWERS)
        && !(first > 0 && doc.is_any(first - 1, &["the", "a", "an"]));
    fits.then(|| Mention {
        span: span_of(hit),
        entity: company_entity(doc.pack, id),
        evidence: Evidence::NameInContext,
        confidence: 0.8,
        sentence,
    })
}

/// The name stands in a list of companies: "A and B", "A, B and C", "both A and B".
fn next_to_company(doc: &Doc<'_>, first: usize, after: usize, accepted: &[Mention]) -> bool {
    let is_company_at = |token: usize, ends_here: bool| {
        accepted.iter().any(|m| {
            matches!(m.entity, Entity::Company { .. })
                && if ends_here {
                    doc.token_until(m.span.end) == token + 1
                        || skip_ticker_paren_back(doc, token) + 1 == doc.token_until(m.span.end)
                } else {
                    doc.token_from(m.span.start) == token
                }
        })
    };
    const JOINERS: &[&str] = &["and", "or", "&", ","];
    // Company before: "X and <name>" / "X, <name>".
    if first >= 2
        && (doc.is_any(first - 1, JOINERS) || doc.is_punct(first - 1, ','))
        && is_company_at(first - 2, true)
    {
        return true;
    }
    // Company after: "<name> and X".
    if (doc.is_any(after, JOINERS) || doc.is_punct(after, ',')) && is_company_at(after + 1, false) {
        return true;
    }
    false
}

/// "(CRML)" before token `end`: the index of the token before the parenthesis.
fn skip_ticker_paren_back(doc: &Doc<'_>, end: usize) -> usize {
    if doc.is_punct(end, ')') && end >= 3 && doc.is_punct(end - 2, '(') {
        end - 3
    } else {
        end
    }
}

/// Finds cashtags, exchange tags, tickers in parentheses, bare tickers and
/// ticker strips.
fn find_tickers(doc: &Doc<'_>, accepted: &mut Vec<Mention>) {
    let pack = doc.pack;
    let named: Vec<u32> = accepted
        .iter()
        .filter_map(|m| match m.entity {
            Entity::Company { company, .. } if m.confidence >= 0.8 => Some(company),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        let token = doc.tokens[i];
        // Cashtag: "$MP".
        if doc.is_punct(i, '$')
            && i + 1 < n
            && doc.tokens[i + 1].start == token.end
            && is_ticker_shape(doc.tok(i + 1))
        {
            if let Some(id) = pack.company_by_ticker(doc.tok(i + 1)) {
                found.push(ticker_mention(
                    doc,
                    id,
                    token.start as usize,
                    doc.tokens[i + 1].end as usize,
                    Evidence::Cashtag,
                    0.95,
                ));
            }
            i += 2;
            continue;
        }
        // Exchange tag: "NYSE: MP", "NYSE American: UUUU", "TSX-V: ABC".
        if let Some((consumed, mention)) = exchange_tag(doc, i) {
            found.extend(mention);
            i += consumed;
            continue;
        }
        // A symbol with its venue: "0769.HK", "600111.SS", "5401.T",
        // "WDGT.O", or the venue first: "SZ300748", "SH600111".
        if let Some((consumed, mention)) = suffixed_symbol(doc, i) {
            found.push(mention);
            i += consumed;
            continue;
        }
        // A long run of capitals alone on its line may be a ticker strip.
        let word = doc.tok(i);
        if token.kind == TokenKind::Word
            && word.len() > 6
            && word.bytes().all(|b| b.is_ascii_uppercase())
        {
            found.extend(ticker_strip(doc, i));
            i += 1;
            continue;
        }
        if token.kind == TokenKind::Word
            && is_ticker_shape(doc.tok(i))
            && !pack.is_not_ticker(doc.tok(i))
        {
            let word = doc.tok(i);
            let in_parens = i > 0
                && doc.is_punct(i - 1, '(')
                && doc.is_punct(i + 1, ')')
                && !is_acronym_of_name(doc, i);
            // "Keurig Dr Pepper (NASDAQ: KDP) ... KDP also declared": a
            // listed ticker the text has introduced with its tag, or of
            // three letters or more for a company it names, stands alone.
            let introduced = |id: u32| {
                found.iter().any(|m: &Mention| {
                    matches!(m.entity, Entity::Company { company, .. } if company == id)
                        && m.span.end <= token.start as usize
                })
            };
            match pack.company_by_ticker(word) {
                Some(id)
                    if (pack.companies[id as usize].source == CompanySource::Pack
                        || in_parens
                        || listed_ticker_in_context(doc, i)
                        || introduced(id)
                        || (word.len() >= 3 && named.contains(&id))
                        || (word.len() >= 3
                            && named_by_ticker(pack, id, word)
                            && acts_as_company(doc, i)))
                        && (introduced(id)
                            || (word.len() >= 3
                                && named_by_ticker(pack, id, word)
                                && acts_as_company(doc, i))
                            || bare_ticker_ok(doc, i, id, in_parens, &named)) =>
                {
                    found.push(ticker_mention(
                        doc,
                        id,
                        token.start as usize,
                        token.end as usize,
                        Evidence::Ticker,
                        0.9,
                    ));
                }
                None if word.len() >= 5 => found.extend(ticker_strip(doc, i)),
                _ => {}
            }
        }
        i += 1;
    }
    // A ticker inside a name already found ("MP" in "MP Materials") is the name.
    found.retain(|t: &Mention| {
        !accepted
            .iter()
            .any(|m| m.span.start <= t.span.start && t.span.end <= m.span.end && m.span != t.span)
    });
    accepted.extend(found);
}

/// "Investor News Network (INN)", "Department of Energy (DOE)": capitals in
/// parentheses that spell the initials of the words before them name an
/// organisation, not a ticker.
fn is_acronym_of_name(doc: &Doc<'_>, i: usize) -> bool {
    let word = doc.tok(i);
    let open = i - 1;
    let mut all = String::new();
    let mut capitals = String::new();
    let mut k = open;
    while k > 0 && all.len() < word.len() + 3 {
        k -= 1;
        if !doc.is_word(k) {
            break;
        }
        let first = doc
            .tok(k)
            .chars()
            .next()
            .unwrap_or(' ')
            .to_ascii_uppercase();
        all.insert(0, first);
        if doc.tokens[k].is_capitalized(doc.text()) {
            capitals.insert(0, first);
        }
        if all == word || capitals == word {
            return true;
        }
    }
    false
}

fn ticker_mention(
    doc: &Doc<'_>,
    id: u32,
    start: usize,
    end: usize,
    evidence: Evidence,
    confidence: f32,
) -> Mention {
    Mention {
        span: Span::new(start, end),
        entity: company_entity(doc.pack, id),
        evidence,
        confidence,
        sentence: doc.sentence_at(start),
    }
}

/// 1–6 capitals, digits allowed after the first ("MP", "UUUU", "BRK").
fn is_ticker_shape(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && word.len() <= 6
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Whether the company's own name is its ticker: "KKR & Co. Inc.", "SLB
/// Limited", "BHP Group" are written "KKR", "SLB", "BHP" in the news.
fn named_by_ticker(pack: &monazite_pack::Pack, id: u32, word: &str) -> bool {
    let company = &pack.companies[id as usize];
    company.ticker == word
        && company
            .name
            .split([' ', '/', ','])
            .next()
            .is_some_and(|first| first == word)
}

/// Whether the word at `i` is used as a company: a possessive, "&", a
/// word that follows companies ("said", "shares"), or a verb of the pack
/// after it ("KKR Receives ...", "KKR's", "KKR to buy"), not a word of
/// another name ("RBC Clearing & Custody") or a noun's modifier ("NMP
/// solvents").
fn acts_as_company(doc: &Doc<'_>, i: usize) -> bool {
    let next = i + 1;
    let mut buffer = [0u8; 16];
    doc.is_punct(next, '\'')
        || doc.is_punct(next, '&')
        || doc.is_any(next, COMPANY_FOLLOWERS)
        || doc.is(next, "to")
        || doc
            .lower(next, &mut buffer)
            .is_some_and(|w| doc.pack.cues.verb(w).is_some())
        || crate::moves::move_verb(doc, next).is_some()
}

/// Whether a bare pack ticker names the company here.
fn bare_ticker_ok(doc: &Doc<'_>, i: usize, id: u32, in_parens: bool, named: &[u32]) -> bool {
    if in_parens {
        return true;
    }
    if i > 0 && doc.is_any(i - 1, NOT_TICKER_LEADERS) {
        return false;
    }
    if doc.is(i + 1, "for") {
        return false;
    }
    let company = &doc.pack.companies[id as usize];
    if company.bare_ticker || listed_ticker_in_context(doc, i) {
        return true;
    }
    let ticker_context = (i >= 2 && doc.is(i - 1, "of") && doc.is_any(i - 2, &["shares", "stock"]))
        || doc.is_any(i + 1, &["shares", "stock", "stocks"])
        || (doc.is_punct(i + 1, '-') && doc.is_punct(i + 2, '-'));
    ticker_context || named.contains(&id)
}

/// A bare listed ticker of three letters or more that the text treats as a
/// stock: "AMD fell by 7.8%", "TGT stock is up 1.7%", "COIN +7.77%".
fn listed_ticker_in_context(doc: &Doc<'_>, i: usize) -> bool {
    if doc.tok(i).len() < 3
        || doc.tokens[i].newline_before && doc.tokens.get(i + 1).is_none_or(|t| t.newline_before)
    {
        return false;
    }
    let stock_noun = doc.is_any(i + 1, &["shares", "stock"]);
    // "COIN +7.77%", "UBER, +1.72%", "(BAH -0.93%)": a quote widget.
    let at = if doc.is_punct(i + 1, ',') {
        i + 2
    } else {
        i + 1
    };
    let signed_figure = (doc.is_punct(at, '+') || doc.is_punct(at, '-'))
        && doc
            .tokens
            .get(at + 1)
            .is_some_and(|t| t.kind == TokenKind::Number)
        && doc.is_punct(at + 2, '%');
    // "trimmed OLLI's price target", "TSLA's shares".
    let possessive_of_stock = doc.is_punct(i + 1, '\'')
        && doc.is(i + 2, "s")
        && doc.is_any(i + 3, &["price", "shares", "stock", "rating", "target"]);
    stock_noun || signed_figure || possessive_of_stock || moves_with_figure(doc, i + 1)
}

/// A move verb at `v` with a percent within the next four words: "fell by
/// 8%", "jumped 12%".
fn moves_with_figure(doc: &Doc<'_>, v: usize) -> bool {
    // "plunged 4.3 per cent", "rose by 7.23%", "fell 1.22 percent".
    crate::moves::move_verb(doc, v).is_some()
        && (v + 1..v + 6).any(|k| {
            doc.is_punct(k, '%')
                || doc.is_any(k, &["percent", "pct"])
                || (doc.is(k, "per") && doc.is(k + 1, "cent"))
        })
}

/// A run of capitals made only of pack tickers: "USARCRMLMP".
fn ticker_strip(doc: &Doc<'_>, i: usize) -> Vec<Mention> {
    let word = doc.tok(i);
    let token = doc.tokens[i];
    // Only on a line of its own, or the strip would swallow acronyms.
    let alone =
        (i == 0 || token.newline_before) && doc.tokens.get(i + 1).is_none_or(|t| t.newline_before);
    if !alone {
        return Vec::new();
    }
    let pack = doc.pack;
    // Shortest segmentation into curated tickers, by dynamic programming.
    let bytes = word.len();
    let mut best: Vec<Option<(usize, u32)>> = vec![None; bytes + 1];
    let mut cost = vec![usize::MAX; bytes + 1];
    cost[0] = 0;
    for start in 0..bytes {
        if cost[start] == usize::MAX {
            continue;
        }
        for end in start + 1..=bytes.min(start + 6) {
            let piece = &word[start..end];
            if let Some(id) = pack.company_by_ticker(piece) {
                if pack.companies[id as usize].source == CompanySource::Pack
                    && cost[start] + 1 < cost[end]
                {
                    cost[end] = cost[start] + 1;
                    best[end] = Some((start, id));
                }
            }
        }
    }
    if cost[bytes] == usize::MAX || cost[bytes] < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut end = bytes;
    while let Some((start, id)) = best[end] {
        let at = token.start as usize;
        out.push(ticker_mention(
            doc,
            id,
            at + start,
            at + end,
            Evidence::TickerStrip,
            0.85,
        ));
        end = start;
        if end == 0 {
            break;
        }
    }
    out.reverse();
    out
}

/// An exchange tag at token `i`: returns tokens consumed and the mention.
fn exchange_tag(doc: &Doc<'_>, i: usize) -> Option<(usize, Option<Mention>)> {
    // The tag is 1–3 words (with '-' allowed inside) then ':' then the symbol.
    // This runs at every token: find the colon before building anything.
    let mut j = i;
    while j < doc.tokens.len() && j < i + 5 {
        if doc.is_punct(j, ':') {
            break;
        }
        let t = doc.tokens[j];
        if !(t.is_word() || doc.is_punct(j, '-') || doc.is_punct(j, '.')) {
            return None;
        }
        if j > i && t.newline_before {
            return None;
        }
        j += 1;
    }
    if !doc.is_punct(j, ':') || j == i {
        return None;
    }
    let tag: String = (i..j).map(|k| doc.tok(k)).collect();
    let exchange = doc.pack.exchange_by_tag(&tag)?;
    let symbol_at = j + 1;
    doc.tokens.get(symbol_at)?;
    // Symbols may carry dots or digits: "BRK.B", "600111", "89N".
    let mut end = symbol_at;
    let mut symbol = doc.tok(symbol_at).to_string();
    let glued = |k: usize| {
        doc.tokens
            .get(k)
            .is_some_and(|t| t.start == doc.tokens[k - 1].end && t.kind != TokenKind::Punct)
    };
    loop {
        if glued(end + 1) {
            symbol.push_str(doc.tok(end + 1));
            end += 1;
        } else if doc.is_punct(end + 1, '.')
            && doc.tokens[end + 1].start == doc.tokens[end].end
            && glued(end + 2)
        {
            symbol.push('.');
            symbol.push_str(doc.tok(end + 2));
            end += 2;
        } else {
            break;
        }
    }
    if !symbol
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
        || symbol.len() > 10
    {
        return None;
    }
    let start = doc.tokens[i].start as usize;
    let stop = doc.tokens[end].end as usize;
    let pack = doc.pack;
    let exchange_code = pack.exchanges[exchange as usize].code.clone();
    let mention = match pack.company_by_listing(exchange, &symbol) {
        Some(id) => ticker_mention(doc, id, start, stop, Evidence::ExchangeTag, 0.95),
        None => Mention {
            span: Span::new(start, stop),
            entity: Entity::UnknownListing {
                ticker: symbol,
                exchange: exchange_code,
                alternatives: Vec::new(),
            },
            evidence: Evidence::ExchangeTag,
            confidence: 0.7,
            sentence: doc.sentence_at(start),
        },
    };
    Some((end + 1 - i, Some(mention)))
}

/// Tags side by side name one company's listings: "(CSE: MAXX) (OTC: MAXXF)
/// (Frankfurt: 89N)" is MAXX, with MAXXF and 89N as its other lines. A
/// listing the pack knows wins; else the first that is not over the
/// counter.
fn group_listings(doc: &Doc<'_>, mentions: &mut Vec<Mention>) {
    let tagged: Vec<usize> = {
        let mut at: Vec<usize> = (0..mentions.len())
            .filter(|&k| mentions[k].evidence == Evidence::ExchangeTag)
            .collect();
        at.sort_by_key(|&k| mentions[k].span.start);
        at
    };
    let beside = |a: &Mention, b: &Mention| {
        let (from, to) = (doc.token_until(a.span.end), doc.token_from(b.span.start));
        to >= from
            && to - from <= 4
            && (from..to).all(|k| {
                ["(", ")", ",", ";", "/", "|", "["]
                    .iter()
                    .any(|p| doc.tok(k) == *p)
                    || doc.is_any(k, &["and", "or"])
            })
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for k in tagged {
        match groups.last_mut() {
            Some(group) if beside(&mentions[*group.last().unwrap_or(&k)], &mentions[k]) => {
                group.push(k)
            }
            _ => groups.push(vec![k]),
        }
    }
    let mut drop = Vec::new();
    for group in groups.into_iter().filter(|g| g.len() > 1) {
        let otc = |k: usize| match &mentions[k].entity {
            Entity::UnknownListing { exchange, .. } => exchange == "OTC",
            _ => false,
        };
        let primary = group
            .iter()
            .copied()
            .find(|&k| matches!(mentions[k].entity, Entity::Company { .. }))
            .or_else(|| group.iter().copied().find(|&k| !otc(k)))
            .unwrap_or(group[0]);
        let others: Vec<String> = group
            .iter()
            .filter(|&&k| k != primary)
            .filter_map(|&k| match &mentions[k].entity {
                Entity::UnknownListing { ticker, .. } => Some(ticker.clone()),
                Entity::Company { ticker, .. } => Some(ticker.clone()),
                _ => None,
            })
            .collect();
        if let Entity::UnknownListing { alternatives, .. } = &mut mentions[primary].entity {
            alternatives.extend(others);
        }
        drop.extend(group.into_iter().filter(|&k| k != primary));
    }
    drop.sort_unstable();
    for k in drop.into_iter().rev() {
        mentions.remove(k);
    }
}

/// A symbol written with its venue's suffix or prefix at token `i`: the
/// tokens consumed and the mention.
fn suffixed_symbol(doc: &Doc<'_>, i: usize) -> Option<(usize, Mention)> {
    let pack = doc.pack;
    let token = doc.tokens[i];
    if !matches!(token.kind, TokenKind::Word | TokenKind::Number) {
        return None;
    }
    let word = doc.tok(i);
    let glued = |k: usize| {
        doc.tokens
            .get(k)
            .is_some_and(|t| t.start == doc.tokens[k - 1].end)
    };
    // "0769" "." "HK", or one word "WDGT.O".
    let (symbol, suffix, end) = if let Some((head, tail)) = word.rsplit_once('.') {
        (head, tail, i)
    } else if doc.is_punct(i + 1, '.') && glued(i + 1) && glued(i + 2) && doc.is_word(i + 2) {
        (word, doc.tok(i + 2), i + 2)
    } else if word.len() == 8
        && word.is_char_boundary(2)
        && matches!(&word[..2], "SZ" | "SH" | "SS")
        && word[2..].bytes().all(|b| b.is_ascii_digit())
    {
        let suffix = if &word[..2] == "SZ" { "SZ" } else { "SS" };
        (&word[2..], suffix, i)
    } else {
        return None;
    };
    let symbol_ok = !symbol.is_empty()
        && symbol.len() <= 8
        && symbol
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !symbol_ok || suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let exchange = pack.exchange_by_suffix(suffix)?;
    // A word after the suffix glued to it is no suffix ("U.S.A", "No.1").
    if doc
        .tokens
        .get(end + 1)
        .is_some_and(|t| t.start == doc.tokens[end].end && t.is_word())
    {
        return None;
    }
    let (start, stop) = (token.start as usize, doc.tokens[end].end as usize);
    let mention = match pack.company_by_listing(exchange, symbol) {
        Some(id) => ticker_mention(doc, id, start, stop, Evidence::ExchangeTag, 0.95),
        None => Mention {
            span: Span::new(start, stop),
            entity: Entity::UnknownListing {
                ticker: symbol.to_string(),
                exchange: pack.exchanges[exchange as usize].code.clone(),
                alternatives: Vec::new(),
            },
            evidence: Evidence::ExchangeTag,
            confidence: 0.7,
            sentence: doc.sentence_at(start),
        },
    };
    Some((end + 1 - i, mention))
}

/// Keeps the longest of overlapping mentions, leftmost first; among equal
/// spans, the most specific reading (company over organisation over place).
fn resolve_overlaps(pack: &Pack, mut mentions: Vec<Mention>) -> Vec<Mention> {
    // An outlet the pack knows ("The New York Times") is the outlet, not
    // the listed company of that name: news cites outlets far more often.
    let rank = |e: &Entity| match e {
        Entity::Organization { id, .. } if pack.organizations[*id as usize].kind == "media" => 0,
        other => rank(other) + 1,
    };
    // One name, two listed companies ("Domino's Pizza": DPZ in New York,
    // DOM in London): the curated one, then the US listing, then the rest.
    let source = |e: &Entity| match e {
        Entity::Company { company, .. } => match pack.companies[*company as usize].source {
            monazite_pack::CompanySource::Pack => 0,
            monazite_pack::CompanySource::UsListed => 1,
            monazite_pack::CompanySource::Fund => 2,
            monazite_pack::CompanySource::Global => 3,
        },
        _ => 0,
    };
    mentions.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(rank(&a.entity).cmp(&rank(&b.entity)))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(source(&a.entity).cmp(&source(&b.entity)))
    });
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if out.last().is_some_and(|last| m.span.start < last.span.end) {
            continue;
        }
        out.push(m);
    }
    out
}

fn rank(entity: &Entity) -> u8 {
    match entity {
        Entity::Company { .. } => 0,
        Entity::UnknownListing { .. } => 1,
        Entity::Index { .. } => 2,
        Entity::Person { .. } => 3,
        Entity::Organization { .. } => 4,
        Entity::Country { .. } => 5,
        Entity::Group { .. } => 6,
        Entity::Material { .. } => 7,
    }
}
