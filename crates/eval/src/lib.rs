//! Evaluation against gold labels.

pub mod phrasebank;
