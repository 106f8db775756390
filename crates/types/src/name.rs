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

impl UnknownName {
    /// The value of `all` whose name in `names` (same order) is exactly
    /// `text`, else the error naming `text` as an unknown `what`.
    pub(crate) fn find<T: Copy>(
        what: &'static str,
        all: &[T],
        names: &'static [&'static str],
        text: &str,
    ) -> Result<T, UnknownName> {
        debug_assert_eq!(all.len(), names.len());
        names
            .iter()
            .position(|name| *name == text)
            .and_then(|i| all.get(i).copied())
            .ok_or_else(|| UnknownName {
                what,
                text: text.to_string(),
                known: names,
            })
    }
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
