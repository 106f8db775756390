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

use monazite_pack::model::{ExposureRuleEntry, Jurisdiction};
use monazite_pack::{Company, Pack};

use crate::brief::{Direction, Entity, Event, ImpactReason, Mention, Party, TickerImpact};

/// Share of impact for exposed companies the article does not name.
const UNNAMED_SHARE: f64 = 1.0 / 3.0;
/// At most this many tickers in a brief, strongest first.
pub const MAX_TICKERS: usize = 20;
/// At most this many reasons per ticker, strongest first.
pub const MAX_REASONS: usize = 3;

pub(crate) fn compute(
    pack: &Pack,
    events: &[Event],
    mentions: &[Mention],
) -> (f64, Vec<TickerImpact>) {
    let named: std::collections::BTreeSet<u32> = mentions
        .iter()
        .filter_map(|m| match m.entity {
            Entity::Company { company, .. } => Some(company),
            _ => None,
        })
        .collect();
    // Curated companies carry exposures (the pack lists, per rule, those in
    // its stages); of the rest, only those named, and only for rules that
    // ask for no stage.
    let uncurated: Vec<u32> = named
        .iter()
        .copied()
        .filter(|id| !pack.curated_companies().contains(id))
        .collect();
    // First the numbers, for every exposed company; the words only for the
    // companies that make the list.
    let mut paths: Vec<(u32, usize, usize, f64)> = Vec::new();
    let mut totals: BTreeMap<u32, f64> = BTreeMap::new();
    for (event_index, event) in events.iter().enumerate() {
        let Some(type_entry) = pack.event_type(&event.kind) else {
            continue;
        };
        let certainty = pack.status_certainty(&event.status);
        let direction = match event.direction {
            Some(Direction::Down) => -1.0,
            _ => 1.0,
        };
        for (rule_index, rule) in pack
            .events
            .exposure_rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.event == event.kind)
        {
            let actor_code = event.actor.code();
            if !rule.actors.is_empty() && !rule.actors.iter().any(|a| a == actor_code) {
                continue;
            }
            let stageless = if rule.stages.is_empty() {
                uncurated.as_slice()
            } else {
                &[]
            };
            let sides = Sides::of(pack, event);
            let wanted = wanted_keys(pack, rule, event);
            for &id in pack.stage_exposed(rule_index).iter().chain(stageless) {
                if !is_exposed(
                    &pack.companies[id as usize],
                    rule,
                    event,
                    sides,
                    wanted.as_deref(),
                ) {
                    continue;
                }
                let share = if named.contains(&id) {
                    1.0
                } else {
                    UNNAMED_SHARE
                };
                let contribution = rule.sign
                    * type_entry.weight
                    * certainty
                    * f64::from(event.confidence)
                    * direction
                    * share;
                if contribution.abs() < 1e-6 {
                    continue;
                }
                paths.push((id, event_index, rule_index, contribution));
                *totals.entry(id).or_default() += contribution;
            }
        }
    }
    let mut ranked: Vec<(u32, f64)> = totals
        .into_iter()
        .map(|(id, total)| (id, total.tanh()))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.abs().total_cmp(&a.1.abs()).then(
            pack.companies[a.0 as usize]
                .ticker
                .cmp(&pack.companies[b.0 as usize].ticker),
        )
    });
    ranked.truncate(MAX_TICKERS);
    // Each company's paths together, strongest first.
    // The key is total (company, strength, event, rule), so the faster
    // unstable sort orders the same way every time.
    paths.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.3.abs().total_cmp(&a.3.abs()))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let tickers = ranked
        .into_iter()
        .map(|(id, impact)| {
            let company = &pack.companies[id as usize];
            let from = paths.partition_point(|p| p.0 < id);
            let reasons = paths[from..]
                .iter()
                .take_while(|p| p.0 == id)
                .take(MAX_REASONS)
                .map(|&(_, event, rule, contribution)| {
                    let rule = &pack.events.exposure_rules[rule];
                    ImpactReason {
                        event,
                        contribution,
                        exposure: describe_exposure(pack, company, rule, &events[event]),
                        rule: rule.reason.clone(),
                    }
                })
                .collect();
            // Saturated: several events add up, but never beyond ±1.
            TickerImpact {
                ticker: company.ticker.clone(),
                impact,
                reasons,
            }
        })
        .collect();
    (article_impact(pack, events), tickers)
}

/// The country codes an event's sides stand for, when they are states.
fn sides(event: &Event) -> (Option<&str>, Option<&str>) {
    fn country(p: Option<&Party>) -> Option<&str> {
        match p {
            Some(Party::Country(c)) => Some(c.as_str()),
            _ => None,
        }
    }
    (country(Some(&event.actor)), country(event.target.as_ref()))
}

/// An event's sides as country indices of the pack, looked up once per
/// event: the company loop compares integers.
#[derive(Debug, Clone, Copy)]
struct Sides {
    actor: Option<u32>,
    target: Option<u32>,
    china: Option<u32>,
}

impl Sides {
    fn of(pack: &Pack, event: &Event) -> Sides {
        let (actor, target) = sides(event);
        Sides {
            actor: actor.and_then(|c| pack.country_by_code(c)),
            target: target.and_then(|c| pack.country_by_code(c)),
            china: pack.country_by_code("CN"),
        }
    }
}

fn operates_in(company: &Company, country: u32) -> bool {
    company.country_id == country || company.operation_ids.contains(&country)
}

