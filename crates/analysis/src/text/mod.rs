//! Text handling: normalisation with an offset map, tokens and sentences.

pub mod normalize;
pub mod sentence;
pub mod token;

pub use normalize::Normalized;
pub use sentence::{split_sentences, Sentence};
pub use token::{tokenize, Token, TokenKind};
