//! Events: type, actor, target, magnitude, status and date.
//!
//! Each sentence is read on its own. A cue phrase from the pack names an
//! event type ("export controls", "truce"); weak cues ("restrictions",
//! "deal") need support nearby (a material, a figure, two states, a
//! company). The actor is found the way English marks agents: a possessive
//! or demonym right before the cue ("China's export controls", "Chinese
//! concessions"), a hyphenated pair ("U.S.-China truce": actor and target),
//! the nearest subject before the cue, an agent after it ("by Beijing"), or
//! the subject after a fronted phrase ("Despite a deal with China, the
//! United States..."). Objects of "on", "against", "with", "to", "in"... are
//! targets, never actors. Agencies and people act for their country or
//! company as the pack says (the Pentagon for `US`, Jamie Dimon for `JPM`),
//! and "the agency", "the government", "the company" refer back to the
//! last such party named.
//!
//! The status comes from the status cue governing the event: a cue just
//! before it ("threat to slap tariffs", "delaying export controls"), then a
//! reversal anywhere after it ("... will not go ahead"), then a cue just
//! after it, then a reporting cue anywhere in the sentence; otherwise the
//! event is `announced`. Conditional and interrogative sentences ("If
//! Beijing keeps...", "What are China's motives?") state no event. Mentions
//! of one event across the article merge into one.
//!
//! Commodity prices are found apart from cues: a material that is the
//! subject of a move ("NdPr oxide eased 3%", "cobalt hydroxide prices rose
//! 4%") or of a price level ("dysprosium oxide was assessed at $800 per
//! kilogram").

use monazite_pack::cues::{Cue, CueHit};

use crate::brief::{
    Direction, Entity, Event, Evidence, Mention, Party, Quantity, QuantityKind, Span,
};
use crate::doc::Doc;

/// How an event type chooses its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActorKind {
    /// States act: export controls, tariffs, deals, talks, lists, licences.
    State,
    /// States or companies: investment, offtake.
    StateOrCompany,
    /// Companies only: production.
    Company,
    /// Brokers, listed or not: analyst ratings.
    Broker,
}

fn actor_kind(kind: &str) -> ActorKind {
    match kind {
        "investment" | "offtake" => ActorKind::StateOrCompany,
        "production" => ActorKind::Company,
        "analyst_rating" => ActorKind::Broker,
        _ => ActorKind::State,
    }
}

/// Types that bind both sides: either may be named first.
fn is_symmetric(kind: &str) -> bool {
    matches!(kind, "trade_agreement" | "talks")
}

/// Prepositions whose object is a target or a place, not an actor.
const OBJECT_PREPOSITIONS: &[&str] = &[
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
];

/// Openers of conditional sentences.
const CONDITIONAL_OPENERS: &[&str] = &["if", "should", "unless", "whether", "were"];

/// Verbs of change that make a production cue an event ("is building a
/// plant"), not a description ("runs the only plant").
const PRODUCTION_CHANGES: &[&str] = &[
    "build",
    "builds",
    "building",
    "built",
    "open",
    "opens",
    "opened",
    "opening",
    "start",
    "starts",
    "started",
    "begin",
    "begins",
    "began",
    "expand",
    "expands",
    "expanded",
    "expanding",
    "expansion",
    "commission",
    "commissioned",
    "commissioning",
    "ramp",
    "ramped",
    "ramping",
    "pivot",
    "pivots",
    "pivoting",
    "restart",
    "restarted",
    "halt",
    "halted",
    "halts",
    "launch",
    "launched",
    "launches",
    "construct",
    "construction",
    "produced",
    "produce",
    "boost",
    "boosted",
    "double",
    "doubled",
    "increase",
    "increased",
    "cut",
    "cuts",
    "plans",
    "planned",
    "will",
    "new",
    "first",
    "completed",
    "complete",
    "reach",
    "reached",
    "hits",
    "hit",
    "track",
];

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

/// Words that end the names of brokers and banks ("Harbourline Securities").
const BROKER_SUFFIXES: &[&str] = &[
    "securities",
    "capital",
    "partners",
    "research",
    "markets",
    "bank",
    "co",
    "group",
    "advisors",
    "advisers",
    "investments",
    "financial",
    "brokerage",
    "equities",
    "associates",
];

/// A party mention usable as actor or target.
#[derive(Debug, Clone)]
struct PartyRef {
    party: Party,
    first: usize,
    end: usize,
    span: Span,
    possessive: bool,
    demonym: bool,
    /// Part of a hyphenated pair ("U.S.-Malaysia"): modifies the noun after it.
    paired: bool,
}