/// A partner country of a deal where the company operates (China aside:
/// its side of a truce is not a partnership).
fn partner(company: &Company, sides: Sides) -> Option<u32> {
    [sides.actor, sides.target]
        .into_iter()
        .flatten()
        .find(|&c| Some(c) != sides.china && operates_in(company, c))
}

fn party_is(company: &Company, party: &Party) -> bool {
    matches!(party, Party::Company(t) if *t == company.ticker)
}

/// The stage and material through which `company` is exposed to `event`
/// under `rule`, or `None` when it is not. Runs for every curated company,
/// rule and event, so it compares and never allocates.
fn exposure_path<'c>(
    pack: &Pack,
    company: &'c Company,
    rule: &ExposureRuleEntry,
    event: &Event,
) -> Option<(Option<&'c String>, Option<&'c String>)> {
    if !placed(company, rule, event, Sides::of(pack, event)) {
        return None;
    }
    let stage = if rule.stages.is_empty() {
        None
    } else {
        Some(company.stages.iter().find(|s| rule.stages.contains(s))?)
    };
    // The first of the company's materials through which it is exposed,
    // judged by the same keys as the impact walk.
    let material = match wanted_keys(pack, rule, event) {
        Some(wanted) => Some(
            company
                .materials
                .iter()
                .find(|m| covers(&pack.material_cover(std::slice::from_ref(m)), &wanted))?,
        ),
        None => None,
    };
    Some((stage, material))
}

/// Whether the company stands where the rule's jurisdiction says: the
/// event's target or actor, outside or inside the actor country, in a
/// partner country.
fn placed(company: &Company, rule: &ExposureRuleEntry, event: &Event, sides: Sides) -> bool {
    match rule.jurisdiction {
        Jurisdiction::Target => event.target.as_ref().is_some_and(|t| party_is(company, t)),
        Jurisdiction::Actor => party_is(company, &event.actor),
        Jurisdiction::OutsideActor => sides.actor.is_some_and(|a| company.country_id != a),
        Jurisdiction::InsideActor => sides.actor.is_some_and(|a| operates_in(company, a)),
        Jurisdiction::Partner => partner(company, sides).is_some(),
        Jurisdiction::Any => true,
    }
}

/// The material keys a company must cover to be exposed under `rule` to
/// `event`: the event's materials, else the rule's; `None` when the rule
/// asks for none (it names the company itself, or no material).
fn wanted_keys(pack: &Pack, rule: &ExposureRuleEntry, event: &Event) -> Option<Vec<u16>> {
    if matches!(
        rule.jurisdiction,
        Jurisdiction::Target | Jurisdiction::Actor
    ) {
        return None;
    }
    let wanted: &[String] = if event.materials.is_empty() {
        &rule.materials
    } else {
        &event.materials
    };
    (!wanted.is_empty()).then(|| pack.material_keys(wanted))
}

/// Whether `company`, already known to be in one of the rule's stages, is
/// exposed: it stands where the rule says and covers a wanted material.
/// The hot loop of the impact walk: it compares codes and keys only.
fn is_exposed(
    company: &Company,
    rule: &ExposureRuleEntry,
    event: &Event,
    sides: Sides,
    wanted: Option<&[u16]>,
) -> bool {
    placed(company, rule, event, sides)
        && wanted.is_none_or(|keys| covers(&company.material_cover, keys))
}

/// The exposure in words: "based outside CN (US), stage mining, material neodymium".
fn describe_exposure(
    pack: &Pack,
    company: &Company,
    rule: &ExposureRuleEntry,
    event: &Event,
) -> String {
    let (stage, material) = exposure_path(pack, company, rule, event).unwrap_or_default();
    let (actor, _) = sides(event);
    let actor = actor.unwrap_or_default();
    let mut why = Vec::with_capacity(3);
    match rule.jurisdiction {
        Jurisdiction::Target => why.push("target of the event".to_string()),
        Jurisdiction::Actor => why.push("acts in the event".to_string()),
        Jurisdiction::OutsideActor => {
            why.push(format!("based outside {actor} ({})", company.country))
        }
        Jurisdiction::InsideActor => why.push(format!("operates in {actor}")),
        Jurisdiction::Partner => {
            let side = partner(company, Sides::of(pack, event))
                .and_then(|c| pack.countries.get(c as usize));
            why.push(format!(
                "operates in partner country {}",
                side.map_or("", |c| c.code.as_str())
            ));
        }
        Jurisdiction::Any => {}
    }
    if let Some(stage) = stage {
        why.push(format!("stage {stage}"));
    }
    if let Some(material) = material {
        why.push(format!("material {material}"));
    }
    why.join(", ")
}

/// Whether a sorted cover of material keys meets any wanted key.
fn covers(cover: &[u16], wanted: &[u16]) -> bool {
    wanted.iter().any(|k| cover.binary_search(k).is_ok())
}

/// The article's impact in [0, 1]: the strongest events, weighted by type,
/// status certainty and confidence, saturating.
fn article_impact(pack: &Pack, events: &[Event]) -> f64 {
    let total: f64 = events
        .iter()
        .map(|e| {
            let weight = pack.event_type(&e.kind).map_or(0.3, |t| t.weight);
            let certainty = pack.status_certainty(&e.status).abs();
            weight * certainty * f64::from(e.confidence)
        })
        .sum();
    (1.0 - (-total / 2.0).exp()).clamp(0.0, 1.0)
}
