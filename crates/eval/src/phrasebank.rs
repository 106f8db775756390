//! Financial PhraseBank benchmark (being written).
