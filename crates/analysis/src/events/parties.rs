//! Who can act or be acted upon: the mentions that name parties, names of
//! organisations and people the pack does not list, and back-references
//! ("the agency", "the company") resolved to the party they stand for.

use monazite_pack::events::PartyKind;

use super::names::Name;
use crate::brief::{Entity, Evidence, Mention, Party, Span};
use crate::doc::Doc;

/// A party mention usable as actor or target.
#[derive(Debug, Clone)]
pub(crate) struct PartyRef {
    /// What the mention can stand for, in order: a person who speaks for
    /// a state is the state for a tariff and the person for an insider
    /// trade.
    pub readings: Vec<(Party, PartyKind)>,
    pub first: usize,
    pub end: usize,
    pub span: Span,
    pub possessive: bool,
    pub demonym: bool,
    /// Part of a hyphenated pair ("U.S.-Malaysia"): modifies the noun after it.
    pub paired: bool,
}

impl PartyRef {
    /// The first reading.
    pub fn party(&self) -> &Party {
        &self.readings[0].0
    }

    /// The first reading of one of `kinds`.
    pub fn reading(&self, accepts: impl Fn(PartyKind) -> bool) -> Option<&Party> {
        self.readings
            .iter()
            .find(|(_, kind)| accepts(*kind))
            .map(|(p, _)| p)
    }

    pub fn is_state(&self) -> bool {
        matches!(self.party(), Party::Country(_))
    }

    pub fn is_company(&self) -> bool {
        matches!(self.party(), Party::Company(_))
    }

    pub fn is_material(&self) -> bool {
        matches!(self.party(), Party::Material(_))
    }

    /// Whether one of its readings is a bank, broker or rating agency.
    pub fn is_adviser(&self) -> bool {
        self.readings.iter().any(|(_, k)| is_adviser(*k))
    }
}

/// Descriptions of a company that may be a bank, broker or insurer itself.
const ADVISER_ANAPHORS: &[&str] = &["firm", "group", "lender", "bank", "insurer"];

/// Definite descriptions that refer back to a party named before.
const COMPANY_ANAPHORS: &[&str] = &[
    "company",
    "stock",
    "firm",
    "miner",
    "producer",
    "developer",
    "explorer",
    "group",
    "shares",
    "lender",
    "bank",
    "retailer",
    "insurer",
    "automaker",
    "carmaker",
    "chipmaker",
    "maker",
];
const AGENCY_ANAPHORS: &[&str] = &[
    "agency",
    "ministry",
    "department",
    "regulator",
    "commission",
    "bureau",
    "pentagon",
];
const STATE_ANAPHORS: &[&str] = &["government", "administration"];

/// Capitalised words after a demonym that keep it the state's.
const STATE_TITLES: &[&str] = &[
    "president",
    "premier",
    "prime",
    "minister",
    "ministry",
    "commerce",
    "foreign",
    "vice",
    "defense",
    "defence",
    "trade",
    "government",
    "officials",
    "official",
    "authorities",
    "regulators",
    "embassy",
    "state",
    "customs",
    "leader",
    "army",
    "navy",
    "military",
    "central",
    "treasury",
    "finance",
    "industry",
    "department",
    "senate",
    "parliament",
    "congress",
    "lawmakers",
    "administration",
    "imports",
    "exports",
    "rare",
    "goods",
];

