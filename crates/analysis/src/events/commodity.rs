//! Commodity prices, found apart from triggers: a material that is the
//! subject of a move ("NdPr oxide eased 3%", "cobalt hydroxide prices rose
//! 4%") or of a price level ("dysprosium oxide was assessed at $800 per
//! kilogram").

use monazite_pack::cues::{Cue, CueHit};

use super::parties::PartyRef;
use super::{Draft, Sentence};
use crate::brief::{Event, QuantityKind};
use crate::grammar;

/// Verbs that state a price level when "at" or "for" follows them.
const LEVEL_VERBS: &[&str] = &[
    "assessed",
    "traded",
    "trades",
    "trading",
    "priced",
    "fetches",
    "fetched",
    "quoted",
    "sold",
    "stood",
    "stands",
    "settled",
    "settles",
    "closed",
    "ended",
    "reached",
    "reaching",
    "hit",
    "hits",
    "touched",
    "exceeded",
    "exceeding",
    "topped",
    "crossed",
    "breached",
    "surpassed",
];

impl Sentence<'_, '_> {
    pub(crate) fn commodity_prices(&self, hits: &[CueHit]) -> Vec<Event> {
        let doc = self.doc;
        let pack = doc.pack;
        let Some(kind) = pack.events.type_index("commodity_price") else {
            return Vec::new();
        };
        let event_type = &pack.events.types[kind as usize];
        let range = doc.sentence_tokens(self.s);
        let mut out: Vec<Event> = Vec::new();
        for v in range.clone() {
            let (direction, strong, figure_from) = match crate::moves::move_verb(doc, v) {
                Some((d, strong, from)) => (Some(d), strong, from),
                None if doc.is_any(v, LEVEL_VERBS)
                    && doc.is_any(v + 1, &["at", "for", "near", "around"]) =>
                {
                    (None, false, v + 2)
                }
                // "reached $24,000 per tonne", "exceeding US$ 20,000 per tonne".
                None if doc.is_any(v, LEVEL_VERBS) => (None, false, v + 1),
                None => continue,
            };
            let Some(material) = self.material_subject(v) else {
                continue;
            };
            let figure = self.quantities.iter().copied().find(|q| {
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
            if out.iter().any(|e| e.actor == *material.party()) {
                continue;
            }
            let reported = hits.iter().any(|h| {
                matches!(h.cue, Cue::Status { status, .. } if pack.events.statuses[status as usize].id == "reported")
            });
            let status = if reported {
                pack.events
                    .status_index("reported")
                    .unwrap_or(event_type.default_status)
            } else {
                event_type.default_status
            };
            let token = doc.tokens[v];
            let trigger = CueHit {
                start: token.start,
                end: token.end,
                cue: Cue::Category(0),
            };
            let draft = Draft {
                kind,
                actor: material.party().clone(),
                actor_span: Some(material.span),
                target: None,
                magnitude: figure,
                status: (status, None),
                direction,
                trigger,
                background: false,
                confidence: 0.75,
            };
            out.push(self.event(draft));
        }
        out
    }

    /// The material that is the subject of the verb at `v`: named within a
    /// few words before it, with no company between ("NdPr oxide in China
    /// eased", "cobalt hydroxide prices rose").
    fn material_subject(&self, v: usize) -> Option<&PartyRef> {
        let doc = self.doc;
        // The nearest material before the verb, over a place or a market
        // ("copper on the London Metal Exchange (LME) rose", "lithium
        // prices, which reached").
        let relative_after = |p: &PartyRef| {
            (p.end..(p.end + 3).min(v))
                .any(|i| doc.is_punct(i, ',') && doc.is_any(i + 1, &["which", "that"]))
        };
        let subject = self.parties.iter().rev().find(|p| {
            p.end <= v
                && v - p.end <= 12
                && p.is_material()
                && (grammar::preposition_before(doc, p.first).is_none_or(|w| w == "and")
                    || relative_after(p))
        })?;
        // "Platinum cardholders showed", "lithium stocks fell": a material
        // before another noun only describes what moved.
        let next = subject.end;
        let describes = next < v
            && doc.is_word(next)
            && !doc.tokens[next].is_capitalized(doc.text())
            && !doc.is_any(
                next,
                &[
                    "price", "prices", "futures", "contract", "contracts", "spot", "benchmark", "benchmarks",
                    "quotes", "rates", "and", "or", "on", "in", "at", "for", "from", "which", "that", "has",
                    "have", "had", "was", "were", "is", "are", "also", "itself", "again",
                ],
            )
            && crate::moves::move_verb(doc, next).is_none()
            // "Dysprosium oxide delivered in Rotterdam was assessed at".
            && !doc.tok(next).ends_with("ed")
            && !doc.tok(next).ends_with("ing");
        if describes {
            return None;
        }
        let company_between = self
            .parties
            .iter()
            .any(|p| p.is_company() && p.first >= subject.end && p.end <= v);
        let verb_between = (subject.end..v).any(|i| crate::moves::move_verb(doc, i).is_some());
        let relative = |i: usize| doc.is_punct(i, ',') && doc.is_any(i + 1, &["which", "that"]);
        // ", exceeding US$ 20,000 per tonne": a participle clause after a
        // comma keeps the subject.
        let participle = v > 0 && doc.is_punct(v - 1, ',') && doc.tok(v).ends_with("ing");
        let clause_break = (subject.end..v).any(|i| {
            (doc.is_punct(i, ',') && !relative(i) && !(participle && i == v - 1))
                || doc.is_punct(i, ';')
        });
        let material_between = self.parties.iter().any(|p| {
            p.is_material() && p.first >= subject.end && p.end <= v && p.party() != subject.party()
        });
        (!company_between && !verb_between && !clause_break && !material_between)
            .then_some(*subject)
    }
}