pub(crate) fn find(
    doc: &Doc<'_>,
    cue_hits: &[CueHit],
    mentions: &[Mention],
    quantities: &[Quantity],
) -> Vec<Event> {
    let parties = party_refs(doc, mentions);
    let mut events = Vec::new();
    let mut hit_at = 0;
    for s in 0..doc.sentences.len() as u32 {
        let (start, end) = doc.sentence_bytes(s);
        let first_hit = hit_at;
        while hit_at < cue_hits.len() && (cue_hits[hit_at].start as usize) < end {
            hit_at += 1;
        }
        // Most sentences name no event and move no price: skip them early.
        let names_event = cue_hits[first_hit..hit_at]
            .iter()
            .any(|h| matches!(h.cue, Cue::EventType(_) | Cue::WeakEventType(_)));
        let moves_price = doc
            .sentence_tokens(s)
            .any(|v| crate::moves::move_verb(doc, v).is_some());
        let restricts = restricted_exports(doc, s).next().is_some();
        if !(names_event || moves_price || restricts) || is_hypothetical(doc, s) {
            continue;
        }
        let hits: Vec<CueHit> = cue_hits[first_hit..hit_at]
            .iter()
            .copied()
            .filter(|h| h.start as usize >= start)
            .collect();
        // Parties, mentions and quantities are in text order: slice out this sentence's.
        let tokens = doc.sentence_tokens(s);
        let in_range = |at: usize| at >= start && at < end;
        let sentence_parties: Vec<&PartyRef> = parties[parties
            .partition_point(|p| p.first < tokens.start)
            ..parties.partition_point(|p| p.first < tokens.end)]
            .iter()
            .collect();
        let sentence_mentions: Vec<&Mention> = mentions
            [mentions.partition_point(|m| m.span.start < start)..]
            .iter()
            .take_while(|m| in_range(m.span.start))
            .collect();
        let sentence_quantities: Vec<&Quantity> = quantities
            [quantities.partition_point(|q| q.span.start < start)..]
            .iter()
            .take_while(|q| in_range(q.span.start))
            .collect();
        let context = Sentence {
            doc,
            s,
            parties: &sentence_parties,
            mentions: &sentence_mentions,
            quantities: &sentence_quantities,
        };
        let mut sentence_events = context.cued_events(&hits);
        sentence_events.extend(context.commodity_prices(&hits));
        merge_within_sentence(&mut sentence_events);
        events.extend(sentence_events);
    }
    merge_across_article(events)
}

/// Questions and conditionals report nothing.
fn is_hypothetical(doc: &Doc<'_>, s: u32) -> bool {
    let range = doc.sentence_tokens(s);
    if doc.is_punct(range.end - 1, '?') {
        return true;
    }
    // Skip list bullets and headings before the first word ("- If ...").
    let first_word = range
        .clone()
        .find(|&i| doc.is_word(i))
        .unwrap_or(range.start);
    doc.is_any(first_word, CONDITIONAL_OPENERS)
}

