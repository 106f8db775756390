//! A single pass that cuts normalised text into words, numbers and punctuation.
//!
//! Every later stage (sentences, quantities, moves, events, sentiment) walks
//! these tokens instead of re-scanning characters, which keeps the whole
//! analysis close to one pass over the text.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter: `Rare`, `U.S.`, `Q3`, `NdPr`.
    Word,
    /// Digits with inner `,` or `.`: `1,000`, `95.57`, `2025`.
    Number,
    /// Any other single visible character: `.`, `%`, `$`, `(`, `-`.
    Punct,
}

/// One token: a byte range of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    /// Whitespace stands between the previous token and this one.
    pub space_before: bool,
    /// A line break stands between the previous token and this one.
    pub newline_before: bool,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_punct(&self, text: &str, c: char) -> bool {
        self.kind == TokenKind::Punct && text[self.range()].starts_with(c)
    }

    /// Starts with an upper-case letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        text[self.range()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// Cuts `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // English news runs at about one token per four or five bytes.
    let mut tokens = Vec::with_capacity(text.len() / 3 + 1);
    let mut at = 0;
    let mut space_before = false;
    let mut newline_before = false;
    while at < bytes.len() {
        // ASCII, nearly all of news, needs no decoding.
        let ch = if bytes[at].is_ascii() {
            char::from(bytes[at])
        } else {
            text[at..].chars().next().unwrap_or(' ')
        };
        if ch.is_whitespace() {
            space_before = true;
            newline_before |= ch == '\n';
            at += ch.len_utf8();
            continue;
        }
        let (end, kind) = if ch.is_alphabetic() {
            (word_end(text, at), TokenKind::Word)
        } else if ch.is_ascii_digit() {
            (number_end(bytes, at), TokenKind::Number)
        } else {
            (at + ch.len_utf8(), TokenKind::Punct)
        };
        tokens.push(Token {
            start: at as u32,
            end: end as u32,
            kind,
            space_before,
            newline_before,
        });
        space_before = false;
        newline_before = false;
        at = end;
    }
    tokens
}

/// A word runs over letters and digits; "U.S." and "e.g." keep their dots
/// (single letters joined by dots), so that they are one token and never end
/// a sentence.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        if bytes[end].is_ascii_alphanumeric() {
            end += 1;
            continue;
        }
        match text[end..].chars().next() {
            Some(c) if !c.is_ascii() && c.is_alphanumeric() => end += c.len_utf8(),
            _ => break,
        }
    }
    // Dotted initialisms: X.Y. or X.Y.Z.
    if end - start == 1 {
        let mut probe = end;
        let mut letters = 1;
        while probe + 1 < bytes.len()
            && bytes[probe] == b'.'
            && bytes[probe + 1].is_ascii_alphabetic()
        {
            let after = probe + 2;
            if after < bytes.len() && bytes[after].is_ascii_alphanumeric() {
                break;
            }
            probe = after;
            letters += 1;
        }
        if letters > 1 {
            end = probe;
            if end < bytes.len() && bytes[end] == b'.' {
                end += 1;
            }
        }
    }
    end
}

/// A number runs over digits with single inner `,` or `.` between digits.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        let inner_separator =
            (b == b',' || b == b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || inner_separator) {
            break;
        }
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn cuts_initialisms_numbers_and_punctuation() {
        assert_eq!(
            words("U.S.-China truce: MP rose 21.3% to $95.57, 1,000 shares."),
            [
                "U.S.", "-", "China", "truce", ":", "MP", "rose", "21.3", "%", "to", "$", "95.57",
                ",", "1,000", "shares", "."
            ]
        );
        assert_eq!(words("China's 2.5bn"), ["China", "'", "s", "2.5", "bn"]);
        assert_eq!(words("ends in U.S."), ["ends", "in", "U.S."]);
    }

    #[test]
    fn records_line_breaks() {
        let text = "Title\nBody text";
        let tokens = tokenize(text);
        assert!(tokens[1].newline_before);
        assert!(!tokens[2].newline_before);
    }
}
