//! Events: type, actor, target, magnitude, status and date.
//!
//! Each sentence is read on its own. A cue phrase from the pack names an
//! event type ("export controls", "truce"); weak cues ("restrictions",
//! "deal") need support nearby (a material, a figure, a pair of countries).
//! The actor is found by how English marks agents: a possessive or demonym
//! right before the cue ("China's export controls", "Chinese concessions"),
//! a hyphenated pair ("U.S.-China truce": actor and target), the subject of
//! the clause, or an agent after the cue ("by Beijing"). Objects of "on",
//! "against", "with", "to", "in" are targets, never actors. Agencies and
//! people act for their country or company as the pack says (the Pentagon
//! for `US`, Jamie Dimon for `JPM`).
//!
//! The status comes from the status cue governing the event: first a cue
//! just before it ("threat to slap tariffs", "delaying export controls"),
//! then one just after, then a reporting cue anywhere in the sentence;
//! otherwise the event is `announced`. Conditional and interrogative
//! sentences ("If Beijing keeps...", "What are China's motives?") state no
//! event. Mentions of the same event across the article merge into one.

use monazite_pack::cues::{Cue, CueHit};

use crate::brief::{Direction, Entity, Event, Mention, Party, Quantity, QuantityKind, Span};
use crate::doc::Doc;

/// How an event type chooses its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActorKind {
    /// States act: export controls, tariffs, deals, talks, lists, licences.
    State,
    /// States or companies: investment, offtake.
    StateOrCompany,
    /// Companies only: production, analyst ratings.
    Company,
    /// The material itself: commodity prices.
    Material,
}

fn actor_kind(kind: &str) -> ActorKind {
    match kind {
        "investment" | "offtake" => ActorKind::StateOrCompany,
        "production" | "analyst_rating" => ActorKind::Company,
        "commodity_price" => ActorKind::Material,
        _ => ActorKind::State,
    }
}

/// Types that bind both sides: either may be named first.
fn is_symmetric(kind: &str) -> bool {
    matches!(kind, "trade_agreement" | "talks")
}

/// Prepositions whose object is a target or a place, not an actor.
const TARGET_PREPOSITIONS: &[&str] = &["on", "against", "with", "to", "from", "into", "in", "for", "at", "of", "toward", "towards", "over", "like"];

/// Openers of conditional sentences.
const CONDITIONAL_OPENERS: &[&str] = &["if", "should", "unless", "whether", "were"];

/// A party mention usable as actor or target.
#[derive(Debug, Clone)]
struct PartyRef {
    party: Party,
    first: usize,
    end: usize,
    span: Span,
    possessive: bool,
    demonym: bool,
}

pub(crate) fn find(doc: &Doc<'_>, mentions: &[Mention], quantities: &[Quantity]) -> Vec<Event> {
    let pack = doc.pack;
    let mut cue_hits = Vec::new();
    pack.cues.find_all(doc.text(), &mut cue_hits);
    let parties = party_refs(doc, mentions);
    let mut events = Vec::new();
    let mut hit_at = 0;
    for s in 0..doc.sentences.len() as u32 {
        let (start, end) = doc.sentence_bytes(s);
        let first_hit = hit_at;
        while hit_at < cue_hits.len() && (cue_hits[hit_at].start as usize) < end {
            hit_at += 1;
        }
        let hits: Vec<CueHit> = cue_hits[first_hit..hit_at].iter().copied().filter(|h| h.start as usize >= start).collect();
        if hits.is_empty() || is_hypothetical(doc, s) {
            continue;
        }
        let sentence_parties: Vec<&PartyRef> = parties.iter().filter(|p| doc.token_sentence[p.first] == s).collect();
        let sentence_mentions: Vec<&Mention> = mentions.iter().filter(|m| m.sentence == s).collect();
        let sentence_quantities: Vec<&Quantity> = quantities.iter().filter(|q| q.sentence == s).collect();
        let mut sentence_events = events_in_sentence(doc, s, &hits, &sentence_parties, &sentence_mentions, &sentence_quantities);
        merge_within_sentence(&mut sentence_events);
        events.extend(sentence_events);
    }
    merge_across_article(events)
}

