//! Silver ticker evaluations: labels a data set carries that were not
//! written for monazite, turned into recall (is the tagged ticker among
//! the brief's?) and false tickers on off-topic text. Each selection rule
//! is stated where it is defined, so that a figure can be rebuilt.

use std::collections::BTreeMap;

/// One item to check: the text the engine reads and the ticker it should find.
#[derive(Debug, Clone, PartialEq)]
pub struct SilverItem {
    pub id: String,
    pub title: String,
    pub text: String,
    pub ticker: String,
}

/// The legal and generic words left out of a company's name before its
/// first word is taken.
const NAME_NOISE: &[&str] = &[
    "the",
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "group",
    "holdings",
    "holding",
    "llc",
    "nv",
    "sa",
    "ag",
    "se",
    "lp",
];

/// The first word of a company name once legal suffixes and "The" are set aside.
pub fn first_name_word(name: &str) -> Option<String> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '(' || c == ')'))
        .find(|w| !w.is_empty() && !NAME_NOISE.contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_string)
}

/// Whether `word` stands in `text` as a whole word, in any case.
pub fn has_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Recall of tagged tickers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recall {
    pub items: usize,
    pub found: usize,
    /// Missed tickers and how often.
    pub missed: BTreeMap<String, usize>,
    /// A few missed items for reading: (id, ticker, title).
    pub examples: Vec<(String, String, String)>,
}

impl Recall {
    pub fn add(&mut self, item: &SilverItem, predicted: &[String]) {
        self.items += 1;
        if predicted.contains(&item.ticker) {
            self.found += 1;
        } else {
            *self.missed.entry(item.ticker.clone()).or_default() += 1;
            if self.examples.len() < 40 {
                self.examples
                    .push((item.id.clone(), item.ticker.clone(), item.title.clone()));
            }
        }
    }

    pub fn recall(&self) -> f64 {
        if self.items == 0 {
            1.0
        } else {
            self.found as f64 / self.items as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_s_first_word_skips_legal_words() {
        assert_eq!(
            first_name_word("The Williams Companies, Inc.").as_deref(),
            Some("Williams")
        );
        assert_eq!(first_name_word("Corp. Acme").as_deref(), Some("Acme"));
        assert_eq!(first_name_word("Inc.").as_deref(), None);
    }

    #[test]
    fn words_match_whole_and_without_case() {
        assert!(has_word("Shares of APPLE rose", "Apple"));
        assert!(!has_word("Pineapple prices", "apple"));
    }

    #[test]
    fn recall_counts_tagged_tickers_found() {
        let item = |t: &str| SilverItem {
            id: "1".into(),
            title: "x".into(),
            text: "x".into(),
            ticker: t.into(),
        };
        let mut r = Recall::default();
        r.add(&item("MP"), &["MP".into(), "USAR".into()]);
        r.add(&item("ALB"), &["MP".into()]);
        assert_eq!((r.items, r.found), (2, 1));
        assert_eq!(r.missed.get("ALB"), Some(&1));
        assert!((r.recall() - 0.5).abs() < 1e-9);
    }
}
