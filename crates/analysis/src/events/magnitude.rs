//! The figure that measures an event: the nearest quantity of one of the
//! kinds its type names (a tariff's percent, an investment's money, the
//! count of materials an export control adds, a delay's length), within
//! the type's reach, figures after the trigger preferred.

use monazite_pack::events::MagnitudeKind;

use super::triggers::TriggerHit;
use super::Sentence;
use crate::brief::{Quantity, QuantityKind};

impl<'d> Sentence<'d, '_> {
    pub(crate) fn magnitude(&self, kind: u16, t: &TriggerHit, status: u16) -> Option<&'d Quantity> {
        let pack = self.doc.pack;
        let event_type = &pack.events.types[kind as usize];
        let delayed = pack.events.statuses[status as usize].id == "delayed";
        let kinds = if delayed && !event_type.delayed_magnitude.is_empty() {
            &event_type.delayed_magnitude
        } else {
            &event_type.magnitude
        };
        let [reach_before, reach_after] = event_type.magnitude_reach.map(|r| r as usize);
        let counts = &event_type.counts;
        let rank = |q: &Quantity| kinds.iter().position(|k| fits(*k, &q.kind, counts));
        self.quantities
            .iter()
            .copied()
            .filter_map(|q| {
                let at = self.doc.token_from(q.span.start);
                let distance = if at >= t.token {
                    let d = at - t.token;
                    (d <= reach_after).then_some(d * 2)?
                } else {
                    let d = t.token - at;
                    (d <= reach_before).then_some(d * 3)?
                };
                rank(q).map(|r| ((distance, r), q))
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, q)| self.new_level(q))
    }

    /// "raised the price target from $152 to $167", "cut the tariff from
    /// 20% to 10%": the figure after "to" is what the act sets.
    fn new_level(&self, q: &'d Quantity) -> &'d Quantity {
        let doc = self.doc;
        let at = doc.token_from(q.span.start);
        let end = doc.token_until(q.span.end);
        if at == 0 || !doc.is(at - 1, "from") || !doc.is(end, "to") {
            return q;
        }
        let same_kind = |other: &Quantity| {
            std::mem::discriminant(&other.kind) == std::mem::discriminant(&q.kind)
        };
        self.quantities
            .iter()
            .copied()
            .find(|other| doc.token_from(other.span.start) == end + 1 && same_kind(other))
            .unwrap_or(q)
    }
}

/// Whether a quantity is of a magnitude kind.
fn fits(kind: MagnitudeKind, q: &QuantityKind, counts: &[String]) -> bool {
    match (kind, q) {
        (MagnitudeKind::Percent, QuantityKind::Percent { .. })
        | (MagnitudeKind::Money, QuantityKind::Money { .. })
        | (MagnitudeKind::Price, QuantityKind::Price { .. })
        | (MagnitudeKind::Duration, QuantityKind::Duration { .. }) => true,
        (MagnitudeKind::Count, QuantityKind::Count { what, .. }) => {
            let last = what.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
            counts.is_empty() || counts.contains(&last)
        }
        (MagnitudeKind::Shares, QuantityKind::Count { what, .. }) => {
            let last = what.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
            matches!(last.as_str(), "shares" | "share" | "units")
        }
        _ => false,
    }
}
