//! The Financial PhraseBank benchmark (Malo et al., 2013): parsing its
//! `sentence@label` files and scoring a sentence classifier against them.
//!
//! Pure: reading the file is the caller's business. The files are Latin-1, so
//! decode the bytes with [`decode_latin1`] first.

use std::fmt;

use monazite_analysis::sentiment::Polarity;

/// The classes in the order of the report's rows and columns.
pub const CLASSES: [Polarity; 3] = [Polarity::Negative, Polarity::Neutral, Polarity::Positive];

/// One labelled sentence of the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSentence {
    /// 1-based line number in the file.
    pub line: usize,
    pub text: String,
    pub label: Polarity,
}

/// Decodes Latin-1 bytes: every byte is the code point of the same value.
pub fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Parses the `sentence@label` lines of a PhraseBank file. Splits on the
/// last `@`, since a sentence may hold one. Returns the sentences and, for
/// every other non-empty line, why it was skipped (the release has a stray
/// line "1" with no label).
pub fn parse(contents: &str) -> (Vec<LabelledSentence>, Vec<String>) {
    let mut sentences = Vec::new();
    let mut skipped = Vec::new();
    for (index, line) in contents.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim_start_matches('\u{feff}').trim_end();
        if line.is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok((text, label)) => sentences.push(LabelledSentence {
                line: line_number,
                text: text.to_string(),
                label,
            }),
            Err(reason) => skipped.push(format!("line {line_number}: {reason}: {line:?}")),
        }
    }
    (sentences, skipped)
}

fn parse_line(line: &str) -> Result<(&str, Polarity), &'static str> {
    let (text, label) = line.rsplit_once('@').ok_or("no @label")?;
    let label = match label.trim() {
        "positive" => Polarity::Positive,
        "neutral" => Polarity::Neutral,
        "negative" => Polarity::Negative,
        _ => return Err("unknown label"),
    };
    let text = text.trim();
    if text.is_empty() {
        return Err("empty sentence");
    }
    Ok((text, label))
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold sentences of the class.
    pub support: usize,
}

/// How a classifier did on the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct PhrasebankReport {
    pub n: usize,
    pub accuracy: f64,
    /// Mean F1 over the three classes: the fair summary when neutral dominates.
    pub macro_f1: f64,
    /// In the order of [`CLASSES`].
    pub per_class: [ClassScores; 3],
    /// `confusion[gold][predicted]`, both in the order of [`CLASSES`].
    pub confusion: [[usize; 3]; 3],
}

/// Runs `classify` on every sentence and scores it against the labels.
pub fn evaluate(
    sentences: &[LabelledSentence],
    mut classify: impl FnMut(&str) -> Polarity,
) -> PhrasebankReport {
    let mut confusion = [[0usize; 3]; 3];
    for sentence in sentences {
        confusion[class_index(sentence.label)][class_index(classify(&sentence.text))] += 1;
    }
    report(confusion)
}

fn class_index(polarity: Polarity) -> usize {
    match polarity {
        Polarity::Negative => 0,
        Polarity::Neutral => 1,
        Polarity::Positive => 2,
    }
}

fn report(confusion: [[usize; 3]; 3]) -> PhrasebankReport {
    let n: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    let per_class: [ClassScores; 3] = std::array::from_fn(|c| class_scores(&confusion, c));
    PhrasebankReport {
        n,
        accuracy: ratio(correct, n),
        macro_f1: per_class.iter().map(|s| s.f1).sum::<f64>() / 3.0,
        per_class,
        confusion,
    }
}

fn class_scores(confusion: &[[usize; 3]; 3], class: usize) -> ClassScores {
    let hits = confusion[class][class];
    let predicted: usize = confusion.iter().map(|row| row[class]).sum();
    let support: usize = confusion[class].iter().sum();
    let (precision, recall) = (ratio(hits, predicted), ratio(hits, support));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    ClassScores {
        precision,
        recall,
        f1,
        support,
    }
}

/// `part / whole`, 0 for an empty whole.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for PhrasebankReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "n = {}, accuracy = {:.3}, macro-F1 = {:.3}",
            self.n, self.accuracy, self.macro_f1
        )?;
        writeln!(
            f,
            "{:<10} {:>9} {:>7} {:>7} {:>8}   predicted: neg  neu  pos",
            "class", "precision", "recall", "F1", "support"
        )?;
        for (c, class) in CLASSES.iter().enumerate() {
            let s = &self.per_class[c];
            let [neg, neu, pos] = self.confusion[c];
            writeln!(
                f,
                "{:<10} {:>9.3} {:>7.3} {:>7.3} {:>8}              {neg:>4} {neu:>4} {pos:>4}",
                class.as_str(),
                s.precision,
                s.recall,
                s.f1,
                s.support
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::{Negative, Neutral, Positive};

    #[test]
    fn parses_on_the_last_at_and_skips_unlabelled_lines() {
        let contents = "Sales rose .@positive\n1\nMail me@example.com today@neutral\n\nIt fell@negative\nOdd@maybe\n";
        let (sentences, skipped) = parse(contents);
        let parsed: Vec<_> = sentences
            .iter()
            .map(|s| (s.line, s.text.as_str(), s.label))
            .collect();
        assert_eq!(
            parsed,
            [
                (1, "Sales rose .", Positive),
                (3, "Mail me@example.com today", Neutral),
                (5, "It fell", Negative)
            ]
        );
        assert_eq!(skipped.len(), 2);
        assert!(
            skipped[0].starts_with("line 2: no @label"),
            "{}",
            skipped[0]
        );
        assert!(
            skipped[1].starts_with("line 6: unknown label"),
            "{}",
            skipped[1]
        );
    }

    #[test]
    fn decodes_latin1() {
        assert_eq!(decode_latin1(b"Sk\xe5ne \xa3"), "Skåne £");
    }

    #[test]
    fn scores_a_classifier() {
        let sentence = |text: &str, label| LabelledSentence {
            line: 0,
            text: text.into(),
            label,
        };
        let sentences = [
            sentence("good", Positive),
            sentence("good", Positive),
            sentence("bad", Negative),
            sentence("plain", Neutral),
            sentence("good-ish", Neutral),
        ];
        let report = evaluate(&sentences, |text| match text {
            "good" | "good-ish" => Positive,
            "bad" => Negative,
            _ => Neutral,
        });
        assert_eq!(report.n, 5);
        assert_eq!(report.confusion, [[1, 0, 0], [0, 1, 1], [0, 0, 2]]);
        assert!((report.accuracy - 0.8).abs() < 1e-9);
        let positive = report.per_class[2];
        assert!(
            (positive.precision - 2.0 / 3.0).abs() < 1e-9 && (positive.recall - 1.0).abs() < 1e-9
        );
        assert!((report.per_class[1].f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((report.macro_f1 - (1.0 + 2.0 / 3.0 + 0.8) / 3.0).abs() < 1e-9);
        assert!(report.to_string().contains("accuracy = 0.800"));
    }

    #[test]
    fn empty_input_scores_zero() {
        let report = evaluate(&[], |_| Neutral);
        assert_eq!((report.n, report.accuracy, report.macro_f1), (0, 0.0, 0.0));
    }
}
