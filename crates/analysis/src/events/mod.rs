//! Events: type, actor, target, magnitude, status and date.
//!
//! Each sentence is read on its own, in stages that each live in a module:
//!
//! 1. [`triggers`]: the pack's trigger words in the sentence, kept when
//!    their grammar fits: a verb with the object its trigger asks for
//!    ("boosts its stake", "raised its price target"), the words a trigger
//!    requires, support near a weak trigger (a material, money, two
//!    states);
//! 2. [`roles`]: actor and target by meaning, not word order: the
//!    grammatical roles of the trigger (subject and object of an active
//!    verb, the "by" agent and the subject of a passive, possessors and
//!    modifiers of a noun, "from" and "at" sources) mapped through the
//!    trigger's role pattern (the doer acts; a recipient receives from the
//!    actor; a company acts on the person who leaves it), the type chosen
//!    as the first of the trigger's types whose party kinds accept the
//!    actor (a fund's stake is a holding, a state's an investment);
//! 3. [`status`]: the status by the cues that govern the trigger, kept to
//!    what the type can take, and whether the event is told as background;
//! 4. [`magnitude`]: the figure that measures the event;
//! 5. [`commodity`]: commodity prices, found apart from triggers (a
//!    material as the subject of a move or of a price level);
//! 6. [`merge`]: an event inside another of the same actor becomes part of
//!    it; mentions of one event across the article become one.
//!
//! Names and people the pack does not list come from [`names`]; every
//! party mention and back-reference from [`parties`]. The English these
//! stages rely on (voice, auxiliaries, clause edges) is in
//! `crate::grammar`.

mod commodity;
mod magnitude;
mod merge;
mod names;
mod parties;
mod roles;
mod status;
mod triggers;

use monazite_pack::cues::{Cue, CueHit};
use monazite_pack::events::{CueForm, EventType, PartyKinds};
use monazite_pack::lexicon::VerbForm;

use crate::brief::{Direction, Entity, Event, Mention, Party, Quantity, QuantityKind, Span};
use crate::doc::Doc;
use crate::grammar;
pub(crate) use names::Name;
use parties::PartyRef;
use triggers::TriggerHit;

/// Openers of conditional sentences.
const CONDITIONAL_OPENERS: &[&str] = &["if", "should", "unless", "whether", "were"];

pub(crate) fn find(
    doc: &Doc<'_>,
    cue_hits: &[CueHit],
    mentions: &[Mention],
    names: &[Name],
    quantities: &[Quantity],
    published: Option<jiff::civil::Date>,
) -> Vec<Event> {
    let parties = parties::party_refs(doc, mentions, names);
    let reports = reports_of(doc);
    let mut events = Vec::new();
    let (mut seen, mut last_company): (usize, Option<&PartyRef>) = (0, None);
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
            .any(|h| matches!(h.cue, Cue::Trigger { .. }));
        let moves_price = doc
            .sentence_tokens(s)
            .any(|v| crate::moves::move_verb(doc, v).is_some());
        if !(names_event || moves_price) || is_hypothetical(doc, s) {
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
        // The last company before this sentence, found once per sentence
        // from where the previous one stopped.
        while seen < parties.len() && parties[seen].first < tokens.start {
            let p = &parties[seen];
            if p.is_company() && !p.is_adviser() {
                last_company = Some(p);
            }
            seen += 1;
        }
        let context = Sentence {
            doc,
            s,
            parties: &sentence_parties,
            mentions: &sentence_mentions,
            quantities: &sentence_quantities,
            published,
            reports: &reports,
            last_company,
        };
        let mut sentence_events = context.triggered_events(&hits);
        sentence_events.extend(context.commodity_prices(&hits));
        merge::within_sentence(doc.pack, &mut sentence_events);
        events.extend(sentence_events);
    }
    merge::across_article(doc.pack, events)
}

/// The organisations and people the pack does not list but the text shows
/// ("Acme Advisors LLC", "director Jane Doe"), found once per document.
pub(crate) fn unlisted_names(doc: &Doc<'_>, mentions: &[Mention]) -> Vec<Name> {
    names::find(doc, mentions)
}

