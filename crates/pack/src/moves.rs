//! The words of price moves, compiled from lemmas into one map from word
//! form to what it does.

use rustc_hash::FxHashMap as HashMap;

use crate::lexicon::{noun_forms, verb_forms};
use crate::model::MoveWordsEntry;
use crate::PackError;

/// What a move word does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MoveWord {
    /// A verb of moving: up or down, and whether it states a move alone.
    Verb { up: bool, strong: bool },
    /// A verb whose figure is in the word: "doubled" is +100%.
    Multiplier { percent: f64 },
    /// "posted", "extended": a move noun follows.
    Reporting,
    /// A move only after "shares" or "stock": "shares increased by 2%".
    StockVerb { up: bool },
    /// "closed", "edged": a direction word follows.
    Session,
}

/// Every move word form, lower case.
#[derive(Debug, Clone, Default)]
pub struct MoveWords {
    words: HashMap<String, MoveWord>,
    /// Verbs of two words ("gave back", "pulled back"), by their first
    /// word's form: the particle and what the pair does. Text is looked up
    /// one token at a time, so a pair lives apart from the single words.
    particle_verbs: HashMap<String, Vec<(String, MoveWord)>>,
    /// Move nouns, also as plurals ("gains"), for the reporting verbs.
    nouns: HashMap<String, bool>,
    /// Objects that make a move verb transitive, singular and plural.
    not_objects: rustc_hash::FxHashSet<String>,
    /// Measures that are not a stock's price, singular and plural.
    metrics: rustc_hash::FxHashSet<String>,
}

impl MoveWords {
    pub fn compile(entry: &MoveWordsEntry) -> Result<MoveWords, PackError> {
        let bad = |what: &str, word: &str| PackError::Reference {
            file: "markets.toml".into(),
            message: format!("moves.{what}: {word:?} is not a well-formed entry"),
        };
        let mut words = HashMap::default();
        let mut particle_verbs: HashMap<String, Vec<(String, MoveWord)>> = HashMap::default();
        let mut verbs = |list: &[String], what: &str, word: MoveWord| -> Result<(), PackError> {
            for lemma in list {
                let forms = verb_forms(lemma).ok_or_else(|| bad(what, lemma))?;
                for (form, _) in forms.forms {
                    if let Some((first, particle)) = form.split_once(' ') {
                        // Only verbs of moving read a particle: the other
                        // kinds look at fixed places after their word.
                        if !matches!(word, MoveWord::Verb { .. }) || particle.contains(' ') {
                            return Err(bad(what, lemma));
                        }
                        particle_verbs
                            .entry(first.to_string())
                            .or_default()
                            .push((particle.to_string(), word));
                        continue;
                    }
                    // A strong reading of a form wins over a weak one.
                    let keep =
                        matches!(words.get(&form), Some(MoveWord::Verb { strong: true, .. }));
                    if !keep {
                        words.insert(form, word);
                    }
                }
            }
            Ok(())
        };
        verbs(&entry.session, "session", MoveWord::Session)?;
        verbs(
            &entry.stock_up,
            "stock_up",
            MoveWord::StockVerb { up: true },
        )?;
        verbs(
            &entry.stock_down,
            "stock_down",
            MoveWord::StockVerb { up: false },
        )?;
        verbs(&entry.reporting, "reporting", MoveWord::Reporting)?;
        verbs(
            &entry.weak_up,
            "weak_up",
            MoveWord::Verb {
                up: true,
                strong: false,
            },
        )?;
        verbs(
            &entry.weak_down,
            "weak_down",
            MoveWord::Verb {
                up: false,
                strong: false,
            },
        )?;
        verbs(
            &entry.strong_up,
            "strong_up",
            MoveWord::Verb {
                up: true,
                strong: true,
            },
        )?;
        verbs(
            &entry.strong_down,
            "strong_down",
            MoveWord::Verb {
                up: false,
                strong: true,
            },
        )?;
        for multiplier in &entry.multipliers {
            let (lemma, percent) = multiplier
                .split_once(':')
                .and_then(|(l, p)| Some((l, p.trim().parse::<f64>().ok()?)))
                .ok_or_else(|| bad("multipliers", multiplier))?;
            let forms = verb_forms(lemma).ok_or_else(|| bad("multipliers", lemma))?;
            for (form, kind) in forms.forms {
                if matches!(
                    kind,
                    crate::lexicon::VerbForm::Past | crate::lexicon::VerbForm::Participle
                ) {
                    words.insert(form, MoveWord::Multiplier { percent });
                }
            }
        }
        let mut nouns = HashMap::default();
        for (list, up) in [(&entry.nouns_up, true), (&entry.nouns_down, false)] {
            for noun in list {
                for form in noun_forms(noun).ok_or_else(|| bad("nouns", noun))? {
                    nouns.insert(form, up);
                }
            }
        }
        let word_set = |list: &[String], what: &str| {
            let mut set = rustc_hash::FxHashSet::default();
            for noun in list {
                set.extend(noun_forms(noun).ok_or_else(|| bad(what, noun))?);
            }
            Ok::<_, PackError>(set)
        };
        let not_objects = word_set(&entry.not_objects, "not_objects")?;
        let metrics = word_set(&entry.metrics, "metrics")?;
        Ok(MoveWords {
            words,
            particle_verbs,
            nouns,
            not_objects,
            metrics,
        })
    }

