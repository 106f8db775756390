//! The analysed document: normalised text, tokens and sentences, shared by
//! every stage.

use monazite_pack::Pack;

use crate::text::{split_sentences, tokenize, Normalized, Sentence, Token, TokenKind};

/// One article, cut up once for all stages. Byte offsets here are offsets
/// into the normalised text; the brief maps them back at the end.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub pack: &'a Pack,
    pub norm: Normalized,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Sentence index of each token.
    pub token_sentence: Vec<u32>,
    /// The move word each token is, if any: every stage that reads moves
    /// asks about the same tokens many times.
    pub move_verbs: Vec<Option<crate::moves::MoveVerb>>,
    /// Whether each sentence is in title case (a headline), asked of many
    /// tokens of it.
    pub title_case: Vec<bool>,
}

impl<'a> Doc<'a> {
    pub fn new(pack: &'a Pack, original: &str) -> Doc<'a> {
        let norm = Normalized::new(original);
        let tokens = tokenize(norm.as_str());
        let sentences = split_sentences(norm.as_str(), &tokens);
        let mut token_sentence = vec![0; tokens.len()];
        for (i, s) in sentences.iter().enumerate() {
            for slot in &mut token_sentence[s.first_token as usize..s.end_token as usize] {
                *slot = i as u32;
            }
        }
        let mut doc = Doc {
            pack,
            norm,
            tokens,
            sentences,
            token_sentence,
            move_verbs: Vec::new(),
            title_case: Vec::new(),
        };
        doc.title_case = (0..doc.sentences.len() as u32)
            .map(|s| crate::mentions::title_case_of(&doc, s))
            .collect();
        doc.move_verbs = (0..doc.tokens.len())
            .map(|v| crate::moves::classify(&doc, v))
            .collect();
        doc
    }

    pub fn text(&self) -> &str {
        self.norm.as_str()
    }

    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| t.text(self.norm.as_str()))
    }

    /// Whether token `i` is the word `word`, in any case.
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(word)
    }

    /// Whether token `i` is one of `words`, in any case.
    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        let t = self.tok(i);
        words.iter().any(|w| t.eq_ignore_ascii_case(w))
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            // Punctuation tokens are one character: compare bytes when ASCII.
            t.kind == TokenKind::Punct
                && if c.is_ascii() {
                    self.text().as_bytes()[t.start as usize] == c as u8
                } else {
                    self.tok(i).starts_with(c)
                }
        })
    }

    /// Token `i` in ASCII lower case, when it is a short ASCII word: the
    /// form word lists are written in. `buffer` holds the result.
    pub fn lower<'b>(&self, i: usize, buffer: &'b mut [u8; 16]) -> Option<&'b str> {
        let word = self.tok(i).as_bytes();
        if word.is_empty() || word.len() > buffer.len() || !word.is_ascii() {
            return None;
        }
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).ok()
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(Token::is_word)
    }

    /// Index of the first token that starts at or after byte `at`.
    pub fn token_from(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| (t.start as usize) < at)
    }

    /// Index one past the last token that ends at or before byte `at`.
    pub fn token_until(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| (t.end as usize) <= at)
    }

    /// The sentence that contains byte `at`.
    pub fn sentence_at(&self, at: usize) -> u32 {
        let i = self.token_from(at).min(self.tokens.len().saturating_sub(1));
        self.token_sentence.get(i).copied().unwrap_or(0)
    }

    /// Token range of sentence `s`.
    pub fn sentence_tokens(&self, s: u32) -> std::ops::Range<usize> {
        let s = &self.sentences[s as usize];
        s.first_token as usize..s.end_token as usize
    }

    /// Byte range of sentence `s`.
    pub fn sentence_bytes(&self, s: u32) -> (usize, usize) {
        self.sentences[s as usize].byte_range(&self.tokens)
    }
}
