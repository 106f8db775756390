//! The compiled sentiment lexicon: every word and phrase of `sentiment.toml`
//! in one hash map from its lowercase spelling to what it does.
//!
//! One spelling can play several parts ("surged" is a word of increase and a
//! positive term; "loss" is a metric and a negative term), so each maps to a
//! single [`Entry`] that holds all of them, and a scorer needs one lookup per
//! word. Phrases have up to [`MAX_PHRASE_WORDS`] words; the map also holds
//! their proper prefixes, flagged [`Entry::extends`], so that a scorer walking
//! tokens tries a longer phrase only when one exists.

use rustc_hash::FxHashMap as HashMap;

use crate::model::SentimentFile;
use crate::PackError;

/// The longest phrase, in words, that the lexicon accepts.
pub const MAX_PHRASE_WORDS: usize = 4;

/// Everything the lexicon says about one word or phrase.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Entry {
    /// Polarity on its own, in [-1, 1]. `Some(0.0)` marks a phrase that means
    /// nothing ("up to"), which hides the words inside it.
    pub polarity: Option<f64>,
    /// For a metric: how good its growth is, in [-1, 1] (profit +1, costs −1).
    pub metric: Option<f64>,
    /// For a word of movement: +1.0 for increase, −1.0 for decrease.
    pub direction: Option<f64>,
    /// For a word of judgement on a metric: +1.0 better, −1.0 worse.
    pub verdict: Option<f64>,
    /// Flips the polarity of the next few words.
    pub negator: bool,
    /// Scales the nearest polar word or move.
    pub intensity: Option<f64>,
    /// Ends a clause; the value is the weight of the clause it opens.
    pub clause_break: Option<f64>,
    /// Introduces the earlier figure of a comparison ("from", "compared with").
    pub baseline: bool,
    /// A longer phrase starts with this spelling.
    pub extends: bool,
}

impl Entry {
    /// Whether the spelling is a lexicon phrase itself, not only the start of one.
    pub fn has_role(&self) -> bool {
        self.polarity.is_some()
            || self.metric.is_some()
            || self.direction.is_some()
            || self.verdict.is_some()
            || self.negator
            || self.intensity.is_some()
            || self.clause_break.is_some()
            || self.baseline
    }
}

/// The sentiment lexicon, ready for lookups.
#[derive(Debug, Clone, Default)]
pub struct SentimentLexicon {
    entries: HashMap<String, Entry>,
}

impl SentimentLexicon {
    /// Checks and compiles `sentiment.toml`. Errors name the section and the
    /// phrase: a weight out of range, a phrase too long or given twice in one
    /// section, a word both of increase and of decrease.
    pub fn compile(file: &SentimentFile) -> Result<SentimentLexicon, PackError> {
        Self::check(file).map_err(|message| PackError::Syntax {
            file: "sentiment.toml".into(),
            message,
        })
    }

    fn check(file: &SentimentFile) -> Result<SentimentLexicon, String> {
        let mut builder = Builder::default();
        for (phrase, &weight) in &file.terms {
            let weight = check_range("terms", phrase, weight, -1.0, 1.0)?;
            builder.set(phrase, "terms", |e| &mut e.polarity, weight)?;
        }
        for (phrase, &weight) in &file.metrics {
            let weight = check_range("metrics", phrase, weight, -1.0, 1.0)?;
            builder.set(phrase, "metrics", |e| &mut e.metric, weight)?;
        }
        for phrase in &file.increase {
            builder.set(phrase, "increase/decrease", |e| &mut e.direction, 1.0)?;
        }
        for phrase in &file.decrease {
            builder.set(phrase, "increase/decrease", |e| &mut e.direction, -1.0)?;
        }
        for phrase in &file.better {
            builder.set(phrase, "better/worse", |e| &mut e.verdict, 1.0)?;
        }
        for phrase in &file.worse {
            builder.set(phrase, "better/worse", |e| &mut e.verdict, -1.0)?;
        }
        for (phrase, &factor) in &file.intensifiers {
            let factor = check_range("intensifiers", phrase, factor, f64::MIN_POSITIVE, 3.0)?;
            builder.set(phrase, "intensifiers", |e| &mut e.intensity, factor)?;
        }
        for (phrase, &weight) in &file.clause_breaks {
            let weight = check_range("clause_breaks", phrase, weight, 0.0, 2.0)?;
            builder.set(phrase, "clause_breaks", |e| &mut e.clause_break, weight)?;
        }
        for phrase in &file.negators {
            builder.flag(phrase, "negators", |e| &mut e.negator)?;
        }
        for phrase in &file.baselines {
            builder.flag(phrase, "baselines", |e| &mut e.baseline)?;
        }
        Ok(builder.finish())
    }