/// Questions and conditionals report nothing.
fn is_hypothetical(doc: &Doc<'_>, s: u32) -> bool {
    let range = doc.sentence_tokens(s);
    let last = range.end - 1;
    if doc.is_punct(last, '?') {
        return true;
    }
    // Skip list bullets and headings before the first word ("- If ...").
    let first_word = range.clone().find(|&i| doc.is_word(i)).unwrap_or(range.start);
    doc.is_any(first_word, CONDITIONAL_OPENERS)
}

fn party_refs(doc: &Doc<'_>, mentions: &[Mention]) -> Vec<PartyRef> {
    let pack = doc.pack;
    let mut out = Vec::new();
    for m in mentions {
        let party = match &m.entity {
            Entity::Country { code } => Party::Country(code.clone()),
            Entity::Organization { country: Some(code), .. } => Party::Country(code.clone()),
            Entity::Person { speaks_for: Some(who), .. } => {
                if pack.country_by_code(who).is_some() {
                    Party::Country(who.clone())
                } else {
                    Party::Company(who.clone())
                }
            }
            Entity::Company { ticker, .. } => Party::Company(ticker.clone()),
            Entity::Material { id } => Party::Material(id.clone()),
            _ => continue,
        };
        let first = doc.token_from(m.span.start);
        let end = doc.token_until(m.span.end).max(first + 1);
        // "non-Chinese" negates the country.
        if first >= 2 && doc.is_punct(first - 1, '-') && doc.is(first - 2, "non") {
            continue;
        }
        let possessive = doc.is_punct(end, '\'') && (doc.is(end + 1, "s") || doc.tok(end - 1).ends_with('s'));
        let demonym = matches!(m.evidence, crate::brief::Evidence::Demonym);
        out.push(PartyRef { party, first, end, span: m.span, possessive, demonym });
    }
    out
}

fn eligible(kind: ActorKind, party: &Party) -> bool {
    match (kind, party) {
        (ActorKind::State, Party::Country(_)) => true,
        (ActorKind::StateOrCompany, Party::Country(_) | Party::Company(_)) => true,
        (ActorKind::Company, Party::Company(_)) => true,
        (ActorKind::Material, Party::Material(_)) => true,
        _ => false,
    }
}