/// Every mention that can act or be acted upon, plus back-references
/// ("the agency", "the company") resolved to the last party of their kind.
fn party_refs(doc: &Doc<'_>, mentions: &[Mention]) -> Vec<PartyRef> {
    let pack = doc.pack;
    let mut out = Vec::new();
    for m in mentions {
        let party = match &m.entity {
            Entity::Country { code } => Party::Country(code.clone()),
            Entity::Organization {
                country: Some(code),
                ..
            } => Party::Country(code.clone()),
            Entity::Person {
                speaks_for: Some(who),
                ..
            } => {
                if pack.country_by_code(who).is_some() {
                    Party::Country(who.clone())
                } else {
                    Party::Company(who.clone())
                }
            }
            Entity::Company { ticker, .. } => Party::Company(ticker.clone()),
            Entity::Material { id } => {
                let first = pack
                    .material_by_id(id)
                    .and_then(|m| m.stands_for.first().cloned());
                Party::Material(first.unwrap_or_else(|| id.clone()))
            }
            _ => continue,
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
        let demonym = m.evidence == Evidence::Demonym;
        // "American Century Companies", "Korean Air": a demonym that opens a
        // proper name names no state; "Chinese President", "Chinese
        // Commerce Ministry" still do.
        if demonym && opens_a_name(doc, end) {
            continue;
        }
        out.push(PartyRef {
            party,
            first,
            end,
            span: m.span,
            possessive: is_possessive(doc, end),
            demonym,
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

fn is_possessive(doc: &Doc<'_>, end: usize) -> bool {
    doc.is_punct(end, '\'') && (doc.is(end + 1, "s") || doc.tok(end - 1).ends_with('s'))
}

/// "the agency" → the last agency's country; "the government" → the last
/// state; "the company", "the stock" → the last company.
fn anaphor_refs(doc: &Doc<'_>, parties: &[PartyRef], mentions: &[Mention]) -> Vec<PartyRef> {
    let mut out = Vec::new();
    for i in 1..doc.tokens.len() {
        if !(doc.is(i - 1, "the") || doc.is(i - 1, "its")) {
            continue;
        }
        let wants: fn(&Party, bool) -> bool = if doc.is_any(i, COMPANY_ANAPHORS) {
            |p, _| matches!(p, Party::Company(_))
        } else if doc.is_any(i, AGENCY_ANAPHORS) {
            |p, from_org| matches!(p, Party::Country(_)) && from_org
        } else if doc.is_any(i, STATE_ANAPHORS) {
            |p, _| matches!(p, Party::Country(_))
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
                wants(&p.party, from_org) && !p.demonym
            });
        if let Some(a) = antecedent {
            let token = doc.tokens[i];
            out.push(PartyRef {
                party: a.party.clone(),
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

fn eligible(kind: ActorKind, party: &Party) -> bool {
    matches!(
        (kind, party),
        (
            ActorKind::State | ActorKind::StateOrCompany,
            Party::Country(_)
        ) | (
            ActorKind::StateOrCompany | ActorKind::Company | ActorKind::Broker,
            Party::Company(_)
        )
    )
}

/// One sentence's material for event finding.
struct Sentence<'d, 'a> {
    doc: &'d Doc<'a>,
    s: u32,
    parties: &'d [&'d PartyRef],
    mentions: &'d [&'d Mention],
    quantities: &'d [&'d Quantity],
}

/// An event cue: where, which type, whether weak.
#[derive(Debug, Clone, Copy)]
struct EventCue {
    hit: CueHit,
    type_index: u16,
    weak: bool,
    token: usize,
    end_token: usize,
}

impl Sentence<'_, '_> {
    /// One event per type and sentence, from the first cue that yields one.
    fn cued_events(&self, hits: &[CueHit]) -> Vec<Event> {
        let doc = self.doc;
        let pack = doc.pack;
        let all: Vec<EventCue> = hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::EventType(t) => Some((*h, t, false)),
                Cue::WeakEventType(t) => Some((*h, t, true)),
                _ => None,
            })
            .map(|(hit, type_index, weak)| EventCue {
                hit,
                type_index,
                weak,
                token: doc.token_from(hit.start as usize),
                end_token: doc.token_until(hit.end as usize),
            })
            .chain(restricted_exports(doc, self.s))
            .collect();
        // A longer cue hides the cues inside it ("export licensing" ⊃ "licensing").
        let cues: Vec<EventCue> = all
            .iter()
            .filter(|c| {
                !all.iter().any(|o| {
                    o.hit.start <= c.hit.start
                        && c.hit.end <= o.hit.end
                        && (o.hit.end - o.hit.start) > (c.hit.end - c.hit.start)
                })
            })
            .copied()
            .collect();
        let status_hits: Vec<(usize, u16)> = hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Status(i) => Some((doc.token_from(h.start as usize), i)),
                _ => None,
            })
            .collect();
        let mut out: Vec<Event> = Vec::new();
        for (k, cue) in cues.iter().enumerate() {
            let kind = pack.events.event_types[cue.type_index as usize].id.as_str();
            if kind == "commodity_price" || out.iter().any(|e| e.kind == kind) {
                continue;
            }
            let others: Vec<usize> = cues
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, c)| c.token)
                .collect();
            if let Some(event) = self.event_at(kind, cue, &others, &status_hits) {
                out.push(event);
            }
        }
        out
    }

    fn event_at(
        &self,
        kind: &str,
        cue: &EventCue,
        others: &[usize],
        status_hits: &[(usize, u16)],
    ) -> Option<Event> {
        let doc = self.doc;
        if cue.weak && !self.weak_cue_supported(kind, cue) {
            return None;
        }
        if !self.cue_states_event(kind, cue) {
            return None;
        }
        let actor_kind = actor_kind(kind);
        let (actor, actor_span, mut target) = if actor_kind == ActorKind::Broker {
            self.rating_parties(cue)?
        } else if let Some(granted) = (kind == "licensing")
            .then(|| self.granted_licence(cue, others))
            .flatten()
        {
            granted
        } else {
            let (actor, target) =
                self.choose_parties(cue, others, actor_kind, is_symmetric(kind))?;
            let target = target
                .map(|t| t.party.clone())
                .or_else(|| self.company_target(kind, cue, &actor.party));
            (actor.party.clone(), Some(actor.span), target)
        };
        if target.as_ref() == Some(&actor) {
            target = None;
        }
        // A "deal" between a state and a company is a contract or a stake, not a trade agreement.
        if kind == "trade_agreement" && self.company_next_to(cue) {
            return None;
        }
        let (status, status_span) = status(doc, cue.token, cue.end_token, status_hits, self.s);
        let magnitude = self.magnitude(kind, cue, status);
        // "despite tariffs", "due to tariffs": a tariff that nothing sets,
        // threatens or measures is background, not news.
        if kind == "tariff" && status_span.is_none() && magnitude.is_none() {
            return None;
        }
        if kind == "investment"
            && magnitude.is_none()
            && !self.names_a_company(&actor, target.as_ref())
            && !cue_text(doc, cue).contains("stake")
        {
            // Talk of "investment" without money, stake or company is not an event.
            return None;
        }
        let date = self.quantities.iter().find_map(|q| match q.kind {
            QuantityKind::Date { date, .. } => date,
            _ => None,
        });
        let direction = if kind == "analyst_rating" {
            rating_direction(doc, self.s)
        } else {
            None
        };
        Some(self.event(
            kind,
            actor,
            actor_span,
            target,
            magnitude,
            (status, status_span),
            date,
            direction,
            cue.hit,
            if cue.weak { 0.6 } else { 0.8 },
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        kind: &str,
        actor: Party,
        actor_span: Option<Span>,
        target: Option<Party>,
        magnitude: Option<&Quantity>,
        (status, status_span): (&str, Option<Span>),
        date: Option<jiff::civil::Date>,
        direction: Option<Direction>,
        trigger: CueHit,
        confidence: f32,
    ) -> Event {
        let doc = self.doc;
        let (start, end) = doc.sentence_bytes(self.s);
        let materials = self
            .mentions
            .iter()
            .filter_map(|m| match &m.entity {
                Entity::Material { id } | Entity::Group { id } => Some(id.clone()),
                _ => None,
            })
            .fold(Vec::new(), |mut acc, id| {
                if !acc.contains(&id) {
                    acc.push(id);
                }
                acc
            });
        Event {
            kind: kind.to_string(),
            actor,
            actor_span,
            target,
            magnitude: magnitude.map(|q| doc.text()[q.span.start..q.span.end].to_string()),
            magnitude_value: magnitude.map(|q| q.kind.clone()),
            status: status.to_string(),
            status_span,
            date,
            materials,
            direction,
            background: false,
            trigger: Span::new(trigger.start as usize, trigger.end as usize),
            sentence: self.s,
            sentence_span: Span::new(start, end),
            confidence,
        }
    }

    /// Cue shapes that look like events but are not.
    fn cue_states_event(&self, kind: &str, cue: &EventCue) -> bool {
        let doc = self.doc;
        let before = cue.token.checked_sub(1);
        match kind {
            // "leverage in trade negotiations" is generic; "was in talks with" is not.
            "talks" => {
                let generic_in = before.is_some_and(|b| doc.is(b, "in"))
                    && !cue.token.checked_sub(2).is_some_and(|b| {
                        doc.is_any(
                            b,
                            &[
                                "is", "are", "was", "were", "been", "be", "remain", "remains",
                            ],
                        )
                    });
                let verb = doc.is_any(cue.end_token, &["to"]) && doc.is(cue.token, "talks");
                // "on the sidelines of the ASEAN summit" names a venue.
                let venue =
                    (cue.token.saturating_sub(5)..cue.token).any(|i| doc.is(i, "sidelines"));
                !(generic_in || verb || venue)
            }
            // "what is at stake".
            "investment" => !before.is_some_and(|b| doc.is(b, "at")),
            "production" => {
                let window = cue.token.saturating_sub(6)
                    ..(cue.end_token + 6).min(doc.sentence_tokens(self.s).end);
                window.clone().any(|i| doc.is_any(i, PRODUCTION_CHANGES))
                    || doc.is_any(cue.token, &["pivot", "pivots"])
            }
            _ => true,
        }
    }

    /// A weak cue counts with support within a few words: money for an
    /// investment ("backing" alone is talk); money, a material or the
    /// company supplied for a contract; otherwise a material, a figure, a
    /// country pair or two states.
    fn weak_cue_supported(&self, kind: &str, cue: &EventCue) -> bool {
        const WINDOW: usize = 8;
        let doc = self.doc;
        let near =
            |first: usize, end: usize| end + WINDOW >= cue.token && first <= cue.end_token + WINDOW;
        let material_near = self.mentions.iter().any(|m| {
            matches!(m.entity, Entity::Material { .. } | Entity::Group { .. })
                && near(doc.token_from(m.span.start), doc.token_until(m.span.end))
        });
        let money_near = self.quantities.iter().any(|q| {
            matches!(q.kind, QuantityKind::Money { .. })
                && near(doc.token_from(q.span.start), doc.token_until(q.span.end))
        });
        let pair_before = self.parties.iter().any(|p| {
            p.end + 2 >= cue.token
                && p.end <= cue.token
                && doc.is_punct(p.first.wrapping_sub(1), '-')
        });
        // Two states on either side of the cue: "the UK and Japan signed a framework".
        let mut states: Vec<&Party> = self
            .parties
            .iter()
            .filter(|p| matches!(p.party, Party::Country(_)) && near(p.first, p.end))
            .map(|p| &p.party)
            .collect();
        states.dedup();
        let company_after = self.parties.iter().any(|p| {
            matches!(p.party, Party::Company(_))
                && p.first >= cue.end_token
                && p.first <= cue.end_token + WINDOW
        });
        match kind {
            "investment" => money_near,
            "offtake" => money_near || material_near || company_after,
            _ => material_near || money_near || pair_before || states.len() >= 2,
        }
    }

    /// A company right before the cue ("MP Materials deal") or its object
    /// ("deal with MP").
    fn company_next_to(&self, cue: &EventCue) -> bool {
        self.parties.iter().any(|p| {
            matches!(p.party, Party::Company(_))
                && ((p.end <= cue.token && cue.token - p.end <= 1)
                    || (p.first >= cue.end_token
                        && p.first - cue.end_token <= 2
                        && self.doc.is(cue.end_token, "with")))
        })
    }

    fn names_a_company(&self, actor: &Party, target: Option<&Party>) -> bool {
        matches!(actor, Party::Company(_)) || matches!(target, Some(Party::Company(_)))
    }

    /// The actor and target of a cue.
    fn choose_parties(
        &self,
        cue: &EventCue,
        others: &[usize],
        kind: ActorKind,
        symmetric: bool,
    ) -> Option<(&PartyRef, Option<&PartyRef>)> {
        let doc = self.doc;
        let (c, c_end) = (cue.token, cue.end_token);
        let ok = |p: &&&PartyRef| eligible(kind, &p.party);
        let before: Vec<&PartyRef> = self
            .parties
            .iter()
            .filter(|p| p.end <= c)
            .filter(ok)
            .copied()
            .collect();
        let after: Vec<&PartyRef> = self
            .parties
            .iter()
            .filter(|p| p.first >= c_end)
            .filter(ok)
            .copied()
            .collect();
        let target_after = after
            .iter()
            .find(|p| is_object(doc, p) && p.first <= c_end + 6)
            .copied();

        // A hyphenated pair right before the cue: "U.S.-China trade truce".
        if let Some(second) = before
            .iter()
            .rev()
            .find(|p| p.first > 0 && doc.is_punct(p.first - 1, '-') && c - p.end <= 4)
        {
            if let Some(first) = before.iter().find(|p| p.end + 1 == second.first) {
                return Some((first, Some(second)));
            }
        }
        let actor = match self.actor_of(cue, others, &before, &after) {
            Some(actor) => actor,
            // Talks "with China": the other side is still a party.
            None if symmetric => {
                target_after.or_else(|| after.first().filter(|p| p.first <= c_end + 4).copied())?
            }
            None => return None,
        };
        // Deals and talks bind two sides: the other one is the nearest other
        // state in the sentence, if no object names it.
        let target = target_after.filter(|t| t.party != actor.party).or_else(|| {
            symmetric.then(|| {
                let place = |o: &PartyRef| {
                    o.first > 0
                        && doc.is_any(
                            o.first - 1,
                            &["in", "at", "near", "across", "outside", "inside", "from"],
                        )
                };
                let mut others: Vec<&PartyRef> = before
                    .iter()
                    .chain(&after)
                    .filter(|o| o.party != actor.party && !place(o))
                    .copied()
                    .collect();
                others.sort_by_key(|o| o.first.abs_diff(c));
                others.first().copied()
            })?
        });
        Some((actor, target))
    }

    /// The acting party of a cue, by the first rule that finds one.
    fn actor_of<'p>(
        &self,
        cue: &EventCue,
        others: &[usize],
        before: &[&'p PartyRef],
        after: &[&'p PartyRef],
    ) -> Option<&'p PartyRef> {
        let doc = self.doc;
        let (c, c_end) = (cue.token, cue.end_token);
        // A possessive, demonym or noun adjunct right before the cue:
        // "China's export controls", "Chinese concessions", "a Washington stake".
        let modifier = before.iter().rev().find(|p| {
            ((p.possessive || p.demonym) && c - p.end <= 8 && !blocked(others, p.end, c))
                || p.end == c
        });
        if let Some(p) = modifier {
            return Some(p);
        }
        // The nearest subject before the cue. A possessive belongs to the
        // noun after it, so it cannot be the subject of a later cue.
        if let Some(p) = before.iter().rev().find(|p| {
            !is_object(doc, p) && !((p.possessive || p.paired) && blocked(others, p.end, c))
        }) {
            return Some(p);
        }
        // An agent after the cue: "controls announced by Beijing", or a
        // reduced relative clause: "the tariff Trump had threatened".
        if let Some(p) = after.iter().find(|p| {
            (p.first > 0 && doc.is(p.first - 1, "by") && p.first <= c_end + 8)
                || (p.first <= c_end + 2 && !is_object(doc, p))
        }) {
            return Some(p);
        }
        // The subject after a fronted phrase: "Despite a deal with China, the
        // United States ..." — the first party a few words after a comma,
        // not inside a relative clause ("a plant, which MP calls 10X").
        let fronted = after.iter().find(|p| {
            let comma = (p.first.saturating_sub(4)..p.first)
                .rev()
                .find(|&i| i >= c_end && doc.is_punct(i, ','));
            comma.is_some_and(|k| {
                !(k..p.first).any(|i| doc.is_any(i, &["which", "who", "that", "where", "whose"]))
            }) && !is_object(doc, p)
        });
        if let Some(p) = fronted {
            return Some(p);
        }
        None
    }

    /// A licence a company receives from a state: "Lynas received a licence
    /// extension from Malaysia" is Malaysia's act on Lynas. Used when no
    /// state stands as the subject.
    fn granted_licence(
        &self,
        cue: &EventCue,
        others: &[usize],
    ) -> Option<(Party, Option<Span>, Option<Party>)> {
        if self
            .choose_parties(cue, others, ActorKind::State, false)
            .is_some()
        {
            return None;
        }
        let doc = self.doc;
        let grantor = self.parties.iter().find(|p| {
            matches!(p.party, Party::Country(_))
                && p.first > 0
                && doc.is_any(p.first - 1, &["from", "by"])
        })?;
        let holder = self
            .parties
            .iter()
            .find(|p| matches!(p.party, Party::Company(_)))
            .map(|p| p.party.clone());
        Some((grantor.party.clone(), Some(grantor.span), holder))
    }

    /// For investments and contracts by a state, the company they go to:
    /// the first company named after the cue, or one named as an object.
    fn company_target(&self, kind: &str, cue: &EventCue, actor: &Party) -> Option<Party> {
        if !matches!(kind, "investment" | "offtake" | "licensing") {
            return None;
        }
        let companies = || {
            self.parties
                .iter()
                .filter(|p| matches!(p.party, Party::Company(_)) && &p.party != actor)
        };
        companies()
            .find(|p| p.first >= cue.end_token)
            .or_else(|| companies().find(|p| is_object(self.doc, p)))
            .map(|p| p.party.clone())
    }

    /// The broker and the rated company of an analyst rating.
    fn rating_parties(&self, cue: &EventCue) -> Option<(Party, Option<Span>, Option<Party>)> {
        let doc = self.doc;
        let range = doc.sentence_tokens(self.s);
        let target = self
            .parties
            .iter()
            .filter(|p| matches!(p.party, Party::Company(_)))
            .find(|p| p.first >= cue.end_token || is_object(doc, p))
            .map(|p| p.party.clone());
        // A listed bank before the cue ("Goldman Sachs upgraded MP").
        let is_bank = |party: &Party| {
            let Party::Company(ticker) = party else {
                return false;
            };
            let pack = doc.pack;
            pack.company_by_ticker(ticker).is_some_and(|id| {
                pack.companies[id as usize]
                    .stages
                    .iter()
                    .any(|s| s == "finance")
            })
        };
        if let Some(p) = self
            .parties
            .iter()
            .rev()
            .find(|p| is_bank(&p.party) && p.end <= cue.token && !is_object(doc, p))
        {
            if Some(&p.party) != target.as_ref() {
                return Some((p.party.clone(), Some(p.span), target));
            }
        }
        let (name, span) = broker_name(doc, range.start, range.end)?;
        Some((Party::Organization(name), Some(span), target))
    }

    /// The figure that measures an event of type `kind`.
    fn magnitude(&self, kind: &str, cue: &EventCue, status: &str) -> Option<&Quantity> {
        let stake = cue_text(self.doc, cue).contains("stake");
        let fits = |q: &QuantityKind| match kind {
            "tariff" => matches!(q, QuantityKind::Percent { .. }),
            // A delay is measured by its length: "a one-year delay".
            "export_control" if status == "delayed" => matches!(q, QuantityKind::Duration { .. }),
            "export_control" | "critical_list" => {
                matches!(q, QuantityKind::Count { what, .. } if counts_materials(what))
            }
            "investment" if stake => matches!(q, QuantityKind::Percent { .. }),
            "investment" | "stockpile" | "offtake" => matches!(q, QuantityKind::Money { .. }),
            "trade_agreement" | "talks" | "licensing" => matches!(q, QuantityKind::Duration { .. }),
            "production" => matches!(q, QuantityKind::Count { .. }),
            _ => false,
        };
        // How far a figure may stand from its cue, before and after: a
        // tariff's rate sits close ("a 100% tariff", "tariffs of 25%").
        let (reach_before, reach_after) = if kind == "tariff" { (6, 10) } else { (15, 15) };
        let within = |q: &Quantity| {
            let t = self.doc.token_from(q.span.start);
            if t >= cue.token {
                t - cue.token <= reach_after
            } else {
                cue.token - t <= reach_before
            }
        };
        let nearest = |pred: &dyn Fn(&QuantityKind) -> bool| {
            self.quantities
                .iter()
                .filter(|q| pred(&q.kind) && within(q))
                .min_by_key(|q| {
                    let t = self.doc.token_from(q.span.start);
                    // Prefer figures after the cue; then the nearest.
                    if t >= cue.token {
                        (t - cue.token) * 2
                    } else {
                        (cue.token - t) * 3
                    }
                })
                .copied()
        };
        nearest(&fits).or_else(|| {
            if kind == "investment" {
                nearest(&|q| matches!(q, QuantityKind::Money { .. }))
            } else {
                None
            }
        })
    }

    /// Commodity-price events: a material as the subject of a move or of a
    /// price level.
    fn commodity_prices(&self, hits: &[CueHit]) -> Vec<Event> {
        let doc = self.doc;
        let pack = doc.pack;
        let Some(type_index) = pack
            .events
            .event_types
            .iter()
            .position(|t| t.id == "commodity_price")
        else {
            return Vec::new();
        };
        let range = doc.sentence_tokens(self.s);
        let mut out: Vec<Event> = Vec::new();
        for v in range.clone() {
            let (direction, strong, figure_from) = match crate::moves::move_verb(doc, v) {
                Some((d, strong, from)) => (Some(d), strong, from),
                None if doc.is_any(
                    v,
                    &[
                        "assessed", "traded", "trades", "trading", "priced", "fetches", "fetched",
                        "quoted", "sold",
                    ],
                ) && doc.is_any(v + 1, &["at", "for"]) =>
                {
                    (None, false, v + 2)
                }
                None => continue,
            };
            let Some(material) = self.material_subject(v) else {
                continue;
            };
            let figure = self.quantities.iter().find(|q| {
                let t = doc.token_from(q.span.start);
                t >= figure_from
                    && t <= figure_from + 6
                    && matches!(
                        q.kind,
                        QuantityKind::Percent { .. }
                            | QuantityKind::Price { .. }
                            | QuantityKind::Money { .. }
                    )
            });
            if figure.is_none() && (direction.is_none() || !strong) {
                continue;
            }
            if out.iter().any(|e| e.actor == material.party) {
                continue;
            }
            let status = if hits.iter().any(|h| matches!(h.cue, Cue::Status(i) if pack.events.statuses[i as usize].id == "reported")) { "reported" } else { "announced" };
            let token = doc.tokens[v];
            let trigger = CueHit {
                start: token.start,
                end: token.end,
                cue: Cue::EventType(type_index as u16),
            };
            out.push(self.event(
                "commodity_price",
                material.party.clone(),
                Some(material.span),
                None,
                figure.copied(),
                (status, None),
                None,
                direction,
                trigger,
                0.75,
            ));
        }
        out
    }

    /// The material that is the subject of the verb at `v`: named within a
    /// few words before it, with no company between ("NdPr oxide in China
    /// eased", "cobalt hydroxide prices rose").
    fn material_subject(&self, v: usize) -> Option<&PartyRef> {
        let doc = self.doc;
        let subject = self
            .parties
            .iter()
            .rev()
            .find(|p| p.end <= v && v - p.end <= 6 && !is_object(doc, p))?;
        if !matches!(subject.party, Party::Material(_)) {
            return None;
        }
        let company_between = self
            .parties
            .iter()
            .any(|p| matches!(p.party, Party::Company(_)) && p.first >= subject.end && p.end <= v);
        let verb_between = (subject.end..v).any(|i| crate::moves::move_verb(doc, i).is_some());
        let clause_break = (subject.end..v).any(|i| doc.is_punct(i, ',') || doc.is_punct(i, ';'));
        (!company_between && !verb_between && !clause_break).then_some(*subject)
    }
}

/// Verbs that restrict what follows them.
const RESTRICTING: &[&str] = &[
    "restrict",
    "restricts",
    "restricted",
    "restricting",
    "curb",
    "curbs",
    "curbed",
    "curbing",
    "ban",
    "bans",
    "banned",
    "banning",
    "halt",
    "halts",
    "halted",
    "halting",
    "tighten",
    "tightens",
    "tightened",
    "tightening",
    "limit",
    "limits",
    "limited",
    "limiting",
    "suspend",
    "suspends",
    "suspended",
    "block",
    "blocks",
    "blocked",
    "control",
    "controls",
    "controlled",
    "choke",
    "chokes",
    "choked",
    "squeeze",
    "squeezes",
    "squeezed",
];

/// Export controls said with a verb and the goods between: "China Halts
/// Rare Earth Exports", "Beijing curbs gallium and germanium exports". The
/// pack's cue phrases cannot list every material in between, so this reads
/// the shape: a restricting verb, then "exports" within a few words.
fn restricted_exports<'d>(doc: &'d Doc<'_>, s: u32) -> impl Iterator<Item = EventCue> + 'd {
    let range = doc.sentence_tokens(s);
    let export_control = doc
        .pack
        .events
        .event_types
        .iter()
        .position(|t| t.id == "export_control");
    let start = range.start;
    range.filter_map(move |i| {
        let type_index = export_control? as u16;
        if !doc.is_any(i, &["exports", "export", "shipments"]) {
            return None;
        }
        let verb = (i.saturating_sub(5).max(start)..i)
            .rev()
            .find(|&k| doc.is_any(k, RESTRICTING))?;
        let (from, to) = (doc.tokens[verb], doc.tokens[i]);
        let hit = CueHit {
            start: from.start,
            end: to.end,
            cue: Cue::EventType(type_index),
        };
        Some(EventCue {
            hit,
            type_index,
            weak: false,
            token: verb,
            end_token: i + 1,
        })
    })
}

fn cue_text(doc: &Doc<'_>, cue: &EventCue) -> String {
    doc.text()[cue.hit.start as usize..cue.hit.end as usize].to_ascii_lowercase()
}

/// Counts that measure an export control: of materials or technologies.
fn counts_materials(what: &str) -> bool {
    const NOUNS: &[&str] = &[
        "elements",
        "earths",
        "metals",
        "minerals",
        "technologies",
        "items",
        "products",
        "materials",
        "more",
        "categories",
    ];
    let last = what.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    NOUNS.contains(&last.as_str())
}

/// Whether another event cue stands between token `a` and token `b`.
fn blocked(others: &[usize], a: usize, b: usize) -> bool {
    others.iter().any(|&o| a <= o && o < b)
}

/// The party is the object of a preposition ("on China", "with the U.S.").
fn is_object(doc: &Doc<'_>, p: &PartyRef) -> bool {
    let mut i = p.first;
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
            ],
        )
        && i - 1 != p.first
    {
        i -= 1;
    }
    i > 0 && doc.is_any(i - 1, OBJECT_PREPOSITIONS)
}

