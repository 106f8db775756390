//! Compiled sentiment lexicon (being written).