/// One candidate event per type and sentence, from its first cue.
fn events_in_sentence(
    doc: &Doc<'_>,
    s: u32,
    hits: &[CueHit],
    parties: &[&PartyRef],
    mentions: &[&Mention],
    quantities: &[&Quantity],
) -> Vec<Event> {
    let pack = doc.pack;
    let event_hits: Vec<(CueHit, u16, bool)> = hits
        .iter()
        .filter_map(|h| match h.cue {
            Cue::EventType(t) => Some((*h, t, false)),
            Cue::WeakEventType(t) => Some((*h, t, true)),
            _ => None,
        })
        .collect();
    // A longer cue hides the cues inside it ("export licensing" ⊃ "licensing").
    let event_hits: Vec<(CueHit, u16, bool)> = event_hits
        .iter()
        .filter(|(h, _, _)| {
            !event_hits.iter().any(|(o, _, _)| o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start))
        })
        .copied()
        .collect();
    let cue_tokens: Vec<usize> = event_hits.iter().map(|(h, _, _)| doc.token_from(h.start as usize)).collect();
    let status_hits: Vec<(usize, u16)> = hits
        .iter()
        .filter_map(|h| match h.cue {
            Cue::Status(i) => Some((doc.token_from(h.start as usize), i)),
            _ => None,
        })
        .collect();
    let materials: Vec<String> = mentions
        .iter()
        .filter_map(|m| match &m.entity {
            Entity::Material { id } | Entity::Group { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    let (sentence_start, sentence_end) = doc.sentence_bytes(s);
    let mut out: Vec<Event> = Vec::new();
    for (k, (hit, type_index, weak)) in event_hits.iter().enumerate() {
        let event_type = &pack.events.event_types[*type_index as usize];
        let kind = event_type.id.as_str();
        if out.iter().any(|e| e.kind == kind) {
            continue;
        }
        let cue_token = cue_tokens[k];
        let cue_end_token = doc.token_until(hit.end as usize);
        if *weak && !weak_cue_supported(doc, cue_token, cue_end_token, parties, mentions, quantities) {
            continue;
        }
        // "leverage in trade negotiations": a generic mention, not talks.
        if kind == "talks" && cue_token > 0 && doc.is(cue_token - 1, "in") && !doc.is(cue_token, "talks") {
            continue;
        }
        let others: Vec<usize> = cue_tokens.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, t)| *t).collect();
        let actor_kind = actor_kind(kind);
        if actor_kind == ActorKind::Material && !is_commodity_price(doc, cue_token, cue_end_token, mentions) {
            continue;
        }
        let Some((actor, mut target)) = choose_parties(doc, cue_token, cue_end_token, parties, &others, actor_kind, is_symmetric(kind)) else {
            continue;
        };
        if target.as_ref().is_some_and(|t| t.party == actor.party) {
            target = None;
        }
        let magnitude = magnitude(doc, kind, cue_token, quantities);
        // Bare "investment" talk without money, stake or company is not an event.
        if kind == "investment" && magnitude.is_none() && !matches!(actor.party, Party::Company(_))
            && !target.as_ref().is_some_and(|t| matches!(t.party, Party::Company(_)))
            && !doc.text()[hit.start as usize..hit.end as usize].to_ascii_lowercase().contains("stake")
        {
            continue;
        }
        let (status, status_span) = status(doc, cue_token, cue_end_token, &status_hits, s);
        let date = quantities.iter().find_map(|q| match q.kind {
            QuantityKind::Date { date, .. } => date,
            _ => None,
        });
        let direction = if matches!(actor_kind, ActorKind::Material) || kind == "analyst_rating" {
            rating_or_price_direction(doc, s)
        } else {
            None
        };
        let confidence = if *weak { 0.6 } else { 0.8 };
        out.push(Event {
            kind: kind.to_string(),
            actor: actor.party.clone(),
            actor_span: Some(actor.span),
            target: target.map(|t| t.party.clone()),
            magnitude: magnitude.map(|q| doc.text()[q.span.start..q.span.end].to_string()),
            magnitude_value: magnitude.map(|q| q.kind.clone()),
            status: status.to_string(),
            status_span,
            date,
            materials: materials.clone(),
            direction,
            trigger: Span::new(hit.start as usize, hit.end as usize),
            sentence: s,
            sentence_span: Span::new(sentence_start, sentence_end),
            confidence,
        });
    }
    out
}

/// A weak cue counts next to a material, a figure, a country pair or a
/// company within a few words.
fn weak_cue_supported(
    doc: &Doc<'_>,
    cue: usize,
    cue_end: usize,
    parties: &[&PartyRef],
    mentions: &[&Mention],
    quantities: &[&Quantity],
) -> bool {
    const WINDOW: usize = 8;
    let near = |first: usize, end: usize| end + WINDOW >= cue && first <= cue_end + WINDOW;
    let material_near = mentions.iter().any(|m| {
        matches!(m.entity, Entity::Material { .. } | Entity::Group { .. })
            && near(doc.token_from(m.span.start), doc.token_until(m.span.end))
    });
    let money_near = quantities.iter().any(|q| {
        matches!(q.kind, QuantityKind::Money { .. }) && near(doc.token_from(q.span.start), doc.token_until(q.span.end))
    });
    let pair_before = parties.iter().any(|p| p.end + 2 >= cue && p.end <= cue && doc.is_punct(p.first.wrapping_sub(1), '-'));
    material_near || money_near || pair_before
}

/// "NdPr oxide prices rose", "prices of lithium carbonate fell": a material
/// next to the price cue and a move in the sentence.
fn is_commodity_price(doc: &Doc<'_>, cue: usize, cue_end: usize, mentions: &[&Mention]) -> bool {
    let material_adjacent = mentions.iter().any(|m| {
        let (first, end) = (doc.token_from(m.span.start), doc.token_until(m.span.end));
        let before = end <= cue && cue - end <= 2;
        let after = first >= cue_end && first - cue_end <= 2 && doc.is_any(cue_end, &["of", "for"]);
        matches!(m.entity, Entity::Material { .. }) && (before || after)
    });
    material_adjacent && rating_or_price_direction(doc, doc.token_sentence[cue]).is_some()
}

