//! Evaluation: monazite's briefs against hand labels, and sentence
//! sentiment against the Financial PhraseBank.
//!
//! [`gold::parse`] reads labels, [`score::score`] compares them with
//! [`monazite_report::json::BriefRecord`]s. Both are pure; the `monazite
//! eval` command reads the files and runs the analysis.

pub mod extraction;
pub mod gold;
pub mod phrasebank;
pub mod score;
pub mod silver;
