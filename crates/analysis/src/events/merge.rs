//! Merging: an event inside another of the same actor is part of it, and
//! mentions of one event across an article are one event.

use monazite_pack::Pack;

use crate::brief::{Event, QuantityKind};

/// How close, in bytes, an event must stand to the one it is part of.
const PART_OF_REACH: usize = 60;
/// How close, in bytes, two readings of one act stand.
const TWIN_REACH: usize = 40;

/// In one sentence, an event of a type that is `part_of` another type
/// (an investment pledged inside a minerals deal, the permits an export
/// control requires) merges into an event of that type of the same actor
/// (either side for symmetric types), near it; the larger event takes its
/// magnitude when it has none.
pub(crate) fn within_sentence(pack: &Pack, events: &mut Vec<Event>) {
    // Two readings of one act ("increased its stake in": a holding, and
    // "stake in": an investment) share actor and target a few words apart:
    // the first reading, read from the verb, stands.
    // Readings of one act are of types one trigger can read ("reported
    // Q3 EPS of $3.93 and announced a $1.62 dividend" is two acts).
    let one_trigger_reads = |a: &str, b: &str| {
        a == b
            || match (pack.events.type_index(a), pack.events.type_index(b)) {
                (Some(a), Some(b)) => pack
                    .events
                    .triggers
                    .iter()
                    .any(|t| t.types.contains(&a) && t.types.contains(&b)),
                _ => false,
            }
    };
    let mut k = 0;
    while k < events.len() {
        let twin = (0..k).any(|j| {
            let (a, b) = (&events[j], &events[k]);
            let same = a.actor == b.actor
                && (a.target == b.target || b.target.is_none())
                && one_trigger_reads(&a.kind, &b.kind);
            let swapped = a.kind == b.kind
                && Some(&a.actor) == b.target.as_ref()
                && a.target.as_ref() == Some(&b.actor);
            (same || swapped) && a.trigger.start.abs_diff(b.trigger.start) < TWIN_REACH
        });
        if twin {
            events.remove(k);
        } else {
            k += 1;
        }
    }
    let mut i = 0;
    while i < events.len() {
        let Some(part_type) = pack.event_type(&events[i].kind) else {
            i += 1;
            continue;
        };
        let whole = (0..events.len()).find(|&j| {
            j != i && {
                let (part, whole) = (&events[i], &events[j]);
                let whole_type = pack.events.type_index(&whole.kind);
                let sides = [Some(&whole.actor), whole.target.as_ref()];
                whole_type.is_some_and(|w| part_type.part_of.contains(&w))
                    && (part.actor == whole.actor
                        || (pack.event_type(&whole.kind).is_some_and(|t| t.symmetric)
                            && sides.contains(&Some(&part.actor))))
                    && (whole.kind != "export_control"
                        || part.trigger.start.abs_diff(whole.trigger.end) < PART_OF_REACH)
            }
        });
        match whole {
            Some(j) => {
                let part = events.remove(i);
                let j = if j > i { j - 1 } else { j };
                let whole = &mut events[j];
                if whole.magnitude.is_none() && whole.kind != "export_control" {
                    whole.magnitude = part.magnitude;
                    whole.magnitude_value = part.magnitude_value;
                }
            }
            None => i += 1,
        }
    }
}

/// Two magnitudes of one dimension that say different things ("100%" and
/// "20% to 10%", a $0.51 dividend and a $1 billion buyback) belong to
/// different events; figures of different dimensions ("by 6.4%", "673
/// shares") may measure one act.
fn magnitudes_differ(a: &Event, b: &Event) -> bool {
    let dimension = |q: &QuantityKind| match q {
        QuantityKind::Money { .. } | QuantityKind::Price { .. } => 0,
        QuantityKind::Percent { .. } => 1,
        QuantityKind::Count { .. } => 2,
        _ => 3,
    };
    matches!(
        (&a.magnitude_value, &b.magnitude_value),
        (Some(x), Some(y)) if dimension(x) == dimension(y) && x != y
    )
}

/// One event per type, actor and target across the article; a mention
/// without a target joins one with a target. The first report keeps its
/// status and sentence; later ones fill in what it lacks. A background
/// mention of an event also told as news is the news.
pub(crate) fn across_article(pack: &Pack, events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let symmetric = pack.event_type(&e.kind).is_some_and(|t| t.symmetric);
        let same = out.iter_mut().find(|o| {
            o.kind == e.kind && !magnitudes_differ(o, &e) && {
                let same_sides = o.actor == e.actor
                    && (o.target == e.target || o.target.is_none() || e.target.is_none());
                let swapped = symmetric
                    && Some(&o.actor) == e.target.as_ref()
                    && (o.target.as_ref() == Some(&e.actor) || o.target.is_none());
                let one_sided =
                    symmetric && o.target.as_ref() == Some(&e.actor) && e.target.is_none();
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
                if o.direction.is_none() {
                    o.direction = e.direction;
                }
                o.background &= e.background;
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
