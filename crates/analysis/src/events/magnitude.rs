//! The figure that measures an event: the nearest quantity of one of the
//! kinds its type names (a tariff's percent, an investment's money, the
//! count of materials an export control adds, a delay's length), within
//! the type's reach, figures after the trigger preferred.

use monazite_pack::events::MagnitudeKind;

use super::triggers::TriggerHit;
use super::Sentence;
use crate::brief::{Quantity, QuantityKind};

impl Sentence<'_, '_> {
    pub(crate) fn magnitude(&self, kind: u16, t: &TriggerHit, status: u16) -> Option<&Quantity> {
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
            .map(|(_, q)| q)
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
