//! The compiled cue matcher: trigger, status and category cue phrases in
//! one case-insensitive automaton, every word form expanded from its lemma
//! (see [`crate::lexicon`]).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::events::{expand, CueForm};
use crate::model::{CategoryEntry, EventsFile};
use crate::PackError;

/// What a cue phrase signals: an index into the pack's triggers, statuses
/// or categories, and for triggers and statuses what form matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Trigger { trigger: u16, form: CueForm },
    Status { status: u16, form: CueForm },
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
    /// Every one-word verb form of the triggers and statuses, with what it
    /// can be: the analysis asks whether a capitalised headline word is a
    /// verb ("Acme Advisors LLC Boosts Stake") and in which form.
    verbs: rustc_hash::FxHashMap<String, crate::events::VerbForms>,
}

impl CueMatcher {
    pub fn compile(
        events: &EventsFile,
        categories: &[CategoryEntry],
    ) -> Result<CueMatcher, PackError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut cues: Vec<Vec<Cue>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut verbs: rustc_hash::FxHashMap<String, crate::events::VerbForms> = Default::default();
        let mut add = |phrase: &str, cue: Cue| {
            let key = phrase.trim().to_ascii_lowercase();
            if let Cue::Trigger {
                form: CueForm::Verb(forms),
                ..
            }
            | Cue::Status {
                form: CueForm::Verb(forms),
                ..
            } = cue
            {
                if !key.contains(' ') {
                    let entry = verbs.entry(key.clone()).or_default();
                    entry.0 |= forms.0;
                }
            }
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
        for (i, t) in events.triggers.iter().enumerate() {
            let entry = format!("trigger {}", i + 1);
            for (phrase, form) in expand(&t.verbs, &t.nouns, &t.phrases, &entry)? {
                add(
                    &phrase,
                    Cue::Trigger {
                        trigger: i as u16,
                        form,
                    },
                );
            }
        }
        for (i, status) in events.statuses.iter().enumerate() {
            let entry = format!("status {}", status.id);
            for (phrase, form) in expand(&status.verbs, &status.nouns, &status.phrases, &entry)? {
                add(
                    &phrase,
                    Cue::Status {
                        status: i as u16,
                        form,
                    },
                );
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
        Ok(CueMatcher {
            automaton,
            cues,
            verbs,
        })
    }

    /// The forms a word (lower case) can be as a verb of the pack's
    /// triggers and statuses.
    pub fn verb(&self, word: &str) -> Option<crate::events::VerbForms> {
        self.verbs.get(word).copied()
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
