//! The error of a wire name that no value has.

use std::fmt;

/// A name read back from a brief or the store that the type does not know:
/// a newer writer, a corrupted row or a hand-edited file. The caller
/// decides what it means (a claim that cannot be checked, a skipped row);
/// nothing is defaulted here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being read ("move direction", "move scope").
    pub what: &'static str,
    /// The text as found.
    pub text: String,
    /// The names that are known, for the message.
    pub known: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?} (known: {})",
            self.what,
            self.text,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}
