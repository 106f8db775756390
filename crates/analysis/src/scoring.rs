//! Article-level readings built from the stages before: tension,
//! categories, entity sentiment, the extractive summary and key numbers.

use std::collections::BTreeMap;

use monazite_pack::cues::{Cue, CueHit};

use crate::brief::{
    Category, Entity, EntitySentiment, Event, Mention, PriceMove, Quantity, QuantityKind,
    SentenceInfo, Span, Tension,
};
use crate::doc::Doc;

/// Escalation versus de-escalation, from the events: each contributes its
/// type's tension times its status's certainty, so a threatened tariff
/// escalates, a truce calms, and a delayed export control calms too.
pub(crate) fn tension(doc: &Doc<'_>, events: &[Event]) -> Tension {
    let pack = doc.pack;
    let mut t = Tension::default();
    for (i, e) in events.iter().enumerate() {
        let Some(kind) = pack.event_type(&e.kind) else {
            continue;
        };
        let certainty = pack.status_certainty(&e.status);
        let value = kind.tension * certainty * f64::from(e.confidence);
        if value > 0.0 {
            t.escalation += value;
        } else if value < 0.0 {
            t.de_escalation -= value;
        } else {
            continue;
        }
        t.events.push(i);
    }
    t.score = (t.escalation - t.de_escalation).tanh();
    t
}

/// Categories from category cues and event types; a category needs some
/// evidence, and more evidence saturates towards 1.
pub(crate) fn categories(doc: &Doc<'_>, hits: &[CueHit], events: &[Event]) -> Vec<Category> {
    let pack = doc.pack;
    let mut evidence: BTreeMap<usize, (f64, Vec<Span>)> = BTreeMap::new();
    for h in hits {
        if let Cue::Category(i) = h.cue {
            let entry = evidence.entry(i as usize).or_default();
            entry.0 += 1.0;
            if entry.1.len() < 5 {
                entry.1.push(Span::new(h.start as usize, h.end as usize));
            }
        }
    }
    for e in events {
        for (i, c) in pack.categories.iter().enumerate() {
            if c.event_types.contains(&e.kind) {
                let entry = evidence.entry(i).or_default();
                entry.0 += 2.0;
                if entry.1.len() < 5 {
                    entry.1.push(e.trigger);
                }
            }
        }
    }
    let mut out: Vec<Category> = evidence
        .into_iter()
        .map(|(i, (weight, cues))| Category {
            id: pack.categories[i].id.clone(),
            label: pack.categories[i].label.clone(),
            score: 1.0 - (-weight / 3.0).exp(),
            cues,
        })
        .filter(|c| c.score >= 0.28)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out
}

/// The key a mention is grouped under for entity sentiment.
fn entity_key(m: &Mention) -> Option<String> {
    match &m.entity {
        Entity::Company { ticker, .. } => Some(ticker.clone()),
        Entity::Country { code } => Some(code.clone()),
        Entity::Material { id } | Entity::Group { id } => Some(id.clone()),
        _ => None,
    }
}

/// Each entity's sentiment: the mean over the sentences that name it.
pub(crate) fn entity_sentiment(
    mentions: &[Mention],
    sentences: &[SentenceInfo],
) -> Vec<EntitySentiment> {
    let mut per: BTreeMap<String, (f64, Vec<u32>)> = BTreeMap::new();
    for m in mentions {
        let Some(key) = entity_key(m) else { continue };
        let entry = per.entry(key).or_default();
        if !entry.1.contains(&m.sentence) {
            entry.1.push(m.sentence);
            entry.0 += sentences
                .get(m.sentence as usize)
                .map_or(0.0, |s| s.sentiment);
        }
    }
    per.into_iter()
        .map(|(entity, (sum, seen))| EntitySentiment {
            entity,
            score: sum / seen.len() as f64,
            sentences: seen.len() as u32,
        })
        .collect()
}

/// Three sentences that carry the most facts, in text order. A sentence
/// earns points for events, claimed moves, companies and figures, and a
/// little for coming early; headlines and fragments are left out.
pub(crate) fn summary(
    doc: &Doc<'_>,
    mentions: &[Mention],
    quantities: &[Quantity],
    moves: &[PriceMove],
    events: &[Event],
) -> Vec<u32> {
    let n = doc.sentences.len();
    let mut score = vec![0.0f64; n];
    for m in mentions {
        score[m.sentence as usize] += if matches!(m.entity, Entity::Company { .. }) {
            1.0
        } else {
            0.4
        };
    }
    for q in quantities {
        score[q.sentence as usize] += 0.5;
    }
    for m in moves {
        score[m.sentence as usize] += 1.5;
    }
    for e in events {
        score[e.sentence as usize] += 3.0;
    }
    let mut ranked: Vec<u32> = (0..n as u32)
        .filter(|&s| {
            let words = doc.sentence_tokens(s).filter(|&i| doc.is_word(i)).count();
            words >= 8 && !crate::mentions::is_title_case(doc, s) && score[s as usize] > 0.0
        })
        .collect();
    ranked.sort_by(|&a, &b| {
        let position = |s: u32| 1.0 / (1.0 + s as f64 / 4.0);
        (score[b as usize] + position(b))
            .total_cmp(&(score[a as usize] + position(a)))
            .then(a.cmp(&b))
    });
    ranked.truncate(3);
    ranked.sort_unstable();
    ranked
}

/// The figures that matter: event magnitudes and claimed moves first, then
/// money; at most six, no repeats.
pub(crate) fn key_numbers(
    quantities: &[Quantity],
    moves: &[PriceMove],
    events: &[Event],
) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut push = |i: usize| {
        if !out.contains(&i) && out.len() < 6 {
            out.push(i);
        }
    };
    for e in events {
        if let Some(value) = &e.magnitude_value {
            if let Some(i) = quantities
                .iter()
                .position(|q| q.sentence == e.sentence && &q.kind == value)
            {
                push(i);
            }
        }
    }
    for m in moves {
        if let Some(i) = quantities.iter().position(|q| {
            q.sentence == m.sentence
                && matches!(q.kind, QuantityKind::Percent { value } if Some(value) == m.pct)
        }) {
            push(i);
        }
    }
    for (i, q) in quantities.iter().enumerate() {
        if matches!(
            q.kind,
            QuantityKind::Money { .. } | QuantityKind::Price { .. }
        ) {
            push(i);
        }
    }
    out
}