/// An unlisted broker's name in the sentence: capitalised words ending in
/// "Securities", "Capital", "& Co." and the like.
fn broker_name(doc: &Doc<'_>, from: usize, to: usize) -> Option<(String, Span)> {
    for i in from..to {
        if !doc.is_any(i, BROKER_SUFFIXES) || !doc.tokens[i].is_capitalized(doc.text()) {
            continue;
        }
        let mut first = i;
        while first > from {
            let prev = first - 1;
            let capital = doc.is_word(prev)
                && doc.tokens[prev].is_capitalized(doc.text())
                && !doc.tokens[first].newline_before;
            if capital || doc.is_punct(prev, '&') {
                first = prev;
            } else {
                break;
            }
        }
        if first == i || doc.is_punct(first, '&') {
            continue;
        }
        let mut last = i;
        if doc.is(i, "co") && doc.is_punct(i + 1, '.') {
            last = i + 1;
        }
        let (start, end) = (
            doc.tokens[first].start as usize,
            doc.tokens[last].end as usize,
        );
        return Some((doc.text()[start..end].to_string(), Span::new(start, end)));
    }
    None
}

/// Direction words of ratings in the sentence.
fn rating_direction(doc: &Doc<'_>, s: u32) -> Option<Direction> {
    const UP: &[&str] = &[
        "upgrade",
        "upgraded",
        "upgrades",
        "raised",
        "lifted",
        "outperform",
        "overweight",
        "buy",
        "initiated",
    ];
    const DOWN: &[&str] = &[
        "downgrade",
        "downgraded",
        "downgrades",
        "cut",
        "lowered",
        "underperform",
        "underweight",
        "sell",
    ];
    doc.sentence_tokens(s).find_map(|i| {
        if doc.is_any(i, DOWN) {
            Some(Direction::Down)
        } else if doc.is_any(i, UP) {
            Some(Direction::Up)
        } else {
            None
        }
    })
}