/// Drops the company mentions that only open the name of another firm
/// ("Orion" in "Orion Portfolio Solutions LLC Buys 4,482 Shares").
pub(crate) fn drop_openers_of_other_firms(names: &[Name], mentions: &mut Vec<Mention>) {
    let inside = names::inside_other_firms(mentions, names);
    if inside.is_empty() {
        return;
    }
    let mut index = 0;
    mentions.retain(|_| {
        let keep = !inside.contains(&index);
        index += 1;
        keep
    });
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

/// One sentence's material for event finding.
pub(crate) struct Sentence<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub s: u32,
    pub parties: &'d [&'d PartyRef],
    pub mentions: &'d [&'d Mention],
    pub quantities: &'d [&'d Quantity],
    pub published: Option<jiff::civil::Date>,
    /// The types whose genre's reports the document is (see [`reports_of`]).
    pub reports: &'d [u16],
    /// The last company named before this sentence that is no bank, broker
    /// or agency: what an unnamed "the stock" of a rating is.
    pub last_company: Option<&'d PartyRef>,
}

impl Sentence<'_, '_> {
    /// Whether token `at` is inside a party's name.
    pub(crate) fn in_a_party(&self, at: usize) -> bool {
        self.parties.iter().any(|p| p.first <= at && at < p.end)
    }

    /// The kinds of party that may act for type `kind` in this document:
    /// the type's own, and in a report of its genre the report's.
    pub(crate) fn actor_kinds(&self, kind: u16) -> PartyKinds {
        let event_type = &self.doc.pack.events.types[kind as usize];
        if self.reports.contains(&kind) {
            event_type.actors.union(event_type.report_actors)
        } else {
            event_type.actors
        }
    }
}

/// The types whose genre's reports the document is: its text says one of
/// the type's report cues ("13F"), or its headline (the first sentence)
/// carries a cashtag and says one of the type's report headlines ("...
/// Stake in Widget Corp $WDGT", "Widget Corp $WDGT Shares Bought by ...").
/// Types without report actors are no genre.
fn reports_of(doc: &Doc<'_>) -> Vec<u16> {
    let types = &doc.pack.events.types;
    if doc.sentences.is_empty() || types.iter().all(|t| t.report_actors.is_empty()) {
        return Vec::new();
    }
    let tokens = doc.sentence_tokens(0);
    let cashtag = (tokens.start + 1..tokens.end).any(|i| {
        doc.is_punct(i - 1, '$')
            && doc.is_word(i)
            && doc
                .tok(i)
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.')
    });
    let text = doc.text().to_ascii_lowercase();
    let (start, end) = doc.sentence_bytes(0);
    let headline = &text[start..end];
    (0..types.len() as u16)
        .filter(|&k| {
            let t = &types[k as usize];
            !t.report_actors.is_empty()
                && (t.report_cues.iter().any(|c| text.contains(c.as_str()))
                    || cashtag
                        && t.report_headlines
                            .iter()
                            .any(|c| headline.contains(c.as_str())))
        })
        .collect()
}

/// What an event is made of before it becomes an [`Event`].
pub(crate) struct Draft<'q> {
    pub kind: u16,
    pub actor: Party,
    pub actor_span: Option<Span>,
    pub target: Option<Party>,
    pub magnitude: Option<&'q Quantity>,
    pub status: (u16, Option<Span>),
    pub direction: Option<Direction>,
    pub trigger: CueHit,
    pub background: bool,
    pub confidence: f32,
}

