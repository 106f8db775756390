//! Typographic normalisation with an offset map back to the original text.
//!
//! News text arrives with curly quotes, several dashes, no-break spaces and
//! zero-width characters. The matchers and rules downstream want one spelling
//! of each, so we rewrite them, and keep for every byte of the normalised text
//! the byte offset it came from, so that every span we report points into the
//! text the user gave us.

/// Normalised text plus the map from its byte offsets to the original's.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// `origin[i]` is the original byte offset of normalised byte `i`;
    /// one extra entry maps the end of the text.
    origin: Vec<u32>,
}

impl Normalized {
    /// Normalises `original`. Inputs are capped upstream (see
    /// [`crate::MAX_TEXT_BYTES`]), so offsets fit in `u32`.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let bytes = original.as_bytes();
        let mut chars = original.char_indices().peekable();
        while let Some((at, ch)) = chars.next() {
            // Most text is printable ASCII, kept as is: copy the whole run.
            if is_plain(ch) {
                let run = bytes[at..]
                    .iter()
                    .take_while(|&&b| is_plain(char::from(b)))
                    .count();
                text.push_str(&original[at..at + run]);
                origin.extend(at as u32..(at + run) as u32);
                while chars.peek().is_some_and(|(next, _)| *next < at + run) {
                    chars.next();
                }
                continue;
            }
            // "\r\n" is one line break, not two.
            if ch == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                continue;
            }
            let Some(replacement) = replacement(ch) else {
                continue;
            };
            let before = text.len();
            match replacement {
                Replacement::Keep => text.push(ch),
                Replacement::Char(c) => text.push(c),
                Replacement::Str(s) => text.push_str(s),
            }
            origin.extend(std::iter::repeat_n(at as u32, text.len() - before));
        }
        origin.push(original.len() as u32);
        Normalized { text, origin }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a normalised byte range to the original text's byte range.
    ///
    /// The end maps to the start of the original character after the span, so
    /// a span always covers whole original characters.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let start = self.origin[start.min(self.text.len())] as usize;
        let end_index = end.min(self.text.len());
        // A multi-byte replacement ("...") maps all its bytes to one origin:
        // move the end to the first byte with a later origin.
        let mut end_at = end_index;
        while end_at < self.text.len()
            && end_at > 0
            && self.origin[end_at] == self.origin[end_at - 1]
        {
            end_at += 1;
        }
        let end = self.origin[end_at] as usize;
        (start, end.max(start))
    }
}

/// Printable ASCII and line feeds: characters normalisation keeps.
fn is_plain(ch: char) -> bool {
    matches!(ch, ' '..='~' | '\n')
}

enum Replacement {
    Keep,
    Char(char),
    Str(&'static str),
}

/// What a character becomes; `None` drops it.
fn replacement(ch: char) -> Option<Replacement> {
    Some(match ch {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => {
            Replacement::Char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => {
            Replacement::Char('"')
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Replacement::Char('-'),
        '\u{2026}' => Replacement::Str("..."),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
            Replacement::Char(' ')
        }
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        '\r' => Replacement::Char('\n'),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Replacement::Char('\n'),
        c if c.is_control() && c != '\n' => Replacement::Char(' '),
        _ => Replacement::Keep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_replaced_characters_back() {
        let original = "Trump\u{2019}s threat \u{2014} 100%\u{2026} done";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "Trump's threat - 100%... done");
        let at = n.as_str().find("100%").unwrap();
        let (s, e) = n.original_span(at, at + 4);
        assert_eq!(&original[s..e], "100%");
        let dots = n.as_str().find("...").unwrap();
        let (s, e) = n.original_span(dots, dots + 3);
        assert_eq!(&original[s..e], "\u{2026}");
        let (s, e) = n.original_span(0, n.as_str().len());
        assert_eq!(&original[s..e], original);
    }

    #[test]
    fn drops_zero_width_and_is_idempotent() {
        let n = Normalized::new("MP\u{200B} Materials\u{00A0}rose");
        assert_eq!(n.as_str(), "MP Materials rose");
        let again = Normalized::new(n.as_str());
        assert_eq!(again.as_str(), n.as_str());
    }
}