/// Statuses that reverse an event wherever they stand after it in the
/// sentence ("The 100% tariff ... will not go ahead").
const REVERSALS: &[&str] = &["averted", "lifted", "delayed"];

/// The status governing the cue at `cue`.
fn status(
    doc: &Doc<'_>,
    cue: usize,
    cue_end: usize,
    status_hits: &[(usize, u16)],
    s: u32,
) -> (&'static str, Option<Span>) {
    let pack = doc.pack;
    let statuses = &pack.events.statuses;
    let pick = |candidates: &mut dyn Iterator<Item = &(usize, u16)>| {
        candidates
            .max_by_key(|(t, i)| (statuses[*i as usize].priority, std::cmp::Reverse(*t)))
            .copied()
    };
    let sentence_end = doc.sentence_tokens(s).end;
    let before = pick(&mut status_hits.iter().filter(|(t, _)| *t < cue && cue - t <= 9));
    let reversal = || {
        pick(&mut status_hits.iter().filter(|(t, i)| {
            *t >= cue_end
                && *t < sentence_end
                && REVERSALS.contains(&statuses[*i as usize].id.as_str())
        }))
    };
    let after = || {
        pick(
            &mut status_hits
                .iter()
                .filter(|(t, _)| *t >= cue_end && t - cue_end <= 4),
        )
    };
    let reported = || {
        pick(
            &mut status_hits
                .iter()
                .filter(|(_, i)| statuses[*i as usize].id == "reported"),
        )
    };
    match before.or_else(reversal).or_else(after).or_else(reported) {
        Some((t, i)) => {
            let token = doc.tokens[t];
            (
                intern_status(&statuses[i as usize].id),
                Some(Span::new(token.start as usize, token.end as usize)),
            )
        }
        None => ("announced", None),
    }
}