impl Sentence<'_, '_> {
    /// The events the sentence's triggers state: at most one per type and
    /// actor, from the first trigger that yields one.
    fn triggered_events(&self, hits: &[CueHit]) -> Vec<Event> {
        let doc = self.doc;
        let pack = doc.pack;
        let triggers = self.triggers(hits);
        // A cue inside a name ("Momentum Wealth Planning LLC") marks nothing.
        let status_hits: Vec<(usize, u16)> = hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Status { status, .. } => Some((doc.token_from(h.start as usize), status)),
                _ => None,
            })
            .filter(|(at, _)| !self.in_a_party(*at))
            // "JPMorgan cut its target on Intel; Barclays raised its rating":
            // a word that states an act of its own marks no other act.
            .filter(|(at, _)| !triggers.iter().any(|t| t.token == *at))
            .collect();
        // Verbs first: their grammar says more than a noun's ("price target
        // raised to $109 by Acme" is read from "raised").
        let mut order: Vec<usize> = (0..triggers.len()).collect();
        order.sort_by_key(|&k| (!triggers[k].is_verb(), triggers[k].token));
        let mut out: Vec<Event> = Vec::new();
        for k in order {
            let t = &triggers[k];
            let others: Vec<usize> = triggers
                .iter()
                .enumerate()
                .filter(|(j, o)| {
                    *j != k
                        && pack.events.triggers[o.trigger as usize].types
                            != pack.events.triggers[t.trigger as usize].types
                })
                .map(|(_, o)| o.token)
                .collect();
            // The status the words around the trigger mark, before any type
            // is chosen: a type that cannot take it gives way to the next.
            let marked = self.marked_status(t, &status_hits);
            // In a report of a type's genre, the type takes its triggers
            // whatever they mark ("initiated a new stake" in a 13F report).
            let allows = |kind: u16| {
                let event_type = &pack.events.types[kind as usize];
                marked.is_none_or(|s| event_type.allows(s))
                    || pack.events.triggers[t.trigger as usize].types.len() == 1
                    || self.reports.contains(&kind)
            };
            // A noun of the act a verb before it in its clause states ("KeyBanc
            // upgraded Boston Properties to Overweight with an $80 price
            // target") is that verb's.
            let trigger_types = &pack.events.triggers[t.trigger as usize].types;
            // So is a participle after its noun ("downgraded Everest to Hold
            // with a price target cut from $415 to $359").
            let reduced_relative = t.is_verb()
                && t.token > 0
                && doc.is_any(t.token - 1, grammar::REDUCED_RELATIVE_HEADS)
                && !self.parties.iter().any(|p| p.end == t.token);
            if !t.is_verb() || t.object_before || reduced_relative {
                let of_a_verb = out.iter_mut().find(|e| {
                    let verb_at = doc.token_from(e.trigger.start);
                    verb_at < t.token
                        && pack
                            .events
                            .type_index(&e.kind)
                            .is_some_and(|k| trigger_types.contains(&k))
                        && !(verb_at..t.token).any(|i| grammar::ends_clause(doc, i))
                });
                if let Some(e) = of_a_verb {
                    if e.magnitude.is_none() {
                        let kind = pack.events.type_index(&e.kind).unwrap_or_default();
                        let status = pack.events.types[kind as usize].default_status;
                        if let Some(q) = self.magnitude(kind, t, status) {
                            e.magnitude = Some(doc.text()[q.span.start..q.span.end].to_string());
                            e.magnitude_value = Some(q.kind.clone());
                        }
                    }
                    continue;
                }
            }
            // A participle, appositive or infinitive of purpose goes on
            // telling the act before it, with its actor ("Swedbank acquired
            // a stake in SoFi (NASDAQ:SOFI) by purchasing 97,945 shares").
            let gerund = matches!(t.form, CueForm::Verb(forms) if forms.contains(VerbForm::Gerund));
            let continues = grammar::continues_clause(doc, t.token, t.is_verb(), gerund);
            let main = continues
                .then(|| {
                    out.iter()
                        .rev()
                        .find(|e| e.trigger.start < t.hit.start as usize)
                })
                .flatten();
            // A participle whose clause states no event of its own ("after
            // an SEC filing confirmed Nvidia's investment, purchasing
            // 214,776,632 shares") has no subject to take.
            if continues && main.is_none() && gerund && !doc.is(t.token.wrapping_sub(1), "and") {
                continue;
            }
            let controller = main.map(|main| main.actor_span);
            // Of the same act when it can be ("has acquired a new stake in
            // NVIDIA, purchasing over 2 million shares": one holding).
            let main_kind = main
                .and_then(|main| pack.events.type_index(&main.kind))
                .filter(|k| pack.events.triggers[t.trigger as usize].types.contains(k));
            let allows = |kind: u16| main_kind.is_none_or(|k| k == kind) && allows(kind);
            let Some(roles) = self.roles(t, &others, controller.flatten(), allows) else {
                continue;
            };
            if controller.is_some_and(|main| main != roles.actor_span) {
                // The phrase's own grammar found another actor: it is not
                // the clause's act after all.
                continue;
            }
            let kind = &pack.events.types[roles.kind as usize];
            // A second trigger of one act ("reiterated as Overweight at
            // JPMorgan, and the firm raised its price target to $1,385")
            // completes the first.
            let this_direction = pack.events.triggers[t.trigger as usize].up.map(|up| {
                if up {
                    Direction::Up
                } else {
                    Direction::Down
                }
            });
            // ... unless it says the opposite of someone else ("will enter
            // the MidCap 400, replacing Acadia"): another event.
            let same_act = |e: &Event| {
                e.kind == kind.id
                    && e.actor == roles.actor
                    && (e.direction.is_none()
                        || this_direction.is_none()
                        || e.direction == this_direction)
                    && (e.target.is_none() || roles.target.is_none() || e.target == roles.target)
            };
            if let Some(first) = out.iter_mut().find(|e| same_act(e)) {
                let trigger = &pack.events.triggers[t.trigger as usize];
                if first.direction.is_none() {
                    first.direction =
                        trigger
                            .up
                            .map(|up| if up { Direction::Up } else { Direction::Down });
                }
                if first.magnitude.is_none() {
                    if let Some(q) = self.magnitude(
                        roles.kind,
                        t,
                        pack.events
                            .type_index(&first.kind)
                            .map_or(0, |_| kind.default_status),
                    ) {
                        first.magnitude = Some(doc.text()[q.span.start..q.span.end].to_string());
                        first.magnitude_value = Some(q.kind.clone());
                    }
                }
                if first.target.is_none() {
                    first.target = roles.target.clone().filter(|t| *t != first.actor);
                }
                continue;
            }
            let trigger = &pack.events.triggers[t.trigger as usize];
            if trigger.needs_target && roles.target.is_none() {
                continue;
            }
            // "UBS reaffirmed a Buy rating, citing strong Q3 results": what a
            // bank cites in a sentence of ratings is the rated company's, even
            // when the company goes unnamed.
            let rating_sentence = || {
                triggers.iter().any(|o| {
                    pack.events.triggers[o.trigger as usize]
                        .types
                        .iter()
                        .any(|&k| kind.part_of.contains(&k))
                })
            };
            let adviser = self
                .parties
                .iter()
                .any(|p| Some(p.span) == roles.actor_span && p.is_adviser());
            if adviser
                && kind
                    .part_of
                    .iter()
                    .any(|&k| pack.events.types[k as usize].id == "analyst_rating")
                && rating_sentence()
            {
                continue;
            }
            let status = self.status(t, roles.kind, &status_hits);
            let magnitude = self.magnitude(roles.kind, t, status.0);
            let status_named = status.1.is_some();
            // "the acquisition of a 960-megawatt data center": a noun with
            // its object says what is acted upon, named or not.
            // So does a verb read with its object ("sells its remaining
            // stake in Wella to KKR"), unless the object is only the stock
            // ("investors who purchased shares", "Taking Stock").
            let object_named = t
                .object_end
                .is_some_and(|end| !doc.is_any(end - 1, &["share", "shares", "stock", "stocks"]));
            let names_its_object = (!t.is_verb() && doc.is(t.end_token, "of")) || object_named;
            // "strategic acquisitions, and effective cost management": a
            // plural act with nothing it bears on is a habit, whatever the
            // words around it mark.
            let habit = !t.is_verb() && doc.tok(t.end_token - 1).ends_with('s');
            if kind.needs_support
                && (!status_named || habit)
                && magnitude.is_none()
                && roles.target.is_none()
                && !names_its_object
            {
                // "despite tariffs", "due to tariffs": a tariff that nothing
                // sets, threatens or measures is background, not news.
                continue;
            }
            let direction = trigger
                .up
                .map(|up| if up { Direction::Up } else { Direction::Down });
            let background = self.is_background(t);
            let more_targets = if kind.one_per_target {
                roles
                    .target
                    .as_ref()
                    .map(|first| self.listed_after(t, first, kind))
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let draft = Draft {
                kind: roles.kind,
                actor: roles.actor.clone(),
                actor_span: roles.actor_span,
                target: roles.target,
                magnitude,
                status,
                direction,
                trigger: t.hit,
                background,
                confidence: if trigger.weak { 0.6 } else { 0.8 },
            };
            let first = self.event(draft);
            let others: Vec<Event> = more_targets
                .into_iter()
                .map(|target| Event {
                    target: Some(target),
                    magnitude: None,
                    magnitude_value: None,
                    ..first.clone()
                })
                .collect();
            out.push(first);
            out.extend(others);
        }
        out
    }

    /// The parties listed after `first`, the target of trigger `t`, in its
    /// clause ("raised targets for UNH (373→429) and four energy firms: XOM
    /// (163→182), EOG (140→153)"), that the type can act upon.
    fn listed_after(&self, t: &TriggerHit, first: &Party, kind: &EventType) -> Vec<Party> {
        let doc = self.doc;
        let Some(start) = self
            .parties
            .iter()
            .position(|p| p.first >= t.token && p.party() == first)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut end = self.parties[start].end;
        for p in &self.parties[start + 1..] {
            // Between two items: punctuation, parenthesised figures, "and",
            // and a few words of a heading ("and four energy firms:").
            let mut words = 0;
            let mut k = end;
            let mut clean = true;
            while k < p.first {
                if doc.is_punct(k, '(') {
                    match (k + 1..p.first).find(|&j| doc.is_punct(j, ')')) {
                        Some(close) => k = close + 1,
                        None => {
                            clean = false;
                            break;
                        }
                    }
                    continue;
                }
                if grammar::ends_clause(doc, k) && !doc.is_punct(k, ':') || doc.is_punct(k, '.') {
                    clean = false;
                    break;
                }
                if doc.is_word(k) && !doc.is_any(k, &["and", "or", "as", "well"]) {
                    words += 1;
                    if words > 4 || crate::moves::move_verb(doc, k).is_some() {
                        clean = false;
                        break;
                    }
                }
                k += 1;
            }
            // "... on Intel and Barclays raised its rating": a party before
            // a verb opens a clause of its own.
            let mut buffer = [0u8; 16];
            let opens_clause = doc
                .lower(p.end, &mut buffer)
                .is_some_and(|w| doc.pack.cues.verb(w).is_some());
            if !clean || opens_clause {
                break;
            }
            match p.reading(|k| kind.targets.contains(k)) {
                Some(party) if party != first && !out.contains(party) => out.push(party.clone()),
                _ => break,
            }
            end = p.end;
        }
        out
    }

    fn event(&self, d: Draft<'_>) -> Event {
        let doc = self.doc;
        let pack = doc.pack;
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
        let date = self.quantities.iter().find_map(|q| match q.kind {
            QuantityKind::Date { date, .. } => date,
            _ => None,
        });
        let target = d.target.filter(|t| *t != d.actor);
        Event {
            kind: pack.events.types[d.kind as usize].id.clone(),
            actor: d.actor,
            actor_span: d.actor_span,
            target,
            magnitude: d
                .magnitude
                .map(|q| doc.text()[q.span.start..q.span.end].to_string()),
            magnitude_value: d.magnitude.map(|q| q.kind.clone()),
            status: pack.events.statuses[d.status.0 as usize].id.clone(),
            status_span: d.status.1,
            date,
            materials,
            direction: d.direction,
            background: d.background,
            trigger: Span::new(d.trigger.start as usize, d.trigger.end as usize),
            sentence: self.s,
            sentence_span: Span::new(start, end),
            confidence: d.confidence,
        }
    }
}
