//! Sentence sentiment (being written).