/// Statuses are a closed set; returning `&'static str` keeps events cheap.
fn intern_status(id: &str) -> &'static str {
    match id {
        "threatened" => "threatened",
        "planned" => "planned",
        "effective" => "effective",
        "delayed" => "delayed",
        "averted" => "averted",
        "lifted" => "lifted",
        "reported" => "reported",
        _ => "announced",
    }
}

/// In one sentence, an investment pledged inside a deal is the deal's
/// magnitude ("a US-Uzbekistan deal pledging up to $400 million
/// investment"), and permits required by an export control are that control
/// ("added tungsten to its export licensing regime, requiring permits").
fn merge_within_sentence(events: &mut Vec<Event>) {
    if let Some(control) = events.iter().position(|e| e.kind == "export_control") {
        let (actor, trigger) = (events[control].actor.clone(), events[control].trigger);
        // Near the control's cue only: "and will issue general licences"
        // later in a long sentence is an event of its own.
        events.retain(|e| {
            !(e.kind == "licensing"
                && e.actor == actor
                && e.trigger.start.abs_diff(trigger.end) < 60)
        });
    }
    let Some(deal) = events.iter().position(|e| e.kind == "trade_agreement") else {
        return;
    };
    let deal_sides = [Some(&events[deal].actor), events[deal].target.as_ref()];
    let Some(investment) = events
        .iter()
        .position(|e| e.kind == "investment" && deal_sides.contains(&Some(&e.actor)))
    else {
        return;
    };
    let investment = events.remove(investment);
    let deal = events
        .iter_mut()
        .find(|e| e.kind == "trade_agreement")
        .expect("the deal is still there");
    if deal.magnitude.is_none() {
        deal.magnitude = investment.magnitude;
        deal.magnitude_value = investment.magnitude_value;
    }
}

