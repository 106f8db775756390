//! Storylines: which stored development a newly reported event belongs to.
//!
//! An event joins a storyline when it is the same development told again:
//! the same event type and actor (the store's query narrows to those), a
//! compatible target and materials, and a day within [`WINDOW_DAYS`] of the
//! storyline's span. "Compatible" lets a vaguer retelling join a precise
//! one — "China tightens exports" joins "China restricts exports of
//! dysprosium to the US" — but keeps two different targets or two disjoint
//! sets of materials apart.

use jiff::civil::Date;

/// Days an event may lie before a storyline's first or after its last day
/// and still join it.
pub const WINDOW_DAYS: i32 = 7;

/// What identifies an event's development, beyond its type and actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey<'a> {
    pub target: Option<&'a str>,
    pub materials: &'a [String],
    pub day: Option<Date>,
}

/// A stored storyline of the same type and actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub target: Option<String>,
    pub materials: Vec<String>,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
}

/// The storyline the event joins, if any: among the compatible candidates,
/// the nearest in time, then the newest.
pub fn best_match(event: &EventKey, candidates: &[Candidate]) -> Option<i64> {
    candidates
        .iter()
        .filter(|c| compatible_target(event.target, c.target.as_deref()))
        .filter(|c| compatible_materials(event.materials, &c.materials))
        .filter_map(|c| distance_days(event.day, c).map(|d| (d, std::cmp::Reverse(c.id), c.id)))
        .min()
        .map(|(_, _, id)| id)
}

fn compatible_target(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn compatible_materials(a: &[String], b: &[String]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|m| b.contains(m))
}

/// Days between the event and the storyline's span (0 inside it), or
/// `None` when it lies outside the window. An unknown day matches at the
/// largest distance, so dated matches win.
fn distance_days(day: Option<Date>, c: &Candidate) -> Option<i32> {
    let (Some(day), Some(first), Some(last)) = (day, c.first_day, c.last_day) else {
        return Some(WINDOW_DAYS + 1);
    };
    let days = |a: Date, b: Date| (b - a).get_days();
    let distance = if day < first {
        days(day, first)
    } else if day > last {
        days(last, day)
    } else {
        0
    };
    (distance <= WINDOW_DAYS).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn candidate(
        id: i64,
        target: Option<&str>,
        materials: &[&str],
        days: (Date, Date),
    ) -> Candidate {
        Candidate {
            id,
            target: target.map(String::from),
            materials: materials.iter().map(|m| m.to_string()).collect(),
            first_day: Some(days.0),
            last_day: Some(days.1),
        }
    }

    fn key<'a>(target: Option<&'a str>, materials: &'a [String], day: Date) -> EventKey<'a> {
        EventKey {
            target,
            materials,
            day: Some(day),
        }
    }

    #[test]
    fn a_retelling_within_the_window_joins() {
        let stored = [candidate(
            1,
            Some("US"),
            &["dysprosium"],
            (date(2025, 10, 9), date(2025, 10, 10)),
        )];
        let materials = vec!["dysprosium".to_string(), "terbium".to_string()];
        assert_eq!(
            best_match(&key(None, &materials, date(2025, 10, 14)), &stored),
            Some(1)
        );
        assert_eq!(
            best_match(&key(Some("US"), &[], date(2025, 10, 3)), &stored),
            Some(1)
        );
    }

    #[test]
    fn another_target_other_materials_or_a_later_month_start_a_new_storyline() {
        let stored = [candidate(
            1,
            Some("US"),
            &["gallium"],
            (date(2025, 10, 9), date(2025, 10, 10)),
        )];
        let gallium = vec!["gallium".to_string()];
        let antimony = vec!["antimony".to_string()];
        assert_eq!(
            best_match(&key(Some("JP"), &gallium, date(2025, 10, 10)), &stored),
            None
        );
        assert_eq!(
            best_match(&key(None, &antimony, date(2025, 10, 10)), &stored),
            None
        );
        assert_eq!(
            best_match(&key(None, &gallium, date(2025, 11, 20)), &stored),
            None
        );
    }

    #[test]
    fn the_nearest_storyline_wins_then_the_newest() {
        let stored = [
            candidate(1, None, &[], (date(2025, 10, 1), date(2025, 10, 2))),
            candidate(2, None, &[], (date(2025, 10, 8), date(2025, 10, 9))),
            candidate(3, None, &[], (date(2025, 10, 8), date(2025, 10, 9))),
        ];
        assert_eq!(
            best_match(&key(None, &[], date(2025, 10, 7)), &stored),
            Some(3)
        );
        assert_eq!(
            best_match(&key(None, &[], date(2025, 10, 3)), &stored),
            Some(1)
        );
    }

    #[test]
    fn an_undated_event_joins_but_dated_matches_come_first() {
        let mut undated = candidate(1, None, &[], (date(2025, 1, 1), date(2025, 1, 1)));
        undated.first_day = None;
        undated.last_day = None;
        let dated = candidate(2, None, &[], (date(2025, 10, 1), date(2025, 10, 1)));
        let event = key(None, &[], date(2025, 10, 2));
        assert_eq!(best_match(&event, &[undated.clone(), dated]), Some(2));
        assert_eq!(best_match(&event, &[undated]), Some(1));
    }
}