/// Every mention that can act or be acted upon, names the gazetteer does
/// not know but the text shows to be organisations or people, and
/// back-references resolved to the last party of their kind.
pub(crate) fn party_refs(doc: &Doc<'_>, mentions: &[Mention], names: &[Name]) -> Vec<PartyRef> {
    let mut out = Vec::new();
    for m in mentions {
        // A country, company or person inside a name found on the page
        // ("Korea Investment CORP", "Bank of Canada Pension Plan") is part
        // of that name.
        if names
            .iter()
            .any(|n| n.span.start <= m.span.start && m.span.end <= n.span.end && n.span != m.span)
        {
            continue;
        }
        let Some(readings) = readings(doc, m) else {
            continue;
        };
        let first = doc.token_from(m.span.start);
        let end = doc.token_until(m.span.end).max(first + 1);
        // "non-Chinese" negates the country.
        if first >= 2 && doc.is_punct(first - 1, '-') && doc.is(first - 2, "non") {
            continue;
        }
        // "according to a Business Korea article": a source, not a party.
        if cites_source(doc, first) {
            continue;
        }
        // "Ninety One UK Ltd", "Lombard Odier Asset Management Switzerland
        // SA": a country between a firm's name and its legal suffix is the
        // firm's.
        let in_a_firm = matches!(m.entity, Entity::Country { .. })
            && first > 0
            && doc.is_word(first - 1)
            && doc.tokens[first - 1].is_capitalized(doc.text())
            && !doc.tokens[first].newline_before
            && doc.is_word(end)
            && monazite_pack::names::is_legal_suffix(doc.tok(end))
            && doc.tokens[end].is_capitalized(doc.text());
        // "Coca-Cola HBC Ireland and Northern Ireland is investing": a
        // country right after a company's name is its unit's.
        let unit_of_a_firm = matches!(m.entity, Entity::Country { .. })
            && first > 0
            && !doc.tokens[first].newline_before
            && mentions.iter().any(|c| {
                let end = doc.token_until(c.span.end);
                matches!(c.entity, Entity::Company { .. })
                    && end <= first
                    && first - end <= 2
                    && (end..first)
                        .all(|k| doc.is_word(k) && doc.tokens[k].is_capitalized(doc.text()))
            });
        if in_a_firm || unit_of_a_firm {
            continue;
        }
        let demonym = m.evidence == Evidence::Demonym;
        // "American Century Companies", "Korean Air": a demonym that opens a
        // proper name names no state; "Chinese President" still does.
        if demonym && (opens_a_name(doc, end) || describes_firm(doc, end)) {
            continue;
        }
        out.push(PartyRef {
            readings,
            first,
            end,
            span: m.span,
            possessive: is_possessive(doc, end),
            demonym,
            paired: false,
        });
    }
    for name in names {
        let overlaps = out
            .iter()
            .any(|p| p.span.start < name.span.end && name.span.start < p.span.end);
        if overlaps {
            continue;
        }
        let first = doc.token_from(name.span.start);
        let end = doc.token_until(name.span.end).max(first + 1);
        out.push(PartyRef {
            readings: name.readings.clone(),
            first,
            end,
            span: name.span,
            possessive: is_possessive(doc, end),
            demonym: false,
            paired: false,
        });
    }
    out.sort_by_key(|p| p.first);
    for i in 0..out.len() {
        let joined_after = out
            .get(i + 1)
            .is_some_and(|next| next.first == out[i].end + 1 && doc.is_punct(out[i].end, '-'));
        if joined_after {
            out[i].paired = true;
            out[i + 1].paired = true;
        }
    }
    let anaphors = anaphor_refs(doc, &out, mentions);
    out.extend(anaphors);
    out.sort_by_key(|p| p.first);
    out
}