    /// Whether a word (lower case) right after a move verb makes it
    /// transitive: no move of a stock.
    pub fn is_not_object(&self, word: &str) -> bool {
        self.not_objects.contains(word)
    }

    /// Whether a word (lower case) names a measure other than a price.
    pub fn is_metric(&self, word: &str) -> bool {
        self.metrics.contains(word)
    }

    /// What a word (lower case) does as a move word.
    pub fn get(&self, word: &str) -> Option<MoveWord> {
        self.words.get(word).copied()
    }

    /// What a verb of two words does, given its first word and the next
    /// (lower case): "gave" and "back".
    pub fn with_particle(&self, word: &str, next: &str) -> Option<MoveWord> {
        self.particle_verbs
            .get(word)?
            .iter()
            .find(|(particle, _)| particle == next)
            .map(|&(_, w)| w)
    }

    /// Whether a word (lower case) is the first word of a verb of two
    /// words: one lookup, so that the next word is read only then.
    pub fn takes_particle(&self, word: &str) -> bool {
        self.particle_verbs.contains_key(word)
    }

    /// Whether a word (lower case) is a move noun, and its direction.
    pub fn noun(&self, word: &str) -> Option<bool> {
        self.nouns.get(word).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_tense_headline_forms_are_moves_like_their_past() {
        let entry = MoveWordsEntry {
            strong_down: vec!["tank".into(), "sink[sank,sunk]".into(), "crash".into()],
            weak_down: vec!["slip".into(), "ease".into()],
            weak_up: vec!["add[added]".into(), "advance".into()],
            session: vec!["edge".into()],
            nouns_down: vec!["drop".into()],
            multipliers: vec!["double:100".into()],
            ..MoveWordsEntry::default()
        };
        let words = MoveWords::compile(&entry).unwrap();
        for form in [
            "tanks", "tanked", "sinks", "sank", "crashes", "slips", "slipped", "eases", "adds",
            "advances",
        ] {
            assert!(
                matches!(words.get(form), Some(MoveWord::Verb { .. })),
                "{form}"
            );
        }
        assert_eq!(words.get("edges"), Some(MoveWord::Session));
        assert_eq!(
            words.get("doubled"),
            Some(MoveWord::Multiplier { percent: 100.0 })
        );
        assert_eq!(words.noun("drops"), Some(false));
        assert_eq!(words.get("tankers"), None);
    }

    #[test]
    fn verbs_of_two_words_are_found_by_their_first_word_and_particle() {
        let entry = MoveWordsEntry {
            weak_down: vec!["give[gave,given] back".into(), "pull[pulled] back".into()],
            ..MoveWordsEntry::default()
        };
        let words = MoveWords::compile(&entry).unwrap();
        for (first, particle) in [("gave", "back"), ("gives", "back"), ("pulling", "back")] {
            assert_eq!(
                words.with_particle(first, particle),
                Some(MoveWord::Verb {
                    up: false,
                    strong: false
                }),
                "{first} {particle}"
            );
        }
        assert_eq!(words.with_particle("gave", "up"), None);
        // Not a single word either: the text is read one token at a time.
        assert_eq!(words.get("gave back"), None);
        assert_eq!(words.get("gave"), None);
    }

    #[test]
    fn only_verbs_of_moving_may_have_a_particle() {
        let entry = MoveWordsEntry {
            reporting: vec!["rack[racked] up".into()],
            ..MoveWordsEntry::default()
        };
        let err = MoveWords::compile(&entry).unwrap_err().to_string();
        assert!(
            err.contains("reporting") && err.contains("rack[racked] up"),
            "{err}"
        );
    }
}
