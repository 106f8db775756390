//! Status by the cues that govern the trigger, and background.
//!
//! A status cue governs a trigger by where it stands: the nearest tier
//! wins, then the highest priority, then the earliest cue. Tier one is a
//! cue up to nine words before the trigger ("threatened to impose
//! tariffs", "plans to acquire"), or the trigger's own status ("postpones
//! its controls"); tier two a reversal (a `reversal` status) anywhere
//! after it ("the 100% tariff ... will not go ahead"); tier three any cue
//! up to four words after it ("controls that took effect"); tier four a
//! `sentence` status anywhere ("reportedly"). Only statuses the type can
//! take count: "cut its price target" is a rating's direction, never a
//! `lifted` rating, and "trimmed its stake" is a holding that went down.
//! Nothing governing: the type's default status.
//!
//! An event is background when its clause places it before the article:
//! an earlier year ("which restricted gallium exports in 2023"), "last
//! year", "years ago", "previously", or a past perfect ("had imposed").

use monazite_pack::events::Reach;

use super::triggers::TriggerHit;
use super::Sentence;
use crate::brief::{QuantityKind, Span};
use crate::grammar;

/// How far before the trigger a status cue governs it, in words.
const BEFORE: usize = 9;
/// How far after the trigger any status cue governs it, in words.
const AFTER: usize = 4;

/// Words of earlier time that make an event background.
const EARLIER: &[&[&str]] = &[
    &["last", "year"],
    &["years", "ago"],
    &["a", "year", "ago"],
    &["previously"],
    &["earlier", "this", "year"],
    &["in", "the", "past"],
    &["back", "in"],
];

impl Sentence<'_, '_> {
    /// The status of trigger `t` for event type `kind`, and the cue that set it.
    pub(crate) fn status(
        &self,
        t: &TriggerHit,
        kind: u16,
        status_hits: &[(usize, u16)],
    ) -> (u16, Option<Span>) {
        let doc = self.doc;
        let pack = doc.pack;
        let event_type = &pack.events.types[kind as usize];
        let statuses = &pack.events.statuses;
        let sentence_end = doc.sentence_tokens(self.s).end;
        let trigger = &pack.events.triggers[t.trigger as usize];
        let (cue, cue_end) = (t.token, t.end_token);
        let tier = |at: usize, status: u16| -> Option<u8> {
            let reach = statuses[status as usize].reach;
            if at < cue && cue - at <= BEFORE {
                Some(0)
            } else if at >= cue_end && at < sentence_end && reach == Reach::Reversal {
                Some(1)
            } else if at >= cue_end && at - cue_end <= AFTER {
                Some(2)
            } else if reach == Reach::Sentence && (at < cue || at >= cue_end) {
                Some(3)
            } else {
                None
            }
        };
        let own = trigger
            .status
            .filter(|s| event_type.allows(*s))
            .map(|s| (0u8, statuses[s as usize].priority, cue, s));
        let best = status_hits
            .iter()
            .filter(|(_, s)| event_type.allows(*s))
            .filter_map(|&(at, s)| {
                tier(at, s).map(|tier| (tier, statuses[s as usize].priority, at, s))
            })
            .chain(own)
            .min_by_key(|&(tier, priority, at, _)| (tier, std::cmp::Reverse(priority), at));
        match best {
            Some((_, _, at, s)) => {
                let token = doc.tokens[at];
                (s, Some(Span::new(token.start as usize, token.end as usize)))
            }
            // "the company's quarterly report on February 11": a date after
            // the article's makes the event a plan.
            None => match (self.future_date(t), pack.events.status_index("planned")) {
                (Some(span), Some(planned)) if event_type.allows(planned) => (planned, Some(span)),
                _ => (event_type.default_status, None),
            },
        }
    }

    /// The status a cue before the trigger marks, whatever the type:
    /// "will invest", "threatened to impose".
    pub(crate) fn marked_status(
        &self,
        t: &TriggerHit,
        status_hits: &[(usize, u16)],
    ) -> Option<u16> {
        let statuses = &self.doc.pack.events.statuses;
        status_hits
            .iter()
            .filter(|(at, _)| *at < t.token && t.token - at <= BEFORE)
            .max_by_key(|(at, s)| (statuses[*s as usize].priority, std::cmp::Reverse(*at)))
            .map(|(_, s)| *s)
    }

    /// A date in the trigger's sentence, within a few words of it, after
    /// the publication day.
    fn future_date(&self, t: &TriggerHit) -> Option<Span> {
        let published = self.published?;
        let doc = self.doc;
        self.quantities.iter().find_map(|q| {
            let at = doc.token_from(q.span.start);
            let near = at + 3 >= t.token && at <= t.end_token + 8;
            match q.kind {
                QuantityKind::Date { date: Some(d), .. } if near && d > published => Some(q.span),
                _ => None,
            }
        })
    }

    /// Whether the trigger's clause places the event before the article.
    pub(crate) fn is_background(&self, t: &TriggerHit) -> bool {
        let doc = self.doc;
        let range = doc.sentence_tokens(self.s);
        let clause_start = (range.start..t.token)
            .rev()
            .find(|&i| {
                doc.is_punct(i, ',') || doc.is_punct(i, ';') || doc.is_any(i, grammar::RELATIVES)
            })
            .map_or(range.start, |i| i + 1);
        let clause_end = (t.end_token..range.end)
            .find(|&i| doc.is_punct(i, ',') || doc.is_punct(i, ';'))
            .unwrap_or(range.end);
        let clause = clause_start..clause_end;
        let earlier_words = clause.clone().any(|i| {
            EARLIER.iter().any(|words| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| doc.is(i + k, w) && i + k < clause_end)
            })
        });
        let past_perfect =
            (t.token.saturating_sub(3).max(clause_start)..t.token).any(|i| doc.is(i, "had"));
        let earlier_year = self.published.is_some_and(|published| {
            self.quantities.iter().any(|q| {
                let at = doc.token_from(q.span.start);
                clause.contains(&at)
                    && matches!(q.kind, QuantityKind::Date { date: Some(d), relative: false } if d.year() < published.year() && d.month() == 1 && d.day() == 1)
            }) || clause.clone().any(|i| {
                doc.tok(i).len() == 4
                    && doc.tok(i).parse::<i16>().is_ok_and(|y| (1990..published.year()).contains(&y))
                    && i > 0
                    && doc.is_any(i - 1, &["in", "since", "during"])
            })
        });
        earlier_words || past_perfect || earlier_year
    }
}