/// Direction words of prices and ratings in the sentence.
fn rating_or_price_direction(doc: &Doc<'_>, s: u32) -> Option<Direction> {
    const UP: &[&str] = &[
        "rose", "rise", "rises", "rising", "jumped", "surged", "climbed", "gained", "soared", "rallied", "higher",
        "upgrade", "upgraded", "upgrades", "raised", "outperform", "overweight", "buy", "doubled", "spiked", "firmed",
    ];
    const DOWN: &[&str] = &[
        "fell", "fall", "falls", "falling", "dropped", "slid", "declined", "plunged", "tumbled", "lower", "downgrade",
        "downgraded", "downgrades", "cut", "underperform", "underweight", "sell", "slumped", "eased", "sank",
    ];
    let range = doc.sentence_tokens(s);
    range.clone().find_map(|i| {
        if doc.is_any(i, UP) {
            Some(Direction::Up)
        } else if doc.is_any(i, DOWN) {
            Some(Direction::Down)
        } else {
            None
        }
    })
}

/// Whether another event cue stands between token `a` and token `b`.
fn blocked(others: &[usize], a: usize, b: usize) -> bool {
    others.iter().any(|&o| a < o && o < b)
}

fn preceded_by_target_preposition(doc: &Doc<'_>, p: &PartyRef) -> bool {
    let mut i = p.first;
    // Skip determiners: "on the United States", "with the U.S.".
    while i > 0 && doc.is_any(i - 1, &["the", "a", "an"]) {
        i -= 1;
    }
    i > 0 && doc.is_any(i - 1, TARGET_PREPOSITIONS)
}

/// The actor and target of the cue at `cue`.
fn choose_parties<'p>(
    doc: &Doc<'_>,
    cue: usize,
    cue_end: usize,
    parties: &[&'p PartyRef],
    others: &[usize],
    kind: ActorKind,
    symmetric: bool,
) -> Option<(&'p PartyRef, Option<&'p PartyRef>)> {
    let ok = |p: &&&PartyRef| eligible(kind, &p.party);
    let before: Vec<&&PartyRef> = parties.iter().filter(|p| p.end <= cue && !blocked(others, p.end, cue)).filter(ok).collect();
    let after: Vec<&&PartyRef> = parties.iter().filter(|p| p.first >= cue_end).filter(ok).collect();
    let target_after = after.iter().find(|p| preceded_by_target_preposition(doc, p) && p.first <= cue_end + 6).map(|p| **p);

    // A hyphenated pair right before the cue: "U.S.-China trade truce".
    if let Some(second) = before.iter().rev().find(|p| p.first > 0 && doc.is_punct(p.first - 1, '-') && cue - p.end <= 4) {
        if let Some(first) = before.iter().find(|p| p.end + 1 == second.first) {
            return Some((**first, Some(**second)));
        }
    }
    // A possessive or demonym right before the cue: "China's export controls".
    if let Some(p) = before.iter().rev().find(|p| (p.possessive || p.demonym) && cue - p.end <= 8) {
        // "the United States and China's truce": keep the other side as target.
        let other = before.iter().rev().find(|o| o.party != p.party && symmetric && cue - o.end <= 8).map(|o| **o);
        return Some((**p, other.or(target_after)));
    }
    // The subject: the first party before the cue that is not an object.
    if let Some(p) = before.iter().find(|p| !preceded_by_target_preposition(doc, p)) {
        let other = if symmetric { before.iter().find(|o| o.party != p.party).map(|o| **o) } else { None };
        return Some((**p, target_after.or(other)));
    }
    // An agent after the cue: "controls announced by Beijing".
    if let Some(p) = after.iter().find(|p| p.first > 0 && doc.is(p.first - 1, "by")) {
        return Some((**p, None));
    }
    // The subject after a fronted phrase: "Despite a deal with China, the United States ...".
    if let Some(p) = after.iter().find(|p| !preceded_by_target_preposition(doc, p) && p.first <= cue_end + 12) {
        return Some((**p, target_after.filter(|t| t.party != p.party)));
    }
    // Talks "with China": the other side is still a party.
    if symmetric {
        if let Some(p) = target_after {
            return Some((p, None));
        }
        if let Some(p) = before.last() {
            return Some((**p, None));
        }
    }
    None
}

