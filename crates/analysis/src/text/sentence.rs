//! Sentence boundaries over tokens.
//!
//! A sentence ends at `.`, `!` or `?` followed by a capital, digit or quote,
//! unless the word before the dot is an abbreviation ("Corp.", "Inc.", "Jan.");
//! initialisms such as "U.S." never end one because the tokenizer keeps their
//! dots inside the word, and decimals never do because "21.3" is one number.
//! Line breaks end sentences too (headlines, list items), except inside
//! hard-wrapped prose, which we detect per document.

use super::token::{Token, TokenKind};

/// A sentence: a range of token indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub first_token: u32,
    /// One past the last token.
    pub end_token: u32,
}

impl Sentence {
    pub fn tokens<'a>(&self, tokens: &'a [Token]) -> &'a [Token] {
        &tokens[self.first_token as usize..self.end_token as usize]
    }

    /// Byte range of the sentence in the normalised text.
    pub fn byte_range(&self, tokens: &[Token]) -> (usize, usize) {
        let first = &tokens[self.first_token as usize];
        let last = &tokens[self.end_token as usize - 1];
        (first.start as usize, last.end as usize)
    }
}

/// Words after which a dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "corp", "inc", "ltd", "co", "plc", "llc", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
    "vs", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "gov", "sen", "rep", "gen", "lt", "col", "capt", "approx", "est", "fig", "dept",
    "mt", "ft", "bros", "cie", "corp.", "pty", "hon",
];

/// Splits tokens into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let wrapped = is_hard_wrapped(text);
    let mut sentences = Vec::new();
    let mut first = 0usize;
    for i in 0..tokens.len() {
        let next = tokens.get(i + 1);
        let ends = match next {
            None => true,
            Some(_) if is_bullet(text, tokens, i + 1) => true,
            Some(next) if next.newline_before => line_break_ends_sentence(text, tokens, i, wrapped),
            Some(next) => terminal_punctuation_ends(text, tokens, i, next),
        };
        if ends {
            sentences.push(Sentence {
                first_token: first as u32,
                end_token: (i + 1) as u32,
            });
            first = i + 1;
        }
    }
    sentences
}

/// A list bullet inside a line: " - Targeted Export Restrictions: ..." after
/// a colon or a full stop starts a sentence of its own.
fn is_bullet(text: &str, tokens: &[Token], i: usize) -> bool {
    let (Some(bullet), Some(next), Some(prev)) = (
        tokens.get(i),
        tokens.get(i + 1),
        i.checked_sub(1).map(|p| &tokens[p]),
    ) else {
        return false;
    };
    matches!(bullet.text(text), "-" | "•" | "*")
        && bullet.space_before
        && next.space_before
        && next.is_capitalized(text)
        && matches!(prev.text(text), ":" | "." | "?" | "!")
}

fn terminal_punctuation_ends(text: &str, tokens: &[Token], i: usize, next: &Token) -> bool {
    let token = &tokens[i];
    if token.kind != TokenKind::Punct || !next.space_before {
        return false;
    }
    let mark = token.text(text);
    // A closing quote or bracket after the mark: the mark is the token before.
    let (mark, mark_index) = if matches!(mark, "\"" | "'" | ")") && i > 0 {
        (tokens[i - 1].text(text), i - 1)
    } else {
        (mark, i)
    };
    if !matches!(mark, "." | "!" | "?") {
        return false;
    }
    let next_text = next.text(text);
    let next_starts_sentence = next_text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || matches!(next_text, "\"" | "'" | "(" | "$");
    if !next_starts_sentence {
        return false;
    }
    if mark == "." && mark_index > 0 {
        let before = &tokens[mark_index - 1];
        if before.is_word() && before.end == tokens[mark_index].start {
            let word = before.text(text);
            let is_abbreviation = ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
                || (word.len() == 1 && word.chars().all(char::is_uppercase));
            if is_abbreviation {
                return false;
            }
        }
    }
    true
}

fn line_break_ends_sentence(text: &str, tokens: &[Token], i: usize, wrapped: bool) -> bool {
    if !wrapped {
        return true;
    }
    // In wrapped prose a single line break is a space; a blank line or a
    // line that ends with terminal punctuation still ends the sentence.
    let between = &text[tokens[i].end as usize..tokens[i + 1].start as usize];
    between.matches('\n').count() > 1 || matches!(tokens[i].text(text), "." | "!" | "?" | ":")
}

/// Hard-wrapped prose: most lines are of similar, moderate length and many
/// end mid-sentence.
fn is_hard_wrapped(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 6 {
        return false;
    }
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    if !(40..=120).contains(&longest) {
        return false;
    }
    let open_ended = lines
        .iter()
        .filter(|l| l.chars().count() * 10 >= longest * 6)
        .filter(|l| !l.ends_with(['.', '!', '?', ':', '"']))
        .count();
    open_ended * 2 >= lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::token::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .iter()
            .map(|s| {
                let (a, b) = s.byte_range(&tokens);
                text[a..b].to_string()
            })
            .collect()
    }

    #[test]
    fn survives_abbreviations_and_decimals() {
        let text = "Critical Metals Corp. rose 21.3% in the U.S. market. Energy Fuels Inc. fell! Why? Because.";
        assert_eq!(
            sentences(text),
            [
                "Critical Metals Corp. rose 21.3% in the U.S. market.",
                "Energy Fuels Inc. fell!",
                "Why?",
                "Because."
            ]
        );
    }

    #[test]
    fn bullets_after_a_colon_start_sentences() {
        assert_eq!(
            sentences(
                "Responses could include: - Export Restrictions: imposing them. - Stockpiles"
            ),
            [
                "Responses could include:",
                "- Export Restrictions: imposing them.",
                "- Stockpiles"
            ]
        );
        assert_eq!(
            sentences("A rare - but real - risk."),
            ["A rare - but real - risk."]
        );
    }

    #[test]
    fn headlines_end_at_line_breaks() {
        assert_eq!(
            sentences("Rare Earth Stocks Climb\nChina added five."),
            ["Rare Earth Stocks Climb", "China added five."]
        );
    }

    #[test]
    fn wrapped_prose_joins_lines() {
        let text = "Shares of USA Rare Earth and Critical Metals rose sharply on Monday after\n\
                    Washington threatened new tariffs on imports from China, while the\n\
                    Pentagon said it would speed up purchases for its stockpile of metals\n\
                    used in magnets and missiles, according to two people familiar with\n\
                    the plans who asked not to be named because talks are continuing now\n\
                    and no decision has been made yet by anyone involved in the matter.\n";
        assert_eq!(sentences(text).len(), 1);
    }
}
