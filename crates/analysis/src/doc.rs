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
        Doc {
            pack,
            norm,
            tokens,
            sentences,
            token_sentence,
        }
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
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && self.tok(i).starts_with(c))
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