/// The figure that measures an event of type `kind`.
fn magnitude<'q>(doc: &Doc<'_>, kind: &str, cue: usize, quantities: &[&'q Quantity]) -> Option<&'q Quantity> {
    let fits = |q: &QuantityKind| match kind {
        "tariff" => matches!(q, QuantityKind::Percent { .. }),
        "export_control" | "critical_list" => matches!(q, QuantityKind::Count { .. }),
        "investment" | "stockpile" | "offtake" => matches!(q, QuantityKind::Money { .. }),
        "trade_agreement" | "talks" | "licensing" => matches!(q, QuantityKind::Duration { .. }),
        "commodity_price" => matches!(q, QuantityKind::Percent { .. } | QuantityKind::Price { .. }),
        "production" => matches!(q, QuantityKind::Count { .. }),
        _ => false,
    };
    let delay = |q: &QuantityKind| matches!(q, QuantityKind::Duration { .. });
    quantities
        .iter()
        .filter(|q| fits(&q.kind) || (kind == "export_control" && delay(&q.kind)))
        .min_by_key(|q| {
            let t = doc.token_from(q.span.start);
            // Prefer figures after the cue; then the nearest.
            if t >= cue { (t - cue) * 2 } else { (cue - t) * 3 }
        })
        .copied()
}

/// The status governing the cue at `cue`.
fn status(doc: &Doc<'_>, cue: usize, cue_end: usize, status_hits: &[(usize, u16)], s: u32) -> (&'static str, Option<Span>) {
    let pack = doc.pack;
    let pick = |candidates: &mut dyn Iterator<Item = &(usize, u16)>| {
        candidates.max_by_key(|(t, i)| (pack.events.statuses[*i as usize].priority, std::cmp::Reverse(*t))).copied()
    };
    let before = pick(&mut status_hits.iter().filter(|(t, _)| *t < cue && cue - t <= 7));
    let after = || pick(&mut status_hits.iter().filter(|(t, _)| *t >= cue_end && t - cue_end <= 4));
    let reported = || {
        pick(&mut status_hits.iter().filter(|(_, i)| pack.events.statuses[*i as usize].id == "reported"))
    };
    let _ = s;
    match before.or_else(after).or_else(reported) {
        Some((t, i)) => {
            let token = doc.tokens[t];
            (intern_status(&pack.events.statuses[i as usize].id), Some(Span::new(token.start as usize, token.end as usize)))
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
/// magnitude: "a US-Uzbekistan deal pledging up to $400 million investment".
fn merge_within_sentence(events: &mut Vec<Event>) {
    let Some(deal) = events.iter().position(|e| e.kind == "trade_agreement") else { return };
    if let Some(investment) = events.iter().position(|e| e.kind == "investment" && e.actor == events[deal].actor) {
        let investment = events.remove(investment);
        let deal = if deal > 0 && events.len() == deal { deal - 1 } else { deal.min(events.len() - 1) };
        let deal = &mut events[deal];
        if deal.magnitude.is_none() {
            deal.magnitude = investment.magnitude;
            deal.magnitude_value = investment.magnitude_value;
        }
    }
}

/// One event per type, actor and target across the article; a mention
/// without a target joins one with a target. The first report keeps its
/// status and sentence; later ones fill in what it lacks.
fn merge_across_article(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let same = out.iter_mut().find(|o| {
            o.kind == e.kind && {
                let same_sides = o.actor == e.actor && (o.target == e.target || o.target.is_none() || e.target.is_none());
                let swapped = is_symmetric(&e.kind) && Some(&o.actor) == e.target.as_ref() && o.target.as_ref() == Some(&e.actor);
                let one_sided = is_symmetric(&e.kind) && (Some(&o.actor) == e.target.as_ref() && o.target.is_none());
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