    /// Parses and compiles the text of a `sentiment.toml`.
    pub fn from_toml(text: &str) -> Result<SentimentLexicon, PackError> {
        let file: SentimentFile = toml::from_str(text).map_err(|e| PackError::Syntax {
            file: "sentiment.toml".into(),
            message: e.to_string(),
        })?;
        SentimentLexicon::compile(&file)
    }

    /// What the lexicon says about `key`: a lowercase word, or lowercase words
    /// joined by single spaces.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Number of spellings, prefixes included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Collects entries, refusing a phrase given twice for the same part.
#[derive(Default)]
struct Builder {
    entries: HashMap<String, Entry>,
}

impl Builder {
    fn set(
        &mut self,
        phrase: &str,
        section: &str,
        slot: impl Fn(&mut Entry) -> &mut Option<f64>,
        value: f64,
    ) -> Result<(), String> {
        let entry = self.entry(phrase, section)?;
        let slot = slot(entry);
        if slot.is_some() {
            return Err(format!("[{section}] {phrase:?} is given twice"));
        }
        *slot = Some(value);
        Ok(())
    }

    fn flag(
        &mut self,
        phrase: &str,
        section: &str,
        slot: impl Fn(&mut Entry) -> &mut bool,
    ) -> Result<(), String> {
        let slot = slot(self.entry(phrase, section)?);
        if *slot {
            return Err(format!("[{section}] {phrase:?} is given twice"));
        }
        *slot = true;
        Ok(())
    }

    fn entry(&mut self, phrase: &str, section: &str) -> Result<&mut Entry, String> {
        let key = normalize(phrase);
        let words = key.split(' ').count();
        if key.is_empty() || words > MAX_PHRASE_WORDS {
            return Err(format!(
                "[{section}] {phrase:?} must have 1 to {MAX_PHRASE_WORDS} words"
            ));
        }
        Ok(self.entries.entry(key).or_default())
    }

    /// Adds the proper prefixes of every phrase, so a scorer knows when to
    /// read one more word.
    fn finish(mut self) -> SentimentLexicon {
        let phrases: Vec<String> = self
            .entries
            .keys()
            .filter(|k| k.contains(' '))
            .cloned()
            .collect();
        for phrase in phrases {
            for (cut, _) in phrase.match_indices(' ') {
                self.entries
                    .entry(phrase[..cut].to_string())
                    .or_default()
                    .extends = true;
            }
        }
        SentimentLexicon {
            entries: self.entries,
        }
    }
}

/// Lowercase words joined by single spaces: the form a scorer builds from tokens.
fn normalize(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_range(section: &str, phrase: &str, value: f64, min: f64, max: f64) -> Result<f64, String> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "[{section}] {phrase:?}: {value} is outside [{min}, {max}]"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SentimentFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn merges_parts_and_marks_prefixes() {
        let lexicon = SentimentLexicon::compile(&file(
            r#"
            increase = ["surged"]
            negators = ["failed to"]
            [terms]
            surged = 0.6
            "profit  Warning" = -0.8
            [metrics]
            "pre-tax profit" = 1.0
            "#,
        ))
        .unwrap();
        let surged = lexicon.get("surged").unwrap();
        assert_eq!((surged.polarity, surged.direction), (Some(0.6), Some(1.0)));
        assert_eq!(lexicon.get("profit warning").unwrap().polarity, Some(-0.8));
        let profit = lexicon.get("profit").unwrap();
        assert!(profit.extends && !profit.has_role());
        assert!(lexicon.get("failed to").unwrap().negator);
        assert!(lexicon.get("failed").unwrap().extends);
        assert_eq!(lexicon.get("pre-tax profit").unwrap().metric, Some(1.0));
    }

    #[test]
    fn rejects_bad_entries() {
        let cases = [
            ("[terms]\nboom = 1.5", "outside"),
            ("[terms]\n\"a b c d e\" = 0.1", "1 to 4 words"),
            ("increase = [\"up\"]\ndecrease = [\"up\"]", "twice"),
            ("negators = [\"not\", \"Not\"]", "twice"),
            ("[intensifiers]\nvery = 0.0", "outside"),
        ];
        for (text, error) in cases {
            let message = SentimentLexicon::compile(&file(text))
                .unwrap_err()
                .to_string();
            assert!(message.contains(error), "{text}: {message}");
        }
    }
}