/// What a mention can stand for as a party.
fn readings(doc: &Doc<'_>, m: &Mention) -> Option<Vec<(Party, PartyKind)>> {
    let pack = doc.pack;
    Some(match &m.entity {
        Entity::Country { code } => vec![(Party::Country(code.clone()), PartyKind::State)],
        Entity::Organization { id, name, country } => {
            let org = &pack.organizations[*id as usize];
            let kind = match org.kind.as_str() {
                "rating_agency" => PartyKind::RatingAgency,
                "broker" => PartyKind::Broker,
                "fund" => PartyKind::Fund,
                "international" | "company" => PartyKind::Organization,
                _ if country.is_some() => PartyKind::State,
                _ => return None,
            };
            let party = match (&org.ticker, country) {
                (Some(ticker), _) => Party::Company(ticker.clone()),
                (None, Some(code)) if kind == PartyKind::State => Party::Country(code.clone()),
                _ => Party::Organization(name.clone()),
            };
            // A listed broker or agency is a listed company too ("Truist
            // Financial was assigned a Hold rating").
            if org.ticker.is_some() && kind != PartyKind::Organization {
                vec![(party.clone(), kind), (party, PartyKind::Company)]
            } else {
                vec![(party, kind)]
            }
        }
        Entity::Person {
            name, speaks_for, ..
        } => {
            let person = (Party::Person(name.clone()), PartyKind::Person);
            match speaks_for {
                Some(who) if pack.country_by_code(who).is_some() => {
                    vec![(Party::Country(who.clone()), PartyKind::State), person]
                }
                Some(who) => vec![
                    (
                        Party::Company(who.clone()),
                        company_kind(doc, who, pack.company_by_ticker(who), None),
                    ),
                    person,
                ],
                None => vec![person],
            }
        }
        Entity::Company {
            ticker, company, ..
        } => {
            let kind = company_kind(doc, ticker, Some(*company), Some(m.span));
            let party = Party::Company(ticker.clone());
            // A bank, broker or agency is a listed company too: it is
            // rated, bought, sued.
            if kind != PartyKind::Company {
                vec![(party.clone(), kind), (party, PartyKind::Company)]
            } else {
                vec![(party, kind)]
            }
        }
        Entity::Material { id } => {
            let first = pack
                .material_by_id(id)
                .and_then(|m| m.stands_for.first().cloned());
            vec![(
                Party::Material(first.unwrap_or_else(|| id.clone())),
                PartyKind::Material,
            )]
        }
        Entity::Index { name } => vec![(Party::Index(name.clone()), PartyKind::Index)],
        _ => return None,
    })
}

/// A listed company is a bank when the pack says it finances or trades or
/// the text names it as one ("Lazard Asset Management LLC", span `named`),
/// a rating agency or broker when an organisation of the pack under its
/// ticker is one (Moody's, MCO).
fn company_kind(
    doc: &Doc<'_>,
    ticker: &str,
    company: Option<u32>,
    named: Option<Span>,
) -> PartyKind {
    let pack = doc.pack;
    let org = pack
        .organizations
        .iter()
        .find(|o| o.ticker.as_deref() == Some(ticker));
    match org.map(|o| o.kind.as_str()) {
        Some("rating_agency") => return PartyKind::RatingAgency,
        Some("broker") => return PartyKind::Broker,
        _ => {}
    }
    let finance = finance_company(pack, ticker, company);
    // The name as written, with the capitalised words that go on from the
    // listed name ("Lazard" + "Asset Management LLC").
    let named_as_finance = named.is_some_and(|span| {
        let heads = &doc.pack.finance_heads;
        let first = doc.token_from(span.start);
        let mut end = doc.token_until(span.end);
        while end < doc.tokens.len()
            && end < doc.token_until(span.end) + 3
            && doc.is_word(end)
            && doc.tokens[end].is_capitalized(doc.text())
            && !doc.tokens[end].newline_before
        {
            end += 1;
        }
        (first..end).any(|k| {
            let mut buffer = [0u8; 16];
            doc.lower(k, &mut buffer).is_some_and(|w| heads.contains(w))
        })
    });
    if finance || named_as_finance {
        PartyKind::Bank
    } else {
        PartyKind::Company
    }
}

/// Whether the words from `next` are a firm's description: at most three
/// lower-case words and a firm noun ("private equity firm").
fn describes_firm(doc: &Doc<'_>, next: usize) -> bool {
    (next..next + 4)
        .take_while(|&k| doc.is_word(k) && !doc.tokens[k].is_capitalized(doc.text()))
        .any(|k| doc.is_any(k, crate::grammar::FIRM_NOUNS))
}

