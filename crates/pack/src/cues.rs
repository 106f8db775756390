//! The compiled cue matcher: event-type, status and category cue phrases in
//! one case-insensitive automaton.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{CategoryEntry, EventsFile};
use crate::PackError;

/// What a cue phrase signals: an index into the pack's event types,
/// statuses or categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    EventType(u16),
    /// A weak cue of an event type: needs support in its sentence.
    WeakEventType(u16),
    Status(u16),
    Category(u16),
}

/// A cue found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    pub start: u32,
    pub end: u32,
    pub cue: Cue,
}

/// Matches every cue of the pack at once.
#[derive(Debug, Clone)]
pub struct CueMatcher {
    automaton: AhoCorasick,
    cues: Vec<Vec<Cue>>,
}

impl CueMatcher {
    pub fn compile(
        events: &EventsFile,
        categories: &[CategoryEntry],
    ) -> Result<CueMatcher, PackError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut cues: Vec<Vec<Cue>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut add = |phrase: &str, cue: Cue| {
            let key = phrase.trim().to_ascii_lowercase();
            if key.is_empty() {
                return;
            }
            let slot = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                cues.push(Vec::new());
                patterns.len() - 1
            });
            if !cues[slot].contains(&cue) {
                cues[slot].push(cue);
            }
        };
        for (i, event_type) in events.event_types.iter().enumerate() {
            for phrase in &event_type.cues {
                add(phrase, Cue::EventType(i as u16));
            }
            for phrase in &event_type.weak_cues {
                add(phrase, Cue::WeakEventType(i as u16));
            }
        }
        for (i, status) in events.statuses.iter().enumerate() {
            for phrase in &status.cues {
                add(phrase, Cue::Status(i as u16));
            }
        }
        for (i, category) in categories.iter().enumerate() {
            for phrase in &category.cues {
                add(phrase, Cue::Category(i as u16));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| PackError::Matcher(e.to_string()))?;
        Ok(CueMatcher { automaton, cues })
    }

    /// Appends every cue on word boundaries in `text`, ordered by start.
    pub fn find_all(&self, text: &str, out: &mut Vec<CueHit>) {
        let first = out.len();
        for m in self.automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            for cue in &self.cues[m.pattern().as_usize()] {
                out.push(CueHit {
                    start: start as u32,
                    end: end as u32,
                    cue: *cue,
                });
            }
        }
        out[first..].sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    }
}
