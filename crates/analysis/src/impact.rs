//! Impact: how strongly, and in which direction, the article bears on each
//! exposed ticker, with the path that explains it.
//!
//! For every event we walk the pack's exposure rules for its type: a rule
//! names the actors it applies to, the stages and materials a company must
//! have, and where it must operate relative to the actor (outside China for
//! a Chinese export control). Each company that fits gets the rule's sign,
//! scaled by the event type's weight, the status's certainty (negative for
//! delays, averted and lifted events, which bear the other way) and the
//! event's confidence. Companies the article names get their full share;
//! others exposed through the pack get a third, so a brief still says who
//! is exposed without being named.

use std::collections::BTreeMap;

use monazite_pack::{Company, CompanySource, Pack};

use crate::brief::{Direction, Entity, Event, ImpactReason, Mention, Party, TickerImpact};

/// Share of impact for exposed companies the article does not name.
const UNNAMED_SHARE: f64 = 1.0 / 3.0;
/// At most this many tickers in a brief, strongest first.
pub const MAX_TICKERS: usize = 25;

pub(crate) fn compute(pack: &Pack, events: &[Event], mentions: &[Mention]) -> (f64, Vec<TickerImpact>) {
    let named: Vec<u32> = mentions
        .iter()
        .filter_map(|m| match m.entity {
            Entity::Company { company, .. } => Some(company),
            _ => None,
        })
        .collect();
    let mut per_ticker: BTreeMap<String, TickerImpact> = BTreeMap::new();
    for (event_index, event) in events.iter().enumerate() {
        let Some(type_entry) = pack.events.event_types.iter().find(|t| t.id == event.kind) else { continue };
        let certainty = pack.events.statuses.iter().find(|s| s.id == event.status).map_or(1.0, |s| s.certainty);
        let direction = match event.direction {
            Some(Direction::Down) => -1.0,
            _ => 1.0,
        };
        for rule in pack.events.exposure_rules.iter().filter(|r| r.event == event.kind) {
            let actor_code = event.actor.code();
            if !rule.actors.is_empty() && !rule.actors.iter().any(|a| a == actor_code) {
                continue;
            }
            for (id, company) in pack.companies.iter().enumerate() {
                let id = id as u32;
                if company.source != CompanySource::Pack && !named.contains(&id) {
                    continue;
                }
                let Some(exposure) = exposure(pack, company, rule, event) else { continue };
                let share = if named.contains(&id) { 1.0 } else { UNNAMED_SHARE };
                let contribution = rule.sign * type_entry.weight * certainty * f64::from(event.confidence) * direction * share;
                if contribution.abs() < 1e-6 {
                    continue;
                }
                let entry = per_ticker.entry(company.ticker.clone()).or_insert_with(|| TickerImpact {
                    ticker: company.ticker.clone(),
                    impact: 0.0,
                    reasons: Vec::new(),
                });
                entry.impact += contribution;
                entry.reasons.push(ImpactReason { event: event_index, contribution, exposure, rule: rule.reason.clone() });
            }
        }
    }
    let mut tickers: Vec<TickerImpact> = per_ticker.into_values().collect();
    for t in &mut tickers {
        // Saturate: several events add up, but never beyond ±1.
        t.impact = t.impact.tanh();
    }
    tickers.sort_by(|a, b| b.impact.abs().total_cmp(&a.impact.abs()).then(a.ticker.cmp(&b.ticker)));
    tickers.truncate(MAX_TICKERS);
    (article_impact(pack, events), tickers)
}

/// Whether `company` is exposed to `event` under `rule`, and how, in words.
fn exposure(pack: &Pack, company: &Company, rule: &monazite_pack::model::ExposureRuleEntry, event: &Event) -> Option<String> {
    let party_is = |party: &Party| matches!(party, Party::Company(t) if *t == company.ticker);
    let actor_country = match &event.actor {
        Party::Country(code) => Some(code.as_str()),
        _ => None,
    };
    let operates_in = |code: &str| company.country == code || company.operations.iter().any(|c| c == code);
    let mut why = Vec::new();
    match rule.jurisdiction.as_str() {
        "target" => {
            if !event.target.as_ref().is_some_and(party_is) {
                return None;
            }
            why.push("target of the event".to_string());
        }
        "actor" => {
            if !party_is(&event.actor) {
                return None;
            }
            why.push("acts in the event".to_string());
        }
        "outside_actor" => {
            let actor = actor_country?;
            if company.country == actor {
                return None;
            }
            why.push(format!("based outside {actor} ({})", company.country));
        }
        "inside_actor" => {
            let actor = actor_country?;
            if !operates_in(actor) {
                return None;
            }
            why.push(format!("operates in {actor}"));
        }
        "partner" => {
            let mut sides = vec![actor_country?];
            if let Some(Party::Country(t)) = &event.target {
                sides.push(t);
            }
            let side = sides.into_iter().find(|c| *c != "CN" && operates_in(c))?;
            why.push(format!("operates in partner country {side}"));
        }
        _ => {}
    }
    if !rule.stages.is_empty() {
        let stage = company.stages.iter().find(|s| rule.stages.contains(s))?;
        why.push(format!("stage {stage}"));
    }
    if rule.jurisdiction != "target" && rule.jurisdiction != "actor" {
        let wanted: &[String] = if event.materials.is_empty() { &rule.materials } else { &event.materials };
        if !wanted.is_empty() {
            let shared = company.materials.iter().find(|m| material_in(pack, m, wanted))?;
            why.push(format!("material {shared}"));
        }
    }
    Some(why.join(", "))
}

/// Whether material or group `id` falls under any of `wanted`: itself, one
/// of its groups, or (for a group) a related group ("rare_earths" is under
/// "critical_minerals", and a rare-earth producer is exposed to heavy ones).
fn material_in(pack: &Pack, id: &str, wanted: &[String]) -> bool {
    if wanted.iter().any(|w| w == id) {
        return true;
    }
    if let Some(material) = pack.material_by_id(id) {
        return material.groups.iter().any(|g| wanted.contains(g));
    }
    let is_rare_earth_group = id.ends_with("rare_earths");
    is_rare_earth_group && wanted.iter().any(|w| w.ends_with("rare_earths") || w == "critical_minerals")
}

/// The article's impact in [0, 1]: the strongest events, weighted by type,
/// status certainty and confidence, saturating.
fn article_impact(pack: &Pack, events: &[Event]) -> f64 {
    let total: f64 = events
        .iter()
        .map(|e| {
            let weight = pack.events.event_types.iter().find(|t| t.id == e.kind).map_or(0.3, |t| t.weight);
            let certainty = pack.events.statuses.iter().find(|s| s.id == e.status).map_or(1.0, |s| s.certainty.abs());
            weight * certainty * f64::from(e.confidence)
        })
        .sum();
    (1.0 - (-total / 2.0).exp()).clamp(0.0, 1.0)
}