/// Whether a listed company finances or trades: a stage of the pack says
/// so, or the markets' list of finance tickers does.
pub(crate) fn finance_company(
    pack: &monazite_pack::Pack,
    ticker: &str,
    company: Option<u32>,
) -> bool {
    pack.finance_tickers.contains(ticker)
        || company.is_some_and(|id| {
            pack.companies[id as usize]
                .stages
                .iter()
                .any(|s| s == "finance" || s == "fund")
        })
}

/// Whether the capitalised word at `next` continues a proper name.
fn opens_a_name(doc: &Doc<'_>, next: usize) -> bool {
    doc.is_word(next)
        && doc.tokens[next].is_capitalized(doc.text())
        && !doc.tokens[next].newline_before
        && !doc.is_any(next, STATE_TITLES)
        && !crate::mentions::is_title_case(doc, doc.token_sentence[next])
}

/// Whether token `first` is inside an attribution ("according to ...",
/// "as per ...", "reported by ...") that starts in the same clause.
fn cites_source(doc: &Doc<'_>, first: usize) -> bool {
    let start = first.saturating_sub(6);
    (start..first)
        .rev()
        .take_while(|&i| !doc.is_punct(i, ','))
        .any(|i| {
            (doc.is(i, "according") && doc.is(i + 1, "to"))
                || (doc.is(i, "as") && doc.is(i + 1, "per"))
                || (doc.is(i, "reported") && doc.is(i + 1, "by"))
        })
}

pub(crate) fn is_possessive(doc: &Doc<'_>, end: usize) -> bool {
    doc.is_punct(end, '\'') && (doc.is(end + 1, "s") || doc.tok(end - 1).ends_with('s'))
}

/// "the agency" → the last agency's country; "the government" → the last
/// state; "the company", "the stock" → the last company.
/// A bank, broker or rating agency: a company that also advises on others.
fn is_adviser(kind: PartyKind) -> bool {
    matches!(
        kind,
        PartyKind::Bank | PartyKind::Broker | PartyKind::RatingAgency
    )
}

fn anaphor_refs(doc: &Doc<'_>, parties: &[PartyRef], mentions: &[Mention]) -> Vec<PartyRef> {
    let mut out = Vec::new();
    for i in 1..doc.tokens.len() {
        if !(doc.is(i - 1, "the") || doc.is(i - 1, "its")) {
            continue;
        }
        // "the company reported strong revenue", "the stock" a bank has
        // downgraded: the company the article is about, not the bank quoted
        // on it; "the firm", "the bank" may be either.
        let wants: fn(&PartyRef, bool) -> bool = if doc.is_any(i, ADVISER_ANAPHORS) {
            |p, _| p.is_company()
        } else if doc.is_any(i, COMPANY_ANAPHORS) {
            |p, _| p.is_company() && !p.is_adviser()
        } else if doc.is_any(i, AGENCY_ANAPHORS) {
            |p, from_org| p.is_state() && from_org
        } else if doc.is_any(i, STATE_ANAPHORS) {
            |p, _| p.is_state()
        } else {
            continue;
        };
        // A capitalised "the Ministry of Commerce" is a name, found already.
        if doc.tokens[i].is_capitalized(doc.text()) && !doc.is(i, "pentagon") {
            continue;
        }
        let at = doc.tokens[i].start as usize;
        let antecedent = parties
            .iter()
            .rev()
            .filter(|p| p.span.start < at)
            .find(|p| {
                let from_org = mentions
                    .iter()
                    .any(|m| m.span == p.span && matches!(m.entity, Entity::Organization { .. }));
                wants(p, from_org) && !p.demonym
            });
        if let Some(a) = antecedent {
            let token = doc.tokens[i];
            out.push(PartyRef {
                readings: a.readings.clone(),
                first: i,
                end: i + 1,
                span: Span::new(token.start as usize, token.end as usize),
                possessive: is_possessive(doc, i + 1),
                demonym: false,
                paired: false,
            });
        }
    }
    out
}