/// Two magnitudes that say different things ("100%" and "20% to 10%")
/// belong to different events.
fn magnitudes_differ(a: &Event, b: &Event) -> bool {
    matches!((&a.magnitude_value, &b.magnitude_value), (Some(x), Some(y)) if x != y)
}

/// One event per type, actor and target across the article; a mention
/// without a target joins one with a target. The first report keeps its
/// status and sentence; later ones fill in what it lacks.
fn merge_across_article(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let same = out.iter_mut().find(|o| {
            o.kind == e.kind && !magnitudes_differ(o, &e) && {
                let same_sides = o.actor == e.actor
                    && (o.target == e.target || o.target.is_none() || e.target.is_none());
                let swapped = is_symmetric(&e.kind)
                    && Some(&o.actor) == e.target.as_ref()
                    && (o.target.as_ref() == Some(&e.actor) || o.target.is_none());
                let one_sided = is_symmetric(&e.kind)
                    && o.target.as_ref() == Some(&e.actor)
                    && e.target.is_none();
                same_sides || swapped || one_sided
            }
        });
        match same {
            Some(o) => {
                if o.target.is_none() {
                    o.target = e.target;
                }
                if o.magnitude.is_none() {
                    o.magnitude = e.magnitude;
                    o.magnitude_value = e.magnitude_value;
                }
                if o.date.is_none() {
                    o.date = e.date;
                }
                for m in e.materials {
                    if !o.materials.contains(&m) {
                        o.materials.push(m);
                    }
                }
                o.confidence = (o.confidence + 0.1).min(0.95);
            }
            None => out.push(e),
        }
    }
    out
}
